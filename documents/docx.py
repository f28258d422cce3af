"""Word versions of official documents, for offices that edit before signing."""

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .pdf import chinese_date, paragraphs

FONTS = {0: "仿宋_GB2312", 1: "黑体", 2: "楷体_GB2312"}
RED = RGBColor(0xCC, 0, 0)


def _run(paragraph, text, *, font, size, color=None):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = font
    # Word picks Chinese glyphs from the East Asian font slot, not from font.name.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if color:
        run.font.color.rgb = color
    return run


def _line(document, text="", *, font="仿宋_GB2312", size=16, align=None, color=None,
          indent=False):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        _run(paragraph, text, font=font, size=size, color=color)
    return paragraph


# What follows w:pBdr in a paragraph's properties (ECMA-376 CT_PPr): Word refuses a file whose
# elements are out of this order.
AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                 "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                 "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                 "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                 "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                 "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _rule(paragraph, *, edge="bottom", size=8, color="CC0000", style="single"):
    """A line over or under a paragraph: Word's own border, so it moves with the text. Called
    for the top edge before the bottom one (the order CT_PBdr wants)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        properties.insert_element_before(borders, *AFTER_BORDERS)
    border = OxmlElement(f"w:{edge}")
    for name, value in (("val", style), ("sz", str(size)), ("space", "1"), ("color", color)):
        border.set(qn(f"w:{name}"), value)
    borders.append(border)


def render_official_docx(official):
    """The same elements as the PDF (documents.official), for the office to finish in Word."""
    document = Document()
    section = document.sections[0]
    # GB/T 9704: A4, 37 mm top, 28 mm left, 156 × 225 mm type area.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    if official.is_letter:
        _letter_head(document, section, official)
    else:
        _file_head(document, official)
    _line(document, official.title, font="方正小标宋简体", size=22,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    if official.addressee:
        _line(document, f"{official.addressee}：")
    for level, text in paragraphs(official.body):
        _line(document, text, font=FONTS[level], indent=True)
    for number, name in enumerate(official.attachments, start=1):
        prefix = "附件：" if number == 1 else "\u3000\u3000\u3000"
        label = f"{number}. {name}" if len(official.attachments) > 1 else name
        _line(document, f"{prefix}{label}", indent=True)
    if official.extra.get("qr_png"):
        picture = _line(document, align=WD_ALIGN_PARAGRAPH.CENTER)
        picture.add_run().add_picture(BytesIO(official.extra["qr_png"]), width=Mm(32))
        _line(document, official.extra["qr_caption"], size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _line(document)  # room for the seal over the signature and the date
    for text in (official.signature, chinese_date(official.day)):
        if text:
            _line(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if official.note:
        _line(document, f"（{official.note}）", indent=True)
    if official.has_record:
        if official.cc:
            cc = _line(document, f"抄送：{official.cc}。", size=14)
            if not official.is_letter:  # a letter's 版记 has no rules (§10.1)
                _rule(cc, edge="top", color="000000")
        if official.is_letter:
            return _saved(document)
        printed_on = chinese_date(official.printed_on) if official.printed_on else ""
        printed = _line(document, f"{official.printer}\u3000\u3000{printed_on}印发", size=14)
        _rule(printed, edge="top", color="000000", size=4)
        _rule(printed, color="000000")
    return _saved(document)


def _saved(document):
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _file_head(document, official):
    """文件格式 and plain papers: marks at the top left, masthead, number, red rule."""
    if official.copy_number:
        _line(document, official.copy_number)
    if official.secrecy:
        _line(document, official.secrecy, font="黑体")
    if official.spec.urgency:
        _line(document, official.spec.urgency, font="黑体")
    if official.masthead:
        _line(document, official.masthead, font="方正小标宋简体", size=30,
              align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    if official.document_number or official.spec.upward:
        text = official.document_number
        if official.spec.upward:
            text = f"{text}\u3000\u3000\u3000\u3000签发人：{official.signer}"
        number = _line(document, text, align=WD_ALIGN_PARAGRAPH.CENTER)
        _rule(number)


def _letter_head(document, section, official):
    """信函格式 (§10.1): the organ's name over a red double line; 份号, 密级 and 紧急程度 on the
    left under it with the 发文字号 on the right; a second red double line at the foot of the
    first page, whose footer holds it, so page 1 shows no page number."""
    masthead = _line(document, official.masthead, font="方正小标宋简体", size=30,
                     align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    _rule(masthead, size=24, style="thickThinSmallGap")
    # 份号 in 仿宋, 密级 and 紧急程度 in 黑体, as in the PDF.
    marks = [(official.copy_number, FONTS[0]), (official.secrecy, "黑体"),
             (official.spec.urgency, "黑体")]
    marks = [(text, font) for text, font in marks if text] or [("", FONTS[0])]
    first = _line(document, marks[0][0], font=marks[0][1])
    # The number sits at the right edge of the type area, on the first mark's line.
    first.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    _run(first, f"\t{official.document_number}", font=FONTS[0], size=16)
    for text, font in marks[1:]:
        _line(document, text, font=font)
    _line(document)
    section.different_first_page_header_footer = True
    section.footer_distance = Mm(18)  # the rule's line sits about 20 mm above the bottom edge
    foot = section.first_page_footer.paragraphs[0]
    _rule(foot, edge="top", size=24, style="thinThickSmallGap")
