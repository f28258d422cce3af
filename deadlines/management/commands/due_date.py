import json
import sys
from datetime import date

from django.core.management.base import BaseCommand

from deadlines import calendar
from deadlines.services import load_calendar


class Command(BaseCommand):
    help = (
        "Prints the due date for START and RULE as JSON. RULE: Nd (days), Nm (months) or Nwd "
        "(the Nth working day, counting START). Exit code 2 on bad input."
    )

    def add_arguments(self, parser):
        parser.add_argument("start", help="YYYY-MM-DD")
        parser.add_argument("rule", help="e.g. 15d, 1m, 20wd")

    def handle(self, *args, start, rule, **options):
        try:
            start_day = date.fromisoformat(start)
        except ValueError:
            self.stderr.write(f"due_date: bad start date {start!r}: use YYYY-MM-DD.")
            sys.exit(2)
        try:
            result = calendar.due_date(start_day, rule, load_calendar())
        except (ValueError, OverflowError) as error:
            # OverflowError: a due date past 9999-12-31, which no calendar holds.
            self.stderr.write(f"due_date: {error or 'the due date falls beyond year 9999'}")
            sys.exit(2)
        self.stdout.write(json.dumps({
            "start": start_day.isoformat(),
            "rule": rule,
            "nominal": result.nominal.isoformat(),
            "due": result.due.isoformat(),
            "estimated": result.estimated,
        }))
