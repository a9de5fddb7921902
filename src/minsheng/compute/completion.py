"""完成率: completion of one indicator, 0–100, by kind. Pure arithmetic, no data access."""

from __future__ import annotations

from collections.abc import Iterable


def clamp(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return max(low, min(high, value))


def quantity(value: float | None, target: float) -> float:
    """Cumulative actual / target, capped at 100."""
    if value is None or target <= 0:
        return 0.0
    return clamp(value / target * 100)


def threshold(
    value: float | None, target: float, comparator: str, baseline: float | None = None
) -> float:
    """A rate that must reach (``>=``) or stay within (``<=``) a bar.

    Met → 100. Not met: with a baseline, the share of the way from baseline to bar;
    without one, value/target for ``>=`` and target/value for ``<=``.
    """
    if value is None:
        return 0.0
    if comparator == "<=":
        if value <= target:
            return 100.0
        if baseline is not None and baseline > target:
            return clamp((baseline - value) / (baseline - target) * 100)
        return clamp(target / value * 100) if value > 0 else 0.0
    if value >= target:
        return 100.0
    if baseline is not None and baseline < target:
        return clamp((value - baseline) / (target - baseline) * 100)
    return clamp(value / target * 100) if target > 0 else 0.0


def stage(reached_weight: float | None, target_weight: float) -> float:
    """Weight of the reached stage toward the target stage's weight."""
    if target_weight <= 0:
        return 100.0
    if reached_weight is None:
        return 0.0
    return clamp(reached_weight / target_weight * 100)


def trend(value: float | None, baseline: float | None, direction: str) -> float:
    """Met (100) when the value moved the required way from the baseline, else 0."""
    if value is None or baseline is None:
        return 0.0
    met = value < baseline if direction == "decrease" else value > baseline
    return 100.0 if met else 0.0


def qualitative(
    review: float | None, self_assessment: float | None, pass_mark: float = 100.0
) -> tuple[float, str | None]:
    """Score / pass mark: a reviewer's score when there is one, else the self-assessment.

    A score at or above the pass mark (plan.thresholds.qualitative_done) is complete.
    """
    if review is not None:
        return clamp(review / pass_mark * 100), "review"
    if self_assessment is not None:
        return clamp(self_assessment / pass_mark * 100), "self"
    return 0.0, None


def ratio(value: float | None, target: float | None, comparator: str = ">=") -> float | None:
    """完成比例, uncapped (139.1%): actual ÷ target, or target ÷ actual for a "≤" bar.

    None when there is nothing to divide: no value, no target, or a "≤" value of 0.
    """
    if value is None or target is None:
        return None
    if comparator == "<=":
        return target / value * 100 if value > 0 else None
    return value / target * 100 if target > 0 else None


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float:
    """Mean of (value, weight) pairs; 0 when there are none."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0
