"""Objects in the state each action needs, built through the real services.

The role-rule matrix first creates every role (the main round: unit A, its authorised team),
then asks a builder here for the object of one action. Builders that need a round or a team
in an earlier state make their own on another unit, so nothing depends on the order in which
pytest happens to create fixtures."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import services as accounts
from accounts.models import OrgUnit
from clues import services as clues
from deadlines import clock
from deadlines.models import Deadline, HolidayOverride
from inspections import services as inspections
from inspections.models import Inspection, Report, Round
from rectification import services as rectification
from teams import services as teams
from tests.conftest import _team_people, feedback_consented, feedback_draft, sign_through
from tests.factories import OrgUnitFactory, UserFactory, due_later, pdf, pdf_bytes, train

SHANGHAI = ZoneInfo("Asia/Shanghai")


class World:
    """Fixture values by name, and what the builders made."""

    def __init__(self, request):
        self.request = request

    def __getattr__(self, name):
        return self.request.getfixturevalue(name)


def scan():
    return SimpleUploadedFile("批复.pdf", pdf_bytes("approval scan"), "application/pdf")


def new_round(w, name, *, stage="province_approved"):
    """A round of its own on a fresh unit, taken as far as `stage`."""
    unit = OrgUnitFactory()
    round_ = inspections.round_save(by=w.office_director, name=name, year=2026,
                                    inspection_type="regular", modes=[])
    inspections.inspection_save(
        by=w.office_director, round_=round_, target_unit=unit, inspection_type="regular",
        modes=[], content_areas=["political"], planned_entry_on=date(2026, 9, 14),
        planned_end_on=date(2026, 10, 15))
    if stage == "draft":
        return round_
    round_ = inspections.round_submit(round_=round_, by=w.office_director,
                                      expected_version=round_.version)
    if stage == "submitted":
        return round_
    round_ = inspections.round_approve(round_=round_, by=w.leadership_leader,
                                       expected_version=round_.version)
    if stage == "approved":
        return round_
    return inspections.round_record_provincial_approval(
        round_=round_, by=w.office_director, expected_version=round_.version,
        doc_number=f"青巡办〔2026〕{round_.pk}号", doc_date=date(2026, 8, 20), doc_file=scan())


def forming_team(w, name="第七巡察组", size=6):
    """A team being formed on a round of its own, with a valid composition."""
    round_ = new_round(w, f"2026年{name}轮次{Round.objects.count()}")
    team = teams.team_create(round_=round_, name=name, by=w.office_director)
    people = _team_people(f"t{round_.pk}_", size, ["discipline", "finance_audit"])
    for person, position in zip(people, ["leader", "deputy"] + ["member"] * (size - 2),
                                strict=True):
        teams.team_member_add(team=team, user=person, position=position, by=w.office_director)
    teams.team_assign_inspection(team=team, inspection=round_.inspections.get(),
                                 by=w.office_director)
    team.refresh_from_db()
    return team


def approved_team(w, *, declared=True):
    team = forming_team(w, "第八巡察组")
    team = teams.team_approve(team=team, by=w.leadership_leader, expected_version=team.version,
                              meeting="领导小组会议")
    if declared:
        for membership in team.active_members():
            teams.membership_declare(membership=membership, by=membership.user,
                                     declarations=[])
            teams.membership_sign_pledge(membership=membership, by=membership.user)
    train(team, by=w.office_director)
    team.refresh_from_db()
    return team


def outsider(w):
    """A member of an authorised team of another round and unit: sees none of unit A."""
    team = approved_team(w)
    team = teams.team_authorise(team=team, by=w.party_secretary, expected_version=team.version,
                                document="党组会")
    return team.memberships.filter(position="member").first().user


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def on_site(w):
    w.request.getfixturevalue("fieldwork")  # the first record moves the team on site
    return fresh(w.notified)


def reporting(w):
    inspection = on_site(w)
    return inspections.inspection_end_onsite(inspection=inspection, by=w.team_leader,
                                             ended_on=date(2026, 10, 15))


def approved_finding(w):
    return sign_through(w.finding, w.team_member, w.deputy, w.team_leader)


def draft_report(w):
    finding = approved_finding(w)
    inspection = reporting(w)
    return inspections.report_save(inspection=inspection, by=w.team_leader, findings=[finding],
                                   title="巡察报告", analysis="分析", suggestions="建议")


def report_submitted(w):
    report = draft_report(w)
    report = inspections.report_submit(report=report, by=w.team_leader,
                                       expected_version=report.version)
    return fresh(report.inspection)


def heard_report(w):
    """The report the leadership group heard (Art 17), as it was submitted."""
    inspection = report_submitted(w)
    inspections.hearing_record(inspection=inspection, by=w.leadership_leader,
                               held_on=date(2026, 11, 5), meeting="领导小组会议",
                               members_present=[w.leadership_leader], opinions="修改后报党组")
    return Report.objects.get(inspection=inspection, status=Report.Status.SUBMITTED)


def revised_report(w):
    return inspections.report_revise(report=heard_report(w), by=w.team_leader)


def revision_sent(w):
    revision = revised_report(w)
    with clock.frozen(datetime(2026, 11, 10, 10, tzinfo=SHANGHAI)):
        inspections.report_send(report=revision, by=w.team_leader,
                                expected_version=revision.version)
    return fresh(revision.inspection)


def submitted_finding(w):
    return inspections.finding_submit(finding=w.finding, by=w.team_member,
                                      expected_version=w.finding.version)


def deputy_reviewed_finding(w):
    finding = submitted_finding(w)
    return inspections.finding_sign(finding=finding, by=w.deputy, level="deputy",
                                    expected_version=finding.version)


def petition(w):
    return inspections.petition_receive(
        inspection=w.notified, by=w.team_member, channel="letter", subject="反映违规发放补贴",
        content="2025年违规发放加班补贴", reporter_name="赵某", reporter_contact="13800000000")


def announced(w):
    return inspections.announcement_publish(
        inspection=w.notified, by=w.team_leader, body="巡察公告正文", schedule="9月14日至10月15日",
        address="甲院3楼", mailbox="1号信箱", phone="0971-1234567")


def material_request(w):
    return inspections.material_request(inspection=w.notified, by=w.team_leader,
                                        kind="materials", items="2025年党委会会议记录（调阅）",
                                        due_on=workday_after(5))


def workday_after(days):
    """A date a person may choose: a working day (a weekend or holiday is refused)."""
    from deadlines import calendar
    from deadlines.services import load_calendar

    return calendar.add_days(clock.today(), days, load_calendar()).due


def immediate(w, *, replied=False):
    notice = inspections.immediate_issue(inspection=w.notified, by=w.team_leader, issue="问题",
                                         required_action="立即整改")
    if replied:
        notice = inspections.immediate_reply(notice=notice, by=w.unit_contact, reply="已整改",
                                             expected_version=notice.version)
    return notice


def midterm(w):
    return inspections.midterm_report(inspection=w.notified, by=w.team_leader,
                                      reported_on=date(2026, 9, 28), progress="已谈话42人",
                                      second_half_plan="深入了解")


def escalation(w, *, forwarded=False):
    request = inspections.escalation_raise(inspection=w.notified, by=w.team_leader,
                                           question="是否扩大抽查范围？")
    if forwarded:
        request = inspections.escalation_office(request=request, by=w.office_staff,
                                                action="forward", note="请领导小组决定",
                                                expected_version=request.version)
    return request


def practice(w):
    return inspections.practice_recommend(
        inspection=w.notified, by=w.team_member, kind="experience", area="talent",
        title="青年干部“导师帮带”制度", description="2024年起每名新入职干部配备导师")


def lapse(w):
    from teams import services as teams

    team = w.authorised_team
    return teams.team_lapse_record(
        team=team, by=w.office_director, membership=team.memberships.get(user=w.team_member),
        kind="missed", description="采购拆分问题未发现", found_how="2027年审计发现")


def follow_up(w):
    """A 回头看 of unit A, on site, re-checking the inspection whose plan is approved."""
    from tests.conftest import _team_people
    from tests.factories import form_authorised_team

    earlier = w.approved_plan.inspection
    round_ = inspections.round_save(by=w.office_director, name="2026年第三轮巡察（回头看）",
                                    year=2026, inspection_type="follow_up", modes=[])
    inspection = inspections.inspection_save(
        by=w.office_director, round_=round_, target_unit=earlier.target_unit,
        inspection_type="follow_up", rechecks=earlier, modes=[],
        content_areas=["rectification"], planned_entry_on=date(2026, 11, 30),
        planned_end_on=date(2026, 12, 31))
    round_ = inspections.round_submit(round_=round_, by=w.office_director,
                                      expected_version=round_.version)
    round_ = inspections.round_approve(round_=round_, by=w.leadership_leader,
                                       expected_version=round_.version)
    inspections.round_record_provincial_approval(
        round_=round_, by=w.office_director, expected_version=round_.version,
        doc_number="青巡办〔2026〕40号", doc_date=date(2026, 11, 20), doc_file=w.province_scan)
    form_authorised_team(round_, "回头看组", _team_people("f", 6, ["discipline", "personnel"]),
                         [inspection], office=w.office_director, leader=w.leadership_leader,
                         secretary=w.party_secretary)
    inspections.notice_issue(inspection=inspection, by=w.office_director,
                             addressee="中共青海省甲测试院委员会", body="回头看")
    return fresh(inspection)


def term_plan(w, *, submitted=False):
    plan = inspections.plan_save(by=w.office_director, kind="term", title="2022—2026年巡察规划",
                                 start_year=2022, end_year=2026, content="全覆盖")
    if submitted:
        plan = inspections.plan_submit(plan=plan, by=w.office_director,
                                       expected_version=plan.version)
    return plan


def annual_plan(w):
    """An annual plan submitted: the leadership group approves it itself (Art 8)."""
    plan = inspections.plan_save(by=w.office_director, kind="annual", parent=term_plan(w),
                                 title="2026年度巡察计划", start_year=2026, end_year=2026,
                                 content="两轮常规巡察")
    return inspections.plan_submit(plan=plan, by=w.office_director, expected_version=plan.version)


def reviewed_term_plan(w):
    """A term plan the leadership group passed on: the party group decides it (Art 3)."""
    plan = term_plan(w, submitted=True)
    return inspections.plan_review(plan=plan, by=w.leadership_leader,
                                   expected_version=plan.version)


def archived_round(w):
    """Every inspection archived, the round in progress: ready to complete."""
    inspection = w.closed
    inspections.inspection_archive(inspection=inspection, by=w.office_director,
                                   checklist=list(inspections.ARCHIVE_CHECKLIST))
    return fresh(inspection.round)


def team_with_spare_target(w):
    """A forming team and a target unit of its round not yet assigned to any team."""
    team = forming_team(w, "第六巡察组")
    inspections.inspection_save(
        by=w.office_director, round_=team.round, target_unit=OrgUnitFactory(),
        inspection_type="regular", modes=[], content_areas=["political"],
        planned_entry_on=date(2026, 9, 14), planned_end_on=date(2026, 10, 15))
    return team


def spare_inspection(team):
    return team.round.inspections.get(team__isnull=True)


def recusal_team(w):
    """A forming team with a member who now works in the target unit."""
    team = forming_team(w, "第九巡察组")
    membership = team.memberships.filter(position="member").first()
    membership.user.org_unit = team.inspections.get().target_unit
    membership.user.save()
    return team


def feedback(w, stage):
    draft = feedback_draft(w.heard, by=w.team_leader, attendees=w.feedback_attendees)
    if stage == "draft":
        return draft
    if stage == "awaiting":
        return rectification.feedback_request_consent(feedback=draft, by=w.team_leader,
                                                      expected_version=draft.version)
    return feedback_consented(draft, by=w.team_leader, secretary=w.party_secretary)


def rect_plan(w, *, submitted=False):
    inspection = w.signed_for.inspection
    plan = rectification.plan_save(inspection=inspection, by=w.unit_contact, summary="逐项整改")
    for finding in w.signed_for.findings.all():
        rectification.plan_item_save(plan=plan, by=w.unit_contact, finding=finding,
                                     measure="修订制度", due_on=due_later(),
                                     responsible_leader="高书记", responsible_department="党办")
    plan = fresh(plan)
    if submitted:
        plan = rectification.plan_submit(plan=plan, by=w.unit_contact,
                                         expected_version=plan.version)
    return plan


def item(w, stage="open"):
    item = w.approved_plan.items.first()
    if stage == "in_progress":
        item = rectification.item_report(item=item, by=w.unit_contact, action="start",
                                         progress="已启动", expected_version=item.version)
    if stage == "closure_requested":
        item = rectification.item_report(item=item, by=w.unit_contact,
                                         action="request_closure", progress="已完成",
                                         expected_version=item.version)
    return item


def ready_to_close(w):
    for each in w.approved_plan.items.all():
        each = rectification.item_report(item=each, by=w.unit_contact,
                                         action="request_closure", progress="已完成",
                                         expected_version=each.version)
        rectification.item_decide(item=each, by=w.team_leader, action="close", comment="核实",
                                  expected_version=each.version)
    for kind in ("implementation", "rectification"):
        rectification.report_submit(inspection=w.approved_plan.inspection, by=w.unit_contact,
                                    kind=kind, body="整改情况报告")
    return fresh(w.approved_plan.inspection)


def discipline_receipt(w):
    report = rectification.report_submit(inspection=w.approved_plan.inspection,
                                         by=w.unit_contact, kind="rectification",
                                         body="整改情况报告")
    return report.receipts.get(recipient="discipline")


def publication(w, *, approved=False):
    publication = rectification.publication_save(
        inspection=w.approved_plan.inspection, by=w.office_director, channel="portal",
        title="整改情况通报", text="[[高振华]]同志主持整改。")
    if approved:
        publication = rectification.publication_approve(publication=publication,
                                                        by=w.office_staff,
                                                        expected_version=publication.version)
    return publication


def clue(w, stage="registered"):
    clue = clues.clue_register(inspection=w.notified, by=w.team_member, kind="problem",
                               category="integrity", summary="收受购物卡", persons="张某",
                               finding=w.finding)
    if stage == "registered":
        return clue
    clue = clues.clue_classify(clue=clue, by=w.leadership_leader, decision="discipline",
                               organ=w.discipline_organ, meeting="领导小组会议",
                               expected_version=clue.version)
    if stage == "classified":
        return clue
    clue = clues.clue_transfer(clue=clue, by=w.office_staff, expected_version=clue.version)
    if stage == "transferred":
        return clue
    with clock.frozen(datetime(2026, 11, 30, 10, tzinfo=SHANGHAI)):
        clue = clues.clue_sign_for(clue=clue, by=w.discipline_handler,
                                   expected_version=clue.version)
    if stage == "signed_for":
        return clue
    clues.result_report(clue=clue, by=w.discipline_handler, disposition="conclude",
                        summary="属实", is_final=True)
    return fresh(clue)


def proposal(w):
    return clues.proposal_make(by=w.office_staff, clue=clue(w, "result_reported"),
                               kind="accountability", opinion="建议问责")


def obstruction(w):
    return clues.obstruction_record(inspection=w.notified, by=w.team_member,
                                    situation="concealing", against="某处长",
                                    description="提供虚假材料")


def complaint(w):
    return clues.complaint_file(by=w.unit_contact, team=w.authorised_team, about=w.team_member,
                                addressee="office", conduct="gifts", content="收受礼品")


def deadline(w):
    return Deadline.objects.get(inspection=w.notified, kind=Deadline.Kind.ONSITE_END)


def calendar_day(w):
    from deadlines import services as deadlines

    override, _moved = deadlines.holiday_override_save(
        by=w.office_director, day=date(2027, 10, 9), is_workday=True,
        note="调休上班", source=HolidayOverride.Source.OFFICIAL)
    return override


def retired_clause(w):
    from inspections import services as inspections

    clause = w.basis_clause
    return inspections.basis_clause_retire(clause=clause, by=w.office_director,
                                           reason="已被2024年修订版废止",
                                           expected_version=clause.version)


def person(w):
    return UserFactory(username="matrix_person", full_name="矩阵人员",
                       email="matrix_person@example.org")


def disabled_person(w):
    from accounts import services as accounts

    return accounts.user_disable(user=person(w), by=w.sysadmin, reason="借调")


def person_with_second_factor(w):
    from accounts import services as accounts

    someone = person(w)
    device = accounts.second_factor_pending(user=someone)
    device.confirmed = True
    device.save()
    return someone


def role_record(w):
    from accounts.models import OfficeMember
    from tests.factories import grant

    grant(OfficeMember, person(w), position=OfficeMember.Position.LIAISON)
    return OfficeMember.objects.get(user__username="matrix_person")


def unit(w):
    return OrgUnit.objects.get(name="青海省甲测试院")


__all__ = ["Inspection", "Report", "pdf"]


def interface_account(w):
    """An integrating system's own account: a contact of unit A that never signs in."""
    from accounts.models import UnitContact

    system = UserFactory(username="unit_a_ledger", full_name="甲院整改台账系统", api_only=True)
    UnitContact.objects.create(user=system, unit=w.unit_a, position="contact")
    accounts.user_groups_sync(user=system)
    return system


def api_token(w):
    from api import services as api

    return api.token_create(by=w.unit_contact, name="甲院台账", scopes=["read"], days=30,
                            verified=True)[0]
