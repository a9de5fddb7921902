"""换一年: what of this year's list carries into the next (接续实施), judged at the plan's due date.

- A finished project is left out; an unfinished one carries over with a link back.
- 数量: the remainder (target − reached), recorded as ``carried``; a split target carries
  each area's own remainder (an area that went beyond its share carries nothing).
- 阶段: carried with its target stage, when not reached.
- 清单: its unfinished items, each with its target stage.
- 达标, 趋势, 定性 (and a quantity without a target) are not carried: the office restates them
  for the new year.
"""

from __future__ import annotations

from ..load.dataset import Dataset, plan_due
from ..models import Checklist, Quantity, StageIndicator
from ..records import frozen
from .evaluate import IndicatorResult
from .status import ProjectResult, build_status


@frozen
class CarriedIndicator:
    result: IndicatorResult
    remainder: float | None = None  # 数量
    areas: tuple[tuple[str, float, str | None], ...] = ()  # (area, remainder, reporting unit)
    items: tuple[str, ...] = ()  # 清单: the unfinished items' names


@frozen
class CarriedProject:
    result: ProjectResult
    indicators: tuple[CarriedIndicator, ...]
    restated: tuple[IndicatorResult, ...]  # unfinished, not carried: the office restates them


def carried_indicator(r: IndicatorResult) -> CarriedIndicator | None:
    """What of an unfinished indicator carries over; None when it is restated instead."""
    ind = r.indicator
    if isinstance(ind, Quantity) and ind.target is not None:
        if ind.split:
            areas = tuple(
                (s.area, max(s.target - r.state.areas.get(s.area, 0.0), 0.0), s.unit)
                for s in ind.split
            )
            return CarriedIndicator(r, sum(a for _, a, _ in areas), areas)
        return CarriedIndicator(r, max(ind.target - (r.state.value or 0.0), 0.0))
    if isinstance(ind, StageIndicator):
        return CarriedIndicator(r)
    if isinstance(ind, Checklist):
        return CarriedIndicator(r, items=tuple(i.item.name for i in r.items if not i.done))
    return None


def carry_over(ds: Dataset) -> tuple[CarriedProject, ...]:
    """Every unfinished project of ``ds`` at its plan's due date, with what it carries."""
    report = build_status(ds, plan_due(ds.plan))
    found = []
    for p in report.projects:
        open_ = [r for r in p.indicators if not r.done and not r.monitor]
        if not open_:
            continue
        carried = [c for c in (carried_indicator(r) for r in open_) if c is not None]
        restated = tuple(r for r in open_ if carried_indicator(r) is None)
        found.append(CarriedProject(p, tuple(carried), restated))
    return tuple(found)
