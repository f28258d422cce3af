"""Downloads of official documents: access is checked by the caller; here every download is
logged, and a classified document is numbered copy by copy (份号)."""

from django.http import HttpResponse

from audit.models import SecurityEvent
from audit.services import security_event_record

from .docx import render_official_docx
from .pdf import render_official_pdf

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def official_response(request, official, *, name, target, word=False):
    """The PDF of `official`, or with `word` its .docx for the office to finish and sign.

    The copy number is this download's place among the downloads of the same document in the
    security log, whose sequence is written under a lock: no two downloads share a number, and
    the log says who took which copy."""
    event = security_event_record(kind=SecurityEvent.Kind.DOWNLOAD, user=request.user,
                                  request=request, target=target)
    copy = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DOWNLOAD, target=event.target,
                                        seq__lte=event.seq).count()
    official = official.numbered(copy)
    if word:
        response = HttpResponse(render_official_docx(official), content_type=WORD)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}.docx"
    else:
        response = HttpResponse(render_official_pdf(official), content_type="application/pdf")
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}.pdf"
    return response
