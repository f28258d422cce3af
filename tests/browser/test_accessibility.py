"""WCAG 2.1 A/AA: axe-core (vendored for this test only, see vendor/README.md) checks the home
page and the key pages of every role on the demo department, and the two pages anyone reaches
without an account. One report at the end lists every violation with its page."""

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import OrgUnit, User
from clues import services as clues
from deadlines import clock
from inspections import services as inspections
from inspections.models import BasisClause, Inspection, Plan
from oversight.demo import UNITS, seed_demo
from rectification import services as rectification
from tests.conftest import hear_in_party_group
from tests.factories import form_authorised_team, pdf

SHANGHAI = ZoneInfo("Asia/Shanghai")
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# A busy machine: chromium and the live server share two cores with other runs.
TIMEOUT_MS = 30_000

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


def _people(*usernames):
    found = {u.username: u for u in User.objects.filter(username__in=usernames)}
    return [found[name] for name in usernames]


def _seed_round():
    """One inspection of the demo department carried to findings, petitions and a transferred
    clue, through the services, so that every detail page below has something to show."""
    director, liaison, secretary, organ_handler = _people(
        "jgjw_shuji", "xcb_lianluo", "dz_shuji", "jjz_banli")
    target = OrgUnit.objects.get(name=UNITS[0])
    round_ = inspections.round_save(by=director, name="2026年第一轮巡察", year=2026,
                                    inspection_type="regular", modes=["targeted"])
    inspections.inspection_save(
        by=director, round_=round_, target_unit=target, inspection_type="regular", modes=[],
        content_areas=["political", "conduct"], planned_entry_on=date(2026, 9, 14),
        planned_end_on=date(2026, 10, 15))
    round_ = inspections.round_submit(round_=round_, by=director, expected_version=1)
    round_ = inspections.round_approve(round_=round_, by=secretary,
                                       expected_version=round_.version)
    round_ = inspections.round_record_provincial_approval(
        round_=round_, by=director, expected_version=round_.version,
        doc_number="青巡办〔2026〕12号", doc_date=date(2026, 8, 20), doc_file=pdf("批复.pdf"))

    # Specialists from other units, none with a past post in the target unit.
    members = list(User.objects.filter(username__startswith="rck_", talent_entry__isnull=False)
                   .exclude(org_unit=target).exclude(talent_entry__employment__isnull=False)
                   .order_by("username")[:7])
    inspection = round_.inspections.get()
    team = form_authorised_team(round_, "第一巡察组", members, [inspection], office=director,
                           leader=secretary, secretary=secretary)
    leader, member = members[0], members[2]

    inspections.notice_issue(inspection=inspection, by=director,
                             addressee="中共青海省地质调查局委员会", body="定于9月14日进驻")
    inspection = Inspection.objects.get(pk=inspection.pk)
    announcement = inspections.announcement_publish(
        inspection=inspection, by=leader, body="巡察公告正文", schedule="9月14日至10月15日",
        address="地质调查局3楼", mailbox="西宁市1号信箱", phone="0971-1234567")
    fieldwork = inspections.fieldwork_record_create(
        inspection=inspection, by=member, method="records", held_on=date(2026, 9, 16),
        summary="调阅2025年党委会会议记录12本")
    basis = BasisClause.objects.get_or_create(
        source="中国共产党纪律处分条例", article="第四十二条",
        defaults={"excerpt": "违反“三重一大”决策程序"})[0]
    finding = inspections.finding_save(
        inspection=inspection, by=member, title="“三重一大”事项未经集体研究",
        content_area="political", facts="2025年3月一笔480万元采购未经党委会研究",
        basis=[basis], fieldwork=[fieldwork])
    petition = inspections.petition_receive(
        inspection=inspection, by=member, channel="letter", subject="反映违规发放补贴",
        content="2025年违规发放加班补贴", reporter_name="赵某", reporter_contact="13800000000")
    clue = clues.clue_register(
        inspection=inspection, by=member, kind="problem", category="integrity",
        summary="副局长张某收受施工方购物卡2万元", persons="张某，地质调查局，副局长",
        finding=finding)
    organ = OrgUnit.objects.get(name="驻厅纪检监察组")
    clue = clues.clue_classify(clue=clue, by=secretary, decision="discipline", organ=organ,
                               meeting="领导小组2026年第9次会议", expected_version=clue.version)
    clue = clues.clue_transfer(clue=clue, by=liaison, expected_version=clue.version)
    clues.clue_sign_for(clue=clue, by=organ_handler, expected_version=clue.version)
    return {"round": round_, "inspection": inspection, "team": team, "members": members,
            "secretary": secretary, "announcement": announcement, "finding": finding,
            "petition": petition, "clue": clue, "target": target}


def _seed_rectification(world):
    """The finding signed, reported, heard and fed back; the unit's plan approved with one
    item that is overdue by the suite's day (an overdue row is tinted in the ledger)."""
    inspection, finding, secretary = world["inspection"], world["finding"], world["secretary"]
    leader, deputy, member = world["members"][:3]
    main_leader, contact, discipline, hr = _people("dw01_fzr", "dw01_lly", "jjz_banli",
                                                   "rsc_banli")
    finding = inspections.finding_submit(finding=finding, by=member,
                                         expected_version=finding.version)
    for signer, level in ((deputy, "deputy"), (leader, "leader")):
        finding = inspections.finding_sign(finding=finding, by=signer, level=level,
                                           expected_version=finding.version)
    inspections.inspection_end_onsite(inspection=inspection, by=leader,
                                      ended_on=date(2026, 10, 15))
    report = inspections.report_save(inspection=inspection, by=leader, findings=[finding],
                                     title="巡察报告", analysis="分析", suggestions="建议")
    report = inspections.report_submit(report=report, by=leader, expected_version=report.version)
    inspections.hearing_record(
        inspection=Inspection.objects.get(pk=inspection.pk), by=secretary,
        held_on=date(2026, 11, 5), meeting="领导小组2026年第8次会议",
        members_present=[secretary], attendees="巡察组组长", opinions="同意报告，补充整改建议",
        speech_file=pdf("讲话.pdf"), filed_on=date(2026, 11, 10),
        filing_reference="报备〔2026〕3号")
    hear_in_party_group(inspection, leader=leader, secretary=secretary)
    feedback = rectification.feedback_save(
        inspection=inspection, by=leader, audience="leadership", body="反馈意见正文",
        findings=[finding], meeting_on=date(2026, 11, 20), attendees=[secretary, discipline, hr])
    feedback = rectification.feedback_request_consent(feedback=feedback, by=leader,
                                                      expected_version=feedback.version)
    feedback = rectification.feedback_consent(feedback=feedback, by=secretary, meeting="",
                                              expected_version=feedback.version)
    feedback = rectification.feedback_give(feedback=feedback, by=leader,
                                           expected_version=feedback.version)
    with clock.frozen(datetime(2026, 11, 20, 16, tzinfo=SHANGHAI)):
        feedback = rectification.feedback_sign_for(feedback=feedback, by=main_leader,
                                                    expected_version=feedback.version)
    with clock.frozen(datetime(2026, 11, 21, 10, tzinfo=SHANGHAI)):
        plan = rectification.plan_save(inspection=inspection, by=contact,
                                       summary="成立整改领导小组，逐项整改")
        item = rectification.plan_item_save(
            plan=plan, by=contact, finding=finding, measure="修订“三重一大”决策制度",
            due_on=date(2026, 11, 24), responsible_leader="高振华",
            responsible_department="党委办公室")
        plan.refresh_from_db()
        plan = rectification.plan_submit(plan=plan, by=contact, expected_version=plan.version)
        rectification.plan_review(plan=plan, by=leader, action="approve", comment="同意",
                                  expected_version=plan.version)
    return {"report": report, "item": item}


def _public_pages(world):
    """What anyone reaches without an account; the petition form only while the team is on
    site."""
    return [("login", reverse("login")),
            ("public petition form", reverse("inspections:public_petition",
                                             args=[world["announcement"].petition_token]))]


def _pages(world):
    """(who, [(what, url)]) for each role, on the finished world."""
    inspection, target = world["inspection"], world["target"]
    annual = Plan.objects.get(kind="annual")
    notice = inspection.notice
    talent = User.objects.get(username="rck_21").talent_entry
    return [
        ("jgjw_shuji", [  # office director
            ("home", reverse("oversight:home")),
            ("dashboard", reverse("oversight:dashboard")),
            ("round list", reverse("inspections:round_list")),
            ("round detail", world["round"].get_absolute_url()),
            ("inspection detail", inspection.get_absolute_url()),
            ("talent pool", reverse("teams:talent_list")),
            ("talent detail", talent.get_absolute_url()),
            ("units", reverse("accounts:orgunit_list")),
            ("people", reverse("accounts:user_list")),
            ("roles", reverse("accounts:role_list")),
            ("filing", reverse("oversight:filing")),
            ("working-day calendar", reverse("deadlines:override_list")),
            ("new plan (form page)", reverse("inspections:plan_create")),
        ]),
        ("rsc_chuzhang", [  # leadership-group member
            ("home", reverse("oversight:home")),
            ("dashboard", reverse("oversight:dashboard")),
            ("coverage", reverse("oversight:coverage")),
            ("plan detail", annual.get_absolute_url()),
            ("rectification ledger", reverse("rectification:ledger")),
            ("clues", reverse("clues:clue_list")),
            ("decisions", reverse("clues:proposal_list")),
            ("my deadlines", reverse("deadlines:my_deadlines")),
        ]),
        ("dz_shuji", [  # party secretary, leader of the leadership group
            ("home", reverse("oversight:home")),
            ("dashboard", reverse("oversight:dashboard")),
            ("profiles", reverse("oversight:profile") + f"?unit={target.pk}"),
            ("plans", reverse("inspections:plan_list")),
            ("team detail", world["team"].get_absolute_url()),
            ("clue detail", world["clue"].get_absolute_url()),
            ("complaints", reverse("clues:complaint_list")),
            ("my account", reverse("accounts:account")),
        ]),
        ("dw01_lly", [  # rectification contact of the inspected unit
            ("home", reverse("oversight:home")),
            ("notice", notice.get_absolute_url()),
            ("rectification", reverse("rectification:overview", args=[inspection.pk])),
            ("rectification item", world["item"].get_absolute_url()),
            ("rectification ledger", reverse("rectification:ledger")),
            ("complaints", reverse("clues:complaint_list")),
            ("new complaint (form page)", reverse("clues:complaint_file")),
            ("notifications", reverse("deadlines:notification_list")),
        ]),
        ("jjz_banli", [  # handler of the discipline organ
            ("home", reverse("oversight:home")),
            ("clues", reverse("clues:clue_list")),
            ("clue detail", world["clue"].get_absolute_url()),
            ("my deadlines", reverse("deadlines:my_deadlines")),
            ("my account", reverse("accounts:account")),
        ]),
        ("sj_shenji", [  # security auditor
            ("home", reverse("oversight:home")),
            ("security log", reverse("accounts:security_log")),
            ("my account", reverse("accounts:account")),
        ]),
        (world["members"][0].username, [  # team leader
            ("home", reverse("oversight:home")),
            ("my teams", reverse("teams:my_teams")),
            ("inspection detail", inspection.get_absolute_url()),
            ("findings", reverse("inspections:finding_list", args=[inspection.pk])),
            ("finding detail", world["finding"].get_absolute_url()),
            ("petitions", reverse("inspections:petition_list", args=[inspection.pk])),
            ("petition detail", world["petition"].get_absolute_url()),
            ("report", world["report"].get_absolute_url()),
            ("rectification plan", world["item"].plan.get_absolute_url()),
            ("fieldwork", reverse("inspections:fieldwork_list", args=[inspection.pk])),
        ]),
    ]


def _new_context(browser, base_url, username):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900},
        # The site's CSP allows only its own scripts: the injected axe needs the bypass.
        bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    if username:
        client = Client()
        client.force_login(User.objects.get(username=username))
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base_url,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    return context


def _check(page, url):
    """axe's violations on the page at `url`, or why the page could not be checked."""
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        return f"HTTP {response and response.status}", []
    # A redirect (to the login page, to an account duty) would check some other page.
    if urlsplit(page.url).path != urlsplit(url).path:
        return f"redirected to {page.url}", []
    expect(page.locator("main")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT_MS)
    charts = page.locator("[data-chart]")
    if charts.count():
        # ECharts draws after load: check the charts as people see them.
        expect(page.locator("[data-chart] canvas")).to_have_count(charts.count(),
                                                                   timeout=TIMEOUT_MS)
    page.add_script_tag(path=str(AXE))
    return None, page.evaluate(RUN_AXE, WCAG_TAGS)


def _why(node):
    """axe's reason, one line: "Element has insufficient color contrast of 2.28 (…)"."""
    reasons = [line.strip() for line in (node["summary"] or "").splitlines()[1:] if line.strip()]
    return "; ".join(reasons)[:200]


@pytest.mark.django_db(transaction=True)
def test_every_role_s_pages_pass_axe_wcag21_aa(live_server, browser):
    seed_demo(rounds=False)
    # Demo accounts open only while DEBUG is on; the test keeps production settings and signs
    # them in as ordinary people.
    User.objects.filter(is_demo=True).update(is_demo=False)
    # The round's dates are fixed; the pages are read at the suite's "now" (XUNCHA_TEST_NOW).
    with clock.frozen(datetime(2026, 11, 26, 10, tzinfo=SHANGHAI)):
        world = _seed_round()

    found, unchecked, checked = [], [], 0

    def scan(username, visits):
        nonlocal checked
        context = _new_context(browser, live_server.url, username)
        page = context.new_page()
        try:
            for what, path in visits:
                problem, violations = _check(page, f"{live_server.url}{path}")
                if problem:
                    unchecked.append(f"[{username or 'anonymous'}] {what} {path}: {problem}")
                    continue
                checked += 1
                found.extend((username or "anonymous", what, path, v) for v in violations)
        finally:
            context.close()

    scan(None, _public_pages(world))
    with clock.frozen(datetime(2026, 11, 26, 10, tzinfo=SHANGHAI)):
        world.update(_seed_rectification(world))
    for username, visits in _pages(world):
        scan(username, visits)

    if found or unchecked:
        by_rule = Counter()
        lines = [f"{len(unchecked)} pages could not be checked:", *unchecked] if unchecked else []
        for who, what, path, v in found:
            by_rule[v["id"]] += len(v["nodes"])
            lines.append(f"\n[{who}] {what} {path}: {v['id']} ({v['impact']}) {v['help']}")
            lines += [f"    {node['target']}  — {_why(node)}" for node in v["nodes"][:30]]
            if len(v["nodes"]) > 30:
                lines.append(f"    … and {len(v['nodes']) - 30} more")
        rules = ", ".join(f"{rule}: {n}" for rule, n in by_rule.most_common()) or "none"
        pytest.fail(f"WCAG 2.1 A/AA: {sum(by_rule.values())} violating elements on {checked} "
                    f"pages checked (by rule: {rules})\n" + "\n".join(lines), pytrace=False)
