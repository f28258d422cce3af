from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = _("Feedback and rectification")

    def ready(self):
        # Registers the page its deadlines link to and the ledger's background export.
        from . import deadline_pages, ledger  # noqa: F401
