"""The fill-in workbook's layout as plain data: which sheet, row and column each part of a report
form (views/report_form.py) takes. The writer (render/report_workbook.py) and the import
(views/report_import.py) both follow it, so a value is read back from where it was put.

Each row carries its form row's key in a hidden column, and each column its slot's name in a
hidden row: the import finds cells by those keys, never by counting rows.
"""

from __future__ import annotations

from ..records import frozen
from .report_form import SLOTS, FormField, FormRow, Level, ReportForm

SHEET = "填报"
GUIDE = "填写说明"
MARKS = "标识"  # hidden: which plan, unit, month and registry the workbook was made for
MARKER = "minsheng 填报表"

TITLE_ROW = 1
INFO_ROW = 2  # 单位, 月份, 报送截止 (shown)
HEADER_ROW = 3  # the report's own inputs: 填报人, 联系电话, 报送日期
NOTE_ROW = 4
SLOT_ROW = 5  # hidden: each column's slot
COLUMN_ROW = 6  # the column headings
FIRST_ROW = 7
KEY_SLOT = "#row"  # the slot name of the hidden column of row keys
HEADER_KEY = "#header"  # the row key of HEADER_ROW

# Shown, never filled in: what each row is, its target and what was reported last time.
FIXED: tuple[tuple[str, str], ...] = (
    ("#project", "项目"),
    ("#name", "指标"),
    ("#target", "年度目标"),
    ("#measure", "计量单位"),
    ("#previous", "上期累计"),
)

# The hidden marks: (label in the sheet, what it holds).
MARK_FORMAT = "格式"
MARK_PLAN = "计划"
MARK_TITLE = "计划名称"
MARK_UNIT = "单位"
MARK_MONTH = "月份"
MARK_FINGERPRINT = "指纹"
MARK_MADE = "生成日期"  # the form is made again as of that day (the 督办 actions open then)
STAGE_COLUMN = 4  # the 标识 sheet's column of stage words (the dropdown's list)

# The places of the top block, left to right: (label column, first and last column of the
# value). The widest columns of the rows below take the values that need room.
TOP_PLACES: tuple[tuple[int, int, int], ...] = ((1, 2, 2), (3, 4, 5), (6, 7, 8))
HEADER_ORDER = ("reporter", "phone", "submitted")  # 填报人 first: what must be filled in


@frozen
class Place:
    """Where a field of the top block goes: its label and its value (merged across ``last``)."""

    field: FormField
    row: int
    label: int
    column: int
    last: int


def top_place(n: int) -> tuple[int, int, int]:
    if n < len(TOP_PLACES):
        return TOP_PLACES[n]
    start = TOP_PLACES[-1][2] + 1 + 2 * (n - len(TOP_PLACES))
    return start, start + 1, start + 1


@frozen
class Column:
    index: int  # 1-based
    slot: str
    label: str

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def fixed(self) -> bool:
        return self.slot.startswith("#")


@frozen
class SheetRow:
    number: int
    row: FormRow
    entry: FormRow  # the report's entry it is part of: its project (or a section's row)


@frozen
class Layout:
    columns: tuple[Column, ...]  # the shown columns, fixed ones first
    rows: tuple[SheetRow, ...]
    header: tuple[Place, ...]  # the report's own inputs (填报人 …)
    key_column: int

    @property
    def last_row(self) -> int:
        return self.rows[-1].number if self.rows else COLUMN_ROW

    @property
    def last_column(self) -> int:
        return self.columns[-1].index

    def column(self, slot: str) -> Column | None:
        return next((c for c in self.columns if c.slot == slot), None)


def layout(form: ReportForm) -> Layout:
    """Where everything of ``form`` goes: the slots any row uses, one row per form row."""
    used = {f.slot for row in form.rows() for f in row.fields}
    slots = [(slot.name, slot.label) for slot in SLOTS if slot.name in used]
    columns = tuple(
        Column(n, slot, label) for n, (slot, label) in enumerate((*FIXED, *slots), start=1)
    )
    rows: list[SheetRow] = []
    for entry in form.entries:
        for row in _walk(entry):
            rows.append(SheetRow(FIRST_ROW + len(rows), row, entry))
    inputs = sorted(
        (f for f in form.header if not f.fixed),
        key=lambda f: HEADER_ORDER.index(f.slot) if f.slot in HEADER_ORDER else len(HEADER_ORDER),
    )
    header = tuple(Place(f, HEADER_ROW, *top_place(n)) for n, f in enumerate(inputs))
    return Layout(columns, tuple(rows), header, len(columns) + 1)


def _walk(row: FormRow) -> list[FormRow]:
    found = [row]
    for child in row.rows:
        found += _walk(child)
    return found


def row_label(row: FormRow) -> str:
    """What the 指标 column says of a row."""
    if row.level is Level.INDICATOR and row.ident is not None:
        return f"{row.ident[1]} {row.label}"
    if row.level in (Level.ITEM, Level.AREA, Level.SOURCE):
        return f"· {row.label}"
    return row.label


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """(7, 6) → "F7"."""
    return f"{column_letter(column)}{row}"
