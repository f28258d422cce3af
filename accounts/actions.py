"""Who may change units, people and role grants."""

from django.utils.translation import gettext_lazy as _

from config.actions import Action, ActionTable

from . import access
from .models import OrgUnit, User

MANAGERS = _("the inspection office")

ORGUNIT_ACTIONS = ActionTable(OrgUnit, [
    Action("create", _("Add a unit"), who=access.can_manage_organisation, who_text=MANAGERS,
           done=_("Unit added.")),
    Action("edit", _("Edit the unit"), who=access.can_manage_organisation, who_text=MANAGERS,
           done=_("Unit saved.")),
], visible=access.orgunits_visible_to)

USER_ACTIONS = ActionTable(User, [
    Action("create", _("Add a person"), who=access.can_manage_organisation, who_text=MANAGERS,
           done=_("Person added.")),
    Action("edit", _("Edit the person"), who=access.can_manage_organisation,
           who_text=MANAGERS, done=_("Person saved.")),
    # Role grants decide who authorises teams and decides proposals: only the office director,
    # and never for themselves (a clerk made himself director, issue: privilege escalation).
    Action("grant_role", _("Grant or change a role"), who=access.is_office_director,
           who_text=_("the office director"), unless=access.is_self,
           unless_text=_("Nobody grants or changes their own roles: ask the office director "
                         "or the security officer."),
           done=_("Role saved; the person's access changes at once.")),
    Action("revoke_role", _("Remove a role"), who=access.is_office_director,
           who_text=_("the office director"), unless=access.is_self,
           unless_text=_("Nobody removes their own roles: ask the office director or the "
                         "security officer."),
           irreversible=_("The person loses this role and its access at once."),
           done=_("Role removed.")),
], visible=access.users_visible_to)
