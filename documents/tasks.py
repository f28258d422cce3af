from celery import shared_task

from . import exports


@shared_task
def run_export(job_id):
    exports.export_run(job_id=job_id)
