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
    # 发文字号 (…改〔2026〕n号), taken at issue; notices issued before numbering have none.
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
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


class MaterialRequest(models.Model):
    """Art 14 (1), (6), Art 30: what the team asks the unit for by a date, files and minutes to
    read or copy or a work report; a request not met in time is on record for Art 32 (2)."""

    class Kind(models.TextChoices):
        MATERIALS = "materials", _("Files to read or copy (调阅/复制清单)")
        WORK_REPORT = "work_report", _("Work report (工作汇报)")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        PROVIDED = "provided", _("Provided")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="material_requests")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    items = models.TextField(_("what is asked for"), max_length=LONG_TEXT)
    due_on = models.DateField(_("provide by"), validators=[sensible_date])
    requested_at = models.DateTimeField(_("requested"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    provided = models.TextField(_("what was provided"), blank=True, max_length=LONG_TEXT)
    provided_at = models.DateTimeField(_("provided"), null=True, blank=True)
    provided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status,
                              default=Status.REQUESTED)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request for materials")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.items[:30]}"

    def get_absolute_url(self):
        return reverse("inspections:material_request_detail", args=[self.pk])

    def is_overdue(self, today):
        """Not provided and past its date: the team may record it as obstruction (Art 32)."""
        return self.status == self.Status.REQUESTED and self.due_on < today


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


class GoodPractice(models.Model):
    """成功经验和先进典型 (Art 25): found during a round and recommended by the team; the office
    adopts it into the register the office and the leadership group draw on, or says why not."""

    class Kind(models.TextChoices):
        EXPERIENCE = "experience", _("Successful experience")
        EXEMPLAR = "exemplar", _("Advanced exemplar")

    class Area(models.TextChoices):
        POLITICAL = "political", _("Ideological and political building")
        TALENT = "talent", _("Training talent")
        INTEGRITY = "integrity", _("Party conduct and integrity")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECOMMENDED = "recommended", _("Recommended by the team")
        ADOPTED = "adopted", _("Adopted into the register")
        DECLINED = "declined", _("Not adopted")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="good_practices",
                                   verbose_name=_("inspection"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    area = models.CharField(_("area"), max_length=20, choices=Area)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), max_length=LONG_TEXT,
        help_text=_("What the unit does, since when, and what it achieved."))
    source_finding = models.ForeignKey(
        "inspections.Finding", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("source finding"),
        help_text=_("The finding the team recorded it under, if any."))
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                       related_name="+", verbose_name=_("recommended by"))
    recommended_at = models.DateTimeField(_("recommended"))
    status = models.CharField(_("status"), max_length=20, choices=Status,
                              default=Status.RECOMMENDED, db_index=True)
    office_note = models.TextField(_("the office's note"), blank=True, max_length=LONG_TEXT)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-recommended_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:practice_detail", args=[self.pk])
