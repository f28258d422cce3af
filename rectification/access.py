"""Who sees feedback, plans and items: the unit its own, the team its inspections, the office,
the leadership group, and each party-group member the units they supervise (一岗双责)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from guardian.shortcuts import get_objects_for_user

from accounts.access import is_contact_of, is_office, works_in
from accounts.models import Role
from inspections.access import is_on_team_of, leads_team_of
from inspections.models import Inspection

from .models import Evidence, Feedback, RectificationItem, RectificationPlan

# Role rules the rectification actions table names -----------------------------------------

def leads_team_or_office(user, inspection):
    """Feedback is drafted and given by the team leader, or by the office (Art 18)."""
    return is_office(user) or leads_team_of(user, inspection)


def prepares_feedback(user, feedback):
    return leads_team_or_office(user, feedback.inspection)


def signs_for_feedback(user, feedback):
    return is_contact_of(user, feedback.inspection.target_unit, "main_leader")


def speaks_for_unit(user, inspection):
    return is_contact_of(user, inspection.target_unit)


def speaks_for_plan_unit(user, plan):
    return speaks_for_unit(user, plan.inspection)


def speaks_for_item_unit(user, item):
    return speaks_for_unit(user, item.plan.inspection)


def reviews_rectification(user, inspection):
    """The inspection's team (Art 19: the plan goes to the team) or the office (Art 8 (4))."""
    return is_office(user) or is_on_team_of(user, inspection)


def reviews_plan(user, plan):
    return reviews_rectification(user, plan.inspection)


def reviews_item(user, item):
    return reviews_rectification(user, item.plan.inspection)


def works_in_plan_unit(user, plan):
    return works_in(user, plan.inspection.target_unit)


def works_in_item_unit(user, item):
    return works_in(user, item.plan.inspection.target_unit)


def receives_report_for(user, receipt):
    from .services import receipt_recipients

    return receipt.recipient in receipt_recipients(user)


def drafted_publication(user, publication):
    return publication.created_by_id == user.pk


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
    feedbacks = Feedback.objects.select_related("inspection__target_unit", "inspection__round")
    if user.has_role(Role.OFFICE, Role.LEADERSHIP):
        return feedbacks
    FB = Feedback.Status
    # The team that drafts feedback sees its drafts; the party group every feedback put to it
    # for consent (Art 18), whichever unit; the unit and the supervising member once given.
    drafting = get_objects_for_user(user, "inspections.review_rectification", klass=Inspection,
                                    accept_global_perms=False)
    scope = Q(inspection__in=drafting) | Q(
        inspection__in=rectification_inspections(user), status__in=[FB.GIVEN, FB.SIGNED_FOR])
    if user.has_role(Role.PARTY_GROUP):
        scope |= ~Q(status=FB.DRAFT)
    return feedbacks.filter(pk__in=Feedback.objects.filter(scope).values("pk"))


def get_feedback_for_user(user, pk):
    return get_object_or_404(feedbacks_visible_to(user), pk=pk)


def plans_visible_to(user):
    return RectificationPlan.objects.select_related("inspection__target_unit").filter(
        inspection__in=rectification_inspections(user))


def get_plan_for_user(user, pk):
    return get_object_or_404(plans_visible_to(user), pk=pk)


def items_visible_to(user):
    return RectificationItem.objects.select_related(
        "plan__inspection__target_unit", "finding").filter(
        plan__inspection__in=rectification_inspections(user))


def get_item_for_user(user, pk):
    return get_object_or_404(items_visible_to(user), pk=pk)


def get_evidence_for_user(user, pk):
    return get_object_or_404(Evidence.objects.filter(
        item__plan__inspection__in=rectification_inspections(user)), pk=pk)


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


def receipts_visible_to(user):
    from .models import ReportReceipt

    return ReportReceipt.objects.filter(report__in=reports_visible_to(user))


def publications_visible_to(user):
    from .models import Publication

    if not user.has_role(Role.OFFICE, Role.LEADERSHIP):
        return Publication.objects.none()
    return Publication.objects.select_related("inspection__target_unit")


def get_publication_for_user(user, pk):
    return get_object_or_404(publications_visible_to(user), pk=pk)
