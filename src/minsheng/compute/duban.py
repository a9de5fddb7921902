"""督办 at a date: each action's state (在办, 逾期未回复, 已回复, 已办结) with the units' replies,
the escalation rules that have triggered with no action recorded yet (建议, with stable ids),
what was closed in a period, what is due for 回头看, and each item's 验收 / 销号 state.

The escalation rules are judged at the period ends (and the day after each action's 办结时限,
for ``unanswered``), with the figures, facts and colours of the warning rules
(:func:`minsheng.compute.recolour.paint`), as known at the statistics date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum

from ..dates import Period, PeriodKind, month_of, period_of
from ..load.dataset import Dataset, LoadedAction
from ..load.reporting import main_stream
from ..models.duban import Action, EscalationRule, escalation_rules
from ..records import frozen
from ..text import fmt
from .colours import Facts, matches, rule_set
from .compliance import ReportState, report_records
from .evaluate import is_monitor
from .recolour import Painted, paint
from .schedule import Status
from .status import StatusReport


class ActionState(StrEnum):
    OPEN = "open"  # 在办: its 办结时限 not passed, no reply yet
    OVERDUE = "overdue"  # 逾期未回复: past its 办结时限 with no reply
    REPLIED = "replied"  # 已回复: the unit answered, the office has not closed it
    CLOSED = "closed"  # 已办结


STATE_LABELS = {
    ActionState.OPEN: "在办",
    ActionState.OVERDUE: "逾期未回复",
    ActionState.REPLIED: "已回复（待办结）",
    ActionState.CLOSED: "已办结",
}


@frozen
class Reply:
    """A unit's reply to an action, from its report."""

    unit: str
    month: str  # the report's period folder
    day: date
    submitted: date
    text: str
    evidence: tuple[str, ...]


def replies_of(ds: Dataset) -> dict[str, list[Reply]]:
    """Every valid reply in the reports, by action id, oldest first (replies to unknown
    actions, or from another unit, are errors that ``check`` reports and are left out)."""
    units = {a.id: a.record.unit for a in ds.actions}
    found: dict[str, list[Reply]] = {}
    for loaded in ds.reports:
        r = loaded.report
        for reply in r.duban:
            if units.get(reply.id) != r.unit:
                continue
            found.setdefault(reply.id, []).append(
                Reply(
                    r.unit,
                    r.month,
                    reply.date or r.submitted,
                    r.submitted,
                    reply.reply,
                    reply.evidence,
                )
            )
    for replies in found.values():
        replies.sort(key=lambda x: (x.day, x.submitted))
    return found


def state_at(action: Action, replies: Sequence[Reply], day: date) -> ActionState:
    """在办 → 逾期未回复 (the day after the 办结时限) → 已回复 → 已办结, at ``day``."""
    if action.closure is not None and action.closure.date <= day:
        return ActionState.CLOSED
    if any(r.day <= day and r.submitted <= day for r in replies):
        return ActionState.REPLIED
    if action.deadline is not None and day > action.deadline:
        return ActionState.OVERDUE
    return ActionState.OPEN


@frozen
class ActionAt:
    """One action as it stands at ``as_of``: replies known by then, and its state."""

    loaded: LoadedAction
    replies: tuple[Reply, ...]
    state: ActionState
    as_of: date
    review_due: date | None  # 回头看: when it is due (closed actions with a review date)
    reviewed: bool  # 回头看 done by ``as_of``

    @property
    def id(self) -> str:
        return self.loaded.id

    @property
    def action(self) -> Action:
        return self.loaded.record

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def overdue_days(self) -> int | None:
        deadline = self.action.deadline
        if self.state is not ActionState.OVERDUE or deadline is None:
            return None
        return (self.as_of - deadline).days

    @property
    def review_pending(self) -> bool:
        """回头看 due by ``as_of`` and not yet done."""
        return self.review_due is not None and self.review_due <= self.as_of and not self.reviewed


@frozen
class Ledger:
    """督办台账 at ``as_of``: every action issued by then, in issue order."""

    as_of: date
    actions: tuple[ActionAt, ...]
    review_days: int | None

    def of_project(self, project: int) -> tuple[ActionAt, ...]:
        return tuple(a for a in self.actions if a.action.project == project)

    def overdue(self) -> tuple[ActionAt, ...]:
        return tuple(a for a in self.actions if a.state is ActionState.OVERDUE)

    def open(self) -> tuple[ActionAt, ...]:
        """Not yet closed (在办, 逾期, 已回复)."""
        return tuple(a for a in self.actions if a.state is not ActionState.CLOSED)

    def issued_in(self, start: date, end: date) -> tuple[ActionAt, ...]:
        return tuple(a for a in self.actions if start <= a.action.issued <= end)

    def closed_in(self, start: date, end: date) -> tuple[ActionAt, ...]:
        return tuple(
            a
            for a in self.actions
            if a.action.closure is not None and start <= a.action.closure.date <= end
        )

    def reviews_due(self) -> tuple[ActionAt, ...]:
        return tuple(a for a in self.actions if a.review_pending)


def ledger(ds: Dataset, as_of: date) -> Ledger:
    """Every action issued by ``as_of``, with its replies and state at that date."""
    replies = replies_of(ds)
    escalation = ds.office.escalation if ds.office is not None else None
    review_days = escalation.review_days if escalation is not None else None
    reviewed = escalation.review_actions if escalation is not None else ()
    found = []
    for loaded in sorted(ds.actions, key=lambda a: (a.record.issued, a.id)):
        a = loaded.record
        if a.issued > as_of:
            continue
        known = tuple(r for r in replies.get(loaded.id, ()) if r.submitted <= as_of)
        state = state_at(a, known, as_of)
        closed = state is ActionState.CLOSED
        found.append(
            ActionAt(
                loaded,
                known,
                state,
                as_of,
                _review_due(a, review_days if a.action in reviewed else None) if closed else None,
                a.follow_up is not None and a.follow_up.date <= as_of,
            )
        )
    return Ledger(as_of, tuple(found), review_days)


def _review_due(a: Action, review_days: int | None) -> date | None:
    """回头看 due: the closure's own date for it, else ``review_days`` after closure."""
    c = a.closure
    if c is None:
        return None
    if c.review_by is not None:
        return c.review_by
    return c.date + timedelta(days=review_days) if review_days is not None else None


def period_of_day(ds: Dataset, day: date) -> Period:
    """The reporting period (the notice's main cadence) that ``day`` falls in."""
    cadence = main_stream(ds.plan, ds.office).cadence
    return period_of(month_of(day), cadence)


# ---- escalation: suggestions -------------------------------------------------------------


@frozen
class Subject:
    """What a rule is judged on: a project, an indicator or a unit, and whom it addresses."""

    scope: str  # project | indicator | unit
    key: str  # in suggestion ids: 项目10, 指标10-1, the unit's name
    name: str
    unit: str  # the addressee: the lead unit, the indicator's first owner, the unit itself
    project: int | None = None
    indicator: str | None = None


@frozen
class Suggestion:
    """建议: a rule that has triggered for a subject with no action recorded since."""

    id: str
    rule: EscalationRule
    subject: Subject
    since: date  # the first day of this run of the condition
    reason: str


def subjects(report: StatusReport, scope: str) -> list[Subject]:
    if scope == "unit":
        return [Subject("unit", u.name, u.name, u.name) for u in report.units]
    if scope == "indicator":
        return [
            Subject(
                "indicator",
                f"指标{r.ref.id}",
                f"{r.ref.id} {r.indicator.name}",
                r.ref.owners[0],
                r.ref.project.id,
                r.ref.id,
            )
            for p in report.projects
            for r in p.indicators
            if not r.monitor
        ]
    return [
        Subject(
            "project",
            f"项目{p.project.id}",
            f"{p.project.id}. {p.project.name}",
            p.lead,
            p.project.id,
        )
        for p in report.projects
    ]


@frozen
class Judge:
    """What the rules look at on each day: the painted picture, the missing reports, the
    overdue actions."""

    days: tuple[date, ...]
    ends: tuple[bool, ...]
    painted: Painted
    year: int
    missing: dict[date, dict[str, int]]
    overdue: dict[date, tuple[Action, ...]]
    quarters: dict[date, int]  # the plan year's quarter ends, and their numbers

    def facts(self, subject: Subject) -> list[Facts]:
        if subject.scope == "unit":
            return list(self.painted.units[subject.unit].facts)
        if subject.scope == "indicator":
            return self.painted.indicator_facts(subject.indicator or "")
        return list(self.painted.projects[subject.project or 0].facts)

    def colours(self, subject: Subject) -> tuple[Status, ...]:
        if subject.scope == "unit":
            return self.painted.units[subject.unit].colours
        if subject.scope == "indicator":
            return self.painted.coloured[subject.indicator or ""].colours
        return self.painted.projects[subject.project or 0].colours


def _quarter_ends(year: int) -> dict[date, int]:
    return {Period(PeriodKind.QUARTER, year, q).end: q for q in range(1, 5)}


def judge(report: StatusReport, book: Ledger) -> Judge:
    """The picture on every day a rule may be judged: period ends, quarter and year ends,
    and the day after each action's 办结时限."""
    ds, as_of = report.dataset, report.as_of
    ends = {p.end for p in ds.schedule.periods() if p.end <= as_of}
    quarters = {d for d in _quarter_ends(ds.plan.year) if d <= as_of}
    after = {
        a.action.deadline + timedelta(days=1)
        for a in book.actions
        if a.action.deadline is not None and a.action.deadline + timedelta(days=1) <= as_of
    }
    days = tuple(sorted(ends | quarters | after))
    flags = tuple(d in ends for d in days)
    painted = paint(report, days, flags, rule_set(ds.plan, ds.office_rules))
    replies = replies_of(ds)
    overdue = {
        day: tuple(
            a.record
            for a in ds.actions
            if a.record.issued <= day
            and state_at(a.record, replies.get(a.id, ()), day) is ActionState.OVERDUE
        )
        for day in days
    }
    year = ds.plan.year
    return Judge(days, flags, painted, year, _missing(ds, days), overdue, _quarter_ends(year))


def _missing(ds: Dataset, days: Iterable[date]) -> dict[date, dict[str, int]]:
    """Reports missing by each day, per unit (as known at each day)."""
    found: dict[date, dict[str, int]] = {}
    for day in days:
        tally: dict[str, int] = {}
        for record in report_records(ds, day):
            if record.state is ReportState.MISSING:
                tally[record.unit] = tally.get(record.unit, 0) + 1
        found[day] = tally
    return found


def _relevant(rule: EscalationRule, j: Judge, k: int) -> bool:
    """Whether ``rule`` is judged on the ``k``-th day: period ends always; quarter and year
    ends for rules about them; the day after a 办结时限 for ``unanswered``."""
    day = j.days[k]
    if j.ends[k]:
        return True
    if rule.unanswered:
        return True
    dated = rule.quarter_end is not None or rule.year_end is not None
    return dated and day in j.quarters


def holds(
    rule: EscalationRule, j: Judge, subject: Subject, k: int, f: Facts, colour: Status
) -> bool:
    """Every condition of ``rule`` holds for ``subject`` on the ``k``-th day."""
    day = j.days[k]
    if not matches(rule, f):
        return False
    if rule.colour is not None and colour.value not in rule.colour:
        return False
    if rule.quarter_end is not None and j.quarters.get(day) != rule.quarter_end:
        return False
    if rule.year_end is not None and (day == date(j.year, 12, 31)) != rule.year_end:
        return False
    missing = j.missing[day].get(subject.unit, 0)
    if rule.missing_reports is not None and missing < rule.missing_reports:
        return False
    if rule.unanswered is not None:
        found = any(_concerns(a, subject) for a in j.overdue[day])
        if found != rule.unanswered:
            return False
    return True


def _concerns(a: Action, subject: Subject) -> bool:
    """Whether an action is about ``subject`` (a unit: any action addressed to it)."""
    if subject.scope == "unit":
        return a.unit == subject.unit
    if subject.scope == "indicator":
        return a.indicator == subject.indicator
    return a.project == subject.project


@frozen
class Run:
    """Consecutive judged days on which a rule held: from ``start``; ``after`` is the last
    judged day before it on which it did not (None: it held from the first)."""

    start: int
    end: int
    after: date | None


def runs(truth: Sequence[tuple[int, bool]], days: Sequence[date]) -> list[Run]:
    found: list[Run] = []
    start: int | None = None
    last_false: date | None = None
    previous = -1
    for k, ok in truth:
        if ok and start is None:
            start = k
        elif not ok:
            if start is not None:
                found.append(Run(start, previous, last_false))
                start = None
            last_false = days[k]
        previous = k
    if start is not None:
        found.append(Run(start, previous, last_false))
    return found


def suggestions(report: StatusReport, book: Ledger) -> tuple[Suggestion, ...]:
    """Rules that have triggered with no action since the condition last did not hold.

    A rule that still holds on its latest judged day is suggested once per run, dated by the
    run's first day; a rule about a quarter or the year end stays suggested until acted on.
    """
    ds = report.dataset
    escalation = ds.office.escalation if ds.office is not None else None
    if escalation is None:
        return ()
    j = judge(report, book)
    found: list[Suggestion] = []
    by_scope = {scope: subjects(report, scope) for scope in ("project", "indicator", "unit")}
    for rule in escalation_rules(escalation):
        for subject in by_scope[rule.scope]:
            found += _suggest(rule, subject, j, book)
    return tuple(sorted(found, key=lambda s: (s.since, s.subject.project or 0, s.id)))


def _suggest(rule: EscalationRule, subject: Subject, j: Judge, book: Ledger) -> list[Suggestion]:
    facts, colours = j.facts(subject), j.colours(subject)
    if not facts:
        return []
    judged = [k for k in range(len(j.days)) if _relevant(rule, j, k)]
    truth = [(k, holds(rule, j, subject, k, facts[k], colours[k])) for k in judged]
    dated = rule.quarter_end is not None or rule.year_end is not None
    found = []
    for run in runs(truth, j.days):
        if not dated and run.end != judged[-1]:
            continue  # lapsed: the condition no longer holds
        since = j.days[run.start]
        sid = suggestion_id(since, subject, rule)
        if _acted(book, rule, subject, sid, run.after):
            continue
        found.append(
            Suggestion(sid, rule, subject, since, _reason(rule, subject, j, run.start, facts))
        )
    return found


def suggestion_id(since: date, subject: Subject, rule: EscalationRule) -> str:
    """建议编号: the day the rule first held, what it is about, which rule."""
    return f"{since.isoformat()}-{subject.key}-{rule.key}"


def _acted(
    book: Ledger, rule: EscalationRule, subject: Subject, sid: str, after: date | None
) -> bool:
    """An action answers the suggestion: it names it, or it is the rule's (or its action's)
    on the same subject, issued since the condition last did not hold."""
    for a in book.actions:
        r = a.action
        if r.suggestion == sid:
            return True
        same_rule = r.rule == rule.key or (r.rule is None and r.action == rule.action)
        if same_rule and _concerns(r, subject) and (after is None or r.issued > after):
            return True
    return False


def _reason(rule: EscalationRule, subject: Subject, j: Judge, k: int, facts: list[Facts]) -> str:
    """督办事由: the rule's name and the figures that made it hold."""
    f, day = facts[k], j.days[k]
    parts = [rule.name or rule.key]
    if rule.missing_reports is not None:
        parts.append(f"截至{fmt.cn_date(day)}累计未报送 {j.missing[day].get(subject.unit, 0)} 份")
    elif rule.unanswered:
        late = [a for a in j.overdue[day] if _concerns(a, subject)]
        parts.append(
            "、".join(f"{a.action}（办结时限 {a.deadline}）" for a in late) + "过了办结时限仍未回复"
        )
    else:
        parts.append(
            f"截至{fmt.cn_date(day)}完成率 {fmt.percent(f.completion)}，序时进度 {fmt.percent(f.expected)}"
        )
    return "：".join(parts)


# ---- 验收 / 销号 --------------------------------------------------------------------------


class Acceptance(StrEnum):
    PENDING = "pending"  # 已完成（待验收）
    REQUESTED = "requested"  # 已完成，单位已申请销号，待验收
    ACCEPTED = "accepted"  # 已验收
    CLOSED = "closed"  # 已销号


ACCEPTANCE_LABELS = {
    Acceptance.PENDING: "已完成（待验收）",
    Acceptance.REQUESTED: "已完成（已申请销号，待验收）",
    Acceptance.ACCEPTED: "已验收",
    Acceptance.CLOSED: "已销号",
}

Target = tuple[int, str | None, str | None]


def acceptance_state(ds: Dataset, day: date, target: Target, done: bool) -> Acceptance | None:
    """验收 / 销号 of a finished project, indicator or item at ``day``; None while it is not
    finished, or where office.yaml does not enable acceptance."""
    if not ds.accepting or not done:
        return None
    accepted = closed = False
    for covering in _covering(target):
        for loaded in ds.acceptance:
            a = loaded.record
            if (a.project, a.indicator, a.item) != covering or a.accepted > day:
                continue
            accepted = True
            closed = closed or (a.closed is not None and a.closed <= day)
    project, indicator, _item = target
    if indicator is None and not accepted:  # a project: its own record, or every indicator's
        parts = [
            acceptance_state(ds, day, (project, i.id, None), True)
            for i in ds.projects[project].indicators
            if not is_monitor(i)
        ]
        closed = bool(parts) and all(p is Acceptance.CLOSED for p in parts)
        accepted = bool(parts) and all(p in (Acceptance.ACCEPTED, Acceptance.CLOSED) for p in parts)
    if closed:
        return Acceptance.CLOSED
    if accepted:
        return Acceptance.ACCEPTED
    if any(_requests(ds, day, target)):
        return Acceptance.REQUESTED
    return Acceptance.PENDING


def _covering(target: Target) -> list[Target]:
    """A record for the project covers its indicators; one for an indicator its items."""
    project, indicator, item = target
    found: list[Target] = [(project, None, None)]
    if indicator is not None:
        found.append((project, indicator, None))
    if item is not None:
        found.append((project, indicator, item))
    return found


def _requests(ds: Dataset, day: date, target: Target) -> Iterable[bool]:
    requests = ds.closure_requests
    for covering in _covering(target):
        sent = requests.get(covering)
        yield sent is not None and sent <= day


def closed_in(ds: Dataset, start: date, end: date) -> list[Target]:
    """Projects, indicators and items 销号 between ``start`` and ``end`` (acceptance on)."""
    office = ds.office_rules
    if office is None or not office.acceptance:
        return []
    return [
        (a.record.project, a.record.indicator, a.record.item)
        for a in ds.acceptance
        if a.record.closed is not None and start <= a.record.closed <= end
    ]


@frozen
class ClosedCounts:
    """销号 by ``as_of``: how many projects, indicators and items each project and each
    unit had closed (the year-end assessment's column)."""

    projects: dict[int, int]
    units: dict[str, int]


def closed_counts(ds: Dataset, as_of: date) -> ClosedCounts | None:
    """None where office.yaml does not enable acceptance."""
    if not ds.accepting:
        return None
    projects: dict[int, int] = {}
    units: dict[str, int] = {}
    for loaded in ds.acceptance:
        a = loaded.record
        if a.closed is None or a.closed > as_of or a.project not in ds.projects:
            continue
        projects[a.project] = projects.get(a.project, 0) + 1
        for unit in _answering(ds, a.project, a.indicator, a.item):
            units[unit] = units.get(unit, 0) + 1
    return ClosedCounts(projects, units)


def _answering(
    ds: Dataset, project: int, indicator: str | None, item: str | None
) -> tuple[str, ...]:
    """The units answering for a project, an indicator or a checklist item."""
    ref = ds.indicators.get(indicator or "")
    if ref is None:
        return ds.projects[project].units
    for i in getattr(ref.indicator, "items", ()):
        if i.name == item and i.units:
            return tuple(i.units)
    return ref.owners
