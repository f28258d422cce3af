import base64
import hashlib
from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection

from inspections.models import InterviewNote, Round


def development_key(settings):
    # What every fixture wrote with: no FIELD_ENCRYPTION_KEYS, so the key derived from SECRET_KEY.
    return base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest())


@pytest.mark.django_db
def test_rotation_lets_the_old_key_be_retired(settings, note):
    old, new = development_key(settings), Fernet.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    note.content = "轮换前写入的内容"
    note.save()
    round_ = Round.objects.get(pk=note.inspection.round_id)
    with open(round_.province_doc_file.path, "rb") as stored:
        assert Fernet(old).decrypt(stored.read()).startswith(b"%PDF-")

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
    with open(round_.province_doc_file.path, "rb") as stored:
        raw = stored.read()
    assert Fernet(new).decrypt(raw).startswith(b"%PDF-")
    with pytest.raises(InvalidToken):
        Fernet(old).decrypt(raw)
    with round_.province_doc_file.open("rb") as opened:
        assert opened.read().startswith(b"%PDF-")


@pytest.mark.django_db
def test_uploads_are_not_stored_in_the_clear(approved_round):
    with open(approved_round.province_doc_file.path, "rb") as stored:
        raw = stored.read()
    assert not raw.startswith(b"%PDF-") and b"approval scan" not in raw
    with approved_round.province_doc_file.open("rb") as opened:
        assert opened.read().startswith(b"%PDF-")
