from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    NOTICE = "notice", _("Entry notice")
    ANNOUNCEMENT = "announcement", _("Inspection announcement")
    CLUE_TRANSFER = "clue_transfer", _("Clue transfer letter")


class DocumentSequence(models.Model):
    """Last number issued per document type and year; locked while a number is taken."""

    doc_type = models.CharField(max_length=30, choices=DocumentType)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "year"], name="one_sequence_per_type_year")
        ]

    def __str__(self):
        return f"{self.doc_type} {self.year}: {self.last_number}"
