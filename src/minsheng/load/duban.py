"""The 督办 ledger as the later stages read it: the ladder of 督办方式, and the inspections'
verified figures (督查核实) as report entries. Its checks are in :mod:`minsheng.load.checks.duban`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..dates import month_of
from ..models import IndicatorReport, ItemReport
from ..models.duban import LADDER, Finding
from .dataset import Dataset, LoadedInspection, LoadedReport


def ladder(ds: Dataset) -> tuple[str, ...]:
    """督办方式 in order of severity: the office's ladder, else the default one."""
    escalation = ds.office.escalation if ds.office is not None else None
    return escalation.ladder if escalation is not None else LADDER


VERIFIED_BY_KIND = {
    "quantity": "value",
    "threshold": "value",
    "trend": "value",
    "stage": "stage",
    "checklist": "items",
}


@dataclass(frozen=True, slots=True)
class Verified:
    """督查核实: an inspection's verified figure for one indicator, as a report entry."""

    inspection: LoadedInspection
    index: int  # of the finding
    entry: IndicatorReport

    @property
    def day(self) -> date:
        return self.inspection.record.date

    @property
    def month(self) -> str:
        return month_of(self.day)

    def precedes(self, report: LoadedReport) -> bool:
        """Whether ``report`` comes after the inspection: a later period, or the same month
        and sent after the inspection day."""
        r = report.report
        return r.month > self.month or (r.month == self.month and r.submitted > self.day)


def verified(ds: Dataset) -> list[Verified]:
    """Every verified figure of the inspections that fits its indicator, by date."""
    found = []
    for loaded in sorted(ds.inspections, key=lambda i: (i.record.date, i.id)):
        for n, finding in enumerate(loaded.record.findings):
            ref = ds.indicators.get(finding.indicator or "")
            if ref is None or not finding.verifies:
                continue
            if VERIFIED_BY_KIND.get(ref.indicator.kind) is None:
                continue
            found.append(Verified(loaded, n, verified_entry(finding)))
    return found


def verified_entry(finding: Finding) -> IndicatorReport:
    """A finding's verified figure in the shape of a report entry."""
    items = None
    if finding.items is not None:
        items = tuple(
            ItemReport(name=i.name, stage=i.stage, percent=i.percent) for i in finding.items
        )
    return IndicatorReport(
        id=finding.indicator or "",
        value=finding.value,
        stage=finding.stage,
        percent=finding.percent,
        items=items,
    )
