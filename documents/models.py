from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    NOTICE = "notice", _("Entry notice")
    ANNOUNCEMENT = "announcement", _("Inspection announcement")
    CLUE_TRANSFER = "clue_transfer", _("Clue transfer letter")
    REPORT = "report", _("Inspection report")
    FEEDBACK = "feedback", _("Feedback")
    IMMEDIATE = "immediate", _("Immediate rectification notice")


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


class DocumentCopy(models.Model):
    """The last 份号 given out per classified document ("report:12"); locked while a copy is
    numbered. Kept apart from the security log, whose old events are archived away, so a
    number is never given twice."""

    target = models.CharField(max_length=200, unique=True)
    last_copy = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.target}: {self.last_copy}"


class ExportJob(models.Model):
    """A long export run by a Celery task; the requester polls its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    kind = models.CharField(max_length=30)
    params = models.JSONField(default=dict)
    requested_by = models.ForeignKey("accounts.User", models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="private/exports/", blank=True)
    filename = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.kind} #{self.pk}"
