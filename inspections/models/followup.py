"""During the inspection: immediate rectification, mid-term report, escalation requests."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.limits import LONG_TEXT, sensible_date

from .planning import Inspection


class ImmediateRectification(models.Model):
    """边巡边改 (Art 15): a fix-now notice to the unit, answered by it, closed by the team."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued to the unit")
        REPLIED = "replied", _("Unit replied")
        CLOSED = "closed", _("Closed")

    inspection = models.ForeignKey(Inspection, models.PROTECT,
                                   related_name="immediate_rectifications")
    issue = models.TextField(_("problem"), max_length=LONG_TEXT)
    required_action = models.TextField(_("required action"), max_length=LONG_TEXT)
    due_on = models.DateField(_("reply by"), null=True, blank=True, validators=[sensible_date])
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reply = models.TextField(_("the unit's reply"), blank=True, max_length=LONG_TEXT)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    team_comment = models.TextField(_("team's comment"), blank=True, max_length=LONG_TEXT)
    status = models.CharField(_("status"), max_length=10, choices=Status,
                              default=Status.ISSUED)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("immediate rectification notice")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.issue[:40]

    def get_absolute_url(self):
        return reverse("inspections:immediate_detail", args=[self.pk])


class MidtermReport(models.Model):
    """Art 15: the team reports the first half and its plan for the second to the group."""

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="midterm_reports")
    reported_on = models.DateField(_("reported on"), validators=[sensible_date])
    progress = models.TextField(_("work so far"), max_length=LONG_TEXT)
    second_half_plan = models.TextField(_("plan for the second half"), max_length=LONG_TEXT)
    leadership_opinion = models.TextField(_("leadership group's opinion"), blank=True,
                                          max_length=LONG_TEXT)
    opinion_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mid-term report")
        ordering = ["-reported_on"]

    def __str__(self):
        return f"{self.inspection} {self.reported_on}"


class EscalationRequest(models.Model):
    """请示报告 (Art 26): team → office → leadership group, each answer recorded."""

    class Status(models.TextChoices):
        RAISED = "raised", _("Raised with the office")
        FORWARDED = "forwarded", _("Forwarded to the leadership group")
        ANSWERED = "answered", _("Answered")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="escalations")
    question = models.TextField(_("question"), max_length=LONG_TEXT)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("raised"))
    office_note = models.TextField(_("office's answer or note"), blank=True, max_length=LONG_TEXT)
    office_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                  blank=True, related_name="+")
    office_at = models.DateTimeField(null=True, blank=True)
    leadership_answer = models.TextField(_("leadership group's answer"), blank=True,
                                         max_length=LONG_TEXT)
    leadership_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                      blank=True, related_name="+")
    leadership_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status,
                              default=Status.RAISED)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation request")
        ordering = ["-raised_at"]

    def __str__(self):
        return self.question[:40]

    def get_absolute_url(self):
        return reverse("inspections:escalation_detail", args=[self.pk])
