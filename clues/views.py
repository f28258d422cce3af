from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from config.paging import paginate
from config.viewutils import form_page, run_service
from documents.pdf import OFFICE_ISSUER, pdf_response, render_official_pdf
from inspections import access as inspection_access
from inspections.access import ensure

from . import access, services
from .forms import (
    ClassificationForm,
    ClueForm,
    ComplaintForm,
    DecisionForm,
    HandleForm,
    ObstructionForm,
    ProposalForm,
    ResultForm,
)
from .models import Clue


def clue_list(request):
    clues = access.clues_visible_to(request.user)
    ensure(clues.exists() or request.user.has_role(Role.OFFICE, Role.LEADERSHIP,
                                                   Role.ORGAN_HANDLER))
    return render(request, "clues/clue_list.html", {"page": paginate(request, clues)})


def clue_register(request, pk):
    inspection = inspection_access.get_inspection_for_user(request.user, pk)
    ensure(access.can_register(request.user, inspection))
    form = ClueForm(request.POST or None, inspection=inspection,
                    notes=inspection_access.notes_visible_to(request.user).filter(
                        inspection=inspection))
    if request.method == "POST" and form.is_valid():
        clue = run_service(request, form, lambda: services.clue_register(
            inspection=inspection, by=request.user, **form.cleaned_data))
        if clue:
            return redirect(clue)
    return form_page(request, form, _("Register a clue"), inspection.get_absolute_url())


def _actions(user, clue):
    office, leadership = user.has_role(Role.OFFICE), user.has_role(Role.LEADERSHIP)
    handler = hasattr(clue, "transfer") and services.is_handler(user, clue.transfer.organ)
    return {
        "classify": leadership and clue.status == Clue.Status.REGISTERED,
        "transfer": office and clue.status == Clue.Status.CLASSIFIED,
        "sign_for": handler and clue.status == Clue.Status.TRANSFERRED,
        "result": handler and clue.status == Clue.Status.SIGNED_FOR,
        "propose": office and clue.status == Clue.Status.RESULT_REPORTED
        and not clue.proposals.exists(),
    }


def clue_detail(request, pk, forms=None):
    clue = access.get_clue_for_user(request.user, pk)
    services.clue_read(clue=clue, user=request.user, request=request)
    actions = _actions(request.user, clue)
    forms = forms or {}
    return render(request, "clues/clue_detail.html", {
        "clue": clue, "actions": actions,
        "classification_form": forms.get("classify") or ClassificationForm(),
        "result_form": forms.get("result") or ResultForm(),
        "proposal_form": forms.get("propose") or ProposalForm(),
        "results": clue.results.all(), "proposals": clue.proposals.all(),
        "history": clue.history.select_related("history_user")[:20],
    })


ACTION_FORMS = {"classify": ClassificationForm, "result": ResultForm, "propose": ProposalForm}


def _run_action(action, clue, user, version, data):
    if action == "classify":
        return services.clue_classify(clue=clue, by=user, expected_version=version, **data)
    if action == "result":
        if version != clue.version:
            raise ValidationError(_("Someone else changed this record. Reload it."))
        return services.result_report(clue=clue, by=user, **{**data, "file": data["file"] or None})
    if action == "propose":
        if version != clue.version:
            raise ValidationError(_("Someone else changed this record. Reload it."))
        return services.proposal_make(by=user, clue=clue, **data)
    if action == "transfer":
        return services.clue_transfer(clue=clue, by=user, expected_version=version)
    return services.clue_sign_for(clue=clue, by=user, expected_version=version)


@require_POST
def clue_action(request, pk, action):
    clue = access.get_clue_for_user(request.user, pk)
    allowed = _actions(request.user, clue)
    if action not in allowed:
        raise Http404
    ensure(allowed[action])
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1  # no version: treated as stale, never as a blind overwrite
    if action in ACTION_FORMS:
        form = ACTION_FORMS[action](request.POST, request.FILES)
        if form.is_valid() and run_service(request, form, lambda: _run_action(
                action, clue, request.user, version, form.cleaned_data)):
            return redirect(clue)
        return clue_detail(request, pk, forms={action: form})
    try:
        _run_action(action, clue, request.user, version, {})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect(clue)


def proposal_list(request):
    proposals = access.proposals_visible_to(request.user)
    ensure(request.user.has_role(Role.OFFICE, Role.LEADERSHIP, Role.PARTY_GROUP))
    return render(request, "clues/proposal_list.html", {"page": paginate(request, proposals)})


def proposal_detail(request, pk):
    proposal = access.get_proposal_for_user(request.user, pk)
    form = DecisionForm(request.POST or None, initial={"version": proposal.version})
    can_decide = request.user.has_role(Role.PARTY_GROUP) and proposal.status == "proposed"
    if request.method == "POST":
        ensure(can_decide)
        if form.is_valid() and run_service(request, form, lambda: services.proposal_decide(
                proposal=proposal, by=request.user, decision=form.cleaned_data["decision"],
                meeting=form.cleaned_data["meeting"],
                expected_version=form.cleaned_data["version"])):
            return redirect(proposal)
    return render(request, "clues/proposal_detail.html", {
        "proposal": proposal, "form": form if can_decide else None,
        "history": proposal.history.select_related("history_user")[:20],
    })


def obstruction_create(request, pk):
    inspection = inspection_access.get_inspection_for_user(request.user, pk)
    ensure(access.can_register(request.user, inspection))
    form = ObstructionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["file"] = data["file"] or None
        case = run_service(request, form, lambda: services.obstruction_record(
            inspection=inspection, by=request.user, **data))
        if case:
            return redirect(case)
    return form_page(request, form, _("Record obstruction (Art 32)"),
                     inspection.get_absolute_url())


def obstruction_detail(request, pk):
    case = access.get_obstruction_for_user(request.user, pk)
    office = request.user.has_role(Role.OFFICE)
    form = ProposalForm(request.POST or None, initial={"kind": "accountability"})
    if request.method == "POST":
        ensure(office)
        if form.is_valid():
            proposal = run_service(request, form, lambda: services.proposal_make(
                by=request.user, obstruction=case, **form.cleaned_data))
            if proposal:
                return redirect(proposal)
    return render(request, "clues/obstruction_detail.html", {
        "case": case, "form": form if office else None, "proposals": case.proposals.all(),
    })


def complaint_file(request):
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        complaint = run_service(request, form, lambda: services.complaint_file(
            by=request.user, **form.cleaned_data),
            success=_("Your complaint was sent to the body you chose."))
        if complaint:
            return redirect(complaint)
    return form_page(request, form, _("Complain about an inspector (Art 33)"), "/")


def complaint_list(request):
    return render(request, "clues/complaint_list.html", {
        "page": paginate(request, access.complaints_visible_to(request.user))})


def complaint_detail(request, pk):
    complaint = access.get_complaint_for_user(request.user, pk)
    can_handle = complaint.addressee in access.complaint_addressees(request.user) \
        and not complaint.handled_at
    form = HandleForm(request.POST or None)
    if request.method == "POST":
        ensure(can_handle)
        if form.is_valid() and run_service(request, form, lambda: services.complaint_handle(
                complaint=complaint, by=request.user, outcome=form.cleaned_data["outcome"])):
            return redirect(complaint)
    return render(request, "clues/complaint_detail.html", {
        "complaint": complaint, "form": form if can_handle else None})


def transfer_letter_pdf(request, pk):
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
    pdf = render_official_pdf(
        title=_("Letter transferring an inspection clue"), document_number=transfer.letter_number,
        addressee=str(transfer.organ), body=f"{body}\n{clue.summary}\n{clue.persons}",
        issuer=OFFICE_ISSUER,
        day=timezone.localdate(transfer.sent_at), internal=True)
    return pdf_response(request, pdf, f"transfer-{transfer.pk}.pdf", target=f"clue:{clue.pk}")
