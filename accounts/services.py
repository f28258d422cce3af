"""Changes to people, units and role records. Every role change re-syncs the person's groups."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import SecurityEvent
from audit.services import security_event_record
from config.statemachine import stale_error

from .models import (
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    OrgUnit,
    PartyGroupMember,
    Role,
    UnitContact,
    User,
)

ROLE_SOURCES = {
    Role.OFFICE: lambda user: OfficeMember.objects.filter(user=user).exists(),
    Role.LEADERSHIP: lambda user: LeadershipGroupMember.objects.filter(user=user).exists(),
    Role.PARTY_GROUP: lambda user: PartyGroupMember.objects.filter(user=user).exists(),
    Role.UNIT_CONTACT: lambda user: UnitContact.objects.filter(user=user).exists(),
    Role.ORGAN_HANDLER: lambda user: OrganHandler.objects.filter(user=user).exists(),
}


def _check_version(obj, expected_version):
    if expected_version is not None and obj.version != expected_version:
        raise stale_error()


def _save_versioned(obj, *, by, reason):
    if obj.pk:
        obj.version += 1
    obj._history_user = by
    obj._change_reason = reason
    obj.full_clean()
    obj.save()


def user_groups_sync(*, user, by=None):
    """Makes the user's role groups match their role records; returns the roles held."""
    wanted = {role for role, holds in ROLE_SOURCES.items() if holds(user)}
    held = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    for role in wanted - held:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    for role in held - wanted:
        user.groups.remove(Group.objects.get(name=role))
    if wanted != held:
        security_event_record(
            kind=SecurityEvent.Kind.ROLE_CHANGE, user=by, target=user.get_username(),
            detail={"added": sorted(wanted - held), "removed": sorted(held - wanted)},
        )
    user.__dict__.pop("role_names", None)
    return wanted


def orgunit_create(*, by, **fields):
    unit = OrgUnit(**fields)
    with transaction.atomic():
        _save_versioned(unit, by=by, reason="create")
    return unit


def orgunit_update(*, unit, by, expected_version, **fields):
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        _check_version(unit, expected_version)
        for name, value in fields.items():
            setattr(unit, name, value)
        if unit.parent_id and unit.parent_id == unit.pk:
            raise ValidationError({"parent": _("A unit cannot be its own parent.")})
        ancestor = unit.parent
        while ancestor is not None:
            if ancestor.pk == unit.pk:
                message = _("A unit cannot be placed under its own sub-unit.")
                raise ValidationError({"parent": message})
            ancestor = ancestor.parent
        _save_versioned(unit, by=by, reason="update")
    return unit


def user_create(*, by, password=None, **fields):
    with transaction.atomic():
        user = User(**fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user._history_user = by
        user._change_reason = "create"
        user.full_clean(exclude=["password"])
        user.save()
    return user


def user_update(*, user, by, expected_version, **fields):
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _check_version(user, expected_version)
        for name, value in fields.items():
            setattr(user, name, value)
        _save_versioned(user, by=by, reason="update")
    return user


def role_record_save(*, record, by, expected_version=None, m2m=None):
    """Creates or updates a role record (party group, leadership, office, unit, organ)."""
    with transaction.atomic():
        if record.pk:
            current = type(record).objects.select_for_update().get(pk=record.pk)
            _check_version(current, expected_version)
            record.version = current.version
        _save_versioned(record, by=by, reason="update" if record.pk else "create")
        for field_name, values in (m2m or {}).items():
            getattr(record, field_name).set(values)
        user_groups_sync(user=record.user, by=by)
    return record


def role_record_remove(*, record, by):
    with transaction.atomic():
        user = record.user
        record._history_user = by
        record._change_reason = "remove"
        record.delete()
        user_groups_sync(user=user, by=by)
