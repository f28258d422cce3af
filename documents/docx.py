"""Word versions of official documents, for offices that edit before signing."""

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .pdf import chinese_date, paragraphs

FONTS = {0: "仿宋_GB2312", 1: "黑体", 2: "楷体_GB2312"}


def _run(paragraph, text, *, font, size, bold=False, color=None):
    run = paragraph.add_run(text)
    run.font.size, run.font.bold = Pt(size), bold
    run.font.name = font
    # Word picks Chinese glyphs from the East Asian font slot, not from font.name.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if color:
        run.font.color.rgb = color
    return run


def render_official_docx(*, title, body, day, document_number="", addressee="", issuer=""):
    document = Document()
    section = document.sections[0]
    # GB/T 9704: A4, 37 mm top, 28 mm left, 156 × 225 mm type area.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    if document_number:
        number = document.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(number, document_number, font="仿宋_GB2312", size=16)
        line = document.add_paragraph()
        _run(line, "─" * 28, font="仿宋_GB2312", size=16, color=RGBColor(0xCC, 0, 0))
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, title, font="方正小标宋简体", size=22)
    if addressee:
        _run(document.add_paragraph(), f"{addressee}：", font="仿宋_GB2312", size=16)
    for level, text in paragraphs(body):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        _run(paragraph, text, font=FONTS[level], size=16)
    for text in (str(issuer), chinese_date(day)):
        if text:
            closing = document.add_paragraph()
            closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(closing, text, font="仿宋_GB2312", size=16)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_response(request, content, filename, *, target):
    from django.http import HttpResponse

    from audit.models import SecurityEvent
    from audit.services import security_event_record

    security_event_record(kind=SecurityEvent.Kind.DOWNLOAD, user=request.user, request=request,
                          target=target)
    response = HttpResponse(content, content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
