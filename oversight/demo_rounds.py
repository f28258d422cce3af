"""The demo department's work in progress: rounds at every stage, dated back from today, so that
every demo account logs in to real work, deadlines in every colour and meaningful dashboards.

Everything goes through the services, by the people whose work it is, on the clock of the day
it happens (`_on`), so histories, notices, 待办 and deadlines are what a real year leaves."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import OrgUnit, User
from clues import services as clues
from deadlines import calendar, clock
from deadlines.services import deadline_sweep, load_calendar
from documents.pdf import blank_pdf
from inspections import services as inspections
from inspections.models import BasisClause, Inspection, Round
from inspections.services import ARCHIVE_CHECKLIST
from rectification import services as rectification
from teams import services as teams
from teams.models import EmploymentRecord, TalentPoolEntry

FINDINGS = [
    ("党建工作责任制落实不到位", "political"),
    ("“三重一大”事项未经集体研究", "political"),
    ("违规发放津贴补贴", "conduct"),
    ("公务用车管理不规范", "conduct"),
    ("政府采购拆分规避招标", "discipline"),
    ("干部选拔任用程序不规范", "organisational"),
    ("基层党组织换届不及时", "organisational"),
]


def _pdf(name):
    return SimpleUploadedFile(name, blank_pdf(), content_type="application/pdf")


class Timeline:
    """Days counted back from today; `working(n)` is the first working day on or after it."""

    def __init__(self, today):
        self.today, self.cal = today, load_calendar()

    def day(self, days_ago):
        return self.today - timedelta(days=days_ago)

    def working(self, days_ago):
        return calendar.add_days(self.day(days_ago), 0, self.cal).due

    def ahead(self, days):
        return calendar.add_days(self.today, days, self.cal).due

    @contextmanager
    def on(self, days_ago, hour=10):
        """Acts on that day, at that hour in Beijing time."""
        moment = datetime.combine(self.day(days_ago), time(hour),
                                  tzinfo=timezone.get_default_timezone())
        with clock.frozen(moment):
            yield


def _people():
    return {user.username: user for user in User.objects.all()}


def _team_people(unit, taken, count):
    """Talent-pool people with no tie to the target unit, so no recusal is pending."""
    tied = set(EmploymentRecord.objects.filter(unit=unit).values_list("entry__user_id",
                                                                      flat=True))
    entries = TalentPoolEntry.objects.select_related("user").order_by("user__username")
    people = [e.user for e in entries
              if e.user.org_unit_id != unit.pk and e.user_id not in tied | taken]
    taken.update(person.pk for person in people[:count])
    return people[:count]


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def _approved_round(t, p, name, year, entries, *, days_ago):
    """A round drafted, approved and approved by the province, with one inspection per
    (unit, days ago it enters)."""
    director, secretary = p["jgjw_shuji"], p["dz_shuji"]
    with t.on(days_ago):
        round_ = inspections.round_save(by=director, name=name, year=year,
                                        inspection_type="regular", modes=[])
        for unit, entry_days_ago in entries:
            entry = t.working(entry_days_ago)
            inspections.inspection_save(
                by=director, round_=round_, target_unit=unit, inspection_type="regular",
                modes=[], content_areas=["political", "conduct"], planned_entry_on=entry,
                planned_end_on=calendar.nth_working_day(entry, 30, t.cal).due)
        round_ = inspections.round_submit(round_=round_, by=director, expected_version=1)
    with t.on(days_ago - 2):
        round_ = inspections.round_approve(round_=round_, by=secretary,
                                           expected_version=round_.version,
                                           comment="领导小组会议审定")
    with t.on(days_ago - 5):
        round_ = inspections.round_record_provincial_approval(
            round_=round_, by=director, expected_version=round_.version,
            doc_number=f"青巡办〔{year}〕{len(entries) + 10}号", doc_date=t.day(days_ago - 5),
            doc_file=_pdf("省委巡视工作领导小组批复.pdf"))
    return round_


def _authorised_team(t, p, round_, name, inspection, size, taken, *, days_ago):
    director, secretary = p["jgjw_shuji"], p["dz_shuji"]
    people = _team_people(inspection.target_unit, taken, size)
    with t.on(days_ago):
        team = teams.team_create(round_=round_, name=name, by=director)
        positions = ["leader", "deputy"] + ["member"] * (len(people) - 2)
        for person, position in zip(people, positions, strict=True):
            teams.team_member_add(team=team, user=person, position=position, by=director)
        teams.team_assign_inspection(team=team, inspection=inspection, by=director)
        team = teams.team_approve(team=team, by=p["dz_li"], expected_version=team.version,
                                  meeting="领导小组会议")
        for membership in team.active_members():
            teams.membership_declare(membership=membership, by=membership.user,
                                     declarations=[])
            teams.membership_sign_pledge(membership=membership, by=membership.user)
        teams.training_record(team=team, by=director, held_on=t.day(days_ago),
                              content="巡察工作业务培训：政策要求、方法步骤与纪律规矩",
                              attendees=[m.user for m in team.active_members()])
        team = teams.team_authorise(team=team, by=secretary, expected_version=team.version,
                                    document="厅党组会议决定")
    return team


def _roles(team):
    def one(position):
        return team.memberships.filter(position=position).order_by("pk").first().user
    return one("leader"), one("deputy"), one("member")


def _on_site(t, p, inspection, team, *, findings):
    """Notice, announcement, fieldwork and findings written, from the planned entry day."""
    leader, deputy, member = _roles(team)
    entered_days_ago = (t.today - inspection.planned_entry_on).days
    with t.on(entered_days_ago + 10):
        inspections.notice_issue(inspection=inspection, by=p["jgjw_shuji"],
                                 addressee=f"中共{inspection.target_unit}委员会",
                                 body="根据厅党组巡察工作安排，巡察组将进驻开展常规巡察。")
    with t.on(entered_days_ago):
        inspection = _fresh(inspection)
        inspections.announcement_publish(
            inspection=inspection, by=leader,
            body=f"厅党组{team.name}进驻{inspection.target_unit}开展巡察。",
            schedule="进驻之日起一个月", address="单位办公楼3楼", mailbox="巡察专用信箱",
            phone="0971-1234567")
        fieldwork = inspections.fieldwork_record_create(
            inspection=_fresh(inspection), by=member, method="records",
            held_on=t.day(entered_days_ago), summary="调阅近三年党委会会议记录")
        inspections.interview_note_create(
            inspection=_fresh(inspection), by=member, interviewee="单位班子成员",
            interviewee_position="副职", interviewers=[member, deputy],
            held_at=clock.now(), place="谈话室", content="反映采购项目存在拆分规避招标的情况")
        inspections.petition_receive(inspection=_fresh(inspection), by=member, channel="letter",
                                     subject="反映违规发放补贴", content="请予核实。",
                                     reporter_name="赵某", reporter_contact="13800000000")
    clause = BasisClause.objects.get_or_create(
        source="中国共产党纪律处分条例", article="第四十二条",
        defaults={"excerpt": "违反“三重一大”决策程序"})[0]
    written = []
    with t.on(entered_days_ago - 5):
        for title, area in findings:
            written.append(inspections.finding_save(
                inspection=_fresh(inspection), by=member, title=title, content_area=area,
                facts=f"经查，{title}。", basis=[clause], fieldwork=[fieldwork]))
    return _fresh(inspection), written


def _sign_through(finding, team, *, to="leader"):
    leader, deputy, member = _roles(team)
    finding = inspections.finding_submit(finding=finding, by=member,
                                         expected_version=finding.version)
    if to in {"deputy", "leader"}:
        finding = inspections.finding_sign(finding=finding, by=deputy, level="deputy",
                                           expected_version=finding.version)
    if to == "leader":
        finding = inspections.finding_sign(finding=finding, by=leader, level="leader",
                                           expected_version=finding.version)
    return finding


def _to_rectification(t, p, inspection, team, findings, *, ended_days_ago):
    """Report, hearing, feedback given and signed for; returns the inspection rectifying."""
    leader, _deputy, _member = _roles(team)
    secretary = p["dz_shuji"]
    unit = inspection.target_unit
    main_leader = unit.contacts.get(position="main_leader").user
    with t.on(ended_days_ago):
        inspection = inspections.inspection_end_onsite(inspection=_fresh(inspection), by=leader,
                                                       ended_on=t.day(ended_days_ago))
        report = inspections.report_save(inspection=inspection, by=leader, findings=findings,
                                         title=f"关于巡察{unit}党委的情况报告",
                                         analysis="总体情况分析", suggestions="整改建议")
        inspections.report_submit(report=report, by=leader, expected_version=report.version)
    with t.on(ended_days_ago - 10):
        inspections.hearing_record(
            inspection=_fresh(inspection), by=secretary, held_on=t.day(ended_days_ago - 10),
            meeting="领导小组会议", members_present=[secretary, p["dz_li"]],
            attendees=f"{team.name}组长", opinions="同意报告，补充整改建议",
            speech_file=_pdf("讲话.pdf"), filed_on=t.day(ended_days_ago - 10),
            filing_reference="报备")
        revision = inspections.report_revise(report=report, by=leader)
        inspections.report_send(report=revision, by=leader, expected_version=revision.version)
    with t.on(ended_days_ago - 12):
        inspections.party_hearing_record(
            inspection=_fresh(inspection), by=secretary, held_on=t.day(ended_days_ago - 12),
            meeting="厅党组会议", opinions="同意修改后的巡察报告",
            speech_file=_pdf("书记讲话.pdf"), filed_on=t.day(ended_days_ago - 12),
            filing_reference="报备")
    with t.on(ended_days_ago - 15):
        inspection = _fresh(inspection)
        feedback = rectification.feedback_save(
            inspection=inspection, by=leader, audience="leadership", body="反馈意见正文",
            findings=inspection.findings.filter(status="approved"),
            meeting_on=t.day(ended_days_ago - 15),
            attendees=[secretary, p["jjz_banli"], p["rsc_banli"]])
        feedback = rectification.feedback_request_consent(feedback=feedback, by=leader,
                                                          expected_version=feedback.version)
        feedback = rectification.feedback_consent(feedback=feedback, by=secretary, meeting="",
                                                  expected_version=feedback.version)
        feedback = rectification.feedback_give(feedback=feedback, by=leader,
                                               expected_version=feedback.version)
    with t.on(ended_days_ago - 16, hour=16):
        rectification.feedback_sign_for(feedback=feedback, by=main_leader,
                                        expected_version=feedback.version)
    contact = unit.contacts.get(position="contact").user
    with t.on(ended_days_ago - 26):
        # Art 19: within 15 days, the special meeting and the democratic life meeting.
        for kind, minutes in [("special", "专题研究巡察反馈意见，部署整改"),
                              ("democratic_life", "班子成员逐一对照检查，开展批评与自我批评")]:
            rectification.special_meeting_record(
                inspection=_fresh(inspection), by=contact, kind=kind,
                held_on=t.day(ended_days_ago - 26), participants="班子成员", minutes=minutes)
    return _fresh(inspection), feedback


def _plan(t, inspection, feedback, team, *, days_ago, due_dates):
    """The unit's plan, one measure per finding due on the given days, approved by the team."""
    leader, _deputy, _member = _roles(team)
    contact = inspection.target_unit.contacts.get(position="contact").user
    with t.on(days_ago):
        plan = rectification.plan_save(inspection=inspection, by=contact,
                                       summary="成立整改工作领导小组，逐项整改")
        for finding, due_on in zip(feedback.findings.order_by("pk"), due_dates, strict=False):
            rectification.plan_item_save(
                plan=plan, by=contact, finding=finding,
                measure=f"{finding.title}：建章立制、逐项整改",
                due_on=due_on, responsible_leader="单位主要负责人",
                responsible_department="党委办公室")
        plan = _fresh(plan)
        plan = rectification.plan_submit(plan=plan, by=contact, expected_version=plan.version)
    with t.on(days_ago - 2):
        plan = rectification.plan_review(plan=plan, by=leader, action="approve",
                                         comment="同意", expected_version=plan.version)
    return plan, contact, leader


def _archived_round(t, p, units, taken):
    """Last year's round, closed and archived."""
    unit = units["青海省国土空间规划研究院"]
    round_ = _approved_round(t, p, f"{t.today.year - 1}年第一轮巡察", t.today.year - 1,
                             [(unit, 300)], days_ago=330)
    inspection = round_.inspections.get()
    team = _authorised_team(t, p, round_, "第三巡察组", inspection, 6, taken, days_ago=315)
    inspection, written = _on_site(t, p, inspection, team, findings=FINDINGS[:2])
    with t.on(290):
        findings = [_sign_through(finding, team) for finding in written]
        deputy = _roles(team)[1]
        for petition in inspection.petitions.all():
            inspections.petition_triage(petition=petition, by=deputy, action="close",
                                        outcome="verify", note="已在巡察中核实",
                                        expected_version=petition.version)
    inspection, feedback = _to_rectification(t, p, inspection, team, findings,
                                             ended_days_ago=262)
    plan, contact, leader = _plan(t, inspection, feedback, team, days_ago=235,
                                  due_dates=[t.working(200), t.working(190)])
    with t.on(205):
        for item in plan.items.order_by("pk"):
            item = rectification.item_report(item=item, by=contact, action="request_closure",
                                             progress="已完成整改", expected_version=item.version)
            rectification.item_decide(item=item, by=leader, action="close", comment="核实完成",
                                      expected_version=item.version)
    with t.on(200):
        reports = [rectification.report_submit(
            inspection=_fresh(inspection), by=contact, kind=kind, body=body) for kind, body in (
                ("implementation", "党委落实巡察整改主体责任情况报告"),
                ("rectification", "落实巡察反馈意见整改情况报告"))]
    with t.on(198):
        for report in reports:
            for receipt in report.receipts.all():
                rectification.receipt_confirm(receipt=receipt, by=_receiver(p, receipt))
    with t.on(150):
        rectification.inspection_close(inspection=_fresh(inspection), by=p["jgjw_shuji"])
        inspections.inspection_archive(inspection=_fresh(inspection), by=p["jgjw_shuji"],
                                       checklist=list(ARCHIVE_CHECKLIST))
        inspections.round_complete(round_=_fresh(round_), by=p["jgjw_shuji"],
                                   expected_version=_fresh(round_).version)


def _current_round(t, p, units, taken):
    """This year's second round: unit A in rectification, unit B on site."""
    unit_a, unit_b = units["青海省地质调查局"], units["青海省自然资源综合调查监测院"]
    round_ = _approved_round(t, p, f"{t.today.year}年第二轮巡察", t.today.year,
                             [(unit_a, 120), (unit_b, 12)], days_ago=150)
    inspection_a = round_.inspections.get(target_unit=unit_a)
    inspection_b = round_.inspections.get(target_unit=unit_b)
    team_a = _authorised_team(t, p, round_, "第一巡察组", inspection_a, 6, taken, days_ago=135)

    # Unit A: signed findings, a clue at every step, then rectification in every colour.
    inspection_a, written = _on_site(t, p, inspection_a, team_a, findings=FINDINGS)
    with t.on(110):
        findings = [_sign_through(finding, team_a) for finding in written]
    _clues(t, p, inspection_a, team_a, findings[3])
    inspection_a, feedback = _to_rectification(t, p, inspection_a, team_a, findings,
                                               ended_days_ago=90)
    # Signed for 74 days ago: the 2-month report is overdue unless the unit sends it.
    plan, contact, leader = _plan(t, inspection_a, feedback, team_a, days_ago=55, due_dates=[
        t.ahead(60), t.ahead(4), t.working(0), t.working(3), t.ahead(30), t.ahead(45),
        t.ahead(20)])
    items = list(plan.items.order_by("pk"))
    with t.on(20):
        rectification.item_report(item=items[4], by=contact, action="request_closure",
                                  progress="制度已印发", expected_version=items[4].version)
        item = rectification.item_report(item=items[5], by=contact, action="request_closure",
                                         progress="已完成", expected_version=items[5].version)
        rectification.item_decide(item=item, by=leader, action="close", comment="核实完成",
                                  expected_version=item.version)
        for item in items[:3]:
            rectification.item_report(item=_fresh(item), by=contact, action="start",
                                      progress="正在推进", expected_version=_fresh(item).version)
        item = rectification.item_report(item=items[6], by=contact, action="request_closure",
                                         progress="已完成", expected_version=items[6].version)
    with t.on(15):
        rectification.item_decide(item=item, by=leader, action="return",
                                  comment="缺少制度印发文件，请补充佐证材料",
                                  expected_version=item.version)
    with t.on(5):
        # Sent late: the 2-month deadline shows the days it was missed by.
        for kind, body in (("implementation", "党委落实巡察整改主体责任情况报告"),
                           ("rectification", "落实巡察反馈意见整改情况报告")):
            rectification.report_submit(inspection=_fresh(inspection_a), by=contact,
                                        kind=kind, body=body)

    # Unit B: on site now, findings at each signature.
    team_b = _authorised_team(t, p, round_, "第二巡察组", inspection_b, 6, taken, days_ago=30)
    inspection_b, written = _on_site(t, p, inspection_b, team_b, findings=FINDINGS[:3])
    with t.on(3):
        _sign_through(written[0], team_b, to="deputy")
        _sign_through(written[1], team_b, to="submitted")
        leader_b, _deputy_b, _member_b = _roles(team_b)
        inspections.immediate_issue(inspection=_fresh(inspection_b), by=leader_b,
                                    issue="办公用房超标准配置", required_action="立即腾退并报告",
                                    due_on=t.ahead(5))
        inspections.escalation_raise(inspection=_fresh(inspection_b), by=leader_b,
                                     question="是否扩大对下属单位的抽查范围？")
        inspections.material_request(inspection=_fresh(inspection_b), by=leader_b,
                                     kind="work_report", items="落实全面从严治党主体责任专题汇报",
                                     due_on=t.ahead(4))
    with t.on(10):
        # Let pass: the team may record it as obstruction (Art 32 (2)).
        inspections.material_request(
            inspection=_fresh(inspection_b), by=_roles(team_b)[0], kind="materials",
            items="2024—2025年“三重一大”决策会议记录（调阅）",
            due_on=calendar.add_days(t.day(10), 3, t.cal).due)


def _receiver(p, receipt):
    return {"discipline": p["jjz_banli"], "hr": p["rsc_banli"],
            "office": p["jgjw_shuji"]}[receipt.recipient]


def _clues(t, p, inspection, team, finding):
    """Five clues, each one step further: registered, classified, transferred, signed for,
    answered with the office's opinion before the party group."""
    _leader, _deputy, member = _roles(team)
    secretary, director = p["dz_shuji"], p["jgjw_shuji"]
    organ = OrgUnit.objects.get(name="驻厅纪检监察组")
    handler = p["jjz_banli"]
    registered = []
    with t.on(108):
        for summary in ["收受管理服务对象购物卡", "违规兼职取酬", "插手工程项目",
                        "违规借用公车", "违规收受礼金"]:
            registered.append(clues.clue_register(
                inspection=_fresh(inspection), by=member, kind="problem", category="integrity",
                summary=summary, persons="某副局长", finding=finding))
    with t.on(100):
        for clue in registered[1:]:
            clues.clue_classify(clue=clue, by=secretary, decision="discipline", organ=organ,
                                meeting="领导小组会议", expected_version=clue.version)
        for clue in registered[2:]:
            clue = _fresh(clue)
            clues.clue_transfer(clue=clue, by=director, expected_version=clue.version)
    with t.on(95):
        for clue in registered[3:]:
            clue = _fresh(clue)
            clues.clue_sign_for(clue=clue, by=handler, expected_version=clue.version)
    with t.on(10):
        answered = _fresh(registered[4])
        clues.result_report(clue=answered, by=handler, disposition="conclude",
                            summary="经初步核实，反映问题属实，已给予诫勉谈话。", is_final=True)
        clues.proposal_make(by=director, clue=_fresh(answered), kind="accountability",
                            opinion="建议对相关责任人进行问责")


def _forming_round(t, p, units):
    """Next round, drafted by the office and waiting for the leadership group."""
    director = p["jgjw_shuji"]
    with t.on(2):
        round_ = inspections.round_save(by=director, name=f"{t.today.year}年第三轮巡察",
                                        year=t.today.year, inspection_type="regular", modes=[])
        entry = t.ahead(30)
        for name in ["青海省自然资源信息中心", "青海省不动产登记局"]:
            inspections.inspection_save(
                by=director, round_=round_, target_unit=units[name], inspection_type="regular",
                modes=[], content_areas=["political"], planned_entry_on=entry,
                planned_end_on=calendar.nth_working_day(entry, 30, t.cal).due)
        inspections.round_submit(round_=round_, by=director, expected_version=1)


def seed_rounds(*, log=print):
    """Builds the demo's rounds once; a second run finds them and does nothing."""
    if Round.objects.filter(name__endswith="年第二轮巡察").exists():
        return False
    t = Timeline(clock.today())
    p = _people()
    units = {unit.name: unit for unit in OrgUnit.objects.all()}
    taken = set()
    _archived_round(t, p, units, taken)
    log("  archived: last year's first round (one inspection, closed and archived)")
    _current_round(t, p, units, taken)
    log("  current round: one unit in rectification (items in every colour, clues at every "
        "step), one on site (findings in sign-off)")
    _forming_round(t, p, units)
    log("  next round: drafted and waiting for the leadership group")
    deadline_sweep(today=t.today)
    log(f"  {Inspection.objects.count()} inspections; reminders sent for today's deadlines")
    return True
