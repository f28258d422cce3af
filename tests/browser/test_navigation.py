import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 1366])
def test_the_offices_navigation_fits_on_one_line(live_server, page, office_director, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名", exact=True).fill(office_director.username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    nav = page.get_by_test_id("main-nav")
    expect(nav).to_be_visible()
    entries = nav.locator(":scope > li")
    tops = {round(entries.nth(i).bounding_box()["y"]) for i in range(entries.count())}
    assert len(tops) == 1, f"navigation wraps onto {len(tops)} lines at {width} px"
    # A menu opens on click and leads to its pages.
    page.get_by_role("button", name="整改与线索").click()
    expect(page.get_by_role("link", name="整改台账")).to_be_visible()
