"""Guards added after review: each test fails if its guard is removed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import OfficeMember
from clues import services as clue_services
from rectification import services
from tests.conftest import feedback_consented, feedback_draft
from tests.factories import UserFactory, due_later, grant


@pytest.mark.django_db
def test_clue_deadlines_never_reach_the_unit_or_the_party_group(
        client, signed_for, team_member, leadership_leader, office_staff, discipline_organ,
        discipline_handler, unit_contact, party_member):
    inspection = signed_for.inspection
    clue = clue_services.clue_register(inspection=inspection, by=team_member, kind="problem",
                                       category="integrity", summary="s", persons="p")
    clue = clue_services.clue_classify(clue=clue, by=leadership_leader, decision="discipline",
                                       organ=discipline_organ, meeting="m",
                                       expected_version=clue.version)
    clue = clue_services.clue_transfer(clue=clue, by=office_staff, expected_version=clue.version)
    clue_services.clue_sign_for(clue=clue, by=discipline_handler, expected_version=clue.version)
    for viewer in (unit_contact, party_member):
        client.force_login(viewer)
        page = client.get(reverse("rectification:overview", args=[inspection.pk])).text
        assert "移交线索" not in page and str(discipline_organ) not in page


@pytest.mark.django_db
def test_feedback_is_hidden_from_the_unit_until_given(client, heard, team_leader, unit_contact,
                                                     party_secretary, feedback_attendees):
    feedback = feedback_draft(heard, by=team_leader, attendees=feedback_attendees,
                              body="草稿正文")
    client.force_login(unit_contact)
    assert client.get(feedback.get_absolute_url()).status_code == 404
    feedback = feedback_consented(feedback, by=team_leader, secretary=party_secretary)
    assert client.get(feedback.get_absolute_url()).status_code == 404
    services.feedback_give(feedback=feedback, by=team_leader,
                           expected_version=feedback.version)
    assert client.get(feedback.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_feedback_waits_for_the_hearing(notified, team_leader, feedback_attendees):
    with pytest.raises(ValidationError) as refused:
        services.feedback_save(inspection=notified, by=team_leader, audience="leadership",
                               body="x", findings=[], meeting_on=date(2026, 11, 20),
                               attendees=feedback_attendees)
    assert refused.value.code == "not_now"


@pytest.mark.django_db
def test_an_inspection_closes_only_with_an_approved_plan_and_the_report(signed_for,
                                                                        office_director):
    with pytest.raises(ValidationError, match="整改方案"):
        services.inspection_close(inspection=signed_for.inspection, by=office_director)


@pytest.mark.django_db
def test_items_are_edited_only_through_their_own_plan_and_version(client, signed_for,
                                                                 unit_contact):
    plan = services.plan_save(inspection=signed_for.inspection, by=unit_contact, summary="方案")
    fields = dict(finding=signed_for.findings.get(), due_on=due_later(),
                  responsible_leader="高书记", responsible_department="办公室")
    item = services.plan_item_save(plan=plan, by=unit_contact, measure="第一稿", **fields)
    services.plan_item_save(plan=plan, by=unit_contact, item=item, measure="第二稿",
                            expected_version=item.version, **fields)
    with pytest.raises(ValidationError) as stale:  # a form opened before the second edit
        services.plan_item_save(plan=plan, by=unit_contact, item=item, measure="第三稿",
                                expected_version=item.version, **fields)
    assert stale.value.code == "stale"
    client.force_login(unit_contact)
    other_plan_url = reverse("rectification:item_edit", args=[plan.pk + 1000, item.pk])
    assert client.get(other_plan_url).status_code == 404


@pytest.mark.django_db
def test_a_unit_contact_with_a_reviewer_role_still_cannot_review_or_close_their_own(
        approved_plan, unit_contact):
    grant(OfficeMember, unit_contact, position=OfficeMember.Position.LIAISON)
    item = approved_plan.items.first()
    item = services.item_report(item=item, by=unit_contact, action="request_closure",
                                progress="完成", expected_version=item.version)
    with pytest.raises(PermissionDenied, match="您在该单位任职"):
        services.item_decide(item=item, by=unit_contact, action="close", comment="",
                             expected_version=item.version)


@pytest.mark.django_db
def test_office_gets_403_on_a_unit_reply_action(client, notified, team_leader, office_staff):
    from inspections import services as inspection_services

    notice = inspection_services.immediate_issue(inspection=notified, by=team_leader,
                                                 issue="问题", required_action="整改")
    client.force_login(office_staff)
    response = client.post(reverse("inspections:immediate_action", args=[notice.pk]),
                           {"action": "reply", "note": "x", "version": notice.version})
    assert response.status_code == 403


@pytest.mark.django_db
def test_insider_addressees_never_see_a_complaint_about_their_team(client, authorised_team,
                                                                   team_member, team_leader):
    # The leader also holds an office role: the addressee rule alone would show it to them.
    grant(OfficeMember, team_leader, position=OfficeMember.Position.LIAISON)
    complainant = UserFactory()
    complaint = clue_services.complaint_file(by=complainant, team=authorised_team,
                                             about=team_member, addressee="office",
                                             conduct="gifts", content="收受礼品")
    client.force_login(team_leader)
    assert client.get(complaint.get_absolute_url()).status_code == 404
    # A member filing about a colleague follows their own complaint.
    own = clue_services.complaint_file(by=team_leader, team=authorised_team, about=team_member,
                                       addressee="office", conduct="leaks", content="泄露")
    assert client.get(own.get_absolute_url()).status_code == 200
