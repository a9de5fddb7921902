"""投资与资金: planned and completed investment, 到位率 and 拨付率, per project and summed.

- 投资完成率 = 累计完成投资 ÷ 年度计划投资 (÷ 总投资 when no annual plan is given), uncapped;
- 资金到位率 = Σ 累计下达 ÷ Σ 各资金来源计划金额;
- 资金拨付率 = Σ 累计拨付 ÷ Σ 累计下达.

Money stays out of a project's completion unless its registry entry says
``investment.in_completion: true``; then the investment completion rate (capped at 100%)
joins the indicators as one more part of the weighted mean, with its own 序时进度 (from
``completed`` money milestones, else linear) — see :func:`completion_part`.
Sums over several projects are in 万元, shown in the unit every project shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from ..dates import month_of
from ..load.dataset import Dataset, plan_due, plan_start
from ..models import Project
from ..models.dimensions import Investment, MoneyMilestone, money_rate
from ..records import frozen
from ..text.amounts import by_day
from ..text.fmt import number
from . import completion as rules
from .schedule import DONE_AT, expected
from .state import Timeline

IN_WAN = {"元": 0.0001, "万元": 1.0, "亿元": 10000.0}  # one of the unit, in 万元
RATE_NAMES = {"completed": "投资完成率", "allocated": "资金到位率", "paid": "资金拨付率"}


def ratio(part: float | None, whole: float | None) -> float | None:
    """part ÷ whole in percent, uncapped; None when either is missing or the whole is 0."""
    if part is None or not whole:
        return None
    return part / whole * 100


@frozen
class SourceMoney:
    """One fund source of one project: planned, and so far 下达 and 拨付."""

    name: str
    planned: float
    allocated: float | None
    paid: float | None


@frozen
class ProjectMoney:
    """A project's money at the statistics date, in the unit of its registry entry."""

    project: Project
    unit: str
    total: float | None
    annual: float | None
    completed: float | None  # None: not reported yet
    sources: tuple[SourceMoney, ...]
    month: str | None  # the month of the latest money figures
    expected: float  # 序时进度 of the investment completion rate

    @property
    def plan(self) -> float | None:
        """The denominator of 投资完成率: the annual plan, else the total."""
        return self.annual if self.annual is not None else self.total

    @property
    def completion(self) -> float | None:
        """投资完成率, uncapped."""
        return ratio(self.completed, self.plan)

    @property
    def planned_funds(self) -> float | None:
        return sum(s.planned for s in self.sources) if self.sources else None

    @property
    def allocated(self) -> float | None:
        return _sum(s.allocated for s in self.sources)

    @property
    def paid(self) -> float | None:
        return _sum(s.paid for s in self.sources)

    @property
    def allocation_rate(self) -> float | None:
        """资金到位率: 下达 ÷ 计划."""
        return ratio(self.allocated, self.planned_funds)

    @property
    def payment_rate(self) -> float | None:
        """资金拨付率: 拨付 ÷ 下达."""
        return ratio(self.paid, self.allocated)

    def rate(self, key: str) -> float | None:
        """A rate by its milestone key: completed, allocated or paid."""
        return {
            "completed": self.completion,
            "allocated": self.allocation_rate,
            "paid": self.payment_rate,
        }[key]


def _sum(values: Iterable[float | None]) -> float | None:
    given = [v for v in values if v is not None]
    return sum(given) if given else None


def project_money(
    ds: Dataset, project: Project, timeline: Timeline, as_of: date, upto: str | None = None
) -> ProjectMoney | None:
    """The project's money as its lead unit reported it (up to month ``upto``, if given)."""
    money = project.investment
    if money is None:
        return None
    completed: float | None = None
    allocated: dict[str, float] = {}
    paid: dict[str, float] = {}
    month: str | None = None
    for note in timeline.notes(project.id):
        report = note.report.investment
        if report is None or note.unit != project.units[0]:
            continue
        if upto is not None and note.month > upto:
            continue
        month = note.month
        if report.completed is not None:
            completed = report.completed
        for source in report.sources:
            if source.allocated is not None:
                allocated[source.name] = source.allocated
            if source.paid is not None:
                paid[source.name] = source.paid
    sources = tuple(
        SourceMoney(s.name, s.planned, allocated.get(s.name), paid.get(s.name))
        for s in money.sources
    )
    return ProjectMoney(
        project,
        money.unit,
        money.total,
        money.annual,
        completed,
        sources,
        month,
        money_expected(ds, project, money, as_of),
    )


def money_expected(ds: Dataset, project: Project, money: Investment, as_of: date) -> float:
    """序时进度 of the investment completion rate: from its milestones, else linear."""
    points = [(m.by, m.completed) for m in money.milestones if m.completed is not None]
    due = project.due or plan_due(ds.plan)
    return expected(plan_start(ds.plan), due, as_of, points)


def moneys(ds: Dataset, projects: Iterable[Project], timeline: Timeline) -> list[ProjectMoney]:
    """Every project with an investment entry, at the timeline's date."""
    found = (project_money(ds, p, timeline, timeline.as_of) for p in projects)
    return [m for m in found if m is not None]


# ---- folded into completion (opt-in) -------------------------------------------------------


@frozen
class Part:
    """A part of a project's completion that is not an indicator: the investment, opted in."""

    completion: float
    expected: float
    weight: float
    overdue: bool

    @property
    def done(self) -> bool:
        return self.completion >= DONE_AT


def completion_part(
    ds: Dataset, project: Project, timeline: Timeline, day: date
) -> tuple[Part, ...]:
    """The investment as part of the project's completion at ``day``, when the registry says
    ``in_completion: true``; nothing otherwise."""
    money = project.investment
    if money is None or not money.in_completion:
        return ()
    found = project_money(ds, project, timeline, day, upto=month_of(day))
    assert found is not None
    done = rules.clamp(found.completion or 0.0)
    due = project.due or plan_due(ds.plan)
    return (Part(done, found.expected, money.weight, day >= due and done < DONE_AT),)


# ---- sums -----------------------------------------------------------------------------------


@frozen
class MoneySummary:
    """Investment and funds over several projects, in 万元; ``unit`` is how to show them."""

    projects: int
    unit: str
    total: float | None
    annual: float | None
    completed: float | None
    planned_funds: float | None
    allocated: float | None
    paid: float | None

    @property
    def completion(self) -> float | None:
        return ratio(self.completed, self.annual)

    @property
    def allocation_rate(self) -> float | None:
        return ratio(self.allocated, self.planned_funds)

    @property
    def payment_rate(self) -> float | None:
        return ratio(self.paid, self.allocated)

    def shown(self, value: float | None) -> float | None:
        """A sum (万元) in the unit it is shown in."""
        return None if value is None else value / IN_WAN[self.unit]


def summary(found: Sequence[ProjectMoney]) -> MoneySummary | None:
    """The sums of ``found``; the annual plan counts each project's plan (annual, else total)."""
    if not found:
        return None
    units = {m.unit for m in found}
    unit = units.pop() if len(units) == 1 else "万元"

    def add(values: Iterable[tuple[float | None, str]]) -> float | None:
        return _sum(None if v is None else v * IN_WAN[u] for v, u in values)

    return MoneySummary(
        len(found),
        unit,
        add((m.total, m.unit) for m in found),
        add((m.plan, m.unit) for m in found),
        add((m.completed, m.unit) for m in found),
        add((m.planned_funds, m.unit) for m in found),
        add((m.allocated, m.unit) for m in found),
        add((m.paid, m.unit) for m in found),
    )


def by_source(found: Sequence[ProjectMoney]) -> list[tuple[str, float, float | None, float | None]]:
    """(source, planned, allocated, paid) summed over projects by source name, in 万元."""
    order: list[str] = []
    sums: dict[str, list[float | None]] = {}
    for m in found:
        scale = IN_WAN[m.unit]
        for s in m.sources:
            if s.name not in sums:
                order.append(s.name)
                sums[s.name] = [0.0, None, None]
            row = sums[s.name]
            row[0] = (row[0] or 0.0) + s.planned * scale
            for k, value in ((1, s.allocated), (2, s.paid)):
                if value is not None:
                    row[k] = (row[k] or 0.0) + value * scale
    return [(name, sums[name][0] or 0.0, sums[name][1], sums[name][2]) for name in order]


# ---- money milestones -------------------------------------------------------------------------


@frozen
class MoneyMilestoneResult:
    """A money milestone at the statistics date: the rate it asks for and the rate reached."""

    project: Project
    milestone: MoneyMilestone
    rate: str  # completed | allocated | paid
    planned: float
    reached: float | None

    @property
    def name(self) -> str:
        """ "6月底前资金拨付率达到50%"."""
        return f"{by_day(self.milestone.by)}{RATE_NAMES[self.rate]}达到{number(self.planned)}%"

    @property
    def met(self) -> bool:
        return self.reached is not None and self.reached >= self.planned - 0.05


def money_milestones(found: ProjectMoney) -> list[MoneyMilestoneResult]:
    money = found.project.investment
    assert money is not None
    results = []
    for m in money.milestones:
        key = money_rate(m)
        planned = {"completed": m.completed, "allocated": m.allocated, "paid": m.paid}[key]
        assert planned is not None
        results.append(MoneyMilestoneResult(found.project, m, key, planned, found.rate(key)))
    return results
