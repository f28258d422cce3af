"""Who is calling: a bearer token, or the browser's own signed-in session."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed

from accounts.services import requires_second_factor

from .services import token_for


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer xc_<prefix>_<secret>`; request.auth is the ApiToken."""

    def authenticate(self, request):
        kind, _space, raw = request.headers.get("Authorization", "").partition(" ")
        if kind.lower() != "bearer":
            return None
        token = token_for(raw.strip(), ip=request.META.get("REMOTE_ADDR"))
        if token is None:
            raise AuthenticationFailed(_("The token is unknown, expired or revoked."),
                                       code="bad_token")
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SignedInSession(SessionAuthentication):
    """The pages' own session (the docs page tries calls with it); a role that needs a second
    factor counts as signed in only once it is confirmed, as on the pages."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if requires_second_factor(user) and not user.is_verified():
            return None
        return result
