from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections import services
from inspections.models import BasisClause

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def notified(authorised_team, office_director):
    inspection = authorised_team.inspections.get()
    services.notice_issue(inspection=inspection, by=office_director,
                          addressee="中共青海省甲测试院委员会", body="定于9月14日进驻")
    inspection.refresh_from_db()
    return inspection


@pytest.fixture
def deputy(authorised_team):
    return authorised_team.memberships.get(position="deputy").user


@pytest.fixture
def fieldwork(notified, team_member):
    return services.fieldwork_record_create(
        inspection=notified, by=team_member, method="records", held_on=date(2026, 9, 16),
        summary="调阅2025年党委会会议记录12本")


@pytest.fixture
def basis_clause(db):
    return BasisClause.objects.get_or_create(
        source="中国共产党纪律处分条例", article="第四十二条",
        defaults={"excerpt": "违反“三重一大”决策程序"})[0]


@pytest.fixture
def finding(notified, team_member, fieldwork, basis_clause):
    return services.finding_save(
        inspection=notified, by=team_member, title="“三重一大”事项未经集体研究",
        content_area="political", facts="2025年3月一笔480万元采购未经党委会研究",
        basis=[basis_clause], fieldwork=[fieldwork])


@pytest.fixture
def note(notified, team_member, deputy):
    return services.interview_note_create(
        inspection=notified, by=team_member, interviewee="张某", interviewee_position="副院长",
        interviewers=[team_member, deputy], held_at=datetime(2026, 9, 15, 10, tzinfo=SHANGHAI),
        place="甲院3楼谈话室", content="反映2025年采购项目存在拆分规避招标的情况")


def pdf(name="证据.pdf", body=b"%PDF-1.7\nevidence\n"):
    return SimpleUploadedFile(name, body, "application/pdf")
