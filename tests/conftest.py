import pytest

from accounts.models import (
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    PartyGroupMember,
    UnitContact,
)
from tests.factories import OrgUnitFactory, ReceivingOrganFactory, UserFactory, grant


@pytest.fixture
def unit_a(db):
    return OrgUnitFactory(name="青海省甲测试院")


@pytest.fixture
def unit_b(db):
    return OrgUnitFactory(name="青海省乙测试院")


@pytest.fixture
def discipline_organ(db):
    return ReceivingOrganFactory(name="驻厅纪检监察组（测试）")


@pytest.fixture
def office_director(db):
    return grant(OfficeMember, UserFactory(username="office_director", full_name="周主任"),
                 position=OfficeMember.Position.DIRECTOR)


@pytest.fixture
def office_staff(db):
    return grant(OfficeMember, UserFactory(username="office_staff", full_name="何联络"),
                 position=OfficeMember.Position.LIAISON)


@pytest.fixture
def leadership_member(db):
    return grant(LeadershipGroupMember, UserFactory(username="leader_member", full_name="孙成员"),
                 position=LeadershipGroupMember.Position.MEMBER)


@pytest.fixture
def party_member(db, unit_a):
    return grant(PartyGroupMember, UserFactory(username="party_member", full_name="李副厅长"),
                 duty="分管甲院", supervised_units=[unit_a])


@pytest.fixture
def unit_contact(db, unit_a):
    return grant(UnitContact, UserFactory(username="unit_a_contact", full_name="田联络"),
                 unit=unit_a, position=UnitContact.Position.CONTACT)


@pytest.fixture
def unit_b_contact(db, unit_b):
    return grant(UnitContact, UserFactory(username="unit_b_contact", full_name="白联络"),
                 unit=unit_b, position=UnitContact.Position.CONTACT)


@pytest.fixture
def discipline_handler(db, discipline_organ):
    return grant(OrganHandler, UserFactory(username="discipline_handler", full_name="冯经办"),
                 organ=discipline_organ)


@pytest.fixture
def plain_user(db):
    return UserFactory(username="no_role", full_name="无角色")
