"""Refused requests go into the security log (等保: 安全审计 of access-control failures)."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404

from .models import SecurityEvent
from .services import security_event_record

# A user probing many objects must not flood the chained log: per user and window, the first
# events are kept whole, then one marks that the rest were counted only.
DENIALS_PER_WINDOW, WINDOW_SECONDS = 30, 600


class DenialLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # A path no route knows is a typo, not an access check.
        if not isinstance(exception, PermissionDenied | Http404) or isinstance(
                exception, Resolver404):
            return None
        denial_record(request=request, exception=exception)
        return None


def denial_record(*, request, exception):
    """Logs a 403 or 404 of a signed-in person; the data interface calls it too, since DRF
    answers its refusals before any middleware sees the exception."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    key = f"denials:{user.pk}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    if count > DENIALS_PER_WINDOW + 1:
        return
    detail = {"method": request.method, "status": 403 if isinstance(
        exception, PermissionDenied) else 404}
    if count > DENIALS_PER_WINDOW:
        detail["rate_limited"] = True
    elif isinstance(exception, PermissionDenied):
        detail["action"] = getattr(exception, "action", "")
        detail["reason"] = str(exception)[:200]
    security_event_record(kind=SecurityEvent.Kind.ACCESS_DENIED, user=user, request=request,
                          target=request.path[:200], detail=detail)
