import pytest
from playwright.sync_api import expect

from inspections.models import Finding, InterviewNote, Report
from tests.browser.conftest import log_in, log_out
from tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_team_files_note_and_finding_signs_it_and_submits_the_report(
        live_server, page, notified, fieldwork, basis_clause, team_member, deputy, team_leader,
        screenshot_dir):
    url = live_server.url
    inspection_url = f"{url}{notified.get_absolute_url()}"

    # A member records an interview with the deputy, then a finding citing its basis.
    log_in(page, url, team_member.username, PASSWORD)
    page.goto(inspection_url)
    page.get_by_role("link", name="个别谈话记录").click()
    page.get_by_role("link", name="记录个别谈话").click()
    page.get_by_label("谈话对象", exact=True).fill("王某")
    page.get_by_label("谈话对象职务", exact=True).fill("财务科科长")
    page.get_by_label(team_member.full_name, exact=True).check()
    page.get_by_label(deputy.full_name, exact=True).check()
    page.get_by_label("时间", exact=True).fill("2026-09-17T15:00")
    page.get_by_label("地点", exact=True).fill("甲院谈话室")
    page.get_by_label("内容", exact=True).fill("反映差旅费报销中存在虚开发票情况")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("link", name="2026-09-17 15:00")).to_be_visible()
    assert InterviewNote.objects.get(interviewee="王某").content.startswith("反映差旅费")

    page.goto(inspection_url)
    page.get_by_role("link", name="问题底稿与报告").click()
    page.get_by_role("link", name="新建问题底稿").click()
    page.get_by_label("标题", exact=True).fill("差旅费报销把关不严")
    page.get_by_label("巡察内容", exact=True).select_option("conduct")
    page.get_by_label("事实", exact=True).fill("2025年抽查差旅费凭证40份，8份发票与行程不符")
    page.get_by_label("定性依据", exact=True).select_option(str(basis_clause.pk))
    page.get_by_label(str(fieldwork), exact=True).check()
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_test_id("finding-status")).to_contain_text("已提交审核")
    finding_url = page.url
    log_out(page)

    # The deputy, then the leader, sign it.
    log_in(page, url, deputy.username, PASSWORD)
    page.goto(finding_url)
    page.get_by_role("button", name="副组长签署").click()
    expect(page.get_by_test_id("finding-status")).to_contain_text("副组长已审核")
    log_out(page)
    log_in(page, url, team_leader.username, PASSWORD)
    page.goto(finding_url)
    page.get_by_role("button", name="组长签署").click()
    expect(page.get_by_test_id("finding-status")).to_contain_text("组长已审定")

    # The leader ends the on-site work and submits the report built from approved findings.
    page.goto(inspection_url)
    page.get_by_role("button", name="结束现场巡察").click()
    page.get_by_role("link", name="问题底稿与报告").click()
    page.get_by_role("link", name="新建报告").click()
    page.get_by_label("标题", exact=True).fill("关于青海省甲测试院的巡察报告")
    page.get_by_label("分析", exact=True).fill("主体责任落实不到位")
    page.get_by_label("意见建议", exact=True).fill("健全财务审核制度")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text("差旅费报销把关不严")
    page.get_by_role("button", name="报领导小组审批").click()
    page.screenshot(path=screenshot_dir / "report-submitted.png", full_page=True)
    report = Report.objects.get(title="关于青海省甲测试院的巡察报告")
    assert report.status == Report.Status.SUBMITTED
    assert list(report.findings.values_list("status", flat=True)) == [Finding.Status.APPROVED]
