"""时限: late and missing reports, overdue indicators and milestones, and what falls due soon."""

from __future__ import annotations

from datetime import date, timedelta

from ..load.reporting import Schedule
from ..models import ChecklistItem, Indicator, Milestone, Quantity
from ..records import frozen
from ..text import amounts
from .compliance import ReportRecord, ReportState
from .duban import ActionAt, ActionState, ledger
from .evaluate import IndicatorResult, milestone_percent
from .forecast import Risk, risks
from .money import money_milestones, moneys
from .schedule import DONE_AT
from .status import StatusReport


@frozen
class Deadline:
    """An indicator, checklist item, milestone or report with a date, and how far along it is."""

    kind: str  # "indicator" | "item" | "milestone" | "report" | "duban" (a 督办 action)
    due: date
    name: str
    units: tuple[str, ...]
    project: int | None = None
    indicator: str | None = None
    completion: float | None = None
    planned: float | None = None
    item: str | None = None  # the checklist item a milestone belongs to
    wanted: str | None = None  # what a milestone asks for: "6月底前累计完成60公里"


@frozen
class Deadlines:
    as_of: date
    within: int
    reports: tuple[ReportRecord, ...]
    overdue: tuple[Deadline, ...]
    upcoming: tuple[Deadline, ...]
    at_risk: tuple[Risk, ...] = ()  # 逾期风险: not findings, a warning of what is coming

    @property
    def findings(self) -> bool:
        return bool(self.reports or self.overdue)


def deadlines(report: StatusReport, within: int = 30, *, risk: bool = True) -> Deadlines:
    """What is late, overdue and coming; with ``risk``, what looks set to miss its due date."""
    as_of = report.as_of
    horizon = as_of + timedelta(days=within)
    late_or_missing = tuple(
        sorted(
            (r for r in report.records if r.state in (ReportState.LATE, ReportState.MISSING)),
            key=lambda r: r.month,  # stable: units keep registry order within a month
        )
    )
    dated = [
        d for p in report.projects for r in p.indicators if not r.monitor for d in _dated(report, r)
    ]
    dated += money_deadlines(report)
    # Work is overdue once its due day has come and it is not done; reports get the whole day.
    overdue = tuple(sorted((d for d in dated if d.due <= as_of and _unfinished(d)), key=_order))
    upcoming = [d for d in dated if as_of < d.due <= horizon and _unfinished(d)]
    schedule = report.dataset.schedule
    upcoming += [
        Deadline("report", r.due, f"{r.month} {_report_name(schedule, r)}", (r.unit,))
        for r in report.records
        if r.state is ReportState.PENDING and as_of <= r.due <= horizon
    ]
    late, coming = duban_deadlines(report, horizon)
    return Deadlines(
        as_of,
        within,
        late_or_missing,
        tuple(sorted((*overdue, *late), key=_order)),
        tuple(sorted((*upcoming, *coming), key=_order)),
        risks(report) if risk else (),
    )


def duban_deadlines(report: StatusReport, horizon: date) -> tuple[list[Deadline], list[Deadline]]:
    """督办事项 past their 办结时限 with no reply, and those falling due by ``horizon``."""
    ds = report.dataset
    if not ds.actions:
        return [], []
    book = ledger(ds, report.as_of)
    late = [_action_deadline(a) for a in book.overdue()]
    coming = [
        _action_deadline(a)
        for a in book.actions
        if a.state is ActionState.OPEN
        and a.action.deadline is not None
        and a.action.deadline <= horizon
    ]
    return late, coming


def _action_deadline(a: ActionAt) -> Deadline:
    r = a.action
    return Deadline(
        "duban",
        r.deadline or a.as_of,
        f"{r.action}（督办事项 {a.id}）",
        (r.unit,),
        r.project,
        r.indicator,
    )


def _report_name(schedule: Schedule, record: ReportRecord) -> str:
    owed = schedule.find(record.unit, record.month)
    return "、".join(owed.names) if owed is not None else "月度进展报告"


def _order(d: Deadline) -> tuple[date, int, str, str]:
    return (d.due, d.project or 0, d.indicator or "", d.name)


def _unfinished(d: Deadline) -> bool:
    return (
        d.completion is not None
        and d.planned is not None
        and d.completion < min(d.planned, DONE_AT)
    )


def _dated(report: StatusReport, result: IndicatorResult) -> list[Deadline]:
    """The indicator's due date, its items' and every milestone, each with progress against it."""
    ref = result.ref
    found = [
        Deadline(
            "indicator",
            result.due,
            ref.indicator.name,
            ref.owners,
            ref.project.id,
            ref.id,
            result.completion,
            100.0,
        )
    ]
    found += _milestones(report, result, ref.indicator, ref.indicator.name, result.completion)
    for item in result.items:
        name = f"{ref.indicator.name}·{item.item.name}"
        found += _milestones(report, result, item.item, name, item.completion, item.item.units)
    return found


def _milestones(
    report: StatusReport,
    result: IndicatorResult,
    owner: Indicator | ChecklistItem,
    name: str,
    completion: float,
    units: tuple[str, ...] = (),
) -> list[Deadline]:
    ref = result.ref
    return [
        Deadline(
            "milestone",
            m.by,
            f"{name}（节点：{milestone_text(m, owner)}）",
            units or ref.owners,
            ref.project.id,
            ref.id,
            completion,
            milestone_percent(report.dataset, owner, m),
            owner.name if owner is not ref.indicator else None,
            milestone_text(m, owner),
        )
        for m in owner.milestones
    ]


def milestone_text(m: Milestone, owner: Indicator | ChecklistItem) -> str:
    """What a milestone asks for by its date: "6月底前累计完成60公里", "6月底前开工"."""
    return amounts.milestone(
        m.by,
        value=m.value,
        unit=getattr(owner, "unit", None),
        stage=m.stage,
        percent=m.percent,
        cumulative=isinstance(owner, Quantity),
        comparator=getattr(owner, "comparator", ">="),
    )


def money_deadlines(report: StatusReport) -> list[Deadline]:
    """资金节点 («6月底前拨付50%»), judged like the other milestones."""
    ds = report.dataset
    found = moneys(ds, (p.project for p in report.projects), report.timeline)
    return [
        Deadline(
            "milestone",
            m.milestone.by,
            f"{m.project.name}（资金节点：{m.name}）",
            m.project.units[:1],
            m.project.id,
            None,
            m.reached or 0.0,
            m.planned,
            wanted=m.name,
        )
        for money in found
        for m in money_milestones(money)
    ]
