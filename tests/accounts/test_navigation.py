"""Navigation that fits: at most six top-level entries for any role, on one line, grouped in
menus, with the current page marked."""

import re

import pytest
from django.urls import reverse

TOP_LEVEL = re.compile(r'<li class="nav-item( dropdown)?">')


@pytest.mark.django_db
@pytest.mark.parametrize("role", [
    "office_director", "office_staff", "leadership_leader", "party_secretary", "party_member",
    "unit_contact", "team_leader", "discipline_handler", "sysadmin", "security_officer",
    "auditor"])
def test_no_role_sees_more_than_six_top_level_entries(client, request, role):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("oversight:home")).text
    top = TOP_LEVEL.findall(page.split('data-testid="main-nav"', 1)[1].split(
        '<a class="btn btn-sm btn-outline-light', 1)[0])
    assert 2 <= len(top) <= 6


@pytest.mark.django_db
def test_the_office_reaches_every_entry_through_the_menus(client, office_director):
    client.force_login(office_director)
    page = client.get(reverse("rectification:ledger")).text
    for name in ("oversight:dashboard", "inspections:plan_list", "rectification:ledger",
                 "clues:clue_list", "accounts:orgunit_list", "deadlines:override_list",
                 "accounts:account"):
        assert f'href="{reverse(name)}"' in page
    # The current page is marked in its menu, and the menu itself is marked active.
    assert (f'<a class="dropdown-item active" href="{reverse("rectification:ledger")}" '
            'aria-current="page">') in page
    assert re.search(r'dropdown-toggle btn btn-link active"[^>]*>整改与线索', page)
