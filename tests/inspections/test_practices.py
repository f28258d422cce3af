"""成功经验和先进典型 (Art 25): the team recommends, the office adopts or declines, the office
and the leadership group read the register (issue 17, item 9)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deadlines.models import Notification, Todo
from inspections import services
from inspections.models import GoodPractice

LIST = "inspections:practice_list"


def _recommend(inspection, by, title="青年干部“导师帮带”制度", **extra):
    return services.practice_recommend(
        inspection=inspection, by=by, kind=extra.pop("kind", "experience"),
        area=extra.pop("area", "talent"), title=title,
        description="2024年起每名新入职干部配备导师，已带出12名业务骨干", **extra)


def _open_work(practice):
    return Todo.objects.filter(object_id=practice.pk, table="inspections.GoodPractice",
                               done_at__isnull=True)


@pytest.mark.django_db
def test_a_team_member_recommends_from_a_finding_and_the_office_has_it_to_review(
        client, finding, notified, team_member, office_staff, office_director,
        leadership_member):
    finding.is_good_practice = True
    finding.save()
    client.force_login(team_member)
    page = client.get(reverse("inspections:finding_detail", args=[finding.pk]))
    link = f"{reverse('inspections:practice_create', args=[notified.pk])}?finding={finding.pk}"
    assert link in page.text
    form = client.get(link)
    assert form.context["form"].initial["source_finding"] == finding
    client.post(link, {"kind": "experience", "area": "talent", "title": "导师帮带",
                       "description": "每名新干部配备导师", "source_finding": finding.pk})
    practice = GoodPractice.objects.get()
    assert (practice.status, practice.source_finding, practice.recommended_by) == (
        "recommended", finding, team_member)
    waiting = set(_open_work(practice).values_list("recipient", flat=True))
    assert waiting == {office_staff.pk, office_director.pk}  # the office, not the leadership
    assert Notification.objects.filter(recipient=office_staff,
                                       title__contains="导师帮带").exists()


@pytest.mark.django_db
def test_the_office_adopts_and_the_register_shows_it_to_the_leadership(
        client, notified, fieldwork, team_member, office_staff, leadership_member):
    practice = _recommend(notified, team_member)
    client.force_login(office_staff)
    detail = client.get(practice.get_absolute_url())
    assert 'value="adopt"' in detail.text and 'value="decline"' in detail.text
    client.post(reverse("inspections:practice_decide", args=[practice.pk]),
                {"action": "adopt", "note": "在全厅推广", "version": practice.version})
    practice.refresh_from_db()
    assert practice.status == "adopted" and practice.office_note == "在全厅推广"
    assert not _open_work(practice).exists()
    assert Notification.objects.filter(recipient=team_member, title__contains="已采纳").exists()
    client.force_login(leadership_member)
    register = client.get(reverse(LIST), {"status": "adopted", "area": "talent", "q": "导师"})
    assert [p.pk for p in register.context["page"]] == [practice.pk]
    assert list(client.get(reverse(LIST), {"area": "integrity"}).context["page"]) == []
    # The leadership group reads it but decides nothing.
    assert 'value="adopt"' not in client.get(practice.get_absolute_url()).text


@pytest.mark.django_db
def test_declining_says_why_and_the_team_reads_it(client, notified, fieldwork, team_member,
                                                  office_staff):
    practice = _recommend(notified, team_member)
    with pytest.raises(ValidationError, match="不予采纳的原因"):
        services.practice_decide(practice=practice, by=office_staff, action="decline",
                                 note=" ", expected_version=practice.version)
    assert _open_work(practice).exists()  # still waiting: nothing was decided
    services.practice_decide(practice=practice, by=office_staff, action="decline",
                             note="属于常规工作要求，不作为典型", expected_version=practice.version)
    client.force_login(team_member)
    page = client.get(practice.get_absolute_url())
    assert "属于常规工作要求" in page.text and "未采纳" in page.text
    with pytest.raises(ValidationError) as again:
        services.practice_decide(practice=practice, by=office_staff, action="adopt", note="",
                                 expected_version=practice.version + 1)
    assert again.value.code == "not_now"


@pytest.mark.django_db
def test_only_a_finding_of_the_same_inspection_is_its_source(other_team_member, notified,
                                                             fieldwork, team_member, unit_b):
    from inspections.models import Finding

    elsewhere = Finding.objects.create(
        inspection=unit_b.inspections.get(), title="别处的问题", content_area="political",
        facts="事实", author=other_team_member)
    with pytest.raises(ValidationError, match="本巡察"):
        _recommend(notified, team_member, source_finding=elsewhere)
    assert not GoodPractice.objects.exists()


@pytest.mark.django_db
def test_a_team_sees_only_its_own_inspections_practices(client, other_team_member, notified,
                                                        fieldwork, team_member, unit_contact):
    practice = _recommend(notified, team_member)
    client.force_login(other_team_member)
    assert list(client.get(reverse(LIST)).context["page"]) == []
    assert client.get(practice.get_absolute_url()).status_code == 404
    client.force_login(unit_contact)
    assert client.get(practice.get_absolute_url()).status_code == 404
    client.force_login(team_member)
    assert [p.pk for p in client.get(reverse(LIST)).context["page"]] == [practice.pk]


@pytest.mark.django_db
def test_recommending_belongs_to_the_fieldwork(approved_plan, team_member):
    inspection = approved_plan.inspection  # rectifying: the team's fieldwork is over
    with pytest.raises(ValidationError) as late:
        _recommend(inspection, team_member)
    assert late.value.code == "not_now"


@pytest.mark.django_db
def test_the_register_costs_the_same_queries_for_one_row_or_thirty(
        client, notified, fieldwork, team_member, office_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _recommend(notified, team_member)
    client.force_login(office_staff)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(LIST)).status_code == 200
        return len(queries)

    one = cost()
    for n in range(29):
        _recommend(notified, team_member, title=f"经验{n}")
    assert cost() == one <= 12
