from datetime import date

import pytest

from deadlines import calendar
from deadlines.calendar import Override, WorkCalendar

D = date.fromisoformat
# The suite's calendar knows 2026 and earlier (tests/conftest.py), whatever package is installed.
KNOWN = WorkCalendar()

# (start, rule, nominal, due, estimated). Expected dates come from the State Council holiday
# notices for each year, not from the calendar package.
CASES = [
    # DESIGN §5 public examples (2026).
    ("2026-09-20", "15d", "2026-10-05", "2026-10-08", False),  # National Day moves it
    ("2026-02-05", "15d", "2026-02-20", "2026-02-24", False),  # Spring Festival
    ("2026-01-31", "1m", "2026-02-28", "2026-02-28", False),  # 调休 Saturday is a working day
    ("2026-08-07", "2m", "2026-10-07", "2026-10-08", False),
    ("2026-09-14", "20wd", "2026-10-15", "2026-10-15", False),
    ("2026-09-14", "40wd", "2026-11-12", "2026-11-12", False),
    # 2020: Spring Festival extended to 02-02; 01-19 (Sunday) was a working day.
    ("2020-01-09", "15d", "2020-01-24", "2020-02-03", False),
    ("2020-01-04", "15d", "2020-01-19", "2020-01-19", False),
    ("2020-09-12", "15d", "2020-09-27", "2020-09-27", False),  # 调休 Sunday
    ("2020-09-20", "15d", "2020-10-05", "2020-10-09", False),  # National Day + Mid-Autumn 1–8
    # 2021: Spring Festival 02-11…17, 02-07 (Sunday) and 02-20 (Saturday) worked.
    ("2021-01-23", "15d", "2021-02-07", "2021-02-07", False),
    ("2021-01-27", "15d", "2021-02-11", "2021-02-18", False),
    ("2021-02-05", "15d", "2021-02-20", "2021-02-20", False),
    # 2022: 01-29 and 01-30 (weekend) worked before the 01-31…02-06 holiday.
    ("2022-01-14", "15d", "2022-01-29", "2022-01-29", False),
    ("2022-01-20", "15d", "2022-02-04", "2022-02-07", False),
    # 2023: Spring Festival 01-21…27, 01-28 (Saturday) worked; 02-28 is not a leap day.
    ("2023-01-06", "15d", "2023-01-21", "2023-01-28", False),
    ("2023-01-31", "1m", "2023-02-28", "2023-02-28", False),
    ("2023-12-31", "3m", "2024-03-31", "2024-04-01", False),  # Sunday → Monday
    # 2024, a leap year: 01-31 + 1 month is 02-29; 02-18 (Sunday) worked.
    ("2024-01-31", "1m", "2024-02-29", "2024-02-29", False),
    ("2024-02-03", "15d", "2024-02-18", "2024-02-18", False),
    ("2024-09-14", "15d", "2024-09-29", "2024-09-29", False),  # 调休 Sunday
    ("2024-09-16", "15d", "2024-10-01", "2024-10-08", False),
    ("2024-11-30", "3m", "2025-02-28", "2025-02-28", False),  # month-end clamp
    # 2025: Spring Festival 01-28…02-04; National Day + Mid-Autumn 10-01…08, 10-11 worked.
    ("2025-01-13", "15d", "2025-01-28", "2025-02-05", False),
    ("2025-09-16", "15d", "2025-10-01", "2025-10-09", False),
    ("2025-09-26", "15d", "2025-10-11", "2025-10-11", False),
    ("2025-08-31", "1m", "2025-09-30", "2025-09-30", False),
    ("2025-12-31", "2m", "2026-02-28", "2026-02-28", False),  # clamp onto a 调休 Saturday
    # Working-day counts starting on a holiday: day 1 is the first working day.
    ("2026-10-01", "1wd", "2026-10-08", "2026-10-08", False),
    ("2025-01-28", "3wd", "2025-02-07", "2025-02-07", False),
    # Beyond the package's years: Monday–Friday, marked estimated, never an exception.
    ("2026-11-30", "3m", "2027-02-28", "2027-03-01", True),  # DESIGN clue example
    ("2027-01-02", "15d", "2027-01-17", "2027-01-18", True),
    ("2027-03-01", "20wd", "2027-03-26", "2027-03-26", True),
    ("2028-02-29", "1m", "2028-03-29", "2028-03-29", True),  # leap day start
]


@pytest.mark.parametrize(("start", "rule", "nominal", "due", "estimated"), CASES)
def test_due_date_table(start, rule, nominal, due, estimated):
    result = calendar.due_date(D(start), rule, KNOWN)
    assert (result.nominal, result.due, result.estimated) == (D(nominal), D(due), estimated)


def test_override_changes_an_estimated_result():
    official = WorkCalendar({D("2027-01-18"): Override(is_workday=False)})
    result = calendar.due_date(D("2027-01-02"), "15d", official)
    assert result.due == D("2027-01-19")
    # An official working-day override on the nominal day ends the estimate there.
    sunday_worked = WorkCalendar({D("2027-01-17"): Override(is_workday=True)})
    assert calendar.due_date(D("2027-01-02"), "15d", sunday_worked) == calendar.DueDate(
        D("2027-01-17"), D("2027-01-17"), False)


def test_working_days_between_counts_both_ends():
    assert calendar.working_days_between(D("2026-09-14"), D("2026-10-15")) == 20
    assert calendar.working_days_between(D("2026-09-14"), D("2026-11-12")) == 40
    assert calendar.working_days_between(D("2026-10-01"), D("2026-10-07")) == 0
    assert calendar.working_days_between(D("2026-10-08"), D("2026-10-07")) == 0


def test_is_and_next_working_day():
    assert calendar.is_working_day(D("2026-02-28"))  # 调休 Saturday
    assert not calendar.is_working_day(D("2026-10-05"))
    assert calendar.next_working_day(D("2026-09-30")) == D("2026-10-08")
    # A year unknown to the package: Friday 01-01 counts as a working day until overridden.
    assert calendar.next_working_day(D("2026-12-31"), KNOWN) == D("2027-01-01")
    new_year = WorkCalendar({D("2027-01-01"): Override(is_workday=False)})
    assert calendar.next_working_day(D("2026-12-31"), new_year) == D("2027-01-04")


@pytest.mark.parametrize("rule", ["", "0d", "15", "d15", "1y", "-3d", "99999d", "1.5m", None])
def test_bad_rules_are_refused(rule):
    with pytest.raises(ValueError):
        calendar.due_date(D("2026-01-01"), rule)


@pytest.mark.parametrize(("start", "due", "today", "level"), [
    ("2026-09-20", "2026-10-08", "2026-10-02", calendar.NONE),  # 6 days left, yellow at 5
    ("2026-09-20", "2026-10-08", "2026-10-03", calendar.YELLOW),
    ("2026-09-20", "2026-10-08", "2026-10-06", calendar.RED),
    ("2026-09-20", "2026-10-08", "2026-10-08", calendar.RED),  # the last day is still on time
    ("2026-09-20", "2026-10-08", "2026-10-09", calendar.OVERDUE),
    ("2026-10-01", "2026-10-07", "2026-10-04", calendar.NONE),  # a third of 6 days is 2: red
    ("2026-10-01", "2026-10-07", "2026-10-05", calendar.RED),
    ("2026-10-01", "2026-10-10", "2026-10-06", calendar.NONE),  # ceil(9 / 3) = 3 days
    ("2026-10-01", "2026-10-10", "2026-10-07", calendar.YELLOW),
])
def test_reminder_levels(start, due, today, level):
    assert calendar.reminder_level(D(start), D(due), D(today)) == level
