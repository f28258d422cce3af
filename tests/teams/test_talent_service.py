"""Art 9: the talent pool remembers where each person served — round, position and units —
so the office choosing a team sees experience and past ties at a glance."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_a_persons_page_lists_the_rounds_positions_and_units_they_served(
        client, office_staff, authorised_team, team_leader, django_assert_max_num_queries):
    entry = team_leader.talent_entry
    client.force_login(office_staff)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("teams:talent_detail", args=[entry.pk])).text
    service = page.split('data-testid="service"')[1].split("</section>")[0]
    assert "2026年第二轮巡察" in service and "第一巡察组" in service
    assert "组长" in service and "青海省甲测试院" in service


@pytest.mark.django_db
def test_someone_who_never_served_is_said_so(client, office_staff, team_members):
    client.force_login(office_staff)
    page = client.get(reverse("teams:talent_detail",
                              args=[team_members[0].talent_entry.pk])).text
    assert "尚未参加过巡察组" in page
