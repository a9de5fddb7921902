"""预计完成 and 逾期风险: when an unfinished indicator is expected to be done, what it is
expected to reach by its due date, and whether that falls short.

What a unit reports wins: ``expected_done`` (a date), else ``forecast`` (a value or stage
and the date it expects it by). Otherwise, for quantities and thresholds only, a straight
line fitted (least squares) through the last three reported cumulative values (two at
least, each at the end of its month) and carried to the due date.
"""

from __future__ import annotations

from datetime import date

from ..dates import month_end
from ..load.dataset import Dataset
from ..models import Quantity, StageIndicator, Threshold
from ..models.progress import Forecast as Reported
from ..records import frozen
from .colours import shown
from .evaluate import IndicatorResult
from .state import Timeline
from .status import StatusReport

TREND_POINTS = 3


@frozen
class Forecast:
    """What is expected of one indicator, and on what basis ("report" or "trend")."""

    basis: str
    due: date
    value: float | None = None  # 预计完成量: at the due date (trend) or by ``by`` (report)
    stage: str | None = None
    by: date | None = None
    done_by: date | None = None  # 预计完成日期
    risk: bool = False  # 逾期风险


@frozen
class Risk:
    """An indicator whose forecast does not reach its target by its due date."""

    result: IndicatorResult
    forecast: Forecast


def _meets(result: IndicatorResult, value: float) -> bool:
    ind = result.indicator
    if isinstance(ind, Threshold):
        return value <= ind.target if ind.comparator == "<=" else value >= ind.target
    if isinstance(ind, Quantity) and ind.target is not None:
        return shown(value) >= shown(ind.target)
    return False


def _target(result: IndicatorResult) -> float | None:
    ind = result.indicator
    return ind.target if isinstance(ind, Quantity | Threshold) else None


def from_report(ds: Dataset, result: IndicatorResult) -> Forecast | None:
    """The unit's own forecast, if its reports gave one."""
    state, due = result.state, result.due
    if state.expected_done is not None:
        day = state.expected_done
        return Forecast("report", due, done_by=day, risk=day > due)
    reported: Reported | None = state.forecast
    if reported is None:
        return None
    if reported.value is not None:
        reaches = _meets(result, reported.value)
        return Forecast(
            "report",
            due,
            value=reported.value,
            by=reported.by,
            done_by=reported.by if reaches else None,
            risk=not (reaches and reported.by <= due),
        )
    ind, ladder, stage = result.indicator, ds.ladder, reported.stage
    reaches = (
        isinstance(ind, StageIndicator)
        and stage is not None
        and ladder.knows(stage)
        and ladder.knows(ind.target)
        and ladder.weight(stage) >= ladder.weight(ind.target)
    )
    return Forecast(
        "report",
        due,
        stage=stage,
        by=reported.by,
        done_by=reported.by if reaches else None,
        risk=not (reaches and reported.by <= due),
    )


def line(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares (slope, intercept) of y on x; the points have at least two distinct x."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return slope, my - slope * mx


def from_trend(result: IndicatorResult, timeline: Timeline) -> Forecast | None:
    """The straight line through the last reported values, carried to the due date."""
    target = _target(result)
    if target is None:
        return None
    points = [
        (month_end(s.month).toordinal(), s.value)
        for s in timeline.history(result.ref.id)
        if s.month is not None and s.value is not None
    ][-TREND_POINTS:]
    if len({x for x, _ in points}) < 2:
        return None
    slope, intercept = line(points)
    due = result.due
    value = intercept + slope * due.toordinal()
    done_by = None
    towards = slope < 0 if _lower_is_better(result) else slope > 0
    if towards:
        day = round((target - intercept) / slope)
        if date.min.toordinal() <= day <= date.max.toordinal():
            done_by = max(date.fromordinal(day), date.fromordinal(points[-1][0]))
    return Forecast("trend", due, value=value, done_by=done_by, risk=not _meets(result, value))


def _lower_is_better(result: IndicatorResult) -> bool:
    ind = result.indicator
    return isinstance(ind, Threshold) and ind.comparator == "<="


def forecast_of(ds: Dataset, result: IndicatorResult, timeline: Timeline) -> Forecast | None:
    """The forecast of an unfinished indicator; None when done, monitor-only or unknown."""
    if result.done or result.monitor:
        return None
    return from_report(ds, result) or from_trend(result, timeline)


def risks(report: StatusReport) -> tuple[Risk, ...]:
    """逾期风险: unfinished indicators whose forecast falls short by their due date."""
    found = []
    for project in report.projects:
        for result in project.indicators:
            forecast = forecast_of(report.dataset, result, report.timeline)
            if forecast is not None and forecast.risk and not result.overdue:
                found.append(Risk(result, forecast))
    return tuple(sorted(found, key=lambda r: (r.forecast.due, r.result.ref.project.id)))
