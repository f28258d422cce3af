from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

# (label, url name, roles that use it); None means every signed-in user.
OVERSIGHT = {Role.OFFICE, Role.LEADERSHIP, Role.PARTY_GROUP}
NAVIGATION = [
    (_("Home"), "accounts:home", None),
    (_("Dashboard"), "inspections:dashboard", OVERSIGHT),
    (_("Coverage"), "inspections:coverage", OVERSIGHT),
    (_("Profiles"), "inspections:profile", OVERSIGHT),
    (_("Filing"), "inspections:filing", {Role.OFFICE}),
    (_("Plans"), "inspections:plan_list", OVERSIGHT),
    (_("Rounds"), "inspections:round_list", OVERSIGHT),
    (_("Talent pool"), "teams:talent_list", {Role.OFFICE, Role.LEADERSHIP}),
    (_("Rectification ledger"), "rectification:ledger",
     OVERSIGHT | {Role.UNIT_CONTACT}),
    (_("Clues"), "clues:clue_list", {Role.OFFICE, Role.LEADERSHIP, Role.ORGAN_HANDLER}),
    (_("Decisions"), "clues:proposal_list", OVERSIGHT),
    (_("Complaints"), "clues:complaint_list", None),
    (_("Units"), "accounts:orgunit_list", {Role.OFFICE}),
    (_("People"), "accounts:user_list", {Role.OFFICE}),
    (_("Roles"), "accounts:role_list", {Role.OFFICE}),
    (_("My deadlines"), "deadlines:my_deadlines", None),
    (_("Working-day calendar"), "deadlines:override_list", {Role.OFFICE}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        {"label": label, "url": reverse(name), "active": request.path == reverse(name)}
        for label, name, roles in NAVIGATION
        if roles is None or user.has_role(*roles)
    ]
    if user.team_memberships.filter(left_at__isnull=True).exists():
        items.insert(1, {"label": _("My teams"), "url": reverse("teams:my_teams"),
                         "active": request.path == reverse("teams:my_teams")})
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_items": items, "unread_notifications": unread}
