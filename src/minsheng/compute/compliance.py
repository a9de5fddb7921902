"""报送情况: for each responsible unit and owed period, was the report on time, late or missing."""

from __future__ import annotations

from collections import Counter
from datetime import date
from enum import StrEnum

from ..load.dataset import Dataset
from ..records import frozen
from .state import counts_at


class ReportState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"  # not yet due and not yet in: not a finding


@frozen
class ReportRecord:
    """One (unit, month) owed: its due date, when it arrived, and how that went.

    ``days_late`` is 逾期天数: for a late report, from the due date to its arrival; for a
    missing one, from the due date to the as-of date (未报，已逾期N天); otherwise 0.
    """

    unit: str
    month: str
    due: date
    submitted: date | None
    state: ReportState
    days_late: int = 0


def report_records(ds: Dataset, as_of: date) -> list[ReportRecord]:
    """Every (unit, period) whose period has begun by ``as_of``, in unit then month order.

    A report counts as :func:`~minsheng.compute.state.counts_at` says: one for a period that
    has ended is in whenever it arrived, and its arrival date decides on time or late.
    """
    submitted: dict[tuple[str, str], date] = {}
    for loaded in ds.reports:
        report = loaded.report
        key = (report.unit, report.month)
        if counts_at(report, as_of) and (key not in submitted or report.submitted < submitted[key]):
            submitted[key] = report.submitted
    return [
        _record(unit, owed.month, owed.due, submitted.get((unit, owed.month)), as_of)
        for unit in ds.responsible_units
        # The periods the unit owes (the registry's reporting rule), begun by as_of, not excused.
        for owed in ds.schedule.owed(unit)
        if owed.start <= as_of and owed.exempt is None
    ]


def _record(unit: str, month: str, due: date, day: date | None, as_of: date) -> ReportRecord:
    if day is not None:
        late = max((day - due).days, 0)
        state = ReportState.LATE if late else ReportState.ON_TIME
        return ReportRecord(unit, month, due, day, state, late)
    if as_of > due:
        return ReportRecord(unit, month, due, None, ReportState.MISSING, (as_of - due).days)
    return ReportRecord(unit, month, due, None, ReportState.PENDING)


def counts(records: list[ReportRecord]) -> dict[str, int]:
    """{"on_time", "late", "missing", "pending"} counts, every key present."""
    tally = Counter(r.state for r in records)
    return {state.value: tally.get(state, 0) for state in ReportState}
