"""Upload checks shared by every app: the whole content decides the type, not the file name.

A PDF must end like a PDF (startxref, %%EOF), an image must decode within a pixel budget, an
Office file must open as a ZIP whose entries and expanded size stay within limits (a small
"zip bomb" must not cost the server minutes and gigabytes). Sizes are refused before the body
is read (MaxUploadMiddleware, from Content-Length) and checked again here."""

import hashlib
import io
import re
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Office files: at most this many entries and this many bytes once expanded.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_IMAGE_PIXELS = 80_000_000

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
SCAN_TYPES = ("pdf", "jpg", "png")
STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def _refuse(allowed):
    return ValidationError(
        _("Only these file types are accepted: %(types)s. The file's content must match its "
          "type."), params={"types": ", ".join(t.upper() for t in allowed)}, code="bad_type")


def _pdf_is_whole(upload):
    """The trailer a PDF reader starts from: 'startxref N %%EOF' at the end, N inside the file
    and pointing at a cross-reference table or stream."""
    size = upload.size
    upload.seek(max(0, size - 2048))
    tail = upload.read()
    match = STARTXREF.search(tail)
    if match is None or not 0 < int(match.group(1)) < size:
        return False
    upload.seek(int(match.group(1)))
    start = upload.read(32).lstrip()
    return start.startswith(b"xref") or re.match(rb"\d+\s+\d+\s+obj", start) is not None


def _image_decodes(upload, kind):
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != {"jpg": "JPEG", "png": "PNG"}[kind]:
                    return False
                image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()  # verify() checks structure only; decoding finds truncated data
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return False
    return True


def office_archive_problem(upload, kind):
    """Why this Office file is refused, or None: opened as a ZIP without expanding it."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError):
        return _refuse((kind,))
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            return ValidationError(_("The file holds too many parts to be an ordinary "
                                     "document."), code="zip_entries")
        expanded = sum(entry.file_size for entry in entries)
        packed = max(1, sum(entry.compress_size for entry in entries))
        if expanded > MAX_ZIP_EXPANDED_BYTES or expanded / packed > MAX_ZIP_RATIO:
            return ValidationError(_("The file expands to far more than an ordinary document "
                                     "and was refused."), code="zip_bomb")
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or OFFICE_PARTS[kind] not in names:
            return _refuse((kind,))
    return None


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
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension not in allowed or not head.startswith(SIGNATURES[extension]):
        raise _refuse(allowed)
    if extension == "pdf":
        whole = _pdf_is_whole(upload)
    elif extension in ("jpg", "png"):
        whole = _image_decodes(upload, extension)
    else:
        if problem := office_archive_problem(upload, extension):
            upload.seek(0)
            raise problem
        whole = True
    upload.seek(0)
    if not whole:
        raise _refuse(allowed)
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
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != stored.sha256:
        security_event_record(kind=SecurityEvent.Kind.ACCESS_DENIED, user=request.user,
                              request=request, target=target,
                              detail={"reason": "sha256 mismatch"})
        return render(request, "inspections/attachment_tampered.html",
                      {"attachment": stored}, status=409)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=stored.name)
