"""Feedback (Art 18) and rectification (Art 19): meetings, the plan's three lists, items."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.limits import LONG_TEXT, sensible_date
from inspections.models import Finding, Inspection, private_upload_path


class Feedback(models.Model):
    """反馈意见, given separately to the unit's leadership and to its main leader (Art 18)."""

    class Audience(models.TextChoices):
        LEADERSHIP = "leadership", _("The unit's leadership team (领导班子)")
        MAIN_LEADER = "main_leader", _("The unit's main leader (主要负责人)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_CONSENT = "awaiting_consent", _("Awaiting the party group's consent")
        CONSENTED = "consented", _("Consented by the party group")
        GIVEN = "given", _("Given at the feedback meeting")
        SIGNED_FOR = "signed_for", _("Signed for by the unit")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="feedbacks")
    audience = models.CharField(_("addressed to"), max_length=20, choices=Audience)
    body = models.TextField(_("feedback text"), max_length=LONG_TEXT)
    findings = models.ManyToManyField(Finding, related_name="feedbacks",
                                      verbose_name=_("problems fed back"))
    meeting_on = models.DateField(_("feedback meeting"), validators=[sensible_date])
    # 发文字号, taken when the feedback is given at the meeting.
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    # Art 18: leadership-group members and the heads of discipline inspection and HR attend.
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+",
                                       verbose_name=_("attendees"))
    other_attendees = models.TextField(_("other attendees"), blank=True, max_length=LONG_TEXT)
    # Art 18: given only with the party group's consent, recorded by a party-group member.
    consent_requested_at = models.DateTimeField(null=True, blank=True)
    consent_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                             null=True, blank=True, related_name="+")
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+",
                                   verbose_name=_("consent recorded by"))
    consent_at = models.DateTimeField(_("consented"), null=True, blank=True)
    consent_meeting = models.CharField(_("party group meeting"), max_length=200, blank=True)
    consent_comment = models.TextField(_("party group's comment"), blank=True, max_length=LONG_TEXT)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    signed_for_at = models.DateTimeField(_("signed for"), null=True, blank=True)
    signed_for_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                      blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[findings, attendees])

    class Meta:
        verbose_name = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "audience"],
                                    name="one_feedback_per_audience"),
        ]

    def __str__(self):
        return f"{self.inspection} · {self.get_audience_display()}"

    def get_absolute_url(self):
        return reverse("rectification:feedback_detail", args=[self.pk])


class SpecialMeeting(models.Model):
    """Within 15 days of sign-for: the special meeting and the democratic life meeting."""

    class Kind(models.TextChoices):
        SPECIAL = "special", _("Special party organisation meeting (专题会议)")
        DEMOCRATIC_LIFE = "democratic_life", _("Special democratic life meeting")
        ORGANISATIONAL_LIFE = "organisational_life", _("Organisational life meeting")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="special_meetings")
    kind = models.CharField(_("meeting"), max_length=20, choices=Kind)
    held_on = models.DateField(_("date"), validators=[sensible_date])
    participants = models.TextField(_("participants"), max_length=LONG_TEXT)
    minutes = models.TextField(_("minutes"), max_length=LONG_TEXT)
    file = models.FileField(_("evidence file"), upload_to=private_upload_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"


class RectificationPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the team")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved by the team")

    inspection = models.OneToOneField(Inspection, models.PROTECT, related_name="plan")
    summary = models.TextField(_("overall measures"), max_length=LONG_TEXT)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    review_comment = models.TextField(_("team's comment"), blank=True, max_length=LONG_TEXT)
    approved_version = models.PositiveIntegerField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification plan")

    def __str__(self):
        return f"{self.inspection}"

    def get_absolute_url(self):
        return reverse("rectification:plan_detail", args=[self.pk])

    def is_editable(self):
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class PlanSubmission(models.Model):
    """The exact plan (three lists) as submitted; an approval points to one of these."""

    plan = models.ForeignKey(RectificationPlan, models.CASCADE, related_name="submissions")
    plan_version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.plan} v{self.plan_version}"


class RectificationItem(models.Model):
    """One measure (任务清单) for one problem (问题清单) with who answers for it (责任清单)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
        CLOSED = "closed", _("Closed (销号)")
        LONG_TERM = "long_term", _("Long-term (需长期坚持)")

    plan = models.ForeignKey(RectificationPlan, models.PROTECT, related_name="items")
    finding = models.ForeignKey(Finding, models.PROTECT, related_name="rectification_items",
                                verbose_name=_("problem"))
    measure = models.TextField(_("measure"), max_length=LONG_TEXT)
    due_on = models.DateField(_("due"), validators=[sensible_date])
    responsible_leader = models.CharField(_("responsible leader"), max_length=50)
    responsible_department = models.CharField(_("responsible department"), max_length=100)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    progress = models.TextField(_("progress"), blank=True, max_length=LONG_TEXT)
    review_comment = models.TextField(_("reviewer's comment"), blank=True, max_length=LONG_TEXT)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification item")
        ordering = ["finding_id", "pk"]

    def __str__(self):
        return self.measure[:40]

    def get_absolute_url(self):
        return reverse("rectification:item_detail", args=[self.pk])


class Evidence(models.Model):
    """佐证材料: versioned files, SHA-256 at upload, checked at every download."""

    item = models.ForeignKey(RectificationItem, models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=private_upload_path)
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    replaces = models.OneToOneField("self", models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(sha256=""), name="evidence_has_hash"),
        ]

    def __str__(self):
        return self.name


class RectificationReport(models.Model):
    """Art 19: within 2 months of sign-for the unit's party organisation sends two reports,
    each to the discipline organ, HR and the office."""

    class Kind(models.TextChoices):
        IMPLEMENTATION = "implementation", _("Party organisation's implementation report")
        RECTIFICATION = "rectification", _("Rectification implementation report")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="rect_reports")
    kind = models.CharField(_("report"), max_length=20, choices=Kind)
    body = models.TextField(_("report text"), max_length=LONG_TEXT)
    file = models.FileField(_("signed report (PDF)"), upload_to=private_upload_path, blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["inspection", "kind"],
                                               name="one_rectification_report_per_kind")]

    def __str__(self):
        return f"{self.inspection} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("rectification:report_detail", args=[self.pk])


class ReportReceipt(models.Model):
    class Recipient(models.TextChoices):
        DISCIPLINE = "discipline", _("Discipline inspection organ")
        HR = "hr", _("Human resources department")
        OFFICE = "office", _("Inspection office")

    report = models.ForeignKey(RectificationReport, models.CASCADE, related_name="receipts")
    recipient = models.CharField(_("recipient"), max_length=12, choices=Recipient)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["recipient"]
        constraints = [models.UniqueConstraint(fields=["report", "recipient"],
                                               name="one_receipt_per_recipient")]

    def __str__(self):
        return f"{self.report} → {self.get_recipient_display()}"


class Publication(models.Model):
    """巡察公开 (Art 23): what a channel publishes about an inspection's rectification.

    Names to hide are written [[like this]] in the text; the public version shows 张某.
    """

    class Channel(models.TextChoices):
        INTERNAL_BULLETIN = "internal_bulletin", _("Internal party bulletin")
        PORTAL = "portal", _("Department web portal")
        WECHAT = "wechat", _("WeChat public account")
        INTRANET = "intranet", _("Intranet")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved by the office")
        PUBLISHED = "published", _("Published")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="publications")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), help_text=_("Mark names to hide as [[name]]."),
                            max_length=LONG_TEXT)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    published_on = models.DateField(_("published on"), null=True, blank=True,
                                    validators=[sensible_date])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publication")

    def __str__(self):
        return f"{self.get_channel_display()} · {self.title}"

    def get_absolute_url(self):
        return reverse("rectification:publication_detail", args=[self.pk])


class Withholding(models.Model):
    """An item kept out of a publication under one of the five standard exemptions."""

    class Reason(models.TextChoices):
        SECRET = "secret", _("Involves state or work secrets (涉密)")
        OPEN_CASE = "open_case", _("Case still being handled (在办案件)")
        HYPE = "hype", _("May be hyped negatively (可能被负面炒作)")
        MASS_INCIDENT = "mass_incident", _("May trigger a mass incident (群体性事件)")
        SENSITIVE = "sensitive", _("Major sensitive matter (重大敏感)")

    publication = models.ForeignKey(Publication, models.CASCADE, related_name="withholdings")
    item = models.ForeignKey(RectificationItem, models.PROTECT, related_name="+")
    reason = models.CharField(_("exemption"), max_length=20, choices=Reason)
    note = models.CharField(_("why"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["publication", "item"],
                                               name="withhold_item_once")]

    def __str__(self):
        return f"{self.item} ({self.get_reason_display()})"


class RecheckVerdict(models.Model):
    """回头看 (Art 13): the follow-up team's verdict on one rectification item of the earlier
    inspection it re-checks."""

    class Verdict(models.TextChoices):
        DONE = "done", _("Rectified (整改到位)")
        NOT_DONE = "not_done", _("Not rectified (未到位)")
        NEW_PROBLEM = "new_problem", _("New problem (新问题)")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="recheck_verdicts",
                                   verbose_name=_("follow-up inspection"))
    item = models.ForeignKey(RectificationItem, models.PROTECT, related_name="recheck_verdicts",
                             verbose_name=_("rectification item"))
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict)
    note = models.TextField(_("what the team found"), blank=True, max_length=LONG_TEXT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"))
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("re-check verdict")
        verbose_name_plural = _("re-check verdicts")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"],
                                               name="one_verdict_per_item")]

    def __str__(self):
        return f"{self.item} · {self.get_verdict_display()}"
