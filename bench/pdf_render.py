"""Benchmark: a 10-page report in our GB/T 9704 layout vs. plain WeasyPrint on the same HTML
without our CSS. Prints the ratio (target ≤ 1.5×). Not a test.

    DEBUG=1 .venv/bin/python bench/pdf_render.py
"""

import os
import re
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
from documents.pdf import official_html  # noqa: E402

PARAGRAPH = ("根据厅党组巡察工作安排，巡察组通过听取汇报、个别谈话、调阅资料等方式，"
             "对被巡察单位党委落实全面从严治党主体责任情况进行了监督检查，"
             "发现的问题均有事实支撑和定性依据。")
BODY = "\n".join(["一、总体情况", "（一）主要做法"] + [PARAGRAPH] * 50)


def best_of(function, repeat=5):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def main():
    report = Official(kind="inspection_report", title="关于青海省地质调查局党委的巡察报告",
                      document_number="青自然资巡〔2026〕9号", body=BODY, day=date(2026, 11, 25),
                      organ="中共青海省自然资源厅党组第一巡察组", signer="张三",
                      printer="中共青海省自然资源厅党组第一巡察组",
                      printed_on=date(2026, 11, 25)).numbered(1)
    html = official_html(report)
    plain = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    ours, _ = best_of(lambda: HTML(string=html).write_pdf())
    bare, _ = best_of(lambda: HTML(string=plain).write_pdf())
    pages = len(HTML(string=html).render().pages)
    print(f"pages (ours):          {pages}")
    print(f"our layout:            {ours * 1000:7.1f} ms")
    print(f"plain WeasyPrint:      {bare * 1000:7.1f} ms")
    print(f"ratio ours / plain:    {ours / bare:7.2f}")


if __name__ == "__main__":
    main()
