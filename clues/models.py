"""Clues (Art 20–22), obstruction (Art 32) and complaints about inspectors (Art 33)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audit.crypto import EncryptedTextField
from config.limits import LONG_TEXT
from inspections.models import Finding, Inspection, InterviewNote, Petition, private_upload_path


class Clue(models.Model):
    class Kind(models.TextChoices):
        PROBLEM = "problem", _("Problem clue (问题线索)")
        ACCOUNTABILITY = "accountability", _("Accountability clue (问责线索)")

    class Category(models.TextChoices):
        POLITICAL = "political", _("Political discipline")
        ORGANISATIONAL = "organisational", _("Organisational discipline")
        INTEGRITY = "integrity", _("Integrity discipline")
        MASSES = "masses", _("Mass discipline")
        WORK = "work", _("Work discipline")
        LIFE = "life", _("Life discipline")
        CADRES = "cadres", _("Selection and appointment of cadres")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CLASSIFIED = "classified", _("Classified for transfer")
        NOT_TRANSFERRED = "not_transferred", _("Not transferred")
        TRANSFERRED = "transferred", _("Transferred")
        SIGNED_FOR = "signed_for", _("Signed for by the receiving organ")
        RESULT_REPORTED = "result_reported", _("Result reported")
        DECIDED = "decided", _("Decided by the party group")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="clues")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    is_sensitive = models.BooleanField(_("highly sensitive"), default=False)
    finding = models.ForeignKey(Finding, models.PROTECT, null=True, blank=True,
                                related_name="clues", verbose_name=_("from finding"))
    petition = models.ForeignKey(Petition, models.PROTECT, null=True, blank=True,
                                 related_name="clues", verbose_name=_("from petition"))
    interview_note = models.ForeignKey(InterviewNote, models.PROTECT, null=True, blank=True,
                                       related_name="clues", verbose_name=_("from interview"))
    # Art 32: an obstruction the office refers becomes an accountability clue, tracked like any.
    obstruction = models.ForeignKey("clues.Obstruction", models.PROTECT, null=True, blank=True,
                                    related_name="clues", verbose_name=_("from obstruction"))
    summary = EncryptedTextField(_("summary"), max_length=LONG_TEXT)
    persons = EncryptedTextField(_("persons involved (name, unit, position; one a line)"),
                                 max_length=LONG_TEXT)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered"))
    status = models.CharField(_("status"), max_length=20, choices=Status,
                              default=Status.REGISTERED)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["summary", "persons"])

    class Meta:
        verbose_name = _("clue")
        ordering = ["-registered_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("clues:clue_detail", args=[self.pk])


class Classification(models.Model):
    """Art 20: the leadership group's decision on where a clue goes."""

    class Decision(models.TextChoices):
        DISCIPLINE = "discipline", _("Transfer to the discipline inspection organ")
        HR = "hr", _("Transfer to the HR department")
        OTHER = "other", _("Transfer to another department")
        NONE = "none", _("No transfer")

    clue = models.OneToOneField(Clue, models.PROTECT, related_name="classification")
    decision = models.CharField(_("decision"), max_length=12, choices=Decision)
    organ = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("receiving organ"))
    reason = models.TextField(_("reason"), blank=True, max_length=LONG_TEXT)
    meeting = models.CharField(_("meeting"), max_length=200)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.clue} → {self.get_decision_display()}"


class Transfer(models.Model):
    """移交函 from the office; the organ's sign-for starts the 3-month deadline (Art 21)."""

    clue = models.OneToOneField(Clue, models.PROTECT, related_name="transfer")
    organ = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="clue_transfers")
    letter_number = models.CharField(_("letter number"), max_length=60, unique=True)
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    signed_for_at = models.DateTimeField(_("signed for"), null=True, blank=True)
    signed_for_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                      blank=True, related_name="+")

    history = HistoricalRecords()

    def __str__(self):
        return self.letter_number


class Result(models.Model):
    """Art 21: what the organ did, per person in the 四种形态; partial until final."""

    class Disposition(models.TextChoices):
        TALK_INQUIRY = "talk_inquiry", _("Talk or letter inquiry (谈话函询)")
        PRELIMINARY_CHECK = "preliminary_check", _("Preliminary verification (初步核实)")
        SHELVE = "shelve", _("Shelved for later (暂存待查)")
        CONCLUDE = "conclude", _("Concluded (予以了结)")

    clue = models.ForeignKey(Clue, models.PROTECT, related_name="results")
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition)
    summary = EncryptedTextField(_("summary"), max_length=LONG_TEXT)
    is_final = models.BooleanField(_("final result"), default=False)
    file = models.FileField(_("file"), upload_to=private_upload_path, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reported_at = models.DateTimeField()

    history = HistoricalRecords(excluded_fields=["summary"])

    class Meta:
        ordering = ["reported_at", "pk"]

    def __str__(self):
        return f"{self.clue} {self.get_disposition_display()}"


class Proposal(models.Model):
    """Art 22 (and Art 32): the office's handling or accountability opinion; the party group
    decides."""

    class Kind(models.TextChoices):
        HANDLING = "handling", _("Handling opinion (处理意见)")
        ACCOUNTABILITY = "accountability", _("Accountability opinion (问责意见)")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed to the party group")
        DECIDED = "decided", _("Decided")

    clue = models.ForeignKey(Clue, models.PROTECT, null=True, blank=True,
                             related_name="proposals")
    obstruction = models.ForeignKey("Obstruction", models.PROTECT, null=True, blank=True,
                                    related_name="proposals")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    opinion = models.TextField(_("opinion"), max_length=LONG_TEXT)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    decision = models.TextField(_("party group decision"), blank=True, max_length=LONG_TEXT)
    meeting = models.CharField(_("party group meeting"), max_length=200, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status,
                              default=Status.PROPOSED)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.CheckConstraint(
            condition=models.Q(clue__isnull=False) ^ models.Q(obstruction__isnull=False),
            name="proposal_about_one_thing")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("clues:proposal_detail", args=[self.pk])


class Obstruction(models.Model):
    """Art 32: the six situations in which a unit or its people hinder the inspection."""

    class Situation(models.TextChoices):
        CONCEALING = "concealing", _("Concealing or giving false information")
        REFUSING = "refusing", _("Refusing to provide materials")
        OBSTRUCTING = "obstructing", _("Interfering, obstructing, or framing others")
        NOT_RECTIFYING = "not_rectifying", _("Refusing to rectify")
        RETALIATING = "retaliating", _("Retaliating against people who reported")
        OTHER = "other", _("Other interference")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="obstructions")
    situation = models.CharField(_("situation"), max_length=20, choices=Situation)
    against = models.CharField(_("unit or person concerned"), max_length=200)
    description = models.TextField(_("what happened"), max_length=LONG_TEXT)
    file = models.FileField(_("evidence"), upload_to=private_upload_path, blank=True)
    # Art 32 (2): the team's request the unit did not meet, when that is the obstruction.
    request = models.OneToOneField("inspections.MaterialRequest", models.PROTECT, null=True,
                                   blank=True, related_name="obstruction",
                                   verbose_name=_("request not met"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.get_situation_display()} · {self.against}"

    def get_absolute_url(self):
        return reverse("clues:obstruction_detail", args=[self.pk])


class Complaint(models.Model):
    """Art 33: a complaint about an inspector, seen only by the body it is addressed to."""

    class Addressee(models.TextChoices):
        LEADERSHIP = "leadership", _("Leadership group")
        OFFICE = "office", _("Inspection office")
        PARTY_GROUP = "party_group", _("Party group")
        DISCIPLINE_GROUP = "discipline_group", _("Resident discipline inspection group")

    class Conduct(models.TextChoices):
        GIFTS = "gifts", _("Accepting gifts")
        BANQUETS = "banquets", _("Accepting banquets")
        PERSONAL_REQUESTS = "personal_requests", _("Personal requests")
        LEAKS = "leaks", _("Leaking information")
        OTHER = "other", _("Other breach of inspection discipline")

    team = models.ForeignKey("teams.Team", models.PROTECT, related_name="complaints",
                             verbose_name=_("team"))
    about = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                              verbose_name=_("inspector concerned"))
    addressee = models.CharField(_("addressed to"), max_length=20, choices=Addressee)
    conduct = models.CharField(_("conduct"), max_length=20, choices=Conduct)
    content = EncryptedTextField(_("what happened"), max_length=LONG_TEXT)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    filed_at = models.DateTimeField()
    outcome = models.TextField(_("outcome"), blank=True, max_length=LONG_TEXT)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["-filed_at", "-pk"]

    def __str__(self):
        return f"{self.get_conduct_display()} · {self.about}"

    def get_absolute_url(self):
        return reverse("clues:complaint_detail", args=[self.pk])


class ResultPerson(models.Model):
    """One person's outcome in a result: the 四种形态 (1–4) or no further action (0)."""

    class Form(models.IntegerChoices):
        NONE = 0, _("No accountability (不予追究)")
        FIRST = 1, _("First form: criticism and education")
        SECOND = 2, _("Second form: light sanction")
        THIRD = 3, _("Third form: heavy sanction")
        FOURTH = 4, _("Fourth form: serious violation, suspected crime")

    # A result names at most this many people; a larger case is reported in several results.
    MOST = 50

    result = models.ForeignKey(Result, models.CASCADE, related_name="people")
    name = EncryptedTextField(_("name"), max_length=LONG_TEXT)
    form = models.PositiveSmallIntegerField(_("form"), choices=Form)

    class Meta:
        indexes = [models.Index(fields=["form"], name="result_person_form")]

    def __str__(self):
        return self.get_form_display()
