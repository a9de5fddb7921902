"""通报用语: each indicator's and project's category (提前完成, 超额完成, 超序时, 按序时, 滞后,
严重滞后, 未启动 …), counted with 占比, and the uncapped 完成比例 they rest on.

Precedence, first that applies: 超额完成 › 提前完成 › 已完成 › 超序时 › 按序时 › 滞后 ›
严重滞后 › 未启动. Gaps and ratios are compared as shown, to one decimal. 超序时 and 按序时
need some progress; an item with none that is not yet behind beyond the tolerance is
未启动. Past its due date and unfinished is 严重滞后. Monitor-only indicators are 持续推进
and stay out of the counts' denominators.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import field
from datetime import date
from enum import StrEnum

from ..dates import month_end
from ..load.dataset import Dataset
from ..models import Quantity, Threshold
from ..records import frozen
from . import completion as rules
from .colours import shown
from .evaluate import IndicatorResult, ItemResult, monthly
from .schedule import DONE_AT
from .state import Timeline
from .status import ProjectResult, StatusReport


class Category(StrEnum):
    EXCEEDED = "exceeded"
    EARLY = "early"
    DONE = "done"
    AHEAD = "ahead"
    ON_SCHEDULE = "on_schedule"
    BEHIND = "behind"
    FAR_BEHIND = "far_behind"
    NOT_STARTED = "not_started"
    MONITOR = "monitor"


LABELS: dict[Category, str] = {
    Category.EXCEEDED: "超额完成",
    Category.EARLY: "提前完成",
    Category.DONE: "已完成",
    Category.AHEAD: "超序时",
    Category.ON_SCHEDULE: "按序时",
    Category.BEHIND: "滞后",
    Category.FAR_BEHIND: "严重滞后",
    Category.NOT_STARTED: "未启动",
    Category.MONITOR: "持续推进",
}
COUNTED = tuple(c for c in Category if c is not Category.MONITOR)
NAMED = (Category.BEHIND, Category.FAR_BEHIND)  # bulletins name these items


@frozen
class Settings:
    """The thresholds (office.yaml ``vocabulary``; defaults when there is none)."""

    tolerance: float = 5
    ahead: float = 5
    serious: float = 10
    exceed_margin: float = 0
    names: dict[str, str] = field(default_factory=dict)

    def label(self, category: Category) -> str:
        return self.names.get(category.value, LABELS[category])


def settings(ds: Dataset) -> Settings:
    behind = ds.plan.thresholds.behind
    if ds.office is None:
        return Settings(serious=behind)
    v = ds.office.vocabulary
    return Settings(
        v.tolerance,
        v.ahead,
        behind if v.serious is None else v.serious,
        v.exceed_margin,
        {str(k): n for k, n in v.names.items()},
    )


def ratio_of(result: IndicatorResult) -> float | None:
    """完成比例 (uncapped): quantity actual ÷ target; threshold current ÷ target (≥) or
    target ÷ current (≤); None for stage, checklist, trend and qualitative indicators."""
    ind, value = result.indicator, result.state.value
    if isinstance(ind, Quantity):
        return rules.ratio(value, ind.target)
    if isinstance(ind, Threshold):
        return rules.ratio(value, ind.target, ind.comparator)
    return None


def done_on(ds: Dataset, result: IndicatorResult, timeline: Timeline) -> date | None:
    """The end of the month whose report made the indicator done (for good, so far)."""
    history = monthly(ds, result.indicator, timeline.history(result.ref.id))
    found: date | None = None
    for state, completion in history:
        if completion < DONE_AT:
            found = None
        elif found is None and state.month is not None:
            found = month_end(state.month)
    return found


def _by_gap(
    completion: float, expected: float, overdue: bool, started: bool, s: Settings
) -> Category:
    gap = shown(expected - completion)
    if overdue:
        return Category.FAR_BEHIND
    if started and -gap >= s.ahead:
        return Category.AHEAD
    if started and gap <= s.tolerance:
        return Category.ON_SCHEDULE
    if s.tolerance < gap < s.serious:
        return Category.BEHIND
    if gap >= s.serious:
        return Category.FAR_BEHIND
    return Category.NOT_STARTED


def exceeded(result: IndicatorResult, s: Settings) -> bool:
    value = ratio_of(result)
    return value is not None and shown(value) > 100 + s.exceed_margin


def indicator_category(
    ds: Dataset, result: IndicatorResult, timeline: Timeline, s: Settings
) -> Category:
    if result.monitor:
        return Category.MONITOR
    if result.done:
        if exceeded(result, s):
            return Category.EXCEEDED
        day = done_on(ds, result, timeline)
        return Category.EARLY if day is not None and day < result.due else Category.DONE
    return _by_gap(result.completion, result.expected, result.overdue, result.completion > 0, s)


def item_category(result: IndicatorResult, item: ItemResult, s: Settings) -> Category:
    """A checklist item's category, on its own completion and 序时进度 (it has no figure of its
    own to exceed, and no history of when it was done)."""
    if item.done:
        return Category.DONE
    return _by_gap(item.completion, item.expected, result.overdue, item.completion > 0, s)


def project_category(
    ds: Dataset, project: ProjectResult, timeline: Timeline, s: Settings
) -> Category:
    counted = [r for r in project.indicators if not r.monitor]
    if not counted:
        return Category.MONITOR
    if all(r.done for r in counted):
        measured = [r for r in counted if ratio_of(r) is not None]
        if measured and all(exceeded(r, s) for r in measured):
            return Category.EXCEEDED
        days = [done_on(ds, r, timeline) for r in counted]
        due = max(r.due for r in counted)
        if all(d is not None for d in days) and max(d for d in days if d is not None) < due:
            return Category.EARLY
        return Category.DONE
    overdue = any(r.overdue for r in counted)
    return _by_gap(project.completion, project.expected, overdue, project.completion > 0, s)


@frozen
class Count:
    """One category: how many, the share of those counted (占比), and which."""

    category: Category
    label: str
    count: int
    share: float
    names: tuple[str, ...]


@frozen
class Tally:
    """The categories of one level: projects (件) or indicators (项)."""

    measure: str  # 件 | 项
    total: int  # counted, monitor-only left out
    counts: tuple[Count, ...]  # every category with at least one, in precedence order
    monitor: int

    def of(self, category: Category) -> int:
        return next((c.count for c in self.counts if c.category is category), 0)


def tally(found: Iterable[tuple[Category, str]], measure: str, s: Settings) -> Tally:
    pairs = list(found)
    total = sum(c is not Category.MONITOR for c, _ in pairs)
    counts = []
    for category in COUNTED:
        names = tuple(name for c, name in pairs if c is category)
        if names:
            share = len(names) / total * 100 if total else 0.0
            counts.append(Count(category, s.label(category), len(names), share, names))
    monitor = sum(c is Category.MONITOR for c, _ in pairs)
    return Tally(measure, total, tuple(counts), monitor)


@frozen
class Categories:
    """Every project's and indicator's category at the statistics date, and their tallies."""

    settings: Settings
    projects: dict[int, Category]
    indicators: dict[str, Category]
    by_project: Tally
    by_indicator: Tally

    def label(self, category: Category) -> str:
        return self.settings.label(category)


def categories(report: StatusReport) -> Categories:
    ds, timeline = report.dataset, report.timeline
    s = settings(ds)
    projects = {p.project.id: project_category(ds, p, timeline, s) for p in report.projects}
    results: Sequence[IndicatorResult] = [r for p in report.projects for r in p.indicators]
    indicators = {r.ref.id: indicator_category(ds, r, timeline, s) for r in results}
    return Categories(
        s,
        projects,
        indicators,
        tally(((projects[p.project.id], p.project.name) for p in report.projects), "件", s),
        tally(((indicators[r.ref.id], r.indicator.name) for r in results), "项", s),
    )
