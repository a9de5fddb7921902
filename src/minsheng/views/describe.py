"""What an indicator's target and actual state are, as text for people and as values for JSON."""

from __future__ import annotations

from ..compute.evaluate import IndicatorResult
from ..models import Checklist, Qualitative, Quantity, StageIndicator, Threshold, Trend
from ..text import fmt

JsonValue = float | int | str | None


def target_text(result: IndicatorResult) -> str:
    ind = result.indicator
    if isinstance(ind, Quantity):
        return fmt.amount(ind.target, ind.unit) + ("以上" if ind.at_least else "")
    if isinstance(ind, Threshold):
        sign = "≥" if ind.comparator == ">=" else "≤"
        return f"{sign}{fmt.amount(ind.target, ind.unit)}"
    if isinstance(ind, StageIndicator):
        return ind.target
    if isinstance(ind, Checklist):
        return f"{len(ind.items)}项"
    if isinstance(ind, Trend):
        base = result.state.baseline if ind.baseline is None else ind.baseline
        suffix = f"（基数 {fmt.amount(base, ind.unit)}）" if base is not None else ""
        return fmt.DIRECTION_LABELS[ind.direction] + suffix
    return "定性评价"


def actual_text(result: IndicatorResult) -> str:
    ind, state = result.indicator, result.state
    if isinstance(ind, Quantity | Threshold | Trend):
        return fmt.amount(state.value, ind.unit) if state.value is not None else "未报送"
    if isinstance(ind, StageIndicator):
        if state.stage is None:
            return "未报送"
        return state.stage + (f"（形象进度 {fmt.number(state.percent)}%）" if state.percent else "")
    if isinstance(ind, Checklist):
        done = sum(item.done for item in result.items)
        return f"{done}/{len(result.items)}项达到目标"
    if result.basis is None:
        return "未评价"
    return f"{fmt.number(result.completion)}分（{fmt.BASIS_LABELS[result.basis]}）"


def target_value(result: IndicatorResult) -> JsonValue:
    ind = result.indicator
    if isinstance(ind, Quantity | Threshold):
        return ind.target
    if isinstance(ind, StageIndicator):
        return ind.target
    if isinstance(ind, Checklist):
        return len(ind.items)
    if isinstance(ind, Trend):
        return ind.direction
    return None


def actual_value(result: IndicatorResult) -> JsonValue:
    ind, state = result.indicator, result.state
    if isinstance(ind, Quantity | Threshold | Trend):
        return state.value
    if isinstance(ind, StageIndicator):
        return state.stage
    if isinstance(ind, Checklist):
        return sum(item.done for item in result.items)
    if isinstance(ind, Qualitative) and result.basis is not None:
        return round(result.completion, 1)
    return None


def measure_unit(result: IndicatorResult) -> str | None:
    return getattr(result.indicator, "unit", None)
