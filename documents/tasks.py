from celery import shared_task

from . import exports


@shared_task
def run_export(job_id):
    exports.export_run(job_id=job_id)


@shared_task
def expire_exports():
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    exports.exports_expire(before=timezone.now() - timedelta(hours=settings.EXPORT_KEEP_HOURS))
