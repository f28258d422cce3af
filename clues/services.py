"""Clues from registration to the party group's decision (Art 20–22); Art 32 and 33."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OfficeMember, OrganHandler, OrgUnit, PartyGroupMember
from audit.models import SecurityEvent
from audit.services import security_event_record
from config.statemachine import locked, save_with_links, transition
from deadlines import clock
from deadlines.models import Deadline
from deadlines.recipients import leadership_ids, office_ids, organ_handler_ids
from deadlines.services import deadline_create, deadline_meet, notify
from documents.models import DocumentType
from documents.services import document_number_issue
from documents.uploads import validate_upload

from .access import is_handler_of
from .actions import (
    CLUE_ACTIONS,
    COMPLAINT_ACTIONS,
    INSPECTION_ACTIONS,
    OBSTRUCTION_ACTIONS,
    PROPOSAL_ACTIONS,
)
from .models import (
    Classification,
    Clue,
    Complaint,
    Obstruction,
    Proposal,
    Result,
    ResultPerson,
    Transfer,
)

C = Clue.Status
CLUE_TRANSITIONS = {
    (C.REGISTERED, "classify"): C.CLASSIFIED,
    (C.REGISTERED, "not_transfer"): C.NOT_TRANSFERRED,
    (C.CLASSIFIED, "transfer"): C.TRANSFERRED,
    (C.TRANSFERRED, "sign_for"): C.SIGNED_FOR,
    (C.SIGNED_FOR, "report_result"): C.RESULT_REPORTED,
    (C.RESULT_REPORTED, "decide"): C.DECIDED,
}
ORGAN_KIND = {Classification.Decision.DISCIPLINE: "discipline",
              Classification.Decision.HR: "hr", Classification.Decision.OTHER: "other"}


_locked = locked


def clue_register(*, inspection, by, kind, category, summary, persons, is_sensitive=False,
                  finding=None, petition=None, interview_note=None):
    INSPECTION_ACTIONS.ensure_can(by, "register_clue", inspection)
    for source in (finding, petition, interview_note):
        if source is not None and source.inspection_id != inspection.pk:
            raise ValidationError(_("The source belongs to another inspection."))
    return _register(inspection=inspection, by=by, kind=kind, category=category,
                     summary=summary, persons=persons, is_sensitive=is_sensitive,
                     finding=finding, petition=petition, interview_note=interview_note)


def _register(*, inspection, by, **fields):
    with transaction.atomic():
        clue = Clue(inspection=inspection, registered_by=by, registered_at=clock.now(), **fields)
        clue._history_user = by
        clue.full_clean()
        clue.save()
        # Clues are confidential: the notice names the inspection, never the clue's content.
        notify(users=leadership_ids(), url=clue.get_absolute_url(), about=inspection,
               title=_("a clue was registered: the leadership group decides how it is handled"),
               awaits=(CLUE_ACTIONS, "classify", clue))
    return clue


def obstruction_refer(*, obstruction, by, category, summary, persons):
    """Art 32: the office refers an obstruction case as an accountability clue; from here it
    is classified, transferred with a numbered letter and answered like any clue."""
    with transaction.atomic():
        OBSTRUCTION_ACTIONS.ensure_can(by, "refer", obstruction)
        obstruction = Obstruction.objects.select_for_update().get(pk=obstruction.pk)
        if obstruction.clues.exists():  # a second submit in flight
            raise ValidationError(_("The case has already been referred as a clue."),
                                  code="referred")
        return _register(inspection=obstruction.inspection, by=by,
                         kind=Clue.Kind.ACCOUNTABILITY, category=category, summary=summary,
                         persons=persons, obstruction=obstruction)


def clue_read(*, clue, user, request=None):
    """Every opening of a clue's details is logged (who, when, which clue)."""
    security_event_record(kind=SecurityEvent.Kind.SENSITIVE_READ, user=user, request=request,
                          target=f"clue:{clue.pk}")
    return clue


@transaction.atomic
def clue_classify(*, clue, by, decision, meeting, organ=None, reason="", expected_version):
    """Art 20: the leadership group transfers by jurisdiction, or records why not."""
    CLUE_ACTIONS.ensure_can(by, "classify", clue)
    if decision == Classification.Decision.NONE:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the clue is not transferred.")})
        organ = None
    elif organ is None or not organ.is_receiving_organ or organ.organ_kind != ORGAN_KIND[
            decision]:
        raise ValidationError({"organ": _("Choose a receiving organ of the matching kind.")})
    with transaction.atomic():
        clue = _locked(clue)
        # Transition first: a second, concurrent decision is refused, not a 500.
        action = "not_transfer" if decision == Classification.Decision.NONE else "classify"
        transition(clue, action, CLUE_TRANSITIONS, by=by, expected_version=expected_version,
                   reason=meeting)
        Classification.objects.create(clue=clue, decision=decision, organ=organ, reason=reason,
                                      meeting=meeting, decided_by=by, decided_at=clock.now())
        if organ is not None:
            notify(users=office_ids(), url=clue.get_absolute_url(), about=clue.inspection,
                   title=_("a clue is to be transferred to %(organ)s: send the letter")
                   % {"organ": organ}, awaits=(CLUE_ACTIONS, "transfer", clue))
    return clue


def clue_transfer(*, clue, by, expected_version):
    """The office sends the numbered transfer letter to the organ the group chose."""
    with transaction.atomic():
        CLUE_ACTIONS.ensure_can(by, "transfer", clue)
        clue = _locked(clue)
        # Transition first, so a double submit takes no letter number.
        transition(clue, "transfer", CLUE_TRANSITIONS, by=by, expected_version=expected_version)
        now = clock.now()
        Transfer.objects.create(
            clue=clue, organ=clue.classification.organ, sent_at=now, sent_by=by,
            letter_number=document_number_issue(doc_type=DocumentType.CLUE_TRANSFER,
                                                year=now.year))
        notify(users=OrganHandler.objects.filter(organ=clue.classification.organ)
               .values_list("user_id", flat=True),
               title=_("a clue was transferred to you: sign for it"),
               url=clue.get_absolute_url(), about=clue.inspection,
               awaits=(CLUE_ACTIONS, "sign_for", clue))
    return clue


is_handler = is_handler_of


def clue_sign_for(*, clue, by, expected_version):
    """Art 21: signing for starts the 3-month result deadline."""
    with transaction.atomic():
        CLUE_ACTIONS.ensure_can(by, "sign_for", clue)
        clue = _locked(clue)
        transfer = _locked(clue.transfer)
        transfer.signed_for_at, transfer.signed_for_by = clock.now(), by
        transfer._history_user = by
        transfer.save()
        transition(clue, "sign_for", CLUE_TRANSITIONS, by=by, expected_version=expected_version)
        deadline_create(kind=Deadline.Kind.CLUE_RESULT, subject=clue, inspection=clue.inspection,
                        by=by, title=_("Result of transferred clue %(number)s")
                        % {"number": transfer.letter_number},
                        start_on=timezone.localdate(transfer.signed_for_at), rule="3m",
                        unit=transfer.organ)
        notify(users=organ_handler_ids(transfer.organ_id), url=clue.get_absolute_url(),
               about=clue.inspection,
               title=_("clue %(number)s signed for: report the result within three months")
               % {"number": transfer.letter_number}, awaits=(CLUE_ACTIONS, "report_result", clue))
    return clue


def _checked_people(people):
    """[(name, form)] as the organ reported them; one name is one person (Art 21)."""
    if len(people) > ResultPerson.MOST:  # before any work on an oversized list
        raise ValidationError(_("At most %(most)s people in one result; report the others in "
                                "another result.") % {"most": ResultPerson.MOST})
    checked, errors, seen = [], [], set()
    for number, (name, form) in enumerate(people, 1):
        name = (name or "").strip()
        if not name or len(name) > 50 or "\n" in name or "\r" in name:
            errors.append(_("Person %(n)s: a name of at most 50 characters on one line.")
                          % {"n": number})
        elif form not in ResultPerson.Form.values:
            errors.append(_("Person %(n)s: choose one of the four forms or 不予追究.")
                          % {"n": number})
        elif name in seen:
            errors.append(_("Person %(n)s: %(name)s is already listed above.")
                          % {"n": number, "name": name})
        else:
            seen.add(name)
            checked.append((name, form))
    if errors:
        raise ValidationError(errors)
    return checked


@transaction.atomic
def result_report(*, clue, by, disposition, summary, people=(), is_final=False, file=None):
    """Partial results are allowed; the final one closes the 3-month deadline."""
    CLUE_ACTIONS.ensure_can(by, "report_result", clue, settles=is_final)
    people = _checked_people(people)
    if file is not None:
        validate_upload(file)
    with transaction.atomic():
        clue = _locked(clue)
        result = Result(clue=clue, disposition=disposition, summary=summary,
                        is_final=is_final, reported_by=by,
                        reported_at=clock.now())
        result.full_clean(exclude=["file"])
        save_with_links(result, by=by, reason="report_result", clean=False, files={"file": file})
        for name, form in people:
            ResultPerson.objects.create(result=result, name=name, form=form)
        if is_final:
            transition(clue, "report_result", CLUE_TRANSITIONS, by=by,
                       reason=str(Result.Disposition(disposition).label))
            deadline_meet(subject=clue, kind=Deadline.Kind.CLUE_RESULT, by=by)
        notify(users=OfficeMember.objects.values_list("user_id", flat=True),
               title=_("the receiving organ reported a clue's final result") if is_final
               else _("the receiving organ reported progress on a clue"),
               url=clue.get_absolute_url(), about=clue.inspection,
               awaits=(CLUE_ACTIONS, "propose", clue) if is_final else None)
    return result


@transaction.atomic
def proposal_make(*, by, kind, opinion, clue=None, obstruction=None):
    """Art 22: the office proposes; Art 32: obstruction leads to accountability."""
    if clue is not None:
        CLUE_ACTIONS.ensure_can(by, "propose", clue)
    else:
        OBSTRUCTION_ACTIONS.ensure_can(by, "propose", obstruction)
    # The stored status, not the caller's copy, which may predate the final result.
    if clue is not None and not Clue.objects.filter(pk=clue.pk,
                                                   status=C.RESULT_REPORTED).exists():
        raise ValidationError(_("Propose an opinion once the organ's final result is in."))
    with transaction.atomic():
        proposal = Proposal(clue=clue, obstruction=obstruction, kind=kind, opinion=opinion,
                            proposed_by=by, proposed_at=clock.now())
        proposal._history_user = by
        proposal.full_clean()
        proposal.save()
        source = clue or obstruction
        notify(users=PartyGroupMember.objects.values_list("user_id", flat=True),
               title=_("an opinion awaits the party group's decision"),
               url=proposal.get_absolute_url(), about=source.inspection,
               awaits=(PROPOSAL_ACTIONS, "decide", proposal))
    return proposal


P = Proposal.Status
PROPOSAL_TRANSITIONS = {(P.PROPOSED, "decide"): P.DECIDED}


@transaction.atomic
def proposal_decide(*, proposal, by, decision, meeting, expected_version):
    """The party group decides; the decision is linked to the clue and its persons."""
    PROPOSAL_ACTIONS.ensure_can(by, "decide", proposal)
    if not decision.strip() or not meeting.strip():
        raise ValidationError(_("Record the party group's decision and the meeting."))
    with transaction.atomic():
        proposal = _locked(proposal)
        proposal.decision, proposal.meeting = decision.strip(), meeting.strip()
        proposal.decided_by, proposal.decided_at = by, clock.now()
        transition(proposal, "decide", PROPOSAL_TRANSITIONS, by=by,
                   expected_version=expected_version, reason=meeting)
        if proposal.clue_id:
            clue = _locked(proposal.clue)
            transition(clue, "decide", CLUE_TRANSITIONS, by=by, reason=meeting)
    return proposal


def obstruction_record(*, inspection, by, situation, against, description, file=None,
                       request=None):
    """`request`: the team's request for materials the unit let pass (Art 32 (2))."""
    INSPECTION_ACTIONS.ensure_can(by, "record_obstruction", inspection)
    if file is not None:
        validate_upload(file)
    with transaction.atomic():
        if request is not None:
            request = locked(request)
            if request.inspection_id != inspection.pk or not request.is_overdue(clock.today()):
                raise ValidationError(_("Only a request of this inspection that was not met "
                                        "by its date is recorded as obstruction."))
            if Obstruction.objects.filter(request=request).exists():
                raise ValidationError(_("This request is already recorded as obstruction."))
        case = Obstruction(inspection=inspection, situation=situation, against=against,
                           description=description, recorded_by=by, recorded_at=clock.now(),
                           request=request)
        case.full_clean(exclude=["file"])
        save_with_links(case, by=by, reason="record_obstruction", clean=False,
                        files={"file": file})
    return case


def complaint_file(*, by, team, about, addressee, conduct, content):
    COMPLAINT_ACTIONS.ensure_can(by, "file")
    if not team.memberships.filter(user=about).exists():
        raise ValidationError({"about": _("Choose a member of that team.")})
    with transaction.atomic():
        complaint = Complaint(team=team, about=about, addressee=addressee, conduct=conduct,
                              content=content, filed_by=by, filed_at=clock.now())
        complaint._history_user = by
        complaint.full_clean()
        complaint.save()
    return complaint


def complaint_handle(*, complaint, by, outcome):
    COMPLAINT_ACTIONS.ensure_can(by, "handle", complaint)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Record how the complaint was handled.")})
    with transaction.atomic():
        complaint = _locked(complaint)
        complaint.outcome, complaint.handled_by = outcome.strip(), by
        complaint.handled_at = clock.now()
        complaint._history_user = by
        complaint.save()
    return complaint


def receiving_organs(kind):
    return OrgUnit.objects.receiving_organs().filter(organ_kind=kind)
