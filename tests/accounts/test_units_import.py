from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.importer import HEADERS
from accounts.models import OrgUnit


def workbook(*rows):
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("units.xlsx", buffer.getvalue())


@pytest.mark.django_db
def test_units_import_all_or_nothing(client, sysadmin, unit_a):
    client.force_login(sysadmin)
    url = reverse("accounts:orgunit_import")
    bad = workbook(["新研究院", "", "所属单位", unit_a.name, "", 5],
                   ["新研究院", "", "处", "", "", "x"],
                   ["新纪委", "", "处室", "不存在", "纪律", ""])
    report = client.post(url, {"file": bad}).text
    assert "发现 5 个问题，未导入任何内容" in report  # row 3: three, row 4: two
    for expected in ["文件中重复出现", "不存在", "请填写以下之一"]:
        assert expected in report
    assert not OrgUnit.objects.filter(name__in=["新研究院", "新纪委"]).exists()

    good = workbook(["新研究院", "新院", "所属单位", unit_a.name, "", 5],
                    ["新纪委", "", "处室", "新研究院", "纪检监察", ""])
    assert client.post(url, {"file": good}).status_code == 302
    organ = OrgUnit.objects.get(name="新纪委")
    assert organ.parent.name == "新研究院" and organ.organ_kind == "discipline"
    assert organ.history.get().history_user == sysadmin


@pytest.mark.django_db
def test_only_the_system_administrator_imports_units(client, office_staff):
    client.force_login(office_staff)
    assert client.get(reverse("accounts:orgunit_import")).status_code == 403
