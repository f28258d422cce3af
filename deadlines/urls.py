from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.my_deadlines, name="my_deadlines"),
    path("<int:pk>/", views.deadline_detail, name="deadline_detail"),
    path("<int:pk>/waive/", views.deadline_waive, name="deadline_waive"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("calendar/", views.override_list, name="override_list"),
    path("calendar/new/", views.override_form, name="override_create"),
    path("calendar/<int:pk>/edit/", views.override_form, name="override_edit"),
    path("calendar/<int:pk>/delete/", views.override_delete, name="override_delete"),
]
