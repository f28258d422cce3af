"""Re-encrypts confidential columns with the newest key.

Works on raw ciphertext with SQL UPDATEs: rotation changes no plain text, so there is nothing for
simple-history to record (the one documented exception to the no-bulk-writes rule).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from audit.crypto import EncryptedTextField, rotate


class Command(BaseCommand):
    help = ("Re-encrypts every encrypted column with the first key of FIELD_ENCRYPTION_KEYS. "
            "Put the new key first, run this, then remove the old key.")

    def handle(self, *args, **options):
        rows = 0
        with transaction.atomic(), connection.cursor() as cursor:
            for model in apps.get_models():
                columns = [f.column for f in model._meta.concrete_fields
                           if isinstance(f, EncryptedTextField)]
                if not columns:
                    continue
                table, pk = model._meta.db_table, model._meta.pk.column
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
                cursor.execute(f"SELECT {pk}, {quoted} FROM {table}")
                for row_pk, *tokens in cursor.fetchall():
                    cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s",
                                   [*(rotate(t) if t else t for t in tokens), row_pk])
                    rows += 1
        self.stdout.write(f"Rotated {rows} rows.")
