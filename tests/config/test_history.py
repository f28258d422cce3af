"""History reads as words in the user's language, with what changed from what to what."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import OrgUnit
from config.actions import REGISTRY
from config.history import REASONS, history_rows, reason_label
from config.statemachine import REASON_LENGTH, stored_reason
from inspections.models import Round

ASCII_WORD = re.compile(r"[A-Za-z]{2,}")


def test_every_action_and_reason_code_reads_in_chinese():
    with translation.override("zh-hans"):
        untranslated = [
            (table.label, action.name, str(action.label))
            for table in REGISTRY for action in table
            if ASCII_WORD.search(str(reason_label(action.name, table.model)))
        ] + [(code, str(label)) for code, label in REASONS.items()
             if ASCII_WORD.search(str(label))]
    assert untranslated == []


@pytest.mark.parametrize(("stored", "shown"), [
    ("sign pledge", "廉洁承诺已签署"),
    ("province approval 青巡办〔2026〕12号", "省级批复：青巡办〔2026〕12号"),
    ("领导小组2026年第5次会议", "领导小组2026年第5次会议"),
    ("", ""),
])
def test_reason_codes_and_free_text_read_in_chinese(stored, shown):
    with translation.override("zh-hans"):
        assert str(reason_label(stored)) == shown


@pytest.mark.django_db
def test_the_history_table_shows_the_reason_in_words(client, sysadmin, unit_a):
    client.force_login(sysadmin)
    client.post(reverse("accounts:orgunit_edit", args=[unit_a.pk]), {
        "name": "改名后", "kind": "unit", "sort_order": 0, "version": unit_a.version})
    page = client.get(reverse("accounts:orgunit_detail", args=[unit_a.pk])).text
    assert "<td>已更新</td>" in page


def test_every_transition_the_services_make_reads_in_chinese():
    """Services name transitions that are no action of a table ("hear", "give_feedback"):
    each must still read as words on every kind of record."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    names = set()
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        names |= set(re.findall(r'transition\(\w+, "([a-z_]+)"', path.read_text()))
    assert {"hear", "give_feedback", "meet"} <= names
    models = {table.model for table in REGISTRY}
    with translation.override("zh-hans"):
        unreadable = sorted({(name, model.__name__) for name in names for model in models
                             if ASCII_WORD.search(str(reason_label(name, model)))})
    assert unreadable == []


def test_an_action_with_a_comment_names_both():
    with translation.override("zh-hans"):
        shown = str(reason_label("return|补充专项内容", Round))
    assert shown.endswith("：补充专项内容")
    assert not ASCII_WORD.search(shown)
    assert len(shown) > len("：补充专项内容")


def test_the_same_action_name_reads_as_its_own_tables_label():
    """"return" is a leadership return on a round and a reviewer's return on a finding."""
    from inspections.models import Finding

    round_label, finding_label = reason_label("return", Round), reason_label("return", Finding)
    assert str(round_label) != str(finding_label)


def test_a_long_comment_is_cut_to_the_column_not_refused():
    assert len(stored_reason("return", "很长的意见" * 60)) == REASON_LENGTH
    assert stored_reason("archive", "archive") == "archive"


@pytest.mark.django_db
def test_a_field_change_shows_old_and_new(client, sysadmin, unit_a):
    client.force_login(sysadmin)
    old_name = unit_a.name
    response = client.post(reverse("accounts:orgunit_edit", args=[unit_a.pk]), {
        "name": "改名后的单位", "kind": "unit", "sort_order": 0, "version": unit_a.version})
    assert response.status_code == 302
    unit = OrgUnit.objects.get(pk=unit_a.pk)
    with translation.override("zh-hans"):
        newest = history_rows(unit)[0]
        assert ("名称", old_name, "改名后的单位") in [
            (str(c.label), c.old, c.new) for c in newest.changes]
    page = client.get(reverse("accounts:orgunit_detail", args=[unit_a.pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert f"名称：{old_name} → 改名后的单位" in page


@pytest.mark.django_db
def test_history_of_a_page_costs_one_query(django_assert_num_queries, unit_a):
    for n in range(5):
        unit_a.name = f"单位{n}"
        unit_a._change_reason = "save"
        unit_a.save()
    with django_assert_num_queries(1):
        rows = history_rows(unit_a, 3)
    assert len(rows) == 3
    assert all(row.changes for row in rows)


@pytest.mark.django_db
def test_unnamed_fields_stay_out_and_lists_and_times_read_as_people_read_them(
        draft_round, office_director):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from deadlines import clock
    from inspections import services

    with clock.frozen(datetime(2026, 9, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        round_ = services.round_save(by=office_director, round_=draft_round,
                                     expected_version=draft_round.version,
                                     name=draft_round.name, year=2026,
                                     inspection_type="regular", modes=["targeted", "flexible"])
    with translation.override("zh-hans"):
        changes = {str(c.label): c for c in history_rows(round_)[0].changes}
    assert not changes["方式"].values_shown  # named, never "['targeted', 'flexible']"
    shown = " ".join(f"{c.old} {c.new}" for c in changes.values())
    assert "[" not in shown and "_" not in shown


@pytest.mark.django_db
def test_a_time_in_history_is_beijing_time(office_director):
    from datetime import UTC, datetime

    from config.history import _shown
    from deadlines.models import Deadline

    met_at = Deadline._meta.get_field("met_at")
    assert _shown(met_at, datetime(2026, 11, 26, 2, 0, tzinfo=UTC)) == "2026-11-26 10:00"


@pytest.mark.django_db
def test_a_unit_is_not_offered_the_teams_inspection_page(signed_for, unit_contact):
    from django.urls import reverse as url_of

    from config.actions import url_if_visible

    inspection = signed_for.inspection
    assert url_if_visible(unit_contact, inspection) == ""
    overview = url_of("rectification:overview", args=[inspection.pk])
    assert url_if_visible(unit_contact, inspection, app="rectification", url=overview) == overview
