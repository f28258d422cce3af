"""The office's own papers (Art 8 (1), (5), (6)) and what it filed with the province when."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.limits import LONG_TEXT, sensible_date, sensible_year

from .planning import private_upload_path


class OfficePaper(models.Model):
    """规章制度, 简报, 会议讲话, the 年度工作总结 and the appointment or removal of the office's
    director and deputies: the papers the office drafts and files, each with its scan."""

    class Kind(models.TextChoices):
        REGULATION = "regulation", _("Rules and regulations (规章制度)")
        BRIEFING = "briefing", _("Briefing (简报)")
        SPEECH = "speech", _("Meeting speech (会议讲话)")
        ANNUAL_SUMMARY = "annual_summary", _("Annual work summary (年度工作总结)")
        APPOINTMENT = "appointment", _("Appointment or removal of the office's director or "
                                       "deputy director")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    dated_on = models.DateField(_("date"), validators=[sensible_date])
    # The year the paper concerns: a year's summary is written early the next year.
    year = models.PositiveIntegerField(_("year it concerns"), validators=[sensible_year],
                                       db_index=True)
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT)
    file = models.FileField(upload_to=private_upload_path)
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("office paper")
        verbose_name_plural = _("office papers")
        ordering = ["-year", "-dated_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:paper_list") + f"?kind={self.kind}"


class FilingRecord(models.Model):
    """One 报备 package as the office generated it for the province: the year, the parts and
    every file it held, so that what was filed when can be shown later."""

    year = models.PositiveIntegerField(_("year"), db_index=True)
    parts = models.JSONField(_("parts"), default=list)
    contents = models.JSONField(_("files"), default=list)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("filed by"))
    filed_at = models.DateTimeField(_("generated"), db_index=True)

    class Meta:
        verbose_name = _("filing record")
        verbose_name_plural = _("filing records")
        ordering = ["-filed_at", "-pk"]

    def __str__(self):
        return f"{self.year} · {self.filed_at:%Y-%m-%d %H:%M}"
