"""Feedback, the unit's meetings and plan, item progress and closure (Art 18–19, 34)."""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OrgUnit, PartyGroupMember, Role, UnitContact, User
from config.actions import memoized
from config.statemachine import (
    check_version,
    locked,
    save_versioned,
    save_with_links,
    stale_error,
    transition,
)
from deadlines import clock
from deadlines.models import Deadline
from deadlines.recipients import office_ids, organ_handler_ids_of_kinds
from deadlines.services import (
    about_title,
    check_chosen_due_date,
    check_happened,
    deadline_create,
    deadline_create_due_on,
    deadline_meet,
    notify,
)
from deadlines.todos import todos_write
from documents.models import DocumentType
from documents.services import document_number_issue
from documents.uploads import sha256_of, validate_upload
from inspections.access import team_member_ids
from inspections.models import Finding, Inspection
from inspections.services.planning import _transition as inspection_transition

from .actions import (
    FEEDBACK_ACTIONS,
    INSPECTION_ACTIONS,
    ITEM_ACTIONS,
    PLAN_ACTIONS,
    PUBLICATION_ACTIONS,
    RECEIPT_ACTIONS,
    reports_owed,
)
from .models import (
    Evidence,
    Feedback,
    PlanSubmission,
    Publication,
    RecheckVerdict,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
    ReportReceipt,
    SpecialMeeting,
    Withholding,
)

EVIDENCE_TYPES = ("pdf", "jpg", "png", "docx", "xlsx")
FB, PL, IT = Feedback.Status, RectificationPlan.Status, RectificationItem.Status
FEEDBACK_TRANSITIONS = {
    (FB.DRAFT, "request_consent"): FB.AWAITING_CONSENT,
    (FB.AWAITING_CONSENT, "consent"): FB.CONSENTED,
    (FB.AWAITING_CONSENT, "decline"): FB.DRAFT,
    (FB.CONSENTED, "give"): FB.GIVEN,
    (FB.GIVEN, "sign_for"): FB.SIGNED_FOR,
}
PLAN_TRANSITIONS = {
    (PL.DRAFT, "submit"): PL.SUBMITTED,
    (PL.RETURNED, "submit"): PL.SUBMITTED,
    (PL.SUBMITTED, "approve"): PL.APPROVED,
    (PL.SUBMITTED, "return"): PL.RETURNED,
}
ITEM_TRANSITIONS = {
    (IT.OPEN, "start"): IT.IN_PROGRESS,
    (IT.OPEN, "request_closure"): IT.CLOSURE_REQUESTED,
    (IT.IN_PROGRESS, "request_closure"): IT.CLOSURE_REQUESTED,
    (IT.CLOSURE_REQUESTED, "close"): IT.CLOSED,
    (IT.CLOSURE_REQUESTED, "return"): IT.IN_PROGRESS,
    (IT.CLOSURE_REQUESTED, "long_term"): IT.LONG_TERM,
    (IT.LONG_TERM, "update"): IT.LONG_TERM,
    (IT.IN_PROGRESS, "update"): IT.IN_PROGRESS,
}
# Art 19: from sign-for, 15 days for the meetings, 1 month for the plan, 2 months for the report.
SIGN_FOR_DEADLINES = [
    (Deadline.Kind.SPECIAL_MEETING, "15d",
     gettext_lazy("Special meeting and democratic life meeting")),
    (Deadline.Kind.RECTIFICATION_PLAN, "1m",
     gettext_lazy("Rectification plan with the three lists")),
    (Deadline.Kind.RECTIFICATION_REPORT, "2m",
     gettext_lazy("Rectification report to the three recipients")),
]


def is_unit_contact(user, inspection, position=None):
    contacts = UnitContact.objects.filter(user=user, unit=inspection.target_unit)
    if position:
        contacts = contacts.filter(position=position)
    return contacts.exists()


_locked = locked


def _tell_unit(inspection, title, url, *, awaits=None, deadline_kind=None):
    notify(users=UnitContact.objects.filter(unit=inspection.target_unit)
           .values_list("user_id", flat=True), title=title, url=url, about=inspection,
           awaits=awaits, deadline_kind=deadline_kind)


# Feedback ---------------------------------------------------------------------------------------

def feedback_attendee_candidates():
    """Art 18: the leadership group and the people of the discipline organs and HR."""
    organs = OrgUnit.objects.receiving_organs().filter(
        organ_kind__in=[OrgUnit.OrganKind.DISCIPLINE, OrgUnit.OrganKind.HR])
    return User.objects.filter(is_active=True).filter(
        models.Q(leadership_membership__isnull=False) | models.Q(org_unit__in=organs)
        | models.Q(organ_handlers__organ__in=organs)).distinct().select_related("org_unit")


def _attendance_gaps(attendees):
    """Who Art 18 requires at the feedback and is missing from the chosen attendees."""
    people = list(attendees)
    ids = [person.pk for person in people]
    gaps = []
    if not User.objects.filter(pk__in=ids, leadership_membership__isnull=False).exists():
        gaps.append(_("a member of the leadership group"))
    for kind, label in [(OrgUnit.OrganKind.DISCIPLINE, _("the discipline inspection organ")),
                        (OrgUnit.OrganKind.HR, _("the HR department"))]:
        if not User.objects.filter(pk__in=ids).filter(
                models.Q(org_unit__organ_kind=kind, org_unit__is_receiving_organ=True)
                | models.Q(organ_handlers__organ__organ_kind=kind)).exists():
            gaps.append(label)
    return gaps


def feedback_save(*, inspection, by, audience, body, findings, meeting_on, attendees,
                  other_attendees="", feedback=None, expected_version=None):
    if feedback is None:
        INSPECTION_ACTIONS.ensure_can(by, "prepare_feedback", inspection)
    else:
        FEEDBACK_ACTIONS.ensure_can(by, "edit", feedback)
    findings, attendees = list(findings), list(attendees)
    if any(f.inspection_id != inspection.pk or f.status != Finding.Status.APPROVED
           for f in findings):
        raise ValidationError({"findings": _("Feed back approved findings of this inspection "
                                             "only.")})
    candidates = set(feedback_attendee_candidates().values_list("pk", flat=True))
    if any(person.pk not in candidates for person in attendees):
        raise ValidationError({"attendees": _(
            "Choose attendees from the leadership group, the discipline organ and HR; write "
            "anyone else under other attendees.")})
    with transaction.atomic():
        if feedback is None:
            feedback = Feedback(inspection=inspection, created_by=by)
        else:
            feedback = _locked(feedback)
            if feedback.status != FB.DRAFT:
                raise ValidationError(_("Feedback put to the party group cannot be edited."))
            check_version(feedback, expected_version)
        feedback.audience, feedback.body, feedback.meeting_on = audience, body, meeting_on
        feedback.other_attendees = other_attendees
        save_with_links(feedback, by=by, reason="save",
                        links={"findings": findings, "attendees": attendees})
    return feedback


def _party_group_user_ids():
    return PartyGroupMember.objects.values_list("user_id", flat=True)


def feedback_request_consent(*, feedback, by, expected_version):
    """Art 18: feedback waits for the party group's consent, recorded in the system."""
    FEEDBACK_ACTIONS.ensure_can(by, "request_consent", feedback)
    with transaction.atomic():
        feedback = _locked(feedback)
        if not feedback.findings.exists():
            raise ValidationError(_("The feedback names no problems."))
        feedback.consent_requested_at, feedback.consent_requested_by = clock.now(), by
        feedback.consent_comment = ""
        transition(feedback, "request_consent", FEEDBACK_TRANSITIONS, by=by,
                   expected_version=expected_version)
        notify(users=_party_group_user_ids(), url=feedback.get_absolute_url(),
               title=_("feedback awaits the party group's consent"), about=feedback.inspection,
               awaits=(FEEDBACK_ACTIONS, "consent", feedback))
    return feedback


@transaction.atomic
def feedback_consent(*, feedback, by, meeting, expected_version):
    """The secretary consents for the party group, or a member records the meeting's decision."""
    FEEDBACK_ACTIONS.ensure_can(by, "consent", feedback)
    meeting = meeting.strip()
    if not meeting and not by.party_group_membership.is_secretary:
        raise ValidationError({"meeting": _(
            "Name the party group meeting whose decision you record; only the secretary "
            "consents without one.")})
    with transaction.atomic():
        feedback = _locked(feedback)
        feedback.consent_by, feedback.consent_at = by, clock.now()
        feedback.consent_meeting = meeting
        transition(feedback, "consent", FEEDBACK_TRANSITIONS, by=by,
                   expected_version=expected_version, reason=meeting)
        # The one who asked, or the leader now if they have left the team since.
        notify(users={feedback.consent_requested_by_id,
                      *team_member_ids(feedback.inspection, "leader")},
               url=feedback.get_absolute_url(),
               title=_("the party group consented to the feedback to %(audience)s: give it at "
                       "the feedback meeting") % {"audience": feedback.get_audience_display()},
               about=feedback.inspection, awaits=(FEEDBACK_ACTIONS, "give", feedback))
    return feedback


@transaction.atomic
def feedback_decline(*, feedback, by, comment, expected_version):
    FEEDBACK_ACTIONS.ensure_can(by, "decline", feedback)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the team must change.")})
    with transaction.atomic():
        feedback = _locked(feedback)
        feedback.consent_comment = comment.strip()
        transition(feedback, "decline", FEEDBACK_TRANSITIONS, by=by,
                   expected_version=expected_version, reason=comment.strip())
        notify(users=[feedback.consent_requested_by_id], url=feedback.get_absolute_url(),
               title=_("the party group returned the feedback to %(audience)s")
               % {"audience": feedback.get_audience_display()}, about=feedback.inspection)
    return feedback


def feedback_give(*, feedback, by, expected_version):
    """Art 18: given at the feedback meeting, after consent, with the required attendees."""
    with transaction.atomic():
        FEEDBACK_ACTIONS.ensure_can(by, "give", feedback)
        feedback = _locked(feedback)
        if gaps := _attendance_gaps(feedback.attendees.all()):
            raise ValidationError(_("Art 18 requires at the feedback: %(who)s. Add them to the "
                                    "attendees.") % {"who": "、".join(str(g) for g in gaps)},
                                  code="attendance")
        inspection = _locked(feedback.inspection)
        if inspection.status not in {Inspection.Status.HEARD, Inspection.Status.FEEDBACK_GIVEN}:
            raise ValidationError(_("Feedback is prepared after the leadership group has heard "
                                    "the report."), code="not_heard")
        feedback.document_number = document_number_issue(
            doc_type=DocumentType.FEEDBACK, year=feedback.meeting_on.year)
        transition(feedback, "give", FEEDBACK_TRANSITIONS, by=by,
                   expected_version=expected_version)
        if inspection.status == Inspection.Status.HEARD:
            inspection_transition(inspection, "give_feedback", by=by, reason=str(feedback))
        _tell_unit(inspection, _("inspection feedback to sign for"), feedback.get_absolute_url(),
                   awaits=(FEEDBACK_ACTIONS, "sign_for", feedback))
    return feedback


def feedback_sign_for(*, feedback, by, expected_version):
    """The main leader signs for it; the leadership team's feedback starts three deadlines."""
    with transaction.atomic():
        FEEDBACK_ACTIONS.ensure_can(by, "sign_for", feedback)
        feedback = _locked(feedback)
        feedback.signed_for_at, feedback.signed_for_by = clock.now(), by
        transition(feedback, "sign_for", FEEDBACK_TRANSITIONS, by=by,
                   expected_version=expected_version)
        inspection = _locked(feedback.inspection)
        if feedback.audience == Feedback.Audience.LEADERSHIP:
            inspection_transition(inspection, "sign_for", by=by, reason="feedback signed for")
            signed_on = timezone.localdate(feedback.signed_for_at)
            for kind, rule, title in SIGN_FOR_DEADLINES:
                deadline_create(kind=kind, subject=inspection, inspection=inspection, by=by,
                                title=f"{inspection.target_unit}：{title}", start_on=signed_on,
                                rule=rule, unit=inspection.target_unit)
            _tell_unit(inspection, _("feedback signed for: draw up the rectification plan "
                                     "within one month"),
                       reverse("rectification:overview", args=[inspection.pk]),
                       awaits=(INSPECTION_ACTIONS, "write_plan", inspection),
                       deadline_kind=Deadline.Kind.RECTIFICATION_PLAN)
    return feedback


def _signed_for(inspection):
    return Feedback.objects.filter(inspection=inspection, audience=Feedback.Audience.LEADERSHIP,
                                   status=FB.SIGNED_FOR).exists()


# Meetings (15 days) -----------------------------------------------------------------------------

def special_meeting_record(*, inspection, by, kind, held_on, participants, minutes, file=None):
    INSPECTION_ACTIONS.ensure_can(by, "record_meeting", inspection)
    check_happened(held_on, field="held_on")
    if file is not None:
        validate_upload(file, allowed=EVIDENCE_TYPES)
    with transaction.atomic():
        meeting = SpecialMeeting(inspection=inspection, kind=kind, held_on=held_on,
                                 participants=participants, minutes=minutes, recorded_by=by,
                                 sha256=sha256_of(file) if file is not None else "")
        meeting.full_clean(exclude=["file"])
        save_with_links(meeting, by=by, reason="record_meeting", clean=False,
                        files={"file": file})
        meetings = SpecialMeeting.objects.filter(inspection=inspection)
        kinds = set(meetings.values_list("kind", flat=True))
        life = {SpecialMeeting.Kind.DEMOCRATIC_LIFE, SpecialMeeting.Kind.ORGANISATIONAL_LIFE}
        if SpecialMeeting.Kind.SPECIAL in kinds and kinds & life:
            last = max(meetings.values_list("held_on", flat=True))
            deadline_meet(subject=inspection, kind=Deadline.Kind.SPECIAL_MEETING, by=by, on=last)
    return meeting


# Plan (1 month) ---------------------------------------------------------------------------------

def fed_back_findings(inspection):
    return Finding.objects.filter(feedbacks__inspection=inspection,
                                  feedbacks__status=FB.SIGNED_FOR).distinct()


@transaction.atomic
def plan_save(*, inspection, by, summary, plan=None, expected_version=None):
    if plan is None:
        INSPECTION_ACTIONS.ensure_can(by, "write_plan", inspection)
    else:
        PLAN_ACTIONS.ensure_can(by, "edit", plan)
    with transaction.atomic():
        if plan is not None:
            plan = _locked(plan)
            if not plan.is_editable():
                raise ValidationError(_("A submitted or approved plan cannot be edited."))
            check_version(plan, expected_version)
            plan.summary = summary
            return save_versioned(plan, by=by, reason="save")
        plan = save_versioned(RectificationPlan(inspection=inspection, summary=summary), by=by,
                              reason="save")
        # Drawing up settled "write the plan"; submitting the draft is the unit's next work,
        # against the same one-month deadline.
        todos_write(users=UnitContact.objects.filter(unit=inspection.target_unit)
                    .values_list("user_id", flat=True), table=PLAN_ACTIONS, action="submit",
                    obj=plan, url=plan.get_absolute_url(), title=about_title(
                        _("rectification plan drafted: a measure for every problem, then "
                          "submit it to the team"), inspection),
                    deadline_kind=Deadline.Kind.RECTIFICATION_PLAN, deadline_of=inspection)
        return plan


def plan_item_save(*, plan, by, finding, measure, due_on, responsible_leader,
                   responsible_department, item=None, expected_version=None):
    PLAN_ACTIONS.ensure_can(by, "edit", plan)
    if item is not None and item.plan_id != plan.pk:
        raise ValidationError(_("The item belongs to another plan."), code="wrong_plan")
    if not fed_back_findings(plan.inspection).filter(pk=finding.pk).exists():
        raise ValidationError({"finding": _("Choose a problem from the signed-for feedback.")})
    check_chosen_due_date(due_on, field="due_on", earliest=clock.today() + timedelta(days=1))
    with transaction.atomic():
        plan = _locked(plan)
        if not plan.is_editable():
            raise ValidationError(_("A submitted or approved plan cannot be edited."))
        if item is None:
            item = RectificationItem(plan=plan)
        else:
            item = _locked(item)
            check_version(item, expected_version)
        item.finding, item.measure, item.due_on = finding, measure, due_on
        item.responsible_leader = responsible_leader
        item.responsible_department = responsible_department
        save_versioned(item, by=by, reason="save")
        save_versioned(plan, by=by, reason="items changed", clean=False)
    return item


def plan_coverage_gaps(plan):
    """问题清单 coverage: every problem fed back needs at least one measure."""
    return list(fed_back_findings(plan.inspection).exclude(rectification_items__plan=plan))


def _snapshot(plan):
    return {"summary": plan.summary, "items": [
        {"id": i.pk, "problem": i.finding.title, "measure": i.measure, "due_on": str(i.due_on),
         "leader": i.responsible_leader, "department": i.responsible_department}
        for i in plan.items.select_related("finding")]}


def plan_submit(*, plan, by, expected_version):
    with transaction.atomic():
        PLAN_ACTIONS.ensure_can(by, "submit", plan)
        plan = _locked(plan)
        if gaps := plan_coverage_gaps(plan):
            raise ValidationError(
                [ValidationError(_("No measure yet for the problem “%(title)s”.")
                                 % {"title": f.title}, code="coverage") for f in gaps])
        transition(plan, "submit", PLAN_TRANSITIONS, by=by, expected_version=expected_version)
        PlanSubmission.objects.create(plan=plan, plan_version=plan.version,
                                      snapshot=_snapshot(plan), submitted_at=clock.now(),
                                      submitted_by=by)
        deadline_meet(subject=plan.inspection, kind=Deadline.Kind.RECTIFICATION_PLAN, by=by)
        submissions = plan.submissions.count()
        notify(users={*team_member_ids(plan.inspection, "leader", "deputy"), *office_ids()},
               title=_("rectification plan submitted: the team reviews it") if submissions == 1
               else _("rectification plan resubmitted (version %(count)s): the team reviews it")
               % {"count": submissions},
               url=plan.get_absolute_url(), about=plan.inspection,
               awaits=(PLAN_ACTIONS, "approve", plan))
    return plan


def _ensure_due_dates_ahead(plan):
    """Approval starts each item's deadline on the day the unit chose; a day that has passed
    since the plan was written, or became a rest day, goes back to the unit."""
    tomorrow, problems = clock.today() + timedelta(days=1), []
    for item in plan.items.all():
        try:
            check_chosen_due_date(item.due_on, field="due_on", earliest=tomorrow)
        except ValidationError as error:
            problems += [_("“%(measure)s”: %(problem)s") % {"measure": item.measure[:40],
                                                            "problem": message}
                         for message in error.messages]
    if problems:
        raise ValidationError([_("Return the plan: some due dates can no longer be kept.")]
                              + problems, code="due_dates")


@transaction.atomic
def plan_review(*, plan, by, action, comment, expected_version, item_comments=None):
    """The team approves the exact submitted version, or returns it with comments per item."""
    PLAN_ACTIONS.ensure_can(by, action, plan)
    if action == "return" and not (comment.strip() or any((item_comments or {}).values())):
        raise ValidationError({"comment": _("Say what the unit must change.")})
    with transaction.atomic():
        plan = _locked(plan)
        plan.review_comment = comment.strip()
        if action == "approve":
            _ensure_due_dates_ahead(plan)
            plan.approved_version, plan.approved_by = plan.version, by
            plan.approved_at = clock.now()
        for item in plan.items.all():
            note = (item_comments or {}).get(item.pk, "").strip()
            if note != item.review_comment:
                item.review_comment = note
                save_versioned(item, by=by, reason="review comment", clean=False)
        transition(plan, action, PLAN_TRANSITIONS, by=by, expected_version=expected_version,
                   reason=comment.strip() or action)
        if action == "approve":
            for item in plan.items.all():
                deadline_create_due_on(kind=Deadline.Kind.ITEM_DUE, subject=item,
                                       inspection=plan.inspection, by=by,
                                       title=item.measure[:100], due_on=item.due_on,
                                       unit=plan.inspection.target_unit)
        if action == "approve":
            _tell_unit(plan.inspection, _("rectification plan approved"),
                       plan.get_absolute_url())
        else:
            _tell_unit(plan.inspection, _("rectification plan returned: revise and resubmit it"),
                       plan.get_absolute_url(), awaits=(PLAN_ACTIONS, "submit", plan))
    return plan


# Items ------------------------------------------------------------------------------------------

def item_report(*, item, by, action, progress, expected_version):
    """The unit reports progress or asks for closure; it never closes its own item."""
    if action not in {"start", "update", "request_closure"}:
        raise ValidationError(_("Only the team or the office closes an item."),
                              code="unit_cannot_close")
    with transaction.atomic():
        ITEM_ACTIONS.ensure_can(by, action, item)
        item = _locked(item)
        item.progress = progress.strip() or item.progress
        transition(item, action, ITEM_TRANSITIONS, by=by, expected_version=expected_version,
                   reason=action)
        if action == "request_closure":
            notify(users={*team_member_ids(item.plan.inspection, "leader", "deputy"),
                          *office_ids()},
                   title=_("closure requested for “%(measure)s”: check the evidence")
                   % {"measure": item.measure[:40]}, url=item.get_absolute_url(),
                   about=item.plan.inspection, awaits=(ITEM_ACTIONS, "close", item),
                   dated=False)
    return item


@transaction.atomic
def item_decide(*, item, by, action, comment, expected_version):
    """销号 by the team or office; or return with a comment; or accept as long-term."""
    if action not in {"close", "long_term", "return"}:
        raise ValidationError(_("Unknown decision."))
    ITEM_ACTIONS.ensure_can(by, action, item)
    if action == "return" and not comment.strip():
        raise ValidationError({"comment": _("Say what is still missing.")})
    with transaction.atomic():
        item = _locked(item)
        item.review_comment = comment.strip()
        transition(item, action, ITEM_TRANSITIONS, by=by, expected_version=expected_version,
                   reason=comment.strip() or action)
        if action in {"close", "long_term"}:
            deadline_meet(subject=item, kind=Deadline.Kind.ITEM_DUE, by=by)
        else:
            _tell_unit(item.plan.inspection,
                       _("“%(measure)s” was returned: %(comment)s")
                       % {"measure": item.measure[:40], "comment": comment.strip()[:60]},
                       item.get_absolute_url(), awaits=(ITEM_ACTIONS, "request_closure", item))
    return item


def evidence_add(*, item, by, upload):
    ITEM_ACTIONS.ensure_can(by, "add_evidence", item)
    if RectificationItem.objects.filter(pk=item.pk, status=IT.CLOSED).exists():
        raise ValidationError(_("The item is closed: its evidence is final."))
    validate_upload(upload, allowed=EVIDENCE_TYPES)
    with transaction.atomic():
        item = _locked(item)
        previous = item.evidence.filter(name=upload.name[:200], replaced_by__isnull=True).first()
        evidence = Evidence(item=item, name=upload.name[:200], sha256=sha256_of(upload),
                            size=upload.size, uploaded_by=by, replaces=previous)
        evidence.file.save(upload.name, upload, save=False)
        evidence._history_user = by
        evidence.save()
    return evidence


def inspection_close(*, inspection, by, expected_version=None):
    """The office closes the inspection once every item is closed or accepted as long-term."""
    INSPECTION_ACTIONS.ensure_can(by, "close", inspection)
    with transaction.atomic():
        inspection = _locked(inspection)
        if not RectificationPlan.objects.filter(inspection=inspection,
                                                status=PL.APPROVED).exists():
            raise ValidationError(_("The rectification plan has not been approved."))
        if missing := reports_owed(inspection):
            raise ValidationError(_("Not yet sent (Art 19): %(reports)s.") % {
                "reports": "、".join(str(kind.label) for kind in missing)})
        open_items = RectificationItem.objects.filter(plan__inspection=inspection).exclude(
            status__in=[IT.CLOSED, IT.LONG_TERM]).count()
        if open_items:
            raise ValidationError(_("%(count)s items are not closed yet.") % {"count": open_items})
        inspection_transition(inspection, "close", by=by, reason="rectification closed",
                              expected_version=expected_version)
    return inspection


# Report (2 months) and its three receipts -------------------------------------------------------

def report_submit(*, inspection, by, kind, body, file=None):
    """One of the two reports of Art 19, to all three recipients at once; each confirms
    receipt separately. The 2-month deadline is met when both have been sent."""
    INSPECTION_ACTIONS.ensure_can(by, "send_report", inspection)
    if file is not None:
        validate_upload(file, allowed=("pdf",))
    with transaction.atomic():
        inspection = _locked(inspection)  # two contacts sending the same report at once
        if kind not in reports_owed(inspection):
            raise ValidationError({"kind": _("This report has already been sent.")})
        report = RectificationReport(inspection=inspection, kind=kind, body=body,
                                     submitted_at=clock.now(), submitted_by=by)
        report.full_clean(exclude=["file"])
        save_with_links(report, by=by, reason="send_report", clean=False, files={"file": file})
        if not reports_owed(inspection):
            deadline_meet(subject=inspection, kind=Deadline.Kind.RECTIFICATION_REPORT, by=by)
        name = report.get_kind_display()
        for recipient in ReportReceipt.Recipient.values:
            receipt = ReportReceipt.objects.create(report=report, recipient=recipient)
            receivers = office_ids() if recipient == ReportReceipt.Recipient.OFFICE \
                else organ_handler_ids_of_kinds(recipient)
            notify(users=receivers, url=report.get_absolute_url(), about=inspection,
                   title=_("the %(report)s arrived: confirm receipt (%(who)s)")
                   % {"report": name, "who": receipt.get_recipient_display()},
                   awaits=(RECEIPT_ACTIONS, "confirm", receipt))
        notify(users=team_member_ids(inspection, "leader", "deputy"),
               url=report.get_absolute_url(), about=inspection,
               title=_("the unit sent its %(report)s") % {"report": name})
    return report


def receipt_recipients(user):
    """The recipient kinds this user confirms: handlers of discipline/HR organs, the office.
    The roles (read with the user's groups) come first, so most readers cost no query."""
    kinds = set()
    if user.has_role(Role.ORGAN_HANDLER):
        kinds |= _handled_organ_kinds(user) & {ReportReceipt.Recipient.DISCIPLINE,
                                                ReportReceipt.Recipient.HR}
    if user.has_role(Role.OFFICE):
        kinds.add(ReportReceipt.Recipient.OFFICE)
    return kinds


@memoized
def _handled_organ_kinds(user):
    from accounts.models import OrganHandler

    return set(OrganHandler.objects.filter(user=user).values_list("organ__organ_kind",
                                                                    flat=True))


def receipt_confirm(*, receipt, by):
    with transaction.atomic():
        RECEIPT_ACTIONS.ensure_can(by, "confirm", receipt)
        receipt = _locked(receipt)
        if receipt.received_at is None:
            receipt.received_at, receipt.received_by = clock.now(), by
            receipt._history_user = by
            receipt.save()
    return receipt


def report_gaps(report):
    """Recipients without a receipt, or whose receipt came after the 2-month due date."""
    deadline = Deadline.objects.filter(inspection=report.inspection,
                                       kind=Deadline.Kind.RECTIFICATION_REPORT).first()
    gaps = []
    for receipt in report.receipts.all():
        if receipt.received_at is None:
            gaps.append((receipt, _("not received")))
        elif deadline and timezone.localdate(receipt.received_at) > deadline.due_on:
            gaps.append((receipt, _("received after the due date")))
    return gaps


# Publication (Art 23) ---------------------------------------------------------------------------

PU = Publication.Status
PUBLICATION_TRANSITIONS = {
    (PU.DRAFT, "approve"): PU.APPROVED,
    (PU.APPROVED, "publish"): PU.PUBLISHED,
}
REDACTION = re.compile(r"\[\[(.+?)\]\]")


def redact(text):
    """[[张三]] → 张某: the surname stays, as Chinese public notices write it."""
    return REDACTION.sub(lambda m: m.group(1)[:1] + "某", text)


def public_preview(publication):
    """Exactly what goes public: the redacted text and the items not withheld."""
    withheld = set(publication.withholdings.values_list("item_id", flat=True))
    items = RectificationItem.objects.filter(
        plan__inspection=publication.inspection, plan__status=PL.APPROVED
    ).exclude(pk__in=withheld).select_related("finding")
    return {
        "title": redact(publication.title), "text": redact(publication.text),
        "items": [{"problem": redact(i.finding.title), "measure": redact(i.measure),
                   "status": i.get_status_display()} for i in items],
    }


def publication_save(*, inspection, by, channel, title, text, publication=None,
                     expected_version=None):
    if publication is None:
        INSPECTION_ACTIONS.ensure_can(by, "publish", inspection)
    else:
        PUBLICATION_ACTIONS.ensure_can(by, "edit", publication)
    with transaction.atomic():
        if publication is None:
            publication = Publication(inspection=inspection, created_by=by)
        else:
            publication = _locked(publication)
            if publication.status != PU.DRAFT:
                raise ValidationError(_("An approved publication cannot be edited."))
            check_version(publication, expected_version)
        publication.channel, publication.title, publication.text = channel, title, text
        return save_versioned(publication, by=by, reason="save")


def publication_withhold(*, publication, by, item, reason, note):
    PUBLICATION_ACTIONS.ensure_can(by, "edit", publication)
    if not note.strip():
        raise ValidationError({"note": _("Say why this item is withheld.")})
    if publication.status != PU.DRAFT:
        raise ValidationError(_("An approved publication cannot be edited."))
    if item.plan.inspection_id != publication.inspection_id:
        raise ValidationError(_("The item belongs to another inspection."))
    with transaction.atomic():
        withholding = Withholding(publication=publication, item=item, reason=reason,
                                  note=note.strip())
        withholding._history_user = by
        withholding.full_clean()
        withholding.save()
    return withholding


def publication_approve(*, publication, by, expected_version):
    PUBLICATION_ACTIONS.ensure_can(by, "approve", publication)
    with transaction.atomic():
        publication = _locked(publication)
        publication.approved_by = by
        transition(publication, "approve", PUBLICATION_TRANSITIONS, by=by,
                   expected_version=expected_version)
    return publication


def publication_publish(*, publication, by, published_on, expected_version):
    PUBLICATION_ACTIONS.ensure_can(by, "publish", publication)
    with transaction.atomic():
        publication = _locked(publication)
        publication.published_on = published_on
        transition(publication, "publish", PUBLICATION_TRANSITIONS, by=by,
                   expected_version=expected_version)
    return publication


# 回头看 (Art 13) ------------------------------------------------------------------------------

def recheck_items(inspection):
    """The items of the inspection a follow-up re-checks, each with the verdict recorded so far
    (`verdict`, or None), in the order of their findings."""
    if inspection.rechecks_id is None:
        return []
    verdicts = {v.item_id: v for v in RecheckVerdict.objects.filter(
        inspection=inspection).select_related("recorded_by")}
    items = list(RectificationItem.objects.filter(
        plan__inspection=inspection.rechecks_id).select_related("finding").order_by(
        "finding__content_area", "finding_id", "pk"))
    for item in items:
        item.verdict = verdicts.get(item.pk)
    return items


def recheck_record(*, inspection, item, by, verdict, note="", expected_version=None):
    """The follow-up team's verdict on one item of the earlier inspection; recording it again
    replaces the verdict (`expected_version`: the verdict's version the member saw, None for a
    first one), with the earlier one kept in the history."""
    with transaction.atomic():
        INSPECTION_ACTIONS.ensure_can(by, "record_recheck", inspection)
        if item.plan.inspection_id != inspection.rechecks_id:
            raise ValidationError(_("The item belongs to another inspection than the one this "
                                    "follow-up re-checks."), code="other_inspection")
        if verdict != RecheckVerdict.Verdict.DONE and not note.strip():
            raise ValidationError({"note": _("Say what the team found.")}, code="required")
        current = RecheckVerdict.objects.select_for_update().filter(
            inspection=inspection, item=item).first()
        if current is None:
            if expected_version is not None:  # the verdict the page showed is gone
                raise stale_error()
            current = RecheckVerdict(inspection=inspection, item=item)
        elif expected_version is None:
            # Another member recorded the first verdict since this page was drawn.
            raise stale_error()
        current.verdict, current.note = verdict, note.strip()
        current.recorded_by, current.recorded_at = by, clock.now()
        try:
            with transaction.atomic():
                return save_versioned(current, by=by, reason="record_recheck",
                                      expected_version=expected_version)
        except IntegrityError:
            # Two first verdicts at once: the second is told, not shown a 500.
            raise stale_error() from None
