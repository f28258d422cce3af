"""People without a post or unit are listed by name alone, never with "None"."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.django_db
def test_an_attendee_without_post_or_unit_reads_as_a_name(unit_a):
    assert UserFactory(full_name="冯经办", position_title="", org_unit=None).with_post() == "冯经办"
    assert UserFactory(full_name="王组长", position_title="副厅长").with_post() == (
        "王组长（副厅长）")
    assert UserFactory(full_name="田某", position_title="", org_unit=unit_a).with_post() == (
        "田某（青海省甲测试院）")


@pytest.mark.django_db
def test_the_feedback_page_lists_attendees_without_none(client, given, team_leader,
                                                         feedback_attendees):
    for person in feedback_attendees:
        person.position_title, person.org_unit = "", None
        person.save()
    client.force_login(team_leader)
    page = client.get(reverse("rectification:feedback_detail", args=[given.pk])).text
    assert "（None）" not in page and "（）" not in page
    assert str(feedback_attendees[0]) in page
