from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import SecurityEvent
from audit.services import security_event_record
from config.actions import url_if_visible
from config.history import history_rows
from config.paging import paginate
from config.viewutils import flash_form_errors, form_page, run_service
from deadlines import clock
from deadlines.access import deadlines_visible_to
from deadlines.models import Deadline, annotate_today
from documents.exports import export_start
from documents.official import Official, team_organ, written_in_chinese
from documents.responses import official_response
from documents.uploads import checked_download
from inspections import access as inspection_access
from inspections.forms import VersionForm
from inspections.models import Finding

from . import access, services
from . import ledger as ledger_module
from .actions import (
    FEEDBACK_ACTIONS,
    INSPECTION_ACTIONS,
    ITEM_ACTIONS,
    PLAN_ACTIONS,
    PUBLICATION_ACTIONS,
    RECEIPT_ACTIONS,
    reports_owed,
)
from .forms import (
    ActionForm,
    ConsentForm,
    EvidenceForm,
    FeedbackForm,
    ItemForm,
    LedgerFilterForm,
    MeetingForm,
    PlanForm,
    PublicationForm,
    RecheckForm,
    ReportForm,
    WithholdForm,
)
from .models import RectificationItem, RectificationPlan, ReportReceipt


def overview(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    prefetch_related_objects([inspection], "rect_reports")  # listed, and asked by send_report
    plan = RectificationPlan.objects.filter(inspection=inspection).first()
    items = list(plan.items.all()) if plan else []
    done = sum(i.status in {"closed", "long_term"} for i in items)
    return render(request, "rectification/overview.html", {
        "inspection": inspection,
        # The unit sees its rectification, not the team's inspection page.
        "inspection_url": url_if_visible(request.user, inspection),
        "feedbacks": access.feedbacks_visible_to(request.user).filter(inspection=inspection),
        "meetings": inspection.special_meetings.all(),
        "plan": plan,
        "reports": inspection.rect_reports.all(),
        # Both sent: the send action is not even asked about (it would cost a query).
        "reports_owed": reports_owed(inspection),
        "publications": access.publications_visible_to(request.user).filter(
            inspection=inspection),
        "progress": round(100 * done / len(items)) if items else 0,
        # Through deadlines' own access rules: clue deadlines never reach the unit.
        "deadlines": annotate_today(list(deadlines_visible_to(request.user).filter(
            inspection=inspection).exclude(kind=Deadline.Kind.CLUE_RESULT)), clock.today()),
    })


def feedback_create(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "prepare_feedback", inspection)
    return _feedback_form(request, inspection, None)


def feedback_edit(request, pk):
    feedback = access.get_feedback_for_user(request.user, pk)
    FEEDBACK_ACTIONS.ensure_allowed(request.user, "edit", feedback)
    return _feedback_form(request, feedback.inspection, feedback)


def _feedback_form(request, inspection, feedback):
    findings = Finding.objects.filter(inspection=inspection, status=Finding.Status.APPROVED)
    form = FeedbackForm(request.POST or None, instance=feedback, findings=findings,
                        attendees=services.feedback_attendee_candidates(),
                        initial={} if feedback else {"findings": findings})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        saved = run_service(request, form, lambda: services.feedback_save(
            inspection=inspection, by=request.user, feedback=feedback,
            expected_version=version, **data),
            success=INSPECTION_ACTIONS["prepare_feedback"].done)
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Feedback"),
                     feedback.get_absolute_url() if feedback else
                     reverse("rectification:overview", args=[inspection.pk]))


def feedback_detail(request, pk):
    feedback = access.get_feedback_for_user(request.user, pk)
    actions = FEEDBACK_ACTIONS.actions_for(request.user, feedback)
    return render(request, "rectification/feedback_detail.html", {
        "feedback": feedback,
        "edits_in_word": inspection_access.edits_in_word(request.user, feedback.inspection),
        "attendees": feedback.attendees.select_related("org_unit"),
        "edit": next((a for a in actions if a.name == "edit"), None),
        "consent_decisions": [a for a in actions if a.name in {"consent", "decline"}],
        "decisions": [a for a in actions if a.name in {"request_consent", "give", "sign_for"}],
        "consent_form": ConsentForm(initial={"version": feedback.version}),
        "history": history_rows(feedback, 20),
    })


@require_POST
def feedback_action(request, pk):
    feedback = access.get_feedback_for_user(request.user, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        action, version = form.cleaned_data["action"], form.cleaned_data["version"]
        calls = {
            "request_consent": lambda: services.feedback_request_consent(
                feedback=feedback, by=request.user, expected_version=version),
            "give": lambda: services.feedback_give(
                feedback=feedback, by=request.user, expected_version=version),
            "sign_for": lambda: services.feedback_sign_for(
                feedback=feedback, by=request.user, expected_version=version),
        }
        if action not in calls:
            raise Http404
        run_service(request, form, calls[action], success=FEEDBACK_ACTIONS[action].done)
    flash_form_errors(request, form)
    return redirect(feedback)


@require_POST
def feedback_consent(request, pk):
    """Art 18: the party group's decision, recorded by the secretary or a member."""
    feedback = access.get_feedback_for_user(request.user, pk)
    form = ConsentForm(request.POST)
    action = request.POST.get("action")
    if action not in {"consent", "decline"}:
        raise Http404
    if form.is_valid():
        data = form.cleaned_data
        if action == "consent":
            call = lambda: services.feedback_consent(  # noqa: E731
                feedback=feedback, by=request.user, meeting=data["meeting"],
                expected_version=data["version"])
        else:
            call = lambda: services.feedback_decline(  # noqa: E731
                feedback=feedback, by=request.user, comment=data["comment"],
                expected_version=data["version"])
        run_service(request, form, call, success=FEEDBACK_ACTIONS[action].done)
    flash_form_errors(request, form)
    return redirect(feedback)


def meeting_create(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "record_meeting", inspection)
    form = MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: services.special_meeting_record(
                inspection=inspection, by=request.user, **form.cleaned_data),
            success=INSPECTION_ACTIONS["record_meeting"].done):
        return redirect("rectification:overview", pk=inspection.pk)
    return form_page(request, form, _("Record a meeting"),
                     reverse("rectification:overview", args=[inspection.pk]))


def plan_form(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    plan = RectificationPlan.objects.filter(inspection=inspection).first()
    if plan:
        PLAN_ACTIONS.ensure_allowed(request.user, "edit", plan)
    else:
        INSPECTION_ACTIONS.ensure_allowed(request.user, "write_plan", inspection)
    form = PlanForm(request.POST or None, instance=plan,
                    initial={"version": plan.version} if plan else {})
    if request.method == "POST" and form.is_valid():
        saved = run_service(request, form, lambda: services.plan_save(
            inspection=inspection, by=request.user, plan=plan,
            summary=form.cleaned_data["summary"], expected_version=form.cleaned_data["version"]),
            success=INSPECTION_ACTIONS["write_plan"].done)
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Rectification plan"),
                     plan.get_absolute_url() if plan else
                     reverse("rectification:overview", args=[inspection.pk]))


def plan_detail(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    actions = PLAN_ACTIONS.actions_for(request.user, plan)
    return render(request, "rectification/plan_detail.html", {
        "plan": plan,
        "items": plan.items.select_related("finding"),
        "gaps": services.plan_coverage_gaps(plan) if plan.is_editable() else [],
        "edit": next((a for a in actions if a.name == "edit"), None),
        "submit": next((a for a in actions if a.name == "submit"), None),
        "reviews": [a for a in actions if a.name in {"approve", "return"}],
        "submissions": plan.submissions.select_related("submitted_by"),
        "history": history_rows(plan, 20),
    })


def item_form(request, pk, item_pk=None):
    plan = access.get_plan_for_user(request.user, pk)
    PLAN_ACTIONS.ensure_allowed(request.user, "edit", plan)
    item = access.get_item_for_user(request.user, item_pk) if item_pk else None
    if item is not None and item.plan_id != plan.pk:
        raise Http404
    form = ItemForm(request.POST or None, instance=item,
                    findings=services.fed_back_findings(plan.inspection))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if run_service(request, form, lambda: services.plan_item_save(
                plan=plan, by=request.user, item=item, expected_version=version, **data),
                success=_("Measure saved.")):
            return redirect(plan)
    return form_page(request, form, _("Measure"), plan.get_absolute_url())


@require_POST
def plan_action(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"] == "submit":
            run_service(request, form, lambda: services.plan_submit(
                plan=plan, by=request.user, expected_version=data["version"]),
                success=PLAN_ACTIONS["submit"].done)
        elif data["action"] in {"approve", "return"}:
            item_comments = {item.pk: request.POST.get(f"item-{item.pk}", "")
                             for item in plan.items.all()}
            run_service(request, form, lambda: services.plan_review(
                plan=plan, by=request.user, action=data["action"], comment=data["comment"],
                expected_version=data["version"], item_comments=item_comments),
                success=PLAN_ACTIONS[data["action"]].done)
        else:
            raise Http404
    flash_form_errors(request, form)
    return redirect(plan)


def item_detail(request, pk):
    item = access.get_item_for_user(request.user, pk)
    actions = ITEM_ACTIONS.actions_for(request.user, item)
    return render(request, "rectification/item_detail.html", {
        "item": item,
        "evidence": item.evidence.filter(replaced_by__isnull=True).select_related(
            "uploaded_by"),
        "upload": next((a for a in actions if a.name == "add_evidence"), None),
        "reports": [a for a in actions if a.name in {"start", "update", "request_closure"}],
        "decisions": [a for a in actions if a.name in {"close", "long_term", "return"}],
        "evidence_form": EvidenceForm(),
        "history": history_rows(item, 20),
    })


@require_POST
def item_action(request, pk):
    item = access.get_item_for_user(request.user, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"] not in ITEM_ACTIONS.actions or data["action"] == "add_evidence":
            raise Http404
        if data["action"] in {"close", "return", "long_term"}:
            call = lambda: services.item_decide(  # noqa: E731
                item=item, by=request.user, action=data["action"], comment=data["comment"],
                expected_version=data["version"])
        else:
            call = lambda: services.item_report(  # noqa: E731
                item=item, by=request.user, action=data["action"], progress=data["comment"],
                expected_version=data["version"])
        run_service(request, form, call, success=ITEM_ACTIONS[data["action"]].done)
    flash_form_errors(request, form)
    return redirect(item)


@require_POST
def evidence_upload(request, pk):
    item = access.get_item_for_user(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(request, form, lambda: services.evidence_add(
            item=item, by=request.user, upload=form.cleaned_data["file"]),
            success=ITEM_ACTIONS["add_evidence"].done)
    flash_form_errors(request, form)
    return redirect(item)


def evidence_download(request, pk):
    evidence = access.get_evidence_for_user(request.user, pk)
    return checked_download(request, evidence, target=f"evidence:{evidence.pk}")


@require_POST
def inspection_close(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    form = VersionForm(request.POST)
    if form.is_valid():
        run_service(request, form, lambda: services.inspection_close(
            inspection=inspection, by=request.user,
            expected_version=form.cleaned_data["version"]),
            success=INSPECTION_ACTIONS["close"].done)
    flash_form_errors(request, form)
    return redirect("rectification:overview", pk=inspection.pk)


def report_create(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "send_report", inspection)
    act = INSPECTION_ACTIONS.bound(request.user, "send_report", inspection)
    if act is None or not act.enabled:  # both reports are in, or the unit has not signed yet
        messages.info(request, act.reason if act else _("Nothing to send now."))
        return redirect("rectification:overview", pk=inspection.pk)
    form = ReportForm(request.POST or None, request.FILES or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        report = run_service(request, form, lambda: services.report_submit(
            inspection=inspection, by=request.user, **form.cleaned_data),
            success=INSPECTION_ACTIONS["send_report"].done)
        if report:
            return redirect(report)
    return form_page(request, form, _("Rectification report (2 months)"),
                     reverse("rectification:overview", args=[inspection.pk]),
                     action=INSPECTION_ACTIONS["send_report"])


def report_detail(request, pk):
    # The receipts are read once, for the table and for the gaps alike.
    report = get_object_or_404(access.reports_visible_to(request.user).select_related(
        "submitted_by").prefetch_related(Prefetch(
            "receipts", queryset=ReportReceipt.objects.select_related("received_by"))), pk=pk)
    return render(request, "rectification/report_detail.html", {
        "report": report, "receipts": report.receipts.all(),
        "gaps": services.report_gaps(report),
    })


@require_POST
def receipt_confirm(request, pk, receipt_pk):
    report = access.get_report_for_user(request.user, pk)
    receipt = get_object_or_404(report.receipts, pk=receipt_pk)
    try:
        services.receipt_confirm(receipt=receipt, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, RECEIPT_ACTIONS["confirm"].done)
    return redirect(report)


def ledger(request):
    items = access.ledger_items(request.user)
    filters = LedgerFilterForm(request.GET or None)
    today = clock.today()
    if filters.is_valid():
        items = ledger_module.filter_items(items, today=today, **filters.cleaned_data)
    else:
        items = ledger_module.filter_items(items, today=today)
    if request.GET.get("format") == "xlsx":
        security_event_record(kind=SecurityEvent.Kind.EXPORT, user=request.user,
                              request=request, target="rectification_ledger",
                              detail={"rows": items.count(), "filters": request.GET.dict()})
        response = HttpResponse(
            ledger_module.workbook(items),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = "attachment; filename*=UTF-8''ledger.xlsx"
        return response
    return render(request, "rectification/ledger.html", {
        "page": paginate(request, items), "filters": filters, "today": today,
        "query": request.GET.urlencode(),
    })


def publication_create(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "publish", inspection)
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        publication = run_service(request, form, lambda: services.publication_save(
            inspection=inspection, by=request.user, channel=form.cleaned_data["channel"],
            title=form.cleaned_data["title"], text=form.cleaned_data["text"]),
            success=_("Publication saved as a draft: another office member approves it."))
        if publication:
            return redirect(publication)
    return form_page(request, form, _("Publication (Art 23)"), inspection.get_absolute_url())


def _publication_page(request, publication, withhold_form=None):
    items = RectificationItem.objects.filter(plan__inspection=publication.inspection)
    actions = PUBLICATION_ACTIONS.actions_for(request.user, publication)
    return render(request, "rectification/publication_detail.html", {
        "publication": publication,
        "preview": services.public_preview(publication),
        "withholdings": publication.withholdings.select_related("item"),
        "withhold_form": (withhold_form or WithholdForm(items=items))
        if any(a.name == "edit" for a in actions) else None,
        "decisions": [a for a in actions if a.name in {"approve", "publish"}],
        "history": history_rows(publication, 20),
    })


def publication_detail(request, pk):
    return _publication_page(request, access.get_publication_for_user(request.user, pk))


@require_POST
def publication_withhold(request, pk):
    publication = access.get_publication_for_user(request.user, pk)
    items = RectificationItem.objects.filter(plan__inspection=publication.inspection)
    form = WithholdForm(request.POST, items=items)
    if form.is_valid() and run_service(request, form, lambda: services.publication_withhold(
            publication=publication, by=request.user, **form.cleaned_data),
            success=_("Item withheld from the publication.")):
        return redirect(publication)
    return _publication_page(request, publication, withhold_form=form)


@require_POST
def publication_action(request, pk):
    publication = access.get_publication_for_user(request.user, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        version, action = form.cleaned_data["version"], form.cleaned_data["action"]
        if action == "approve":
            call = lambda: services.publication_approve(  # noqa: E731
                publication=publication, by=request.user, expected_version=version)
        elif action == "publish":
            call = lambda: services.publication_publish(  # noqa: E731
                publication=publication, by=request.user, published_on=clock.today(),
                expected_version=version)
        else:
            raise Http404
        run_service(request, form, call, success=PUBLICATION_ACTIONS[action].done)
    flash_form_errors(request, form)
    return redirect(publication)


@written_in_chinese
def feedback_pdf(request, pk, word=False):
    """反馈意见: one document to the leadership team, another to the main leader (Art 18)."""
    feedback = access.get_feedback_for_user(request.user, pk)
    if word:
        inspection_access.ensure(inspection_access.edits_in_word(request.user,
                                                                 feedback.inspection))
    unit = feedback.inspection.target_unit
    problems = [f"{index}. {finding.title}" for index, finding in
                enumerate(feedback.findings.all(), start=1)]
    organ = team_organ(feedback.inspection.team)
    official = Official(
        kind="feedback", title=_("Feedback on the inspection of %(unit)s") % {"unit": unit},
        document_number=feedback.document_number,
        addressee=str(feedback.get_audience_display()),
        body="\n".join([feedback.body, *problems]), day=feedback.meeting_on, organ=organ,
        printer=organ, printed_on=feedback.meeting_on)
    return official_response(request, official, name=f"feedback-{feedback.pk}",
                             target=f"feedback:{feedback.pk}", word=word)


@written_in_chinese
def summary_pdf(request, pk):
    """整改情况 summary: the plan's items and where each stands."""
    inspection = access.get_rectification_inspection(request.user, pk)
    items = access.ledger_items(request.user).filter(plan__inspection=inspection)
    lines = [f"{index}. {item.finding.title}：{item.measure}（{item.responsible_leader}，"
             f"{item.due_on:%Y-%m-%d}，{item.get_status_display()}）"
             for index, item in enumerate(items, start=1)]
    official = Official(
        kind="rectification_summary",
        title=_("Rectification of %(unit)s") % {"unit": inspection.target_unit},
        body="\n".join(lines) or str(_("No approved plan yet.")), day=clock.today())
    return official_response(request, official, name=f"rectification-{inspection.pk}",
                             target=f"rectification_summary:{inspection.pk}")


@require_POST
def ledger_export_start(request):
    """The same filters as the page, built in the background with a progress bar."""
    filters = LedgerFilterForm(request.POST)
    params = {}
    if filters.is_valid():
        data = filters.cleaned_data
        params = {"unit": data["unit"].pk if data["unit"] else None, "status": data["status"],
                  "content_area": data["content_area"], "overdue": data["overdue"]}
    job = export_start(kind="ledger", params=params, by=request.user)
    return redirect("documents:export_status", pk=job.pk)


# 回头看 (Art 13) ------------------------------------------------------------------------------

def recheck(request, pk):
    """The follow-up team's page: the earlier inspection's findings and items, their state,
    and the team's verdict on each."""
    inspection = inspection_access.get_inspection_for_user(request.user, pk)
    if inspection.rechecks_id is None or not inspection_access.sees_team_records(
            request.user, inspection):
        raise Http404
    form = RecheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = get_object_or_404(RectificationItem.objects.select_related("plan"),
                                 pk=data["item"], plan__inspection=inspection.rechecks_id)
        if run_service(request, form, lambda: services.recheck_record(
                inspection=inspection, item=item, by=request.user, verdict=data["verdict"],
                note=data["note"], expected_version=data["version"]),
                success=INSPECTION_ACTIONS["record_recheck"].done):
            return redirect(request.path + f"#item-{item.pk}")
        flash_form_errors(request, form)
    return render(request, "rectification/recheck.html", {
        "inspection": inspection, "earlier": inspection.rechecks,
        "items": services.recheck_items(inspection),
        "record": INSPECTION_ACTIONS.bound(request.user, "record_recheck", inspection),
        "verdicts": RecheckForm.base_fields["verdict"].choices,
    })
