from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import User
from teams.importer import HEADERS
from teams.models import TalentPoolEntry
from tests.factories import UserFactory


def workbook(*rows, headers=HEADERS):
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("人才库.xlsx", buffer.getvalue())


@pytest.mark.django_db
def test_template_downloads_with_the_headers(client, office_staff):
    client.force_login(office_staff)
    response = client.get(reverse("teams:talent_import_template"))
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADERS


@pytest.mark.django_db
def test_a_valid_file_imports_everyone(client, office_staff, unit_a, plain_user):
    UserFactory(username="lisi", full_name="李四", org_unit=unit_a)
    client.force_login(office_staff)
    upload = workbook(
        ["lisi", "李四", unit_a.name, "科长", "纪检监察、财务审计", "可抽调", ""],
        [plain_user.username, "", "", "", "政策法规", "有限可抽调", "已有账号"],
    )
    response = client.post(reverse("teams:talent_import"), {"file": upload})
    assert response.status_code == 302
    lisi = TalentPoolEntry.objects.get(user__username="lisi")
    assert lisi.specialties == ["discipline", "finance_audit"]
    assert lisi.history.get().history_user == office_staff
    assert TalentPoolEntry.objects.get(user=plain_user).availability == "limited"


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_reports_every_problem(client, office_staff, unit_a):
    UserFactory(username="wangwu", full_name="王五")
    client.force_login(office_staff)
    upload = workbook(
        ["wangwu", "王五", unit_a.name, "", "纪检监察", "可抽调", ""],
        ["zhaoliu", "赵六", "不存在的单位", "", "外交", "随时", ""],
        ["wangwu", "王五", "", "", "政策法规", "", ""],
    )
    response = client.post(reverse("teams:talent_import"), {"file": upload})
    assert response.status_code == 200
    report = response.text
    assert "5 个问题" in report and "未导入任何内容" in report
    for expected in ["不存在的单位", "外交", "随时", "文件中重复出现", "请系统管理员先创建"]:
        assert expected in report
    assert not TalentPoolEntry.objects.exists()
    assert TalentPoolEntry.objects.count() == 0


@pytest.mark.django_db
def test_wrong_headers_and_non_excel_files_are_refused(client, office_staff):
    client.force_login(office_staff)
    wrong = workbook(["a"], headers=["姓名", "单位"])
    assert "第一行须为模板表头" in client.post(reverse("teams:talent_import"),
                                       {"file": wrong}).text
    fake = SimpleUploadedFile("人才库.xlsx", b"this is not a zip file")
    assert "仅接受以下文件类型" in client.post(reverse("teams:talent_import"), {"file": fake}).text


@pytest.mark.django_db
def test_only_the_office_imports(client, leadership_member):
    client.force_login(leadership_member)
    assert client.get(reverse("teams:talent_import")).status_code == 403


@pytest.mark.django_db
def test_bad_user_names_and_long_values_are_reported_not_crashing(client, office_staff):
    client.force_login(office_staff)
    upload = workbook(["bad name!", "名" * 51, "", "", "政策法规", "", ""])
    response = client.post(reverse("teams:talent_import"), {"file": upload})
    assert response.status_code == 200
    assert "最多 50 个字符" in response.text and "@ . + - _" in response.text
    assert not User.objects.filter(username="bad name!").exists()
