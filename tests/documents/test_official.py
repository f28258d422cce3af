"""What the official documents say, read back out of the files (issue 18): pdftotext for the
PDF, python-docx for the Word file. Each element of GB/T 9704-2012 its format uses is there, in
the order the standard puts it, on the page it belongs to."""

import re
import subprocess
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from docx import Document

from inspections import services
from inspections.models import Report
from tests.documents.test_pdf import poppler

OFFICE = "中共青海省自然资源厅党组巡察工作领导小组办公室"
TEAM = "中共青海省自然资源厅党组第一巡察组"


def pdf_pages(content, tmp_path):
    """The text of each page, with the spaces layout adds removed."""
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    # -layout keeps each printed line whole: a wrapped name stays next to what follows it.
    text = subprocess.run([poppler("pdftotext"), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def word_text(content):
    return re.sub(r"\s+", "", "".join(p.text for p in Document(BytesIO(content)).paragraphs))


def in_order(text, parts):
    """Fails naming the first part that is missing or out of order."""
    at = 0
    for part in parts:
        found = text.find(re.sub(r"\s+", "", part), at)
        assert found >= 0, f"{part!r} missing or out of order in {text[:400]!r}"
        at = found + 1


def download(client, user, name, pk):
    client.force_login(user)
    return client.get(reverse(name, args=[pk]))


@pytest.mark.django_db
def test_the_entry_notice_is_a_letter_from_the_office(client, tmp_path, notified,
                                                      office_director):
    notice = notified.notice
    expected = [OFFICE, notice.document_number, f"关于对{notified.target_unit}开展巡察的通知",
                "中共青海省甲测试院委员会：", "定于9月14日进驻", OFFICE,
                f"{notice.issued_at.year}年"]
    pages = pdf_pages(download(client, office_director, "inspections:notice_pdf",
                               notice.pk).content, tmp_path)
    in_order(pages[0], expected)
    assert f"{OFFICE}文件" not in pages[0]  # a letter's masthead is the organ's name alone
    assert "秘密" not in pages[0] and "000001" not in pages[0]  # not classified, not numbered
    # A letter's 版记 names only the copies sent: no printer, no printing date (§10.1).
    assert "印发" not in pages[-1]
    word = download(client, office_director, "inspections:notice_docx", notice.pk)
    in_order(word_text(word.content), expected)
    assert "印发" not in word_text(word.content)


@pytest.mark.django_db
def test_the_report_goes_up_classified_numbered_and_signed(client, tmp_path, heard,
                                                           team_leader, team_member,
                                                           unit_contact, office_staff):
    report = Report.objects.filter(inspection=heard).earliest("pk")
    first = pdf_pages(download(client, team_member, "inspections:report_pdf",
                               report.pk).content, tmp_path)
    # 份号, then 密级★保密期限 before the red masthead "<organ>文件", then 签发人 (sent up).
    # Numbered when it was submitted, in the report's own series (报).
    assert report.document_number == f"青自然资巡报〔{report.submitted_at.year}〕1号"
    in_order(first[0], ["000001", "秘密★1年", f"{TEAM}文件", report.document_number,
                        f"签发人：{team_leader.full_name}", report.title,
                        "巡察工作领导小组：", "分析"])
    # The signature and the date never stand alone on a page: the last paragraph comes along.
    in_order(first[-1], ["建议", TEAM, f"{heard.notice.issued_at.year}年", TEAM, "印发"])
    second = pdf_pages(download(client, office_staff, "inspections:report_pdf",
                                report.pk).content, tmp_path)
    assert second[0].startswith("000002秘密★1年")  # every download is its own copy
    word = download(client, team_leader, "inspections:report_docx", report.pk)
    in_order(word_text(word.content), ["000003", "秘密★1年", f"{TEAM}文件",
                                       f"签发人：{team_leader.full_name}", report.title])
    # The unit never reads the team's report, in either form.
    for name in ("inspections:report_pdf", "inspections:report_docx"):
        assert download(client, unit_contact, name, report.pk).status_code == 404


@pytest.mark.django_db
def test_the_transfer_letter_is_classified_and_only_the_office_edits_it(
        client, tmp_path, transferred, office_staff, discipline_handler):
    letter = transferred.transfer.letter_number
    # 信函格式: the organ's name, then under the red lines 份号 on the left with the 发文字号 on
    # the same line to the right, then 密级.
    expected = [OFFICE, f"000001{letter}", "秘密★1年", "移交巡察发现问题线索的函",
                f"{transferred.transfer.organ}：", "副院长张某收受施工方购物卡", OFFICE]
    in_order(pdf_pages(download(client, office_staff, "clues:transfer_letter_pdf",
                                transferred.pk).content, tmp_path)[0], expected)
    word = download(client, office_staff, "clues:transfer_letter_docx", transferred.pk)
    in_order(word_text(word.content), [OFFICE, f"000002{letter}", *expected[2:]])
    assert download(client, discipline_handler, "clues:transfer_letter_pdf",
                    transferred.pk).status_code == 200
    assert download(client, discipline_handler, "clues:transfer_letter_docx",
                    transferred.pk).status_code == 403


@pytest.mark.django_db
def test_the_feedback_comes_from_the_team_to_the_unit(client, tmp_path, given, team_leader,
                                                      main_leader):
    pages = pdf_pages(download(client, team_leader, "rectification:feedback_pdf",
                               given.pk).content, tmp_path)
    given.refresh_from_db()  # numbered when it was given at the meeting, in its own series
    assert given.document_number == f"青自然资巡反〔{given.meeting_on.year}〕1号"
    in_order(pages[0], [TEAM, f"000001{given.document_number}", "秘密★1年", "反馈意见",
                        given.body[:6], TEAM])
    assert "印发" not in pages[-1]
    # The unit's main leader reads the feedback it signs for; the Word file is the team's.
    assert download(client, main_leader, "rectification:feedback_pdf", given.pk).status_code \
        == 200
    assert download(client, main_leader, "rectification:feedback_docx", given.pk).status_code \
        == 403


@pytest.mark.django_db
def test_the_immediate_notice_is_urgent_but_not_classified(client, tmp_path, notified,
                                                           team_leader):
    notice = services.immediate_issue(inspection=notified, by=team_leader, issue="公车私用",
                                      required_action="立即收回车辆")
    pages = pdf_pages(download(client, team_leader, "inspections:immediate_pdf",
                               notice.pk).content, tmp_path)
    # Urgent by its nature (加急), but not classified: no copy number, no 密级.
    # Numbered at issue in its own series (改), on the right of the 加急 mark.
    assert notice.document_number == f"青自然资巡改〔{notice.issued_at.year}〕1号"
    in_order(pages[0], [TEAM, f"加急{notice.document_number}", "立行立改通知", "公车私用", TEAM])
    assert "秘密" not in pages[0] and "0000" not in pages[0]
    word = download(client, team_leader, "inspections:immediate_docx", notice.pk)
    in_order(word_text(word.content), [TEAM, f"加急{notice.document_number}", "立行立改通知",
                                       "公车私用"])


@pytest.mark.django_db
def test_the_announcement_carries_the_online_form_as_a_vector_qr_code(
        client, tmp_path, notified, team_leader, unit_contact):
    announcement = services.announcement_publish(
        inspection=notified, by=team_leader, body="巡察组进驻期间受理来信来电来访",
        schedule="2026年9月14日至10月15日", address="甲测试院三楼", mailbox="信箱",
        phone="0971-1234567")
    response = download(client, team_leader, "inspections:announcement_pdf", announcement.pk)
    path = tmp_path / "announcement.pdf"
    path.write_bytes(response.content)
    form = reverse("inspections:public_petition", args=[announcement.petition_token])
    text = pdf_pages(response.content, tmp_path)[0]
    in_order(text, ["巡察公告", "巡察组进驻期间受理来信来电来访", "0971-1234567", form])
    assert "印发" not in text  # a public announcement is no red-headed file: no 版记
    images = subprocess.run([poppler("pdfimages"), "-list", str(path)], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    assert images == []  # the QR code is drawn, not pasted as a picture
    word = Document(BytesIO(download(client, team_leader, "inspections:announcement_docx",
                                     announcement.pk).content))
    assert len(word.inline_shapes) == 1  # in Word, the same code as a picture
    assert download(client, unit_contact, "inspections:announcement_docx",
                    announcement.pk).status_code == 403


@pytest.mark.django_db
def test_word_files_stay_with_the_issuing_side_and_copies_count_per_document(
        client, tmp_path, heard, leadership_member, transferred, office_staff):
    report = Report.objects.filter(inspection=heard).earliest("pk")
    # The leadership group hears the report and reads its PDF; the team finishes it in Word.
    assert download(client, leadership_member, "inspections:report_pdf", report.pk) \
        .status_code == 200
    assert download(client, leadership_member, "inspections:report_docx", report.pk) \
        .status_code == 403
    # Downloads of another document do not use up this one's copy numbers.
    download(client, office_staff, "inspections:notice_pdf", heard.notice.pk)
    first = pdf_pages(download(client, office_staff, "clues:transfer_letter_pdf",
                               transferred.pk).content, tmp_path)[0]
    assert first.startswith(f"{OFFICE}000001")


@pytest.mark.django_db
def test_the_unit_reads_the_immediate_notice_but_does_not_get_its_word_file(
        client, notified, team_leader, unit_contact):
    notice = services.immediate_issue(inspection=notified, by=team_leader, issue="公车私用",
                                      required_action="立即收回车辆")
    assert download(client, unit_contact, "inspections:immediate_pdf", notice.pk) \
        .status_code == 200
    assert download(client, unit_contact, "inspections:immediate_docx", notice.pk) \
        .status_code == 403


@pytest.mark.django_db
def test_copy_numbers_never_repeat_once_old_log_events_are_archived(
        client, tmp_path, transferred, office_staff, monkeypatch,
        django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from audit import services as audit
    from audit.models import SecurityEvent

    real_now = timezone.now
    monkeypatch.setattr(audit.timezone, "now", lambda: real_now() - timedelta(days=200))
    for _copy in range(2):
        download(client, office_staff, "clues:transfer_letter_pdf", transferred.pk)
    monkeypatch.setattr(audit.timezone, "now", real_now)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("archive_security_events", stdout=StringIO(),
                     before=str(timezone.localdate() - timedelta(days=190)))
    assert not SecurityEvent.objects.filter(kind="download").exists()
    third = pdf_pages(download(client, office_staff, "clues:transfer_letter_pdf",
                               transferred.pk).content, tmp_path)[0]
    assert "000003" in third and "000001" not in third
    # The log says who took which copy.
    event = SecurityEvent.objects.get(kind="download")
    assert (event.user, event.detail["copy"]) == (office_staff, "000003")


@pytest.mark.django_db
def test_a_sent_report_keeps_the_signer_and_team_name_it_went_out_under(
        client, tmp_path, heard, team_leader, team_member, office_director):
    report = Report.objects.filter(inspection=heard).earliest("pk")
    team = heard.team
    team.name = "第九巡察组"  # renamed after the report went up
    team._change_reason = "edit"
    team.save()
    team_leader.full_name = "另一人"
    team_leader.save()
    first = pdf_pages(download(client, team_member, "inspections:report_pdf", report.pk)
                      .content, tmp_path)[0]
    assert f"{TEAM}文件" in first and "签发人：" in first
    assert "第九巡察组" not in first and "另一人" not in first


@pytest.mark.django_db
def test_documents_read_in_chinese_for_an_english_reader_and_point_at_the_site(
        client, tmp_path, notified, team_leader, settings):
    settings.SITE_URL = "https://xuncha.example.gov.cn"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "intranet.local"]
    announcement = services.announcement_publish(
        inspection=notified, by=team_leader, body="巡察组进驻期间受理来信来电来访",
        schedule="2026年9月14日至10月15日", address="甲测试院三楼", mailbox="信箱",
        phone="0971-1234567")
    client.force_login(team_leader)
    response = client.get(reverse("inspections:announcement_pdf", args=[announcement.pk]),
                          HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="intranet.local")
    text = pdf_pages(response.content, tmp_path)[0]
    form = reverse("inspections:public_petition", args=[announcement.petition_token])
    assert "巡察公告" in text and "Inspection announcement" not in text
    assert f"https://xuncha.example.gov.cn{form}" in text and "intranet.local" not in text


def test_a_document_of_no_known_kind_is_refused_before_anything_happens():
    from datetime import date

    from documents.official import Official

    with pytest.raises(ValueError, match="unknown_kind"):
        Official(kind="unknown_kind", title="x", body="x", day=date(2026, 11, 25))


@pytest.mark.parametrize(("paragraphs", "sheets"), [(1, 2), (3, 2), (8, 4)])
def test_a_files_record_closes_it_on_an_even_page(tmp_path, paragraphs, sheets):
    """Printed on both sides, the 版记 falls on the back of the last sheet: a text that ends
    on a front (odd) page leaves the 版记 to the next page; one ending on a back page keeps it."""
    from datetime import date

    from documents.official import Official
    from documents.pdf import render_official_pdf
    from tests.documents.test_pdf import long_body

    pages = pdf_pages(render_official_pdf(Official(
        kind="inspection_report", title="巡察报告", document_number="青自然资巡报〔2026〕1号",
        body=long_body(paragraphs), day=date(2026, 11, 25), organ=TEAM, signer="张三",
        printer=TEAM, printed_on=date(2026, 11, 25)).numbered(1)), tmp_path)
    # Text on 1 page: the 版记 turns to page 2; on 2 with room: it stays; on 2 without room:
    # page 3 stays blank and the 版记 is on page 4.
    assert len(pages) == sheets
    assert "印发" in pages[-1] and not any("印发" in page for page in pages[:-1])
    assert "监督检查" in pages[sheets - 3 if sheets == 4 else 0]


def test_a_letters_record_names_only_its_copies(tmp_path):
    """信函格式 §10.1: the 版记 has no printer, no printing date and no rules; in Word the
    lower red double line is the first page's footer."""
    from datetime import date

    from documents.docx import render_official_docx
    from documents.official import Official
    from documents.pdf import render_official_pdf

    letter = Official(kind="clue_transfer", title="移交巡察发现问题线索的函",
                      document_number="青自然资巡移〔2026〕1号", body="线索一件。",
                      day=date(2026, 11, 25), organ=OFFICE, addressee="驻厅纪检监察组",
                      cc="厅党组巡察工作领导小组", printer=OFFICE,
                      printed_on=date(2026, 11, 25)).numbered(1)
    pages = pdf_pages(render_official_pdf(letter), tmp_path)
    assert len(pages) == 1  # a letter is not turned onto an even page
    in_order(pages[-1], ["抄送：厅党组巡察工作领导小组。"])
    assert "印发" not in pages[-1]
    word = Document(BytesIO(render_official_docx(letter)))
    assert "印发" not in word_text(render_official_docx(letter))
    footer = word.sections[0].first_page_footer.paragraphs[0]._p
    assert footer.pPr is not None and footer.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None
    cc = next(p for p in word.paragraphs if p.text.startswith("抄送"))._p.pPr
    assert cc is None or cc.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is None


@pytest.mark.django_db
def test_the_transfer_letter_is_chinese_for_an_english_reader(client, tmp_path, transferred,
                                                              office_staff):
    client.force_login(office_staff)
    response = client.get(reverse("clues:transfer_letter_pdf", args=[transferred.pk]),
                          HTTP_ACCEPT_LANGUAGE="en")
    text = pdf_pages(response.content, tmp_path)[0]
    assert "签收之日起3个月内" in text and "within three months" not in text
