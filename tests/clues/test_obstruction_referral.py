"""Art 32: an obstruction case referred as an accountability clue, then classified,
transferred with a numbered letter and answered like any clue (issue 17, item 10)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clues import services
from clues.models import Clue
from deadlines.models import Todo


@pytest.fixture
def case(notified, team_member):
    return services.obstruction_record(
        inspection=notified, by=team_member, situation="refusing", against="甲院财务处处长",
        description="三次催要2025年采购合同，至今拒不提供")


@pytest.mark.django_db
def test_the_office_refers_the_case_and_it_goes_the_way_of_a_clue(
        client, case, office_staff, leadership_leader, leadership_member, discipline_organ,
        discipline_handler):
    client.force_login(office_staff)
    page = client.get(case.get_absolute_url())
    refer = reverse("clues:obstruction_refer", args=[case.pk])
    assert refer in page.text
    form = client.get(refer)
    assert form.context["form"].initial["persons"] == "甲院财务处处长"  # not typed again
    client.post(refer, {"category": "work", "summary": "拒不提供采购合同，阻挠巡察",
                        "persons": "甲院财务处处长"})
    clue = Clue.objects.get(obstruction=case)
    assert (clue.kind, clue.status, clue.registered_by) == (
        "accountability", "registered", office_staff)
    assert set(Todo.objects.filter(object_id=clue.pk, table="clues.Clue", action="classify",
                                   done_at__isnull=True).values_list("recipient", flat=True)) \
        == {leadership_leader.pk, leadership_member.pk}
    # The usual path: classified, a numbered letter, the organ signs for it.
    clue = services.clue_classify(clue=clue, by=leadership_leader, decision="discipline",
                                  organ=discipline_organ, meeting="领导小组2026年第10次会议",
                                  expected_version=clue.version)
    clue = services.clue_transfer(clue=clue, by=office_staff, expected_version=clue.version)
    assert clue.transfer.letter_number
    case_page = client.get(case.get_absolute_url())
    assert clue.transfer.letter_number in case_page.text
    clue_page = client.get(clue.get_absolute_url())
    assert case.get_absolute_url() in clue_page.text  # the clue names where it came from
    # Referred once: the button is gone and a second referral is refused.
    assert refer not in case_page.text
    with pytest.raises(ValidationError) as again:
        services.obstruction_refer(obstruction=case, by=office_staff, category="work",
                                   summary="再次", persons="某人")
    assert again.value.code == "referred"
    assert Clue.objects.filter(obstruction=case).count() == 1


@pytest.mark.django_db
def test_only_the_office_refers(case, team_leader, leadership_leader):
    for person in (team_leader, leadership_leader):
        with pytest.raises(PermissionDenied):
            services.obstruction_refer(obstruction=case, by=person, category="work",
                                       summary="阻挠", persons="某人")
    assert not Clue.objects.exists()
