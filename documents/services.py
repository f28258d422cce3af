from django.conf import settings
from django.db import IntegrityError, transaction

from .models import DocumentSequence, DocumentType

# The character after the common prefix tells the document types apart (告 = announcement,
# 移 = clue transfer letter, 报 = inspection report, 反 = feedback, 改 = 立行立改 notice).
TYPE_INFIX = {DocumentType.NOTICE: "", DocumentType.ANNOUNCEMENT: "告",
              DocumentType.CLUE_TRANSFER: "移", DocumentType.REPORT: "报",
              DocumentType.FEEDBACK: "反", DocumentType.IMMEDIATE: "改"}


def document_number_issue(*, doc_type, year):
    """Takes the next number, e.g. 青自然资巡〔2026〕3号. Must run inside the caller's transaction,
    so a rolled-back document gives its number back and the sequence has no gaps."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("document_number_issue must run inside transaction.atomic().")
    try:
        with transaction.atomic():
            DocumentSequence.objects.get_or_create(doc_type=doc_type, year=year)
    except IntegrityError:
        pass  # a concurrent first issue of the year created the row
    sequence = DocumentSequence.objects.select_for_update().get(doc_type=doc_type, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    prefix = settings.DOCUMENT_NUMBER_PREFIX + TYPE_INFIX[DocumentType(doc_type)]
    return f"{prefix}〔{year}〕{sequence.last_number}号"
