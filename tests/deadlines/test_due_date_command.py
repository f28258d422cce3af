import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def due_date(*args):
    return subprocess.run([sys.executable, "manage.py", "due_date", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("start", "rule", "nominal", "due", "estimated"), [
    ("2026-09-20", "15d", "2026-10-05", "2026-10-08", False),
    ("2026-01-31", "1m", "2026-02-28", "2026-02-28", False),
    ("2026-09-14", "40wd", "2026-11-12", "2026-11-12", False),
    ("2026-11-30", "3m", "2027-02-28", "2027-03-01", True),
])
def test_prints_one_json_object(start, rule, nominal, due, estimated):
    result = due_date(start, rule)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"start": start, "rule": rule, "nominal": nominal,
                                         "due": due, "estimated": estimated}


@pytest.mark.parametrize("args", [("2026-02-30", "15d"), ("tomorrow", "1m"),
                                  ("2026-09-20", "15"), ("2026-09-20", "0wd"), ("2026-09-20",)])
def test_bad_input_exits_2_with_a_message(args):
    result = due_date(*args)
    assert result.returncode == 2
    assert result.stdout == "" and result.stderr.strip()
