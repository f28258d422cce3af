"""Figures for the leadership dashboards and the coverage matrix (Art 10), from aggregates."""

from collections import Counter

from django.db.models import Count, F, Q

from accounts.models import OrgUnit
from clues.models import ResultPerson
from deadlines import calendar
from deadlines.models import Deadline
from inspections.models import ContentArea, Finding, Inspection, InspectionType, Plan, Round
from rectification.models import RectificationItem

DONE = [RectificationItem.Status.CLOSED, RectificationItem.Status.LONG_TERM]


def _items(units=None):
    items = RectificationItem.objects.filter(plan__status="approved")
    return items.filter(plan__inspection__target_unit__in=units) if units is not None else items


def _item_counts(today):
    """Total, done and overdue items, counted in one pass."""
    return {"total": Count("pk"), "done": Count("pk", filter=Q(status__in=DONE)),
            "overdue": Count("pk", filter=Q(due_on__lt=today) & ~Q(status__in=DONE))}


def _with_percent(counts):
    total, done = counts.get("total", 0), counts.get("done", 0)
    return {"total": total, "done": done, "overdue": counts.get("overdue", 0),
            "percent": round(100 * done / total) if total else 0}


def rectification_figures(today, units=None):
    return _with_percent(_items(units).aggregate(**_item_counts(today)))


def _supervised_figures(today, approved, units):
    """(unit, approved findings, rectification figures) per unit, in two grouped queries
    however many units a party-group member supervises."""
    findings = dict(approved.filter(inspection__target_unit__in=units).order_by()
                    .values_list("inspection__target_unit").annotate(n=Count("pk")))
    items = {row.pop("unit"): row for row in _items(units).order_by()
             .values(unit=F("plan__inspection__target_unit")).annotate(**_item_counts(today))}
    return [(unit, findings.get(unit.pk, 0), _with_percent(items.get(unit.pk, {})))
            for unit in units]


def dashboard(today, supervised_units=None):
    approved = Finding.objects.filter(status=Finding.Status.APPROVED)
    by_area = dict(approved.values_list("content_area").annotate(n=Count("pk")))
    by_unit = list(approved.values("inspection__target_unit", "inspection__target_unit__name")
                   .annotate(n=Count("pk")).order_by("-n")[:15])
    levels = Counter(
        calendar.reminder_level(start, due, today)
        for start, due in Deadline.objects.pending().values_list("start_on", "due_on"))
    forms = dict(ResultPerson.objects.values_list("form").annotate(n=Count("pk")))
    trend = dict(approved.values_list("inspection__round__year").annotate(n=Count("pk")))
    figures = {
        "rounds_in_progress": list(Round.objects.filter(status=Round.Status.IN_PROGRESS)),
        "findings_by_area": [(code, str(label), by_area.get(code, 0))
                             for code, label in ContentArea.choices],
        "findings_by_unit": [(row["inspection__target_unit"], row["inspection__target_unit__name"],
                              row["n"]) for row in by_unit],
        "rectification": rectification_figures(today),
        "deadline_levels": [(str(label), levels.get(value, 0))
                            for value, label in Deadline.Level.choices],
        "clue_forms": [(value, str(label), forms.get(value, 0))
                       for value, label in ResultPerson.Form.choices],
        "trend": sorted(trend.items()),
    }
    if supervised_units is not None:
        figures["supervised"] = _supervised_figures(today, approved, supervised_units)
    return figures


def term_years(today):
    term = Plan.objects.filter(kind=Plan.Kind.TERM, status=Plan.Status.APPROVED).order_by(
        "-start_year").first()
    if term is not None:
        return term, list(range(term.start_year, term.end_year + 1))
    return None, list(range(today.year - 4, today.year + 1))


def coverage(today):
    """Units × years of the term; 回头看 does not count as coverage (Art 10)."""
    term, years = term_years(today)
    units = list(OrgUnit.objects.subordinate_units().active())
    cells = {}
    for inspection in Inspection.objects.filter(round__year__in=years).exclude(
            inspection_type=InspectionType.FOLLOW_UP).select_related("round"):
        cells.setdefault((inspection.target_unit_id, inspection.round.year), []).append(
            inspection)
    rows = []
    for unit in units:
        row = [cells.get((unit.pk, year), []) for year in years]
        rows.append({"unit": unit, "cells": row, "covered": any(row),
                     "years_left": max(0, years[-1] - today.year + 1)})
    return {"term": term, "years": years, "rows": rows,
            "uncovered": sum(not r["covered"] for r in rows)}
