from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """Append-only log; each row's HMAC covers the previous row's, so edits break the chain."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        ACCESS_DENIED = "access_denied", _("Access denied")
        SENSITIVE_READ = "sensitive_read", _("Sensitive read")
        DOWNLOAD = "download", _("Download")
        EXPORT = "export", _("Export")
        ROLE_CHANGE = "role_change", _("Role change")
        PERMISSION_CHANGE = "permission_change", _("Permission change")
        LOCKOUT = "lockout", _("Account locked after failed logins")
        ACCOUNT_CHANGE = "account_change", _("Account change")
        SECOND_FACTOR = "second_factor", _("Second factor")
        AUDIT = "audit", _("Audit log maintenance")
        API_TOKEN = "api_token", _("API token")

    # Set by the service before hashing; auto_now_add would overwrite the hashed value.
    created_at = models.DateTimeField(_("time"), db_index=True)
    # Gapless and chained: a row removed from the middle leaves a hole the verifier sees.
    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    target = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"


class ChainHead(models.Model):
    """Single row locked while appending, so concurrent writers never fork the chain."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    last_seq = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return self.last_hash


class Checkpoint(models.Model):
    """Where the chain stood at a moment, signed with the audit key. Each one is also appended
    to a file outside the database (settings.AUDIT_ANCHOR_FILE) and can be exported by the
    auditor: events removed after it was taken, or the whole table wiped, no longer match."""

    class Reason(models.TextChoices):
        PERIODIC = "periodic", _("Periodic")
        VERIFIED = "verified", _("Verified by the auditor")
        ARCHIVED = "archived", _("Events archived")

    created_at = models.DateTimeField(_("time"))
    seq = models.PositiveBigIntegerField(_("last sequence number"))
    last_hash = models.CharField(max_length=64)
    floor_seq = models.PositiveBigIntegerField(
        _("first sequence number kept"), default=1,
        help_text=_("Events before it were moved to an archive file by the maintenance "
                    "command."))
    floor_prev_hash = models.CharField(max_length=64, default="0" * 64)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    signature = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit checkpoint")
        ordering = ["-seq", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} #{self.seq}"
