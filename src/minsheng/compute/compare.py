"""Two versions of the data at one date: projects that moved, findings that came or went (`minsheng diff`)."""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem
from ..records import frozen
from .changes import ProjectChange, project_changes
from .compliance import ReportState
from .deadlines import deadlines
from .status import Overall, StatusReport


@frozen
class Finding:
    """A check problem, a late or missing report, or overdue work; ``detail`` is not compared."""

    kind: str  # "error" | "warning" | "late" | "missing" | "overdue"
    where: str  # file, unit or project
    subject: str
    detail: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.where, self.subject)


@frozen
class Comparison:
    before: Overall
    after: Overall
    projects: tuple[ProjectChange, ...]
    new: tuple[Finding, ...]
    resolved: tuple[Finding, ...]


def findings(report: StatusReport, problems: Iterable[Problem]) -> list[Finding]:
    """Everything a reviewer is told about: check problems (paths relative to the data
    folder, positions left out so moved lines do not count), late and missing reports,
    overdue indicators and milestones."""
    found = [Finding(str(p.severity), p.path, f"[{p.code}] {p.message}") for p in problems]
    result = deadlines(report, risk=False)
    for r in result.reports:
        submitted = f"，{r.submitted.isoformat()} 报送" if r.submitted else ""
        state = "late" if r.state is ReportState.LATE else "missing"
        found.append(Finding(state, r.unit, f"{r.month} 月报", f"截止 {r.due}{submitted}"))
    for d in result.overdue:
        where = f"项目 {d.project}" if d.project is not None else "、".join(d.units)
        done = None
        if d.completion is not None and d.planned is not None:
            done = f"完成 {d.completion:.1f}%，应达 {d.planned:.1f}%"
        found.append(Finding("overdue", where, f"{d.name}，{d.due} 到期", done))
    return found


def compare(
    before: StatusReport,
    after: StatusReport,
    found_before: list[Finding],
    found_after: list[Finding],
) -> Comparison:
    old_keys = {f.key for f in found_before}
    new_keys = {f.key for f in found_after}
    return Comparison(
        before.overall,
        after.overall,
        project_changes(before, after),
        tuple(_unique(f for f in found_after if f.key not in old_keys)),
        tuple(_unique(f for f in found_before if f.key not in new_keys)),
    )


def _unique(found: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for f in found:
        if f.key not in seen:
            seen.add(f.key)
            kept.append(f)
    return kept
