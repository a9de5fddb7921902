"""The whole picture at a date: every project, unit and the overall figures (`minsheng status`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import field, replace
from datetime import date

from ..load.dataset import Dataset, plan_due, plan_start
from ..models import Project
from ..records import frozen
from . import completion as rules
from .colours import DEFAULT_KEYS, DEFAULT_PALETTE, ColourHistory, Palette, RuleSet
from .compliance import ReportRecord, counts, report_records
from .evaluate import IndicatorResult, evaluate
from .money import Part, completion_part
from .schedule import DONE_AT, Status, status
from .state import ProjectNote, Timeline


@frozen
class ProjectResult:
    project: Project
    indicators: tuple[IndicatorResult, ...]
    completion: float
    expected: float
    status: Status
    last_month: str | None
    timeline: Timeline

    @property
    def lead(self) -> str:
        return self.project.units[0]

    @property
    def notes(self) -> list[ProjectNote]:
        """Each unit's latest 进展情况 on the project (made on demand: JSON output needs none)."""
        return self.timeline.latest_notes(self.project.id)


@frozen
class UnitResult:
    name: str
    completion: float
    expected: float
    status: Status
    indicators: int
    reports: dict[str, int]
    lead_of: tuple[int, ...]


@frozen
class Overall:
    completion: float
    expected: float
    projects: int
    done: int  # completed, accepted or not
    green: int
    yellow: int
    red: int
    counts: dict[str, int] = field(default_factory=dict)  # projects by state key


@frozen
class StatusReport:
    as_of: date
    sample: bool
    dataset: Dataset
    projects: tuple[ProjectResult, ...]
    units: tuple[UnitResult, ...]
    overall: Overall
    records: tuple[ReportRecord, ...]
    timeline: Timeline
    rules: RuleSet | None = None  # the office's rules; None: the default preset
    colours: ColourHistory | None = None  # kept when the rules needed it
    unit: UnitResult | None = None  # the picture narrowed to this unit (``for_unit``)

    @property
    def palette(self) -> Palette:
        return self.rules.palette if self.rules is not None else DEFAULT_PALETTE


def default_as_of(ds: Dataset, today: date) -> date:
    """Today, clamped to the plan year: before it, its first day; after it, its last."""
    return min(max(today, plan_start(ds.plan)), plan_due(ds.plan))


def rollup(
    results: Sequence[IndicatorResult], behind: float, parts: Sequence[Part] = ()
) -> tuple[float, float, Status]:
    """Completion, 序时进度 and colour of a group of indicators (a project, a unit's share).

    Done when every indicator is; red when one is overdue; else by the weighted gap,
    but at least yellow while any single indicator is red, so one bad item is never hidden.
    Monitor-only indicators (no target) take no part. ``parts`` are what else the registry
    counts in (the investment, when it says ``in_completion``).
    """
    results = [r for r in results if not r.monitor]
    done = rules.weighted_mean(
        [
            *((r.completion, r.indicator.weight) for r in results),
            *((p.completion, p.weight) for p in parts),
        ]
    )
    plan = rules.weighted_mean(
        [
            *((r.expected, r.indicator.weight) for r in results),
            *((p.expected, p.weight) for p in parts),
        ]
    )
    if (results or parts) and all(r.done for r in results) and all(p.done for p in parts):
        return done, plan, Status.DONE
    overdue = any(r.overdue for r in results) or any(p.overdue for p in parts)
    colour = status(min(done, DONE_AT - 0.01), plan, behind, overdue)
    if colour is Status.GREEN and any(r.status is Status.RED for r in results):
        colour = Status.YELLOW
    return done, plan, colour


def project_result(ds: Dataset, project: Project, timeline: Timeline, as_of: date) -> ProjectResult:
    refs = [
        ds.indicators[i.id] for i in project.indicators if ds.indicators[i.id].project is project
    ]
    results = tuple(evaluate(ds, ref, timeline.state(ref.id), as_of) for ref in refs)
    parts = completion_part(ds, project, timeline, as_of)
    done, plan, colour = rollup(results, ds.plan.thresholds.behind, parts)
    return ProjectResult(
        project, results, done, plan, colour, timeline.last_month(project.id), timeline
    )


def build_status(ds: Dataset, as_of: date) -> StatusReport:
    timeline = Timeline(ds, as_of)
    projects = tuple(project_result(ds, p, timeline, as_of) for p in ds.projects.values())
    records = report_records(ds, as_of)
    units = tuple(_units(ds, projects, records))
    report = StatusReport(
        as_of, ds.sample, ds, projects, units, _overall(projects), tuple(records), timeline
    )
    if ds.office_rules is None:
        return report
    from .recolour import recolour  # it builds on this module

    return recolour(report)


def _overall(projects: tuple[ProjectResult, ...], keys: tuple[str, ...] = DEFAULT_KEYS) -> Overall:
    tally = defaultdict(int, dict.fromkeys(Status, 0))
    for p in projects:
        tally[p.status] += 1
    return Overall(
        completion=rules.weighted_mean((p.completion, 1.0) for p in projects),
        expected=rules.weighted_mean((p.expected, 1.0) for p in projects),
        projects=len(projects),
        done=tally[Status.DONE] + tally[Status.BLUE],
        green=tally[Status.GREEN],
        yellow=tally[Status.YELLOW],
        red=tally[Status.RED],
        counts={key: tally[Status(key)] for key in keys},
    )


def _units(
    ds: Dataset, projects: tuple[ProjectResult, ...], records: list[ReportRecord]
) -> list[UnitResult]:
    owned: dict[str, list[IndicatorResult]] = defaultdict(list)
    for project in projects:
        for result in project.indicators:
            for unit in result.ref.owners:
                owned[unit].append(result)
    by_unit: dict[str, list[ReportRecord]] = defaultdict(list)
    for record in records:
        by_unit[record.unit].append(record)
    leads: dict[str, list[int]] = defaultdict(list)
    for project in projects:
        leads[project.lead].append(project.project.id)
    units = []
    for name in ds.responsible_units:
        results = owned.get(name, [])
        done, plan, colour = rollup(results, ds.plan.thresholds.behind)
        reports = counts(by_unit.get(name, []))
        units.append(
            UnitResult(name, done, plan, colour, len(results), reports, tuple(leads[name]))
        )
    return units


def for_unit(report: StatusReport, unit: str) -> StatusReport:
    """The picture narrowed to one unit's projects, units row and reports.

    Its overall completion and 序时进度 are the unit's own — over the indicators it answers
    for, as lead or co-operating unit — as in ``units`` and the year-end assessment, not
    the mean of its projects (which include other units' indicators).
    """
    projects = tuple(p for p in report.projects if unit in p.project.units)
    units = tuple(u for u in report.units if u.name == unit)
    records = tuple(r for r in report.records if r.unit == unit)
    narrowed = replace_report(report, projects, units, records)
    if not units:
        return narrowed
    overall = replace(narrowed.overall, completion=units[0].completion, expected=units[0].expected)
    return replace(narrowed, overall=overall, unit=units[0])


def for_project(report: StatusReport, project_id: int) -> StatusReport:
    projects = tuple(p for p in report.projects if p.project.id == project_id)
    names = set(projects[0].project.units) if projects else set()
    units = tuple(u for u in report.units if u.name in names)
    records = tuple(r for r in report.records if r.unit in names)
    return replace_report(report, projects, units, records)


def replace_report(
    report: StatusReport,
    projects: tuple[ProjectResult, ...],
    units: tuple[UnitResult, ...],
    records: tuple[ReportRecord, ...],
) -> StatusReport:
    return StatusReport(
        report.as_of,
        report.sample,
        report.dataset,
        projects,
        units,
        _overall(projects, report.palette.keys),
        records,
        report.timeline,
        report.rules,
        report.colours,
    )
