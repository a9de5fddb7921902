"""通报: the plain facts a bulletin shows for a period, built from the status at its end.

Everything here is data (dataclasses of numbers, dates and strings). The words are built
from these facts once, in ``views.tongbao`` (as a ``views.document.Document``); the
templates and the Word writer only lay that out.

Who is named follows the office rules' vocabulary (``compute.vocabulary``, 5 points'
tolerance by default): an item is 滞后 or 严重滞后 there, or it is not named at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from ..compute.assess import YearAssessment, assess, assessment_day
from ..compute.changes import ProjectChange, Turn, by_gain, by_turn, project_changes
from ..compute.colours import DEFAULT_PALETTE, Palette, shown
from ..compute.compliance import ReportRecord, ReportState
from ..compute.deadlines import Deadline, deadlines, milestone_text
from ..compute.evaluate import IndicatorResult, ItemResult
from ..compute.forecast import Risk, risks
from ..compute.groups import facilities
from ..compute.schedule import Status
from ..compute.state import ProjectNote
from ..compute.status import ProjectResult, StatusReport, build_status
from ..compute.vocabulary import (
    NAMED,
    Categories,
    Category,
    Tally,
    categories,
    item_category,
    ratio_of,
)
from ..dates import Period, PeriodKind, month_of, month_start, previous_end
from ..load.dataset import Dataset, Ladder, plan_due, plan_start
from ..load.reporting import Schedule
from ..models import Plan, Quantity, Threshold
from ..models.office import BulletinSettings
from ..models.progress import MilestoneMark
from ..records import frozen
from . import describe
from .dimensions import BulletinDimensions, bulletin_dimensions, dimensions_of
from .duban import DubanSection, duban_section, has_ledger
from .people import PersonView, unit_contact
from .words import DEFAULT_WORDS, Words, words_of

StatusAt = Callable[[date], StatusReport]
NO_SETTINGS = BulletinSettings()
LAGGING = (Status.YELLOW, Status.ORANGE, Status.RED)


@frozen
class Overview:
    """总体情况 at one date: project counts by status, 完成率, 序时进度 and 开工率.

    The bulletin's view of ``compute.status.Overall`` (the status picture's totals), with
    what only bulletins say: 开工率 and the projects by the vocabulary's categories, for this
    period's end and the previous one's (``PreviousPeriod``). Not named ``Overall`` because
    it is not the same set of facts."""

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
    tally: Tally | None = None  # the projects by the vocabulary's categories (件)

    @property
    def lagging(self) -> int:
        return self.yellow + self.orange + self.red

    def of(self, *wanted: Category) -> int:
        """Projects in any of ``wanted`` categories (0 without a tally)."""
        return sum(self.tally.of(c) for c in wanted) if self.tally is not None else 0

    @property
    def behind(self) -> int:
        """Projects 滞后 or 严重滞后 under the vocabulary: the ones a 通报 names."""
        return self.of(*NAMED)

    @property
    def finished(self) -> int:
        """Projects done (超额完成, 提前完成, 已完成)."""
        return self.of(Category.EXCEEDED, Category.EARLY, Category.DONE)

    @property
    def on_track(self) -> int:
        """Projects at or ahead of 序时进度, not yet done (超序时, 按序时)."""
        return self.of(Category.AHEAD, Category.ON_SCHEDULE)

    @property
    def start_rate(self) -> float | None:
        """开工率: the share of stage and checklist facilities that have at least started."""
        return self.started / self.facilities * 100 if self.facilities else None


@frozen
class PreviousPeriod:
    """The previous period's end ("上月末", "上季度末", "三季度末"): its overview, and the
    projects that moved or changed colour since."""

    label: str
    overview: Overview
    changes: tuple[ProjectChange, ...]
    lagging_in: tuple[int, ...] = ()  # projects lagging now that were not then
    lagging_out: tuple[int, ...] = ()  # projects lagging then that are not now
    found: Categories | None = None  # the categories at the previous end

    @property
    def lagging_changed(self) -> bool:
        """The set of lagging projects differs, even when their number does not."""
        return bool(self.lagging_in or self.lagging_out)

    @property
    def turns(self) -> tuple[tuple[Turn, tuple[ProjectChange, ...]], ...]:
        return by_turn(self.changes)


@frozen
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
    text: str = ""  # the notice's words for the project (年度目标)


# A checklist item's own name reads whole from this length on (南大街城区菜市场标准化改造);
# a shorter one is a place or a school and is said with its indicator (护眼灯工程建设（庙坝中学）).
WHOLE_ITEM_NAME = 9
_TRAILING_NOTE = re.compile(r"（[^（）]*）$")


def item_name(indicator: str, item: str | None) -> str:
    """What a bulletin calls an indicator or one of its checklist items, in words."""
    if item is None:
        return indicator
    if len(item) >= WHOLE_ITEM_NAME:
        return item
    return f"{_TRAILING_NOTE.sub('', indicator) or indicator}（{item}）"


@frozen
class LagItem:
    """滞后事项: an indicator or checklist item behind 序时进度, or past due and unfinished,
    with its category under the vocabulary (滞后, 严重滞后 — or 按序时 when within the
    tolerance)."""

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
    category: Category = Category.BEHIND
    label: str = "滞后"
    kind: str = "quantity"  # the indicator's kind; "item" for a checklist item

    @property
    def name(self) -> str:
        return item_name(self.indicator, self.item)

    @property
    def gap(self) -> float:
        """Points behind 序时进度, as shown (one decimal)."""
        return shown(self.expected - self.completion)

    @property
    def serious(self) -> bool:
        return self.category is Category.FAR_BEHIND


@frozen
class OverdueMilestone:
    """A 节点 whose date has passed while the work is still short of what it planned."""

    project_id: int
    project: str
    name: str
    units: tuple[str, ...]
    due: date
    completion: float
    planned: float
    subject: str = ""  # the indicator or item, in words
    wanted: str = ""  # what the milestone asked for: "6月底前累计完成60公里"


@frozen
class Note:
    """进展情况 / 存在问题 / 下步打算: what one unit last said of a project in the period."""

    project_id: int
    project: str
    unit: str
    month: str
    progress: str | None
    problems: str | None
    next_steps: str | None


@frozen
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


@frozen
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


@frozen
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
    previous: PreviousPeriod | None
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
    found: Categories | None = None  # every project's and indicator's category
    slight: tuple[LagItem, ...] = ()  # behind 序时进度 within the tolerance: not named
    notes: tuple[Note, ...] = ()  # each unit's latest word on each project in the period
    risks: tuple[RiskItem, ...] = ()  # 逾期风险
    indicators: int = 0  # 项: the indicators counted (monitor-only left out)
    settings: BulletinSettings = NO_SETTINGS  # office.yaml ``bulletin``
    full_names: tuple[str, ...] = ()  # the issuers' full names, when known for all of them
    rows: tuple[IndicatorRow, ...] = ()  # every indicator, for the forms
    # the 联系人 of the units answering for named items, where the registry gives them
    contacts: tuple[tuple[str, PersonView], ...] = ()

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

    @property
    def year_end(self) -> bool:
        return self.period.kind is PeriodKind.YEAR

    @property
    def lagging_projects(self) -> tuple[int, ...]:
        """The projects with a named item, in registry order."""
        return tuple(dict.fromkeys(x.project_id for x in self.lagging))

    def notes_of(self, project_id: int, units: tuple[str, ...] = ()) -> tuple[Note, ...]:
        """The period's notes on a project, from ``units`` only when given."""
        return tuple(
            n for n in self.notes if n.project_id == project_id and (not units or n.unit in units)
        )


def lag_contacts(ds: Dataset, named: tuple[LagItem, ...]) -> tuple[tuple[str, PersonView], ...]:
    """The 联系人 of each unit answering for a named item, in the order they are named."""
    units = dict.fromkeys(u for x in named for u in x.units)
    found = ((u, unit_contact(ds.registry, u)) for u in units)
    return tuple((u, c) for u, c in found if c is not None)


def build_bulletin(
    ds: Dataset, period: Period, as_of: date, status_at: StatusAt | None = None
) -> Bulletin:
    """The bulletin of ``period`` as things stood at ``as_of`` (normally the period's end)."""
    status_of = status_at or (lambda day: build_status(ds, day))
    report = status_of(as_of)
    subject = subject_for(ds)
    year_end = period.kind is PeriodKind.YEAR
    found = categories(report)
    rows = project_rows(report, found)
    behind = lagging(report, found)
    named = tuple(x for x in behind if x.category in NAMED)
    return Bulletin(
        period=period,
        as_of=as_of,
        sample=report.sample,
        plan=ds.plan,
        subject=subject,
        title=title_of(subject, period, as_of),
        issue_number=issue_number(ds.plan, period),
        issuers=issuers(ds.plan, period),
        overview=overview(report, found),
        previous=comparison(ds, period, report, status_of),
        projects=rows,
        lagging=named,
        contacts=lag_contacts(ds, named),
        overdue=overdue_milestones(report),
        units=unit_reports(report),
        totals=report_totals(report),
        assessment=year_assessment(ds, report) if year_end else None,
        words=words_of(ds),
        palette=report.palette,
        extras=extras(report, found) if ds.office_rules is not None else None,
        duban=duban_section(ds, period.start, as_of) if has_ledger(ds) else None,
        dimensions=bulletin_dimensions(
            dimensions_of(report), rows, (x.project_id for x in named), words_of(ds).list_name
        ),
        found=found,
        slight=tuple(x for x in behind if x.category not in NAMED),
        notes=period_notes(report, period),
        risks=tuple(risk_item(r) for r in risks(report)),
        indicators=found.by_indicator.total,
        settings=ds.office.bulletin if ds.office is not None else NO_SETTINGS,
        full_names=full_names(ds, issuers(ds.plan, period)),
        rows=indicator_rows(report, found, period),
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


@frozen
class ColourCount:
    key: str
    name: str
    count: int


@frozen
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


@frozen
class Extras:
    """What a bulletin adds under the office's rules: the projects counted by colour, the
    categories with 占比 (件 and 项), and what was exceeded by how much."""

    colours: tuple[ColourCount, ...]
    by_project: Tally
    by_indicator: Tally
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


def period_words(period: Period, as_of: date) -> str:
    """The period as a title names it: «1—6月», «上半年», «全年»; one still running at
    ``as_of``: «截至8月15日»."""
    if as_of < period.end:
        return f"截至{as_of.month}月{as_of.day}日"
    return period.cumulative


def title_of(subject: str, period: Period, as_of: date | None = None) -> str:
    """«关于2022年城口县重点民生实事1—6月推进情况的通报»; a month's 调度情况; the year's 完成情况."""
    words = period_words(period, as_of or period.end)
    if period.kind is PeriodKind.MONTH:
        return f"{subject}{words}调度情况"
    if period.kind is PeriodKind.YEAR and words == period.cumulative:
        return f"关于{subject}{words}完成情况的通报"
    return f"关于{subject}{words}推进情况的通报"


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


def overview(report: StatusReport, found: Categories | None = None) -> Overview:
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
        found.by_project if found is not None else None,
    )


def comparison(
    ds: Dataset, period: Period, now: StatusReport, status_of: StatusAt
) -> PreviousPeriod | None:
    """The previous period's end compared with ``now``, unless no report could have come in
    by that end."""
    label, day = previous_end(period)
    if day < max(plan_start(ds.plan), month_start(ds.plan.reporting.first_month)):
        return None
    then = status_of(day)
    then_found = categories(then)
    before, after = lagging_ids(then, then_found), lagging_ids(now, categories(now))
    return PreviousPeriod(
        label,
        overview(then, then_found),
        by_gain(project_changes(then, now)),
        tuple(i for i in after if i not in before),
        tuple(i for i in before if i not in after),
        then_found,
    )


def lagging_ids(report: StatusReport, found: Categories) -> tuple[int, ...]:
    """The projects 滞后 or 严重滞后 under the vocabulary, in registry order."""
    return tuple(p.project.id for p in report.projects if found.projects[p.project.id] in NAMED)


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
                p.project.text,
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


def lagging(report: StatusReport, found: Categories) -> tuple[LagItem, ...]:
    """Everything behind 序时进度 (or overdue) and unfinished: each checklist item on its own,
    each other indicator whole, with its category; monitor-only indicators are never behind."""
    s = found.settings
    behind: list[LagItem] = []
    for project in report.projects:
        for result in project.indicators:
            if result.monitor or result.done:
                continue
            if result.items:
                for item in result.items:
                    category = item_category(result, item, s)
                    lag = _item_lag(result, item, category, s.label(category))
                    if not item.done and (lag.gap > 0 or lag.overdue):
                        behind.append(lag)
            else:
                lag = _indicator_lag(result, found)
                if lag.gap > 0 or lag.overdue:
                    behind.append(lag)
    return tuple(behind)


def _indicator_lag(result: IndicatorResult, found: Categories) -> LagItem:
    category = found.indicators[result.ref.id]
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
        category,
        found.label(category),
        ref.indicator.kind,
    )


def _item_lag(result: IndicatorResult, item: ItemResult, category: Category, label: str) -> LagItem:
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
        category,
        label,
        "item",
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
            _subject(report, d),
            d.wanted or "",
        )
        for d in deadlines(report, within=0, risk=False).overdue
        if d.kind == "milestone"
    )


def _subject(report: StatusReport, d: Deadline) -> str:
    """A milestone's indicator or item in words; a money milestone's: the project's 投资."""
    ref = report.dataset.indicators.get(d.indicator or "")
    if ref is not None:
        return item_name(ref.indicator.name, d.item)
    project = report.dataset.projects.get(d.project or 0)
    return f"{project.name}投资" if project is not None else ""


def period_notes(report: StatusReport, period: Period) -> tuple[Note, ...]:
    """Each unit's latest report on each project among those for the period's months (and
    arrived by the statistics date as the arrival rule has it), in registry order."""
    first, last = month_of(period.start), month_of(report.as_of)
    found = []
    for p in report.projects:
        order = {unit: i for i, unit in enumerate(p.project.units)}
        latest: dict[str, ProjectNote] = {}
        for note in report.timeline.notes(p.project.id):
            if first <= note.month <= last:
                latest[note.unit] = note
        for note in sorted(latest.values(), key=lambda n: order.get(n.unit, len(order))):
            r = note.report
            found.append(
                Note(
                    p.project.id,
                    p.project.name,
                    note.unit,
                    note.month,
                    r.progress,
                    r.problems,
                    r.next_steps,
                )
            )
    return tuple(found)


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


def full_names(ds: Dataset, short: tuple[str, ...]) -> tuple[str, ...]:
    """The issuers' full names (版头, 落款): the office's (office.yaml ``bulletin.full_names``),
    else the registry's units' own; only when every issuer has one, else none."""
    given = ds.office.bulletin.full_names if ds.office is not None else {}
    units = {u.name: u.full_name for u in ds.registry.units if u.full_name}
    found = tuple(given.get(name) or units.get(name) for name in short)
    return tuple(n for n in found if n) if all(found) else ()


@frozen
class PeriodMilestone:
    """A 节点 whose date falls in the period: what it asks for in its own words (the
    registry's ``note``, else worded from its figure), and a report's word on whether it
    was met."""

    due: date
    text: str
    item: str | None = None
    met: bool | None = None
    note: str | None = None


@frozen
class IndicatorRow:
    """One indicator (目标任务) as the forms show it: 进展汇总表 and 进度表."""

    project_id: int
    project: str
    id: str
    name: str
    units: tuple[str, ...]
    measure: str | None  # 计量单位
    target: str  # 工作目标, in words
    target_value: float | None
    actual: str  # 已完成, in words
    actual_value: float | None
    ratio: float | None  # 占年任务之比 (uncapped), where the indicator has a figure
    completion: float
    expected: float
    monitor: bool
    category: Category
    label: str
    milestones: tuple[PeriodMilestone, ...] = ()


def indicator_rows(
    report: StatusReport, found: Categories, period: Period
) -> tuple[IndicatorRow, ...]:
    marks = milestone_marks(report, period)
    rows = []
    for p in report.projects:
        for r in p.indicators:
            ind = r.indicator
            value = r.state.value if isinstance(ind, Quantity | Threshold) else None
            target = ind.target if isinstance(ind, Quantity | Threshold) else None
            category = found.indicators[r.ref.id]
            rows.append(
                IndicatorRow(
                    p.project.id,
                    p.project.name,
                    r.ref.id,
                    ind.name,
                    r.ref.owners,
                    getattr(ind, "unit", None),
                    describe.target_text(r),
                    target,
                    describe.actual_text(r),
                    value,
                    ratio_of(r),
                    r.completion,
                    r.expected,
                    r.monitor,
                    category,
                    found.label(category),
                    period_milestones(r, period, marks.get(r.ref.id)),
                )
            )
    return tuple(rows)


def period_milestones(
    result: IndicatorResult, period: Period, mark: MilestoneMark | None
) -> tuple[PeriodMilestone, ...]:
    """The indicator's and its items' 节点 dated within the period; the report's mark goes
    with the indicator's own (the last of them)."""
    found: list[PeriodMilestone] = []
    owners: list[tuple[str | None, object]] = [(None, result.indicator)]
    owners += [(item.item.name, item.item) for item in result.items]
    for item, owner in owners:
        for m in getattr(owner, "milestones", ()):
            if period.start <= m.by <= period.end:
                text = m.note or milestone_text(m, owner)  # type: ignore[arg-type]
                found.append(PeriodMilestone(m.by, text, item))
    own = [i for i, m in enumerate(found) if m.item is None]
    if mark is not None and own:
        last = found[own[-1]]
        found[own[-1]] = PeriodMilestone(last.due, last.text, None, mark.met, mark.note)
    return tuple(found)


def milestone_marks(report: StatusReport, period: Period) -> dict[str, MilestoneMark]:
    """Each indicator's latest 节点 mark among the period's reports."""
    first, last = month_of(period.start), month_of(report.as_of)
    marks: dict[str, tuple[str, MilestoneMark]] = {}
    for p in report.projects:
        for note in report.timeline.notes(p.project.id):
            if not first <= note.month <= last:
                continue
            for entry in note.report.indicators:
                if entry.milestone is not None:
                    seen = marks.get(entry.id)
                    if seen is None or seen[0] <= note.month:
                        marks[entry.id] = (note.month, entry.milestone)
    return {key: mark for key, (_, mark) in marks.items()}
