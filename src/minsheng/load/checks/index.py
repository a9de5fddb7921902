"""The progress reports as the report checks read them: one pass over every report, project
entry and indicator entry, each resolved against the registry once, and gathered by what
the checks look at, so that a check of something no report has costs nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ...models import Project
from ...models.progress import IndicatorReport, ProjectReport
from ...problems import Problem
from ...records import frozen
from ..dataset import Dataset, IndicatorRef, LoadedReport
from .common import Loc


@dataclass(slots=True)  # not frozen: one is made for every entry, and frozen ones are slower
class Entry:
    """One indicator entry of a report and its indicator (None when the registry has no
    indicator of that id)."""

    loaded: LoadedReport
    project: int  # its place: report.projects[project].indicators[index]
    index: int
    entry: IndicatorReport
    ref: IndicatorRef | None

    @property
    def loc(self) -> Loc:
        return ("projects", self.project, "indicators", self.index)


@frozen
class ProjectEntry:
    """One project entry of a report, and its registered project."""

    loaded: LoadedReport
    index: int  # in the report's projects
    entry: ProjectReport
    project: Project


class ReportIndex:
    """Every report of ``ds`` walked once for all the report checks.

    Only the entries are kept for each report (the checks of every entry read them here);
    the rest is kept only for the reports and entries that have it."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.reports = ds.reports
        self.entries: list[Entry] = []  # every indicator entry, report by report
        self.starts: list[int] = []  # where each report's entries start in ``entries``
        self.known: list[Entry] = []  # those whose indicator is registered
        self.forecasts: list[Entry] = []  # registered, with a forecast
        self.areas: list[Entry] = []  # with area figures
        self.investments: list[ProjectEntry] = []  # of a registered project, with money
        self.replies: list[LoadedReport] = []  # reports answering 督办 actions
        self.closures: list[LoadedReport] = []  # reports asking for 销号
        self.misfiled: list[LoadedReport] = []  # reports not at <month>/<unit>.yaml
        for loaded in ds.reports:
            self._report(loaded)

    def _report(self, loaded: LoadedReport) -> None:
        report = loaded.report
        if not _filed_as_named(loaded):
            self.misfiled.append(loaded)
        if report.duban:
            self.replies.append(loaded)
        if report.closure:
            self.closures.append(loaded)
        projects, indicators, entries = self.ds.projects, self.ds.indicators, self.entries
        self.starts.append(len(entries))
        for p, entry in enumerate(report.projects):
            for i, ind in enumerate(entry.indicators):
                ref = indicators.get(ind.id)
                row = Entry(loaded, p, i, ind, ref)
                entries.append(row)
                if ref is not None:
                    self.known.append(row)
                    if ind.forecast is not None:
                        self.forecasts.append(row)
                if ind.areas is not None:
                    self.areas.append(row)
            if entry.investment is not None:
                project = projects.get(entry.id)
                if project is not None:
                    self.investments.append(ProjectEntry(loaded, p, entry, project))

    @cached_property
    def chronological(self) -> list[Entry]:
        """The registered entries, reports by month and unit (as given within one)."""
        return sorted(self.known, key=_month_unit)

    @cached_property
    def areas_chronological(self) -> list[Entry]:
        """The entries with area figures, reports by month and unit."""
        return sorted(self.areas, key=_month_unit)

    def entries_of(self, indicator: str) -> list[Entry]:
        """Every entry of ``indicator``, reports by month and submission date."""
        return self._by_indicator.get(indicator, [])

    @cached_property
    def _by_indicator(self) -> dict[str, list[Entry]]:
        found: dict[str, list[Entry]] = {}
        for row in sorted(self.entries, key=_month_submitted):
            found.setdefault(row.entry.id, []).append(row)
        return found


def _month_unit(row: Entry) -> tuple[str, str]:
    return row.loaded.report.month, row.loaded.report.unit


def _month_submitted(row: Entry) -> tuple[str, date]:
    return row.loaded.report.month, row.loaded.report.submitted


def _filed_as_named(loaded: LoadedReport) -> bool:
    """Whether the report's file is ``<its month>/<its unit>.yaml`` (no finding of
    :func:`check_report_location` then: its name and folder are those it gives)."""
    unit, month = loaded.report.unit, loaded.report.month
    if "/" in unit or "\\" in unit:  # not a file name: the check tells
        return False
    return loaded.doc.path.endswith(f"/{month}/{unit}.yaml")


ReportCheckFunction = Callable[[ReportIndex], list[Problem]]


@frozen
class ReportCheck:
    """A check of the progress reports, reading them from a :class:`ReportIndex`.

    :func:`minsheng.load.checks.dataset_checks` gives every report check the same index;
    called on a dataset alone, it makes one of its own."""

    run: ReportCheckFunction

    def __call__(self, ds: Dataset) -> list[Problem]:
        return self.run(ReportIndex(ds))


def report_check(function: ReportCheckFunction) -> ReportCheck:
    return ReportCheck(function)
