"""Who sees which deadlines and may change the calendar."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import Role

from .models import Deadline, HolidayOverride, Notification


def deadlines_visible_to(user):
    deadlines = Deadline.objects.select_related("unit", "owner")
    if user.has_role(Role.OFFICE, Role.LEADERSHIP):
        return deadlines
    scope = Q(owner=user)
    if user.has_role(Role.PARTY_GROUP):
        scope |= Q(unit__supervising_party_members__user=user)
    if user.has_role(Role.UNIT_CONTACT):
        scope |= Q(unit__contacts__user=user) & ~Q(kind=Deadline.Kind.CLUE_RESULT)
    if user.has_role(Role.ORGAN_HANDLER):
        scope |= Q(unit__handlers__user=user, kind=Deadline.Kind.CLUE_RESULT)
    return deadlines.filter(pk__in=Deadline.objects.filter(scope).values("pk"))


def get_deadline_for_user(user, pk):
    try:
        return deadlines_visible_to(user).get(pk=pk)
    except Deadline.DoesNotExist:
        raise Http404 from None


def can_waive(user, deadline=None):
    return user.has_role(Role.OFFICE)


def can_manage_calendar(user, override=None):
    return user.has_role(Role.OFFICE)


def ensure_can_manage_calendar(user):
    if not can_manage_calendar(user):
        raise PermissionDenied


def overrides_visible_to(user):
    if can_manage_calendar(user):
        return HolidayOverride.objects.all()
    return HolidayOverride.objects.none()


def get_override_for_user(user, pk):
    ensure_can_manage_calendar(user)
    try:
        return HolidayOverride.objects.get(pk=pk)
    except HolidayOverride.DoesNotExist:
        raise Http404 from None


def notifications_of(user):
    return Notification.objects.filter(recipient=user)
