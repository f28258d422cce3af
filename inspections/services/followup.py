"""Immediate rectification (Art 15), mid-term report (Art 15), escalation requests (Art 26)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import UnitContact
from config.statemachine import locked, save_with_links, transition
from deadlines import clock
from deadlines.models import Deadline
from deadlines.recipients import leadership_ids, office_ids
from deadlines.services import (
    check_chosen_due_date,
    deadline_create_due_on,
    deadline_meet,
    notify,
)
from documents.models import DocumentType
from documents.services import document_number_issue

from ..access import team_member_ids
from ..actions import (
    ESCALATION_ACTIONS,
    IMMEDIATE_ACTIONS,
    INSPECTION_ACTIONS,
    MATERIAL_REQUEST_ACTIONS,
    MIDTERM_ACTIONS,
)
from ..models import EscalationRequest, ImmediateRectification, MaterialRequest, MidtermReport
from .fieldwork import _ensure_fieldwork_open

IR = ImmediateRectification.Status
IMMEDIATE_TRANSITIONS = {
    (IR.ISSUED, "reply"): IR.REPLIED,
    (IR.REPLIED, "close"): IR.CLOSED,
    (IR.REPLIED, "return"): IR.ISSUED,
}
ES = EscalationRequest.Status
ESCALATION_TRANSITIONS = {
    (ES.RAISED, "answer_office"): ES.ANSWERED,
    (ES.RAISED, "forward"): ES.FORWARDED,
    (ES.FORWARDED, "answer_leadership"): ES.ANSWERED,
}


def _tell(user_ids, title, url, *, about, awaits=None, deadline_kind=None):
    notify(users=user_ids, title=title, url=url, about=about, awaits=awaits,
           deadline_kind=deadline_kind)


def immediate_issue(*, inspection, by, issue, required_action, due_on=None):
    INSPECTION_ACTIONS.ensure_can(by, "issue_immediate", inspection)
    check_chosen_due_date(due_on, field="due_on", earliest=clock.today() + timedelta(days=1))
    with transaction.atomic():
        inspection = locked(inspection)
        _ensure_fieldwork_open(inspection)
        issued_at = clock.now()
        notice = ImmediateRectification(
            inspection=inspection, issue=issue, required_action=required_action, due_on=due_on,
            issued_at=issued_at, issued_by=by, document_number=document_number_issue(
                doc_type=DocumentType.IMMEDIATE, year=timezone.localdate(issued_at).year))
        notice._history_user = by
        notice.full_clean()
        notice.save()
        if due_on:
            # Art 15: 立行立改 replies are tracked like the statutory deadlines, with reminders.
            deadline_create_due_on(
                kind=Deadline.Kind.IMMEDIATE_REPLY, subject=notice, inspection=inspection,
                by=by, title=_("Reply to the immediate rectification notice: %(issue)s")
                % {"issue": issue[:60]}, due_on=due_on, unit=inspection.target_unit)
        _tell(UnitContact.objects.filter(unit=inspection.target_unit).values_list(
            "user_id", flat=True), _("immediate rectification required: %(issue)s")
            % {"issue": issue[:60]}, notice.get_absolute_url(), about=inspection,
            awaits=(IMMEDIATE_ACTIONS, "reply", notice))
    return notice


@transaction.atomic
def immediate_reply(*, notice, by, reply, expected_version):
    IMMEDIATE_ACTIONS.ensure_can(by, "reply", notice)
    if not reply.strip():
        raise ValidationError({"reply": _("Say what the unit has done.")})
    with transaction.atomic():
        notice = locked(notice)
        notice.reply, notice.replied_at, notice.replied_by = reply.strip(), clock.now(), by
        transition(notice, "reply", IMMEDIATE_TRANSITIONS, by=by,
                    expected_version=expected_version)
        deadline_meet(subject=notice, kind=Deadline.Kind.IMMEDIATE_REPLY, by=by)
        _tell({notice.issued_by_id, *team_member_ids(notice.inspection, "leader", "deputy")},
              _("the unit replied to the immediate rectification notice “%(issue)s”: review it")
              % {"issue": notice.issue[:40]}, notice.get_absolute_url(),
              about=notice.inspection, awaits=(IMMEDIATE_ACTIONS, "close", notice))
    return notice


@transaction.atomic
def immediate_review(*, notice, by, action, comment, expected_version, due_on=None):
    """The team closes the notice, or returns it with what is still missing; a notice whose
    reply was tracked with a date gets a new date, so the second reply is reminded too."""
    IMMEDIATE_ACTIONS.ensure_can(by, action, notice)
    if action == "return":
        if not comment.strip():
            raise ValidationError({"comment": _("Say what the unit still has to do.")})
        if due_on is None and notice.due_on is not None:
            raise ValidationError({"due_on": _(
                "Set the date of the new reply: the first one was tracked with reminders, and "
                "so is this one.")})
        check_chosen_due_date(due_on, field="due_on", earliest=clock.today() + timedelta(days=1))
    with transaction.atomic():
        notice = locked(notice)
        notice.team_comment = comment.strip()
        if action == "return" and due_on is not None:
            notice.due_on = due_on
        transition(notice, action, IMMEDIATE_TRANSITIONS, by=by,
                    expected_version=expected_version, reason=comment.strip() or action)
        if action == "return":
            if due_on is not None:
                deadline_create_due_on(
                    kind=Deadline.Kind.IMMEDIATE_REPLY, subject=notice, by=by,
                    inspection=notice.inspection, due_on=due_on, unit=notice.inspection.target_unit,
                    title=_("Reply again to the immediate rectification notice: %(issue)s")
                    % {"issue": notice.issue[:60]})
            _tell(UnitContact.objects.filter(unit=notice.inspection.target_unit).values_list(
                "user_id", flat=True), _("the team returned your reply to “%(issue)s”: %(comment)s")
                % {"issue": notice.issue[:40], "comment": comment.strip()[:60]},
                notice.get_absolute_url(), about=notice.inspection,
                awaits=(IMMEDIATE_ACTIONS, "reply", notice),
                deadline_kind=Deadline.Kind.IMMEDIATE_REPLY)
    return notice


def midterm_report(*, inspection, by, reported_on, progress, second_half_plan):
    INSPECTION_ACTIONS.ensure_can(by, "report_midterm", inspection)
    with transaction.atomic():
        report = MidtermReport(inspection=inspection, reported_on=reported_on, progress=progress,
                               second_half_plan=second_half_plan, reported_by=by)
        report._history_user = by
        report.full_clean()
        report.save()
        _tell(leadership_ids(), _("mid-term report of %(team)s: record the group's opinion")
              % {"team": inspection.team.name},
              reverse("inspections:followup", args=[inspection.pk]), about=inspection,
              awaits=(MIDTERM_ACTIONS, "give_opinion", report))
    return report


@transaction.atomic
def midterm_opinion(*, report, by, opinion):
    MIDTERM_ACTIONS.ensure_can(by, "give_opinion", report)
    if not opinion.strip():
        raise ValidationError({"opinion": _("Record the leadership group's opinion.")})
    with transaction.atomic():
        report = locked(report)
        if report.leadership_opinion:
            # Recorded once: a second opinion must not silently replace the first.
            raise ValidationError(_("The leadership group's opinion is already recorded."),
                                  code="opinion_recorded")
        report.leadership_opinion, report.opinion_by = opinion.strip(), by
        report._history_user = by
        report.save()
    return report


def escalation_raise(*, inspection, by, question):
    INSPECTION_ACTIONS.ensure_can(by, "raise_escalation", inspection)
    with transaction.atomic():
        request = EscalationRequest(inspection=inspection, question=question, raised_by=by,
                                    raised_at=clock.now())
        request._history_user = by
        request.full_clean()
        request.save()
        _tell(office_ids(), _("escalation request from %(team)s: answer or forward it")
              % {"team": inspection.team.name}, request.get_absolute_url(), about=inspection,
              awaits=(ESCALATION_ACTIONS, "answer_office", request))
    return request


@transaction.atomic
def escalation_office(*, request, by, action, note, expected_version):
    """The office answers itself, or forwards to the leadership group with its note."""
    ESCALATION_ACTIONS.ensure_can(by, action, request)
    if not note.strip():
        raise ValidationError({"note": _("Write the answer or the note for the leadership "
                                         "group.")})
    with transaction.atomic():
        request = locked(request)
        request.office_note, request.office_by, request.office_at = note.strip(), by, clock.now()
        transition(request, action, ESCALATION_TRANSITIONS, by=by,
                    expected_version=expected_version)
        if action == "forward":
            _tell(leadership_ids(), _("escalation request awaiting the leadership group"),
                  request.get_absolute_url(), about=request.inspection,
                  awaits=(ESCALATION_ACTIONS, "answer_leadership", request))
        else:
            _tell([request.raised_by_id], _("The office answered your request"),
                  request.get_absolute_url(), about=request.inspection)
    return request


@transaction.atomic
def escalation_leadership(*, request, by, answer, expected_version):
    ESCALATION_ACTIONS.ensure_can(by, "answer_leadership", request)
    if not answer.strip():
        raise ValidationError({"note": _("Write the leadership group's answer.")})
    with transaction.atomic():
        request = locked(request)
        request.leadership_answer = answer.strip()
        request.leadership_by, request.leadership_at = by, clock.now()
        transition(request, "answer_leadership", ESCALATION_TRANSITIONS, by=by,
                    expected_version=expected_version)
        _tell([request.raised_by_id, request.office_by_id],
              _("The leadership group answered a request"), request.get_absolute_url(),
              about=request.inspection)
    return request


# Requests for materials and work reports (Art 14, 30, 32) -----------------------------------

MATERIAL_TRANSITIONS = {(MaterialRequest.Status.REQUESTED, "provide"):
                        MaterialRequest.Status.PROVIDED}


def material_request(*, inspection, by, kind, items, due_on):
    """The team asks the unit for files to read or copy, or a work report, by a date: the
    unit's contacts are told and reminded as the date nears, like any statutory deadline."""
    INSPECTION_ACTIONS.ensure_can(by, "request_materials", inspection)
    check_chosen_due_date(due_on, field="due_on", earliest=clock.today() + timedelta(days=1))
    with transaction.atomic():
        inspection = locked(inspection)
        _ensure_fieldwork_open(inspection)
        request = MaterialRequest(inspection=inspection, kind=kind, items=items, due_on=due_on,
                                  requested_at=clock.now(), requested_by=by)
        request.full_clean()
        save_with_links(request, by=by, reason="create", clean=False)
        title = _("%(kind)s for the inspection team: %(items)s") % {
            "kind": request.get_kind_display(), "items": items[:60]}
        deadline_create_due_on(kind=Deadline.Kind.MATERIAL_REQUEST, subject=request,
                               inspection=inspection, by=by, title=title, due_on=due_on,
                               unit=inspection.target_unit, owner=by)
        _tell(UnitContact.objects.filter(unit=inspection.target_unit).values_list(
            "user_id", flat=True), _("the inspection team asks for %(what)s by %(day)s")
            % {"what": request, "day": due_on.isoformat()}, request.get_absolute_url(),
            about=inspection, awaits=(MATERIAL_REQUEST_ACTIONS, "provide", request))
    return request


def material_provide(*, request, by, provided, expected_version):
    """The unit records what it handed over; the deadline is met on that day, late or not."""
    if not provided.strip():
        raise ValidationError({"note": _("Say what was provided, and how.")})
    with transaction.atomic():
        MATERIAL_REQUEST_ACTIONS.ensure_can(by, "provide", request)
        request = locked(request)
        request.provided, request.provided_at, request.provided_by = provided, clock.now(), by
        transition(request, "provide", MATERIAL_TRANSITIONS, by=by,
                   expected_version=expected_version)
        deadline_meet(subject=request, kind=Deadline.Kind.MATERIAL_REQUEST, by=by)
        _tell({*team_member_ids(request.inspection, "leader", "deputy"), request.requested_by_id},
              _("the unit provided %(what)s") % {"what": request}, request.get_absolute_url(),
              about=request.inspection)
    return request
