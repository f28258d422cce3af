"""The register of 成功经验和先进典型 (Art 25)."""

from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.history import history_rows
from config.paging import paginate
from config.viewutils import flash_form_errors, form_page, run_service

from . import access, services
from .actions import INSPECTION_ACTIONS, PRACTICE_ACTIONS
from .forms import AnswerForm, PracticeForm, PracticeSearchForm


def practice_list(request):
    practices = access.practices_visible_to(request.user)
    search = PracticeSearchForm(request.GET or None)
    if search.is_valid():
        data = search.cleaned_data
        for word in data["q"].split():
            practices = practices.filter(
                Q(title__icontains=word) | Q(description__icontains=word)
                | Q(inspection__target_unit__name__icontains=word))
        for name in ("status", "area", "kind"):
            if data[name]:
                practices = practices.filter(**{name: data[name]})
        if data["inspection"]:
            practices = practices.filter(inspection_id=data["inspection"])
    return render(request, "inspections/practice_list.html", {
        "page": paginate(request, practices), "search": search,
    })


def practice_create(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    action = INSPECTION_ACTIONS.ensure_allowed(request.user, "recommend_practice", inspection)
    initial = {}
    if (finding := request.GET.get("finding", "")).isascii() and finding.isdigit():
        initial["source_finding"] = inspection.findings.filter(pk=finding).first()
    form = PracticeForm(request.POST or None, inspection=inspection, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(request, form, lambda: services.practice_recommend(
            inspection=inspection, by=request.user, **form.cleaned_data), success=action.done)
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Recommend a good practice (Art 25)"),
                     inspection.get_absolute_url(), action=action)


def practice_detail(request, pk):
    practice = access.get_practice_for_user(request.user, pk)
    return render(request, "inspections/practice_detail.html", {
        "practice": practice,
        "finding": access.findings_visible_to(request.user).filter(
            pk=practice.source_finding_id).first(),
        "decisions": PRACTICE_ACTIONS.actions_for(request.user, practice),
        "history": history_rows(practice, 20),
    })


@require_POST
def practice_decide(request, pk):
    practice = access.get_practice_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"] in PRACTICE_ACTIONS.actions:
            run_service(request, form, lambda: services.practice_decide(
                practice=practice, by=request.user, action=data["action"], note=data["note"],
                expected_version=data["version"]),
                success=PRACTICE_ACTIONS[data["action"]].done)
        else:
            form.add_error(None, _("Choose one of the offered decisions."))
    flash_form_errors(request, form)
    return redirect(practice)
