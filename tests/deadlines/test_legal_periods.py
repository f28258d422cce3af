"""Each step's legal period, driven through the service that creates its deadline.

Start dates are chosen where the rule and its look-alikes give different days, on ordinary
working days of 2026 so no holiday hides the difference: 15 days vs 14 and 16, one month vs
30 and 31 days (from a February start), two months vs 60 days, three months vs 90 days, and the
20th and 40th working day vs the 19th and 41st."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from clues import services as clues
from deadlines import clock
from deadlines.models import Deadline
from inspections import services as inspections
from rectification import services as rectification

SHANGHAI = ZoneInfo("Asia/Shanghai")
K = Deadline.Kind


def at(day):
    return clock.frozen(datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI))


def signed_for_on(request, day):
    given, main_leader = request.getfixturevalue("given"), request.getfixturevalue("main_leader")
    with at(day):
        rectification.feedback_sign_for(feedback=given, by=main_leader,
                                        expected_version=given.version)
    return given.inspection


def onsite_ended_on(request, day):
    request.getfixturevalue("fieldwork")  # the team is on site
    inspection = request.getfixturevalue("notified")
    inspection.refresh_from_db()
    with at(day):
        # The test days are chosen for the month lengths, not the 20-working-day stay (Art 11).
        inspection = inspections.inspection_decide_early_end(
            inspection=inspection, by=request.getfixturevalue("office_director"),
            reason="测试：按月份长度选定的日期", expected_version=inspection.version)
        inspections.inspection_end_onsite(inspection=inspection,
                                          by=request.getfixturevalue("team_leader"),
                                          ended_on=day)
    return inspection


def clue_signed_for_on(request, day):
    inspection = request.getfixturevalue("notified")
    clue = clues.clue_register(inspection=inspection, by=request.getfixturevalue("team_member"),
                               kind="problem", category="integrity", summary="线索",
                               persons="张某")
    clue = clues.clue_classify(clue=clue, by=request.getfixturevalue("leadership_leader"),
                               decision="discipline",
                               organ=request.getfixturevalue("discipline_organ"),
                               meeting="领导小组会议", expected_version=clue.version)
    clue = clues.clue_transfer(clue=clue, by=request.getfixturevalue("office_staff"),
                               expected_version=clue.version)
    with at(day):
        clues.clue_sign_for(clue=clue, by=request.getfixturevalue("discipline_handler"),
                            expected_version=clue.version)
    return inspection


def notice_for_stay(request, entry, end):
    office = request.getfixturevalue("office_director")
    inspection = request.getfixturevalue("authorised_team").inspections.get()
    inspection = inspections.inspection_save(
        by=office, round_=inspection.round, inspection=inspection,
        expected_version=inspection.version, planned_entry_on=entry, planned_end_on=end)
    with at(date(2026, 10, 20)):
        inspections.notice_issue(inspection=inspection, by=office, addressee="中共某委员会",
                                 body="定于11月2日进驻")
    return inspection


PERIODS = [
    # step, how the deadline starts, start, due, (what the look-alike rules would give)
    (K.SPECIAL_MEETING, signed_for_on, "2026-11-18", "2026-12-03"),  # 14d 12-02, 16d 12-04
    (K.RECTIFICATION_PLAN, signed_for_on, "2026-02-10", "2026-03-10"),  # 30d 03-12, 31d 03-13
    (K.RECTIFICATION_REPORT, signed_for_on, "2026-02-10", "2026-04-10"),  # 60d → 04-13
    (K.HEARING, onsite_ended_on, "2026-02-10", "2026-03-10"),  # 30d 03-12, 31d 03-13
    (K.CLUE_RESULT, clue_signed_for_on, "2026-03-10", "2026-06-10"),  # 90d 06-08
]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "start", "on", "due"), PERIODS,
                         ids=[row[0] for row in PERIODS])
def test_each_step_runs_its_legal_period(request, kind, start, on, due):
    inspection = start(request, date.fromisoformat(on))
    deadline = Deadline.objects.get(inspection=inspection, kind=kind)
    assert (deadline.start_on, deadline.due_on) == (date.fromisoformat(on),
                                                    date.fromisoformat(due))


@pytest.mark.django_db
@pytest.mark.parametrize(("end", "working_days"), [("2026-11-27", 20), ("2026-12-25", 40)])
def test_the_on_site_deadline_is_the_planned_working_day(request, end, working_days):
    """Art 11: 20–40 working days, the entry day (a Monday) counting as day 1."""
    inspection = notice_for_stay(request, date(2026, 11, 2), date.fromisoformat(end))
    deadline = Deadline.objects.get(inspection=inspection, kind=K.ONSITE_END)
    assert (deadline.rule, deadline.due_on) == (f"{working_days}wd", date.fromisoformat(end))


@pytest.mark.django_db
@pytest.mark.parametrize("end", ["2026-11-26", "2026-12-28"])  # the 19th and the 41st
def test_a_stay_outside_20_to_40_working_days_needs_the_office_decision(request, end):
    with pytest.raises(ValidationError) as refused:
        notice_for_stay(request, date(2026, 11, 2), date.fromisoformat(end))
    assert "duration_exception_reason" in refused.value.message_dict
