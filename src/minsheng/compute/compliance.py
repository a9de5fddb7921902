"""报送情况: for each responsible unit and month, was the report on time, late or missing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..dates import month_start
from ..load.dataset import Dataset, report_due, report_months


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
    """Every (unit, month) whose month has begun by ``as_of``, in unit then month order."""
    submitted: dict[tuple[str, str], date] = {}
    for loaded in ds.reports:
        key = (loaded.report.unit, loaded.report.month)
        if key not in submitted or loaded.report.submitted < submitted[key]:
            submitted[key] = loaded.report.submitted
    records = []
    months = [m for m in report_months(ds.plan) if month_start(m) <= as_of]
    for unit in ds.responsible_units:
        for month in months:
            due = report_due(ds.plan, month)
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
