from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import (
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    OrgUnit,
    PartyGroupMember,
    UnitContact,
    User,
)
from oversight.demo import DEMO_PASSWORD

MODELS = [OrgUnit, User, PartyGroupMember, LeadershipGroupMember, OfficeMember, UnitContact,
          OrganHandler, Group]


def _more_models():
    from clues.models import Clue
    from deadlines.models import Deadline, Todo
    from inspections.models import Finding, Inspection, Plan, PlanReview, PlanUnit, Round
    from rectification.models import RectificationItem
    from teams.models import EmploymentRecord, TalentPoolEntry, Team

    return [Plan, PlanUnit, PlanReview, TalentPoolEntry, EmploymentRecord, Round, Inspection,
            Team, Finding, Clue, RectificationItem, Deadline, Todo]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS + _more_models()}


@pytest.mark.django_db
def test_seed_twice_gives_the_same_counts(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first
    assert OrgUnit.objects.subordinate_units().count() >= 12
    assert User.objects.filter(position_title__endswith="骨干").count() >= 30
    from inspections.models import Plan
    from teams.models import TalentPoolEntry

    assert TalentPoolEntry.objects.count() == 30
    codes = {code for entry in TalentPoolEntry.objects.all() for code in entry.specialties}
    assert len(codes) == 6  # Art 9's six fields
    assert list(Plan.objects.values_list("kind", "status")) == [
        ("annual", "approved"), ("term", "approved")]


@pytest.mark.django_db
def test_seed_follows_articles_5_7_and_20(settings):
    call_command("seed_demo", stdout=StringIO())
    assert LeadershipGroupMember.objects.count() == 7  # Art 5
    leader = LeadershipGroupMember.objects.get(position="leader").user
    assert PartyGroupMember.objects.get(is_secretary=True).user == leader
    director = OfficeMember.objects.get(position="director").user
    assert "直属机关纪委书记" in director.position_title  # Art 7
    assert set(OrgUnit.objects.receiving_organs().values_list("organ_kind", flat=True)) == {
        "discipline", "hr", "other"}  # Art 20
    assert all(m.supervised_units.exists() for m in PartyGroupMember.objects.filter(
        is_secretary=False))  # Art 3 一岗双责


@pytest.mark.django_db
def test_demo_passwords_work_only_with_debug_on(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    client = Client()
    login = {"username": "jgjw_shuji", "password": DEMO_PASSWORD}
    assert client.post(reverse("login"), login).status_code == 302
    client.post(reverse("logout"))
    settings.DEBUG = False
    refused = client.post(reverse("login"), login)
    assert refused.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_seed_without_debug_sets_no_usable_password(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())
    assert not User.objects.get(username="jgjw_shuji").has_usable_password()


# Who finds what waiting at first login, by 待办 group.
FIRST_WORK = {
    "jgjw_shuji": ["待移交", "待销号", "待确认接收", "待答复"],
    "dz_shuji": ["待决定", "待审批"],
    "dz_li": ["待决定", "待审批"],
    "dw01_lly": ["待重新整改"],
    "dw02_lly": ["待回复"],
    "jjz_banli": ["待签收", "待反馈结果", "待确认接收"],
    "rsc_banli": ["待确认接收"],
}


@pytest.mark.django_db
def test_every_demo_account_finds_real_work_at_first_login(settings):
    from inspections.models import Inspection

    settings.DEBUG = True
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert "next round: drafted and waiting for the leadership group" in output.getvalue()
    # Rounds at every stage: archived, rectifying, on site, and one being formed.
    assert set(Inspection.objects.values_list("status", flat=True)) == {
        "archived", "rectifying", "on_site", "scheduled"}
    for username, groups in FIRST_WORK.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("oversight:home")).text
        waiting = page.split('data-testid="todo"')[1].split("</section>")[0]
        for group in groups:
            assert group in waiting, (username, group)


@pytest.mark.django_db
def test_the_demo_shows_deadlines_in_every_colour(settings):
    from deadlines import clock
    from deadlines.models import Deadline

    call_command("seed_demo", stdout=StringIO())
    today = clock.today()
    levels = {deadline.current_level(today) for deadline in Deadline.objects.pending()}
    assert levels >= {Deadline.Level.NONE, Deadline.Level.YELLOW, Deadline.Level.RED,
                      Deadline.Level.OVERDUE}


@pytest.mark.django_db
def test_every_waiting_work_opens_for_its_person_with_its_action(settings):
    """One click from the queue reaches a page the person may open, where the action is."""
    from config.actions import table_labelled
    from deadlines.models import Todo

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    todos = list(Todo.objects.filter(done_at__isnull=True).select_related("recipient"))
    assert len(todos) > 20
    clients = {}
    for todo in todos:
        table = table_labelled(todo.table)
        obj = table.model.objects.get(pk=todo.object_id)
        assert table.bound(todo.recipient, todo.action, obj) is not None, todo.title
        client = clients.setdefault(todo.recipient_id, Client())
        client.force_login(todo.recipient)
        response = client.get(todo.url)
        assert response.status_code == 200, (todo.recipient.username, todo.title, todo.url)
