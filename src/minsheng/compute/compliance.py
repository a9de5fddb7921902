"""报送情况: for each responsible unit and owed period, was the report on time, late or missing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..load.dataset import Dataset


class ReportState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"  # not yet due and not yet in: not a finding


@dataclass(frozen=True, slots=True)
class ReportRecord:
    unit: str
    month: str
    due: date
    submitted: date | None
    state: ReportState


def report_records(ds: Dataset, as_of: date) -> list[ReportRecord]:
    """Every (unit, period) whose period has begun by ``as_of``, in unit then month order."""
    submitted: dict[tuple[str, str], date] = {}
    for loaded in ds.reports:
        key = (loaded.report.unit, loaded.report.month)
        if key not in submitted or loaded.report.submitted < submitted[key]:
            submitted[key] = loaded.report.submitted
    records = []
    for unit in ds.responsible_units:
        # The periods the unit owes (the registry's reporting rule), begun by as_of, not excused.
        for owed in ds.schedule.owed(unit):
            if owed.start > as_of or owed.exempt is not None:
                continue
            month, due = owed.month, owed.due
            day = submitted.get((unit, month))
            records.append(
                ReportRecord(
                    unit, month, due, day if day and day <= as_of else None, _state(day, due, as_of)
                )
            )
    return records


def _state(day: date | None, due: date, as_of: date) -> ReportState:
    if day is not None and day <= as_of:
        return ReportState.ON_TIME if day <= due else ReportState.LATE
    return ReportState.MISSING if as_of > due else ReportState.PENDING


def counts(records: list[ReportRecord]) -> dict[str, int]:
    """{"on_time", "late", "missing", "pending"} counts, every key present."""
    tally = Counter(r.state for r in records)
    return {state.value: tally.get(state, 0) for state in ReportState}
