"""Who may change units, people and role grants."""

from django.utils.translation import gettext_lazy as _

from config.actions import Action, ActionTable, Requirement

from . import access
from .models import OrgUnit, User

MANAGERS = _("the system administrator")
SECURITY = _("the security officer")

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
    # Nobody but the person knows a password: the administrator sends a link to their e-mail.
    Action("issue_activation", _("Send a new activation link"),
           who=access.can_manage_organisation, who_text=MANAGERS, unless=access.is_self,
           unless_text=_("Change your own password on your account page."),
           requires=(Requirement(lambda person: not person.api_only,
                                 _("An interface account never signs in: its tokens come from "
                                   "the security officer.")),),
           irreversible=_("Send a new activation link? The current password stops working at "
                          "once and the person sets a new one through the link."),
           done=_("Activation link sent to the person's e-mail; it is valid for three days.")),
    Action("disable", _("Disable the account"), who=access.can_manage_organisation,
           who_text=MANAGERS, unless=access.is_self,
           unless_text=_("Nobody disables their own account."),
           requires=(Requirement(lambda person: person.is_active,
                                 _("The account is already disabled.")),),
           irreversible=_("Disable the account? The person is signed out everywhere at once."),
           done=_("Account disabled; every session of the person has ended.")),
    Action("enable", _("Enable the account"), who=access.can_manage_organisation,
           who_text=MANAGERS, unless=access.is_self,
           unless_text=_("Nobody enables their own account."),
           requires=(Requirement(lambda person: not person.is_active,
                                 _("The account is active.")),),
           done=_("Account enabled.")),
    Action("reset_second_factor", _("Reset the second factor"),
           who=access.is_security_officer, who_text=SECURITY, unless=access.is_self,
           unless_text=_("Ask the security officer to reset your own second factor."),
           irreversible=_("Reset the second factor? The person's authenticator and backup "
                          "codes stop working; they enrol again at their next login."),
           done=_("Second factor reset; the person enrols again at their next login.")),
    # Role grants decide who authorises teams and decides proposals: the security officer's
    # alone (三员), never for themselves (a clerk made himself director, issue: escalation).
    Action("grant_role", _("Grant or change a role"), who=access.is_security_officer,
           who_text=SECURITY, unless=access.is_self,
           unless_text=_("Nobody grants or changes their own roles: ask the security officer."),
           done=_("Role saved; the person's access changes at once.")),
    Action("revoke_role", _("Remove a role"), who=access.is_security_officer,
           who_text=SECURITY, unless=access.is_self,
           unless_text=_("Nobody removes their own roles: ask the security officer."),
           irreversible=_("The person loses this role and its access at once."),
           done=_("Role removed.")),
], visible=access.users_visible_to)
