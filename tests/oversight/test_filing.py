import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook


@pytest.mark.django_db
def test_office_downloads_the_filing_package(client, heard, office_director, office_staff,
                                             leadership_leader):
    from inspections import services

    plan = services.plan_save(by=office_director, kind="term", title="2022—2026年巡察工作规划",
                              start_year=2022, end_year=2026, content="全覆盖")
    plan = services.plan_submit(plan=plan, by=office_director, expected_version=plan.version)
    services.plan_approve(plan=plan, by=leadership_leader, expected_version=plan.version)
    client.force_login(office_staff)
    response = client.get(reverse("oversight:filing"), {
        "year": 2026, "part": ["plans", "appointments", "hearings"], "download": "1"})
    package = zipfile.ZipFile(BytesIO(response.content))
    names = package.namelist()
    assert "规划计划/2022—2026年巡察工作规划.pdf" in names
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
