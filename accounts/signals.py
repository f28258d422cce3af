import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """The 12-hour limit counts from here; the epoch ties the session to the roles held now."""
    if request is not None and hasattr(request, "session"):
        request.session["started_at"] = request.session["seen_at"] = int(time.time())
        # From the database: the caller's copy of the user may predate a role change.
        request.session["epoch"] = type(user).objects.filter(pk=user.pk).values_list(
            "session_epoch", flat=True).first()
