"""A unit's progress file for a period, written from its report form (views/report_form.py):
prefilled by ``new-report``, or filled in from a workbook by ``import``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..dates import PeriodKind, parse_period
from ..load.dataset import Dataset
from ..load.folder import PROGRESS_DIR
from ..models.common import ID_PATTERN
from ..records import frozen
from ..text import fmt
from .report_form import (
    PROJECTS,
    FieldKind,
    FormField,
    FormList,
    FormRow,
    Level,
    ReportForm,
    Scalar,
    build_form,
)
from .yaml_text import yaml_number, yaml_text

_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_ID = re.compile(ID_PATTERN)

# What the unit filled in, by (row key, slot); a field not given keeps its prefill.
Answers = Mapping[tuple[str, str], Scalar]
# Office-owned values an earlier version of the file held, by row key: written back as they were.
Kept = Mapping[str, Mapping[str, object]]
HEADER = "header"  # the row key of the report's own fields (报送日期, 填报人 …)


class NewReportError(Exception):
    """The unit or month asked for is not one the registry knows."""


def report_path(ds_root: Path, ds: Dataset, unit: str, month: str) -> Path:
    """Where the file goes; unit and month are checked against the registry, never trusted."""
    if unit not in ds.responsible_units:
        raise NewReportError(
            f"没有名为「{unit}」的责任单位；可选：{'、'.join(ds.responsible_units)}"
        )
    months = ds.schedule.months(unit)
    if month not in months:
        if ds.schedule.is_monthly() and months:
            raise NewReportError(
                f"月份「{month}」不在报送期内；应为 {months[0]} 至 {months[-1]} 之间，写成 YYYY-MM"
            )
        raise NewReportError(
            f"「{unit}」的报送要求是「{ds.schedule.rule_text(unit)}」，{month} 不是它的报送期；"
            f"应报：{'、'.join(months) or '无'}"
        )
    return ds_root / PROGRESS_DIR / month / f"{unit}.yaml"


def month_of_period(ds: Dataset, unit: str, text: str) -> str:
    """The folder month of ``--period``: the month itself, or a quarter's last month."""
    try:
        period = parse_period(text)
    except ValueError as exc:
        raise NewReportError(str(exc)) from None
    if period.kind in (PeriodKind.YEAR, PeriodKind.HALF):
        whole = "全年" if period.kind is PeriodKind.YEAR else "上半年"
        raise NewReportError(f"「{text}」是{whole}；请写月份 YYYY-MM 或季度 YYYYQn")
    month = period.end.strftime("%Y-%m")
    owed = ds.schedule.find(unit, month)
    if period.kind is PeriodKind.QUARTER and (owed is None or owed.period.kind != period.kind):
        raise NewReportError(
            f"「{unit}」的报送要求是「{ds.schedule.rule_text(unit)}」，不按季度报送；请用 --month"
        )
    return month


def render(ds: Dataset, unit: str, month: str, today: date) -> str:
    """The prefilled file ``new-report`` writes."""
    return report_yaml(build_form(ds, unit, month, today)).text


@frozen
class Spot:
    """Where a row's field starts in the file (1-based): a problem found there is that field's."""

    line: int
    column: int
    row: str
    slot: str | None  # None: the row itself


@dataclass
class ReportYaml:
    text: str
    spots: list[Spot] = field(default_factory=list)

    def spot_at(self, line: int, column: int) -> Spot | None:
        """The field a position in the file belongs to (the row's, between fields)."""
        on_line = [s for s in self.spots if s.line == line]
        before = [s for s in on_line if s.column <= column]
        if before:
            return max(before, key=lambda s: s.column)
        return min(on_line, key=lambda s: s.column) if on_line else None


@frozen
class _Line:
    text: str
    marks: tuple[tuple[int, str | None], ...] = ()  # (column, slot) of what the line holds


def report_yaml(
    form: ReportForm, answers: Answers | None = None, kept: Kept | None = None
) -> ReportYaml:
    """The progress file of a form: its prefill, or what was filled in (``answers``), with the
    office-owned blocks of an earlier version (``kept``) written back unchanged."""
    values = _Values(answers or {}, kept or {})
    out = _Writer()
    for text in (
        "# yaml-language-server: $schema=../../../schema/progress.schema.json",
        f"# {form.plan_title} · {form.report_name}",
        f"# 单位：{form.unit}　{form.where}　报送截止：{fmt.cn_date(form.due)}（{form.rule}）",
        "# 数值一律填写年初至本月底的累计数；已按上月报送情况预填，请逐项核对修改。",
        "# 如需把某个数改得比上月小，请在该指标下写 correction: 更正原因。",
        "",
    ):
        out.add(_Line(text))
    for f in form.header:
        out.add(_field_line(f, _scalar(f, values.get(HEADER, f)), "", loose=True), HEADER)
    out.extend(_list(PROJECTS, form.projects, values, "", None, opened=True))
    for within in dict.fromkeys(row.within for row in form.sections):
        rows = tuple(row for row in form.sections if row.within is within)
        assert within is not None
        out.extend(_list(within, rows, values, "", None))
    return ReportYaml("\n".join(out.lines) + "\n", out.spots)


class _Values:
    def __init__(self, answers: Answers, kept: Kept) -> None:
        self.answers, self.kept = answers, kept

    def get(self, row: str, f: FormField) -> Scalar:
        return self.answers.get((row, f.slot), f.prefill)

    def changed(self, row: FormRow) -> bool:
        """Whether anything of the row or its parts differs from its prefill (or the office
        holds data on it)."""
        return (
            row.key in self.kept
            or any(self.get(row.key, f) != f.prefill for f in row.fields)
            or any(self.changed(part) for part in row.rows)
        )


# Lines of the file, each with the row whose fields it holds (None: comments, and lines
# commented out).
_Lines = list[tuple["_Line", str | None]]


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.spots: list[Spot] = []

    def add(self, line: _Line, row: str | None = None) -> None:
        """One line; the fields it holds are found again by position."""
        self.lines.append(line.text)
        if row is None:
            return
        number = len(self.lines)
        self.spots.append(Spot(number, 0, row, None))  # before any field: fields win ties
        self.spots.extend(Spot(number, column, row, slot) for column, slot in line.marks)

    def extend(self, lines: _Lines) -> None:
        for line, row in lines:
            self.add(line, row)


def _list(
    within: FormList,
    rows: tuple[FormRow, ...],
    values: _Values,
    pad: str,
    parent: str | None,
    *,
    opened: bool = False,
) -> _Lines:
    """A list of entries at indent ``pad``: each entry that is omittable and unchanged is
    commented out (so the file checks clean as it is and nothing is said to carry over; the
    clerk removes the # to fill it in), and so is the opening line when all of them are.
    ``parent``: the row whose list it is (None: a list of the report itself, whose entries'
    blank fields are written ``key:`` alone); ``opened``: the opening line is written even
    when there are no entries."""
    lines: _Lines = [(_Line(f"{pad}# {text}"), None) for text in within.intro]
    written = [not row.omittable or values.changed(row) for row in rows]
    if any(written) or (opened and not rows):
        lines.append((_Line(_opening(pad, within.key, within.hint)), parent))
    elif rows:
        lines.append((_Line(_opening(f"{pad}# ", within.key, within.omitted_hint)), None))
    entry_pad = pad + "  "
    cut = 0 if within.from_margin else len(entry_pad)  # where the # goes
    for row, shown in zip(rows, written, strict=True):
        style = _Style(loose=parent is None, examples=not shown)
        entry: _Lines = (
            [(_flow_entry(row, values, entry_pad), row.key)]
            if within.flow
            else _block_entry(row, values, entry_pad, style)
        )
        if shown:
            lines += entry
            continue
        if within.omitted_note:
            lines.append((_Line(f"{entry_pad[:cut]}# {within.omitted_note}"), None))
        lines += [(_Line(f"{line.text[:cut]}# {line.text[cut:]}"), None) for line, _ in entry]
    return lines


@frozen
class _Style:
    """How an entry's blank fields are written: ``key:`` alone (``loose``: entries of the
    report's own lists), and with their example (``examples``: an entry commented out)."""

    loose: bool = False
    examples: bool = False


def _opening(pad: str, key: str, hint: str) -> str:
    return f"{pad}{key}:  # {hint}" if hint else f"{pad}{key}:"


def _block_entry(row: FormRow, values: _Values, pad: str, style: _Style) -> _Lines:
    """An entry over several lines: ``- id: …`` and then its fields and parts."""
    assert row.ident is not None
    name, ident = row.ident
    first = (_Line(f"{pad}- {name}: {_ident(ident)}  # {row.hint}"), row.key)
    return [first, *_body(row, values, pad + "  ", style)]


def _body(row: FormRow, values: _Values, pad: str, style: _Style) -> _Lines:
    """A row's fields, its blocks (``investment:``), its remarks, its lists (``indicators:``,
    ``items:``) and the office-owned blocks kept, at indent ``pad``."""
    lines: _Lines = [(line, row.key) for line in _fields(row, values, pad, style)]
    for block in row.blocks:
        lines.append((_Line(f"{pad}{block.block}:  # {block.hint}"), block.key))
        lines += _body(block, values, pad + "  ", _Style(examples=style.examples))
    lines += [
        (_Line(f"{pad}# {part.label}"), None) for part in row.rows if part.level is Level.REMARK
    ]
    entries = row.entries
    for within in dict.fromkeys(entry.within for entry in entries):  # in form order
        assert within is not None
        listed = tuple(entry for entry in entries if entry.within is within)
        lines += _list(within, listed, values, pad, row.key)
    for key, kept in values.kept.get(row.key, {}).items():
        lines.append((_Line(f"{pad}{key}: {_flow(kept)}  # 由督查单位填写，请勿修改"), row.key))
    return lines


def _fields(row: FormRow, values: _Values, pad: str, style: _Style) -> list[_Line]:
    """One line per field given (or listed even when blank); nested fields (forecast:
    {value: …, by: …}) in one line."""
    lines: list[_Line] = []
    groups: dict[str, list[tuple[FormField, Scalar]]] = {}
    for f in row.fields:
        value = values.get(row.key, f)
        if len(f.key) > 1:
            groups.setdefault(f.key[0], []).append((f, value))
            continue
        if groups and f.key[0] not in groups:
            lines += _groups(groups, pad)
            groups = {}
        text = _scalar(f, value) or (f.example if style.examples else "")
        if f.listed or text:
            lines.append(_field_line(f, text, pad, loose=style.loose))
    return lines + _groups(groups, pad)


def _groups(groups: dict[str, list[tuple[FormField, Scalar]]], indent: str) -> list[_Line]:
    """Nested fields (forecast: {value: …, by: …}), written once any of them is filled in."""
    lines = []
    for key, members in groups.items():
        given = [(f, v) for f, v in members if f.listed or not _blank(v)]
        if not given:
            continue
        start = f"{indent}{key}: {{"
        text, marks = _flow_fields(start, given)
        # The mapping itself (a member missing, members that do not fit together) is told
        # at its first member's place.
        marks = ((len(indent) + 1, members[0][0].slot), *marks)
        lines.append(_Line(f"{text}}}  # {given[0][0].hint}", marks))
    return lines


def _flow_entry(row: FormRow, values: _Values, pad: str) -> _Line:
    """A list entry in one line: {name: …, stage: …, percent: …}."""
    assert row.ident is not None
    start = f"{pad}- {{{row.ident[0]}: {yaml_text(str(row.ident[1]))}, "
    pairs = [(f, values.get(row.key, f)) for f in row.fields]
    given = [(f, v) for f, v in pairs if f.listed or not _blank(v)]
    text, marks = _flow_fields(start, given)
    return _Line(f"{text}}}  # {row.hint}", marks)


def _flow_fields(
    start: str, given: list[tuple[FormField, Scalar]]
) -> tuple[str, tuple[tuple[int, str | None], ...]]:
    text = start
    marks: list[tuple[int, str | None]] = []
    for n, (f, value) in enumerate(given):
        if n:
            text += ", "
        marks.append((len(text) + 1, f.slot))
        text += f"{f.key[-1]}: {_scalar(f, value) or '~'}"
    return text, tuple(marks)


def _field_line(f: FormField, shown: str, pad: str, *, loose: bool) -> _Line:
    """``key: value  # hint``; blank, ``key:`` alone where ``loose``."""
    gap = " " if shown or not loose else ""
    comment = f"  # {f.hint}" if f.hint else ""
    return _Line(f"{pad}{f.key[0]}:{gap}{shown}{comment}", ((len(pad) + 1, f.slot),))


def _ident(value: int | str) -> str:
    """An entry's id as written after ``- id:``: ids as they are, any other text quoted."""
    text = str(value)
    return text if isinstance(value, int) or _ID.match(text) else yaml_text(text)


def _blank(value: Scalar) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _scalar(f: FormField, value: Scalar) -> str:
    """A value as YAML; "" when blank."""
    if _blank(value):
        return ""
    if isinstance(value, bool):  # never a figure
        return yaml_text(str(value))
    if isinstance(value, int | float):
        return yaml_number(value)
    if isinstance(value, date):
        return value.isoformat()
    assert isinstance(value, str)
    if f.kind is FieldKind.MONTH:
        return value
    if f.kind is FieldKind.LINKS:
        return "[" + ", ".join(yaml_text(link) for link in value.split()) + "]"
    return yaml_text(value)


def _flow(value: object) -> str:
    """Plain data (an office-owned block) as a YAML flow value."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{k}: {_flow(v)}" for k, v in value.items() if v is not None)
        return "{" + inner + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return yaml_number(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if _PLAIN_NUMBER.match(text) else yaml_text(text)
