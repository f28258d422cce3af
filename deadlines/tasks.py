from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.utils import timezone

from . import clock, services, todos
from .models import Notification


@shared_task
def sweep_deadlines():
    return services.deadline_sweep(today=clock.today())


@shared_task
def reconcile_todos():
    return todos.todos_reconcile()


# Claimed and sent this many at a time: one UPDATE and one mail connection per batch.
EMAIL_BATCH = 500


@shared_task
def send_notification_emails():
    """Sends each unsent notification once; repeated runs find nothing left to send.

    A batch is claimed in one statement under row locks a concurrent run skips, so two runs
    never mail the same notification; a failed send is logged by the mail backend."""
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(Notification.objects.filter(emailed_at__isnull=True)
                         .select_for_update(skip_locked=True, of=("self",))
                         .select_related("recipient").order_by("pk")[:EMAIL_BATCH])
            if not batch:
                return sent
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
                emailed_at=timezone.now())
        messages = [EmailMessage(
            subject=n.title, body=f"{n.body}\n\n{settings.SITE_URL}{n.url}".strip(),
            to=[n.recipient.email]) for n in batch if n.recipient.email]
        if messages:
            sent += mailers.default.send_messages(messages) or 0
