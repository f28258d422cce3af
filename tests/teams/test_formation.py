from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from guardian.models import UserObjectPermission

from deadlines import clock
from inspections import services as inspection_services
from teams import services
from teams.models import EmploymentRecord, Team
from tests.factories import UserFactory, talent


def perms_of(user):
    return sorted(UserObjectPermission.objects.filter(user=user)
                  .values_list("permission__codename", flat=True))


@pytest.fixture
def forming_team(approved_round, team_members, office_director):
    team = services.team_create(round_=approved_round, name="第二巡察组", by=office_director)
    for person, position in zip(team_members[:6], ["leader", "deputy"] + ["member"] * 4,
                                strict=True):
        services.team_member_add(team=team, user=person, position=position, by=office_director)
    services.team_assign_inspection(team=team, inspection=approved_round.inspections.get(),
                                    by=office_director)
    return team


@pytest.mark.django_db
def test_team_size_is_checked_at_approval(forming_team, office_director, leadership_leader):
    services.team_member_remove(membership=forming_team.memberships.filter(
        position="member").first(), by=office_director, reason="调整")
    with pytest.raises(ValidationError) as refused:
        services.team_approve(team=forming_team, by=leadership_leader, expected_version=1,
                              meeting="会议")
    assert refused.value.messages[0] == "巡察组由6～10人组成（第九条），本组现有 5 人。"
    for _ in range(6):
        person = UserFactory()
        talent(person, "policy_law")
        services.team_member_add(team=forming_team, user=person, position="member",
                                 by=office_director)
    with pytest.raises(ValidationError, match="本组现有 11 人"):
        services.team_approve(team=forming_team, by=leadership_leader, expected_version=1,
                              meeting="会议")


@pytest.mark.django_db
def test_recusal_conflict_blocks_approval_until_decided(forming_team, office_director,
                                                        leadership_leader, unit_a):
    member = forming_team.memberships.filter(position="member").first().user
    services.talent_record_add(by=office_director, record=EmploymentRecord(
        entry=member.talent_entry, unit=unit_a, position="科员", start_year=2019, end_year=2023))
    conflicts = services.recusal_conflicts(forming_team, today=date(2026, 9, 1))
    assert [(c.user, c.unit) for c in conflicts] == [(member, unit_a)]
    # Left in 2023: within five years in 2026, no longer a tie in 2029.
    assert services.recusal_conflicts(forming_team, today=date(2029, 1, 1)) == []
    with clock.frozen(datetime(2026, 9, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))), \
            pytest.raises(ValidationError, match="回避问题尚未处理"):
        services.team_approve(team=forming_team, by=leadership_leader, expected_version=1,
                              meeting="会议")
    services.recusal_decide(team=forming_team, user=member, unit=unit_a, outcome="allow",
                            reason="已调离三年，经巡察办研究无利害关系", by=office_director)
    team = services.team_approve(team=forming_team, by=leadership_leader, expected_version=1,
                                 meeting="会议")
    assert team.status == Team.Status.APPROVED


@pytest.mark.django_db
def test_a_recused_member_leaves_the_team(forming_team, office_director, unit_a):
    member = forming_team.memberships.filter(position="member").first().user
    services.recusal_decide(team=forming_team, user=member, unit=unit_a, outcome="recuse",
                            reason="配偶在该单位任职", by=office_director)
    assert not forming_team.active_members().filter(user=member).exists()


@pytest.mark.django_db
def test_authorisation_needs_every_pledge(forming_team, leadership_leader, party_secretary):
    team = services.team_approve(team=forming_team, by=leadership_leader, expected_version=1,
                                 meeting="会议")
    with pytest.raises(ValidationError) as refused:
        services.team_authorise(team=team, by=party_secretary, expected_version=team.version,
                                document="党组会")
    assert refused.value.code == "pledges_missing"
    member = team.active_members().first()
    with pytest.raises(Http404):  # someone else's pledge is not even visible
        services.membership_sign_pledge(membership=member, by=party_secretary)


@pytest.mark.django_db
def test_authorisation_grants_and_removal_revokes_at_once(authorised_team, office_director):
    inspection = authorised_team.inspections.get()
    member = authorised_team.memberships.filter(position="member").first()
    assert perms_of(member.user) == sorted(services.INSPECTION_PERMS)
    assert member.user.has_perm("inspections.write_findings", inspection)
    assert UserObjectPermission.objects.filter(object_pk=str(inspection.pk)).count() == 7 * 4

    services.team_member_remove(membership=member, by=office_director, reason="工作调动")
    assert perms_of(member.user) == []
    assert UserObjectPermission.objects.filter(object_pk=str(inspection.pk)).count() == 6 * 4


@pytest.mark.django_db
def test_closing_the_round_ends_every_authority(closed, authorised_team, office_director,
                                                team_members):
    round_ = authorised_team.round
    round_.refresh_from_db()
    with pytest.raises(ValidationError, match="归档后方可结束"):
        inspection_services.round_complete(round_=round_, by=office_director,
                                           expected_version=round_.version)
    inspection_services.inspection_archive(inspection=closed, by=office_director,
                                           checklist=list(inspection_services.ARCHIVE_CHECKLIST))
    inspection_services.round_complete(round_=round_, by=office_director,
                                       expected_version=round_.version)
    assert UserObjectPermission.objects.count() == 0
    authorised_team.refresh_from_db()
    assert authorised_team.status == Team.Status.DISBANDED
    # Free again for the next round's team.
    assert not services.busy_user_ids() & {u.pk for u in team_members}


@pytest.mark.django_db
def test_nobody_joins_two_active_teams(authorised_team, approved_round, office_director,
                                       team_members):
    other = services.team_create(round_=approved_round, name="第三巡察组", by=office_director)
    with pytest.raises(ValidationError, match="已在另一个巡察组中"):
        services.team_member_add(team=other, user=team_members[0], position="member",
                                 by=office_director)


@pytest.mark.django_db
def test_suggestions_rank_recusal_then_load_then_coverage(forming_team, office_director, unit_a,
                                                         approved_round):
    fresh_policy = UserFactory(full_name="甲政策")
    talent(fresh_policy, "policy_law", "natural_resources")
    tied = UserFactory(full_name="乙回避")
    talent(tied, "policy_law", "natural_resources")
    services.talent_record_add(by=office_director, record=EmploymentRecord(
        entry=tied.talent_entry, unit=unit_a, position="处长", was_leader=True, start_year=2010,
        end_year=2012))
    same_specialty = UserFactory(full_name="丙纪检")
    talent(same_specialty, "discipline")
    unavailable = UserFactory(full_name="丁不可用")
    talent(unavailable, "policy_law", availability="unavailable")

    on_other_team = UserFactory(full_name="戊忙碌")
    talent(on_other_team, "policy_law", "natural_resources")
    other = services.team_create(round_=approved_round, name="第三巡察组", by=office_director)
    services.team_member_add(team=other, user=on_other_team, position="member",
                             by=office_director)

    ranked = services.team_suggestions(forming_team)
    names = [s.entry.user.full_name for s in ranked]
    assert names.index("甲政策") < names.index("丙纪检") < names.index("乙回避")
    assert "丁不可用" not in names
    first = ranked[0]
    assert first.entry.user == fresh_policy and set(first.new_specialties) == {
        "policy_law", "natural_resources"}
    assert [s.entry.user for s in ranked if s.busy] == [on_other_team]
    assert names.index("甲政策") < names.index("戊忙碌") < names.index("乙回避")
    assert next(s for s in ranked if s.entry.user == tied).conflicts == [unit_a.name]


@pytest.mark.django_db
def test_authorisation_waits_for_every_member_not_only_the_first(forming_team,
                                                                 leadership_leader,
                                                                 party_secretary):
    team = services.team_approve(team=forming_team, by=leadership_leader, expected_version=1,
                                 meeting="会议")
    members = list(team.active_members())
    for membership in members[:-1]:
        services.membership_declare(membership=membership, by=membership.user, declarations=[])
        services.membership_sign_pledge(membership=membership, by=membership.user)
    with pytest.raises(ValidationError) as refused:
        services.team_authorise(team=team, by=party_secretary, expected_version=team.version,
                                document="党组会")
    assert str(members[-1].user) in refused.value.messages[0]


@pytest.mark.django_db
def test_a_tie_declared_after_approval_blocks_authorisation_until_decided(
        forming_team, leadership_leader, party_secretary, office_director, unit_a):
    team = services.team_approve(team=forming_team, by=leadership_leader, expected_version=1,
                                 meeting="会议")
    members = list(team.active_members())
    for membership in members:
        ties = [(unit_a, "配偶在该院工作")] if membership == members[-1] else []
        services.membership_declare(membership=membership, by=membership.user,
                                    declarations=ties)
        services.membership_sign_pledge(membership=membership, by=membership.user)
    with pytest.raises(ValidationError) as refused:
        services.team_authorise(team=team, by=party_secretary, expected_version=team.version,
                                document="党组会")
    assert [e.code for e in refused.value.error_list] == ["recusal_pending"]
    services.recusal_decide(team=team, user=members[-1].user, unit=unit_a, outcome="recuse",
                            reason="配偶在该院工作", by=office_director)
    team.refresh_from_db()
    assert team.status == Team.Status.DRAFT  # five left: back to the leadership group


@pytest.mark.django_db
def test_recusal_decisions_only_for_members_and_targets(forming_team, office_director,
                                                        unit_b, plain_user, unit_a):
    with pytest.raises(ValidationError):
        services.recusal_decide(team=forming_team, user=plain_user, unit=unit_a,
                                outcome="allow", reason="x", by=office_director)
    member = forming_team.active_members().first().user
    with pytest.raises(ValidationError):
        services.recusal_decide(team=forming_team, user=member, unit=unit_b, outcome="allow",
                                reason="x", by=office_director)


@pytest.mark.django_db
def test_an_authorised_team_keeps_its_units(authorised_team, approved_round, office_director):
    other = services.team_create(round_=approved_round, name="第九巡察组", by=office_director)
    with pytest.raises(ValidationError) as refused:
        services.team_assign_inspection(team=other, inspection=approved_round.inspections.get(),
                                        by=office_director)
    assert refused.value.code == "assignment_fixed"


@pytest.mark.django_db
def test_a_member_who_works_in_the_target_unit_now_must_be_decided(forming_team, unit_a,
                                                                   leadership_leader):
    member = forming_team.memberships.filter(position="member").first().user
    assert services.recusal_conflicts(forming_team) == []
    member.org_unit = unit_a
    member.save()
    conflicts = services.recusal_conflicts(forming_team)
    assert [(c.user, c.unit, c.reasons) for c in conflicts] == [
        (member, unit_a, ["现在该单位工作"])]
    with pytest.raises(ValidationError, match="回避问题尚未处理"):
        services.team_approve(team=forming_team, by=leadership_leader, expected_version=1,
                              meeting="会议")


@pytest.mark.django_db
def test_nobody_approves_or_authorises_a_team_they_sit_on(
        forming_team, office_director, leadership_member, leadership_leader, party_secretary):
    from django.core.exceptions import PermissionDenied

    from tests.factories import train

    for insider in (leadership_member, party_secretary):
        talent(insider, "discipline")
        services.team_member_add(team=forming_team, user=insider, position="member",
                                 by=office_director)
    with pytest.raises(PermissionDenied):
        services.team_approve(team=forming_team, by=leadership_member,
                              expected_version=forming_team.version, meeting="会议")
    team = services.team_approve(team=forming_team, by=leadership_leader,
                                 expected_version=forming_team.version, meeting="会议")
    for membership in team.active_members():
        services.membership_declare(membership=membership, by=membership.user, declarations=[])
        services.membership_sign_pledge(membership=membership, by=membership.user)
    train(team, by=office_director)
    with pytest.raises(PermissionDenied):
        services.team_authorise(team=team, by=party_secretary, expected_version=team.version,
                                document="党组会议")
    # Once off the team (the changed team is approved again), the secretary authorises it.
    services.team_member_remove(membership=team.memberships.get(user=party_secretary),
                                by=office_director, reason="回避")
    team.refresh_from_db()
    team = services.team_approve(team=team, by=leadership_leader,
                                 expected_version=team.version, meeting="会议")
    services.team_authorise(team=team, by=party_secretary, expected_version=team.version,
                            document="党组会议")
    assert Team.objects.get(pk=team.pk).status == "authorised"
