"""Talent pool and teams: formation, recusal, approval, authorisation (一次一授权)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit.models import SecurityEvent
from audit.services import security_event_record
from config.statemachine import check_version, locked, save_versioned, save_with_links, transition
from deadlines import clock
from deadlines.recipients import leadership_ids, office_ids, secretary_ids
from deadlines.services import check_happened, notify
from deadlines.todos import todo_waiting, todos_withdraw, todos_write
from inspections.actions import ROUND_ACTIONS
from inspections.models import Inspection
from inspections.services import notice_offer

from .actions import LAPSE_ACTIONS, MEMBERSHIP_ACTIONS, TALENT_ACTIONS, TEAM_ACTIONS
from .models import (
    DeclaredRelation,
    EmploymentRecord,
    RecusalDecision,
    RecusalDeclaration,
    TalentPoolEntry,
    Team,
    TeamLapse,
    TeamMembership,
    TrainingExemption,
    TrainingSession,
)

MIN_TEAM_SIZE, MAX_TEAM_SIZE = 6, 10  # Art 9
LAPSE_TRANSITIONS = {(TeamLapse.Status.RECORDED, "decide"): TeamLapse.Status.DECIDED}
RECUSAL_YEARS = 5
INSPECTION_PERMS = ["view_inspection", "record_fieldwork", "write_findings",
                    "review_rectification"]
ACTIVE_TEAM_STATUSES = [Team.Status.DRAFT, Team.Status.APPROVED, Team.Status.AUTHORISED]

T = Team.Status
TRANSITIONS = {
    (T.DRAFT, "approve"): T.APPROVED,
    (T.APPROVED, "reopen"): T.DRAFT,
    (T.APPROVED, "authorise"): T.AUTHORISED,
    (T.DRAFT, "disband"): T.DISBANDED,
    (T.APPROVED, "disband"): T.DISBANDED,
    (T.AUTHORISED, "disband"): T.DISBANDED,
}


def _transition(team, action, *, by, expected_version=None, reason=""):
    transition(team, action, TRANSITIONS, by=by, expected_version=expected_version,
               reason=reason)


_locked_team = locked


def _editable(team):
    if team.status != Team.Status.DRAFT:
        raise ValidationError(_("The team's composition is approved; it can no longer change "
                                "here."), code="team_fixed")


# Talent pool ------------------------------------------------------------------------------------

def talent_entry_save(*, by, user, specialties, availability, notes="", entry=None,
                      expected_version=None):
    TALENT_ACTIONS.ensure_can(by, "edit" if entry else "create", entry)
    with transaction.atomic():
        if entry is None:
            entry = TalentPoolEntry(user=user)
        else:
            entry = locked(entry)
            check_version(entry, expected_version)
        entry.specialties = sorted(specialties)
        entry.availability, entry.notes = availability, notes
        return save_versioned(entry, by=by, reason="save")


def talent_record_add(*, by, record):
    """Adds an employment record or a declared relation to a pool entry."""
    TALENT_ACTIONS.ensure_can(by, "add_record", record.entry)
    with transaction.atomic():
        record._history_user, record._change_reason = by, "add"
        record.full_clean()
        record.save()
    return record


# Membership -------------------------------------------------------------------------------------

def team_create(*, round_, name, by):
    ROUND_ACTIONS.ensure_can(by, "form_team", round_)
    with transaction.atomic():
        team = Team(round=round_, name=name)
        team._history_user, team._change_reason = by, "create"
        team.full_clean()
        team.save()
    return team


def busy_user_ids(*, exclude_team=None):
    """People already on a team that has not been disbanded: one team at a time (load)."""
    memberships = TeamMembership.objects.filter(
        left_at__isnull=True, team__status__in=ACTIVE_TEAM_STATUSES,
    ).exclude(team__round__status="completed")
    if exclude_team is not None:
        memberships = memberships.exclude(team=exclude_team)
    return set(memberships.values_list("user_id", flat=True))


def team_member_add(*, team, user, position, by):
    TEAM_ACTIONS.ensure_can(by, "add_member", team)
    with transaction.atomic():
        team = _locked_team(team)
        _editable(team)
        if not TalentPoolEntry.objects.filter(user=user).exists():
            raise ValidationError(_("Only people in the talent pool can join a team (Art 9)."))
        if user.pk in busy_user_ids(exclude_team=team):
            raise ValidationError(_("%(person)s is already on another active team.")
                                  % {"person": user})
        if team.memberships.filter(user=user, left_at__isnull=True).exists():
            raise ValidationError(_("%(person)s is already on this team.") % {"person": user})
        if position == TeamMembership.Position.LEADER and team.memberships.filter(
                position=TeamMembership.Position.LEADER, left_at__isnull=True).exists():
            raise ValidationError(_("The team already has a leader."))
        membership = TeamMembership(team=team, user=user, position=position)
        membership._history_user, membership._change_reason = by, "add"
        membership.save()
        _hand_over(team)
    return membership


def team_member_remove(*, membership, by, reason):
    """A member who leaves loses the round's permissions at once."""
    TEAM_ACTIONS.ensure_can(by, "remove_member", membership.team)
    with transaction.atomic():
        membership = locked(membership)
        if membership.team.status == Team.Status.APPROVED:
            # The approved composition no longer exists: the leadership group approves again.
            _transition(_locked_team(membership.team), "reopen", by=by,
                        reason=f"member left: {reason}")
        if membership.left_at is not None:
            return membership
        membership.left_at, membership.leave_reason = clock.now(), reason[:200]
        membership._history_user, membership._change_reason = by, f"remove: {reason}"
        membership.save()
        _revoke(membership.team, [membership.user], by=by)
        _hand_over(_locked_team(membership.team))
    return membership


def team_assign_inspection(*, team, inspection, by):
    TEAM_ACTIONS.ensure_can(by, "assign_inspection", team)
    with transaction.atomic():
        team = _locked_team(team)
        inspection = locked(inspection)
        if inspection.round_id != team.round_id:
            raise ValidationError(_("The inspection belongs to another round."))
        previous = Team.objects.filter(pk=inspection.team_id).first()
        # Only teams still being formed take or give up units: approval checked recusal
        # against the units it saw, and authorisation granted permissions on them.
        if team.status != Team.Status.DRAFT or inspection.status != "scheduled" or (
                previous is not None and previous.status != Team.Status.DRAFT):
            raise ValidationError(_("Assignments are fixed once a team's composition is "
                                    "approved."), code="assignment_fixed")
        inspection.team = team
        save_versioned(inspection, by=by, reason=f"assign {team.name}", clean=False)
        _hand_over(team)
    return inspection


def membership_declare(*, membership, by, declarations):
    """The member's own declaration: a list of (unit, facts); an empty list declares no ties."""
    with transaction.atomic():
        MEMBERSHIP_ACTIONS.ensure_can(by, "declare", membership)
        membership = locked(membership)
        for unit, detail in declarations:
            declaration = RecusalDeclaration(membership=membership, unit=unit, detail=detail)
            declaration._history_user = by
            declaration.save()
        membership.recusal_declared_at = clock.now()
        membership._history_user, membership._change_reason = by, "declare"
        membership.save()
        _hand_over(_locked_team(membership.team))
    return membership


def membership_sign_pledge(*, membership, by):
    """Art 28–29: no banquets or gifts, no personal requests, discipline and secrecy."""
    with transaction.atomic():
        MEMBERSHIP_ACTIONS.ensure_can(by, "sign_pledge", membership)
        membership = locked(membership)
        if membership.pledge_signed_at is None:
            membership.pledge_signed_at = clock.now()
            membership._history_user, membership._change_reason = by, "sign pledge"
            membership.save()
            _hand_over(_locked_team(membership.team))
    return membership


# Recusal (Art 27) -------------------------------------------------------------------------------

@dataclass
class Conflict:
    user: object
    unit: object
    reasons: list = field(default_factory=list)
    decision: object = None


def recusal_conflicts(team, *, today=None, members=None, inspections=None):
    """Ties between each active member and each target unit of the team, with decisions.
    A page that already holds the active members and the inspections passes them in."""
    today = today or clock.today()
    members = list(team.active_members()) if members is None else members
    if inspections is None:
        inspections = team.inspections.select_related("target_unit")
    units = {i.target_unit_id: i.target_unit for i in inspections}
    user_ids = [m.user_id for m in members]
    found = {}

    def add(user, unit_id, reason):
        found.setdefault((user.pk, unit_id), Conflict(user, units[unit_id])).reasons.append(reason)

    users = {m.user_id: m.user for m in members}
    for member in members:
        if member.user.org_unit_id in units:
            add(member.user, member.user.org_unit_id, _("works in the unit now"))
    for record in EmploymentRecord.objects.filter(
            entry__user__in=user_ids, unit__in=units).select_related("entry"):
        user = users[record.entry.user_id]
        if record.was_leader:
            add(user, record.unit_id, _("was a leader of the unit"))
        elif record.end_year is None or record.end_year >= today.year - RECUSAL_YEARS:
            add(user, record.unit_id, _("worked there in the last %(years)s years")
                % {"years": RECUSAL_YEARS})
    for relation in DeclaredRelation.objects.filter(
            entry__user__in=user_ids, unit__in=units).select_related("entry"):
        add(users[relation.entry.user_id], relation.unit_id,
            _("declared relative: %(relation)s %(name)s")
            % {"relation": relation.relation, "name": relation.person_name})
    for declaration in RecusalDeclaration.objects.filter(
            membership__in=members, unit__in=units).select_related("membership"):
        add(users[declaration.membership.user_id], declaration.unit_id,
            _("declared: %(facts)s") % {"facts": declaration.detail})
    for decision in RecusalDecision.objects.filter(team=team):
        if (decision.user_id, decision.unit_id) in found:
            found[(decision.user_id, decision.unit_id)].decision = decision
    return list(found.values())


def recusal_decide(*, team, user, unit, outcome, reason, by):
    """Decides a tie between a member and a target unit; allowed until authorisation, since
    members declare after approval. Recusing from an approved team reopens its composition."""
    TEAM_ACTIONS.ensure_can(by, "decide_recusal", team)
    if not reason.strip():
        raise ValidationError({"reason": _("Record the reason for the decision.")})
    with transaction.atomic():
        team = _locked_team(team)
        if team.status not in {Team.Status.DRAFT, Team.Status.APPROVED}:
            raise ValidationError(_("The team is authorised: its composition is fixed."))
        if not team.memberships.filter(user=user, left_at__isnull=True).exists() or \
                not team.inspections.filter(target_unit=unit).exists():
            raise ValidationError(_("Decide only ties between a member and a target unit of "
                                    "this team."))
        decision = RecusalDecision(team=team, user=user, unit=unit, outcome=outcome,
                                   reason=reason, decided_by=by)
        decision._history_user = by
        decision.full_clean()
        decision.save()
        if outcome == RecusalDecision.Outcome.RECUSE:
            for membership in team.memberships.filter(user=user, left_at__isnull=True):
                team_member_remove(membership=membership, by=by, reason=_("recused"))
            if team.status == Team.Status.APPROVED:
                _transition(team, "reopen", by=by, reason="recusal after approval")
        _hand_over(team)
    return decision


# Approval and authorisation ---------------------------------------------------------------------

def _hand_over(team):
    """Keeps the team's decisions in the right queue as its composition changes: once nothing
    blocks approval, the leadership group's; once every member has declared, pledged and
    trained, the party secretary's (each once, however many edits follow). When something
    blocks them again (a member left, a tie was declared) the work is withdrawn."""
    _offer(team, "approve", team.status == Team.Status.DRAFT and not team_problems(team),
           users=leadership_ids, title=_("%(team)s of %(round)s is complete: approve its "
                                         "composition"))
    _offer(team, "authorise",
           team.status == Team.Status.APPROVED and not authorisation_problems(team),
           users=secretary_ids, title=_("%(team)s of %(round)s is ready: authorise it for the "
                                        "party group"))


def _offer(team, action, ready, *, users, title):
    waiting = todo_waiting(table=TEAM_ACTIONS, action=action, obj=team)
    if ready and not waiting:
        notify(users=users(), url=team.get_absolute_url(),
               title=title % {"team": team.name, "round": team.round},
               awaits=(TEAM_ACTIONS, action, team))
    elif waiting and not ready:
        todos_withdraw(table=TEAM_ACTIONS, action=action, obj=team)


def team_problems(team):
    """Everything that blocks approval, in words the office can act on."""
    problems = []
    members = list(team.active_members())
    if not MIN_TEAM_SIZE <= len(members) <= MAX_TEAM_SIZE:
        problems.append(_("A team has 6–10 people (Art 9); this one has %(count)s.")
                        % {"count": len(members)})
    if sum(m.position == TeamMembership.Position.LEADER for m in members) != 1:
        problems.append(_("A team has exactly one leader."))
    if not team.inspections.exists():
        problems.append(_("Assign at least one target unit to the team."))
    for conflict in recusal_conflicts(team):
        if conflict.decision is None:
            problems.append(_("Unresolved recusal conflict: %(person)s and %(unit)s (%(why)s).")
                            % {"person": conflict.user, "unit": conflict.unit,
                               "why": "；".join(conflict.reasons)})
    return problems


def team_approve(*, team, by, expected_version, meeting):
    """Art 6 (3): the leadership group approves the composition."""
    with transaction.atomic():
        TEAM_ACTIONS.ensure_can(by, "approve", team)
        team = _locked_team(team)
        if problems := team_problems(team):
            raise ValidationError([ValidationError(p, code="team_invalid") for p in problems])
        team.approved_by, team.approved_at, team.approval_meeting = by, clock.now(), meeting
        _transition(team, "approve", by=by, expected_version=expected_version,
                    reason=meeting or "approve")
        members = list(team.active_members())
        notify(users=[m.user_id for m in members], url=reverse("teams:my_teams"),
               title=_("you are on %(team)s of %(round)s: declare your ties and sign the "
                       "integrity pledge") % {"team": team.name, "round": team.round})
        for membership in members:
            for action, done, title in (
                    ("declare", membership.recusal_declared_at,
                     _("%(team)s of %(round)s: declare your ties to its target units")),
                    ("sign_pledge", membership.pledge_signed_at,
                     _("%(team)s of %(round)s: sign the integrity pledge"))):
                if done is None:
                    todos_write(users=[membership.user_id], table=MEMBERSHIP_ACTIONS,
                                action=action, obj=membership, url=reverse("teams:my_teams"),
                                title=title % {"team": team.name, "round": team.round})
        _hand_over(team)
    return team


def untrained_members(team, members=None):
    """Active members who attended none of the round's training sessions and were not
    exempted by the office (Art 8 (3), Art 9)."""
    trained = set(TrainingSession.attendees.through.objects.filter(
        trainingsession__round_id=team.round_id).values_list("user_id", flat=True))
    exempt = set(TrainingExemption.objects.filter(membership__team=team)
                 .values_list("membership_id", flat=True))
    members = team.active_members().select_related("user") if members is None else members
    return [m for m in members if m.user_id not in trained and m.pk not in exempt]


def training_record(*, team, by, held_on, content, attendees):
    """A training session of the team's round, with who of the round's teams attended."""
    TEAM_ACTIONS.ensure_can(by, "record_training", team)
    check_happened(held_on, field="held_on")
    if not attendees:
        raise ValidationError({"attendees": _("Tick who attended.")})
    members = set(TeamMembership.objects.filter(
        team__round_id=team.round_id, left_at__isnull=True).values_list("user_id", flat=True))
    if any(person.pk not in members for person in attendees):
        raise ValidationError({"attendees": _("Attendees are members of this round's teams.")})
    with transaction.atomic():
        session = TrainingSession(round_id=team.round_id, held_on=held_on,
                                  content=content.strip(), recorded_by=by)
        save_with_links(session, by=by, reason="record", links={"attendees": attendees})
        for round_team in Team.objects.filter(round_id=team.round_id, status=T.APPROVED):
            _hand_over(round_team)
    return session


def training_exempt(*, team, membership, by, reason):
    TEAM_ACTIONS.ensure_can(by, "exempt_training", team)
    if membership.team_id != team.pk or membership.left_at is not None:
        raise ValidationError(_("Exempt only members of this team."))
    if not reason.strip():
        raise ValidationError({"reason": _("Record why the member need not attend.")})
    with transaction.atomic():
        membership = locked(membership)
        exemption = TrainingExemption.objects.filter(membership=membership).first()
        if exemption is None:
            exemption = TrainingExemption(membership=membership, reason=reason.strip(),
                                          decided_by=by)
            exemption._history_user, exemption._change_reason = by, "exempt"
            exemption.full_clean()
            exemption.save()
            _hand_over(_locked_team(team))
    return exemption


def authorisation_problems(team):
    """What must happen before the party group authorises (Art 8, 9, 27–29), first things
    first: each a ValidationError in words the office can act on."""
    problems = []
    missing = [str(m.user) for m in team.active_members()
               if m.pledge_signed_at is None or m.recusal_declared_at is None]
    if missing:
        problems.append(ValidationError(
            _("Waiting for the recusal declaration and integrity pledge of: %(people)s.")
            % {"people": "、".join(missing)}, code="pledges_missing"))
    # Declarations come after approval: a tie declared since then must be decided first.
    if undecided := [c for c in recusal_conflicts(team) if c.decision is None]:
        problems.append(ValidationError([ValidationError(
            _("Unresolved recusal conflict: %(person)s and %(unit)s (%(why)s).")
            % {"person": c.user, "unit": c.unit, "why": "；".join(c.reasons)},
            code="recusal_pending") for c in undecided]))
    if untrained := untrained_members(team):
        problems.append(ValidationError(
            _("Not trained for this round (Art 8, 9): %(people)s. Record their training "
              "or the office's exemption first.")
            % {"people": "、".join(str(m.user) for m in untrained)}, code="untrained"))
    return problems


def team_authorise(*, team, by, expected_version, document):
    """Art 9: the party group appoints and authorises the leader for this round only."""
    with transaction.atomic():
        TEAM_ACTIONS.ensure_can(by, "authorise", team)
        team = _locked_team(team)
        if problems := authorisation_problems(team):
            raise problems[0]
        if not document.strip():
            raise ValidationError({"document": _("Record the party group's decision.")})
        team.authorised_by, team.authorised_at, team.authorisation_document = (
            by, clock.now(), document.strip())
        _transition(team, "authorise", by=by, expected_version=expected_version,
                    reason=document.strip())
        _grant(team, [m.user for m in team.active_members()], by=by)
        for inspection in team.inspections.all():
            notice_offer(inspection=inspection)
    return team


def team_disband(*, team, by, reason):
    TEAM_ACTIONS.ensure_can(by, "disband", team)
    with transaction.atomic():
        team = _locked_team(team)
        _transition(team, "disband", by=by, reason=reason)
        _revoke(team, [m.user for m in team.memberships.select_related("user")], by=by)
    return team


def _grant(team, users, *, by):
    inspections = list(team.inspections.all())
    for user in users:
        for inspection in inspections:
            for perm in INSPECTION_PERMS:
                assign_perm(f"inspections.{perm}", user, inspection)
        security_event_record(kind=SecurityEvent.Kind.PERMISSION_CHANGE, user=by,
                              target=user.get_username(),
                              detail={"granted": INSPECTION_PERMS, "team": team.pk,
                                      "inspections": [i.pk for i in inspections]})


def _revoke(team, users, *, by):
    # The whole round, not only today's assignments: a member is on one team at a time, so
    # nothing they hold in this round outlives their place on this team.
    inspections = list(Inspection.objects.filter(round=team.round_id))
    for user in users:
        for inspection in inspections:
            for perm in INSPECTION_PERMS:
                remove_perm(f"inspections.{perm}", user, inspection)
        security_event_record(kind=SecurityEvent.Kind.PERMISSION_CHANGE, user=by,
                              target=user.get_username(),
                              detail={"revoked": INSPECTION_PERMS, "team": team.pk})


def inspection_permissions_revoke(*, inspection, by):
    """Archiving one inspection ends every team member's authority on it."""
    if inspection.team_id is None:
        return
    team = inspection.team
    for membership in team.memberships.select_related("user"):
        for perm in INSPECTION_PERMS:
            remove_perm(f"inspections.{perm}", membership.user, inspection)
        security_event_record(kind=SecurityEvent.Kind.PERMISSION_CHANGE, user=by,
                              target=membership.user.get_username(),
                              detail={"revoked": INSPECTION_PERMS, "inspection": inspection.pk})


# Suggestions ------------------------------------------------------------------------------------

@dataclass
class Suggestion:
    entry: TalentPoolEntry
    new_specialties: list
    busy: bool
    conflicts: list


def team_suggestions(team, *, limit=20):
    """Pool entries ranked: no recusal tie first, then not on another team, then the
    specialties they add that the team lacks, then availability."""
    members = list(team.active_members())
    member_ids = {m.user_id for m in members}
    covered = set()
    for entry in TalentPoolEntry.objects.filter(user__in=member_ids):
        covered.update(entry.specialties)
    unit_ids = set(team.inspections.values_list("target_unit_id", flat=True))
    busy = busy_user_ids(exclude_team=team)
    employment, relations = {}, {}
    for record in EmploymentRecord.objects.filter(unit__in=unit_ids).select_related("unit"):
        employment.setdefault(record.entry_id, []).append(record)
    for relation in DeclaredRelation.objects.filter(unit__in=unit_ids).select_related("unit"):
        relations.setdefault(relation.entry_id, []).append(relation)
    this_year = clock.today().year
    suggestions = []
    candidates = TalentPoolEntry.objects.exclude(user__in=member_ids).exclude(
        availability=TalentPoolEntry.Availability.UNAVAILABLE
    ).filter(user__is_active=True).select_related("user", "user__org_unit")
    for entry in candidates:
        conflicts = [str(entry.user.org_unit)] if entry.user.org_unit_id in unit_ids else []
        conflicts += [str(r.unit) for r in employment.get(entry.pk, [])
                      if r.was_leader or r.end_year is None
                      or r.end_year >= this_year - RECUSAL_YEARS]
        conflicts += [str(r.unit) for r in relations.get(entry.pk, [])]
        suggestions.append(Suggestion(
            entry=entry, new_specialties=[s for s in entry.specialties if s not in covered],
            busy=entry.user_id in busy, conflicts=sorted(set(conflicts)),
        ))
    suggestions.sort(key=lambda s: (
        bool(s.conflicts), s.busy, -len(s.new_specialties),
        s.entry.availability != TalentPoolEntry.Availability.AVAILABLE, s.entry.user.full_name,
    ))
    return suggestions[:limit]


# Managing the teams (Art 24, 6 (6)) ------------------------------------------------------------

def team_lapse_record(*, team, by, membership, kind, description, found_how):
    TEAM_ACTIONS.ensure_can(by, "record_lapse", team)
    if membership.team_id != team.pk:
        raise ValidationError({"membership": _("Choose a member of this team.")},
                              code="other_team")
    with transaction.atomic():
        lapse = TeamLapse(team=team, membership=membership, kind=kind,
                          description=description.strip(), found_how=found_how.strip(),
                          recorded_by=by, recorded_at=clock.now())
        lapse._history_user, lapse._change_reason = by, "record_lapse"
        lapse.full_clean()
        lapse.save()
        notify(users=leadership_ids(), url=lapse.get_absolute_url(),
               title=_("%(team)s: a lapse of %(person)s to decide on")
               % {"team": team.name, "person": membership.user},
               awaits=(LAPSE_ACTIONS, "decide", lapse), dated=False)
    return lapse


@transaction.atomic
def team_lapse_decide(*, lapse, by, decision, expected_version):
    """The leadership group's handling: a talk, a criticism, leaving the talent pool, a
    referral — in its words; the talent pool shows it with the lapse."""
    LAPSE_ACTIONS.ensure_can(by, "decide", lapse)
    if not decision.strip():
        raise ValidationError({"note": _("Write the leadership group's decision.")},
                              code="required")
    lapse = locked(lapse)
    lapse.decision = decision.strip()
    transition(lapse, "decide", LAPSE_TRANSITIONS, by=by,
               expected_version=expected_version, reason="decide")
    notify(users=office_ids(), url=lapse.get_absolute_url(),
           title=_("%(team)s: the leadership group decided on the lapse of %(person)s")
           % {"team": lapse.team.name, "person": lapse.membership.user})
    return lapse
