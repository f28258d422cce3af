"""Least privilege for the most sensitive data (DESIGN §3, issue: visibility rules)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from guardian.shortcuts import get_objects_for_user

from accounts.models import OrganHandler, Role
from config.actions import memoized
from inspections.access import is_on_team_of
from inspections.models import Inspection
from teams.models import TeamMembership

from .models import Clue, Complaint, Obstruction, Proposal

BEFORE_TRANSFER = [Clue.Status.REGISTERED, Clue.Status.CLASSIFIED, Clue.Status.NOT_TRANSFERRED]


# Role rules the clues actions table names ---------------------------------------------------

def registers_clues(user, inspection):
    """The inspection's team registers what it found; the office and leadership decide."""
    return is_on_team_of(user, inspection)


@memoized
def is_handler_of(user, organ):
    # The role (read with the user's groups) first: most readers are no organ's handler.
    return (user.has_role(Role.ORGAN_HANDLER)
            and OrganHandler.objects.filter(user=user, organ=organ).exists())


def handles_clue(user, clue):
    """A handler of the receiving organ the clue was transferred to (Art 21)."""
    transfer = getattr(clue, "transfer", None)
    return transfer is not None and is_handler_of(user, transfer.organ)


def proposed_it(user, proposal):
    return proposal.proposed_by_id == user.pk


def is_addressed_body(user, complaint):
    return complaint.addressee in complaint_addressees(user)


def on_team_complained_about(user, complaint):
    return complaint.team.memberships.filter(user=user).exists()


def _team_inspections(user):
    return get_objects_for_user(user, "inspections.write_findings", klass=Inspection,
                                accept_global_perms=False)


def clues_visible_to(user):
    clues = Clue.objects.select_related("inspection__target_unit")
    if user.has_role(Role.OFFICE, Role.LEADERSHIP):
        return clues
    # DESIGN §3: clues are for the office, the leadership group and the organ they go to. On
    # the team, only the member who registered one and the team leader follow it, and only
    # until it is transferred; an organ sees only its own transfers.
    led = TeamMembership.objects.filter(user=user, left_at__isnull=True, position="leader",
                                        team__status="authorised").values("team_id")
    scope = Q(inspection__in=_team_inspections(user), status__in=BEFORE_TRANSFER) & (
        Q(registered_by=user) | Q(inspection__team__in=led))
    if user.has_role(Role.ORGAN_HANDLER):
        scope |= Q(transfer__organ__handlers__user=user)
    return clues.filter(pk__in=Clue.objects.filter(scope).values("pk"))


def get_clue_for_user(user, pk):
    return get_object_or_404(clues_visible_to(user), pk=pk)


def can_register(user, inspection):
    return user.has_perm("inspections.write_findings", inspection)


def proposals_visible_to(user):
    if user.has_role(Role.OFFICE, Role.LEADERSHIP, Role.PARTY_GROUP):
        return Proposal.objects.select_related("clue", "obstruction")
    return Proposal.objects.none()


def get_proposal_for_user(user, pk):
    return get_object_or_404(proposals_visible_to(user), pk=pk)


def obstructions_visible_to(user):
    if user.has_role(Role.OFFICE, Role.LEADERSHIP):
        return Obstruction.objects.all()
    return Obstruction.objects.filter(inspection__in=_team_inspections(user))


def get_obstruction_for_user(user, pk):
    return get_object_or_404(obstructions_visible_to(user), pk=pk)


def complaint_addressees(user):
    addressees = set()
    if user.has_role(Role.LEADERSHIP):
        addressees.add(Complaint.Addressee.LEADERSHIP)
    if user.has_role(Role.OFFICE):
        addressees.add(Complaint.Addressee.OFFICE)
    if user.has_role(Role.PARTY_GROUP):
        addressees.add(Complaint.Addressee.PARTY_GROUP)
    if OrganHandler.objects.filter(user=user, organ__organ_kind="discipline").exists():
        addressees.add(Complaint.Addressee.DISCIPLINE_GROUP)
    return addressees


def complaints_visible_to(user):
    """Only the body addressed, never anyone on the team complained about (Art 33)."""
    complaints = Complaint.objects.select_related("team", "about")
    addressed = Complaint.objects.filter(addressee__in=complaint_addressees(user)).exclude(
        team__memberships__user=user)
    # The filer always follows their own complaint, even when on the team concerned.
    return complaints.filter(Q(pk__in=addressed.values("pk")) | Q(filed_by=user))


def get_complaint_for_user(user, pk):
    return get_object_or_404(complaints_visible_to(user), pk=pk)


def edits_letter_in_word(user):
    """The transfer letter is the office's to finish and sign in Word; the leadership group
    and the receiving organ read its PDF."""
    return user.has_role(Role.OFFICE)
