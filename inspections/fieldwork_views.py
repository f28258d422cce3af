"""Team pages: fieldwork timeline, interview notes, findings and reports."""

from itertools import groupby

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from config.actions import url_if_visible
from config.history import history_rows
from config.viewutils import flash_form_errors, form_page, run_service
from deadlines import clock
from documents.official import Official, team_organ, written_in_chinese
from documents.responses import official_response
from documents.uploads import checked_download
from teams.models import TeamMembership

from . import access, services
from .actions import FINDING_ACTIONS, INSPECTION_ACTIONS, PETITION_ACTIONS, REPORT_ACTIONS
from .forms import (
    ArchiveForm,
    EarlyEndForm,
    FieldworkForm,
    FindingActionForm,
    FindingForm,
    HearingForm,
    InterviewNoteForm,
    PartyHearingForm,
    PetitionForm,
    PetitionTriageForm,
    PublicPetitionForm,
    ReportForm,
    VersionForm,
)
from .models import ContentArea, Finding, Report


def fieldwork_list(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    records = access.fieldwork_visible_to(request.user).filter(inspection=inspection)
    access.ensure(access.opens_team_records(request.user, inspection))
    return render(request, "inspections/fieldwork_list.html", {
        "inspection": inspection, "records": records.prefetch_related("attachments"),
    })


def fieldwork_create(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "record_fieldwork", inspection)
    form = FieldworkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "files"}
        if run_service(request, form, lambda: services.fieldwork_record_create(
                inspection=inspection, by=request.user, files=form.cleaned_data["files"],
                **data), success=INSPECTION_ACTIONS["record_fieldwork"].done):
            return redirect("inspections:fieldwork_list", pk=inspection.pk)
    return form_page(request, form, _("Record fieldwork"),
                      inspection.get_absolute_url())


def note_list(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    notes = access.notes_visible_to(request.user).filter(inspection=inspection)
    return render(request, "inspections/note_list.html", {
        "inspection": inspection, "notes": notes.prefetch_related("interviewers"),
    })


def note_create(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "record_interview", inspection)
    members = inspection.team.active_members().values("user_id")
    form = InterviewNoteForm(request.POST or None,
                             team_members=User.objects.filter(pk__in=members))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        note = run_service(request, form, lambda: services.interview_note_create(
            inspection=inspection, by=request.user, **data),
            success=INSPECTION_ACTIONS["record_interview"].done)
        if note:
            return redirect("inspections:note_list", pk=inspection.pk)
    return form_page(request, form, _("Record an interview"), inspection.get_absolute_url())


def note_detail(request, pk):
    note = access.get_note_for_user(request.user, pk)
    content = services.interview_note_read(note=note, user=request.user, request=request)
    return render(request, "inspections/note_detail.html", {
        "note": note, "content": content, "interviewers": note.interviewers.all(),
    })


def finding_list(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    findings = access.findings_visible_to(request.user).filter(inspection=inspection)
    return render(request, "inspections/finding_list.html", {
        "inspection": inspection,
        "findings": findings.prefetch_related("basis"),
        "reports": access.reports_visible_to(request.user).filter(inspection=inspection),
    })


def finding_form(request, pk=None, inspection_pk=None):
    finding = access.get_finding_for_user(request.user, pk) if pk else None
    inspection = finding.inspection if finding else access.get_inspection_for_user(
        request.user, inspection_pk)
    if finding:
        FINDING_ACTIONS.ensure_allowed(request.user, "edit", finding)
    else:
        INSPECTION_ACTIONS.ensure_allowed(request.user, "write_finding", inspection)
    form = FindingForm(request.POST or None, request.FILES or None, instance=finding,
                       inspection=inspection)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files, basis, fieldwork = data.pop("files"), data.pop("basis"), data.pop("fieldwork")
        version = data.pop("version")

        def save():
            saved = services.finding_save(
                inspection=inspection, by=request.user, finding=finding,
                expected_version=version, basis=basis, fieldwork=fieldwork, **data)
            for upload in files:
                services.attachment_add(by=request.user, upload=upload, finding=saved)
            return saved

        saved = run_service(request, form, save,
                            success=INSPECTION_ACTIONS["write_finding"].done)
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Edit finding") if finding else _("New finding"),
                      finding.get_absolute_url() if finding else inspection.get_absolute_url())


def finding_detail(request, pk):
    finding = access.get_finding_for_user(request.user, pk)
    return render(request, "inspections/finding_detail.html", {
        "finding": finding,
        "decisions": [a for a in FINDING_ACTIONS.actions_for(request.user, finding)
                      if a.name != "edit"],
        "signoffs": finding.signoffs.select_related("by"),
        # Marked as a clue: one click registers it with the finding as its source (Art 20).
        "registers_clue": finding.is_clue and not finding.clues.exists(),
        "history": history_rows(finding, 30),
    })


@require_POST
def finding_action(request, pk):
    finding = access.get_finding_for_user(request.user, pk)
    form = FindingActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        calls = {
            "submit": lambda: services.finding_submit(
                finding=finding, by=request.user, expected_version=data["version"]),
            "sign_deputy": lambda: services.finding_sign(
                finding=finding, by=request.user, level="deputy",
                expected_version=data["version"]),
            "sign_leader": lambda: services.finding_sign(
                finding=finding, by=request.user, level="leader",
                expected_version=data["version"]),
            "return": lambda: services.finding_return(
                finding=finding, by=request.user, comment=data["comment"],
                expected_version=data["version"]),
        }
        run_service(request, form, calls[data["action"]],
                    success=FINDING_ACTIONS[data["action"]].done)
    flash_form_errors(request, form)
    return redirect(finding)


def attachment_download(request, pk):
    attachment = access.get_attachment_for_user(request.user, pk)
    return checked_download(request, attachment, target=f"attachment:{attachment.pk}")


def report_form(request, pk=None, inspection_pk=None):
    report = access.get_report_for_user(request.user, pk) if pk else None
    inspection = report.inspection if report else access.get_inspection_for_user(
        request.user, inspection_pk)
    if report:
        REPORT_ACTIONS.ensure_allowed(request.user, "edit", report)
    else:
        INSPECTION_ACTIONS.ensure_allowed(request.user, "write_report", inspection)
    form = ReportForm(request.POST or None, instance=report, inspection=inspection,
                      initial={"findings": inspection.findings.filter(
                          status=Finding.Status.APPROVED)} if report is None else {})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        findings, version = data.pop("findings"), data.pop("version")
        saved = run_service(request, form, lambda: services.report_save(
            inspection=inspection, by=request.user, report=report, findings=findings,
            expected_version=version, **data), success=INSPECTION_ACTIONS["write_report"].done)
        if saved:
            return redirect(saved)
    return form_page(request, form, _("Edit report") if report else _("New report"),
                      inspection.get_absolute_url())


def _versions(user, report):
    """The report heard and its revision (Art 17; a revision is never revised again), the other
    one with its `link` when this user may open it: the leadership group sees that a draft
    revision exists, not the draft itself."""
    if report.revision_of_id is not None:
        other = report.revision_of
        versions = [other, report]
    else:
        try:
            other = report.revision  # cached on `report` for the page's action checks too
        except Report.DoesNotExist:
            return []
        versions = [report, other]
    other.link = url_if_visible(user, other)
    return versions


def report_detail(request, pk):
    report = access.get_report_for_user(request.user, pk)
    findings = report.findings.order_by("content_area", "pk").prefetch_related(
        Prefetch("basis"))
    grouped = [(ContentArea(area).label, list(items))
               for area, items in groupby(findings, key=lambda f: f.content_area)]
    return render(request, "inspections/report_detail.html", {
        "report": report, "grouped": grouped,
        "edits_in_word": access.edits_in_word(request.user, report.inspection),
        "problems": services.report_gate_problems(report) if report.status == "draft" else [],
        "versions": _versions(request.user, report), "history": history_rows(report, 30),
    })


@written_in_chinese
def report_pdf(request, pk, word=False):
    """巡察报告 / 专题报告: sent up to the leadership group under the team's name, signed by
    its leader, marked with the 密级 the office set (documents.official)."""
    report = access.get_report_for_user(request.user, pk)
    inspection = report.inspection
    if word:
        access.ensure(access.edits_in_word(request.user, inspection))
    lines = []
    findings = report.findings.order_by("content_area", "pk").prefetch_related("basis")
    numerals = "一二三四五六七八九十"
    for index, (area, items) in enumerate(groupby(findings, key=lambda f: f.content_area)):
        lines.append(f"{numerals[index % 10]}、{ContentArea(area).label}")
        for number, finding in enumerate(items, start=1):
            lines.append(f"（{numerals[(number - 1) % 10]}）{finding.title}")
            lines.append(finding.facts)
            lines.append("；".join(str(b) for b in finding.basis.all()))
    lines += [str(_("Analysis")), report.analysis, str(_("Suggestions")), report.suggestions]
    day = timezone.localdate(report.submitted_at or clock.now())
    if report.status == Report.Status.DRAFT:  # a draft reads as it would go out today
        organ = team_organ(inspection.team)
        leader = TeamMembership.objects.filter(
            team_id=inspection.team_id, position=TeamMembership.Position.LEADER,
            left_at__isnull=True).select_related("user").first()
        signer = leader.user.full_name if leader else ""
    else:
        organ, signer = report.issuing_organ, report.signer
    addressee = _("Party group") if report.revision_of_id else _("Leadership group")
    official = Official(kind="inspection_report", title=report.title, body="\n".join(lines),
                        document_number=report.document_number,
                        day=day, organ=organ, addressee=str(addressee),
                        signer=signer, printer=organ, printed_on=day)
    return official_response(request, official, name=f"report-{report.pk}",
                             target=f"report:{report.pk}", word=word)


@require_POST
def report_submit(request, pk):
    report = access.get_report_for_user(request.user, pk)
    form = VersionForm(request.POST)
    if form.is_valid():
        run_service(request, form, lambda: services.report_submit(
            report=report, by=request.user, expected_version=form.cleaned_data["version"]),
            success=REPORT_ACTIONS["submit"].done)
    flash_form_errors(request, form)
    return redirect(report)


def inspection_decide_early_end(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "decide_early_end", inspection)
    form = EarlyEndForm(request.POST or None, initial={"version": inspection.version})
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: services.inspection_decide_early_end(
                inspection=inspection, by=request.user, reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"]),
            success=INSPECTION_ACTIONS["decide_early_end"].done):
        return redirect(inspection)
    return form_page(request, form, _("End on-site work at %(unit)s early") % {
        "unit": inspection.target_unit}, inspection.get_absolute_url(),
        action=INSPECTION_ACTIONS["decide_early_end"])


@require_POST
def inspection_end_onsite(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    form = VersionForm(request.POST)
    if form.is_valid():
        run_service(request, form, lambda: services.inspection_end_onsite(
            inspection=inspection, by=request.user, ended_on=clock.today(),
            expected_version=form.cleaned_data["version"]),
            success=INSPECTION_ACTIONS["end_onsite"].done)
    flash_form_errors(request, form)
    return redirect(inspection)


def _hearing_page(request, pk, *, action, form_class, service, title):
    """The leadership group's and the party group's hearings (Art 17) share one page."""
    inspection = access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, action, inspection)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["speech_file"] = data["speech_file"] or None
        if run_service(request, form, lambda: service(
                inspection=inspection, by=request.user, **data),
                success=INSPECTION_ACTIONS[action].done):
            return redirect(inspection)
    return form_page(request, form, title, inspection.get_absolute_url(),
                     action=INSPECTION_ACTIONS[action])


def hearing_record(request, pk):
    return _hearing_page(request, pk, action="record_hearing", form_class=HearingForm,
                         service=services.hearing_record,
                         title=_("Record the leadership group's hearing"))


@require_POST
def report_revise(request, pk):
    report = access.get_report_for_user(request.user, pk)
    form = VersionForm(request.POST)
    revision = form.is_valid() and run_service(
        request, form, lambda: services.report_revise(
            report=report, by=request.user, expected_version=form.cleaned_data["version"]),
        success=REPORT_ACTIONS["revise"].done)
    flash_form_errors(request, form)
    return redirect(revision or report)


@require_POST
def report_send(request, pk):
    report = access.get_report_for_user(request.user, pk)
    form = VersionForm(request.POST)
    if form.is_valid():
        run_service(request, form, lambda: services.report_send(
            report=report, by=request.user, expected_version=form.cleaned_data["version"]),
            success=REPORT_ACTIONS["send"].done)
    flash_form_errors(request, form)
    return redirect(report)


def party_hearing_record(request, pk):
    return _hearing_page(request, pk, action="record_party_hearing",
                         form_class=PartyHearingForm, service=services.party_hearing_record,
                         title=_("Record the party group's hearing"))


def inspection_archive(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "archive", inspection)
    form = ArchiveForm(request.POST or None, checklist=services.ARCHIVE_CHECKLIST.items())
    if request.method == "POST" and form.is_valid() and run_service(
            request, form, lambda: services.inspection_archive(
                inspection=inspection, by=request.user, **form.cleaned_data),
            success=INSPECTION_ACTIONS["archive"].done):
        return redirect("inspections:archive_index", pk=inspection.pk)
    return form_page(request, form, _("Archive the inspection's materials"),
                     inspection.get_absolute_url(), action=INSPECTION_ACTIONS["archive"])


def archive_index(request, pk):
    inspection = access.get_archived_inspection_for_user(request.user, pk)
    return render(request, "inspections/archive_index.html", {
        "inspection": inspection,
        "archive": inspection.archive,
        "notice": getattr(inspection, "notice", None),
        "announcement": getattr(inspection, "announcement", None),
        "fieldwork": access.fieldwork_visible_to(request.user).filter(
            inspection=inspection).prefetch_related("attachments"),
        "findings": access.findings_visible_to(request.user).filter(
            inspection=inspection).prefetch_related("attachments"),
        "reports": access.reports_visible_to(request.user).filter(inspection=inspection),
        "hearing": getattr(inspection, "hearing", None),
        "checklist": [services.ARCHIVE_CHECKLIST[k] for k in inspection.archive.checklist
                      if k in services.ARCHIVE_CHECKLIST],
    })


def petition_list(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    petitions = access.petitions_visible_to(request.user).filter(inspection=inspection)
    access.ensure(access.opens_team_records(request.user, inspection))
    return render(request, "inspections/petition_list.html", {
        "inspection": inspection, "petitions": petitions,
        "announcement": getattr(inspection, "announcement", None),
    })


def petition_create(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    INSPECTION_ACTIONS.ensure_allowed(request.user, "record_petition", inspection)
    form = PetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        petition = run_service(request, form, lambda: services.petition_receive(
            inspection=inspection, by=request.user, reporter_name=data.pop("reporter_name"),
            reporter_contact=data.pop("reporter_contact"), **data),
            success=INSPECTION_ACTIONS["record_petition"].done)
        if petition:
            return redirect(petition)
    return form_page(request, form, _("Record a petition"), inspection.get_absolute_url())


def petition_detail(request, pk):
    petition = access.get_petition_for_user(request.user, pk)
    reporter = None
    if access.can_see_reporter(request.user, petition):
        reporter = services.petition_reporter_read(petition=petition, user=request.user,
                                                   request=request)
    return render(request, "inspections/petition_detail.html", {
        "petition": petition, "reporter": reporter,
        "decisions": PETITION_ACTIONS.actions_for(request.user, petition),
        "triage_form": PetitionTriageForm(initial={"version": petition.version}),
        "history": history_rows(petition, 20),
    })


@require_POST
def petition_triage(request, pk):
    petition = access.get_petition_for_user(request.user, pk)
    form = PetitionTriageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run_service(request, form, lambda: services.petition_triage(
            petition=petition, by=request.user, action=data["action"],
            outcome=data["outcome"], note=data["note"], expected_version=data["version"]),
            success=PETITION_ACTIONS[data["action"]].done)
    flash_form_errors(request, form)
    return redirect(petition)


PUBLIC_PETITIONS_PER_HOUR = 5


def _client_address(request):
    # Behind the TLS proxy every visitor shares its address; the proxy sets X-Forwarded-For.
    if settings.SECURE_PROXY_SSL_HEADER and request.META.get("HTTP_X_FORWARDED_FOR"):
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@login_not_required
def public_petition(request, token):
    """The online reporting address published in the announcement (Art 13)."""
    announcement = access.get_petition_form_target(token)
    received = f"petition-received:{token}"
    if request.method == "GET" and received in request.session:
        # After the redirect: a reload shows an empty form, never a second report.
        return render(request, "inspections/public_petition_done.html",
                      {"announcement": announcement, "reference": request.session.pop(received)})
    form = PublicPetitionForm(request.POST or None)
    if request.method == "POST":
        key = f"petition-rate:{token}:{_client_address(request)}"
        cache.add(key, 0, timeout=3600)
        try:
            sent = cache.incr(key)  # atomic in Redis: concurrent posts cannot slip through
        except ValueError:  # the counter expired between add and incr
            cache.set(key, 1, timeout=3600)
            sent = 1
        if sent > PUBLIC_PETITIONS_PER_HOUR:
            return render(request, "inspections/public_petition.html", {
                "announcement": announcement, "form": form, "limited": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            petition = services.petition_receive_online(
                inspection=announcement.inspection, subject=data["subject"],
                content=data["content"], reporter_name=data["name"],
                reporter_contact=data["contact"])
            request.session[received] = petition.reference
            return redirect(request.path)
    return render(request, "inspections/public_petition.html",
                  {"announcement": announcement, "form": form})

