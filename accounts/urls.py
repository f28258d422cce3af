from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("org/units/", views.orgunit_list, name="orgunit_list"),
    path("org/units/new/", views.orgunit_form, name="orgunit_create"),
    path("org/units/import/", views.orgunit_import, name="orgunit_import"),
    path("org/units/import/template.xlsx", views.orgunit_import_template,
         name="orgunit_import_template"),
    path("org/units/<int:pk>/", views.orgunit_detail, name="orgunit_detail"),
    path("org/units/<int:pk>/edit/", views.orgunit_form, name="orgunit_edit"),
    path("org/people/", views.user_list, name="user_list"),
    path("org/people/new/", views.user_form, name="user_create"),
    path("org/people/<int:pk>/", views.user_detail, name="user_detail"),
    path("org/people/<int:pk>/edit/", views.user_form, name="user_edit"),
    path("org/roles/", views.role_list, name="role_list"),
    path("org/roles/<slug:kind>/new/", views.role_form, name="role_create"),
    path("org/roles/<slug:kind>/<int:pk>/edit/", views.role_form, name="role_edit"),
    path("org/roles/<slug:kind>/<int:pk>/remove/", views.role_remove, name="role_remove"),
]
