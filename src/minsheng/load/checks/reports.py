"""Checks of the progress reports against the registry: where each is filed, which unit and
period it is for, what it names, whether its values fit, and figures that fall."""

from __future__ import annotations

import difflib
from pathlib import PurePath
from typing import Any

from ...models import Checklist, Quantity, StageIndicator, Threshold, Trend
from ...models.progress import IndicatorReport
from ...problems import Problem
from ...records import frozen
from ...text import amounts, fmt
from ...text.fmt import same_looking
from ...text.labels import KIND_LABELS
from ..dataset import Dataset, report_months
from ..document import Document
from ..layout import PROGRESS_DIR
from .common import Loc, at, unknown_stage, warning_at
from .index import Entry, ReportIndex, report_check


@report_check
def check_report_location(index: ReportIndex) -> list[Problem]:
    """A report lives at progress/<month>/<unit>.yaml and names that unit and month."""
    ds = index.ds
    problems: list[Problem] = []
    for loaded in index.misfiled:
        report, doc = loaded.report, loaded.doc
        path = PurePath(doc.path)
        # A unit the registry does not know is told once, by check_report_unit.
        if path.stem != report.unit and report.unit in ds.unit_names:
            problems.append(
                at(
                    doc,
                    ("unit",),
                    "wrong-location",
                    f"文件名「{path.name}」与单位「{report.unit}」不一致：文件应命名为「{report.unit}.yaml」",
                )
            )
        if path.parent.name != report.month:
            problems.append(
                at(
                    doc,
                    ("month",),
                    "wrong-location",
                    f"文件所在文件夹「{path.parent.name}」与月份「{report.month}」不一致：应放在 {PROGRESS_DIR}/{report.month}/ 下",
                )
            )
    return problems


@report_check
def check_report_unit(index: ReportIndex) -> list[Problem]:
    """The reporting unit is registered and responsible for something."""
    ds = index.ds
    problems: list[Problem] = []
    known, responsible = set(ds.unit_names), set(ds.responsible_units)
    answering = known & responsible
    for loaded in index.reports:
        unit = loaded.report.unit
        if unit in answering:
            continue
        if unit not in known:
            meant = meant_unit(ds, unit, PurePath(loaded.doc.path).stem)
            hint = f"；是否想写「{meant}」？unit 要写登记表 units 中的名称" if meant else ""
            problems.append(
                at(
                    loaded.doc,
                    ("unit",),
                    "unknown-unit",
                    f"单位「{unit}」没有在 projects.yaml 中登记{same_looking(unit, ds.unit_names) or hint}",
                )
            )
        elif unit not in responsible:
            problems.append(
                at(loaded.doc, ("unit",), "unknown-unit", f"单位「{unit}」不是任何项目的责任单位")
            )
    return problems


def meant_unit(ds: Dataset, written: str, file_stem: str) -> str | None:
    """The registered unit a report probably means: the one whose full name was written
    (城口县教育委员会 → 县教委), the one its file is named after, or a close spelling."""
    for unit in ds.registry.units:
        if written == unit.full_name:
            return unit.name
    if file_stem in ds.unit_names:
        return file_stem
    by_full = {u.full_name: u.name for u in ds.registry.units if u.full_name}
    close = difflib.get_close_matches(written, [*ds.unit_names, *by_full], n=1, cutoff=0.6)
    return by_full.get(close[0], close[0]) if close else None


@report_check
def check_report_periods(index: ReportIndex) -> list[Problem]:
    """A report is for a period its unit owes under the registry's reporting rule."""
    ds = index.ds
    problems: list[Problem] = []
    window = set(report_months(ds.plan))
    responsible = set(ds.responsible_units)
    for loaded in index.reports:
        report = loaded.report
        if report.month not in window or report.unit not in responsible:
            continue  # told by check_report_dates and check_report_unit
        if ds.schedule.find(report.unit, report.month) is None:
            months = ds.schedule.months(report.unit)
            problems.append(
                at(
                    loaded.doc,
                    ("month",),
                    "not-owed",
                    f"「{report.unit}」的报送要求是「{ds.schedule.rule_text(report.unit)}」，"
                    f"{report.month} 不是它的报送期；报告放在报送期最后一个月的文件夹"
                    f"（应报：{'、'.join(months) or '无'}）",
                )
            )
    return problems


@report_check
def check_report_references(index: ReportIndex) -> list[Problem]:
    """Projects and indicators a report names exist, are the unit's, and appear once."""
    ds = index.ds
    problems: list[Problem] = []
    known = set(ds.unit_names)
    for loaded, start in zip(index.reports, index.starts, strict=True):
        report, doc = loaded.report, loaded.doc
        if report.unit not in known:
            continue  # told once by check_report_unit; every entry would repeat it
        seen_projects: set[int] = set()
        seen_indicators: set[str] = set()
        for p, entry in enumerate(report.projects):
            ploc: Loc = ("projects", p)
            project = ds.projects.get(entry.id)
            rows = index.entries[start : start + len(entry.indicators)]
            start += len(entry.indicators)
            if entry.id in seen_projects:
                problems.append(
                    at(
                        doc,
                        (*ploc, "id"),
                        "duplicate-id",
                        f"项目 {entry.id} 在本报告中出现了两次；请合并为一项",
                    )
                )
            seen_projects.add(entry.id)
            if project is None:
                problems.append(
                    at(doc, (*ploc, "id"), "unknown-project", f"没有序号为 {entry.id} 的项目")
                )
                continue
            if report.unit not in project.units:
                problems.append(
                    at(
                        doc,
                        (*ploc, "id"),
                        "not-responsible",
                        f"「{report.unit}」不是项目 {entry.id}（{project.name}）的责任单位",
                    )
                )
            for row in rows:
                ref, indicator_id = row.ref, row.entry.id
                if (
                    indicator_id not in seen_indicators
                    and ref is not None
                    and ref.project.id == entry.id
                    and report.unit in ref.owners
                ):
                    seen_indicators.add(indicator_id)
                    continue  # the common case: nothing to tell
                problems += _indicator_reference(
                    doc, (*row.loc, "id"), report.unit, entry.id, row, seen_indicators
                )
    return problems


def _indicator_reference(
    doc: Document, loc: Loc, unit: str, project_id: int, row: Entry, seen: set[str]
) -> list[Problem]:
    indicator_id, ref = row.entry.id, row.ref
    if indicator_id in seen:
        return [
            at(doc, loc, "duplicate-id", f"指标 {indicator_id} 在本报告中出现了两次；请合并为一项")
        ]
    seen.add(indicator_id)
    if ref is None:
        return [at(doc, loc, "unknown-indicator", f"没有编号为「{indicator_id}」的指标")]
    if ref.project.id != project_id:
        return [
            at(
                doc,
                loc,
                "unknown-indicator",
                f"指标「{indicator_id}」属于项目 {ref.project.id}，不属于项目 {project_id}；请移到对应项目下",
            )
        ]
    if unit not in ref.owners:
        return [
            at(
                doc,
                loc,
                "not-responsible",
                f"指标「{indicator_id}」（{ref.indicator.name}）由{'、'.join(ref.owners)}填报，不由「{unit}」填报",
            )
        ]
    return []


_FIELDS_BY_KIND: dict[str, frozenset[str]] = {
    "quantity": frozenset({"value"}),
    "threshold": frozenset({"value"}),
    "trend": frozenset({"value", "baseline"}),
    "stage": frozenset({"stage", "percent"}),
    "checklist": frozenset({"items"}),
    "qualitative": frozenset({"self_assessment", "review"}),
}

_REQUIRED_BY_KIND: dict[str, tuple[str, str]] = {
    "quantity": ("value", "累计完成数 value"),
    "threshold": ("value", "当前数值 value"),
    "trend": ("value", "当前数值 value"),
    "stage": ("stage", "当前阶段 stage"),
    "checklist": ("items", "清单项 items"),
}

_VALUE_FIELDS = ("value", "baseline", "stage", "percent", "items", "self_assessment", "review")
# The value fields an entry of each kind must not have, in the order they are told.
_NOT_FOR_KIND = {
    kind: tuple(name for name in _VALUE_FIELDS if name not in allowed)
    for kind, allowed in _FIELDS_BY_KIND.items()
}


@report_check
def check_report_values(index: ReportIndex) -> list[Problem]:
    """Values fit the indicator's kind: known stages and items, numbers in range."""
    problems: list[Problem] = []
    for row in index.known:
        assert row.ref is not None
        problems += _entry_fits(index.ds, row.loaded.doc, row.loc, row.entry, row.ref.indicator)
    return problems


def _entry_fits(
    ds: Dataset, doc: Document, loc: Loc, entry: IndicatorReport, indicator: Any
) -> list[Problem]:
    kind = indicator.kind
    problems = [
        at(
            doc,
            (*loc, name),
            "kind-mismatch",
            f"指标「{entry.id}」是{KIND_LABELS[kind]}类指标，不能填 {name}；"
            f"应填：{'、'.join(sorted(_FIELDS_BY_KIND[kind]))}",
        )
        for name in _NOT_FOR_KIND[kind]
        if getattr(entry, name) is not None
    ]
    required = _REQUIRED_BY_KIND.get(kind)
    # An area split's figures stand in for the total (load/dimensions.py checks them).
    given = getattr(entry, required[0]) is not None if required else True
    if required and not given and entry.correction is None and entry.areas is None:
        problems.append(
            warning_at(doc, loc, "no-value", f"指标「{entry.id}」没有填{required[1]}，沿用上月数据")
        )
    if (
        isinstance(indicator, Threshold | Trend)
        and entry.value is not None
        and indicator.unit == "%"
        and entry.value > 100
    ):
        problems.append(
            at(
                doc,
                (*loc, "value"),
                "out-of-range",
                f"百分比 {fmt.number(entry.value, 6)} 不能大于 100",
            )
        )
    if entry.stage is not None and not ds.ladder.knows(entry.stage):
        problems.append(unknown_stage(ds, (*loc, "stage"), entry.stage, doc))
    if isinstance(indicator, Checklist) and entry.items is not None:
        problems += _items_fit(ds, doc, loc, entry, indicator)
    return problems


def _items_fit(
    ds: Dataset, doc: Document, loc: Loc, entry: IndicatorReport, indicator: Checklist
) -> list[Problem]:
    problems: list[Problem] = []
    names = {item.name for item in indicator.items}
    seen: set[str] = set()
    for k, item in enumerate(entry.items or ()):
        kloc: Loc = (*loc, "items", k)
        if item.name not in names:
            problems.append(
                at(
                    doc,
                    (*kloc, "name"),
                    "unknown-item",
                    f"指标「{entry.id}」没有清单项「{item.name}」；应为：{'、'.join(sorted(names))}",
                )
            )
        elif item.name in seen:
            problems.append(
                at(doc, (*kloc, "name"), "duplicate-id", f"清单项「{item.name}」重复填报")
            )
        seen.add(item.name)
        if not ds.ladder.knows(item.stage):
            problems.append(unknown_stage(ds, (*kloc, "stage"), item.stage, doc))
    return problems


@report_check
def check_report_forecasts(index: ReportIndex) -> list[Problem]:
    """A forecast fits its indicator: a value for quantities and thresholds, a stage for stages."""
    ds = index.ds
    problems: list[Problem] = []
    for row in index.forecasts:
        entry, forecast, doc = row.entry, row.entry.forecast, row.loaded.doc
        assert row.ref is not None and forecast is not None
        kind, floc = row.ref.indicator.kind, (*row.loc, "forecast")
        if forecast.value is not None and kind not in ("quantity", "threshold"):
            problems.append(
                at(
                    doc,
                    (*floc, "value"),
                    "kind-mismatch",
                    f"指标「{entry.id}」是{KIND_LABELS[kind]}类指标；只有数量、达标类的预计可以写 value",
                )
            )
        if forecast.stage is not None and kind != "stage":
            problems.append(
                at(
                    doc,
                    (*floc, "stage"),
                    "kind-mismatch",
                    f"指标「{entry.id}」是{KIND_LABELS[kind]}类指标；只有阶段类的预计可以写 stage",
                )
            )
        elif forecast.stage is not None and not ds.ladder.knows(forecast.stage):
            problems.append(unknown_stage(ds, (*floc, "stage"), forecast.stage, doc))
    return problems


@frozen
class Level:
    """One comparable figure of a report entry: a cumulative value or a stage reached.

    How it is worded is worked out only for a regression found: nearly every entry is
    compared and found in order, and wording them all was most of the check's time."""

    key: str  # "" for the indicator itself, else the checklist item's name
    level: float
    loc: Loc
    figure: float | str  # the cumulative value, or the stage
    detail: str | float | None  # the value's unit, or the stage's 形象进度

    @property
    def subject(self) -> str:
        """What it is: 累计完成数, 阶段, 「南后街片区」的阶段."""
        if self.key:
            return f"「{self.key}」的阶段"
        return "累计完成数" if isinstance(self.figure, float | int) else "阶段"

    @property
    def shown(self) -> str:
        """The figure as written: 50个, 未启动（形象进度 70%）."""
        if isinstance(self.figure, str):
            assert not isinstance(self.detail, str)
            return fmt.stage(self.figure, self.detail)
        assert isinstance(self.detail, str)
        return amounts.amount(self.figure, self.detail)


@report_check
def check_regressions(index: ReportIndex) -> list[Problem]:
    """A cumulative value or stage lower than last month's needs a correction reason."""
    ds = index.ds
    problems: list[Problem] = []
    # (level, month, the entry, which of its figures) of the latest figure of each
    # (indicator, item): only the figures are kept, worded only for a regression found.
    last: dict[tuple[str, str], tuple[float, str, Entry, int]] = {}
    for row in index.chronological:
        month, entry = row.loaded.report.month, row.entry
        assert row.ref is not None
        for n, (key, level, _) in enumerate(_figures(ds, entry, row.ref.indicator)):
            previous = last.get((entry.id, key))
            if (
                previous is not None
                and level < previous[0]
                and previous[1] < month
                and entry.correction is None
            ):
                problems.append(_regression(ds, row, n, previous))
            if previous is None or previous[1] <= month:
                last[(entry.id, key)] = (level, month, row, n)
    return problems


def _regression(
    ds: Dataset, row: Entry, n: int, previous: tuple[float, str, Entry, int]
) -> Problem:
    _, month, before_row, before_n = previous
    now, before = _level_of(ds, row, n), _level_of(ds, before_row, before_n)
    return at(
        row.loaded.doc,
        now.loc,
        "regression",
        f"{now.subject}「{now.shown}」低于 {month} 报送的「{before.shown}」；"
        "如确需更正，请在本指标下填写 correction（更正说明）",
    )


def _level_of(ds: Dataset, row: Entry, n: int) -> Level:
    assert row.ref is not None
    return levels(ds, row.loc, row.entry, row.ref.indicator)[n]


def _figures(ds: Dataset, entry: IndicatorReport, indicator: Any) -> list[tuple[str, float, int]]:
    """The comparable figures of one entry as (key, level, checklist item's index or -1)."""
    if isinstance(indicator, Quantity) and entry.value is not None:
        return [("", entry.value, -1)]
    if (
        isinstance(indicator, StageIndicator)
        and entry.stage is not None
        and ds.ladder.knows(entry.stage)
    ):
        return [("", ds.ladder.weight(entry.stage, entry.percent), -1)]
    return [
        (item.name, ds.ladder.weight(item.stage, item.percent), k)
        for k, item in enumerate(entry.items or ())
        if ds.ladder.knows(item.stage)
    ]


def levels(ds: Dataset, loc: Loc, entry: IndicatorReport, indicator: Any) -> list[Level]:
    """The comparable figures of one entry."""
    return [_level(loc, entry, indicator, *figure) for figure in _figures(ds, entry, indicator)]


def _level(
    loc: Loc, entry: IndicatorReport, indicator: Any, key: str, level: float, k: int
) -> Level:
    if k >= 0:
        item = (entry.items or ())[k]
        return Level(key, level, (*loc, "items", k, "stage"), item.stage, item.percent)
    if isinstance(indicator, Quantity):  # the value itself is the level
        return Level("", level, (*loc, "value"), level, indicator.unit)
    assert entry.stage is not None
    return Level("", level, (*loc, "stage"), entry.stage, entry.percent)
