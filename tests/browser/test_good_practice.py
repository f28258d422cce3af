"""Art 25 in the browser: a team member recommends a good practice, the office finds it in its
待办 on the home page and adopts it, the leadership group reads the register."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out
from tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_a_recommended_practice_reaches_the_office_and_the_register(
        live_server, page, notified, fieldwork, team_member, office_staff, leadership_member):
    base = live_server.url
    log_in(page, base, team_member.username, PASSWORD)
    page.goto(f"{base}{notified.get_absolute_url()}")
    page.get_by_role("link", name="推荐典型经验").click()
    page.locator("select[name=kind]").select_option("exemplar")
    page.locator("select[name=area]").select_option("talent")
    page.locator("input[name=title]").fill("青年干部导师帮带")
    page.locator("textarea[name=description]").fill("2024年起每名新入职干部配备导师")
    page.get_by_role("button", name="推荐典型经验").click()
    expect(page.get_by_test_id("practice-status")).to_have_text("巡察组已推荐")
    log_out(page)

    log_in(page, base, office_staff.username, PASSWORD)
    page.get_by_role("link", name=re.compile("青年干部导师帮带")).first.click()
    page.get_by_label("巡察办意见（不予采纳时必填）").fill("在全厅推广")
    page.get_by_role("button", name="采纳入库").click()
    expect(page.get_by_test_id("practice-status")).to_have_text("已采纳入库")
    log_out(page)

    log_in(page, base, leadership_member.username, PASSWORD)
    page.goto(f"{base}/practices/?status=adopted")
    expect(page.get_by_test_id("practices")).to_contain_text("青年干部导师帮带")
