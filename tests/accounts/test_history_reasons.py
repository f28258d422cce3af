import pytest
from django.urls import reverse
from django.utils import translation

from accounts.templatetags.history_reasons import history_reason


@pytest.mark.parametrize(("stored", "shown"), [
    ("sign pledge", "廉洁承诺已签署"),
    ("province approval 青巡办〔2026〕12号", "省级批复：青巡办〔2026〕12号"),
    ("领导小组2026年第5次会议", "领导小组2026年第5次会议"),
    ("", ""),
])
def test_reason_codes_are_shown_in_chinese(stored, shown):
    with translation.override("zh-hans"):
        assert str(history_reason(stored)) == shown


@pytest.mark.django_db
def test_history_table_shows_translated_reasons(client, sysadmin, unit_a):
    client.force_login(sysadmin)
    client.post(reverse("accounts:orgunit_edit", args=[unit_a.pk]), {
        "name": "改名后", "kind": "unit", "sort_order": 0, "version": unit_a.version})
    page = client.get(reverse("accounts:orgunit_detail", args=[unit_a.pk])).text
    assert "<td>已更新</td>" in page
