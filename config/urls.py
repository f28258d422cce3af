from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.account_views import SignOut

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", SignOut.as_view(), name="logout"),
    # The login page offers the language switch too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("deadlines/", include("deadlines.urls")),
    path("teams/", include("teams.urls")),
    path("rectification/", include("rectification.urls")),
    path("clues/", include("clues.urls")),
    path("documents/", include("documents.urls")),
    path("", include("api.urls")),
    path("", include("oversight.urls")),
    path("", include("inspections.urls")),
    path("", include("accounts.urls")),
]
