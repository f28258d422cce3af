"""Official documents as GB/T 9704-2012 PDFs (WeasyPrint)."""

import re

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy
from weasyprint import HTML

from .fonts import css_stacks, font_faces

# The office signs most official documents (Art 7–8).
OFFICE_ISSUER = gettext_lazy("Office of the Inspection Leadership Group of the Party Group")

LEVEL_1 = re.compile(r"^[一二三四五六七八九十]+、")
LEVEL_2 = re.compile(r"^（[一二三四五六七八九十]+）")


def paragraphs(text):
    """Body text → (level, paragraph): 一、 headings in 黑体, （一） in 楷体, the rest 仿宋."""
    for line in (x.strip() for x in text.splitlines()):
        if line:
            yield (1 if LEVEL_1.match(line) else 2 if LEVEL_2.match(line) else 0), line


def chinese_date(day):
    # 成文日期 in Arabic numerals, as GB/T 9704-2012 (7.3.5.3) asks.
    return f"{day.year}年{day.month}月{day.day}日"


def official_html(official, *, record_turns_page=False):
    return render_to_string("documents/official.html", {
        "doc": official, "paragraphs": list(paragraphs(official.body)),
        "stacks": css_stacks(), "font_faces": font_faces(),
        "date": chinese_date(official.day),
        "printed_on": chinese_date(official.printed_on) if official.printed_on else "",
        "record_turns_page": record_turns_page,
    })


def render_official_pdf(official):
    document = HTML(string=official_html(official)).render()
    if official.has_record and not official.is_letter and len(document.pages) % 2:
        # Printed on both sides, a file's 版记 closes it on the back of a sheet (GB/T 9704
        # §7.4): it moves to the next even page, after a blank one if the text ends on an
        # even page the 版记 no longer fits on.
        document = HTML(string=official_html(official, record_turns_page=True)).render()
    return document.write_pdf()


def blank_pdf(note="blank"):
    """The smallest well-formed PDF (a catalogue, an empty page tree, its xref and trailer): what
    the demo attaches where a real office would scan a paper."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.7\n% " + note.encode() + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
