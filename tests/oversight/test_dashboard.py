import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deadlines import clock
from inspections.models import Finding, Inspection
from rectification.models import RectificationItem
from tests.factories import OrgUnitFactory


def table(page, testid):
    body = page.split(f'data-testid="{testid}"')[1].split("</table>")[0]
    return [(re.sub(r"<[^>]+>", "", a).strip(), int(b))
            for a, b in re.findall(r"<tr><td>(.*?)</td><td>(\d+)</td></tr>", body)]


@pytest.mark.django_db
def test_dashboard_numbers_match_independent_counts(client, approved_plan, leadership_member):
    client.force_login(leadership_member)
    page = client.get(reverse("oversight:dashboard")).text
    approved = list(Finding.objects.filter(status="approved"))
    expected_areas = {}
    for finding in approved:
        label = finding.get_content_area_display()
        expected_areas[label] = expected_areas.get(label, 0) + 1
    shown = dict(table(page, "by-area"))
    assert {k: v for k, v in shown.items() if v} == expected_areas
    assert sum(shown.values()) == len(approved)
    items = list(RectificationItem.objects.all())
    done = sum(i.status in {"closed", "long_term"} for i in items)
    percent = round(100 * done / len(items))
    assert f"共 {len(items)} 项整改事项，已销号或需长期坚持 {done} 项（{percent}%）" in page
    assert table(page, "trend") == [("2026", len(approved))]
    rounds = Inspection.objects.filter(round__status="in_progress").values("round").distinct()
    assert page.split('data-testid="rounds-in-progress">')[1].startswith(str(rounds.count()))


@pytest.mark.django_db
def test_party_member_sees_supervised_units_first(client, party_member, approved_plan):
    client.force_login(party_member)
    page = client.get(reverse("oversight:dashboard")).text
    assert page.index('data-testid="supervised"') < page.index('data-testid="by-area"')
    assert "青海省甲测试院" in page.split('data-testid="supervised"')[1].split("</table>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["unit_contact", "team_member", "discipline_handler"])
def test_dashboards_are_for_oversight_roles(client, request, role, authorised_team):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("oversight:dashboard")).status_code == 403
    assert client.get(reverse("oversight:coverage")).status_code == 403


@pytest.mark.django_db
def test_coverage_excludes_follow_up_inspections(client, draft_round, office_director,
                                                 office_staff):
    follow_up_unit = OrgUnitFactory(name="只做过回头看的单位")
    # Written directly: a real follow-up needs an earlier inspection of the unit in
    # rectification; only what the coverage matrix counts is tested here.
    Inspection.objects.create(
        round=draft_round, target_unit=follow_up_unit, inspection_type="follow_up",
        content_areas=["rectification"], planned_entry_on=date(2026, 9, 14),
        planned_end_on=date(2026, 10, 15), working_days=23)
    never = OrgUnitFactory(name="从未巡察的单位")
    client.force_login(office_staff)
    # Without a term plan the matrix shows the five years up to today's.
    with clock.frozen(datetime(2026, 11, 26, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        page = client.get(reverse("oversight:coverage")).text
    pattern = r'data-testid="uncovered">\s*<td>([^<]+)'
    uncovered = [name.strip() for name in re.findall(pattern, page)]
    assert follow_up_unit.name in uncovered and never.name in uncovered
    assert "青海省甲测试院" not in uncovered  # regular inspection in draft_round
    export = client.get(reverse("oversight:coverage"), {"format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def supervised_rows(page):
    body = page.split('data-testid="supervised"')[1].split("</table>")[0]
    return {re.sub(r"<[^>]+>", "", unit).strip(): (int(findings), done_total, int(overdue))
            for unit, findings, done_total, overdue in re.findall(
                r"<tr><td>(.*?)</td><td>(\d+)</td><td>([^<]*)</td><td>(\d+)</td></tr>", body)}


@pytest.mark.django_db
def test_supervised_figures_per_unit_in_the_same_queries_however_many_units(
        client, party_member, approved_plan, unit_a, unit_contact, team_leader):
    from rectification import services as rectification

    client.force_login(party_member)
    url = reverse("oversight:dashboard")
    items = list(RectificationItem.objects.filter(plan=approved_plan))
    findings = Finding.objects.filter(status="approved", inspection__target_unit=unit_a).count()
    # A day after every item's due date (2026-12-31).
    after_due = datetime(2027, 1, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with clock.frozen(after_due), CaptureQueriesContext(connection) as one_unit:
        page = client.get(url).text
    # Every item still open is overdue.
    assert supervised_rows(page) == {
        unit_a.name: (findings, f"0/{len(items)}（0%）", len(items))}
    # One item closed: done, and past its due date without being overdue.
    item = rectification.item_report(item=items[0], by=unit_contact, action="request_closure",
                                     progress="制度已印发", expected_version=items[0].version)
    rectification.item_decide(item=item, by=team_leader, action="close", comment="核实",
                              expected_version=item.version)
    more = [OrgUnitFactory(name=f"分管单位{n}") for n in range(4)]
    party_member.party_group_membership.supervised_units.add(*more)
    with clock.frozen(after_due), CaptureQueriesContext(connection) as five_units:
        page = client.get(url).text
    rows = supervised_rows(page)
    done = f"1/{len(items)}（{round(100 / len(items))}%）"
    assert rows[unit_a.name] == (findings, done, len(items) - 1)
    assert all(rows[unit.name] == (0, "0/0（0%）", 0) for unit in more)
    assert len(five_units) == len(one_unit)
