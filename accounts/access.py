"""Who may see and manage people, units and role records."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import OrgUnit, Role, User


def can_manage_organisation(user):
    return user.has_role(Role.OFFICE)


def ensure_can_manage_organisation(user):
    if not can_manage_organisation(user):
        raise PermissionDenied


def orgunits_visible_to(user):
    if can_manage_organisation(user):
        return OrgUnit.objects.select_related("parent")
    return OrgUnit.objects.none()


def get_orgunit_for_user(user, pk):
    try:
        return orgunits_visible_to(user).get(pk=pk)
    except OrgUnit.DoesNotExist:
        raise Http404 from None


def users_visible_to(user):
    people = User.objects.select_related("org_unit")
    if can_manage_organisation(user):
        return people
    return people.filter(pk=user.pk)


def get_user_for_user(user, pk):
    try:
        return users_visible_to(user).get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


def get_role_record_for_user(user, model, pk):
    ensure_can_manage_organisation(user)
    try:
        return model.objects.select_related("user").get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None
