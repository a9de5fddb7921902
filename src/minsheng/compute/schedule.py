"""序时进度 (expected progress at a date) and the status colour that compares it with completion."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from .completion import clamp

DONE_AT = 99.95  # completion shown as 100.0% counts as done


class Status(StrEnum):
    """The closed set of state keys; the default rules use done, green, yellow and red."""

    DONE = "done"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    BLUE = "blue"  # 完工并验收, where an office's rules say so
    ORANGE = "orange"


# Worst first: what "at least yellow" and "the worst indicator's colour" compare.
STATUS_ORDER = {
    Status.RED: 0,
    Status.ORANGE: 1,
    Status.YELLOW: 2,
    Status.GREEN: 3,
    Status.DONE: 4,
    Status.BLUE: 5,
}


def linear(start: date, due: date, as_of: date) -> float:
    """Time elapsed from ``start`` to ``due`` at ``as_of``, 0–100."""
    if as_of >= due:
        return 100.0
    if as_of <= start:
        return 0.0
    return clamp((as_of - start).days / (due - start).days * 100)


def at_due(due: date, as_of: date) -> float:
    """All or nothing: judged only when the due date comes (e.g. a year-on-year trend)."""
    return 100.0 if as_of >= due else 0.0


def interpolate(points: Sequence[tuple[date, float]], as_of: date) -> float:
    """Piecewise-linear through (date, percent) points sorted by date; flat outside them."""
    if not points:
        return 0.0
    if as_of <= points[0][0]:
        return points[0][1]
    for (d0, p0), (d1, p1) in itertools.pairwise(points):
        if as_of <= d1:
            span = (d1 - d0).days
            return p1 if span <= 0 else p0 + (p1 - p0) * (as_of - d0).days / span
    return points[-1][1]


def expected(
    start: date,
    due: date,
    as_of: date,
    milestones: Sequence[tuple[date, float]] = (),
    schedule: str = "linear",
) -> float:
    """序时进度: from milestones (倒排工期) when given, else linear or at the due date."""
    if milestones:
        inner = [(d, clamp(p)) for d, p in sorted(milestones) if start < d < due]
        return clamp(interpolate([(start, 0.0), *inner, (due, 100.0)], as_of))
    if schedule == "due":
        return at_due(due, as_of)
    return linear(start, due, as_of)


def status(completion: float, expected_progress: float, behind: float, overdue: bool) -> Status:
    """done / green (at or ahead) / yellow (behind by less than ``behind`` points) / red."""
    if completion >= DONE_AT:
        return Status.DONE
    if overdue:
        return Status.RED
    gap = expected_progress - completion
    if gap <= 0:
        return Status.GREEN
    return Status.YELLOW if gap < behind else Status.RED
