"""报备 (Art 8 (6), Art 17): the package the office files with the provincial office."""

import zipfile
from io import BytesIO

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import OfficeMember
from audit.models import SecurityEvent
from audit.services import security_event_record
from clues.models import Clue, ResultPerson
from documents.official import Official, written_in_chinese
from documents.pdf import OFFICE_ISSUER, render_official_pdf
from inspections.actions import FILING_ACTIONS
from inspections.models import (
    Finding,
    Hearing,
    Inspection,
    InspectionType,
    OfficePaper,
    Plan,
    Round,
)
from inspections.services import filing_record
from rectification.models import RectificationItem
from teams.models import Team, TeamMembership


def period_figures(year):
    rounds = Round.objects.filter(year=year)
    inspections = Inspection.objects.filter(round__in=rounds)
    items = RectificationItem.objects.filter(plan__inspection__in=inspections,
                                             plan__status="approved")
    done = items.filter(status__in=["closed", "long_term"]).count()
    forms = dict(ResultPerson.objects.filter(result__clue__inspection__in=inspections)
                 .values_list("form").annotate(n=Count("pk")))
    return [
        ("巡察轮次", rounds.count()),
        ("覆盖单位数（不含回头看）", inspections.exclude(inspection_type=InspectionType.FOLLOW_UP)
         .values("target_unit").distinct().count()),
        ("发现问题数", Finding.objects.filter(inspection__in=inspections,
                                         status="approved").count()),
        ("整改事项数", items.count()),
        ("整改完成率（%）", round(100 * done / items.count()) if items.count() else 0),
        ("移交问题线索数", Clue.objects.filter(inspection__in=inspections,
                                         transfer__isnull=False).count()),
        *[(f"线索处置：{label}", forms.get(value, 0))
          for value, label in ResultPerson.Form.choices],
    ]


def filing_package_filed(*, by, year, parts, today, request=None, via_api=False):
    """The package as the office files it: generated, recorded with every file it holds
    (what was filed when), and logged as an export."""
    FILING_ACTIONS.ensure_allowed(by, "file")  # before the work of building it
    package = filing_package(year, parts, today)
    filing_record(by=by, year=year, parts=parts,
                  contents=zipfile.ZipFile(BytesIO(package)).namelist())
    security_event_record(kind=SecurityEvent.Kind.EXPORT, user=by, request=request,
                          target="filing_package",
                          detail={"year": year, "parts": list(parts),
                                  **({"api": True} if via_api else {})})
    return package


def filed(*, title, body, day, signer):
    """A paper sent up to the provincial office: the office's file, signed by its director."""
    organ = str(OFFICE_ISSUER)
    return Official(kind="filing", title=title, body=body, day=day, organ=organ, signer=signer,
                    printer=organ, printed_on=day)


@written_in_chinese
def filing_package(year, parts, today):
    """A zip of the chosen documents for `year` and a summary sheet; returns bytes."""
    director = OfficeMember.objects.filter(
        position=OfficeMember.Position.DIRECTOR).select_related("user").first()
    signer = director.user.full_name if director else ""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        if "plans" in parts:
            for plan in Plan.objects.filter(status="approved", start_year__lte=year,
                                            end_year__gte=year):
                package.writestr(f"规划计划/{plan.title}.pdf", render_official_pdf(
                    filed(title=plan.title, body=plan.content, day=today, signer=signer)))
        if "work_plans" in parts:
            for round_ in Round.objects.filter(year=year).exclude(work_plan=""):
                package.writestr(f"巡察工作方案/{round_.name}.pdf", render_official_pdf(
                    filed(title=f"{round_.name}工作方案", body=round_.work_plan, day=today,
                          signer=signer)))
        if "appointments" in parts:
            for team in Team.objects.filter(round__year=year, authorised_at__isnull=False):
                leaders = TeamMembership.objects.filter(team=team, position__in=[
                    "leader", "deputy"]).select_related("user")
                body = "\n".join([f"{team.name}（{team.authorisation_document}）"] + [
                    f"{m.get_position_display()}：{m.user.full_name}" for m in leaders])
                package.writestr(f"任命授权/{team.round.name}{team.name}.pdf",
                                 render_official_pdf(filed(
                                     title=f"关于{team.name}组长授权的决定", body=body,
                                     day=today, signer=signer)))
        if "hearings" in parts:
            for hearing in Hearing.objects.filter(inspection__round__year=year).exclude(
                    speech_file=""):
                with hearing.speech_file.open("rb") as speech:
                    name = hearing.speech_file.name.rsplit("/", 1)[-1]
                    package.writestr(f"书记讲话/{hearing.inspection.target_unit}-{name}",
                                     speech.read())
        for code, folder, papers in _office_papers(year):
            if code in parts:
                for paper in papers:
                    with paper.file.open("rb") as stored:
                        # The id keeps two papers of one day and file name apart.
                        package.writestr(
                            f"{folder}/{paper.dated_on:%Y%m%d}-{paper.pk}-{paper.name}",
                            stored.read())
        package.writestr("报备汇总表.xlsx", _summary_workbook(year))
    return buffer.getvalue()


def _office_papers(year):
    """(part, folder, papers): the rules in force by the end of the year, and the year's own
    summary and appointments or removals (Art 8 (6))."""
    K = OfficePaper.Kind
    papers = OfficePaper.objects.order_by("dated_on", "pk")
    return [
        ("regulations", "规章制度", papers.filter(kind=K.REGULATION, year__lte=year)),
        ("annual_summary", "年度工作总结", papers.filter(kind=K.ANNUAL_SUMMARY, year=year)),
        ("office_appointments", "巡察办主任副主任任免",
         papers.filter(kind=K.APPOINTMENT, year=year)),
    ]


def _summary_workbook(year):
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年巡察工作数据"
    sheet.append(["项目", "数值"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in period_figures(year):
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PARTS = [("plans", _("Term and annual plans")), ("work_plans", _("Round work plans")),
         ("appointments", _("Team leader appointments")),
         ("hearings", _("The secretary's hearing speeches and materials")),
         ("regulations", _("The office's rules and regulations")),
         ("annual_summary", _("The year's work summary")),
         ("office_appointments", _("Appointment or removal of the office's director and "
                                   "deputies"))]
