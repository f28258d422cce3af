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

    # Set by the service before hashing; auto_now_add would overwrite the hashed value.
    created_at = models.DateTimeField(_("time"), db_index=True)
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

    def __str__(self):
        return self.last_hash
