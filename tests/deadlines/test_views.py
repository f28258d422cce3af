import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from deadlines import clock
from deadlines.models import Deadline, HolidayOverride, Notification
from deadlines.services import deadline_meet, deadline_sweep

D = date.fromisoformat
TODAY = datetime(2026, 10, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def frozen_today():
    with clock.frozen(TODAY):
        yield


@pytest.fixture
def unit_deadlines(make_deadline, unit_a, unit_b, discipline_organ):
    return {
        "a": make_deadline(unit=unit_a),
        "b": make_deadline(unit=unit_b),
        "clue": make_deadline(kind=Deadline.Kind.CLUE_RESULT, rule="3m", unit=discipline_organ),
    }


def titles_on(client, url):
    return re.findall(r'href="/deadlines/(\d+)/"', client.get(url).text)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "visible"), [
    ("office_staff", {"a", "b", "clue"}),
    ("leadership_member", {"a", "b", "clue"}),
    ("party_member", {"a"}),  # supervises unit A only
    ("unit_contact", {"a"}),
    ("unit_b_contact", {"b"}),
    ("discipline_handler", {"clue"}),
    ("plain_user", set()),
])
def test_my_deadlines_by_role(client, request, unit_deadlines, role, visible):
    client.force_login(request.getfixturevalue(role))
    shown = set(titles_on(client, reverse("deadlines:my_deadlines")))
    assert shown == {str(unit_deadlines[key].pk) for key in visible}
    for key, deadline in unit_deadlines.items():
        status = client.get(deadline.get_absolute_url()).status_code
        assert status == (200 if key in visible else 404)


@pytest.mark.django_db
def test_my_deadlines_sorted_with_colours_and_estimate(client, frozen_today, make_deadline,
                                                       unit_contact,
                                                       django_assert_max_num_queries):
    later = make_deadline(start="2026-11-30", rule="3m")  # estimated 2027
    soon = make_deadline(start="2026-09-25", rule="15d")  # due 2026-10-12: red on 10-10
    for n in range(20):
        make_deadline(start=f"2026-10-{n % 9 + 1:02d}", rule="1m")
    client.force_login(unit_contact)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("deadlines:my_deadlines")).text
    order = re.findall(r'href="/deadlines/(\d+)/"', page)
    assert order[0] == str(soon.pk) and str(later.pk) not in order[:20]
    assert "红色预警" in page
    last_page = client.get(reverse("deadlines:my_deadlines"), {"page": 2}).text
    assert "预估" in last_page


@pytest.mark.django_db
def test_bell_counts_unread_and_marks_read(client, make_deadline, unit_contact, unit_b_contact):
    make_deadline()
    make_deadline(start="2026-09-21")
    client.force_login(unit_contact)
    home = client.get(reverse("oversight:home")).text
    assert re.search(r'data-testid="unread-count">2<', home)

    first = Notification.objects.filter(recipient=unit_contact).first()
    response = client.post(reverse("deadlines:notification_read", args=[first.pk]))
    assert response.status_code == 302 and response.url == first.url
    assert re.search(r'data-testid="unread-count">1<', client.get(reverse("oversight:home")).text)
    client.post(reverse("deadlines:notification_read_all"))
    assert "unread-count" not in client.get(reverse("oversight:home")).text

    client.force_login(unit_b_contact)
    assert client.post(reverse("deadlines:notification_read", args=[first.pk])).status_code == 404


@pytest.mark.django_db
def test_office_waives_with_reason_others_may_not(client, make_deadline, office_staff,
                                                  unit_contact):
    deadline = make_deadline()
    url = reverse("deadlines:deadline_waive", args=[deadline.pk])
    client.force_login(unit_contact)
    assert client.post(url, {"reason": "x", "version": 1}).status_code == 403

    client.force_login(office_staff)
    response = client.post(url, {"reason": "", "version": 1})
    assert response.status_code == 200 and "必填项" in response.text
    response = client.post(url, {"reason": "被巡察单位撤并", "version": 1})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.WAIVED
    detail = client.get(deadline.get_absolute_url()).text
    assert "被巡察单位撤并" in detail and "已豁免" in detail


@pytest.mark.django_db
def test_office_enters_an_official_holiday_and_the_deadline_moves(client, make_deadline,
                                                                   office_staff, unit_contact):
    deadline = make_deadline(start="2026-11-30", rule="3m")
    client.force_login(unit_contact)
    assert client.get(reverse("deadlines:override_list")).status_code == 403

    client.force_login(office_staff)
    bad = client.post(reverse("deadlines:override_create"),
                      {"day": "2027-02-30", "note": "春节调整", "source": "official"})
    assert bad.status_code == 200 and 'value="春节调整"' in bad.text
    response = client.post(reverse("deadlines:override_create"), {
        "day": "2027-03-01", "note": "假设的调休", "source": "official"})
    assert response.status_code == 302
    override = HolidayOverride.objects.get(day=D("2027-03-01"))
    assert override.history.get().history_user == office_staff
    deadline.refresh_from_db()
    assert deadline.due_on == D("2027-03-02")

    confirm = client.get(reverse("deadlines:override_delete", args=[override.pk]))
    assert "2027-03-01" in confirm.text
    client.post(reverse("deadlines:override_delete", args=[override.pk]))
    deadline.refresh_from_db()
    assert deadline.due_on == D("2027-03-01")


@pytest.mark.django_db
def test_overdue_stays_on_home_pages_until_met(client, make_deadline, unit_contact, office_staff,
                                               leadership_member, frozen_today):
    deadline = make_deadline()  # due 2026-10-08; today is 2026-10-10
    deadline_sweep(today=D("2026-10-10"))
    for person in (unit_contact, office_staff, leadership_member):
        client.force_login(person)
        page = client.get(reverse("oversight:home")).text
        assert deadline.title in page and "逾期 2 天" in page

    deadline_meet(subject=deadline.subject, kind=deadline.kind, by=unit_contact)
    client.force_login(unit_contact)
    page = client.get(reverse("oversight:home")).text
    assert 'data-testid="my-deadlines"' not in page
    done = client.get(reverse("deadlines:my_deadlines"), {"show": "done"}).text
    assert "已完成 · 逾期 2 天完成" in done


@pytest.mark.django_db
def test_a_notification_opens_with_a_verb_not_a_status(client, make_deadline, unit_contact):
    make_deadline()
    client.force_login(unit_contact)
    page = client.get(reverse("deadlines:notification_list")).text
    assert '<button class="btn btn-sm btn-link" type="submit">查看</button>' in page
    assert "进行中</button>" not in page


@pytest.mark.django_db
def test_a_rectification_deadline_leads_the_unit_to_its_rectification_page(
        client, signed_for, unit_contact):
    """The meetings, plan and report are done on the rectification page, which the unit may
    open; the inspection page (the deadline's subject) it may not."""
    inspection = signed_for.inspection
    overview = reverse("rectification:overview", args=[inspection.pk])
    client.force_login(unit_contact)
    for kind in (Deadline.Kind.SPECIAL_MEETING, Deadline.Kind.RECTIFICATION_PLAN,
                 Deadline.Kind.RECTIFICATION_REPORT):
        deadline = Deadline.objects.get(inspection=inspection, kind=kind)
        page = client.get(deadline.get_absolute_url()).text
        assert f'href="{overview}" data-testid="deadline-subject"' in page, kind
        assert client.get(overview).status_code == 200
