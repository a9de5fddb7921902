"""Each indicator evaluated at a date: completion, 序时进度, status, and its checklist items."""

from __future__ import annotations

from datetime import date

from ..load.dataset import Dataset, IndicatorRef, plan_start
from ..models import (
    Checklist,
    ChecklistItem,
    Indicator,
    Milestone,
    Qualitative,
    Quantity,
    StageIndicator,
    Threshold,
    Trend,
)
from ..records import frozen
from . import completion as rules
from .schedule import DONE_AT, Status, expected, status
from .state import IndicatorState, ItemState


@frozen
class ItemResult:
    """One checklist item: target stage, reached stage, completion, 序时进度, status."""

    item: ChecklistItem
    state: ItemState | None
    completion: float
    expected: float
    status: Status

    @property
    def done(self) -> bool:
        return self.completion >= DONE_AT


@frozen
class IndicatorResult:
    ref: IndicatorRef
    state: IndicatorState
    completion: float
    expected: float
    status: Status
    due: date
    overdue: bool
    basis: str | None = None
    items: tuple[ItemResult, ...] = ()

    @property
    def indicator(self) -> Indicator:
        return self.ref.indicator

    @property
    def done(self) -> bool:
        return self.completion >= DONE_AT

    @property
    def monitor(self) -> bool:
        """只监测 (持续推进): a value with no target, kept out of every completion."""
        return is_monitor(self.indicator)


def is_monitor(indicator: Indicator) -> bool:
    return isinstance(indicator, Quantity) and indicator.target is None


def completion_of(
    ds: Dataset, indicator: Indicator, state: IndicatorState
) -> tuple[float, str | None]:
    """完成率 of one indicator from its state, by kind (see the README for the rules)."""
    if isinstance(indicator, Quantity):
        return rules.quantity(state.value, indicator.target or 0.0), None
    if isinstance(indicator, Threshold):
        return rules.threshold(
            state.value, indicator.target, indicator.comparator, indicator.baseline
        ), None
    if isinstance(indicator, StageIndicator):
        return _stage_completion(ds, state.stage, state.percent, indicator.target), None
    if isinstance(indicator, Trend):
        baseline = indicator.baseline if indicator.baseline is not None else state.baseline
        return rules.trend(state.value, baseline, indicator.direction), None
    if isinstance(indicator, Qualitative):
        return rules.qualitative(
            state.review, state.self_assessment, ds.plan.thresholds.qualitative_done
        )
    items = [
        (_item_completion(ds, item, state.items.get(item.name)), item.weight)
        for item in indicator.items
    ]
    return rules.weighted_mean(items), None


def _stage_completion(
    ds: Dataset, reached: str | None, percent: float | None, target: str
) -> float:
    ladder = ds.ladder
    if not ladder.knows(target):
        return 0.0
    weight = (
        ladder.weight(reached, percent) if reached is not None and ladder.knows(reached) else None
    )
    return rules.stage(weight, ladder.weight(target))


def _item_completion(ds: Dataset, item: ChecklistItem, state: ItemState | None) -> float:
    if state is None:
        return _stage_completion(ds, None, None, item.target)
    return _stage_completion(ds, state.stage, state.percent, item.target)


def monthly(
    ds: Dataset, indicator: Indicator, states: list[IndicatorState]
) -> list[tuple[IndicatorState, float]]:
    """Each month's state (``Timeline.history``) with the completion it meant."""
    return [(state, completion_of(ds, indicator, state)[0]) for state in states]


def milestone_percent(ds: Dataset, owner: Indicator | ChecklistItem, milestone: Milestone) -> float:
    """A milestone's planned state, as the completion it stands for."""
    if milestone.percent is not None:
        return milestone.percent
    if milestone.stage is not None:
        return _stage_completion(
            ds,
            milestone.stage,
            None,
            owner.target if isinstance(owner, ChecklistItem | StageIndicator) else "",
        )
    if isinstance(owner, Quantity | Threshold | Trend):
        return completion_of(
            ds, owner, IndicatorState(value=milestone.value, baseline=milestone.value)
        )[0]
    return 0.0


def _expected(
    ds: Dataset, owner: Indicator | ChecklistItem, due: date, as_of: date, schedule: str
) -> float:
    points = [(m.by, milestone_percent(ds, owner, m)) for m in owner.milestones]
    return expected(plan_start(ds.plan), due, as_of, points, schedule)


def evaluate(ds: Dataset, ref: IndicatorRef, state: IndicatorState, as_of: date) -> IndicatorResult:
    indicator = ref.indicator
    due = ds.indicator_due(ref)
    if is_monitor(indicator):  # nothing to be behind of: shown with its value only
        return IndicatorResult(ref, state, 0.0, 0.0, Status.GREEN, due, False)
    behind = ds.plan.thresholds.behind
    schedule = indicator.schedule or ("due" if isinstance(indicator, Trend) else "linear")
    done, basis = completion_of(ds, indicator, state)
    items: tuple[ItemResult, ...] = ()
    if isinstance(indicator, Checklist):
        items = tuple(
            _evaluate_item(ds, item, state.items.get(item.name), due, as_of, schedule)
            for item in indicator.items
        )
        if any(item.milestones for item in indicator.items):
            plan = rules.weighted_mean((i.expected, i.item.weight) for i in items)
        else:
            plan = _expected(ds, indicator, due, as_of, schedule)
    else:
        plan = _expected(ds, indicator, due, as_of, schedule)
    overdue = as_of >= due and done < DONE_AT
    return IndicatorResult(
        ref, state, done, plan, status(done, plan, behind, overdue), due, overdue, basis, items
    )


def _evaluate_item(
    ds: Dataset, item: ChecklistItem, state: ItemState | None, due: date, as_of: date, schedule: str
) -> ItemResult:
    done = _item_completion(ds, item, state)
    plan = _expected(ds, item, due, as_of, schedule)
    overdue = as_of >= due and done < DONE_AT
    return ItemResult(
        item, state, done, plan, status(done, plan, ds.plan.thresholds.behind, overdue)
    )
