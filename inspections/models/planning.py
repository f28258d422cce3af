import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.limits import LONG_TEXT, sensible_date, sensible_year


class ContentArea(models.TextChoices):
    """Art 12: six areas plus other matters assigned by the party group."""

    POLITICAL = "political", _("Political building")
    IDEOLOGICAL = "ideological", _("Ideological building")
    ORGANISATIONAL = "organisational", _("Organisational building")
    CONDUCT = "conduct", _("Conduct building")
    DISCIPLINE = "discipline", _("Discipline building")
    RECTIFICATION = "rectification", _("Rectification of earlier findings")
    OTHER = "other", _("Other assigned matters")


class InspectionType(models.TextChoices):
    REGULAR = "regular", _("Regular")
    SPECIAL = "special", _("Special")
    FLEXIBLE = "flexible", _("Flexible")
    FOLLOW_UP = "follow_up", _("Follow-up (回头看)")


class InspectionMode(models.TextChoices):
    FLEXIBLE = "flexible", _("Mobile (机动式)")
    TARGETED = "targeted", _("Targeted (点穴式)")
    EXTENDED = "extended", _("Extended (延伸)")


class Plan(models.Model):
    """巡察工作规划 (one 省委 term) or 年度计划 under it; Art 6 (2), Art 8 (2)."""

    class Kind(models.TextChoices):
        TERM = "term", _("Term plan")
        ANNUAL = "annual", _("Annual plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        # Art 3, 6 (2): a term plan is proposed by the leadership group, made by the party group.
        REVIEWED = "reviewed", _("Reviewed: awaiting the party group")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="annual_plans",
        limit_choices_to={"kind": "term"}, verbose_name=_("term plan"),
    )
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    content = models.TextField(_("content"), max_length=LONG_TEXT)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-start_year", "kind", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:plan_detail", args=[self.pk])

    def is_editable(self):
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class PlanStage(models.Model):
    """阶段任务安排 within an annual plan."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="stages")
    name = models.CharField(_("stage"), max_length=100)
    starts_on = models.DateField(_("starts"), validators=[sensible_date])
    ends_on = models.DateField(_("ends"), validators=[sensible_date])
    tasks = models.TextField(_("tasks"), max_length=LONG_TEXT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self):
        return self.name


class PlanUnit(models.Model):
    """The year a unit is planned to be inspected (Art 10 full coverage within the term)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="planned_units")
    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="planned_years")
    year = models.PositiveSmallIntegerField(_("planned year"), validators=[sensible_year])

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="unit_once_per_plan"),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}"


class PlanReview(models.Model):
    """Each submission, approval and return, with the exact text that was approved."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned")
        REVIEW = "review", _("Reviewed by the leadership group")
        DECIDE = "decide", _("Decided by the party group")
        SEND_BACK = "send_back", _("Returned by the party group")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="reviews")
    action = models.CharField(_("action"), max_length=10, choices=Action)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True, max_length=LONG_TEXT)
    plan_version = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.plan} {self.get_action_display()}"


def private_upload_path(instance, filename):
    return f"private/{instance._meta.model_name}/{instance.pk or 'new'}/{filename}"


class Round(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the leadership group")
        APPROVED = "approved", _("Approved by the leadership group")
        PROVINCE_APPROVED = "province_approved", _("Approved by the provincial leading group")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    plan = models.ForeignKey(
        Plan, models.PROTECT, null=True, blank=True, related_name="rounds",
        limit_choices_to={"kind": "annual"}, verbose_name=_("annual plan"),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[sensible_year])
    inspection_type = models.CharField(_("type"), max_length=20, choices=InspectionType)
    modes = models.JSONField(_("modes"), default=list, blank=True)
    work_plan = models.TextField(_("work plan"), blank=True, max_length=LONG_TEXT)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    # Art 3: nothing starts before the provincial leading group approves.
    province_doc_number = models.CharField(_("approval document number"), max_length=60,
                                           blank=True)
    province_doc_date = models.DateField(_("approval date"), null=True, blank=True,
                                         validators=[sensible_date])
    province_doc_file = models.FileField(_("approval document scan"), upload_to=private_upload_path,
                                         blank=True)
    province_doc_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inspections:round_detail", args=[self.pk])

    def get_modes_display(self):
        return [str(InspectionMode(m).label) for m in self.modes if m in InspectionMode.values]

    def has_provincial_approval(self):
        return bool(self.province_doc_number and self.province_doc_date
                    and self.province_doc_file)


MIN_WORKING_DAYS, MAX_WORKING_DAYS = 20, 40  # Art 11: on-site period in working days


class Inspection(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        NOTIFIED = "notified", _("Notice issued")
        ON_SITE = "on_site", _("On site")
        REPORTING = "reporting", _("Reporting")
        REPORT_SUBMITTED = "report_submitted", _("Report submitted")
        HEARD = "heard", _("Heard")
        FEEDBACK_GIVEN = "feedback_given", _("Feedback given")
        RECTIFYING = "rectifying", _("Rectifying")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    round = models.ForeignKey(Round, models.PROTECT, related_name="inspections",
                              verbose_name=_("round"))
    target_unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT,
                                    related_name="inspections", verbose_name=_("target unit"))
    team = models.ForeignKey("teams.Team", models.PROTECT, null=True, blank=True,
                             related_name="inspections", verbose_name=_("team"))
    inspection_type = models.CharField(_("type"), max_length=20, choices=InspectionType)
    # Art 13 回头看: the earlier inspection of the same unit whose rectification is re-checked.
    rechecks = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="rechecked_by",
        verbose_name=_("re-checks the inspection"),
        help_text=_("For a follow-up (回头看): the earlier inspection of this unit whose "
                    "rectification the team re-checks."))
    modes = models.JSONField(_("modes"), default=list, blank=True)
    content_areas = models.JSONField(_("content areas"), default=list)
    planned_entry_on = models.DateField(_("planned entry date"), validators=[sensible_date])
    planned_end_on = models.DateField(_("planned on-site end date"), validators=[sensible_date])
    working_days = models.PositiveSmallIntegerField(_("working days"), editable=False)
    # Art 11: outside 20–40 working days only with the office's recorded decision.
    duration_exception_reason = models.TextField(_("reason for a period outside 20–40 working "
                                                   "days"), blank=True, max_length=LONG_TEXT)
    duration_exception_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                              null=True, blank=True, related_name="+")
    # Art 11: the office's decision that on-site work may end before its planned minimum.
    early_end_reason = models.TextField(_("reason for ending on-site work early"), blank=True,
                                        max_length=LONG_TEXT)
    early_end_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("early end decided by"))
    status = models.CharField(_("status"), max_length=20, choices=Status,
                              default=Status.SCHEDULED)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["round", "target_unit__sort_order", "pk"]
        permissions = [
            ("record_fieldwork", _("Can record fieldwork")),
            ("write_findings", _("Can write findings")),
            ("review_rectification", _("Can review rectification")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["round", "target_unit"], name="unit_once_per_round"),
        ]

    def __str__(self):
        return f"{self.round} · {self.target_unit}"

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.pk])

    def get_content_areas_display(self):
        return [str(ContentArea(a).label) for a in self.content_areas if a in ContentArea.values]

    def get_modes_display(self):
        return [str(InspectionMode(m).label) for m in self.modes if m in InspectionMode.values]


class Notice(models.Model):
    """书面通知 to the target unit's party organisation before entry (Art 13)."""

    inspection = models.OneToOneField(Inspection, models.PROTECT, related_name="notice")
    document_number = models.CharField(_("document number"), max_length=60, unique=True)
    addressee = models.CharField(_("addressee"), max_length=200)
    body = models.TextField(_("text"), max_length=LONG_TEXT)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entry notice")

    def __str__(self):
        return self.document_number

    def get_absolute_url(self):
        return reverse("inspections:notice_detail", args=[self.pk])


class Announcement(models.Model):
    """巡察公告: targets, content, methods, schedule, address, mailbox and phone (Art 13)."""

    inspection = models.OneToOneField(Inspection, models.PROTECT, related_name="announcement")
    document_number = models.CharField(_("document number"), max_length=60, unique=True)
    body = models.TextField(_("text"), max_length=LONG_TEXT)
    schedule = models.CharField(_("schedule"), max_length=200)
    address = models.CharField(_("work address"), max_length=200)
    mailbox = models.CharField(_("reporting mailbox"), max_length=200)
    phone = models.CharField(_("office phone"), max_length=50)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    # The public online reporting form is addressed by this, not by a guessable id.
    petition_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection announcement")

    def __str__(self):
        return self.document_number

    def get_absolute_url(self):
        return reverse("inspections:announcement_detail", args=[self.pk])
