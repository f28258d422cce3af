"""What each role sees first: the units, people and groups the person is responsible for."""

from accounts.models import (
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    OrgUnit,
    PartyGroupMember,
    Role,
    UnitContact,
)


def _contacts_by_unit(unit_ids):
    contacts = {}
    for contact in UnitContact.objects.filter(unit_id__in=unit_ids).select_related("user"):
        contacts.setdefault(contact.unit_id, []).append(contact)
    return contacts


HOME_DEADLINES = 10


def _pending_deadlines(user):
    # Overdue ones first and until met (issue: a missed deadline stays in view), then by date.
    from deadlines import access as deadline_access
    from deadlines import clock
    from deadlines.models import annotate_today

    deadlines = deadline_access.deadlines_visible_to(user).pending().order_by("due_on", "pk")
    return annotate_today(list(deadlines[:HOME_DEADLINES]), clock.today())


def _unit_rectification(user):
    """For a unit contact: each plan's progress, and what the team returned and why."""
    from rectification.models import RectificationPlan

    plans = []
    for plan in RectificationPlan.objects.filter(
            inspection__target_unit__contacts__user=user).select_related(
            "inspection__target_unit"):
        items = list(plan.items.all())
        done = sum(i.status in {"closed", "long_term"} for i in items)
        plans.append({"plan": plan, "percent": round(100 * done / len(items)) if items else 0,
                      "returned": [i for i in items if i.review_comment
                                   and i.status in {"open", "in_progress"}]})
    return plans or None


def home_sections(user):
    sections = {}
    if pending := _pending_deadlines(user):
        sections["deadlines"] = pending
    if user.has_role(Role.OFFICE):
        units = list(OrgUnit.objects.subordinate_units().active())
        contacts = _contacts_by_unit([u.pk for u in units])
        sections["office"] = {
            "membership": user.office_membership,
            "target_units": [(unit, contacts.get(unit.pk, [])) for unit in units],
            "colleagues": OfficeMember.objects.select_related("user"),
        }
    if user.has_role(Role.PARTY_GROUP):
        member = PartyGroupMember.objects.get(user=user)
        units = list(member.supervised_units.all())
        contacts = _contacts_by_unit([u.pk for u in units])
        sections["party_group"] = {
            "membership": member,
            "supervised_units": [(unit, contacts.get(unit.pk, [])) for unit in units],
        }
    if user.has_role(Role.LEADERSHIP):
        sections["leadership"] = {
            "membership": LeadershipGroupMember.objects.get(user=user),
            "members": LeadershipGroupMember.objects.select_related("user", "user__org_unit"),
        }
    if user.has_role(Role.UNIT_CONTACT):
        own = list(UnitContact.objects.filter(user=user).select_related("unit"))
        contacts = _contacts_by_unit([c.unit_id for c in own])
        sections["unit"] = [(c, contacts.get(c.unit_id, [])) for c in own]
    if memberships := list(user.team_memberships.filter(left_at__isnull=True)
                           .select_related("team__round")):
        sections["teams"] = memberships
    if user.has_role(Role.UNIT_CONTACT):
        from inspections.access import notices_visible_to

        sections["notices"] = list(notices_visible_to(user).order_by("-issued_at")[:10])
        from inspections.access import immediate_visible_to

        sections["immediate"] = list(immediate_visible_to(user).filter(status="issued"))
        sections["rectification"] = _unit_rectification(user)
    if user.has_role(Role.ORGAN_HANDLER):
        sections["organ"] = list(
            OrganHandler.objects.filter(user=user).select_related("organ")
        )
    return sections
