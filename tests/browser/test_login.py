import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_office_staff_logs_in_and_sees_the_chinese_home(live_server, page, office_staff,
                                                        unit_contact, screenshot_dir):
    page.goto(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text("巡察通巡察工作管理系统")
    page.get_by_label("用户名").fill("office_staff")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_contain_text("欢迎，何联络")
    page.get_by_role("button", name="设置").click()
    expect(page.get_by_role("link", name="组织机构")).to_be_visible()
    expect(page.get_by_role("heading", name="待办")).to_be_visible()
    page.screenshot(path=screenshot_dir / "office-home.png", full_page=True)
    assert (screenshot_dir / "office-home.png").stat().st_size > 10_000
