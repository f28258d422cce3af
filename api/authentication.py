"""Who is calling: a bearer token. The browser's own session (DRF's SessionAuthentication)
comes through the pages' middleware, which asks for the second factor and a current password
before any request of a signed-in person reaches a view."""

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled

from audit.models import SecurityEvent
from audit.services import security_event_record

from .services import token_for

# Wrong tokens from one address: each is logged up to the limit, then further wrong tokens from
# it are refused outright for the rest of the window (one more line says so), so guessing is
# slow and the log shows the attempt without drowning in it. A right token always passes: the
# secrets are 256-bit, and an office behind one NAT must not lose its integrations to a typo.
BAD_TOKEN_LIMIT = 10
BAD_TOKEN_WINDOW_SECONDS = 600


def _bad_token_key(ip):
    return f"api-bad-token:{ip}"


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer xc_<prefix>_<secret>`; request.auth is the ApiToken."""

    def authenticate(self, request):
        kind, _space, raw = request.headers.get("Authorization", "").partition(" ")
        if kind.lower() != "bearer":
            return None
        # The client's address as the lockout of password sign-in resolves it (behind the
        # reverse proxy, from X-Forwarded-For).
        ip = get_client_ip_address(request)
        token = token_for(raw.strip(), ip=ip)
        if token is None:
            key = _bad_token_key(ip)
            if (cache.get(key) or 0) >= BAD_TOKEN_LIMIT:
                raise Throttled(wait=BAD_TOKEN_WINDOW_SECONDS, detail=str(_(
                    "Too many unknown tokens from this address; try again later.")))
            self._refused(request, raw.strip(), key)
            raise AuthenticationFailed(_("The token is unknown, expired or revoked."),
                                       code="bad_token")
        return token.user, token

    @staticmethod
    def _refused(request, raw, key):
        cache.add(key, 0, BAD_TOKEN_WINDOW_SECONDS)
        failures = cache.incr(key)
        # The public prefix only, never what might be a secret.
        parts = raw.split("_", 2)
        prefix = parts[1][:12] if len(parts) == 3 and parts[0] == "xc" else ""
        security_event_record(
            kind=SecurityEvent.Kind.API_TOKEN, request=request, target=prefix,
            detail={"change": "blocked" if failures >= BAD_TOKEN_LIMIT else "refused",
                    "token": prefix, "failures": failures})

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
