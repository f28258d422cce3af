"""Access tokens of the data interface: named, scoped, expiring, revocable, hashed at rest."""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a token may do. Reading is one scope; each write is named after what the
    integration does. A scope only narrows: the actions tables still decide per object."""

    READ = "read", _("Read what the account may see")
    ITEM_PROGRESS = "item_progress", _(
        "Report rectification progress, upload evidence and ask for closure")
    CLUE_RESULT = "clue_result", _("Sign for transferred clues and report their results")
    CALENDAR = "calendar", _("Maintain the working-day calendar")
    FILING = "filing", _("Download the filing package")


def token_digest(secret):
    # The secret is 256 random bits: a fast hash cannot be brute-forced, unlike a password.
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens",
                             verbose_name=_("account"))
    name = models.CharField(_("name"), max_length=60,
                            help_text=_("Which system uses it, e.g. “单位整改台账系统”."))
    # The public part of the token: finds the row without revealing the secret.
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    # The holder's session epoch when the token was made: a change of roles, a disabled
    # account or a new activation link moves the epoch on and the token dies with the sessions.
    account_epoch = models.PositiveIntegerField(default=0, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("revoked by"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    def get_absolute_url(self):
        return reverse("api:token_list")

    @property
    def outlived_account(self):
        return self.account_epoch != self.user.session_epoch

    def is_live(self, now):
        return self.revoked_at is None and self.expires_at > now and not self.outlived_account

    def allows(self, scope):
        return scope in self.scopes

    def scope_labels(self):
        labels = dict(Scope.choices)
        return [labels.get(scope, scope) for scope in self.scopes]
