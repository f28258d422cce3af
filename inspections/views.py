from io import BytesIO

import segno
from django.conf import settings
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import SecurityEvent
from audit.services import security_event_record
from config.history import history_rows
from config.paging import paginate
from config.viewutils import flash_form_errors, form_page, run_service
from documents.official import Official, team_organ, written_in_chinese
from documents.pdf import OFFICE_ISSUER
from documents.responses import official_response
from teams.access import teams_visible_to

from . import access, services
from .actions import INSPECTION_ACTIONS, PLAN_ACTIONS, ROUND_ACTIONS
from .forms import (
    AnnouncementForm,
    InspectionForm,
    NoticeForm,
    PlanForm,
    PlanStageForm,
    PlanUnitForm,
    ProvinceApprovalForm,
    ReviewForm,
    RoundForm,
)
from .models import Inspection, Plan, Report, Round

# Plans ------------------------------------------------------------------------------------------

def plan_list(request):
    plans = access.plans_visible_to(request.user)
    access.ensure(request.user.has_role(*access.OVERSIGHT))
    return render(request, "inspections/plan_list.html", {"page": paginate(request, plans)})


def plan_form(request, pk=None):
    plan = access.get_plan_for_user(request.user, pk) if pk else None
    PLAN_ACTIONS.ensure_allowed(request.user, "edit" if plan else "create", plan)
    form = PlanForm(request.POST or None, instance=plan,
                    initial={"version": plan.version} if plan else {})
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = run_service(request, form, lambda: services.plan_save(
            by=request.user, plan=plan, expected_version=form.cleaned_data["version"], **fields),
            success=_("Plan saved."))
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Edit plan") if plan else _("New plan"),
                      plan.get_absolute_url() if plan else reverse("inspections:plan_list"))


CHILD_FORMS = {"stage": PlanStageForm, "unit": PlanUnitForm}


def _plan_page(request, plan, bound=None):
    """The plan page; `bound` is a child form with errors to show again as typed."""
    editable = PLAN_ACTIONS.bound(request.user, "edit", plan)
    forms = {f"{kind}_form": (bound if bound is not None and bound.prefix == kind
                              else form_class(prefix=kind)) if editable else None
             for kind, form_class in CHILD_FORMS.items()}
    return render(request, "inspections/plan_detail.html", {
        "plan": plan,
        "stages": plan.stages.all(),
        "units": plan.planned_units.select_related("unit"),
        "reviews": plan.reviews.select_related("by"),
        "decisions": [a for a in PLAN_ACTIONS.actions_for(request.user, plan) if a.name != "edit"],
        "may_create_round": ROUND_ACTIONS.bound(request.user, "create", None) is not None,
        "history": history_rows(plan, 30),
        **forms,
    })


def plan_detail(request, pk):
    return _plan_page(request, access.get_plan_for_user(request.user, pk))


@require_POST
def plan_child_add(request, pk, kind):
    plan = access.get_plan_for_user(request.user, pk)
    if kind not in CHILD_FORMS:
        raise Http404
    form = CHILD_FORMS[kind](request.POST, prefix=kind)
    if form.is_valid() and run_service(request, form, lambda: services.plan_child_add(
            plan=plan, by=request.user, child=form.save(commit=False)),
            success=_("Added to the plan.")):
        return redirect(plan)
    return _plan_page(request, plan, bound=form)


@require_POST
def plan_review(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return redirect(plan)
    calls = {"submit": services.plan_submit, "approve": services.plan_approve,
             "return": services.plan_return, "review": services.plan_review,
             "decide": services.plan_decide, "send_back": services.plan_send_back}
    action = form.cleaned_data["action"]
    if action not in calls:
        raise Http404
    run_service(request, form, lambda: calls[action](
        plan=plan, by=request.user, expected_version=form.cleaned_data["version"],
        comment=form.cleaned_data["comment"]), success=PLAN_ACTIONS[action].done)
    flash_form_errors(request, form)
    return redirect(plan)


# Rounds -----------------------------------------------------------------------------------------

def round_list(request):
    rounds = access.rounds_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in Round.Status.values:
        rounds = rounds.filter(status=status)
    return render(request, "inspections/round_list.html", {
        "page": paginate(request, rounds), "status": status, "statuses": Round.Status.choices,
    })


def round_form(request, pk=None):
    round_ = access.get_round_for_user(request.user, pk) if pk else None
    ROUND_ACTIONS.ensure_allowed(request.user, "edit" if round_ else "create", round_)
    form = RoundForm(request.POST or None, instance=round_,
                     initial={"version": round_.version} if round_ else _round_from_plan(request))
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = run_service(request, form, lambda: services.round_save(
            by=request.user, round_=round_, expected_version=form.cleaned_data["version"],
            **fields), success=_("Round saved: add its target units, then submit it."))
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Edit round") if round_ else _("New round"),
                      round_.get_absolute_url() if round_ else reverse("inspections:round_list"))


def _round_from_plan(request):
    """"New round from this plan": the approved annual plan fills in what it already says."""
    plan = access.plans_visible_to(request.user).filter(
        pk=request.GET.get("plan") if request.GET.get("plan", "").isdigit() else None,
        status=Plan.Status.APPROVED).first()
    if plan is None:
        return {}
    return {"plan": plan.pk, "year": plan.start_year}


def round_detail(request, pk):
    round_ = access.get_round_for_user(request.user, pk)
    user = request.user
    return render(request, "inspections/round_detail.html", {
        "round": round_,
        "inspections": access.inspections_visible_to(user).filter(round=round_),
        "teams": teams_visible_to(user).filter(round=round_),
        "reads_province_approval": access.reads_province_approval(user),
        "decisions": [a for a in ROUND_ACTIONS.actions_for(user, round_)
                      if a.name in {"submit", "approve", "return", "complete"}],
        "history": history_rows(round_, 30),
    })


@require_POST
def round_action(request, pk):
    round_ = access.get_round_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return redirect(round_)
    action, version = form.cleaned_data["action"], form.cleaned_data["version"]
    comment = form.cleaned_data["comment"]
    calls = {
        "submit": lambda: services.round_submit(
            round_=round_, by=request.user, expected_version=version),
        "approve": lambda: services.round_approve(
            round_=round_, by=request.user, expected_version=version, comment=comment),
        "return": lambda: services.round_return(
            round_=round_, by=request.user, expected_version=version, comment=comment),
        "complete": lambda: services.round_complete(
            round_=round_, by=request.user, expected_version=version),
    }
    if action not in calls:
        raise Http404
    run_service(request, form, calls[action], success=ROUND_ACTIONS[action].done)
    flash_form_errors(request, form)
    return redirect(round_)


def round_province(request, pk):
    round_ = access.get_round_for_user(request.user, pk)
    ROUND_ACTIONS.ensure_allowed(request.user, "record_province_approval", round_)
    form = ProvinceApprovalForm(request.POST or None, request.FILES or None,
                                initial={"version": round_.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_service(request, form, lambda: services.round_record_provincial_approval(
            round_=round_, by=request.user, expected_version=data["version"],
            doc_number=data["doc_number"], doc_date=data["doc_date"], doc_file=data["doc_file"]),
            success=_("Provincial approval recorded: notices can now be issued."))
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Record the provincial approval"),
                     round_.get_absolute_url(), action=ROUND_ACTIONS["record_province_approval"])


def round_province_file(request, pk):
    round_ = access.get_round_for_user(request.user, pk)
    access.ensure(access.reads_province_approval(request.user))
    if not round_.province_doc_file:
        raise Http404
    security_event_record(kind=SecurityEvent.Kind.DOWNLOAD, user=request.user, request=request,
                          target=f"round:{round_.pk}:province_doc")
    return FileResponse(round_.province_doc_file.open("rb"), as_attachment=True,
                        filename=round_.province_doc_file.name.rsplit("/", 1)[-1])


# Inspections ------------------------------------------------------------------------------------

def inspection_form(request, round_pk=None, pk=None):
    inspection = access.get_inspection_for_user(request.user, pk) if pk else None
    round_ = inspection.round if inspection else access.get_round_for_user(request.user, round_pk)
    if inspection:
        INSPECTION_ACTIONS.ensure_allowed(request.user, "edit", inspection)
    else:
        ROUND_ACTIONS.ensure_allowed(request.user, "add_target", round_)
    # A new target unit starts with the round's type and modes: the same for most units.
    form = InspectionForm(request.POST or None, instance=inspection,
                          initial={"version": inspection.version} if inspection else {
                              "inspection_type": round_.inspection_type,
                              "modes": round_.modes})
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = run_service(request, form, lambda: services.inspection_save(
            by=request.user, round_=round_, inspection=inspection,
            expected_version=form.cleaned_data["version"], **fields),
            success=ROUND_ACTIONS["add_target"].done)
        if saved:
            return redirect(round_)
    bounds = None
    entry = form["planned_entry_on"].value()
    if entry:
        try:
            from datetime import date

            bounds = services.suggested_end_dates(date.fromisoformat(str(entry)))
        except ValueError:
            bounds = None
    if bounds:
        form["planned_end_on"].help_text = _(
            "For this entry date the end date may be from %(first)s (20th working day) to "
            "%(last)s (40th).") % {"first": bounds[0].due.isoformat(),
                                   "last": bounds[1].due.isoformat()}
    return form_page(request, form, _("Target unit in %(round)s") % {"round": round_},
                      round_.get_absolute_url())


# From the report's submission on, the inspection page shows what the leadership group hears.
HEARD_OR_LATER = {Inspection.Status.REPORT_SUBMITTED, Inspection.Status.HEARD,
                  Inspection.Status.FEEDBACK_GIVEN, Inspection.Status.RECTIFYING,
                  Inspection.Status.CLOSED, Inspection.Status.ARCHIVED}


def inspection_detail(request, pk):
    # The documents and hearings the page shows come with the inspection, in one query.
    inspection = get_object_or_404(access.inspections_visible_to(request.user).select_related(
        "notice", "announcement", "hearing", "party_hearing"), pk=pk)
    sees_records, opens_team_records = access.team_records_reach(request.user, inspection)
    return render(request, "inspections/inspection_detail.html", {
        "inspection": inspection,
        "notice": getattr(inspection, "notice", None),
        "announcement": getattr(inspection, "announcement", None),
        "sees_records": sees_records,
        "opens_team_records": opens_team_records,
        "hearing": getattr(inspection, "hearing", None),
        "party_hearing": getattr(inspection, "party_hearing", None)
        if inspection.status in HEARD_OR_LATER - {Inspection.Status.REPORT_SUBMITTED} else None,
        # What the leadership group hears (Art 17): the submitted reports and their findings.
        "submitted_reports": access.reports_visible_to(request.user).filter(
            inspection=inspection, status__in=[Report.Status.SUBMITTED, Report.Status.SENT]
        ).annotate(
            finding_count=Count("findings")) if inspection.status in HEARD_OR_LATER else [],
        "history": history_rows(inspection, 30),
    })


def notice_issue(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "issue_notice", inspection)
    unit = inspection.target_unit
    form = NoticeForm(request.POST or None, initial={
        "addressee": _("Party committee of %(unit)s") % {"unit": unit},
        "body": _("According to the party group's arrangement and with the approval of the "
                  "provincial inspection leading group, %(team)s will inspect the leadership of "
                  "%(unit)s from %(entry)s, covering: %(areas)s. Please prepare accordingly.")
        % {"team": inspection.team.name if inspection.team else "", "unit": unit,
           "entry": date_format(inspection.planned_entry_on, "DATE_FORMAT"),
           "areas": "、".join(inspection.get_content_areas_display())},
    })
    if request.method == "POST" and form.is_valid():
        notice = run_service(request, form, lambda: services.notice_issue(
            inspection=inspection, by=request.user, **form.cleaned_data),
            success=INSPECTION_ACTIONS["issue_notice"].done)
        if notice:
            return redirect(notice)
    return form_page(request, form, _("Issue the entry notice"), inspection.get_absolute_url(),
                     action=INSPECTION_ACTIONS["issue_notice"])


def _notice_document(notice):
    day = timezone.localdate(notice.issued_at)
    return Official(
        kind="entry_notice", title=_("Notice on the inspection of %(unit)s")
        % {"unit": notice.inspection.target_unit},
        document_number=notice.document_number, addressee=notice.addressee,
        body=notice.body, day=day, organ=str(OFFICE_ISSUER), printer=str(OFFICE_ISSUER),
        printed_on=day)


@written_in_chinese
def notice_pdf(request, pk, word=False):
    notice = access.get_notice_for_user(request.user, pk)
    if word:
        access.ensure(access.edits_notice_in_word(request.user))
    return official_response(request, _notice_document(notice), name=f"notice-{notice.pk}",
                             target=f"notice:{notice.pk}", word=word)


@written_in_chinese
def announcement_pdf(request, pk, word=False):
    """巡察公告 with the QR code of the public online form (码上巡察), drawn as vectors."""
    announcement = access.get_announcement_for_user(request.user, pk)
    inspection = announcement.inspection
    if word:
        access.ensure(access.edits_in_word(request.user, inspection))
    body = "\n".join([announcement.body,
                      f"{_('Schedule')}：{announcement.schedule}",
                      f"{_('Work address')}：{announcement.address}",
                      f"{_('Reporting mailbox')}：{announcement.mailbox}",
                      f"{_('Office phone')}：{announcement.phone}"])
    # The printed code outlives the request: it points at the site's public address, never at
    # the host name this request happened to use (an intranet name, or one a client forged).
    form_url = settings.SITE_URL + reverse("inspections:public_petition",
                                           args=[announcement.petition_token])
    qr = segno.make(form_url, error="m")
    # Vectors in the PDF; Word takes the same code as a picture.
    png = BytesIO()
    if word:
        qr.save(png, kind="png", scale=8, border=2)
    official = Official(
        kind="announcement", title=_("Inspection announcement"),
        document_number=announcement.document_number, body=body,
        issuer=team_organ(inspection.team),
        day=timezone.localdate(announcement.published_at),
        extra={"qr_svg": "" if word else qr.svg_inline(scale=4, border=2, omitsize=True),
               "qr_png": png.getvalue(),
               "qr_caption": _("Scan to report online: %(url)s") % {"url": form_url}})
    return official_response(request, official, name=f"announcement-{announcement.pk}",
                             target=f"announcement:{announcement.pk}", word=word)


def notice_detail(request, pk):
    notice = access.get_notice_for_user(request.user, pk)
    return render(request, "inspections/notice_detail.html", {
        "notice": notice, "edits_in_word": access.edits_notice_in_word(request.user)})


def announcement_publish(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "publish_announcement", inspection)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        announcement = run_service(request, form, lambda: services.announcement_publish(
            inspection=inspection, by=request.user, **form.cleaned_data),
            success=INSPECTION_ACTIONS["publish_announcement"].done)
        if announcement:
            return redirect(announcement)
    return form_page(request, form, _("Publish the inspection announcement"),
                     inspection.get_absolute_url(),
                     action=INSPECTION_ACTIONS["publish_announcement"])


def announcement_detail(request, pk):
    announcement = access.get_announcement_for_user(request.user, pk)
    return render(request, "inspections/announcement_detail.html", {
        "announcement": announcement,
        "edits_in_word": access.edits_in_word(request.user, announcement.inspection)})
