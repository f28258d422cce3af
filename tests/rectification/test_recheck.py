"""回头看 (Art 13; issue 17, item 5): a follow-up names the inspection it re-checks, lists
that inspection's items with their state, and the team records a verdict on each."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from inspections import services as inspections
from rectification import services
from rectification.models import RecheckVerdict
from tests.conftest import _team_people
from tests.factories import form_authorised_team


@pytest.fixture
def follow_up_round(approved_plan, office_director):
    return inspections.round_save(by=office_director, name="2026年第三轮巡察（回头看）",
                                  year=2026, inspection_type="follow_up", modes=[])


def _follow_up(round_, unit, earlier, office_director):
    return inspections.inspection_save(
        by=office_director, round_=round_, target_unit=unit, inspection_type="follow_up",
        rechecks=earlier, modes=[], content_areas=["rectification"],
        planned_entry_on=date(2026, 11, 30), planned_end_on=date(2026, 12, 31))


@pytest.fixture
def follow_up(follow_up_round, approved_plan, unit_a, office_director, leadership_leader,
              party_secretary, province_scan):
    inspection = _follow_up(follow_up_round, unit_a, approved_plan.inspection, office_director)
    round_ = inspections.round_submit(round_=follow_up_round, by=office_director,
                                      expected_version=follow_up_round.version)
    round_ = inspections.round_approve(round_=round_, by=leadership_leader,
                                       expected_version=round_.version)
    inspections.round_record_provincial_approval(
        round_=round_, by=office_director, expected_version=round_.version,
        doc_number="青巡办〔2026〕40号", doc_date=date(2026, 11, 20), doc_file=province_scan)
    people = _team_people("f", 6, ["discipline", "finance_audit", "personnel"])
    form_authorised_team(round_, "回头看组", people, [inspection], office=office_director,
                         leader=leadership_leader, secretary=party_secretary)
    inspections.notice_issue(inspection=inspection, by=office_director,
                             addressee="中共青海省甲测试院委员会", body="回头看")
    inspection.refresh_from_db()
    inspection.team_people = people
    return inspection


@pytest.mark.django_db
def test_a_follow_up_must_name_an_earlier_inspection_of_the_same_unit(
        follow_up_round, approved_plan, unit_a, unit_b, office_director):
    with pytest.raises(ValidationError, match="回头看"):
        _follow_up(follow_up_round, unit_a, None, office_director)
    with pytest.raises(ValidationError, match="同一单位"):
        _follow_up(follow_up_round, unit_b, approved_plan.inspection, office_director)
    with pytest.raises(ValidationError, match="只有“回头看”"):
        inspections.inspection_save(
            by=office_director, round_=follow_up_round, target_unit=unit_a,
            inspection_type="regular", rechecks=approved_plan.inspection, modes=[],
            content_areas=["political"], planned_entry_on=date(2026, 11, 30),
            planned_end_on=date(2026, 12, 31))


@pytest.mark.django_db
def test_the_team_records_a_verdict_on_each_item_of_the_earlier_inspection(
        client, follow_up, approved_plan):
    member = follow_up.team_people[2]
    item = approved_plan.items.get()
    client.force_login(member)
    detail = client.get(follow_up.get_absolute_url())
    page_url = reverse("rectification:recheck", args=[follow_up.pk])
    assert page_url in detail.text
    page = client.get(page_url)
    assert [i.pk for i in page.context["items"]] == [item.pk]
    refused = client.post(page_url, {"item": item.pk, "verdict": "not_done", "note": ""})
    assert refused.status_code == 200 and not RecheckVerdict.objects.exists()
    client.post(page_url, {"item": item.pk, "verdict": "not_done",
                           "note": "议事规则已印发但未执行"})
    verdict = RecheckVerdict.objects.get()
    assert (verdict.verdict, verdict.recorded_by) == ("not_done", member)
    # Another member's page, drawn before that verdict, is refused, not silently applied.
    with pytest.raises(ValidationError) as stale:
        services.recheck_record(inspection=follow_up, item=item, by=follow_up.team_people[3],
                                verdict="done")
    assert stale.value.code == "stale"
    # Recording again replaces the verdict; the history keeps the first one.
    client.post(page_url, {"item": item.pk, "verdict": "done", "note": "",
                           "version": verdict.version})
    verdict.refresh_from_db()
    assert verdict.verdict == "done" and verdict.history.count() == 2
    assert "整改到位" in client.get(page_url).text


@pytest.mark.django_db
def test_only_the_follow_up_team_records(client, follow_up, approved_plan, team_member,
                                        office_staff):
    item = approved_plan.items.get()
    for person in (team_member, office_staff):  # the earlier team; the office
        with pytest.raises((PermissionDenied, Http404)):
            services.recheck_record(inspection=follow_up, item=item, by=person,
                                    verdict="done")
    client.force_login(team_member)
    assert client.get(reverse("rectification:recheck", args=[follow_up.pk])).status_code == 404
    assert not RecheckVerdict.objects.exists()


@pytest.mark.django_db
def test_a_verdict_only_on_an_item_of_the_inspection_re_checked(follow_up, approved_plan):
    item = approved_plan.items.get()
    follow_up.rechecks_id = follow_up.pk  # as if it re-checked another inspection
    with pytest.raises(ValidationError) as other:
        services.recheck_record(inspection=follow_up, item=item, by=follow_up.team_people[0],
                                verdict="done")
    assert other.value.code == "other_inspection"
    assert not RecheckVerdict.objects.exists()


@pytest.mark.django_db
def test_only_an_earlier_inspection_in_rectification_is_re_checked(
        follow_up_round, unit_b, office_director):
    regular = inspections.inspection_save(
        by=office_director, round_=follow_up_round, target_unit=unit_b,
        inspection_type="regular", modes=[], content_areas=["political"],
        planned_entry_on=date(2026, 11, 30), planned_end_on=date(2026, 12, 31))
    with pytest.raises(ValidationError, match="已进入整改阶段"):
        _follow_up(follow_up_round, unit_b, regular, office_director)


@pytest.mark.django_db
def test_an_ordinary_inspection_has_no_re_check_page(client, approved_plan, team_leader):
    client.force_login(team_leader)
    page = client.get(reverse("rectification:recheck", args=[approved_plan.inspection.pk]))
    assert page.status_code == 404


@pytest.mark.django_db
def test_an_ordinary_inspection_has_nothing_to_re_check(approved_plan, team_leader):
    item = approved_plan.items.get()
    with pytest.raises(ValidationError) as refused:
        services.recheck_record(inspection=approved_plan.inspection, item=item,
                                by=team_leader, verdict="done")
    assert refused.value.code in {"not_follow_up", "not_now"}


@pytest.mark.django_db
def test_a_follow_up_recorded_before_it_named_anything_stays_editable(
        follow_up_round, unit_a, office_director):
    from inspections.models import Inspection

    legacy = Inspection.objects.create(  # as migrated: a follow-up that names nothing
        round=follow_up_round, target_unit=unit_a, inspection_type="follow_up",
        content_areas=["rectification"], planned_entry_on=date(2026, 11, 30),
        planned_end_on=date(2026, 12, 31), working_days=23)
    saved = inspections.inspection_save(
        by=office_director, round_=follow_up_round, inspection=legacy,
        expected_version=legacy.version, planned_end_on=date(2026, 12, 30))
    assert saved.planned_end_on == date(2026, 12, 30) and saved.rechecks is None
