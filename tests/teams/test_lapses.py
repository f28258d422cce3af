"""Managing the teams (Art 24, 6 (6); issue 17, item 8): the office records what a team
missed or did not report, the leadership group decides the handling, the talent pool shows
it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deadlines.models import Todo
from teams import services
from teams.models import TeamLapse


def _record(team, by, person, kind="missed"):
    return services.team_lapse_record(
        team=team, by=by, membership=team.memberships.get(user=person), kind=kind,
        description="甲院2025年采购拆分规避招标问题，巡察期间已有信访反映但未核实",
        found_how="2027年审计发现")


def _open_work(lapse):
    return Todo.objects.filter(object_id=lapse.pk, table="teams.TeamLapse",
                               done_at__isnull=True)


@pytest.mark.django_db
def test_the_office_records_a_lapse_on_the_team_page_for_the_leadership_to_decide(
        client, authorised_team, team_member, office_staff, leadership_leader,
        leadership_member):
    client.force_login(office_staff)
    page = client.get(authorised_team.get_absolute_url())
    create = reverse("teams:lapse_create", args=[authorised_team.pk])
    assert create in page.text
    membership = authorised_team.memberships.get(user=team_member)
    client.post(create, {"membership": membership.pk, "kind": "missed",
                         "description": "应发现的采购问题未发现", "found_how": "2027年审计发现"})
    lapse = TeamLapse.objects.get()
    assert (lapse.membership, lapse.status, lapse.recorded_by) == (
        membership, "recorded", office_staff)
    assert set(_open_work(lapse).values_list("recipient", flat=True)) == {
        leadership_leader.pk, leadership_member.pk}


@pytest.mark.django_db
def test_the_leadership_group_decides_and_the_talent_pool_shows_it(
        client, authorised_team, team_member, office_director, leadership_member):
    lapse = _record(authorised_team, office_director, team_member)
    with pytest.raises(ValidationError, match="领导小组的处理意见"):
        services.team_lapse_decide(lapse=lapse, by=leadership_member, decision="  ",
                                   expected_version=lapse.version)
    client.force_login(leadership_member)
    client.post(reverse("teams:lapse_decide", args=[lapse.pk]),
                {"action": "decide", "note": "约谈提醒，下一轮不安排担任组长",
                 "version": lapse.version})
    lapse.refresh_from_db()
    assert lapse.status == "decided" and lapse.decision.startswith("约谈提醒")
    assert not _open_work(lapse).exists()
    client.force_login(office_director)
    profile = client.get(reverse("teams:talent_detail", args=[team_member.talent_entry.pk]))
    assert [row.pk for row in profile.context["lapses"]] == [lapse.pk]
    assert "约谈提醒" in profile.text


@pytest.mark.django_db
def test_the_members_never_see_the_records_on_their_work(client, authorised_team, team_member,
                                                         team_leader, office_director):
    lapse = _record(authorised_team, office_director, team_member)
    for person in (team_member, team_leader):
        client.force_login(person)
        assert client.get(lapse.get_absolute_url()).status_code == 404
        page = client.get(authorised_team.get_absolute_url())
        assert page.status_code == 200 and 'data-testid="lapses-section"' not in page.text


@pytest.mark.django_db
def test_only_a_member_of_the_team_and_only_after_it_is_authorised(
        authorised_team, other_team_member, team_member, office_director, forming_team_world):
    other = other_team_member.team_memberships.get().team
    with pytest.raises(ValidationError, match="本巡察组的成员"):
        services.team_lapse_record(
            team=authorised_team, by=office_director,
            membership=other.memberships.get(user=other_team_member), kind="missed",
            description="问题", found_how="审计")
    with pytest.raises(ValidationError) as early:
        services.team_lapse_record(
            team=forming_team_world, by=office_director,
            membership=forming_team_world.memberships.first(), kind="missed",
            description="问题", found_how="审计")
    assert early.value.code == "not_now"
    assert not TeamLapse.objects.exists()


@pytest.fixture
def forming_team_world(approved_round, office_director):
    from tests.factories import UserFactory, talent

    person = UserFactory(username="forming_leader", full_name="组建中")
    talent(person, "discipline")
    team = services.team_create(round_=approved_round, name="第三巡察组", by=office_director)
    services.team_member_add(team=team, user=person, position="leader", by=office_director)
    return team
