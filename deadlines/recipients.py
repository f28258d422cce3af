"""Who is told about a deadline: its actors, plus the escalation column of DESIGN §5 from red on."""

from accounts.models import (
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    PartyGroupMember,
    UnitContact,
    User,
)

from .models import Deadline

K = Deadline.Kind
L = Deadline.Level


def office_ids():
    return set(OfficeMember.objects.values_list("user_id", flat=True))


def leadership_ids():
    return set(LeadershipGroupMember.objects.values_list("user_id", flat=True))


def secretary_ids():
    return set(PartyGroupMember.objects.filter(is_secretary=True).values_list("user_id", flat=True))


def _supervising_members(unit_id):
    # 一岗双责: the party-group member who supervises the unit follows its rectification.
    return set(
        PartyGroupMember.objects.filter(supervised_units=unit_id).values_list("user_id", flat=True)
    )


def unit_contact_ids(unit_id, position=None):
    contacts = UnitContact.objects.filter(unit_id=unit_id)
    if position:
        contacts = contacts.filter(position=position)
    return set(contacts.values_list("user_id", flat=True))


def organ_handler_ids(unit_id):
    return set(OrganHandler.objects.filter(organ_id=unit_id).values_list("user_id", flat=True))


def organ_handler_ids_of_kinds(*kinds):
    return set(OrganHandler.objects.filter(organ__organ_kind__in=kinds)
               .values_list("user_id", flat=True))


def _actors(kind, unit_id):
    if kind in {K.SPECIAL_MEETING, K.RECTIFICATION_PLAN, K.RECTIFICATION_REPORT}:
        return unit_contact_ids(unit_id)
    if kind == K.CLUE_RESULT:
        return organ_handler_ids(unit_id)
    if kind == K.HEARING:
        return office_ids() | leadership_ids()
    if kind in {K.ITEM_DUE, K.IMMEDIATE_REPLY, K.MATERIAL_REQUEST}:
        return unit_contact_ids(unit_id, UnitContact.Position.CONTACT)
    return set()


def _escalation(kind, unit_id):
    if kind == K.ONSITE_END:
        return office_ids()
    if kind == K.HEARING:
        return secretary_ids()
    if kind in {K.SPECIAL_MEETING, K.RECTIFICATION_PLAN, K.RECTIFICATION_REPORT}:
        return office_ids() | _supervising_members(unit_id)
    if kind == K.CLUE_RESULT:
        return office_ids() | leadership_ids()
    if kind == K.ITEM_DUE:
        return office_ids() | unit_contact_ids(unit_id, UnitContact.Position.MAIN_LEADER)
    if kind in {K.IMMEDIATE_REPLY, K.MATERIAL_REQUEST}:
        return unit_contact_ids(unit_id, UnitContact.Position.MAIN_LEADER)
    return set()


def recipient_ids(*, kind, unit_id, owner_id, level):
    """User ids to tell at `level` (None = the deadline was just created)."""
    ids = _actors(kind, unit_id)
    if owner_id:
        ids.add(owner_id)
    if level is not None and level >= L.RED:
        ids |= _escalation(kind, unit_id)
    return set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))


class RecipientCache:
    """Deadlines of one kind and unit share recipients: a sweep looks each set up once."""

    def __init__(self):
        self._cache = {}

    def __call__(self, *, kind, unit_id, owner_id, level):
        key = (kind, unit_id, owner_id, level)
        if key not in self._cache:
            self._cache[key] = recipient_ids(
                kind=kind, unit_id=unit_id, owner_id=owner_id, level=level
            )
        return self._cache[key]
