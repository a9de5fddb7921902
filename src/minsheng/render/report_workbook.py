"""The fill-in workbook of a report form: the 填报 sheet (inputs coloured and unlocked, everything
else protected, every input validated), the 填写说明 sheet and the hidden 标识 sheet.

Imports openpyxl, so only ``new-report --format xlsx`` loads this module.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..text import fmt
from ..views import report_sheet as sheet
from ..views.report_form import (
    FORM_VERSION,
    PROJECTS,
    FieldKind,
    FormField,
    FormRow,
    Level,
    ReportForm,
    Scalar,
)
from ..views.report_guide import guide_lines
from .xlsx import HEAD_FILL, SAMPLE_TONE, cell_at, colours, put_text, save

INPUT_FILL = PatternFill("solid", fgColor="FFF4C2")  # light yellow: fill in here
PROJECT_FILL = PatternFill("solid", fgColor="E8EEF7")
HEAD_FONT = Font(bold=True)
QUIET_FONT = Font(color="5B6270", italic=True)
THIN = Side(style="thin", color="B7BDC8")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
WRAP_TOP = Alignment(vertical="top", wrap_text=True)
FORMATS = {FieldKind.DATE: "yyyy-mm-dd", FieldKind.NUMBER: "General"}
TEXT_FORMAT = "@"  # digits typed into a text cell (a phone number) stay text

# Column widths (characters) of the slots; fixed columns are measured from their content.
WIDTHS = {
    "value": 11,
    "allocated": 11,
    "paid": 11,
    "stage": 9,
    "percent": 9,
    "progress": 30,
    "problems": 20,
    "next_steps": 20,
    "correction": 16,
    "baseline": 8,
    "forecast": 10,
    "forecast_by": 11,
    "expected_done": 13,
    "note": 14,
    "reply": 30,
    "reply_date": 11,
    "evidence": 20,
}
FIXED_LIMITS = {
    "#project": (14, 14),  # also the labels of the top block (填报人（必填）)
    "#name": (16, 34),
    "#target": (10, 20),
    "#measure": (8, 10),
    "#previous": (10, 24),
}
PROJECT_ROW_HEIGHT = 48
DATE_RANGE = (date(2000, 1, 1), date(2100, 12, 31))
_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serials (1900 system)


def as_workbook(form: ReportForm, day: date) -> bytes:
    """The workbook's bytes, the same for the same form and ``day`` (its files' date)."""
    workbook = Workbook()
    ws = workbook.active
    assert isinstance(ws, Worksheet)
    ws.title = sheet.SHEET
    lay = sheet.layout(form)
    _fill(ws, form, lay)
    _guide(workbook.create_sheet(sheet.GUIDE), form)
    marks = workbook.create_sheet(sheet.MARKS)
    _marks(marks, form)
    marks.sheet_state = "hidden"
    marks.protection.sheet = True
    workbook.security = WorkbookProtection(lockStructure=True)
    props = workbook.properties
    props.title = fmt.printable(f"{form.unit} {form.period_label} {form.report_name}")
    props.creator = props.lastModifiedBy = "minsheng"
    props.keywords = "样例数据" if form.sample else None
    props.created = props.modified = datetime.combine(day, time())
    return save(workbook, day)


def _fill(ws: Worksheet, form: ReportForm, lay: sheet.Layout) -> None:
    _top(ws, form, lay)
    for column in lay.columns:
        _heading(ws, column)
        cell_at(ws, sheet.SLOT_ROW, column.index).value = column.slot
    cell_at(ws, sheet.SLOT_ROW, lay.key_column).value = sheet.KEY_SLOT
    cell_at(ws, sheet.HEADER_ROW, lay.key_column).value = sheet.HEADER_KEY
    rules: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for place in lay.header:
        _input(ws, place.row, place.column, place.field, place.field.prefill, rules)
        if place.last > place.column:
            ws.merge_cells(
                start_row=place.row,
                start_column=place.column,
                end_row=place.row,
                end_column=place.last,
            )
    for placed in lay.rows:
        _row(ws, lay, placed, rules)
    for rule, cells in rules.items():
        ws.add_data_validation(_validation(rule, cells))
    _shape(ws, lay)


def _top(ws: Worksheet, form: ReportForm, lay: sheet.Layout) -> None:
    last = sheet.column_letter(lay.last_column)
    title = cell_at(ws, sheet.TITLE_ROW, 1)
    put_text(title, f"{form.plan_title} · {form.report_name}")
    title.font = Font(bold=True, size=14)
    ws.merge_cells(f"A{sheet.TITLE_ROW}:{last}{sheet.TITLE_ROW}")
    info = (
        ("单位", form.unit),
        ("月份" if form.monthly else "报送期", form.period_label),
        ("报送截止", f"{fmt.cn_date(form.due)}（{form.rule}）"),
    )
    for n, (label, value) in enumerate(info):
        at, first, end = sheet.top_place(n)
        _label(ws, sheet.INFO_ROW, at, label)
        put_text(cell_at(ws, sheet.INFO_ROW, first), value)
        end = lay.last_column if n == len(info) - 1 else end
        if end > first:
            ws.merge_cells(
                start_row=sheet.INFO_ROW, start_column=first, end_row=sheet.INFO_ROW, end_column=end
            )
    for place in lay.header:
        label = place.field.label + ("（必填）" if place.field.required else "")
        _label(ws, place.row, place.label, label)
    note = cell_at(ws, sheet.NOTE_ROW, 1)
    text = "浅黄色格子为填写处，其余已锁定。数值一律填年初至本期末的累计数；已按上期报送情况预填，请逐项核对修改。填法见「填写说明」。"
    if form.sample:
        text = "【样例数据：预填的数字为演示虚构】" + text
        note.fill, note.font = colours(SAMPLE_TONE)
    put_text(note, text)
    note.alignment = WRAP_TOP
    ws.merge_cells(f"A{sheet.NOTE_ROW}:{last}{sheet.NOTE_ROW}")
    ws.row_dimensions[sheet.NOTE_ROW].height = 30


def _label(ws: Worksheet, row: int, column: int, text: str) -> None:
    cell = cell_at(ws, row, column)
    put_text(cell, text)
    cell.font = HEAD_FONT
    cell.alignment = Alignment(horizontal="right", vertical="center")


def _heading(ws: Worksheet, column: sheet.Column) -> None:
    cell = cell_at(ws, sheet.COLUMN_ROW, column.index)
    put_text(cell, column.label)
    cell.font = HEAD_FONT
    cell.fill = PatternFill("solid", fgColor=HEAD_FILL)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.border = BOX


def _row(
    ws: Worksheet,
    lay: sheet.Layout,
    placed: sheet.SheetRow,
    rules: dict[tuple[object, ...], list[str]],
) -> None:
    row, number = placed.row, placed.number
    shown = {
        "#project": str(placed.entry.ident[1])
        if placed.entry.ident and placed.entry.within is PROJECTS
        else "",
        "#name": sheet.row_label(row),
        "#target": row.target if row.level is not Level.PROJECT else "",
        "#measure": row.measure,
        "#previous": row.previous,
    }
    quiet = row.level in (Level.MILESTONE, Level.REMARK)
    for column in lay.columns:
        f = row.field(column.slot)
        if f is not None:
            _input(ws, number, column.index, f, f.prefill, rules)
            continue
        cell = cell_at(ws, number, column.index)
        if column.fixed and shown[column.slot]:
            put_text(cell, shown[column.slot])
        cell.alignment = Alignment(
            vertical="top", wrap_text=True, indent=_indent(row) if column.slot == "#name" else 0
        )
        cell.border = BOX
        if row.level is Level.PROJECT:
            cell.fill, cell.font = PROJECT_FILL, HEAD_FONT
        elif quiet:
            cell.font = QUIET_FONT
    cell_at(ws, number, lay.key_column).value = row.key
    if row.level is Level.PROJECT:
        ws.merge_cells(f"B{number}:E{number}")
        ws.row_dimensions[number].height = PROJECT_ROW_HEIGHT
    elif row.level is Level.REMARK:
        ws.merge_cells(f"B{number}:E{number}")


def _indent(row: FormRow) -> int:
    return _INDENTS.get(row.level, 0)


_INDENTS = {
    Level.INDICATOR: 1,
    Level.INVESTMENT: 1,
    Level.REMARK: 1,
    Level.ITEM: 2,
    Level.AREA: 2,
    Level.SOURCE: 2,
    Level.MILESTONE: 3,
}


def _input(
    ws: Worksheet,
    row: int,
    column: int,
    f: FormField,
    value: Scalar,
    rules: dict[tuple[object, ...], list[str]],
) -> None:
    cell = cell_at(ws, row, column)
    if isinstance(value, str):
        put_text(cell, value)
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        cell.value = int(value)
    elif value is not None:
        cell.value = value
    if f.fixed:
        return
    cell.number_format = FORMATS.get(f.kind, TEXT_FORMAT)
    cell.fill, cell.protection, cell.border, cell.alignment = INPUT_FILL, UNLOCKED, BOX, WRAP_TOP
    rules[_rule(f)].append(cell.coordinate)


def _rule(f: FormField) -> tuple[object, ...]:
    """What a field's validation checks: fields alike share one rule."""
    if f.kind is FieldKind.NUMBER:
        return ("decimal", f.minimum, f.maximum)
    if f.kind is FieldKind.STAGE:
        return ("list", len(f.choices))
    if f.kind is FieldKind.DATE:
        return ("date",)
    return ("textLength", f.limit)


def _validation(rule: tuple[object, ...], cells: list[str]) -> DataValidation:
    kind = rule[0]
    assert kind in ("decimal", "list", "date", "textLength")
    check = DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle="填写有误",
        promptTitle="填写提示",
    )
    if kind == "decimal":
        low, high = rule[1], rule[2]
        check.operator = "between"
        check.formula1 = str(low if low is not None else -1e15)
        check.formula2 = str(high if high is not None else 1e15)
        words = _bounds(low, high)
        check.prompt = f"只填数字（{words}），不带单位、百分号或逗号"
        check.error = f"请填写{words}的数字"
    elif kind == "list":
        last = 1 + int(str(rule[1]))
        words = sheet.column_letter(sheet.STAGE_COLUMN)
        check.formula1 = f"'{sheet.MARKS}'!${words}$2:${words}${last}"
        check.prompt = "从下拉列表中选择阶段"
        check.error = "请从下拉列表中选择阶段"
    elif kind == "date":
        check.operator = "between"
        check.formula1, check.formula2 = (str((d - _EPOCH).days) for d in DATE_RANGE)
        check.prompt = "日期，如 2022-06-30"
        check.error = "请填写日期，如 2022-06-30"
    else:
        check.operator = "lessThanOrEqual"
        check.formula1 = str(rule[1])
        check.prompt = f"文字，不超过 {rule[1]} 字"
        check.error = f"文字过长（上限 {rule[1]} 字）"
    for cell in cells:
        check.add(cell)
    return check


def _bounds(low: object, high: object) -> str:
    if low is not None and high is not None:
        return f"{fmt.number(float(str(low)))}–{fmt.number(float(str(high)))}"
    if low is not None:
        return f"不小于 {fmt.number(float(str(low)))}"
    return "任意"


def _shape(ws: Worksheet, lay: sheet.Layout) -> None:
    """Widths, hidden keys, frozen headings, protection and the printed page."""
    for column in lay.columns:
        ws.column_dimensions[column.letter].width = _width(lay, column)
    ws.column_dimensions[sheet.column_letter(lay.key_column)].hidden = True
    ws.row_dimensions[sheet.SLOT_ROW].hidden = True
    ws.freeze_panes = f"C{sheet.FIRST_ROW}"
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False  # widening a column to read a long text is fine
    protection.formatRows = False
    last = sheet.column_letter(lay.last_column)
    ws.print_area = f"A1:{last}{lay.last_row}"
    ws.print_title_rows = f"{sheet.COLUMN_ROW}:{sheet.COLUMN_ROW}"
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    footer = ws.oddFooter
    assert footer is not None and footer.center is not None
    footer.center.text = "第 &P 页，共 &N 页"


def _width(lay: sheet.Layout, column: sheet.Column) -> float:
    if not column.fixed:
        return max(WIDTHS.get(column.slot, 12), fmt.display_width(column.label) + 2)
    low, high = FIXED_LIMITS.get(column.slot, (10, 18))
    texts = [column.label]
    for placed in lay.rows:
        row = placed.row
        if row.level in (Level.PROJECT, Level.REMARK):
            continue  # merged across the row
        texts.append(
            {
                "#name": sheet.row_label(row),
                "#target": row.target,
                "#measure": row.measure,
                "#previous": row.previous,
            }.get(column.slot, "")
        )
    widest = max(fmt.display_width(t) for t in texts) + 2
    return float(min(high, max(low, widest)))


def _guide(ws: Worksheet, form: ReportForm) -> None:
    ws.column_dimensions["A"].width = 110
    for n, (text, heading) in enumerate(guide_lines(form), start=1):
        cell = cell_at(ws, n, 1)
        put_text(cell, text)
        cell.alignment = WRAP_TOP
        if heading:
            cell.font = Font(bold=True, size=14 if n == 1 else 11)
    ws.protection.sheet = True


def _marks(ws: Worksheet, form: ReportForm) -> None:
    put_text(cell_at(ws, 1, 1), sheet.MARKER)
    marks = (
        (sheet.MARK_FORMAT, FORM_VERSION),
        (sheet.MARK_PLAN, form.plan_id),
        (sheet.MARK_TITLE, form.plan_title),
        (sheet.MARK_UNIT, form.unit),
        (sheet.MARK_MONTH, form.month),
        (sheet.MARK_FINGERPRINT, form.fingerprint),
        (sheet.MARK_MADE, form.made_on.isoformat()),
    )
    for n, (label, value) in enumerate(marks, start=2):
        put_text(cell_at(ws, n, 1), label)
        put_text(cell_at(ws, n, 2), value)
    put_text(cell_at(ws, 1, sheet.STAGE_COLUMN), "阶段")
    for n, word in enumerate(form.stage_words, start=2):
        put_text(cell_at(ws, n, sheet.STAGE_COLUMN), word)
