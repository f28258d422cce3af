"""Deploy checks for the account rules that a configuration or a database row could break."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.security, deploy=True)
def check_second_factor_required(app_configs, **kwargs):
    if not settings.SECOND_FACTOR_REQUIRED:
        return [checks.Error("SECOND_FACTOR_REQUIRED is off: the office, the leadership and "
                             "party groups and the 三员 would sign in with a password alone.",
                             id="xuncha.E003")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_no_superuser_and_separated_administrators(app_configs, **kwargs):
    """No account passes every permission check, and no 三员 also holds a business role."""
    from .models import ADMIN_ROLES, BUSINESS_ROLES, User

    try:
        superusers = list(User.objects.filter(is_superuser=True, is_active=True)
                          .values_list("username", flat=True)[:5])
        mixed = list(User.objects.filter(groups__name__in=[r.value for r in ADMIN_ROLES])
                     .filter(groups__name__in=[r.value for r in BUSINESS_ROLES])
                     .values_list("username", flat=True).distinct()[:5])
    except DatabaseError:
        return []  # not migrated yet: nothing to check
    errors = []
    if superusers:
        errors.append(checks.Error(
            f"Superuser accounts exist: {', '.join(superusers)}. Production has none; the 三员 "
            "administer the system through the application.", id="xuncha.E004"))
    if mixed:
        errors.append(checks.Error(
            f"Administrators (三员) who also hold a business role: {', '.join(mixed)}.",
            id="xuncha.E005"))
    return errors
