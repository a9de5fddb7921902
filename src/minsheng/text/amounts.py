"""Amounts and targets in words: a figure with its unit, a target, a milestone (节点).

Every output that shows a figure of the data with its unit words it here, so that
``8000平方米`` never turns into ``8e+03平方米`` in one place and stays whole in another.
"""

from __future__ import annotations

from datetime import date, timedelta

from .fmt import number

DIRECTION_LABELS = {"decrease": "逐年降低", "increase": "逐年提高"}


def amount(value: float | None, unit: str | None) -> str:
    """A figure with its unit, written together: "1.5亿元", "8000平方米", "92%"; None → "—"."""
    if value is None:
        return "—"
    return f"{number(value)}{unit or ''}"


def sign(comparator: str) -> str:
    """ ">=" → "≥", "<=" → "≤"."""
    return "≤" if comparator == "<=" else "≥"


def quantity_target(target: float, unit: str, at_least: bool = False) -> str:
    """数量 target: "8000平方米", "1.5亿元以上"."""
    return amount(target, unit) + ("以上" if at_least else "")


def threshold_target(target: float, unit: str, comparator: str) -> str:
    """达标 target: "≥92%", "≤10人"."""
    return f"{sign(comparator)}{amount(target, unit)}"


def trend_target(direction: str, baseline: float | None, unit: str | None) -> str:
    """趋势 target: "逐年降低（基数 40.2%）", or the direction alone without a baseline."""
    suffix = f"（基数 {amount(baseline, unit)}）" if baseline is not None else ""
    return DIRECTION_LABELS[direction] + suffix


def by_day(day: date) -> str:
    """When a milestone falls due: "6月底前" on a month's last day, else "6月15日前"."""
    if (day + timedelta(days=1)).day == 1:
        return f"{day.month}月底前"
    return f"{day.month}月{day.day}日前"


def milestone(
    day: date,
    *,
    value: float | None = None,
    unit: str | None = None,
    stage: str | None = None,
    percent: float | None = None,
    cumulative: bool = False,
    comparator: str = ">=",
) -> str:
    """What a 节点 asks for by its date: "6月底前累计完成60公里", "6月底前开工", "9月底前完成50%".

    ``cumulative`` is for a 数量 indicator (its value is a running total); a rate that must
    stay low (``comparator`` "<=") is worded "不高于".
    """
    when = by_day(day)
    if stage is not None:
        return f"{when}{stage}"
    if value is not None:
        if cumulative:
            return f"{when}累计完成{amount(value, unit)}"
        return f"{when}{'不高于' if comparator == '<=' else '达到'}{amount(value, unit)}"
    return f"{when}完成{number(percent)}%"
