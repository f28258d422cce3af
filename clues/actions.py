"""Who may do what with clues, proposals, obstruction and complaints (Art 20–22, 32, 33)."""

from django.utils.translation import gettext_lazy as _

from accounts.access import is_leadership_member, is_office, is_party_group_member
from config.actions import Action, ActionTable, Requirement, Work, signed_in
from inspections.access import inspections_visible_to
from inspections.models import Inspection

from . import access
from .models import Clue, Complaint, Obstruction, Proposal

OFFICE = _("the inspection office")
HANDLER = _("a handler of the receiving organ it was transferred to")
IS = Inspection.Status
OPEN = set(IS) - {IS.CLOSED, IS.ARCHIVED}

INSPECTION_ACTIONS = ActionTable(Inspection, [
    Action("register_clue", _("Register a clue"), who=access.registers_clues,
           who_text=_("members of this inspection's team"), from_states=OPEN,
           done=_("Clue registered: the leadership group classifies it (Art 20).")),
    Action("record_obstruction", _("Record obstruction (Art 32)"), who=access.registers_clues,
           who_text=_("members of this inspection's team"), from_states=OPEN,
           done=_("Obstruction recorded: the office may propose accountability.")),
], visible=inspections_visible_to)


def _no_proposal(obj):
    return not obj.proposals.exists()


C = Clue.Status
CLUE_ACTIONS = ActionTable(Clue, [
    Action("classify", _("Record the classification decision"), work=Work.DECIDE,
           who=is_leadership_member,
           who_text=_("members of the leadership group"), from_states={C.REGISTERED},
           done=_("Classified: the office sends the transfer letter next.")),
    Action("transfer", _("Send the transfer letter"), work=Work.TRANSFER,
           who=is_office, who_text=OFFICE,
           from_states={C.CLASSIFIED},
           irreversible=_("Send the transfer letter? It takes the next letter number and the "
                          "receiving organ is told at once."),
           done=_("Transfer letter sent: the receiving organ signs for it, then has three "
                  "months to report.")),
    Action("sign_for", _("Sign for the clue"), work=Work.SIGN_FOR,
           who=access.handles_clue, who_text=HANDLER,
           from_states={C.TRANSFERRED},
           irreversible=_("Sign for the clue? The three-month deadline for the result starts "
                          "today (Art 21)."),
           done=_("Signed for: report the result within three months.")),
    Action("report_result", _("Report the result"), work=Work.RESULT,
           who=access.handles_clue, who_text=HANDLER,
           from_states={C.SIGNED_FOR},
           done=_("Result recorded; a final result goes to the office, which proposes the "
                  "handling.")),
    Action("propose", _("Propose an opinion to the party group"), work=Work.PROPOSE,
           who=is_office,
           who_text=OFFICE, from_states={C.RESULT_REPORTED},
           requires=(Requirement(_no_proposal, _("An opinion has already been proposed.")),),
           done=_("Opinion proposed: the party group decides (Art 22).")),
], visible=access.clues_visible_to)

P = Proposal.Status
PROPOSAL_ACTIONS = ActionTable(Proposal, [
    Action("decide", _("Record the decision"), work=Work.DECIDE,
           who=is_party_group_member,
           who_text=_("members of the party group"), from_states={P.PROPOSED},
           unless=access.proposed_it,
           unless_text=_("You proposed this opinion: the party group decides it without you."),
           done=_("Decision recorded.")),
], visible=access.proposals_visible_to)

OBSTRUCTION_ACTIONS = ActionTable(Obstruction, [
    # Art 32: where the interference may break discipline or the law, the case goes the way of
    # a clue: the leadership group classifies it, the office sends the numbered letter, the
    # organ signs for it and reports within three months.
    Action("refer", _("Refer as an accountability clue"), who=is_office, who_text=OFFICE,
           requires=(Requirement(lambda case: not case.clues.exists(),
                                 _("The case has already been referred as a clue."),
                                 code="referred"),),
           irreversible=_("Refer the case as an accountability clue? The leadership group "
                          "decides where it is transferred."),
           done=_("Referred: the leadership group decides where the clue is transferred.")),
    Action("propose", _("Propose accountability"), who=is_office, who_text=OFFICE,
           requires=(Requirement(_no_proposal, _("An opinion has already been proposed.")),),
           done=_("Opinion proposed: the party group decides (Art 22).")),
], visible=access.obstructions_visible_to)

COMPLAINT_ACTIONS = ActionTable(Complaint, [
    Action("file", _("Complain about an inspector (Art 33)"), who=signed_in,
           who_text=_("anyone signed in"),
           done=_("Your complaint was sent to the body you chose.")),
    Action("handle", _("Record the handling"), who=access.is_addressed_body,
           who_text=_("the body the complaint is addressed to"),
           unless=access.on_team_complained_about,
           unless_text=_("You are on the team complained about: someone else handles it."),
           requires=(Requirement(lambda complaint: complaint.handled_at is None,
                                 _("The complaint has been handled.")),),
           done=_("Handling recorded.")),
], visible=access.complaints_visible_to)
