import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_leadership_reads_the_dashboard_charts(live_server, page, approved_plan,
                                               leadership_member, screenshot_dir):
    log_in(page, live_server.url, leadership_member.username, PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    # ECharts draws into a canvas inside each chart container: the vendored script ran.
    expect(page.locator("[data-chart] canvas")).to_have_count(5)
    expect(page.get_by_test_id("by-area")).to_be_visible()
    page.screenshot(path=screenshot_dir / "dashboard.png", full_page=True)
