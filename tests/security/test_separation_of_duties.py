"""Finding 6 of issue 13: one person holding two roles must still not check their own work."""

from datetime import date

import pytest

from accounts.models import LeadershipGroupMember
from config.actions import Denied
from inspections import services as inspections
from rectification import services as rectification
from tests.factories import grant


@pytest.mark.django_db
def test_a_deputy_director_in_the_leadership_group_does_not_approve_his_own_round(
        draft_round, office_deputy, leadership_leader):
    grant(LeadershipGroupMember, office_deputy, position=LeadershipGroupMember.Position.MEMBER)
    round_ = inspections.round_submit(round_=draft_round, by=office_deputy,
                                      expected_version=draft_round.version)
    with pytest.raises(Denied, match="其他成员审批"):
        inspections.round_approve(round_=round_, by=office_deputy,
                                  expected_version=round_.version)
    approved = inspections.round_approve(round_=round_, by=leadership_leader,
                                         expected_version=round_.version)
    assert approved.status == "approved"


@pytest.mark.django_db
def test_an_office_member_employed_by_the_unit_does_not_close_its_items(
        approved_plan, unit_contact, office_staff, team_leader, unit_a):
    office_staff.org_unit = unit_a
    office_staff.save()
    item = approved_plan.items.first()
    item = rectification.item_report(item=item, by=unit_contact, action="request_closure",
                                      progress="已完成", expected_version=item.version)
    for action in ("close", "long_term", "return"):
        with pytest.raises(Denied):
            rectification.item_decide(item=item, by=office_staff, action=action, comment="核实",
                                      expected_version=item.version)
    closed = rectification.item_decide(item=item, by=team_leader, action="close",
                                       comment="核实", expected_version=item.version)
    assert closed.status == "closed"


@pytest.mark.django_db
def test_only_the_leadership_group_records_its_midterm_opinion(notified, team_leader,
                                                              office_staff, leadership_member):
    report = inspections.midterm_report(inspection=notified, by=team_leader,
                                        reported_on=date(2026, 9, 30), progress="中期情况",
                                        second_half_plan="后期安排")
    for outsider in (office_staff, team_leader):
        with pytest.raises(Denied):
            inspections.midterm_opinion(report=report, by=outsider, opinion="同意")
    report.refresh_from_db()
    assert report.leadership_opinion == ""
    inspections.midterm_opinion(report=report, by=leadership_member, opinion="同意后期安排")
    report.refresh_from_db()
    assert report.opinion_by == leadership_member
