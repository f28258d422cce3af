from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from deadlines import clock
from deadlines.models import Notification
from inspections import services
from inspections.models import EscalationRequest, ImmediateRectification

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def immediate(notified, team_leader):
    with clock.frozen(datetime(2026, 9, 22, 10, tzinfo=SHANGHAI)):
        return services.immediate_issue(inspection=notified, by=team_leader,
                                        issue="办公用房超标准配置",
                                        required_action="立即腾退超标面积",
                                        due_on=date(2026, 9, 30))


@pytest.mark.django_db
def test_unit_replies_to_an_immediate_notice_and_the_team_closes_it(client, unit_contact,
                                                                    team_leader, unit_b_contact,
                                                                    immediate):
    client.force_login(unit_contact)
    home = client.get(reverse("oversight:home")).text
    assert "待回复" in home and "立行立改通知：办公用房超标准配置" in home
    url = reverse("inspections:immediate_action", args=[immediate.pk])
    client.post(url, {"action": "reply", "note": "已腾退120平方米", "version": 1})
    immediate.refresh_from_db()
    assert (immediate.status, immediate.replied_by) == (
        ImmediateRectification.Status.REPLIED, unit_contact)
    assert Notification.objects.filter(recipient=team_leader, url=immediate.get_absolute_url(),
                                       title__contains="回复").exists()

    client.force_login(team_leader)
    # Returning it asks for the date of the next reply, tracked like the first.
    assert 'type="date" id="decision-due_on" name="due_on"' in client.get(
        immediate.get_absolute_url()).text
    client.post(url, {"action": "return", "note": "", "version": immediate.version})
    immediate.refresh_from_db()
    assert immediate.status == ImmediateRectification.Status.REPLIED  # no comment, refused
    client.post(url, {"action": "close", "note": "核实已整改", "version": immediate.version})
    immediate.refresh_from_db()
    assert immediate.status == ImmediateRectification.Status.CLOSED

    client.force_login(unit_b_contact)
    assert client.get(immediate.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_only_the_leader_or_deputy_issues_notices(client, notified, team_member):
    client.force_login(team_member)
    assert client.get(reverse("inspections:immediate_create", args=[notified.pk])).status_code \
        == 403
    with pytest.raises(PermissionDenied, match="组长或副组长"):
        services.immediate_issue(inspection=notified, by=team_member, issue="x",
                                 required_action="y")


@pytest.mark.django_db
def test_midterm_report_gets_the_leadership_opinion(client, notified, team_leader,
                                                    leadership_member, team_member):
    report = services.midterm_report(inspection=notified, by=team_leader,
                                     reported_on=date(2026, 9, 28), progress="已谈话42人",
                                     second_half_plan="重点核查工程项目")
    client.force_login(team_member)
    assert client.get(reverse("inspections:midterm_create", args=[notified.pk])).status_code \
        == 403
    client.force_login(leadership_member)
    client.post(reverse("inspections:midterm_opinion", args=[report.pk]),
                {"action": "opinion", "note": "同意后期安排"})
    report.refresh_from_db()
    assert (report.leadership_opinion, report.opinion_by) == ("同意后期安排", leadership_member)
    page = client.get(reverse("inspections:followup", args=[notified.pk])).text
    assert "同意后期安排" in page


@pytest.mark.django_db
def test_escalation_goes_team_office_leadership(client, other_team_member, notified,
                                               team_leader, office_staff, leadership_member):
    request_ = services.escalation_raise(inspection=notified, by=team_leader,
                                         question="发现涉嫌违纪线索，是否提前移交？")
    assert Notification.objects.filter(recipient=office_staff,
                                       url=request_.get_absolute_url()).exists()
    url = reverse("inspections:escalation_action", args=[request_.pk])
    client.force_login(leadership_member)  # not yet forwarded: the group cannot answer
    client.post(url, {"action": "answer_leadership", "note": "x", "version": 1})
    request_.refresh_from_db()
    assert request_.status == EscalationRequest.Status.RAISED

    client.force_login(office_staff)
    client.post(url, {"action": "forward", "note": "建议提请领导小组研究", "version": 1})
    client.force_login(leadership_member)
    client.post(url, {"action": "answer_leadership", "note": "同意提前移交", "version": 2})
    request_.refresh_from_db()
    assert request_.status == EscalationRequest.Status.ANSWERED
    assert (request_.office_by, request_.leadership_by) == (office_staff, leadership_member)
    assert request_.office_at <= request_.leadership_at
    assert [h.status for h in request_.history.order_by("history_date")] == [
        "raised", "forwarded", "answered"]

    client.force_login(other_team_member)
    assert client.get(request_.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_immediate_notice_pdf_for_the_unit_not_for_others(client, immediate, unit_contact,
                                                         unit_b_contact):
    url = reverse("inspections:immediate_pdf", args=[immediate.pk])
    client.force_login(unit_contact)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(unit_b_contact)
    assert client.get(url).status_code == 404


@pytest.fixture
def asked(notified, team_leader):
    with clock.frozen(datetime(2026, 9, 22, 10, tzinfo=SHANGHAI)):
        return services.material_request(inspection=notified, by=team_leader, kind="materials",
                                         items="2025年党委会会议记录（复制）",
                                         due_on=date(2026, 9, 24))


@pytest.mark.django_db
def test_the_unit_provides_what_the_team_asked_for_by_its_date(client, unit_contact,
                                                               unit_b_contact, team_leader,
                                                               asked):
    from deadlines.models import Deadline

    deadline = Deadline.objects.get(kind="material_request", object_id=asked.pk)
    assert deadline.due_on == date(2026, 9, 24) and deadline.unit == asked.inspection.target_unit
    client.force_login(unit_contact)
    home = client.get(reverse("oversight:home")).text
    assert "2025年党委会会议记录" in home  # in the unit's 待办 and deadlines
    client.force_login(unit_b_contact)  # another unit never sees it
    assert client.get(asked.get_absolute_url()).status_code == 404
    client.force_login(unit_contact)
    url = reverse("inspections:material_request_action", args=[asked.pk])
    refused = client.post(url, {"action": "provide", "note": " ", "version": 1}, follow=True)
    assert "请说明提供了哪些材料" in refused.text
    with clock.frozen(datetime(2026, 9, 23, 10, tzinfo=SHANGHAI)):
        client.post(url, {"action": "provide", "note": "已提供复印件一套", "version": 1})
    asked.refresh_from_db()
    deadline.refresh_from_db()
    assert (asked.status, asked.provided_by, deadline.status) == (
        "provided", unit_contact, "met")
    assert Notification.objects.filter(recipient=team_leader, url=asked.get_absolute_url(),
                                       title__contains="已提供").exists()
    client.force_login(team_leader)  # provided in time: nothing to record as obstruction
    page = client.get(asked.get_absolute_url()).text
    assert "已提供复印件一套" in page and 'data-testid="request-obstruction"' not in page


@pytest.mark.django_db
def test_a_request_let_pass_is_one_click_from_an_obstruction_record(client, team_leader,
                                                                    team_member, asked):
    from django.core.exceptions import ValidationError

    from clues import services as clues
    from clues.models import Obstruction

    obstruct = reverse("clues:obstruction_create", args=[asked.inspection_id])
    client.force_login(team_member)
    with clock.frozen(datetime(2026, 9, 24, 18, tzinfo=SHANGHAI)):  # the last day: not yet
        page = client.get(asked.get_absolute_url()).text
        assert 'data-testid="request-obstruction"' not in page
        with pytest.raises(ValidationError, match="逾期未满足"):
            clues.obstruction_record(inspection=asked.inspection, by=team_member,
                                     situation="refusing", against="甲院", description="未提供",
                                     request=asked)
    with clock.frozen(datetime(2026, 9, 25, 9, tzinfo=SHANGHAI)):  # the day after
        page = client.get(asked.get_absolute_url()).text
        assert f'href="{obstruct}?request={asked.pk}"' in page
        form = client.get(obstruct, {"request": asked.pk}).text
        assert "2025年党委会会议记录（复制）" in form
        assert '<option value="refusing" selected' in form
        client.post(f"{obstruct}?request={asked.pk}", {
            "situation": "refusing", "against": "甲院办公室",
            "description": "逾期未提供2025年党委会会议记录"})
        case = Obstruction.objects.get()
        assert case.request == asked and case.inspection == asked.inspection
        with pytest.raises(ValidationError, match="已记录"):
            clues.obstruction_record(inspection=asked.inspection, by=team_member,
                                     situation="refusing", against="甲院", description="再记",
                                     request=asked)
