"""跨年度: multi-year totals and projects continued from earlier years (接续实施).

The earlier years' data folders are named on the command line (``--previous DIR``); each
earlier year counts with its figures at its own plan's due date. A registry refers to an
earlier year's project by year and 序号 only (``continues: {year, id}``); an indicator names
its earlier self with ``previous_id`` (else the same id). Each year's figures are that year's
cumulative (年初至今) values, so the years add up:

    累计完成 = Σ earlier years' year-end figures + this year's figure
    占总计划 = 累计完成 ÷ 总计划数 (the indicator's ``total``), uncapped
"""

from __future__ import annotations

from collections.abc import Mapping

from ..load.dataset import Dataset, plan_due
from ..models import Quantity
from ..records import frozen
from . import completion as rules
from .evaluate import IndicatorResult
from .status import ProjectResult, StatusReport, build_status


@frozen
class YearFigure:
    """One year's figure of a multi-year indicator."""

    year: int
    project: int
    indicator: str
    target: float | None
    value: float | None


@frozen
class MultiYear:
    """A quantity indicator followed over the years it runs."""

    result: IndicatorResult
    first: int  # the first year of the project (its ``years``, else the earliest figure)
    last: int | None
    total: float | None  # 总计划数
    figures: tuple[YearFigure, ...]  # earliest year first, this year last
    missing: tuple[int, ...]  # earlier years whose data folder was not given

    @property
    def cumulative(self) -> float:
        return sum(f.value or 0.0 for f in self.figures)

    @property
    def share(self) -> float | None:
        """占总计划的比例, uncapped."""
        return rules.ratio(self.cumulative, self.total)

    @property
    def remaining(self) -> float | None:
        return None if self.total is None else max(self.total - self.cumulative, 0.0)


def _find(project: ProjectResult, indicator_id: str) -> IndicatorResult | None:
    return next((r for r in project.indicators if r.ref.id == indicator_id), None)


def _chain(
    project: ProjectResult, indicator: IndicatorResult, earlier: Mapping[int, StatusReport]
) -> tuple[list[YearFigure], list[int]]:
    """The earlier years' figures (latest year first) and the years that were not given."""
    figures: list[YearFigure] = []
    missing: list[int] = []
    link, ind = project.project.continues, indicator.indicator
    wanted = ind.previous_id or ind.id
    while link is not None:
        then = earlier.get(link.year)
        if then is None:
            missing.append(link.year)
            break
        old = next((p for p in then.projects if p.project.id == link.id), None)
        found = _find(old, wanted) if old is not None else None
        if old is None or found is None:
            break
        target = found.indicator.target if isinstance(found.indicator, Quantity) else None
        figures.append(YearFigure(link.year, link.id, found.ref.id, target, found.state.value))
        link, wanted = old.project.continues, found.indicator.previous_id or found.ref.id
    return figures, missing


def multi_year(report: StatusReport, earlier: Mapping[int, StatusReport]) -> tuple[MultiYear, ...]:
    """Every quantity indicator of a multi-year or continued project, over its years."""
    year = report.dataset.plan.year
    found = []
    for p in report.projects:
        years, link = p.project.years, p.project.continues
        if years is None and link is None:
            continue
        for r in p.indicators:
            if not isinstance(r.indicator, Quantity) or r.monitor:
                continue
            before, missing = _chain(p, r, earlier)
            own = YearFigure(year, p.project.id, r.ref.id, r.indicator.target, r.state.value)
            figures = (*reversed(before), own)
            first = years.first if years is not None else figures[0].year
            if years is not None:
                have = {f.year for f in figures}
                missing += [y for y in range(years.first, year) if y not in have]
            found.append(
                MultiYear(
                    r,
                    first,
                    years.last if years is not None else None,
                    r.indicator.total,
                    figures,
                    tuple(sorted(set(missing))),
                )
            )
    return tuple(found)


def year_ends(datasets: Mapping[int, Dataset]) -> dict[int, StatusReport]:
    """Each earlier year's picture at its plan's due date: the figures it ended with."""
    return {year: build_status(ds, plan_due(ds.plan)) for year, ds in datasets.items()}
