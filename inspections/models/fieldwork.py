"""Fieldwork (Art 14), interview notes, findings (问题底稿, Art 16) and reports."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audit.crypto import EncryptedTextField
from config.limits import LONG_TEXT, sensible_date

from .planning import ContentArea, Inspection, private_upload_path


class FieldworkMethod(models.TextChoices):
    """The twelve ways of Art 14."""

    BRIEFING = "briefing", _("Work and special briefings")
    INTERVIEW = "interview", _("Individual interviews")
    PETITION = "petition", _("Letters, calls and visits")
    PERSONAL_MATTERS = "personal_matters", _("Spot check of reported personal matters")
    INQUIRY = "inquiry", _("Inquiry of informed persons")
    RECORDS = "records", _("Reading and copying records")
    SYMPOSIUM = "symposium", _("Symposium")
    ATTEND_MEETING = "attend_meeting", _("Attending the unit's meetings")
    EVALUATION = "evaluation", _("Democratic evaluation or survey")
    SPECIAL_CHECK = "special_check", _("Special check")
    ASSISTANCE = "assistance", _("Assistance from other units")
    OTHER_APPROVED = "other_approved", _("Other method approved by the leadership group")


class FieldworkRecord(models.Model):
    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="fieldwork",
                                   verbose_name=_("inspection"))
    method = models.CharField(_("method"), max_length=30, choices=FieldworkMethod)
    held_on = models.DateField(_("date"), validators=[sensible_date])
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.TextField(_("participants"), blank=True, max_length=LONG_TEXT)
    summary = models.TextField(_("summary"), max_length=LONG_TEXT)
    # Art 14 (12): only with the leadership group's approval, recorded here.
    approval_reference = models.CharField(_("leadership group approval"), max_length=200,
                                          blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fieldwork record")
        verbose_name_plural = _("fieldwork records")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on} {self.get_method_display()}"


class Attachment(models.Model):
    """An evidence file on a fieldwork record or a finding; never served publicly."""

    fieldwork = models.ForeignKey(FieldworkRecord, models.PROTECT, null=True, blank=True,
                                  related_name="attachments")
    finding = models.ForeignKey("Finding", models.PROTECT, null=True, blank=True,
                                related_name="attachments")
    file = models.FileField(upload_to=private_upload_path)
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fieldwork__isnull=False) ^ models.Q(finding__isnull=False),
                name="attachment_has_one_owner",
            )
        ]

    def __str__(self):
        return self.name


class InterviewNote(models.Model):
    """个别谈话记录: confidential; content encrypted at rest and every read logged."""

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="interview_notes",
                                   verbose_name=_("inspection"))
    interviewee = models.CharField(_("interviewee"), max_length=50)
    interviewee_position = models.CharField(_("interviewee's position"), max_length=100)
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+",
                                          verbose_name=_("interviewers"))
    held_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    content = EncryptedTextField(_("content"), max_length=LONG_TEXT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    # The encrypted column changes on every save; history keeps who and when, not the text.
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        verbose_name = _("interview note")
        verbose_name_plural = _("interview notes")
        ordering = ["-held_at"]

    def __str__(self):
        return f"{self.held_at:%Y-%m-%d} {self.interviewee}"

    def get_absolute_url(self):
        return reverse("inspections:note_detail", args=[self.pk])


class BasisClause(models.Model):
    """A rule findings are judged under (定性依据), summarised in our own words. The office
    keeps the register; a clause no longer in force is retired, never deleted, so the findings
    that cited it still say what they were judged under."""

    source = models.CharField(_("regulation"), max_length=100,
                              help_text=_("The regulation's full title without 《》, e.g. "
                                          "中国共产党纪律处分条例."))
    article = models.CharField(_("article"), max_length=50,
                               help_text=_("e.g. 第四十二条, or the section's name."))
    excerpt = models.TextField(_("summary"), max_length=LONG_TEXT,
                               help_text=_("What the clause requires, in our own words."))
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True, editable=False)
    retire_reason = models.CharField(_("reason for retiring"), max_length=200, blank=True,
                                     editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("basis clause")
        verbose_name_plural = _("basis clauses")
        ordering = ["source", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "article"], name="basis_clause_once"),
        ]

    def __str__(self):
        return f"《{self.source}》{self.article}"

    def get_absolute_url(self):
        return reverse("inspections:basis_detail", args=[self.pk])


class Finding(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        DEPUTY_REVIEWED = "deputy_reviewed", _("Reviewed by the deputy leader")
        APPROVED = "approved", _("Approved by the team leader")

    class Severity(models.TextChoices):
        GENERAL = "general", _("General")
        SERIOUS = "serious", _("Serious")
        MAJOR = "major", _("Major")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="findings",
                                   verbose_name=_("inspection"))
    title = models.CharField(_("title"), max_length=200)
    content_area = models.CharField(_("content area"), max_length=20, choices=ContentArea)
    facts = models.TextField(_("facts"), max_length=LONG_TEXT)
    basis = models.ManyToManyField(BasisClause, blank=True, related_name="findings",
                                   verbose_name=_("basis"))
    fieldwork = models.ManyToManyField(FieldworkRecord, blank=True, related_name="findings",
                                       verbose_name=_("supporting fieldwork records"))
    responsible_persons = models.CharField(_("responsible persons"), max_length=300, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity,
                                default=Severity.GENERAL)
    suggested_handling = models.TextField(_("suggested handling"), blank=True, max_length=LONG_TEXT)
    is_clue = models.BooleanField(_("also a clue for transfer"), default=False)
    is_good_practice = models.BooleanField(_("good practice (Art 25)"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    edited_after_signoff = models.BooleanField(_("edited after sign-off"), default=False)
    return_comment = models.TextField(_("return comment"), blank=True, max_length=LONG_TEXT)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[basis, fieldwork])

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["content_area", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:finding_detail", args=[self.pk])

    def has_evidence(self):
        return self.attachments.exists() or self.fieldwork.exists()


class FindingSignoff(models.Model):
    class Level(models.TextChoices):
        AUTHOR = "author", _("Author (承办人)")
        DEPUTY = "deputy", _("Deputy leader")
        LEADER = "leader", _("Team leader")

    finding = models.ForeignKey(Finding, models.CASCADE, related_name="signoffs")
    level = models.CharField(_("level"), max_length=10, choices=Level)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    finding_version = models.PositiveIntegerField()
    returned = models.BooleanField(default=False)
    comment = models.TextField(blank=True, max_length=LONG_TEXT)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.finding} {self.level}"


class Report(models.Model):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Inspection report")
        SPECIAL = "special", _("Special report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the leadership group")
        SENT = "sent", _("Sent to the party group")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.INSPECTION)
    title = models.CharField(_("title"), max_length=200)
    analysis = models.TextField(_("analysis"), max_length=LONG_TEXT)
    suggestions = models.TextField(_("suggestions"), max_length=LONG_TEXT)
    findings = models.ManyToManyField(Finding, related_name="reports",
                                      verbose_name=_("findings included"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # 发文字号, taken when the report is submitted (GB/T 9704: a document sent up is numbered).
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    # As sent: the paper a leadership group heard names who signed it off and under which
    # name, even after the team changes or is renamed.
    signer = models.CharField(_("signed off by (签发人)"), max_length=50, blank=True)
    issuing_organ = models.CharField(_("issuing organ"), max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    # Art 17: the version revised after the leadership group's hearing points to the one it
    # heard, which stays as it was submitted.
    revision_of = models.OneToOneField("self", models.PROTECT, null=True, blank=True,
                                       related_name="revision",
                                       verbose_name=_("revision of"))
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[findings])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:report_detail", args=[self.pk])


class HearingRecord(models.Model):
    """A meeting that heard the inspection's report (Art 17), with what is filed upwards."""

    held_on = models.DateField(_("meeting date"), validators=[sensible_date])
    meeting = models.CharField(_("meeting"), max_length=200)
    speech_file = models.FileField(_("secretary's speech and materials"),
                                   upload_to=private_upload_path, blank=True)
    # Art 17: the secretary's speech is filed with the provincial office.
    filed_on = models.DateField(_("filed with the provincial office on"), null=True, blank=True,
                                validators=[sensible_date])
    filing_reference = models.CharField(_("filing reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.inspection} {self.held_on}"


class Hearing(HearingRecord):
    """Art 17: the leadership group hears the report within a month of the on-site end."""

    inspection = models.OneToOneField(Inspection, models.PROTECT, related_name="hearing")
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+",
        verbose_name=_("leadership-group members present"))
    attendees = models.TextField(_("others present"), blank=True, max_length=LONG_TEXT)
    opinions = models.TextField(_("opinions"), max_length=LONG_TEXT)
    required_changes = models.TextField(_("changes required to the report"), blank=True,
                                        max_length=LONG_TEXT)

    history = HistoricalRecords(m2m_fields=[members_present])

    class Meta:
        verbose_name = _("hearing")


class PartyHearing(HearingRecord):
    """Art 17: the party group hears the revised report; the secretary's speech and the
    materials are filed with the provincial inspection office."""

    inspection = models.OneToOneField(Inspection, models.PROTECT, related_name="party_hearing")
    report = models.ForeignKey(Report, models.PROTECT, related_name="+",
                               verbose_name=_("report heard"))
    opinions = models.TextField(_("the party group's opinions"), max_length=LONG_TEXT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party group hearing")


class ArchiveRecord(models.Model):
    """Art 27: materials handed to the office at the end; the inspection becomes read-only."""

    inspection = models.OneToOneField(Inspection, models.PROTECT, related_name="archive")
    checklist = models.JSONField(_("materials received"))
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT)
    archived_at = models.DateTimeField(_("archived"))
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("archive record")

    def __str__(self):
        return f"{self.inspection}"


class Petition(models.Model):
    """来信来电来访 and online reports (Art 13–14); who reported is kept apart."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        CALL = "call", _("Phone call")
        VISIT = "visit", _("Visit")
        ONLINE = "online", _("Online report")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        VERIFY = "verify", _("Verify during the inspection")
        IMMEDIATE = "immediate", _("Immediate rectification by the unit")
        CLUE = "clue", _("Register as a clue")
        OUT_OF_SCOPE = "out_of_scope", _("Outside the inspection's scope: referred on")
        NO_ACTION = "no_action", _("No further action")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="petitions",
                                   verbose_name=_("inspection"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    received_at = models.DateTimeField(_("received"))
    subject = models.CharField(_("subject"), max_length=200)
    content = EncryptedTextField(_("content"), max_length=LONG_TEXT)
    status = models.CharField(_("status"), max_length=20, choices=Status,
                              default=Status.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True, max_length=LONG_TEXT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_at"]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("inspections:petition_detail", args=[self.pk])

    @property
    def reference(self):
        return f"XC{self.received_at:%Y%m%d}-{self.pk:05d}"


class PetitionReporter(models.Model):
    """Who reported: a separate row so every read of it goes through one checked path."""

    petition = models.OneToOneField(Petition, models.CASCADE, related_name="reporter")
    name = EncryptedTextField(_("name"), blank=True, max_length=LONG_TEXT)
    contact = EncryptedTextField(_("contact"), blank=True, max_length=LONG_TEXT)

    def __str__(self):
        return f"reporter of {self.petition_id}"
