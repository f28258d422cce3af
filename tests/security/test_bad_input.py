"""Findings 7–9 of issue 13: uploads, imports and form input that used to hurt the server or
lose the user's work."""

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from clues.models import Clue
from deadlines.models import HolidayOverride
from documents import excel
from documents.uploads import validate_upload
from inspections.models import Round
from rectification.models import Evidence
from teams.importer import HEADERS
from tests.factories import pdf_bytes


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refused_code(name, content, allowed=("pdf", "jpg", "png", "docx", "xlsx")):
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(name, content), allowed=allowed)
    return refused.value.code


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def office_zip(kind, *, extra=(), body=b"<document/>"):
    main = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main, body)
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


# Finding 8: the whole content decides, not the first bytes.

def test_well_formed_files_pass():
    for name, content in (("a.pdf", pdf_bytes()), ("a.png", png_bytes()),
                          ("a.docx", office_zip("docx")), ("a.xlsx", office_zip("xlsx"))):
        assert validate_upload(upload(name, content),
                               allowed=("pdf", "png", "docx", "xlsx")).name == name


def test_html_behind_a_pdf_signature_is_refused():
    page = b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n"
    assert refused_code("报告.pdf", page) == "bad_type"


def test_a_pdf_whose_trailer_points_outside_the_file_is_refused():
    forged = pdf_bytes().rsplit(b"startxref", 1)[0] + b"startxref\n999999\n%%EOF\n"
    assert refused_code("报告.pdf", forged) == "bad_type"


def test_an_image_that_does_not_decode_is_refused():
    assert refused_code("照片.png", png_bytes()[:40] + b"\0" * 200) == "bad_type"
    assert refused_code("照片.jpg", b"\xff\xd8\xff" + b"<html>" * 50) == "bad_type"


def test_a_docx_bomb_is_refused_without_expanding_it():
    bomb = office_zip("docx", extra=[("word/media/zeros.bin", b"\0" * (8 * 1024 * 1024))])
    assert len(bomb) < 64 * 1024
    assert refused_code("说明.docx", bomb) == "zip_bomb"


def test_an_office_file_of_thousands_of_parts_is_refused():
    parts = [(f"word/part{n}.xml", b"x") for n in range(2001)]
    assert refused_code("说明.docx", office_zip("docx", extra=parts)) == "zip_entries"


def test_a_zip_that_is_not_an_office_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    assert refused_code("说明.docx", buffer.getvalue()) == "bad_type"


@pytest.mark.django_db
def test_the_unit_uploading_a_disguised_file_is_told_and_nothing_is_kept(
        client, approved_plan, unit_contact):
    item = approved_plan.items.first()
    client.force_login(unit_contact)
    disguised = SimpleUploadedFile("整改证明.pdf", b"%PDF-1.4\n<html>not a pdf</html>")
    response = client.post(reverse("rectification:evidence_upload", args=[item.pk]),
                           {"file": disguised}, follow=True)
    assert "文件内容须与类型相符" in response.text
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(
        client, approved_plan, unit_contact):
    item = approved_plan.items.first()
    client.force_login(unit_contact)
    response = client.post(reverse("rectification:evidence_upload", args=[item.pk]),
                           {"file": SimpleUploadedFile("a.pdf", pdf_bytes())},
                           CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert "超过25 MB" in response.text
    assert not Evidence.objects.exists()


# Finding 7: Excel imports.

@pytest.mark.django_db
def test_a_zip_bomb_workbook_is_refused_by_the_import(client, office_staff):
    bomb = office_zip("xlsx", extra=[("xl/worksheets/sheet1.xml", b" " * (16 * 1024 * 1024))])
    client.force_login(office_staff)
    response = client.post(reverse("teams:talent_import"),
                           {"file": SimpleUploadedFile("人才库.xlsx", bomb)})
    assert response.status_code == 200 and "解压后远大于普通文档" in response.text


def test_the_row_limit_is_checked_while_reading(monkeypatch):
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(excel.MAX_ROWS + 3000):
        sheet.append([f"user{n}", "姓名"])
    buffer = io.BytesIO()
    book.save(buffer)

    read = []
    real_rows = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in real_rows(self, *args, **kwargs):
            read.append(1)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    with pytest.raises(ValidationError, match=str(excel.MAX_ROWS)):
        excel.read_rows(SimpleUploadedFile("人才库.xlsx", buffer.getvalue()), HEADERS)
    assert excel.MAX_ROWS < len(read) <= excel.MAX_ROWS + 2


# Finding 9: bounded years and dates, long text, double submission, invisible controls.

@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "1999", "2101", "99999", str(2**31)])
def test_a_round_year_outside_2000_to_2100_is_refused(client, office_director, year):
    client.force_login(office_director)
    response = client.post(reverse("inspections:round_create"), {
        "name": "年份测试轮", "year": year, "inspection_type": "regular"})
    assert response.status_code == 200
    assert "年份" in response.text and 'value="年份测试轮"' in response.text
    assert not Round.objects.exists()


@pytest.mark.django_db
def test_a_round_year_inside_the_range_is_accepted(client, office_director):
    client.force_login(office_director)
    response = client.post(reverse("inspections:round_create"), {
        "name": "年份测试轮", "year": "2100", "inspection_type": "regular"})
    assert response.status_code == 302 and Round.objects.get().year == 2100


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "accepted"), [
    ("1900-01-01", False), ("9999-12-31", False), ("1999-12-31", False),
    ("2000-01-01", True), ("2100-12-31", True)])
def test_calendar_days_outside_the_working_range_are_refused(client, office_director, day,
                                                              accepted):
    client.force_login(office_director)
    response = client.post(reverse("deadlines:override_create"), {
        "day": day, "is_workday": "", "note": "测试", "source": "official"})
    assert HolidayOverride.objects.filter(day=date.fromisoformat(day)).exists() == accepted
    if not accepted:
        assert "之间的日期" in response.text


@pytest.mark.django_db
def test_a_megabyte_of_text_gets_a_message_and_the_text_is_kept(client, notified, team_member):
    text = "反映问题" * 90_000  # 360,000 characters, about 1 MiB in UTF-8
    client.force_login(team_member)
    response = client.post(reverse("clues:clue_register", args=[notified.pk]), {
        "kind": "problem", "category": "integrity", "summary": text, "persons": "张某"})
    assert response.status_code == 200
    assert "20000" in response.text and text in response.text
    assert not Clue.objects.exists()


@pytest.mark.django_db
def test_a_body_too_large_to_parse_says_what_happened(client, notified, team_member):
    client.force_login(team_member)
    response = client.post(reverse("clues:clue_register", args=[notified.pk]), {
        "kind": "problem", "summary": "巡" * 4_000_000})
    assert response.status_code == 400 and "本次未保存任何内容" in response.text


@pytest.mark.django_db
def test_a_create_form_sent_twice_creates_one_clue(client, notified, team_member):
    client.force_login(team_member)
    url = reverse("clues:clue_register", args=[notified.pk])
    sent = {"kind": "problem", "category": "integrity", "summary": "收受购物卡",
            "persons": "张某", "_once": "0123456789abcdef0123456789abcdef"}
    first, second = client.post(url, sent), client.post(url, sent)
    clue = Clue.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == clue.get_absolute_url()
    page = client.get(second["Location"]).text
    assert "该表单已提交过，未重复保存" in page


@pytest.mark.django_db
def test_a_refused_form_may_be_corrected_and_sent_with_the_same_token(client, notified,
                                                                     team_member):
    client.force_login(team_member)
    url = reverse("clues:clue_register", args=[notified.pk])
    sent = {"kind": "problem", "category": "integrity", "summary": "", "persons": "张某",
            "_once": "fedcba9876543210fedcba9876543210"}
    assert client.post(url, sent).status_code == 200
    assert client.post(url, {**sent, "summary": "收受购物卡"}).status_code == 302
    assert Clue.objects.count() == 1


@pytest.mark.django_db
def test_the_form_page_carries_a_fresh_token(client, notified, team_member):
    client.force_login(team_member)
    url = reverse("clues:clue_register", args=[notified.pk])
    tokens = [client.get(url).text.split('name="_once" value="')[1][:32] for _ in range(2)]
    assert tokens[0] != tokens[1] and all(len(t) == 32 for t in tokens)


@pytest.mark.django_db
def test_bidirectional_controls_are_removed_from_what_is_stored(client, notified, team_member):
    client.force_login(team_member)
    client.post(reverse("clues:clue_register", args=[notified.pk]), {
        "kind": "problem", "category": "integrity",
        "summary": "金额\u202e00.1\u202c元，\u2066见附件\u2069", "persons": "张某"})
    assert Clue.objects.get().summary == "金额00.1元，见附件"


@pytest.mark.django_db
def test_an_id_no_column_can_hold_matches_nothing(office_staff):
    from accounts.models import User

    assert list(User.objects.filter(pk__in=[10**40, -(10**40)])) == []
    assert list(User.objects.filter(pk__in=[10**40, office_staff.pk])) == [office_staff]
