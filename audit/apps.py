from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Security audit")

    def ready(self):
        from config import entrypoints, lookups  # noqa: F401  (deploy check; safe `in`)

        from . import signals  # noqa: F401
