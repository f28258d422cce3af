"""Moves security events older than the retention period to a compressed archive file.

Never a silent drop: the events go to a JSON-lines file with their hashes, a signed checkpoint
records the new first sequence number (so the chain still verifies from there), and the move is
itself a security event."""

import gzip
import hashlib
import json
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from audit.models import Checkpoint, SecurityEvent
from audit.services import _floor, checkpoint_write, security_event_record, verify


class Command(BaseCommand):
    help = "Archives security events older than --before (at least the retention period)."

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="YYYY-MM-DD")

    def handle(self, *args, before, **options):
        try:
            cutoff = date.fromisoformat(before)
        except ValueError as error:
            raise CommandError("--before must be a date, YYYY-MM-DD.") from error
        retention = timezone.localdate() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        if cutoff > retention:
            raise CommandError(f"Events are kept {settings.AUDIT_RETENTION_DAYS} days: "
                               f"--before may be {retention} at the latest.")
        result = verify()
        if not result.intact:
            raise CommandError("The log is not intact; archive nothing before the auditor "
                               "looks: " + "; ".join(result.problems))
        old = SecurityEvent.objects.filter(created_at__date__lt=cutoff).order_by("seq")
        last = old.last()
        if last is None:
            self.stdout.write("Nothing to archive.")
            return
        floor_seq, _prev = _floor()
        settings.AUDIT_ARCHIVE_DIR.mkdir(parents=True, exist_ok=True)
        path = settings.AUDIT_ARCHIVE_DIR / f"security-events-{floor_seq}-{last.seq}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as archive:
            for event in SecurityEvent.objects.filter(seq__lte=last.seq).order_by("seq"):
                archive.write(json.dumps({
                    "seq": event.seq, "created_at": event.created_at.isoformat(),
                    "kind": event.kind, "username": event.username,
                    "ip_address": event.ip_address, "target": event.target,
                    "detail": event.detail, "prev_hash": event.prev_hash, "hash": event.hash,
                }, ensure_ascii=False) + "\n")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with transaction.atomic():
            checkpoint_write(reason=Checkpoint.Reason.ARCHIVED,
                             floor=(last.seq + 1, last.hash))
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL xuncha.audit_maintenance = 'on'")
            count, _deleted = SecurityEvent.objects.filter(seq__lte=last.seq).delete()
            security_event_record(kind=SecurityEvent.Kind.AUDIT, target=path.name,
                                  detail={"archived": [floor_seq, last.seq], "sha256": digest})
        self.stdout.write(f"Archived {count} events (#{floor_seq}–#{last.seq}) to {path}.")
