from django.urls import path

from . import views

app_name = "teams"
urlpatterns = [
    path("talent/", views.talent_list, name="talent_list"),
    path("talent/new/", views.talent_form, name="talent_create"),
    path("talent/import/", views.talent_import, name="talent_import"),
    path("talent/import/template.xlsx", views.talent_import_template,
         name="talent_import_template"),
    path("talent/<int:pk>/", views.talent_detail, name="talent_detail"),
    path("talent/<int:pk>/edit/", views.talent_form, name="talent_edit"),
    path("talent/<int:pk>/add/<slug:kind>/", views.talent_record_add, name="talent_record_add"),
    path("mine/", views.my_teams, name="my_teams"),
    path("memberships/<int:pk>/declare/", views.membership_declare, name="membership_declare"),
    path("memberships/<int:pk>/pledge/", views.membership_pledge, name="membership_pledge"),
    path("memberships/<int:pk>/remove/", views.team_member_remove, name="member_remove"),
    path("rounds/<int:round_pk>/new/", views.team_create, name="team_create"),
    path("<int:pk>/", views.team_detail, name="team_detail"),
    path("<int:pk>/members/add/", views.team_member_add, name="member_add"),
    path("<int:pk>/assign/", views.team_assign, name="team_assign"),
    path("<int:pk>/recusal/", views.recusal_decide, name="recusal_decide"),
    path("<int:pk>/disband/", views.team_disband, name="team_disband"),
    path("<int:pk>/training/", views.training_record, name="training_record"),
    path("<int:pk>/training/exempt/", views.training_exempt, name="training_exempt"),
    path("<int:pk>/lapses/new/", views.lapse_create, name="lapse_create"),
    path("lapses/<int:pk>/", views.lapse_detail, name="lapse_detail"),
    path("lapses/<int:pk>/decide/", views.lapse_decide, name="lapse_decide"),
    path("<int:pk>/<slug:action>/", views.team_decide, name="team_decide"),
]
