from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.actions import only_visible
from config.history import history_rows
from config.paging import paginate
from config.viewutils import flash_form_errors, form_page, run_service
from documents.views import import_page

from . import access, importer, services
from .actions import ORGUNIT_ACTIONS, USER_ACTIONS
from .forms import ROLE_KINDS, OrgUnitForm, ReasonForm, UserForm
from .models import OrgUnit


def _fields(form):
    return {k: v for k, v in form.cleaned_data.items() if k in form.Meta.fields
            and k not in getattr(form, "m2m_fields", ())}


def orgunit_list(request):
    access.ensure_sees_organisation(request.user)
    units = access.orgunits_visible_to(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    kind = request.GET.get("kind", "")
    if kind in OrgUnit.Kind.values:
        units = units.filter(kind=kind)
    return render(request, "accounts/orgunit_list.html", {
        "page": paginate(request, units), "query": query, "kind": kind,
        "kinds": OrgUnit.Kind.choices,
    })


def orgunit_detail(request, pk):
    unit = access.get_orgunit_for_user(request.user, pk)
    return render(request, "accounts/orgunit_detail.html", {
        "unit": unit,
        "children": unit.children.all(),
        "contacts": unit.contacts.select_related("user"),
        "staff": unit.staff.all()[:50],
        "planned_years": unit.planned_years.select_related("plan"),
        # Only the record this user may open: the 三员 manage units but read no inspection.
        "inspections": only_visible(request.user, unit.inspections.all()),
        "history": history_rows(unit, 50),
    })


def orgunit_form(request, pk=None):
    unit = access.get_orgunit_for_user(request.user, pk) if pk else None
    ORGUNIT_ACTIONS.ensure_allowed(request.user, "edit" if unit else "create", unit)
    form = OrgUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        if unit is None:
            saved = run_service(request, form, lambda: services.orgunit_create(
                by=request.user, **_fields(form)), success=ORGUNIT_ACTIONS["create"].done)
        else:
            saved = run_service(request, form, lambda: services.orgunit_update(
                unit=unit, by=request.user, expected_version=form.cleaned_data["version"],
                **_fields(form)), success=ORGUNIT_ACTIONS["edit"].done)
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Edit unit") if unit else _("New unit"),
                     unit.get_absolute_url() if unit else reverse("accounts:orgunit_list"))


def user_list(request):
    access.ensure_sees_organisation(request.user)
    people = access.users_visible_to(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(
            Q(full_name__icontains=query) | Q(username__icontains=query)
            | Q(org_unit__name__icontains=query) | Q(position_title__icontains=query)
        )
    return render(request, "accounts/user_list.html", {
        "page": paginate(request, people.prefetch_related("groups")), "query": query,
    })


def user_detail(request, pk):
    person = access.get_user_for_user(request.user, pk)
    return render(request, "accounts/user_detail.html", {
        "person": person,
        "account_actions": [a for a in USER_ACTIONS.actions_for(request.user, person)
                            if a.name in ACCOUNT_ACTIONS],
        "has_second_factor": services.has_second_factor(person),
        "history": history_rows(person, 50),
    })


ACCOUNT_ACTIONS = {"issue_activation", "disable", "enable", "reset_second_factor"}


@require_POST
def user_account_action(request, pk, action):
    person = access.get_user_for_user(request.user, pk)
    if action not in ACCOUNT_ACTIONS:
        raise Http404
    form = ReasonForm(request.POST)
    if form.is_valid():
        calls = {
            "issue_activation": lambda: services.user_issue_activation(user=person,
                                                                       by=request.user),
            "disable": lambda: services.user_disable(user=person, by=request.user,
                                                     reason=form.cleaned_data["reason"]),
            "enable": lambda: services.user_enable(user=person, by=request.user),
            "reset_second_factor": lambda: services.second_factor_reset(user=person,
                                                                        by=request.user),
        }
        run_service(request, form, calls[action], success=USER_ACTIONS[action].done)
    flash_form_errors(request, form)
    return redirect(person)


def user_form(request, pk=None):
    person = access.get_user_for_user(request.user, pk) if pk else None
    USER_ACTIONS.ensure_allowed(request.user, "edit" if person else "create", person)
    form = UserForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        if person is None:
            saved = run_service(request, form, lambda: services.user_create(
                by=request.user, **_fields(form)), success=USER_ACTIONS["create"].done)
        else:
            saved = run_service(request, form, lambda: services.user_update(
                user=person, by=request.user, expected_version=form.cleaned_data["version"],
                **_fields(form)), success=USER_ACTIONS["edit"].done)
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Edit person") if person else _("New person"),
                     person.get_absolute_url() if person else reverse("accounts:user_list"))


def _role_kind(slug):
    try:
        return ROLE_KINDS[slug]
    except KeyError:
        raise Http404 from None


def role_list(request):
    access.ensure_sees_organisation(request.user)
    groups = [
        (kind, kind.model.objects.select_related(
            "user", "user__org_unit",
            *[f.name for f in kind.model._meta.concrete_fields
              if f.is_relation and f.name not in {"user"}]))
        for kind in ROLE_KINDS.values()
    ]
    return render(request, "accounts/role_list.html", {"groups": groups})


def role_form(request, kind, pk=None):
    role_kind = _role_kind(kind)
    record = access.get_role_record_for_user(request.user, role_kind.model, pk) if pk else None
    USER_ACTIONS.ensure_allowed(request.user, "grant_role", record.user if record else None)
    form = role_kind.form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        m2m = {name: form.cleaned_data[name] for name in form.Meta.fields
               if name in {f.name for f in record._meta.many_to_many}}
        saved = run_service(request, form, lambda: services.role_record_save(
            record=record, by=request.user, expected_version=form.cleaned_data["version"],
            m2m=m2m), success=USER_ACTIONS["grant_role"].done)
        if saved:
            return redirect(reverse("accounts:role_list") + f"#{kind}")
    return form_page(request, form, role_kind.title,
                     reverse("accounts:role_list") + f"#{kind}")


def role_remove(request, kind, pk):
    role_kind = _role_kind(kind)
    record = access.get_role_record_for_user(request.user, role_kind.model, pk)
    USER_ACTIONS.ensure_allowed(request.user, "revoke_role", record.user)
    if request.method == "POST":
        services.role_record_remove(record=record, by=request.user)
        messages.success(request, USER_ACTIONS["revoke_role"].done)
        return redirect(reverse("accounts:role_list") + f"#{kind}")
    return render(request, "accounts/confirm_remove.html", {
        "record": record, "role_kind": role_kind,
        "cancel_url": reverse("accounts:role_list") + f"#{kind}",
    })



def orgunit_import(request):
    ORGUNIT_ACTIONS.ensure_allowed(request.user, "create")
    return import_page(
        request, run=lambda upload: importer.units_import(by=request.user, upload=upload),
        title=_("Import units from Excel"),
        template_url=reverse("accounts:orgunit_import_template"),
        cancel_url=reverse("accounts:orgunit_list"), done_url=reverse("accounts:orgunit_list"),
        done_message=_("%(count)s units imported."))


def orgunit_import_template(request):
    ORGUNIT_ACTIONS.ensure_allowed(request.user, "create")
    response = HttpResponse(importer.template_workbook(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = "attachment; filename*=UTF-8''units-template.xlsx"
    return response
