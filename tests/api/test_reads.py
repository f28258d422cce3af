"""Reading through the interface: exactly what the pages show each role, filtered, in keyset
pages, at a query count that does not grow with the page."""

import hashlib
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import SecurityEvent
from deadlines import clock
from rectification.models import RectificationItem
from tests.conftest import sign_through
from tests.factories import OrgUnitFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
ITEMS = "/api/v1/rectification/items/"


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def more_items(plan, count):
    """Rows as a larger unit's plan would hold them (written directly: only the list's
    behaviour with many rows is tested here)."""
    finding = plan.items.first().finding
    return [RectificationItem.objects.create(
        plan=plan, finding=finding, measure=f"措施{n}", due_on=date(2026, 12, 31),
        responsible_leader="高书记", responsible_department="办公室") for n in range(count)]


@pytest.mark.django_db
def test_each_unit_reads_only_its_own_items(client, approved_plan, unit_contact,
                                            unit_b_contact, bearer):
    item = approved_plan.items.get()
    assert ids(client.get(ITEMS, **bearer(unit_contact))) == [item.pk]
    other = bearer(unit_b_contact)
    assert ids(client.get(ITEMS, **other)) == []
    hidden = client.get(f"{ITEMS}{item.pk}/", **other)
    missing = client.get(f"{ITEMS}999999/", **other)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {
        "code": "not_found", "message": "未找到，或本账户无权查看。"}
    denied = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ACCESS_DENIED,
                                          user=unit_b_contact)
    assert denied.filter(target=f"{ITEMS}{item.pk}/").exists()


@pytest.mark.django_db
def test_an_item_shows_its_state_level_and_evidence(client, approved_plan, unit_contact,
                                                    bearer):
    from rectification import services
    from tests.factories import pdf

    item = approved_plan.items.get()
    evidence = services.evidence_add(item=item, by=unit_contact, upload=pdf("制度.pdf"))
    with clock.frozen(datetime(2026, 12, 29, 9, tzinfo=SHANGHAI)):
        body = client.get(f"{ITEMS}{item.pk}/", **bearer(unit_contact)).json()
    assert body["status"] == "open" and body["status_label"] == "未开始"
    assert body["due_on"] == "2026-12-31"
    assert (body["level"], body["level_label"]) == (2, "红色预警")
    assert body["evidence"] == [{"id": evidence.pk, "name": "制度.pdf",
                                 "sha256": evidence.sha256, "size": evidence.size,
                                 "uploaded_at": body["evidence"][0]["uploaded_at"],
                                 "replaces": None}]
    with evidence.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == body["evidence"][0]["sha256"]


@pytest.mark.django_db
@pytest.mark.parametrize(("today", "overdue", "level"), [
    (date(2026, 12, 31), False, 2),  # the due day itself is not late
    (date(2027, 1, 1), True, 3),
])
def test_overdue_is_the_day_after_the_due_date(client, approved_plan, unit_contact, bearer,
                                               today, overdue, level):
    auth = bearer(unit_contact)
    item = approved_plan.items.get()
    with clock.frozen(datetime(today.year, today.month, today.day, 9, tzinfo=SHANGHAI)):
        late = ids(client.get(ITEMS, {"overdue": "true"}, **auth))
        on_time = ids(client.get(ITEMS, {"overdue": "false"}, **auth))
        body = client.get(f"{ITEMS}{item.pk}/", **auth).json()
    assert (late, on_time) == (([item.pk], []) if overdue else ([], [item.pk]))
    assert body["level"] == level


@pytest.mark.django_db
def test_filters_by_status_unit_and_due_date(client, approved_plan, unit_contact, unit_a,
                                             unit_b, office_staff, bearer):
    from rectification import services

    first = approved_plan.items.get()
    second, = more_items(approved_plan, 1)
    services.item_report(item=first, by=unit_contact, action="start", progress="启动",
                         expected_version=first.version)
    auth = bearer(office_staff)
    assert ids(client.get(ITEMS, {"status": "in_progress"}, **auth)) == [first.pk]
    assert ids(client.get(ITEMS, {"status": ["in_progress", "open"]}, **auth)) == [
        first.pk, second.pk]
    assert ids(client.get(ITEMS, {"unit": unit_a.pk}, **auth)) == [first.pk, second.pk]
    assert ids(client.get(ITEMS, {"unit": unit_b.pk}, **auth)) == []
    assert ids(client.get(ITEMS, {"due_before": "2026-12-30"}, **auth)) == []
    assert ids(client.get(ITEMS, {"due_after": "2026-12-31"}, **auth)) == [first.pk, second.pk]
    refused = client.get(ITEMS, {"status": "finished"}, **auth)
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"
    assert "status" in refused.json()["fields"]


@pytest.mark.django_db
def test_keyset_pages_neither_repeat_nor_skip(client, approved_plan, unit_contact, bearer):
    auth = bearer(unit_contact)
    more_items(approved_plan, 6)
    expected = sorted(approved_plan.items.values_list("pk", flat=True))
    seen, url, pages = [], f"{ITEMS}?page_size=3", 0
    while url:
        page = client.get(url, **auth).json()
        seen += [row["id"] for row in page["results"]]
        url, pages = page["next"], pages + 1
        if pages == 1:
            # A row added while the client pages through lands at the end, once.
            expected += [item.pk for item in more_items(approved_plan, 1)]
    assert seen == expected and pages == 3


def copy_of(row, **changes):
    """Another row like `row` (written directly: only the list's cost per row is tested)."""
    fields = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields
              if not f.primary_key}
    return type(row).objects.create(**{**fields, **changes})


def more_inspections(inspection, count):
    return [copy_of(inspection, target_unit_id=OrgUnitFactory(name=f"分院{n}").pk)
            for n in range(count)]


def _grow_clues(plan, count):
    from clues.models import Clue

    for _n in range(count):
        copy_of(Clue.objects.first())


def _grow_talent(plan, count):
    from tests.factories import UserFactory, talent

    for n in range(count):
        talent(UserFactory(username=f"pool{n}", org_unit=OrgUnitFactory(name=f"人才单位{n}")),
               "finance")


def _announce(plan):
    """Written directly: the round is past the stage where the team publishes."""
    from inspections.models import Announcement

    Announcement.objects.create(
        inspection=plan.inspection, document_number="甲院巡察公告", body="巡察公告正文",
        schedule="9月14日至10月15日", address="甲院3楼", mailbox="1号信箱", phone="0971-1234567",
        published_at=clock.now(),
        published_by=plan.inspection.team.memberships.get(position="leader").user)


def _grow_per_inspection(model_path):
    def grow(plan, count):
        from django.apps import apps

        model = apps.get_model(model_path)
        row = model.objects.get(inspection=plan.inspection)
        for n, inspection in enumerate(more_inspections(plan.inspection, count)):
            changes = {"inspection_id": inspection.pk}
            if hasattr(row, "document_number"):
                changes["document_number"] = f"{row.document_number}-{n}"
            if hasattr(row, "petition_token"):
                changes["petition_token"] = uuid.uuid4()
            copy_of(row, **changes)
    return grow


# How each list gets 49 more rows that each lead to their own related rows.
GROW = {
    ITEMS: lambda plan, count: more_items(plan, count),
    "/api/v1/deadlines/": lambda plan, count: [
        copy_of(plan.inspection.deadlines.first()) for _n in range(count)],
    "/api/v1/inspections/": lambda plan, count: more_inspections(plan.inspection, count),
    "/api/v1/rectification/plans/": _grow_per_inspection("rectification.RectificationPlan"),
    "/api/v1/findings/": lambda plan, count: [
        copy_of(plan.inspection.findings.first(), title=f"问题{n}") for n in range(count)],
    "/api/v1/notices/": _grow_per_inspection("inspections.Notice"),
    "/api/v1/units/": lambda plan, count: [OrgUnitFactory(name=f"单位{n}")
                                           for n in range(count)],
    "/api/v1/rounds/": lambda plan, count: [
        copy_of(plan.inspection.round, name=f"第{n}轮") for n in range(count)],
    "/api/v1/talent/": _grow_talent,
    "/api/v1/announcements/": _grow_per_inspection("inspections.Announcement"),
    "/api/v1/clues/": _grow_clues,
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(GROW))
def test_a_list_costs_the_same_queries_for_one_row_or_fifty(client, approved_plan, clue,
                                                            office_staff, bearer, path):
    auth = bearer(office_staff)
    client.get(path, **auth)  # the token's first use of the day writes its log entry
    if path == "/api/v1/announcements/":
        _announce(approved_plan)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"page_size": 50}, **auth)
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    few, rows = cost()
    GROW[path](approved_plan, 49)
    more, more_rows = cost()
    assert more_rows == min(rows + 49, 50), "the list did not show the added rows"
    assert more == few <= 12


@pytest.mark.django_db
def test_an_item_detail_stays_within_its_query_budget(client, approved_plan, unit_contact,
                                                      bearer, django_assert_max_num_queries):
    from rectification import services
    from tests.factories import pdf

    auth = bearer(unit_contact)
    item = approved_plan.items.get()
    for n in range(5):
        services.evidence_add(item=item, by=unit_contact, upload=pdf(f"佐证{n}.pdf"))
    with django_assert_max_num_queries(15):
        assert client.get(f"{ITEMS}{item.pk}/", **auth).status_code == 200


@pytest.mark.django_db
def test_the_inspection_shows_its_team_to_those_who_see_it(client, notified, office_staff,
                                                           team_leader, unit_b_contact,
                                                           bearer):
    body = client.get(f"/api/v1/inspections/{notified.pk}/", **bearer(office_staff)).json()
    assert {"name": team_leader.full_name, "position": "leader",
            "position_label": "组长"} in body["members"]
    assert client.get(f"/api/v1/inspections/{notified.pk}/",
                      **bearer(unit_b_contact)).status_code == 404


@pytest.mark.django_db
def test_only_approved_findings_are_read(client, finding, team_member, deputy, team_leader):
    # The team leader has no business role of their own: the browser session signs in.
    client.force_login(team_leader)
    assert ids(client.get("/api/v1/findings/")) == []
    sign_through(finding, team_member, deputy, team_leader)
    assert ids(client.get("/api/v1/findings/")) == [finding.pk]


@pytest.mark.django_db
def test_clue_details_are_read_one_at_a_time_and_logged(client, clue, office_staff,
                                                        unit_contact, bearer):
    auth = bearer(office_staff)
    listed = client.get("/api/v1/clues/", **auth).json()["results"]
    assert [row["id"] for row in listed] == [clue.pk]
    assert "summary" not in listed[0] and "persons" not in listed[0]
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SENSITIVE_READ).exists()
    detail = client.get(f"/api/v1/clues/{clue.pk}/", **auth).json()
    assert detail["summary"] == "副院长张某收受施工方购物卡2万元"
    read = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SENSITIVE_READ)
    assert (read.user, read.target) == (office_staff, f"clue:{clue.pk}")
    assert client.get(f"/api/v1/clues/{clue.pk}/", **bearer(unit_contact)).status_code == 404


@pytest.mark.django_db
def test_numbers_no_row_can_have_are_bad_input_not_a_failed_query(client, approved_plan,
                                                                   unit_contact, bearer):
    import base64

    auth = bearer(unit_contact)
    huge = "9" * 25
    refused = client.get(ITEMS, {"unit": huge}, **auth)
    assert refused.status_code == 400 and "unit" in refused.json()["fields"]
    assert client.get("/api/v1/rounds/", {"year": huge}, **auth).status_code == 400
    assert client.get("/api/v1/clues/", {"inspection": huge}, **auth).status_code == 400
    missing = client.get(f"{ITEMS}{huge}/", **auth)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    forged = base64.b64encode(f"p={huge}".encode()).decode()
    assert client.get(ITEMS, {"cursor": forged}, **auth).status_code == 404


@pytest.mark.django_db
def test_announcements_carry_the_public_reporting_address(client, notified, team_leader,
                                                          unit_b_contact, bearer):
    from inspections import services as inspections

    announcement = inspections.announcement_publish(
        inspection=notified, by=team_leader, body="巡察公告正文", schedule="9月14日至10月15日",
        address="甲院3楼", mailbox="1号信箱", phone="0971-1234567")
    # Public by nature (Art 13): any signed-in account reads it, another unit's too.
    listed = client.get("/api/v1/announcements/", **bearer(unit_b_contact)).json()["results"]
    assert [row["document_number"] for row in listed] == [announcement.document_number]
    assert listed[0]["petition_url"] == (
        f"http://testserver/report/{announcement.petition_token}/")
    assert client.get(listed[0]["petition_url"]).status_code == 200


@pytest.mark.django_db
def test_the_talent_pool_is_the_offices_and_the_leadership_groups(
        client, team_members, office_staff, leadership_member, unit_contact, bearer):
    pool = client.get("/api/v1/talent/", {"page_size": 200}, **bearer(office_staff)).json()
    assert len(pool["results"]) == len(team_members)
    assert {"name", "specialty_labels", "availability_label"} <= set(pool["results"][0])
    assert client.get("/api/v1/talent/", **bearer(leadership_member)).json()["results"]
    assert ids(client.get("/api/v1/talent/", **bearer(unit_contact))) == []


@pytest.mark.django_db
def test_digits_that_are_not_ascii_and_decimals_are_refused_not_broken(client, approved_plan,
                                                                        unit_contact, bearer):
    import base64

    auth = bearer(unit_contact)
    assert client.get(f"{ITEMS}\u00b2/", **auth).status_code == 404
    forged = base64.b64encode("p=\u00b2".encode()).decode()
    assert client.get(ITEMS, {"cursor": forged}, **auth).status_code == 404
    assert client.get(ITEMS, {"unit": "1.7"}, **auth).status_code == 400


@pytest.mark.django_db
def test_every_answer_under_the_interface_is_json(client, unit_contact, bearer, settings):
    auth = bearer(unit_contact)
    unknown = client.get("/api/v1/no-such-thing/", **auth)
    assert unknown.status_code == 404
    assert unknown.json() == {"code": "not_found", "message": "未找到，或本账户无权查看。"}
    too_large = client.post(f"{ITEMS}1/evidence/", data=b"x", content_type="application/pdf",
                            CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1), **auth)
    assert too_large.status_code == 413 and too_large.json()["code"] == "too_large"
    assert client.get("/no-such-page/").status_code == 404  # pages keep their HTML 404
