from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import Attachment, Finding, Inspection, Report
from tests.conftest import sign_through
from tests.factories import pdf

S = Finding.Status


@pytest.mark.django_db
def test_sign_off_goes_author_deputy_leader(finding, team_member, deputy, team_leader):
    approved = sign_through(finding, team_member, deputy, team_leader)
    assert approved.status == S.APPROVED
    assert [(s.level, s.by) for s in approved.signoffs.all()] == [
        ("author", team_member), ("deputy", deputy), ("leader", team_leader)]


@pytest.mark.django_db
def test_levels_cannot_be_skipped_or_signed_by_the_wrong_person(finding, team_member, deputy,
                                                                team_leader):
    submitted = services.finding_submit(finding=finding, by=team_member, expected_version=1)
    with pytest.raises(ValidationError) as early:  # leader before deputy
        services.finding_sign(finding=submitted, by=team_leader, level="leader",
                              expected_version=submitted.version)
    assert early.value.code == "not_now"
    with pytest.raises(PermissionDenied, match="副组长"):  # a member at deputy level
        services.finding_sign(finding=submitted, by=team_member, level="deputy",
                              expected_version=submitted.version)
    with pytest.raises(PermissionDenied, match="组长"):  # the deputy at leader level
        services.finding_sign(finding=submitted, by=deputy, level="leader",
                              expected_version=submitted.version)


@pytest.mark.django_db
def test_an_author_cannot_sign_a_higher_level(notified, deputy, team_leader, basis_clause):
    own = services.finding_save(inspection=notified, by=deputy, title="副组长自己的底稿",
                                content_area="conduct", facts="事实", basis=[basis_clause])
    own = services.finding_submit(finding=own, by=deputy, expected_version=own.version)
    with pytest.raises(PermissionDenied, match="承办人不能"):
        services.finding_sign(finding=own, by=deputy, level="deputy",
                              expected_version=own.version)


@pytest.mark.django_db
def test_return_needs_a_comment_and_shows_it(finding, team_member, deputy):
    submitted = services.finding_submit(finding=finding, by=team_member, expected_version=1)
    with pytest.raises(ValidationError):
        services.finding_return(finding=submitted, by=deputy, comment="",
                                expected_version=submitted.version)
    returned = services.finding_return(finding=submitted, by=deputy, comment="金额需核实",
                                       expected_version=submitted.version)
    assert (returned.status, returned.return_comment) == (S.DRAFT, "金额需核实")


@pytest.mark.django_db
def test_editing_after_sign_off_resets_and_keeps_the_signed_version(finding, team_member,
                                                                    deputy, team_leader,
                                                                    basis_clause):
    approved = sign_through(finding, team_member, deputy, team_leader)
    edited = services.finding_save(
        inspection=approved.inspection, by=team_member, finding=approved,
        expected_version=approved.version, basis=[basis_clause],
        title=approved.title, content_area="political", facts="金额更正为460万元")
    assert (edited.status, edited.edited_after_signoff) == (S.DRAFT, True)
    signed = edited.history.filter(status=S.APPROVED).first()
    assert signed is not None and "480万元" in signed.facts
    with pytest.raises(ValidationError):  # a form opened before the edit is stale
        services.finding_save(inspection=edited.inspection, by=team_member, finding=edited,
                              expected_version=approved.version, title="x",
                              content_area="political", facts="y")


@pytest.mark.django_db
def test_evidence_gate_lists_every_offending_finding(notified, finding, team_member, deputy,
                                                     team_leader):
    approved = sign_through(finding, team_member, deputy, team_leader)
    bare = services.finding_save(inspection=notified, by=team_member, title="无依据的问题",
                                 content_area="conduct", facts="某事实")
    report = services.report_save(inspection=notified, by=team_leader, findings=[approved, bare],
                                  title="关于青海省甲测试院的巡察报告", analysis="分析",
                                  suggestions="建议")
    services.inspection_end_onsite(inspection=notified, by=team_leader,
                                   ended_on=notified.planned_end_on)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=report, by=team_leader, expected_version=report.version)
    assert [e.code for e in refused.value.error_list] == ["evidence_gate"]
    assert refused.value.messages == ["“无依据的问题”：未经组长审定、无佐证材料、无定性依据。"]
    assert report.findings.count() == 2

    report = services.report_save(inspection=notified, by=team_leader, report=report,
                                  findings=[approved], expected_version=report.version)
    with pytest.raises(PermissionDenied, match="组长"):
        services.report_submit(report=report, by=deputy, expected_version=report.version)
    submitted = services.report_submit(report=report, by=team_leader,
                                       expected_version=report.version)
    assert submitted.status == Report.Status.SUBMITTED
    assert Inspection.objects.get(pk=notified.pk).status == Inspection.Status.REPORT_SUBMITTED


@pytest.mark.django_db
def test_evidence_can_be_a_file_instead_of_a_fieldwork_link(notified, team_member,
                                                            basis_clause):
    finding = services.finding_save(inspection=notified, by=team_member, title="以文件为证",
                                    content_area="conduct", facts="事实", basis=[basis_clause])
    assert not finding.has_evidence()
    attachment = services.attachment_add(by=team_member, upload=pdf(), finding=finding)
    assert finding.has_evidence() and len(attachment.sha256) == 64


@pytest.mark.django_db
def test_an_attached_file_alone_passes_the_report_gate(notified, fieldwork, team_member, deputy,
                                                       team_leader, basis_clause):
    """Art 16: facts can be backed by a file; a fieldwork link is not the only evidence."""
    finding = services.finding_save(inspection=notified, by=team_member, title="以文件为证",
                                    content_area="conduct", facts="事实", basis=[basis_clause])
    services.attachment_add(by=team_member, upload=pdf(), finding=finding)
    finding = sign_through(finding, team_member, deputy, team_leader)
    inspection = services.inspection_end_onsite(inspection=Inspection.objects.get(
        pk=notified.pk), by=team_leader, ended_on=date(2026, 10, 15))
    report = services.report_save(inspection=inspection, by=team_leader, findings=[finding],
                                  title="巡察报告", analysis="分析", suggestions="建议")
    assert services.report_gate_problems(report) == []
    assert services.report_submit(report=report, by=team_leader,
                                  expected_version=report.version).status == "submitted"


@pytest.mark.django_db
def test_a_bad_second_file_leaves_nothing_half_saved(client, notified, team_member,
                                                     basis_clause):
    """The page saves the finding and its files as one: a refused file refuses them all."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(team_member)
    fake = SimpleUploadedFile("伪装.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = client.post(reverse("inspections:finding_create", args=[notified.pk]), {
        "title": "附件有误的问题", "content_area": "political", "facts": "我写的事实",
        "severity": "general", "basis": [basis_clause.pk], "files": [pdf(), fake]})
    assert response.status_code == 200 and "我写的事实" in response.text
    assert not Finding.objects.filter(title="附件有误的问题").exists()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_finding_with_its_links_and_a_report_edit_are_one_history_row_each(
        notified, fieldwork, finding, team_member, team_leader, basis_clause):
    """One action, one line in the record's history (issue 14): the links are in that line,
    not in a row of their own per relation."""
    linked = services.finding_save(inspection=notified, by=team_member, title="一事一行",
                                   content_area="conduct", facts="事实",
                                   basis=[basis_clause], fieldwork=[fieldwork])
    (created,) = linked.history.all()
    assert (created.history_type, created.history_user) == ("+", team_member)
    assert list(created.basis.values_list("basisclause", flat=True)) == [basis_clause.pk]
    assert list(created.fieldwork.values_list("fieldworkrecord", flat=True)) == [fieldwork.pk]

    report = services.report_save(inspection=notified, by=team_leader, findings=[linked],
                                  title="巡察报告", analysis="分析", suggestions="建议")
    report = services.report_save(inspection=notified, by=team_leader, report=report,
                                  findings=[linked, finding], expected_version=report.version)
    assert [row.history_type for row in report.history.order_by("history_id")] == ["+", "~"]
    latest = report.history.latest("history_id")
    assert sorted(latest.findings.values_list("finding", flat=True)) == sorted(
        [linked.pk, finding.pk])
