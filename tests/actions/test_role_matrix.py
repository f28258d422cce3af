"""The role-rule matrix, generated from the actions tables (issue: who may act).

Every action of every table is tried by every role of DESIGN §3, by an outsider of another
unit and of another team, and anonymously: once through its service and once by HTTP POST
with a valid CSRF token. Only the roles listed here succeed; for every other one nothing
changes in the database (row counts of every table and every history table) and the security
log gains only the denial. An action in a table without a spec here fails, and so does a spec
whose service does not ask `ensure_can` for its action.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.http import Http404
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from accounts import services as accounts
from accounts.models import PartyGroupMember
from api import services as api_services
from audit.models import SecurityEvent
from clues import services as clues
from config import actions as actions_module
from config.actions import REGISTRY
from deadlines import services as deadlines
from inspections import services as inspections
from rectification import services as rectification
from teams import services as teams
from teams.models import EmploymentRecord
from tests.actions import worlds as W
from tests.factories import UserFactory, pdf

ROLES = ["office_director", "office_deputy", "office_staff", "leadership_leader",
         "leadership_member", "party_secretary", "party_member", "team_leader", "deputy",
         "team_member", "main_leader", "unit_contact", "discipline_handler", "hr_handler",
         "sysadmin", "security_officer", "auditor", "unit_b_contact", "outsider", "anonymous"]
OFFICE = {"office_director", "office_deputy", "office_staff"}
LEADERSHIP = {"leadership_leader", "leadership_member"}
PARTY = {"party_secretary", "party_member"}
TEAM = {"team_leader", "deputy", "team_member"}
LEAD = {"team_leader", "deputy"}
UNIT = {"main_leader", "unit_contact"}
SIGNED_IN = set(ROLES) - {"anonymous"}
EVERYONE = set(ROLES)


@dataclass
class Spec:
    world: object  # World -> the object acted on (or the parent it is created under)
    allowed: set
    service: object  # (obj, user, world) -> None
    http: object  # (obj, world) -> (url, data)
    extra_roles: dict = field(default_factory=dict)  # name -> (World, obj) -> user
    needs: tuple = ()  # fixtures the attempts use, created before any attempt
    api: object = None  # (obj, world) -> (url, data, multipart): the same action by the API


def v(obj):
    return {"version": obj.version}


def finding_data(w):
    return {"title": "新问题", "content_area": "political", "facts": "事实", "severity": "general",
            "basis": [w.basis_clause.pk]}


def feedback_data(w):
    return {"audience": "main_leader", "findings": [f.pk for f in w.heard.findings.all()],
            "body": "反馈正文", "meeting_on": "2026-11-20",
            "attendees": [p.pk for p in w.feedback_attendees]}


SPECS = {
    # accounts -------------------------------------------------------------------------------
    "accounts.OrgUnit:create": Spec(
        lambda w: None, {"sysadmin"},
        lambda o, u, w: accounts.orgunit_create(by=u, name="新单位", kind="unit"),
        lambda o, w: (reverse("accounts:orgunit_create"),
                      {"name": "新单位", "kind": "unit", "sort_order": 0, "is_active": "on"})),
    "accounts.OrgUnit:edit": Spec(
        W.unit, {"sysadmin"},
        lambda o, u, w: accounts.orgunit_update(unit=o, by=u, expected_version=o.version,
                                                short_name="甲院"),
        lambda o, w: (reverse("accounts:orgunit_edit", args=[o.pk]),
                      {"name": o.name, "short_name": "甲院", "kind": "unit", "sort_order": 0,
                       "is_active": "on", **v(o)})),
    "accounts.User:create": Spec(
        lambda w: None, {"sysadmin"},
        lambda o, u, w: accounts.user_create(by=u, username="new_person", full_name="新人"),
        lambda o, w: (reverse("accounts:user_create"),
                      {"username": "new_person", "full_name": "新人"})),
    "accounts.User:edit": Spec(
        W.person, {"sysadmin"},
        lambda o, u, w: accounts.user_update(user=o, by=u, expected_version=o.version,
                                             position_title="科员"),
        lambda o, w: (reverse("accounts:user_edit", args=[o.pk]),
                      {"username": o.username, "full_name": o.full_name,
                       "position_title": "科员", **v(o)})),
    "accounts.User:issue_activation": Spec(
        W.person, {"sysadmin"},
        lambda o, u, w: accounts.user_issue_activation(user=o, by=u),
        lambda o, w: (reverse("accounts:user_account_action", args=[o.pk, "issue_activation"]),
                      {})),
    "accounts.User:disable": Spec(
        W.person, {"sysadmin"},
        lambda o, u, w: accounts.user_disable(user=o, by=u, reason="离职"),
        lambda o, w: (reverse("accounts:user_account_action", args=[o.pk, "disable"]),
                      {"reason": "离职"})),
    "accounts.User:enable": Spec(
        W.disabled_person, {"sysadmin"},
        lambda o, u, w: accounts.user_enable(user=o, by=u),
        lambda o, w: (reverse("accounts:user_account_action", args=[o.pk, "enable"]), {})),
    "accounts.User:reset_second_factor": Spec(
        W.person_with_second_factor, {"security_officer"},
        lambda o, u, w: accounts.second_factor_reset(user=o, by=u),
        lambda o, w: (reverse("accounts:user_account_action",
                              args=[o.pk, "reset_second_factor"]), {})),
    "accounts.User:grant_role": Spec(
        W.person, {"security_officer"},
        # With links, so the matrix sees that the record and its units are one history row.
        lambda o, u, w: accounts.role_record_save(
            record=PartyGroupMember(user=o, duty="分管甲院"), by=u,
            m2m={"supervised_units": [w.unit_a]}),
        lambda o, w: (reverse("accounts:role_create", args=["party_group"]),
                      {"user": o.pk, "duty": "分管甲院", "supervised_units": [w.unit_a.pk]})),
    "accounts.User:revoke_role": Spec(
        W.role_record, {"security_officer"},
        lambda o, u, w: accounts.role_record_remove(record=o, by=u),
        lambda o, w: (reverse("accounts:role_remove", args=["office", o.pk]), {})),
    # deadlines ------------------------------------------------------------------------------
    "deadlines.Deadline:waive": Spec(
        W.deadline, OFFICE,
        lambda o, u, w: deadlines.deadline_waive(deadline=o, by=u, reason="调整",
                                                 expected_version=o.version),
        lambda o, w: (reverse("deadlines:deadline_waive", args=[o.pk]),
                      {"reason": "调整", **v(o)})),
    "deadlines.HolidayOverride:create": Spec(
        lambda w: None, OFFICE,
        lambda o, u, w: deadlines.holiday_override_save(
            by=u, day=date(2027, 2, 20), is_workday=True, note="调休", source="official"),
        lambda o, w: (reverse("deadlines:override_create"),
                      {"day": "2027-02-20", "is_workday": "on", "note": "调休",
                       "source": "official"}),
        api=lambda o, w: (reverse("api:override-list"),
                          {"day": "2027-02-20", "is_workday": True, "note": "调休",
                           "source": "official"}, False)),
    "deadlines.HolidayOverride:edit": Spec(
        W.calendar_day, OFFICE,
        lambda o, u, w: deadlines.holiday_override_save(
            by=u, override=o, day=o.day, is_workday=True, note="改", source="official",
            expected_version=o.version),
        lambda o, w: (reverse("deadlines:override_edit", args=[o.pk]),
                      {"day": o.day.isoformat(), "is_workday": "on", "note": "改",
                       "source": "official", **v(o)})),
    "deadlines.HolidayOverride:delete": Spec(
        W.calendar_day, OFFICE,
        lambda o, u, w: deadlines.holiday_override_delete(override=o, by=u),
        lambda o, w: (reverse("deadlines:override_delete", args=[o.pk]), {})),
    # plans and rounds -----------------------------------------------------------------------
    "inspections.Plan:create": Spec(
        lambda w: None, OFFICE,
        lambda o, u, w: inspections.plan_save(by=u, kind="term", title="规划", start_year=2027,
                                              end_year=2031, content="全覆盖"),
        lambda o, w: (reverse("inspections:plan_create"),
                      {"kind": "term", "title": "规划", "start_year": 2027, "end_year": 2031,
                       "content": "全覆盖"})),
    "inspections.Plan:edit": Spec(
        W.term_plan, OFFICE,
        lambda o, u, w: inspections.plan_save(by=u, plan=o, expected_version=o.version,
                                              content="改"),
        lambda o, w: (reverse("inspections:plan_edit", args=[o.pk]),
                      {"kind": "term", "title": o.title, "start_year": 2022, "end_year": 2026,
                       "content": "改", **v(o)})),
    "inspections.Plan:submit": Spec(
        W.term_plan, OFFICE,
        lambda o, u, w: inspections.plan_submit(plan=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("inspections:plan_review", args=[o.pk]),
                      {"action": "submit", **v(o)})),
    "inspections.Plan:approve": Spec(
        W.annual_plan, LEADERSHIP,
        lambda o, u, w: inspections.plan_approve(plan=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("inspections:plan_review", args=[o.pk]),
                      {"action": "approve", **v(o)})),
    "inspections.Plan:review": Spec(
        lambda w: W.term_plan(w, submitted=True), LEADERSHIP,
        lambda o, u, w: inspections.plan_review(plan=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("inspections:plan_review", args=[o.pk]),
                      {"action": "review", **v(o)})),
    "inspections.Plan:decide": Spec(
        W.reviewed_term_plan, {"party_secretary"},
        lambda o, u, w: inspections.plan_decide(plan=o, by=u, expected_version=o.version,
                                                comment="厅党组会议"),
        lambda o, w: (reverse("inspections:plan_review", args=[o.pk]),
                      {"action": "decide", "comment": "厅党组会议", **v(o)})),
    "inspections.Plan:send_back": Spec(
        W.reviewed_term_plan, {"party_secretary"},
        lambda o, u, w: inspections.plan_send_back(plan=o, by=u, expected_version=o.version,
                                                   comment="补充"),
        lambda o, w: (reverse("inspections:plan_review", args=[o.pk]),
                      {"action": "send_back", "comment": "补充", **v(o)})),
    "inspections.Plan:return": Spec(
        lambda w: W.term_plan(w, submitted=True), LEADERSHIP,
        lambda o, u, w: inspections.plan_return(plan=o, by=u, expected_version=o.version,
                                                comment="补充"),
        lambda o, w: (reverse("inspections:plan_review", args=[o.pk]),
                      {"action": "return", "comment": "补充", **v(o)})),
    "inspections.Round:create": Spec(
        lambda w: None, OFFICE,
        lambda o, u, w: inspections.round_save(by=u, name="2027年第一轮巡察", year=2027,
                                               inspection_type="regular", modes=[]),
        lambda o, w: (reverse("inspections:round_create"),
                      {"name": "2027年第一轮巡察", "year": 2027, "inspection_type": "regular"})),
    "inspections.Round:edit": Spec(
        lambda w: W.new_round(w, "矩阵草稿轮", stage="draft"), OFFICE,
        lambda o, u, w: inspections.round_save(by=u, round_=o, expected_version=o.version,
                                               work_plan="方案"),
        lambda o, w: (reverse("inspections:round_edit", args=[o.pk]),
                      {"name": o.name, "year": 2026, "inspection_type": "regular",
                       "work_plan": "方案", **v(o)})),
    "inspections.Round:add_target": Spec(
        lambda w: W.new_round(w, "矩阵草稿轮", stage="draft"), OFFICE,
        lambda o, u, w: inspections.inspection_save(
            by=u, round_=o, target_unit=w.unit_b, inspection_type="regular", modes=[],
            content_areas=["political"], planned_entry_on=date(2026, 9, 14),
            planned_end_on=date(2026, 10, 15)),
        lambda o, w: (reverse("inspections:inspection_create", args=[o.pk]),
                      {"target_unit": w.unit_b.pk, "inspection_type": "regular",
                       "content_areas": ["political"], "planned_entry_on": "2026-09-14",
                       "planned_end_on": "2026-10-15"})),
    "inspections.Round:submit": Spec(
        lambda w: W.new_round(w, "矩阵草稿轮", stage="draft"), OFFICE,
        lambda o, u, w: inspections.round_submit(round_=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("inspections:round_action", args=[o.pk]),
                      {"action": "submit", **v(o)})),
    "inspections.Round:approve": Spec(
        lambda w: W.new_round(w, "矩阵报审轮", stage="submitted"), LEADERSHIP,
        lambda o, u, w: inspections.round_approve(round_=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("inspections:round_action", args=[o.pk]),
                      {"action": "approve", **v(o)})),
    "inspections.Round:return": Spec(
        lambda w: W.new_round(w, "矩阵报审轮", stage="submitted"), LEADERSHIP,
        lambda o, u, w: inspections.round_return(round_=o, by=u, expected_version=o.version,
                                                 comment="补充"),
        lambda o, w: (reverse("inspections:round_action", args=[o.pk]),
                      {"action": "return", "comment": "补充", **v(o)})),
    "inspections.Round:record_province_approval": Spec(
        lambda w: W.new_round(w, "矩阵已批轮", stage="approved"), OFFICE,
        lambda o, u, w: inspections.round_record_provincial_approval(
            round_=o, by=u, expected_version=o.version, doc_number="青巡办〔2026〕99号",
            doc_date=date(2026, 8, 20), doc_file=W.scan()),
        lambda o, w: (reverse("inspections:round_province", args=[o.pk]),
                      {"doc_number": "青巡办〔2026〕99号", "doc_date": "2026-08-20",
                       "doc_file": W.scan(), **v(o)})),
    "inspections.Round:form_team": Spec(
        lambda w: W.new_round(w, "矩阵组队轮"), OFFICE,
        lambda o, u, w: teams.team_create(round_=o, name="第五巡察组", by=u),
        lambda o, w: (reverse("teams:team_create", args=[o.pk]), {"name": "第五巡察组"})),
    "inspections.Round:complete": Spec(
        W.archived_round, OFFICE,
        lambda o, u, w: inspections.round_complete(round_=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("inspections:round_action", args=[o.pk]),
                      {"action": "complete", **v(o)})),
    # inspections ----------------------------------------------------------------------------
    "inspections.Inspection:edit": Spec(
        lambda w: w.authorised_team.inspections.get(), OFFICE,
        lambda o, u, w: inspections.inspection_save(
            by=u, round_=o.round, inspection=o, expected_version=o.version,
            content_areas=["political", "discipline"]),
        lambda o, w: (reverse("inspections:inspection_edit", args=[o.pk]),
                      {"target_unit": o.target_unit_id, "inspection_type": "regular",
                       "content_areas": ["political", "discipline"],
                       "planned_entry_on": "2026-09-14", "planned_end_on": "2026-10-15",
                       **v(o)})),
    "inspections.Inspection:issue_notice": Spec(
        lambda w: w.authorised_team.inspections.get(), OFFICE,
        lambda o, u, w: inspections.notice_issue(inspection=o, by=u, addressee="中共某委员会",
                                                 body="定于9月14日进驻"),
        lambda o, w: (reverse("inspections:notice_issue", args=[o.pk]),
                      {"addressee": "中共某委员会", "body": "定于9月14日进驻"})),
    "inspections.Inspection:publish_announcement": Spec(
        lambda w: w.notified, OFFICE | TEAM,
        lambda o, u, w: inspections.announcement_publish(
            inspection=o, by=u, body="公告", schedule="9月", address="3楼", mailbox="1号",
            phone="0971-1"),
        lambda o, w: (reverse("inspections:announcement_publish", args=[o.pk]),
                      {"body": "公告", "schedule": "9月", "address": "3楼", "mailbox": "1号",
                       "phone": "0971-1"})),
    "inspections.Inspection:record_fieldwork": Spec(
        lambda w: w.notified, TEAM,
        lambda o, u, w: inspections.fieldwork_record_create(
            inspection=o, by=u, method="records", held_on=date(2026, 9, 16), summary="调阅"),
        lambda o, w: (reverse("inspections:fieldwork_create", args=[o.pk]),
                      {"method": "records", "held_on": "2026-09-16", "summary": "调阅"})),
    "inspections.Inspection:record_interview": Spec(
        lambda w: w.notified, TEAM,
        lambda o, u, w: inspections.interview_note_create(
            inspection=o, by=u, interviewee="张某", interviewee_position="副院长",
            interviewers=[w.team_member, w.deputy],
            held_at=datetime(2026, 9, 15, 10, tzinfo=W.SHANGHAI),
            place="谈话室", content="谈话内容"),
        lambda o, w: (reverse("inspections:note_create", args=[o.pk]),
                      {"interviewee": "张某", "interviewee_position": "副院长",
                       "interviewers": [w.team_member.pk, w.deputy.pk],
                       "held_at": "2026-09-15T10:00", "place": "谈话室", "content": "内容"})),
    "inspections.Inspection:record_petition": Spec(
        lambda w: w.notified, TEAM,
        lambda o, u, w: inspections.petition_receive(inspection=o, by=u, channel="letter",
                                                     subject="来信", content="内容"),
        lambda o, w: (reverse("inspections:petition_create", args=[o.pk]),
                      {"channel": "letter", "subject": "来信", "content": "内容",
                       "received_at": "2026-09-15T10:00"})),
    "inspections.Inspection:receive_online_petition": Spec(
        lambda w: W.announced(w).inspection, EVERYONE,
        lambda o, u, w: inspections.petition_receive_online(inspection=o, subject="网上举报",
                                                            content="内容"),
        lambda o, w: (reverse("inspections:public_petition",
                              args=[o.announcement.petition_token]),
                      {"subject": "网上举报", "content": "内容", "rendered": w.rendered_token})),
    "inspections.Inspection:write_finding": Spec(
        lambda w: w.notified, TEAM,
        lambda o, u, w: inspections.finding_save(inspection=o, by=u, title="新问题",
                                                 content_area="political", facts="事实"),
        lambda o, w: (reverse("inspections:finding_create", args=[o.pk]), finding_data(w)),
        needs=("basis_clause",)),
    "inspections.Inspection:write_report": Spec(
        W.on_site, TEAM,
        lambda o, u, w: inspections.report_save(inspection=o, by=u, findings=[w.finding],
                                                title="报告", analysis="分析", suggestions="建议"),
        lambda o, w: (reverse("inspections:report_create", args=[o.pk]),
                      {"kind": "inspection", "title": "报告", "analysis": "分析",
                       "suggestions": "建议", "findings": [w.finding.pk]}),
        needs=("finding",)),
    "inspections.Inspection:recommend_practice": Spec(
        W.on_site, TEAM,
        lambda o, u, w: inspections.practice_recommend(
            inspection=o, by=u, kind="exemplar", area="integrity", title="廉洁文化进项目",
            description="项目部设廉洁监督员"),
        lambda o, w: (reverse("inspections:practice_create", args=[o.pk]),
                      {"kind": "exemplar", "area": "integrity", "title": "廉洁文化进项目",
                       "description": "项目部设廉洁监督员"})),
    "inspections.OfficePaper:create": Spec(
        lambda w: None, OFFICE,
        lambda o, u, w: inspections.paper_record(
            by=u, kind="briefing", title="巡察简报", year=2026, dated_on=date(2026, 9, 20),
            upload=pdf("简报.pdf")),
        lambda o, w: (reverse("inspections:paper_create"),
                      {"kind": "briefing", "title": "巡察简报", "year": 2026,
                       "dated_on": "2026-09-20", "file": pdf("简报.pdf")})),
    "inspections.FilingRecord:file": Spec(
        lambda w: None, OFFICE,
        lambda o, u, w: inspections.filing_record(by=u, year=2026, parts=["plans"],
                                                  contents=[]),
        lambda o, w: (reverse("oversight:filing"),
                      {"year": 2026, "part": ["plans"], "download": "1"})),
    "inspections.GoodPractice:adopt": Spec(
        W.practice, OFFICE,
        lambda o, u, w: inspections.practice_decide(practice=o, by=u, action="adopt",
                                                    note="", expected_version=o.version),
        lambda o, w: (reverse("inspections:practice_decide", args=[o.pk]),
                      {"action": "adopt", "note": "", **v(o)})),
    "inspections.GoodPractice:decline": Spec(
        W.practice, OFFICE,
        lambda o, u, w: inspections.practice_decide(practice=o, by=u, action="decline",
                                                    note="属常规工作", expected_version=o.version),
        lambda o, w: (reverse("inspections:practice_decide", args=[o.pk]),
                      {"action": "decline", "note": "属常规工作", **v(o)})),
    "inspections.Inspection:decide_early_end": Spec(
        W.on_site, OFFICE,
        lambda o, u, w: inspections.inspection_decide_early_end(
            inspection=o, by=u, reason="巡察办决定提前结束", expected_version=o.version),
        lambda o, w: (reverse("inspections:inspection_decide_early_end", args=[o.pk]),
                      {**v(o), "reason": "巡察办决定提前结束"})),
    "inspections.Inspection:end_onsite": Spec(
        W.on_site, {"team_leader"},
        lambda o, u, w: inspections.inspection_end_onsite(inspection=o, by=u,
                                                          ended_on=date(2026, 10, 15)),
        lambda o, w: (reverse("inspections:inspection_end_onsite", args=[o.pk]), v(o))),
    "inspections.Inspection:record_hearing": Spec(
        W.report_submitted, LEADERSHIP,
        lambda o, u, w: inspections.hearing_record(
            inspection=o, by=u, held_on=date(2026, 11, 5), meeting="领导小组会议",
            members_present=[w.leadership_leader], opinions="同意",
            speech_file=pdf("讲话.pdf")),
        lambda o, w: (reverse("inspections:hearing_record", args=[o.pk]),
                      {"held_on": "2026-11-05", "meeting": "领导小组会议",
                       "members_present": [w.leadership_leader.pk], "opinions": "同意",
                       "speech_file": pdf("讲话.pdf")})),
    "inspections.Inspection:record_party_hearing": Spec(
        W.revision_sent, OFFICE | {"party_secretary"},
        lambda o, u, w: inspections.party_hearing_record(
            inspection=o, by=u, held_on=date(2026, 11, 12), meeting="厅党组会议",
            opinions="同意", speech_file=pdf("讲话.pdf")),
        lambda o, w: (reverse("inspections:party_hearing_record", args=[o.pk]),
                      {"held_on": "2026-11-12", "meeting": "厅党组会议", "opinions": "同意",
                       "speech_file": pdf("讲话.pdf")})),
    "inspections.Inspection:issue_immediate": Spec(
        lambda w: w.notified, LEAD,
        lambda o, u, w: inspections.immediate_issue(inspection=o, by=u, issue="问题",
                                                    required_action="整改"),
        lambda o, w: (reverse("inspections:immediate_create", args=[o.pk]),
                      {"issue": "问题", "required_action": "整改"})),
    "inspections.Inspection:request_materials": Spec(
        lambda w: w.notified, LEAD,
        lambda o, u, w: inspections.material_request(
            inspection=o, by=u, kind="work_report", items="巡察工作汇报",
            due_on=W.workday_after(3)),
        lambda o, w: (reverse("inspections:material_request_create", args=[o.pk]),
                      {"kind": "work_report", "items": "巡察工作汇报",
                       "due_on": W.workday_after(3).isoformat()})),
    "inspections.MaterialRequest:provide": Spec(
        W.material_request, UNIT,
        lambda o, u, w: inspections.material_provide(request=o, by=u, provided="已提供复印件",
                                                     expected_version=o.version),
        lambda o, w: (reverse("inspections:material_request_action", args=[o.pk]),
                      {"action": "provide", "note": "已提供复印件", **v(o)})),
    "inspections.Inspection:report_midterm": Spec(
        lambda w: w.notified, LEAD,
        lambda o, u, w: inspections.midterm_report(inspection=o, by=u,
                                                   reported_on=date(2026, 9, 28),
                                                   progress="进展", second_half_plan="计划"),
        lambda o, w: (reverse("inspections:midterm_create", args=[o.pk]),
                      {"reported_on": "2026-09-28", "progress": "进展",
                       "second_half_plan": "计划"})),
    "inspections.Inspection:raise_escalation": Spec(
        lambda w: w.notified, LEAD,
        lambda o, u, w: inspections.escalation_raise(inspection=o, by=u, question="请示"),
        lambda o, w: (reverse("inspections:escalation_create", args=[o.pk]),
                      {"question": "请示"})),
    "inspections.Inspection:archive": Spec(
        lambda w: w.closed, OFFICE,
        lambda o, u, w: inspections.inspection_archive(
            inspection=o, by=u, checklist=list(inspections.ARCHIVE_CHECKLIST)),
        lambda o, w: (reverse("inspections:inspection_archive", args=[o.pk]),
                      {"checklist": list(inspections.ARCHIVE_CHECKLIST)})),
    # findings and reports -------------------------------------------------------------------
    "inspections.Finding:edit": Spec(
        lambda w: w.finding, TEAM,
        lambda o, u, w: inspections.finding_save(inspection=o.inspection, by=u, finding=o,
                                                 expected_version=o.version, facts="补充"),
        lambda o, w: (reverse("inspections:finding_edit", args=[o.pk]),
                      {**finding_data(w), **v(o)})),
    "inspections.Finding:submit": Spec(
        lambda w: w.finding, {"team_member"},
        lambda o, u, w: inspections.finding_submit(finding=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("inspections:finding_action", args=[o.pk]),
                      {"action": "submit", **v(o)})),
    "inspections.Finding:sign_deputy": Spec(
        W.submitted_finding, {"deputy"},
        lambda o, u, w: inspections.finding_sign(finding=o, by=u, level="deputy",
                                                 expected_version=o.version),
        lambda o, w: (reverse("inspections:finding_action", args=[o.pk]),
                      {"action": "sign_deputy", **v(o)})),
    "inspections.Finding:sign_leader": Spec(
        W.deputy_reviewed_finding, {"team_leader"},
        lambda o, u, w: inspections.finding_sign(finding=o, by=u, level="leader",
                                                 expected_version=o.version),
        lambda o, w: (reverse("inspections:finding_action", args=[o.pk]),
                      {"action": "sign_leader", **v(o)})),
    "inspections.Finding:return": Spec(
        W.submitted_finding, LEAD,
        lambda o, u, w: inspections.finding_return(finding=o, by=u, comment="补充",
                                                   expected_version=o.version),
        lambda o, w: (reverse("inspections:finding_action", args=[o.pk]),
                      {"action": "return", "comment": "补充", **v(o)})),
    "inspections.Report:edit": Spec(
        W.draft_report, TEAM,
        lambda o, u, w: inspections.report_save(inspection=o.inspection, by=u, report=o,
                                                findings=list(o.findings.all()),
                                                expected_version=o.version, analysis="改"),
        lambda o, w: (reverse("inspections:report_edit", args=[o.pk]),
                      {"kind": "inspection", "title": o.title, "analysis": "改",
                       "suggestions": "建议", "findings": [f.pk for f in o.findings.all()],
                       **v(o)})),
    "inspections.Report:submit": Spec(
        W.draft_report, {"team_leader"},
        lambda o, u, w: inspections.report_submit(report=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("inspections:report_submit", args=[o.pk]), v(o))),
    "inspections.Report:revise": Spec(
        W.heard_report, {"team_leader"},
        lambda o, u, w: inspections.report_revise(report=o, by=u),
        lambda o, w: (reverse("inspections:report_revise", args=[o.pk]), v(o))),
    "inspections.Report:send": Spec(
        W.revised_report, {"team_leader"},
        lambda o, u, w: inspections.report_send(report=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("inspections:report_send", args=[o.pk]), v(o))),
    "inspections.Petition:review": Spec(
        W.petition, LEAD,
        lambda o, u, w: inspections.petition_triage(petition=o, by=u, action="review",
                                                    expected_version=o.version),
        lambda o, w: (reverse("inspections:petition_triage", args=[o.pk]),
                      {"action": "review", **v(o)})),
    "inspections.Petition:close": Spec(
        W.petition, LEAD,
        lambda o, u, w: inspections.petition_triage(petition=o, by=u, action="close",
                                                    outcome="verify",
                                                    expected_version=o.version),
        lambda o, w: (reverse("inspections:petition_triage", args=[o.pk]),
                      {"action": "close", "outcome": "verify", **v(o)})),
    "inspections.ImmediateRectification:reply": Spec(
        W.immediate, UNIT,
        lambda o, u, w: inspections.immediate_reply(notice=o, by=u, reply="已整改",
                                                    expected_version=o.version),
        lambda o, w: (reverse("inspections:immediate_action", args=[o.pk]),
                      {"action": "reply", "note": "已整改", **v(o)})),
    "inspections.ImmediateRectification:close": Spec(
        lambda w: W.immediate(w, replied=True), LEAD,
        lambda o, u, w: inspections.immediate_review(notice=o, by=u, action="close",
                                                     comment="", expected_version=o.version),
        lambda o, w: (reverse("inspections:immediate_action", args=[o.pk]),
                      {"action": "close", **v(o)})),
    "inspections.ImmediateRectification:return": Spec(
        lambda w: W.immediate(w, replied=True), LEAD,
        lambda o, u, w: inspections.immediate_review(notice=o, by=u, action="return",
                                                     comment="不彻底", expected_version=o.version),
        lambda o, w: (reverse("inspections:immediate_action", args=[o.pk]),
                      {"action": "return", "note": "不彻底", **v(o)})),
    "inspections.MidtermReport:give_opinion": Spec(
        W.midterm, LEADERSHIP,
        lambda o, u, w: inspections.midterm_opinion(report=o, by=u, opinion="同意"),
        lambda o, w: (reverse("inspections:midterm_opinion", args=[o.pk]),
                      {"action": "opinion", "note": "同意"})),
    "inspections.EscalationRequest:answer_office": Spec(
        W.escalation, OFFICE,
        lambda o, u, w: inspections.escalation_office(request=o, by=u, action="answer_office",
                                                      note="可以", expected_version=o.version),
        lambda o, w: (reverse("inspections:escalation_action", args=[o.pk]),
                      {"action": "answer_office", "note": "可以", **v(o)})),
    "inspections.EscalationRequest:forward": Spec(
        W.escalation, OFFICE,
        lambda o, u, w: inspections.escalation_office(request=o, by=u, action="forward",
                                                      note="请示", expected_version=o.version),
        lambda o, w: (reverse("inspections:escalation_action", args=[o.pk]),
                      {"action": "forward", "note": "请示", **v(o)})),
    # the register of 定性依据 -------------------------------------------------------------------
    "inspections.BasisClause:create": Spec(
        lambda w: None, OFFICE,
        lambda o, u, w: inspections.basis_clause_save(
            by=u, source="中国共产党问责条例", article="第七条", excerpt="应当予以问责的情形"),
        lambda o, w: (reverse("inspections:basis_create"),
                      {"source": "中国共产党问责条例", "article": "第七条",
                       "excerpt": "应当予以问责的情形"})),
    "inspections.BasisClause:edit": Spec(
        lambda w: w.basis_clause, OFFICE,
        lambda o, u, w: inspections.basis_clause_save(
            by=u, clause=o, source=o.source, article=o.article, excerpt="新的概括",
            expected_version=o.version),
        lambda o, w: (reverse("inspections:basis_edit", args=[o.pk]),
                      {"source": o.source, "article": o.article, "excerpt": "新的概括", **v(o)})),
    "inspections.BasisClause:retire": Spec(
        lambda w: w.basis_clause, OFFICE,
        lambda o, u, w: inspections.basis_clause_retire(clause=o, by=u, reason="已废止",
                                                        expected_version=o.version),
        lambda o, w: (reverse("inspections:basis_retire", args=[o.pk]),
                      {"reason": "已废止", **v(o)})),
    "inspections.BasisClause:restore": Spec(
        W.retired_clause, OFFICE,
        lambda o, u, w: inspections.basis_clause_restore(clause=o, by=u,
                                                         expected_version=o.version),
        lambda o, w: (reverse("inspections:basis_restore", args=[o.pk]), v(o))),
    "inspections.EscalationRequest:answer_leadership": Spec(
        lambda w: W.escalation(w, forwarded=True), LEADERSHIP,
        lambda o, u, w: inspections.escalation_leadership(request=o, by=u, answer="同意",
                                                          expected_version=o.version),
        lambda o, w: (reverse("inspections:escalation_action", args=[o.pk]),
                      {"action": "answer_leadership", "note": "同意", **v(o)})),
    # teams ----------------------------------------------------------------------------------
    "teams.TalentPoolEntry:create": Spec(
        W.person, OFFICE,
        lambda o, u, w: teams.talent_entry_save(by=u, user=o, specialties=["discipline"],
                                                availability="available"),
        lambda o, w: (reverse("teams:talent_create"),
                      {"user": o.pk, "specialties": ["discipline"],
                       "availability": "available"})),
    "teams.TalentPoolEntry:edit": Spec(
        lambda w: w.team_member.talent_entry, OFFICE,
        lambda o, u, w: teams.talent_entry_save(by=u, user=o.user, entry=o,
                                                specialties=["discipline", "personnel"],
                                                availability="available",
                                                expected_version=o.version),
        lambda o, w: (reverse("teams:talent_edit", args=[o.pk]),
                      {"specialties": ["discipline", "personnel"],
                       "availability": "available", **v(o)})),
    "teams.TalentPoolEntry:add_record": Spec(
        lambda w: w.team_member.talent_entry, OFFICE,
        lambda o, u, w: teams.talent_record_add(by=u, record=EmploymentRecord(
            entry=o, unit=w.unit_b, position="科员", start_year=2010, end_year=2012)),
        lambda o, w: (reverse("teams:talent_record_add", args=[o.pk, "employment"]),
                      {"employment-unit": w.unit_b.pk, "employment-position": "科员",
                       "employment-start_year": 2010, "employment-end_year": 2012})),
    "teams.Team:add_member": Spec(
        W.forming_team, OFFICE,
        lambda o, u, w: teams.team_member_add(team=o, user=w.pool_person, position="member",
                                              by=u),
        lambda o, w: (reverse("teams:member_add", args=[o.pk]),
                      {"user": w.pool_person.pk, "position": "member"}),
        needs=("pool_person",)),
    "teams.Team:remove_member": Spec(
        W.forming_team, OFFICE,
        lambda o, u, w: teams.team_member_remove(
            membership=o.memberships.filter(position="member").first(), by=u, reason="调整"),
        lambda o, w: (reverse("teams:member_remove",
                              args=[o.memberships.filter(position="member").first().pk]),
                      {"reason": "调整"})),
    "teams.Team:assign_inspection": Spec(
        W.team_with_spare_target, OFFICE,
        lambda o, u, w: teams.team_assign_inspection(team=o, inspection=W.spare_inspection(o),
                                                     by=u),
        lambda o, w: (reverse("teams:team_assign", args=[o.pk]),
                      {"inspection": W.spare_inspection(o).pk})),
    "teams.Team:decide_recusal": Spec(
        W.recusal_team, OFFICE,
        lambda o, u, w: teams.recusal_decide(
            team=o, user=w.tied(o), unit=o.inspections.get().target_unit, outcome="allow",
            reason="已调离", by=u),
        lambda o, w: (reverse("teams:recusal_decide", args=[o.pk]),
                      {"user_id": w.tied(o).pk, "unit_id": o.inspections.get().target_unit_id,
                       "outcome": "allow", "reason": "已调离"})),
    "teams.Team:approve": Spec(
        W.forming_team, LEADERSHIP,
        lambda o, u, w: teams.team_approve(team=o, by=u, expected_version=o.version,
                                           meeting="会议"),
        lambda o, w: (reverse("teams:team_decide", args=[o.pk, "approve"]),
                      {"record": "会议", **v(o)})),
    "teams.Team:authorise": Spec(
        W.approved_team, {"party_secretary"},
        lambda o, u, w: teams.team_authorise(team=o, by=u, expected_version=o.version,
                                             document="党组会"),
        lambda o, w: (reverse("teams:team_decide", args=[o.pk, "authorise"]),
                      {"record": "党组会", **v(o)})),
    "teams.Team:record_training": Spec(
        W.forming_team, OFFICE,
        lambda o, u, w: teams.training_record(
            team=o, by=u, held_on=date(2026, 9, 1), content="培训",
            attendees=[m.user for m in o.active_members()]),
        lambda o, w: (reverse("teams:training_record", args=[o.pk]), {
            "held_on": "2026-09-01", "content": "培训",
            "attendees": [m.user_id for m in o.active_members()]})),
    "teams.Team:exempt_training": Spec(
        W.forming_team, OFFICE,
        lambda o, u, w: teams.training_exempt(team=o, membership=o.active_members().first(),
                                              by=u, reason="已参加省级培训"),
        lambda o, w: (reverse("teams:training_exempt", args=[o.pk]), {
            "membership": o.active_members().first().pk, "reason": "已参加省级培训"})),
    "teams.Team:disband": Spec(
        W.forming_team, OFFICE,
        lambda o, u, w: teams.team_disband(team=o, by=u, reason="目标调整"),
        lambda o, w: (reverse("teams:team_disband", args=[o.pk]), {"reason": "目标调整"})),
    "teams.Team:record_lapse": Spec(
        lambda w: w.authorised_team, OFFICE,
        lambda o, u, w: teams.team_lapse_record(
            team=o, by=u, membership=o.memberships.get(user=w.team_member), kind="unreported",
            description="发现问题未如实报告", found_how="信访举报"),
        lambda o, w: (reverse("teams:lapse_create", args=[o.pk]),
                      {"membership": o.memberships.get(user=w.team_member).pk,
                       "kind": "unreported", "description": "发现问题未如实报告",
                       "found_how": "信访举报"})),
    "teams.TeamLapse:decide": Spec(
        W.lapse, LEADERSHIP,
        lambda o, u, w: teams.team_lapse_decide(lapse=o, by=u, decision="约谈提醒",
                                                expected_version=o.version),
        lambda o, w: (reverse("teams:lapse_decide", args=[o.pk]),
                      {"action": "decide", "note": "约谈提醒", **v(o)})),
    "teams.TeamMembership:declare": Spec(
        lambda w: W.approved_team(w, declared=False).memberships.first(), set(),
        lambda o, u, w: teams.membership_declare(membership=o, by=u, declarations=[]),
        lambda o, w: (reverse("teams:membership_declare", args=[o.pk]),
                      {"nothing_to_declare": "on"}),
        extra_roles={"the_member": lambda w, o: o.user}),
    "teams.TeamMembership:sign_pledge": Spec(
        lambda w: W.approved_team(w, declared=False).memberships.first(), set(),
        lambda o, u, w: teams.membership_sign_pledge(membership=o, by=u),
        lambda o, w: (reverse("teams:membership_pledge", args=[o.pk]), {}),
        extra_roles={"the_member": lambda w, o: o.user}),
    # rectification --------------------------------------------------------------------------
    "rectification.Inspection:record_recheck": Spec(
        W.follow_up, set(),
        lambda o, u, w: rectification.recheck_record(
            inspection=o, item=w.approved_plan.items.first(), by=u, verdict="not_done",
            note="未执行"),
        lambda o, w: (reverse("rectification:recheck", args=[o.pk]),
                      {"item": w.approved_plan.items.first().pk, "verdict": "not_done",
                       "note": "未执行"}),
        extra_roles={"follow_up_member": lambda w, o: o.team.memberships.filter(
            position="member").first().user}),
    "rectification.Inspection:prepare_feedback": Spec(
        lambda w: w.heard, OFFICE | {"team_leader"},
        lambda o, u, w: rectification.feedback_save(
            inspection=o, by=u, audience="main_leader", body="反馈",
            findings=o.findings.all(), meeting_on=date(2026, 11, 20),
            attendees=w.feedback_attendees),
        lambda o, w: (reverse("rectification:feedback_create", args=[o.pk]), feedback_data(w))),
    "rectification.Inspection:record_meeting": Spec(
        lambda w: w.signed_for.inspection, UNIT,
        lambda o, u, w: rectification.special_meeting_record(
            inspection=o, by=u, kind="special", held_on=date(2026, 11, 25),
            participants="班子", minutes="研究", file=pdf("纪要.pdf")),
        lambda o, w: (reverse("rectification:meeting_create", args=[o.pk]),
                      {"kind": "special", "held_on": "2026-11-25", "participants": "班子",
                       "minutes": "研究", "file": pdf("纪要.pdf")})),
    "rectification.Inspection:write_plan": Spec(
        lambda w: w.signed_for.inspection, UNIT,
        lambda o, u, w: rectification.plan_save(inspection=o, by=u, summary="逐项整改"),
        lambda o, w: (reverse("rectification:plan_form", args=[o.pk]), {"summary": "逐项整改"})),
    "rectification.Inspection:send_report": Spec(
        lambda w: w.signed_for.inspection, UNIT,
        lambda o, u, w: rectification.report_submit(inspection=o, by=u, kind="implementation",
                                                    body="报告", file=pdf("报告.pdf")),
        lambda o, w: (reverse("rectification:report_create", args=[o.pk]),
                      {"kind": "implementation", "body": "报告", "file": pdf("报告.pdf")})),
    "rectification.Inspection:publish": Spec(
        lambda w: w.approved_plan.inspection, OFFICE,
        lambda o, u, w: rectification.publication_save(inspection=o, by=u, channel="portal",
                                                       title="通报", text="正文"),
        lambda o, w: (reverse("rectification:publication_create", args=[o.pk]),
                      {"channel": "portal", "title": "通报", "text": "正文"})),
    "rectification.Inspection:close": Spec(
        W.ready_to_close, OFFICE,
        lambda o, u, w: rectification.inspection_close(inspection=o, by=u),
        lambda o, w: (reverse("rectification:inspection_close", args=[o.pk]), v(o))),
    "rectification.Feedback:edit": Spec(
        lambda w: W.feedback(w, "draft"), OFFICE | {"team_leader"},
        lambda o, u, w: rectification.feedback_save(
            inspection=o.inspection, by=u, feedback=o, expected_version=o.version,
            audience=o.audience, body="改", findings=o.findings.all(), meeting_on=o.meeting_on,
            attendees=o.attendees.all()),
        lambda o, w: (reverse("rectification:feedback_edit", args=[o.pk]),
                      {**feedback_data(w), "audience": o.audience, "body": "改", **v(o)})),
    "rectification.Feedback:request_consent": Spec(
        lambda w: W.feedback(w, "draft"), OFFICE | {"team_leader"},
        lambda o, u, w: rectification.feedback_request_consent(feedback=o, by=u,
                                                               expected_version=o.version),
        lambda o, w: (reverse("rectification:feedback_action", args=[o.pk]),
                      {"action": "request_consent", **v(o)})),
    "rectification.Feedback:consent": Spec(
        lambda w: W.feedback(w, "awaiting"), PARTY,
        lambda o, u, w: rectification.feedback_consent(feedback=o, by=u, meeting="党组会议",
                                                       expected_version=o.version),
        lambda o, w: (reverse("rectification:feedback_consent", args=[o.pk]),
                      {"action": "consent", "meeting": "党组会议", **v(o)})),
    "rectification.Feedback:decline": Spec(
        lambda w: W.feedback(w, "awaiting"), PARTY,
        lambda o, u, w: rectification.feedback_decline(feedback=o, by=u, comment="修改",
                                                       expected_version=o.version),
        lambda o, w: (reverse("rectification:feedback_consent", args=[o.pk]),
                      {"action": "decline", "comment": "修改", **v(o)})),
    "rectification.Feedback:give": Spec(
        lambda w: W.feedback(w, "consented"), OFFICE | {"team_leader"},
        lambda o, u, w: rectification.feedback_give(feedback=o, by=u,
                                                    expected_version=o.version),
        lambda o, w: (reverse("rectification:feedback_action", args=[o.pk]),
                      {"action": "give", **v(o)})),
    "rectification.Feedback:sign_for": Spec(
        lambda w: w.given, {"main_leader"},
        lambda o, u, w: rectification.feedback_sign_for(feedback=o, by=u,
                                                        expected_version=o.version),
        lambda o, w: (reverse("rectification:feedback_action", args=[o.pk]),
                      {"action": "sign_for", **v(o)})),
    "rectification.RectificationPlan:edit": Spec(
        W.rect_plan, UNIT,
        lambda o, u, w: rectification.plan_save(inspection=o.inspection, by=u, plan=o,
                                                summary="改", expected_version=o.version),
        lambda o, w: (reverse("rectification:plan_form", args=[o.inspection_id]),
                      {"summary": "改", **v(o)})),
    "rectification.RectificationPlan:submit": Spec(
        W.rect_plan, UNIT,
        lambda o, u, w: rectification.plan_submit(plan=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("rectification:plan_action", args=[o.pk]),
                      {"action": "submit", **v(o)})),
    "rectification.RectificationPlan:approve": Spec(
        lambda w: W.rect_plan(w, submitted=True), OFFICE | TEAM,
        lambda o, u, w: rectification.plan_review(plan=o, by=u, action="approve", comment="",
                                                  expected_version=o.version),
        lambda o, w: (reverse("rectification:plan_action", args=[o.pk]),
                      {"action": "approve", **v(o)})),
    "rectification.RectificationPlan:return": Spec(
        lambda w: W.rect_plan(w, submitted=True), OFFICE | TEAM,
        lambda o, u, w: rectification.plan_review(plan=o, by=u, action="return",
                                                  comment="细化", expected_version=o.version),
        lambda o, w: (reverse("rectification:plan_action", args=[o.pk]),
                      {"action": "return", "comment": "细化", **v(o)})),
    "rectification.RectificationItem:start": Spec(
        W.item, UNIT,
        lambda o, u, w: rectification.item_report(item=o, by=u, action="start", progress="启动",
                                                  expected_version=o.version),
        lambda o, w: (reverse("rectification:item_action", args=[o.pk]),
                      {"action": "start", "comment": "启动", **v(o)}),
        api=lambda o, w: (reverse("api:item-report", args=[o.pk]),
                          {"action": "start", "progress": "启动", **v(o)}, False)),
    "rectification.RectificationItem:update": Spec(
        lambda w: W.item(w, "in_progress"), UNIT,
        lambda o, u, w: rectification.item_report(item=o, by=u, action="update",
                                                  progress="推进", expected_version=o.version),
        lambda o, w: (reverse("rectification:item_action", args=[o.pk]),
                      {"action": "update", "comment": "推进", **v(o)}),
        api=lambda o, w: (reverse("api:item-report", args=[o.pk]),
                          {"action": "update", "progress": "推进", **v(o)}, False)),
    "rectification.RectificationItem:request_closure": Spec(
        W.item, UNIT,
        lambda o, u, w: rectification.item_report(item=o, by=u, action="request_closure",
                                                  progress="完成", expected_version=o.version),
        lambda o, w: (reverse("rectification:item_action", args=[o.pk]),
                      {"action": "request_closure", "comment": "完成", **v(o)}),
        api=lambda o, w: (reverse("api:item-report", args=[o.pk]),
                          {"action": "request_closure", "progress": "完成", **v(o)}, False)),
    "rectification.RectificationItem:add_evidence": Spec(
        W.item, UNIT,
        lambda o, u, w: rectification.evidence_add(item=o, by=u, upload=pdf()),
        lambda o, w: (reverse("rectification:evidence_upload", args=[o.pk]), {"file": pdf()}),
        api=lambda o, w: (reverse("api:item-evidence", args=[o.pk]), {"file": pdf()}, True)),
    "rectification.RectificationItem:close": Spec(
        lambda w: W.item(w, "closure_requested"), OFFICE | TEAM,
        lambda o, u, w: rectification.item_decide(item=o, by=u, action="close", comment="",
                                                  expected_version=o.version),
        lambda o, w: (reverse("rectification:item_action", args=[o.pk]),
                      {"action": "close", **v(o)})),
    "rectification.RectificationItem:long_term": Spec(
        lambda w: W.item(w, "closure_requested"), OFFICE | TEAM,
        lambda o, u, w: rectification.item_decide(item=o, by=u, action="long_term", comment="",
                                                  expected_version=o.version),
        lambda o, w: (reverse("rectification:item_action", args=[o.pk]),
                      {"action": "long_term", **v(o)})),
    "rectification.RectificationItem:return": Spec(
        lambda w: W.item(w, "closure_requested"), OFFICE | TEAM,
        lambda o, u, w: rectification.item_decide(item=o, by=u, action="return", comment="缺",
                                                  expected_version=o.version),
        lambda o, w: (reverse("rectification:item_action", args=[o.pk]),
                      {"action": "return", "comment": "缺", **v(o)})),
    "rectification.ReportReceipt:confirm": Spec(
        W.discipline_receipt, {"discipline_handler"},
        lambda o, u, w: rectification.receipt_confirm(receipt=o, by=u),
        lambda o, w: (reverse("rectification:receipt_confirm", args=[o.report_id, o.pk]), {})),
    "rectification.Publication:edit": Spec(
        W.publication, OFFICE,
        lambda o, u, w: rectification.publication_withhold(
            publication=o, by=u, item=w.approved_plan.items.first(), reason="secret",
            note="涉密"),
        lambda o, w: (reverse("rectification:publication_withhold", args=[o.pk]),
                      {"item": w.approved_plan.items.first().pk, "reason": "secret",
                       "note": "涉密"})),
    "rectification.Publication:approve": Spec(
        W.publication, {"office_deputy", "office_staff"},  # not the drafter (the director)
        lambda o, u, w: rectification.publication_approve(publication=o, by=u,
                                                          expected_version=o.version),
        lambda o, w: (reverse("rectification:publication_action", args=[o.pk]),
                      {"action": "approve", **v(o)})),
    "rectification.Publication:publish": Spec(
        lambda w: W.publication(w, approved=True), OFFICE,
        lambda o, u, w: rectification.publication_publish(
            publication=o, by=u, published_on=date(2027, 1, 5), expected_version=o.version),
        lambda o, w: (reverse("rectification:publication_action", args=[o.pk]),
                      {"action": "publish", **v(o)})),
    # clues ----------------------------------------------------------------------------------
    "clues.Inspection:register_clue": Spec(
        lambda w: w.notified, TEAM,
        lambda o, u, w: clues.clue_register(inspection=o, by=u, kind="problem",
                                            category="integrity", summary="线索",
                                            persons="张某"),
        lambda o, w: (reverse("clues:clue_register", args=[o.pk]),
                      {"kind": "problem", "category": "integrity", "summary": "线索",
                       "persons": "张某"})),
    "clues.Inspection:record_obstruction": Spec(
        lambda w: w.notified, TEAM,
        lambda o, u, w: clues.obstruction_record(inspection=o, by=u, situation="concealing",
                                                 against="某处长", description="虚假",
                                                 file=pdf("证据.pdf")),
        lambda o, w: (reverse("clues:obstruction_create", args=[o.pk]),
                      {"situation": "concealing", "against": "某处长", "description": "虚假",
                       "file": pdf("证据.pdf")})),
    "clues.Clue:classify": Spec(
        W.clue, LEADERSHIP,
        lambda o, u, w: clues.clue_classify(clue=o, by=u, decision="discipline",
                                            organ=w.discipline_organ, meeting="会议",
                                            expected_version=o.version),
        lambda o, w: (reverse("clues:clue_action", args=[o.pk, "classify"]),
                      {"decision": "discipline", "organ": w.discipline_organ.pk,
                       "meeting": "会议", **v(o)})),
    "clues.Clue:transfer": Spec(
        lambda w: W.clue(w, "classified"), OFFICE,
        lambda o, u, w: clues.clue_transfer(clue=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("clues:clue_action", args=[o.pk, "transfer"]), v(o))),
    "clues.Clue:sign_for": Spec(
        lambda w: W.clue(w, "transferred"), {"discipline_handler"},
        lambda o, u, w: clues.clue_sign_for(clue=o, by=u, expected_version=o.version),
        lambda o, w: (reverse("clues:clue_action", args=[o.pk, "sign_for"]), v(o)),
        api=lambda o, w: (reverse("api:clue-sign-for", args=[o.pk]), v(o), False)),
    "clues.Clue:report_result": Spec(
        lambda w: W.clue(w, "signed_for"), {"discipline_handler"},
        lambda o, u, w: clues.result_report(clue=o, by=u, disposition="conclude",
                                            summary="属实", file=pdf("结果.pdf")),
        lambda o, w: (reverse("clues:clue_action", args=[o.pk, "report_result"]),
                      {"disposition": "conclude", "summary": "属实", **v(o),
                       "file": pdf("结果.pdf"),
                       "people-TOTAL_FORMS": "1", "people-INITIAL_FORMS": "0",
                       "people-0-name": "张某", "people-0-outcome": "1"}),
        api=lambda o, w: (reverse("api:clue-results", args=[o.pk]),
                          {"disposition": "conclude", "summary": "属实",
                           "persons": [{"name": "张某", "form": 1}]}, False)),
    "clues.Clue:propose": Spec(
        lambda w: W.clue(w, "result_reported"), OFFICE,
        lambda o, u, w: clues.proposal_make(by=u, clue=o, kind="accountability", opinion="问责"),
        lambda o, w: (reverse("clues:clue_action", args=[o.pk, "propose"]),
                      {"kind": "accountability", "opinion": "问责", **v(o)})),
    "clues.Proposal:decide": Spec(
        W.proposal, PARTY,
        lambda o, u, w: clues.proposal_decide(proposal=o, by=u, decision="同意",
                                              meeting="党组会", expected_version=o.version),
        lambda o, w: (reverse("clues:proposal_detail", args=[o.pk]),
                      {"decision": "同意", "meeting": "党组会", **v(o)})),
    "clues.Obstruction:propose": Spec(
        W.obstruction, OFFICE,
        lambda o, u, w: clues.proposal_make(by=u, obstruction=o, kind="accountability",
                                            opinion="问责"),
        lambda o, w: (reverse("clues:obstruction_detail", args=[o.pk]),
                      {"kind": "accountability", "opinion": "问责"})),
    "clues.Obstruction:refer": Spec(
        W.obstruction, OFFICE,
        lambda o, u, w: clues.obstruction_refer(obstruction=o, by=u, category="work",
                                                summary="提供虚假材料", persons="某处长"),
        lambda o, w: (reverse("clues:obstruction_refer", args=[o.pk]),
                      {"category": "work", "summary": "提供虚假材料", "persons": "某处长"})),
    "clues.Complaint:file": Spec(
        lambda w: None, SIGNED_IN,
        lambda o, u, w: clues.complaint_file(by=u, team=w.authorised_team, about=w.team_member,
                                             addressee="office", conduct="gifts",
                                             content="收礼"),
        lambda o, w: (reverse("clues:complaint_file"),
                      {"team": w.authorised_team.pk, "about": w.team_member.pk,
                       "addressee": "office", "conduct": "gifts", "content": "收礼"})),
    "clues.Complaint:handle": Spec(
        W.complaint, OFFICE,
        lambda o, u, w: clues.complaint_handle(complaint=o, by=u, outcome="已核实"),
        lambda o, w: (reverse("clues:complaint_detail", args=[o.pk]), {"outcome": "已核实"})),
    "api.ApiToken:create": Spec(
        lambda w: None,
        OFFICE | LEADERSHIP | PARTY | UNIT | {"unit_b_contact", "discipline_handler", "hr_handler"},
        lambda o, u, w: api_services.token_create(by=u, name="OA", scopes=["read"], days=30,
                                                  verified=True),
        lambda o, w: (reverse("api:token_create"),
                      {"name": "OA", "scopes": ["read"], "days": "30"})),
    "api.ApiToken:issue_for_system": Spec(
        W.interface_account, {"security_officer"},
        lambda o, u, w: api_services.token_issue(by=u, holder=o, name="台账", scopes=["read"],
                                                 days=30, verified=True),
        lambda o, w: (reverse("api:token_issue"),
                      {"holder": o.pk, "name": "台账", "scopes": ["read"], "days": "30"})),
    "api.ApiToken:revoke": Spec(
        W.api_token, {"unit_contact", "security_officer"},
        lambda o, u, w: api_services.token_revoke(token=o, by=u),
        lambda o, w: (reverse("api:token_revoke", args=[o.pk]), {})),
}


def table_actions():
    return sorted(f"{table.label}:{name}" for table in REGISTRY for name in table.actions)


def test_every_action_of_every_table_has_a_spec():
    assert table_actions() == sorted(SPECS), (
        "every action in an actions table needs its row in the role-rule matrix")


# What changes when an action succeeds: every table of ours, their history and the permission
# rows; the security log is checked on its own (a denial adds an event, nothing else may).
def _fingerprint_sql():
    ours = {"accounts", "teams", "inspections", "rectification", "clues", "deadlines",
            "documents", "guardian", "auth", "api"}
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)
                     if model._meta.app_label in ours and model._meta.managed})
    counts = [f'(SELECT COUNT(*) FROM "{t}")' for t in tables]
    # Tokens keep their story in the security log, not in a history table: count revocations.
    counts.append("(SELECT COUNT(*) FROM api_apitoken WHERE revoked_at IS NOT NULL)")
    return "SELECT " + ", ".join(counts)


FINGERPRINT_SQL = None


def fingerprint():
    global FINGERPRINT_SQL
    FINGERPRINT_SQL = FINGERPRINT_SQL or _fingerprint_sql()
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINT_SQL)
        return cursor.fetchone()


def _historical_models():
    """Every history table of a record (not the link tables beside them), in a fixed order."""
    return sorted((model for model in apps.get_models() if hasattr(model, "instance_type")
                   and any(f.name == "history_type" for f in model._meta.fields)),
                  key=lambda model: model._meta.db_table)


HISTORICAL = None


def history_marks():
    """The newest history row of every history table: what an attempt adds lies above it."""
    global HISTORICAL
    HISTORICAL = HISTORICAL or _historical_models()
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(
            f'(SELECT COALESCE(MAX(history_id), 0) FROM "{model._meta.db_table}")'
            for model in HISTORICAL))
        return cursor.fetchone()


def doubled_history(before, after):
    """Records that gained more than one history row: one action is one line in a record's
    history, never a row per save or per relation set (issue 14)."""
    doubled = []
    for model, mark, newest in zip(HISTORICAL, before, after, strict=True):
        if newest - mark < 2:
            continue
        key = model.instance_type._meta.pk.attname
        grown = (model.objects.filter(history_id__gt=mark).values(key)
                 .annotate(rows=Count("history_id")).filter(rows__gt=1))
        doubled += [f"{model.instance_type.__name__} #{row[key]}: {row['rows']} rows"
                    for row in grown]
    return doubled


class Attempt:
    """One try of one role, rolled back afterwards whatever happened."""

    def __init__(self, watch_history=False):
        self.events = SecurityEvent.objects.count()
        self.watch_history = watch_history
        self.doubled = []

    def __enter__(self):
        self.savepoint = transaction.savepoint_create()
        self.before = fingerprint()
        self.marks = history_marks() if self.watch_history else None
        return self

    def __exit__(self, *exc):
        self.after = fingerprint()
        if self.watch_history and self.after != self.before:
            self.doubled = doubled_history(self.marks, history_marks())
        self.new_events = list(SecurityEvent.objects.order_by("id")[self.events:]
                               .values_list("kind", flat=True))
        transaction.savepoint_rollback(self.savepoint)
        return False

    @property
    def changed(self):
        return self.before != self.after


def csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    return client, token


@pytest.fixture
def rendered_token(monkeypatch):
    """The public form's signed render time, 30 seconds ago (a person, not a bot)."""
    import time

    from django.core import signing

    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - 30)
    token = signing.TimestampSigner(salt="petition").sign("form")
    monkeypatch.setattr(signing.time, "time", real)
    return token


@pytest.fixture
def outsider(request):
    return W.outsider(W.World(request))


@pytest.fixture
def pool_person(db):
    from tests.factories import talent

    person = UserFactory(username="pool_person", full_name="库内人员")
    talent(person, "policy_law")
    return person


@pytest.fixture
def tied():
    def member(team):
        unit = team.inspections.get().target_unit
        return team.memberships.get(user__org_unit=unit).user
    return member


@pytest.fixture
def asked():
    """The (table, action) pairs `ensure_can` was asked about."""
    seen = []
    real = actions_module.ActionTable.ensure_can

    def spy(table, user, name, obj=None, **options):
        seen.append(f"{table.label}:{name}")
        return real(table, user, name, obj, **options)

    actions_module.ActionTable.ensure_can = spy
    yield seen
    actions_module.ActionTable.ensure_can = real


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(SPECS))
def test_only_the_allowed_roles_act(request, key, asked):
    spec = SPECS[key]
    people = {name: None if name == "anonymous" else request.getfixturevalue(name)
              for name in ROLES}
    world = W.World(request)
    for name in spec.needs:
        request.getfixturevalue(name)
    obj = spec.world(world)
    for name, who in spec.extra_roles.items():
        people[name] = who(world, obj)
    allowed = spec.allowed | set(spec.extra_roles)
    public = key.endswith(":receive_online_petition")
    failures = []
    for name, user in people.items():
        cache.clear()  # rate limits of the public form and of the denial log
        current = type(obj).objects.get(pk=obj.pk) if obj is not None else None
        asked.clear()
        with Attempt(watch_history=name in allowed) as service:
            try:
                spec.service(current, user, world)
                outcome = "ok"
            except (PermissionDenied, Http404):
                outcome = "denied"
            except ValidationError as error:
                outcome = f"invalid: {error.messages}"
        if name in allowed:
            if outcome != "ok" or not service.changed:
                failures.append(f"service {name}: expected success, got {outcome}")
            if key not in asked:
                failures.append(f"service {name}: ensure_can was not asked for {key}: {asked}")
            if outcome == "ok" and service.doubled:
                failures.append(f"service {name}: more than one history row for one action: "
                                f"{service.doubled}")
        elif outcome != "denied" or service.changed:
            failures.append(f"service {name}: expected a refusal, got {outcome}"
                            f"{' and a change' if service.changed else ''}")

        current = type(obj).objects.get(pk=obj.pk) if obj is not None else None
        url, data = spec.http(current, world)
        client, token = csrf_client(user)
        with Attempt() as http:
            response = client.post(url, data, HTTP_X_CSRFTOKEN=token)
        if name in allowed:
            if response.status_code not in {200, 201, 302} or not http.changed:
                failures.append(f"HTTP {name}: expected success, got {response.status_code}"
                                f"{'' if http.changed else ' and no change'}")
        else:
            expected = {302} if user is None and not public else {403, 404}
            if response.status_code not in expected or http.changed:
                failures.append(f"HTTP {name}: expected {expected}, got "
                                f"{response.status_code}{' and a change' if http.changed else ''}")
            if set(http.new_events) - {SecurityEvent.Kind.ACCESS_DENIED}:
                failures.append(f"HTTP {name}: security log gained {http.new_events}")
            if user is not None and SecurityEvent.Kind.ACCESS_DENIED not in http.new_events:
                failures.append(f"HTTP {name}: the denial was not logged")
        if spec.api is not None:
            failures += _api_attempt(spec, name, user, obj, world, allowed)
    assert not failures, "\n".join(failures)


def _api_attempt(spec, name, user, obj, world, allowed):
    """The same action through the data interface, signed in by the session (a token only
    narrows further): the same people succeed, the others change nothing."""
    cache.clear()
    current = type(obj).objects.get(pk=obj.pk) if obj is not None else None
    url, data, multipart = spec.api(current, world)
    client, token = csrf_client(user)
    with Attempt() as api:
        response = client.post(url, data, HTTP_X_CSRFTOKEN=token) if multipart else \
            client.post(url, data, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    if name in allowed:
        if response.status_code not in {200, 201} or not api.changed:
            return [f"API {name}: expected success, got {response.status_code} "
                    f"{response.content[:200]!r}{'' if api.changed else ' and no change'}"]
        return []
    problems = []
    expected = {401} if user is None else {403, 404}
    if response.status_code not in expected or api.changed:
        problems.append(f"API {name}: expected {expected}, got {response.status_code}"
                        f"{' and a change' if api.changed else ''}")
    if user is not None and SecurityEvent.Kind.ACCESS_DENIED not in api.new_events:
        problems.append(f"API {name}: the denial was not logged")
    return problems
