"""The register of 定性依据: the office keeps it, everyone who writes or reads findings reads
it."""

from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.history import history_rows
from config.paging import paginate
from config.viewutils import flash_form_errors, form_page, run_service

from . import access, services
from .actions import BASIS_ACTIONS
from .forms import BasisClauseForm, BasisRetireForm, BasisSearchForm, VersionForm


def basis_list(request):
    clauses = access.basis_clauses_visible_to(request.user).annotate(
        cited=Count("findings", distinct=True)).order_by("source", "article", "pk")
    search = BasisSearchForm(request.GET or None)
    state = ""
    if search.is_valid():
        if words := search.cleaned_data["q"].split():
            for word in words:
                clauses = clauses.filter(Q(source__icontains=word) | Q(article__icontains=word)
                                         | Q(excerpt__icontains=word))
        state = search.cleaned_data["state"]
    if state == "retired":
        clauses = clauses.filter(retired_at__isnull=False)
    elif state != "all":
        clauses = clauses.filter(retired_at__isnull=True)
    return render(request, "inspections/basis_list.html", {
        "page": paginate(request, clauses), "search": search,
    })


def basis_detail(request, pk):
    clause = access.get_basis_clause_for_user(request.user, pk)
    return render(request, "inspections/basis_detail.html", {
        "clause": clause, "history": history_rows(clause, 30),
        "cited": clause.findings.count(),
    })


def basis_form(request, pk=None):
    clause = access.get_basis_clause_for_user(request.user, pk) if pk else None
    action = BASIS_ACTIONS.ensure_allowed(request.user, "edit" if clause else "create", clause)
    form = BasisClauseForm(request.POST or None, instance=clause)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_service(request, form, lambda: services.basis_clause_save(
            by=request.user, source=data["source"], article=data["article"],
            excerpt=data["excerpt"], clause=clause, expected_version=data["version"]),
            success=action.done)
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Basis clause"),
                     clause.get_absolute_url() if clause else reverse("inspections:basis_list"))


def basis_retire(request, pk):
    clause = access.get_basis_clause_for_user(request.user, pk)
    action = BASIS_ACTIONS.ensure_allowed(request.user, "retire", clause)
    form = BasisRetireForm(request.POST or None, initial={"version": clause.version})
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: services.basis_clause_retire(
                clause=clause, by=request.user, reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"]), success=action.done):
        return redirect(clause)
    return form_page(request, form, _("Retire %(clause)s") % {"clause": clause},
                     clause.get_absolute_url(), action=action)


@require_POST
def basis_restore(request, pk):
    clause = access.get_basis_clause_for_user(request.user, pk)
    action = BASIS_ACTIONS.ensure_allowed(request.user, "restore", clause)
    form = VersionForm(request.POST)
    if form.is_valid():
        run_service(request, form, lambda: services.basis_clause_restore(
            clause=clause, by=request.user, expected_version=form.cleaned_data["version"]),
            success=action.done)
    flash_form_errors(request, form)
    return redirect(clause)
