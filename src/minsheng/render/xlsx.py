"""The export workbook (.xlsx): one worksheet per table, titled, frozen, sized and coloured.

Imports openpyxl, so only ``minsheng export`` loads this module, and only for xlsx.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from functools import cache

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..compute.colours import SHADES
from ..text import fmt
from ..views.sheets import Book, Column, Sheet, Tagged, Value, plain

# The colours of the HTML bulletin (templates/_style.css.j2): fill, font colour, bold.
TONES: dict[str, tuple[str, str, bool]] = {
    **{key: (s.fill, s.ink, s.bold) for key, s in SHADES.items()},
    "on_time": ("E8F5E9", "2E7D32", False),
    "late": ("FFF1D0", "7A4C00", False),
    "missing": ("FDE7E7", "A31515", True),
    "pending": ("F0F2F5", "5B6270", False),
}
HEAD_FILL = "F1F3F6"
SAMPLE_TONE = ("FFE49C", "4D3300", True)
FORMATS = {"percent": "0.0%", "date": "yyyy-mm-dd", "int": "0"}
HEADER_ROW = 3  # title, note, header
MAX_WIDTH = 60
MAX_TEXT = 32767  # Excel's limit for one cell
# Text starting with these is a formula when typed; such cells keep Excel's text marker (').
FORMULA_START = ("=", "+", "-", "@")


def as_xlsx(book: Book) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet in book.sheets:
        write_sheet(workbook.create_sheet(sheet.name), sheet, book)
    stamp = datetime.combine(book.as_of, time())
    props = workbook.properties
    props.title = fmt.printable(book.title)  # from the data: no control characters in XML
    props.creator = props.lastModifiedBy = "minsheng"
    props.keywords = "样例数据" if book.sample else None
    props.created = props.modified = stamp
    return save(workbook, book.as_of)


def write_sheet(ws: Worksheet, sheet: Sheet, book: Book) -> None:
    last = get_column_letter(len(sheet.columns))
    banner(ws, 1, sheet.title, Font(bold=True, size=14), last)
    note = banner(ws, 2, book.note, Font(bold=book.sample), last)
    if book.sample:
        paint(note, SAMPLE_TONE)
    for index, column in enumerate(sheet.columns, 1):
        cell = cell_at(ws, HEADER_ROW, index)
        cell.value = column.name
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEAD_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    tones = {**TONES, **book.tones}
    for number, row in enumerate(sheet.rows, HEADER_ROW + 1):
        for index, (column, value) in enumerate(zip(sheet.columns, row, strict=True), 1):
            put(cell_at(ws, number, index), column, value, tones)
    for index in range(1, len(sheet.columns) + 1):
        ws.column_dimensions[get_column_letter(index)].width = column_width(sheet, index - 1)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, sheet.frozen_columns + 1).coordinate
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(sheet.rows)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"


def banner(ws: Worksheet, row: int, text: str, font: Font, last: str) -> Cell:
    """A line of text across the whole table (the title; the note)."""
    cell = cell_at(ws, row, 1)
    put_text(cell, text)
    cell.font = font
    ws.merge_cells(f"A{row}:{last}{row}")
    return cell


def cell_at(ws: Worksheet, row: int, column: int) -> Cell:
    cell = ws.cell(row, column)
    assert isinstance(cell, Cell)  # never asked for a cell hidden under a merged one
    return cell


def put(
    cell: Cell, column: Column, value: Value, tones: dict[str, tuple[str, str, bool]] = TONES
) -> None:
    if isinstance(value, Tagged):
        put_text(cell, value.text)
        paint(cell, tones[value.tone])
    elif isinstance(value, str):
        put_text(cell, value)
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = FORMATS["date"]
    elif value is not None:
        cell.value = round(value / 100, 6) if column.kind == "percent" else value
        cell.number_format = FORMATS.get(column.kind, "General")
    cell.alignment = alignment(column.kind in ("text", "long"))


def put_text(cell: Cell, text: str) -> None:
    """Data stays text: never a formula or an error code, with no character Excel refuses."""
    value = fmt.printable(text)[:MAX_TEXT]
    cell.value = value
    cell.data_type = "s"  # openpyxl would make "=…" a formula and "#N/A" an error
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True


def paint(cell: Cell, tone: tuple[str, str, bool]) -> None:
    cell.fill, cell.font = colours(tone)


# Style objects are made once and shared by the cells: openpyxl is slow to build each one.
@cache
def colours(tone: tuple[str, str, bool]) -> tuple[PatternFill, Font]:
    fill, colour, bold = tone
    return PatternFill("solid", fgColor=fill), Font(color=colour, bold=bold)


@cache
def alignment(wrap: bool) -> Alignment:
    return Alignment(vertical="top", wrap_text=wrap)


def column_width(sheet: Sheet, index: int) -> float:
    """Wide enough for the header and the longest line in the column, up to MAX_WIDTH."""
    column = sheet.columns[index]
    texts = [column.name]
    for row in sheet.rows:
        text = str(plain(row[index], column.kind))
        texts += (text + "%" if column.kind == "percent" and text else text).splitlines()
    return min(MAX_WIDTH, max(fmt.display_width(t) for t in texts) + 2)


def save(workbook: Workbook, day: date) -> bytes:
    """The file's bytes; openpyxl's save would date it now, so unchanged data would differ."""
    raw = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    return dated(raw.getvalue(), day)


_DECIMAL = re.compile(rb"<v>(-?\d+\.\d+(?:[eE][-+]?\d+)?)</v>")


def shortest_numbers(xml: bytes) -> bytes:
    """Cell values as written: openpyxl writes 16 significant digits, so 0.939 (93.9%) is
    stored as 0.9389999999999999; 15 digits give back every figure of ours exactly."""
    return _DECIMAL.sub(lambda m: b"<v>%s</v>" % (b"%.15g" % float(m[1])), xml)


def dated(archive: bytes, day: date) -> bytes:
    """The same zip archive with every member dated ``day``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, (day.year, day.month, day.day, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                content = shortest_numbers(content)
            target.writestr(member, content)
    return out.getvalue()
