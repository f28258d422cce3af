import html
import re
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from audit.models import ChainHead, Checkpoint, SecurityEvent
from audit.services import checkpoint_write, file_anchors, security_event_record, verify
from tests.factories import PASSWORD, UserFactory


@contextmanager
def tampering():
    """An attacker with superuser rights on the database: on PostgreSQL the append-only
    triggers are bypassed first (replica mode needs a superuser), elsewhere there are none."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")


def events(count, **extra):
    return [security_event_record(kind=SecurityEvent.Kind.EXPORT, target=f"ledger-{n}", **extra)
            for n in range(count)]


def anchored(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return checkpoint_write(reason=Checkpoint.Reason.PERIODIC)


@pytest.mark.django_db
def test_login_failure_and_logout_are_recorded(client, office_staff):
    client.post(reverse("login"), {"username": "office_staff", "password": "wrong"})
    client.post(reverse("login"), {"username": "office_staff", "password": PASSWORD})
    client.post(reverse("logout"))
    kinds = list(SecurityEvent.objects.order_by("seq").values_list("kind", "username"))
    assert kinds[-3:] == [("login_failed", "office_staff"), ("login", "office_staff"),
                          ("logout", "office_staff")]


@pytest.mark.django_db
def test_an_edited_row_is_found():
    events(3)
    assert verify().intact
    call_command("verify_audit_chain", stdout=StringIO())
    middle = SecurityEvent.objects.get(seq=2)
    with tampering():
        SecurityEvent.objects.filter(pk=middle.pk).update(target="ledger-forged")
    assert verify().problems == ["第2条事件被篡改。"]
    with pytest.raises(CommandError, match="第2条事件被篡改"):
        call_command("verify_audit_chain")


@pytest.mark.django_db
def test_a_row_removed_from_the_middle_leaves_a_hole():
    events(5)
    with tampering():
        SecurityEvent.objects.filter(seq=3).delete()
    problems = verify().problems
    assert "第3–3条事件缺失。" in problems


@pytest.mark.django_db
def test_cutting_the_tail_and_resetting_the_head_is_found(django_capture_on_commit_callbacks):
    """The attack of the review: delete the newest events, point the head at the new last row
    (no key needed). The signed checkpoint outside the table still remembers them."""
    events(60)
    anchored(django_capture_on_commit_callbacks)
    assert verify().intact
    new_last = SecurityEvent.objects.get(seq=10)
    with tampering():
        SecurityEvent.objects.filter(seq__gt=10).delete()
        ChainHead.objects.filter(pk=1).update(last_hash=new_last.hash, last_seq=10)
    problems = verify().problems
    assert any("事件60" in p or "第60条" in p for p in problems), problems


@pytest.mark.django_db
def test_wiping_both_tables_is_found(django_capture_on_commit_callbacks):
    events(3)
    anchored(django_capture_on_commit_callbacks)
    with tampering():
        SecurityEvent.objects.all().delete()
        Checkpoint.objects.all().delete()
        ChainHead.objects.all().delete()
    result = verify()
    assert not result.intact and result.events == 0
    assert file_anchors()  # the anchor outside the database survived


@pytest.mark.django_db
def test_a_forged_checkpoint_is_found(django_capture_on_commit_callbacks):
    events(2)
    checkpoint = anchored(django_capture_on_commit_callbacks)
    with tampering():
        Checkpoint.objects.filter(pk=checkpoint.pk).update(seq=1)
    assert any("伪造" in p for p in verify().problems)


@pytest.mark.django_db
def test_deleting_a_person_does_not_break_the_chain(office_staff):
    person = UserFactory(username="leaves_soon")
    events(2, user=person)
    person.delete()
    assert verify().intact


@pytest.mark.django_db
def test_every_hundredth_event_anchors_itself(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        events(100)
    [line] = file_anchors()
    assert line["seq"] == 100 and Checkpoint.objects.get().seq == 100


@pytest.mark.django_db
def test_the_archive_command_moves_old_events_with_a_checkpoint(
        settings, monkeypatch, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from audit import services

    real_now = timezone.now
    monkeypatch.setattr(services.timezone, "now", lambda: real_now() - timedelta(days=200))
    events(3)
    monkeypatch.setattr(services.timezone, "now", real_now)
    events(2)
    with pytest.raises(CommandError, match="180"):
        call_command("archive_security_events", before=str(timezone.localdate()))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("archive_security_events",
                     before=str(timezone.localdate() - timedelta(days=190)), stdout=StringIO())
    assert list(SecurityEvent.objects.order_by("seq").values_list("seq", flat=True))[:2] == [4, 5]
    archive = settings.AUDIT_ARCHIVE_DIR / "security-events-1-3.jsonl.gz"
    assert archive.exists()
    assert SecurityEvent.objects.filter(kind="audit", target=archive.name).exists()
    assert verify().intact


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_postgresql_refuses_to_change_or_delete_an_event():
    from django.db import DatabaseError, transaction

    [event] = events(1)
    rows = SecurityEvent.objects.filter(pk=event.pk)
    for attempt in (lambda: rows.update(target="x"),
                    lambda: rows.update(user=None, username="someone_else"),
                    lambda: rows.delete()):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [
    ("auditor", 200), ("security_officer", 403), ("sysadmin", 403), ("office_director", 403),
    ("leadership_leader", 403)])
def test_only_the_auditor_reads_the_log(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("accounts:security_log")).status_code == status
    assert client.get(reverse("accounts:security_log_export")).status_code == status


@pytest.mark.django_db
def test_the_auditor_filters_exports_and_verifies(client, auditor, office_staff,
                                                  django_capture_on_commit_callbacks):
    events(3)
    client.force_login(office_staff)
    client.get(reverse("accounts:orgunit_create"))  # a refusal, logged
    client.force_login(auditor)
    page = client.get(reverse("accounts:security_log"), {"kind": "access_denied"}).text
    assert "/org/units/new/" in page and "ledger-1" not in page
    export = client.get(reverse("accounts:security_log_export"), {"kind": "export"})
    assert "ledger-2" in export.content.decode("utf-8-sig")
    with django_capture_on_commit_callbacks(execute=True):
        verified = client.post(reverse("accounts:security_log_verify"), follow=True)
    assert "安全日志完整" in verified.text
    assert Checkpoint.objects.filter(reason="verified").exists() and file_anchors()
    with tampering():
        SecurityEvent.objects.filter(seq=2).update(target="forged")
    refused = client.post(reverse("accounts:security_log_verify"), follow=True)
    assert "第2条事件被篡改" in refused.text


@pytest.mark.django_db
def test_the_log_pages_keep_their_cost_flat(client, auditor, django_assert_max_num_queries):
    events(120)
    client.force_login(auditor)
    with django_assert_max_num_queries(10):
        first = client.get(reverse("accounts:security_log"))
    older = re.search(r'href="\?([^"]*before=\d+[^"]*)"', first.text).group(1)
    with django_assert_max_num_queries(10):
        second = client.get(reverse("accounts:security_log") + "?" + html.unescape(older))
    assert "ledger-0" in client.get(reverse("accounts:security_log") + "?" + html.unescape(
        re.search(r'href="\?([^"]*before=\d+[^"]*)"', second.text).group(1))).text
