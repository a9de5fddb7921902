"""What an indicator's target and actual state are, as text for people and as values for JSON."""

from __future__ import annotations

from datetime import date

from ..compute.evaluate import IndicatorResult, ItemResult
from ..compute.forecast import Forecast
from ..models import Checklist, Qualitative, Quantity, StageIndicator, Threshold, Trend
from ..text import amounts, fmt
from ..text.labels import BASIS_LABELS

JsonValue = float | int | str | None


MONITOR_TARGET = "持续推进（不设目标）"


def target_text(result: IndicatorResult) -> str:
    ind = result.indicator
    if result.monitor:
        return MONITOR_TARGET
    if isinstance(ind, Quantity) and ind.target is not None:
        return amounts.quantity_target(ind.target, ind.unit, ind.at_least)
    if isinstance(ind, Threshold):
        return amounts.threshold_target(ind.target, ind.unit, ind.comparator)
    if isinstance(ind, StageIndicator):
        return ind.target
    if isinstance(ind, Checklist):
        return f"{len(ind.items)}项"
    if isinstance(ind, Trend):
        base = result.state.baseline if ind.baseline is None else ind.baseline
        return amounts.trend_target(ind.direction, base, ind.unit)
    return "定性评价"


def actual_text(result: IndicatorResult) -> str:
    """What the indicator stands at; figures an inspection verified say so (督查核实)."""
    text = _actual_text(result)
    day = result.state.verified
    return text if day is None else f"{text}（{verified_note(day)}）"


def verified_note(day: date) -> str:
    """ "8月18日督查核实": the figure shown is an inspection's, not the unit's own."""
    return f"{day.month}月{day.day}日督查核实"


def _actual_text(result: IndicatorResult) -> str:
    ind, state = result.indicator, result.state
    if isinstance(ind, Quantity | Threshold | Trend):
        return amounts.amount(state.value, ind.unit) if state.value is not None else "未报送"
    if isinstance(ind, StageIndicator):
        return "未报送" if state.stage is None else fmt.stage(state.stage, state.percent)
    if isinstance(ind, Checklist):
        done = sum(item.done for item in result.items)
        return f"{done}/{len(result.items)}项达到目标"
    score = given_score(result)
    if score is None or result.basis is None:
        return "未评价"
    return f"{fmt.number(score)}分（{BASIS_LABELS[result.basis]}）"


def given_score(result: IndicatorResult) -> float | None:
    """定性: the score the completion was judged from — the reviewer's, else the unit's own."""
    if result.basis == "review":
        return result.state.review
    if result.basis == "self":
        return result.state.self_assessment
    return None


def item_actual_text(item: ItemResult) -> str:
    """What a checklist item has reached: "已启动（形象进度30%）", "建成", or 未报送."""
    return "未报送" if item.state is None else fmt.stage(item.state.stage, item.state.percent)


def amount_text(result: IndicatorResult, value: float | None) -> str:
    """A figure of the indicator with its unit: "6500平方米"."""
    return amounts.amount(value, getattr(result.indicator, "unit", None))


def completion_value(result: IndicatorResult) -> float | None:
    """完成率 as shown: none for a monitor-only indicator, which is kept out of completion."""
    return None if result.monitor else result.completion


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
    if isinstance(ind, Qualitative):
        score = given_score(result)
        return None if score is None else round(score, 1)
    return None


def measure_unit(result: IndicatorResult) -> str | None:
    return getattr(result.indicator, "unit", None)


def forecast_text(result: IndicatorResult, f: Forecast) -> tuple[str, str]:
    """(依据, 预计) of a forecast: "按近期趋势" / "单位预计", and what is expected."""
    if f.basis == "trend":
        text = f"到期预计完成{amount_text(result, f.value)}"
        if f.done_by is not None:
            text += f"，预计{fmt.cn_date(f.done_by)}完成"
        return "按近期趋势", text
    if f.done_by is not None:
        return "单位预计", f"预计{fmt.cn_date(f.done_by)}完成"
    reach = f.stage if f.stage is not None else amount_text(result, f.value)
    by = fmt.cn_date(f.by) if f.by is not None else "到期"
    return "单位预计", f"预计{by}前达到{reach}"
