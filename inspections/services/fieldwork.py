"""Fieldwork, interview notes, findings and reports (Art 14–17)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import LeadershipGroupMember
from audit.models import SecurityEvent
from audit.services import security_event_record
from config.statemachine import (
    check_version,
    locked,
    save_versioned,
    save_with_links,
    transition,
)
from deadlines import clock
from deadlines.models import Deadline
from deadlines.recipients import leadership_ids, office_ids, secretary_ids
from deadlines.services import check_happened, deadline_create, deadline_meet, notify
from documents.models import DocumentType
from documents.official import team_organ
from documents.services import document_number_issue
from documents.uploads import sha256_of, validate_upload

from ..access import team_member_ids, team_position
from ..actions import (
    FINDING_ACTIONS,
    INSPECTION_ACTIONS,
    PETITION_ACTIONS,
    REPORT_ACTIONS,
)
from ..models import (
    ArchiveRecord,
    Attachment,
    FieldworkMethod,
    FieldworkRecord,
    Finding,
    FindingSignoff,
    Hearing,
    Inspection,
    InterviewNote,
    PartyHearing,
    Petition,
    PetitionReporter,
    Report,
)
from .planning import _transition as _inspection_transition

EVIDENCE_TYPES = ("pdf", "jpg", "png", "docx", "xlsx")
FIELDWORK_STATUSES = {Inspection.Status.NOTIFIED, Inspection.Status.ON_SITE,
                      Inspection.Status.REPORTING}

F = Finding.Status
FINDING_TRANSITIONS = {
    (F.DRAFT, "submit"): F.SUBMITTED,
    (F.SUBMITTED, "sign_deputy"): F.DEPUTY_REVIEWED,
    (F.DEPUTY_REVIEWED, "sign_leader"): F.APPROVED,
    (F.SUBMITTED, "return"): F.DRAFT,
    (F.DEPUTY_REVIEWED, "return"): F.DRAFT,
    (F.SUBMITTED, "edit"): F.DRAFT,
    (F.DEPUTY_REVIEWED, "edit"): F.DRAFT,
    (F.APPROVED, "edit"): F.DRAFT,
}
R = Report.Status
REPORT_TRANSITIONS = {(R.DRAFT, "submit"): R.SUBMITTED, (R.DRAFT, "send"): R.SENT}


_transition = transition


def _ensure_fieldwork_open(inspection):
    if inspection.status not in FIELDWORK_STATUSES:
        raise ValidationError(_("Fieldwork can only be recorded between the notice and the "
                                "report."), code="fieldwork_closed")


def _ensure_open(inspection_id):
    # Read from the database: a caller's cached inspection may predate the archive.
    if Inspection.objects.filter(pk=inspection_id, status__in=[
            Inspection.Status.CLOSED, Inspection.Status.ARCHIVED]).exists():
        raise ValidationError(_("The inspection is closed: its findings are read-only."),
                              code="inspection_closed")


def attachment_add(*, by, upload, fieldwork=None, finding=None):
    if finding is not None:
        FINDING_ACTIONS.ensure_can(by, "edit", finding)
    else:
        INSPECTION_ACTIONS.ensure_can(by, "record_fieldwork", fieldwork.inspection)
    _ensure_open((fieldwork or finding).inspection_id)
    validate_upload(upload, allowed=EVIDENCE_TYPES)
    with transaction.atomic():
        attachment = Attachment(fieldwork=fieldwork, finding=finding, name=upload.name[:200],
                                sha256=sha256_of(upload), size=upload.size, uploaded_by=by)
        attachment.file.save(upload.name, upload, save=False)
        attachment._history_user = by
        attachment.save()
    return attachment


def fieldwork_record_create(*, inspection, by, method, held_on, summary, place="",
                            participants="", approval_reference="", files=()):
    INSPECTION_ACTIONS.ensure_can(by, "record_fieldwork", inspection)
    if method == FieldworkMethod.OTHER_APPROVED and not approval_reference.strip():
        raise ValidationError({"approval_reference": _(
            "Another method needs the leadership group's approval (Art 14 (12)): record it.")})
    check_happened(held_on, field="held_on", earliest=inspection.planned_entry_on,
                   earliest_text=_("the entry date"))
    with transaction.atomic():
        inspection = locked(inspection)
        _ensure_fieldwork_open(inspection)
        record = FieldworkRecord(
            inspection=inspection, method=method, held_on=held_on, place=place,
            participants=participants, summary=summary, approval_reference=approval_reference,
            recorded_by=by)
        record._history_user = by
        record.full_clean()
        record.save()
        for upload in files:
            attachment_add(by=by, upload=upload, fieldwork=record)
        if inspection.status == Inspection.Status.NOTIFIED:
            _inspection_transition(inspection, "enter", by=by, reason="first fieldwork record")
    return record


def interview_note_create(*, inspection, by, interviewee, interviewee_position, interviewers,
                          held_at, place, content):
    INSPECTION_ACTIONS.ensure_can(by, "record_interview", inspection)
    interviewers = list(interviewers)
    if len(interviewers) < 2:
        raise ValidationError({"interviewers": _("An interview needs at least two interviewers.")})
    outsiders = [str(u) for u in interviewers if team_position(u, inspection) is None]
    if outsiders:
        raise ValidationError({"interviewers": _(
            "Only members of this inspection's team can be interviewers: %(people)s."
        ) % {"people": "、".join(outsiders)}})
    check_happened(timezone.localdate(held_at) if held_at else None, field="held_at",
                   earliest=inspection.planned_entry_on, earliest_text=_("the entry date"))
    with transaction.atomic():
        inspection = locked(inspection)
        _ensure_fieldwork_open(inspection)
        note = InterviewNote(inspection=inspection, interviewee=interviewee,
                             interviewee_position=interviewee_position, held_at=held_at,
                             place=place, content=content, recorded_by=by)
        note._history_user = by
        note.full_clean()
        note.save()
        note.interviewers.set(interviewers)
        if inspection.status == Inspection.Status.NOTIFIED:
            _inspection_transition(inspection, "enter", by=by, reason="first interview")
    return note


def interview_note_read(*, note, user, request=None):
    """Every read of a note's content is logged: who, when, which note."""
    security_event_record(kind=SecurityEvent.Kind.SENSITIVE_READ, user=user, request=request,
                          target=f"interview_note:{note.pk}")
    return note.content


def finding_save(*, inspection, by, finding=None, expected_version=None, basis=(), fieldwork=(),
                 **fields):
    """Creates or edits a finding. Editing after any sign-off sends it back to draft, flagged,
    with the signed version kept in the history."""
    if finding is None:
        INSPECTION_ACTIONS.ensure_can(by, "write_finding", inspection)
    else:
        FINDING_ACTIONS.ensure_can(by, "edit", finding)
    creating = finding is None
    with transaction.atomic():
        inspection = locked(inspection)
        if inspection.status in {Inspection.Status.CLOSED, Inspection.Status.ARCHIVED}:
            raise ValidationError(_("The inspection is closed: its findings are read-only."))
        if creating:
            finding = Finding(inspection=inspection, author=by, **fields)
        else:
            finding = locked(finding)
            check_version(finding, expected_version)
            for name, value in fields.items():
                setattr(finding, name, value)
        if any(r.inspection_id != inspection.pk for r in fieldwork):
            raise ValidationError({"fieldwork": _("Link fieldwork of this inspection only.")})
        cited = set() if creating else set(finding.basis.values_list("pk", flat=True))
        if retired := [str(c) for c in basis if c.retired_at is not None and c.pk not in cited]:
            # A clause cited before it was retired stays; a new citation must be in force.
            raise ValidationError({"basis": _("No longer in force, so not citable: %(clauses)s.")
                                   % {"clauses": "、".join(retired)}}, code="retired")
        if creating:
            return save_with_links(finding, by=by, reason="create",
                                   links={"basis": basis, "fieldwork": fieldwork})
        finding.full_clean()
        # An edit sets its links quietly and its one save records them with the fields: one
        # history row per edit, not one per changed relation.
        finding.skip_history_when_saving = True
        try:
            finding.basis.set(basis)
            finding.fieldwork.set(fieldwork)
        finally:
            del finding.skip_history_when_saving
        if finding.status != F.DRAFT:
            finding.edited_after_signoff = True
            _transition(finding, "edit", FINDING_TRANSITIONS, by=by,
                        reason="edited after sign-off")
        else:
            save_versioned(finding, by=by, reason="edit", clean=False)
    return finding


@transaction.atomic
def finding_submit(*, finding, by, expected_version):
    FINDING_ACTIONS.ensure_can(by, "submit", finding)
    _ensure_open(finding.inspection_id)
    with transaction.atomic():
        finding = locked(finding)
        _transition(finding, "submit", FINDING_TRANSITIONS, by=by,
                    expected_version=expected_version)
        FindingSignoff.objects.create(finding=finding, level="author", by=by,
                                      finding_version=finding.version)
        notify(users=team_member_ids(finding.inspection, "deputy"),
               title=_("finding “%(title)s” awaits the deputy leader's signature")
               % {"title": finding.title}, url=finding.get_absolute_url(),
               about=finding.inspection, awaits=(FINDING_ACTIONS, "sign_deputy", finding))
    return finding


@transaction.atomic
def finding_sign(*, finding, by, level, expected_version):
    """承办人 → 副组长 → 组长; nobody signs a higher level of their own finding."""
    if level not in {"deputy", "leader"}:
        raise ValidationError(_("Unknown sign-off level."))
    FINDING_ACTIONS.ensure_can(by, f"sign_{level}", finding)
    _ensure_open(finding.inspection_id)
    with transaction.atomic():
        finding = locked(finding)
        _transition(finding, f"sign_{level}", FINDING_TRANSITIONS, by=by,
                    expected_version=expected_version)
        FindingSignoff.objects.create(finding=finding, level=level, by=by,
                                      finding_version=finding.version)
        if level == "deputy":
            notify(users=team_member_ids(finding.inspection, "leader"),
                   title=_("finding “%(title)s” awaits the team leader's signature")
                   % {"title": finding.title}, url=finding.get_absolute_url(),
                   about=finding.inspection, awaits=(FINDING_ACTIONS, "sign_leader", finding))
    return finding


@transaction.atomic
def finding_return(*, finding, by, comment, expected_version):
    FINDING_ACTIONS.ensure_can(by, "return", finding)
    _ensure_open(finding.inspection_id)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the author must change.")})
    with transaction.atomic():
        finding = locked(finding)
        finding.return_comment = comment.strip()
        _transition(finding, "return", FINDING_TRANSITIONS, by=by,
                    expected_version=expected_version, reason=comment.strip())
        FindingSignoff.objects.create(finding=finding, level=team_position(
            by, finding.inspection), by=by, finding_version=finding.version, returned=True,
            comment=comment.strip())
        notify(users=[finding.author_id], url=finding.get_absolute_url(),
               title=_("finding “%(title)s” was returned: %(comment)s")
               % {"title": finding.title, "comment": comment.strip()[:60]},
               about=finding.inspection, awaits=(FINDING_ACTIONS, "submit", finding))
    return finding


def inspection_end_onsite(*, inspection, by, ended_on, expected_version=None):
    """On-site work ends: its deadline is met and the 1-month hearing deadline starts (Art 17)."""
    INSPECTION_ACTIONS.ensure_can(by, "end_onsite", inspection)
    with transaction.atomic():
        inspection = locked(inspection)
        _inspection_transition(inspection, "end_onsite", by=by, reason=ended_on.isoformat(),
                               expected_version=expected_version)
        deadline_meet(subject=inspection, kind=Deadline.Kind.ONSITE_END, by=by, on=ended_on)
        deadline_create(
            kind=Deadline.Kind.HEARING, subject=inspection, inspection=inspection, by=by,
            title=_("Leadership group hears the report on %(unit)s")
            % {"unit": inspection.target_unit},
            start_on=ended_on, rule="1m", unit=inspection.target_unit)
    return inspection


def report_save(*, inspection, by, findings, report=None, expected_version=None, **fields):
    if report is None:
        INSPECTION_ACTIONS.ensure_can(by, "write_report", inspection)
    else:
        REPORT_ACTIONS.ensure_can(by, "edit", report)
    with transaction.atomic():
        inspection = locked(inspection)
        if inspection.status in {Inspection.Status.CLOSED, Inspection.Status.ARCHIVED}:
            raise ValidationError(_("The inspection is closed: its findings are read-only."))
        if report is None:
            report = Report(inspection=inspection, author=by, **fields)
        else:
            report = locked(report)
            if report.status != Report.Status.DRAFT:
                raise ValidationError(_("A submitted report cannot be edited."))
            check_version(report, expected_version)
            for name, value in fields.items():
                setattr(report, name, value)
        if any(f.inspection_id != inspection.pk for f in findings):
            raise ValidationError({"findings": _("Include findings of this inspection only.")})
        save_with_links(report, by=by, reason="save", links={"findings": findings})
    return report


def report_gate_problems(report):
    """Art 16: every problem in the report needs facts and a basis. Lists what blocks it."""
    problems = []
    for finding in report.findings.prefetch_related("basis", "attachments", "fieldwork"):
        reasons = []
        if finding.status != F.APPROVED:
            reasons.append(_("not approved by the team leader"))
        if not finding.attachments.all() and not finding.fieldwork.all():
            reasons.append(_("no evidence"))
        if not finding.basis.all():
            reasons.append(_("no basis"))
        if reasons:
            problems.append((finding, reasons))
    return problems


def _sign_off(report, *, by):
    """The report leaves the team: it is dated, numbered (each version sent is a document of
    its own) and signed off by the leader who sends it, under the team's name of that day."""
    report.submitted_at = clock.now()
    if not report.document_number:  # a report sent back and submitted again keeps it
        report.document_number = document_number_issue(
            doc_type=DocumentType.REPORT, year=timezone.localdate(report.submitted_at).year)
    report.signer = by.full_name[:50]
    report.issuing_organ = team_organ(report.inspection.team)


def report_submit(*, report, by, expected_version):
    REPORT_ACTIONS.ensure_can(by, "submit", report)
    with transaction.atomic():
        report = locked(report)
        _report_problems(report)
        _sign_off(report, by=by)
        _transition(report, "submit", REPORT_TRANSITIONS, by=by,
                    expected_version=expected_version)
        inspection = locked(report.inspection)
        if report.kind == Report.Kind.INSPECTION:
            _inspection_transition(inspection, "submit_report", by=by, reason=report.title)
            notify(users=leadership_ids(), url=inspection.get_absolute_url(),
                   title=_("report “%(title)s” submitted: the leadership group hears it")
                   % {"title": report.title}, about=inspection,
                   awaits=(INSPECTION_ACTIONS, "record_hearing", inspection),
                   deadline_kind=Deadline.Kind.HEARING)
    return report


@transaction.atomic
def hearing_record(*, inspection, by, held_on, meeting, members_present, opinions,
                   attendees="", required_changes="", speech_file=None, filed_on=None,
                   filing_reference=""):
    """Art 17: records the leadership group's hearing, who of the group was there, and meets
    its one-month deadline."""
    INSPECTION_ACTIONS.ensure_can(by, "record_hearing", inspection)
    check_happened(held_on, field="held_on")
    members_present = list(members_present)
    if not members_present:
        raise ValidationError({"members_present": _(
            "Record which members of the leadership group attended the hearing.")})
    outsiders = [str(person) for person in members_present
                 if not LeadershipGroupMember.objects.filter(user=person).exists()]
    if outsiders:
        raise ValidationError({"members_present": _(
            "Not members of the leadership group: %(people)s. Record others under others "
            "present.") % {"people": "、".join(outsiders)}})
    if speech_file is not None:
        validate_upload(speech_file, allowed=EVIDENCE_TYPES)
    with transaction.atomic():
        inspection = locked(inspection)
        hearing = Hearing(inspection=inspection, held_on=held_on, meeting=meeting,
                          attendees=attendees, opinions=opinions,
                          required_changes=required_changes, filed_on=filed_on,
                          filing_reference=filing_reference, recorded_by=by)
        hearing.full_clean(exclude=["speech_file"])
        _inspection_transition(inspection, "hear", by=by, reason=meeting)
        save_with_links(hearing, by=by, reason="create", clean=False,
                        links={"members_present": members_present},
                        files={"speech_file": speech_file})
        deadline_meet(subject=inspection, kind=Deadline.Kind.HEARING, by=by, on=held_on)
        heard = inspection.reports.filter(kind=Report.Kind.INSPECTION,
                                          status=Report.Status.SUBMITTED).first()
        if heard is not None:
            notify(users=team_member_ids(inspection, "leader"), url=heard.get_absolute_url(),
                   title=_("the leadership group heard “%(title)s”: revise it as directed and "
                           "send it to the party group") % {"title": heard.title},
                   about=inspection, awaits=(REPORT_ACTIONS, "revise", heard))
    return hearing


def _report_problems(report):
    if not report.findings.exists():
        raise ValidationError(_("The report includes no findings."))
    if problems := report_gate_problems(report):
        raise ValidationError([ValidationError(
            _("“%(title)s”: %(reasons)s.") % {"title": f.title, "reasons": "、".join(r)},
            code="evidence_gate") for f, r in problems])


@transaction.atomic
def report_revise(*, report, by, expected_version=None):
    """Art 17: a new version of the report heard, for the changes the leadership group asked
    for; the version heard stays as it was submitted."""
    REPORT_ACTIONS.ensure_can(by, "revise", report)
    report = locked(report)
    if expected_version is not None:
        check_version(report, expected_version)
    if Report.objects.filter(revision_of=report).exists():  # someone revised it meanwhile
        raise ValidationError(_("The report has already been revised."))
    revision = Report(inspection_id=report.inspection_id, kind=report.kind, title=report.title,
                      analysis=report.analysis, suggestions=report.suggestions, author=by,
                      revision_of=report)
    return save_with_links(revision, by=by, reason="revise",
                           links={"findings": report.findings.all()})


@transaction.atomic
def report_send(*, report, by, expected_version):
    """Art 17: the revised report goes to the party group, whose hearing is recorded next."""
    REPORT_ACTIONS.ensure_can(by, "send", report)
    report = locked(report)
    _report_problems(report)
    _sign_off(report, by=by)
    _transition(report, "send", REPORT_TRANSITIONS, by=by, expected_version=expected_version)
    inspection = report.inspection
    notify(users={*secretary_ids(), *office_ids()}, url=inspection.get_absolute_url(),
           title=_("revised report “%(title)s”: the party group hears it")
           % {"title": report.title}, about=inspection,
           awaits=(INSPECTION_ACTIONS, "record_party_hearing", inspection))
    return report


@transaction.atomic
def party_hearing_record(*, inspection, by, held_on, meeting, opinions, speech_file=None,
                         filed_on=None, filing_reference=""):
    """Art 17: the party group hears the revised report; the secretary's speech and the
    materials are filed with the provincial office."""
    INSPECTION_ACTIONS.ensure_can(by, "record_party_hearing", inspection)
    inspection = locked(inspection)
    # Asked again under the lock: two people may record the same meeting at once.
    if PartyHearing.objects.filter(inspection=inspection).exists():
        raise ValidationError(_("The party group's hearing is already recorded."))
    report = inspection.reports.filter(revision_of__isnull=False,
                                       status=Report.Status.SENT).first()
    if report is None:
        raise ValidationError(_("The team sends the revised report to the party group first."))
    sent_on = timezone.localdate(report.submitted_at)
    check_happened(held_on, field="held_on", earliest=max(inspection.hearing.held_on, sent_on),
                   earliest_text=_("the revised report was sent to the party group"))
    check_happened(filed_on, field="filed_on", earliest=held_on,
                   earliest_text=_("the party group's hearing"))
    if speech_file is not None:
        validate_upload(speech_file, allowed=EVIDENCE_TYPES)
    hearing = PartyHearing(inspection=inspection, report=report, held_on=held_on,
                           meeting=meeting, opinions=opinions, filed_on=filed_on,
                           filing_reference=filing_reference, recorded_by=by)
    hearing.full_clean(exclude=["speech_file"])
    save_with_links(hearing, by=by, reason="record_party_hearing", clean=False,
                    files={"speech_file": speech_file})
    return hearing


ARCHIVE_CHECKLIST = {
    "notice": gettext_lazy("Entry notice and announcement"),
    "work_plan": gettext_lazy("Work plan"),
    "fieldwork": gettext_lazy("Fieldwork records and interview notes"),
    "findings": gettext_lazy("Findings (问题底稿) with evidence"),
    "reports": gettext_lazy("Inspection and special reports"),
    "hearing": gettext_lazy("Hearing minutes"),
}


def inspection_archive(*, inspection, by, checklist, note=""):
    """Art 27: the office receives the materials; the team's authority on it ends at once."""
    from teams.services import inspection_permissions_revoke

    INSPECTION_ACTIONS.ensure_can(by, "archive", inspection)
    missing = [str(label) for key, label in ARCHIVE_CHECKLIST.items() if key not in checklist]
    if missing:
        raise ValidationError({"checklist": _("Confirm receipt of every item: %(items)s.")
                               % {"items": "、".join(missing)}})
    with transaction.atomic():
        inspection = locked(inspection)
        record = ArchiveRecord(inspection=inspection, checklist=sorted(checklist), note=note,
                               archived_at=clock.now(), archived_by=by)
        record._history_user = by
        _inspection_transition(inspection, "archive", by=by, reason="archive")
        record.save()
        inspection_permissions_revoke(inspection=inspection, by=by)
    return record


P = Petition.Status
PETITION_TRANSITIONS = {
    (P.RECEIVED, "review"): P.UNDER_REVIEW,
    (P.RECEIVED, "close"): P.CLOSED,
    (P.UNDER_REVIEW, "close"): P.CLOSED,
}


def petition_receive(*, inspection, by, channel, subject, content, received_at=None,
                     reporter_name="", reporter_contact=""):
    """A letter, call or visit recorded by a team member."""
    INSPECTION_ACTIONS.ensure_can(by, "record_petition", inspection)
    return _petition_create(inspection=inspection, by=by, channel=channel, subject=subject,
                            content=content, received_at=received_at,
                            reporter_name=reporter_name, reporter_contact=reporter_contact)


def petition_receive_online(*, inspection, subject, content, reporter_name="",
                            reporter_contact=""):
    """The public reporting form of the announcement (Art 13): nobody signs in."""
    INSPECTION_ACTIONS.ensure_can(None, "receive_online_petition", inspection)
    return _petition_create(inspection=inspection, by=None, channel=Petition.Channel.ONLINE,
                            subject=subject, content=content, received_at=None,
                            reporter_name=reporter_name, reporter_contact=reporter_contact)


def _petition_create(*, inspection, by, channel, subject, content, received_at, reporter_name,
                     reporter_contact):
    with transaction.atomic():
        inspection = locked(inspection)
        _ensure_fieldwork_open(inspection)
        petition = Petition(inspection=inspection, channel=channel, subject=subject,
                            content=content, received_at=received_at or clock.now(),
                            recorded_by=by)
        petition._history_user = by
        petition.full_clean()
        petition.save()
        PetitionReporter.objects.create(petition=petition, name=reporter_name.strip(),
                                        contact=reporter_contact.strip())
        # By its reference only: what is reported stays out of notices and e-mails.
        leads = set(team_member_ids(inspection, "leader", "deputy"))
        notify(users=leads - {getattr(by, "pk", None)},
               url=petition.get_absolute_url(), about=inspection,
               title=_("petition %(reference)s received: decide how it is handled")
               % {"reference": petition.reference},
               awaits=(PETITION_ACTIONS, "close", petition))
    return petition


def petition_triage(*, petition, by, action, outcome="", note="", expected_version):
    with transaction.atomic():
        PETITION_ACTIONS.ensure_can(by, action, petition)
        if action == "close" and not outcome:
            raise ValidationError({"outcome": _("Choose how the petition was handled.")})
        petition = locked(petition)
        petition.outcome, petition.outcome_note = outcome, note
        _transition(petition, action, PETITION_TRANSITIONS, by=by,
                    expected_version=expected_version, reason=outcome or action)
    return petition


def petition_reporter_read(*, petition, user, request=None):
    security_event_record(kind=SecurityEvent.Kind.SENSITIVE_READ, user=user, request=request,
                          target=f"petition_reporter:{petition.pk}")
    return petition.reporter
