from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]
