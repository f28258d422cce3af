"""Every hand-off puts the next step in the queue of the people who take it: one test per
hand-off that the work-queue tests do not already walk, so that a hand-off that forgets its
`awaits` (or hands over the wrong action) fails here."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from clues import services as clues
from deadlines import clock
from deadlines.models import Deadline, Todo
from deadlines.services import deadline_create
from inspections import services as inspections
from inspections.models import Inspection
from rectification import services as rectification
from tests.conftest import feedback_draft, sign_through

SHANGHAI = ZoneInfo("Asia/Shanghai")


def waiting(user, obj):
    return list(Todo.objects.filter(
        recipient=user, done_at__isnull=True, object_id=obj.pk,
        content_type=ContentType.objects.get_for_model(obj)).values_list("action", flat=True))


@pytest.mark.django_db
def test_an_immediate_notice_goes_to_the_unit_back_to_the_team_and_back_again(
        notified, team_leader, unit_contact):
    with clock.frozen(datetime(2026, 9, 22, 10, tzinfo=SHANGHAI)):
        notice = inspections.immediate_issue(inspection=notified, by=team_leader,
                                             issue="办公用房超标准配置",
                                             required_action="立即腾退超标面积",
                                             due_on=date(2026, 9, 30))
        assert waiting(unit_contact, notice) == ["reply"]
        notice = inspections.immediate_reply(notice=notice, by=unit_contact, reply="已腾退",
                                             expected_version=notice.version)
        assert waiting(unit_contact, notice) == []
        assert waiting(team_leader, notice) == ["close"]
        with pytest.raises(ValidationError) as undated:
            # The first reply was tracked with a date; the second one must be too.
            inspections.immediate_review(notice=notice, by=team_leader, action="return",
                                         comment="缺少腾退照片", expected_version=notice.version)
        assert "due_on" in undated.value.error_dict
        notice = inspections.immediate_review(notice=notice, by=team_leader, action="return",
                                              comment="缺少腾退照片", due_on=date(2026, 9, 29),
                                              expected_version=notice.version)
    assert waiting(team_leader, notice) == []
    assert waiting(unit_contact, notice) == ["reply"]
    todo = Todo.objects.get(recipient=unit_contact, action="reply", done_at__isnull=True)
    assert (todo.deadline.kind, todo.deadline.due_on) == (Deadline.Kind.IMMEDIATE_REPLY,
                                                          date(2026, 9, 29))
    assert notice.due_on == date(2026, 9, 29)
    assert list(Deadline.objects.filter(object_id=notice.pk, kind=Deadline.Kind.IMMEDIATE_REPLY)
                .order_by("due_on").values_list("status", flat=True)) == ["open", "met"]


@pytest.mark.django_db
def test_a_midterm_report_waits_for_the_leadership_groups_opinion(notified, team_leader,
                                                                  leadership_member):
    report = inspections.midterm_report(inspection=notified, by=team_leader,
                                        reported_on=date(2026, 9, 28), progress="已谈话42人",
                                        second_half_plan="重点核查工程项目")
    assert waiting(leadership_member, report) == ["give_opinion"]
    inspections.midterm_opinion(report=report, by=leadership_member, opinion="同意")
    assert waiting(leadership_member, report) == []


@pytest.mark.django_db
def test_an_escalation_waits_for_the_office_then_for_the_leadership_group(
        notified, team_leader, office_staff, leadership_member):
    request_ = inspections.escalation_raise(inspection=notified, by=team_leader,
                                            question="是否提前移交线索？")
    assert waiting(office_staff, request_) == ["answer_office"]
    assert waiting(leadership_member, request_) == []
    request_ = inspections.escalation_office(request=request_, by=office_staff,
                                             action="forward", note="提请领导小组研究",
                                             expected_version=request_.version)
    assert waiting(office_staff, request_) == []
    assert waiting(leadership_member, request_) == ["answer_leadership"]


@pytest.mark.django_db
def test_a_plan_waits_for_approval_and_when_returned_for_the_office(
        office_director, leadership_member, leadership_leader):
    plan = inspections.plan_save(by=office_director, kind="term", title="2022—2026年巡察规划",
                                 start_year=2022, end_year=2026, content="全覆盖")
    plan = inspections.plan_submit(plan=plan, by=office_director,
                                   expected_version=plan.version)
    assert waiting(leadership_member, plan) == ["approve"]
    plan = inspections.plan_return(plan=plan, by=leadership_leader, comment="补充覆盖安排",
                                   expected_version=plan.version)
    assert waiting(leadership_member, plan) == []
    assert waiting(office_director, plan) == ["submit"]


@pytest.mark.django_db
def test_a_round_waits_for_approval_then_for_the_provincial_approval(
        draft_round, office_director, leadership_member, leadership_leader):
    round_ = inspections.round_submit(round_=draft_round, by=office_director,
                                      expected_version=draft_round.version)
    round_ = inspections.round_return(round_=round_, by=leadership_leader, comment="补充模式",
                                      expected_version=round_.version)
    assert waiting(leadership_member, round_) == []
    assert waiting(office_director, round_) == ["submit"]
    round_ = inspections.round_submit(round_=round_, by=office_director,
                                      expected_version=round_.version)
    assert waiting(office_director, round_) == []
    round_ = inspections.round_approve(round_=round_, by=leadership_leader,
                                       expected_version=round_.version)
    assert waiting(office_director, round_) == ["record_province_approval"]


@pytest.mark.django_db
def test_a_feedback_waits_for_the_secretarys_consent(heard, team_leader, party_secretary,
                                                     feedback_attendees):
    draft = feedback_draft(heard, by=team_leader, attendees=feedback_attendees)
    asked = rectification.feedback_request_consent(feedback=draft, by=team_leader,
                                                   expected_version=draft.version)
    assert waiting(party_secretary, asked) == ["consent"]


@pytest.mark.django_db
def test_an_opinion_waits_for_the_party_groups_decision(signed, discipline_handler,
                                                        office_staff, party_member):
    clues.result_report(clue=signed, by=discipline_handler, disposition="conclude",
                        summary="属实", is_final=True)
    proposal = clues.proposal_make(by=office_staff, kind="accountability",
                                   opinion="建议诫勉谈话", clue=signed)
    assert waiting(office_staff, signed) == []
    assert waiting(party_member, proposal) == ["decide"]


@pytest.mark.django_db
def test_the_hearing_is_due_by_the_hearing_deadline_not_an_earlier_one(
        notified, finding, team_member, deputy, team_leader, leadership_member, unit_a):
    approved = sign_through(finding, team_member, deputy, team_leader)
    inspections.inspection_end_onsite(inspection=notified, by=team_leader,
                                      ended_on=date(2026, 10, 15))
    # Another deadline of the same inspection falls due earlier than the hearing.
    deadline_create(kind=Deadline.Kind.SPECIAL_MEETING, subject=notified, title="另一时限",
                    unit=unit_a, start_on=date(2026, 10, 16), rule="1d")
    report = inspections.report_save(inspection=notified, by=team_leader, findings=[approved],
                                     title="巡察报告", analysis="分析", suggestions="建议")
    inspections.report_submit(report=report, by=team_leader, expected_version=report.version)
    inspection = Inspection.objects.get(pk=notified.pk)
    assert waiting(leadership_member, inspection) == ["record_hearing"]
    todo = Todo.objects.get(recipient=leadership_member, action="record_hearing")
    assert todo.deadline.kind == Deadline.Kind.HEARING
