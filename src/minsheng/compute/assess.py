"""年终考核: the year-end score of every project and every responsible unit, and unit ranks.

The formula's parameters live in the registry (``plan.assessment``, see
:class:`minsheng.models.registry.Assessment`); with the defaults
(满分 P = 100, 逾期 1 分/次, 未报 3 分/次, 督查权重 0.1, 基准 80 分):

- 完成分 = 完成率 × P / 100. A project's 完成率 is the one ``minsheng status`` shows
  (weighted mean of its indicators); a unit's is the mean over the indicators it
  answers for, as lead or co-operating unit.
- 督查加减分 = 督查权重 × (督查评分 − 基准), where 督查评分 is the mean of the latest
  reviewer's scores on the qualitative indicators (the project's, or the unit's) that
  have one; 0 when none has been reviewed. Above the baseline it adds, below it subtracts.
- 报送扣分 (units only) = 逾期扣分 × 逾期报送份数 + 未报扣分 × 未报送份数, counted at
  the date the assessment is made (考核日): a report is missing once its due date has
  passed by then. By default that is the day after the year's last report due date
  (:func:`assessment_day`, so December counts too), while completion is judged at the
  plan's due date; an explicit as-of date stands for both.
- 销号加分 = office.yaml's ``closure_points`` × the 销号 counted for the project or unit,
  at most ``closure_cap``; only where office.yaml enables acceptance and sets it (by default
  销号 is only counted, a column, and changes no score).
- 得分 = 完成分 + 督查加减分 − 报送扣分 + 销号加分, kept within [0, P].

Units are listed by score, then completion, then name; units whose scores are equal
as shown (to 0.1 point) share a rank (1, 2, 2, 4). Projects are ranked the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TypeVar

from ..load.dataset import Dataset, plan_due, report_due, report_months
from ..models import Qualitative
from ..models.registry import Assessment
from ..records import frozen
from . import completion as rules
from .compliance import ReportRecord, counts, report_records
from .duban import ClosedCounts, closed_counts
from .evaluate import IndicatorResult
from .status import ProjectResult, StatusReport, UnitResult

T = TypeVar("T")


@frozen
class Points:
    """得分构成: completion points, review adjustment, report deduction, and the total."""

    completion: float
    review: float
    reports: float
    total: float
    closure: float = 0.0  # 销号加分, where office.yaml gives 销号 points


@frozen
class ProjectScore:
    result: ProjectResult
    review: float | None
    points: Points
    rank: int
    closed: int | None = None  # 销号 so far, where office.yaml enables acceptance

    @property
    def score(self) -> float:
        return self.points.total


@frozen
class UnitScore:
    result: UnitResult
    review: float | None
    points: Points
    rank: int
    reports: dict[str, int]  # on_time / late / missing / pending at the assessment's date
    closed: int | None = None  # 销号 so far, where office.yaml enables acceptance

    @property
    def score(self) -> float:
        return self.points.total

    @property
    def name(self) -> str:
        return self.result.name

    @property
    def on_time(self) -> int:
        return self.reports.get("on_time", 0)

    @property
    def late(self) -> int:
        return self.reports.get("late", 0)

    @property
    def missing(self) -> int:
        return self.reports.get("missing", 0)


@frozen
class YearAssessment:
    """The year-end assessment: completion at ``as_of``, reports counted at ``reports_as_of``
    (考核日); projects in registry order, units by rank."""

    year: int
    as_of: date
    reports_as_of: date
    sample: bool
    formula: Assessment
    projects: tuple[ProjectScore, ...]
    units: tuple[UnitScore, ...]
    closures: bool = False  # 销号 counted (a column)
    closure_points: float = 0.0  # points per 销号 (office.yaml); 0: the count changes no score


def shown(value: float) -> float:
    """A score as printed (0.1 point): ranks and tie-breaks use what the reader sees."""
    return round(value, 1)


def points(
    formula: Assessment,
    completion: float,
    review: float | None = None,
    late: int = 0,
    missing: int = 0,
    closure: float = 0.0,
) -> Points:
    """The formula: 完成率 × P/100 + 权重 × (督查评分 − 基准) − 报送扣分 + 销号加分, within
    [0, P]."""
    top = formula.completion_points
    base = rules.clamp(completion) * top / 100
    bonus = 0.0 if review is None else formula.review_weight * (review - formula.review_baseline)
    deduction = formula.late_penalty * late + formula.missing_penalty * missing
    total = rules.clamp(base + bonus - deduction + closure, 0.0, top)
    return Points(base, bonus, deduction, total, closure)


@frozen
class ClosureBonus:
    """销号加分 as office.yaml sets it: ``per`` point per 销号, at most ``cap``."""

    per: float = 0.0
    cap: float | None = None

    def __call__(self, closed: int) -> float:
        bonus = self.per * closed
        return bonus if self.cap is None else min(bonus, self.cap)


def mean_review(results: Iterable[IndicatorResult]) -> float | None:
    """督查评分: the weighted mean of the latest reviewer scores on qualitative indicators."""
    reviewed = [
        (r.state.review, r.indicator.weight)
        for r in results
        if isinstance(r.indicator, Qualitative) and r.state.review is not None
    ]
    return rules.weighted_mean(reviewed) if reviewed else None


def competition_ranks(scores: Sequence[float]) -> list[int]:
    """Ranks of scores sorted best first; equal scores (as shown) share one: 1, 2, 2, 4."""
    ranks: list[int] = []
    for i, value in enumerate(scores):
        tied = i > 0 and shown(value) == shown(scores[i - 1])
        ranks.append(ranks[-1] if tied else i + 1)
    return ranks


def ranking(
    entries: Sequence[T], score: Callable[[T], float], completion: Callable[[T], float]
) -> list[tuple[int, int]]:
    """(index into entries, rank), best first: by score, then completion, then input order."""
    order = sorted(
        range(len(entries)),
        key=lambda i: (-shown(score(entries[i])), -shown(completion(entries[i]))),
    )
    ranks = competition_ranks([score(entries[i]) for i in order])
    return list(zip(order, ranks, strict=True))


def _project_score(
    project: ProjectResult, formula: Assessment, closed: int | None, bonus: ClosureBonus
) -> ProjectScore:
    review = mean_review(project.indicators)
    score = points(formula, project.completion, review, closure=bonus(closed or 0))
    return ProjectScore(project, review, score, 0, closed)


def _unit_score(
    unit: UnitResult,
    owned: list[IndicatorResult],
    formula: Assessment,
    reports: dict[str, int],
    closed: int | None,
    bonus: ClosureBonus,
) -> UnitScore:
    review = mean_review(r for r in owned if unit.name in r.ref.owners)
    late, missing = reports.get("late", 0), reports.get("missing", 0)
    score = points(formula, unit.completion, review, late, missing, bonus(closed or 0))
    return UnitScore(unit, review, score, 0, reports, closed)


def _project_scores(
    report: StatusReport, formula: Assessment, closed: ClosedCounts | None, bonus: ClosureBonus
) -> tuple[ProjectScore, ...]:
    """Every project in registry order, each with its rank (ties by completion, then 序号)."""
    scores = [
        _project_score(
            p, formula, None if closed is None else closed.projects.get(p.project.id, 0), bonus
        )
        for p in report.projects
    ]
    ranks = dict(ranking(scores, lambda s: s.score, lambda s: s.result.completion))
    return tuple(replace(s, rank=ranks[i]) for i, s in enumerate(scores))


def _unit_scores(
    report: StatusReport,
    formula: Assessment,
    records: Sequence[ReportRecord],
    closed: ClosedCounts | None,
    bonus: ClosureBonus,
) -> tuple[UnitScore, ...]:
    """Every responsible unit, best first (ties by completion, then name)."""
    owned = [r for p in report.projects for r in p.indicators]
    units = sorted(report.units, key=lambda u: u.name)
    scores = [
        _unit_score(
            u,
            owned,
            formula,
            counts([r for r in records if r.unit == u.name]),
            None if closed is None else closed.units.get(u.name, 0),
            bonus,
        )
        for u in units
    ]
    ranked = ranking(scores, lambda s: s.score, lambda s: s.result.completion)
    return tuple(replace(scores[i], rank=rank) for i, rank in ranked)


def assessment_day(ds: Dataset) -> date:
    """考核日 by default: the day after the year's last report due date (under the registry's
    reporting rule and the office's calendar), when every report of the year is due and a
    missing one counts — but never before the plan's due date, so that a report due before
    its period ends (每季度末月20日前) and sent late still counts, as late, once the period is
    over. Derived from the data, not the clock."""
    dues = [o.due for unit in ds.responsible_units for o in ds.schedule.owed(unit)]
    last = max(dues) if dues else report_due(ds.plan, report_months(ds.plan)[-1])
    return max(last + timedelta(days=1), plan_due(ds.plan))


def assess(report: StatusReport, reports_as_of: date | None = None) -> YearAssessment:
    """年终考核 of the whole picture: completion as ``report`` has it (build it at the plan's
    due date for the year's result), reports counted at ``reports_as_of`` (default: the
    report's own date).

    Where office.yaml enables acceptance, each project and unit also counts its 销号; the
    scores change only where office.yaml gives 销号 points (``closure_points``).
    """
    ds = report.dataset
    day = reports_as_of or report.as_of
    records = report.records if day == report.as_of else tuple(report_records(ds, day))
    formula = ds.plan.assessment
    closed = closed_counts(ds, report.as_of)
    office = ds.office_rules
    bonus = (
        ClosureBonus(office.closure_points, office.closure_cap)
        if closed is not None and office is not None
        else ClosureBonus()
    )
    projects = _project_scores(report, formula, closed, bonus)
    units = _unit_scores(report, formula, records, closed, bonus)
    return YearAssessment(
        year=ds.plan.year,
        as_of=report.as_of,
        reports_as_of=day,
        sample=report.sample,
        formula=formula,
        projects=projects,
        units=units,
        closures=closed is not None,
        closure_points=bonus.per,
    )
