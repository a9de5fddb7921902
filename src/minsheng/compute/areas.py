"""分地区: targets split across areas (乡镇 / 街道 / 县区) — each area's figures per indicator,
its completion, the area ranking with ties, and the slowest areas of each indicator.

- A split quantity: the area's completion is its cumulative figure ÷ its target (capped at
  100%, like any quantity); its 完成比例 is uncapped.
- A checklist whose items name their area: the area's target is its number of items, its
  figure the number of them done, its completion the weighted mean of its items'.
- An area's overall completion is the weighted mean (indicator weights) over the split
  indicators it has a target in. Areas are ranked by it as shown (to 0.1%); equal ones share
  a rank and the next rank is skipped (1, 2, 3, 3, 5), as in the year-end assessment.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Checklist, Quantity
from ..records import frozen
from . import completion as rules
from .assess import ranking
from .evaluate import IndicatorResult
from .schedule import DONE_AT
from .status import StatusReport


@frozen
class AreaCell:
    """One area's part of one indicator."""

    area: str
    target: float
    value: float | None  # None: not reported yet
    completion: float

    @property
    def ratio(self) -> float | None:
        """完成比例, uncapped."""
        return rules.ratio(self.value, self.target) if self.target else None


@frozen
class AreaIndicator:
    """A split indicator and its areas, in registry order."""

    result: IndicatorResult
    cells: tuple[AreaCell, ...]

    @property
    def unit(self) -> str:
        indicator = self.result.indicator
        return indicator.unit if isinstance(indicator, Quantity) else "项"

    def cell(self, area: str) -> AreaCell | None:
        return next((c for c in self.cells if c.area == area), None)

    def slowest(self, count: int = 3) -> tuple[AreaCell, ...]:
        """The unfinished areas furthest behind on this indicator, slowest first (ties in
        registry order)."""
        counted = [c for c in self.cells if c.target > 0 and c.completion < DONE_AT]
        return tuple(sorted(counted, key=lambda c: round(c.completion, 1))[:count])


@frozen
class AreaRank:
    """An area's place: its completion over its split indicators, and its rank."""

    area: str
    completion: float
    indicators: int
    rank: int


@frozen
class Areas:
    """Everything split across areas in a status picture."""

    names: tuple[str, ...]  # every area, in registry order
    indicators: tuple[AreaIndicator, ...]
    ranks: tuple[AreaRank, ...]  # best first

    def first(self, count: int = 3) -> tuple[AreaRank, ...]:
        """The top ``count`` places, with everyone tied on the last of them."""
        return tuple(r for r in self.ranks if r.rank <= count)

    def last(self, count: int = 3) -> tuple[AreaRank, ...]:
        """The bottom ``count`` places, with everyone tied on the first of them."""
        if len(self.ranks) <= count:
            return self.ranks
        cut = self.ranks[-count].rank
        return tuple(r for r in self.ranks if r.rank >= cut)


def _quantity_cells(result: IndicatorResult) -> tuple[AreaCell, ...]:
    areas = result.state.areas
    return tuple(
        AreaCell(
            s.area,
            s.target,
            areas.get(s.area),
            rules.quantity(areas.get(s.area), s.target),
        )
        for s in result.indicator.split
    )


def _checklist_cells(result: IndicatorResult) -> tuple[AreaCell, ...]:
    indicator = result.indicator
    assert isinstance(indicator, Checklist)
    order = [s.area for s in indicator.split]
    order += [i.area for i in indicator.items if i.area is not None and i.area not in order]
    cells = []
    for area in order:
        mine = [i for i in result.items if i.item.area == area]
        reported = any(i.state is not None for i in mine)
        cells.append(
            AreaCell(
                area,
                float(len(mine)),
                float(sum(i.done for i in mine)) if reported else None,
                rules.weighted_mean((i.completion, i.item.weight) for i in mine),
            )
        )
    return tuple(cells)


def is_split(result: IndicatorResult) -> bool:
    """Split across areas: a quantity with a split, or a checklist whose items name areas."""
    indicator = result.indicator
    if isinstance(indicator, Checklist):
        return any(i.area is not None for i in indicator.items)
    return isinstance(indicator, Quantity) and bool(indicator.split)


def area_indicator(result: IndicatorResult) -> AreaIndicator:
    if isinstance(result.indicator, Checklist):
        return AreaIndicator(result, _checklist_cells(result))
    return AreaIndicator(result, _quantity_cells(result))


def areas_of(report: StatusReport) -> Areas | None:
    """The areas of ``report``'s split indicators; None when nothing is split."""
    found = tuple(area_indicator(r) for p in report.projects for r in p.indicators if is_split(r))
    if not found:
        return None
    named = {c.area for a in found for c in a.cells}
    registered = [u for u in report.dataset.unit_names if u in named]
    names = tuple(registered + sorted(named - set(registered)))
    return Areas(names, found, area_ranks(names, found))


def area_ranks(names: Sequence[str], found: Sequence[AreaIndicator]) -> tuple[AreaRank, ...]:
    """Areas best first by their completion over the indicators they have a target in."""
    entries = []
    for area in names:
        cells = [(a.cell(area), a.result.indicator.weight) for a in found]
        counted = [(c.completion, w) for c, w in cells if c is not None and c.target > 0]
        entries.append((area, rules.weighted_mean(counted), len(counted)))
    ranked = [e for e in entries if e[2]]
    order = ranking(ranked, lambda e: e[1], lambda e: e[1])
    return tuple(AreaRank(ranked[i][0], ranked[i][1], ranked[i][2], rank) for i, rank in order)
