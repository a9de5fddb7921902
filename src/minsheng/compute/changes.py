"""What changed between two status pictures: which projects moved, by how much, and which
turned lagging, recovered or were completed.

Bulletins compare the end of the period with the end of the previous one; both pictures
come from the same data, so a change is progress reported in between (or a correction).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .schedule import Status
from .summary import StatusReport

LAGGING = (Status.YELLOW, Status.RED)
MOVED_AT = 0.05  # percentage points: below this a project has not moved (shown as 0.0)


class Turn(StrEnum):
    """How a project's colour changed, in the order a bulletin lists them."""

    COMPLETED = "completed"  # 本期完成
    RECOVERED = "recovered"  # 恢复正常推进 (green, from yellow or red)
    EASED = "eased"  # 由严重滞后转为轻微滞后
    LAGGING = "lagging"  # 转为滞后 (yellow, from green)
    RED = "red"  # 转为严重滞后
    REOPENED = "reopened"  # no longer done (a correction lowered a figure)


@dataclass(frozen=True, slots=True)
class ProjectChange:
    id: int
    name: str
    lead: str
    before: float
    after: float
    before_status: Status
    after_status: Status

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def turn(self) -> Turn | None:
        return turn(self.before_status, self.after_status)


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
    """Projects whose completion moved or whose colour changed, the biggest gain first.

    Projects present in only one of the pictures (a registry edited in between) are left out.
    """
    earlier = {p.project.id: p for p in before.projects}
    found = []
    for now in after.projects:
        then = earlier.get(now.project.id)
        if then is None:
            continue
        if abs(now.completion - then.completion) < MOVED_AT and now.status is then.status:
            continue
        found.append(
            ProjectChange(
                now.project.id,
                now.project.name,
                now.lead,
                then.completion,
                now.completion,
                then.status,
                now.status,
            )
        )
    return tuple(sorted(found, key=lambda c: (-c.delta, c.id)))


def by_turn(
    changes: tuple[ProjectChange, ...],
) -> tuple[tuple[Turn, tuple[ProjectChange, ...]], ...]:
    """The colour changes grouped by kind, in ``Turn`` order, projects in id order; kinds
    with no project are left out (for "其中本期完成2件（…）；转为滞后1件（…）")."""
    groups = (
        (kind, tuple(sorted((c for c in changes if c.turn is kind), key=lambda c: c.id)))
        for kind in Turn
    )
    return tuple((kind, found) for kind, found in groups if found)
