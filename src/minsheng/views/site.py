"""What the static site's pages show: the index, a page per project with its monthly history,
and the links to every bulletin so far (rendered by :mod:`minsheng.render.site`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..compute.evaluate import IndicatorResult, monthly
from ..compute.state import IndicatorState, ProjectNote
from ..compute.status import ProjectResult, StatusReport, UnitResult, build_status
from ..dates import Period, month_of
from ..load.dataset import Dataset, report_months
from ..models import Plan, Qualitative, Quantity, StageIndicator, Threshold, Trend
from ..text import amounts, fmt
from .bulletin import (
    Bulletin,
    Overview,
    ProjectRow,
    StatusAt,
    UnitReports,
    overview,
    project_rows,
    subject_of,
    unit_reports,
)


@dataclass(frozen=True, slots=True)
class BulletinLink:
    period: Period
    title: str
    as_of: date
    partial: bool

    def path(self, kind: str) -> str:
        return f"bulletins/{self.period.key}.{kind}"


@dataclass(frozen=True, slots=True)
class HistoryCell:
    """One indicator in one month: the completion it meant, and what was reported."""

    completion: float
    reported: str | None


@dataclass(frozen=True, slots=True)
class HistoryRow:
    result: IndicatorResult
    cells: tuple[HistoryCell | None, ...]


@dataclass(frozen=True, slots=True)
class ProjectPage:
    row: ProjectRow
    result: ProjectResult
    months: tuple[str, ...]
    history: tuple[HistoryRow, ...]
    notes: tuple[ProjectNote, ...]

    @property
    def path(self) -> str:
        return project_path(self.row.id)


@dataclass(frozen=True, slots=True)
class SiteIndex:
    as_of: date
    sample: bool
    plan: Plan
    subject: str
    overview: Overview
    projects: tuple[ProjectRow, ...]
    units: tuple[UnitResult, ...]
    reports: tuple[UnitReports, ...]
    bulletins: tuple[BulletinLink, ...]


def project_path(project_id: int) -> str:
    return f"projects/{project_id:02d}.html"


def memo_status(ds: Dataset) -> StatusAt:
    """``build_status`` remembered by date: bulletins share their previous periods' ends."""
    cache: dict[date, StatusReport] = {}

    def status_at(day: date) -> StatusReport:
        if day not in cache:
            cache[day] = build_status(ds, day)
        return cache[day]

    return status_at


def bulletin_link(bulletin: Bulletin) -> BulletinLink:
    return BulletinLink(bulletin.period, bulletin.title, bulletin.as_of, bulletin.partial)


def site_index(report: StatusReport, links: tuple[BulletinLink, ...]) -> SiteIndex:
    plan = report.dataset.plan
    return SiteIndex(
        report.as_of,
        report.sample,
        plan,
        subject_of(plan),
        overview(report),
        project_rows(report),
        report.units,
        unit_reports(report),
        links,
    )


def project_pages(report: StatusReport) -> list[ProjectPage]:
    months = tuple(m for m in report_months(report.dataset.plan) if m <= month_of(report.as_of))
    pages = []
    for row, result in zip(project_rows(report), report.projects, strict=True):
        history = tuple(history_row(report, r, months) for r in result.indicators)
        notes = sorted(report.timeline.notes(row.id), key=lambda n: (n.month, n.unit), reverse=True)
        pages.append(ProjectPage(row, result, months, history, tuple(notes)))
    return pages


def history_row(
    report: StatusReport, result: IndicatorResult, months: tuple[str, ...]
) -> HistoryRow:
    """The indicator month by month (``timeline.history``); months without a report are empty."""
    history = monthly(
        report.dataset, result.indicator, report.timeline.history(result.indicator.id)
    )
    by_month = {state.month: (state, done) for state, done in history}
    cells = tuple(
        HistoryCell(by_month[m][1], reported_text(result, by_month[m][0]))
        if m in by_month
        else None
        for m in months
    )
    return HistoryRow(result, cells)


def reported_text(result: IndicatorResult, state: IndicatorState) -> str | None:
    """What a month's report said for the indicator, in a few characters."""
    ind = result.indicator
    if isinstance(ind, Quantity | Threshold | Trend) and state.value is not None:
        return amounts.amount(state.value, ind.unit)
    if isinstance(ind, StageIndicator) and state.stage is not None:
        return fmt.stage(state.stage, state.percent)
    if isinstance(ind, Qualitative):
        if state.review is not None:
            return f"督查 {fmt.number(state.review)}分"
        if state.self_assessment is not None:
            return f"自评 {fmt.number(state.self_assessment)}分"
    return None
