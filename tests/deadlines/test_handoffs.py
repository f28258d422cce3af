"""Work comes to people: every hand-off tells the person who acts next, with a title naming the
unit, round and object, and a link to where the work is."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from clues import services as clues
from deadlines import clock
from deadlines.models import Notification
from inspections import services as inspections
from rectification import services as rectification

SHANGHAI = ZoneInfo("Asia/Shanghai")
PREFIX = "青海省甲测试院 · 2026年第二轮巡察："


def told(user, url):
    return list(Notification.objects.filter(recipient=user, url=url)
                .values_list("title", flat=True))


@pytest.mark.django_db
def test_a_finding_goes_to_the_deputy_then_to_the_leader(finding, team_member, deputy,
                                                         team_leader):
    url = finding.get_absolute_url()
    finding = inspections.finding_submit(finding=finding, by=team_member,
                                         expected_version=finding.version)
    assert [t for t in told(deputy, url) if t.startswith(PREFIX) and finding.title in t]
    assert told(team_leader, url) == []
    inspections.finding_sign(finding=finding, by=deputy, level="deputy",
                             expected_version=finding.version)
    assert [t for t in told(team_leader, url) if t.startswith(PREFIX) and "组长" in t]


@pytest.mark.django_db
def test_the_team_is_told_of_a_submitted_plan_and_a_closure_request(
        signed_for, unit_contact, team_leader, deputy, team_member):
    with clock.frozen(datetime(2026, 11, 25, 10, tzinfo=SHANGHAI)):
        plan = rectification.plan_save(inspection=signed_for.inspection, by=unit_contact,
                                       summary="逐项整改")
        item = rectification.plan_item_save(
            plan=plan, by=unit_contact, finding=signed_for.findings.first(), measure="修订制度",
            due_on=date(2026, 12, 31), responsible_leader="高书记",
            responsible_department="党委办公室")
        plan.refresh_from_db()
        plan = rectification.plan_submit(plan=plan, by=unit_contact,
                                         expected_version=plan.version)
        for lead in (team_leader, deputy):
            assert [t for t in told(lead, plan.get_absolute_url()) if t.startswith(PREFIX)]
        assert told(team_member, plan.get_absolute_url()) == []

        plan = rectification.plan_review(plan=plan, by=team_leader, action="approve",
                                         comment="同意", expected_version=plan.version)
        item.refresh_from_db()
        rectification.item_report(item=item, by=unit_contact, action="request_closure",
                                  progress="已完成", expected_version=item.version)
    assert [t for t in told(team_leader, item.get_absolute_url()) if "修订制度" in t]


@pytest.mark.django_db
def test_the_organ_is_told_of_a_transfer_and_the_office_of_the_result(
        discipline_handler, office_staff, party_member, transferred, signed):
    # The handler exists before the transfer (fixtures are set up in this order).
    url = transferred.get_absolute_url()
    assert [t for t in told(discipline_handler, url) if t.startswith(PREFIX)]
    clues.result_report(clue=signed, by=discipline_handler, disposition="conclude",
                        summary="属实", is_final=True)
    assert [t for t in told(office_staff, url) if t.startswith(PREFIX)]
    proposal = clues.proposal_make(by=office_staff, kind="accountability",
                                   opinion="建议诫勉谈话", clue=signed)
    assert [t for t in told(party_member, proposal.get_absolute_url())
            if t.startswith(PREFIX)]


@pytest.mark.django_db
def test_a_notices_button_says_what_it_opens(client, finding, team_member, deputy):
    inspections.finding_submit(finding=finding, by=team_member,
                               expected_version=finding.version)
    client.force_login(deputy)
    page = client.get(reverse("deadlines:notification_list")).text
    assert PREFIX in page and ">查看</button>" in page
