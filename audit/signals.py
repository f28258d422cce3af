from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent
from .services import security_event_record


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEvent.Kind.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=SecurityEvent.Kind.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_FAILED, request=request,
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    security_event_record(kind=SecurityEvent.Kind.LOCKOUT, request=request,
                          username=str(username or "")[:150],
                          detail={"ip_address": ip_address})
