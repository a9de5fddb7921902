"""The 督办 ledger as the later stages read it: the ladder of 督办方式, and the inspections'
verified figures (督查核实) and 督查评分 as report entries. Its checks are in :mod:`minsheng.load.checks.duban`."""

from __future__ import annotations

from datetime import date

from ..dates import month_of
from ..models import IndicatorReport, ItemReport, Review
from ..models.duban import LADDER, Finding, Inspection
from ..records import frozen
from .dataset import Dataset, IndicatorRef, LoadedInspection, LoadedReport


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


@frozen
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


def gives(finding: Finding) -> bool:
    """Whether a finding gives its indicator something: a verified figure or a 督查评分."""
    return finding.verifies or finding.score is not None


def verified(ds: Dataset) -> list[Verified]:
    """Every verified figure of the inspections that fits its indicator, and every 督查评分
    of a qualitative one, by date."""
    found = []
    for loaded in sorted(ds.inspections, key=lambda i: (i.record.date, i.id)):
        for n, finding in enumerate(loaded.record.findings):
            ref = ds.indicators.get(finding.indicator or "")
            entry = _fitting_entry(ref, finding, loaded.record) if ref is not None else None
            if entry is not None:
                found.append(Verified(loaded, n, entry))
    return found


def _fitting_entry(
    ref: IndicatorRef, finding: Finding, inspection: Inspection
) -> IndicatorReport | None:
    kind = ref.indicator.kind
    if kind == "qualitative" and finding.score is not None:
        # Applied as a reviewer's score in a unit's report is: the team's first unit rates.
        review = Review(score=finding.score, reviewer=inspection.team[0])
        return IndicatorReport(id=ref.id, review=review)
    if kind not in VERIFIED_BY_KIND or not finding.verifies:
        return None
    return verified_entry(finding)


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
