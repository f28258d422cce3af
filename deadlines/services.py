"""Deadline life cycle, calendar overrides and the reminder sweep (DESIGN §5)."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.statemachine import check_version, locked, save_versioned, transition

from . import calendar, clock
from .actions import CALENDAR_ACTIONS, DEADLINE_ACTIONS
from .models import Deadline, HolidayOverride, Notification
from .recipients import RecipientCache, recipient_ids
from .todos import todos_write

S = Deadline.Status
TRANSITIONS = {
    (S.OPEN, "meet"): S.MET,
    (S.MISSED, "meet"): S.MET,
    (S.OPEN, "waive"): S.WAIVED,
    (S.MISSED, "waive"): S.WAIVED,
    (S.OPEN, "recompute"): S.OPEN,
    (S.MISSED, "recompute"): S.MISSED,
    (S.MISSED, "reopen"): S.OPEN,
}
# The sweep's claim moves OPEN → MISSED in bulk; it is listed here so the table stays complete.
SWEEP_MISS = (S.OPEN, "miss")
TRANSITIONS[SWEEP_MISS] = S.MISSED


def _transition(deadline, action, *, by, expected_version=None, reason=""):
    transition(deadline, action, TRANSITIONS, by=by, expected_version=expected_version,
               reason=reason)


def load_calendar():
    return calendar.WorkCalendar({
        row.day: calendar.Override(
            is_workday=row.is_workday, estimated=row.source == HolidayOverride.Source.ESTIMATED
        )
        for row in HolidayOverride.objects.all()
    })


LEVEL_TITLES = {
    None: gettext_noop("Deadline set: %(title)s, due %(due)s"),
    Deadline.Level.YELLOW: gettext_noop("Yellow warning: %(title)s is due %(due)s"),
    Deadline.Level.RED: gettext_noop("Red warning: %(title)s is due %(due)s"),
    Deadline.Level.OVERDUE: gettext_noop("Overdue: %(title)s was due %(due)s"),
}


def _notification_rows(deadline, level, user_ids, *, message=None):
    title = message or _(LEVEL_TITLES[level]) % {"title": deadline.title, "due": deadline.due_on}
    return [
        Notification(recipient_id=user_id, deadline=deadline, level=level, title=title[:200],
                     url=deadline.get_absolute_url())
        for user_id in sorted(user_ids)
    ]


def _send(rows):
    """Stores in-app notifications in the caller's transaction; one e-mail task after commit."""
    if not rows:
        return 0
    # A reminder level already sent to a person (unique constraint) is skipped, never repeated.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    from . import tasks

    transaction.on_commit(lambda: tasks.send_notification_emails.delay(), robust=True)
    return len(rows)


def _notify(deadline, level, user_ids, *, message=None):
    return _send(_notification_rows(deadline, level, user_ids, message=message))


def about_title(title, inspection=None):
    """A title that starts with the inspection's unit and round, so that two never read alike."""
    return f"{inspection.target_unit} · {inspection.round}：{title}" if inspection else title


def notify(*, users, title, url="", body="", about=None, awaits=None, deadline_kind=None,
           dated=True):
    """Tells people that something awaits them or concerns them: an in-app notice now, one
    e-mail each after the transaction commits. `users` are users or user ids.

    `about` is the inspection the work belongs to: the title then starts with its unit and
    round ("青海省地质调查局 · 2026年第二轮巡察：…"), so two notices never read the same.
    `awaits` = (actions table, action, object) hands work over: it also enters the 待办 of
    those of `users` who may take that action now, due when the object's pending deadline of
    `deadline_kind` is due (by default its earliest; `dated=False`: no deadline binds it)."""
    title = about_title(title, about)
    ids = {getattr(user, "pk", user) for user in users} - {None}
    if awaits is not None:
        table, action, obj = awaits
        todos_write(users=ids, table=table, action=action, obj=obj, title=title, url=url,
                    deadline_kind=deadline_kind, dated=dated)
    return _send([Notification(recipient_id=user_id, title=str(title)[:200], body=body, url=url)
                  for user_id in sorted(ids)])


def check_happened(day, *, field, earliest=None, earliest_text=""):
    """A date on which something is recorded as having happened: not later than today, and
    not before the event that must come first (`earliest`, described by `earliest_text`)."""
    if day is None:
        return
    today = clock.today()
    if day > today:
        raise ValidationError({field: _(
            "%(day)s is in the future: record what has happened, on the day it happened.")
            % {"day": day.isoformat()}}, code="future")
    if earliest is not None and day < earliest:
        raise ValidationError({field: _("%(day)s is before %(event)s (%(earliest)s).") % {
            "day": day.isoformat(), "event": earliest_text, "earliest": earliest.isoformat()}},
            code="too_early")


def check_chosen_due_date(day, *, field, earliest):
    """A due date a person chooses (an item's, a reply's) is the day every page shows: it must
    be a working day, or the statutory rule would move the deadline to another day than the one
    the ledger shows, and it cannot lie before `earliest`."""
    if day is None:
        return
    cal = load_calendar()
    if day < earliest:
        first = calendar.add_days(earliest, 0, cal).due  # the first working day from then
        raise ValidationError({field: _("Choose %(day)s or later.") % {
            "day": first.isoformat()}}, code="too_early")
    working_day = calendar.add_days(day, 0, cal).due
    if working_day != day:
        raise ValidationError({field: _(
            "%(day)s is not a working day: a deadline falling on it would move to %(next)s. "
            "Choose a working day.") % {"day": day.isoformat(), "next": working_day.isoformat()}},
            code="rest_day")


def deadline_create_due_on(*, kind, subject, title, due_on, by=None, unit=None, owner=None,
                           inspection=None):
    """A deadline on the exact day a person chose (checked by `check_chosen_due_date`)."""
    today = clock.today()
    return deadline_create(kind=kind, subject=subject, title=title, start_on=today,
                           rule=f"{(due_on - today).days}d", by=by, unit=unit, owner=owner,
                           inspection=inspection)


def deadline_create(*, kind, subject, title, start_on, rule, by=None, unit=None, owner=None,
                    inspection=None):
    result = calendar.due_date(start_on, rule, load_calendar())
    with transaction.atomic():
        deadline = Deadline(
            kind=kind, subject=subject, title=title, unit=unit, owner=owner, rule=rule,
            inspection=inspection,
            start_on=start_on, nominal_due_on=result.nominal, due_on=result.due,
            is_estimated=result.estimated,
        )
        deadline._history_user, deadline._change_reason = by, "create"
        deadline.full_clean()
        deadline.save()
        _notify(deadline, None, recipient_ids(
            kind=kind, unit_id=deadline.unit_id, owner_id=deadline.owner_id, level=None))
    return deadline


def deadline_meet(*, subject, kind, by, at=None, on=None):
    """Records that the act the deadline asked for happened; late acts record how late.

    `on` is the day the act happened when it is recorded afterwards (a hearing entered a week
    later is judged by its meeting date, not by the day of data entry)."""
    at = at or clock.now()
    with transaction.atomic():
        deadline = (
            Deadline.objects.select_for_update().pending().for_subject(subject)
            .filter(kind=kind).first()
        )
        if deadline is None:
            return None
        deadline.met_at = at
        acted_on = on or timezone.localdate(at)
        deadline.days_late = max(0, (acted_on - deadline.due_on).days)
        _transition(deadline, "meet", by=by)
    return deadline


def deadline_waive(*, deadline, by, reason, expected_version):
    DEADLINE_ACTIONS.ensure_can(by, "waive", deadline)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for waiving this deadline.")})
    with transaction.atomic():
        deadline = locked(deadline)
        deadline.waive_reason = reason.strip()
        _transition(deadline, "waive", by=by, expected_version=expected_version,
                    reason=reason.strip())
    return deadline


def _recompute(deadline, cal, *, by, today):
    result = calendar.due_date(deadline.start_on, deadline.rule, cal)
    if (result.nominal, result.due, result.estimated) == (
        deadline.nominal_due_on, deadline.due_on, deadline.is_estimated
    ):
        return False
    previous_due = deadline.due_on
    deadline.nominal_due_on, deadline.due_on = result.nominal, result.due
    deadline.is_estimated = result.estimated
    # A later due date lowers the level so its reminders come again at the right time.
    deadline.level = min(deadline.level, calendar.reminder_level(
        deadline.start_on, deadline.due_on, today))
    if deadline.status == S.MISSED and result.due >= today:
        _transition(deadline, "reopen", by=by, reason="calendar override")
    else:
        _transition(deadline, "recompute", by=by, reason="calendar override")
    if previous_due != result.due:
        message = _("Due date of %(title)s moved from %(old)s to %(new)s (calendar change).") % {
            "title": deadline.title, "old": previous_due, "new": result.due}
        _notify(deadline, None, recipient_ids(
            kind=deadline.kind, unit_id=deadline.unit_id, owner_id=deadline.owner_id,
            level=deadline.level or None), message=message)
    return True


def holiday_override_save(*, by, day, is_workday, note, source, override=None,
                          expected_version=None):
    """Saves an override and recomputes the pending deadlines whose dates it can change."""
    CALENDAR_ACTIONS.ensure_can(by, "edit" if override else "create", override)
    with transaction.atomic():
        previous_day = None
        if override is None:
            override = HolidayOverride(day=day)
        else:
            override = locked(override)
            check_version(override, expected_version)
            previous_day = override.day
        override.day, override.is_workday, override.note, override.source = (
            day, is_workday, note, source)
        save_versioned(override, by=by, reason="save")
        moved = _recompute_around(day, by=by)
        if previous_day not in {None, day}:
            # The old day no longer overrides anything: deadlines around it move back.
            moved += _recompute_around(previous_day, by=by)
    return override, moved


def holiday_override_delete(*, override, by):
    CALENDAR_ACTIONS.ensure_can(by, "delete", override)
    with transaction.atomic():
        day = override.day
        override._history_user, override._change_reason = by, "delete"
        override.delete()
        return _recompute_around(day, by=by)


def _recompute_around(day, *, by):
    # Only days from the start to the due date are looked at when computing a due date.
    cal, today = load_calendar(), clock.today()
    affected = Deadline.objects.select_for_update().pending().filter(
        start_on__lte=day, due_on__gte=day
    )
    return sum(_recompute(deadline, cal, by=by, today=today) for deadline in affected)


def _claim(ids, level):
    """Raises `level` on rows still open and below it; returns the ids this caller won.

    `status = 'open'` in the WHERE clause makes a deadline met or waived since the selection
    lose the race instead of being reminded (and, at overdue, turned back into missed).
    """
    table = Deadline._meta.db_table
    overdue = level == Deadline.Level.OVERDUE
    # Overdue is also the OPEN → MISSED transition (SWEEP_MISS); it bumps the version so a
    # form opened before the sweep is refused as stale.
    assignments = "level = %s" + (", status = %s, version = version + 1" if overdue else "")
    claimed = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        placeholders = ", ".join(["%s"] * len(chunk))
        params = [level, *([TRANSITIONS[SWEEP_MISS]] if overdue else []), *chunk, level,
                  S.OPEN]
        with connection.cursor() as cursor:
            # Only the model's own table name and fixed column names are formatted in; every
            # value is a parameter.
            cursor.execute(
                f"UPDATE {table} SET {assignments} "  # nosec B608
                f"WHERE id IN ({placeholders}) AND level < %s AND status = %s RETURNING id",
                params,
            )
            claimed.extend(row[0] for row in cursor.fetchall())
    return claimed


def deadline_sweep(*, today):
    """One indexed query, then per level a conditional UPDATE that only one sweep can win.

    A deadline jumps straight to the level it should have today, so after an outage the next
    sweep sends only the current reminder, not every one it missed.
    """
    rows = (
        Deadline.objects.open().due_before(calendar.reminder_horizon(today))
        .filter(level__lt=Deadline.Level.OVERDUE)
        .values_list("pk", "start_on", "due_on", "level")
    )
    by_level = {}
    for pk, start_on, due_on, level in rows:
        target = calendar.reminder_level(start_on, due_on, today)
        if target > level:
            by_level.setdefault(target, []).append(pk)

    recipients, sent = RecipientCache(), 0
    for level, ids in sorted(by_level.items()):
        with transaction.atomic():
            claimed = _claim(ids, level)
            deadlines = list(Deadline.objects.filter(pk__in=claimed))
            if level == Deadline.Level.OVERDUE and deadlines:
                # The claim bypassed save(); record the OPEN → MISSED change in history.
                Deadline.history.bulk_history_create(
                    deadlines, update=True, default_change_reason="sweep: overdue")
            sent += _send([
                row for deadline in deadlines
                for row in _notification_rows(deadline, level, recipients(
                    kind=deadline.kind, unit_id=deadline.unit_id, owner_id=deadline.owner_id,
                    level=level))
            ])
    return sent
