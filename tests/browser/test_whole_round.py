"""The whole round in one browser journey (issue 15): each step is taken by the person whose
work it is, reached from their own home page (待办) or a notice, never by typing an address.

Every person works in their own browser context and signs in once, as people do at their own
desks. The clock is fixed for each stretch of the round, so the journey does not depend on the
day it runs. Screenshots of each role's home page and the key pages go to var/screenshots/;
`scripts/screenshots.sh` copies the curated set into docs/screenshots/."""

import json
import re
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from clues.models import Clue
from deadlines import clock
from deadlines.models import Deadline
from deadlines.tasks import sweep_deadlines
from inspections import services as inspections
from inspections.forms import PublicPetitionForm
from inspections.models import Inspection, Plan, Round
from rectification.models import RectificationItem
from teams import services as teams
from teams.models import EmploymentRecord, Team
from tests.factories import PASSWORD, UserFactory, pdf_bytes, talent

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLICKS = Counter()


def at(year, month, day, hour=10):
    return clock.frozen(datetime(year, month, day, hour, tzinfo=SHANGHAI))


class Desk:
    """One person at their own browser, signed in once."""

    def __init__(self, browser, base_url, user, shots, *, name):
        self.context = browser.new_context(locale="zh-CN", reduced_motion="reduce",
                                           viewport={"width": 1366, "height": 900})
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.url, self.user, self.shots, self.name = base_url, user, shots, name
        self.page.goto(f"{base_url}/login/")
        self.page.get_by_label("用户名", exact=True).fill(user.username)
        self.page.get_by_label("密码", exact=True).fill(PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        expect(self.page.get_by_role("heading", name="待办")).to_be_visible()

    def click(self, locator):
        """A click that loads a page (a link, or a form's button): waits for that page, so
        nothing is read from the page it leaves and the clock's stretch covers the request."""
        CLICKS[self.name] += 1
        with self.page.expect_navigation():
            locator.click()

    def menu(self, name):
        CLICKS[self.name] += 1
        self.page.get_by_role("button", name=name, exact=True).click()

    def press(self, name):
        self.click(self.page.get_by_role("button", name=name, exact=True))

    def follow(self, name, *, exact=True):
        self.click(self.page.get_by_role("link", name=name, exact=exact).first)

    def home(self):
        self.click(self.page.get_by_role("link", name="巡察通", exact=True))
        expect(self.page.get_by_role("heading", name="待办")).to_be_visible()

    def work(self, group, text, *, shot=None):
        """Opens, from the home page's 待办, the work of `group` whose line contains `text`;
        `shot` names a picture of the home page taken while the work waits there."""
        self.home()
        if shot:
            self.shot(shot)
        lines = self.page.get_by_test_id("todo").locator("h3").filter(has_text=group).locator(
            "xpath=following-sibling::ul[1]")
        self.click(lines.get_by_role("link").filter(has_text=text).first)

    def field(self, label, value):
        self.page.get_by_label(label, exact=True).fill(value)

    def shot(self, name):
        self.page.screenshot(path=self.shots / f"{name}.png", full_page=True)

    def says(self, text):
        expect(self.page.locator("main, body").first).to_contain_text(text)


@pytest.fixture
def world(db, unit_a, unit_contact, main_leader, office_director, office_staff,
          leadership_leader, party_secretary, party_member, discipline_organ,
          discipline_handler, hr_handler, basis_clause):
    """What a department has before the round: its organisation, an approved annual plan and
    a talent pool, one of whom worked in the target unit until last year."""
    with at(2026, 8, 3):
        term = inspections.plan_save(by=office_director, kind=Plan.Kind.TERM,
                                     title="厅党组2022—2026年巡察工作规划", start_year=2022,
                                     end_year=2026, content="任期内巡察全覆盖。")
        plan = inspections.plan_save(by=office_director, kind=Plan.Kind.ANNUAL, parent=term,
                                     title="2026年度巡察工作计划", start_year=2026,
                                     end_year=2026, content="安排两轮常规巡察。")
        term = inspections.plan_submit(plan=term, by=office_director,
                                       expected_version=term.version)
        term = inspections.plan_review(plan=term, by=leadership_leader,
                                       expected_version=term.version)
        inspections.plan_decide(plan=term, by=party_secretary, expected_version=term.version,
                                comment="厅党组2022年第3次会议")
        plan = inspections.plan_submit(plan=plan, by=office_director,
                                       expected_version=plan.version)
        inspections.plan_approve(plan=plan, by=leadership_leader, expected_version=plan.version)
    pool = []
    for n, specialty in enumerate(["discipline", "finance_audit", "personnel", "party_building",
                                   "policy_law", "natural_resources", "discipline"]):
        person = UserFactory(username=f"pool{n}", full_name=f"巡察{'甲乙丙丁戊己庚'[n]}")
        pool.append(person)
        entry = talent(person, specialty)
        if n == 6:
            EmploymentRecord.objects.create(entry=entry, unit=unit_a, position="科员",
                                            start_year=2019, end_year=2025)
    return pool


@pytest.mark.django_db(transaction=True)
def test_the_whole_round(live_server, browser, monkeypatch, world, unit_a, unit_contact,
                         main_leader, office_director, office_staff, leadership_leader,
                         party_secretary, party_member, discipline_organ, discipline_handler,
                         hr_handler, basis_clause, screenshot_dir):
    url = live_server.url

    def desk(user, name):
        return Desk(browser, url, user, screenshot_dir, name=name)

    office = desk(office_director, "巡察办主任")
    lead = desk(leadership_leader, "领导小组组长")
    secretary = desk(party_secretary, "厅党组书记")

    # 1. The office drafts the round from the approved annual plan and submits it.
    with at(2026, 8, 17):
        office.home()
        office.menu("巡察")
        office.follow("巡察规划")
        office.follow("2026年度巡察工作计划")
        office.follow("按此计划新建巡察轮次")
        office.field("名称", "2026年第二轮巡察")
        office.page.get_by_label("类型", exact=True).select_option("regular")
        office.press("保存")
        office.follow("添加被巡察单位")
        office.page.get_by_label("被巡察单位", exact=True).select_option(label=str(unit_a))
        office.page.get_by_label("类型", exact=True).select_option("regular")
        office.page.get_by_label("党的政治建设", exact=True).check()
        office.page.get_by_label("党的作风建设", exact=True).check()
        office.field("计划进驻日期", "2026-09-14")
        office.field("计划现场巡察结束日期", "2026-10-15")
        office.press("保存")
        office.press("报领导小组审批")
        expect(office.page.get_by_test_id("round-status")).to_contain_text("已报")
        round_ = Round.objects.get(name="2026年第二轮巡察")
        assert round_.plan.title == "2026年度巡察工作计划"

    # 2. The leadership group approves it from its queue; the office records the province's.
    with at(2026, 8, 19):
        lead.work("待审批", "2026年第二轮巡察")
        lead.press("批准")
        expect(lead.page.get_by_test_id("round-status")).to_contain_text("领导小组已批准")
    with at(2026, 8, 24):
        office.work("待录入", "2026年第二轮巡察", shot="home-office")
        office.follow("录入省委巡视工作领导小组批复")
        scan = screenshot_dir.parent / "批复.pdf"
        scan.write_bytes(pdf_bytes("provincial approval"))
        office.field("批复文号", "青巡办〔2026〕30号")
        office.field("批复日期", "2026-08-21")
        office.page.get_by_label("批复文件扫描件（PDF、JPG或PNG）", exact=True).set_input_files(
            str(scan))
        office.press("录入省委巡视工作领导小组批复")
        expect(office.page.get_by_test_id("round-status")).to_contain_text(
            "省委巡视工作领导小组已批准")

    # 3. A team from the ranked suggestions; the one who worked in the unit is a recusal tie
    # the office decides on.
    with at(2026, 8, 25):
        office.follow("组建巡察组")
        office.field("巡察组名称", "第一巡察组")
        office.press("保存")
        office.press(f"指派{unit_a}")
        suggestions = office.page.get_by_test_id("suggestions")
        for person, position in zip(world[:5], ["leader", "deputy", "member", "member",
                                                "member"], strict=True):
            item = suggestions.locator("li").filter(has_text=person.full_name)
            item.locator("select[name=position]").select_option(position)
            office.click(item.get_by_role("button", name="添加"))
            expect(suggestions.locator("li").filter(has_text=person.full_name)).to_have_count(0)
        tied = world[6]
        item = suggestions.locator("li").filter(has_text=tied.full_name)
        expect(item).to_contain_text("回避")
        office.click(item.get_by_role("button", name="添加"))
        office.says("回避")
        tie = office.page.locator("form[action*=recusal]")
        tie.get_by_label("决定", exact=True).select_option("allow")
        tie.get_by_label("原因", exact=True).fill("2025年已调离，未分管被巡察事项，经研究不需回避")
        office.click(tie.get_by_role("button", name="记录决定"))
        office.says("经研究不需回避")
        team = Team.objects.get(name="第一巡察组")
        assert team.active_members().count() == 6
        office.shot("team-formed")

    leader_user, deputy_user, member_user = world[0], world[1], world[2]
    with at(2026, 8, 26):
        lead.work("待审批", "第一巡察组", shot="home-leadership")
        lead.field("领导小组会议", "领导小组2026年第6次会议")
        lead.press("审定组成人员")
        lead.says("已审定")
    team_leader = desk(leader_user, "巡察组组长")
    deputy = desk(deputy_user, "副组长")
    member = desk(member_user, "巡察组成员")
    with at(2026, 8, 27):
        for person, key in ((team_leader, "team-leader"), (deputy, "deputy"),
                            (member, "team-member")):
            person.work("待申报回避事项", "第一巡察组", shot=f"home-{key}-declare")
            person.follow("立即填报")
            person.page.get_by_label("本人与上述单位无任职、亲属或其他需回避的关系。",
                                     exact=True).check()
            person.press("保存")
            person.work("待签署承诺书", "第一巡察组")
            person.press("签署廉洁承诺")
            person.says("廉洁承诺")
        # The other three members do the same at their own desks (not walked here).
        for membership in team.active_members().filter(pledge_signed_at__isnull=True):
            teams.membership_declare(membership=membership, by=membership.user,
                                     declarations=[])
            teams.membership_sign_pledge(membership=membership, by=membership.user)
        office.home()
        office.menu("巡察")
        office.follow("巡察轮次")
        office.follow("2026年第二轮巡察")
        office.follow("第一巡察组")
        office.follow("登记培训")
        office.field("日期", "2026-08-27")
        office.field("内容", "巡察工作条例和本轮巡察重点")
        for membership in team.active_members():
            office.page.get_by_label(membership.user.full_name, exact=True).check()
        office.press("登记培训")
        office.says("巡察工作条例")
    with at(2026, 8, 28):
        secretary.work("待授权", "第一巡察组", shot="home-party-secretary")
        secretary.field("党组决定", "厅党组会议2026年第20次")
        secretary.press("授权巡察组")
        secretary.says("已授权")

    # 4. The office issues the entry notice from its queue.
    with at(2026, 9, 1):
        office.work("待发文", str(unit_a))
        office.follow("发出进驻通知")
        office.press("发出进驻通知")
        expect(office.page.locator(".doc-number")).to_be_visible()
        office.shot("entry-notice")
        inspection = Inspection.objects.get(round=round_)
        assert inspection.status == Inspection.Status.NOTIFIED

    # 5. On site: the announcement with its online reporting address, fieldwork, an interview,
    # a petition from the public form, a finding signed 承办人 → 副组长 → 组长.
    def inspection_page(person):
        person.home()
        person.click(person.page.get_by_test_id("my-teams").get_by_role("link").first)
        person.follow(str(unit_a))
        expect(person.page.get_by_test_id("inspection-status")).to_be_visible()

    with at(2026, 9, 14):
        inspection_page(team_leader)
        team_leader.follow("发布巡察公告")
        team_leader.field("正文", "根据厅党组统一部署，第一巡察组对甲院党委开展常规巡察。")
        team_leader.field("时间安排", "2026年9月14日至10月15日")
        team_leader.field("工作地址", "甲院办公楼三层")
        team_leader.field("举报信箱", "甲院一楼大厅巡察信箱")
        team_leader.field("办公电话", "0971-1234567")
        team_leader.press("发布巡察公告")
        expect(team_leader.page.get_by_test_id("online-reporting")).to_contain_text("/report/")
        address = team_leader.page.get_by_test_id("online-reporting").inner_text().strip()
        team_leader.shot("announcement")

        inspection_page(member)
        member.follow("巡察工作记录")
        member.follow("记录巡察工作")
        member.page.get_by_label("方式", exact=True).select_option("briefing")
        member.field("日期", "2026-09-14")
        member.field("地点", "甲院会议室")
        member.field("情况摘要", "听取甲院党委工作汇报，党委书记作汇报。")
        member.press("保存")
        member.says("听取甲院党委工作汇报")
        inspection_page(member)
        member.follow("个别谈话记录")
        member.follow("记录个别谈话")
        member.field("谈话对象", "王某")
        member.field("谈话对象职务", "财务科科长")
        member.page.get_by_label(member_user.full_name, exact=True).check()
        member.page.get_by_label(deputy_user.full_name, exact=True).check()
        member.field("时间", "2026-09-14T15:00")
        member.field("地点", "甲院谈话室")
        member.field("内容", "反映差旅费报销中存在虚开发票情况")
        member.press("保存")
        expect(member.page.get_by_role("link", name="2026-09-14 15:00")).to_be_visible()

    with at(2026, 9, 15):
        # A person types for more than the 3 s the bot check asks for (tested on its own).
        monkeypatch.setattr(PublicPetitionForm, "MIN_SECONDS", 0)
        public = browser.new_context(locale="zh-CN").new_page()
        public.goto(address)
        public.get_by_label("主题", exact=True).fill("副院长收受购物卡")
        public.get_by_label("反映的问题", exact=True).fill("副院长张某2025年春节收受购物卡")
        public.get_by_role("button", name="提交").click()
        expect(public.locator("body")).to_contain_text("已收到")
        public.context.close()

        # The leader and the deputy are told of it (by its reference, not its content).
        deputy.work("待处理", "来信来电来访", shot="home-deputy")
        deputy.says("副院长收受购物卡")
        deputy.page.get_by_label("处理方式", exact=True).select_option("clue")
        deputy.field("说明", "涉及廉洁问题，按问题线索登记")
        deputy.press("按此处理办结")
        deputy.follow("登记为问题线索")
        deputy.page.get_by_label("类别", exact=True).select_option("problem")
        deputy.page.get_by_label("线索类别", exact=True).select_option("integrity")
        deputy.page.locator("[name=summary]").fill("副院长张某收受施工方购物卡")
        deputy.page.locator("[name=persons]").fill("张某，甲院，副院长")
        deputy.press("保存")
        expect(deputy.page.get_by_test_id("clue-status")).to_contain_text("已登记")
        clue = Clue.objects.get()
        assert clue.petition.subject == "副院长收受购物卡"

    with at(2026, 9, 21):
        inspection_page(member)
        member.follow("问题底稿与报告")
        member.follow("新建问题底稿")
        member.field("标题", "差旅费报销把关不严")
        member.page.get_by_label("巡察内容", exact=True).select_option("conduct")
        member.field("事实", "2025年抽查差旅费凭证40份，8份发票与行程不符")
        member.page.get_by_label("定性依据", exact=True).select_option(str(basis_clause.pk))
        member.page.get_by_label("2026-09-14 听取工作汇报和专题汇报", exact=True).check()
        member.press("保存")
        member.press("提交审核")
        expect(member.page.get_by_test_id("finding-status")).to_contain_text("已提交审核")
    with at(2026, 9, 22):
        deputy.work("待签批", "差旅费报销把关不严")
        deputy.press("副组长签署")
        expect(deputy.page.get_by_test_id("finding-status")).to_contain_text("副组长已审核")
        team_leader.work("待签批", "差旅费报销把关不严", shot="home-team-leader")
        team_leader.press("组长签署")
        expect(team_leader.page.get_by_test_id("finding-status")).to_contain_text("组长已审定")
        team_leader.shot("finding-signed")

    # 6. The clue goes up: classified by the leadership group, transferred by the office, signed
    # for by the receiving organ (its result comes later).
    handler = desk(discipline_handler, "纪检监察经办人")
    with at(2026, 9, 25):
        lead.work("待决定", "问题线索")
        lead.page.locator("[name=decision]").select_option("discipline")
        lead.page.locator("[name=organ]").select_option(label=str(discipline_organ))
        lead.page.locator("[name=meeting]").fill("领导小组2026年第7次会议")
        lead.press("记录分类处置决定")
        expect(lead.page.get_by_test_id("clue-status")).to_contain_text("已分类")
    with at(2026, 9, 28):
        office.work("待移交", "问题线索")
        office.press("发送移交函")
        office.says("移〔")
    with at(2026, 9, 30):
        handler.work("待签收", "问题线索", shot="home-organ-handler")
        handler.press("签收问题线索")
        expect(handler.page.get_by_test_id("clue-status")).to_contain_text("已签收")


    # 7. The report: heard by the leadership group, revised, heard by the party group (Art 17).
    with at(2026, 10, 15, 17):
        inspection_page(team_leader)
        team_leader.press("结束现场巡察")
        expect(team_leader.page.get_by_test_id("inspection-status")).to_contain_text("报告")
        team_leader.follow("问题底稿与报告")
        team_leader.follow("新建报告")
        team_leader.field("标题", "关于青海省甲测试院的巡察报告")
        team_leader.field("分析", "主体责任落实不到位")
        team_leader.field("意见建议", "健全财务审核制度")
        team_leader.page.get_by_label("差旅费报销把关不严", exact=False).check()
        team_leader.press("保存")
        team_leader.press("报领导小组审批")
    with at(2026, 10, 22):
        lead.work("待听取汇报", str(unit_a))
        lead.follow("记录领导小组听取汇报情况")
        lead.field("会议日期", "2026-10-22")
        lead.field("会议", "领导小组2026年第9次会议")
        lead.page.get_by_label(leadership_leader.full_name, exact=False).first.check()
        lead.field("处理意见", "同意报告，按意见修改后报厅党组")
        lead.field("报告修改要求", "补充整改建议的责任分工")
        lead.press("记录领导小组听取汇报情况")
        lead.says("领导小组2026年第9次会议")
    with at(2026, 10, 26):
        team_leader.work("待制定或修改", "关于青海省甲测试院的巡察报告")
        team_leader.press("按听取汇报意见修改")
        team_leader.follow("编辑")
        team_leader.field("意见建议", "健全财务审核制度，明确财务科、纪委的责任分工")
        team_leader.press("保存")
        team_leader.press("报送厅党组")
        team_leader.says("已报厅党组")
        team_leader.shot("report-versions")
    with at(2026, 10, 29):
        secretary.work("待听取汇报", str(unit_a))
        secretary.follow("录入厅党组听取汇报情况")
        secretary.field("会议日期", "2026-10-29")
        secretary.field("会议", "厅党组2026年第25次会议")
        secretary.field("厅党组意见", "同意反馈")
        secretary.press("录入厅党组听取汇报情况")
        secretary.says("厅党组2026年第25次会议")

    # 8. Both feedbacks, consented by the party group, given, signed for by the main leader.
    party = desk(party_member, "厅党组成员")
    unit_head = desk(main_leader, "被巡察单位主要负责人")
    with at(2026, 11, 2):
        for audience, text in (("leadership", "向领导班子反馈的意见"),
                               ("main_leader", "向主要负责人反馈的意见")):
            inspection_page(team_leader)
            team_leader.follow("反馈与整改")
            team_leader.follow("起草反馈意见")
            team_leader.page.get_by_label("反馈对象", exact=True).select_option(audience)
            team_leader.page.get_by_label("差旅费报销把关不严", exact=False).check()
            team_leader.field("反馈意见", text)
            team_leader.field("反馈会日期", "2026-11-06")
            for person in (leadership_leader, discipline_handler, hr_handler):
                team_leader.page.get_by_label(str(person), exact=False).check()
            team_leader.press("保存")
            team_leader.press("报厅党组同意")
            expect(team_leader.page.get_by_test_id("feedback-status")).to_contain_text("待")
    with at(2026, 11, 3):
        for _ in range(2):
            party.work("待同意", str(unit_a), shot="home-party-member")
            party.field("厅党组会议", "厅党组2026年第26次会议")
            party.press("代表厅党组同意")
            expect(party.page.get_by_test_id("consent")).to_contain_text("厅党组2026年第26次会议")
    with at(2026, 11, 6, 16):
        for _ in range(2):
            team_leader.work("待录入", "厅党组同意")
            team_leader.press("记录已在反馈会上反馈")
            expect(team_leader.page.get_by_test_id("feedback-status")).to_contain_text(
                "已在反馈会上反馈")
    with at(2026, 11, 9):
        for _ in range(2):
            unit_head.work("待签收", str(unit_a), shot="home-unit-main-leader")
            unit_head.press("签收反馈意见")
            expect(unit_head.page.get_by_test_id("feedback-status")).to_contain_text("已签收")
        expect(unit_head.page.locator("body")).not_to_contain_text("None")
        unit_head.shot("feedback-signed-for")

    # 9. The unit holds its meeting, plans, gets a measure returned, fixes it; the team approves.
    contact = desk(unit_contact, "被巡察单位联络人")
    with at(2026, 11, 12):
        contact.work("待制定或修改", str(unit_a))
        # Art 19: a special party-committee meeting and a special democratic life meeting.
        for kind, minutes in (("special", "专题研究巡察反馈意见，部署整改工作"),
                              ("democratic_life", "对照反馈意见逐条认领，开展批评与自我批评")):
            contact.follow("记录会议")
            contact.page.get_by_label("会议", exact=True).select_option(kind)
            contact.field("日期", "2026-11-12")
            contact.field("参加人员", "甲院党委领导班子成员")
            contact.field("会议记录", minutes)
            contact.press("保存")
        assert not Deadline.objects.filter(kind=Deadline.Kind.SPECIAL_MEETING,
                                           status="open").exists()
        contact.follow("制定整改方案")
        contact.field("总体整改措施", "成立整改工作领导小组，逐项整改")
        contact.press("保存")
        contact.follow("添加整改措施")
        contact.page.get_by_label("问题", exact=True).select_option(index=1)
        contact.field("整改措施", "加强学习")
        contact.field("时限", "2026-12-31")
        contact.field("责任领导", "高书记")
        contact.field("责任部门", "财务科")
        contact.press("保存")
        contact.press("报巡察组审定")
        expect(contact.page.get_by_test_id("plan-status")).to_contain_text("已报巡察组审定")
    with at(2026, 11, 16):
        team_leader.work("待审定", str(unit_a))
        team_leader.page.get_by_label("对此项的意见").fill("措施过于笼统，请写明制度名称和印发时间")
        team_leader.press("退回并提出意见")
        expect(team_leader.page.get_by_test_id("plan-status")).to_contain_text("已退回修改")
    with at(2026, 11, 17):
        contact.work("待制定或修改", str(unit_a), shot="home-unit-contact")
        contact.says("措施过于笼统")
        contact.click(contact.page.get_by_role("link", name="编辑", exact=True).last)
        contact.field("整改措施", "修订《财务报销审核办法》并于12月印发")
        contact.press("保存")
        contact.press("报巡察组审定")
    with at(2026, 11, 18):
        team_leader.work("待审定", "重新提交（第2稿）")
        team_leader.press("审定此版本")
        expect(team_leader.page.get_by_test_id("plan-status")).to_contain_text("巡察组已审定")

    # 10. Evidence, a closure request, 销号 by the team.
    with at(2026, 12, 10):
        contact.home()
        contact.click(contact.page.get_by_role("link", name="整改方案").first)
        contact.click(contact.page.get_by_role("link").filter(has_text="财务报销审核办法").first)
        evidence = screenshot_dir.parent / "办法.pdf"
        evidence.write_bytes(pdf_bytes("rules issued"))
        contact.page.get_by_label("佐证材料（PDF、JPG、PNG、Word、Excel，不超过20MB）",
                                  exact=True).set_input_files(str(evidence))
        contact.press("上传")
        contact.says("办法.pdf")
        contact.field("进展", "《财务报销审核办法》已于12月10日印发")
        contact.press("已完成，申请销号")
        expect(contact.page.get_by_test_id("item-status")).to_contain_text("申请销号")
    with at(2026, 12, 11):
        team_leader.work("待销号", "财务报销审核办法")
        team_leader.press("销号")
        expect(team_leader.page.get_by_test_id("item-status")).to_contain_text("已销号")
        team_leader.shot("item-closed")


    # 11. The clue comes back: the organ's result, the office's opinion, the party group's decision.
    with at(2026, 12, 14):
        handler.work("待反馈结果", "问题线索")
        handler.page.locator("[name=disposition]").select_option("conclude")
        handler.page.locator("[name=summary]").fill("核实属实，给予党内警告处分")
        handler.page.locator("[name=is_final]").check()
        # The person the team named comes filled in: the organ records their form (Art 21).
        handler.page.locator("[name=people-0-outcome]").select_option("2")
        handler.press("反馈办理情况")
        expect(handler.page.get_by_test_id("clue-status")).to_contain_text("已反馈办理结果")
        expect(handler.page.locator("body")).to_contain_text("第二种形态")
    with at(2026, 12, 15):
        office.work("待提出处理意见", "问题线索")
        office.page.locator("[name=kind]").select_option("handling")
        office.page.locator("[name=opinion]").fill("建议对甲院党委主要负责人进行约谈")
        office.press("向厅党组提出处理意见")
        office.page.get_by_role("link", name="处理意见 #").wait_for()
    with at(2026, 12, 21):
        party.work("待决定", "处理意见")
        party.page.locator("[name=decision]").fill("同意")
        party.page.locator("[name=meeting]").fill("厅党组2026年第30次会议")
        party.press("记录决定")
        expect(party.page.get_by_test_id("proposal-status")).to_contain_text("已决定")
        party.shot("proposal-decided")
    assert Clue.objects.get().status == "decided"

    # 12. The clock moves towards the 2-month report's due date: the yellow reminder reaches
    # the unit; red and overdue also the office and the supervising party-group member.
    due = Deadline.objects.get(kind=Deadline.Kind.RECTIFICATION_REPORT, status="open").due_on
    staff = desk(office_staff, "巡察办联络员")
    for day, level, told, not_told in ((due - timedelta(days=4), "黄色预警", [contact], [staff]),
                                       (due - timedelta(days=1), "红色预警",
                                        [contact, staff, party], []),
                                       (due + timedelta(days=1), "逾期",
                                        [contact, staff, party], [])):
        with at(day.year, day.month, day.day, 9):
            sweep_deadlines()
            for person in told + not_told:
                person.home()
                person.click(person.page.get_by_role("link", name=re.compile("^通知")))
                expect(person.page).to_have_url(re.compile("/notifications/"))
                reminder = person.page.get_by_text(re.compile(f"^{level}：.*整改情况报告"))
                expect(reminder.first if person in told else reminder).to_have_count(
                    1 if person in told else 0)
    contact.shot("notifications-overdue")

    # 13. The late report, its receipt, publication (drafted by one office member and approved
    # by another), the close and the archive.
    late = due + timedelta(days=2)
    with at(late.year, late.month, late.day):
        # Art 19: two reports; the form offers the one still to send.
        for report, body in (
                ("党组织落实情况报告", "党委履行整改主体责任，逐项召开专题会议。"),
                ("落实整改情况报告", "整改工作已全部完成，《财务报销审核办法》已印发执行。")):
            contact.home()
            contact.click(contact.page.get_by_test_id("my-deadlines").get_by_role(
                "link").filter(has_text="整改情况报告").first)
            contact.follow("前往办理")
            contact.follow("报送整改情况报告")
            expect(contact.page.get_by_label("报告", exact=True)).to_have_value(
                "implementation" if report == "党组织落实情况报告" else "rectification")
            contact.field("报告正文", body)
            contact.press("报送整改情况报告")
            expect(contact.page.get_by_role("heading", level=1)).to_contain_text(report)
        staff.work("待确认接收", str(unit_a), shot="home-office-staff")
        staff.press("确认接收")

        def rectification_page(person):
            person.home()
            person.menu("巡察")
            person.follow("巡察轮次")
            person.follow("2026年第二轮巡察")
            person.follow(str(unit_a))
            person.follow("反馈与整改")

        rectification_page(office)
        office.follow("新建公开")
        office.page.get_by_label("渠道", exact=True).select_option("portal")
        office.field("标题", "关于青海省甲测试院巡察整改情况的通报")
        office.field("正文", "甲院党委对巡察反馈的问题已全部整改完成。")
        office.press("保存")
        rectification_page(staff)
        staff.follow("关于青海省甲测试院巡察整改情况的通报", exact=False)
        staff.press("批准")
        staff.says("巡察办已审核")
        office.page.reload()
        office.press("记录为已发布")
        office.says(f"{late:%Y-%m-%d}")
        rectification_page(office)
        office.press("结束巡察整改")
        office.follow(str(unit_a))
        office.follow("材料归档")
        expect(office.page.locator("input[name=checklist]").first).to_be_visible()
        for box in office.page.locator("input[name=checklist]").all():
            box.check()
        office.press("材料归档")
        office.says("归档索引")
        office.shot("archived")
        office.home()
        office.menu("巡察")
        office.follow("巡察轮次")
        office.follow("2026年第二轮巡察")
        office.press("结束本轮巡察")
        expect(office.page.get_by_test_id("round-status")).to_contain_text("已完成")

    # 14. The leadership dashboard shows the round's numbers.
    with at(late.year, late.month, late.day):
        lead.home()
        lead.menu("监督")
        lead.follow("工作看板")
        expect(lead.page.get_by_test_id("rounds-in-progress")).to_have_text("0")
        expect(lead.page.get_by_test_id("rectification")).to_contain_text("100%")
        expect(lead.page.get_by_test_id("by-unit")).to_contain_text(str(unit_a))
        # Every deadline met: no pie of four equal slices of nothing.
        expect(lead.page.locator("[data-source=chart-levels]")).to_have_text("暂无未完成的时限。")
        expect(lead.page.locator("[data-chart] canvas")).to_have_count(4)
        lead.shot("dashboard")
    assert Inspection.objects.get(pk=inspection.pk).status == Inspection.Status.ARCHIVED
    assert Clue.objects.get().status == "decided"
    assert RectificationItem.objects.count() == 1
    # The journey's length, for the README and for anyone shortening it.
    (screenshot_dir / "journey.json").write_text(json.dumps(
        {"clicks": dict(CLICKS), "total": sum(CLICKS.values())}, ensure_ascii=False, indent=1))
