import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from PIL import Image

from documents.official import Official
from documents.pdf import render_official_pdf
from inspections import services

MM = 72 / 25.4  # points per millimetre; pdftoppm -r 72 gives one pixel per point
TYPE_AREA = (28 * MM, 37 * MM, (28 + 156) * MM, (37 + 225) * MM)  # left, top, right, bottom


def poppler(tool):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: scripts/setup.sh --test installs poppler-utils")
    return tool


def embedded_fonts(pdf_path):
    out = subprocess.run([poppler("pdffonts"), str(pdf_path)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in out]  # (name, emb)


def long_body(paragraphs):
    lines = ["一、总体情况", "（一）主要做法"]
    lines += ["根据厅党组巡察工作安排，巡察组通过听取汇报、个别谈话、调阅资料等方式，"
              "对被巡察单位党委落实全面从严治党主体责任情况进行了监督检查。"] * paragraphs
    return "\n".join(lines)


@pytest.mark.django_db
def test_notice_pdf_embeds_a_cjk_font(client, tmp_path, authorised_team, office_director,
                                      unit_contact, unit_b_contact):
    inspection = authorised_team.inspections.get()
    notice = services.notice_issue(inspection=inspection, by=office_director,
                                   addressee="中共青海省甲测试院委员会", body="定于9月14日进驻")
    client.force_login(unit_contact)
    response = client.get(reverse("inspections:notice_pdf", args=[notice.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "notice.pdf"
    path.write_bytes(response.content)
    fonts = embedded_fonts(path)
    assert any("CJK" in name or "Kaiti" in name for name, _ in fonts)
    assert all(emb == "yes" for _, emb in fonts)
    client.force_login(unit_b_contact)
    assert client.get(reverse("inspections:notice_pdf", args=[notice.pk])).status_code == 404


def test_a_long_document_runs_to_the_right_number_of_pages(tmp_path):
    short = tmp_path / "short.pdf"
    short.write_bytes(render_official_pdf(Official(
        kind="rectification_summary", title="短文", body=long_body(1), day=date(2026, 11, 25))))
    long = tmp_path / "long.pdf"
    long.write_bytes(render_official_pdf(Official(
        kind="inspection_report", title="巡察报告", body=long_body(60),
        day=date(2026, 11, 25)).numbered(1)))
    pages = [int(next(line.split()[-1] for line in subprocess.run(
        [poppler("pdfinfo"), str(p)], capture_output=True, text=True, check=True
    ).stdout.splitlines() if line.startswith("Pages:"))) for p in (short, long)]
    # 60 paragraphs of three lines, 22 lines a page: about nine pages.
    assert pages[0] == 1 and 8 <= pages[1] <= 11


def _page(tmp_path, content, number, *, mode="L"):
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    prefix = tmp_path / f"page{number}"
    subprocess.run([poppler("pdftoppm"), "-r", "72", "-f", str(number), "-l", str(number),
                    "-png", str(path), str(prefix)], check=True)
    return Image.open(next(tmp_path.glob(f"page{number}*.png"))).convert(mode)


def test_a_letter_has_its_own_head_and_foot_on_page_one(tmp_path):
    """信函格式 (GB/T 9704 §10.1): the organ's name 30 mm from the top edge, over the type
    area; a red double line 20 mm from the bottom edge, 170 mm long and centred; no page
    number on page 1, which the following pages have."""
    content = render_official_pdf(Official(
        kind="clue_transfer", title="移交巡察发现问题线索的函",
        document_number="青自然资巡移〔2026〕1号",
        organ="中共青海省自然资源厅党组巡察工作领导小组办公室", addressee="驻厅纪检监察组",
        body=long_body(20), day=date(2026, 11, 25)).numbered(1))
    first = _page(tmp_path, content, 1, mode="RGB")
    pixels = [(n % first.width, n // first.width) for n, (r, g, b) in
              enumerate(first.getdata()) if r > 150 and g < 90 and b < 90]
    top = min(y for _x, y in pixels)
    lowest = max(y for _x, y in pixels)
    foot = [x for x, y in pixels if y == lowest]
    assert 28 * MM <= top <= 34 * MM  # the masthead's glyphs start near 30 mm, over 37 mm
    assert abs(lowest - (297 - 20) * MM) <= 2 * MM
    assert abs(min(foot) - 20 * MM) <= 2 and abs(max(foot) - 190 * MM) <= 2
    ink = first.convert("L").point(lambda v: 255 if v < 200 else 0)
    assert ink.crop((0, int(lowest) + 2, first.width, first.height)).getbbox() is None
    second = _page(tmp_path, content, 2).point(lambda v: 255 if v < 200 else 0)
    assert second.crop((0, int(TYPE_AREA[3]) + 2, second.width, second.height)).getbbox()


def test_page_one_text_stays_inside_the_type_area(tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(render_official_pdf(Official(
        kind="inspection_report", title="关于对青海省地质调查局党委开展巡察的报告",
        document_number="青自然资巡报〔2026〕1号", signer="张三",
        organ="中共青海省自然资源厅党组第一巡察组",
        addressee="巡察工作领导小组", body=long_body(20), day=date(2026, 11, 25)).numbered(1)))
    subprocess.run([poppler("pdftoppm"), "-r", "72", "-f", "1", "-l", "1", "-png", str(path),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    ink = image.point(lambda v: 255 if v < 200 else 0)
    left, top, right, bottom = ink.getbbox()
    body = ink.crop((0, 0, image.width, int(TYPE_AREA[3]) + 2))
    b_left, b_top, b_right, b_bottom = body.getbbox()
    tolerance = 2
    assert b_left >= TYPE_AREA[0] - tolerance and b_right <= TYPE_AREA[2] + tolerance
    assert b_top >= TYPE_AREA[1] - tolerance
    # Below the type area there is only the page number, on the outer (right) side.
    footer = ink.crop((0, int(TYPE_AREA[3]) + 2, image.width, image.height)).getbbox()
    assert footer is not None and footer[0] > image.width / 2


@pytest.mark.django_db
def test_report_and_transfer_letter_pdfs_are_access_checked(client, tmp_path, notified,
                                                            team_leader, team_member,
                                                            office_staff, discipline_handler,
                                                            leadership_leader,
                                                            discipline_organ, finding):
    from clues import services as clue_services

    clue = clue_services.clue_register(inspection=notified, by=team_member, kind="problem",
                                       category="integrity", summary="收受购物卡",
                                       persons="张某，副院长")
    clue = clue_services.clue_classify(clue=clue, by=leadership_leader, decision="discipline",
                                       organ=discipline_organ, meeting="会议",
                                       expected_version=clue.version)
    clue = clue_services.clue_transfer(clue=clue, by=office_staff, expected_version=clue.version)
    url = reverse("clues:transfer_letter_pdf", args=[clue.pk])
    client.force_login(discipline_handler)
    letter = client.get(url)
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    client.force_login(team_member)
    assert client.get(url).status_code == 404

    report = services.report_save(inspection=notified, by=team_leader, findings=[finding],
                                  title="巡察报告", analysis="分析", suggestions="建议")
    client.force_login(team_leader)
    assert client.get(reverse("inspections:report_pdf", args=[report.pk])).status_code == 200


@pytest.mark.django_db
def test_every_remaining_official_document_renders_for_its_readers(
        request, client, notified, team_leader, unit_contact, unit_b_contact, tmp_path):
    from inspections import services as inspection_services

    # The announcement goes out at entry (Art 13); the round then runs on to rectification.
    announcement = inspection_services.announcement_publish(
        inspection=notified, by=team_leader, body="巡察公告正文", schedule="9月14日至10月15日",
        address="甲院3楼", mailbox="1号信箱", phone="0971-1234567")
    approved_plan = request.getfixturevalue("approved_plan")
    signed_for = request.getfixturevalue("signed_for")
    inspection = approved_plan.inspection
    urls = {
        "announcement": reverse("inspections:announcement_pdf", args=[announcement.pk]),
        "feedback": reverse("rectification:feedback_pdf", args=[signed_for.pk]),
        "summary": reverse("rectification:summary_pdf", args=[inspection.pk]),
    }
    client.force_login(unit_contact)
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), name
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(response.content)
        assert any("CJK" in font for font, _ in embedded_fonts(path)), name
    client.force_login(unit_b_contact)
    for name in ("feedback", "summary"):
        assert client.get(urls[name]).status_code == 404, name
