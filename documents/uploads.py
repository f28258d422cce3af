"""Upload checks shared by every app: the content decides the type, not the file name."""

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
SCAN_TYPES = ("pdf", "jpg", "png")


def validate_upload(upload, allowed=SCAN_TYPES, max_bytes=MAX_UPLOAD_BYTES):
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            params={"size": round(upload.size / 1024 / 1024, 1),
                    "limit": max_bytes // 1024 // 1024},
            code="too_large",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    extension = "jpg" if extension == "jpeg" else extension
    head = upload.read(16)
    upload.seek(0)
    if extension not in allowed or not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("Only these file types are accepted: %(types)s."),
            params={"types": ", ".join(t.upper() for t in allowed)}, code="bad_type",
        )
    return upload


def sha256_of(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
