from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.models import OrgUnit, User
from oversight.demo import DEMO_PASSWORD, demo_accounts, seed_demo


class Command(BaseCommand):
    help = "Loads the fictional demo department (idempotent)."

    def handle(self, *args, **options):
        seed_demo()
        self.stdout.write(
            f"Demo data: {OrgUnit.objects.count()} units, {User.objects.count()} people."
        )
        if settings.DEBUG:
            self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
            for username, label in demo_accounts():
                self.stdout.write(f"  {username:<14} {label}")
        else:
            self.stdout.write("DEBUG is off: demo accounts cannot log in.")
