"""The office's colour rules applied to a status picture: every indicator, checklist item,
project and unit recoloured, and the colour history (颜色历史) at every period end.

A period end's colour is judged as known at the statistics date: reports for that period
that came in later count for it, and a gap made up since is seen (the monthly preset
turns such a month yellow).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from ..dates import month_of
from ..load.dataset import Dataset
from ..models import ChecklistItem, Indicator, StageIndicator
from ..models.office import JustifiedDelay
from ..records import frozen
from .colours import ColourHistory, Facts, RuleSet, behind, rule_set
from .evaluate import IndicatorResult, ItemResult, evaluate, milestone_percent
from .money import Part, completion_part
from .schedule import DONE_AT, Status
from .state import EMPTY
from .status import ProjectResult, StatusReport, replace_report, rollup


@frozen
class Point:
    """One thing's figures at one date: a period end, or the statistics date."""

    day: date
    completion: float
    expected: float
    done: bool
    overdue: bool
    accepted: bool
    justified: bool
    started: bool
    end: bool


def facts_of(points: Sequence[Point], planned_start: date | None) -> list[Facts]:
    """The facts at each point: consecutive period ends behind, and gaps made up since."""
    if not points:
        return []
    final, run, found = points[-1], 0, []
    for k, p in enumerate(points):
        late = behind(p.completion, p.expected)
        if p.end:
            run = run + 1 if late else 0
        count = run if late else 0
        made_up = k < len(points) - 1 and late and not behind(final.completion, p.expected)
        found.append(
            Facts(
                p.day,
                p.completion,
                p.expected,
                p.done,
                p.overdue,
                p.accepted,
                p.justified,
                p.started,
                planned_start,
                count,
                made_up,
            )
        )
    return found


# ---- acceptance, justified delays, starts ------------------------------------------------


class Context:
    """What the rules need besides the figures: acceptance, accepted delays, the ladder."""

    def __init__(self, ds: Dataset, rules: RuleSet) -> None:
        self.ds = ds
        self.accepted: dict[tuple[int, str | None, str | None], date] = {}
        if rules.acceptance:
            for loaded in ds.acceptance:
                a = loaded.record
                key = (a.project, a.indicator, a.item)
                self.accepted[key] = min(a.accepted, self.accepted.get(key, a.accepted))
        self.delays = ds.office.justified if ds.office is not None else ()

    def is_accepted(self, day: date, project: int, indicator: str, item: str | None = None) -> bool:
        keys: list[tuple[int, str | None, str | None]] = [
            (project, None, None),
            (project, indicator, None),
        ]
        if item is not None:
            keys.append((project, indicator, item))
        return any(k in self.accepted and self.accepted[k] <= day for k in keys)

    def project_accepted(self, day: date, project: int) -> bool:
        found = self.accepted.get((project, None, None))
        return found is not None and found <= day

    def is_justified(
        self, day: date, project: int, indicator: str | None, item: str | None = None
    ) -> bool:
        return any(_covers(d, day, project, indicator, item) for d in self.delays)

    def started(self, result: IndicatorResult) -> bool:
        ladder = self.ds.ladder
        if isinstance(result.indicator, StageIndicator):
            return ladder.started(result.state.stage)
        if result.items:
            return any(self.item_started(i) for i in result.items)
        return result.completion > 0

    def item_started(self, item: ItemResult) -> bool:
        return item.state is not None and self.ds.ladder.started(item.state.stage)

    def planned_start(self, owner: Indicator | ChecklistItem) -> date | None:
        """计划开工: the first milestone at or past 开工 (for stages), else with any progress."""
        for m in owner.milestones:
            if m.stage is not None and self.ds.ladder.knows(m.stage):
                if self.ds.ladder.started(m.stage):
                    return m.by
            elif milestone_percent(self.ds, owner, m) > 0:
                return m.by
        starts = [self.planned_start(i) for i in getattr(owner, "items", ())]
        found = [d for d in starts if d is not None]
        return min(found) if found else None


def _covers(
    d: JustifiedDelay, day: date, project: int, indicator: str | None, item: str | None
) -> bool:
    if (d.since is not None and day < d.since) or (d.until is not None and day > d.until):
        return False
    if d.indicator is None:
        return d.project == project
    return d.indicator == indicator and (d.item is None or d.item == item)


# ---- the picture at each period end ------------------------------------------------------


def _earlier(
    report: StatusReport, result: IndicatorResult, days: list[date]
) -> list[IndicatorResult]:
    """The indicator as it stood at each of ``days`` (ascending), from the reports known at
    the statistics date: the state after the last month reported by then."""
    states = report.timeline.history(result.ref.id)
    found, k, state = [], 0, EMPTY
    for day in days:
        month = month_of(day)
        while k < len(states) and (states[k].month or "") <= month:
            state, k = states[k], k + 1
        found.append(evaluate(report.dataset, result.ref, state, day))
    return found


@frozen
class Track:
    """An indicator at each point (period ends, then the statistics date)."""

    results: tuple[IndicatorResult, ...]
    days: tuple[date, ...]
    ends: tuple[bool, ...]


def _indicator_points(ctx: Context, track: Track) -> list[Point]:
    return [
        Point(
            day,
            r.completion,
            r.expected,
            r.done,
            r.overdue,
            ctx.is_accepted(day, r.ref.project.id, r.ref.id),
            ctx.is_justified(day, r.ref.project.id, r.ref.id),
            ctx.started(r),
            end,
        )
        for r, day, end in zip(track.results, track.days, track.ends, strict=True)
    ]


def _item_points(ctx: Context, track: Track, index: int) -> list[Point]:
    points = []
    for r, day, end in zip(track.results, track.days, track.ends, strict=True):
        item = r.items[index]
        name, pid = item.item.name, r.ref.project.id
        points.append(
            Point(
                day,
                item.completion,
                item.expected,
                item.done,
                day >= r.due and not item.done,
                ctx.is_accepted(day, pid, r.ref.id, name),
                ctx.is_justified(day, pid, r.ref.id, name),
                ctx.item_started(item),
                end,
            )
        )
    return points


@frozen
class Coloured:
    """An indicator's colours at each point, and its items' (by position)."""

    colours: tuple[Status, ...]
    items: tuple[tuple[Status, ...], ...]


def _indicator_facts(ctx: Context, track: Track) -> list[Facts]:
    current = track.results[-1]
    return facts_of(_indicator_points(ctx, track), ctx.planned_start(current.indicator))


def _colour_indicator(ctx: Context, rules: RuleSet | None, track: Track) -> Coloured:
    current = track.results[-1]
    if rules is None:  # no office: the colours evaluate gave
        return Coloured(
            tuple(r.status for r in track.results),
            tuple(
                tuple(r.items[k].status for r in track.results) for k in range(len(current.items))
            ),
        )
    if current.monitor:
        return Coloured(tuple(Status.GREEN for _ in track.results), ())
    colours = tuple(rules.colour(f) for f in _indicator_facts(ctx, track))
    items = tuple(
        tuple(
            rules.colour(f)
            for f in facts_of(_item_points(ctx, track, k), ctx.planned_start(item.item))
        )
        for k, item in enumerate(current.items)
    )
    return Coloured(colours, items)


@frozen
class Group:
    """A project's or unit's colour and facts at each point."""

    colours: tuple[Status, ...]
    facts: tuple[Facts, ...]


def _group(
    ctx: Context,
    rules: RuleSet | None,
    members: Sequence[tuple[Track, Coloured]],
    days: tuple[date, ...],
    ends: tuple[bool, ...],
    accepted: Callable[[date, list[bool]], bool],
    justified: Callable[[date, list[bool]], bool],
    parts: Callable[[date], Sequence[Part]] = lambda day: (),
) -> Group:
    """A project's or unit's colour at each point, from its indicators' figures and colours
    (and the other ``parts`` of its completion at that date), with the facts the rules saw."""
    counted = [(t, c) for t, c in members if not t.results[-1].monitor]
    behind_by = ctx.ds.plan.thresholds.behind
    points, member_colours, plain = [], [], []
    for k, (day, end) in enumerate(zip(days, ends, strict=True)):
        results = [t.results[k] for t, _ in counted]
        extra = parts(day)
        done, plan, colour = rollup(results, behind_by, extra)
        plain.append(colour)
        all_done = (bool(results) or bool(extra)) and all(r.done for r in results)
        all_done = all_done and all(p.done for p in extra)
        # Not done while one indicator is not, even when the mean rounds to 100%.
        completion = done if all_done else min(done, DONE_AT - 0.01)
        flags = [ctx.is_accepted(day, r.ref.project.id, r.ref.id) for r in results]
        delays = [ctx.is_justified(day, r.ref.project.id, r.ref.id) for r in results]
        points.append(
            Point(
                day,
                completion,
                plan,
                all_done,
                any(r.overdue for r in results),
                accepted(day, flags),
                justified(day, delays),
                any(ctx.started(r) for r in results),
                end,
            )
        )
        member_colours.append([c.colours[k] for _, c in counted])
    starts = [ctx.planned_start(t.results[-1].indicator) for t, _ in counted]
    found = [d for d in starts if d is not None]
    facts = tuple(facts_of(points, min(found) if found else None))
    if rules is None:  # no office: today's aggregation
        return Group(tuple(plain), facts)
    colours = tuple(rules.group(f, m) for f, m in zip(facts, member_colours, strict=True))
    return Group(colours, facts)


def _every(day: date, flags: list[bool]) -> bool:
    """A group is accepted (or excused) when every one of its indicators is."""
    return bool(flags) and all(flags)


def _project_flag(
    own: Callable[[date, int], bool], project: int
) -> Callable[[date, list[bool]], bool]:
    """The project's own record, or every indicator's."""
    return lambda day, flags: own(day, project) or _every(day, flags)


# ---- recolouring a picture ---------------------------------------------------------------


@frozen
class Painted:
    """Every indicator, project and unit at each of a run of days: figures, facts, colours."""

    days: tuple[date, ...]
    ends: tuple[bool, ...]  # which days are period ends (what ``behind_periods`` counts)
    tracks: dict[str, Track]
    coloured: dict[str, Coloured]
    projects: dict[int, Group]
    units: dict[str, Group]
    ctx: Context

    def indicator_facts(self, indicator: str) -> list[Facts]:
        return _indicator_facts(self.ctx, self.tracks[indicator])


def paint(
    report: StatusReport, days: tuple[date, ...], ends: tuple[bool, ...], rules: RuleSet
) -> Painted:
    """``report``'s indicators, projects and units at each of ``days`` (ascending, none after
    its statistics date), as known at that date, coloured by ``rules`` under an office's
    rules and by the tool's own otherwise."""
    ds = report.dataset
    ctx = Context(ds, rules)
    # Without office.yaml's rules the colours are today's: no rule set is applied.
    applied = rules if ds.office_rules is not None else None
    current = bool(days) and days[-1] == report.as_of
    earlier = list(days[:-1]) if current else list(days)
    tracks: dict[str, Track] = {}
    coloured: dict[str, Coloured] = {}
    owned: dict[str, list[str]] = {}
    for p in report.projects:
        for r in p.indicators:
            results = _earlier(report, r, earlier)
            track = Track((*results, r) if current else tuple(results), days, ends)
            tracks[r.ref.id], coloured[r.ref.id] = track, _colour_indicator(ctx, applied, track)
            for unit in r.ref.owners:
                owned.setdefault(unit, []).append(r.ref.id)
    projects = {
        p.project.id: _group(
            ctx,
            applied,
            [(tracks[r.ref.id], coloured[r.ref.id]) for r in p.indicators],
            days,
            ends,
            _project_flag(ctx.project_accepted, p.project.id),
            _project_flag(lambda day, pid: ctx.is_justified(day, pid, None), p.project.id),
            _parts_of(report, p),
        )
        for p in report.projects
    }
    units = {
        u.name: _group(
            ctx,
            applied,
            [(tracks[i], coloured[i]) for i in owned.get(u.name, ())],
            days,
            ends,
            _every,
            _every,
        )
        for u in report.units
    }
    return Painted(days, ends, tracks, coloured, projects, units, ctx)


def recolour(report: StatusReport, *, history: bool = False) -> StatusReport:
    """``report`` coloured by the office's rules; with the colour history when the rules
    need it or ``history`` asks for it."""
    ds, as_of = report.dataset, report.as_of
    rules = rule_set(ds.plan, ds.office_rules)
    keep = history or rules.needs_history
    periods = tuple(p for p in ds.schedule.periods() if p.end <= as_of) if keep else ()
    earlier = [p.end for p in periods if p.end < as_of]
    days = (*earlier, as_of)
    ends = (*(True for _ in earlier), bool(periods) and periods[-1].end == as_of)
    painted = paint(report, days, ends, rules)
    coloured = painted.coloured
    projects = tuple(
        _project(p, coloured, painted.projects[p.project.id].colours[-1]) for p in report.projects
    )
    units = tuple(replace(u, status=painted.units[u.name].colours[-1]) for u in report.units)
    colours = None
    if keep:
        count = len(periods)
        colours = ColourHistory(
            periods,
            {i: c.colours[:count] for i, c in coloured.items()},
            {
                (i, item.item.name): c.items[k][:count]
                for i, c in coloured.items()
                for k, item in enumerate(painted.tracks[i].results[-1].items)
            },
            {pid: g.colours[:count] for pid, g in painted.projects.items()},
            {name: g.colours[:count] for name, g in painted.units.items()},
        )
    base = replace(report, rules=rules, colours=colours)
    return replace_report(base, projects, units, report.records)


def _parts_of(report: StatusReport, p: ProjectResult) -> Callable[[date], Sequence[Part]]:
    """The project's investment part at a date, when its registry counts it in."""
    return lambda day: completion_part(report.dataset, p.project, report.timeline, day)


def _project(p: ProjectResult, coloured: dict[str, Coloured], colour: Status) -> ProjectResult:
    indicators = tuple(_indicator(r, coloured[r.ref.id]) for r in p.indicators)
    return replace(p, indicators=indicators, status=colour)


def _indicator(r: IndicatorResult, c: Coloured) -> IndicatorResult:
    items = tuple(replace(i, status=c.items[k][-1]) for k, i in enumerate(r.items))
    return replace(r, status=c.colours[-1], items=items)


def colour_history(report: StatusReport) -> ColourHistory:
    """The colour history of ``report``: kept from its colouring, else worked out now."""
    if report.colours is not None:
        return report.colours
    found = recolour(report, history=True).colours
    assert found is not None
    return found
