"""The office's files: office.yaml and the ledger under duban/ (acceptance records, 督办
actions, inspections), read by the same strict loader as the rest and checked against the
registry (the ledger's own checks are in :mod:`minsheng.load.duban`)."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from ..dates import PeriodError, PeriodKind, parse_period
from ..models.acceptance import Acceptance
from ..models.duban import Action, Inspection
from ..models.office import BulletinSettings, Office
from ..problems import Problem, error, warning
from ..text import fmt
from .dataset import Dataset, LoadedAcceptance, LoadedAction, LoadedInspection
from .reporting import folder_of
from .validate import validate
from .yamlread import Document, read_file

OFFICE_FILE = "office.yaml"
DUBAN_DIR = "duban"
ACCEPTANCE_DIR = "acceptance"
ACTIONS_DIR = "actions"
INSPECTIONS_DIR = "inspections"
MAX_ACCEPTANCE_FILES = 20_000
MAX_LEDGER_FILES = MAX_ACCEPTANCE_FILES  # per folder of duban/

Loc = tuple[str | int, ...]
Found = list[tuple[Path, str]]
M = TypeVar("M")

# What each folder of duban/ holds, and how a stray entry in it is told.
_MISPLACED = {
    ACCEPTANCE_DIR: "验收记录应是 .yaml 文件（如 2022-11-20-项目1.yaml），此项已忽略",
    ACTIONS_DIR: "督办事项应是 .yaml 文件（如 2022-07-05-县交通局-1.yaml），此项已忽略",
    INSPECTIONS_DIR: "督查记录应是 .yaml 文件（如 2022-08-18-1.yaml），此项已忽略",
}


@dataclass
class OfficeFiles:
    """The office's files found in a data folder, each with its display path."""

    office: tuple[Path, str] | None = None
    acceptance: Found = field(default_factory=list)
    actions: Found = field(default_factory=list)
    inspections: Found = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def listed(self) -> Found:
        """Every file found, with its display path."""
        office = [self.office] if self.office is not None else []
        return [*office, *self.acceptance, *self.actions, *self.inspections]

    @property
    def paths(self) -> list[Path]:
        return [path for path, _ in self.listed]


@dataclass
class OfficeData:
    office: Office | None = None
    office_doc: Document | None = None
    acceptance: list[LoadedAcceptance] = field(default_factory=list)
    actions: list[LoadedAction] = field(default_factory=list)
    inspections: list[LoadedInspection] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(root: Path, display: Callable[[Path], str]) -> OfficeFiles:
    """office.yaml and duban/{acceptance,actions,inspections}/*.yaml; anything else in those
    folders is reported."""
    found = OfficeFiles()
    real_root = root.resolve()
    office = root / OFFICE_FILE
    if office.is_file() and _inside(office, real_root):
        found.office = (office, display(office))
    elif office.exists():
        found.problems.append(_refused(display(office)))
    found.acceptance = _scan(root, ACCEPTANCE_DIR, display, found.problems)
    found.actions = _scan(root, ACTIONS_DIR, display, found.problems)
    found.inspections = _scan(root, INSPECTIONS_DIR, display, found.problems)
    return found


def _scan(root: Path, name: str, display: Callable[[Path], str], problems: list[Problem]) -> Found:
    """The .yaml files of duban/<name>/, in name order; stray entries and links out told."""
    folder = root / DUBAN_DIR / name
    if not folder.is_dir():
        return []
    real_root = root.resolve()
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries if not e.name.startswith("."))
    found: Found = []
    for entry in names[:MAX_LEDGER_FILES]:
        path = folder / entry
        if not entry.endswith(".yaml") or not path.is_file():
            problems.append(warning(display(path), 1, 1, "misplaced-file", _MISPLACED[name]))
        elif not _inside(path, real_root):
            problems.append(_refused(display(path)))
        else:
            found.append((path, display(path)))
    return found


def _inside(path: Path, real_root: Path) -> bool:
    return not path.is_symlink() or path.resolve().is_relative_to(real_root)


def _refused(shown: str) -> Problem:
    return error(
        shown,
        1,
        1,
        "symlink-outside",
        "这是指向数据文件夹之外的符号链接，或不是普通文件，已拒绝读取",
    )


Reader = Callable[[Path, str], tuple[Document | None, list[Problem]]]


def read(files: OfficeFiles, reader: Reader = read_file) -> OfficeData:
    """Parse and validate the office's files (each through ``reader``, which the loader uses
    to note what the cache key knows of it); problems are collected, never raised."""
    data = OfficeData(problems=list(files.problems))
    if files.office is not None:
        doc, found = reader(*files.office)
        data.problems += found
        if doc is not None:
            office, found = validate(doc, Office)
            data.problems += found
            doc.release()
            data.office, data.office_doc = office, (doc if office is not None else None)
    found = data.problems
    data.acceptance = [
        LoadedAcceptance(r, d) for r, d in _records(files.acceptance, Acceptance, found, reader)
    ]
    data.actions = [LoadedAction(r, d) for r, d in _records(files.actions, Action, found, reader)]
    data.inspections = [
        LoadedInspection(r, d) for r, d in _records(files.inspections, Inspection, found, reader)
    ]
    return data


def _records(
    paths: Found, model: type[M], problems: list[Problem], reader: Reader
) -> list[tuple[M, Document]]:
    """Every file of ``paths`` that parses and validates as ``model``."""
    records = []
    for path, shown in paths:
        doc, found = reader(path, shown)
        problems += found
        if doc is None:
            continue
        record, found = validate(doc, model)
        problems += found
        if record is not None:
            doc.release()
            records.append((record, doc))
    return records


Cached = tuple[str, Office] | None  # (path relative to the data folder, model) of office.yaml
CachedRecords = list[tuple[str, Acceptance]]
CachedActions = list[tuple[str, Action]]
CachedInspections = list[tuple[str, Inspection]]


@dataclass(frozen=True, slots=True)
class CachedLedger:
    """The office's files as the cache stores them, beside the registry and the reports."""

    office: Cached
    acceptance: CachedRecords
    actions: CachedActions
    inspections: CachedInspections


def to_cache(ds: Dataset, relative: Callable[[Document], str]) -> CachedLedger:
    office = None
    if ds.office is not None and ds.office_doc is not None:
        office = (relative(ds.office_doc), ds.office)
    return CachedLedger(
        office,
        [(relative(a.doc), a.record) for a in ds.acceptance],
        [(relative(a.doc), a.record) for a in ds.actions],
        [(relative(i.doc), i.record) for i in ds.inspections],
    )


def from_cache(
    ds: Dataset, cached: CachedLedger, locate: Callable[[str], tuple[str, Path]]
) -> None:
    """Put the cached office files back, each named and found by ``locate`` from its path
    relative to the data folder; positions are found from the files if ever needed."""

    def document(relative: str) -> Document:
        shown, path = locate(relative)
        return Document(shown, None, path)

    if cached.office is not None:
        relative, ds.office = cached.office
        ds.office_doc = document(relative)
    ds.acceptance = [LoadedAcceptance(r, document(path)) for path, r in cached.acceptance]
    ds.actions = [LoadedAction(r, document(path)) for path, r in cached.actions]
    ds.inspections = [LoadedInspection(r, document(path)) for path, r in cached.inspections]


# ---- checks against the registry ---------------------------------------------------------


def at(doc: Document, loc: Loc, code: str, message: str) -> Problem:
    line, col = doc.locate(loc)
    return error(doc.path, line, col, code, message)


def check_office(ds: Dataset) -> list[Problem]:
    """Exemptions name owed reports; delays name what exists; the rules can be applied."""
    office, doc = ds.office, ds.office_doc
    if office is None or doc is None:
        return []
    return (
        _exemptions(ds, office, doc)
        + _delays(ds, office, doc)
        + _rules(office, doc)
        + _vocabulary(ds, office, doc)
        + _holidays(office, doc)
        + _bulletin(ds, office.bulletin, doc)
    )


def _exemptions(ds: Dataset, office: Office, doc: Document) -> list[Problem]:
    problems = []
    for n, e in enumerate(office.exemptions):
        loc: Loc = ("exemptions", n)
        month = folder_of(e.period)
        if e.unit not in ds.responsible_units:
            problems.append(
                at(doc, (*loc, "unit"), "unknown-unit", f"「{e.unit}」不是登记表中的责任单位")
            )
        elif month is None:
            problems.append(
                at(
                    doc,
                    (*loc, "period"),
                    "invalid-value",
                    f"报送期「{e.period}」应写成月份 YYYY-MM 或季度 YYYYQn，如 2022-05、2022Q2",
                )
            )
        elif ds.schedule.find(e.unit, month) is None:
            rule = ds.schedule.rule_text(e.unit)
            problems.append(
                at(
                    doc,
                    (*loc, "period"),
                    "not-owed",
                    f"「{e.unit}」在 {e.period} 没有应报的报告（报送要求：{rule}），无需免报",
                )
            )
    return problems


def _delays(ds: Dataset, office: Office, doc: Document) -> list[Problem]:
    problems = []
    for n, d in enumerate(office.justified):
        problems += reference(ds, doc, ("justified", n), d.project, d.indicator, d.item)
        if d.since is not None and d.until is not None and d.until < d.since:
            problems.append(
                at(doc, ("justified", n, "until"), "invalid-date", "until 早于 since，请检查日期")
            )
    return problems


def reference(
    ds: Dataset,
    doc: Document,
    loc: Loc,
    project: int | None,
    indicator: str | None,
    item: str | None,
) -> list[Problem]:
    """A project, indicator or checklist item named in an office file exists."""
    if project is not None and project not in ds.projects:
        return [at(doc, (*loc, "project"), "unknown-project", f"没有序号为 {project} 的项目")]
    if indicator is None:
        return []
    ref = ds.indicators.get(indicator)
    if ref is None:
        return [
            at(doc, (*loc, "indicator"), "unknown-indicator", f"没有编号为「{indicator}」的指标")
        ]
    if project is not None and ref.project.id != project:
        return [
            at(
                doc,
                (*loc, "indicator"),
                "unknown-indicator",
                f"指标「{indicator}」属于项目 {ref.project.id}，不属于项目 {project}",
            )
        ]
    names = [i.name for i in getattr(ref.indicator, "items", ())]
    if item is not None and item not in names:
        hint = f"；应为：{'、'.join(names)}" if names else "（该指标不是清单类）"
        return [
            at(
                doc,
                (*loc, "item"),
                "unknown-item",
                f"指标「{indicator}」没有清单项「{item}」{hint}",
            )
        ]
    return []


def _rules(office: Office, doc: Document) -> list[Problem]:
    colours = office.colours
    rules = colours.rules
    problems = []
    last = next((n for n, r in enumerate(rules) if _unconditional(r)), None)
    if colours.preset == "none" and last is None:
        where: Loc = ("colours", "rules") if rules else ("colours", "preset")
        problems.append(
            at(
                doc,
                where,
                "invalid-value",
                "preset 为 none 时，rules 的最后一条应不写条件（只写 colour），作为其余情况的颜色",
            )
        )
    if last is not None and last < len(rules) - 1:
        line, col = doc.locate(("colours", "rules", last + 1))
        problems.append(
            warning(
                doc.path,
                line,
                col,
                "unreachable-rule",
                f"第 {last + 1} 条规则没有条件，之后的规则永远不会用到",
            )
        )
    return problems


def _unconditional(rule: object) -> bool:
    names = [f.name for f in dataclasses.fields(rule)]  # type: ignore[arg-type]
    return all(getattr(rule, n) is None for n in names if n not in ("colour", "name"))


def _vocabulary(ds: Dataset, office: Office, doc: Document) -> list[Problem]:
    v = office.vocabulary
    serious = v.serious if v.serious is not None else ds.plan.thresholds.behind
    if v.tolerance < serious:
        return []
    return [
        at(
            doc,
            ("vocabulary", "tolerance"),
            "invalid-value",
            f"「按序时」的容差 {fmt.number(v.tolerance)} 应小于「严重滞后」的分界 {fmt.number(serious)} 个百分点",
        )
    ]


def _holidays(office: Office, doc: Document) -> list[Problem]:
    return [
        at(doc, ("calendar", "holidays", n, "last"), "invalid-date", "last 早于 first，请检查日期")
        for n, h in enumerate(office.calendar.holidays)
        if h.last is not None and h.last < h.first
    ]


_FIELD = re.compile(r"\{([^{}]*)\}")


def _bulletin(ds: Dataset, settings: BulletinSettings, doc: Document) -> list[Problem]:
    """The issued bulletins name periods of the plan's year; the formats only {year} and {n}."""
    problems = []
    for name in ("series", "doc_number"):
        pattern = getattr(settings, name)
        unknown = [f for f in _FIELD.findall(pattern or "") if f not in ("year", "n")]
        if unknown:
            problems.append(
                at(
                    doc,
                    ("bulletin", name),
                    "invalid-value",
                    f"「{{{unknown[0]}}}」不是可用的占位符；只能写 {{year}}（年份）和 {{n}}（序号）",
                )
            )
    for key, issued in settings.issued.items():
        loc: Loc = ("bulletin", "issued", key)
        try:
            period = parse_period(key)
        except PeriodError as exc:
            problems.append(at(doc, loc, "invalid-value", str(exc)))
            continue
        if period.year != ds.plan.year:
            problems.append(
                at(doc, loc, "invalid-value", f"期间 {key} 不在计划年度 {ds.plan.year} 年之内")
            )
        elif issued.assessment is not None and period.kind is not PeriodKind.YEAR:
            problems.append(
                at(
                    doc,
                    (*loc, "assessment"),
                    "invalid-value",
                    f"年终考核结果只对全年（{period.year}）通报，不对 {key}",
                )
            )
    return problems


def check_acceptance(ds: Dataset) -> list[Problem]:
    """Each record names something that exists, once; 销号 is not before 验收."""
    problems: list[Problem] = []
    seen: dict[tuple[int, str | None, str | None], str] = {}
    for loaded in ds.acceptance:
        a, doc = loaded.record, loaded.doc
        problems += reference(ds, doc, (), a.project, a.indicator, a.item)
        target = (a.project, a.indicator, a.item)
        if target in seen:
            problems.append(
                at(doc, ("project",), "duplicate-id", f"与 {seen[target]} 验收的是同一事项")
            )
        seen.setdefault(target, doc.path)
        if a.closed is not None and a.closed < a.accepted:
            problems.append(
                at(doc, ("closed",), "invalid-date", "销号日期早于验收日期，请检查日期")
            )
    return problems


def check_acceptance_dates(ds: Dataset, as_of: date) -> list[Problem]:
    """An acceptance is not dated after the day the data is read."""
    return [
        at(
            loaded.doc,
            ("accepted",),
            "invalid-date",
            f"验收日期 {loaded.record.accepted} 晚于统计日期 {as_of}，请检查日期",
        )
        for loaded in ds.acceptance
        if loaded.record.accepted > as_of
    ]


OFFICE_CHECKS = (check_office, check_acceptance)
