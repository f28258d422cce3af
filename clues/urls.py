from django.urls import path

from . import views

app_name = "clues"
urlpatterns = [
    path("", views.clue_list, name="clue_list"),
    path("inspections/<int:pk>/new/", views.clue_register, name="clue_register"),
    path("<int:pk>/", views.clue_detail, name="clue_detail"),
    path("<int:pk>/letter.pdf", views.transfer_letter_pdf, name="transfer_letter_pdf"),
    path("<int:pk>/letter.docx", views.transfer_letter_pdf, {"word": True},
         name="transfer_letter_docx"),
    path("<int:pk>/<slug:action>/", views.clue_action, name="clue_action"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("inspections/<int:pk>/obstruction/new/", views.obstruction_create,
         name="obstruction_create"),
    path("obstruction/<int:pk>/", views.obstruction_detail, name="obstruction_detail"),
    path("obstruction/<int:pk>/refer/", views.obstruction_refer, name="obstruction_refer"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/new/", views.complaint_file, name="complaint_file"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
]
