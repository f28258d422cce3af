import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_a_unit_contact_creates_a_token_reads_its_items_and_opens_the_docs(
        live_server, page, approved_plan, unit_contact, screenshot_dir):
    base = live_server.url
    log_in(page, base, unit_contact.username, PASSWORD)
    page.goto(f"{base}/account/")
    page.get_by_role("link", name="接口令牌").click()
    expect(page.get_by_role("heading", name="接口令牌", exact=True)).to_be_visible()
    page.get_by_label("名称").fill("甲院整改台账系统")
    page.get_by_label("上报整改进展、上传佐证材料并申请销号").check()
    page.get_by_role("button", name="创建令牌").click()
    secret_box = page.get_by_test_id("secret")
    expect(secret_box).to_have_value(re.compile(r"^xc_[0-9a-f]{8}_"))
    secret = secret_box.input_value()
    page.screenshot(path=screenshot_dir / "api-token.png", full_page=True)

    answer = page.request.get(f"{base}/api/v1/rectification/items/?status=open",
                              headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200
    assert [row["measure"] for row in answer.json()["results"]] == ["修订“三重一大”决策制度"]

    page.get_by_role("link", name="返回令牌列表").click()
    expect(page.get_by_test_id("tokens")).to_contain_text("甲院整改台账系统")
    expect(page.get_by_test_id("tokens")).not_to_contain_text(secret)
    page.get_by_role("button", name="撤销").click()
    expect(page.get_by_test_id("tokens")).to_contain_text("撤销")
    revoked = page.request.get(f"{base}/api/v1/rectification/items/",
                               headers={"Authorization": f"Bearer {secret}"})
    assert revoked.status == 401

    page.goto(f"{base}/api/v1/docs/")
    expect(page.get_by_text("/api/v1/rectification/items/{id}/report/")).to_be_visible()
