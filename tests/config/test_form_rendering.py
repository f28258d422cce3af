"""Every form renders through Django's form rendering (config/forms.py): labels, required marks,
help and errors tied to their fields, Chinese empty choices."""

import re

import pytest
from django.urls import reverse

from tests.inspections.test_petitions import announced  # noqa: F401 (fixture)


def _field_html(page, name):
    match = re.search(rf'<div class="mb-3[^"]*" data-field="{name}">(.*?)</div>\s*(?=<div|<button)',
                      page, re.S)
    assert match, f"no field group for {name}"
    return match.group(1)


@pytest.mark.django_db
def test_errors_and_help_are_tied_to_their_field(client, draft_round, office_staff, unit_b):
    client.force_login(office_staff)
    page = client.post(reverse("inspections:inspection_create", args=[draft_round.pk]), {
        "target_unit": unit_b.pk, "inspection_type": "regular", "content_areas": ["political"],
        "planned_entry_on": "2026-09-14", "planned_end_on": "2026-11-13",
    }).text
    reason = _field_html(page, "duration_exception_reason")
    assert 'aria-describedby="id_duration_exception_reason_helptext ' \
           'id_duration_exception_reason_error"' in reason
    assert 'id="id_duration_exception_reason_error"' in reason
    assert 'aria-invalid="true"' in reason and "is-invalid" in reason
    entry = _field_html(page, "planned_entry_on")
    assert 'for="id_planned_entry_on"' in entry and 'value="2026-09-14"' in entry
    assert 'aria-hidden="true"> *</span>' in entry  # required mark, not read out twice
    assert 'class="form-select' in _field_html(page, "target_unit")


@pytest.mark.django_db
def test_empty_choices_read_in_chinese(client, draft_round, office_staff):
    client.force_login(office_staff)
    page = client.get(reverse("inspections:inspection_create", args=[draft_round.pk])).text
    assert "- 请选择 -" in page
    assert "Select an option" not in page


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_screen_readers_and_the_tab_order(client, announced):  # noqa: F811
    page = client.get(reverse("inspections:public_petition",
                              args=[announced.petition_token])).text
    trap = re.search(r'<div class="visually-hidden-field" aria-hidden="true">(.*?)</div>',
                     page, re.S)
    assert trap and 'name="website"' in trap.group(1) and 'tabindex="-1"' in trap.group(1)
    assert "Website" not in page
    assert page.count('name="website"') == 1


@pytest.mark.django_db
def test_an_action_form_names_its_action_on_the_button(client, authorised_team,
                                                       office_director):
    from django.utils import translation

    from inspections.actions import INSPECTION_ACTIONS

    inspection = authorised_team.inspections.get()
    client.force_login(office_director)
    page = client.get(reverse("inspections:notice_issue", args=[inspection.pk])).text
    with translation.override("zh-hans"):
        label = str(INSPECTION_ACTIONS["issue_notice"].label)
    assert f'<button class="btn btn-primary" type="submit">{label}</button>' in page
    assert ">保存</button>" not in page


@pytest.mark.django_db
def test_a_deadline_says_its_period_in_words_and_leads_to_the_work(client, notified,
                                                                   team_leader, unit_contact):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from deadlines import clock
    from deadlines.models import Deadline
    from inspections import services

    with clock.frozen(datetime(2026, 11, 26, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        notice = services.immediate_issue(inspection=notified, by=team_leader, issue="公车私用",
                                          required_action="立即整改", due_on=date(2026, 12, 2))
    deadline = Deadline.objects.get(kind=Deadline.Kind.IMMEDIATE_REPLY)
    client.force_login(unit_contact)
    page = client.get(deadline.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert "6 天" in page and ">6d<" not in page
    assert f'href="{notice.get_absolute_url()}" data-testid="deadline-subject"' in page


@pytest.mark.django_db
def test_the_login_page_says_how_to_get_back_in(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert "忘记密码" in page and "激活链接" in page


@pytest.mark.django_db
def test_people_are_listed_by_full_name_not_by_name(client, sysadmin):
    client.force_login(sysadmin)
    page = client.get(reverse("accounts:user_list")).text
    assert "<th>姓名</th>" in page and "<th>名称</th>" not in page
