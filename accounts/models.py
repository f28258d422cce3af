from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """Global roles; each is a Django group kept in sync with the role records below."""

    OFFICE = "office", _("Inspection office")
    LEADERSHIP = "leadership_group", _("Leadership group")
    PARTY_GROUP = "party_group", _("Party group")
    UNIT_CONTACT = "unit_contact", _("Target unit contact")
    ORGAN_HANDLER = "organ_handler", _("Receiving organ handler")
    # 三员 (等保 2.0): separated from each other and from every business role.
    SYSADMIN = "sysadmin", _("System administrator")
    SECURITY_OFFICER = "security_officer", _("Security officer")
    AUDITOR = "auditor", _("Security auditor")


ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECURITY_OFFICER, Role.AUDITOR})
BUSINESS_ROLES = frozenset(Role) - ADMIN_ROLES


class OrgUnitQuerySet(models.QuerySet):
    def subordinate_units(self):
        return self.filter(kind=OrgUnit.Kind.UNIT)

    def receiving_organs(self):
        return self.filter(is_receiving_organ=True)

    def active(self):
        return self.filter(is_active=True)


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        DIVISION = "division", _("Division")
        UNIT = "unit", _("Subordinate unit")

    class OrganKind(models.TextChoices):
        DISCIPLINE = "discipline", _("Discipline inspection organ")
        HR = "hr", _("Human resources department")
        OTHER = "other", _("Other department")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent unit"),
    )
    is_receiving_organ = models.BooleanField(_("receives transferred clues"), default=False)
    organ_kind = models.CharField(_("organ kind"), max_length=20, choices=OrganKind, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrgUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(is_receiving_organ=False, organ_kind="")
                    | (models.Q(is_receiving_organ=True) & ~models.Q(organ_kind=""))
                ),
                name="orgunit_organ_kind_iff_receiving",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("accounts:orgunit_detail", args=[self.pk])


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, models.PROTECT, null=True, blank=True, related_name="staff",
        verbose_name=_("organisation unit"),
    )
    position_title = models.CharField(_("position"), max_length=60, blank=True)
    # Seeded demo accounts can only log in while DEBUG is on (see accounts.backends).
    is_demo = models.BooleanField(default=False, editable=False)
    # An integrating system (the provincial platform, a unit's own ledger): no password sign-in,
    # only tokens the security officer issues.
    api_only = models.BooleanField(
        _("interface account"), default=False,
        help_text=_("For another system: it cannot sign in and works only with tokens the "
                    "security officer issues."))
    password_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Raised when roles change or the account is disabled: every older session ends.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["last_login", "password", "session_epoch"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "username"]

    def __str__(self):
        return self.full_name or self.username

    def with_post(self):
        """For attendance lists: the name, and the post or unit when one is known."""
        about = self.position_title or self.org_unit
        return f"{self}（{about}）" if about else str(self)

    def get_absolute_url(self):
        return reverse("accounts:user_detail", args=[self.pk])

    @cached_property
    def role_names(self):
        # groups.all() so a prefetch on list pages is used.
        return frozenset(group.name for group in self.groups.all())

    def role_labels(self):
        return [role.label for role in Role if role in self.role_names]

    def has_role(self, *roles):
        return self.is_active and any(str(role) in self.role_names for role in roles)

    @cached_property
    def office_membership(self):
        return OfficeMember.objects.filter(user=self).first()

    def is_office_director(self):
        member = self.office_membership
        return member is not None and member.position == OfficeMember.Position.DIRECTOR


class PasswordHistory(models.Model):
    """The hashes of a person's last passwords: a new one may not repeat them (等保 L3)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class Administrator(models.Model):
    """三员: system administrator, security officer, security auditor (等保 2.0 L3)."""

    class Kind(models.TextChoices):
        SYSADMIN = Role.SYSADMIN.value, Role.SYSADMIN.label
        SECURITY_OFFICER = Role.SECURITY_OFFICER.value, Role.SECURITY_OFFICER.label
        AUDITOR = Role.AUDITOR.value, Role.AUDITOR.label

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.PROTECT,
                                related_name="administrator", verbose_name=_("person"))
    kind = models.CharField(_("duty"), max_length=20, choices=Kind)

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("administrator (三员)")
        verbose_name_plural = _("administrators (三员)")
        ordering = ["kind", "user__full_name"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.user}"


class PartyGroupMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="party_group_membership",
        verbose_name=_("person"),
    )
    is_secretary = models.BooleanField(_("party secretary"), default=False)
    duty = models.CharField(_("duty"), max_length=100, blank=True)
    supervised_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="supervising_party_members",
        verbose_name=_("supervised units"),
    )

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[supervised_units])

    class Meta:
        verbose_name = _("party group member")
        verbose_name_plural = _("party group members")
        ordering = ["-is_secretary", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_secretary"], condition=models.Q(is_secretary=True),
                name="one_party_secretary",
            )
        ]

    def __str__(self):
        return str(self.user)


class LeadershipGroupMember(models.Model):
    class Position(models.TextChoices):
        LEADER = "leader", _("Group leader")
        DEPUTY = "deputy", _("Deputy group leader")
        MEMBER = "member", _("Member")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="leadership_membership",
        verbose_name=_("person"),
    )
    position = models.CharField(_("position"), max_length=20, choices=Position)
    duty = models.CharField(_("duty"), max_length=100, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leadership group member")
        verbose_name_plural = _("leadership group members")
        ordering = ["position", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["position"], condition=models.Q(position="leader"),
                name="one_leadership_group_leader",
            )
        ]

    def __str__(self):
        return str(self.user)


class OfficeMember(models.Model):
    class Position(models.TextChoices):
        DIRECTOR = "director", _("Office director")
        DEPUTY_DIRECTOR = "deputy_director", _("Deputy office director")
        LIAISON = "liaison", _("Liaison officer")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="office_member",
        verbose_name=_("person"),
    )
    position = models.CharField(_("position"), max_length=20, choices=Position)

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("office member")
        verbose_name_plural = _("office members")
        ordering = ["position", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["position"], condition=models.Q(position="director"),
                name="one_office_director",
            )
        ]

    def __str__(self):
        return str(self.user)


class UnitContact(models.Model):
    class Position(models.TextChoices):
        MAIN_LEADER = "main_leader", _("Main leader")
        CONTACT = "contact", _("Rectification contact")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="unit_contacts",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="contacts", verbose_name=_("unit"),
    )
    position = models.CharField(_("position"), max_length=20, choices=Position)

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit contact")
        verbose_name_plural = _("unit contacts")
        ordering = ["unit__sort_order", "unit__name", "position"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="unit_contact_once"),
            models.UniqueConstraint(
                fields=["unit"], condition=models.Q(position="main_leader"),
                name="one_main_leader_per_unit",
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.user}"


class OrganHandler(models.Model):
    """A person who signs for and reports on clues transferred to a receiving organ (Art 20–21)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="organ_handlers",
        verbose_name=_("person"),
    )
    organ = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="handlers", verbose_name=_("receiving organ"),
        limit_choices_to={"is_receiving_organ": True},
    )

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("receiving organ handler")
        verbose_name_plural = _("receiving organ handlers")
        ordering = ["organ__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organ"], name="organ_handler_once"),
        ]

    def __str__(self):
        return f"{self.organ} · {self.user}"
