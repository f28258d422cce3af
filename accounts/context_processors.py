from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import ADMIN_ROLES, Role

# (label, url name, roles that use it); None means every signed-in user.
OVERSIGHT = {Role.OFFICE, Role.LEADERSHIP, Role.PARTY_GROUP}
# Everyone who may take part in the business (team members hold no global role); not the 三员.
NOT_ADMINISTRATORS = "not_administrators"
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
    (_("Complaints"), "clues:complaint_list", NOT_ADMINISTRATORS),
    (_("Units"), "accounts:orgunit_list", {Role.OFFICE, Role.SYSADMIN, Role.SECURITY_OFFICER}),
    (_("People"), "accounts:user_list", {Role.OFFICE, Role.SYSADMIN, Role.SECURITY_OFFICER}),
    (_("Roles"), "accounts:role_list", {Role.OFFICE, Role.SYSADMIN, Role.SECURITY_OFFICER}),
    (_("My deadlines"), "deadlines:my_deadlines", NOT_ADMINISTRATORS),
    (_("Working-day calendar"), "deadlines:override_list", {Role.OFFICE}),
    (_("Security log"), "accounts:security_log", {Role.AUDITOR}),
    (_("My account"), "accounts:account", None),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        {"label": label, "url": reverse(name), "active": request.path == reverse(name)}
        for label, name, roles in NAVIGATION
        if roles is None or (not user.has_role(*ADMIN_ROLES) if roles == NOT_ADMINISTRATORS
                             else user.has_role(*roles))
    ]
    if user.team_memberships.filter(left_at__isnull=True).exists():
        items.insert(1, {"label": _("My teams"), "url": reverse("teams:my_teams"),
                         "active": request.path == reverse("teams:my_teams")})
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_items": items, "unread_notifications": unread}
