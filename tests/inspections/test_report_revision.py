"""Art 17: after the leadership group's hearing the team revises the report, the version heard
stays as it was, the revision goes to the party group, and the feedback waits for the party
group's hearing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deadlines import clock
from deadlines.models import Todo
from inspections import services
from inspections.models import Inspection, Report
from rectification import services as rectification
from tests.conftest import feedback_draft, sign_through

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def heard_once(notified, finding, team_member, deputy, team_leader, leadership_leader):
    """Heard by the leadership group only: the report not yet revised."""
    approved = sign_through(finding, team_member, deputy, team_leader)
    services.inspection_end_onsite(inspection=notified, by=team_leader,
                                   ended_on=date(2026, 10, 15))
    report = services.report_save(inspection=notified, by=team_leader, findings=[approved],
                                  title="巡察报告", analysis="分析", suggestions="建议")
    report = services.report_submit(report=report, by=team_leader,
                                    expected_version=report.version)
    services.hearing_record(inspection=Inspection.objects.get(pk=notified.pk),
                            by=leadership_leader, held_on=date(2026, 11, 5),
                            meeting="领导小组2026年第8次会议", members_present=[leadership_leader],
                            opinions="同意报告", required_changes="补充整改建议")
    return Report.objects.get(pk=report.pk)


def waiting(user, action):
    return Todo.objects.filter(recipient=user, action=action, done_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_revision_is_a_new_version_and_the_one_heard_stays(heard_once, team_leader):
    assert waiting(team_leader, "revise")
    with pytest.raises(ValidationError) as stale:
        services.report_revise(report=heard_once, by=team_leader,
                               expected_version=heard_once.version - 1)
    assert stale.value.code == "stale"
    revision = services.report_revise(report=heard_once, by=team_leader,
                                      expected_version=heard_once.version)
    assert not waiting(team_leader, "revise")
    assert (revision.revision_of, revision.status) == (heard_once, Report.Status.DRAFT)
    assert set(revision.findings.all()) == set(heard_once.findings.all())

    revision = services.report_save(inspection=revision.inspection, by=team_leader,
                                    report=revision, findings=list(revision.findings.all()),
                                    expected_version=revision.version, title="巡察报告（修改稿）",
                                    analysis="分析", suggestions="补充后的整改建议")
    heard_once.refresh_from_db()
    assert (heard_once.status, heard_once.suggestions) == (Report.Status.SUBMITTED, "建议")
    with pytest.raises(ValidationError, match="草稿"):
        services.report_save(inspection=heard_once.inspection, by=team_leader,
                             report=heard_once, findings=[], expected_version=heard_once.version,
                             title="改", analysis="改", suggestions="改")
    with pytest.raises(ValidationError, match="已形成修改稿"):
        services.report_revise(report=heard_once, by=team_leader)


@pytest.mark.django_db
def test_a_revision_goes_to_the_party_group_not_back_to_the_leadership_group(
        heard_once, team_leader, party_secretary, office_staff):
    revision = services.report_revise(report=heard_once, by=team_leader)
    with pytest.raises(ValidationError, match="报送厅党组"):
        services.report_submit(report=revision, by=team_leader,
                               expected_version=revision.version)
    with pytest.raises(ValidationError, match="听取汇报后修改的版本"):
        # The report heard cannot be "sent" a second time as if it were the revision.
        services.report_send(report=Report.objects.create(
            inspection=heard_once.inspection, title="另一稿", analysis="a", suggestions="s",
            author=team_leader), by=team_leader, expected_version=1)
    revision = services.report_send(report=revision, by=team_leader,
                                    expected_version=revision.version)
    assert revision.status == Report.Status.SENT and revision.submitted_at is not None
    assert waiting(party_secretary, "record_party_hearing")
    assert waiting(office_staff, "record_party_hearing")


@pytest.mark.django_db
def test_the_feedback_waits_for_the_party_groups_hearing(heard_once, team_leader,
                                                         party_secretary, feedback_attendees):
    inspection = heard_once.inspection
    draft = feedback_draft(inspection, by=team_leader, attendees=feedback_attendees)
    with pytest.raises(ValidationError, match="第十七条") as refused:
        rectification.feedback_request_consent(feedback=draft, by=team_leader,
                                               expected_version=draft.version)
    assert refused.value.code == "party_hearing"
    with pytest.raises(ValidationError, match="修改后的巡察报告报送厅党组"):
        services.party_hearing_record(inspection=inspection, by=party_secretary,
                                      held_on=date(2026, 11, 12), meeting="党组会", opinions="同意")

    revision = services.report_revise(report=heard_once, by=team_leader)
    with clock.frozen(datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)):
        services.report_send(report=revision, by=team_leader, expected_version=revision.version)
    inspection = Inspection.objects.get(pk=inspection.pk)
    for before in (date(2026, 11, 4), date(2026, 11, 19)):
        # Before the leadership group heard it; before the revision was sent to the group.
        with pytest.raises(ValidationError) as early:
            services.party_hearing_record(inspection=inspection, by=party_secretary,
                                          held_on=before, meeting="党组会", opinions="同意")
        assert "held_on" in early.value.error_dict
    hearing = services.party_hearing_record(
        inspection=inspection, by=party_secretary, held_on=date(2026, 11, 20),
        meeting="厅党组会议", opinions="同意", filed_on=date(2026, 11, 23),
        filing_reference="报备〔2026〕4号")
    assert hearing.report == revision
    assert not waiting(party_secretary, "record_party_hearing")
    draft.refresh_from_db()
    asked = rectification.feedback_request_consent(feedback=draft, by=team_leader,
                                                   expected_version=draft.version)
    assert asked.status == "awaiting_consent"


@pytest.mark.django_db
def test_the_leader_revises_and_sends_in_the_browser(client, heard_once, team_leader,
                                                     party_secretary, leadership_leader):
    client.force_login(team_leader)
    page = client.get(heard_once.get_absolute_url()).text
    assert 'data-action="revise"' in page
    response = client.post(reverse("inspections:report_revise", args=[heard_once.pk]),
                           {"version": heard_once.version})
    revision = Report.objects.get(revision_of=heard_once)
    assert response["Location"] == revision.get_absolute_url()
    page = client.get(revision.get_absolute_url()).text
    assert 'data-testid="report-versions"' in page and 'data-testid="revision-note"' in page
    assert heard_once.get_absolute_url() in page
    assert 'data-action="send"' in page and 'data-action="submit"' not in page
    client.force_login(leadership_leader)
    page = client.get(heard_once.get_absolute_url()).text
    # The group sees that a revision is being drafted, not the draft itself.
    assert 'data-testid="report-versions"' in page and revision.get_absolute_url() not in page
    assert client.get(revision.get_absolute_url()).status_code == 404
    client.force_login(party_secretary)
    assert client.get(revision.get_absolute_url()).status_code == 404

    client.force_login(team_leader)
    with clock.frozen(datetime(2026, 11, 10, 10, tzinfo=SHANGHAI)):
        client.post(reverse("inspections:report_send", args=[revision.pk]),
                    {"version": revision.version})
    revision.refresh_from_db()
    assert revision.status == Report.Status.SENT
    assert "按听取汇报意见修改" in client.get(revision.get_absolute_url()).text  # history

    client.force_login(party_secretary)
    assert client.get(revision.get_absolute_url()).status_code == 200  # it is sent to them
    assert client.get(heard_once.get_absolute_url()).status_code == 404
    inspection_page = client.get(heard_once.inspection.get_absolute_url()).text
    assert revision.get_absolute_url() in inspection_page
    url = reverse("inspections:party_hearing_record", args=[heard_once.inspection_id])
    assert url in inspection_page
    client.post(url, {"held_on": "2026-11-12", "meeting": "厅党组会议", "opinions": "同意反馈"})
    assert 'data-testid="party-hearing"' in client.get(
        heard_once.inspection.get_absolute_url()).text


@pytest.mark.django_db
def test_the_revision_sent_up_is_a_document_of_its_own(client, tmp_path, heard_once,
                                                        team_leader, team_member):
    """The version sent to the party group takes its own number, is addressed to the party
    group and names who sent it, whatever happens to the team afterwards."""
    from tests.documents.test_official import in_order, pdf_pages

    revision = services.report_revise(report=heard_once, by=team_leader,
                                      expected_version=heard_once.version)
    revision = services.report_send(report=revision, by=team_leader,
                                    expected_version=revision.version)
    year = revision.submitted_at.year
    assert revision.document_number == f"青自然资巡报〔{year}〕2号"
    assert heard_once.document_number == f"青自然资巡报〔{year}〕1号"
    team_leader.full_name = "后任组长"
    team_leader.save()
    client.force_login(team_member)
    first = pdf_pages(client.get(reverse("inspections:report_pdf", args=[revision.pk])).content,
                      tmp_path)[0]
    in_order(first, [revision.document_number, f"签发人：{revision.signer}", "厅党组："])
    assert "后任组长" not in first and "巡察工作领导小组：" not in first


@pytest.mark.django_db
def test_the_immediate_notice_page_shows_its_number(client, notified, team_leader):
    notice = services.immediate_issue(inspection=notified, by=team_leader, issue="公车私用",
                                      required_action="立即收回车辆")
    client.force_login(team_leader)
    page = client.get(notice.get_absolute_url()).text
    assert notice.document_number and notice.document_number in page
