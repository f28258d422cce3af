"""Benchmark: a 10-page report through our whole pipeline (the template, the font lookup, the
layout rules, the even-page 版记) vs. WeasyPrint alone drawing the same HTML, so both have the
same pages. Prints the ratio (target ≤ 1.5×). A document whose text ends on an odd page is laid
out twice to turn its 版记 onto an even page: printed too, as the worst case. Not a test.

    DEBUG=1 .venv/bin/python bench/pdf_render.py
"""

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from weasyprint import HTML  # noqa: E402

from documents.official import Official  # noqa: E402
from documents.pdf import official_html, render_official_pdf  # noqa: E402

PARAGRAPH = ("根据厅党组巡察工作安排，巡察组通过听取汇报、个别谈话、调阅资料等方式，"
             "对被巡察单位党委落实全面从严治党主体责任情况进行了监督检查，"
             "发现的问题均有事实支撑和定性依据。")


def body(paragraphs):
    return "\n".join(["一、总体情况", "（一）主要做法"] + [PARAGRAPH] * paragraphs)


def best_of(function, repeat=5):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def report(paragraphs):
    return Official(kind="inspection_report", title="关于青海省地质调查局党委的巡察报告",
                    document_number="青自然资巡〔2026〕9号", body=body(paragraphs),
                    day=date(2026, 11, 25), organ="中共青海省自然资源厅党组第一巡察组",
                    signer="张三", printer="中共青海省自然资源厅党组第一巡察组",
                    printed_on=date(2026, 11, 25)).numbered(1)


def compare(document):
    # The HTML WeasyPrint finally draws: with the 版记 turned when the text ends on an odd page.
    html = official_html(document)
    turned = len(HTML(string=html).render().pages) % 2 == 1
    if turned:
        html = official_html(document, record_turns_page=True)
    pages = len(HTML(string=html).render().pages)
    ours, _ = best_of(lambda: render_official_pdf(document))
    bare, _ = best_of(lambda: HTML(string=html).write_pdf())
    how = "laid out twice to turn its 版记" if turned else "laid out once"
    print(f"{pages}-page report ({how}): ours {ours * 1000:6.1f} ms, WeasyPrint alone "
          f"{bare * 1000:6.1f} ms, ratio {ours / bare:5.2f}")


def main():
    compare(report(60))  # the text ends on an even page
    compare(report(50))  # it ends on an odd one


if __name__ == "__main__":
    main()
