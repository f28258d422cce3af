"""Who is calling: a bearer token. The browser's own session (DRF's SessionAuthentication)
comes through the pages' middleware, which asks for the second factor and a current password
before any request of a signed-in person reaches a view."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

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

