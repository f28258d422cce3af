from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from deadlines import clock
from deadlines.models import Deadline
from inspections.models import Inspection
from rectification import services
from rectification.models import RectificationItem, RectificationPlan
from tests.conftest import feedback_consented, feedback_draft
from tests.factories import due_later, pdf, pdf_bytes, tamper

SHANGHAI = ZoneInfo("Asia/Shanghai")
K = Deadline.Kind


@pytest.mark.django_db
@pytest.mark.parametrize(("signed", "kind", "due"), [
    ("2026-09-20", K.SPECIAL_MEETING, "2026-10-08"),  # 15 days → 10-05, National Day → 10-08
    ("2026-08-07", K.RECTIFICATION_REPORT, "2026-10-08"),  # 2 months → 10-07 → 10-08
    ("2026-08-07", K.RECTIFICATION_PLAN, "2026-09-07"),
])
def test_sign_for_starts_the_three_deadlines(given, main_leader, signed, kind, due):
    day = date.fromisoformat(signed)
    with clock.frozen(datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)):
        services.feedback_sign_for(feedback=given, by=main_leader,
                                   expected_version=given.version)
    deadlines = Deadline.objects.filter(inspection=given.inspection)
    assert set(deadlines.values_list("kind", flat=True)) >= {
        K.SPECIAL_MEETING, K.RECTIFICATION_PLAN, K.RECTIFICATION_REPORT}
    assert deadlines.get(kind=kind).due_on == date.fromisoformat(due)
    assert Inspection.objects.get(pk=given.inspection_id).status == "rectifying"


@pytest.mark.django_db
def test_only_the_main_leader_signs_for(given, main_leader, unit_contact):
    with pytest.raises(PermissionDenied, match="主要负责人"):
        services.feedback_sign_for(feedback=given, by=unit_contact,
                                   expected_version=given.version)


@pytest.mark.django_db
def test_feedback_is_given_only_after_the_party_group_consents(
        heard, team_leader, party_secretary, party_member, feedback_attendees):
    """Art 18: the party group's consent is a decision a party-group member records."""
    draft = feedback_draft(heard, by=team_leader, attendees=feedback_attendees)
    with pytest.raises(ValidationError, match="厅党组已同意"):
        services.feedback_give(feedback=draft, by=team_leader, expected_version=draft.version)
    asked = services.feedback_request_consent(feedback=draft, by=team_leader,
                                              expected_version=draft.version)
    with pytest.raises(ValidationError, match="厅党组已同意"):
        services.feedback_give(feedback=asked, by=team_leader, expected_version=asked.version)
    # The team cannot consent for the party group.
    with pytest.raises(PermissionDenied):
        services.feedback_consent(feedback=asked, by=team_leader, meeting="党组会",
                                  expected_version=asked.version)
    # A member other than the secretary names the meeting whose decision they record.
    with pytest.raises(ValidationError) as no_meeting:
        services.feedback_consent(feedback=asked, by=party_member, meeting=" ",
                                  expected_version=asked.version)
    assert "meeting" in no_meeting.value.message_dict
    consented = services.feedback_consent(feedback=asked, by=party_member,
                                          meeting="厅党组2026年第21次会议",
                                          expected_version=asked.version)
    assert (consented.consent_by, consented.consent_meeting) == (party_member,
                                                                 "厅党组2026年第21次会议")
    given = services.feedback_give(feedback=consented, by=team_leader,
                                   expected_version=consented.version)
    assert given.status == "given"


@pytest.mark.django_db
def test_the_party_group_is_asked_and_can_return_the_feedback(
        heard, team_leader, party_secretary, feedback_attendees):
    from deadlines.models import Notification

    draft = feedback_draft(heard, by=team_leader, attendees=feedback_attendees)
    asked = services.feedback_request_consent(feedback=draft, by=team_leader,
                                              expected_version=draft.version)
    notice = Notification.objects.get(recipient=party_secretary, url=asked.get_absolute_url())
    assert "待厅党组同意" in notice.title and notice.url == asked.get_absolute_url()
    returned = services.feedback_decline(feedback=asked, by=party_secretary,
                                         comment="问题表述需更具体",
                                         expected_version=asked.version)
    assert (returned.status, returned.consent_comment) == ("draft", "问题表述需更具体")
    assert Notification.objects.filter(recipient=team_leader, url=asked.get_absolute_url(),
                                       title__contains="退回").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("missing", [0, 1, 2])
def test_feedback_needs_the_art_18_attendees(heard, team_leader, party_secretary,
                                             feedback_attendees, missing):
    """A leadership-group member, the discipline organ and HR must all attend."""
    attendees = [p for n, p in enumerate(feedback_attendees) if n != missing]
    feedback = feedback_consented(feedback_draft(heard, by=team_leader, attendees=attendees),
                                  by=team_leader, secretary=party_secretary)
    with pytest.raises(ValidationError) as refused:
        services.feedback_give(feedback=feedback, by=team_leader,
                               expected_version=feedback.version)
    assert refused.value.code == "attendance"


@pytest.mark.django_db
def test_attendees_are_chosen_from_the_people_art_18_names(heard, team_leader, team_member,
                                                          feedback_attendees):
    with pytest.raises(ValidationError) as refused:
        feedback_draft(heard, by=team_leader, attendees=[*feedback_attendees, team_member])
    assert "attendees" in refused.value.message_dict
    assert not heard.feedbacks.exists()


@pytest.mark.django_db
def test_both_meetings_meet_the_15_day_deadline(signed_for, unit_contact):
    inspection = signed_for.inspection
    services.special_meeting_record(inspection=inspection, by=unit_contact, kind="special",
                                    held_on=date(2026, 11, 25), participants="班子成员",
                                    minutes="研究整改")
    deadline = Deadline.objects.get(inspection=inspection, kind=K.SPECIAL_MEETING)
    assert deadline.status == "open"
    with clock.frozen(datetime(2026, 12, 3, 10, tzinfo=SHANGHAI)):
        services.special_meeting_record(inspection=inspection, by=unit_contact,
                                        kind="democratic_life", held_on=date(2026, 12, 2),
                                        participants="班子成员", minutes="对照检查",
                                        file=pdf("会议记录.pdf"))
    deadline.refresh_from_db()
    assert (deadline.status, deadline.days_late) == ("met", 0)


@pytest.mark.django_db
def test_a_plan_missing_a_fed_back_problem_is_refused(signed_for, unit_contact, notified,
                                                      team_member, deputy, team_leader):
    inspection = signed_for.inspection
    plan = services.plan_save(inspection=inspection, by=unit_contact, summary="整改方案")
    with pytest.raises(ValidationError) as refused:
        services.plan_submit(plan=plan, by=unit_contact, expected_version=plan.version)
    title = signed_for.findings.get().title
    assert refused.value.messages == [f"问题“{title}”尚无整改措施。"]
    assert RectificationPlan.objects.get(pk=plan.pk).status == "draft"


@pytest.mark.django_db
def test_plan_submission_meets_its_deadline_and_approval_points_to_the_version(approved_plan):
    deadline = Deadline.objects.get(inspection=approved_plan.inspection,
                                    kind=K.RECTIFICATION_PLAN)
    assert deadline.status == "met"
    submission = approved_plan.submissions.get()
    assert approved_plan.approved_version == submission.plan_version
    assert submission.snapshot["items"][0]["measure"] == "修订“三重一大”决策制度"
    item_deadlines = Deadline.objects.filter(inspection=approved_plan.inspection,
                                             kind=K.ITEM_DUE)
    assert item_deadlines.count() == approved_plan.items.count()


@pytest.mark.django_db
def test_a_returned_plan_shows_the_comment_on_the_item(client, signed_for, unit_contact,
                                                       team_leader):
    inspection = signed_for.inspection
    plan = services.plan_save(inspection=inspection, by=unit_contact, summary="方案")
    item = services.plan_item_save(plan=plan, by=unit_contact,
                                   finding=signed_for.findings.get(), measure="加强学习",
                                   due_on=due_later(), responsible_leader="高书记",
                                   responsible_department="办公室")
    plan.refresh_from_db()
    plan = services.plan_submit(plan=plan, by=unit_contact, expected_version=plan.version)
    client.force_login(team_leader)
    client.post(reverse("rectification:plan_action", args=[plan.pk]), {
        "action": "return", "comment": "措施过于笼统", "version": plan.version,
        f"item-{item.pk}": "请写明具体制度和时限"})
    plan.refresh_from_db()
    assert plan.status == "returned"
    client.force_login(unit_contact)
    page = client.get(plan.get_absolute_url()).text
    assert "措施过于笼统" in page and "请写明具体制度和时限" in page


@pytest.mark.django_db
def test_the_unit_cannot_close_its_own_item(client, approved_plan, unit_contact, team_leader):
    item = approved_plan.items.first()
    item = services.item_report(item=item, by=unit_contact, action="request_closure",
                                progress="已完成", expected_version=item.version)
    client.force_login(unit_contact)
    response = client.post(reverse("rectification:item_action", args=[item.pk]),
                           {"action": "close", "comment": "", "version": item.version})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.item_decide(item=item, by=unit_contact, action="close", comment="",
                             expected_version=item.version)
    client.force_login(team_leader)
    client.post(reverse("rectification:item_action", args=[item.pk]),
                {"action": "return", "comment": "缺少印发文件", "version": item.version})
    item.refresh_from_db()
    assert (item.status, item.review_comment) == ("in_progress", "缺少印发文件")
    client.force_login(unit_contact)
    assert "缺少印发文件" in client.get(item.get_absolute_url()).text


@pytest.mark.django_db
def test_closing_meets_the_item_deadline(approved_plan, unit_contact, team_leader):
    item = approved_plan.items.first()
    item = services.item_report(item=item, by=unit_contact, action="request_closure",
                                progress="已完成", expected_version=item.version)
    services.item_decide(item=item, by=team_leader, action="close", comment="核实",
                         expected_version=item.version)
    assert RectificationItem.objects.get(pk=item.pk).status == "closed"
    assert Deadline.objects.get(kind=K.ITEM_DUE, object_id=item.pk).status == "met"


@pytest.mark.django_db
def test_evidence_hash_is_kept_and_tampering_detected(client, approved_plan, unit_contact,
                                                      team_leader):
    item = approved_plan.items.first()
    first = services.evidence_add(item=item, by=unit_contact, upload=pdf("制度文件.pdf"))
    second = services.evidence_add(item=item, by=unit_contact,
                                   upload=pdf("制度文件.pdf", pdf_bytes("revised")))
    assert second.replaces == first and len(second.sha256) == 64
    client.force_login(team_leader)
    url = reverse("rectification:evidence_download", args=[second.pk])
    assert client.get(url).status_code == 200
    tamper(second.file.path)
    assert client.get(url).status_code == 409


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), [
    ("unit_contact", 200), ("team_leader", 200), ("office_staff", 200),
    ("leadership_member", 200), ("party_member", 200),  # supervises unit A
    ("unit_b_contact", 404), ("other_team_member", 404), ("discipline_handler", 404),
])
def test_who_sees_the_plan(client, request, other_team_member, approved_plan, role, expected):
    client.force_login(request.getfixturevalue(role))
    assert client.get(approved_plan.get_absolute_url()).status_code == expected
