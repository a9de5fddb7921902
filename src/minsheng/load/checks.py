"""Cross-file checks: each is a small function ``check_x(dataset) -> problems``."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from ..dates import PeriodKind, month_start
from ..models import (
    Checklist,
    ChecklistItem,
    Milestone,
    Quantity,
    Stage,
    StageIndicator,
    Threshold,
    Trend,
)
from ..models.progress import IndicatorReport
from ..problems import Problem, error, warning
from ..text import amounts, fmt
from ..text.fmt import same_looking
from .dataset import Dataset, LoadedReport, plan_due, plan_start, report_months
from .office import check_acceptance_dates
from .yamlread import Document

Check = Callable[[Dataset], list[Problem]]
DatedCheck = Callable[[Dataset, date], list[Problem]]
Loc = tuple[str | int, ...]


def _at(doc: Document, loc: Loc, code: str, message: str, *, key: bool = False) -> Problem:
    line, col = doc.locate(loc, key=key)
    return error(doc.path, line, col, code, message)


def _warn(doc: Document, loc: Loc, code: str, message: str) -> Problem:
    line, col = doc.locate(loc)
    return warning(doc.path, line, col, code, message)


# ---- registry -------------------------------------------------------------------------


def check_unique_ids(ds: Dataset) -> list[Problem]:
    """Unit names, project ids, indicator ids and checklist item names are unique."""
    problems: list[Problem] = []
    doc = ds.doc
    seen_units: set[str] = set()
    for i, unit in enumerate(ds.registry.units):
        if unit.name in seen_units:
            problems.append(
                _at(doc, ("units", i, "name"), "duplicate-id", f"责任单位「{unit.name}」重复登记")
            )
        seen_units.add(unit.name)
    seen_projects: set[int] = set()
    seen_indicators: set[str] = set()
    for p, project in enumerate(ds.registry.projects):
        if project.id in seen_projects:
            problems.append(
                _at(doc, ("projects", p, "id"), "duplicate-id", f"项目序号 {project.id} 重复")
            )
        seen_projects.add(project.id)
        for i, indicator in enumerate(project.indicators):
            loc: Loc = ("projects", p, "indicators", i)
            if indicator.id in seen_indicators:
                problems.append(
                    _at(doc, (*loc, "id"), "duplicate-id", f"指标编号「{indicator.id}」重复")
                )
            seen_indicators.add(indicator.id)
            if isinstance(indicator, Checklist):
                problems += _unique_items(doc, loc, indicator)
    return problems


def _unique_items(doc: Document, loc: Loc, indicator: Checklist) -> list[Problem]:
    problems = []
    names: set[str] = set()
    for k, item in enumerate(indicator.items):
        if item.name in names:
            problems.append(
                _at(
                    doc,
                    (*loc, "items", k, "name"),
                    "duplicate-id",
                    f"指标 {indicator.id} 的清单项「{item.name}」重复",
                )
            )
        names.add(item.name)
    return problems


def check_unit_references(ds: Dataset) -> list[Problem]:
    """Every unit a project, indicator or item names is registered, and belongs to the project."""
    problems: list[Problem] = []
    known = set(ds.unit_names)
    for p, project in enumerate(ds.registry.projects):
        ploc: Loc = ("projects", p)
        problems += _units_known(ds.doc, (*ploc, "units"), project.units, known)
        for i, indicator in enumerate(project.indicators):
            iloc: Loc = (*ploc, "indicators", i)
            problems += _units_within(
                ds.doc, (*iloc, "units"), indicator.units, project.units, known
            )
            owners = indicator.units or project.units
            for k, item in enumerate(getattr(indicator, "items", ())):
                problems += _units_within(
                    ds.doc, (*iloc, "items", k, "units"), item.units, owners, known
                )
    return problems


def _units_known(doc: Document, loc: Loc, units: tuple[str, ...], known: set[str]) -> list[Problem]:
    return [
        _at(
            doc,
            (*loc, n),
            "unknown-unit",
            f"责任单位「{u}」没有在 units 中登记；请先在 units 中添加，或检查名称是否写错",
        )
        for n, u in enumerate(units)
        if u not in known
    ]


def _units_within(
    doc: Document, loc: Loc, units: tuple[str, ...], allowed: tuple[str, ...], known: set[str]
) -> list[Problem]:
    problems = _units_known(doc, loc, units, known)
    for n, unit in enumerate(units):
        if unit in known and unit not in allowed:
            problems.append(
                _at(
                    doc,
                    (*loc, n),
                    "unknown-unit",
                    f"「{unit}」不是上级项目/指标的责任单位（{'、'.join(allowed)}）",
                )
            )
    return problems


def check_stages(ds: Dataset) -> list[Problem]:
    """The stage ladder rises, and every stage named in the registry is on it."""
    problems: list[Problem] = []
    doc, ladder = ds.doc, ds.ladder
    names: set[str] = set()
    for s, stage in enumerate(ds.plan.stages):
        for name in (stage.name, *stage.aliases):
            if name in names:
                problems.append(
                    _at(doc, ("plan", "stages", s), "duplicate-id", f"阶段名称「{name}」重复")
                )
            names.add(name)
        if s and stage.weight <= ds.plan.stages[s - 1].weight:
            problems.append(
                _at(doc, ("plan", "stages", s, "weight"), "invalid-value", "阶段权重必须逐级递增")
            )
    for p, project in enumerate(ds.registry.projects):
        for i, indicator in enumerate(project.indicators):
            loc: Loc = ("projects", p, "indicators", i)
            if isinstance(indicator, StageIndicator) and not ladder.knows(indicator.target):
                problems.append(_unknown_stage(ds, (*loc, "target"), indicator.target))
            for k, item in enumerate(getattr(indicator, "items", ())):
                if not ladder.knows(item.target):
                    problems.append(_unknown_stage(ds, (*loc, "items", k, "target"), item.target))
    return problems


def _unknown_stage(ds: Dataset, loc: Loc, name: str, doc: Document | None = None) -> Problem:
    # No guess at the word meant: similar characters are no guide (竣工 is not 开工).
    return _at(
        doc or ds.doc,
        loc,
        "unknown-stage",
        f"阶段「{name}」不在阶段表中；可写：{stage_words(ds.plan.stages)}",
    )


def stage_words(stages: tuple[Stage, ...]) -> str:
    """The accepted stage words: "未启动、已启动（也可写 启动、开工）、建成（也可写 完成）"."""
    return "、".join(
        stage.name + (f"（也可写 {'、'.join(stage.aliases)}）" if stage.aliases else "")
        for stage in stages
    )


def check_dates(ds: Dataset) -> list[Problem]:
    """Plan dates are in order; due dates and report months fall within the plan."""
    problems: list[Problem] = []
    plan, doc = ds.plan, ds.doc
    start, due = plan_start(plan), plan_due(plan)
    if start >= due:
        problems.append(_at(doc, ("plan", "due"), "invalid-date", "计划截止日期必须晚于开始日期"))
    months = plan.reporting
    if months.last_month is not None and months.last_month < months.first_month:
        problems.append(
            _at(
                doc,
                ("plan", "reporting", "last_month"),
                "invalid-date",
                "最后报送月份早于首个报送月份",
            )
        )
    if month_start(months.first_month) < start.replace(day=1):
        problems.append(
            _at(
                doc,
                ("plan", "reporting", "first_month"),
                "invalid-date",
                "首个报送月份早于计划开始日期",
            )
        )
    for p, project in enumerate(ds.registry.projects):
        problems += _due_within(doc, ("projects", p, "due"), project.due, start, due)
        for i, indicator in enumerate(project.indicators):
            problems += _due_within(
                doc, ("projects", p, "indicators", i, "due"), indicator.due, start, due
            )
    return problems


def _due_within(doc: Document, loc: Loc, day: date | None, start: date, due: date) -> list[Problem]:
    if day is None or start <= day <= due:
        return []
    return [_at(doc, loc, "invalid-date", f"完成时限 {day} 不在计划期 {start} 至 {due} 之内")]


def check_milestones(ds: Dataset) -> list[Problem]:
    """Milestones fit their indicator's kind, lie within the plan and run in date order."""
    problems: list[Problem] = []
    for ref in ds.indicators.values():
        loc: Loc = ("projects", ref.project_index, "indicators", ref.index)
        due = ds.indicator_due(ref)
        problems += _milestone_list(ds, loc, ref.indicator.milestones, ref.indicator, due)
        for k, item in enumerate(getattr(ref.indicator, "items", ())):
            problems += _milestone_list(ds, (*loc, "items", k), item.milestones, item, due)
    return problems


def _milestone_list(
    ds: Dataset, loc: Loc, milestones: tuple[Milestone, ...], owner: Any, due: date
) -> list[Problem]:
    problems: list[Problem] = []
    previous: date | None = None
    start = plan_start(ds.plan)
    takes_stage = isinstance(owner, StageIndicator | ChecklistItem)
    takes_value = isinstance(owner, Quantity | Threshold | Trend)
    for m, milestone in enumerate(milestones):
        mloc: Loc = (*loc, "milestones", m)
        if not start <= milestone.by <= due:
            problems.append(
                _at(
                    ds.doc,
                    (*mloc, "by"),
                    "invalid-date",
                    f"节点日期 {milestone.by} 不在 {start} 至完成时限 {due} 之内",
                )
            )
        if previous is not None and milestone.by <= previous:
            problems.append(
                _at(ds.doc, (*mloc, "by"), "invalid-date", "节点日期必须按先后顺序排列，且不能重复")
            )
        previous = milestone.by
        if milestone.stage is not None and not takes_stage:
            problems.append(
                _at(
                    ds.doc,
                    (*mloc, "stage"),
                    "kind-mismatch",
                    "只有阶段类指标或清单项的节点可以写 stage",
                )
            )
        elif milestone.stage is not None and not ds.ladder.knows(milestone.stage):
            problems.append(_unknown_stage(ds, (*mloc, "stage"), milestone.stage))
        if milestone.value is not None and not takes_value:
            problems.append(
                _at(
                    ds.doc,
                    (*mloc, "value"),
                    "kind-mismatch",
                    "只有数量、达标、趋势类指标的节点可以写 value",
                )
            )
    return problems


def check_monitor_only(ds: Dataset) -> list[Problem]:
    """An indicator without a target (只监测) has no milestones to be judged against."""
    return [
        _at(
            ds.doc,
            ("projects", ref.project_index, "indicators", ref.index, "milestones"),
            "kind-mismatch",
            f"指标「{ref.id}」没有目标数（只监测、持续推进），不能写节点；如有目标请写 target",
        )
        for ref in ds.indicators.values()
        if isinstance(ref.indicator, Quantity)
        and ref.indicator.target is None
        and ref.indicator.milestones
    ]


def check_reporting(ds: Dataset) -> list[Problem]:
    """Units named by a reporting stream or a unit's own rule are registered, each rule once."""
    problems: list[Problem] = []
    known = set(ds.unit_names)
    reporting = ds.plan.reporting
    ruled: set[str] = set()
    for n, override in enumerate(reporting.overrides):
        loc: Loc = ("plan", "reporting", "overrides", n, "units")
        problems += _units_known(ds.doc, loc, override.units, known)
        for k, unit in enumerate(override.units):
            if unit in ruled:
                problems.append(
                    _at(ds.doc, (*loc, k), "duplicate-id", f"「{unit}」的报送要求写了不止一次")
                )
            ruled.add(unit)
    for n, stream in enumerate(reporting.streams):
        loc = ("plan", "reporting", "streams", n, "units")
        problems += _units_known(ds.doc, loc, stream.units, known)
    return problems


# ---- progress reports -----------------------------------------------------------------


def check_report_location(ds: Dataset) -> list[Problem]:
    """A report lives at progress/<month>/<unit>.yaml and names that unit and month."""
    problems: list[Problem] = []
    for loaded in ds.reports:
        report, doc = loaded.report, loaded.doc
        path = PurePath(doc.path)
        # A unit the registry does not know is told once, by check_report_unit.
        if path.stem != report.unit and report.unit in ds.unit_names:
            problems.append(
                _at(
                    doc,
                    ("unit",),
                    "wrong-location",
                    f"文件名「{path.name}」与单位「{report.unit}」不一致：文件应命名为「{report.unit}.yaml」",
                )
            )
        if path.parent.name != report.month:
            problems.append(
                _at(
                    doc,
                    ("month",),
                    "wrong-location",
                    f"文件所在文件夹「{path.parent.name}」与月份「{report.month}」不一致：应放在 progress/{report.month}/ 下",
                )
            )
    return problems


def check_report_unit(ds: Dataset) -> list[Problem]:
    """The reporting unit is registered and responsible for something."""
    problems: list[Problem] = []
    responsible = set(ds.responsible_units)
    for loaded in ds.reports:
        unit = loaded.report.unit
        if unit not in ds.unit_names:
            meant = meant_unit(ds, unit, PurePath(loaded.doc.path).stem)
            hint = f"；是否想写「{meant}」？unit 要写登记表 units 中的名称" if meant else ""
            problems.append(
                _at(
                    loaded.doc,
                    ("unit",),
                    "unknown-unit",
                    f"单位「{unit}」没有在 projects.yaml 中登记{same_looking(unit, ds.unit_names) or hint}",
                )
            )
        elif unit not in responsible:
            problems.append(
                _at(loaded.doc, ("unit",), "unknown-unit", f"单位「{unit}」不是任何项目的责任单位")
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


def check_report_dates(ds: Dataset, as_of: date) -> list[Problem]:
    """The month is a reporting month; the submission date is not before it nor after as_of."""
    problems: list[Problem] = []
    months = set(report_months(ds.plan))
    for loaded in ds.reports:
        report, doc = loaded.report, loaded.doc
        if report.month not in months:
            problems.append(
                _warn(doc, ("month",), "outside-plan", f"月份 {report.month} 不在计划的报送期内")
            )
        start = ds.schedule.period_start(report.unit, report.month)
        if report.submitted < start:
            what = (
                f"报告月份 {report.month} "
                if start == month_start(report.month)
                else f"报送期（{start} 起）"
            )
            problems.append(
                _at(
                    doc,
                    ("submitted",),
                    "invalid-date",
                    f"报送日期 {report.submitted} 早于{what}的开始，请检查日期",
                )
            )
        elif report.submitted > as_of:
            problems.append(
                _at(
                    doc,
                    ("submitted",),
                    "invalid-date",
                    f"报送日期 {report.submitted} 晚于统计日期 {as_of}，请检查日期",
                )
            )
    return problems


def check_report_periods(ds: Dataset) -> list[Problem]:
    """A report is for a period its unit owes under the registry's reporting rule."""
    problems: list[Problem] = []
    window = set(report_months(ds.plan))
    responsible = set(ds.responsible_units)
    for loaded in ds.reports:
        report = loaded.report
        if report.month not in window or report.unit not in responsible:
            continue  # told by check_report_dates and check_report_unit
        if ds.schedule.find(report.unit, report.month) is None:
            months = ds.schedule.months(report.unit)
            problems.append(
                _at(
                    loaded.doc,
                    ("month",),
                    "not-owed",
                    f"「{report.unit}」的报送要求是「{ds.schedule.rule_text(report.unit)}」，"
                    f"{report.month} 不是它的报送期；报告放在报送期最后一个月的文件夹"
                    f"（应报：{'、'.join(months) or '无'}）",
                )
            )
    return problems


def check_report_arrival(ds: Dataset, as_of: date) -> list[Problem]:
    """A report submitted after its due date is late: said once, where the date is written
    (a date after ``as_of`` is an error of :func:`check_report_dates` instead)."""
    problems: list[Problem] = []
    months = set(report_months(ds.plan))
    for loaded in ds.reports:
        report, doc = loaded.report, loaded.doc
        if report.month not in months or report.submitted > as_of:
            continue
        owed = ds.schedule.find(report.unit, report.month)
        if owed is None:
            continue  # not owed: told by check_report_periods
        due, brief = owed.due, "月报" if owed.period.kind is PeriodKind.MONTH else "季报"
        if report.submitted > due:
            problems.append(
                _warn(
                    doc,
                    ("submitted",),
                    "late-report",
                    f"报送日期 {report.submitted} 晚于 {report.month} {brief}的截止日期 {due}，"
                    f"计为逾期报送（逾期{(report.submitted - due).days}天）；如日期填错，请改为实际报送日期",
                )
            )
    return problems


def check_report_references(ds: Dataset) -> list[Problem]:
    """Projects and indicators a report names exist, are the unit's, and appear once."""
    problems: list[Problem] = []
    for loaded in ds.reports:
        report, doc = loaded.report, loaded.doc
        if report.unit not in ds.unit_names:
            continue  # told once by check_report_unit; every entry would repeat it
        seen_projects: set[int] = set()
        seen_indicators: set[str] = set()
        for p, entry in enumerate(report.projects):
            ploc: Loc = ("projects", p)
            project = ds.projects.get(entry.id)
            if entry.id in seen_projects:
                problems.append(
                    _at(
                        doc,
                        (*ploc, "id"),
                        "duplicate-id",
                        f"项目 {entry.id} 在本报告中出现了两次；请合并为一项",
                    )
                )
            seen_projects.add(entry.id)
            if project is None:
                problems.append(
                    _at(doc, (*ploc, "id"), "unknown-project", f"没有序号为 {entry.id} 的项目")
                )
                continue
            if report.unit not in project.units:
                problems.append(
                    _at(
                        doc,
                        (*ploc, "id"),
                        "not-responsible",
                        f"「{report.unit}」不是项目 {entry.id}（{project.name}）的责任单位",
                    )
                )
            for i, ind in enumerate(entry.indicators):
                iloc: Loc = (*ploc, "indicators", i, "id")
                problems += _indicator_reference(
                    ds, doc, iloc, report.unit, entry.id, ind.id, seen_indicators
                )
    return problems


def _indicator_reference(
    ds: Dataset,
    doc: Document,
    loc: Loc,
    unit: str,
    project_id: int,
    indicator_id: str,
    seen: set[str],
) -> list[Problem]:
    if indicator_id in seen:
        return [
            _at(doc, loc, "duplicate-id", f"指标 {indicator_id} 在本报告中出现了两次；请合并为一项")
        ]
    seen.add(indicator_id)
    ref = ds.indicators.get(indicator_id)
    if ref is None:
        return [_at(doc, loc, "unknown-indicator", f"没有编号为「{indicator_id}」的指标")]
    if ref.project.id != project_id:
        return [
            _at(
                doc,
                loc,
                "unknown-indicator",
                f"指标「{indicator_id}」属于项目 {ref.project.id}，不属于项目 {project_id}；请移到对应项目下",
            )
        ]
    if unit not in ref.owners:
        return [
            _at(
                doc,
                loc,
                "not-responsible",
                f"指标「{indicator_id}」（{ref.indicator.name}）由{'、'.join(ref.owners)}填报，不由「{unit}」填报",
            )
        ]
    return []


def _indicator_entries(loaded: LoadedReport) -> Iterator[tuple[Loc, IndicatorReport]]:
    for p, entry in enumerate(loaded.report.projects):
        for i, ind in enumerate(entry.indicators):
            yield ("projects", p, "indicators", i), ind


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
_KIND_NAMES = {
    "quantity": "数量",
    "threshold": "达标",
    "trend": "趋势",
    "stage": "阶段",
    "checklist": "清单",
    "qualitative": "定性",
}
_VALUE_FIELDS = ("value", "baseline", "stage", "percent", "items", "self_assessment", "review")


def check_report_values(ds: Dataset) -> list[Problem]:
    """Values fit the indicator's kind: known stages and items, numbers in range."""
    problems: list[Problem] = []
    for loaded in ds.reports:
        for loc, entry in _indicator_entries(loaded):
            ref = ds.indicators.get(entry.id)
            if ref is not None:
                problems += _entry_fits(ds, loaded.doc, loc, entry, ref.indicator)
    return problems


def _entry_fits(
    ds: Dataset, doc: Document, loc: Loc, entry: IndicatorReport, indicator: Any
) -> list[Problem]:
    kind = indicator.kind
    allowed = _FIELDS_BY_KIND[kind]
    problems = [
        _at(
            doc,
            (*loc, name),
            "kind-mismatch",
            f"指标「{entry.id}」是{_KIND_NAMES[kind]}类指标，不能填 {name}；应填：{'、'.join(sorted(allowed))}",
        )
        for name in _VALUE_FIELDS
        if getattr(entry, name) is not None and name not in allowed
    ]
    required = _REQUIRED_BY_KIND.get(kind)
    # An area split's figures stand in for the total (load/dimensions.py checks them).
    given = getattr(entry, required[0]) is not None if required else True
    if required and not given and entry.correction is None and entry.areas is None:
        problems.append(
            _warn(doc, loc, "no-value", f"指标「{entry.id}」没有填{required[1]}，沿用上月数据")
        )
    if (
        isinstance(indicator, Threshold | Trend)
        and entry.value is not None
        and indicator.unit == "%"
        and entry.value > 100
    ):
        problems.append(
            _at(
                doc,
                (*loc, "value"),
                "out-of-range",
                f"百分比 {fmt.number(entry.value, 6)} 不能大于 100",
            )
        )
    if entry.stage is not None and not ds.ladder.knows(entry.stage):
        problems.append(_unknown_stage(ds, (*loc, "stage"), entry.stage, doc))
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
                _at(
                    doc,
                    (*kloc, "name"),
                    "unknown-item",
                    f"指标「{entry.id}」没有清单项「{item.name}」；应为：{'、'.join(sorted(names))}",
                )
            )
        elif item.name in seen:
            problems.append(
                _at(doc, (*kloc, "name"), "duplicate-id", f"清单项「{item.name}」重复填报")
            )
        seen.add(item.name)
        if not ds.ladder.knows(item.stage):
            problems.append(_unknown_stage(ds, (*kloc, "stage"), item.stage, doc))
    return problems


def check_report_forecasts(ds: Dataset) -> list[Problem]:
    """A forecast fits its indicator: a value for quantities and thresholds, a stage for stages."""
    problems: list[Problem] = []
    for loaded in ds.reports:
        for loc, entry in _indicator_entries(loaded):
            ref, forecast = ds.indicators.get(entry.id), entry.forecast
            if ref is None or forecast is None:
                continue
            kind, floc = ref.indicator.kind, (*loc, "forecast")
            if forecast.value is not None and kind not in ("quantity", "threshold"):
                problems.append(
                    _at(
                        loaded.doc,
                        (*floc, "value"),
                        "kind-mismatch",
                        f"指标「{entry.id}」是{_KIND_NAMES[kind]}类指标；只有数量、达标类的预计可以写 value",
                    )
                )
            if forecast.stage is not None and kind != "stage":
                problems.append(
                    _at(
                        loaded.doc,
                        (*floc, "stage"),
                        "kind-mismatch",
                        f"指标「{entry.id}」是{_KIND_NAMES[kind]}类指标；只有阶段类的预计可以写 stage",
                    )
                )
            elif forecast.stage is not None and not ds.ladder.knows(forecast.stage):
                problems.append(_unknown_stage(ds, (*floc, "stage"), forecast.stage, loaded.doc))
    return problems


@dataclass(frozen=True, slots=True)
class _Level:
    """One comparable figure of a report entry: a cumulative value or a stage reached."""

    key: str  # "" for the indicator itself, else the checklist item's name
    level: float
    loc: Loc
    subject: str  # what it is: 累计完成数, 阶段, 「南后街片区」的阶段
    shown: str  # the figure as written: 50个, 未启动（形象进度 70%）


def check_regressions(ds: Dataset) -> list[Problem]:
    """A cumulative value or stage lower than last month's needs a correction reason."""
    problems: list[Problem] = []
    last: dict[tuple[str, str], tuple[_Level, str]] = {}
    ordered = sorted(ds.reports, key=lambda r: (r.report.month, r.report.unit))
    for loaded in ordered:
        month = loaded.report.month
        for loc, entry in _indicator_entries(loaded):
            ref = ds.indicators.get(entry.id)
            if ref is None:
                continue
            for now in _levels(ds, loc, entry, ref.indicator):
                previous = last.get((entry.id, now.key))
                if (
                    previous is not None
                    and now.level < previous[0].level
                    and previous[1] < month
                    and entry.correction is None
                ):
                    problems.append(_regression(loaded.doc, now, *previous))
                if previous is None or previous[1] <= month:
                    last[(entry.id, now.key)] = (now, month)
    return problems


def _regression(doc: Document, now: _Level, before: _Level, month: str) -> Problem:
    return _at(
        doc,
        now.loc,
        "regression",
        f"{now.subject}「{now.shown}」低于 {month} 报送的「{before.shown}」；"
        "如确需更正，请在本指标下填写 correction（更正说明）",
    )


def _levels(ds: Dataset, loc: Loc, entry: IndicatorReport, indicator: Any) -> list[_Level]:
    """The comparable figures of one entry."""
    if isinstance(indicator, Quantity) and entry.value is not None:
        shown = amounts.amount(entry.value, indicator.unit)
        return [_Level("", entry.value, (*loc, "value"), "累计完成数", shown)]
    if (
        isinstance(indicator, StageIndicator)
        and entry.stage is not None
        and ds.ladder.knows(entry.stage)
    ):
        level = ds.ladder.weight(entry.stage, entry.percent)
        shown = fmt.stage(entry.stage, entry.percent)
        return [_Level("", level, (*loc, "stage"), "阶段", shown)]
    return [
        _Level(
            item.name,
            ds.ladder.weight(item.stage, item.percent),
            (*loc, "items", k, "stage"),
            f"「{item.name}」的阶段",
            fmt.stage(item.stage, item.percent),
        )
        for k, item in enumerate(entry.items or ())
        if ds.ladder.knows(item.stage)
    ]


REGISTRY_CHECKS: tuple[Check, ...] = (
    check_unique_ids,
    check_unit_references,
    check_stages,
    check_dates,
    check_milestones,
    check_monitor_only,
    check_reporting,
)
REPORT_CHECKS: tuple[Check, ...] = (
    check_report_location,
    check_report_unit,
    check_report_periods,
    check_report_references,
    check_report_values,
    check_report_forecasts,
    check_regressions,
)
# Checks whose answer depends on the as-of date: run on every load, never cached.
DATED_CHECKS: tuple[DatedCheck, ...] = (
    check_report_dates,
    check_acceptance_dates,
    check_report_arrival,
)


def run_checks(ds: Dataset, checks: tuple[Check, ...]) -> list[Problem]:
    problems: list[Problem] = []
    for check in checks:
        problems += check(ds)
    return problems


def run_dated_checks(
    ds: Dataset, as_of: date, checks: tuple[DatedCheck, ...] = DATED_CHECKS
) -> list[Problem]:
    problems: list[Problem] = []
    for check in checks:
        problems += check(ds, as_of)
    return problems
