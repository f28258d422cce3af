from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.limits import LONG_TEXT, sensible_date


class Specialty(models.TextChoices):
    """The six fields of Art 9."""

    PARTY_BUILDING = "party_building", _("Grassroots party building")
    DISCIPLINE = "discipline", _("Discipline inspection and supervision")
    PERSONNEL = "personnel", _("Organisation and personnel")
    FINANCE_AUDIT = "finance_audit", _("Finance and audit")
    NATURAL_RESOURCES = "natural_resources", _("Natural resources management")
    POLICY_LAW = "policy_law", _("Policy and regulations")


class TalentPoolEntry(models.Model):
    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        LIMITED = "limited", _("Limited")
        UNAVAILABLE = "unavailable", _("Unavailable")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.PROTECT,
                                related_name="talent_entry", verbose_name=_("person"))
    specialties = models.JSONField(_("specialties"), default=list)
    availability = models.CharField(_("availability"), max_length=20, choices=Availability,
                                    default=Availability.AVAILABLE)
    notes = models.TextField(_("notes"), blank=True, max_length=LONG_TEXT)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("talent pool entry")
        verbose_name_plural = _("talent pool")
        ordering = ["user__full_name"]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("teams:talent_detail", args=[self.pk])

    def get_specialties_display(self):
        return [str(Specialty(s).label) for s in self.specialties if s in Specialty.values]


class EmploymentRecord(models.Model):
    entry = models.ForeignKey(TalentPoolEntry, models.CASCADE, related_name="employment")
    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    position = models.CharField(_("position"), max_length=100)
    was_leader = models.BooleanField(_("was a leader of the unit"), default=False)
    start_year = models.PositiveSmallIntegerField(_("from"))
    end_year = models.PositiveSmallIntegerField(_("until"), null=True, blank=True,
                                                help_text=_("Empty while still there."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year"]

    def __str__(self):
        return f"{self.unit} {self.position}"


class DeclaredRelation(models.Model):
    """A relative or other close tie working in a unit, declared by the person (Art 27)."""

    entry = models.ForeignKey(TalentPoolEntry, models.CASCADE, related_name="relations")
    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    relation = models.CharField(_("relation"), max_length=50)
    person_name = models.CharField(_("name"), max_length=50)

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.relation} {self.person_name} @ {self.unit}"


class Team(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being formed")
        APPROVED = "approved", _("Composition approved")
        AUTHORISED = "authorised", _("Authorised")
        DISBANDED = "disbanded", _("Disbanded")

    round = models.ForeignKey("inspections.Round", models.PROTECT, related_name="teams",
                              verbose_name=_("round"))
    name = models.CharField(_("name"), max_length=50)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_meeting = models.CharField(_("leadership group meeting"), max_length=200, blank=True)
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                      blank=True, related_name="+")
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorisation_document = models.CharField(_("party group decision"), max_length=200,
                                              blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection team")
        verbose_name_plural = _("inspection teams")
        ordering = ["round", "name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="team_name_once_per_round"),
        ]

    def __str__(self):
        return f"{self.round} {self.name}"

    def get_absolute_url(self):
        return reverse("teams:team_detail", args=[self.pk])

    def active_members(self):
        return self.memberships.filter(left_at__isnull=True).select_related("user")


class TeamMembership(models.Model):
    class Position(models.TextChoices):
        LEADER = "leader", _("Team leader")
        DEPUTY = "deputy", _("Deputy team leader")
        MEMBER = "member", _("Team member")

    team = models.ForeignKey(Team, models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                             related_name="team_memberships", verbose_name=_("person"))
    position = models.CharField(_("position"), max_length=10, choices=Position)
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)
    leave_reason = models.CharField(max_length=200, blank=True)
    # Art 27–29: each member declares recusal facts and signs the pledge before authorisation.
    recusal_declared_at = models.DateTimeField(null=True, blank=True)
    pledge_signed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], condition=Q(left_at__isnull=True),
                                    name="member_once_per_team"),
            models.UniqueConstraint(fields=["team"],
                                    condition=Q(left_at__isnull=True, position="leader"),
                                    name="one_leader_per_team"),
        ]

    def __str__(self):
        return f"{self.team} {self.user} ({self.get_position_display()})"


class RecusalDeclaration(models.Model):
    """What a member declares about ties to the team's target units (Art 27)."""

    membership = models.ForeignKey(TeamMembership, models.CASCADE, related_name="declarations")
    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    detail = models.TextField(_("facts declared"), max_length=LONG_TEXT)
    declared_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.membership.user} · {self.unit}"


class RecusalDecision(models.Model):
    """The office's recorded decision on a detected or declared conflict."""

    class Outcome(models.TextChoices):
        RECUSE = "recuse", _("Member recused")
        ALLOW = "allow", _("No conflict of interest: may take part")

    team = models.ForeignKey(Team, models.CASCADE, related_name="recusal_decisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome)
    reason = models.TextField(_("reason"), max_length=LONG_TEXT)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user", "unit"], name="one_decision_per_tie"),
        ]

    def __str__(self):
        return f"{self.user} · {self.unit}: {self.get_outcome_display()}"


class TrainingSession(models.Model):
    """Art 8 (3), Art 9: the office trains the round's inspectors before they are authorised."""

    round = models.ForeignKey("inspections.Round", models.PROTECT, related_name="trainings",
                              verbose_name=_("round"))
    held_on = models.DateField(_("date"), validators=[sensible_date])
    content = models.TextField(_("content"), max_length=LONG_TEXT)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="trainings",
                                       verbose_name=_("attendees"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.round} {self.held_on:%Y-%m-%d}"


class TrainingExemption(models.Model):
    """The office's recorded decision that a member need not attend this round's training."""

    membership = models.OneToOneField(TeamMembership, models.CASCADE,
                                      related_name="training_exemption")
    reason = models.TextField(_("reason"), max_length=LONG_TEXT)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training exemption")
        verbose_name_plural = _("training exemptions")

    def __str__(self):
        return f"{self.membership.user}: {self.reason[:40]}"


class TeamLapse(models.Model):
    """A problem found after the round that the team should have found or did not report
    (Art 24: 应当发现而没有发现是失职、发现问题没有如实报告是渎职), recorded by the office with the
    member responsible; the leadership group, which manages the teams (Art 6 (6)), decides how
    it is handled. The talent pool shows it."""

    class Kind(models.TextChoices):
        MISSED = "missed", _("Should have been found and was not (失职)")
        UNREPORTED = "unreported", _("Found and not truthfully reported (渎职)")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Awaiting the leadership group")
        DECIDED = "decided", _("Handled")

    team = models.ForeignKey(Team, models.PROTECT, related_name="lapses",
                             verbose_name=_("team"))
    membership = models.ForeignKey(TeamMembership, models.PROTECT, related_name="lapses",
                                   verbose_name=_("member responsible"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    description = models.TextField(_("what was missed"), max_length=LONG_TEXT)
    found_how = models.CharField(_("how it came to light"), max_length=200,
                                 help_text=_("e.g. 2027年审计发现, 信访举报, 回头看"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"))
    status = models.CharField(_("status"), max_length=20, choices=Status,
                              default=Status.RECORDED, db_index=True)
    decision = models.TextField(_("the leadership group's decision"), blank=True,
                                max_length=LONG_TEXT)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team lapse")
        verbose_name_plural = _("team lapses")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.team.name} · {self.membership.user}：{self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("teams:lapse_detail", args=[self.pk])
