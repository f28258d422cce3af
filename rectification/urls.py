from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    path("inspections/<int:pk>/", views.overview, name="overview"),
    path("inspections/<int:pk>/feedback/new/", views.feedback_create, name="feedback_create"),
    path("inspections/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("inspections/<int:pk>/plan/", views.plan_form, name="plan_form"),
    path("inspections/<int:pk>/close/", views.inspection_close, name="inspection_close"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/pdf/", views.feedback_pdf, name="feedback_pdf"),
    path("inspections/<int:pk>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("feedback/<int:pk>/edit/", views.feedback_edit, name="feedback_edit"),
    path("feedback/<int:pk>/action/", views.feedback_action, name="feedback_action"),
    path("feedback/<int:pk>/consent/", views.feedback_consent, name="feedback_consent"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/action/", views.plan_action, name="plan_action"),
    path("plans/<int:pk>/items/new/", views.item_form, name="item_create"),
    path("plans/<int:pk>/items/<int:item_pk>/edit/", views.item_form, name="item_edit"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/action/", views.item_action, name="item_action"),
    path("items/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("inspections/<int:pk>/report/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/receipts/<int:receipt_pk>/", views.receipt_confirm,
         name="receipt_confirm"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/export/", views.ledger_export_start, name="ledger_export"),
    path("inspections/<int:pk>/publications/new/", views.publication_create,
         name="publication_create"),
    path("publications/<int:pk>/", views.publication_detail, name="publication_detail"),
    path("publications/<int:pk>/withhold/", views.publication_withhold,
         name="publication_withhold"),
    path("publications/<int:pk>/action/", views.publication_action,
         name="publication_action"),
]
