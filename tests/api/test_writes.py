"""Writing through the interface: the same services, rules, deadlines, history and work queue
as the pages; stale versions answer 409, bad input 400 with nothing saved."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import SecurityEvent
from clues.models import Clue, ResultPerson
from deadlines.models import Deadline, HolidayOverride, Todo
from rectification.models import Evidence, RectificationItem
from tests.factories import pdf

ITEMS = "/api/v1/rectification/items/"


def post(client, url, data, auth):
    return client.post(url, data, content_type="application/json", **auth)


@pytest.mark.django_db
def test_progress_moves_the_item_with_history_and_a_stale_version_is_409(
        client, approved_plan, unit_contact, bearer):
    auth = bearer(unit_contact)
    item = approved_plan.items.get()
    started = post(client, f"{ITEMS}{item.pk}/report/",
                   {"action": "start", "progress": "已成立专班", "version": item.version}, auth)
    assert started.status_code == 200, started.content
    assert started.json()["status"] == "in_progress"
    assert started.json()["version"] == item.version + 1
    latest = RectificationItem.objects.get(pk=item.pk).history.first()
    assert (latest.history_user, latest.progress) == (unit_contact, "已成立专班")
    stale = post(client, f"{ITEMS}{item.pk}/report/",
                 {"action": "update", "progress": "覆盖", "version": item.version}, auth)
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale"
    assert RectificationItem.objects.get(pk=item.pk).progress == "已成立专班"


@pytest.mark.django_db
def test_a_step_the_state_does_not_allow_says_why(client, approved_plan, unit_contact, bearer):
    auth = bearer(unit_contact)
    item = approved_plan.items.get()
    refused = post(client, f"{ITEMS}{item.pk}/report/",
                   {"action": "update", "progress": "推进", "version": item.version}, auth)
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_now"
    assert "未开始" in refused.json()["message"]
    bad = post(client, f"{ITEMS}{item.pk}/report/",
               {"action": "close", "progress": "", "version": item.version}, auth)
    assert bad.status_code == 400 and "action" in bad.json()["fields"]


@pytest.mark.django_db
def test_asking_for_closure_puts_the_work_in_the_teams_queue(client, approved_plan,
                                                             unit_contact, team_leader, bearer):
    item = approved_plan.items.get()
    asked = post(client, f"{ITEMS}{item.pk}/report/",
                 {"action": "request_closure", "progress": "制度已印发", "version": item.version},
                 bearer(unit_contact))
    assert asked.json()["status"] == "closure_requested"
    assert Todo.objects.filter(recipient=team_leader, object_id=item.pk, action="close",
                               done_at__isnull=True).exists()


@pytest.mark.django_db
def test_evidence_is_checked_by_content_and_hashed(client, approved_plan, unit_contact, bearer):
    auth = bearer(unit_contact)
    item = approved_plan.items.get()
    url = f"{ITEMS}{item.pk}/evidence/"
    fake = SimpleUploadedFile("制度.pdf", b"<html>not a pdf</html>", "application/pdf")
    refused = client.post(url, {"file": fake}, **auth)
    assert refused.status_code == 400
    assert refused.json()["message"]
    assert Evidence.objects.count() == 0
    made = client.post(url, {"file": pdf("制度.pdf")}, **auth)
    assert made.status_code == 201, made.content
    evidence = Evidence.objects.get()
    assert made.json()["sha256"] == evidence.sha256 and evidence.uploaded_by == unit_contact


@pytest.mark.django_db
def test_the_organ_signs_for_and_reports_each_persons_form(client, transferred,
                                                           discipline_handler, hr_handler,
                                                           bearer):
    url = f"/api/v1/clues/{transferred.pk}/"
    assert post(client, f"{url}sign-for/", {"version": transferred.version},
                bearer(hr_handler)).status_code == 404  # transferred to another organ
    auth = bearer(discipline_handler)
    signed = post(client, f"{url}sign-for/", {"version": transferred.version}, auth)
    assert signed.status_code == 200 and signed.json()["status"] == "signed_for"
    assert Deadline.objects.filter(kind=Deadline.Kind.CLUE_RESULT,
                                   object_id=transferred.pk).exists()
    wrong = post(client, f"{url}results/", {"disposition": "conclude", "summary": "属实",
                                           "persons": [{"name": "张某", "form": 5}]}, auth)
    assert wrong.status_code == 400 and not ResultPerson.objects.exists()
    final = post(client, f"{url}results/", {
        "disposition": "conclude", "summary": "属实", "is_final": True,
        "persons": [{"name": "张某", "form": 2}, {"name": "李某", "form": 0}]}, auth)
    assert final.status_code == 201, final.content
    assert Clue.objects.get(pk=transferred.pk).status == "result_reported"
    assert sorted(ResultPerson.objects.values_list("name", "form")) == [("张某", 2), ("李某", 0)]


@pytest.mark.django_db
def test_the_office_corrects_the_calendar(client, office_staff, unit_contact, bearer):
    data = {"day": "2027-02-20", "is_workday": True, "note": "春节调休上班", "source": "official"}
    made = post(client, "/api/v1/calendar/overrides/", data,
                bearer(office_staff, ["read", "calendar"]))
    assert made.status_code == 201, made.content
    assert HolidayOverride.objects.get().day == date(2027, 2, 20)
    client.force_login(unit_contact)  # a session has no scopes: the actions table refuses
    refused = client.post("/api/v1/calendar/overrides/", {**data, "day": "2027-02-21"},
                          content_type="application/json")
    assert refused.status_code in {403, 404}
    assert HolidayOverride.objects.count() == 1


@pytest.mark.django_db
def test_the_filing_package_needs_its_scope(client, office_staff, unit_contact, bearer):
    url = "/api/v1/filing/package/?year=2026"
    assert client.get(url, **bearer(office_staff, ["read"])).status_code == 403
    package = client.get(url, **bearer(office_staff, ["read", "filing"]))
    assert package.status_code == 200 and package["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(package.content)).namelist()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT,
                                        target="filing_package").count() == 1
    assert client.get(url, **bearer(unit_contact)).status_code == 403


@pytest.mark.django_db
def test_a_name_is_one_person(client, signed, discipline_handler, bearer):
    forged = post(client, f"/api/v1/clues/{signed.pk}/results/", {
        "disposition": "conclude", "summary": "属实",
        "persons": [{"name": "张某：第一种形态\n李某", "form": 4}]}, bearer(discipline_handler))
    assert forged.status_code == 400
    assert list(forged.json()["fields"]) == ["persons.0.name"]
    assert not ResultPerson.objects.exists()


@pytest.mark.django_db
def test_json_text_loses_its_bidirectional_controls(client, approved_plan, unit_contact,
                                                    bearer):
    item = approved_plan.items.get()
    post(client, f"{ITEMS}{item.pk}/report/",
         {"action": "start", "progress": "已\u202e完成", "version": item.version},
         bearer(unit_contact))
    assert RectificationItem.objects.get(pk=item.pk).progress == "已完成"


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "url", "data"), [
    ("office_staff", "/api/v1/calendar/overrides/",
     {"day": "2027-02-20", "is_workday": True, "note": "调休", "source": "official"}),
    ("discipline_handler", "/api/v1/clues/{clue}/sign-for/", {"version": 1}),
])
def test_each_write_needs_its_own_scope(client, request, transferred, who, url, data, bearer):
    from deadlines.models import HolidayOverride as Override

    url = url.format(clue=transferred.pk)
    if "version" in data:
        data = {"version": transferred.version}
    refused = post(client, url, data, bearer(request.getfixturevalue(who), ["read"]))
    assert refused.status_code == 403 and refused.json()["code"] == "scope"
    assert not Override.objects.exists()
    assert Clue.objects.get(pk=transferred.pk).status == "transferred"


@pytest.mark.django_db
def test_only_the_office_downloads_the_filing_package_even_signed_in(client, unit_contact,
                                                                    leadership_member):
    for person in (unit_contact, leadership_member):
        client.force_login(person)
        assert client.get("/api/v1/filing/package/?year=2026").status_code == 403
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()
