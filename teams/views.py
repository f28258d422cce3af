from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import OrgUnit, User
from config.actions import page_drawing
from config.history import history_rows
from config.paging import paginate
from config.viewutils import flash_form_errors, form_page, run_service
from documents.views import import_page
from inspections import access as inspection_access
from inspections.actions import ROUND_ACTIONS
from inspections.forms import AnswerForm

from . import access, importer, services
from .actions import LAPSE_ACTIONS, MEMBERSHIP_ACTIONS, TALENT_ACTIONS, TEAM_ACTIONS
from .forms import (
    AssignForm,
    DecisionForm,
    DeclarationForm,
    EmploymentForm,
    LapseForm,
    MemberAddForm,
    MemberRemoveForm,
    RecusalDecisionForm,
    RelationForm,
    TalentEntryForm,
    TalentSearchForm,
    TeamCreateForm,
    TrainingExemptionForm,
    TrainingForm,
)
from .models import RecusalDecision, Team, TeamMembership, TrainingExemption

# Talent pool ------------------------------------------------------------------------------------

def talent_list(request):
    inspection_access.ensure(request.user.has_role(*access.OVERSIGHT[:2]))
    entries = access.talent_visible_to(request.user)
    search = TalentSearchForm(request.GET or None)
    if search.is_valid():
        if query := search.cleaned_data["q"].strip():
            entries = entries.filter(Q(user__full_name__icontains=query)
                                     | Q(user__org_unit__name__icontains=query))
        if specialty := search.cleaned_data["specialty"]:
            # JSON list stored as text on SQLite and jsonb on PostgreSQL: match the quoted code.
            entries = entries.filter(specialties__icontains=f'"{specialty}"')
        if availability := search.cleaned_data["availability"]:
            entries = entries.filter(availability=availability)
    return render(request, "teams/talent_list.html", {
        "page": paginate(request, entries), "search": search,
    })


def talent_form(request, pk=None):
    entry = access.get_talent_for_user(request.user, pk) if pk else None
    TALENT_ACTIONS.ensure_allowed(request.user, "edit" if entry else "create", entry)
    form = TalentEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_service(request, form, lambda: services.talent_entry_save(
            by=request.user, user=entry.user if entry else data["user"],
            specialties=data["specialties"], availability=data["availability"],
            notes=data["notes"], entry=entry, expected_version=data["version"]),
            success=TALENT_ACTIONS["edit" if entry else "create"].done)
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Talent pool entry"),
                      entry.get_absolute_url() if entry else reverse("teams:talent_list"))


LAPSE_STATES = TEAM_ACTIONS["record_lapse"].from_states
RECORD_FORMS = {"employment": EmploymentForm, "relation": RelationForm}


def _talent_page(request, entry, bound=None):
    office = TALENT_ACTIONS.bound(request.user, "add_record", entry)
    return render(request, "teams/talent_detail.html", {
        "entry": entry,
        "employment": entry.employment.select_related("unit"),
        "relations": entry.relations.select_related("unit"),
        # Art 9: the rounds a person served in, in what position, on which units.
        "service": TeamMembership.objects.filter(user=entry.user_id)
        .select_related("team__round").prefetch_related("team__inspections__target_unit")
        .order_by("-team__round__year", "-joined_at"),
        # Art 24: what the person missed on a team, and how the leadership group handled it.
        "lapses": access.lapses_visible_to(request.user).filter(membership__user=entry.user_id)
        if access.sees_lapses(request.user) else None,
        **{f"{kind}_form": (bound if bound is not None and bound.prefix == kind
                            else form_class(prefix=kind)) if office else None
           for kind, form_class in RECORD_FORMS.items()},
        "history": history_rows(entry, 30),
    })


def talent_detail(request, pk):
    return _talent_page(request, access.get_talent_for_user(request.user, pk))


@require_POST
def talent_record_add(request, pk, kind):
    entry = access.get_talent_for_user(request.user, pk)
    if kind not in RECORD_FORMS:
        raise Http404
    form = RECORD_FORMS[kind](request.POST, prefix=kind)
    if form.is_valid():
        record = form.save(commit=False)
        record.entry = entry
        if run_service(request, form, lambda: services.talent_record_add(
                by=request.user, record=record), success=TALENT_ACTIONS["add_record"].done):
            return redirect(entry)
    return _talent_page(request, entry, bound=form)


# Teams ------------------------------------------------------------------------------------------

def talent_import(request):
    TALENT_ACTIONS.ensure_allowed(request.user, "create")
    return import_page(
        request, run=lambda upload: importer.talent_import(by=request.user, upload=upload),
        title=_("Import the talent pool from Excel"),
        template_url=reverse("teams:talent_import_template"),
        cancel_url=reverse("teams:talent_list"), done_url=reverse("teams:talent_list"),
        done_message=_("%(count)s people added to the talent pool."))


def talent_import_template(request):
    TALENT_ACTIONS.ensure_allowed(request.user, "create")
    response = HttpResponse(
        importer.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''talent-pool-template.xlsx"
    return response


def team_create(request, round_pk):
    round_ = inspection_access.get_round_for_user(request.user, round_pk)
    ROUND_ACTIONS.ensure_allowed(request.user, "form_team", round_)
    form = TeamCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = run_service(request, form, lambda: services.team_create(
            round_=round_, name=form.cleaned_data["name"], by=request.user),
            success=ROUND_ACTIONS["form_team"].done)
        if team:
            return redirect(team)
    return form_page(request, form, _("New team for %(round)s") % {"round": round_},
                      round_.get_absolute_url())


def _training(team, members):
    return {
        "training_open": True,
        "trainings": team.round.trainings.prefetch_related("attendees"),
        "exemptions": TrainingExemption.objects.filter(membership__team=team).select_related(
            "membership__user", "decided_by"),
        "untrained": services.untrained_members(team, members),
    }


def team_detail(request, pk):
    team = access.get_team_for_user(request.user, pk)
    user = request.user
    with page_drawing(request):  # the page's {% action %} tags reuse these answers
        composing = TEAM_ACTIONS.bound(user, "add_member", team)
        decisions = [a for a in TEAM_ACTIONS.actions_for(user, team)
                     if a.name in {"approve", "authorise"}]
    members = list(team.active_members().select_related("user"))
    inspections = list(team.inspections.select_related("target_unit"))
    return render(request, "teams/team_detail.html", {
        "team": team,
        "members": members,
        "inspections": inspections,
        "unassigned": team.round.inspections.filter(team__isnull=True).select_related(
            "target_unit") if composing else [],
        "suggestions": services.team_suggestions(team) if composing else [],
        "conflicts": services.recusal_conflicts(team, members=members, inspections=inspections)
        if user.has_role(*access.OVERSIGHT) else [],
        "problems": services.team_problems(team) if composing else [],
        "decisions": decisions,
        "add_form": MemberAddForm(),
        "decision_form": DecisionForm(initial={"version": team.version}),
        # The quick forms on the page offer the model's own choices, in its order.
        "positions": list(reversed(TeamMembership.Position.choices)),
        "recusal_outcomes": RecusalDecision.Outcome.choices,
        # Training matters until authorisation (Art 8, 9); afterwards the history keeps it.
        **(_training(team, members) if team.status in {Team.Status.DRAFT, Team.Status.APPROVED}
           else {}),
        # Lapses come to light after the round: a team still forming has none to show.
        "lapses": access.lapses_visible_to(user).filter(team=team)
        if access.sees_lapses(user) and team.status in LAPSE_STATES else None,
        "history": history_rows(team, 30),
    })


@require_POST
def team_member_add(request, pk):
    team = access.get_team_for_user(request.user, pk)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        run_service(request, form, lambda: services.team_member_add(
            team=team, by=request.user, **form.cleaned_data),
            success=_("%(person)s added.") % {"person": form.cleaned_data["user"]})
    flash_form_errors(request, form)
    return redirect(team)


def team_member_remove(request, pk):
    membership = TeamMembership.objects.filter(pk=pk, left_at__isnull=True).first()
    if membership is None:
        raise Http404
    team = access.get_team_for_user(request.user, membership.team_id)
    TEAM_ACTIONS.ensure_allowed(request.user, "remove_member", team)
    form = MemberRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: services.team_member_remove(
                membership=membership, by=request.user, reason=form.cleaned_data["reason"]),
            success=TEAM_ACTIONS["remove_member"].done):
        return redirect(team)
    return render(request, "teams/member_remove.html",
                  {"membership": membership, "form": form, "team": team})


@require_POST
def team_assign(request, pk):
    team = access.get_team_for_user(request.user, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        inspection = inspection_access.get_inspection_for_user(
            request.user, form.cleaned_data["inspection"])
        run_service(request, form, lambda: services.team_assign_inspection(
            team=team, inspection=inspection, by=request.user),
            success=TEAM_ACTIONS["assign_inspection"].done)
    flash_form_errors(request, form)
    return redirect(team)


@require_POST
def recusal_decide(request, pk):
    team = access.get_team_for_user(request.user, pk)
    form = RecusalDecisionForm(request.POST)
    if form.is_valid():
        person = User.objects.filter(pk=form.cleaned_data["user_id"]).first()
        unit = OrgUnit.objects.filter(pk=form.cleaned_data["unit_id"]).first()
        if person is None or unit is None:
            raise Http404
        run_service(request, form, lambda: services.recusal_decide(
            team=team, user=person, unit=unit, outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"], by=request.user),
            success=TEAM_ACTIONS["decide_recusal"].done)
    flash_form_errors(request, form)
    return redirect(team)


@require_POST
def team_disband(request, pk):
    """A team replaced or a target withdrawn: its members' authority ends at once."""
    team = access.get_team_for_user(request.user, pk)
    form = MemberRemoveForm(request.POST)
    if form.is_valid():
        run_service(request, form, lambda: services.team_disband(
            team=team, by=request.user, reason=form.cleaned_data["reason"]),
            success=TEAM_ACTIONS["disband"].done)
    flash_form_errors(request, form)
    return redirect(team)


def training_record(request, pk):
    team = access.get_team_for_user(request.user, pk)
    action = TEAM_ACTIONS.ensure_allowed(request.user, "record_training", team)
    form = TrainingForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: services.training_record(team=team, by=request.user,
                                                            **form.cleaned_data),
            success=action.done):
        return redirect(team)
    return form_page(request, form, _("Training session for %(round)s") % {"round": team.round},
                     team.get_absolute_url(), action=action)


def training_exempt(request, pk):
    team = access.get_team_for_user(request.user, pk)
    action = TEAM_ACTIONS.ensure_allowed(request.user, "exempt_training", team)
    form = TrainingExemptionForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: services.training_exempt(team=team, by=request.user,
                                                            **form.cleaned_data),
            success=action.done):
        return redirect(team)
    return form_page(request, form, _("Exempt a member of %(team)s from training")
                     % {"team": team.name}, team.get_absolute_url(), action=action)


@require_POST
def team_decide(request, pk, action):
    team = access.get_team_for_user(request.user, pk)
    if action not in {"approve", "authorise"}:
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if action == "approve":
            run_service(request, form, lambda: services.team_approve(
                team=team, by=request.user, expected_version=data["version"],
                meeting=data["record"]), success=TEAM_ACTIONS["approve"].done)
        else:
            run_service(request, form, lambda: services.team_authorise(
                team=team, by=request.user, expected_version=data["version"],
                document=data["record"]), success=TEAM_ACTIONS["authorise"].done)
    flash_form_errors(request, form)
    return redirect(team)


def my_teams(request):
    return render(request, "teams/my_teams.html",
                  {"memberships": access.own_memberships(request.user)})


def membership_declare(request, pk):
    membership = access.get_own_membership(request.user, pk)
    MEMBERSHIP_ACTIONS.ensure_allowed(request.user, "declare", membership)
    units = OrgUnit.objects.filter(inspections__team=membership.team)
    form = DeclarationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        declarations = [] if data["nothing_to_declare"] else [(data["unit"], data["detail"])]
        if run_service(request, form, lambda: services.membership_declare(
                membership=membership, by=request.user, declarations=declarations),
                success=MEMBERSHIP_ACTIONS["declare"].done):
            return redirect("teams:my_teams")
    return form_page(request, form, _("Recusal declaration for %(team)s")
                      % {"team": membership.team}, reverse("teams:my_teams"))


@require_POST
def membership_pledge(request, pk):
    membership = access.get_own_membership(request.user, pk)
    services.membership_sign_pledge(membership=membership, by=request.user)
    messages.success(request, MEMBERSHIP_ACTIONS["sign_pledge"].done)
    return redirect("teams:my_teams")


# Managing the teams (Art 24, 6 (6)) ------------------------------------------------------------

def lapse_create(request, pk):
    team = access.get_team_for_user(request.user, pk)
    action = TEAM_ACTIONS.ensure_allowed(request.user, "record_lapse", team)
    form = LapseForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        saved = run_service(request, form, lambda: services.team_lapse_record(
            team=team, by=request.user, **form.cleaned_data), success=action.done)
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Record a lapse of %(team)s (Art 24)") % {"team": team},
                     team.get_absolute_url(), action=action)


def lapse_detail(request, pk):
    lapse = access.get_lapse_for_user(request.user, pk)
    return render(request, "teams/lapse_detail.html", {
        "lapse": lapse,
        "decisions": LAPSE_ACTIONS.actions_for(request.user, lapse),
        "history": history_rows(lapse, 20),
    })


@require_POST
def lapse_decide(request, pk):
    lapse = access.get_lapse_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        run_service(request, form, lambda: services.team_lapse_decide(
            lapse=lapse, by=request.user, decision=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"]), success=LAPSE_ACTIONS["decide"].done)
    flash_form_errors(request, form)
    return redirect(lapse)
