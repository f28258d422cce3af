"""What each person sees first: the work waiting for them (待办), their deadlines and recent
notices, then what their role is responsible for."""

from datetime import timedelta

from django.db.models import Count, Q

from accounts.models import (
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    OrgUnit,
    PartyGroupMember,
    Role,
    UnitContact,
)
from deadlines import access as deadline_access
from deadlines import clock
from deadlines.models import Notification, annotate_today
from deadlines.todos import todos_open_for
from inspections.access import notices_visible_to
from rectification.models import RectificationPlan

HOME_DEADLINES = 10
HOME_NOTICES = 5
# The office's home names the units that still lack a contact, not the whole directory.
HOME_UNITS_WITHOUT_CONTACT = 10


def todo_groups(user):
    """[(what to do, [rows])], the group with the most urgent work first; within a group,
    overdue and nearest due dates first, undated work last in the order it arrived."""
    groups = {}
    for row in todos_open_for(user):
        groups.setdefault(str(row.work), []).append(row)

    def urgency(row):
        return (row.due_on is None, row.due_on or row.created_at.date(), row.created_at)

    ordered = [(work, sorted(rows, key=urgency)) for work, rows in groups.items()]
    return sorted(ordered, key=lambda group: urgency(group[1][0]))


def _pending_deadlines(user):
    # Overdue ones first and until met (a missed deadline stays in view), then by date.
    deadlines = deadline_access.deadlines_visible_to(user).pending().order_by("due_on", "pk")
    return annotate_today(list(deadlines[:HOME_DEADLINES]), clock.today())


def _unit_rectification(user):
    """For a unit contact: each plan's progress, and what the team returned and why."""
    plans = []
    for plan in RectificationPlan.objects.filter(
            inspection__target_unit__contacts__user=user).select_related(
            "inspection__target_unit", "inspection__round").prefetch_related("items"):
        items = list(plan.items.all())
        done = sum(i.status in {"closed", "long_term"} for i in items)
        plans.append({"plan": plan, "percent": round(100 * done / len(items)) if items else 0,
                      "returned": [i for i in items if i.review_comment
                                   and i.status in {"open", "in_progress"}]})
    return plans or None


def _office_summary():
    units = OrgUnit.objects.subordinate_units().active()
    counted = units.aggregate(total=Count("pk", distinct=True),
                              without=Count("pk", filter=Q(contacts__isnull=True), distinct=True))
    return {
        "unit_count": counted["total"],
        "without_contact_count": counted["without"],
        "without_contact": list(units.filter(contacts__isnull=True)
                                .order_by("name")[:HOME_UNITS_WITHOUT_CONTACT]),
    }


def _oversight_summary(user):
    """For the leadership and party groups, under their decisions: where deadlines stand."""
    today = clock.today()
    pending = deadline_access.deadlines_visible_to(user).pending()
    return {
        "overdue": pending.filter(due_on__lt=today).count(),
        "due_within_week": pending.filter(due_on__gte=today,
                                          due_on__lte=today + timedelta(days=7)).count(),
    }


def home_sections(user):
    groups = todo_groups(user)
    sections = {"todo": groups, "todo_count": sum(len(rows) for _, rows in groups)}
    if pending := _pending_deadlines(user):
        sections["deadlines"] = pending
    sections["notices_recent"] = list(Notification.objects.filter(recipient=user)
                                      [:HOME_NOTICES])
    if user.has_role(Role.OFFICE):
        sections["office"] = {"membership": user.office_membership, **_office_summary(),
                              "colleagues": OfficeMember.objects.select_related("user")}
    if user.has_role(Role.LEADERSHIP, Role.PARTY_GROUP):
        sections["summary"] = _oversight_summary(user)
    if user.has_role(Role.PARTY_GROUP):
        member = PartyGroupMember.objects.get(user=user)
        sections["party_group"] = {"membership": member,
                                   "supervised_units": list(member.supervised_units.all())}
    if user.has_role(Role.LEADERSHIP):
        sections["leadership"] = {
            "membership": LeadershipGroupMember.objects.get(user=user),
            "members": LeadershipGroupMember.objects.select_related("user", "user__org_unit"),
        }
    if user.has_role(Role.UNIT_CONTACT):
        own = list(UnitContact.objects.filter(user=user).select_related("unit"))
        colleagues = {}
        for contact in UnitContact.objects.filter(
                unit_id__in=[c.unit_id for c in own]).select_related("user"):
            colleagues.setdefault(contact.unit_id, []).append(contact)
        sections["unit"] = [(c, colleagues.get(c.unit_id, [])) for c in own]
        sections["notices"] = list(notices_visible_to(user).select_related(
            "inspection__round").order_by("-issued_at")[:10])
        sections["rectification"] = _unit_rectification(user)
    if memberships := list(user.team_memberships.filter(left_at__isnull=True)
                           .select_related("team__round")):
        sections["teams"] = memberships
    sections["has_role"] = bool(user.role_names or memberships)
    if user.has_role(Role.ORGAN_HANDLER):
        sections["organ"] = list(OrganHandler.objects.filter(user=user).select_related("organ"))
    return sections

