import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deadlines.models import Deadline
from inspections import services
from inspections.models import Inspection, Round
from tests.factories import OrgUnitFactory

D = date.fromisoformat


@pytest.mark.django_db
@pytest.mark.parametrize(("end", "days", "ok"), [
    ("2026-10-15", 20, True),   # DESIGN §5: entry 09-14, 20th working day 10-15 (National Day)
    ("2026-11-12", 40, True),   # 40th working day
    ("2026-10-14", 19, False),
    ("2026-11-13", 41, False),
])
def test_on_site_period_is_20_to_40_working_days(draft_round, office_director, end, days, ok):
    unit = OrgUnitFactory()
    fields = dict(target_unit=unit, inspection_type="regular", modes=[],
                  content_areas=["political"], planned_entry_on=D("2026-09-14"),
                  planned_end_on=D(end))
    if ok:
        inspection = services.inspection_save(by=office_director, round_=draft_round, **fields)
        assert inspection.working_days == days
        return
    with pytest.raises(ValidationError) as refused:
        services.inspection_save(by=office_director, round_=draft_round, **fields)
    assert f"{days}" in str(refused.value)
    assert "duration_exception_reason" in refused.value.message_dict
    inspection = services.inspection_save(
        by=office_director, round_=draft_round,
        duration_exception_reason="单位规模小，巡察办决定缩短", **fields)
    assert inspection.duration_exception_by == office_director


@pytest.mark.django_db
def test_suggested_end_dates_follow_the_official_calendar():
    twentieth, fortieth = services.suggested_end_dates(D("2026-09-14"))
    assert (twentieth.due, fortieth.due) == (D("2026-10-15"), D("2026-11-12"))


@pytest.mark.django_db
def test_round_life_cycle_records_each_step(draft_round, office_director, leadership_leader,
                                            province_scan):
    round_ = services.round_submit(round_=draft_round, by=office_director, expected_version=1)
    with pytest.raises(ValidationError):
        services.round_return(round_=round_, by=leadership_leader,
                              expected_version=round_.version, comment="")
    round_ = services.round_return(round_=round_, by=leadership_leader,
                                   expected_version=round_.version, comment="补充专项内容")
    assert round_.status == Round.Status.DRAFT
    round_ = services.round_submit(round_=round_, by=office_director,
                                   expected_version=round_.version)
    round_ = services.round_approve(round_=round_, by=leadership_leader,
                                    expected_version=round_.version)
    with pytest.raises(ValidationError) as missing:
        services.round_record_provincial_approval(
            round_=round_, by=office_director, expected_version=round_.version,
            doc_number="", doc_date=None, doc_file=None)
    assert set(missing.value.message_dict) == {"doc_number", "doc_date", "doc_file"}
    round_ = services.round_record_provincial_approval(
        round_=round_, by=office_director, expected_version=round_.version,
        doc_number="青巡办〔2026〕12号", doc_date=D("2026-08-20"), doc_file=province_scan)
    assert round_.status == Round.Status.PROVINCE_APPROVED
    assert len(round_.province_doc_sha256) == 64
    reasons = list(round_.history.order_by("history_date").values_list(
        "history_change_reason", "history_user__username"))
    # The action's code, then what the person wrote (config/history.py shows it in words).
    assert ("return|补充专项内容", "lg_leader") in reasons
    assert ("record_province_approval|青巡办〔2026〕12号",
            "office_director") in reasons


@pytest.mark.django_db
def test_a_fake_pdf_is_refused_as_provincial_scan(draft_round, office_director, leadership_leader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    round_ = services.round_submit(round_=draft_round, by=office_director, expected_version=1)
    round_ = services.round_approve(round_=round_, by=leadership_leader, expected_version=2)
    fake = SimpleUploadedFile("批复.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError, match="PDF"):
        services.round_record_provincial_approval(
            round_=round_, by=office_director, expected_version=round_.version,
            doc_number="青巡办〔2026〕12号", doc_date=D("2026-08-20"), doc_file=fake)


@pytest.mark.django_db
def test_notice_is_refused_before_provincial_approval(draft_round, office_director):
    inspection = draft_round.inspections.get()
    with pytest.raises(ValidationError) as refused:
        services.notice_issue(inspection=inspection, by=office_director,
                              addressee="中共某院委员会", body="定于9月14日进驻")
    assert refused.value.code == "province_gate"
    assert "省委巡视工作领导小组" in refused.value.messages[0]
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.SCHEDULED


@pytest.mark.django_db
def test_notice_numbers_starts_round_and_deadline(authorised_team, office_director, unit_contact,
                                                  team_leader):
    inspection = authorised_team.inspections.get()
    first = services.notice_issue(inspection=inspection, by=office_director,
                                  addressee="中共青海省甲测试院委员会", body="定于9月14日进驻")
    assert first.document_number.startswith("青自然资巡〔")
    assert first.document_number.endswith("〕1号")
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.NOTIFIED
    assert inspection.round.status == Round.Status.IN_PROGRESS
    deadline = Deadline.objects.get(kind=Deadline.Kind.ONSITE_END, inspection=inspection)
    assert (deadline.due_on, deadline.owner) == (D("2026-10-15"), team_leader)
    assert unit_contact.notifications.filter(title__contains=first.document_number).exists()
    with pytest.raises(ValidationError):
        services.notice_issue(inspection=inspection, by=office_director, addressee="x", body="y")
    announcement = services.announcement_publish(
        inspection=inspection, by=team_leader, body="巡察公告", schedule="2026年9月14日至10月15日",
        address="甲院3楼", mailbox="西宁市邮政信箱1号", phone="0971-1234567")
    assert "告〔" in announcement.document_number


@pytest.mark.django_db
def test_a_round_starts_from_the_approved_annual_plan(client, office_director,
                                                      leadership_leader):
    term = services.plan_save(by=office_director, kind="term", title="2022—2026年巡察规划",
                              start_year=2022, end_year=2026, content="全覆盖")
    annual = services.plan_save(by=office_director, kind="annual", parent=term,
                                title="2026年度巡察工作计划", start_year=2026, end_year=2026,
                                content="两轮常规巡察")
    client.force_login(office_director)
    assert 'data-testid="round-from-plan"' not in client.get(annual.get_absolute_url()).text
    annual = services.plan_submit(plan=annual, by=office_director,
                                  expected_version=annual.version)
    services.plan_approve(plan=annual, by=leadership_leader, expected_version=annual.version)
    page = client.get(annual.get_absolute_url()).text
    create = reverse("inspections:round_create") + f"?plan={annual.pk}"
    assert f'href="{create}" data-testid="round-from-plan"' in page
    form = client.get(create).text
    assert f'<option value="{annual.pk}" selected>' in form
    assert 'name="year" value="2026"' in form
    client.force_login(leadership_leader)
    assert 'data-testid="round-from-plan"' not in client.get(annual.get_absolute_url()).text


@pytest.mark.django_db
def test_a_new_target_unit_starts_with_the_rounds_type_and_modes(client, draft_round,
                                                                 office_director):
    client.force_login(office_director)
    form = client.get(reverse("inspections:inspection_create", args=[draft_round.pk])).text
    assert '<option value="regular" selected>' in form
    assert re.search(r'<input type="checkbox" name="modes" value="targeted"[^>]*checked', form)


def _stored_files():
    from pathlib import Path

    from django.conf import settings

    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


@pytest.mark.django_db
def test_a_refused_provincial_approval_leaves_no_scan_behind(
        draft_round, office_director, leadership_leader, province_scan, monkeypatch):
    round_ = services.round_submit(round_=draft_round, by=office_director, expected_version=1)
    round_ = services.round_approve(round_=round_, by=leadership_leader, expected_version=2)
    before = _stored_files()
    with pytest.raises(ValidationError):  # a page opened before the last change
        services.round_record_provincial_approval(
            round_=round_, by=office_director, expected_version=round_.version - 1,
            doc_number="青巡办〔2026〕12号", doc_date=D("2026-08-20"), doc_file=province_scan)
    assert _stored_files() == before

    def broken(**_):
        raise RuntimeError("the step after the transition failed")

    # A failure after the file is stored: the transaction rolls back and takes the file along.
    monkeypatch.setattr(services.planning, "notice_offer", broken)
    province_scan.seek(0)
    with pytest.raises(RuntimeError):
        services.round_record_provincial_approval(
            round_=round_, by=office_director, expected_version=round_.version,
            doc_number="青巡办〔2026〕12号", doc_date=D("2026-08-20"), doc_file=province_scan)
    assert _stored_files() == before
    round_.refresh_from_db()
    assert round_.status == Round.Status.APPROVED and not round_.province_doc_file


@pytest.mark.django_db
def test_the_party_group_makes_the_term_plan_the_leadership_group_the_annual_one(
        client, office_director, leadership_leader, party_secretary):
    """Art 3, 6 (2), 8 (2): the leadership group proposes the term plan and the party group
    makes it; an annual plan the leadership group approves itself."""
    from django.core.exceptions import ValidationError

    from deadlines.models import Todo
    from inspections.models import Plan

    term = services.plan_save(by=office_director, kind="term", title="2027—2031年巡察规划",
                              start_year=2027, end_year=2031, content="全覆盖")
    term = services.plan_submit(plan=term, by=office_director, expected_version=term.version)
    with pytest.raises(ValidationError, match="厅党组"):
        services.plan_approve(plan=term, by=leadership_leader, expected_version=term.version)
    term = services.plan_review(plan=term, by=leadership_leader, expected_version=term.version,
                                comment="领导小组会议研究")
    assert term.status == Plan.Status.REVIEWED
    assert Todo.objects.filter(recipient=party_secretary, object_id=term.pk,
                               done_at__isnull=True).exists()
    client.force_login(party_secretary)
    page = client.get(term.get_absolute_url()).text
    assert "记录厅党组决定" in page
    with pytest.raises(ValidationError):  # the decision names its meeting
        services.plan_decide(plan=term, by=party_secretary, expected_version=term.version,
                             comment=" ")
    client.post(reverse("inspections:plan_review", args=[term.pk]),
                {"action": "decide", "comment": "厅党组2027年第2次会议", "version": term.version})
    term.refresh_from_db()
    assert term.status == Plan.Status.APPROVED
    assert list(term.reviews.values_list("action", "by")) == [
        ("submit", office_director.pk), ("review", leadership_leader.pk),
        ("decide", party_secretary.pk)]

    annual = services.plan_save(by=office_director, kind="annual", parent=term,
                                title="2027年度巡察工作计划", start_year=2027, end_year=2027,
                                content="两轮")
    annual = services.plan_submit(plan=annual, by=office_director,
                                  expected_version=annual.version)
    with pytest.raises(ValidationError, match="领导小组"):
        services.plan_review(plan=annual, by=leadership_leader, expected_version=annual.version)
    annual = services.plan_approve(plan=annual, by=leadership_leader,
                                   expected_version=annual.version)
    assert annual.status == Plan.Status.APPROVED
