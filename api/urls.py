from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import token_views, views

app_name = "api"

router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("rectification/plans", views.PlanViewSet, basename="plan")
router.register("rectification/items", views.ItemViewSet, basename="item")
router.register("deadlines", views.DeadlineViewSet, basename="deadline")
router.register("clues", views.ClueViewSet, basename="clue")
router.register("notices", views.NoticeViewSet, basename="notice")
router.register("announcements", views.AnnouncementViewSet, basename="announcement")
router.register("talent", views.TalentViewSet, basename="talent")
router.register("calendar/overrides", views.HolidayOverrideViewSet, basename="override")

# A token, not a session, signs these calls in: the API authenticates them itself and
# answers 401 in JSON, where the pages' middleware would redirect to the login form.
interface = [
    *router.urls,
    path("me/", views.Me.as_view(), name="me"),
    path("filing/package/", views.FilingPackage.as_view(), name="filing_package"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
for pattern in interface:
    login_not_required(pattern.callback)

urlpatterns = [
    path("api/v1/", include(interface)),
    # The docs page is a page: sign-in and the second factor as for any other.
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
         name="docs"),
    # Not under /account/: the account's duties (second factor, password age) come first.
    path("tokens/", token_views.token_list, name="token_list"),
    path("tokens/new/", token_views.token_create, name="token_create"),
    path("tokens/issue/", token_views.token_issue, name="token_issue"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
    re_path(r"^api/v1/(?P<path>.*)$", views.unknown),
]
