"""Encryption at rest for confidential text (interview notes, clue details).

MultiFernet: the first key encrypts, every key decrypts, so keys can be rotated by prepending a
new key and running `manage.py rotate_encryption_keys`.
"""

import base64
import contextlib
import hashlib
from functools import cache
from io import BytesIO

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.db import models


@cache
def _fernet(keys):
    return MultiFernet([Fernet(key) for key in keys])


def fernet():
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS) or (
        # Development fallback only; the deploy check below insists on real keys.
        base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest()),
    )
    return _fernet(keys)


def encrypt(text):
    return fernet().encrypt(text.encode()).decode()


def decrypt(token):
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("Encrypted value cannot be read with the configured keys.") from error


def rotate(token):
    return fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Stores only ciphertext; Python code sees plain text."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)


FERNET_PREFIX = b"gAAAAA"


class EncryptedFileSystemStorage(FileSystemStorage):
    """Uploaded files (evidence, scans, speeches) encrypted at rest with the column keys.

    The SHA-256 kept for each file is of its plain content, so a download still proves the file
    is the one uploaded. A file that cannot be decrypted is returned as stored: its hash then no
    longer matches and the download is refused as tampered."""

    def _save(self, name, content):
        content.seek(0)
        token = fernet().encrypt(content.read())
        return super()._save(name, ContentFile(token))

    def _open(self, name, mode="rb"):
        with super()._open(name, "rb") as stored:
            raw = stored.read()
        if raw.startswith(FERNET_PREFIX):
            with contextlib.suppress(InvalidToken):  # tampered: served as stored, hash refuses
                raw = fernet().decrypt(raw)
        return File(BytesIO(raw), name=name)

    def rotate(self, name):
        """Re-encrypts one file with the newest key; a file stored before encryption gets
        encrypted now."""
        path = self.path(name)
        with open(path, "rb") as stored:
            raw = stored.read()
        token = fernet().rotate(raw) if raw.startswith(FERNET_PREFIX) else fernet().encrypt(raw)
        with open(path, "wb") as stored:
            stored.write(token)


@checks.register(checks.Tags.security, deploy=True)
def check_encryption_keys(app_configs, **kwargs):
    if settings.FIELD_ENCRYPTION_KEYS:
        return []
    return [checks.Warning(
        "FIELD_ENCRYPTION_KEYS is not set: confidential fields use a key derived from SECRET_KEY.",
        hint="Set FIELD_ENCRYPTION_KEYS to one or more Fernet keys (comma-separated).",
        id="xuncha.W001",
    )]
