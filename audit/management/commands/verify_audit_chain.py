from django.core.management.base import BaseCommand, CommandError

from audit.models import SecurityEvent
from audit.services import verify_chain


class Command(BaseCommand):
    help = "Checks that no security event was altered, removed or inserted."

    def handle(self, *args, **options):
        broken_at = verify_chain()
        if broken_at is not None:
            raise CommandError(f"Audit chain broken at event {broken_at}.")
        self.stdout.write(f"Audit chain intact: {SecurityEvent.objects.count()} events.")
