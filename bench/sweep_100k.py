"""Benchmark: the reminder sweep over 100,000 open deadlines on PostgreSQL.

Compares one steady-state sweep (the beat's every-15-minutes case: most deadlines already at their
level) with the raw SQL that selects the same rows, and reports the first sweep that claims a day's
worth of levels, including the e-mail task that follows it. Not a test: prints figures. It
refuses a database holding deadlines it did not create, and deletes only its own.

    createdb -h 127.0.0.1 -U postgres xuncha_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xuncha_bench \
        .venv/bin/python bench/sweep_100k.py
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret")
os.environ.setdefault("HTTPS_ONLY", "0")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
# The mails are built and handed to a backend that keeps them in memory: timed, never sent.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from accounts.models import OfficeMember, OrgUnit, UnitContact, User  # noqa: E402
from accounts.services import role_record_save  # noqa: E402
from config.actions import installing  # noqa: E402
from deadlines import calendar  # noqa: E402
from deadlines.models import Deadline, Notification  # noqa: E402
from deadlines.services import deadline_sweep  # noqa: E402

COUNT = int(os.environ.get("BENCH_DEADLINES", 100_000))
TODAY = date(2026, 6, 1)


BENCH_UNIT = "基准测试单位"


def refuse_real_data():
    """The sweep reminds everyone whose deadline it finds: pointed at a database with real
    deadlines it would notify real people. Only the benchmark's own rows may be there."""
    if Deadline.objects.exclude(unit__name=BENCH_UNIT).exists():
        sys.exit("This database holds deadlines the benchmark did not create: point "
                 "DATABASE_URL at an empty database (createdb xuncha_bench).")


def seed():
    """Bulk insert is fine here: benchmark data, not business records (no history needed).
    A rerun replaces only the benchmark's own deadlines and notifications."""
    unit = OrgUnit.objects.get_or_create(name=BENCH_UNIT, defaults={"kind": "unit"})[0]
    for username, model, fields in [
        ("bench_contact", UnitContact, {"unit": unit, "position": UnitContact.Position.CONTACT}),
        ("bench_office", OfficeMember, {"position": OfficeMember.Position.LIAISON}),
    ]:
        person = User.objects.get_or_create(username=username, defaults={
            "full_name": username, "email": f"{username}@bench.invalid"})[0]
        if not model.objects.filter(user=person).exists():
            with installing():
                role_record_save(record=model(user=person, **fields), by=None)
    content_type = ContentType.objects.get_for_model(OrgUnit)
    Notification.objects.filter(deadline__unit=unit).delete()
    Deadline.objects.filter(unit=unit).delete()
    rows, spread = [], random.Random(2026)
    for n in range(COUNT):
        # Due within six months, periods of 15 days to 6 months: about 3% fall in the reminder
        # horizon on any day, as in a year of rectification items.
        due = TODAY + timedelta(days=spread.randrange(180))
        start = due - timedelta(days=spread.randrange(15, 190))
        level = calendar.reminder_level(start, due, TODAY - timedelta(days=1))
        rows.append(Deadline(
            kind=Deadline.Kind.ITEM_DUE, title=f"整改事项{n}", content_type=content_type,
            object_id=unit.pk, unit=unit, rule="15d", start_on=start, nominal_due_on=due,
            due_on=due, level=level,
            status=Deadline.Status.MISSED if level == calendar.OVERDUE else Deadline.Status.OPEN,
        ))
    Deadline.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE deadlines_deadline")


def raw_selection(today):
    horizon = calendar.reminder_horizon(today)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, start_on, due_on, level FROM deadlines_deadline "
            "WHERE status = 'open' AND due_on <= %s AND level < 3", [horizon])
        return cursor.fetchall()


def timed(function, *args, repeat=5):
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        best = min(best, time.perf_counter() - started)
    return best, result


def main():
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    refuse_real_data()
    seed()
    # A worker loads the URLconf once in its life (the notifications' links need it): loaded
    # here first, the figure below is the sweep's, not Python importing every view.
    get_resolver().url_patterns  # noqa: B018
    first_started = time.perf_counter()
    claimed = deadline_sweep(today=TODAY)
    first = time.perf_counter() - first_started
    raw, rows = timed(raw_selection, TODAY)
    sweep, _ = timed(lambda: deadline_sweep(today=TODAY))
    print(f"open deadlines:             {Deadline.objects.open().count():>8}")
    print(f"rows in the sweep's query:  {len(rows):>8}")
    print(f"first sweep (a day's new levels, {claimed} notifications): {first:.3f} s")
    print(f"raw SQL selection:          {raw * 1000:8.1f} ms")
    print(f"steady-state sweep:         {sweep * 1000:8.1f} ms")
    print(f"ratio sweep / raw:          {sweep / raw:8.2f}")


if __name__ == "__main__":
    main()
