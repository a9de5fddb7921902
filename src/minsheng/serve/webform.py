"""The report form as a web page: the fields of ``views/report_form.py`` as inputs, what was
posted read back into the same answers the workbook gives, and the problems of the
importer's validation path told beside the fields they concern."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from datetime import date

from ..models import ProgressReport
from ..problems import Problem
from ..text.fmt import printable
from ..views.new_report import HEADER, Answers
from ..views.report_form import FieldKind, FormField, FormRow, Level, ReportForm, Scalar
from ..views.report_import import CONTROL, Filled, field_words

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")


def input_name(row_key: str, slot: str) -> str:
    """The name of a field's input: its row's key and its slot (both from the form)."""
    return f"{row_key}|{slot}"


@dataclass
class Input:
    """One input of the page."""

    name: str
    field: FormField
    value: str
    anchor: str  # the element id: f-1, f-2 … in the order shown
    errors: list[str] = _field(default_factory=list)
    warnings: list[str] = _field(default_factory=list)


@dataclass
class Row:
    """A row of the page: a project, indicator, item, area, investment … with its inputs."""

    row: FormRow
    depth: int
    inputs: list[Input]
    errors: list[str] = _field(default_factory=list)

    @property
    def level(self) -> str:
        return self.row.level.value

    @property
    def shown_only(self) -> bool:
        """A milestone or remark: shown, never filled in."""
        return self.row.level in (Level.MILESTONE, Level.REMARK)


@dataclass
class Page:
    """The whole form as shown: header inputs, rows, and the problems no field holds."""

    form: ReportForm
    header: list[Input]
    rows: list[Row]
    general: list[str] = _field(default_factory=list)
    warnings: list[str] = _field(default_factory=list)

    @property
    def error_count(self) -> int:
        return (
            len(self.general)
            + sum(len(i.errors) for i in self.header)
            + sum(len(r.errors) + sum(len(i.errors) for i in r.inputs) for r in self.rows)
        )


def page(form: ReportForm, answers: Answers) -> Page:
    """The form's inputs holding ``answers`` (a field not answered shows its prefill)."""

    count = iter(range(1, 1_000_000))

    def made(row_key: str, f: FormField) -> Input:
        value = answers.get((row_key, f.slot), f.prefill)
        return Input(input_name(row_key, f.slot), f, shown(value), f"f-{next(count)}")

    header = [made(HEADER, f) for f in form.header]
    rows = [Row(row, depth, [made(row.key, f) for f in row.fields]) for row, depth in _rows(form)]
    return Page(form, header, rows)


def _rows(form: ReportForm) -> Iterator[tuple[FormRow, int]]:
    def walk(row: FormRow, depth: int) -> Iterator[tuple[FormRow, int]]:
        yield row, depth
        for child in row.rows:
            yield from walk(child, depth + 1)

    for entry in form.entries:
        yield from walk(entry, 0)


def shown(value: Scalar) -> str:
    """A value as an input holds it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.12g}" if not value.is_integer() else str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def answers_from_post(form: ReportForm, posted: Mapping[str, str]) -> tuple[Answers, list[str]]:
    """What was posted, by (row key, slot), as the importer's answers; an input left out of
    the request is blank. Fixed fields (the unit, the month) are never taken from a post.
    Also returns the names of inputs holding invisible control characters."""
    answers: dict[tuple[str, str], Scalar] = {}
    bad: list[str] = []
    for row_key, f in _fields(form):
        if f.fixed:
            continue
        raw = posted.get(input_name(row_key, f.slot), "")
        text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
        if CONTROL.search(text):
            bad.append(input_name(row_key, f.slot))
        answers[(row_key, f.slot)] = _value(text, f)
    return answers, bad


def _fields(form: ReportForm) -> Iterator[tuple[str, FormField]]:
    for f in form.header:
        yield HEADER, f
    for row in form.rows():
        for f in row.fields:
            yield row.key, f


def _value(text: str, f: FormField) -> Scalar:
    if not text:
        return None
    if f.kind is FieldKind.NUMBER:
        plain = text.translate(_FULL_WIDTH).replace(",", "").replace("，", "")
        return float(plain) if _NUMBER.match(plain) else text  # else: the models say why
    if f.kind is FieldKind.DATE and _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    return text


def answers_from_report(form: ReportForm, report: ProgressReport) -> Answers:
    """A submitted report as answers of its form: what the page shows when it is edited."""
    answers: dict[tuple[str, str], Scalar] = {}
    for f in form.header:
        if not f.fixed:
            answers[(HEADER, f.slot)] = _scalar(getattr(report, f.key[0], None))

    def walk(row: FormRow, holder: object) -> None:
        entry = _entry(row, holder)
        if entry is None:
            for f in row.fields:  # not reported yet: blank (its prefill for figures)
                answers[(row.key, f.slot)] = f.prefill if f.listed else None
        else:
            for f in row.fields:
                answers[(row.key, f.slot)] = _scalar(_at(entry, f.key))
        for child in row.rows:
            walk(child, entry)

    for entry in form.entries:
        walk(entry, report)
    return answers


def _entry(row: FormRow, holder: object) -> object | None:
    """The part of the report a row stands for: an entry of a list, or a block."""
    if holder is None:
        return None
    if row.block:
        return getattr(holder, row.block, None)
    if row.within is None or row.ident is None:
        return None
    key, ident = row.ident
    listed = getattr(holder, row.within.key, None) or ()
    return next((e for e in listed if str(getattr(e, key, None)) == str(ident)), None)


def _at(entry: object, key: tuple[str, ...]) -> object:
    value: object = entry
    for part in key:
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _scalar(value: object) -> Scalar:
    if value is None or isinstance(value, float | str | date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return float(value)
    if isinstance(value, tuple | list):
        return "\n".join(str(v) for v in value) or None
    return str(value)


def tell(page_: Page, filled: Filled, bad: list[str]) -> None:
    """The problems of the filled-in file, each beside the input (or row) it concerns."""
    inputs = {i.name: i for i in page_.header}
    rows: dict[str, Row] = {}
    for row in page_.rows:
        rows[row.row.key] = row
        inputs.update((i.name, i) for i in row.inputs)
    for name in bad:
        inputs[name].errors.append(
            "含有不可见的控制字符（常见于从 Word 或网页复制的文字）；请删除后重新输入"
        )
    for problem in filled.problems:
        _place(problem, filled, inputs, rows, page_)


def _place(
    problem: Problem, filled: Filled, inputs: dict[str, Input], rows: dict[str, Row], page_: Page
) -> None:
    error = problem.is_error
    if problem.path != filled.shown:
        words = f"提交后 {problem.path}:{problem.line}:{problem.column} 出现问题：{problem.message}"
        (page_.general if error else page_.warnings).append(printable(words))
        return
    spot = filled.rendered.spot_at(problem.line, problem.column)
    if spot is None:
        (page_.general if error else page_.warnings).append(printable(problem.message))
        return
    f, words = field_words(page_.form, problem, spot)
    words = printable(words)
    target = inputs.get(input_name(spot.row, f.slot)) if f is not None else None
    if target is not None:
        (target.errors if error else target.warnings).append(words)
    elif spot.row in rows and error:
        rows[spot.row].errors.append(words)
    else:
        (page_.general if error else page_.warnings).append(words)
