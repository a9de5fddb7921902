"""Checks of the registry (projects.yaml) across its parts: ids, units, stages, dates,
milestones and the reporting rule."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...dates import month_start
from ...models import (
    Checklist,
    ChecklistItem,
    Milestone,
    Quantity,
    StageIndicator,
    Threshold,
    Trend,
)
from ...problems import Problem
from ..dataset import Dataset, plan_due, plan_start
from ..document import Document
from .common import Loc, at, unknown_stage


def check_unique_ids(ds: Dataset) -> list[Problem]:
    """Unit names, project ids, indicator ids and checklist item names are unique."""
    problems: list[Problem] = []
    doc = ds.doc
    seen_units: set[str] = set()
    for i, unit in enumerate(ds.registry.units):
        if unit.name in seen_units:
            problems.append(
                at(doc, ("units", i, "name"), "duplicate-id", f"责任单位「{unit.name}」重复登记")
            )
        seen_units.add(unit.name)
    seen_projects: set[int] = set()
    seen_indicators: set[str] = set()
    for p, project in enumerate(ds.registry.projects):
        if project.id in seen_projects:
            problems.append(
                at(doc, ("projects", p, "id"), "duplicate-id", f"项目序号 {project.id} 重复")
            )
        seen_projects.add(project.id)
        for i, indicator in enumerate(project.indicators):
            loc: Loc = ("projects", p, "indicators", i)
            if indicator.id in seen_indicators:
                problems.append(
                    at(doc, (*loc, "id"), "duplicate-id", f"指标编号「{indicator.id}」重复")
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
                at(
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
        at(
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
                at(
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
                    at(doc, ("plan", "stages", s), "duplicate-id", f"阶段名称「{name}」重复")
                )
            names.add(name)
        if s and stage.weight <= ds.plan.stages[s - 1].weight:
            problems.append(
                at(doc, ("plan", "stages", s, "weight"), "invalid-value", "阶段权重必须逐级递增")
            )
    for p, project in enumerate(ds.registry.projects):
        for i, indicator in enumerate(project.indicators):
            loc: Loc = ("projects", p, "indicators", i)
            if isinstance(indicator, StageIndicator) and not ladder.knows(indicator.target):
                problems.append(unknown_stage(ds, (*loc, "target"), indicator.target))
            for k, item in enumerate(getattr(indicator, "items", ())):
                if not ladder.knows(item.target):
                    problems.append(unknown_stage(ds, (*loc, "items", k, "target"), item.target))
    return problems


def check_dates(ds: Dataset) -> list[Problem]:
    """Plan dates are in order; due dates and report months fall within the plan."""
    problems: list[Problem] = []
    plan, doc = ds.plan, ds.doc
    start, due = plan_start(plan), plan_due(plan)
    if start >= due:
        problems.append(at(doc, ("plan", "due"), "invalid-date", "计划截止日期必须晚于开始日期"))
    months = plan.reporting
    if months.last_month is not None and months.last_month < months.first_month:
        problems.append(
            at(
                doc,
                ("plan", "reporting", "last_month"),
                "invalid-date",
                "最后报送月份早于首个报送月份",
            )
        )
    if month_start(months.first_month) < start.replace(day=1):
        problems.append(
            at(
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
    return [at(doc, loc, "invalid-date", f"完成时限 {day} 不在计划期 {start} 至 {due} 之内")]


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
                at(
                    ds.doc,
                    (*mloc, "by"),
                    "invalid-date",
                    f"节点日期 {milestone.by} 不在 {start} 至完成时限 {due} 之内",
                )
            )
        if previous is not None and milestone.by <= previous:
            problems.append(
                at(ds.doc, (*mloc, "by"), "invalid-date", "节点日期必须按先后顺序排列，且不能重复")
            )
        previous = milestone.by
        if milestone.stage is not None and not takes_stage:
            problems.append(
                at(
                    ds.doc,
                    (*mloc, "stage"),
                    "kind-mismatch",
                    "只有阶段类指标或清单项的节点可以写 stage",
                )
            )
        elif milestone.stage is not None and not ds.ladder.knows(milestone.stage):
            problems.append(unknown_stage(ds, (*mloc, "stage"), milestone.stage))
        if milestone.value is not None and not takes_value:
            problems.append(
                at(
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
        at(
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
                    at(ds.doc, (*loc, k), "duplicate-id", f"「{unit}」的报送要求写了不止一次")
                )
            ruled.add(unit)
    for n, stream in enumerate(reporting.streams):
        loc = ("plan", "reporting", "streams", n, "units")
        problems += _units_known(ds.doc, loc, stream.units, known)
    return problems
