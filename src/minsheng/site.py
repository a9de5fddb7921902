"""The static site (`minsheng site`): index, a page per project, every bulletin so far, the
JSON and the Excel workbook.

:func:`build_site` returns ``{relative path: text or bytes}`` and writes nothing; the same
data and date give the same bytes, so a site kept in git or published by CI diffs cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from jinja2 import Environment

from .bulletin import (
    Bulletin,
    Overview,
    ProjectRow,
    StatusAt,
    UnitReports,
    build_bulletin,
    overview,
    project_rows,
    subject_of,
    unit_reports,
)
from .compute.evaluate import IndicatorResult, monthly
from .compute.state import IndicatorState, ProjectNote
from .compute.summary import ProjectResult, StatusReport, UnitResult, build_status
from .dataset import Dataset, month_of, report_months
from .models import Plan, Qualitative, Quantity, StageIndicator, Threshold, Trend
from .period import Period, periods_until
from .render import fmt, status_json
from .render.templating import render

MARKER = ".minsheng-site"
FORMATS = ("html", "md")
WORKBOOK = "status.xlsx"  # `minsheng export` of the site's date


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


def build_site(
    ds: Dataset, as_of: date, env: Environment, progress: Callable[[int, int], None] | None = None
) -> dict[str, str | bytes]:
    """Every file of the site at ``as_of``, by path relative to the site folder, sorted.

    ``progress(done, total)`` hears of each bulletin and project page as it is made.
    """
    status_at = memo_status(ds)
    report = status_at(as_of)
    files: dict[str, str | bytes] = {}
    links = []
    periods = periods_until(ds.plan.year, ds.plan.reporting.first_month, as_of)
    total = len(periods) + len(report.projects)
    for done, period in enumerate(periods, 1):
        if progress is not None:
            progress(done, total)
        bulletin = build_bulletin(ds, period, min(as_of, period.end), status_at)
        link = bulletin_link(bulletin)
        for kind in FORMATS:
            files[link.path(kind)] = render(
                env, f"bulletin.{kind}.j2", b=bulletin, sample=bulletin.sample
            )
        links.append(link)
    index = site_index(report, tuple(links))
    for done, page in enumerate(project_pages(report), len(periods) + 1):
        if progress is not None and done % 16 == 0:
            progress(done, total)
        files[page.path] = render(
            env, "site/project.html.j2", page=page, site=index, sample=report.sample
        )
    files["index.html"] = render(env, "site/index.html.j2", site=index, sample=report.sample)
    files["status.json"] = status_json.as_json(report, history=True)
    files[WORKBOOK] = workbook(report)
    return dict(sorted(files.items()))


def workbook(report: StatusReport) -> bytes:
    """The Excel workbook of ``minsheng export`` (openpyxl is loaded here, not before)."""
    from .render.export_book import build_book
    from .render.workbook import as_xlsx

    return as_xlsx(build_book(report))


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
        return fmt.amount(state.value, ind.unit)
    if isinstance(ind, StageIndicator) and state.stage is not None:
        return state.stage
    if isinstance(ind, Qualitative):
        if state.review is not None:
            return f"督查 {fmt.number(state.review)}分"
        if state.self_assessment is not None:
            return f"自评 {fmt.number(state.self_assessment)}分"
    return None
