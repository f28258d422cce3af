import re

import pytest
from django.urls import reverse

from inspections import services

ROLES = ["office_staff", "leadership_member", "party_member", "team_leader", "team_member",
         "other_team_member", "unit_contact", "unit_b_contact", "discipline_handler",
         "plain_user"]
# Each row: the status code per role above.
EXPECTED = {
    "inspection": [200, 200, 200, 200, 200, 404, 404, 404, 404, 404],
    "round": [200, 200, 200, 200, 200, 200, 404, 404, 404, 404],
    "notice": [200, 200, 200, 200, 200, 404, 200, 404, 404, 404],
    "team": [200, 200, 200, 200, 200, 404, 404, 404, 404, 404],
    "province_file": [200, 200, 200, 403, 403, 403, 404, 404, 404, 404],
    # The team's own records: not the office's liaison, nor the leadership or party group.
    "fieldwork": [403, 403, 403, 200, 200, 404, 404, 404, 404, 404],
    "petitions": [403, 403, 403, 200, 200, 404, 404, 404, 404, 404],
}
CASES = [(page, role, code) for page, codes in EXPECTED.items()
         for role, code in zip(ROLES, codes, strict=True)]


@pytest.fixture
def issued(authorised_team, office_director, other_team_member):
    inspection = authorised_team.inspections.get()
    notice = services.notice_issue(inspection=inspection, by=office_director,
                                   addressee="中共青海省甲测试院委员会", body="定于9月14日进驻")
    return {
        "inspection": reverse("inspections:inspection_detail", args=[inspection.pk]),
        "round": reverse("inspections:round_detail", args=[inspection.round_id]),
        "notice": reverse("inspections:notice_detail", args=[notice.pk]),
        "team": reverse("teams:team_detail", args=[authorised_team.pk]),
        "province_file": reverse("inspections:round_province_file", args=[inspection.round_id]),
        "notice_docx": reverse("inspections:notice_docx", args=[notice.pk]),
        "fieldwork": reverse("inspections:fieldwork_list", args=[inspection.pk]),
        "petitions": reverse("inspections:petition_list", args=[inspection.pk]),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "role", "expected"), CASES)
def test_who_sees_what(client, request, issued, page, role, expected):
    client.force_login(request.getfixturevalue(role))
    assert client.get(issued[page]).status_code == expected


# A page offers a link only to a reader the linked page opens for: no link ends on a refusal.
OFFERED = [("round", "province_file"), ("notice", "notice_docx"), ("inspection", "fieldwork"),
           ("inspection", "petitions")]


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "link"), OFFERED)
def test_a_page_offers_only_links_its_reader_may_open(client, request, issued, page, link):
    checked = 0
    for role in ["office_director", *ROLES]:
        client.force_login(request.getfixturevalue(role))
        response = client.get(issued[page])
        if response.status_code != 200:
            continue  # the page itself is not theirs (404), so it offers nothing
        offered = f'href="{issued[link]}"' in response.content.decode()
        opens = client.get(issued[link]).status_code == 200
        assert offered == opens, f"{role} on {page}: link offered {offered}, opens {opens}"
        checked += opens
    assert checked, "nobody was offered the link: the test would prove nothing"


@pytest.mark.django_db
def test_office_staff_on_the_team_open_its_records(client, issued, authorised_team, office_staff):
    from guardian.shortcuts import assign_perm

    from teams.services import INSPECTION_PERMS

    client.force_login(office_staff)
    assert client.get(issued["fieldwork"]).status_code == 403
    # Office staff may serve on a team: authorisation grants them what it grants every member.
    for perm in INSPECTION_PERMS:
        assign_perm(f"inspections.{perm}", office_staff, authorised_team.inspections.get())
    page = client.get(issued["inspection"]).text
    for link in ("fieldwork", "petitions"):
        assert client.get(issued[link]).status_code == 200
        assert f'href="{issued[link]}"' in page


@pytest.mark.django_db
def test_team_a_member_gets_404_on_team_b_inspection(client, authorised_team, other_team_member,
                                                    team_member):
    team_b_inspection = other_team_member.team_memberships.get().team.inspections.get()
    client.force_login(team_member)
    url = reverse("inspections:inspection_detail", args=[team_b_inspection.pk])
    missing = reverse("inspections:inspection_detail", args=[team_b_inspection.pk + 999])
    assert client.get(url).status_code == client.get(missing).status_code == 404
    client.force_login(other_team_member)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_province_scan_download_is_logged(client, issued, office_staff):
    from audit.models import SecurityEvent

    client.force_login(office_staff)
    response = client.get(issued["province_file"])
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert SecurityEvent.objects.filter(kind="download", user=office_staff).exists()


@pytest.mark.django_db
def test_only_the_office_issues_notices(client, authorised_team, team_leader, office_staff):
    inspection = authorised_team.inspections.get()
    url = reverse("inspections:notice_issue", args=[inspection.pk])
    client.force_login(team_leader)
    assert client.post(url, {"addressee": "x", "body": "y"}).status_code == 403
    client.force_login(office_staff)
    form = client.get(url)
    assert "中共青海省甲测试院委员会" in form.text
    response = client.post(url, {"addressee": "中共青海省甲测试院委员会",
                                 "body": "定于9月14日进驻"})
    assert response.status_code == 302
    assert "青自然资巡〔" in client.get(response.url).text


@pytest.mark.django_db
def test_notice_form_shows_the_gate_refusal_and_keeps_the_text(client, draft_round, office_staff):
    inspection = draft_round.inspections.get()
    client.force_login(office_staff)
    response = client.post(reverse("inspections:notice_issue", args=[inspection.pk]),
                           {"addressee": "中共某院委员会", "body": "我的草稿正文"})
    assert response.status_code == 200
    assert "录入省委巡视工作领导小组对本轮巡察的批准后" in response.text
    assert "我的草稿正文" in response.text


@pytest.mark.django_db
def test_inspection_form_explains_the_working_day_window(client, draft_round, office_staff,
                                                         unit_b):
    client.force_login(office_staff)
    url = reverse("inspections:inspection_create", args=[draft_round.pk])
    response = client.post(url, {
        "target_unit": unit_b.pk, "inspection_type": "regular", "content_areas": ["political"],
        "planned_entry_on": "2026-09-14", "planned_end_on": "2026-11-13",
    })
    assert response.status_code == 200
    assert "41 个工作日" in response.text
    assert "2026-10-15（第20个工作日）至 2026-11-12（第40个工作日）" in response.text


@pytest.mark.django_db
def test_round_list_queries(client, office_staff, django_assert_max_num_queries):
    for n in range(30):
        services.round_save(by=office_staff, name=f"轮次{n}", year=2026,
                            inspection_type="regular", modes=[])
    client.force_login(office_staff)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("inspections:round_list"))
    assert len(re.findall(r'href="/rounds/\d+/"', page.text)) == 25


@pytest.mark.django_db
def test_unit_page_shows_its_planned_year(client, office_director, unit_a):
    from inspections.models import PlanUnit

    plan = services.plan_save(by=office_director, kind="term", title="2022—2026年规划",
                              start_year=2022, end_year=2026, content="全覆盖")
    services.plan_child_add(plan=plan, by=office_director, child=PlanUnit(unit=unit_a, year=2025))
    client.force_login(office_director)
    page = client.get(reverse("accounts:orgunit_detail", args=[unit_a.pk])).text
    assert "计划于 2025 年巡察（2022—2026年规划）" in page
