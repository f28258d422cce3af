"""Changes to people, units and role records. Every role change re-syncs the person's groups."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import SecurityEvent
from audit.services import security_event_record
from config.statemachine import check_version, locked, save_versioned

from .actions import ORGUNIT_ACTIONS, USER_ACTIONS
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


def user_groups_sync(*, user):
    """Makes the user's role groups match their role records; returns (added, removed)."""
    wanted = {role for role, holds in ROLE_SOURCES.items() if holds(user)}
    held = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    for role in wanted - held:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    for role in held - wanted:
        user.groups.remove(Group.objects.get(name=role))
    user.__dict__.pop("role_names", None)
    user.__dict__.pop("office_membership", None)
    return sorted(wanted - held), sorted(held - wanted)


def orgunit_create(*, by, **fields):
    ORGUNIT_ACTIONS.ensure_can(by, "create")
    with transaction.atomic():
        return save_versioned(OrgUnit(**fields), by=by, reason="create")


def orgunit_update(*, unit, by, expected_version, **fields):
    ORGUNIT_ACTIONS.ensure_can(by, "edit", unit)
    with transaction.atomic():
        unit = locked(unit)
        check_version(unit, expected_version)
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
        return save_versioned(unit, by=by, reason="update", expected_version=expected_version)


def user_create(*, by, password=None, **fields):
    USER_ACTIONS.ensure_can(by, "create")
    with transaction.atomic():
        user = User(**fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return save_versioned(user, by=by, reason="create", exclude=["password"])


def user_update(*, user, by, expected_version, **fields):
    USER_ACTIONS.ensure_can(by, "edit", user)
    with transaction.atomic():
        user = locked(user)
        check_version(user, expected_version)
        for name, value in fields.items():
            setattr(user, name, value)
        return save_versioned(user, by=by, reason="update", expected_version=expected_version)


def _role_event(*, by, record, change, groups):
    """Every grant, change and removal of a role, office positions included (issue: an office
    clerk's self-promotion left no trace)."""
    added, removed = groups
    security_event_record(
        kind=SecurityEvent.Kind.ROLE_CHANGE, user=by, target=record.user.get_username(),
        detail={"change": change, "role": record._meta.model_name, "added": added,
                "removed": removed,
                "record": {field.name: str(field.value_from_object(record))
                           for field in record._meta.concrete_fields
                           if field.name not in {"id", "user", "version"}}})


def role_record_save(*, record, by, expected_version=None, m2m=None):
    """Creates or updates a role record (party group, leadership, office, unit, organ)."""
    USER_ACTIONS.ensure_can(by, "grant_role", record.user)
    with transaction.atomic():
        is_new = record.pk is None
        if not is_new:
            current = locked(record)
            check_version(current, expected_version)
            record.version = current.version
        save_versioned(record, by=by, reason="create" if is_new else "update")
        for field_name, values in (m2m or {}).items():
            getattr(record, field_name).set(values)
        _role_event(by=by, record=record, change="granted" if is_new else "changed",
                    groups=user_groups_sync(user=record.user))
    return record


def role_record_remove(*, record, by):
    USER_ACTIONS.ensure_can(by, "revoke_role", record.user)
    with transaction.atomic():
        user = record.user
        record._history_user = by
        record._change_reason = "remove"
        record.delete()
        _role_event(by=by, record=record, change="revoked", groups=user_groups_sync(user=user))
