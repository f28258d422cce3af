"""Excel imports: read a template-shaped sheet, check every row, report, import all or none."""

from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from .uploads import validate_upload

MAX_ROWS = 2000


@dataclass
class RowError:
    row: int
    column: str
    message: str


class ImportRefused(Exception):
    """Some rows are wrong: nothing was imported; `errors` says what to fix where."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def template_workbook(title, headers, example, widths):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    sheet.append(example)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def text(value):
    return "" if value is None else str(value).strip()


def read_rows(upload, headers):
    """[(sheet row number, cells)] for the non-empty rows under the template's header row."""
    validate_upload(upload, allowed=("xlsx",))
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise ValidationError(_("The file could not be read as an Excel workbook.")) from error
    try:
        # Streamed: a sheet of 400,000 rows is refused at row 2,001, not after reading it all.
        rows = workbook.active.iter_rows(values_only=True, max_col=len(headers))
        first = next(rows, None)
        if first is None or [text(c) for c in first[:len(headers)]] != headers:
            raise ValidationError(_("The first row must be the template's headers: "
                                    "%(headers)s.") % {"headers": "、".join(headers)})
        numbered = []
        for number, row in enumerate(rows, start=2):
            if number - 1 > MAX_ROWS:
                raise ValidationError(_("At most %(max)s rows per file.") % {"max": MAX_ROWS})
            cells = [text(c) for c in (list(row) + [None] * len(headers))[:len(headers)]]
            if any(cells):
                numbered.append((number, cells))
    finally:
        workbook.close()
    return numbered
