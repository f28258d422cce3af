"""The office's papers and the record of what it filed with the province when."""

from django.db import transaction

from deadlines import clock
from deadlines.services import check_happened
from documents.uploads import sha256_of, validate_upload

from ..actions import FILING_ACTIONS, PAPER_ACTIONS
from ..models import FilingRecord, OfficePaper

PAPER_TYPES = ("pdf", "docx", "jpg", "png")


def paper_record(*, by, kind, title, dated_on, year, upload, document_number="", note=""):
    PAPER_ACTIONS.ensure_can(by, "create")
    check_happened(dated_on, field="dated_on")
    validate_upload(upload, allowed=PAPER_TYPES)
    with transaction.atomic():
        paper = OfficePaper(kind=kind, title=title.strip(),
                            document_number=document_number.strip(), dated_on=dated_on,
                            year=year, note=note.strip(), name=upload.name[-200:],
                            sha256=sha256_of(upload), size=upload.size, recorded_by=by,
                            recorded_at=clock.now())
        paper._history_user, paper._change_reason = by, "create"
        paper.full_clean(exclude=["file"])
        paper.file.save(upload.name, upload, save=False)
        paper.save()
    return paper


@transaction.atomic
def filing_record(*, by, year, parts, contents):
    """The package the office generated for `year`, with the name of every file in it."""
    FILING_ACTIONS.ensure_can(by, "file")
    return FilingRecord.objects.create(year=year, parts=list(parts), contents=list(contents),
                                       filed_by=by, filed_at=clock.now())
