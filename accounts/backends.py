from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    def user_can_authenticate(self, user):
        # Demo passwords are public in the README: they must never open a production system.
        if getattr(user, "is_demo", False) and not settings.DEBUG:
            return False
        if getattr(user, "api_only", False):
            return False
        return super().user_can_authenticate(user)
