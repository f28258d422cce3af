"""Who sees feedback, plans and items: the unit its own, the team its inspections, the office,
the leadership group, and each party-group member the units they supervise (一岗双责)."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.shortcuts import get_objects_for_user

from accounts.models import Role
from inspections.models import Inspection

from .models import Evidence, Feedback, RectificationItem, RectificationPlan


def rectification_inspections(user):
    if user.has_role(Role.OFFICE, Role.LEADERSHIP):
        return Inspection.objects.all()
    scope = Q(pk__in=get_objects_for_user(user, "inspections.review_rectification",
                                          klass=Inspection, accept_global_perms=False)
              .values("pk"))
    if user.has_role(Role.PARTY_GROUP):
        scope |= Q(target_unit__supervising_party_members__user=user)
    if user.has_role(Role.UNIT_CONTACT):
        scope |= Q(target_unit__contacts__user=user)
    return Inspection.objects.filter(pk__in=Inspection.objects.filter(scope).values("pk"))


def get_rectification_inspection(user, pk):
    return get_object_or_404(rectification_inspections(user).select_related("target_unit"),
                             pk=pk)


def feedbacks_visible_to(user):
    feedbacks = Feedback.objects.filter(inspection__in=rectification_inspections(user))
    if user.has_role(Role.OFFICE, Role.LEADERSHIP):
        return feedbacks
    # The unit and the party group read feedback once it has been given at the meeting;
    # the team that drafts it sees its drafts.
    drafting = get_objects_for_user(user, "inspections.review_rectification", klass=Inspection,
                                    accept_global_perms=False)
    return feedbacks.filter(Q(inspection__in=drafting) | ~Q(status=Feedback.Status.DRAFT))


def get_feedback_for_user(user, pk):
    return get_object_or_404(feedbacks_visible_to(user), pk=pk)


def get_plan_for_user(user, pk):
    return get_object_or_404(RectificationPlan.objects.select_related(
        "inspection__target_unit").filter(inspection__in=rectification_inspections(user)), pk=pk)


def get_item_for_user(user, pk):
    return get_object_or_404(RectificationItem.objects.select_related(
        "plan__inspection__target_unit", "finding").filter(
        plan__inspection__in=rectification_inspections(user)), pk=pk)


def get_evidence_for_user(user, pk):
    return get_object_or_404(Evidence.objects.filter(
        item__plan__inspection__in=rectification_inspections(user)), pk=pk)


def can_give_feedback(user, inspection):
    from teams.models import TeamMembership

    return TeamMembership.objects.filter(
        user=user, left_at__isnull=True, position="leader", team_id=inspection.team_id
    ).exists() or user.has_role(Role.OFFICE)


def reports_visible_to(user):
    from .models import RectificationReport
    from .services import receipt_recipients

    reports = RectificationReport.objects.select_related("inspection__target_unit")
    if receipt_recipients(user):
        # 纪检监察机关、人事部门、巡察办 each receive every unit's report (Art 19).
        return reports
    return reports.filter(inspection__in=rectification_inspections(user))


def get_report_for_user(user, pk):
    return get_object_or_404(reports_visible_to(user), pk=pk)


def ledger_items(user):
    return RectificationItem.objects.filter(
        plan__inspection__in=rectification_inspections(user),
        plan__status=RectificationPlan.Status.APPROVED,
    ).select_related("finding", "plan__inspection__target_unit", "plan__inspection__round")


def get_publication_for_user(user, pk):
    from .models import Publication

    if not user.has_role(Role.OFFICE, Role.LEADERSHIP):
        raise Http404
    return get_object_or_404(Publication.objects.select_related("inspection__target_unit"),
                             pk=pk)
