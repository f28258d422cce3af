import threading
from datetime import date

import pytest
from django.db import connection, connections

from deadlines.models import Deadline, Notification
from deadlines.services import deadline_sweep

D = date.fromisoformat
L = Deadline.Level


def reminders(deadline):
    return sorted(
        Notification.objects.filter(deadline=deadline, level__isnull=False)
        .values_list("level", "recipient__username")
    )


@pytest.mark.django_db
def test_creation_tells_the_actors(make_deadline, unit_contact, office_staff):
    deadline = make_deadline()
    created = Notification.objects.filter(deadline=deadline, level__isnull=True)
    assert [n.recipient for n in created] == [unit_contact]
    assert "2026-10-08" in created.get().title


@pytest.mark.django_db
def test_frozen_clock_walks_through_each_level_exactly_once(make_deadline, unit_contact,
                                                            office_staff, party_member):
    deadline = make_deadline()  # 2026-09-20 + 15 days → due 2026-10-08
    walk = ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-06", "2026-10-07",
            "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-20"]
    for day in walk:
        deadline_sweep(today=D(day))
        deadline_sweep(today=D(day))
    # Yellow to the unit; red and overdue also to the office and the supervising party member.
    assert reminders(deadline) == sorted([
        (L.YELLOW, "unit_a_contact"),
        (L.RED, "unit_a_contact"), (L.RED, "office_staff"), (L.RED, "party_member"),
        (L.OVERDUE, "unit_a_contact"), (L.OVERDUE, "office_staff"), (L.OVERDUE, "party_member"),
    ])
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED
    assert deadline.history.first().history_change_reason == "sweep: overdue"


@pytest.mark.django_db
def test_after_a_three_day_outage_only_the_current_level_is_sent(make_deadline, unit_contact):
    deadline = make_deadline()
    deadline_sweep(today=D("2026-10-02"))  # nothing due yet
    # The worker was down from 10-03 to 10-05: yellow was never sent, and is now stale.
    deadline_sweep(today=D("2026-10-06"))
    assert reminders(deadline) == [(L.RED, "unit_a_contact")]


@pytest.mark.django_db
def test_met_and_waived_deadlines_are_not_reminded(make_deadline, unit_contact, office_staff):
    from deadlines.services import deadline_meet, deadline_waive

    met = make_deadline()
    waived = make_deadline(start="2026-09-21")
    deadline_meet(subject=met.subject, kind=met.kind, by=unit_contact)
    deadline_waive(deadline=waived, by=office_staff, reason="单位撤并", expected_version=1)
    deadline_sweep(today=D("2026-10-20"))
    assert reminders(met) == [] and reminders(waived) == []


@pytest.mark.django_db
def test_sweep_query_count_stays_bounded(make_deadline, django_assert_max_num_queries):
    for n in range(30):
        make_deadline(start=f"2026-09-{n % 28 + 1:02d}")
    # One selection, then per level: claim, load, history (overdue), recipient look-ups, inserts.
    with django_assert_max_num_queries(60):
        deadline_sweep(today=D("2026-10-20"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_each_reminder_once(make_deadline, unit_contact, office_staff):
    deadlines = [make_deadline(start=f"2026-09-{day:02d}") for day in range(1, 21)]
    barrier = threading.Barrier(4)
    errors = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            deadline_sweep(today=D("2026-10-20"))
        except Exception as error:  # surfaced below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    for deadline in deadlines:
        assert reminders(deadline) == [(L.OVERDUE, "office_staff"), (L.OVERDUE, "unit_a_contact")]


@pytest.mark.django_db
def test_a_deadline_met_after_selection_loses_the_claim(make_deadline, unit_contact):
    """A meet or waive between the sweep's selection and its claim must win."""
    from deadlines.services import _claim, deadline_meet

    deadline = make_deadline()
    deadline_meet(subject=deadline.subject, kind=deadline.kind, by=unit_contact)
    assert _claim([deadline.pk], L.OVERDUE) == []
    deadline.refresh_from_db()
    assert (deadline.status, deadline.level) == (Deadline.Status.MET, L.NONE)


@pytest.mark.django_db
def test_the_overdue_claim_bumps_the_version(make_deadline, office_staff):
    from django.core.exceptions import ValidationError

    from deadlines.services import deadline_waive

    deadline = make_deadline()
    deadline_sweep(today=D("2026-10-20"))
    with pytest.raises(ValidationError):
        deadline_waive(deadline=deadline, by=office_staff, reason="x", expected_version=1)
