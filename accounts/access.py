"""Who may see people, units and role records, and the role rules every actions table names."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from config.actions import memoized

from .models import OrgUnit, Role, UnitContact, User

# Role rules: (user, obj=None) -> bool, named in the actions tables --------------------------

def is_office(user, obj=None):
    return user.has_role(Role.OFFICE)


def is_office_director(user, obj=None):
    return user.is_active and user.is_office_director()


def is_leadership_member(user, obj=None):
    return user.has_role(Role.LEADERSHIP)


def is_party_group_member(user, obj=None):
    return user.has_role(Role.PARTY_GROUP)


def is_party_secretary(user, obj=None):
    return is_party_group_member(user) and user.party_group_membership.is_secretary


@memoized
def serves_on_a_team(user):
    """Whether the user holds a current team membership. Team members have no global role, so
    this one question (asked once per page: the menu asks it too) spares everyone else a
    lookup of their position on each team a page mentions."""
    return user.team_memberships.filter(left_at__isnull=True).exists()


@memoized
def is_contact_of(user, unit, position=None):
    if not user.has_role(Role.UNIT_CONTACT):
        return False  # read with the user's groups: most readers are no unit's contact
    contacts = UnitContact.objects.filter(user=user, unit=unit)
    if position:
        contacts = contacts.filter(position=position)
    return contacts.exists()


def works_in(user, unit):
    """Staff of the unit or one of its contacts: never a reviewer of that unit (DESIGN §3)."""
    return user.org_unit_id == unit.pk or is_contact_of(user, unit)


def is_sysadmin(user, obj=None):
    return user.has_role(Role.SYSADMIN)


def is_security_officer(user, obj=None):
    return user.has_role(Role.SECURITY_OFFICER)


def is_auditor(user, obj=None):
    return user.has_role(Role.AUDITOR)


def can_manage_organisation(user, obj=None):
    """People and units are the system administrator's (三员), not a business role's."""
    return is_sysadmin(user)


def sees_organisation(user):
    # The office works with units and people every day; reading is not administering.
    return user.has_role(Role.SYSADMIN, Role.SECURITY_OFFICER, Role.OFFICE)


def is_self(user, person):
    return person is not None and user.pk == person.pk


def via(rule, attribute):
    """The rule applied to a related object: `via(leads_team_of, "inspection")` on a finding."""

    def related_rule(user, obj):
        return rule(user, getattr(obj, attribute))

    related_rule.__name__ = f"{rule.__name__}_via_{attribute}"
    return related_rule


def any_of(*rules):
    def either(user, obj=None):
        return any(rule(user, obj) for rule in rules)

    either.__name__ = "_or_".join(rule.__name__ for rule in rules)
    return either


# Visibility ---------------------------------------------------------------------------------

def ensure_sees_organisation(user):
    if not sees_organisation(user):
        raise PermissionDenied


def orgunits_visible_to(user):
    if sees_organisation(user):
        return OrgUnit.objects.select_related("parent")
    return OrgUnit.objects.none()


def units_known_to(user):
    """The organisation for those who see it; otherwise the units a person speaks for or
    handles clues for (the data interface lists them so a unit's system finds its own id)."""
    if sees_organisation(user):
        return OrgUnit.objects.select_related("parent")
    mine = OrgUnit.objects.filter(Q(contacts__user=user) | Q(handlers__user=user))
    return OrgUnit.objects.select_related("parent").filter(pk__in=mine.values("pk"))


def get_orgunit_for_user(user, pk):
    try:
        return orgunits_visible_to(user).get(pk=pk)
    except OrgUnit.DoesNotExist:
        raise Http404 from None


def users_visible_to(user):
    people = User.objects.select_related("org_unit")
    if sees_organisation(user):
        return people
    return people.filter(pk=user.pk)


def get_user_for_user(user, pk):
    try:
        return users_visible_to(user).get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


def get_role_record_for_user(user, model, pk):
    ensure_sees_organisation(user)
    try:
        return model.objects.select_related("user").get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None
