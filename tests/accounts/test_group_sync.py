import pytest
from django.contrib.auth.models import Group

from accounts import services
from accounts.models import LeadershipGroupMember, OfficeMember, PartyGroupMember, Role
from audit.models import SecurityEvent
from tests.factories import UserFactory, grant


def group_names(user):
    return set(user.groups.values_list("name", flat=True))


@pytest.mark.django_db
def test_each_role_record_puts_the_person_in_its_group(office_staff, leadership_member,
                                                         party_member, unit_contact,
                                                         discipline_handler):
    assert group_names(office_staff) == {Role.OFFICE}
    assert group_names(leadership_member) == {Role.LEADERSHIP}
    assert group_names(party_member) == {Role.PARTY_GROUP}
    assert group_names(unit_contact) == {Role.UNIT_CONTACT}
    assert group_names(discipline_handler) == {Role.ORGAN_HANDLER}


@pytest.mark.django_db
def test_several_roles_and_removal_of_one_keeps_the_other(security_officer):
    person = grant(LeadershipGroupMember, UserFactory(),
                   position=LeadershipGroupMember.Position.DEPUTY)
    grant(PartyGroupMember, person)
    assert group_names(person) == {Role.LEADERSHIP, Role.PARTY_GROUP}

    services.role_record_remove(record=person.leadership_membership, by=security_officer)

    assert group_names(person) == {Role.PARTY_GROUP}
    person.refresh_from_db()
    assert not person.has_role(Role.LEADERSHIP)
    assert person.has_role(Role.PARTY_GROUP)


@pytest.mark.django_db
def test_a_manually_added_stale_group_is_removed_on_sync():
    person = UserFactory()
    person.groups.add(Group.objects.get_or_create(name=Role.OFFICE)[0])
    assert services.user_groups_sync(user=person) == ([], [Role.OFFICE.value])
    assert group_names(person) == set()


@pytest.mark.django_db
def test_role_changes_are_in_history_and_the_audit_log(security_officer):
    person = UserFactory(username="new_liaison")
    record = services.role_record_save(
        record=OfficeMember(user=person, position=OfficeMember.Position.LIAISON),
        by=security_officer,
    )
    services.role_record_remove(record=record, by=security_officer)

    history = OfficeMember.history.filter(user_id=person.pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "-"]
    assert {h.history_user for h in history} == {security_officer}
    events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_CHANGE, target="new_liaison")
    assert [(e.detail["change"], e.detail["added"], e.detail["removed"], e.user)
            for e in events.order_by("id")] == [
        ("granted", ["office"], [], security_officer),
        ("revoked", [], ["office"], security_officer)]


@pytest.mark.django_db
def test_a_position_change_without_a_group_change_is_still_logged(security_officer):
    """The liaison made director keeps the same group: the grant must still be on record."""
    person = UserFactory(username="liaison_promoted")
    record = services.role_record_save(
        record=OfficeMember(user=person, position=OfficeMember.Position.LIAISON),
        by=security_officer)
    record.position = OfficeMember.Position.DEPUTY_DIRECTOR
    services.role_record_save(record=record, by=security_officer,
                              expected_version=record.version)
    changed = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_CHANGE,
                                           target="liaison_promoted").latest("id")
    assert changed.detail["change"] == "changed"
    assert changed.detail["record"]["position"] == "deputy_director"


@pytest.mark.django_db
def test_only_one_office_director_and_one_party_secretary(office_director):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        grant(OfficeMember, UserFactory(), position=OfficeMember.Position.DIRECTOR)
    grant(PartyGroupMember, UserFactory(), is_secretary=True)
    with pytest.raises(ValidationError):
        grant(PartyGroupMember, UserFactory(), is_secretary=True)


@pytest.mark.django_db
def test_inactive_user_holds_no_role(office_staff):
    office_staff.is_active = False
    assert not office_staff.has_role(Role.OFFICE)
