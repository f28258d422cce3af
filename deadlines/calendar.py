"""Legal date arithmetic (民法典 art 201–203) over the official working-day calendar.

Pure functions: the only input besides dates is a `WorkCalendar`, which holds the office's
HolidayOverride rows (loaded by the caller). Day sources, in order: overrides, the
chinesecalendar package, then Monday–Friday marked as estimated (预估). Never raises for a year the
package does not know.
"""

import calendar as gregorian
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil

import chinese_calendar

# Guards loops against a calendar made entirely of rest days by a wrong override.
MAX_SCAN_DAYS = 366 * 2


@dataclass(frozen=True)
class Override:
    is_workday: bool
    estimated: bool = False


def official_calendar(day):
    """The State Council calendar as the installed package knows it; NotImplementedError for a
    year it does not know yet. The test suite replaces it with a fixed stand-in so that no
    result depends on how recent the installed package is."""
    return chinese_calendar.is_workday(day)


@dataclass(frozen=True)
class WorkCalendar:
    overrides: dict = field(default_factory=dict)

    def lookup(self, day):
        """(is_working_day, estimated) for one date."""
        if (override := self.overrides.get(day)) is not None:
            return override.is_workday, override.estimated
        try:
            return official_calendar(day), False
        except NotImplementedError:
            return day.weekday() < 5, True


EMPTY = WorkCalendar()


@dataclass(frozen=True)
class DueDate:
    nominal: date
    due: date
    estimated: bool


def is_working_day(day, cal=EMPTY):
    return cal.lookup(day)[0]


def _first_working_day_from(day, cal):
    """The first working day on or after `day`, and whether any day looked at was estimated."""
    estimated = False
    for offset in range(MAX_SCAN_DAYS):
        candidate = day + timedelta(days=offset)
        working, guess = cal.lookup(candidate)
        estimated |= guess
        if working:
            return candidate, estimated
    raise ValueError(f"No working day within {MAX_SCAN_DAYS} days of {day}.")


def next_working_day(day, cal=EMPTY):
    """The first working day strictly after `day`."""
    return _first_working_day_from(day + timedelta(days=1), cal)[0]


def _ending_on(nominal, cal):
    # 民法典 art 203: a last day that is a rest day or holiday moves to the next working day.
    due, estimated = _first_working_day_from(nominal, cal)
    return DueDate(nominal=nominal, due=due, estimated=estimated)


def add_days(start, days, cal=EMPTY):
    # 民法典 art 201: the start day is not counted.
    return _ending_on(start + timedelta(days=days), cal)


def add_months(start, months, cal=EMPTY):
    # 民法典 art 202: the same day number; a month without it ends on its last day.
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, gregorian.monthrange(year, month)[1])
    return _ending_on(date(year, month, day), cal)


def nth_working_day(start, n, cal=EMPTY):
    """The nth working day counting `start` as day 1 when it is a working day."""
    if n < 1:
        raise ValueError("n must be at least 1.")
    count, estimated, day = 0, False, start
    for _ in range(MAX_SCAN_DAYS * 2):
        working, guess = cal.lookup(day)
        estimated |= guess
        if working:
            count += 1
            if count == n:
                return DueDate(nominal=day, due=day, estimated=estimated)
        day += timedelta(days=1)
    raise ValueError(f"No {n}th working day found after {start}.")


def working_days_between(first, last, cal=EMPTY):
    """Working days from `first` to `last`, both included (0 if last is before first)."""
    return sum(
        1 for offset in range((last - first).days + 1)
        if cal.lookup(first + timedelta(days=offset))[0]
    )


RULE_PATTERN = re.compile(r"^(?P<count>[1-9]\d{0,3})(?P<unit>d|m|wd)$")


def parse_rule(rule):
    """'15d', '1m', '20wd' → (count, unit); ValueError for anything else."""
    match = RULE_PATTERN.match(rule.strip()) if isinstance(rule, str) else None
    if match is None:
        raise ValueError(
            f"Bad rule {rule!r}: use Nd (days), Nm (months) or Nwd (Nth working day)."
        )
    return int(match["count"]), match["unit"]


def due_date(start, rule, cal=EMPTY):
    count, unit = parse_rule(rule)
    if unit == "d":
        return add_days(start, count, cal)
    if unit == "m":
        return add_months(start, count, cal)
    return nth_working_day(start, count, cal)


# 三色预警 (DESIGN §5): yellow when a third of the period or 5 days remain, whichever is less, but
# at least 2 days; red 2 days before; overdue from the day after the due date.
NONE, YELLOW, RED, OVERDUE = 0, 1, 2, 3
RED_DAYS = 2
YELLOW_MAX_DAYS = 5


def yellow_days(start_on, due_on):
    period = (due_on - start_on).days
    return max(RED_DAYS, min(ceil(period / 3), YELLOW_MAX_DAYS))


def reminder_level(start_on, due_on, today):
    remaining = (due_on - today).days
    if remaining < 0:
        return OVERDUE
    if remaining <= RED_DAYS:
        return RED
    if remaining <= yellow_days(start_on, due_on):
        return YELLOW
    return NONE


def reminder_horizon(today):
    """No deadline due after this day can have a reminder level today."""
    return today + timedelta(days=YELLOW_MAX_DAYS)
