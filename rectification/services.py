"""Feedback, the unit's meetings and plan, item progress and closure (Art 18–19, 34)."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import UnitContact
from config.statemachine import stale_error, transition
from deadlines import clock
from deadlines.models import Deadline, Notification
from deadlines.services import deadline_create, deadline_meet
from documents.uploads import sha256_of, validate_upload
from inspections.models import Finding, Inspection
from inspections.services.planning import _transition as inspection_transition

from .models import (
    Evidence,
    Feedback,
    PlanSubmission,
    Publication,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
    ReportReceipt,
    SpecialMeeting,
    Withholding,
)

EVIDENCE_TYPES = ("pdf", "jpg", "png", "docx", "xlsx")
FB, PL, IT = Feedback.Status, RectificationPlan.Status, RectificationItem.Status
FEEDBACK_TRANSITIONS = {(FB.DRAFT, "give"): FB.GIVEN, (FB.GIVEN, "sign_for"): FB.SIGNED_FOR}
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


def _locked(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _tell_unit(inspection, title, url):
    Notification.objects.bulk_create([
        Notification(recipient_id=uid, title=title[:200], url=url)
        for uid in UnitContact.objects.filter(unit=inspection.target_unit)
        .values_list("user_id", flat=True)])


# Feedback ---------------------------------------------------------------------------------------

def feedback_save(*, inspection, by, audience, body, findings, party_group_consent, meeting_on,
                  attendees, feedback=None, expected_version=None):
    findings = list(findings)
    # Art 18: feedback follows the leadership group's hearing of the report.
    if inspection.status not in {Inspection.Status.HEARD, Inspection.Status.FEEDBACK_GIVEN}:
        raise ValidationError(_("Feedback is prepared after the leadership group has heard "
                                "the report."), code="not_heard")
    if any(f.inspection_id != inspection.pk or f.status != Finding.Status.APPROVED
           for f in findings):
        raise ValidationError({"findings": _("Feed back approved findings of this inspection "
                                             "only.")})
    with transaction.atomic():
        if feedback is None:
            feedback = Feedback(inspection=inspection, created_by=by)
        else:
            feedback = _locked(feedback)
            if feedback.status != FB.DRAFT:
                raise ValidationError(_("Feedback already given cannot be edited."))
            if expected_version is not None and feedback.version != expected_version:
                raise stale_error()
            feedback.version += 1
        feedback.audience, feedback.body, feedback.meeting_on = audience, body, meeting_on
        feedback.party_group_consent, feedback.attendees = party_group_consent, attendees
        feedback._history_user = by
        feedback.full_clean()
        feedback.save()
        feedback.findings.set(findings)
    return feedback


def feedback_give(*, feedback, by, expected_version):
    """Art 18: given only with the party group's consent on record, at a meeting."""
    with transaction.atomic():
        feedback = _locked(feedback)
        if not feedback.party_group_consent.strip():
            raise ValidationError(_("Record the party group's consent first (Art 18)."))
        if not feedback.findings.exists():
            raise ValidationError(_("The feedback names no problems."))
        inspection = Inspection.objects.select_for_update().get(pk=feedback.inspection_id)
        if inspection.status not in {Inspection.Status.HEARD, Inspection.Status.FEEDBACK_GIVEN}:
            raise ValidationError(_("Feedback is prepared after the leadership group has heard "
                                    "the report."), code="not_heard")
        transition(feedback, "give", FEEDBACK_TRANSITIONS, by=by,
                   expected_version=expected_version)
        if inspection.status == Inspection.Status.HEARD:
            inspection_transition(inspection, "give_feedback", by=by, reason=str(feedback))
        _tell_unit(inspection, _("Inspection feedback to sign for"), feedback.get_absolute_url())
    return feedback


def feedback_sign_for(*, feedback, by, expected_version):
    """The main leader signs for it; the leadership team's feedback starts three deadlines."""
    if not is_unit_contact(by, feedback.inspection, UnitContact.Position.MAIN_LEADER):
        raise ValidationError(_("Only the unit's main leader signs for the feedback."),
                              code="not_main_leader")
    with transaction.atomic():
        feedback = _locked(feedback)
        feedback.signed_for_at, feedback.signed_for_by = clock.now(), by
        transition(feedback, "sign_for", FEEDBACK_TRANSITIONS, by=by,
                   expected_version=expected_version)
        inspection = Inspection.objects.select_for_update().get(pk=feedback.inspection_id)
        if feedback.audience == Feedback.Audience.LEADERSHIP:
            inspection_transition(inspection, "sign_for", by=by, reason="feedback signed for")
            signed_on = timezone.localdate(feedback.signed_for_at)
            for kind, rule, title in SIGN_FOR_DEADLINES:
                deadline_create(kind=kind, subject=inspection, inspection=inspection, by=by,
                                title=f"{inspection.target_unit}：{title}", start_on=signed_on,
                                rule=rule, unit=inspection.target_unit)
    return feedback


def _signed_for(inspection):
    return Feedback.objects.filter(inspection=inspection, audience=Feedback.Audience.LEADERSHIP,
                                   status=FB.SIGNED_FOR).exists()


def _ensure_unit(by, inspection):
    if not is_unit_contact(by, inspection):
        raise ValidationError(_("Only the unit's own contacts can do this."), code="not_unit")
    if not _signed_for(inspection):
        raise ValidationError(_("The feedback has not been signed for yet."))


# Meetings (15 days) -----------------------------------------------------------------------------

def special_meeting_record(*, inspection, by, kind, held_on, participants, minutes, file=None):
    _ensure_unit(by, inspection)
    if file is not None:
        validate_upload(file, allowed=EVIDENCE_TYPES)
    with transaction.atomic():
        meeting = SpecialMeeting(inspection=inspection, kind=kind, held_on=held_on,
                                 participants=participants, minutes=minutes, recorded_by=by,
                                 sha256=sha256_of(file) if file is not None else "")
        meeting._history_user = by
        meeting.full_clean(exclude=["file"])
        meeting.save()
        if file is not None:
            meeting.file.save(file.name, file)
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


def plan_save(*, inspection, by, summary, plan=None, expected_version=None):
    _ensure_unit(by, inspection)
    with transaction.atomic():
        if plan is None:
            plan = RectificationPlan(inspection=inspection, summary=summary)
        else:
            plan = _locked(plan)
            if not plan.is_editable():
                raise ValidationError(_("A submitted or approved plan cannot be edited."))
            if expected_version is not None and plan.version != expected_version:
                raise stale_error()
            plan.summary, plan.version = summary, plan.version + 1
        plan._history_user = by
        plan.full_clean()
        plan.save()
    return plan


def plan_item_save(*, plan, by, finding, measure, due_on, responsible_leader,
                   responsible_department, item=None, expected_version=None):
    _ensure_unit(by, plan.inspection)
    if item is not None and item.plan_id != plan.pk:
        raise ValidationError(_("The item belongs to another plan."), code="wrong_plan")
    if not fed_back_findings(plan.inspection).filter(pk=finding.pk).exists():
        raise ValidationError({"finding": _("Choose a problem from the signed-for feedback.")})
    with transaction.atomic():
        plan = _locked(plan)
        if not plan.is_editable():
            raise ValidationError(_("A submitted or approved plan cannot be edited."))
        if item is None:
            item = RectificationItem(plan=plan)
        else:
            item = _locked(item)
            if expected_version is not None and item.version != expected_version:
                raise stale_error()
            item.version += 1
        item.finding, item.measure, item.due_on = finding, measure, due_on
        item.responsible_leader = responsible_leader
        item.responsible_department = responsible_department
        item._history_user = by
        item.full_clean()
        item.save()
        plan.version += 1
        plan._history_user, plan._change_reason = by, "items changed"
        plan.save()
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
    _ensure_unit(by, plan.inspection)
    with transaction.atomic():
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
    return plan


def can_review(user, inspection):
    from inspections.access import is_office

    return is_office(user) or user.has_perm("inspections.review_rectification", inspection)


def plan_review(*, plan, by, action, comment, expected_version, item_comments=None):
    """The team approves the exact submitted version, or returns it with comments per item."""
    # Nobody reviews their own unit's plan, even holding an office or team role too.
    if not can_review(by, plan.inspection) or is_unit_contact(by, plan.inspection):
        raise ValidationError(_("Only the inspection team or the office reviews the plan."))
    if action == "return" and not (comment.strip() or any((item_comments or {}).values())):
        raise ValidationError({"comment": _("Say what the unit must change.")})
    with transaction.atomic():
        plan = _locked(plan)
        plan.review_comment = comment.strip()
        if action == "approve":
            plan.approved_version, plan.approved_by = plan.version, by
            plan.approved_at = clock.now()
        for item in plan.items.all():
            note = (item_comments or {}).get(item.pk, "").strip()
            if note != item.review_comment:
                item.review_comment, item.version = note, item.version + 1
                item._history_user = by
                item.save()
        transition(plan, action, PLAN_TRANSITIONS, by=by, expected_version=expected_version,
                   reason=comment.strip() or action)
        if action == "approve":
            today = clock.today()
            for item in plan.items.all():
                deadline_create(kind=Deadline.Kind.ITEM_DUE, subject=item,
                                inspection=plan.inspection, by=by, title=item.measure[:100],
                                start_on=today, rule=f"{max((item.due_on - today).days, 1)}d",
                                unit=plan.inspection.target_unit)
        _tell_unit(plan.inspection, _("Rectification plan approved") if action == "approve"
                   else _("Rectification plan returned"), plan.get_absolute_url())
    return plan


# Items ------------------------------------------------------------------------------------------

def item_report(*, item, by, action, progress, expected_version):
    """The unit reports progress or asks for closure; it never closes its own item."""
    _ensure_unit(by, item.plan.inspection)
    if item.plan.status != PL.APPROVED:
        raise ValidationError(_("Work on items starts once the plan is approved."))
    if action not in {"start", "update", "request_closure"}:
        raise ValidationError(_("Only the team or the office closes an item."),
                              code="unit_cannot_close")
    with transaction.atomic():
        item = _locked(item)
        item.progress = progress.strip() or item.progress
        transition(item, action, ITEM_TRANSITIONS, by=by, expected_version=expected_version,
                   reason=action)
    return item


def item_decide(*, item, by, action, comment, expected_version):
    """销号 by the team or office; or return with a comment; or accept as long-term."""
    if not can_review(by, item.plan.inspection) or is_unit_contact(by, item.plan.inspection):
        raise ValidationError(_("Only the team or the office closes an item."),
                              code="unit_cannot_close")
    if action == "return" and not comment.strip():
        raise ValidationError({"comment": _("Say what is still missing.")})
    with transaction.atomic():
        item = _locked(item)
        item.review_comment = comment.strip()
        transition(item, action, ITEM_TRANSITIONS, by=by, expected_version=expected_version,
                   reason=comment.strip() or action)
        if action in {"close", "long_term"}:
            deadline_meet(subject=item, kind=Deadline.Kind.ITEM_DUE, by=by)
    return item


def evidence_add(*, item, by, upload):
    _ensure_unit(by, item.plan.inspection)
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


def inspection_close(*, inspection, by):
    """The office closes the inspection once every item is closed or accepted as long-term."""
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if not RectificationPlan.objects.filter(inspection=inspection,
                                                status=PL.APPROVED).exists():
            raise ValidationError(_("The rectification plan has not been approved."))
        if not RectificationReport.objects.filter(inspection=inspection).exists():
            raise ValidationError(_("The 2-month rectification report has not been sent."))
        open_items = RectificationItem.objects.filter(plan__inspection=inspection).exclude(
            status__in=[IT.CLOSED, IT.LONG_TERM]).count()
        if open_items:
            raise ValidationError(_("%(count)s items are not closed yet.") % {"count": open_items})
        inspection_transition(inspection, "close", by=by, reason="rectification closed")
    return inspection


# Report (2 months) and its three receipts -------------------------------------------------------

def report_submit(*, inspection, by, body, file=None):
    """The unit reports to all three recipients at once; each confirms receipt separately."""
    _ensure_unit(by, inspection)
    if file is not None:
        validate_upload(file, allowed=("pdf",))
    with transaction.atomic():
        report = RectificationReport(inspection=inspection, body=body, submitted_at=clock.now(),
                                     submitted_by=by)
        report._history_user = by
        report.full_clean(exclude=["file"])
        report.save()
        if file is not None:
            report.file.save(file.name, file)
        for recipient in ReportReceipt.Recipient.values:
            ReportReceipt.objects.create(report=report, recipient=recipient)
        deadline_meet(subject=inspection, kind=Deadline.Kind.RECTIFICATION_REPORT, by=by)
    return report


def receipt_recipients(user):
    """The recipient kinds this user confirms: handlers of discipline/HR organs, the office."""
    from accounts.models import OfficeMember, OrganHandler

    kinds = set(OrganHandler.objects.filter(user=user).values_list("organ__organ_kind",
                                                                      flat=True))
    kinds &= {ReportReceipt.Recipient.DISCIPLINE, ReportReceipt.Recipient.HR}
    if OfficeMember.objects.filter(user=user).exists():
        kinds.add(ReportReceipt.Recipient.OFFICE)
    return kinds


def receipt_confirm(*, receipt, by):
    if receipt.recipient not in receipt_recipients(by):
        raise ValidationError(_("Only the recipient confirms its own receipt."))
    with transaction.atomic():
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
    with transaction.atomic():
        if publication is None:
            publication = Publication(inspection=inspection, created_by=by)
        else:
            publication = _locked(publication)
            if publication.status != PU.DRAFT:
                raise ValidationError(_("An approved publication cannot be edited."))
            if expected_version is not None and publication.version != expected_version:
                raise stale_error()
            publication.version += 1
        publication.channel, publication.title, publication.text = channel, title, text
        publication._history_user = by
        publication.full_clean()
        publication.save()
    return publication


def publication_withhold(*, publication, by, item, reason, note):
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
    from inspections.access import is_office

    if not is_office(by):
        raise ValidationError(_("The inspection office approves publications."))
    with transaction.atomic():
        publication = _locked(publication)
        publication.approved_by = by
        transition(publication, "approve", PUBLICATION_TRANSITIONS, by=by,
                   expected_version=expected_version)
    return publication


def publication_publish(*, publication, by, published_on, expected_version):
    with transaction.atomic():
        publication = _locked(publication)
        publication.published_on = published_on
        transition(publication, "publish", PUBLICATION_TRANSITIONS, by=by,
                   expected_version=expected_version)
    return publication
