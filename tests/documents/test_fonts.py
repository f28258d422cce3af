"""Licensed office fonts dropped into DOCUMENT_FONT_DIR are embedded before the open fonts that
otherwise stand in for them, and each document's page says which were used (issue 18)."""

from datetime import date

import pytest
from django.urls import reverse
from fontTools.ttLib import TTFont

from documents.fonts import fonts_in_use
from documents.official import Official
from documents.pdf import render_official_pdf
from tests.documents.test_pdf import embedded_fonts

# Installed by scripts/setup.sh (fonts-arphic-gkai00mp): an open font to dress up as a licensed one.
OPEN_KAITI = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"


def licensed_copy(folder, family, postscript):
    """A copy of an open font under the name of a licensed office font."""
    font = TTFont(OPEN_KAITI)
    names = font["name"]
    for name_id in (1, 4, 6, 16, 17):
        names.removeNames(nameID=name_id)
    for name_id in (1, 4):
        names.setName(family, name_id, 3, 1, 0x804)
    names.setName(postscript, 6, 3, 1, 0x409)
    names.setName(postscript, 6, 1, 0, 0)
    font.save(str(folder / f"{postscript}.ttf"))


def by_role():
    return {row["role"]: row for row in fonts_in_use()}


def notice():
    return Official(kind="entry_notice", title="关于对青海省甲测试院开展巡察的通知",
                    organ="中共青海省自然资源厅党组巡察工作领导小组办公室",
                    addressee="中共青海省甲测试院委员会", body="定于9月14日进驻",
                    day=date(2026, 9, 7))


def test_a_licensed_font_in_the_folder_is_used_and_embedded(settings, tmp_path):
    folder = tmp_path / "fonts"
    folder.mkdir()
    settings.DOCUMENT_FONT_DIR = folder
    (folder / "readme.ttf").write_bytes(b"not a font")  # ignored, not fatal
    fallback = by_role()["正文"]
    assert (fallback["family"], fallback["stands_in_for"]) == ("思源宋体", "仿宋_GB2312")

    licensed_copy(folder, "仿宋_GB2312", "FangSong_GB2312")
    body = by_role()["正文"]
    assert (body["family"], body["from_folder"], body["stands_in_for"]) == (
        "仿宋_GB2312", True, "")
    assert by_role()["标题"]["stands_in_for"] == "方正小标宋简体"  # still the open stand-in
    path = tmp_path / "notice.pdf"
    path.write_bytes(render_official_pdf(notice()))
    fonts = embedded_fonts(path)
    assert any(name.endswith("+仿宋_GB2312") and embedded == "yes" for name, embedded in fonts)


def test_a_family_name_that_could_break_out_of_the_css_is_not_declared(settings, tmp_path):
    folder = tmp_path / "fonts"
    folder.mkdir()
    settings.DOCUMENT_FONT_DIR = folder
    licensed_copy(folder, '仿宋"}</style><script>', "Hostile")
    path = tmp_path / "notice.pdf"
    path.write_bytes(render_official_pdf(notice()))
    assert not any("仿宋" in name or "Hostile" in name for name, _ in embedded_fonts(path))
    assert by_role()["正文"]["family"] == "思源宋体"


@pytest.mark.django_db
def test_the_notice_page_says_which_fonts_its_pdf_uses(client, settings, tmp_path, notified,
                                                       office_director):
    settings.DOCUMENT_FONT_DIR = tmp_path / "no-such-folder"
    client.force_login(office_director)
    page = client.get(reverse("inspections:notice_detail", args=[notified.notice.pk]))
    assert "正文 思源宋体（代仿宋_GB2312）" in page.content.decode()
