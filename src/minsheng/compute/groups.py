"""按层级、按类别: the whole plan's summaries for each level (省级 / 市级 / 县级) and each
category of the list — 件 and 项, completion, 序时进度, 开工率, the status vocabulary and money.

A level's or category's picture is the status picture narrowed to its projects
(:func:`narrowed`); every summary is then the same function the whole plan uses, run on it.
A project of two levels counts in each; the whole plan counts it once.
"""

from __future__ import annotations

from collections.abc import Callable

from ..load.dataset import item_count
from ..models import Checklist, Project, StageIndicator
from ..models.dimensions import Declared
from ..records import frozen
from .money import MoneySummary, moneys, summary
from .schedule import Status
from .status import StatusReport, replace_report
from .vocabulary import Categories, categories

ON_SCHEDULE = (Status.DONE, Status.BLUE, Status.GREEN)  # 达到时间进度要求


def narrowed(report: StatusReport, keep: Callable[[Project], bool]) -> StatusReport:
    """The picture of the projects ``keep`` selects, their units and those units' reports."""
    projects = tuple(p for p in report.projects if keep(p.project))
    names = {u for p in projects for u in p.project.units}
    units = tuple(u for u in report.units if u.name in names)
    records = tuple(r for r in report.records if r.unit in names)
    return replace_report(report, projects, units, records)


def for_level(report: StatusReport, name: str) -> StatusReport:
    return narrowed(report, lambda p: name in p.level)


def for_category(report: StatusReport, name: str) -> StatusReport:
    return narrowed(report, lambda p: p.category == name)


def facilities(report: StatusReport) -> tuple[int, int]:
    """(facilities, started): every stage indicator and checklist item, and how many began
    (开工率 = started ÷ facilities)."""
    ladder = report.dataset.ladder
    total = started = 0
    for project in report.projects:
        for result in project.indicators:
            stages = [i.state.stage if i.state else None for i in result.items]
            if isinstance(result.indicator, StageIndicator):
                stages.append(result.state.stage)
            total += len(stages)
            started += sum(ladder.started(s) for s in stages)
    return total, started


@frozen
class Measures:
    """件 and 项: projects and items (indicators, or 子项 when the plan counts checklist items),
    how many of each meet their schedule (达到时间进度要求), and what a document declared."""

    projects: int
    items: int
    projects_on_schedule: int
    items_on_schedule: int
    subitems: bool  # 项 counts checklist items (子项) instead of checklists
    declared: Declared | None = None

    @property
    def declared_mismatch(self) -> bool:
        d = self.declared
        return d is not None and (
            (d.projects is not None and d.projects != self.projects)
            or (d.items is not None and d.items != self.items)
        )


def measures(report: StatusReport, declared: Declared | None = None) -> Measures:
    ds = report.dataset
    subitems = ds.plan.count_items == "subitems"
    statuses: list[Status] = []
    for p in report.projects:
        for r in p.indicators:
            if subitems and isinstance(r.indicator, Checklist):
                statuses += [i.status for i in r.items]
            else:
                statuses.append(r.status)
    projects = [p.project for p in report.projects]
    return Measures(
        len(projects),
        item_count(ds, projects),
        sum(p.status in ON_SCHEDULE for p in report.projects),
        sum(s in ON_SCHEDULE for s in statuses),
        subitems,
        declared,
    )


@frozen
class Group:
    """One level or category: its narrowed picture and every summary of it."""

    kind: str  # level | category
    name: str
    title: str | None
    source: str | None
    report: StatusReport
    measures: Measures
    facilities: int
    started: int
    categories: Categories
    money: MoneySummary | None

    @property
    def start_rate(self) -> float | None:
        """开工率."""
        return self.started / self.facilities * 100 if self.facilities else None


def group_of(
    report: StatusReport,
    kind: str,
    name: str,
    declared: Declared | None,
    title: str | None = None,
    source: str | None = None,
) -> Group:
    narrow = for_level(report, name) if kind == "level" else for_category(report, name)
    total, started = facilities(narrow)
    ds = report.dataset
    found = moneys(ds, (p.project for p in narrow.projects), narrow.timeline)
    return Group(
        kind,
        name,
        title,
        source,
        narrow,
        measures(narrow, declared),
        total,
        started,
        categories(narrow),
        summary(found),
    )


def by_level(report: StatusReport) -> tuple[Group, ...]:
    """Every declared level, in the plan's order (empty when the plan has none)."""
    return tuple(
        group_of(report, "level", x.name, x.declared, x.title, x.source)
        for x in report.dataset.plan.levels
    )


def by_category(report: StatusReport) -> tuple[Group, ...]:
    """Every declared category, in the plan's order (empty when the plan has none)."""
    return tuple(
        group_of(report, "category", x.name, x.declared) for x in report.dataset.plan.categories
    )


def uses_groups(report: StatusReport) -> bool:
    """Whether the plan declares levels, categories, counts or 子项 (so outputs count 件 and 项)."""
    plan = report.dataset.plan
    return bool(plan.levels or plan.categories or plan.declared or plan.count_items == "subitems")
