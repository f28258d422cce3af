import pytest
from playwright.sync_api import expect

from clues.models import Clue, Proposal
from deadlines.models import Deadline
from tests.browser.conftest import log_in, log_out
from tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_clue_goes_from_team_to_party_group_decision(
        live_server, page, notified, finding, team_member, leadership_leader, office_staff,
        discipline_organ, discipline_handler, party_member, screenshot_dir):
    url = live_server.url

    log_in(page, url, team_member.username, PASSWORD)
    page.goto(f"{url}{notified.get_absolute_url()}")
    page.get_by_role("link", name="登记问题线索").click()
    page.get_by_label("类别", exact=True).select_option("problem")
    page.get_by_label("线索类别", exact=True).select_option("integrity")
    page.get_by_label("来源问题底稿", exact=True).select_option(str(finding.pk))
    page.get_by_label("情况摘要", exact=True).fill("副院长张某收受施工方购物卡")
    page.locator("[name=persons]").fill("张某，甲院，副院长")
    page.get_by_role("button", name="保存").click()
    clue_url = page.url
    log_out(page)

    log_in(page, url, leadership_leader.username, PASSWORD)
    page.goto(clue_url)
    # as_div forms: fields by name (their labels end in a colon).
    page.locator("[name=decision]").select_option("discipline")
    page.locator("[name=organ]").select_option(str(discipline_organ.pk))
    page.locator("[name=meeting]").fill("领导小组2026年第9次会议")
    page.get_by_role("button", name="记录分类处置决定").click()
    expect(page.get_by_test_id("clue-status")).to_contain_text("已分类移交")
    log_out(page)

    log_in(page, url, office_staff.username, PASSWORD)
    page.goto(clue_url)
    page.get_by_role("button", name="发送移交函").click()
    expect(page.locator("body")).to_contain_text("移〔")
    log_out(page)

    log_in(page, url, discipline_handler.username, PASSWORD)
    page.goto(clue_url)
    page.get_by_role("button", name="签收问题线索").click()
    page.locator("[name=disposition]").select_option("conclude")
    page.locator("[name=summary]").fill("核实属实，给予党内警告处分")
    page.locator("[name=is_final]").check()
    # The person involved comes filled in; a second person gets a row of their own.
    expect(page.locator("[name=people-0-name]")).to_have_value("张某")
    page.locator("[name=people-0-outcome]").select_option("2")
    page.get_by_role("button", name="添加人员").click()
    page.locator("[name=people-3-name]").fill("李某")
    page.locator("[name=people-3-outcome]").select_option("0")
    page.get_by_role("button", name="反馈办理情况").click()
    expect(page.get_by_test_id("clue-status")).to_contain_text("已反馈办理结果")
    expect(page.locator("body")).to_contain_text("张某：第二种形态")
    expect(page.locator("body")).to_contain_text("李某：不予追究")
    log_out(page)

    log_in(page, url, office_staff.username, PASSWORD)
    page.goto(clue_url)
    page.locator("[name=kind]").select_option("handling")
    page.locator("[name=opinion]").fill("建议对所在单位党委开展约谈")
    page.get_by_role("button", name="向厅党组提出处理意见").click()
    page.get_by_role("link", name="处理意见 #").wait_for()
    proposal = Proposal.objects.get(clue__isnull=False)
    log_out(page)

    log_in(page, url, party_member.username, PASSWORD)
    page.goto(f"{url}{proposal.get_absolute_url()}")
    page.locator("[name=decision]").fill("同意")
    page.locator("[name=meeting]").fill("厅党组2026年第30次会议")
    page.get_by_role("button", name="记录决定").click()
    expect(page.get_by_test_id("proposal-status")).to_contain_text("已决定")
    page.screenshot(path=screenshot_dir / "clue-decision.png", full_page=True)

    clue = Clue.objects.get()
    assert clue.status == "decided"
    assert Deadline.objects.get(kind="clue_result", object_id=clue.pk).status == "met"
