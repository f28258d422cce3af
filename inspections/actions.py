"""Who may do what to plans, rounds, inspections and the team's records, in which state."""

from django.utils.translation import gettext_lazy as _

from accounts.access import is_office, is_party_secretary
from config.actions import Action, ActionTable, Requirement, Work
from deadlines import calendar, clock
from deadlines.services import load_calendar

from . import access
from .models import (
    MIN_WORKING_DAYS,
    BasisClause,
    EscalationRequest,
    FilingRecord,
    Finding,
    GoodPractice,
    ImmediateRectification,
    Inspection,
    MaterialRequest,
    MidtermReport,
    OfficePaper,
    Petition,
    Plan,
    Report,
    Round,
)

OFFICE = _("the inspection office")
LEADERSHIP = _("members of the leadership group")
TEAM = _("members of this inspection's team")
LEADER = _("the team leader")
LEAD = _("the team leader or deputy leader")
PARTY_SECRETARY = _("the party secretary, for the party group")

P, R, IS = Plan.Status, Round.Status, Inspection.Status
FIELDWORK = {IS.NOTIFIED, IS.ON_SITE, IS.REPORTING}
OPEN = set(IS) - {IS.CLOSED, IS.ARCHIVED}


def _office_or_secretary(user, obj=None):
    return is_office(user) or is_party_secretary(user)


def _revision_sent(inspection):
    return inspection.reports.filter(revision_of__isnull=False, status=RS.SENT).exists()


def _onsite_long_enough(inspection):
    """Art 11: on-site work lasts at least 20 working days, or the shorter period the office
    planned; ending earlier still is the office's decision, recorded with its reason."""
    if inspection.early_end_reason.strip():
        return True
    # A period under 20 days exists only with the office's recorded planning decision.
    minimum = min(MIN_WORKING_DAYS, inspection.working_days or MIN_WORKING_DAYS)
    last_short_day = calendar.nth_working_day(inspection.planned_entry_on, minimum,
                                              load_calendar()).due
    return clock.today() >= last_short_day


ONSITE_LONG_ENOUGH = Requirement(_onsite_long_enough, _(
    "On-site work lasts at least 20 working days (Art 11). To end it earlier, the inspection "
    "office records its decision and reason on the inspection first."), code="too_short")

PLAN_ACTIONS = ActionTable(Plan, [
    Action("create", _("New plan"), who=access.is_office, who_text=OFFICE,
           done=_("Plan saved as a draft: submit it to the leadership group when ready.")),
    Action("edit", _("Edit the plan"), who=access.is_office, who_text=OFFICE,
           from_states={P.DRAFT, P.RETURNED},
           done=_("Plan saved: submit it to the leadership group when ready.")),
    Action("submit", _("Submit to the leadership group"), work=Work.DRAFT,
           who=access.is_office, who_text=OFFICE,
           from_states={P.DRAFT, P.RETURNED},
           done=_("Plan submitted: the leadership group reviews it and you will be told.")),
    Action("approve", _("Approve"), work=Work.APPROVE,
           who=access.is_leadership_member, who_text=LEADERSHIP,
           from_states={P.SUBMITTED}, unless=access.submitted_plan,
           unless_text=_("You drafted or submitted this plan: another member approves it."),
           requires=(Requirement(lambda plan: plan.kind == Plan.Kind.ANNUAL, _(
               "The party group makes the term plan (Art 3): review it and pass it on."),
               code="term_plan"),),
           done=_("Plan approved.")),
    Action("review", _("Pass to the party group"), work=Work.APPROVE,
           who=access.is_leadership_member, who_text=LEADERSHIP,
           from_states={P.SUBMITTED}, unless=access.submitted_plan,
           unless_text=_("You drafted or submitted this plan: another member reviews it."),
           requires=(Requirement(lambda plan: plan.kind == Plan.Kind.TERM, _(
               "The leadership group approves an annual plan itself (Art 8)."),
               code="annual_plan"),),
           done=_("Reviewed: the term plan goes to the party group, which decides it.")),
    Action("return", _("Return for changes"), work=Work.APPROVE,
           who=access.is_leadership_member,
           who_text=LEADERSHIP, from_states={P.SUBMITTED},
           done=_("Plan returned to the office with your comment.")),
    Action("decide", _("Record the party group's decision"), work=Work.DECIDE,
           who=is_party_secretary, who_text=PARTY_SECRETARY, from_states={P.REVIEWED},
           irreversible=_("Record that the party group made this term plan? The meeting you "
                          "name in the comment is kept with it."),
           done=_("Term plan made by the party group: the office plans its rounds under it.")),
    Action("send_back", _("Return for changes"), work=Work.DECIDE,
           who=is_party_secretary, who_text=PARTY_SECRETARY, from_states={P.REVIEWED},
           done=_("Plan returned to the office with the party group's comment.")),
], visible=access.plans_visible_to)


def _has_targets(round_):
    return round_.inspections.exists()


def _all_archived(round_):
    return not round_.inspections.exclude(status=IS.ARCHIVED).exists()


ROUND_ACTIONS = ActionTable(Round, [
    Action("create", _("New round"), who=access.is_office, who_text=OFFICE,
           done=_("Round saved: add its target units, then submit it.")),
    Action("edit", _("Edit the round"), who=access.is_office, who_text=OFFICE,
           from_states={R.DRAFT},
           done=_("Round saved: add its target units, then submit it.")),
    Action("add_target", _("Add a target unit"), who=access.is_office, who_text=OFFICE,
           from_states={R.DRAFT, R.APPROVED, R.PROVINCE_APPROVED},
           done=_("Target unit saved: issue the notice once the round is approved.")),
    Action("submit", _("Submit to the leadership group"), work=Work.DRAFT,
           who=access.is_office, who_text=OFFICE,
           from_states={R.DRAFT},
           requires=(Requirement(_has_targets, _("Add at least one target unit before "
                                                 "submitting the round.")),),
           done=_("Round submitted: the leadership group reviews it and you will be told.")),
    Action("approve", _("Approve"), work=Work.APPROVE,
           who=access.is_leadership_member, who_text=LEADERSHIP,
           from_states={R.SUBMITTED}, unless=access.submitted_round,
           unless_text=_("You drafted or submitted this round: another member approves it."),
           done=_("Round approved: the office now records the provincial approval (Art 3).")),
    Action("return", _("Return for changes"), work=Work.APPROVE,
           who=access.is_leadership_member,
           who_text=LEADERSHIP, from_states={R.SUBMITTED},
           done=_("Round returned to the office with your comment.")),
    Action("record_province_approval", _("Record the provincial approval"), work=Work.RECORD,
           who=access.is_office, who_text=OFFICE, from_states={R.APPROVED},
           done=_("Provincial approval recorded: notices can now be issued.")),
    Action("form_team", _("Form a team"), who=access.is_office, who_text=OFFICE,
           from_states={R.APPROVED, R.PROVINCE_APPROVED, R.IN_PROGRESS},
           done=_("Team formed: add its members and target units, then ask the leadership "
                  "group to approve it.")),
    Action("complete", _("Complete the round"), who=access.is_office, who_text=OFFICE,
           from_states={R.IN_PROGRESS},
           requires=(Requirement(_all_archived, _("Archive every inspection of the round "
                                                  "before completing it.")),),
           irreversible=_("Complete the round? Every team's authority for it ends at once."),
           done=_("Round completed: every team of the round is disbanded.")),
], visible=access.rounds_visible_to)


def _province_approved(inspection):
    return inspection.round.status in {R.PROVINCE_APPROVED, R.IN_PROGRESS} \
        and inspection.round.has_provincial_approval()


def _team_authorised(inspection):
    return inspection.team_id is not None and inspection.team.status == "authorised"


def notice_ready(inspection):
    """Both gates of the entry notice are open: the province approved, the team authorised."""
    return inspection.status == IS.SCHEDULED and _province_approved(inspection) \
        and _team_authorised(inspection)


def _noticed(inspection):
    return hasattr(inspection, "notice")


def _not_announced(inspection):
    return not hasattr(inspection, "announcement")


INSPECTION_ACTIONS = ActionTable(Inspection, [
    Action("edit", _("Edit"), who=access.is_office, who_text=OFFICE,
           from_states={IS.SCHEDULED}),
    Action("issue_notice", _("Issue the entry notice"), who=access.is_office, who_text=OFFICE,
           from_states={IS.SCHEDULED},
           requires=(Requirement(_province_approved, _(
               "Record the provincial leading group's approval for this round before any "
               "notice is issued (Art 3)."), code="province_gate"),
                     Requirement(_team_authorised, _(
                         "Assign an authorised inspection team before the notice."))),
           work=Work.ISSUE,
           done=_("Notice issued: the unit has been told, and the on-site deadline runs from "
                  "the entry date.")),
    Action("publish_announcement", _("Publish the announcement"), who=access.office_or_team,
           who_text=_("the inspection office or the team"), from_states=FIELDWORK,
           requires=(Requirement(_noticed, _("Issue the entry notice before the "
                                             "announcement.")),
                     Requirement(_not_announced, _("The announcement is already published."))),
           done=_("Announcement published: its online reporting form is open.")),
    Action("record_fieldwork", _("Record fieldwork"), who=access.is_on_team_of, who_text=TEAM,
           from_states=FIELDWORK, done=_("Fieldwork recorded.")),
    Action("record_interview", _("Record an interview"), who=access.is_on_team_of,
           who_text=TEAM, from_states=FIELDWORK,
           done=_("Interview recorded; only its interviewers, the team leader and deputy and "
                  "the office director can read it.")),
    Action("record_petition", _("Record a petition"), who=access.is_on_team_of, who_text=TEAM,
           from_states=FIELDWORK,
           done=_("Petition recorded: the team leader or deputy decides how it is handled.")),
    # The reporting address published in the announcement (Art 13): anyone, no sign-in.
    Action("receive_online_petition", _("Report online"), who=access.is_on_team_of,
           who_text=TEAM, from_states=FIELDWORK, public=True),
    Action("write_finding", _("New finding"), who=access.is_on_team_of, who_text=TEAM,
           from_states=FIELDWORK,
           done=_("Finding saved as a draft: submit it when it is ready for sign-off.")),
    Action("write_report", _("New report"), who=access.is_on_team_of, who_text=TEAM,
           from_states=FIELDWORK, done=_("Report saved as a draft.")),
    # Art 25: the team also looks for what the unit does well, and recommends it.
    Action("recommend_practice", _("Recommend a good practice"), who=access.is_on_team_of,
           who_text=TEAM, from_states=FIELDWORK,
           done=_("Recommended: the inspection office decides whether it enters the register "
                  "of good practices.")),
    Action("decide_early_end", _("Decide to end on-site work early"), who=access.is_office,
           who_text=OFFICE, from_states={IS.NOTIFIED, IS.ON_SITE},
           done=_("Decision recorded: the team leader can now end on-site work.")),
    Action("end_onsite", _("End on-site work"), who=access.leads_team_of, who_text=LEADER,
           from_states={IS.ON_SITE}, requires=(ONSITE_LONG_ENOUGH,),
           irreversible=_("End on-site work today? No more fieldwork can be recorded, and the "
                          "leadership group must hear the report within one month."),
           done=_("On-site work ended; the hearing is due within one month.")),
    Action("record_hearing", _("Record the leadership group's hearing"), work=Work.HEAR,
           who=access.is_leadership_member, who_text=LEADERSHIP,
           from_states={IS.REPORT_SUBMITTED},
           done=_("Hearing recorded: the team prepares the feedback for the party group's "
                  "consent.")),
    Action("record_party_hearing", _("Record the party group's hearing"), work=Work.HEAR,
           who=_office_or_secretary, who_text=_("the inspection office or the party secretary"),
           from_states={IS.HEARD},
           requires=(Requirement(_revision_sent, _("The team sends the revised report to the "
                                                   "party group first.")),
                     Requirement(lambda inspection: not hasattr(inspection, "party_hearing"),
                                 _("The party group's hearing is already recorded."))),
           done=_("Party group hearing recorded: the team can ask for consent to the "
                  "feedback.")),
    Action("issue_immediate", _("Immediate rectification notice"),
           who=access.leads_or_deputises, who_text=LEAD, from_states=FIELDWORK,
           done=_("Notice sent to the unit: it replies with what it has done.")),
    Action("request_materials", _("Request materials or a work report"),
           who=access.leads_or_deputises, who_text=LEAD, from_states=FIELDWORK,
           done=_("Request sent to the unit: it is told the date and reminded as it nears.")),
    Action("report_midterm", _("Mid-term report"), who=access.leads_or_deputises,
           who_text=LEAD, from_states=FIELDWORK,
           done=_("Mid-term report recorded: the leadership group gives its opinion.")),
    Action("raise_escalation", _("Request instructions (Art 26)"),
           who=access.leads_or_deputises, who_text=LEAD, from_states=OPEN,
           done=_("Request sent to the inspection office.")),
    Action("archive", _("Archive the materials"), who=access.is_office, who_text=OFFICE,
           from_states={IS.CLOSED},
           irreversible=_("Archive? The inspection becomes read-only and the team's authority "
                          "on it ends."),
           done=_("Archived: the inspection is read-only and the team's authority on it has "
                  "ended.")),
], visible=access.inspections_visible_to)

F = Finding.Status
FINDING_ACTIONS = ActionTable(Finding, [
    Action("edit", _("Edit"), who=access.writes_findings_of, who_text=TEAM,
           requires=(Requirement(lambda f: f.inspection.status in OPEN,
                                 _("The inspection is closed: its findings are read-only.")),)),
    Action("submit", _("Submit for review"), work=Work.DRAFT, who=access.is_author,
           who_text=_("the finding's author"), from_states={F.DRAFT},
           done=_("Finding submitted: the deputy leader signs it next.")),
    Action("sign_deputy", _("Sign as deputy leader"), work=Work.SIGN,
           who=access.deputises_finding_team,
           who_text=_("the team's deputy leader"), from_states={F.SUBMITTED},
           unless=access.is_author,
           unless_text=_("The author of a finding cannot sign it at a higher level."),
           done=_("Signed: the finding now awaits the team leader.")),
    Action("sign_leader", _("Sign as team leader"), work=Work.SIGN,
           who=access.leads_finding_team,
           who_text=LEADER, from_states={F.DEPUTY_REVIEWED}, unless=access.is_author,
           unless_text=_("The author of a finding cannot sign it at a higher level."),
           done=_("Signed: the finding is approved and can go into the report.")),
    Action("return", _("Return with comment"), work=Work.SIGN,
           who=access.reviews_finding, who_text=LEAD,
           from_states={F.SUBMITTED, F.DEPUTY_REVIEWED},
           done=_("Returned to the author with your comment.")),
], visible=access.findings_visible_to)

RS = Report.Status
REPORT_ACTIONS = ActionTable(Report, [
    Action("edit", _("Edit"), who=access.writes_findings_of, who_text=TEAM,
           from_states={RS.DRAFT}),
    Action("submit", _("Submit to the leadership group"), who=access.leads_team_of_record,
           who_text=LEADER, from_states={RS.DRAFT},
           requires=(Requirement(
               lambda report: report.revision_of_id is None,
               _("This is the version revised after the hearing: send it to the party group.")),
                     Requirement(
               lambda report: report.kind != Report.Kind.INSPECTION
               or report.inspection.status == IS.REPORTING,
               _("End on-site work before submitting the inspection report.")),),
           irreversible=_("Submit the report? It can no longer be edited, and the leadership "
                          "group hears it within one month of the on-site end."),
           done=_("Report submitted: the leadership group has been told and will hear it.")),
    # Art 17: after the hearing the team revises the report as the leadership group directed
    # and it goes to the party group; the version heard stays as it was.
    Action("revise", _("Revise after the hearing"), work=Work.DRAFT,
           who=access.leads_team_of_record, who_text=LEADER, from_states={RS.SUBMITTED},
           requires=(Requirement(
               lambda report: report.kind == Report.Kind.INSPECTION
               and report.inspection.status == IS.HEARD,
               _("The leadership group hears the report first.")),
                     Requirement(lambda report: not hasattr(report, "revision"),
                                 _("The report has already been revised."))),
           done=_("A new version was made from the one heard: revise it as the leadership "
                  "group directed, then send it to the party group.")),
    Action("send", _("Send to the party group"), who=access.leads_team_of_record,
           who_text=LEADER, from_states={RS.DRAFT},
           requires=(Requirement(lambda report: report.revision_of_id is not None,
                                 _("Only the version revised after the hearing goes to the "
                                   "party group.")),),
           irreversible=_("Send the revised report to the party group? It can no longer be "
                          "edited."),
           done=_("Revised report sent: the party group hears it, and the feedback waits "
                  "for that hearing.")),
], visible=access.reports_visible_to)

PS = Petition.Status
PETITION_ACTIONS = ActionTable(Petition, [
    Action("review", _("Start review"), who=access.triages_petition, who_text=LEAD,
           from_states={PS.RECEIVED}, done=_("Petition under review.")),
    Action("close", _("Close with this handling"), who=access.triages_petition, who_text=LEAD,
           from_states={PS.RECEIVED, PS.UNDER_REVIEW}, work=Work.HANDLE,
           done=_("Petition closed with the handling recorded.")),
], visible=access.petitions_visible_to)

IR = ImmediateRectification.Status
IMMEDIATE_ACTIONS = ActionTable(ImmediateRectification, [
    Action("reply", _("Reply"), work=Work.REPLY,
           who=access.answers_immediate,
           who_text=_("the unit's contacts"), from_states={IR.ISSUED},
           done=_("Reply sent: the team reviews it.")),
    Action("close", _("Close"), work=Work.REVIEW,
           who=access.reviews_immediate, who_text=LEAD,
           from_states={IR.REPLIED}, done=_("Notice closed.")),
    Action("return", _("Return to the unit"), work=Work.REVIEW,
           who=access.reviews_immediate, who_text=LEAD,
           from_states={IR.REPLIED}, done=_("Returned to the unit with what is missing.")),
], visible=access.immediate_visible_to)

MR = MaterialRequest.Status

MATERIAL_REQUEST_ACTIONS = ActionTable(MaterialRequest, [
    Action("provide", _("Record what was provided"), work=Work.REPLY,
           who=access.provides_materials, who_text=_("the unit's contacts"),
           from_states={MR.REQUESTED},
           done=_("Recorded as provided: the team has been told.")),
], visible=access.material_requests_visible_to)

MIDTERM_ACTIONS = ActionTable(MidtermReport, [
    # One-time opinion of the leadership group: recorded by its members only (DESIGN §3).
    Action("give_opinion", _("Record the leadership group's opinion"), work=Work.OPINION,
           who=access.is_leadership_member, who_text=LEADERSHIP,
           requires=(Requirement(lambda report: not report.leadership_opinion,
                                 _("The leadership group's opinion is already recorded.")),),
           done=_("Opinion recorded; the team has been told.")),
], visible=access.midterm_reports_visible_to)

ES = EscalationRequest.Status
ESCALATION_ACTIONS = ActionTable(EscalationRequest, [
    Action("answer_office", _("Answer"), work=Work.ANSWER,
           who=access.is_office, who_text=OFFICE,
           from_states={ES.RAISED}, done=_("Answer sent to the team.")),
    Action("forward", _("Forward to the leadership group"), work=Work.ANSWER,
           who=access.is_office,
           who_text=OFFICE, from_states={ES.RAISED},
           done=_("Forwarded: the leadership group has been told.")),
    Action("answer_leadership", _("Answer for the leadership group"), work=Work.ANSWER,
           who=access.is_leadership_member, who_text=LEADERSHIP, from_states={ES.FORWARDED},
           done=_("Answer sent to the team and the office.")),
], visible=access.escalations_visible_to)


# The register of 定性依据 -----------------------------------------------------------------------

IN_FORCE = Requirement(lambda clause: clause.retired_at is None,
                       _("The clause is retired: put it back in force first."), code="retired")
BASIS_ACTIONS = ActionTable(BasisClause, [
    Action("create", _("Add a clause"), who=is_office, who_text=OFFICE,
           done=_("Clause added: teams can cite it in findings from now on.")),
    Action("edit", _("Edit"), who=is_office, who_text=OFFICE, requires=(IN_FORCE,),
           done=_("Clause saved; its history keeps the earlier wording.")),
    Action("retire", _("Retire"), who=is_office, who_text=OFFICE, requires=(IN_FORCE,),
           done=_("Clause retired: it is no longer offered for new findings; the findings "
                  "that cite it keep it.")),
    Action("restore", _("Put back in force"), who=is_office, who_text=OFFICE,
           requires=(Requirement(lambda clause: clause.retired_at is not None,
                                 _("The clause is in force."), code="in_force"),),
           done=_("Clause back in force: teams can cite it again.")),
], visible=access.basis_clauses_visible_to)


# 成功经验和先进典型 (Art 25) ------------------------------------------------------------------

GP = GoodPractice.Status
PRACTICE_ACTIONS = ActionTable(GoodPractice, [
    Action("adopt", _("Adopt into the register"), work=Work.REVIEW, who=is_office,
           who_text=OFFICE, from_states={GP.RECOMMENDED},
           done=_("Adopted: the office and the leadership group find it in the register of "
                  "good practices.")),
    Action("decline", _("Do not adopt"), work=Work.REVIEW, who=is_office, who_text=OFFICE,
           from_states={GP.RECOMMENDED},
           done=_("Not adopted; the team that recommended it is told why.")),
], visible=access.practices_visible_to)


# The office's papers and its filing with the province (Art 8 (1), (5), (6)) -------------------

PAPER_ACTIONS = ActionTable(OfficePaper, [
    Action("create", _("Add a paper"), who=is_office, who_text=OFFICE,
           done=_("Paper recorded; the filing package of its year includes it where it "
                  "belongs.")),
], visible=access.papers_visible_to)

FILING_ACTIONS = ActionTable(FilingRecord, [
    Action("file", _("Generate the filing package"), who=is_office, who_text=OFFICE,
           done=_("Filing package generated and recorded.")),
], visible=access.filings_visible_to)
