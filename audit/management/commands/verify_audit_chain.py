from django.core.management.base import BaseCommand, CommandError

from audit.models import Checkpoint
from audit.services import checkpoint_write, verify


class Command(BaseCommand):
    help = ("Checks that no security event was altered, removed or inserted: every link, every "
            "sequence number, and every signed checkpoint (table and anchor file).")

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", action="store_true",
                            help="Write a signed checkpoint after a clean verification.")

    def handle(self, *args, checkpoint=False, **options):
        result = verify()
        if not result.intact:
            raise CommandError("Audit log NOT intact:\n" + "\n".join(result.problems))
        if checkpoint:
            checkpoint_write(reason=Checkpoint.Reason.VERIFIED)
        self.stdout.write(f"Audit log intact: {result.events} events "
                          f"(#{result.first_seq}–#{result.last_seq}), "
                          f"{result.anchors} checkpoints agree.")
