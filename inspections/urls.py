from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_form, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_form, name="plan_edit"),
    path("plans/<int:pk>/add/<slug:kind>/", views.plan_child_add, name="plan_child_add"),
    path("plans/<int:pk>/review/", views.plan_review, name="plan_review"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_form, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_form, name="round_edit"),
    path("rounds/<int:pk>/action/", views.round_action, name="round_action"),
    path("rounds/<int:pk>/province/", views.round_province, name="round_province"),
    path("rounds/<int:pk>/province/file/", views.round_province_file,
         name="round_province_file"),
    path("rounds/<int:round_pk>/units/new/", views.inspection_form, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.inspection_form, name="inspection_edit"),
    path("inspections/<int:pk>/notice/", views.notice_issue, name="notice_issue"),
    path("inspections/<int:pk>/announcement/", views.announcement_publish,
         name="announcement_publish"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement_detail"),
]
