import re

import pytest
from playwright.sync_api import expect

from inspections.models import Round
from teams import services as team_services
from teams.models import Team
from tests.factories import PASSWORD, UserFactory, pdf_bytes, talent, train

SPECIALTIES = ["discipline", "finance_audit", "personnel", "party_building", "policy_law",
               "natural_resources", "discipline", "finance_audit"]


@pytest.fixture
def pool(db):
    people = []
    for n, specialty in enumerate(SPECIALTIES):
        person = UserFactory(username=f"pool{n}", full_name=f"人才{n}")
        talent(person, specialty)
        people.append(person)
    return people


@pytest.mark.django_db(transaction=True)
def test_office_takes_a_round_from_draft_to_an_issued_notice(
        live_server, page, office_director, leadership_leader, party_secretary, unit_a,
        unit_contact, pool, screenshot_dir, tmp_path):
    url = live_server.url
    page.goto(f"{url}/login/")
    page.get_by_label("用户名", exact=True).fill("office_director")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    # 1. A new round with one target unit, submitted to the leadership group.
    page.goto(f"{url}/rounds/new/")
    page.get_by_label("名称", exact=True).fill("2026年第三轮巡察")
    page.get_by_label("年度", exact=True).fill("2026")
    page.get_by_label("类型", exact=True).select_option("regular")
    page.get_by_label("“点穴式”巡察", exact=True).check()
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="添加被巡察单位").click()
    page.get_by_label("被巡察单位", exact=True).select_option(label="青海省甲测试院")
    page.get_by_label("类型", exact=True).select_option("regular")
    page.get_by_label("党的政治建设", exact=True).check()
    page.get_by_label("计划进驻日期", exact=True).fill("2026-09-14")
    page.get_by_label("计划现场巡察结束日期", exact=True).fill("2026-11-13")  # 41 working days
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text("41 个工作日")  # refused, input kept
    page.get_by_label("计划现场巡察结束日期", exact=True).fill("2026-10-15")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("link", name="青海省甲测试院")).to_be_visible()
    page.get_by_role("button", name="报领导小组审批").click()
    round_ = Round.objects.get(name="2026年第三轮巡察")
    assert round_.status == "submitted"

    from inspections import services as inspection_services

    inspection_services.round_approve(round_=round_, by=leadership_leader,
                                      expected_version=round_.version)

    # 2. The provincial approval with its scan opens the gate.
    page.reload()
    page.get_by_role("link", name="录入省委巡视工作领导小组批复").click()
    scan = tmp_path / "批复.pdf"
    scan.write_bytes(pdf_bytes("scanned approval"))
    page.get_by_label("批复文号", exact=True).fill("青巡办〔2026〕30号")
    page.get_by_label("批复日期", exact=True).fill("2026-08-28")
    page.get_by_label("批复文件扫描件（PDF、JPG或PNG）", exact=True).set_input_files(str(scan))
    page.get_by_role("button", name="录入省委巡视工作领导小组批复").click()
    expect(page.get_by_test_id("round-status")).to_contain_text("省委巡视工作领导小组已批准")

    # 3. A team formed from the ranked suggestions.
    page.get_by_role("link", name="组建巡察组").click()
    page.get_by_label("巡察组名称", exact=True).fill("第一巡察组")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="指派青海省甲测试院").click()
    for index, position in enumerate(["leader", "deputy", "member", "member", "member",
                                      "member"]):
        item = page.get_by_test_id("suggestions").locator("li").first
        item.locator("select[name=position]").select_option(position)
        item.get_by_role("button", name="添加").click()
        expect(page.locator("table").first.locator("tbody tr")).to_have_count(index + 1)
    team = Team.objects.get(name="第一巡察组")
    assert team.active_members().count() == 6
    # The ranking put the six different specialties first.
    covered = {s for m in team.active_members() for s in m.user.talent_entry.specialties}
    assert len(covered) == 6

    team = team_services.team_approve(team=team, by=leadership_leader,
                                      expected_version=team.version, meeting="领导小组会议")
    for membership in team.active_members():
        team_services.membership_declare(membership=membership, by=membership.user,
                                         declarations=[])
        team_services.membership_sign_pledge(membership=membership, by=membership.user)
    train(team, by=office_director)
    team_services.team_authorise(team=team, by=party_secretary, expected_version=team.version,
                                 document="厅党组会议")

    # 4. The notice, with its 发文字号.
    page.goto(f"{url}{round_.inspections.get().get_absolute_url()}")
    page.get_by_role("link", name="发出进驻通知").click()
    page.get_by_role("button", name="发出进驻通知").click()
    expect(page.locator(".doc-number")).to_be_visible()
    number = page.locator(".doc-number").inner_text()
    assert re.fullmatch(r"青自然资巡〔20\d\d〕1号", number)
    expect(page.locator("body")).to_contain_text("关于对青海省甲测试院开展巡察的通知")
    page.screenshot(path=screenshot_dir / "entry-notice.png", full_page=True)
    round_.refresh_from_db()
    assert round_.status == "in_progress"
    assert unit_contact.notifications.filter(title__contains=number).exists()
