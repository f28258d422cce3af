"""Who may do what in feedback and rectification (Art 18, 19, 23, 34), in which state."""

from django.utils.translation import gettext_lazy as _

from accounts.access import is_office, is_party_group_member
from config.actions import Action, ActionTable, Requirement, Work
from inspections.access import is_on_team_of
from inspections.models import Inspection, PartyHearing

from . import access
from .models import (
    Feedback,
    Publication,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
    ReportReceipt,
)

OFFICE = _("the inspection office")
TEAM_OR_OFFICE = _("the team leader or the inspection office")
UNIT = _("the unit's contacts")
REVIEWERS = _("the inspection team or the inspection office")
OWN_UNIT = _("You work in this unit: someone outside it reviews its rectification.")

IS = Inspection.Status


def _plan_approved(inspection):
    return RectificationPlan.objects.filter(inspection=inspection,
                                            status=RectificationPlan.Status.APPROVED).exists()


def _no_plan_yet(inspection):
    return not RectificationPlan.objects.filter(inspection=inspection).exists()


def reports_owed(inspection):
    """The Art 19 reports the unit has not sent yet, in their order. Read with all(), so a page
    that prefetched the reports asks no more."""
    sent = {report.kind for report in inspection.rect_reports.all()}
    return [kind for kind in RectificationReport.Kind if kind not in sent]


# The unit's steps need the leadership's feedback signed for: that signature is what moves the
# inspection to RECTIFYING (rectification.services.feedback_sign_for), so the state says it.

INSPECTION_ACTIONS = ActionTable(Inspection, [
    # Art 13 回头看: the follow-up team says, item by item, whether the earlier rectification held.
    Action("record_recheck", _("Record the re-check"), who=is_on_team_of,
           who_text=_("members of this inspection's team"),
           from_states={IS.NOTIFIED, IS.ON_SITE, IS.REPORTING},
           requires=(Requirement(lambda inspection: inspection.rechecks_id is not None,
                                 _("Only a follow-up (回头看) re-checks an earlier inspection."),
                                 code="not_follow_up"),),
           done=_("Re-check recorded.")),
    Action("prepare_feedback", _("Prepare feedback"), who=access.leads_team_or_office,
           who_text=TEAM_OR_OFFICE, from_states={IS.HEARD, IS.FEEDBACK_GIVEN},
           done=_("Feedback saved as a draft: ask the party group for its consent next.")),
    Action("record_meeting", _("Record a meeting"), who=access.speaks_for_unit, who_text=UNIT,
           from_states={IS.RECTIFYING},
           done=_("Meeting recorded.")),
    Action("write_plan", _("Draw up the rectification plan"), work=Work.DRAFT,
           who=access.speaks_for_unit,
           who_text=UNIT, from_states={IS.RECTIFYING},
           requires=(Requirement(_no_plan_yet, _("The plan already exists.")),),
           done=_("Plan saved: add a measure for every problem, then submit it to the team.")),
    Action("send_report", _("Send the rectification report"), who=access.speaks_for_unit,
           who_text=UNIT, from_states={IS.RECTIFYING},
           requires=(Requirement(reports_owed,
                                 _("Both rectification reports have been sent.")),),
           done=_("Report sent to the discipline organ, HR and the office; each confirms "
                  "receipt. Art 19 asks for both reports.")),
    Action("publish", _("New publication"), who=is_office, who_text=OFFICE,
           from_states={IS.RECTIFYING, IS.CLOSED, IS.ARCHIVED},
           requires=(Requirement(_plan_approved, _("Publish once the plan is approved.")),)),
    Action("close", _("Close the inspection"), who=is_office, who_text=OFFICE,
           from_states={IS.RECTIFYING},
           irreversible=_("Close the inspection? Rectification is over; only archiving "
                          "remains."),
           done=_("Inspection closed: archive its materials next.")),
], visible=access.rectification_inspections)

FB = Feedback.Status
FEEDBACK_ACTIONS = ActionTable(Feedback, [
    Action("edit", _("Edit"), who=access.prepares_feedback, who_text=TEAM_OR_OFFICE,
           from_states={FB.DRAFT}),
    Action("request_consent", _("Ask the party group for consent"),
           who=access.prepares_feedback, who_text=TEAM_OR_OFFICE, from_states={FB.DRAFT},
           requires=(Requirement(
               lambda feedback: PartyHearing.objects.filter(
                   inspection_id=feedback.inspection_id).exists(),
               _("The party group hears the revised report first (Art 17)."),
               code="party_hearing"),),
           done=_("Sent to the party group: feedback can be given once it consents.")),
    Action("consent", _("Consent for the party group"), work=Work.CONSENT,
           who=is_party_group_member,
           who_text=_("the party secretary, or a party-group member for a recorded meeting"),
           from_states={FB.AWAITING_CONSENT},
           done=_("Consent recorded: the team can now give the feedback.")),
    Action("decline", _("Return to the team"), work=Work.CONSENT,
           who=is_party_group_member,
           who_text=_("members of the party group"), from_states={FB.AWAITING_CONSENT},
           done=_("Returned to the team with the party group's comment.")),
    Action("give", _("Record as given at the meeting"), who=access.prepares_feedback,
           who_text=TEAM_OR_OFFICE, from_states={FB.CONSENTED}, work=Work.RECORD,
           irreversible=_("Record the feedback as given? It can no longer be edited and the "
                          "unit is asked to sign for it."),
           done=_("Feedback given: the unit's main leader has been asked to sign for it.")),
    Action("sign_for", _("Sign for the feedback"), work=Work.SIGN_FOR,
           who=access.signs_for_feedback,
           who_text=_("the unit's main leader"), from_states={FB.GIVEN},
           irreversible=_("Sign for the feedback? The 15-day, 1-month and 2-month "
                          "rectification deadlines start today."),
           done=_("Signed for. The 15-day, 1-month and 2-month deadlines have started.")),
], visible=access.feedbacks_visible_to)

PL = RectificationPlan.Status
PLAN_ACTIONS = ActionTable(RectificationPlan, [
    Action("edit", _("Edit"), who=access.speaks_for_plan_unit, who_text=UNIT,
           from_states={PL.DRAFT, PL.RETURNED}),
    Action("submit", _("Submit the plan to the team"), work=Work.DRAFT,
           who=access.speaks_for_plan_unit,
           who_text=UNIT,
           from_states={PL.DRAFT, PL.RETURNED},
           done=_("Plan submitted to the inspection team for review; you will be told the "
                  "result.")),
    Action("approve", _("Approve this version"), work=Work.REVIEW,
           who=access.reviews_plan, who_text=REVIEWERS,
           from_states={PL.SUBMITTED}, unless=access.works_in_plan_unit, unless_text=OWN_UNIT,
           done=_("Plan approved: every measure's due date is now tracked.")),
    Action("return", _("Return with comments"), work=Work.REVIEW,
           who=access.reviews_plan, who_text=REVIEWERS,
           from_states={PL.SUBMITTED}, unless=access.works_in_plan_unit, unless_text=OWN_UNIT,
           done=_("Plan returned to the unit with your comments.")),
], visible=access.plans_visible_to)

IT = RectificationItem.Status
PLAN_IS_APPROVED = Requirement(lambda item: item.plan.status == PL.APPROVED,
                               _("Work on items starts once the plan is approved."))
ITEM_ACTIONS = ActionTable(RectificationItem, [
    Action("start", _("Report: started"), who=access.speaks_for_item_unit, who_text=UNIT,
           from_states={IT.OPEN}, requires=(PLAN_IS_APPROVED,), done=_("Progress recorded.")),
    Action("update", _("Report progress"), who=access.speaks_for_item_unit, who_text=UNIT,
           from_states={IT.IN_PROGRESS, IT.LONG_TERM}, requires=(PLAN_IS_APPROVED,),
           done=_("Progress recorded.")),
    Action("request_closure", _("Done: ask for closure"), work=Work.RECTIFY,
           who=access.speaks_for_item_unit,
           who_text=UNIT, from_states={IT.OPEN, IT.IN_PROGRESS}, requires=(PLAN_IS_APPROVED,),
           done=_("Closure requested: the team checks the evidence and closes the item.")),
    Action("add_evidence", _("Upload"), who=access.speaks_for_item_unit, who_text=UNIT,
           from_states={IT.OPEN, IT.IN_PROGRESS, IT.CLOSURE_REQUESTED, IT.LONG_TERM},
           requires=(PLAN_IS_APPROVED,), done=_("Evidence uploaded.")),
    Action("close", _("Close (销号)"), work=Work.CLOSE,
           who=access.reviews_item, who_text=REVIEWERS,
           from_states={IT.CLOSURE_REQUESTED}, unless=access.works_in_item_unit,
           unless_text=OWN_UNIT,
           irreversible=_("Close this item (销号)? It cannot be reopened, and it leaves the "
                          "list of open items."),
           done=_("Item closed (销号).")),
    Action("long_term", _("Accept as long-term"), work=Work.CLOSE,
           who=access.reviews_item, who_text=REVIEWERS,
           from_states={IT.CLOSURE_REQUESTED}, unless=access.works_in_item_unit,
           unless_text=OWN_UNIT, done=_("Accepted as long-term: the unit keeps reporting.")),
    Action("return", _("Return"), work=Work.CLOSE,
           who=access.reviews_item, who_text=REVIEWERS,
           from_states={IT.CLOSURE_REQUESTED}, unless=access.works_in_item_unit,
           unless_text=OWN_UNIT, done=_("Returned to the unit with what is missing.")),
], visible=access.items_visible_to)

RECEIPT_ACTIONS = ActionTable(ReportReceipt, [
    Action("confirm", _("Confirm receipt"), work=Work.CONFIRM,
           who=access.receives_report_for,
           who_text=_("the recipient named on the receipt"),
           requires=(Requirement(lambda receipt: receipt.received_at is None,
                                 _("Receipt is already confirmed.")),),
           done=_("Receipt confirmed.")),
], visible=access.receipts_visible_to)

PU = Publication.Status
PUBLICATION_ACTIONS = ActionTable(Publication, [
    Action("edit", _("Edit"), who=is_office, who_text=OFFICE, from_states={PU.DRAFT}),
    Action("approve", _("Approve"), who=is_office, who_text=OFFICE, from_states={PU.DRAFT},
           unless=access.drafted_publication,
           unless_text=_("You drafted this publication: another office member approves it."),
           done=_("Publication approved: it can now be published.")),
    Action("publish", _("Mark as published"), who=is_office, who_text=OFFICE,
           from_states={PU.APPROVED}, done=_("Publication recorded as published.")),
], visible=access.publications_visible_to)
