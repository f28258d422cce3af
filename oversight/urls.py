from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("profiles/", views.profile_page, name="profile"),
    path("filing/", views.filing_page, name="filing"),
]
