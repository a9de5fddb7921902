"""通报: the plain facts a bulletin shows for a period, built from the status at its end.

Everything here is data (dataclasses of numbers, dates and strings); the wording and
layout live in the templates (``templates/bulletin.*.j2``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..compute.assess import YearAssessment, assess, assessment_day
from ..compute.changes import ProjectChange, Turn, by_gain, by_turn, project_changes
from ..compute.colours import DEFAULT_PALETTE, Palette
from ..compute.compliance import ReportRecord, ReportState
from ..compute.deadlines import deadlines
from ..compute.evaluate import IndicatorResult, ItemResult
from ..compute.forecast import Risk, risks
from ..compute.groups import facilities
from ..compute.schedule import Status
from ..compute.state import ProjectNote
from ..compute.status import ProjectResult, StatusReport, build_status
from ..compute.vocabulary import Categories, Category, Tally, categories, ratio_of
from ..dates import Period, PeriodKind, month_start, previous_end
from ..load.dataset import Dataset, Ladder, plan_due, plan_start
from ..load.reporting import Schedule
from ..models import Plan
from . import describe
from .dimensions import BulletinDimensions, bulletin_dimensions, dimensions_of
from .duban import DubanSection, duban_section, has_ledger
from .words import DEFAULT_WORDS, Words, words_of

StatusAt = Callable[[date], StatusReport]
LAGGING = (Status.YELLOW, Status.ORANGE, Status.RED)


@dataclass(frozen=True, slots=True)
class Overview:
    """总体情况 at one date: project counts by status, 完成率, 序时进度 and 开工率."""

    as_of: date
    projects: int
    done: int
    green: int
    yellow: int
    red: int
    completion: float
    expected: float
    facilities: int
    started: int
    orange: int = 0
    counts: tuple[tuple[str, int], ...] = ()  # (state key, projects) in the palette's order

    @property
    def lagging(self) -> int:
        return self.yellow + self.orange + self.red

    @property
    def start_rate(self) -> float | None:
        """开工率: the share of stage and checklist facilities that have at least started."""
        return self.started / self.facilities * 100 if self.facilities else None


@dataclass(frozen=True, slots=True)
class Comparison:
    """The previous period's end ("上月末", "上季度末", "三季度末"): its overview, and the
    projects that moved or changed colour since."""

    label: str
    overview: Overview
    changes: tuple[ProjectChange, ...]
    lagging_in: tuple[int, ...] = ()  # projects lagging now that were not then
    lagging_out: tuple[int, ...] = ()  # projects lagging then that are not now

    @property
    def lagging_changed(self) -> bool:
        """The set of lagging projects differs, even when their number does not."""
        return bool(self.lagging_in or self.lagging_out)

    @property
    def turns(self) -> tuple[tuple[Turn, tuple[ProjectChange, ...]], ...]:
        return by_turn(self.changes)


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """分项进展: one project, with the latest reported progress."""

    id: int
    name: str
    lead: str
    units: tuple[str, ...]
    completion: float
    expected: float
    status: str
    progress: str | None
    progress_unit: str | None
    progress_month: str | None
    last_month: str | None
    category: str | None = None  # 提前完成, 滞后 … (shown under an office's rules)


@dataclass(frozen=True, slots=True)
class LagItem:
    """滞后事项: an indicator or checklist item behind 序时进度, or past due and unfinished."""

    project_id: int
    project: str
    indicator: str
    item: str | None
    units: tuple[str, ...]
    target: str
    actual: str
    completion: float
    expected: float
    status: str
    due: date
    overdue: bool

    @property
    def name(self) -> str:
        return self.indicator if self.item is None else f"{self.indicator}·{self.item}"


@dataclass(frozen=True, slots=True)
class OverdueMilestone:
    """A 节点 whose date has passed while the work is still short of what it planned."""

    project_id: int
    project: str
    name: str
    units: tuple[str, ...]
    due: date
    completion: float
    planned: float


@dataclass(frozen=True, slots=True)
class ReportIssue:
    """A late (逾期) or missing (未报送) monthly report."""

    unit: str
    month: str
    due: date
    submitted: date | None
    state: str
    label: str = ""  # the period: "6月", "第二季度"

    @property
    def days_late(self) -> int | None:
        return (self.submitted - self.due).days if self.submitted else None


@dataclass(frozen=True, slots=True)
class UnitReports:
    """报送情况 of one unit: counts for the months begun so far, and its late or missing ones."""

    unit: str
    on_time: int
    late: int
    missing: int
    pending: int
    issues: tuple[ReportIssue, ...]

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def total(self) -> int:
        return self.due + self.pending


@dataclass(frozen=True, slots=True)
class Bulletin:
    period: Period
    as_of: date
    sample: bool
    plan: Plan
    subject: str
    title: str
    issue_number: int | None
    issuers: tuple[str, ...]
    overview: Overview
    previous: Comparison | None
    projects: tuple[ProjectRow, ...]
    lagging: tuple[LagItem, ...]
    overdue: tuple[OverdueMilestone, ...]
    units: tuple[UnitReports, ...]
    totals: UnitReports
    assessment: YearAssessment | None
    words: Words = DEFAULT_WORDS
    palette: Palette = DEFAULT_PALETTE
    extras: Extras | None = None  # under an office's rules (office.yaml) only
    duban: DubanSection | None = None  # 挂牌督办及销号情况, where the folder keeps a 督办 ledger
    # the list's other dimensions (levels, money, areas, people), when the registry has them
    dimensions: BulletinDimensions[ProjectRow] | None = None

    @property
    def partial(self) -> bool:
        """True when the period is still running at the statistics date."""
        return self.as_of < self.period.end

    @property
    def next_steps(self) -> tuple[str, ...]:
        return self.plan.next_steps

    @property
    def issues(self) -> tuple[ReportIssue, ...]:
        return tuple(i for u in self.units for i in u.issues)

    @property
    def overdue_lagging(self) -> tuple[LagItem, ...]:
        """The lagging items already past their due date (逾期未完成), listed in 滞后事项."""
        return tuple(x for x in self.lagging if x.overdue)


def build_bulletin(
    ds: Dataset, period: Period, as_of: date, status_at: StatusAt | None = None
) -> Bulletin:
    """The bulletin of ``period`` as things stood at ``as_of`` (normally the period's end)."""
    status_of = status_at or (lambda day: build_status(ds, day))
    report = status_of(as_of)
    subject = subject_for(ds)
    year_end = period.kind is PeriodKind.YEAR
    found = categories(report) if ds.office_rules is not None else None
    rows = project_rows(report, found)
    lags = lagging(report)
    return Bulletin(
        period=period,
        as_of=as_of,
        sample=report.sample,
        plan=ds.plan,
        subject=subject,
        title=title_of(subject, period),
        issue_number=issue_number(ds.plan, period),
        issuers=issuers(ds.plan, period),
        overview=overview(report),
        previous=comparison(ds, period, report, status_of),
        projects=rows,
        lagging=lags,
        overdue=overdue_milestones(report),
        units=unit_reports(report),
        totals=report_totals(report),
        assessment=year_assessment(ds, report) if year_end else None,
        words=words_of(ds),
        palette=report.palette,
        extras=extras(report, found) if found is not None else None,
        duban=duban_section(ds, period.start, as_of) if has_ledger(ds) else None,
        dimensions=bulletin_dimensions(
            dimensions_of(report), rows, (x.project_id for x in lags), words_of(ds).list_name
        ),
    )


def year_assessment(ds: Dataset, report: StatusReport) -> YearAssessment:
    """The year bulletin's 年终考核: at the year's end, reports are counted at the default
    考核日 (as ``minsheng assess`` counts them); a bulletin made earlier counts at its date."""
    day = assessment_day(ds) if report.as_of >= plan_due(ds.plan) else report.as_of
    return assess(report, max(day, report.as_of))


# 工作目标任务 in either script: the registry's data shows in the registry's own script.
_TASK_SUFFIX = re.compile(r"(工作)?(目[标標])?任[务務]$")


def subject_of(plan: Plan, override: str | None = None) -> str:
    """What the bulletin is about: the plan title without "工作目标任务", with the year."""
    if override:
        return override
    subject = _TASK_SUFFIX.sub("", plan.title) or plan.title
    return subject if str(plan.year) in subject else f"{plan.year}年{subject}"


def subject_for(ds: Dataset) -> str:
    """The subject, as the office words it when office.yaml says so."""
    words = ds.office.words if ds.office is not None else None
    return subject_of(ds.plan, words.subject if words is not None else None)


@dataclass(frozen=True, slots=True)
class ColourCount:
    key: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class RiskItem:
    """逾期风险: an unfinished indicator whose forecast falls short by its due date."""

    project_id: int
    project: str
    indicator: str
    units: tuple[str, ...]
    due: date
    completion: float
    basis: str  # 单位预计 | 按近期趋势
    forecast: str  # 预计年底完成量 or the unit's forecast, as text
    done_by: date | None


@dataclass(frozen=True, slots=True)
class Extras:
    """What a bulletin adds under the office's rules: the projects counted by colour, the
    categories with 占比 (件 and 项), and the items at risk of missing their due date."""

    colours: tuple[ColourCount, ...]
    by_project: Tally
    by_indicator: Tally
    risks: tuple[RiskItem, ...]
    exceeded: tuple[tuple[str, float], ...] = ()  # 超额完成: (indicator, uncapped ratio)


def extras(report: StatusReport, found: Categories) -> Extras:
    palette = report.palette
    counts = report.overall.counts
    exceeded = []
    for p in report.projects:
        for r in p.indicators:
            ratio = ratio_of(r)
            if found.indicators[r.ref.id] is Category.EXCEEDED and ratio is not None:
                exceeded.append((r.indicator.name, ratio))
    return Extras(
        tuple(ColourCount(k, palette.name(k), counts.get(k, 0)) for k in palette.keys),
        found.by_project,
        found.by_indicator,
        tuple(risk_item(r) for r in risks(report)),
        tuple(exceeded),
    )


def risk_item(risk: Risk) -> RiskItem:
    r, f = risk.result, risk.forecast
    basis, text = describe.forecast_text(r, f)
    return RiskItem(
        r.ref.project.id,
        r.ref.project.name,
        r.indicator.name,
        r.ref.owners,
        r.due,
        r.completion,
        basis,
        text,
        f.done_by,
    )


def title_of(subject: str, period: Period) -> str:
    if period.kind is PeriodKind.MONTH:
        return f"{subject}{period.label}调度情况"
    if period.kind is PeriodKind.QUARTER:
        return f"关于{subject}{period.label}推进情况的通报"
    return f"关于{subject}年度完成情况的通报"


def issue_number(plan: Plan, period: Period) -> int | None:
    """期数: quarters count 1–4; months count from the first reporting month; the year has none."""
    if period.kind is PeriodKind.QUARTER:
        return period.number
    if period.kind is PeriodKind.MONTH:
        first = month_start(plan.reporting.first_month)
        count = (period.year - first.year) * 12 + period.number - first.month + 1
        return count if count >= 1 else None
    return None


def issuers(plan: Plan, period: Period) -> tuple[str, ...]:
    """Monthly 调度 comes from the coordinator; the 通报 jointly from the supervision office
    (once, when one office plays both roles)."""
    if period.kind is PeriodKind.MONTH or plan.supervisor in (None, plan.coordinator):
        return (plan.coordinator,)
    return (plan.supervisor, plan.coordinator)


def overview(report: StatusReport) -> Overview:
    o = report.overall
    total, started = facilities(report)
    return Overview(
        report.as_of,
        o.projects,
        o.done,
        o.green,
        o.yellow,
        o.red,
        o.completion,
        o.expected,
        total,
        started,
        o.counts.get("orange", 0),
        tuple(o.counts.items()),
    )


def comparison(
    ds: Dataset, period: Period, now: StatusReport, status_of: StatusAt
) -> Comparison | None:
    """The previous period's end compared with ``now``, unless no report could have come in
    by that end."""
    label, day = previous_end(period)
    if day < max(plan_start(ds.plan), month_start(ds.plan.reporting.first_month)):
        return None
    then = status_of(day)
    before, after = lagging_ids(then), lagging_ids(now)
    return Comparison(
        label,
        overview(then),
        by_gain(project_changes(then, now)),
        tuple(i for i in after if i not in before),
        tuple(i for i in before if i not in after),
    )


def lagging_ids(report: StatusReport) -> tuple[int, ...]:
    """The projects behind schedule (yellow or red), in registry order."""
    return tuple(p.project.id for p in report.projects if p.status in LAGGING)


def has_started(ladder: Ladder, stage: str | None) -> bool:
    """At or past the ladder's 开工 step: the one marked ``started``, else 开工, else the
    first step after 未启动."""
    return ladder.started(stage)


def project_rows(report: StatusReport, found: Categories | None = None) -> tuple[ProjectRow, ...]:
    rows = []
    for p in report.projects:
        note = latest_progress(p)
        category = found.projects.get(p.project.id) if found is not None else None
        rows.append(
            ProjectRow(
                p.project.id,
                p.project.name,
                p.lead,
                p.project.units,
                p.completion,
                p.expected,
                p.status.value,
                note.report.progress if note else None,
                note.unit if note else None,
                note.month if note else None,
                p.last_month,
                found.label(category) if found is not None and category is not None else None,
            )
        )
    return tuple(rows)


def latest_progress(project: ProjectResult) -> ProjectNote | None:
    """The most recent 进展情况 on the project; in a tie, the lead unit's."""
    order = {unit: i for i, unit in enumerate(project.project.units)}
    notes = [n for n in project.notes if n.report.progress]
    if not notes:
        return None
    return max(notes, key=lambda n: (n.month, -order.get(n.unit, len(order))))


def lagging(report: StatusReport) -> tuple[LagItem, ...]:
    """Lagging checklist items, or the indicator itself when none of its items is listed."""
    found: list[LagItem] = []
    for project in report.projects:
        for result in project.indicators:
            items = [_item_lag(result, i) for i in result.items if i.status in LAGGING]
            found += items
            if not items and result.status in LAGGING:
                found.append(_indicator_lag(result))
    return tuple(found)


def _indicator_lag(result: IndicatorResult) -> LagItem:
    ref = result.ref
    return LagItem(
        ref.project.id,
        ref.project.name,
        ref.indicator.name,
        None,
        ref.owners,
        describe.target_text(result),
        describe.actual_text(result),
        result.completion,
        result.expected,
        result.status.value,
        result.due,
        result.overdue,
    )


def _item_lag(result: IndicatorResult, item: ItemResult) -> LagItem:
    ref = result.ref
    return LagItem(
        ref.project.id,
        ref.project.name,
        ref.indicator.name,
        item.item.name,
        item.item.units or ref.owners,
        item.item.target,
        describe.item_actual_text(item),
        item.completion,
        item.expected,
        item.status.value,
        result.due,
        result.overdue and not item.done,
    )


def overdue_milestones(report: StatusReport) -> tuple[OverdueMilestone, ...]:
    """Milestones (节点) past their date and not yet reached, from ``compute.deadlines``."""
    projects = report.dataset.projects
    return tuple(
        OverdueMilestone(
            d.project or 0,
            projects[d.project].name if d.project in projects else "",
            d.name,
            d.units,
            d.due,
            d.completion or 0.0,
            d.planned or 0.0,
        )
        for d in deadlines(report, within=0, risk=False).overdue
        if d.kind == "milestone"
    )


def unit_reports(report: StatusReport) -> tuple[UnitReports, ...]:
    """报送情况 per responsible unit, in registry order."""
    schedule = report.dataset.schedule
    return tuple(
        _tally(unit.name, [r for r in report.records if r.unit == unit.name], schedule)
        for unit in report.units
    )


def report_totals(report: StatusReport) -> UnitReports:
    return _tally("合计", list(report.records), report.dataset.schedule)


def period_label(schedule: Schedule, record: ReportRecord) -> str:
    """The period a report is for: "6月", "第二季度"."""
    owed = schedule.find(record.unit, record.month)
    return owed.short_label if owed is not None else f"{int(record.month[5:7])}月"


def _tally(unit: str, records: list[ReportRecord], schedule: Schedule) -> UnitReports:
    def count(state: ReportState) -> int:
        return sum(r.state is state for r in records)

    issues = tuple(
        ReportIssue(r.unit, r.month, r.due, r.submitted, r.state.value, period_label(schedule, r))
        for r in records
        if r.state in (ReportState.LATE, ReportState.MISSING)
    )
    return UnitReports(
        unit,
        count(ReportState.ON_TIME),
        count(ReportState.LATE),
        count(ReportState.MISSING),
        count(ReportState.PENDING),
        issues,
    )
