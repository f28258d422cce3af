from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from audit.models import SecurityEvent
from deadlines.models import Deadline
from inspections import services
from inspections.models import Inspection, InterviewNote
from tests.factories import pdf, tamper


@pytest.mark.django_db
def test_first_record_marks_entry_and_other_methods_need_approval(notified, team_member):
    with pytest.raises(ValidationError) as refused:
        services.fieldwork_record_create(inspection=notified, by=team_member,
                                         method="other_approved", held_on=date(2026, 9, 15),
                                         summary="走访下属单位")
    assert "approval_reference" in refused.value.message_dict
    services.fieldwork_record_create(
        inspection=notified, by=team_member, method="other_approved", held_on=date(2026, 9, 15),
        summary="走访下属单位", approval_reference="领导小组2026年9月10日批准",
        files=[pdf("走访记录.pdf")])
    notified.refresh_from_db()
    assert notified.status == Inspection.Status.ON_SITE
    assert notified.fieldwork.get().attachments.count() == 1


@pytest.mark.django_db
def test_note_content_is_not_stored_in_clear_text(note):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT content FROM {InterviewNote._meta.db_table} WHERE id = %s",
                       [note.pk])
        raw = cursor.fetchone()[0]
    assert "拆分规避招标" not in raw and raw.startswith("gAAAA")  # a Fernet token
    assert InterviewNote.objects.get(pk=note.pk).content.endswith("拆分规避招标的情况")


@pytest.mark.django_db
def test_an_interview_needs_two_team_interviewers(notified, team_member, plain_user):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    common = dict(inspection=notified, by=team_member, interviewee="李某",
                  interviewee_position="科长", place="会议室", content="内容",
                  held_at=datetime(2026, 9, 15, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    with pytest.raises(ValidationError, match="至少两名"):
        services.interview_note_create(interviewers=[team_member], **common)
    with pytest.raises(ValidationError, match="本巡察组成员"):
        services.interview_note_create(interviewers=[team_member, plain_user], **common)


NOTE_READERS = [
    ("team_member", 200),  # an interviewer
    ("deputy", 200),  # interviewer and deputy
    ("team_leader", 200),
    ("office_director", 200),
    ("office_staff", 404),  # the office, but not its director
    ("other_team_member", 404),
    ("unit_contact", 404),
    ("leadership_member", 404),
    ("plain_user", 404),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), NOTE_READERS)
def test_who_may_open_a_note(client, request, other_team_member, note, role, expected):
    # other_team_member first: its unit joins the round before the first notice fixes it.
    reader = request.getfixturevalue(role)
    client.force_login(reader)
    response = client.get(reverse("inspections:note_detail", args=[note.pk]))
    assert response.status_code == expected
    logged = SecurityEvent.objects.filter(kind="sensitive_read", user=reader,
                                          target=f"interview_note:{note.pk}")
    assert logged.count() == (1 if expected == 200 else 0)
    if expected == 200:
        assert "拆分规避招标" in response.text


@pytest.mark.django_db
def test_a_team_member_who_did_not_interview_cannot_open_it(client, note, authorised_team):
    bystander = authorised_team.memberships.filter(position="member").exclude(
        user=note.recorded_by).first().user
    client.force_login(bystander)
    assert client.get(reverse("inspections:note_detail", args=[note.pk])).status_code == 404
    listing = client.get(reverse("inspections:note_list", args=[note.inspection_id])).text
    assert "张某" not in listing


@pytest.mark.django_db
def test_tampered_evidence_is_refused_on_download(client, finding, team_member):
    attachment = services.attachment_add(by=team_member, upload=pdf(), finding=finding)
    client.force_login(team_member)
    url = reverse("inspections:attachment_download", args=[attachment.pk])
    ok = client.get(url)
    assert ok.status_code == 200 and b"".join(ok.streaming_content).startswith(b"%PDF")
    tamper(attachment.file.path)
    refused = client.get(url)
    assert refused.status_code == 409 and "文件校验失败" in refused.text
    assert SecurityEvent.objects.filter(kind="access_denied",
                                        target=f"attachment:{attachment.pk}").exists()


@pytest.mark.django_db
def test_ending_on_site_meets_its_deadline_and_starts_the_hearing(notified, fieldwork,
                                                                  team_leader):
    services.inspection_end_onsite(inspection=notified, by=team_leader,
                                   ended_on=date(2026, 10, 15))
    onsite = Deadline.objects.get(inspection=notified, kind=Deadline.Kind.ONSITE_END)
    hearing = Deadline.objects.get(inspection=notified, kind=Deadline.Kind.HEARING)
    assert onsite.status == Deadline.Status.MET
    assert (hearing.start_on, hearing.due_on) == (date(2026, 10, 15), date(2026, 11, 16))
