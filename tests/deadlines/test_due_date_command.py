import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from deadlines.services import holiday_override_save

ROOT = Path(__file__).resolve().parents[2]


def due_date(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("due_date", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "rule", "nominal", "due", "estimated"), [
    ("2026-09-20", "15d", "2026-10-05", "2026-10-08", False),
    ("2026-01-31", "1m", "2026-02-28", "2026-02-28", False),
    ("2026-09-14", "40wd", "2026-11-12", "2026-11-12", False),
    # A year no package will know for decades: Monday–Friday, marked estimated.
    ("2098-11-30", "3m", "2099-02-28", "2099-03-02", True),
])
def test_prints_one_json_object(start, rule, nominal, due, estimated):
    code, out, _err = due_date(start, rule)
    assert code == 0
    assert json.loads(out) == {"start": start, "rule": rule, "nominal": nominal, "due": due,
                               "estimated": estimated}


@pytest.mark.django_db
def test_uses_the_office_overrides(office_staff):
    from datetime import date

    holiday_override_save(by=office_staff, day=date(2099, 3, 2), is_workday=False,
                          note="测试", source="official")
    _code, out, _err = due_date("2098-11-30", "3m")
    assert json.loads(out)["due"] == "2099-03-03"


@pytest.mark.django_db
@pytest.mark.parametrize("args", [("2026-02-30", "15d"), ("tomorrow", "1m"),
                                  ("2026-09-20", "15"), ("2026-09-20", "0wd"),
                                  ("9999-12-31", "15d"), ("9999-12-15", "1m")])
def test_bad_input_exits_2_with_a_message(args):
    code, out, err = due_date(*args)
    assert code == 2
    assert out == "" and err.startswith("due_date: ")


def test_missing_argument_exits_2():
    result = subprocess.run([sys.executable, "manage.py", "due_date", "2026-09-20"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "rule" in result.stderr
