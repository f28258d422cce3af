"""Re-encrypts confidential columns and uploaded files with the newest key.

Works on raw ciphertext with SQL UPDATEs: rotation changes no plain text, so there is nothing for
simple-history to record (the one documented exception to the no-bulk-writes rule).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction

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
                # Identifiers come from the models, quoted; the ciphertexts are parameters.
                table = connection.ops.quote_name(model._meta.db_table)
                pk = connection.ops.quote_name(model._meta.pk.column)
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
                select = f"SELECT {pk}, {quoted} FROM {table}"  # nosec B608
                update = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # nosec B608
                cursor.execute(select)
                for row_pk, *tokens in cursor.fetchall():
                    cursor.execute(update, [*(rotate(t) if t else t for t in tokens), row_pk])
                    rows += 1
        files = 0
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.FileField):
                    continue
                for name in model.objects.exclude(**{field.name: ""}).values_list(
                        field.name, flat=True):
                    if field.storage.exists(name) and hasattr(field.storage, "rotate"):
                        field.storage.rotate(name)
                        files += 1
        self.stdout.write(f"Rotated {rows} rows and {files} files.")
