"""Who sees plans, rounds, inspections and what the team records (DESIGN §3), and the role
rules the inspections actions table names."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from accounts.access import (  # noqa: F401  (role rules the actions tables name)
    is_contact_of,
    is_leadership_member,
    is_office,
    is_office_director,
    is_party_group_member,
    is_party_secretary,
    serves_on_a_team,
    works_in,
)
from accounts.models import Role
from config.actions import memoized
from teams.models import Team, TeamMembership

from .models import (
    Announcement,
    Attachment,
    BasisClause,
    EscalationRequest,
    FieldworkRecord,
    FilingRecord,
    Finding,
    GoodPractice,
    ImmediateRectification,
    Inspection,
    InterviewNote,
    MaterialRequest,
    MidtermReport,
    Notice,
    OfficePaper,
    Petition,
    Plan,
    Report,
    Round,
)

OVERSIGHT = (Role.OFFICE, Role.LEADERSHIP, Role.PARTY_GROUP)


def _get(queryset, pk):
    return get_object_or_404(queryset, pk=pk)


def basis_clauses_visible_to(user):
    """Summaries of published regulations: anyone signed in reads them, as the findings sent
    to a unit cite them."""
    if not user.is_authenticated:
        return BasisClause.objects.none()
    return BasisClause.objects.all()


def get_basis_clause_for_user(user, pk):
    return _get(basis_clauses_visible_to(user), pk)


def ensure(allowed):
    if not allowed:
        raise PermissionDenied


# Role rules on an inspection's team (一次一授权: only an authorised team, until archiving) ----

@memoized
def team_position(user, inspection):
    """The user's position on the inspection's authorised team, or None."""
    if inspection is None or inspection.team_id is None \
            or inspection.status == Inspection.Status.ARCHIVED or not serves_on_a_team(user):
        return None
    return TeamMembership.objects.filter(
        user=user, team_id=inspection.team_id, left_at__isnull=True,
        team__status=Team.Status.AUTHORISED,
    ).values_list("position", flat=True).first()


def team_member_ids(inspection, *positions):
    """Who to tell on the inspection's team: its current members in `positions`."""
    if inspection is None or inspection.team_id is None:
        return []
    return list(TeamMembership.objects.filter(
        team_id=inspection.team_id, left_at__isnull=True, position__in=positions,
    ).values_list("user_id", flat=True))


def is_on_team_of(user, inspection):
    return team_position(user, inspection) is not None


def leads_team_of(user, inspection):
    return team_position(user, inspection) == TeamMembership.Position.LEADER


def deputises_team_of(user, inspection):
    return team_position(user, inspection) == TeamMembership.Position.DEPUTY


def leads_or_deputises(user, inspection):
    return team_position(user, inspection) in {TeamMembership.Position.LEADER,
                                               TeamMembership.Position.DEPUTY}


def edits_in_word(user, inspection):
    """The Word file of a document is for its issuing side to finish and sign: the office and
    the inspection's team. Everyone else who reads it reads the PDF."""
    return is_office(user) or is_on_team_of(user, inspection)


def office_or_team(user, inspection):
    return is_office(user) or is_on_team_of(user, inspection)


def is_contact_of_target(user, inspection):
    return is_contact_of(user, inspection.target_unit)


def created_it(user, obj):
    return obj.created_by_id == user.pk


def submitted_plan(user, plan):
    """Drafted or submitted it: someone else approves (separation of duties)."""
    return created_it(user, plan) or plan.reviews.filter(action="submit", by=user).exists()


def submitted_round(user, round_):
    return created_it(user, round_) or round_.history.filter(
        history_user=user, status=Round.Status.SUBMITTED).exists()


def is_author(user, finding):
    return finding.author_id == user.pk


def leads_finding_team(user, finding):
    return leads_team_of(user, finding.inspection)


def deputises_finding_team(user, finding):
    return deputises_team_of(user, finding.inspection)


def reviews_finding(user, finding):
    return leads_or_deputises(user, finding.inspection)


def writes_findings_of(user, obj):
    """A team member of the finding's or report's inspection."""
    return is_on_team_of(user, obj.inspection)


def leads_team_of_record(user, obj):
    return leads_team_of(user, obj.inspection)


def triages_petition(user, petition):
    return leads_or_deputises(user, petition.inspection)


def reviews_immediate(user, notice):
    return leads_or_deputises(user, notice.inspection)


def answers_immediate(user, notice):
    return is_contact_of(user, notice.inspection.target_unit)


def provides_materials(user, request):
    return is_contact_of(user, request.inspection.target_unit)


def plans_visible_to(user):
    if user.has_role(*OVERSIGHT):
        return Plan.objects.select_related("parent", "created_by")
    return Plan.objects.none()


def get_plan_for_user(user, pk):
    return _get(plans_visible_to(user), pk)


def inspections_visible_to(user):
    inspections = Inspection.objects.select_related("round", "target_unit", "team")
    if user.has_role(*OVERSIGHT):
        return inspections
    # 一次一授权: guardian rows, granted on authorisation and revoked when the round ends.
    return get_objects_for_user(user, "inspections.view_inspection", klass=inspections,
                                accept_global_perms=False)


def get_inspection_for_user(user, pk):
    return _get(inspections_visible_to(user), pk)


def rounds_visible_to(user):
    if user.has_role(*OVERSIGHT):
        return Round.objects.all()
    return Round.objects.filter(pk__in=inspections_visible_to(user).values("round_id"))


def get_round_for_user(user, pk):
    return _get(rounds_visible_to(user), pk)


def notices_visible_to(user):
    notices = Notice.objects.select_related("inspection__target_unit", "inspection__round",
                                            "issued_by")
    if user.has_role(*OVERSIGHT):
        return notices
    scope = Q(inspection__in=inspections_visible_to(user))
    if user.has_role(Role.UNIT_CONTACT):
        # The target unit's party organisation is the addressee of its own notice.
        scope |= Q(inspection__target_unit__contacts__user=user)
    return notices.filter(pk__in=Notice.objects.filter(scope).values("pk"))


def get_notice_for_user(user, pk):
    return _get(notices_visible_to(user), pk)


def announcements_visible_to(user):
    # The announcement is public by nature (Art 13); only its existence needs a login.
    return Announcement.objects.select_related("inspection__target_unit")


def get_announcement_for_user(user, pk):
    return _get(announcements_visible_to(user), pk)


def _team_inspections(user, perm):
    return get_objects_for_user(user, f"inspections.{perm}", klass=Inspection,
                                accept_global_perms=False)


def fieldwork_visible_to(user):
    records = FieldworkRecord.objects.select_related("inspection", "recorded_by")
    if user.is_office_director():
        return records
    scope = Q(inspection__in=_team_inspections(user, "record_fieldwork"))
    if is_office(user):
        # Art 27: once archived, the office keeps the materials.
        scope |= Q(inspection__status=Inspection.Status.ARCHIVED)
    return records.filter(scope)


def get_fieldwork_for_user(user, pk):
    return _get(fieldwork_visible_to(user), pk)


def notes_visible_to(user):
    """DESIGN §3: the note's interviewers, the team's leader and deputy, the office director."""
    notes = InterviewNote.objects.select_related("inspection__target_unit")
    if user.is_office_director():
        return notes
    allowed = _team_inspections(user, "view_inspection")
    leads = TeamMembership.objects.filter(user=user, left_at__isnull=True,
                                          position__in=["leader", "deputy"])
    return notes.filter(inspection__in=allowed).filter(
        Q(interviewers=user) | Q(inspection__team__in=leads.values("team_id"))
    ).distinct()


def get_note_for_user(user, pk):
    return _get(notes_visible_to(user), pk)


def findings_visible_to(user):
    findings = Finding.objects.select_related("inspection__target_unit", "author")
    if user.has_role(Role.OFFICE):
        return findings
    scope = Q(inspection__in=_team_inspections(user, "write_findings"))
    if user.has_role(Role.LEADERSHIP):
        # The leadership group reads findings once a report carrying them is submitted.
        scope |= Q(reports__status=Report.Status.SUBMITTED)
    return findings.filter(pk__in=Finding.objects.filter(scope).values("pk"))


def get_finding_for_user(user, pk):
    return _get(findings_visible_to(user), pk)


def reports_visible_to(user):
    reports = Report.objects.select_related("inspection__target_unit", "author")
    if user.has_role(Role.OFFICE):
        return reports
    scope = Q(inspection__in=_team_inspections(user, "write_findings"))
    # The leadership group hears the report and reads its revision; the party group hears the
    # revision sent to it (Art 17). Drafts stay with the team.
    if user.has_role(Role.LEADERSHIP):
        scope |= Q(status__in=[Report.Status.SUBMITTED, Report.Status.SENT])
    if user.has_role(Role.PARTY_GROUP):
        scope |= Q(status=Report.Status.SENT)
    return reports.filter(scope)


def get_report_for_user(user, pk):
    return _get(reports_visible_to(user), pk)


def get_attachment_for_user(user, pk):
    attachment = _get(Attachment.objects.select_related("fieldwork", "finding"), pk)
    if attachment.fieldwork_id:
        get_fieldwork_for_user(user, attachment.fieldwork_id)
    else:
        get_finding_for_user(user, attachment.finding_id)
    return attachment


def get_archived_inspection_for_user(user, pk):
    inspection = get_inspection_for_user(user, pk)
    ensure(is_office(user))
    if inspection.status != Inspection.Status.ARCHIVED:
        raise Http404
    return inspection


def petitions_visible_to(user):
    petitions = Petition.objects.select_related("inspection__target_unit")
    if user.is_office_director():
        return petitions
    return petitions.filter(inspection__in=_team_inspections(user, "record_fieldwork"))


def get_petition_for_user(user, pk):
    return _get(petitions_visible_to(user), pk)


def can_see_reporter(user, petition):
    """DESIGN §3: who reported is for the team leader and the office director only."""
    if user.is_office_director():
        return True
    return TeamMembership.objects.filter(
        user=user, left_at__isnull=True, position="leader", team_id=petition.inspection.team_id
    ).exists()


def get_petition_form_target(token):
    """The public reporting form: open while the inspection takes petitions."""
    try:
        announcement = Announcement.objects.select_related("inspection__target_unit").get(
            petition_token=token)
    except Announcement.DoesNotExist:
        raise Http404 from None
    if announcement.inspection.status not in {"notified", "on_site", "reporting"}:
        raise Http404
    return announcement


def immediate_visible_to(user):
    notices = ImmediateRectification.objects.select_related("inspection__target_unit")
    if is_office(user):
        return notices
    scope = Q(inspection__in=_team_inspections(user, "view_inspection"))
    if user.has_role(Role.UNIT_CONTACT):
        # The unit answers its own notices (Art 15).
        scope |= Q(inspection__target_unit__contacts__user=user)
    return notices.filter(pk__in=ImmediateRectification.objects.filter(scope).values("pk"))


def sees_office_papers(user):
    """The office's papers: the office, and the leadership and party groups it works for."""
    return user.has_role(*OVERSIGHT)


def papers_visible_to(user):
    if sees_office_papers(user):
        return OfficePaper.objects.select_related("recorded_by")
    return OfficePaper.objects.none()


def get_paper_for_user(user, pk):
    return _get(papers_visible_to(user), pk)


def filings_visible_to(user):
    if is_office(user):
        return FilingRecord.objects.select_related("filed_by")
    return FilingRecord.objects.none()


def practices_visible_to(user):
    """The register (Art 25) is the office's and the leadership and party groups'; a team sees
    what was recommended from its own inspections."""
    practices = GoodPractice.objects.select_related("inspection__target_unit",
                                                    "inspection__round", "recommended_by")
    if user.has_role(*OVERSIGHT):
        return practices
    return practices.filter(pk__in=GoodPractice.objects.filter(
        inspection__in=_team_inspections(user, "view_inspection")).values("pk"))


def get_practice_for_user(user, pk):
    return _get(practices_visible_to(user), pk)


def get_immediate_for_user(user, pk):
    return _get(immediate_visible_to(user), pk)


def material_requests_visible_to(user):
    """The team and the office see the requests; the unit sees what was asked of it."""
    requests = MaterialRequest.objects.select_related("inspection__target_unit",
                                                      "requested_by", "provided_by")
    if is_office(user):
        return requests
    scope = Q(inspection__in=_team_inspections(user, "view_inspection"))
    if user.has_role(Role.UNIT_CONTACT):
        scope |= Q(inspection__target_unit__contacts__user=user)
    return requests.filter(pk__in=MaterialRequest.objects.filter(scope).values("pk"))


def get_material_request_for_user(user, pk):
    return _get(material_requests_visible_to(user), pk)


def escalations_visible_to(user):
    requests = EscalationRequest.objects.select_related("inspection__target_unit", "raised_by")
    if user.has_role(Role.OFFICE, Role.LEADERSHIP):
        return requests
    return requests.filter(inspection__in=_team_inspections(user, "view_inspection"))


def get_escalation_for_user(user, pk):
    return _get(escalations_visible_to(user), pk)


def midterm_reports_visible_to(user):
    reports = MidtermReport.objects.select_related("reported_by", "opinion_by")
    if user.has_role(Role.OFFICE, Role.LEADERSHIP):
        return reports
    return reports.filter(inspection__in=_team_inspections(user, "view_inspection"))


def get_midterm_for_user(user, pk):
    return _get(midterm_reports_visible_to(user), pk)


def team_records_reach(user, inspection):
    """(sees, opens) for the team's records of one inspection, from one lookup of the reader's
    permissions on it. Sees: the links to the team's own pages (fieldwork, notes, petitions,
    findings), each page still showing only what its own rule allows. Opens: fieldwork and
    petitions, read by the team members who record them (office staff on the team included)
    and by the office director who answers for the whole round (Art 6); the office's other
    staff do not read them."""
    if is_office(user) and user.is_office_director():
        return True, True
    perms = ObjectPermissionChecker(user).get_perms(inspection) if user.is_active else ()
    return is_office(user) or "view_inspection" in perms, "record_fieldwork" in perms


def sees_team_records(user, inspection):
    return team_records_reach(user, inspection)[0]


def opens_team_records(user, inspection):
    return team_records_reach(user, inspection)[1]


def edits_notice_in_word(user):
    """The office finishes an entry notice in Word; everyone else reads the PDF."""
    return is_office(user)


def reads_province_approval(user):
    """The provincial approval's scan is the office's, the leadership's and the party group's."""
    return user.has_role(*OVERSIGHT)


def can_follow_up(user, inspection):
    """The page of during-inspection records: the team, the office, the leadership group."""
    return user.has_role(Role.OFFICE, Role.LEADERSHIP) or user.has_perm(
        "inspections.view_inspection", inspection)
