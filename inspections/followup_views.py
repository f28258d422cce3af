"""During the inspection: 边巡边改 notices, mid-term reports and escalation requests."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.history import history_rows
from config.viewutils import flash_form_errors, form_page, run_service
from deadlines import clock
from documents.official import Official, team_organ, written_in_chinese
from documents.responses import official_response

from . import access, services
from .actions import (
    ESCALATION_ACTIONS,
    IMMEDIATE_ACTIONS,
    INSPECTION_ACTIONS,
    MATERIAL_REQUEST_ACTIONS,
    MIDTERM_ACTIONS,
)
from .forms import AnswerForm
from .models import EscalationRequest, ImmediateRectification, MaterialRequest, MidtermReport

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ImmediateForm(forms.ModelForm):
    class Meta:
        model = ImmediateRectification
        fields = ["issue", "required_action", "due_on"]
        widgets = {"due_on": DATE, "issue": forms.Textarea(attrs={"rows": 3}),
                   "required_action": forms.Textarea(attrs={"rows": 3})}


class MaterialRequestForm(forms.ModelForm):
    class Meta:
        model = MaterialRequest
        fields = ["kind", "items", "due_on"]
        widgets = {"due_on": DATE, "items": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"items": _("One item a line: the files, archives or minutes, and whether "
                                 "to read or copy them (Art 14 (6)).")}


class MidtermForm(forms.ModelForm):
    class Meta:
        model = MidtermReport
        fields = ["reported_on", "progress", "second_half_plan"]
        widgets = {"reported_on": DATE, "progress": forms.Textarea(attrs={"rows": 5}),
                   "second_half_plan": forms.Textarea(attrs={"rows": 4})}


class EscalationForm(forms.ModelForm):
    class Meta:
        model = EscalationRequest
        fields = ["question"]
        widgets = {"question": forms.Textarea(attrs={"rows": 5})}






def followup_page(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    access.ensure(access.can_follow_up(request.user, inspection))
    return render(request, "inspections/followup.html", {
        "inspection": inspection,
        "immediate": access.immediate_visible_to(request.user).filter(inspection=inspection),
        "material_requests": access.material_requests_visible_to(request.user).filter(
            inspection=inspection),
        "midterms": access.midterm_reports_visible_to(request.user).filter(
            inspection=inspection),
        "escalations": access.escalations_visible_to(request.user).filter(
            inspection=inspection),
    })


def _followup_form(request, pk, *, action, form_class, service, title):
    """The page of one step the team takes during the inspection: the form, the service, and
    back to the inspection's follow-up page."""
    inspection = access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, action, inspection)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: service(
                inspection=inspection, by=request.user, **form.cleaned_data),
            success=INSPECTION_ACTIONS[action].done):
        return redirect("inspections:followup", pk=inspection.pk)
    return form_page(request, form, title, inspection.get_absolute_url(),
                     action=INSPECTION_ACTIONS[action])


def immediate_create(request, pk):
    return _followup_form(request, pk, action="issue_immediate", form_class=ImmediateForm,
                          service=services.immediate_issue,
                          title=_("Immediate rectification notice"))


def immediate_detail(request, pk):
    notice = access.get_immediate_for_user(request.user, pk)
    return render(request, "inspections/immediate_detail.html", {
        "notice": notice,
        "edits_in_word": access.edits_in_word(request.user, notice.inspection),
        "decisions": IMMEDIATE_ACTIONS.actions_for(request.user, notice),
        "history": history_rows(notice, 20),
    })


@require_POST
def immediate_action(request, pk):
    notice = access.get_immediate_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        calls = {
            "reply": lambda: services.immediate_reply(
                notice=notice, by=request.user, reply=data["note"],
                expected_version=data["version"]),
            "close": lambda: services.immediate_review(
                notice=notice, by=request.user, action="close", comment=data["note"],
                expected_version=data["version"]),
            "return": lambda: services.immediate_review(
                notice=notice, by=request.user, action="return", comment=data["note"],
                expected_version=data["version"], due_on=data["due_on"]),
        }
        if data["action"] not in calls:
            raise Http404
        run_service(request, form, calls[data["action"]],
                    success=IMMEDIATE_ACTIONS[data["action"]].done)
    flash_form_errors(request, form)
    return redirect(notice)


def midterm_create(request, pk):
    return _followup_form(request, pk, action="report_midterm", form_class=MidtermForm,
                          service=services.midterm_report, title=_("Mid-term report"))


@require_POST
def midterm_opinion(request, pk):
    report = access.get_midterm_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        run_service(request, form, lambda: services.midterm_opinion(
            report=report, by=request.user, opinion=form.cleaned_data["note"]),
            success=MIDTERM_ACTIONS["give_opinion"].done)
    flash_form_errors(request, form)
    return redirect("inspections:followup", pk=report.inspection_id)


def escalation_create(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "raise_escalation", inspection)
    form = EscalationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(request, form, lambda: services.escalation_raise(
            inspection=inspection, by=request.user, **form.cleaned_data),
            success=INSPECTION_ACTIONS["raise_escalation"].done)
        if created:
            return redirect(created)
    return form_page(request, form, _("Request instructions (Art 26)"),
                      inspection.get_absolute_url())


def escalation_detail(request, pk):
    escalation = access.get_escalation_for_user(request.user, pk)
    return render(request, "inspections/escalation_detail.html", {
        "escalation": escalation,
        "decisions": ESCALATION_ACTIONS.actions_for(request.user, escalation),
        "history": history_rows(escalation, 20),
    })


@require_POST
def escalation_action(request, pk):
    escalation = access.get_escalation_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"] not in ESCALATION_ACTIONS.actions:
            raise Http404
        if data["action"] == "answer_leadership":
            call = lambda: services.escalation_leadership(  # noqa: E731
                request=escalation, by=request.user, answer=data["note"],
                expected_version=data["version"])
        else:
            call = lambda: services.escalation_office(  # noqa: E731
                request=escalation, by=request.user, action=data["action"], note=data["note"],
                expected_version=data["version"])
        run_service(request, form, call, success=ESCALATION_ACTIONS[data["action"]].done)
    flash_form_errors(request, form)
    return redirect(escalation)


def material_request_create(request, pk):
    return _followup_form(request, pk, action="request_materials",
                          form_class=MaterialRequestForm, service=services.material_request,
                          title=_("Request materials or a work report"))


def material_request_detail(request, pk):
    asked = access.get_material_request_for_user(request.user, pk)
    return render(request, "inspections/material_request_detail.html", {
        "asked": asked, "overdue": asked.is_overdue(clock.today()),
        "decisions": MATERIAL_REQUEST_ACTIONS.actions_for(request.user, asked),
        "history": history_rows(asked, 20),
    })


@require_POST
def material_request_action(request, pk):
    asked = access.get_material_request_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid() and form.cleaned_data["action"] == "provide":
        run_service(request, form, lambda: services.material_provide(
            request=asked, by=request.user, provided=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"]),
            success=MATERIAL_REQUEST_ACTIONS["provide"].done)
    flash_form_errors(request, form)
    return redirect(asked)


@written_in_chinese
def immediate_pdf(request, pk, word=False):
    """立行立改通知书 to the unit (Art 15): urgent by its nature."""
    notice = access.get_immediate_for_user(request.user, pk)
    if word:
        access.ensure(access.edits_in_word(request.user, notice.inspection))
    unit = notice.inspection.target_unit
    body = "\n".join([notice.issue, f"{_('Required action')}：{notice.required_action}"] + (
        [f"{_('Reply by')}：{notice.due_on:%Y-%m-%d}"] if notice.due_on else []))
    day = timezone.localdate(notice.issued_at)
    organ = team_organ(notice.inspection.team)
    official = Official(
        kind="immediate_notice", title=_("Immediate rectification notice"),
        document_number=notice.document_number,
        addressee=_("Party committee of %(unit)s") % {"unit": unit}, body=body, day=day,
        organ=organ, printer=organ, printed_on=day)
    return official_response(request, official, name=f"immediate-{notice.pk}",
                             target=f"immediate:{notice.pk}", word=word)
