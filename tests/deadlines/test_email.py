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


@pytest.mark.django_db
def test_a_day_of_reminders_is_mailed_in_batches_not_one_statement_each(
        settings, unit_contact, office_staff, django_assert_max_num_queries):
    """The morning sweep can leave thousands of reminders: each batch of 500 is claimed in
    one statement and sent over one mail connection."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    unit_contact.email = "tian@example.org"
    unit_contact.save()
    office_staff.email = ""
    office_staff.save()
    mail.outbox.clear()
    # Not a history-tracked model: bulk rows stand in for a sweep's output.
    Notification.objects.bulk_create(
        [Notification(recipient=unit_contact, title=f"提醒{n}", url="/deadlines/")
         for n in range(1_100)]
        + [Notification(recipient=office_staff, title="无邮箱者的提醒")])  # no address: not mailed
    # Per batch of 500: savepoint, select, update, release; then one look that finds none.
    with django_assert_max_num_queries(3 * 4 + 3):
        assert send_notification_emails() == 1_100
    assert len(mail.outbox) == 1_100 and len({m.subject for m in mail.outbox}) == 1_100
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert send_notification_emails() == 0 and len(mail.outbox) == 1_100
