from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = _("Feedback and rectification")

    def ready(self):
        from . import ledger  # noqa: F401  (registers the ledger's background export)
