from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from inspections.models import InterviewNote


@pytest.mark.django_db
def test_rotation_lets_the_old_key_be_retired(settings, note):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    note.content = "轮换前写入的内容"
    note.save()

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "Rotated" in out.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone
    assert InterviewNote.objects.get(pk=note.pk).content == "轮换前写入的内容"
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM inspections_interviewnote WHERE id = %s", [note.pk])
        token = cursor.fetchone()[0]
    assert Fernet(new).decrypt(token.encode()).decode() == "轮换前写入的内容"
