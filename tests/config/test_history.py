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
