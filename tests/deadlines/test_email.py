import pytest
from django.core import mail

from deadlines.models import Notification
from deadlines.tasks import send_notification_emails


@pytest.mark.django_db
def test_each_notification_is_emailed_once(settings, make_deadline, unit_contact):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    unit_contact.email = "tian@example.org"
    unit_contact.save()
    mail.outbox.clear()
    make_deadline()  # the creation notice is mailed by the task after commit (eager here)
    send_notification_emails()
    send_notification_emails()
    assert [m.to for m in mail.outbox] == [["tian@example.org"]]
    assert "2026-10-08" in mail.outbox[0].subject
    assert "/deadlines/" in mail.outbox[0].body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
