"""The office's papers (Art 8 (1), (5); issue 17, item 12)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import SecurityEvent
from deadlines import clock
from inspections import services
from inspections.models import OfficePaper
from tests.factories import pdf

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 11, 20, 12, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_the_office_adds_a_paper_and_the_leadership_reads_it(client, office_staff,
                                                             leadership_member):
    client.force_login(office_staff)
    with clock.frozen(NOON):
        client.post(reverse("inspections:paper_create"), {
            "kind": "regulation", "title": "巡察工作实施办法",
            "document_number": "青自然资巡〔2026〕1号",
            "dated_on": "2026-11-20", "year": 2026, "file": pdf("实施办法.pdf")})
    paper = OfficePaper.objects.get()
    assert (paper.kind, paper.recorded_by, len(paper.sha256)) == ("regulation", office_staff, 64)
    client.force_login(leadership_member)
    listed = client.get(reverse("inspections:paper_list"), {"kind": "regulation", "q": "实施"})
    assert [p.pk for p in listed.context["page"]] == [paper.pk]
    download = client.get(reverse("inspections:paper_download", args=[paper.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(
        b"%PDF-")
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DOWNLOAD,
                                        target=f"office_paper:{paper.pk}").exists()


@pytest.mark.django_db
def test_a_paper_is_refused_for_a_future_date_or_a_file_that_is_not_what_it_says(
        client, office_staff):
    with clock.frozen(NOON), pytest.raises(ValidationError, match="未来的日期"):
        services.paper_record(by=office_staff, kind="briefing", title="简报", year=2026,
                              dated_on=date(2026, 11, 21), upload=pdf())
    with clock.frozen(NOON):  # the day itself is fine
        services.paper_record(by=office_staff, kind="briefing", title="简报", year=2026,
                              dated_on=date(2026, 11, 20), upload=pdf())
    OfficePaper.objects.all().delete()
    client.force_login(office_staff)
    fake = SimpleUploadedFile("伪装.pdf", b"<html>not a pdf</html>", "application/pdf")
    with clock.frozen(NOON):
        refused = client.post(reverse("inspections:paper_create"), {
            "kind": "briefing", "title": "巡察简报第3期", "dated_on": "2026-11-20", "year": 2026,
            "file": fake})
    assert refused.status_code == 200 and "巡察简报第3期" in refused.text
    assert not OfficePaper.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["team_leader", "unit_contact", "sysadmin"])
def test_only_the_oversight_roles_see_the_papers_and_only_the_office_adds(
        client, request, role, office_staff, leadership_member, authorised_team):
    paper = services.paper_record(by=office_staff, kind="speech", title="动员会讲话", year=2026,
                                  dated_on=date(2026, 9, 14), upload=pdf())
    person = request.getfixturevalue(role)
    client.force_login(person)
    assert client.get(reverse("inspections:paper_list")).status_code == 403
    assert client.get(reverse("inspections:paper_download", args=[paper.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.paper_record(by=leadership_member, kind="speech", title="讲话", year=2026,
                              dated_on=date(2026, 9, 14), upload=pdf())
