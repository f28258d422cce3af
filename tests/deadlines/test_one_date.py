"""One date, one truth: a date a person chooses is the day every page shows, and a date on which
something happened cannot lie in the future or before what must come first."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from deadlines import clock
from deadlines.models import Deadline, Notification
from deadlines.services import deadline_sweep
from inspections import services as inspections
from inspections.models import Inspection
from rectification import services as rectification

SHANGHAI = ZoneInfo("Asia/Shanghai")
K = Deadline.Kind
FRIDAY, SATURDAY, MONDAY = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 30)


def at(day):
    return clock.frozen(datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI))


def _item(plan, signed_for, unit_contact, due_on):
    return rectification.plan_item_save(
        plan=plan, by=unit_contact, finding=signed_for.findings.first(), measure="修订制度",
        due_on=due_on, responsible_leader="高书记", responsible_department="党委办公室")


@pytest.fixture
def plan(signed_for, unit_contact):
    with at(date(2026, 11, 25)):
        return rectification.plan_save(inspection=signed_for.inspection, by=unit_contact,
                                       summary="逐项整改")


@pytest.mark.django_db
def test_an_item_is_due_after_today_and_on_a_working_day(plan, signed_for, unit_contact):
    with at(FRIDAY):
        with pytest.raises(ValidationError) as today:
            _item(plan, signed_for, unit_contact, FRIDAY)
        # The first day offered is a working day, not the Saturday after.
        assert "2026-11-30" in str(today.value.message_dict["due_on"])
        with pytest.raises(ValidationError) as rest_day:
            _item(plan, signed_for, unit_contact, SATURDAY)
        assert "2026-11-30" in str(rest_day.value.message_dict["due_on"])
        assert _item(plan, signed_for, unit_contact, MONDAY).due_on == MONDAY


@pytest.mark.django_db
def test_the_items_deadline_falls_on_the_day_the_ledger_shows(plan, signed_for, unit_contact,
                                                              team_leader):
    with at(date(2026, 11, 25)):
        item = _item(plan, signed_for, unit_contact, MONDAY)
        plan.refresh_from_db()
        plan = rectification.plan_submit(plan=plan, by=unit_contact,
                                         expected_version=plan.version)
    with at(FRIDAY):
        rectification.plan_review(plan=plan, by=team_leader, action="approve", comment="同意",
                                  expected_version=plan.version)
    deadline = Deadline.objects.get(kind=K.ITEM_DUE, object_id=item.pk)
    assert deadline.due_on == item.due_on == MONDAY


@pytest.mark.django_db
def test_approval_after_an_items_due_date_goes_back_to_the_unit(plan, signed_for, unit_contact,
                                                                team_leader):
    with at(date(2026, 11, 25)):
        _item(plan, signed_for, unit_contact, MONDAY)
        plan.refresh_from_db()
        plan = rectification.plan_submit(plan=plan, by=unit_contact,
                                         expected_version=plan.version)
    with at(MONDAY), pytest.raises(ValidationError) as passed:
        rectification.plan_review(plan=plan, by=team_leader, action="approve", comment="同意",
                                  expected_version=plan.version)
    assert "修订制度" in " ".join(passed.value.messages)
    assert not Deadline.objects.filter(kind=K.ITEM_DUE).exists()


@pytest.mark.django_db
def test_an_immediate_reply_date_is_a_deadline_with_reminders(notified, team_leader,
                                                              unit_contact, main_leader):
    with at(date(2026, 11, 23)):
        notice = inspections.immediate_issue(inspection=notified, by=team_leader,
                                             issue="公车私用", required_action="立即整改",
                                             due_on=MONDAY)
    deadline = Deadline.objects.get(kind=K.IMMEDIATE_REPLY)
    assert (deadline.due_on, deadline.unit_id) == (MONDAY, notified.target_unit_id)
    with at(date(2026, 12, 1)):
        deadline_sweep(today=date(2026, 12, 1))
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED
    told = set(Notification.objects.filter(url=deadline.get_absolute_url())
               .values_list("recipient", flat=True))
    assert {unit_contact.pk, main_leader.pk} <= told

    with at(date(2026, 12, 1)):
        inspections.immediate_reply(notice=notice, by=unit_contact, reply="已整改",
                                    expected_version=notice.version)
    deadline.refresh_from_db()
    assert deadline.met_at is not None


@pytest.mark.django_db
def test_an_immediate_reply_date_cannot_be_a_rest_day(notified, team_leader):
    with at(date(2026, 11, 23)), pytest.raises(ValidationError) as rest_day:
        inspections.immediate_issue(inspection=notified, by=team_leader, issue="公车私用",
                                    required_action="立即整改", due_on=SATURDAY)
    assert "due_on" in rest_day.value.message_dict


@pytest.mark.django_db
def test_fieldwork_cannot_be_dated_in_the_future_or_before_entry(notified, team_member):
    """The notice fixes entry on 2026-09-14; a record dated otherwise would move the inspection
    on site on a day it was not."""
    def record(day):
        return inspections.fieldwork_record_create(
            inspection=Inspection.objects.get(pk=notified.pk), by=team_member,
            method="records", held_on=day, summary="调阅会议记录")

    with at(date(2026, 9, 16)):
        for wrong in (date(2026, 9, 17), date(2026, 9, 13)):
            with pytest.raises(ValidationError) as refused:
                record(wrong)
            assert "held_on" in refused.value.message_dict
        assert Inspection.objects.get(pk=notified.pk).status == Inspection.Status.NOTIFIED
        record(date(2026, 9, 16))
    assert Inspection.objects.get(pk=notified.pk).status == Inspection.Status.ON_SITE


@pytest.mark.django_db
def test_a_hearing_cannot_be_dated_in_the_future(notified, finding, team_member, deputy,
                                                team_leader, leadership_leader):
    from tests.conftest import sign_through

    approved = sign_through(finding, team_member, deputy, team_leader)
    inspections.inspection_end_onsite(inspection=notified, by=team_leader,
                                      ended_on=date(2026, 10, 15))
    report = inspections.report_save(inspection=notified, by=team_leader, findings=[approved],
                                     title="巡察报告", analysis="分析", suggestions="建议")
    inspections.report_submit(report=report, by=team_leader, expected_version=report.version)

    def hear(day):
        return inspections.hearing_record(
            inspection=Inspection.objects.get(pk=notified.pk), by=leadership_leader,
            held_on=day, meeting="领导小组会议", members_present=[leadership_leader],
            opinions="同意")

    with at(date(2026, 11, 5)):
        with pytest.raises(ValidationError) as future:
            hear(date(2026, 11, 6))
        assert "held_on" in future.value.message_dict
        hear(date(2026, 11, 5))
    assert Inspection.objects.get(pk=notified.pk).status == Inspection.Status.HEARD


@pytest.fixture
def on_site(fieldwork, notified):
    return Inspection.objects.get(pk=notified.pk)


@pytest.mark.django_db
def test_on_site_work_ends_early_only_with_the_offices_decision(on_site, team_leader,
                                                                 office_director):
    """Entry 2026-09-14 (a Monday): the 20th working day is 2026-10-15."""
    def end(day):
        inspection = Inspection.objects.get(pk=on_site.pk)
        with at(day):
            return inspections.inspection_end_onsite(
                inspection=inspection, by=team_leader, ended_on=day,
                expected_version=inspection.version)

    with pytest.raises(ValidationError) as too_short:
        end(date(2026, 10, 14))
    assert "20" in " ".join(too_short.value.messages)
    with at(date(2026, 10, 14)), pytest.raises(PermissionDenied):
        inspections.inspection_decide_early_end(
            inspection=on_site, by=team_leader, reason="工作提前完成",
            expected_version=on_site.version)
    with at(date(2026, 10, 14)):
        inspections.inspection_decide_early_end(
            inspection=on_site, by=office_director, reason="巡察办会议决定提前结束",
            expected_version=on_site.version)
    assert end(date(2026, 10, 14)).status == Inspection.Status.REPORTING


@pytest.mark.django_db
def test_on_the_twentieth_working_day_no_decision_is_needed(on_site, team_leader):
    inspection = Inspection.objects.get(pk=on_site.pk)
    with at(date(2026, 10, 15)):
        inspections.inspection_end_onsite(inspection=inspection, by=team_leader,
                                          ended_on=date(2026, 10, 15),
                                          expected_version=inspection.version)
    assert Inspection.objects.get(pk=on_site.pk).status == Inspection.Status.REPORTING


@pytest.mark.django_db
def test_a_long_planned_period_is_no_licence_to_end_early(draft_round, office_director,
                                                          leadership_leader):
    """A period over 40 working days is recorded with the office's reason; that reason does
    not let the team end on day 2 (only the early-end decision does)."""
    from inspections.actions import ONSITE_LONG_ENOUGH

    inspection = draft_round.inspections.get()
    inspection = inspections.inspection_save(
        by=office_director, round_=draft_round, inspection=inspection,
        expected_version=inspection.version, planned_entry_on=date(2026, 9, 14),
        planned_end_on=date(2026, 12, 31), duration_exception_reason="专项巡察需延长")
    assert inspection.working_days > 40
    with at(date(2026, 9, 15)):
        assert not ONSITE_LONG_ENOUGH.test(inspection)
    with at(date(2026, 10, 15)):
        assert ONSITE_LONG_ENOUGH.test(inspection)
