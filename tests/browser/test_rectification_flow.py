import pytest
from playwright.sync_api import expect

from rectification.models import Feedback, RectificationItem, RectificationPlan
from tests.browser.conftest import log_in, log_out
from tests.factories import PASSWORD, due_later


@pytest.mark.django_db(transaction=True)
def test_unit_signs_for_plans_fixes_a_returned_item_and_the_team_closes_it(
        live_server, page, given, main_leader, unit_contact, team_leader, screenshot_dir):
    url = live_server.url
    inspection = given.inspection

    log_in(page, url, main_leader.username, PASSWORD)
    page.goto(f"{url}{given.get_absolute_url()}")
    page.get_by_role("button", name="签收反馈意见").click()
    expect(page.get_by_test_id("feedback-status")).to_contain_text("单位已签收")
    log_out(page)

    # The unit contact writes the plan with one measure and submits it.
    log_in(page, url, unit_contact.username, PASSWORD)
    page.goto(f"{url}/rectification/inspections/{inspection.pk}/")
    page.get_by_role("link", name="制定整改方案", exact=True).click()
    page.get_by_label("总体整改措施", exact=True).fill("成立整改工作领导小组，逐项整改")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="添加整改措施").click()
    page.get_by_label("问题", exact=True).select_option(index=1)
    page.get_by_label("整改措施", exact=True).fill("加强学习")
    page.get_by_label("时限", exact=True).fill(due_later().isoformat())
    page.get_by_label("责任领导", exact=True).fill("高书记")
    page.get_by_label("责任部门", exact=True).fill("党委办公室")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="报巡察组审定").click()
    expect(page.get_by_test_id("plan-status")).to_contain_text("已报巡察组审定")
    plan_url = page.url
    log_out(page)

    # The team returns the measure with a comment on it.
    log_in(page, url, team_leader.username, PASSWORD)
    page.goto(plan_url)
    page.get_by_label("对此项的意见").fill("措施过于笼统，请写明制度名称和印发时间")
    page.get_by_role("button", name="退回并提出意见").click()
    expect(page.get_by_test_id("plan-status")).to_contain_text("已退回修改")
    log_out(page)

    # The unit sees why, fixes the measure and submits again.
    log_in(page, url, unit_contact.username, PASSWORD)
    page.goto(plan_url)
    expect(page.get_by_text("措施过于笼统，请写明制度名称和印发时间")).to_be_visible()
    page.get_by_role("link", name="编辑").last.click()
    page.get_by_label("整改措施", exact=True).fill("修订《党委会议事规则》并于12月印发")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="报巡察组审定").click()
    log_out(page)

    log_in(page, url, team_leader.username, PASSWORD)
    page.goto(plan_url)
    page.get_by_role("button", name="审定此版本").click()
    expect(page.get_by_test_id("plan-status")).to_contain_text("巡察组已审定")
    log_out(page)

    # Later the unit reports the work done and the team closes the item (销号).
    item = RectificationItem.objects.get(plan__inspection=inspection)
    log_in(page, url, unit_contact.username, PASSWORD)
    page.goto(f"{url}{item.get_absolute_url()}")
    page.get_by_label("进展", exact=True).fill("《党委会议事规则》已于12月10日印发")
    page.get_by_role("button", name="已完成，申请销号").click()
    expect(page.get_by_test_id("item-status")).to_contain_text("申请销号")
    expect(page.get_by_role("button", name="销号")).to_have_count(0)  # never the unit's own call
    log_out(page)

    log_in(page, url, team_leader.username, PASSWORD)
    page.goto(f"{url}{item.get_absolute_url()}")
    page.get_by_role("button", name="销号").click()
    expect(page.get_by_test_id("item-status")).to_contain_text("已销号")
    page.goto(f"{url}/rectification/inspections/{inspection.pk}/")
    page.screenshot(path=screenshot_dir / "rectification.png", full_page=True)

    plan = RectificationPlan.objects.get(inspection=inspection)
    assert plan.submissions.count() == 2
    assert plan.approved_version == plan.submissions.first().plan_version  # the latest one
    assert Feedback.objects.get(pk=given.pk).status == "signed_for"
