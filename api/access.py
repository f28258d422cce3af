"""Who sees which tokens, and the role rules the token actions name."""

from django.shortcuts import get_object_or_404

from accounts.access import is_security_officer
from accounts.models import BUSINESS_ROLES, Role

from .models import ApiToken, Scope

# The writes each role's integrations do; a token asks for no scope its holder cannot use.
SCOPES_BY_ROLE = {
    Role.UNIT_CONTACT: [Scope.ITEM_PROGRESS],
    Role.ORGAN_HANDLER: [Scope.CLUE_RESULT],
    Role.OFFICE: [Scope.CALENDAR, Scope.FILING],
}


def scopes_for(user):
    """READ first, then the write scopes of the person's business roles."""
    scopes = [Scope.READ]
    for role, extra in SCOPES_BY_ROLE.items():
        if user.has_role(role):
            scopes += [scope for scope in extra if scope not in scopes]
    return scopes


def uses_own_tokens(user, obj=None):
    """A person with a business role; the three administrators do not integrate, and an
    interface account's tokens come from the security officer."""
    return not user.api_only and user.has_role(*BUSINESS_ROLES)


def owns_or_guards(user, token):
    return token.user_id == user.pk or is_security_officer(user)


def tokens_visible_to(user):
    tokens = ApiToken.objects.select_related("user", "created_by", "revoked_by")
    if is_security_officer(user):
        return tokens
    return tokens.filter(user=user)


def get_token_for_user(user, pk):
    return get_object_or_404(tokens_visible_to(user), pk=pk)
