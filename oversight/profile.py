"""Art 35: a unit's or a leader's inspection record, for evaluation and appointment."""

from clues.models import Clue, Obstruction, ResultPerson
from inspections.models import Finding
from rectification.models import RectificationItem


def unit_profile(unit):
    return {
        "findings": Finding.objects.filter(inspection__target_unit=unit, status="approved")
        .select_related("inspection__round"),
        "items": RectificationItem.objects.filter(plan__inspection__target_unit=unit)
        .select_related("finding"),
        "clues": Clue.objects.filter(inspection__target_unit=unit).prefetch_related(
            "results__people"),
        "obstructions": Obstruction.objects.filter(inspection__target_unit=unit),
    }


def leader_profile(name):
    """Everything that names the person: findings' responsible persons, rectification
    responsibility, and clue outcomes (names are encrypted, so matched after decryption)."""
    name = name.strip()
    return {
        "findings": Finding.objects.filter(status="approved", responsible_persons__contains=name)
        .select_related("inspection__target_unit", "inspection__round"),
        "items": RectificationItem.objects.filter(responsible_leader__contains=name)
        .select_related("plan__inspection__target_unit"),
        "outcomes": [person for person in ResultPerson.objects.select_related(
            "result__clue__inspection__target_unit") if person.name == name],
    }
