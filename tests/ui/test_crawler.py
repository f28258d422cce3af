"""Crawls the demo department as every role and as an anonymous visitor.

From each role's home page the crawler follows every same-origin link, every redirect and every
GET form (submitted with its default values), and fails once, at the end, listing everything it
found: 5xx answers, broken links (any 4xx on a link the page itself offered), dead ends (a
link or form that only leads to the designed 403 page), visible English words outside a short
allowlist, raw codes (snake_case), form fields without a label, and pages over the query
budget (12 for a list, 15 otherwise).
A list page is one that renders includes/pagination.html or whose URL name ends in "_list";
every query on the request counts, the session and the audit log's writes included (not the
savepoints that only the test's own transaction adds).
A page offers only what its reader may open: a link to a refusal is a dead end, not a feature.

The demo department (oversight.demo.seed_demo) has people and plans but no round yet; the world
below adds, through the real services, a round whose first unit is taken as far as
rectification and whose second is on site, plus enough plans, draft rounds, clues, complaints
and calendar days that every list has a page 2 at DEMO_PAGE_SIZE. One test seeds it once and
walks every role over it (about a minute of crawling).
"""

import logging
import re
import time
import warnings
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.contrib.auth.backends import ModelBackend
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from accounts.backends import AccountBackend
from accounts.models import OrgUnit, User
from config import paging
from deadlines import clock
from oversight.demo import UNITS, seed_demo
from tests.conftest import hear_in_party_group
from tests.factories import form_authorised_team, pdf

SHANGHAI = ZoneInfo("Asia/Shanghai")
ANONYMOUS = "匿名访客"

# A list page may run this many queries, any other page this many (the issue's budgets).
LIST_BUDGET, PAGE_BUDGET = 12, 15
# The test wraps each request in a transaction, so a write that opens its own (the security
# log's sensitive reads) runs inside a savepoint here; served for real, it needs none.
TEST_ONLY_STATEMENT = re.compile(r"(RELEASE )?SAVEPOINT ")
# A list page renders the shared pagination include, or is served by a view named *_list.
LIST_TEMPLATE = "includes/pagination.html"
# Enough for the office's whole reach; a role that hits it is reported, not silently cut.
PAGE_CAP = 700
# Small pages, so that the demo's lists (and the round added below) all have a page 2.
DEMO_PAGE_SIZE = 5

# Logging out ends the crawl; the language switch is a POST form anyway; static and media
# files are not pages.
SKIP_PREFIXES = ("/logout/", "/i18n/", "/static/", "/media/")

# English that a Chinese page may show, each for a reason (and each seen on a page):
ALLOWED_ENGLISH = {
    "Word", "Excel",         # product names: the office suite the downloads open in
    "PDF", "CSV", "JPG", "PNG", "zip",  # file types on download buttons and upload hints
    "xlsx",                  # the import template's extension, which people must match
    "English",               # the language switcher names each language in that language
    "API",                   # the data interface, by the name integrators look for
}

ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{3,}(?![A-Za-z0-9_])")
SNAKE_CASE = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![A-Za-z0-9_])")
# Two marks where Chinese has one ("。，", "：："): a sentence built from pieces that each end
# their own way.
DOUBLED_PUNCTUATION = re.compile(r"[。，、；：！？]{2,}")
# Attributes a person reads or hears (tooltips, placeholders, screen-reader names).
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}
# Web addresses and paths shown as data (the public reporting address, a logged request path)
# are not words to translate.
ADDRESS = re.compile(r"https?://\S+|(?<![\w/])/[\w\-./?=&%:]*")


# The demo world ------------------------------------------------------------------------------

def _people():
    return {user.username: user for user in User.objects.all()}


def _team_candidates(unit, taken, count):
    """Talent-pool people with no tie to the target unit (so no recusal is pending)."""
    from teams.models import EmploymentRecord, TalentPoolEntry

    tied = set(EmploymentRecord.objects.filter(unit=unit).values_list("entry__user_id",
                                                                      flat=True))
    entries = TalentPoolEntry.objects.select_related("user").order_by("user__username")
    people = [e.user for e in entries
              if e.user.org_unit_id != unit.pk and e.user_id not in tied | taken]
    return people[:count]


def _authorised_team(round_, name, inspection, size, taken, *, by, leader, secretary):
    people = _team_candidates(inspection.target_unit, taken, size)
    taken.update(p.pk for p in people)
    return form_authorised_team(round_, name, people, [inspection], office=by, leader=leader,
                           secretary=secretary)


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def build_world():
    """The demo department plus a round in every stage a role has pages for."""
    from clues import services as clues
    from deadlines import services as deadlines
    from deadlines.models import HolidayOverride
    from inspections import services as inspections
    from inspections.models import BasisClause
    from rectification import services as rectification

    seed_demo(rounds=False)
    p = _people()
    units = {unit.name: unit for unit in OrgUnit.objects.all()}
    director, liaison, secretary = p["jgjw_shuji"], p["xcb_lianluo"], p["dz_shuji"]
    main_leader, contact = p["dw01_fzr"], p["dw01_lly"]
    unit_a, unit_b = units[UNITS[0]], units[UNITS[1]]

    # Working-day overrides first: saving one recomputes the deadlines around it.
    for day, is_workday, note in [
        (date(2026, 1, 4), True, "元旦调休上班"), (date(2026, 2, 14), True, "春节调休上班"),
        (date(2026, 2, 28), True, "春节调休上班"), (date(2026, 5, 9), True, "劳动节调休上班"),
        (date(2026, 9, 27), True, "国庆节调休上班"), (date(2026, 10, 10), True, "国庆节调休上班"),
    ]:
        deadlines.holiday_override_save(by=director, day=day, is_workday=is_workday, note=note,
                                        source=HolidayOverride.Source.OFFICIAL)

    # Plans beyond the demo's two, and rounds in draft, so both lists have a page 2.
    term = inspections.plan_save(by=director, kind="term", title="厅党组2027—2031年巡察工作规划",
                                 start_year=2027, end_year=2031, content="新一届任期巡察全覆盖。")
    for year in (2027, 2028, 2029):
        inspections.plan_save(by=director, kind="annual", parent=term,
                              title=f"{year}年度巡察工作计划", start_year=year, end_year=year,
                              content=f"{year}年安排两轮常规巡察。")
    for index, name in enumerate(UNITS[2:7], start=3):
        draft = inspections.round_save(by=director, name=f"2027年第{index}轮巡察", year=2027,
                                       inspection_type="regular", modes=[])
        inspections.inspection_save(
            by=director, round_=draft, target_unit=units[name], inspection_type="regular",
            modes=[], content_areas=["political"], planned_entry_on=date(2027, 3, 15),
            planned_end_on=date(2027, 4, 15))

    # The round this demo is about: two units, one team each, authorised.
    round_ = inspections.round_save(by=director, name="2026年第二轮巡察", year=2026,
                                    inspection_type="regular", modes=["targeted"])
    for unit in (unit_a, unit_b):
        inspections.inspection_save(
            by=director, round_=round_, target_unit=unit, inspection_type="regular", modes=[],
            content_areas=["political", "conduct"], planned_entry_on=date(2026, 9, 14),
            planned_end_on=date(2026, 10, 15))
    round_ = inspections.round_submit(round_=round_, by=director, expected_version=1)
    round_ = inspections.round_approve(round_=round_, by=secretary,
                                       expected_version=round_.version)
    round_ = inspections.round_record_provincial_approval(
        round_=round_, by=director, expected_version=round_.version,
        doc_number="青巡办〔2026〕12号", doc_date=date(2026, 8, 20),
        doc_file=pdf("省委巡察办批复.pdf"))
    inspection_a = round_.inspections.get(target_unit=unit_a)
    inspection_b = round_.inspections.get(target_unit=unit_b)
    taken = set()
    team_a = _authorised_team(round_, "第一巡察组", inspection_a, 7, taken, by=director,
                              leader=secretary, secretary=secretary)
    team_b = _authorised_team(round_, "第二巡察组", inspection_b, 6, taken, by=director,
                              leader=secretary, secretary=secretary)
    leader = team_a.memberships.get(position="leader").user
    deputy = team_a.memberships.get(position="deputy").user
    member = team_a.memberships.filter(position="member").order_by("pk").first().user

    # Fieldwork on unit A.
    for inspection in (inspection_a, inspection_b):
        inspections.notice_issue(inspection=inspection, by=director,
                                 addressee=f"中共{inspection.target_unit}委员会",
                                 body="根据厅党组巡察工作安排，巡察组定于9月14日进驻。")
    inspection_a = _fresh(inspection_a)
    inspections.announcement_publish(
        inspection=inspection_a, by=leader, body="厅党组第一巡察组进驻青海省地质调查局开展巡察。",
        schedule="9月14日至10月15日", address="地质调查局3楼", mailbox="巡察专用信箱1号",
        phone="0971-1234567")
    fieldwork = inspections.fieldwork_record_create(
        inspection=inspection_a, by=member, method="records", held_on=date(2026, 9, 16),
        summary="调阅2025年党委会会议记录12本")
    inspections.interview_note_create(
        inspection=inspection_a, by=member, interviewee="张某", interviewee_position="副局长",
        interviewers=[member, deputy], held_at=datetime(2026, 9, 15, 10, tzinfo=SHANGHAI),
        place="地质调查局3楼谈话室", content="反映2025年采购项目存在拆分规避招标的情况")
    for subject in ["反映违规发放补贴", "反映公车私用", "反映项目验收走过场"]:
        inspections.petition_receive(inspection=inspection_a, by=member, channel="letter",
                                     subject=subject, content=f"{subject}，请予核实。",
                                     reporter_name="赵某", reporter_contact="13800000000")
    immediate = inspections.immediate_issue(inspection=inspection_a, by=leader,
                                            issue="食堂超标准接待",
                                            required_action="立即整改并报告")
    inspections.immediate_reply(notice=immediate, by=contact, reply="已整改，追回费用",
                                expected_version=immediate.version)
    inspections.midterm_report(inspection=inspection_a, by=leader, reported_on=date(2026, 9, 28),
                               progress="已谈话42人，调阅资料300余份",
                               second_half_plan="深入了解采购问题")
    escalation = inspections.escalation_raise(inspection=inspection_a, by=leader,
                                              question="是否扩大对下属单位的抽查范围？")
    inspections.escalation_office(request=escalation, by=liaison, action="forward",
                                  note="请领导小组决定", expected_version=escalation.version)
    clause = BasisClause.objects.get_or_create(
        source="中国共产党纪律处分条例", article="第四十二条",
        defaults={"excerpt": "违反“三重一大”决策程序"})[0]
    findings = []
    for title in ["“三重一大”事项未经集体研究", "违规发放津贴补贴", "公务用车管理不规范",
                  "政府采购拆分规避招标", "干部选拔任用程序不规范", "基层党组织换届不及时"]:
        finding = inspections.finding_save(
            inspection=inspection_a, by=member, title=title, content_area="political",
            facts=f"经查，{title}。", basis=[clause], fieldwork=[fieldwork])
        finding = inspections.finding_submit(finding=finding, by=member,
                                             expected_version=finding.version)
        finding = inspections.finding_sign(finding=finding, by=deputy, level="deputy",
                                           expected_version=finding.version)
        findings.append(inspections.finding_sign(finding=finding, by=leader, level="leader",
                                                 expected_version=finding.version))
    clue_list = []
    for summary in ["收受购物卡", "违规兼职取酬", "插手工程项目", "违规借用公车", "公款旅游",
                    "违规收受礼金"]:
        clue_list.append(clues.clue_register(
            inspection=inspection_a, by=member, kind="problem", category="integrity",
            summary=summary, persons="张某", finding=findings[0]))
    organ = units["驻厅纪检监察组"]
    with clock.frozen(datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)):
        for clue in clue_list[:3]:
            clue = clues.clue_classify(clue=clue, by=secretary, decision="discipline",
                                       organ=organ, meeting="领导小组会议",
                                       expected_version=clue.version)
            clue = clues.clue_transfer(clue=clue, by=liaison, expected_version=clue.version)
    first = _fresh(clue_list[0])
    with clock.frozen(datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)):
        first = clues.clue_sign_for(clue=first, by=p["jjz_banli"],
                                    expected_version=first.version)
    clues.result_report(clue=first, by=p["jjz_banli"], disposition="conclude", summary="属实",
                        is_final=True)
    clues.proposal_make(by=liaison, clue=_fresh(first), kind="accountability",
                        opinion="建议对相关责任人问责")
    obstruction = clues.obstruction_record(inspection=inspection_a, by=member,
                                           situation="concealing", against="某处长",
                                           description="提供虚假会议记录")
    clues.proposal_make(by=liaison, obstruction=obstruction, kind="accountability",
                        opinion="建议对阻挠巡察的责任人问责")
    for conduct, content in [("gifts", "收受礼品"), ("gifts", "接受宴请"), ("gifts", "索要土特产")]:
        clues.complaint_file(by=contact, team=team_a, about=member, addressee="office",
                             conduct=conduct, content=content)

    # Unit B stays on site with a finding still being written.
    deputy_b = team_b.memberships.get(position="deputy").user
    fieldwork_b = inspections.fieldwork_record_create(
        inspection=_fresh(inspection_b), by=deputy_b, method="records",
        held_on=date(2026, 9, 17), summary="调阅财务凭证")
    announcement_b = inspections.announcement_publish(
        inspection=_fresh(inspection_b), by=team_b.memberships.get(position="leader").user,
        body="厅党组第二巡察组进驻青海省自然资源综合调查监测院开展巡察。",
        schedule="9月14日至10月15日",
        address="监测院2楼", mailbox="巡察专用信箱2号", phone="0971-7654321")
    inspections.finding_save(inspection=_fresh(inspection_b), by=deputy_b,
                             title="财务报销审核不严", content_area="political",
                             facts="抽查凭证发现多笔报销无审批。", basis=[clause],
                             fieldwork=[fieldwork_b])

    # Unit A: report, hearing, feedback, the unit's plan and its items in every state.
    inspection_a = inspections.inspection_end_onsite(inspection=_fresh(inspection_a), by=leader,
                                                     ended_on=date(2026, 10, 15))
    report = inspections.report_save(inspection=inspection_a, by=leader, findings=findings,
                                     title="关于巡察青海省地质调查局党委的情况报告",
                                     analysis="总体情况分析", suggestions="整改建议")
    inspections.report_submit(report=report, by=leader, expected_version=report.version)
    inspections.hearing_record(
        inspection=_fresh(inspection_a), by=secretary, held_on=date(2026, 11, 5),
        meeting="领导小组2026年第8次会议", members_present=[secretary, p["dz_li"]],
        attendees="第一巡察组组长", opinions="同意报告，补充整改建议", speech_file=pdf("讲话.pdf"),
        filed_on=date(2026, 11, 10), filing_reference="报备〔2026〕3号")
    hear_in_party_group(inspection_a, leader=leader, secretary=secretary)
    inspection_a = _fresh(inspection_a)
    feedback = rectification.feedback_save(
        inspection=inspection_a, by=leader, audience="leadership", body="反馈意见正文",
        findings=inspection_a.findings.filter(status="approved"), meeting_on=date(2026, 11, 20),
        attendees=[secretary, p["jjz_banli"], p["rsc_banli"]])
    feedback = rectification.feedback_request_consent(feedback=feedback, by=leader,
                                                      expected_version=feedback.version)
    feedback = rectification.feedback_consent(feedback=feedback, by=secretary, meeting="",
                                              expected_version=feedback.version)
    feedback = rectification.feedback_give(feedback=feedback, by=leader,
                                           expected_version=feedback.version)
    with clock.frozen(datetime(2026, 11, 20, 16, tzinfo=SHANGHAI)):
        feedback = rectification.feedback_sign_for(feedback=feedback, by=main_leader,
                                                   expected_version=feedback.version)
    plan = rectification.plan_save(inspection=inspection_a, by=contact,
                                   summary="成立整改领导小组，逐项整改")
    for finding in feedback.findings.all():
        rectification.plan_item_save(plan=plan, by=contact, finding=finding,
                                     measure=f"针对“{finding.title}”修订制度",
                                     due_on=date(2026, 12, 31), responsible_leader="高振华",
                                     responsible_department="党委办公室")
    plan = _fresh(plan)
    plan = rectification.plan_submit(plan=plan, by=contact, expected_version=plan.version)
    plan = rectification.plan_review(plan=plan, by=leader, action="approve", comment="同意",
                                     expected_version=plan.version)
    items = list(plan.items.order_by("pk"))
    closed = rectification.item_report(item=items[0], by=contact, action="request_closure",
                                       progress="制度已印发", expected_version=items[0].version)
    rectification.item_decide(item=closed, by=leader, action="close", comment="核实",
                              expected_version=closed.version)
    rectification.item_report(item=items[1], by=contact, action="start", progress="已启动",
                              expected_version=items[1].version)
    rectification.item_report(item=items[2], by=contact, action="request_closure",
                              progress="已完成", expected_version=items[2].version)
    rectification.report_submit(inspection=_fresh(inspection_a), by=contact,
                                kind="rectification", body="落实整改情况报告")
    rectification.publication_save(inspection=_fresh(inspection_a), by=director,
                                   channel="portal", title="整改情况通报",
                                   text="[[高振华]]同志主持整改。")
    # The announcement publishes this address for the public: where an anonymous visit starts.
    public_form = reverse("inspections:public_petition", args=[announcement_b.petition_token])
    return {"leader": leader, "member": member, "public_form": public_form}


def crawl_roles(world):
    """(role, username) for one account of every role; None is the anonymous visitor."""
    return [
        ("巡察办主任", "jgjw_shuji"),
        ("巡察办联络员", "xcb_lianluo"),
        ("党组书记、领导小组组长", "dz_shuji"),
        ("党组成员、领导小组副组长", "dz_li"),
        ("领导小组成员", "jgdw_fushuji"),
        ("巡察组组长", world["leader"].username),
        ("巡察组组员", world["member"].username),
        ("被巡察单位主要负责人", "dw01_fzr"),
        ("被巡察单位整改联络人", "dw01_lly"),
        ("承办机关经办人（纪检监察）", "jjz_banli"),
        ("承办机关经办人（人事处）", "rsc_banli"),
        ("系统管理员", "xt_guanli"),
        ("安全保密管理员", "aq_baomi"),
        ("安全审计员", "sj_shenji"),
        (ANONYMOUS, None),
    ]


# The crawler ---------------------------------------------------------------------------------

@dataclass
class Problem:
    kind: str
    role: str
    url: str
    detail: str
    referrer: str = ""


def normalise(url):
    """Path and sorted query: the same page reached through differently ordered links."""
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + (f"?{query}" if query else "")


def same_origin(url):
    parts = urlsplit(url)
    return parts.scheme in {"", "http", "https"} and parts.netloc in {"", "testserver"}


def url_name(url):
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return ""
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def is_list_page(url, response):
    if LIST_TEMPLATE in {t.name for t in response.templates if t.name}:
        return True
    try:
        return resolve(urlsplit(url).path).url_name.endswith("_list")
    except Resolver404:
        return False


def visible_texts(root):
    """What a person sees or hears, piece by piece: the text of every element outside scripts
    and styles, plus the attributes shown as tooltips, placeholders and accessible names."""
    # translate="no" is HTML's mark for verbatim content (the security log's recorded targets
    # and details): the page declares it is not text to translate.
    for element in root.xpath("//script|//style|//template|//*[@translate='no']"):
        element.drop_tree()
    pieces = [" ".join(text.split()) for text in root.xpath("//text()")]
    pieces += [" ".join(value.split()) for attribute in SHOWN_ATTRIBUTES
               for value in root.xpath(f"//@{attribute}")]
    return [piece for piece in pieces if piece]


def unlabelled_fields(root):
    label_for = {label.get("for") for label in root.xpath("//label[@for]")}
    ids = {element.get("id") for element in root.xpath("//*[@id]")}
    missing = []
    for field in root.xpath("//input|//select|//textarea"):
        if field.tag == "input" and (field.get("type") or "text").lower() in UNLABELLED_TYPES:
            continue
        if field.get("aria-label", "").strip() or field.xpath("ancestor::label"):
            continue
        if field.get("id") and field.get("id") in label_for:
            continue
        labelled_by = (field.get("aria-labelledby") or "").split()
        if labelled_by and all(ref in ids for ref in labelled_by):
            continue
        missing.append(f"<{field.tag} name={field.get('name')!r} id={field.get('id')!r}>")
    return missing


def form_submission(form, page_url):
    """The URL a browser opens when a GET form is submitted as it stands."""
    data = []
    for field in form.xpath(".//input|.//select|.//textarea"):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.tag == "select":
            options = field.xpath(".//option")
            chosen = [o for o in options if o.get("selected") is not None]
            if not chosen and options and field.get("multiple") is None:
                chosen = options[:1]
            data += [(name, o.get("value", o.text_content().strip())) for o in chosen]
        elif field.tag == "textarea":
            data.append((name, field.text or ""))
        else:
            kind = (field.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image", "file"}:
                continue
            if kind in {"checkbox", "radio"}:
                if field.get("checked") is not None:
                    data.append((name, field.get("value", "on")))
            else:
                data.append((name, field.get("value", "")))
    action = urljoin(page_url, form.get("action") or page_url)
    return urlsplit(action).path + "?" + urlencode(data)


class Crawler:
    """One role's breadth-first walk; problems are collected, never raised."""

    def __init__(self, role, user, data_words):
        self.role, self.data_words = role, data_words
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.problems = []
        self.pages = 0
        self.fetched = 0

    def problem(self, kind, url, detail, referrer=""):
        self.problems.append(Problem(kind, self.role, url, detail, referrer))

    def run(self, start_urls):
        queue, seen = deque(), set()
        for url in start_urls:
            queue.append((url, ""))
            seen.add(normalise(url))
        while queue:
            if self.fetched >= PAGE_CAP:
                self.problem("crawl cap", "-", f"stopped after {PAGE_CAP} URLs, "
                             f"{len(queue)} not visited")
                break
            url, referrer = queue.popleft()
            for link in self.visit(url, referrer):
                key = normalise(link)
                if key not in seen:
                    seen.add(key)
                    queue.append((link, url))

    def visit(self, url, referrer):
        self.fetched += 1
        # The log keeps its last 9000 queries; once full, a capture would count none.
        reset_queries()
        # Warnings under the project's filters (pyproject.toml), e.g. paginating an unordered
        # list, which can show a row on both page 1 and page 2.
        with CaptureQueriesContext(connection) as queries, \
                warnings.catch_warnings(record=True) as warned:
            response = self.client.get(url)
        for warning in warned:
            self.problem("warning", url, f"{warning.category.__name__}: {warning.message}",
                         referrer)
        status = response.status_code
        if status >= 500:
            error = response.exc_info[1] if response.exc_info else None
            detail = f"{status} {type(error).__name__}: {error}" if error else str(status)
            self.problem("server error", url, detail, referrer)
            return []
        if status in {301, 302, 303, 307, 308}:
            return [urljoin(url, response["Location"])]
        if status == 403:
            if "403.html" in {t.name for t in response.templates}:
                self.problem("dead end", url, f"403 on {url_name(url)}: offered to a reader "
                             "who may not open it", referrer)
                self.check_html(url, response.content.decode())
            else:
                self.problem("broken link", url, "403 without the designed page", referrer)
            return []
        if status >= 400:
            self.problem("broken link", url, str(status), referrer)
            return []
        if not response.get("Content-Type", "").startswith("text/html"):
            return []  # a download: its status is all there is to check
        self.pages += 1
        queries = [q for q in queries.captured_queries if not TEST_ONLY_STATEMENT.match(q["sql"])]
        list_page = is_list_page(url, response)
        budget = LIST_BUDGET if list_page else PAGE_BUDGET
        name = url_name(url)
        if len(queries) > budget:
            self.problem("query budget", url, f"{len(queries)} queries > {budget} "
                         f"({'list' if list_page else 'page'}, {name})")
        return self.check_html(url, response.content.decode())

    def check_html(self, url, html):
        root = lxml.html.fromstring(html)
        links = []
        for href in root.xpath("//a/@href"):
            target = urljoin(url, href.strip())
            if same_origin(target) and not urlsplit(target).path.startswith(SKIP_PREFIXES):
                links.append(urlsplit(target)._replace(scheme="", netloc="", fragment="")
                             .geturl())
        for form in root.xpath("//form"):
            if (form.get("method") or "get").lower() == "get":
                links.append(form_submission(form, url))
        for field in unlabelled_fields(root):
            self.problem("field without label", url, field)
        for piece in visible_texts(root):
            shown = piece
            for word in self.data_words:
                piece = piece.replace(word, " ")
            piece = ADDRESS.sub(" ", piece)
            if tokens := sorted(set(SNAKE_CASE.findall(piece))):
                self.problem("raw code", url, f"{' '.join(tokens)} in “{shown[:100]}”")
            if doubled := DOUBLED_PUNCTUATION.findall(piece):
                self.problem("doubled punctuation", url,
                             f"{' '.join(sorted(set(doubled)))} in “{shown[:100]}”")
            rest = SNAKE_CASE.sub(" ", piece)
            if words := sorted(set(ENGLISH_WORD.findall(rest)) - ALLOWED_ENGLISH):
                self.problem("English", url, f"{' '.join(words)} in “{shown[:100]}”")
        return links


EXAMPLES = 4
TEXT_KINDS = {"English", "raw code", "doubled punctuation"}


def _grouped(title, found, examples=EXAMPLES):
    """One line per distinct finding, with the pages it was seen on (a few, then a count)."""
    lines = [f"\n{title} ({len(found)}):"]
    by_detail = defaultdict(list)
    for problem in found:
        # Numbers in texts vary from row to row (ids, counts): one line for what differs only
        # in them. Statuses and query counts keep theirs.
        key = re.sub(r"\d+", "N", problem.detail) if problem.kind in TEXT_KINDS else problem.detail
        by_detail[key].append(problem)
    for detail, where in sorted(by_detail.items()):
        roles = sorted({problem.role for problem in where})
        lines.append(f"  {detail}  — {len(where)}× by {'、'.join(roles)}")
        for problem in where[:examples]:
            came_from = f"  (from {problem.referrer})" if problem.referrer else ""
            lines.append(f"      [{problem.role}] {problem.url}{came_from}")
        if len(where) > examples:
            lines.append(f"      … and {len(where) - examples} more")
    return lines


def pages_per_role(counts):
    lines = ["Pages crawled per role (HTML pages / URLs fetched):"]
    lines += [f"  {role}: {pages} / {fetched}" for role, (pages, fetched) in counts.items()]
    return lines


def report(counts, problems):
    lines = pages_per_role(counts)
    by_kind = defaultdict(list)
    for problem in problems:
        by_kind[problem.kind].append(problem)
    for kind, found in sorted(by_kind.items()):
        lines += _grouped(kind, found)
    return "\n".join(lines)


@pytest.mark.django_db
def test_every_role_can_walk_the_demo_department(monkeypatch, record_property, capsys, caplog):
    monkeypatch.setattr(paging.paginate, "__defaults__", (DEMO_PAGE_SIZE,))
    # Every 403 and 404 would print a traceback; the report below names each one already.
    caplog.set_level(logging.CRITICAL, logger="django.request")
    # Demo accounts sign in only while DEBUG is on, and DEBUG would swap the error pages for
    # technical ones: the crawler signs the demo people in as if they were real accounts.
    monkeypatch.setattr(AccountBackend, "user_can_authenticate", ModelBackend.user_can_authenticate)
    # The world's dates are fixed; the pages are read at the suite's "now" (XUNCHA_TEST_NOW).
    with clock.frozen(datetime(2026, 11, 26, 10, tzinfo=SHANGHAI)):
        world = build_world()
    people = _people()
    # Usernames and e-mail addresses are data the pages rightly show, not untranslated text.
    data_words = sorted({u.email for u in people.values() if u.email}
                        | set(people), key=len, reverse=True)
    counts, problems = {}, []
    started = time.monotonic()
    for role, username in crawl_roles(world):
        crawler = Crawler(role, people[username] if username else None, data_words)
        crawler.run(["/"] if username else ["/", world["public_form"]])
        counts[role] = (crawler.pages, crawler.fetched)
        problems += crawler.problems
    text = report(counts, problems)
    with capsys.disabled():  # shown on success too, without -s; a failure repeats it in full
        print("\n" + "\n".join(pages_per_role(counts)))
        print(f"{len(problems)} problems; crawl took {time.monotonic() - started:.0f} s")
    record_property("pages_per_role", {role: pages for role, (pages, _) in counts.items()})
    # Signed-in roles see at least home, account and notifications; the public at least the
    # login page and the reporting form.
    thin = [role for role, (pages, _) in counts.items() if pages < 3 - (role == ANONYMOUS)]
    assert not thin, f"roles that reached too few pages: {thin}\n{text}"
    assert not problems, text
