"""Spreadsheets people open in Excel: typed cells, a title, a header that stays in view.

Each sheet has a title row, a row saying when it was extracted and with which filters, then the
header row (bold, autofilter, frozen with the first column) and the data: dates as date cells,
amounts and counts as numbers with a thousands format, long text wrapped. Columns are as wide as
their content, counting a Hangul syllable (a wide character) as two.

Written in openpyxl's write-only mode, so a large export streams instead of building a cell
object per value.
"""

import datetime
import io
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from barriers.input_rules import clean_text

TEXT, LONG_TEXT, DATE, DATETIME, NUMBER, MONEY = "text", "long", "date", "datetime", "number", "money"
DECIMAL = "decimal"  # a median or a percentage: one decimal place
FORMATS = {DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm", NUMBER: "#,##0", MONEY: "#,##0", DECIMAL: "#,##0.0"}
WIDTH_SAMPLE = 2000  # rows measured for column widths
MIN_WIDTH, MAX_WIDTH, MAX_LONG_WIDTH = 6, 40, 60
HEADER_ROW = 3

TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")
HEADER_BORDER = Border(bottom=Side(style="thin", color="7F8FA6"))
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


@dataclass
class Column:
    heading: str
    kind: str = TEXT


@dataclass
class Sheet:
    name: str  # Excel caps it at 31 characters
    title: str
    subtitle: str
    columns: list
    rows: list = field(default_factory=list)


def display_width(value):
    """Characters as Excel's column width counts them: East Asian wide characters count two."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, (int, float)):
        return len(f"{value:,}")
    longest = max(str(value).split("\n"), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in longest)


def _widths(columns, rows):
    widths = []
    for i, column in enumerate(columns):
        content = max((display_width(row[i]) for row in rows[:WIDTH_SAMPLE]), default=0)
        cap = MAX_LONG_WIDTH if column.kind == LONG_TEXT else MAX_WIDTH
        widths.append(min(max(display_width(column.heading), content, MIN_WIDTH) + 2, cap))
    return widths


def _cell_value(value, kind):
    value = clean_text(value)  # openpyxl refuses control characters; rows may predate the input rule
    if value in ("", None):
        return None
    if kind == DATETIME and isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    return value


def _write(book, sheet):
    ws = book.create_sheet(title=sheet.name[:31])
    widths = _widths(sheet.columns, sheet.rows)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    last_column = get_column_letter(len(sheet.columns))
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + max(len(sheet.rows), 1)}"

    title = WriteOnlyCell(ws, value=clean_text(sheet.title))
    title.font = TITLE_FONT
    ws.append([title])
    ws.append([clean_text(sheet.subtitle)])
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=column.heading)
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_BORDER, WRAP
        header.append(cell)
    ws.append(header)

    for row in sheet.rows:
        cells = []
        for column, value in zip(sheet.columns, row, strict=True):
            cell = WriteOnlyCell(ws, value=_cell_value(value, column.kind))
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
            cell.alignment = WRAP if column.kind == LONG_TEXT else TOP
            cells.append(cell)
        ws.append(cells)


def workbook(sheets):
    """The .xlsx file's bytes."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        _write(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
