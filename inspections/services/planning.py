"""Plans, rounds, inspections and their notices. Status only changes through _transition()."""

from contextlib import suppress

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import UnitContact
from config.statemachine import check_version, locked, save_versioned, stored_reason, transition
from deadlines import calendar, clock
from deadlines.models import Deadline
from deadlines.recipients import leadership_ids, office_ids, secretary_ids
from deadlines.services import deadline_create, load_calendar, notify
from documents.models import DocumentType
from documents.services import document_number_issue
from documents.uploads import sha256_of, validate_upload

from ..actions import INSPECTION_ACTIONS, PLAN_ACTIONS, ROUND_ACTIONS, notice_ready
from ..models import (
    MAX_WORKING_DAYS,
    MIN_WORKING_DAYS,
    Announcement,
    ContentArea,
    Inspection,
    InspectionMode,
    InspectionType,
    Notice,
    Plan,
    PlanReview,
    Round,
)

P, R, IS = Plan.Status, Round.Status, Inspection.Status
TRANSITIONS = {
    Plan: {
        (P.DRAFT, "submit"): P.SUBMITTED,
        (P.RETURNED, "submit"): P.SUBMITTED,
        (P.SUBMITTED, "approve"): P.APPROVED,
        (P.SUBMITTED, "return"): P.RETURNED,
        (P.SUBMITTED, "review"): P.REVIEWED,
        (P.REVIEWED, "decide"): P.APPROVED,
        (P.REVIEWED, "send_back"): P.RETURNED,
    },
    Round: {
        (R.DRAFT, "submit"): R.SUBMITTED,
        (R.SUBMITTED, "approve"): R.APPROVED,
        (R.SUBMITTED, "return"): R.DRAFT,
        (R.APPROVED, "record_province_approval"): R.PROVINCE_APPROVED,
        (R.PROVINCE_APPROVED, "start"): R.IN_PROGRESS,
        (R.IN_PROGRESS, "complete"): R.COMPLETED,
    },
    Inspection: {
        (IS.SCHEDULED, "issue_notice"): IS.NOTIFIED,
        (IS.NOTIFIED, "enter"): IS.ON_SITE,
        (IS.ON_SITE, "end_onsite"): IS.REPORTING,
        (IS.REPORTING, "submit_report"): IS.REPORT_SUBMITTED,
        (IS.REPORT_SUBMITTED, "hear"): IS.HEARD,
        (IS.HEARD, "give_feedback"): IS.FEEDBACK_GIVEN,
        (IS.FEEDBACK_GIVEN, "sign_for"): IS.RECTIFYING,
        (IS.RECTIFYING, "close"): IS.CLOSED,
        # DESIGN §4: archiving ends the team's authority, so it waits for rectification.
        (IS.CLOSED, "archive"): IS.ARCHIVED,
    },
}


def _transition(obj, action, *, by, expected_version=None, reason=""):
    transition(obj, action, TRANSITIONS[type(obj)], by=by, expected_version=expected_version,
               reason=reason)


_locked = locked


# Plans ------------------------------------------------------------------------------------------

def _plan_snapshot(plan):
    return {
        "title": plan.title, "content": plan.content,
        "years": [plan.start_year, plan.end_year],
        "stages": [[s.name, str(s.starts_on), str(s.ends_on), s.tasks] for s in plan.stages.all()],
        "units": [[u.unit.name, u.year] for u in plan.planned_units.select_related("unit")],
    }


def plan_save(*, by, plan=None, expected_version=None, **fields):
    PLAN_ACTIONS.ensure_can(by, "edit" if plan else "create", plan)
    with transaction.atomic():
        if plan is None:
            plan = Plan(created_by=by, **fields)
        else:
            plan = _locked(plan)
            if not plan.is_editable():
                raise ValidationError(_("An approved or submitted plan cannot be edited."))
            for name, value in fields.items():
                setattr(plan, name, value)
        if plan.kind == Plan.Kind.TERM and plan.parent_id:
            raise ValidationError({"parent": _("A term plan has no parent plan.")})
        if plan.kind == Plan.Kind.ANNUAL and not plan.parent_id:
            message = _("Choose the term plan this annual plan belongs to.")
            raise ValidationError({"parent": message})
        if plan.end_year < plan.start_year:
            raise ValidationError({"end_year": _("The last year is before the first year.")})
        return save_versioned(plan, by=by, reason="save", expected_version=expected_version)


def _plan_review(plan, action, *, by, comment, expected_version):
    with transaction.atomic():
        PLAN_ACTIONS.ensure_can(by, action, plan)
        plan = _locked(plan)
        _transition(plan, action, by=by, expected_version=expected_version, reason=comment)
        PlanReview.objects.create(plan=plan, action=action, by=by, comment=comment,
                                  plan_version=plan.version, snapshot=_plan_snapshot(plan))
        if action == "submit":
            notify(users=leadership_ids(), url=plan.get_absolute_url(),
                   title=_("plan “%(title)s” awaits the leadership group's approval")
                   % {"title": plan.title}, awaits=(
                       PLAN_ACTIONS, "approve" if plan.kind == Plan.Kind.ANNUAL else "review",
                       plan))
        elif action == "review":
            notify(users=secretary_ids(), url=plan.get_absolute_url(),
                   title=_("term plan “%(title)s”, reviewed by the leadership group, awaits the "
                           "party group's decision") % {"title": plan.title},
                   awaits=(PLAN_ACTIONS, "decide", plan))
        elif action in ("return", "send_back"):
            notify(users=office_ids(), url=plan.get_absolute_url(),
                   title=_("plan “%(title)s” was returned for changes") % {"title": plan.title},
                   awaits=(PLAN_ACTIONS, "submit", plan))
        elif action == "decide":
            notify(users=office_ids(), url=plan.get_absolute_url(),
                   title=_("the party group made the term plan “%(title)s”")
                   % {"title": plan.title})
    return plan


def plan_submit(*, plan, by, expected_version, comment=""):
    return _plan_review(plan, "submit", by=by, comment=comment, expected_version=expected_version)


def plan_approve(*, plan, by, expected_version, comment=""):
    return _plan_review(plan, "approve", by=by, comment=comment, expected_version=expected_version)


def _what_must_change(comment):
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must change before the plan can pass.")})


def plan_return(*, plan, by, expected_version, comment):
    _what_must_change(comment)
    return _plan_review(plan, "return", by=by, comment=comment, expected_version=expected_version)


def plan_review(*, plan, by, expected_version, comment=""):
    """Art 6 (2): the leadership group studies the term plan and proposes it to the party
    group."""
    return _plan_review(plan, "review", by=by, comment=comment, expected_version=expected_version)


def plan_decide(*, plan, by, expected_version, comment):
    """Art 3: the party group makes the term plan; the secretary records its decision and the
    meeting."""
    if not comment.strip():
        raise ValidationError({"comment": _("Name the party group meeting that decided it.")})
    return _plan_review(plan, "decide", by=by, comment=comment, expected_version=expected_version)


def plan_send_back(*, plan, by, expected_version, comment):
    _what_must_change(comment)
    return _plan_review(plan, "send_back", by=by, comment=comment,
                        expected_version=expected_version)


def plan_child_add(*, plan, by, child):
    """Adds a stage or a unit's planned year while the plan can still be edited."""
    PLAN_ACTIONS.ensure_can(by, "edit", plan)
    with transaction.atomic():
        plan = _locked(plan)
        if not plan.is_editable():
            raise ValidationError(_("An approved or submitted plan cannot be edited."))
        child.plan = plan
        child._history_user, child._change_reason = by, "add"
        child.full_clean()
        child.save()
        save_versioned(plan, by=by, reason=stored_reason("add", str(child)), clean=False)
    return child


# Rounds -----------------------------------------------------------------------------------------

def round_save(*, by, round_=None, expected_version=None, **fields):
    modes = fields.get("modes", [])
    if any(m not in InspectionMode.values for m in modes):
        raise ValidationError({"modes": _("Unknown inspection mode.")})
    with transaction.atomic():
        if round_ is None:
            ROUND_ACTIONS.ensure_can(by, "create")
            round_ = Round(created_by=by, **fields)
        else:
            ROUND_ACTIONS.ensure_can(by, "edit", round_)
            round_ = _locked(round_)
            if round_.status != Round.Status.DRAFT:
                raise ValidationError(_("Only a draft round can be edited."))
            for name, value in fields.items():
                setattr(round_, name, value)
        return save_versioned(round_, by=by, reason="save", expected_version=expected_version)


def round_submit(*, round_, by, expected_version):
    with transaction.atomic():
        ROUND_ACTIONS.ensure_can(by, "submit", round_)
        round_ = _locked(round_)
        _transition(round_, "submit", by=by, expected_version=expected_version)
        notify(users=leadership_ids(), url=round_.get_absolute_url(),
               title=_("%(round)s awaits the leadership group's approval") % {"round": round_},
               awaits=(ROUND_ACTIONS, "approve", round_))
    return round_


def round_approve(*, round_, by, expected_version, comment=""):
    with transaction.atomic():
        ROUND_ACTIONS.ensure_can(by, "approve", round_)
        round_ = _locked(round_)
        _transition(round_, "approve", by=by, expected_version=expected_version,
                    reason=comment or "approve")
        notify(users=office_ids(), url=round_.get_absolute_url(),
               title=_("%(round)s was approved: record the provincial approval")
               % {"round": round_}, awaits=(ROUND_ACTIONS, "record_province_approval", round_))
    return round_


def round_return(*, round_, by, expected_version, comment):
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must change before the round can pass.")})
    with transaction.atomic():
        ROUND_ACTIONS.ensure_can(by, "return", round_)
        round_ = _locked(round_)
        _transition(round_, "return", by=by, expected_version=expected_version, reason=comment)
        notify(users=office_ids(), url=round_.get_absolute_url(),
               title=_("%(round)s was returned for changes") % {"round": round_},
               awaits=(ROUND_ACTIONS, "submit", round_))
    return round_


@transaction.atomic
def round_record_provincial_approval(*, round_, by, expected_version, doc_number, doc_date,
                                     doc_file):
    """Art 3: the provincial leading group's approval, with its document, opens the gate."""
    ROUND_ACTIONS.ensure_can(by, "record_province_approval", round_)
    errors = {}
    if not (doc_number or "").strip():
        errors["doc_number"] = _("Enter the approval document number.")
    if doc_date is None:
        errors["doc_date"] = _("Enter the approval date.")
    if doc_file is None:
        errors["doc_file"] = _("Upload the scanned approval document.")
    if errors:
        raise ValidationError(errors)
    validate_upload(doc_file)
    with transaction.atomic():
        round_ = _locked(round_)
        round_.province_doc_number = doc_number.strip()
        round_.province_doc_date = doc_date
        round_.province_doc_sha256 = sha256_of(doc_file)
        # A stale page is refused before anything is stored.
        check_version(round_, expected_version)
        # Stored before the transition so that its one save (and one history row) holds the
        # file; if anything after fails, the transaction rolls back and the file goes too.
        round_.province_doc_file.save(doc_file.name, doc_file, save=False)
        try:
            _transition(round_, "record_province_approval", by=by,
                        expected_version=expected_version, reason=round_.province_doc_number)
            for inspection in round_.inspections.filter(status=Inspection.Status.SCHEDULED):
                notice_offer(inspection=inspection)
        except BaseException:
            with suppress(OSError):  # the refusal is what the caller must see
                round_.province_doc_file.delete(save=False)
            raise
    return round_


def notice_offer(*, inspection):
    """Tells the office that the entry notice can go out once both gates are open (the
    province's approval and an authorised team), whichever opens last."""
    inspection = Inspection.objects.select_related("round", "team", "target_unit").get(
        pk=inspection.pk)
    if not notice_ready(inspection):
        return
    notify(users=office_ids(), url=inspection.get_absolute_url(), about=inspection,
           title=_("%(team)s is authorised and the province has approved: issue the entry "
                   "notice") % {"team": inspection.team.name},
           awaits=(INSPECTION_ACTIONS, "issue_notice", inspection))


def round_complete(*, round_, by, expected_version):
    """Ends the round: every team's authority ends with it (一次一授权)."""
    from teams.services import team_disband

    ROUND_ACTIONS.ensure_can(by, "complete", round_)
    with transaction.atomic():
        round_ = _locked(round_)
        _transition(round_, "complete", by=by, expected_version=expected_version)
        for team in round_.teams.exclude(status="disbanded"):
            team_disband(team=team, by=by, reason="round completed")
    return round_


# Inspections ------------------------------------------------------------------------------------

def _check_duration(inspection, *, by):
    entry, end = inspection.planned_entry_on, inspection.planned_end_on
    if end < entry:
        raise ValidationError({"planned_end_on": _("The end date is before the entry date.")})
    inspection.working_days = calendar.working_days_between(entry, end, load_calendar())
    if MIN_WORKING_DAYS <= inspection.working_days <= MAX_WORKING_DAYS:
        inspection.duration_exception_reason, inspection.duration_exception_by = "", None
    elif inspection.duration_exception_reason.strip():
        inspection.duration_exception_by = by
    else:
        raise ValidationError({"duration_exception_reason": _(
            "The on-site period is %(days)s working days; Art 11 asks for 20–40. Record the "
            "office's decision and its reason to go outside that range."
        ) % {"days": inspection.working_days}})


def suggested_end_dates(entry_on):
    """The last allowed end dates for an entry date: the 20th and the 40th working day."""
    cal = load_calendar()
    return (calendar.nth_working_day(entry_on, MIN_WORKING_DAYS, cal),
            calendar.nth_working_day(entry_on, MAX_WORKING_DAYS, cal))


def inspection_save(*, by, round_, inspection=None, expected_version=None, **fields):
    if any(a not in ContentArea.values for a in fields.get("content_areas", [])):
        raise ValidationError({"content_areas": _("Unknown content area.")})
    if not fields.get("content_areas", True):
        raise ValidationError({"content_areas": _("Choose at least one content area.")})
    if inspection is None:
        ROUND_ACTIONS.ensure_can(by, "add_target", round_)
    else:
        INSPECTION_ACTIONS.ensure_can(by, "edit", inspection)
    with transaction.atomic():
        round_ = _locked(round_)
        if round_.status not in {Round.Status.DRAFT, Round.Status.APPROVED,
                                 Round.Status.PROVINCE_APPROVED}:
            raise ValidationError(_("Target units can no longer change in this round."))
        if inspection is None:
            inspection = Inspection(round=round_, **fields)
        else:
            inspection = _locked(inspection)
            if inspection.status != Inspection.Status.SCHEDULED:
                raise ValidationError(_("The notice is issued: the inspection is fixed."))
            for name, value in fields.items():
                setattr(inspection, name, value)
        _check_duration(inspection, by=by)
        _check_recheck(inspection)
        if Inspection.objects.filter(round=round_, target_unit=inspection.target_unit).exclude(
                pk=inspection.pk).exists():
            raise ValidationError({"target_unit": _("This unit is already in the round.")})
        return save_versioned(inspection, by=by, reason="save",
                              expected_version=expected_version)


RECHECKABLE = {Inspection.Status.RECTIFYING, Inspection.Status.CLOSED,
               Inspection.Status.ARCHIVED}


def _check_recheck(inspection):
    """A follow-up (回头看, Art 13) names the earlier inspection of the same unit whose
    rectification it re-checks; any other kind names none."""
    earlier = inspection.rechecks
    if inspection.inspection_type != InspectionType.FOLLOW_UP:
        if earlier is not None:
            raise ValidationError({"rechecks": _("Only a follow-up (回头看) re-checks an "
                                                 "earlier inspection.")})
        return
    if earlier is None:
        if Inspection.objects.filter(pk=inspection.pk, inspection_type=InspectionType.FOLLOW_UP,
                                     rechecks__isnull=True).exists():
            # Recorded before follow-ups named what they re-check (or re-checking an
            # inspection that predates the system): it stays editable as it is.
            return
        raise ValidationError({"rechecks": _("Choose the earlier inspection this follow-up "
                                             "re-checks.")}, code="required")
    if earlier.target_unit_id != inspection.target_unit_id:
        raise ValidationError({"rechecks": _("Choose an inspection of the same unit.")})
    if earlier.status not in RECHECKABLE or earlier.round_id == inspection.round_id:
        raise ValidationError({"rechecks": _(
            "Choose an earlier inspection whose rectification has begun.")})


def inspection_decide_early_end(*, inspection, by, reason, expected_version):
    """Art 11: the office decides that on-site work may end before its 20th working day."""
    INSPECTION_ACTIONS.ensure_can(by, "decide_early_end", inspection)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the office's reason for ending early.")})
    with transaction.atomic():
        inspection = _locked(inspection)
        inspection.early_end_reason, inspection.early_end_by = reason.strip(), by
        return save_versioned(inspection, by=by, reason="decide_early_end",
                              expected_version=expected_version, clean=False)


def notice_issue(*, inspection, by, addressee, body):
    """Art 13: the written notice before entry. Refused until the province has approved."""
    with transaction.atomic():
        INSPECTION_ACTIONS.ensure_can(by, "issue_notice", inspection)
        # Round before inspection, as inspection_save does: one lock order, no deadlock.
        round_ = _locked(inspection.round)
        inspection = _locked(inspection)
        if round_.status not in {Round.Status.PROVINCE_APPROVED, Round.Status.IN_PROGRESS} \
                or not round_.has_provincial_approval():
            raise ValidationError(_(
                "The provincial leading group's approval (document number, date and scan) must "
                "be recorded for this round before any notice is issued (Art 3)."
            ), code="province_gate")
        team = inspection.team
        if team is None or team.status != "authorised":
            raise ValidationError(_("Assign an authorised inspection team before the notice."),
                                  code="team_not_authorised")
        now = clock.now()
        number = document_number_issue(doc_type=DocumentType.NOTICE, year=now.year)
        notice = Notice(inspection=inspection, document_number=number, addressee=addressee,
                        body=body, issued_at=now, issued_by=by)
        notice._history_user = by
        notice.full_clean()
        notice.save()
        _transition(inspection, "issue_notice", by=by, reason=number)
        if round_.status == Round.Status.PROVINCE_APPROVED:
            _transition(round_, "start", by=by, reason=f"first notice {number}")
        leader = team.memberships.filter(left_at__isnull=True, position="leader").first()
        deadline_create(
            kind=Deadline.Kind.ONSITE_END, subject=inspection, inspection=inspection, by=by,
            title=_("On-site inspection of %(unit)s ends") % {"unit": inspection.target_unit},
            start_on=inspection.planned_entry_on, rule=f"{inspection.working_days}wd",
            unit=inspection.target_unit, owner=leader.user if leader else None,
        )
        _tell_unit(inspection, _("Inspection notice %(number)s received") % {"number": number},
                   notice.get_absolute_url())
    return notice


def _tell_unit(inspection, title, url):
    notify(users=UnitContact.objects.filter(unit=inspection.target_unit)
           .values_list("user_id", flat=True), title=title, url=url, about=inspection)


def announcement_publish(*, inspection, by, body, schedule, address, mailbox, phone):
    INSPECTION_ACTIONS.ensure_can(by, "publish_announcement", inspection)
    with transaction.atomic():
        inspection = _locked(inspection)
        if not Notice.objects.filter(inspection=inspection).exists():
            raise ValidationError(_("Issue the entry notice before the announcement."))
        if Announcement.objects.filter(inspection=inspection).exists():
            raise ValidationError(_("The announcement is already published."))
        now = clock.now()
        announcement = Announcement(
            inspection=inspection, body=body, schedule=schedule, address=address,
            mailbox=mailbox, phone=phone, published_at=now, published_by=by,
            document_number=document_number_issue(doc_type=DocumentType.ANNOUNCEMENT,
                                                  year=now.year),
        )
        announcement._history_user = by
        announcement.full_clean()
        announcement.save()
    return announcement
