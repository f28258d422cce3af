from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from deadlines import clock
from deadlines.models import Deadline, Notification
from deadlines.services import (
    deadline_meet,
    deadline_sweep,
    deadline_waive,
    holiday_override_delete,
    holiday_override_save,
)

D = date.fromisoformat
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_meeting_late_records_how_late(make_deadline, unit_contact):
    deadline = make_deadline()  # due 2026-10-08
    deadline_sweep(today=D("2026-10-10"))
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED
    met = deadline_meet(subject=deadline.subject, kind=deadline.kind, by=unit_contact,
                        at=datetime(2026, 10, 12, 23, 30, tzinfo=SHANGHAI))
    assert (met.status, met.days_late) == (Deadline.Status.MET, 4)


@pytest.mark.django_db
def test_meeting_on_the_last_day_before_midnight_shanghai_is_on_time(make_deadline):
    deadline = make_deadline()
    # 23:59 in Shanghai is 15:59 UTC on the same day: still the due date.
    met = deadline_meet(subject=deadline.subject, kind=deadline.kind, by=None,
                        at=datetime(2026, 10, 8, 23, 59, tzinfo=SHANGHAI))
    assert met.days_late == 0


@pytest.mark.django_db
def test_waiving_needs_a_reason_and_a_fresh_version(make_deadline, office_staff):
    deadline = make_deadline()
    with pytest.raises(ValidationError):
        deadline_waive(deadline=deadline, by=office_staff, reason=" ", expected_version=1)
    with pytest.raises(ValidationError, match="已被他人修改"):
        deadline_waive(deadline=deadline, by=office_staff, reason="撤并", expected_version=9)
    waived = deadline_waive(deadline=deadline, by=office_staff, reason="撤并", expected_version=1)
    assert waived.status == Deadline.Status.WAIVED and waived.waive_reason == "撤并"
    with pytest.raises(ValidationError):
        deadline_waive(deadline=waived, by=office_staff, reason="again", expected_version=2)


@pytest.mark.django_db
def test_an_override_moves_open_deadlines_and_tells_people(make_deadline, unit_contact,
                                                           office_staff):
    deadline = make_deadline(start="2026-11-30", rule="3m")  # estimated 2027-03-01
    assert (deadline.due_on, deadline.is_estimated) == (D("2027-03-01"), True)
    untouched = make_deadline(start="2026-09-20")

    override, moved = holiday_override_save(
        by=office_staff, day=D("2027-03-01"), is_workday=False, note="假设的调整",
        source="official")
    assert moved == 1
    deadline.refresh_from_db()
    assert deadline.due_on == D("2027-03-02")
    assert deadline.history.first().history_change_reason == "recompute|calendar override"
    assert deadline.history.first().history_user == office_staff
    moved_notice = Notification.objects.filter(deadline=deadline, title__contains="2027-03-02")
    assert [n.recipient for n in moved_notice] == [unit_contact]
    untouched.refresh_from_db()
    assert untouched.due_on == D("2026-10-08")

    assert holiday_override_delete(override=override, by=office_staff) == 1
    deadline.refresh_from_db()
    assert deadline.due_on == D("2027-03-01")


@pytest.mark.django_db
def test_override_that_extends_a_missed_deadline_reopens_it(make_deadline, office_staff):
    deadline = make_deadline()  # due 2026-10-08
    deadline_sweep(today=D("2026-10-09"))
    with clock.frozen(datetime(2026, 10, 9, 9, tzinfo=SHANGHAI)):
        holiday_override_save(by=office_staff, day=D("2026-10-08"), is_workday=False,
                              note="补充通知", source="official")
    deadline.refresh_from_db()
    assert (deadline.status, deadline.due_on) == (Deadline.Status.OPEN, D("2026-10-09"))
    assert deadline.level < Deadline.Level.OVERDUE


@pytest.mark.django_db
def test_moving_an_override_to_another_day_restores_the_old_one(make_deadline, office_staff):
    deadline = make_deadline(start="2026-11-30", rule="3m")  # 2027-03-01, estimated
    override, _ = holiday_override_save(by=office_staff, day=D("2027-03-01"), is_workday=False,
                                        note="假设", source="official")
    deadline.refresh_from_db()
    assert deadline.due_on == D("2027-03-02")
    holiday_override_save(by=office_staff, day=D("2027-05-03"), is_workday=False, note="改日",
                          source="official", override=override,
                          expected_version=override.version)
    deadline.refresh_from_db()
    assert deadline.due_on == D("2027-03-01")
