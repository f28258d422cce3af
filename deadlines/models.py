from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from config.limits import LONG_TEXT, sensible_date

from . import calendar


class HolidayOverride(models.Model):
    """An official notice (or the office's estimate) that beats the calendar package."""

    class Source(models.TextChoices):
        OFFICIAL = "official", _("Official notice")
        ESTIMATED = "estimated", _("Estimated")

    day = models.DateField(_("date"), unique=True, validators=[sensible_date])
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200)
    source = models.CharField(_("source"), max_length=20, choices=Source, default=Source.OFFICIAL)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday override")
        verbose_name_plural = _("holiday overrides")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day} {self.note}"


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Deadline.Status.OPEN)

    def pending(self):
        """Still to be acted on: open, or missed and not yet met late."""
        return self.filter(status__in=[Deadline.Status.OPEN, Deadline.Status.MISSED])

    def due_before(self, day):
        return self.filter(due_on__lte=day)

    def for_subject(self, subject):
        return self.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )


class Deadline(models.Model):
    class Kind(models.TextChoices):
        ONSITE_END = "onsite_end", _("On-site inspection ends")
        HEARING = "hearing", _("Leadership group hears the report")
        SPECIAL_MEETING = "special_meeting", _("Special meeting and democratic life meeting")
        RECTIFICATION_PLAN = "rectification_plan", _("Submit the rectification plan")
        RECTIFICATION_REPORT = "rectification_report", _("Submit the rectification report")
        CLUE_RESULT = "clue_result", _("Clue handling result")
        ITEM_DUE = "item_due", _("Rectification item due")
        IMMEDIATE_REPLY = "immediate_reply", _("Reply to an immediate rectification notice")
        MATERIAL_REQUEST = "material_request", _("Provide what the team asked for")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        MISSED = "missed", _("Overdue")
        WAIVED = "waived", _("Waived")

    class Level(models.IntegerChoices):
        NONE = calendar.NONE, _("Not due soon")
        YELLOW = calendar.YELLOW, _("Yellow warning")
        RED = calendar.RED, _("Red warning")
        OVERDUE = calendar.OVERDUE, _("Overdue")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    content_type = models.ForeignKey(ContentType, models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    inspection = models.ForeignKey(
        "inspections.Inspection", models.PROTECT, null=True, blank=True,
        related_name="deadlines", verbose_name=_("inspection"),
    )
    # The unit that must act (target unit or receiving organ): scopes visibility and escalation.
    unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="deadlines",
        verbose_name=_("responsible unit"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("responsible person"),
    )
    rule = models.CharField(_("rule"), max_length=10)
    start_on = models.DateField(_("starts"), validators=[sensible_date])
    nominal_due_on = models.DateField(_("nominal due date"), validators=[sensible_date])
    due_on = models.DateField(_("due date"), validators=[sensible_date])
    is_estimated = models.BooleanField(_("estimated"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    # Claimed by the sweep's conditional UPDATE, so two sweeps never send the same reminder.
    level = models.PositiveSmallIntegerField(_("reminder level"), choices=Level, default=Level.NONE)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    days_late = models.PositiveIntegerField(_("days late"), default=0)
    waive_reason = models.CharField(_("waiver reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = DeadlineQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["level"])

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(status="open"), name="deadline_open_due"),
            # Pending lists (open or missed, soonest first: the deadline list, every home page's
            # top ten) read this in order instead of sorting every deadline.
            models.Index(fields=["due_on", "id"], condition=Q(status__in=["open", "missed"]),
                         name="deadline_pending_due"),
            models.Index(fields=["content_type", "object_id"], name="deadline_subject"),
            models.Index(fields=["unit", "status"], name="deadline_unit_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deadlines:deadline_detail", args=[self.pk])

    def period_display(self):
        """The rule in words: "15 天", "1 个月", "第 20 个工作日"."""
        from .calendar import parse_rule

        count, unit = parse_rule(self.rule)
        if unit == "d":
            return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}
        if unit == "m":
            return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}
        return _("working day %(count)s") % {"count": count}

    def days_left(self, today):
        return (self.due_on - today).days

    def current_level(self, today):
        if self.status not in {self.Status.OPEN, self.Status.MISSED}:
            return self.Level.NONE
        return calendar.reminder_level(self.start_on, self.due_on, today)


def annotate_today(deadlines, today):
    """Sets days_left_today, days_overdue and level_today for display."""
    for deadline in deadlines:
        deadline.days_left_today = deadline.days_left(today)
        deadline.days_overdue = max(0, -deadline.days_left_today)
        deadline.level_today = deadline.current_level(today)
    return deadlines


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications",
    )
    deadline = models.ForeignKey(
        Deadline, models.CASCADE, null=True, blank=True, related_name="notifications",
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True, max_length=LONG_TEXT)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            # The mail task looks for the few not yet mailed among millions that were.
            models.Index(fields=["id"], condition=Q(emailed_at__isnull=True),
                         name="notification_unmailed"),
        ]
        constraints = [
            # A second sweep that somehow got past the claim still cannot remind twice.
            models.UniqueConstraint(
                fields=["deadline", "level", "recipient"],
                condition=Q(deadline__isnull=False, level__isnull=False),
                name="one_reminder_per_level_and_person",
            )
        ]

    def __str__(self):
        return self.title


class Todo(models.Model):
    """One piece of work waiting for one person (DESIGN §2, oversight): written by the service
    that hands the work over, beside the notice, and closed when anyone entitled takes one of
    the actions of that work, so that the 待办 queue is one indexed query however many objects
    a person is responsible for."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="todos")
    content_type = models.ForeignKey(ContentType, models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # The actions table (its label, e.g. "rectification.RectificationPlan") and the action
    # that does the work; the other actions of the same work settle it too.
    table = models.CharField(max_length=60)
    action = models.CharField(max_length=40)
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(max_length=300)
    deadline = models.ForeignKey(Deadline, models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                blank=True, related_name="+")

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["recipient", "created_at"], condition=Q(done_at__isnull=True),
                         name="todo_open_by_recipient"),
            models.Index(fields=["content_type", "object_id"],
                         condition=Q(done_at__isnull=True), name="todo_open_by_subject"),
        ]
        constraints = [
            # A second hand-off of the same work (a plan resubmitted) keeps one line.
            models.UniqueConstraint(
                fields=["recipient", "content_type", "object_id", "table", "action"],
                condition=Q(done_at__isnull=True), name="one_open_todo_per_work"),
        ]

    def __str__(self):
        return self.title
