from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from config.actions import url_if_visible
from config.history import history_rows
from config.paging import paginate
from config.statemachine import check_version
from config.viewutils import form_page, run_service
from documents.official import Official, written_in_chinese
from documents.pdf import OFFICE_ISSUER
from documents.responses import official_response
from inspections import access as inspection_access
from inspections.access import ensure

from . import access, services
from .actions import (
    CLUE_ACTIONS,
    COMPLAINT_ACTIONS,
    INSPECTION_ACTIONS,
    OBSTRUCTION_ACTIONS,
    PROPOSAL_ACTIONS,
)
from .forms import (
    ClassificationForm,
    ClueForm,
    ComplaintForm,
    DecisionForm,
    HandleForm,
    ObstructionForm,
    ProposalForm,
    ReferForm,
    ResultForm,
)
from .models import Clue, Obstruction


def clue_list(request):
    clues = access.clues_visible_to(request.user)
    ensure(clues.exists() or request.user.has_role(Role.OFFICE, Role.LEADERSHIP,
                                                   Role.ORGAN_HANDLER))
    return render(request, "clues/clue_list.html", {
        "page": paginate(request, clues.select_related("inspection__round"))})


def clue_register(request, pk):
    inspection = inspection_access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "register_clue", inspection)
    # Reached from a finding or a petition: its source is filled in, not typed again.
    sources = {name: request.GET[name] for name in ("finding", "petition", "interview_note")
               if request.GET.get(name, "").isdigit()}
    if "finding" in sources:
        finding = inspection.findings.filter(pk=sources["finding"]).first()
        if finding is not None:
            sources["summary"] = f"{finding.title}\n{finding.facts}"
    form = ClueForm(request.POST or None, inspection=inspection, initial=sources,
                    notes=inspection_access.notes_visible_to(request.user).filter(
                        inspection=inspection))
    if request.method == "POST" and form.is_valid():
        clue = run_service(request, form, lambda: services.clue_register(
            inspection=inspection, by=request.user, **form.cleaned_data),
            success=INSPECTION_ACTIONS["register_clue"].done)
        if clue:
            return redirect(clue)
    return form_page(request, form, _("Register a clue"), inspection.get_absolute_url())


def clue_detail(request, pk, forms=None):
    # One query for the clue and what the page shows of it: its decision, transfer and sources.
    clue = get_object_or_404(access.clues_visible_to(request.user).select_related(
        "inspection__round", "classification__organ", "transfer__organ", "finding", "petition",
        "interview_note", "obstruction"), pk=pk)
    services.clue_read(clue=clue, user=request.user, request=request)
    forms = forms or {}
    actions = {a.name: a for a in CLUE_ACTIONS.actions_for(request.user, clue)}
    return render(request, "clues/clue_detail.html", {
        "clue": clue,
        "actions": actions,
        "classification_form": forms.get("classify") or ClassificationForm(),
        # Built for the organ that reports, not for every reader (it looks up who is reported).
        "result_form": forms.get("report_result") or (
            ResultForm(clue=clue) if "report_result" in actions else None),
        "proposal_form": forms.get("propose") or ProposalForm(),
        "results": clue.results.prefetch_related("people"),
        # Only proposals this user may open: the organ that reported the result sees none.
        "proposals": access.proposals_visible_to(request.user).filter(clue=clue),
        "sources": _sources(request.user, clue),
        "office_edits_letter": access.edits_letter_in_word(request.user),
        "history": history_rows(clue, 20),
    })


def _sources(user, clue):
    """Where the clue came from, linked where this user may open it (a finding, a petition)."""
    kinds = [(_("Finding"), clue.finding), (_("Petition"), clue.petition),
             (_("Interview note"), clue.interview_note),
             (_("Obstruction (Art 32)"), clue.obstruction)]
    return [{"kind": kind, "name": str(source), "url": url_if_visible(user, source)}
            for kind, source in kinds if source is not None]


ACTION_FORMS = {"classify": ClassificationForm, "report_result": ResultForm,
                "propose": ProposalForm}


def _run_action(action, clue, user, version, data):
    if action == "classify":
        return services.clue_classify(clue=clue, by=user, expected_version=version, **data)
    if action == "report_result":
        check_version(clue, version)
        return services.result_report(clue=clue, by=user, **{**data, "file": data["file"] or None})
    if action == "propose":
        check_version(clue, version)
        return services.proposal_make(by=user, clue=clue, **data)
    if action == "transfer":
        return services.clue_transfer(clue=clue, by=user, expected_version=version)
    return services.clue_sign_for(clue=clue, by=user, expected_version=version)


@require_POST
def clue_action(request, pk, action):
    clue = access.get_clue_for_user(request.user, pk)
    if action not in CLUE_ACTIONS.actions:
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1  # no version: treated as stale, never as a blind overwrite
    # Refused before the form is read: whoever may not act learns nothing from its errors.
    CLUE_ACTIONS.ensure_allowed(request.user, action, clue)
    done = CLUE_ACTIONS[action].done
    if action in ACTION_FORMS:
        # The result form knows its clue, so a page shown again keeps the note on who is left.
        extra = {"clue": clue} if action == "report_result" else {}
        form = ACTION_FORMS[action](request.POST, request.FILES, **extra)
        if form.is_valid() and run_service(request, form, lambda: _run_action(
                action, clue, request.user, version, form.cleaned_data), success=done):
            return redirect(clue)
        return clue_detail(request, pk, forms={action: form})
    try:
        _run_action(action, clue, request.user, version, {})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(clue)


def proposal_list(request):
    proposals = access.proposals_visible_to(request.user)
    ensure(request.user.has_role(Role.OFFICE, Role.LEADERSHIP, Role.PARTY_GROUP))
    # Newest first, and a fixed order, so that page 2 continues page 1.
    return render(request, "clues/proposal_list.html", {
        "page": paginate(request, proposals.order_by("-proposed_at", "-pk"))})


def proposal_detail(request, pk):
    proposal = access.get_proposal_for_user(request.user, pk)
    form = DecisionForm(request.POST or None, initial={"version": proposal.version})
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: services.proposal_decide(
                proposal=proposal, by=request.user, decision=form.cleaned_data["decision"],
                meeting=form.cleaned_data["meeting"],
                expected_version=form.cleaned_data["version"]),
            success=PROPOSAL_ACTIONS["decide"].done):
        return redirect(proposal)
    decide = PROPOSAL_ACTIONS.bound(request.user, "decide", proposal)
    return render(request, "clues/proposal_detail.html", {
        "proposal": proposal, "form": form if decide else None, "decide": decide,
        "clue_url": url_if_visible(request.user, proposal.clue) if proposal.clue else "",
        "history": history_rows(proposal, 20),
    })


def obstruction_create(request, pk):
    inspection = inspection_access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "record_obstruction", inspection)
    # From a request the unit let pass: the form comes filled in and the request attached.
    asked = None
    if request.GET.get("request", "").isdigit():
        asked = inspection_access.get_material_request_for_user(request.user,
                                                               int(request.GET["request"]))
    initial = {} if asked is None else {
        "situation": Obstruction.Situation.REFUSING, "against": str(inspection.target_unit),
        "description": _("Not provided by %(day)s as the team asked: %(items)s") % {
            "day": asked.due_on.isoformat(), "items": asked.items}}
    form = ObstructionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["file"] = data["file"] or None
        case = run_service(request, form, lambda: services.obstruction_record(
            inspection=inspection, by=request.user, request=asked, **data),
            success=INSPECTION_ACTIONS["record_obstruction"].done)
        if case:
            return redirect(case)
    return form_page(request, form, _("Record obstruction (Art 32)"),
                     inspection.get_absolute_url())


def obstruction_detail(request, pk):
    case = access.get_obstruction_for_user(request.user, pk)
    form = ProposalForm(request.POST or None, initial={"kind": "accountability"})
    if request.method == "POST" and form.is_valid():
        proposal = run_service(request, form, lambda: services.proposal_make(
            by=request.user, obstruction=case, **form.cleaned_data),
            success=OBSTRUCTION_ACTIONS["propose"].done)
        if proposal:
            return redirect(proposal)
    propose = OBSTRUCTION_ACTIONS.bound(request.user, "propose", case)
    return render(request, "clues/obstruction_detail.html", {
        "case": case, "form": form if propose else None, "propose": propose,
        "proposals": case.proposals.all(),
        # The clue it became, to those who may open clues.
        "clues": access.clues_visible_to(request.user).filter(obstruction=case),
    })


def obstruction_refer(request, pk):
    case = access.get_obstruction_for_user(request.user, pk)
    action = OBSTRUCTION_ACTIONS.ensure_allowed(request.user, "refer", case)
    form = ReferForm(request.POST or None, initial={
        "category": Clue.Category.WORK, "summary": case.description, "persons": case.against})
    if request.method == "POST" and form.is_valid():
        clue = run_service(request, form, lambda: services.obstruction_refer(
            obstruction=case, by=request.user, **form.cleaned_data), success=action.done)
        if clue:
            return redirect(case)
    return form_page(request, form, _("Refer the obstruction as an accountability clue"),
                     case.get_absolute_url(), action=action)


def complaint_file(request):
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        complaint = run_service(request, form, lambda: services.complaint_file(
            by=request.user, **form.cleaned_data), success=COMPLAINT_ACTIONS["file"].done)
        if complaint:
            return redirect(complaint)
    return form_page(request, form, _("Complain about an inspector (Art 33)"), "/")


def complaint_list(request):
    return render(request, "clues/complaint_list.html", {
        "page": paginate(request, access.complaints_visible_to(request.user))})


def complaint_detail(request, pk):
    complaint = access.get_complaint_for_user(request.user, pk)
    form = HandleForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: services.complaint_handle(
                complaint=complaint, by=request.user, outcome=form.cleaned_data["outcome"]),
            success=COMPLAINT_ACTIONS["handle"].done):
        return redirect(complaint)
    handle = COMPLAINT_ACTIONS.bound(request.user, "handle", complaint)
    return render(request, "clues/complaint_detail.html", {
        "complaint": complaint, "form": form if handle else None, "handle": handle})


@written_in_chinese
def transfer_letter_pdf(request, pk, word=False):
    """问题线索移交函: for the office, the leadership group and the organ it went to."""
    clue = access.get_clue_for_user(request.user, pk)
    if not hasattr(clue, "transfer") or not request.user.has_role(
            Role.OFFICE, Role.LEADERSHIP, Role.ORGAN_HANDLER):
        raise Http404
    transfer = clue.transfer
    body = _("By decision of the inspection leadership group (%(meeting)s), the following clue "
             "found in the inspection of %(unit)s is transferred to you for handling. Please "
             "report the result to the inspection office within three months of signing for "
             "it (Art 21).") % {"meeting": clue.classification.meeting,
                                "unit": clue.inspection.target_unit}
    if word and not access.edits_letter_in_word(request.user):
        raise PermissionDenied
    day = timezone.localdate(transfer.sent_at)
    official = Official(
        kind="clue_transfer", title=_("Letter transferring an inspection clue"),
        document_number=transfer.letter_number, addressee=str(transfer.organ),
        body=f"{body}\n{clue.summary}\n{clue.persons}", day=day, organ=str(OFFICE_ISSUER),
        printer=str(OFFICE_ISSUER), printed_on=day)
    return official_response(request, official, name=f"transfer-{transfer.pk}",
                             target=f"clue:{clue.pk}", word=word)
