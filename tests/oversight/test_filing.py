import zipfile
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from deadlines import clock
from tests.documents.test_official import in_order, pdf_pages

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_office_downloads_the_filing_package(client, heard, office_director, office_staff,
                                             leadership_leader, party_secretary, tmp_path):
    from inspections import services

    plan = services.plan_save(by=office_director, kind="term", title="2022—2026年巡察工作规划",
                              start_year=2022, end_year=2026, content="全覆盖")
    plan = services.plan_submit(plan=plan, by=office_director, expected_version=plan.version)
    plan = services.plan_review(plan=plan, by=leadership_leader, expected_version=plan.version)
    services.plan_decide(plan=plan, by=party_secretary, expected_version=plan.version,
                         comment="厅党组会议")
    client.force_login(office_staff)
    response = client.post(reverse("oversight:filing"), {
        "year": 2026, "part": ["plans", "appointments", "hearings"], "download": "1"})
    package = zipfile.ZipFile(BytesIO(response.content))
    names = package.namelist()
    assert "规划计划/2022—2026年巡察工作规划.pdf" in names
    # Sent up to the provincial office, so it names who signed it off: the office director.
    first_page = pdf_pages(package.read("规划计划/2022—2026年巡察工作规划.pdf"), tmp_path)[0]
    in_order(first_page, ["办公室文件", "签发人：周主任", "2022—2026年巡察工作规划"])
    assert any(n.startswith("任命授权/") for n in names)
    assert any(n.startswith("书记讲话/") and n.endswith("讲话.pdf") for n in names)
    sheet = load_workbook(BytesIO(package.read("报备汇总表.xlsx"))).active
    figures = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert figures["巡察轮次"] == 1 and figures["发现问题数"] == 1
    assert figures["覆盖单位数（不含回头看）"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["leadership_member", "team_leader", "unit_contact"])
def test_only_the_office_files(client, request, role, authorised_team):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("oversight:filing")).status_code == 403


def _paper(by, kind, title, year, dated_on=None):
    from inspections import services
    from tests.factories import pdf

    return services.paper_record(by=by, kind=kind, title=title, year=year,
                                 dated_on=dated_on or date(year, 3, 1), upload=pdf(f"{title}.pdf"))


@pytest.mark.django_db
def test_the_package_takes_the_offices_papers_and_the_filing_is_recorded(
        client, office_director, office_staff):
    """Art 8 (6): the rules in force by the end of the year, the year's summary (written
    early the next year) and the year's appointments; each package is recorded."""
    from inspections.models import FilingRecord, OfficePaper

    with clock.frozen(datetime(2027, 2, 1, 10, tzinfo=SHANGHAI)):
        _paper(office_director, "regulation", "巡察工作实施办法", 2024)
        _paper(office_director, "regulation", "巡察工作底稿制度", 2027,  # not in force in 2026
               dated_on=date(2027, 1, 10))
        _paper(office_director, "annual_summary", "2026年巡察工作总结", 2026,
               dated_on=date(2027, 1, 15))
        _paper(office_director, "annual_summary", "2025年巡察工作总结", 2025)
        _paper(office_director, "appointment", "关于巡察办副主任任职的通知", 2026)
        _paper(office_director, "appointment", "关于巡察办主任任职的通知", 2025)  # another year
        _paper(office_director, "briefing", "巡察工作简报第1期", 2026)  # not filed
        client.force_login(office_staff)
        response = client.post(reverse("oversight:filing"), {
            "year": 2026, "part": ["regulations", "annual_summary", "office_appointments"],
            "download": "1"})
    names = zipfile.ZipFile(BytesIO(response.content)).namelist()
    papers = {p.title: p.pk for p in OfficePaper.objects.all()}
    assert {n for n in names if not n.endswith(".xlsx")} == {
        f"规章制度/20240301-{papers['巡察工作实施办法']}-巡察工作实施办法.pdf",
        f"巡察办主任副主任任免/20260301-{papers['关于巡察办副主任任职的通知']}"
        "-关于巡察办副主任任职的通知.pdf",
        f"年度工作总结/20270115-{papers['2026年巡察工作总结']}-2026年巡察工作总结.pdf"}
    record = FilingRecord.objects.get()
    assert (record.year, record.filed_by, sorted(record.contents)) == (
        2026, office_staff, sorted(names))
    assert record.parts == ["regulations", "annual_summary", "office_appointments"]
    page = client.get(reverse("oversight:filing"), {"year": 2026})
    assert [r.pk for r in page.context["filings"]] == [record.pk]
    # Showing the figures records nothing.
    client.post(reverse("oversight:filing"), {"year": 2026, "part": ["regulations"]})
    assert FilingRecord.objects.count() == 1


@pytest.mark.django_db
def test_a_package_is_never_generated_by_a_get(client, office_staff):
    from inspections.models import FilingRecord

    client.force_login(office_staff)
    page = client.get(reverse("oversight:filing"), {"year": 2026, "part": ["plans"],
                                                     "download": "1"})
    assert page["Content-Type"].startswith("text/html")
    assert not FilingRecord.objects.exists()


@pytest.mark.django_db
def test_only_the_office_records_a_filing(leadership_member, team_leader):
    from django.core.exceptions import PermissionDenied

    from inspections.models import FilingRecord
    from oversight.filing import filing_package_filed

    for person in (leadership_member, team_leader):
        with pytest.raises(PermissionDenied):
            filing_package_filed(by=person, year=2026, parts=["plans"],
                                 today=date(2026, 11, 26))
    assert not FilingRecord.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["99999999999", "1999", "二〇二六"])
def test_a_year_no_record_can_hold_generates_nothing_and_says_why(client, office_staff, year):
    from inspections.models import FilingRecord

    client.force_login(office_staff)
    page = client.post(reverse("oversight:filing"), {"year": year, "part": ["plans"],
                                                     "download": "1"})
    assert page.status_code == 200 and "2000" in page.text
    assert not FilingRecord.objects.exists()
