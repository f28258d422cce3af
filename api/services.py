"""Creating, revoking and checking API tokens. The secret is shown once and stored hashed."""

import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import requires_second_factor
from audit.models import SecurityEvent
from audit.services import security_event_record
from deadlines import clock
from deadlines.services import notify

from . import access
from .actions import TOKEN_ACTIONS
from .models import ApiToken, Scope, token_digest

LIFETIMES = (30, 90, 180, 365)
PREFIX = "xc"
# Writing the row on every request would cost a write per call; a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _check_request(*, holder, scopes, days):
    if days not in LIFETIMES:
        raise ValidationError({"days": _("Choose one of the offered lifetimes.")})
    allowed = access.scopes_for(holder)
    if not scopes:
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    if unknown := [scope for scope in scopes if scope not in allowed]:
        labels = dict(Scope.choices)
        raise ValidationError({"scopes": _("%(person)s cannot use: %(scopes)s.") % {
            "person": holder, "scopes": "、".join(str(labels.get(s, s)) for s in unknown)}})


def _make(*, holder, by, name, scopes, days, request=None, change):
    now = clock.now()
    secret = secrets.token_urlsafe(32)
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = ApiToken.objects.create(
        user=holder, name=name.strip(), prefix=prefix, digest=token_digest(secret),
        scopes=[str(scope) for scope in scopes], created_at=now, created_by=by,
        account_epoch=User.objects.get(pk=holder.pk).session_epoch,
        expires_at=now + timedelta(days=days))
    security_event_record(kind=SecurityEvent.Kind.API_TOKEN, user=by, request=request,
                          target=holder.get_username(),
                          detail={"change": change, "token": prefix, "scopes": token.scopes,
                                  "expires": token.expires_at.date().isoformat()})
    return token, f"{PREFIX}_{prefix}_{secret}"


def _ensure_verified(user, verified):
    if requires_second_factor(user) and not verified:
        raise ValidationError(_("Confirm your second factor in this session before you create "
                                "a token."), code="second_factor")


@transaction.atomic
def token_create(*, by, name, scopes, days, verified, request=None):
    """A person's own token; returns (token, the secret to show once)."""
    TOKEN_ACTIONS.ensure_can(by, "create")
    _ensure_verified(by, verified)
    _check_request(holder=by, scopes=scopes, days=days)
    return _make(holder=by, by=by, name=name, scopes=scopes, days=days, request=request,
                 change="created")


@transaction.atomic
def token_issue(*, by, holder, name, scopes, days, verified, request=None):
    """The security officer's token for an integrating system's own account."""
    TOKEN_ACTIONS.ensure_can(by, "issue_for_system")
    _ensure_verified(by, verified)
    if not holder.api_only or not holder.is_active:
        raise ValidationError({"holder": _("Only an active interface account receives tokens "
                                           "from the security officer.")})
    _check_request(holder=holder, scopes=scopes, days=days)
    return _make(holder=holder, by=by, name=name, scopes=scopes, days=days, request=request,
                 change="issued")


@transaction.atomic
def token_revoke(*, token, by, request=None):
    TOKEN_ACTIONS.ensure_can(by, "revoke", token)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    token.revoked_at, token.revoked_by = clock.now(), by
    token.save(update_fields=["revoked_at", "revoked_by"])
    security_event_record(kind=SecurityEvent.Kind.API_TOKEN, user=by, request=request,
                          target=token.user.get_username(),
                          detail={"change": "revoked", "token": token.prefix})
    if token.user_id != by.pk and not token.user.api_only:
        # The holder's systems stop working from now on: they hear why from us first.
        notify(users=[token.user_id], url=reverse("api:token_list"),
               title=_("the security officer revoked your API token “%(name)s”")
               % {"name": token.name})
    return token


def token_for(raw, *, ip=None):
    """The live token a request presents, or None. Each day's first use is logged (not every
    request: the log would drown); expired and revoked tokens are refused."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, token_digest(parts[2])):
        return None
    now = clock.now()
    if not token.is_live(now) or not token.user.is_active:
        return None
    last = token.last_used_at
    if last is None or now - last >= LAST_USED_RESOLUTION:
        first_today = last is None or localdate(last) != localdate(now)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
        token.last_used_at, token.last_used_ip = now, ip
        if first_today:
            security_event_record(kind=SecurityEvent.Kind.API_TOKEN, user=token.user,
                                  target=token.user.get_username(),
                                  detail={"change": "first_use_today", "token": token.prefix,
                                          "ip": ip})
    return token
