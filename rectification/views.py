from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import SecurityEvent
from audit.services import security_event_record
from config.paging import paginate
from config.viewutils import flash_form_errors, form_page, run_service
from deadlines import clock
from deadlines.access import deadlines_visible_to
from deadlines.models import Deadline, annotate_today
from documents.exports import export_start
from documents.pdf import pdf_response, render_official_pdf
from documents.uploads import checked_download
from inspections.access import ensure, is_office
from inspections.models import Finding

from . import access, services
from . import ledger as ledger_module
from .forms import (
    ActionForm,
    EvidenceForm,
    FeedbackForm,
    ItemForm,
    LedgerFilterForm,
    MeetingForm,
    PlanForm,
    PublicationForm,
    ReportForm,
    WithholdForm,
)
from .models import Feedback, RectificationItem, RectificationPlan


def overview(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    plan = RectificationPlan.objects.filter(inspection=inspection).first()
    items = list(plan.items.all()) if plan else []
    done = sum(i.status in {"closed", "long_term"} for i in items)
    return render(request, "rectification/overview.html", {
        "inspection": inspection,
        "feedbacks": access.feedbacks_visible_to(request.user).filter(inspection=inspection),
        "meetings": inspection.special_meetings.all(),
        "plan": plan,
        "report": getattr(inspection, "rect_report", None),
        "publications": inspection.publications.all() if is_office(request.user) else [],
        "can_publish": is_office(request.user) and plan is not None
        and plan.status == "approved",
        "progress": round(100 * done / len(items)) if items else 0,
        # Through deadlines' own access rules: clue deadlines never reach the unit.
        "deadlines": annotate_today(list(deadlines_visible_to(request.user).filter(
            inspection=inspection).exclude(kind=Deadline.Kind.CLUE_RESULT)), clock.today()),
        "is_unit": services.is_unit_contact(request.user, inspection),
        "can_give_feedback": access.can_give_feedback(request.user, inspection)
        and inspection.status in {"heard", "feedback_given"},
        "can_close": is_office(request.user) and inspection.status == "rectifying",
    })


def feedback_create(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    ensure(access.can_give_feedback(request.user, inspection))
    findings = Finding.objects.filter(inspection=inspection, status=Finding.Status.APPROVED)
    form = FeedbackForm(request.POST or None, findings=findings,
                        initial={"findings": findings})
    if request.method == "POST" and form.is_valid():
        feedback = run_service(request, form, lambda: services.feedback_save(
            inspection=inspection, by=request.user, **form.cleaned_data))
        if feedback:
            return redirect(feedback)
    return form_page(request, form, _("Feedback"), inspection.get_absolute_url())


def feedback_detail(request, pk):
    feedback = access.get_feedback_for_user(request.user, pk)
    inspection = feedback.inspection
    return render(request, "rectification/feedback_detail.html", {
        "feedback": feedback,
        "can_give": feedback.status == Feedback.Status.DRAFT
        and access.can_give_feedback(request.user, inspection),
        "can_sign_for": feedback.status == Feedback.Status.GIVEN
        and services.is_unit_contact(request.user, inspection, "main_leader"),
        "history": feedback.history.select_related("history_user")[:20],
    })


@require_POST
def feedback_action(request, pk):
    feedback = access.get_feedback_for_user(request.user, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        action, version = form.cleaned_data["action"], form.cleaned_data["version"]
        if action == "give":
            ensure(access.can_give_feedback(request.user, feedback.inspection))
            run_service(request, form, lambda: services.feedback_give(
                feedback=feedback, by=request.user, expected_version=version))
        elif action == "sign_for":
            ensure(services.is_unit_contact(request.user, feedback.inspection, "main_leader"))
            run_service(request, form, lambda: services.feedback_sign_for(
                feedback=feedback, by=request.user, expected_version=version),
                success=_("Signed for. The 15-day, 1-month and 2-month deadlines have started."))
        else:
            raise Http404
    flash_form_errors(request, form)
    return redirect(feedback)


def meeting_create(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    ensure(services.is_unit_contact(request.user, inspection))
    form = MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: services.special_meeting_record(
                inspection=inspection, by=request.user, **form.cleaned_data)):
        return redirect("rectification:overview", pk=inspection.pk)
    return form_page(request, form, _("Record a meeting"), inspection.get_absolute_url())


def plan_form(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    ensure(services.is_unit_contact(request.user, inspection))
    plan = RectificationPlan.objects.filter(inspection=inspection).first()
    form = PlanForm(request.POST or None, instance=plan,
                    initial={"version": plan.version} if plan else {})
    if request.method == "POST" and form.is_valid():
        saved = run_service(request, form, lambda: services.plan_save(
            inspection=inspection, by=request.user, plan=plan,
            summary=form.cleaned_data["summary"], expected_version=form.cleaned_data["version"]))
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Rectification plan"),
                     plan.get_absolute_url() if plan else inspection.get_absolute_url())


def plan_detail(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    inspection = plan.inspection
    is_unit = services.is_unit_contact(request.user, inspection)
    reviewer = services.can_review(request.user, inspection) and not is_unit
    return render(request, "rectification/plan_detail.html", {
        "plan": plan,
        "items": plan.items.select_related("finding"),
        "gaps": services.plan_coverage_gaps(plan) if plan.is_editable() else [],
        "can_edit": is_unit and plan.is_editable(),
        "can_review": reviewer and plan.status == RectificationPlan.Status.SUBMITTED,
        "submissions": plan.submissions.select_related("submitted_by"),
        "history": plan.history.select_related("history_user")[:20],
    })


def item_form(request, pk, item_pk=None):
    plan = access.get_plan_for_user(request.user, pk)
    ensure(services.is_unit_contact(request.user, plan.inspection))
    item = access.get_item_for_user(request.user, item_pk) if item_pk else None
    if item is not None and item.plan_id != plan.pk:
        raise Http404
    form = ItemForm(request.POST or None, instance=item,
                    findings=services.fed_back_findings(plan.inspection))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if run_service(request, form, lambda: services.plan_item_save(
                plan=plan, by=request.user, item=item, expected_version=version, **data)):
            return redirect(plan)
    return form_page(request, form, _("Measure"), plan.get_absolute_url())


@require_POST
def plan_action(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"] == "submit":
            ensure(services.is_unit_contact(request.user, plan.inspection))
            run_service(request, form, lambda: services.plan_submit(
                plan=plan, by=request.user, expected_version=data["version"]),
                success=_("Plan submitted to the inspection team."))
        elif data["action"] in {"approve", "return"}:
            ensure(services.can_review(request.user, plan.inspection))
            item_comments = {item.pk: request.POST.get(f"item-{item.pk}", "")
                             for item in plan.items.all()}
            run_service(request, form, lambda: services.plan_review(
                plan=plan, by=request.user, action=data["action"], comment=data["comment"],
                expected_version=data["version"], item_comments=item_comments))
        else:
            raise Http404
    flash_form_errors(request, form)
    return redirect(plan)


def item_detail(request, pk):
    item = access.get_item_for_user(request.user, pk)
    inspection = item.plan.inspection
    is_unit = services.is_unit_contact(request.user, inspection)
    return render(request, "rectification/item_detail.html", {
        "item": item,
        "evidence": item.evidence.filter(replaced_by__isnull=True).select_related(
            "uploaded_by"),
        "is_unit": is_unit and item.plan.status == "approved",
        "can_decide": services.can_review(request.user, inspection) and not is_unit
        and item.status == "closure_requested",
        "evidence_form": EvidenceForm(),
        "history": item.history.select_related("history_user")[:20],
    })


@require_POST
def item_action(request, pk):
    item = access.get_item_for_user(request.user, pk)
    inspection = item.plan.inspection
    form = ActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"] in {"close", "return", "long_term"}:
            # The unit cannot close its own item: a visible item, a forbidden action → 403.
            ensure(services.can_review(request.user, inspection)
                   and not services.is_unit_contact(request.user, inspection))
            run_service(request, form, lambda: services.item_decide(
                item=item, by=request.user, action=data["action"], comment=data["comment"],
                expected_version=data["version"]))
        else:
            ensure(services.is_unit_contact(request.user, inspection))
            run_service(request, form, lambda: services.item_report(
                item=item, by=request.user, action=data["action"], progress=data["comment"],
                expected_version=data["version"]))
    flash_form_errors(request, form)
    return redirect(item)


@require_POST
def evidence_upload(request, pk):
    item = access.get_item_for_user(request.user, pk)
    ensure(services.is_unit_contact(request.user, item.plan.inspection))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(request, form, lambda: services.evidence_add(
            item=item, by=request.user, upload=form.cleaned_data["file"]),
            success=_("Evidence uploaded."))
    flash_form_errors(request, form)
    return redirect(item)


def evidence_download(request, pk):
    evidence = access.get_evidence_for_user(request.user, pk)
    return checked_download(request, evidence, target=f"evidence:{evidence.pk}")


@require_POST
def inspection_close(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    ensure(is_office(request.user))
    try:
        services.inspection_close(inspection=inspection, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Inspection closed."))
    return redirect("rectification:overview", pk=inspection.pk)


def report_create(request, pk):
    inspection = access.get_rectification_inspection(request.user, pk)
    ensure(services.is_unit_contact(request.user, inspection))
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = run_service(request, form, lambda: services.report_submit(
            inspection=inspection, by=request.user, **form.cleaned_data),
            success=_("Report sent to the three recipients."))
        if report:
            return redirect(report)
    return form_page(request, form, _("Rectification report (2 months)"),
                     inspection.get_absolute_url())


def report_detail(request, pk):
    report = access.get_report_for_user(request.user, pk)
    mine = services.receipt_recipients(request.user)
    return render(request, "rectification/report_detail.html", {
        "report": report, "receipts": report.receipts.select_related("received_by"),
        "gaps": services.report_gaps(report), "mine": mine,
    })


@require_POST
def receipt_confirm(request, pk, receipt_pk):
    report = access.get_report_for_user(request.user, pk)
    receipt = get_object_or_404(report.receipts, pk=receipt_pk)
    ensure(receipt.recipient in services.receipt_recipients(request.user))
    services.receipt_confirm(receipt=receipt, by=request.user)
    messages.success(request, _("Receipt confirmed."))
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
    ensure(is_office(request.user))
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        publication = run_service(request, form, lambda: services.publication_save(
            inspection=inspection, by=request.user, channel=form.cleaned_data["channel"],
            title=form.cleaned_data["title"], text=form.cleaned_data["text"]))
        if publication:
            return redirect(publication)
    return form_page(request, form, _("Publication (Art 23)"), inspection.get_absolute_url())


def _publication_page(request, publication, withhold_form=None):
    items = RectificationItem.objects.filter(plan__inspection=publication.inspection)
    office = is_office(request.user)
    return render(request, "rectification/publication_detail.html", {
        "publication": publication,
        "preview": services.public_preview(publication),
        "withholdings": publication.withholdings.select_related("item"),
        "withhold_form": (withhold_form or WithholdForm(items=items))
        if office and publication.status == "draft" else None,
        "can_approve": office and publication.status == "draft",
        "can_publish": office and publication.status == "approved",
        "history": publication.history.select_related("history_user")[:20],
    })


def publication_detail(request, pk):
    return _publication_page(request, access.get_publication_for_user(request.user, pk))


@require_POST
def publication_withhold(request, pk):
    publication = access.get_publication_for_user(request.user, pk)
    ensure(is_office(request.user))
    items = RectificationItem.objects.filter(plan__inspection=publication.inspection)
    form = WithholdForm(request.POST, items=items)
    if form.is_valid() and run_service(request, form, lambda: services.publication_withhold(
            publication=publication, by=request.user, **form.cleaned_data)):
        return redirect(publication)
    return _publication_page(request, publication, withhold_form=form)


@require_POST
def publication_action(request, pk):
    publication = access.get_publication_for_user(request.user, pk)
    ensure(is_office(request.user))
    form = ActionForm(request.POST)
    if form.is_valid():
        version = form.cleaned_data["version"]
        if form.cleaned_data["action"] == "approve":
            run_service(request, form, lambda: services.publication_approve(
                publication=publication, by=request.user, expected_version=version))
        elif form.cleaned_data["action"] == "publish":
            run_service(request, form, lambda: services.publication_publish(
                publication=publication, by=request.user, published_on=clock.today(),
                expected_version=version))
        else:
            raise Http404
    flash_form_errors(request, form)
    return redirect(publication)


def feedback_pdf(request, pk):
    """反馈意见: one document to the leadership team, another to the main leader (Art 18)."""
    feedback = access.get_feedback_for_user(request.user, pk)
    unit = feedback.inspection.target_unit
    problems = [f"{index}. {finding.title}" for index, finding in
                enumerate(feedback.findings.all(), start=1)]
    pdf = render_official_pdf(
        title=_("Feedback on the inspection of %(unit)s") % {"unit": unit},
        addressee=str(feedback.get_audience_display()), body="\n".join([feedback.body,
                                                                        *problems]),
        issuer=str(feedback.inspection.team or ""), day=feedback.meeting_on)
    return pdf_response(request, pdf, f"feedback-{feedback.pk}.pdf",
                        target=f"feedback:{feedback.pk}")


def summary_pdf(request, pk):
    """整改情况 summary: the plan's items and where each stands."""
    inspection = access.get_rectification_inspection(request.user, pk)
    items = access.ledger_items(request.user).filter(plan__inspection=inspection)
    lines = [f"{index}. {item.finding.title}：{item.measure}（{item.responsible_leader}，"
             f"{item.due_on:%Y-%m-%d}，{item.get_status_display()}）"
             for index, item in enumerate(items, start=1)]
    pdf = render_official_pdf(
        title=_("Rectification of %(unit)s") % {"unit": inspection.target_unit},
        body="\n".join(lines) or str(_("No approved plan yet.")), day=clock.today())
    return pdf_response(request, pdf, f"rectification-{inspection.pk}.pdf",
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
