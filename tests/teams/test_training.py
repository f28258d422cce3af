"""Art 8 (3), Art 9: nobody is authorised to inspect before the round's training, unless the
office records why they need not attend."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deadlines import clock
from teams import services
from teams.models import Team, TrainingSession
from tests.teams.test_formation import forming_team  # noqa: F401 (fixture)


@pytest.fixture
def pledged(forming_team, leadership_leader):  # noqa: F811
    team = services.team_approve(team=forming_team, by=leadership_leader, expected_version=1,
                                 meeting="会议")
    for membership in team.active_members():
        services.membership_declare(membership=membership, by=membership.user, declarations=[])
        services.membership_sign_pledge(membership=membership, by=membership.user)
    team.refresh_from_db()
    return team


# The approved team page: members, recusal checks, the decisions and training.
QUERY_BUDGET = 19


def authorise(team, secretary):
    team.refresh_from_db()
    return services.team_authorise(team=team, by=secretary, expected_version=team.version,
                                   document="党组会")


@pytest.mark.django_db
def test_an_untrained_team_cannot_be_authorised(pledged, office_director, party_secretary):
    members = [m.user for m in pledged.active_members()]
    services.training_record(team=pledged, by=office_director, held_on=clock.today(),
                             content="巡察业务培训", attendees=members[:-1])
    with pytest.raises(ValidationError) as refused:
        authorise(pledged, party_secretary)
    assert refused.value.code == "untrained" and str(members[-1]) in refused.value.messages[0]
    assert str(members[0]) not in refused.value.messages[0]

    services.training_record(team=pledged, by=office_director, held_on=clock.today(),
                             content="补训", attendees=members[-1:])
    assert authorise(pledged, party_secretary).status == Team.Status.AUTHORISED


@pytest.mark.django_db
def test_an_exemption_with_its_reason_stands_for_the_training(pledged, office_director,
                                                              party_secretary):
    members = list(pledged.active_members())
    services.training_record(team=pledged, by=office_director, held_on=clock.today(),
                             content="巡察业务培训", attendees=[m.user for m in members[1:]])
    with pytest.raises(ValidationError):
        services.training_exempt(team=pledged, membership=members[0], by=office_director,
                                 reason="  ")
    exemption = services.training_exempt(
        team=pledged, membership=members[0], by=office_director,
        reason="曾任两轮巡察组组长，本年已参加省委巡察办培训")
    assert exemption.history.get().history_user == office_director
    assert authorise(pledged, party_secretary).status == Team.Status.AUTHORISED


@pytest.mark.django_db
def test_training_of_another_round_does_not_count(pledged, office_director):
    from inspections import services as inspections

    services.training_record(team=pledged, by=office_director, held_on=clock.today(),
                             content="培训", attendees=[m.user for m in pledged.active_members()])
    assert services.untrained_members(pledged) == []
    elsewhere = inspections.round_save(by=office_director, name="2027年第一轮巡察", year=2027,
                                       inspection_type="regular", modes=[])
    TrainingSession.objects.update(round=elsewhere)  # as if it had trained the other round
    assert len(services.untrained_members(pledged)) == pledged.active_members().count()


@pytest.mark.django_db
def test_a_session_is_not_recorded_in_the_future_or_without_attendees(pledged, office_director):
    members = [m.user for m in pledged.active_members()]
    with pytest.raises(ValidationError) as future:
        services.training_record(team=pledged, by=office_director,
                                 held_on=clock.today() + timedelta(days=1), content="培训",
                                 attendees=members)
    assert "held_on" in future.value.message_dict
    with pytest.raises(ValidationError) as nobody:
        services.training_record(team=pledged, by=office_director, held_on=clock.today(),
                                 content="培训", attendees=[])
    assert "attendees" in nobody.value.message_dict


@pytest.mark.django_db
def test_the_team_page_says_who_is_untrained_and_records_a_session(
        client, pledged, office_director, django_assert_max_num_queries):
    client.force_login(office_director)
    with django_assert_max_num_queries(QUERY_BUDGET):
        page = client.get(pledged.get_absolute_url()).text
    section = page.split('data-testid="training"')[1].split("</section>")[0]
    assert "尚未参加培训" in section and reverse("teams:training_record", args=[pledged.pk]) \
        in section
    members = [m.user for m in pledged.active_members()]
    response = client.post(reverse("teams:training_record", args=[pledged.pk]), {
        "held_on": clock.today().isoformat(), "content": "巡察业务培训",
        "attendees": [m.pk for m in members]}, follow=True)
    assert "培训已记录" in response.text
    assert TrainingSession.objects.get().attendees.count() == len(members)
    section = client.get(pledged.get_absolute_url()).text.split(
        'data-testid="training"')[1].split("</section>")[0]
    assert "尚未参加培训" not in section
