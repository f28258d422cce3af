from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from audit.models import SecurityEvent
from audit.services import security_event_record, verify_chain
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_login_failure_and_logout_are_recorded(client, office_staff):
    client.post(reverse("login"), {"username": "office_staff", "password": "wrong"})
    client.post(reverse("login"), {"username": "office_staff", "password": PASSWORD})
    client.post(reverse("logout"))
    kinds = list(SecurityEvent.objects.order_by("id").values_list("kind", "username"))
    assert kinds[-3:] == [("login_failed", "office_staff"), ("login", "office_staff"),
                          ("logout", "office_staff")]


@pytest.mark.django_db
def test_chain_detects_an_edited_row():
    for n in range(3):
        security_event_record(kind=SecurityEvent.Kind.EXPORT, target=f"ledger-{n}")
    assert verify_chain() is None
    call_command("verify_audit_chain", stdout=StringIO())

    middle = SecurityEvent.objects.order_by("id")[1]
    # Simulates a tamperer with database access; the admin itself refuses edits.
    SecurityEvent.objects.filter(pk=middle.pk).update(target="ledger-forged")
    assert verify_chain() == middle.pk
    with pytest.raises(CommandError, match=str(middle.pk)):
        call_command("verify_audit_chain")


@pytest.mark.django_db
def test_chain_detects_a_removed_last_row():
    for n in range(2):
        security_event_record(kind=SecurityEvent.Kind.EXPORT, target=f"ledger-{n}")
    SecurityEvent.objects.order_by("-id").first().delete()
    assert verify_chain() is not None
