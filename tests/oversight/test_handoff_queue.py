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
    # A term plan: the leadership group reviews it for the party group (Art 3, 6).
    assert waiting(leadership_member, plan) == ["review"]
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


@pytest.mark.django_db
def test_an_authorised_team_waits_for_the_office_to_issue_its_notice(
        office_staff, authorised_team, office_director, team_leader):
    # office_staff first: work is handed to the people who hold the role at the time.
    inspection = authorised_team.inspections.get()
    assert waiting(office_staff, inspection) == ["issue_notice"]
    assert waiting(team_leader, inspection) == []
    todo = Todo.objects.get(recipient=office_staff, action="issue_notice")
    assert str(inspection.target_unit) in todo.title and "进驻通知" in todo.title
    inspections.notice_issue(inspection=inspection, by=office_director, addressee="甲院党委",
                             body="定于近期进驻。")
    assert waiting(office_staff, inspection) == []


@pytest.mark.django_db
def test_an_online_petition_waits_for_the_leader_and_deputy_by_its_reference_only(
        notified, team_leader, deputy, team_member):
    petition = inspections.petition_receive_online(
        inspection=notified, subject="副院长收受购物卡", content="收受施工方购物卡",
        reporter_name="李某")
    assert waiting(team_leader, petition) == ["close"] == waiting(deputy, petition)
    assert waiting(team_member, petition) == []
    assert not team_member.notifications.filter(url=petition.get_absolute_url()).exists()
    recorded = inspections.petition_receive(inspection=notified, by=deputy, channel="letter",
                                            subject="来信", content="反映问题")
    assert waiting(deputy, recorded) == [] and waiting(team_leader, recorded) == ["close"]
    todo = Todo.objects.get(recipient=deputy, object_id=petition.pk)
    assert petition.reference in todo.title and "购物卡" not in todo.title
    assert "李某" not in todo.title
    with pytest.raises(ValidationError):  # a close without its handling settles nothing
        inspections.petition_triage(petition=petition, by=deputy, action="close",
                                    expected_version=petition.version)
    inspections.petition_triage(petition=petition, by=deputy, action="review",
                                expected_version=petition.version)
    assert waiting(team_leader, petition) == ["close"]  # still to be handled
    petition.refresh_from_db()
    inspections.petition_triage(petition=petition, by=deputy, action="close", outcome="clue",
                                expected_version=petition.version)
    assert waiting(team_leader, petition) == [] == waiting(deputy, petition)


@pytest.mark.django_db
def test_a_consented_feedback_waits_for_the_team_to_give_it_and_names_its_audience(
        heard, team_leader, party_secretary, feedback_attendees):
    draft = feedback_draft(heard, by=team_leader, attendees=feedback_attendees,
                           audience="main_leader")
    asked = rectification.feedback_request_consent(feedback=draft, by=team_leader,
                                                   expected_version=draft.version)
    assert waiting(team_leader, asked) == []
    consented = rectification.feedback_consent(feedback=asked, by=party_secretary, meeting="",
                                               expected_version=asked.version)
    assert waiting(team_leader, consented) == ["give"]
    assert "主要负责人" in Todo.objects.get(recipient=team_leader, action="give").title
    rectification.feedback_give(feedback=consented, by=team_leader,
                                expected_version=consented.version)
    assert waiting(team_leader, consented) == []


@pytest.mark.django_db
def test_a_team_authorised_before_the_provinces_approval_is_handed_over_with_the_approval(
        office_staff, draft_round, team_members, office_director, leadership_leader,
        party_secretary, province_scan):
    from inspections.models import Round
    from tests.factories import form_authorised_team

    round_ = inspections.round_submit(round_=draft_round, by=office_director,
                                      expected_version=draft_round.version)
    round_ = inspections.round_approve(round_=round_, by=leadership_leader,
                                       expected_version=round_.version)
    team = form_authorised_team(round_, "第一巡察组", team_members, round_.inspections.all(),
                                office=office_director, leader=leadership_leader,
                                secretary=party_secretary)
    inspection = team.inspections.get()
    assert waiting(office_staff, inspection) == []  # the province's gate is still shut
    inspections.round_record_provincial_approval(
        round_=Round.objects.get(pk=round_.pk), by=office_director,
        expected_version=Round.objects.get(pk=round_.pk).version,
        doc_number="青巡办〔2026〕12号", doc_date=date(2026, 8, 20), doc_file=province_scan)
    assert waiting(office_staff, inspection) == ["issue_notice"]
