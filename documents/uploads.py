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


def checked_download(request, stored, *, target):
    """Sends an uploaded file after the caller's access check: logs the download, and refuses
    (409, audit event) a file that no longer matches the SHA-256 taken at upload."""
    from django.http import FileResponse
    from django.shortcuts import render

    from audit.models import SecurityEvent
    from audit.services import security_event_record

    security_event_record(kind=SecurityEvent.Kind.DOWNLOAD, user=request.user, request=request,
                          target=target)
    with stored.file.open("rb") as handle:
        intact = sha256_of(handle) == stored.sha256
    if not intact:
        security_event_record(kind=SecurityEvent.Kind.ACCESS_DENIED, user=request.user,
                              request=request, target=target,
                              detail={"reason": "sha256 mismatch"})
        return render(request, "inspections/attachment_tampered.html",
                      {"attachment": stored}, status=409)
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)
