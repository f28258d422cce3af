from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE, AFTER = [("clues", "0005_clue_from_obstruction")], [("clues", "0006_result_people_as_rows")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_results_reported_as_text_become_rows_and_nothing_is_lost(signed, discipline_handler):
    old = _migrate(BEFORE)
    try:
        Result = old.get_model("clues", "Result")
        result = Result.objects.create(
            clue_id=signed.pk, disposition="conclude", summary="核实属实", is_final=False,
            reported_by_id=discipline_handler.pk,
            reported_at=datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
            forms_per_person="张某：第二种形态\n 李某: 不予追究 \n王某另案处理\n张某：第三种形态\n")
        # Reported since 0002: its rows were parsed from its text already.
        parsed = Result.objects.create(
            clue_id=signed.pk, disposition="conclude", summary="已处理", is_final=False,
            reported_by_id=discipline_handler.pk,
            reported_at=datetime(2026, 12, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
            forms_per_person="赵某：第一种形态")
        old.get_model("clues", "ResultPerson").objects.create(result=parsed, name="赵某", form=1)
    finally:
        new = _migrate(AFTER)
    result = new.get_model("clues", "Result").objects.get(pk=result.pk)
    assert sorted(result.people.values_list("name", "form")) == [("张某", 2), ("李某", 0)]
    # One name, one person: a repeated name is kept as text, not made a second row.
    assert result.summary == "核实属实\n\n【原报送的人员处理情况】\n王某另案处理\n张某：第三种形态"
    parsed = new.get_model("clues", "Result").objects.get(pk=parsed.pk)
    assert list(parsed.people.values_list("name", "form")) == [("赵某", 1)]
