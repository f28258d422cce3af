"""The 待办 queue: work handed over enters the queue of exactly the people who may take it, leaves
every queue when anyone of them takes it, and the home page shows it grouped by what to do, the
most urgent first, at a constant number of queries."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clues import services as clues
from config.actions import table_labelled
from deadlines import clock
from deadlines.models import Deadline, Notification, Todo
from deadlines.services import deadline_create
from deadlines.todos import todos_reconcile, todos_write
from inspections import services as inspections
from inspections.actions import FINDING_ACTIONS
from inspections.models import Finding
from oversight.home import todo_groups
from rectification import services as rectification
from tests.factories import train

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 10, 10, 9, tzinfo=SHANGHAI)


@pytest.fixture
def frozen_today():
    with clock.frozen(TODAY):
        yield


@pytest.fixture
def make_deadline(unit_a):
    def make(start, rule):
        return deadline_create(kind=Deadline.Kind.SPECIAL_MEETING, subject=unit_a,
                               title="召开专题民主生活会", unit=unit_a,
                               start_on=date.fromisoformat(start), rule=rule)
    return make


def waiting(user, obj=None):
    rows = Todo.objects.filter(recipient=user, done_at__isnull=True)
    if obj is not None:
        rows = rows.filter(object_id=obj.pk,
                           content_type=ContentType.objects.get_for_model(obj))
    return list(rows.values_list("action", flat=True))


def home(client, user):
    client.force_login(user)
    return client.get(reverse("oversight:home")).text


@pytest.mark.django_db
def test_a_finding_waits_for_the_deputy_then_the_leader_then_its_author(
        client, finding, team_member, deputy, team_leader):
    finding = inspections.finding_submit(finding=finding, by=team_member,
                                         expected_version=finding.version)
    assert waiting(deputy, finding) == ["sign_deputy"]
    assert waiting(team_leader, finding) == [] and waiting(team_member, finding) == []
    page = home(client, deputy)
    assert "待签批" in page and finding.get_absolute_url() in page and finding.title in page

    finding = inspections.finding_sign(finding=finding, by=deputy, level="deputy",
                                       expected_version=finding.version)
    assert waiting(deputy, finding) == []
    assert Todo.objects.get(recipient=deputy, object_id=finding.pk).done_by == deputy
    assert waiting(team_leader, finding) == ["sign_leader"]

    finding = inspections.finding_return(finding=finding, by=team_leader, comment="补充证据",
                                         expected_version=finding.version)
    assert waiting(team_leader, finding) == []
    assert waiting(team_member, finding) == ["submit"]
    assert "待制定或修改" in home(client, team_member)


@pytest.mark.django_db
def test_work_taken_by_one_person_leaves_every_queue(signed_for, unit_contact, team_leader,
                                                     deputy, office_staff):
    with clock.frozen(datetime(2026, 11, 25, 10, tzinfo=SHANGHAI)):
        plan = rectification.plan_save(inspection=signed_for.inspection, by=unit_contact,
                                       summary="逐项整改")
        rectification.plan_item_save(
            plan=plan, by=unit_contact, finding=signed_for.findings.first(), measure="修订制度",
            due_on=date(2026, 12, 31), responsible_leader="高书记",
            responsible_department="党委办公室")
        plan.refresh_from_db()
        plan = rectification.plan_submit(plan=plan, by=unit_contact,
                                         expected_version=plan.version)
        for reviewer in (team_leader, deputy, office_staff):
            assert waiting(reviewer, plan) == ["approve"]
        assert waiting(unit_contact, plan) == []

        rectification.plan_review(plan=plan, by=deputy, action="return", comment="措施不具体",
                                  expected_version=plan.version)
    for reviewer in (team_leader, deputy, office_staff):
        assert waiting(reviewer, plan) == []
    assert set(Todo.objects.filter(object_id=plan.pk, table="rectification.RectificationPlan",
                                   action="approve")
               .values_list("done_by", flat=True)) == {deputy.pk}
    assert waiting(unit_contact, plan) == ["submit"]


@pytest.mark.django_db
def test_a_refused_action_leaves_the_work_waiting(finding, team_member, deputy, team_leader):
    finding = inspections.finding_submit(finding=finding, by=team_member,
                                         expected_version=finding.version)
    with pytest.raises(ValidationError):
        # Allowed, then refused for the missing comment: the service's transaction undoes all.
        inspections.finding_return(finding=finding, by=deputy, comment=" ",
                                   expected_version=finding.version)
    with pytest.raises(ValidationError):
        # Allowed, then refused because someone else changed the finding since.
        inspections.finding_sign(finding=finding, by=deputy, level="deputy",
                                 expected_version=finding.version - 1)
    assert waiting(deputy, finding) == ["sign_deputy"]


@pytest.mark.django_db
def test_work_is_settled_only_inside_the_services_transaction(finding, team_member, deputy):
    finding = inspections.finding_submit(finding=finding, by=team_member,
                                         expected_version=finding.version)
    with pytest.raises(RuntimeError, match="transaction"):
        FINDING_ACTIONS.ensure_can(deputy, "sign_deputy", finding)
    with transaction.atomic():
        FINDING_ACTIONS.ensure_can(deputy, "sign_deputy", finding)
        assert waiting(deputy, finding) == []
        transaction.set_rollback(True)
    assert waiting(deputy, finding) == ["sign_deputy"]


@pytest.mark.django_db
def test_only_the_people_who_may_act_get_the_work(main_leader, unit_contact, given):
    # Every contact is told the feedback arrived; only the main leader signs for it.
    assert waiting(main_leader, given) == ["sign_for"]
    assert waiting(unit_contact, given) == []


@pytest.mark.django_db
def test_the_unit_is_asked_for_its_plan_as_soon_as_it_signs_for_the_feedback(
        client, signed_for, unit_contact):
    inspection = signed_for.inspection
    assert waiting(unit_contact, inspection) == ["write_plan"]
    todo = Todo.objects.get(recipient=unit_contact, action="write_plan")
    assert todo.deadline.kind == Deadline.Kind.RECTIFICATION_PLAN
    page = home(client, unit_contact)
    assert "待制定或修改" in page
    assert reverse("rectification:overview", args=[inspection.pk]) in page
    assert todo.deadline.due_on.strftime("%Y-%m-%d") in page

    # A draft is not a submitted plan: its submission waits, against the same deadline.
    with clock.frozen(datetime(2026, 11, 25, 10, tzinfo=SHANGHAI)):
        plan = rectification.plan_save(inspection=inspection, by=unit_contact, summary="草稿")
    assert waiting(unit_contact, inspection) == []
    assert waiting(unit_contact, plan) == ["submit"]
    assert Todo.objects.get(recipient=unit_contact, action="submit").deadline == todo.deadline
    assert plan.get_absolute_url() in home(client, unit_contact)


@pytest.mark.django_db
def test_a_transferred_clue_waits_for_the_organ_then_its_result(
        client, discipline_handler, leadership_leader, office_staff, transferred):
    assert waiting(leadership_leader, transferred) == []  # classified: its work is done
    assert waiting(office_staff, transferred) == []  # the letter was sent
    assert waiting(discipline_handler, transferred) == ["sign_for"]
    assert "待签收" in home(client, discipline_handler)
    with clock.frozen(datetime(2026, 11, 30, 10, tzinfo=SHANGHAI)):
        clue_ = clues.clue_sign_for(clue=transferred, by=discipline_handler,
                                    expected_version=transferred.version)
    assert waiting(discipline_handler, clue_) == ["report_result"]
    todo = Todo.objects.get(recipient=discipline_handler, action="report_result")
    assert todo.deadline.kind == Deadline.Kind.CLUE_RESULT
    assert "待反馈结果" in home(client, discipline_handler)
    # Progress is reported on the way; only the final result takes the work off the queue.
    clues.result_report(clue=clue_, by=discipline_handler, disposition="conclude",
                        summary="正在核查")
    assert waiting(discipline_handler, clue_) == ["report_result"]
    clues.result_report(clue=clue_, by=discipline_handler, disposition="conclude",
                        summary="属实", is_final=True)
    assert waiting(discipline_handler, clue_) == []
    assert waiting(office_staff, clue_) == ["propose"]


@pytest.mark.django_db
def test_a_registered_clue_waits_for_the_leadership_group(leadership_leader, leadership_member,
                                                          team_member, clue):
    assert waiting(leadership_leader, clue) == ["classify"]
    assert waiting(leadership_member, clue) == ["classify"]
    assert waiting(team_member, clue) == []
    # The notice and the queue name the inspection, never the clue's confidential content.
    assert not Todo.objects.filter(title__contains="购物卡").exists()


@pytest.mark.django_db
def test_a_submitted_round_waits_for_the_leadership_group(client, draft_round, office_director,
                                                          leadership_leader):
    round_ = inspections.round_submit(round_=draft_round, by=office_director,
                                      expected_version=draft_round.version)
    assert waiting(leadership_leader, round_) == ["approve"]
    # Separation of duties: whoever submitted it is not asked to approve it.
    assert waiting(office_director, round_) == []
    page = home(client, leadership_leader)
    assert "待审批" in page and round_.get_absolute_url() in page


@pytest.mark.django_db
def test_the_sweep_closes_work_that_went_away(finding, team_member, deputy, team_leader):
    finding = inspections.finding_submit(finding=finding, by=team_member,
                                         expected_version=finding.version)
    other = Todo.objects.get(recipient=deputy, action="sign_deputy")
    # Moved on by a path that takes no action (as a data correction would): nobody can sign.
    Finding.objects.filter(pk=finding.pk).update(status=Finding.Status.DRAFT)
    assert todos_reconcile() == 1
    other.refresh_from_db()
    assert other.done_at is not None and waiting(deputy) == []
    assert todos_reconcile() == 0


@pytest.mark.django_db
def test_the_sweep_keeps_work_that_still_waits(finding, team_member, deputy):
    inspections.finding_submit(finding=finding, by=team_member,
                               expected_version=finding.version)
    assert todos_reconcile() == 0
    assert waiting(deputy) == ["sign_deputy"]


@pytest.mark.django_db
def test_the_sweep_leaves_work_of_a_table_it_does_not_know(finding, deputy):
    # A worker that has not loaded an app's actions must not close that app's work.
    row = Todo.objects.create(recipient=deputy, object_id=finding.pk, table="gone.Finding",
                              action="sign_deputy", title="?", url="/",
                              content_type=ContentType.objects.get_for_model(Finding))
    assert todos_reconcile() == 0
    row.refresh_from_db()
    assert row.done_at is None


@pytest.mark.django_db
def test_work_goes_only_to_people_who_can_see_it(monkeypatch, finding, team_member, deputy):
    finding = inspections.finding_submit(finding=finding, by=team_member,
                                         expected_version=finding.version)
    Todo.objects.update(done_at=TODAY)

    def hand_over():
        return todos_write(users=[deputy], table=FINDING_ACTIONS, action="sign_deputy",
                           obj=finding, title="签批", url="/")

    with monkeypatch.context() as patched:
        patched.setattr(FINDING_ACTIONS, "visible", lambda user: Finding.objects.none())
        assert hand_over() == 0
    assert hand_over() == 1


@pytest.mark.django_db
def test_the_teams_closure_check_is_not_dated_by_the_units_deadline(approved_plan,
                                                                    unit_contact, team_leader):
    item = approved_plan.items.first()
    assert Deadline.objects.pending().filter(kind=Deadline.Kind.ITEM_DUE,
                                             object_id=item.pk).exists()
    rectification.item_report(item=item, by=unit_contact, action="request_closure",
                              progress="已完成", expected_version=item.version)
    todo = Todo.objects.get(recipient=team_leader, action="close", object_id=item.pk)
    assert todo.deadline is None


def _todo(user, subject, action, table, deadline=None, title=""):
    """A queue row as a hand-off writes it, for an object that need not exist."""
    model = table_labelled(table).model
    return Todo.objects.create(recipient=user, object_id=subject, table=table, action=action,
                               content_type=ContentType.objects.get_for_model(model),
                               title=title or action, url="/", deadline=deadline)


@pytest.mark.django_db
def test_the_most_urgent_work_comes_first(make_deadline, office_staff, frozen_today):
    overdue = make_deadline("2026-09-20", "15d")  # due 2026-10-08, two days ago
    later = make_deadline("2026-10-09", "1m")
    _todo(office_staff, 1, "transfer", "clues.Clue", title="undated")
    _todo(office_staff, 2, "approve", "inspections.Round", later, title="later")
    _todo(office_staff, 3, "record_province_approval", "inspections.Round", title="undated 2")
    _todo(office_staff, 4, "propose", "clues.Clue", overdue, title="overdue")
    groups = todo_groups(office_staff)
    assert [work for work, _rows in groups] == ["待提出处理意见", "待审批", "待移交", "待录入"]
    assert groups[0][1][0].level == Deadline.Level.OVERDUE


@pytest.mark.django_db
def test_the_queue_costs_the_same_queries_however_long(client, office_staff, make_deadline,
                                                       frozen_today):
    deadline = make_deadline("2026-09-20", "15d")

    def count():
        client.force_login(office_staff)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("oversight:home")).status_code == 200
        return len(queries)

    _todo(office_staff, 1, "propose", "clues.Clue", deadline)
    one = count()
    for pk in range(2, 30):
        _todo(office_staff, pk, "propose" if pk % 2 else "transfer", "clues.Clue", deadline)
    assert count() == one
    # The badge counts pieces of work, not their groups.
    assert 'data-testid="todo-count">29<' in client.get(reverse("oversight:home")).text


@pytest.mark.django_db
def test_the_leadership_group_is_asked_to_hear_the_report_and_finds_it(
        client, leadership_member, notified, finding, team_member, deputy, team_leader):
    from tests.conftest import sign_through

    approved = sign_through(finding, team_member, deputy, team_leader)
    inspections.inspection_end_onsite(inspection=notified, by=team_leader,
                                      ended_on=date(2026, 10, 15))
    report = inspections.report_save(inspection=notified, by=team_leader, findings=[approved],
                                     title="关于巡察甲测试院党委的情况报告", analysis="分析",
                                     suggestions="建议")
    report = inspections.report_submit(report=report, by=team_leader,
                                       expected_version=report.version)
    assert waiting(leadership_member, notified) == ["record_hearing"]
    todo = Todo.objects.get(recipient=leadership_member, action="record_hearing")
    assert todo.deadline.kind == Deadline.Kind.HEARING
    client.force_login(leadership_member)
    page = client.get(todo.url).text
    assert todo.url == notified.get_absolute_url()
    section = page.split('data-testid="submitted-reports"')[1].split("</section>")[0]
    assert report.get_absolute_url() in section and "1个问题" in section


@pytest.mark.django_db
def test_a_complete_team_waits_for_the_leadership_group(
        client, approved_round, team_members, office_director, leadership_member, leadership_leader,
        party_secretary):
    from teams import services as teams

    team = teams.team_create(round_=approved_round, name="第一巡察组", by=office_director)
    positions = ["leader", "deputy"] + ["member"] * 4
    for person, position in zip(team_members, positions, strict=False):
        teams.team_member_add(team=team, user=person, position=position, by=office_director)
    assert waiting(leadership_member, team) == []  # no target unit yet: not ready
    teams.team_assign_inspection(team=team, inspection=approved_round.inspections.first(),
                                 by=office_director)
    assert waiting(leadership_member, team) == ["approve"]
    teams.team_member_add(team=team, user=team_members[6], position="member",
                          by=office_director)
    assert Notification.objects.filter(recipient=leadership_member,
                                       url=team.get_absolute_url()).count() == 1
    team.refresh_from_db()
    teams.team_approve(team=team, by=leadership_leader, expected_version=team.version,
                       meeting="领导小组会议")
    assert waiting(leadership_member, team) == []
    # Approved is not yet ready: the secretary is asked once every member has declared,
    # pledged and been trained, not before.
    assert waiting(party_secretary, team) == []
    members = list(team.active_members())
    # Each member is asked for their own declaration and pledge, and nobody else's.
    first = members[0]
    assert sorted(waiting(first.user, first)) == ["declare", "sign_pledge"]
    assert waiting(first.user, members[1]) == []
    teams.membership_declare(membership=first, by=first.user, declarations=[])
    assert waiting(first.user, first) == ["sign_pledge"]
    assert "待签署承诺书" in home(client, first.user)
    for membership in members:
        teams.membership_declare(membership=membership, by=membership.user, declarations=[])
        teams.membership_sign_pledge(membership=membership, by=membership.user)
    assert waiting(party_secretary, team) == []  # not trained yet
    train(team, by=office_director)
    assert waiting(party_secretary, team) == ["authorise"]

    # A member leaves: the composition goes back to the leadership group and the secretary's
    # work is withdrawn until it is approved again.
    teams.team_member_remove(membership=members[-1], by=office_director, reason="调离")
    assert waiting(party_secretary, team) == []
    assert waiting(leadership_member, team) == ["approve"]
    # One more leaves and the team is too small: the approval is withdrawn as well.
    teams.team_member_remove(membership=members[-2], by=office_director, reason="调离")
    assert waiting(leadership_member, team) == []
