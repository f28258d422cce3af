"""Pages draw what the actions tables allow: only possible steps, disabled ones with what must
happen first, irreversible ones with their consequence."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import services as inspections
from rectification import services as rectification


def button(page, action):
    match = re.search(rf'<button[^>]*data-action="{action}"[^>]*>', page)
    return match.group(0) if match else None


@pytest.mark.django_db
def test_the_report_waits_for_the_on_site_end_and_says_so(client, notified, fieldwork, finding,
                                                          team_leader, team_member):
    report = inspections.report_save(inspection=notified, by=team_leader, findings=[finding],
                                     title="巡察报告", analysis="分析", suggestions="建议")
    client.force_login(team_leader)
    page = client.get(report.get_absolute_url()).text
    assert "disabled" in button(page, "submit")
    assert "结束现场巡察后方可报送巡察报告" in page
    client.force_login(team_member)  # not theirs to submit: not drawn at all
    assert button(client.get(report.get_absolute_url()).text, "submit") is None


@pytest.mark.django_db
def test_completing_a_round_waits_for_every_archive(client, notified, office_staff):
    client.force_login(office_staff)
    page = client.get(notified.round.get_absolute_url()).text
    assert "disabled" in button(page, "complete")
    assert "本轮所有被巡察单位归档后方可结束本轮巡察" in page


@pytest.mark.django_db
def test_irreversible_steps_name_their_consequence(client, approved_plan, unit_contact,
                                                   team_leader):
    item = approved_plan.items.first()
    rectification.item_report(item=item, by=unit_contact, action="request_closure",
                              progress="完成", expected_version=item.version)
    client.force_login(team_leader)
    page = client.get(item.get_absolute_url()).text
    close = button(page, "close")
    assert 'data-confirm="确认销号？销号后不可撤销' in close and "disabled" not in close
    assert "data-confirm" not in button(page, "return")  # sending back can be undone


@pytest.mark.django_db
def test_the_refusal_page_says_who_may_act(client, notified, fieldwork, team_member):
    client.force_login(team_member)
    response = client.post(reverse("inspections:inspection_end_onsite", args=[notified.pk]),
                           {"version": 1})
    assert response.status_code == 403
    assert "只有巡察组组长可以执行“结束现场巡察”" in response.text


@pytest.mark.django_db
def test_a_wrong_state_says_what_must_happen_first(notified, team_leader):
    with pytest.raises(ValidationError) as refused:
        inspections.inspection_end_onsite(inspection=notified, by=team_leader,
                                          ended_on=date(2026, 10, 15))
    assert refused.value.messages == [
        "“结束现场巡察”只能在“现场巡察”状态下进行，当前状态为“已发通知”。"]


@pytest.mark.django_db
def test_the_hearing_records_the_leadership_members_present(report_submitted_inspection,
                                                            leadership_leader, leadership_member,
                                                            team_leader):
    def hear(present):
        return inspections.hearing_record(
            inspection=report_submitted_inspection, by=leadership_member,
            held_on=date(2026, 11, 5), meeting="领导小组会议", members_present=present,
            opinions="同意")

    for present in ([], [leadership_leader, team_leader]):
        with pytest.raises(ValidationError) as refused:
            hear(present)
        assert "members_present" in refused.value.message_dict
    hearing = hear([leadership_leader, leadership_member])
    assert set(hearing.members_present.all()) == {leadership_leader, leadership_member}


@pytest.fixture
def report_submitted_inspection(notified, fieldwork, finding, team_member, deputy, team_leader):
    from inspections.models import Inspection
    from tests.conftest import sign_through

    approved = sign_through(finding, team_member, deputy, team_leader)
    inspection = inspections.inspection_end_onsite(
        inspection=Inspection.objects.get(pk=notified.pk), by=team_leader,
        ended_on=date(2026, 10, 15))
    report = inspections.report_save(inspection=inspection, by=team_leader, findings=[approved],
                                     title="巡察报告", analysis="分析", suggestions="建议")
    inspections.report_submit(report=report, by=team_leader, expected_version=report.version)
    return Inspection.objects.get(pk=notified.pk)
