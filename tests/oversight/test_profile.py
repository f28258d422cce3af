import pytest
from django.urls import reverse

from audit.models import SecurityEvent


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), [
    ("office_staff", 200), ("leadership_member", 200), ("party_member", 200),
    ("unit_contact", 404), ("team_member", 404), ("discipline_handler", 404),
])
def test_profiles_are_restricted(client, request, approved_plan, role, expected):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("oversight:profile"),
                          {"unit": approved_plan.inspection.target_unit_id})
    assert response.status_code == expected


@pytest.mark.django_db
def test_unit_and_leader_profiles_gather_the_record_and_are_logged(client, approved_plan,
                                                                   office_staff):
    client.force_login(office_staff)
    unit = approved_plan.inspection.target_unit
    page = client.get(reverse("oversight:profile"), {"unit": unit.pk}).text
    finding = approved_plan.items.first().finding
    assert finding.title in page.split('data-testid="unit-findings"')[1].split("</ul>")[0]
    leader = client.get(reverse("oversight:profile"), {"name": "高书记"}).text
    assert "修订“三重一大”决策制度" in leader.split('data-testid="leader-record"')[1]
    assert SecurityEvent.objects.filter(kind="sensitive_read", user=office_staff,
                                        target="profile").count() == 2
