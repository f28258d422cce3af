"""Changes to people, units and role records. Every role change re-syncs the person's groups."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from audit.models import SecurityEvent
from audit.services import security_event_record
from config.statemachine import check_version, locked, save_versioned, save_with_links

from .actions import ORGUNIT_ACTIONS, USER_ACTIONS
from .models import (
    ADMIN_ROLES,
    BUSINESS_ROLES,
    Administrator,
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    OrgUnit,
    PartyGroupMember,
    PasswordHistory,
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
    **{role: (lambda user, kind=role: Administrator.objects.filter(user=user, kind=kind).exists())
       for role in ADMIN_ROLES},
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


def user_create(*, by, password=None, password_hash=None, **fields):
    """A new person has no usable password until they set one through their activation link
    (nobody else ever knows it). `password`, or its `password_hash` computed once for many
    accounts, is for demo accounts only."""
    USER_ACTIONS.ensure_can(by, "create")
    if (password or password_hash) and by is not None:
        raise ValueError("Only the installer sets a password (demo accounts); people set "
                         "their own through the activation link.")
    with transaction.atomic():
        user = User(**fields)
        if password or password_hash:
            if password_hash:
                user.password = password_hash
            else:
                user.set_password(password)
            user.password_changed_at = timezone.now()
        else:
            user.set_unusable_password()
        user = save_versioned(user, by=by, reason="create", exclude=["password"])
        if user.email and not (password or password_hash or user.api_only):
            _send_activation(user)
    return user


def user_update(*, user, by, expected_version, **fields):
    USER_ACTIONS.ensure_can(by, "edit", user)
    with transaction.atomic():
        user = locked(user)
        check_version(user, expected_version)
        for name, value in fields.items():
            setattr(user, name, value)
        return save_versioned(user, by=by, reason="update", expected_version=expected_version)


# Accounts people own -------------------------------------------------------------------------

class ActivationTokens(PasswordResetTokenGenerator):
    # Its own salt: an activation link is not a password-reset link. The token covers the
    # password hash, so it stops working once used (or once a newer link was issued).
    key_salt = "accounts.services.ActivationTokens"


activation_tokens = ActivationTokens()


def activation_path(user):
    return reverse("accounts:activate", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                              activation_tokens.make_token(user)])


def _send_activation(user):
    link = settings.SITE_URL + activation_path(user)
    transaction.on_commit(lambda: send_mail(
        subject=_("巡察通: set your password"),
        message=_("Dear %(name)s,\n\nopen this link within three days to set your own "
                  "password for 巡察通 (nobody else will know it):\n%(link)s\n\nIf you did "
                  "not expect this, tell the system administrator.")
        % {"name": user.full_name, "link": link},
        from_email=None, recipient_list=[user.email]), robust=True)
    security_event_record(kind=SecurityEvent.Kind.ACCOUNT_CHANGE, target=user.get_username(),
                          detail={"change": "activation_sent"})


def user_issue_activation(*, user, by):
    """A new link to the person's own e-mail; the old password and links stop working."""
    USER_ACTIONS.ensure_can(by, "issue_activation", user)
    if not user.email:
        raise ValidationError(_("Record the person's e-mail address first: the link goes only "
                                "to them."), code="no_email")
    with transaction.atomic():
        user = locked(user)
        user.set_unusable_password()
        user.session_epoch += 1
        save_versioned(user, by=by, reason="activation issued", clean=False)
        _send_activation(user)
    return user


def password_set(*, user, raw_password, request=None):
    """The person's own new password: the policy, then the history of the last five."""
    validate_password(raw_password, user)
    with transaction.atomic():
        # Not locked(user): request.user is a lazy wrapper, not the model class.
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(raw_password)
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "password_changed_at"])
        PasswordHistory.objects.create(user=user, password=user.password,
                                       created_at=user.password_changed_at)
        stale = user.password_history.values_list("pk", flat=True)[10:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
        security_event_record(kind=SecurityEvent.Kind.ACCOUNT_CHANGE, user=user,
                              request=request, detail={"change": "password_set"})
    return user


def password_days_left(user):
    """Days until the password must be changed; None when it never must (rotation off with
    PASSWORD_MAX_AGE_DAYS=0, demo accounts, no password set yet)."""
    if (user.password_changed_at is None or settings.PASSWORD_MAX_AGE_DAYS <= 0
            or (user.is_demo and settings.DEBUG)):
        return None
    return settings.PASSWORD_MAX_AGE_DAYS - (timezone.now() - user.password_changed_at).days


def password_expired(user):
    days_left = password_days_left(user)
    return days_left is not None and days_left <= 0


def _end_sessions(user):
    user.session_epoch += 1


def user_disable(*, user, by, reason):
    USER_ACTIONS.ensure_can(by, "disable", user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the account is disabled.")})
    with transaction.atomic():
        user = locked(user)
        user.is_active = False
        _end_sessions(user)
        save_versioned(user, by=by, reason=f"disabled: {reason.strip()}", clean=False)
        security_event_record(kind=SecurityEvent.Kind.ACCOUNT_CHANGE, user=by,
                              target=user.get_username(),
                              detail={"change": "disabled", "reason": reason.strip()})
    return user


def user_enable(*, user, by):
    USER_ACTIONS.ensure_can(by, "enable", user)
    with transaction.atomic():
        user = locked(user)
        user.is_active = True
        save_versioned(user, by=by, reason="enabled", clean=False)
        security_event_record(kind=SecurityEvent.Kind.ACCOUNT_CHANGE, user=by,
                              target=user.get_username(), detail={"change": "enabled"})
    return user


SECOND_FACTOR_ROLES = (Role.OFFICE, Role.LEADERSHIP, Role.PARTY_GROUP, *ADMIN_ROLES)


def requires_second_factor(user):
    """The office, the leadership and party groups and the 三员; demo accounts skip it while
    DEBUG is on so that a newcomer can try every role with the one demo password."""
    if not settings.SECOND_FACTOR_REQUIRED or (user.is_demo and settings.DEBUG):
        return False
    return user.has_role(*SECOND_FACTOR_ROLES)


def second_factor_reset(*, user, by):
    """The security officer removes a lost authenticator: the person enrols again."""
    from django_otp import devices_for_user

    USER_ACTIONS.ensure_can(by, "reset_second_factor", user)
    with transaction.atomic():
        user = locked(user)
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        _end_sessions(user)
        save_versioned(user, by=by, reason="second factor reset", clean=False)
        security_event_record(kind=SecurityEvent.Kind.ACCOUNT_CHANGE, user=by,
                              target=user.get_username(), detail={"change": "second_factor_reset"})
    return user


BACKUP_CODES = 10


def has_second_factor(user):
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def second_factor_pending(*, user):
    """The authenticator being enrolled: kept until confirmed, so a reload shows the same code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"),
                                               confirmed=False)


def second_factor_secret(device):
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _new_backup_codes(user):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _created = StaticDevice.objects.get_or_create(user=user, name="backup")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    device.token_set.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def second_factor_confirm(*, user, device, token, request=None):
    """The first code proves the app was set up; the backup codes are shown once."""
    with transaction.atomic():
        if not device.verify_token(token):
            security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR, user=user,
                                  request=request, detail={"change": "enrol_failed"})
            raise ValidationError(_("The code does not match: check the time on your phone and "
                                    "type the current code."), code="bad_token")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR, user=user, request=request,
                              detail={"change": "enrolled"})
    return codes


def second_factor_check(*, user, token, request=None):
    """The device that accepts the code (the app, or a backup code, used once), or None."""
    from django_otp import devices_for_user, verify_token

    token = token.strip().replace(" ", "")
    for device in devices_for_user(user, confirmed=True):
        if verify_token(user, device.persistent_id, token) is not None:
            security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR, user=user,
                                  request=request, detail={"change": "verified",
                                                           "device": device.name})
            return device
    security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR, user=user, request=request,
                          detail={"change": "failed"})
    return None


def backup_codes_left(user):
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def backup_codes_renew(*, user, request=None):
    with transaction.atomic():
        codes = _new_backup_codes(user)
        security_event_record(kind=SecurityEvent.Kind.SECOND_FACTOR, user=user, request=request,
                              detail={"change": "backup_codes_renewed"})
    return codes


def _exclusive(record):
    """三员分立: the three administrators hold no business role, and no business role holder
    becomes an administrator (one Administrator row per person: the three are exclusive too)."""
    user = record.user
    if isinstance(record, Administrator):
        if any(ROLE_SOURCES[role](user) for role in BUSINESS_ROLES):
            raise ValidationError(_("%(person)s holds a business role: an administrator (三员) "
                                    "holds none.") % {"person": user}, code="not_exclusive")
    elif Administrator.objects.filter(user=user).exists():
        raise ValidationError(_("%(person)s is an administrator (三员) and can hold no "
                                "business role.") % {"person": user}, code="not_exclusive")


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
    _exclusive(record)
    with transaction.atomic():
        is_new = record.pk is None
        if not is_new:
            current = locked(record)
            check_version(current, expected_version)
            record.version = current.version
        save_with_links(record, by=by, reason="create" if is_new else "update", links=m2m or {})
        _role_event(by=by, record=record, change="granted" if is_new else "changed",
                    groups=user_groups_sync(user=record.user))
        # A role changes what the person may do: every session they hold ends. The epoch is
        # outside the history (a counter, not a record), so a direct UPDATE is safe here.
        User.objects.filter(pk=record.user_id).update(session_epoch=models.F("session_epoch") + 1)
    return record


def role_record_remove(*, record, by):
    USER_ACTIONS.ensure_can(by, "revoke_role", record.user)
    with transaction.atomic():
        user = record.user
        record._history_user = by
        record._change_reason = "remove"
        record.delete()
        _role_event(by=by, record=record, change="revoked", groups=user_groups_sync(user=user))
        User.objects.filter(pk=user.pk).update(session_epoch=models.F("session_epoch") + 1)
