from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from . import clock, services, todos
from .models import Notification


@shared_task
def sweep_deadlines():
    return services.deadline_sweep(today=clock.today())


@shared_task
def reconcile_todos():
    return todos.todos_reconcile()


@shared_task
def send_notification_emails():
    """Sends each unsent notification once; repeated runs find nothing left to send."""
    sent = 0
    pending = Notification.objects.filter(emailed_at__isnull=True).select_related("recipient")
    for notification in pending.iterator():
        # Claim first so a concurrent run skips it; a failed send is logged by the mail backend.
        if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        ):
            continue
        if notification.recipient.email:
            send_mail(
                subject=notification.title,
                message=f"{notification.body}\n\n{settings.SITE_URL}{notification.url}".strip(),
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
            sent += 1
    return sent
