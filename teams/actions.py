"""Who may do what to the talent pool and the teams (Art 6, 9, 27–29)."""

from django.utils.translation import gettext_lazy as _

from accounts.access import is_leadership_member, is_office, is_party_secretary
from config.actions import Action, ActionTable, Work

from . import access
from .models import TalentPoolEntry, Team, TeamLapse, TeamMembership

OFFICE = _("the inspection office")

TALENT_ACTIONS = ActionTable(TalentPoolEntry, [
    Action("create", _("Add to the talent pool"), who=is_office, who_text=OFFICE,
           done=_("Added to the talent pool.")),
    Action("edit", _("Edit"), who=is_office, who_text=OFFICE,
           done=_("Talent pool entry saved: team suggestions use it from now on.")),
    Action("add_record", _("Add a record"), who=is_office, who_text=OFFICE,
           done=_("Record added: the recusal check and suggestions use it.")),
], visible=access.talent_visible_to)

T = Team.Status
TEAM_ACTIONS = ActionTable(Team, [
    Action("add_member", _("Add a member"), who=is_office, who_text=OFFICE,
           from_states={T.DRAFT}),
    Action("remove_member", _("Remove"), who=is_office, who_text=OFFICE,
           from_states={T.DRAFT, T.APPROVED, T.AUTHORISED},
           irreversible=_("Remove this member? Their permissions for this round end at once."),
           done=_("Member removed; their permissions for this round are revoked.")),
    Action("assign_inspection", _("Assign"), who=is_office, who_text=OFFICE,
           from_states={T.DRAFT},
           done=_("Target unit assigned to the team: check members for conflicts of interest "
                  "with it.")),
    Action("decide_recusal", _("Record the decision"), who=is_office, who_text=OFFICE,
           from_states={T.DRAFT, T.APPROVED},
           irreversible=_("Record this recusal decision? It is kept on record; a member who "
                          "must recuse leaves the team at once."),
           done=_("Recusal decision recorded.")),
    Action("record_training", _("Record a training session"), who=is_office, who_text=OFFICE,
           from_states={T.DRAFT, T.APPROVED},
           done=_("Training recorded: the members who attended can be authorised.")),
    Action("exempt_training", _("Exempt from training"), who=is_office, who_text=OFFICE,
           from_states={T.DRAFT, T.APPROVED},
           irreversible=_("Exempt this member from the round's training? The decision and its "
                          "reason are kept on record."),
           done=_("Exemption recorded with its reason.")),
    Action("approve", _("Approve the composition"), work=Work.APPROVE,
           who=is_leadership_member,
           who_text=_("members of the leadership group"), from_states={T.DRAFT},
           unless=access.sits_on, unless_text=_(
               "You are on this team: another member of the leadership group approves it."),
           done=_("Team composition approved: members now declare ties and sign the pledge; "
                  "then the party group authorises the team.")),
    Action("authorise", _("Authorise the team"), work=Work.AUTHORISE,
           who=is_party_secretary,
           who_text=_("the party secretary, for the party group"), from_states={T.APPROVED},
           unless=access.sits_on,
           unless_text=_("You are on this team: it cannot authorise itself."),
           done=_("Team authorised: its members can now work on their inspections.")),
    Action("disband", _("Disband"), who=is_office, who_text=OFFICE,
           from_states={T.DRAFT, T.APPROVED, T.AUTHORISED},
           irreversible=_("Disband the team? Its members lose every permission of the round."),
           done=_("Team disbanded.")),
    # Art 24, 6 (6): what the team missed comes to light after the round, often much later.
    Action("record_lapse", _("Record a lapse of the team"), who=is_office, who_text=OFFICE,
           from_states={T.AUTHORISED, T.DISBANDED},
           done=_("Lapse recorded: the leadership group decides how it is handled.")),
], visible=access.teams_visible_to)

MEMBERSHIP_ACTIONS = ActionTable(TeamMembership, [
    Action("declare", _("Declare ties (recusal)"), work=Work.DECLARE, who=access.is_the_member,
           who_text=_("the member themselves"), done=_("Declaration recorded.")),
    Action("sign_pledge", _("Sign the integrity pledge"), work=Work.PLEDGE,
           who=access.is_the_member, who_text=_("the member themselves"),
           done=_("Integrity pledge signed.")),
], visible=access.own_memberships)

LAPSE_ACTIONS = ActionTable(TeamLapse, [
    Action("decide", _("Record the handling"), work=Work.DECIDE, who=is_leadership_member,
           who_text=_("members of the leadership group"), from_states={TeamLapse.Status.RECORDED},
           done=_("Handling recorded; the office and the talent pool show it.")),
], visible=access.lapses_visible_to)
