"""Who sees the talent pool and teams, and who may act on them."""

from django.shortcuts import get_object_or_404

from accounts.access import serves_on_a_team
from accounts.models import Role
from config.actions import memoized

from .models import TalentPoolEntry, Team, TeamLapse, TeamMembership

OVERSIGHT = (Role.OFFICE, Role.LEADERSHIP, Role.PARTY_GROUP)


def _get(queryset, pk):
    return get_object_or_404(queryset, pk=pk)


def talent_visible_to(user):
    if user.has_role(Role.OFFICE, Role.LEADERSHIP):
        return TalentPoolEntry.objects.select_related("user", "user__org_unit")
    return TalentPoolEntry.objects.none()


def get_talent_for_user(user, pk):
    return _get(talent_visible_to(user), pk)


def teams_visible_to(user):
    teams = Team.objects.select_related("round")
    if user.has_role(*OVERSIGHT):
        return teams
    return teams.filter(memberships__user=user, memberships__left_at__isnull=True).distinct()


def get_team_for_user(user, pk):
    return _get(teams_visible_to(user), pk)


def sees_lapses(user):
    """Records on the members' work (Art 24): the office, which records them, and the
    leadership group, which manages the teams (Art 6 (6)); never the members themselves."""
    return user.has_role(Role.OFFICE, Role.LEADERSHIP)


def lapses_visible_to(user):
    if sees_lapses(user):
        return TeamLapse.objects.select_related("team__round", "membership__user")
    return TeamLapse.objects.none()


def get_lapse_for_user(user, pk):
    return _get(lapses_visible_to(user), pk)


@memoized
def sits_on(user, team):
    return serves_on_a_team(user) and team.memberships.filter(
        user=user, left_at__isnull=True).exists()


def is_the_member(user, membership):
    return membership.user_id == user.pk


def own_memberships(user):
    return TeamMembership.objects.filter(user=user, left_at__isnull=True).select_related(
        "team__round")


def get_own_membership(user, pk):
    return _get(own_memberships(user), pk)
