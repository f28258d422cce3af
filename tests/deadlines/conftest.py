from datetime import date

import pytest

from deadlines.models import Deadline
from deadlines.services import deadline_create


@pytest.fixture
def make_deadline(unit_a):
    def make(start="2026-09-20", rule="15d", kind=Deadline.Kind.SPECIAL_MEETING, unit=None,
             **extra):
        return deadline_create(
            kind=kind, subject=unit or unit_a, title="召开专题民主生活会", unit=unit or unit_a,
            start_on=date.fromisoformat(start), rule=rule, **extra,
        )
    return make
