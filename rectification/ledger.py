"""台账: the rectification ledger as offices keep it, on screen and in Excel."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from documents.exports import builder

from .models import RectificationItem

HEADERS = ["序号", "被巡察单位", "问题", "整改措施", "责任领导", "责任部门", "时限", "进展", "状态",
           "佐证材料"]
WIDTHS = [6, 24, 40, 40, 12, 16, 12, 40, 12, 30]
DONE = {RectificationItem.Status.CLOSED, RectificationItem.Status.LONG_TERM}


def filter_items(items, *, unit=None, status=None, content_area=None, overdue=False, today=None):
    if unit:
        items = items.filter(plan__inspection__target_unit=unit)
    if status:
        items = items.filter(status=status)
    if content_area:
        items = items.filter(finding__content_area=content_area)
    if overdue:
        items = items.filter(due_on__lt=today).exclude(status__in=DONE)
    return items.order_by("plan__inspection__target_unit__sort_order", "finding_id", "pk")


def workbook(items, report_progress=None):
    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    total = items.count()
    for number, item in enumerate(items.prefetch_related("evidence"), start=1):
        if report_progress and number % 200 == 0:
            report_progress(number, total)
        evidence = "、".join(e.name for e in item.evidence.all())
        sheet.append([number, str(item.plan.inspection.target_unit), item.finding.title,
                      item.measure, item.responsible_leader, item.responsible_department,
                      item.due_on, item.progress, item.get_status_display(), evidence])
        sheet.cell(row=number + 1, column=7).number_format = "yyyy-mm-dd"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@builder("ledger")
def ledger_export(job, report_progress):
    """The ledger with the filters the user chose, as that user may see it."""
    from deadlines import clock

    from .access import ledger_items

    params = job.params
    items = filter_items(ledger_items(job.requested_by), today=clock.today(),
                         unit=params.get("unit") or None, status=params.get("status") or None,
                         content_area=params.get("content_area") or None,
                         overdue=bool(params.get("overdue")))
    return "整改台账.xlsx", workbook(items, report_progress)
