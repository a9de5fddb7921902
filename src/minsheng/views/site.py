"""What the static site's pages show: the index, a page per project with its monthly history,
and the links to every bulletin so far (rendered by :mod:`minsheng.render.site`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date

from ..compute.colours import DEFAULT_PALETTE, ColourHistory, Palette
from ..compute.duban import ledger
from ..compute.evaluate import IndicatorResult, monthly
from ..compute.recolour import colour_history
from ..compute.schedule import Status
from ..compute.state import IndicatorState, ProjectNote
from ..compute.status import ProjectResult, StatusReport, UnitResult, build_status
from ..compute.vocabulary import Categories, categories, ratio_of
from ..dates import Period, month_of, previous_end
from ..load.dataset import report_months
from ..models import Plan, Qualitative, Quantity, StageIndicator, Threshold, Trend
from ..records import frozen
from ..text import amounts, fmt
from .bulletin import (
    Bulletin,
    Overview,
    ProjectRow,
    StatusAt,
    UnitReports,
    overview,
    project_rows,
    subject_for,
    unit_reports,
)
from .duban import ActionRow, InspectionRow, action_row, has_ledger, inspections_in
from .words import DEFAULT_WORDS, Words, words_of


@frozen
class BulletinLink:
    period: Period
    title: str
    as_of: date
    partial: bool

    def path(self, kind: str) -> str:
        return f"bulletins/{self.period.key}.{kind}"


@frozen
class HistoryCell:
    """One indicator in one month: the completion it meant, and what was reported."""

    completion: float
    reported: str | None


@frozen
class HistoryRow:
    result: IndicatorResult
    cells: tuple[HistoryCell | None, ...]


@frozen
class ColourRow:
    """颜色历史 of one indicator (or the project itself): its colour at each period end."""

    label: str
    colours: tuple[Status, ...]


@frozen
class OfficeView:
    """What a project page adds under the office's rules: categories, ratios, colour history."""

    periods: tuple[str, ...]  # "4月", "第二季度"
    colours: tuple[ColourRow, ...]
    categories: dict[str, str]  # indicator id -> 提前完成 …
    ratios: dict[str, float | None]  # indicator id -> 完成比例 (uncapped)


@frozen
class ProjectDuban:
    """督办和督查 of one project: its actions (with replies) and the inspections' findings on it."""

    actions: tuple[ActionRow, ...]
    inspections: tuple[InspectionRow, ...]


@frozen
class ProjectPage:
    row: ProjectRow
    result: ProjectResult
    months: tuple[str, ...]
    history: tuple[HistoryRow, ...]
    notes: tuple[ProjectNote, ...]
    office: OfficeView | None = None
    duban: ProjectDuban | None = None  # where the folder keeps a 督办 ledger

    @property
    def path(self) -> str:
        return project_path(self.row.id)


@frozen
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
    palette: Palette = DEFAULT_PALETTE
    words: Words = DEFAULT_WORDS


def project_path(project_id: int) -> str:
    return f"projects/{project_id:02d}.html"


def bulletins_in_turn(
    report: StatusReport, periods: Sequence[Period]
) -> Iterator[tuple[Period, date, StatusAt]]:
    """The bulletins' periods in the order of their dates (ties: as ``periods`` has them), each
    with its date (at most ``report``'s) and a ``build_status`` remembered by date for as long
    as a later bulletin needs it: each compares with its previous period's end
    (``previous_end``), so a site holds a few pictures at once, not one per period end."""
    ds, as_of = report.dataset, report.as_of
    day = {period: min(as_of, period.end) for period in periods}
    turn = sorted(periods, key=day.__getitem__)
    last_use: dict[date, int] = {}
    for number, period in enumerate(turn):
        last_use[day[period]] = last_use[previous_end(period)[1]] = number
    cache = {as_of: report}

    def status_at(when: date) -> StatusReport:
        if when not in cache:
            cache[when] = build_status(ds, when)
        return cache[when]

    for number, period in enumerate(turn):
        yield period, day[period], status_at
        for when in [d for d in cache if last_use.get(d, -1) <= number]:
            del cache[when]


def bulletin_link(bulletin: Bulletin) -> BulletinLink:
    return BulletinLink(bulletin.period, bulletin.title, bulletin.as_of, bulletin.partial)


def site_index(report: StatusReport, links: tuple[BulletinLink, ...]) -> SiteIndex:
    ds = report.dataset
    found = categories(report) if ds.office_rules is not None else None
    return SiteIndex(
        report.as_of,
        report.sample,
        ds.plan,
        subject_for(ds),
        overview(report),
        project_rows(report, found),
        report.units,
        unit_reports(report),
        links,
        report.palette,
        words_of(ds),
    )


def project_pages(report: StatusReport) -> Iterator[ProjectPage]:
    """Each project's page, made when asked for (a site holds one at a time)."""
    months = tuple(m for m in report_months(report.dataset.plan) if m <= month_of(report.as_of))
    office = report.dataset.office_rules is not None
    found = categories(report) if office else None
    colours = colour_history(report) if office else None
    ds = report.dataset
    book = ledger(ds, report.as_of) if has_ledger(ds) else None
    inspections = inspections_in(ds, date.min, report.as_of) if book is not None else ()
    for row, result in zip(project_rows(report, found), report.projects, strict=True):
        history = tuple(history_row(report, r, months) for r in result.indicators)
        notes = sorted(report.timeline.notes(row.id), key=lambda n: (n.month, n.unit), reverse=True)
        view = (
            office_view(result, colours, found)
            if colours is not None and found is not None
            else None
        )
        duban = None
        if book is not None:
            duban = ProjectDuban(
                tuple(action_row(ds, a) for a in book.of_project(row.id)),
                tuple(only_project(i, row.id) for i in inspections if _on(i, row.id)),
            )
        yield ProjectPage(row, result, months, history, tuple(notes), view, duban)


def _on(inspection: InspectionRow, project: int) -> bool:
    return any(f.project_id == project for f in inspection.findings)


def only_project(inspection: InspectionRow, project: int) -> InspectionRow:
    """The inspection with only its findings on ``project``."""
    findings = tuple(f for f in inspection.findings if f.project_id == project)
    return replace(inspection, findings=findings)


def office_view(result: ProjectResult, history: ColourHistory, found: Categories) -> OfficeView:
    """The project's colour history, its indicators' categories and uncapped ratios."""
    rows = [ColourRow("项目", history.projects[result.project.id])]
    rows += [
        ColourRow(f"{r.ref.id} {r.indicator.name}", history.indicators[r.ref.id])
        for r in result.indicators
        if not r.monitor
    ]
    return OfficeView(
        tuple(p.label for p in history.periods),
        tuple(rows),
        {r.ref.id: found.label(found.indicators[r.ref.id]) for r in result.indicators},
        {r.ref.id: ratio_of(r) for r in result.indicators},
    )


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
