"""Long exports in the background: a job row, a Celery task, progress the page polls."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import ExportJob

logger = logging.getLogger(__name__)
BUILDERS = {}


def builder(kind):
    """Registers `function(job, report_progress) -> (filename, bytes)` for an export kind."""
    def register(function):
        BUILDERS[kind] = function
        return function
    return register


def export_start(*, kind, params, by):
    from . import tasks

    job = ExportJob.objects.create(kind=kind, params=params, requested_by=by)
    transaction.on_commit(lambda: tasks.run_export.delay(job.pk))
    return job


def exports_expire(*, before):
    """Deletes the files of exports finished before `before`: a ledger of every open item must
    not stay on disk for whoever reads the disk later. The job row stays (who exported what)."""
    expired = 0
    for job in ExportJob.objects.filter(status=ExportJob.Status.DONE, finished_at__lt=before):
        job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.EXPIRED, file="")
        expired += 1
    return expired


def export_run(*, job_id):
    """Idempotent: a job already finished or running elsewhere is left alone."""
    # Progress and status live outside simple-history (ExportJob has none), so UPDATE is fine.
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING)
    if not claimed:
        return
    job = ExportJob.objects.get(pk=job_id)

    def report_progress(done, total):
        ExportJob.objects.filter(pk=job_id).update(
            progress=min(99, round(100 * done / total)) if total else 99)

    try:
        filename, content = BUILDERS[job.kind](job, report_progress)
    except Exception:  # any failure must reach the user as "failed", not a stuck bar
        logger.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.FAILED)
        return
    job.file.save(f"export-{job.pk}.xlsx", ContentFile(content), save=False)
    job.filename, job.status, job.progress = filename, ExportJob.Status.DONE, 100
    job.finished_at = timezone.now()
    job.save()
