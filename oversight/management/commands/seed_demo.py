from time import monotonic

from django.conf import settings
from django.core.management.base import BaseCommand

from oversight.demo import DEMO_PASSWORD, demo_accounts, seed_demo


class Command(BaseCommand):
    help = ("Loads the fictional demo department with rounds at every stage, dated back from "
            "today (idempotent).")

    def add_arguments(self, parser):
        parser.add_argument("--no-rounds", action="store_true",
                            help="Only the organisation, people and plans.")

    def handle(self, *args, **options):
        started = monotonic()
        self.stdout.write("Building the demo department…")
        seed_demo(rounds=not options["no_rounds"], log=self.stdout.write)
        self.stdout.write(f"Done in {monotonic() - started:.1f} s.")
        if settings.DEBUG:
            self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
            for username, label in demo_accounts():
                self.stdout.write(f"  {username:<14} {label}")
        else:
            self.stdout.write("DEBUG is off: demo accounts cannot log in.")
