from io import BytesIO

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from accounts.models import OrgUnit, Role
from audit.models import SecurityEvent
from audit.services import security_event_record
from config.limits import FIRST_YEAR, LAST_YEAR
from deadlines import clock
from inspections import access as inspection_access

from . import access, dashboard, filing, profile
from .home import home_sections


def home(request):
    return render(request, "oversight/home.html", {"sections": home_sections(request.user)})


def dashboard_page(request):
    access.ensure(access.sees_figures(request.user))
    supervised = None
    if request.user.has_role(Role.PARTY_GROUP):
        # 一岗双责: a party-group member sees the units they supervise first.
        supervised = list(OrgUnit.objects.filter(supervising_party_members__user=request.user))
    figures = dashboard.dashboard(clock.today(), supervised)
    charts = {
        "area": [[label, n] for _code, label, n in figures["findings_by_area"]],
        "unit": [[name, n] for _pk, name, n in figures["findings_by_unit"]],
        "levels": [[name, n] for name, n in figures["deadline_levels"]],
        "forms": [[label, n] for _v, label, n in figures["clue_forms"]],
        "trend": [[str(year), n] for year, n in figures["trend"]],
    }
    return render(request, "oversight/dashboard.html", {"f": figures, "charts": charts})


def coverage_page(request):
    access.ensure(access.sees_figures(request.user))
    matrix = dashboard.coverage(clock.today())
    if request.GET.get("format") == "xlsx":
        security_event_record(kind=SecurityEvent.Kind.EXPORT, user=request.user,
                              request=request, target="coverage_matrix")
        return _coverage_workbook(matrix)
    return render(request, "oversight/coverage.html", {"m": matrix})


def _coverage_workbook(matrix):
    book = Workbook()
    sheet = book.active
    sheet.title = "巡察覆盖"
    sheet.append(["单位", *[f"{year}年" for year in matrix["years"]], "是否覆盖"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    missing = PatternFill("solid", fgColor="FFE0E0")
    for row in matrix["rows"]:
        sheet.append([str(row["unit"]),
                      *["、".join(i.round.name for i in cell) for cell in row["cells"]],
                      "是" if row["covered"] else f"否（剩余{row['years_left']}年）"])
        if not row["covered"]:
            for cell in sheet[sheet.max_row]:
                cell.fill = missing
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 30
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''coverage.xlsx"
    return response


def profile_page(request):
    """Unit or cadre profile (Art 35); restricted, and every view is logged."""
    access.ensure_or_404(access.sees_profiles(request.user))
    unit = OrgUnit.objects.filter(pk=request.GET.get("unit") or None).first()
    name = request.GET.get("name", "").strip()
    context = {"units": OrgUnit.objects.subordinate_units(), "unit": unit, "name": name}
    if unit is not None:
        context["unit_profile"] = profile.unit_profile(unit)
    if name:
        context["leader_profile"] = profile.leader_profile(name)
    if unit is not None or name:
        security_event_record(kind=SecurityEvent.Kind.SENSITIVE_READ, user=request.user,
                              request=request, target="profile",
                              detail={"unit": unit.pk if unit else None, "name": name})
    return render(request, "oversight/profile.html", context)


def filing_page(request):
    """报备 package for the provincial office (Art 8 (6), Art 17): office only, logged.
    Generating the package records what was filed, so the page's form posts."""
    access.ensure(access.files_with_province(request.user))
    today = clock.today()
    data = request.POST if request.method == "POST" else request.GET
    try:
        # A package is generated only for the year the office typed.
        year = int(data["year"] if request.method == "POST" else data.get("year", today.year))
    except (KeyError, ValueError):
        year = None
    valid_year = year is not None and FIRST_YEAR <= year <= LAST_YEAR
    if not valid_year:  # nothing is generated for a year that was not asked for
        messages.error(request, _("Enter a year between %(first)s and %(last)s.")
                       % {"first": FIRST_YEAR, "last": LAST_YEAR})
        year = today.year
    parts = [code for code, _label in filing.PARTS if code in data.getlist("part")]
    if request.method == "POST" and valid_year and data.get("download") == "1" and parts:
        package = filing.filing_package_filed(by=request.user, year=year, parts=parts,
                                              today=today, request=request)
        response = HttpResponse(package, content_type="application/zip")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''filing-{year}.zip"
        return response
    return render(request, "oversight/filing.html", {
        "year": year, "parts": filing.PARTS, "chosen": parts or [c for c, _ in filing.PARTS],
        "figures": filing.period_figures(year),
        "filings": inspection_access.filings_visible_to(request.user).filter(year=year)[:20],
    })
