"""Importing a unit's workbook: its cells read back into the fields of the report form
(views/report_form.py), written as the same progress file ``new-report`` writes
(views/new_report.py), and validated with the same models and cross-file checks as ``check``.

Every problem names the workbook, the sheet and the cell. Office-owned blocks (督查评价) of
the report already in the data folder are written back as they were.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..load.checks import dataset_checks, dated_checks
from ..load.dataset import Dataset, LoadedReport
from ..load.folder import display_path
from ..load.validate import validate
from ..load.workbook import Book, Cell
from ..load.yamlread import parse_text
from ..models import ProgressReport
from ..problems import CellProblem, Problem, Severity
from ..records import frozen
from ..text.labels import FIELD_NAMES
from . import report_sheet as sheet
from .new_report import (
    HEADER,
    Answers,
    Kept,
    NewReportError,
    ReportYaml,
    Spot,
    report_path,
    report_yaml,
)
from .report_form import (
    FORM_VERSION,
    OFFICE_OWNED,
    FieldKind,
    FormField,
    FormRow,
    ReportForm,
    Scalar,
    build_form,
    plan_id,
)
from .yaml_text import yaml_number

REGENERATE = "请用 minsheng new-report --format xlsx 重新生成填报表"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serials


@frozen
class Filled:
    """A filled-in form as its progress file: the text, the report when it validates, and
    every problem of the file and of the cross-file checks, in the file's terms."""

    path: Path
    shown: str  # the file as problems name it
    rendered: ReportYaml
    loaded: LoadedReport | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.loaded is not None and not any(p.is_error for p in self.problems)


@dataclass
class Outcome:
    """One workbook read: the progress file it makes, or why it cannot be imported."""

    workbook: str
    unit: str | None = None
    month: str | None = None
    path: Path | None = None
    text: str | None = None
    loaded: LoadedReport | None = None
    problems: list[CellProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.loaded is not None and not any(p.is_error for p in self.problems)

    def refuse(self, message: str, sheet_name: str | None = None, cell: str | None = None) -> None:
        self.problems.append(CellProblem(self.workbook, message, sheet_name, cell))


class Importer:
    """Reads workbooks into the data folder's dataset, one after another: each accepted
    report is checked against the ones accepted before it."""

    def __init__(self, ds: Dataset, root: Path, today: date) -> None:
        self.ds, self.root, self.today = ds, root, today
        self._known: set[tuple[str, int, int, str]] | None = None

    def read(self, book: Book, workbook: str) -> Outcome:
        out = Outcome(workbook)
        marks = _marks(book, out)
        if marks is None or not self._for_this_plan(marks, out):
            return out
        made_on = _day(marks.get(sheet.MARK_MADE, "")) or self.today
        form = build_form(self.ds, out.unit or "", out.month or "", made_on)
        if marks.get(sheet.MARK_FINGERPRINT) != form.fingerprint:
            out.refuse(
                "登记表在生成这份填报表之后改动过（指标、清单项、阶段或计量单位与生成时不同），"
                f"表中的格子已无法一一对应；{REGENERATE}后再填"
            )
            return out
        cells = book.sheets.get(sheet.SHEET)
        if cells is None:
            out.refuse(f"找不到「{sheet.SHEET}」工作表（可能被改名或删除）；{REGENERATE}")
            return out
        placed = _Placed.find(cells, form, out)
        if placed is None:
            return out
        answers = placed.answers(out)
        if any(p.is_error for p in out.problems):
            return out
        self._write(form, placed, answers, out)
        return out

    def existing(self, unit: str, month: str) -> LoadedReport | None:
        return next(
            (r for r in self.ds.reports if r.report.unit == unit and r.report.month == month),
            None,
        )

    def accept(self, outcome: Outcome) -> None:
        """Take an imported report into the dataset, in place of the one it replaces."""
        assert outcome.loaded is not None
        old = self.existing(outcome.loaded.report.unit, outcome.loaded.report.month)
        self.ds.reports = [r for r in self.ds.reports if r is not old] + [outcome.loaded]
        self._known = None

    def _for_this_plan(self, marks: dict[str, str], out: Outcome) -> bool:
        if marks.get(sheet.MARK_FORMAT) != FORM_VERSION:
            out.refuse(
                f"填报表的格式版本「{marks.get(sheet.MARK_FORMAT, '')}」与本工具（{FORM_VERSION}）不同；{REGENERATE}"
            )
            return False
        if marks.get(sheet.MARK_PLAN) != plan_id(self.ds):
            made_for = marks.get(sheet.MARK_TITLE) or marks.get(sheet.MARK_PLAN, "")
            out.refuse(
                f"这是「{made_for}」的填报表，不是本计划「{self.ds.plan.title}」的；"
                "请用本计划的数据文件夹导入，或用 minsheng new-report --format xlsx 重新生成填报表"
            )
            return False
        out.unit, out.month = marks.get(sheet.MARK_UNIT, ""), marks.get(sheet.MARK_MONTH, "")
        try:
            out.path = report_path(self.root, self.ds, out.unit, out.month)
        except NewReportError as exc:
            out.refuse(f"填报表是为「{out.unit}」{out.month} 生成的，但{exc}")
            return False
        return True

    def _write(
        self,
        form: ReportForm,
        placed: _Placed,
        answers: dict[tuple[str, str], Scalar],
        out: Outcome,
    ) -> None:
        assert out.path is not None
        kept, lost = self.kept(form)
        if lost:
            out.refuse(lost_message(lost, "填报表", "导入"))
            return
        filled = self.fill(form, answers, kept, out.path)
        out.loaded = filled.loaded
        for problem in filled.problems:
            out.problems.append(placed.locate(problem, filled.rendered, filled.shown))
        out.text = filled.rendered.text

    def fill(self, form: ReportForm, answers: Answers, kept: Kept, path: Path) -> Filled:
        """The progress file of what was filled in, read back with the same models and
        cross-file checks as ``check``: the one validation path of every way of filling in."""
        rendered = report_yaml(form, answers, kept)
        shown = display_path(path)
        doc, problems = parse_text(rendered.text, shown)
        loaded = None
        if doc is not None:
            report, found = validate(doc, ProgressReport)
            problems += found
            if report is not None:
                loaded = LoadedReport(report, doc)
                problems += self._checks(loaded)
        return Filled(path, shown, rendered, loaded, problems)

    def kept(self, form: ReportForm) -> tuple[dict[str, dict[str, object]], list[str]]:
        """The office-owned blocks of the report already there, by row key; and the
        indicators holding such blocks that the form has no row for (they would be lost)."""
        old = self.existing(form.unit, form.month)
        kept: dict[str, dict[str, object]] = {}
        for project in old.report.projects if old is not None else ():
            for entry in project.indicators:
                blocks: dict[str, object] = {
                    key: dataclasses.asdict(value)
                    for key in OFFICE_OWNED
                    if (value := getattr(entry, key, None)) is not None
                }
                if blocks:
                    kept[f"indicator:{entry.id}"] = blocks
        known = {row.key for row in form.rows() if row.fields}
        return kept, [key.split(":", 1)[1] for key in kept if key not in known]

    def _checks(self, loaded: LoadedReport) -> list[Problem]:
        """The cross-file checks of ``check``, with the imported report in the dataset; a new
        error it causes in another file (a later month now lower) is its problem too."""
        report = loaded.report
        old = self.existing(report.unit, report.month)
        others = [r for r in self.ds.reports if r is not old]
        mine = loaded.doc.path
        known = self._known_errors()
        return [
            p
            for p in self._problems([*others, loaded])
            if p.path == mine or (p.is_error and _key(p) not in known)
        ]

    def _problems(self, reports: list[LoadedReport]) -> list[Problem]:
        trial = dataclasses.replace(self.ds, reports=reports)
        return dataset_checks(trial) + dated_checks(trial, self.today)

    def _known_errors(self) -> set[tuple[str, int, int, str]]:
        """The errors the data folder has without the workbook (a report dated after today)."""
        if self._known is None:
            self._known = {_key(p) for p in self._problems(self.ds.reports) if p.is_error}
        return self._known


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.column, problem.message)


def _marks(book: Book, out: Outcome) -> dict[str, str] | None:
    """The hidden 标识 sheet: which plan, unit, month and registry the workbook was made for."""
    cells = book.sheets.get(sheet.MARKS)
    if cells is None or _text(cells.get((1, 1))) != sheet.MARKER:
        out.refuse(
            f"这不是 minsheng 生成的填报表（找不到隐藏的「{sheet.MARKS}」工作表）；"
            "请在 minsheng new-report --format xlsx 生成的工作簿上填写"
        )
        return None
    rows = {r for r, _ in cells}
    return {_text(cells.get((r, 1))): _text(cells.get((r, 2))) for r in sorted(rows) if r > 1}


def _text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class _Placed:
    """Where each field of the form is in the 填报 sheet, found by the hidden keys."""

    workbook: str
    form: ReportForm
    cells: dict[tuple[int, int], Cell]
    rows: dict[str, int]
    columns: dict[str, int]

    @classmethod
    def find(
        cls, cells: dict[tuple[int, int], Cell], form: ReportForm, out: Outcome
    ) -> _Placed | None:
        expected = sheet.layout(form)
        columns: dict[str, int] = {}
        for (r, c), cell in cells.items():
            if r == sheet.SLOT_ROW and isinstance(cell.value, str):
                columns.setdefault(cell.value, c)
        key_column = columns.get(sheet.KEY_SLOT)
        problems_before = len(out.problems)
        for column in expected.columns:
            found = columns.get(column.slot)
            if found is None:
                out.refuse(f"缺少「{column.label}」列（可能删除过列）；{_KEEP_SHAPE}", sheet.SHEET)
            elif _text(cells.get((sheet.COLUMN_ROW, found))) != column.label:
                out.refuse(
                    f"这一列应为「{column.label}」（可能插入、删除或移动过列）；{_KEEP_SHAPE}",
                    sheet.SHEET,
                    sheet.cell_name(sheet.COLUMN_ROW, found),
                )
        if key_column is None:
            out.refuse(f"找不到隐藏的行标识（可能删除过行或列）；{_KEEP_SHAPE}", sheet.SHEET)
            return None
        rows = cls._rows(cells, key_column, out)
        for placed in expected.rows:
            if placed.row.fields and placed.row.key not in rows:
                out.refuse(
                    f"缺少「{sheet.row_label(placed.row)}」这一行（可能删除过行）；{_KEEP_SHAPE}",
                    sheet.SHEET,
                )
        for place in expected.header:
            label = _text(cells.get((place.row, place.label)))
            if (
                not label.startswith(place.field.label)
                or rows.get(sheet.HEADER_KEY) != sheet.HEADER_ROW
            ):
                out.refuse(
                    f"这里应是「{place.field.label}」（表头被改动过）；{_KEEP_SHAPE}",
                    sheet.SHEET,
                    sheet.cell_name(place.row, place.label),
                )
        cls._gone(cells, form, rows, columns, out)
        if len(out.problems) > problems_before:
            return None
        return cls(out.workbook, form, cells, rows, columns)

    @staticmethod
    def _gone(
        cells: dict[tuple[int, int], Cell],
        form: ReportForm,
        rows: dict[str, int],
        columns: dict[str, int],
        out: Outcome,
    ) -> None:
        """A row the form no longer has (a 督办 action closed or withdrawn since) with something typed
        in it: what was typed would be lost."""
        known = {row.key for row in form.rows()}
        inputs = [c for slot, c in columns.items() if not slot.startswith("#")]
        for key, r in rows.items():
            if r < sheet.FIRST_ROW or key in known:
                continue
            if not any(_text(cells.get((r, c))) for c in inputs):
                continue
            name = _text(cells.get((r, columns.get("#name", 2))))
            out.refuse(
                f"「{name}」这一行填写了内容，但数据中已没有与它对应的事项（生成填报表之后被撤销或改动）；"
                f"请与统筹单位核对，{REGENERATE}后再填",
                sheet.SHEET,
                sheet.cell_name(r, columns.get("#name", 2)),
            )

    @staticmethod
    def _rows(cells: dict[tuple[int, int], Cell], key_column: int, out: Outcome) -> dict[str, int]:
        rows: dict[str, int] = {}
        keyed: set[int] = set()
        for (r, c), cell in sorted(cells.items()):
            if c != key_column or r < sheet.HEADER_ROW or not isinstance(cell.value, str):
                continue
            keyed.add(r)
            if cell.value in rows:
                out.refuse(
                    f"第 {r} 行与第 {rows[cell.value]} 行重复（可能复制过行）；{_KEEP_SHAPE}",
                    sheet.SHEET,
                )
            rows.setdefault(cell.value, r)
        strays = sorted({r for r, _ in cells if r >= sheet.FIRST_ROW and r not in keyed})
        for r in strays[:3]:
            out.refuse(
                f"第 {r} 行不是生成时的行（可能插入过行，或在表格下方另写了内容）；{_KEEP_SHAPE}",
                sheet.SHEET,
                sheet.cell_name(r, 1),
            )
        return rows

    def cell_of(self, row_key: str, slot: str | None) -> str | None:
        """The cell name of a row's field (of its 指标 cell when ``slot`` is None)."""
        if row_key == HEADER:
            return self._header_cell(slot)
        r = self.rows.get(row_key)
        if r is None:
            return None
        c = self.columns.get(slot or "#name", 2)
        return sheet.cell_name(r, c)

    def _header_cell(self, slot: str | None) -> str | None:
        for place in sheet.layout(self.form).header:
            if place.field.slot == slot:
                return sheet.cell_name(place.row, place.column)
        return sheet.cell_name(sheet.INFO_ROW, 2)  # the unit and month are shown up there

    def answers(self, out: Outcome) -> dict[tuple[str, str], Scalar]:
        """What was filled in, by (row key, slot); cells that cannot be read are problems."""
        found: dict[tuple[str, str], Scalar] = {}
        for place in sheet.layout(self.form).header:
            name = sheet.cell_name(place.row, place.column)
            cell = self.cells.get((place.row, place.column))
            found[(HEADER, place.field.slot)] = _answer(cell, place.field, name, out)
        for row in self.form.rows():
            for f in row.fields:
                r, c = self.rows[row.key], self.columns[f.slot]
                name = sheet.cell_name(r, c)
                found[(row.key, f.slot)] = _answer(self.cells.get((r, c)), f, name, out)
        return found

    def locate(self, problem: Problem, rendered: ReportYaml, shown: str) -> CellProblem:
        """A problem of the written file, told at the cell it came from."""
        severity = problem.severity
        if problem.path != shown:
            message = (
                f"导入后 {problem.path}:{problem.line}:{problem.column} 出现错误：{problem.message}"
            )
            return CellProblem(self.workbook, message, None, None, severity)
        spot = rendered.spot_at(problem.line, problem.column)
        if spot is None:
            return CellProblem(self.workbook, problem.message, sheet.SHEET, None, severity)
        f, words = field_words(self.form, problem, spot)
        cell = self.cell_of(spot.row, f.slot if f is not None else spot.slot)
        return CellProblem(self.workbook, words, sheet.SHEET, cell, severity)


def lost_message(lost: list[str], what: str, verb: str) -> str:
    """Why a report is refused that would drop what the office wrote on indicators the
    form (of a workbook, of the web) has no row for."""
    return (
        f"数据文件夹中的现有报告对指标 {'、'.join(lost)} 有督查单位填写的内容，"
        f"而{what}中没有这些指标，{verb}会丢失它们；请与督查单位核对后再{verb}"
    )


def field_words(form: ReportForm, problem: Problem, spot: Spot) -> tuple[FormField | None, str]:
    """The field of the form a problem of the written file is about, and the problem told
    beside that field (in the words of the form rather than of the file's keys)."""
    f = _field(form, spot.row, spot.slot)
    if problem.code == "missing-key" and f is not None:
        f = _missing(form, spot.row, f, problem.message) or f
    return f, cell_words(problem.message, f, _correction_row(form, spot.row))


def _row(form: ReportForm, row_key: str) -> FormRow | None:
    return next((r for r in form.rows() if r.key == row_key), None)


def _correction_row(form: ReportForm, row_key: str) -> str:
    """Where 更正说明 is written for a row: in it, or (an area's figure) in its indicator's."""
    parents = {child.key: row for row in form.rows() for child in row.rows}
    row = _row(form, row_key)
    if row is None or row.field("correction") is not None:
        return "本行"
    holder = parents.get(row.key)
    while holder is not None and holder.field("correction") is None:
        holder = parents.get(holder.key)
    return "本行" if holder is None else f"「{sheet.row_label(holder)}」那一行"


def _missing(form: ReportForm, row_key: str, near: FormField, message: str) -> FormField | None:
    """The field a "missing" problem is about: the member of the same mapping it names
    (a forecast's date), rather than the member the problem was found beside."""
    named = _KEY_LABEL.search(message)
    row = _row(form, row_key)
    if named is None or row is None:
        return None
    return next(
        (f for f in row.fields if f.key[-1] == named[1] and f.key[:-1] == near.key[:-1]),
        None,
    )


def _field(form: ReportForm, row_key: str, slot: str | None) -> FormField | None:
    if row_key == HEADER:
        return next((f for f in form.header if f.slot == slot), None)
    row = _row(form, row_key)
    return row.field(slot) if row is not None and slot is not None else None


_KEEP_SHAPE = "请在生成的工作簿上填写，不要插入、删除或移动行和列"


# Wording of a file's problem for a cell: the YAML key is the column there.
_KEY_LABEL = re.compile(r"「([a-z_]+)」(?:（([^）]+)）)?")
_CORRECTION = "请在本指标下填写 correction（更正说明）"
_KEY_WORDS = (
    (
        "预计（forecast）必须且只能写 value（数值）或 stage（阶段）之一",
        "「预计达到」必须填写（与「预计日期」同填）",
    ),
    ("累计完成数 value", "本期累计"),
    ("当前数值 value", "本期累计"),
    ("当前阶段 stage", "阶段"),
    ("清单项 items", "清单项的阶段"),
)


def cell_words(message: str, f: FormField | None, correction: str = "本行") -> str:
    """ "「value」（数值）：「八十」不是数字…" at a cell → "「八十」不是数字…"; ``correction``:
    the row whose 更正说明 a lower figure needs."""
    message = message.replace(_CORRECTION, f"请在{correction}的「更正说明」写明原因")
    for yaml_words, cell in _KEY_WORDS:
        message = message.replace(yaml_words, cell)
    label = f.label if f is not None else None

    def known(match: re.Match[str]) -> bool:
        """A key of the file (not a word quoted from a cell)."""
        key = match[1]
        return match[2] is not None or key in FIELD_NAMES or (f is not None and key == f.key[-1])

    prefix = _KEY_LABEL.match(message)
    if prefix is not None and known(prefix) and message[prefix.end() :].startswith("："):
        return message[prefix.end() + 1 :]

    def named(match: re.Match[str]) -> str:
        key = match[1]
        if f is not None and key == f.key[-1]:
            return f"「{label}」"
        if not known(match):
            return match[0]
        return f"「{FIELD_NAMES.get(key, match[2])}」"

    message = _KEY_LABEL.sub(named, message)
    if message.startswith(_MISSING):
        return f"{message[len(_MISSING) :]}必须填写"
    return message


_MISSING = "缺少必填字段"


def _answer(cell: Cell | None, f: FormField, name: str, out: Outcome) -> Scalar:
    """A cell's value as the field takes it; a problem (and None) when it cannot be used."""
    if cell is None:
        return None
    if cell.formula is not None:
        if cell.value is None or cell.error:
            out.refuse(
                f"这里是公式「{_short(cell.formula)}」，没有保存计算结果；请直接填写{f.label}（不要用公式）",
                sheet.SHEET,
                name,
            )
            return None
        out.problems.append(
            CellProblem(
                out.workbook,
                f"这里是公式「{_short(cell.formula)}」，已按保存的计算结果「{_short(_plain(cell.value))}」导入",
                sheet.SHEET,
                name,
                Severity.WARNING,
            )
        )
    if cell.error:
        out.refuse(
            f"显示错误值「{_short(str(cell.value))}」；请改为正确的{f.label}", sheet.SHEET, name
        )
        return None
    value = _convert(cell, f)
    if isinstance(value, str):
        bad = CONTROL.search(value)
        if bad is not None:
            out.refuse(
                f"含有不可见的控制字符 U+{ord(bad.group()):04X}（常见于从 Word 或网页复制的文字）；请删除后重新输入",
                sheet.SHEET,
                name,
            )
            return None
    return value


def _convert(cell: Cell, f: FormField) -> Scalar:
    value = cell.value
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return text or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # never a figure: the field says why
    if isinstance(value, datetime):
        value = value.date() if value.time() == time() else value
    if f.kind is FieldKind.DATE:
        return _as_date(value)
    if isinstance(value, int | float):
        if f.kind is FieldKind.NUMBER:
            return _percent_read(float(value), cell.number_format, f)
        return yaml_number(value)  # digits in a text cell: a phone number
    if isinstance(value, date | time):
        return value.isoformat()
    return None


def _as_date(value: object) -> Scalar:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")  # a time of day: not a date, the field says so
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 1 <= value < 2958466:  # a date serial shown as a number
        return _EPOCH + timedelta(days=int(value))
    return str(value) if value is not None else None


def _percent_read(value: float, number_format: str, f: FormField) -> float:
    """A cell shown as a percentage (55% typed) holds 0.55; the field means 55."""
    if "%" in number_format and f.maximum == 100:
        return float(f"{value * 100:.12g}")
    return value


def _plain(value: object) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return yaml_number(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _short(text: str, limit: int = 60) -> str:
    """What was typed, quoted in a message: a long formula or value is cut."""
    return text if len(text) <= limit else text[:limit] + "…"
