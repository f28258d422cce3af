from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.actions import page_drawing

from .access import serves_on_a_team
from .models import ADMIN_ROLES, Role

# (label, url name, roles that use it); None means every signed-in user.
OVERSIGHT = {Role.OFFICE, Role.LEADERSHIP, Role.PARTY_GROUP}
# Everyone who may take part in the business (team members hold no global role); not the 三员.
NOT_ADMINISTRATORS = "not_administrators"
# Team members hold no global role: a current membership shows their teams.
ON_A_TEAM = "on_a_team"
# Grouped so that no role sees more than six entries on one line (Home plus five menus); a
# group with a single entry for a role is drawn as a plain link.
NAVIGATION = [
    (_("Oversight"), [
        (_("Dashboard"), "oversight:dashboard", OVERSIGHT),
        (_("Coverage"), "oversight:coverage", OVERSIGHT),
        (_("Profiles"), "oversight:profile", OVERSIGHT),
        (_("Filing"), "oversight:filing", {Role.OFFICE}),
        (_("Office papers"), "inspections:paper_list", OVERSIGHT),
    ]),
    (_("Inspections"), [
        (_("Plans"), "inspections:plan_list", OVERSIGHT),
        (_("Rounds"), "inspections:round_list", OVERSIGHT),
        (_("Talent pool"), "teams:talent_list", {Role.OFFICE, Role.LEADERSHIP}),
        (_("Basis clauses"), "inspections:basis_list", OVERSIGHT),
        (_("Good practices"), "inspections:practice_list", OVERSIGHT),
        (_("Working-day calendar"), "deadlines:override_list", {Role.OFFICE}),
    ]),
    (_("Rectification and clues"), [
        (_("Rectification ledger"), "rectification:ledger", OVERSIGHT | {Role.UNIT_CONTACT}),
        (_("Clues"), "clues:clue_list", {Role.OFFICE, Role.LEADERSHIP, Role.ORGAN_HANDLER}),
        (_("Decisions"), "clues:proposal_list", OVERSIGHT),
        (_("Complaints"), "clues:complaint_list", NOT_ADMINISTRATORS),
    ]),
    (_("My work"), [
        (_("My teams"), "teams:my_teams", ON_A_TEAM),
        (_("My deadlines"), "deadlines:my_deadlines", NOT_ADMINISTRATORS),
        (_("My account"), "accounts:account", None),
    ]),
    (_("Settings"), [
        (_("Units"), "accounts:orgunit_list",
         {Role.OFFICE, Role.SYSADMIN, Role.SECURITY_OFFICER}),
        (_("People"), "accounts:user_list", {Role.OFFICE, Role.SYSADMIN, Role.SECURITY_OFFICER}),
        (_("Roles"), "accounts:role_list", {Role.OFFICE, Role.SYSADMIN, Role.SECURITY_OFFICER}),
        (_("Security log"), "accounts:security_log", {Role.AUDITOR}),
    ]),
]


def _uses(user, roles):
    if roles is None:
        return True
    if roles == NOT_ADMINISTRATORS:
        return not user.has_role(*ADMIN_ROLES)
    if roles == ON_A_TEAM:
        return serves_on_a_team(user)
    return user.has_role(*roles)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def entry(label, name):
        url = reverse(name)
        return {"label": label, "url": url, "active": request.path == url}

    items = [entry(_("Home"), "oversight:home")]
    with page_drawing(request):  # the page's own role rules share the menu's answers
        menus = [(group, [entry(label, name) for label, name, roles in entries
                          if _uses(user, roles)]) for group, entries in NAVIGATION]
    for group, children in menus:
        if len(children) == 1:
            items.append(children[0])
        elif children:
            items.append({"label": group, "children": children,
                          "active": any(child["active"] for child in children)})
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_items": items, "unread_notifications": unread}
