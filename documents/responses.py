"""Downloads of official documents: access is checked by the caller; here every download is
logged, and a classified document is numbered copy by copy (份号)."""

from django.db import transaction
from django.http import HttpResponse

from audit.models import SecurityEvent
from audit.services import security_event_record

from .docx import render_official_docx
from .models import DocumentCopy
from .pdf import render_official_pdf

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def official_response(request, official, *, name, target, word=False):
    """The PDF of `official`, or with `word` its .docx for the office to finish and sign.

    A classified document takes the next copy number of its own counter, and the security
    log says who took which copy."""
    with transaction.atomic():
        copy = _next_copy(target) if official.spec.classified else None
        security_event_record(kind=SecurityEvent.Kind.DOWNLOAD, user=request.user,
                              request=request, target=target,
                              detail={"copy": f"{copy:06d}"} if copy else None)
    if copy:
        official = official.numbered(copy)
    if word:
        response = HttpResponse(render_official_docx(official), content_type=WORD)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}.docx"
    else:
        response = HttpResponse(render_official_pdf(official), content_type="application/pdf")
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}.pdf"
    return response


def _next_copy(target):
    # get_or_create settles a first download at the same moment; the row lock orders the rest.
    counter, _created = DocumentCopy.objects.select_for_update().get_or_create(target=target)
    counter.last_copy += 1
    counter.save(update_fields=["last_copy"])
    return counter.last_copy
