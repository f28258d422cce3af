"""Who may create and revoke API tokens (STYLE §4)."""

from django.utils.translation import gettext_lazy as _

from accounts.access import is_security_officer
from config.actions import Action, ActionTable, Requirement

from . import access
from .models import ApiToken

TOKEN_ACTIONS = ActionTable(ApiToken, [
    Action("create", _("Create a token"), who=access.uses_own_tokens,
           who_text=_("a person with a business role, for their own account"),
           done=_("Token created. Copy it now: it is shown only this once.")),
    # An integrating system has an account of its own that cannot sign in; its tokens are the
    # security officer's to issue, which is the approval (三员).
    Action("issue_for_system", _("Issue a token for an interface account"),
           who=is_security_officer, who_text=_("the security officer"),
           done=_("Token issued. Hand it to the system's administrator now: it is shown only "
                  "this once.")),
    Action("revoke", _("Revoke"), who=access.owns_or_guards,
           who_text=_("the token's holder or the security officer"),
           requires=(Requirement(lambda token: token.revoked_at is None,
                                 _("The token is already revoked.")),
                     Requirement(lambda token: not token.outlived_account,
                                 _("The token already stopped working when the account's "
                                   "roles or access changed."))),
           irreversible=_("Revoke this token? Every system using it is refused from now on."),
           done=_("Token revoked; requests with it are refused from now on.")),
], visible=access.tokens_visible_to)
