import os

from celery import Celery
from celery.signals import worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("xuncha")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def refuse_without_secret_key(**kwargs):
    from config.entrypoints import refuse_ephemeral_secret_key

    refuse_ephemeral_secret_key()


@worker_ready.connect
def run_startup_tasks(sender, **kwargs):
    # Beat only fires on its interval: a worker coming back from an outage runs these at once.
    from django.conf import settings

    for task_name in settings.CELERY_WORKER_STARTUP_TASKS:
        sender.app.send_task(task_name)
