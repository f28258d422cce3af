import os
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from django.conf import settings

from accounts.models import (
    Administrator,
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    PartyGroupMember,
    UnitContact,
)
from deadlines import clock
from inspections import services as inspection_services
from inspections.models import BasisClause, Inspection
from tests.factories import (
    OrgUnitFactory,
    ReceivingOrganFactory,
    UserFactory,
    form_authorised_team,
    grant,
    pdf,
    pdf_bytes,
    train,
)

# Parallel workers (pytest-xdist) share CI's Redis, and every test clears the cache (below):
# each worker gets a Redis database of its own, so none wipes another's rate-limit counters.
if (_worker := os.environ.get("PYTEST_XDIST_WORKER")) and "LOCATION" in settings.CACHES["default"]:
    _location = re.sub(r"/\d*$", "", settings.CACHES["default"]["LOCATION"])
    settings.CACHES["default"]["LOCATION"] = f"{_location}/{int(_worker.removeprefix('gw')) + 1}"

# One switch moves the whole suite's "now": XUNCHA_TEST_NOW=2031-06-01 runs every test five
# years later. Tests that need a particular day freeze the clock themselves.
SUITE_NOW = datetime.fromisoformat(os.environ.get("XUNCHA_TEST_NOW", "2026-11-26T10:00"))


@pytest.fixture(autouse=True)
def pinned_clock():
    with clock.frozen(SUITE_NOW.replace(tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def known_until_2026(day):
    """The official calendar as the package knew it when these tests were written: newer
    package versions add years, and no expected date may change when they do."""
    if day.year > 2026:
        raise NotImplementedError
    return chinese_calendar.is_workday(day)


@pytest.fixture(autouse=True)
def pinned_calendar(monkeypatch):
    from deadlines import calendar

    monkeypatch.setattr(calendar, "official_calendar", known_until_2026)


@pytest.fixture(autouse=True)
def fresh_cache():
    # Rate limits and counters live in the cache, which no database rollback resets.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 costs ~0.3 s a user; production keeps it, tests need many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def unit_a(db):
    return OrgUnitFactory(name="青海省甲测试院")


@pytest.fixture
def unit_b(db):
    return OrgUnitFactory(name="青海省乙测试院")


@pytest.fixture
def discipline_organ(db):
    return ReceivingOrganFactory(name="驻厅纪检监察组（测试）")


@pytest.fixture
def office_director(db):
    return grant(OfficeMember, UserFactory(username="office_director", full_name="周主任"),
                 position=OfficeMember.Position.DIRECTOR)


@pytest.fixture
def office_staff(db):
    return grant(OfficeMember, UserFactory(username="office_staff", full_name="何联络"),
                 position=OfficeMember.Position.LIAISON)


@pytest.fixture
def sysadmin(db):
    return grant(Administrator, UserFactory(username="sysadmin", full_name="孙系管"),
                 kind=Administrator.Kind.SYSADMIN)


@pytest.fixture
def security_officer(db):
    return grant(Administrator, UserFactory(username="security_officer", full_name="安保密"),
                 kind=Administrator.Kind.SECURITY_OFFICER)


@pytest.fixture
def auditor(db):
    return grant(Administrator, UserFactory(username="auditor", full_name="审计员"),
                 kind=Administrator.Kind.AUDITOR)


@pytest.fixture
def office_deputy(db):
    return grant(OfficeMember, UserFactory(username="office_deputy", full_name="邓副主任"),
                 position=OfficeMember.Position.DEPUTY_DIRECTOR)


@pytest.fixture
def leadership_member(db):
    return grant(LeadershipGroupMember, UserFactory(username="leader_member", full_name="孙成员"),
                 position=LeadershipGroupMember.Position.MEMBER)


@pytest.fixture
def party_member(db, unit_a):
    return grant(PartyGroupMember, UserFactory(username="party_member", full_name="李副厅长"),
                 duty="分管甲院", supervised_units=[unit_a])


@pytest.fixture
def unit_contact(db, unit_a):
    return grant(UnitContact, UserFactory(username="unit_a_contact", full_name="田联络"),
                 unit=unit_a, position=UnitContact.Position.CONTACT)


@pytest.fixture
def unit_b_contact(db, unit_b):
    return grant(UnitContact, UserFactory(username="unit_b_contact", full_name="白联络"),
                 unit=unit_b, position=UnitContact.Position.CONTACT)


@pytest.fixture
def discipline_handler(db, discipline_organ):
    return grant(OrganHandler, UserFactory(username="discipline_handler", full_name="冯经办"),
                 organ=discipline_organ)


@pytest.fixture
def hr_organ(db):
    return ReceivingOrganFactory(name="人事处（测试）", organ_kind="hr")


@pytest.fixture
def hr_handler(hr_organ):
    return grant(OrganHandler, UserFactory(username="hr_handler", full_name="韩经办"),
                 organ=hr_organ)


@pytest.fixture
def plain_user(db):
    return UserFactory(username="no_role", full_name="无角色")


@pytest.fixture
def leadership_leader(db):
    return grant(LeadershipGroupMember, UserFactory(username="lg_leader", full_name="王组长"),
                 position=LeadershipGroupMember.Position.LEADER)


@pytest.fixture
def party_secretary(db):
    return grant(PartyGroupMember, UserFactory(username="secretary", full_name="王书记"),
                 is_secretary=True)


@pytest.fixture
def province_scan():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("批复.pdf", pdf_bytes("approval scan"), "application/pdf")


@pytest.fixture
def draft_round(office_director, unit_a):
    from datetime import date

    from inspections import services

    round_ = services.round_save(by=office_director, name="2026年第二轮巡察", year=2026,
                                 inspection_type="regular", modes=["targeted"])
    services.inspection_save(
        by=office_director, round_=round_, target_unit=unit_a, inspection_type="regular",
        modes=[], content_areas=["political", "conduct"],
        planned_entry_on=date(2026, 9, 14), planned_end_on=date(2026, 10, 15),
    )
    return round_


@pytest.fixture
def approved_round(draft_round, office_director, leadership_leader, province_scan):
    from datetime import date

    from inspections import services

    round_ = services.round_submit(round_=draft_round, by=office_director, expected_version=1)
    round_ = services.round_approve(round_=round_, by=leadership_leader,
                                    expected_version=round_.version)
    return services.round_record_provincial_approval(
        round_=round_, by=office_director, expected_version=round_.version,
        doc_number="青巡办〔2026〕12号", doc_date=date(2026, 8, 20), doc_file=province_scan)


def _team_people(prefix, count, specialties):
    from tests.factories import talent

    people = []
    for n in range(count):
        user = UserFactory(username=f"{prefix}{n}", full_name=f"{prefix}组员{n}")
        talent(user, specialties[n % len(specialties)])
        people.append(user)
    return people


@pytest.fixture
def team_members(db):
    return _team_people("a", 7, ["discipline", "finance_audit", "personnel", "party_building"])


@pytest.fixture
def authorised_team(approved_round, team_members, office_director, leadership_leader,
                    party_secretary):
    """第一巡察组 on unit A, formed and authorised through the real services."""
    return form_authorised_team(approved_round, "第一巡察组", team_members,
                                approved_round.inspections.filter(team__isnull=True),
                                office=office_director, leader=leadership_leader,
                                secretary=party_secretary)


@pytest.fixture
def team_leader(authorised_team):
    return authorised_team.memberships.get(position="leader").user


@pytest.fixture
def team_member(authorised_team):
    return authorised_team.memberships.filter(position="member").first().user


@pytest.fixture
def other_team_member(approved_round, unit_b, office_director, leadership_leader,
                      party_secretary):
    """A member of 第二巡察组, authorised on unit B in the same round."""
    from datetime import date

    from inspections import services as inspection_services
    from teams import services

    inspection = inspection_services.inspection_save(
        by=office_director, round_=approved_round, target_unit=unit_b,
        inspection_type="regular", modes=[], content_areas=["discipline"],
        planned_entry_on=date(2026, 9, 14), planned_end_on=date(2026, 10, 15))
    people = _team_people("b", 6, ["policy_law", "natural_resources"])
    team = services.team_create(round_=approved_round, name="第二巡察组", by=office_director)
    for person, position in zip(people, ["leader", "deputy"] + ["member"] * 4, strict=True):
        services.team_member_add(team=team, user=person, position=position, by=office_director)
    services.team_assign_inspection(team=team, inspection=inspection, by=office_director)
    team = services.team_approve(team=team, by=leadership_leader, expected_version=team.version,
                                 meeting="会议")
    for membership in team.active_members():
        services.membership_declare(membership=membership, by=membership.user, declarations=[])
        services.membership_sign_pledge(membership=membership, by=membership.user)
    train(team, by=office_director)
    services.team_authorise(team=team, by=party_secretary, expected_version=team.version,
                            document="党组会")
    return people[2]


@pytest.fixture(autouse=True)
def chinese_after_each_test():
    """A request in another language leaves it active in the thread: the next test starts in
    the site's own language whatever ran before it."""
    yield
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    # Uploaded files and the audit anchors go to a per-test folder, never into var/.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    settings.AUDIT_ARCHIVE_DIR = tmp_path / "audit-archive"


# Fieldwork: an inspection with its notice issued, and what the team records there.
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def notified(authorised_team, office_director):
    inspection = authorised_team.inspections.get()
    inspection_services.notice_issue(inspection=inspection, by=office_director,
                          addressee="中共青海省甲测试院委员会", body="定于9月14日进驻")
    inspection.refresh_from_db()
    return inspection


@pytest.fixture
def deputy(authorised_team):
    return authorised_team.memberships.get(position="deputy").user


@pytest.fixture
def fieldwork(notified, team_member):
    return inspection_services.fieldwork_record_create(
        inspection=notified, by=team_member, method="records", held_on=date(2026, 9, 16),
        summary="调阅2025年党委会会议记录12本")


@pytest.fixture
def basis_clause(db):
    return BasisClause.objects.get_or_create(
        source="中国共产党纪律处分条例", article="第四十二条",
        defaults={"excerpt": "违反“三重一大”决策程序"})[0]


@pytest.fixture
def finding(notified, team_member, fieldwork, basis_clause):
    return inspection_services.finding_save(
        inspection=notified, by=team_member, title="“三重一大”事项未经集体研究",
        content_area="political", facts="2025年3月一笔480万元采购未经党委会研究",
        basis=[basis_clause], fieldwork=[fieldwork])


@pytest.fixture
def note(notified, team_member, deputy):
    return inspection_services.interview_note_create(
        inspection=notified, by=team_member, interviewee="张某", interviewee_position="副院长",
        interviewers=[team_member, deputy], held_at=datetime(2026, 9, 15, 10, tzinfo=SHANGHAI),
        place="甲院3楼谈话室", content="反映2025年采购项目存在拆分规避招标的情况")


def sign_through(finding, author, deputy, leader):
    finding = inspection_services.finding_submit(finding=finding, by=author,
                                                 expected_version=finding.version)
    finding = inspection_services.finding_sign(finding=finding, by=deputy, level="deputy",
                                               expected_version=finding.version)
    return inspection_services.finding_sign(finding=finding, by=leader, level="leader",
                                            expected_version=finding.version)


def hear_in_party_group(inspection, *, leader, secretary, held_on=date(2026, 11, 12)):
    """Art 17: the report heard by the leadership group is revised and sent to the party
    group, which hears it: what the feedback waits for."""
    heard = inspection.reports.get(kind="inspection", status="submitted")
    with clock.frozen(datetime(held_on.year, held_on.month, held_on.day - 2, 10,
                               tzinfo=ZoneInfo("Asia/Shanghai"))):
        revision = inspection_services.report_revise(report=heard, by=leader)
        inspection_services.report_send(report=revision, by=leader,
                                        expected_version=revision.version)
    return inspection_services.party_hearing_record(
        inspection=Inspection.objects.get(pk=inspection.pk), by=secretary, held_on=held_on,
        meeting="厅党组会议2026年第21次", opinions="同意修改后的报告")


@pytest.fixture
def heard(notified, finding, team_member, deputy, team_leader, leadership_leader,
          party_secretary):
    """Finding approved, report submitted and heard by the leadership group, revised and
    heard by the party group (Art 17)."""
    approved = sign_through(finding, team_member, deputy, team_leader)
    inspection_services.inspection_end_onsite(inspection=notified, by=team_leader,
                                              ended_on=date(2026, 10, 15))
    report = inspection_services.report_save(
        inspection=notified, by=team_leader, findings=[approved], title="巡察报告",
        analysis="分析", suggestions="建议")
    inspection_services.report_submit(report=report, by=team_leader,
                                      expected_version=report.version)
    inspection_services.hearing_record(
        inspection=Inspection.objects.get(pk=notified.pk), by=leadership_leader,
        held_on=date(2026, 11, 5), meeting="领导小组2026年第8次会议",
        members_present=[leadership_leader], attendees="巡察组组长",
        opinions="同意报告，补充整改建议", speech_file=pdf("讲话.pdf"),
        filed_on=date(2026, 11, 10), filing_reference="报备〔2026〕3号")
    hear_in_party_group(notified, leader=team_leader, secretary=party_secretary)
    return Inspection.objects.get(pk=notified.pk)


@pytest.fixture
def main_leader(unit_a):
    return grant(UnitContact, UserFactory(username="unit_a_leader", full_name="高书记"),
                 unit=unit_a, position=UnitContact.Position.MAIN_LEADER)


@pytest.fixture
def feedback_attendees(leadership_leader, discipline_handler, hr_handler):
    """Art 18: a leadership-group member and the discipline and HR organs attend."""
    return [leadership_leader, discipline_handler, hr_handler]


def feedback_draft(inspection, *, by, attendees, audience="leadership", body="反馈意见正文"):
    from rectification import services as rectification

    return rectification.feedback_save(
        inspection=inspection, by=by, audience=audience, body=body,
        findings=inspection.findings.filter(status="approved"), meeting_on=date(2026, 11, 20),
        attendees=attendees)


def feedback_consented(feedback, *, by, secretary):
    """Put to the party group and consented by the secretary (Art 18)."""
    from rectification import services as rectification

    feedback = rectification.feedback_request_consent(feedback=feedback, by=by,
                                                      expected_version=feedback.version)
    return rectification.feedback_consent(feedback=feedback, by=secretary, meeting="",
                                          expected_version=feedback.version)


def give_feedback(inspection, *, by, secretary, attendees, audience="leadership"):
    from rectification import services as rectification

    feedback = feedback_consented(
        feedback_draft(inspection, by=by, attendees=attendees, audience=audience),
        by=by, secretary=secretary)
    return rectification.feedback_give(feedback=feedback, by=by,
                                       expected_version=feedback.version)


@pytest.fixture
def given(heard, team_leader, party_secretary, feedback_attendees):
    """Feedback to the unit's leadership, consented and given at the meeting."""
    return give_feedback(heard, by=team_leader, secretary=party_secretary,
                         attendees=feedback_attendees)


@pytest.fixture
def signed_for(given, main_leader, unit_contact):
    """Feedback given to the leadership team and signed for by the unit's main leader."""
    from rectification import services as rectification

    feedback = given
    with clock.frozen(datetime(2026, 11, 20, 16, tzinfo=SHANGHAI)):
        return rectification.feedback_sign_for(feedback=feedback, by=main_leader,
                                               expected_version=feedback.version)


@pytest.fixture
def approved_plan(signed_for, unit_contact, team_leader):
    from rectification import services as rectification

    # Items may only be due after the day they are written and approved.
    with clock.frozen(datetime(2026, 11, 25, 10, tzinfo=SHANGHAI)):
        return _approve_plan(rectification, signed_for, unit_contact, team_leader)


def _approve_plan(rectification, signed_for, unit_contact, team_leader):
    inspection = signed_for.inspection
    plan = rectification.plan_save(inspection=inspection, by=unit_contact,
                                   summary="成立整改领导小组，逐项整改")
    for finding in signed_for.findings.all():
        rectification.plan_item_save(plan=plan, by=unit_contact, finding=finding,
                                     measure="修订“三重一大”决策制度",
                                     due_on=date(2026, 12, 31), responsible_leader="高书记",
                                     responsible_department="党委办公室")
    plan.refresh_from_db()
    plan = rectification.plan_submit(plan=plan, by=unit_contact, expected_version=plan.version)
    return rectification.plan_review(plan=plan, by=team_leader, action="approve", comment="同意",
                                     expected_version=plan.version)


@pytest.fixture
def closed(approved_plan, unit_contact, team_leader, office_director):
    from rectification import services as rectification

    for item in approved_plan.items.all():
        item = rectification.item_report(item=item, by=unit_contact, action="request_closure",
                                         progress="制度已印发", expected_version=item.version)
        rectification.item_decide(item=item, by=team_leader, action="close", comment="核实",
                                  expected_version=item.version)
    for kind, body in (("implementation", "党组织落实情况报告"),
                       ("rectification", "落实整改情况报告")):
        rectification.report_submit(inspection=approved_plan.inspection, by=unit_contact,
                                    kind=kind, body=body)
    rectification.inspection_close(inspection=approved_plan.inspection, by=office_director)
    return Inspection.objects.get(pk=approved_plan.inspection_id)


# Clues ------------------------------------------------------------------------------------------

@pytest.fixture
def clue(notified, finding, team_member):
    from clues import services as clues

    return clues.clue_register(
        inspection=notified, by=team_member, kind="problem", category="integrity",
        summary="副院长张某收受施工方购物卡2万元", persons="张某，甲测试院，副院长",
        finding=finding)


@pytest.fixture
def transferred(clue, leadership_leader, office_staff, discipline_organ):
    from clues import services as clues

    clue = clues.clue_classify(clue=clue, by=leadership_leader, decision="discipline",
                               organ=discipline_organ, meeting="领导小组2026年第9次会议",
                               expected_version=clue.version)
    return clues.clue_transfer(clue=clue, by=office_staff, expected_version=clue.version)


@pytest.fixture
def signed(transferred, discipline_handler):
    from clues import services as clues

    with clock.frozen(datetime(2026, 11, 30, 10, tzinfo=SHANGHAI)):
        return clues.clue_sign_for(clue=transferred, by=discipline_handler,
                                   expected_version=transferred.version)
