from django.core.management.base import BaseCommand

from deadlines import clock
from deadlines.services import deadline_sweep


class Command(BaseCommand):
    help = "Runs the deadline reminder sweep once (Celery beat runs it every 15 minutes)."

    def handle(self, *args, **options):
        sent = deadline_sweep(today=clock.today())
        self.stdout.write(f"Sweep done: {sent} reminders.")
