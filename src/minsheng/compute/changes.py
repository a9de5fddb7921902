"""What changed between two status pictures: which projects moved, by how much, and which
turned lagging, recovered or were completed.

Bulletins compare the end of a period with the end of the previous one (one dataset, two
dates); ``minsheng diff`` compares two versions of the data at one date, where a project
may also exist in only one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from ..records import frozen
from .schedule import Status
from .status import ProjectResult, StatusReport


class Turn(StrEnum):
    """How a project's colour changed, in the order a bulletin lists them."""

    COMPLETED = "completed"  # 本期完成
    RECOVERED = "recovered"  # 恢复正常推进 (green, from yellow or red)
    EASED = "eased"  # 由严重滞后转为轻微滞后
    LAGGING = "lagging"  # 转为滞后 (yellow, from green)
    RED = "red"  # 转为严重滞后
    REOPENED = "reopened"  # no longer done (a correction lowered a figure)


@frozen
class Standing:
    completion: float
    status: Status


@frozen
class ProjectChange:
    """A project whose completion as shown (to 0.1%) or colour differs; ``None``: the project
    is not in that version of the registry."""

    id: int
    name: str
    before: Standing | None
    after: Standing | None

    @property
    def delta(self) -> float | None:
        """Percentage points between the figures as shown, so that 61.9% → 63.5% says +1.6."""
        if self.before is None or self.after is None:
            return None
        return shown_delta(self.before.completion, self.after.completion)

    @property
    def turn(self) -> Turn | None:
        if self.before is None or self.after is None:
            return None
        return turn(self.before.status, self.after.status)


def shown_delta(before: float, after: float) -> float:
    return round(round(after, 1) - round(before, 1), 1)


def turn(before: Status, after: Status) -> Turn | None:
    if before is after:
        return None
    if after is Status.DONE:
        return Turn.COMPLETED
    if before is Status.DONE:
        return Turn.REOPENED
    if after is Status.RED:
        return Turn.RED
    if after is Status.YELLOW:
        return Turn.EASED if before is Status.RED else Turn.LAGGING
    return Turn.RECOVERED


def project_changes(before: StatusReport, after: StatusReport) -> tuple[ProjectChange, ...]:
    """Projects whose completion as shown or colour differs, in the newer registry's order,
    then those only the older one has."""
    old = {p.project.id: p for p in before.projects}
    new = {p.project.id: p for p in after.projects}
    found = []
    for pid in [*new, *(i for i in old if i not in new)]:
        then, now = _standing(old.get(pid)), _standing(new.get(pid))
        if then is None or now is None or _shown(then) != _shown(now):
            found.append(ProjectChange(pid, (new.get(pid) or old[pid]).project.name, then, now))
    return tuple(found)


def by_gain(changes: Iterable[ProjectChange]) -> tuple[ProjectChange, ...]:
    """The biggest gain first; projects in only one version last."""
    return tuple(sorted(changes, key=lambda c: (c.delta is None, -(c.delta or 0.0), c.id)))


def by_turn(changes: Iterable[ProjectChange]) -> tuple[tuple[Turn, tuple[ProjectChange, ...]], ...]:
    """The colour changes grouped by kind, in ``Turn`` order, projects in id order; kinds
    with no project are left out (for "其中本期完成2件（…）；转为滞后1件（…）")."""
    ordered = sorted(changes, key=lambda c: c.id)
    groups = ((kind, tuple(c for c in ordered if c.turn is kind)) for kind in Turn)
    return tuple((kind, found) for kind, found in groups if found)


def _standing(result: ProjectResult | None) -> Standing | None:
    return None if result is None else Standing(result.completion, result.status)


def _shown(s: Standing) -> tuple[float, Status]:
    return round(s.completion, 1), s.status
