"""督办 as the outputs show it, as plain data: the ledger's rows (actions with their replies,
suggestions, inspections, 销号), the `duban` command's picture at a date, and the bulletin's
section 挂牌督办及销号情况 for a period.

Everything here is data (dataclasses of numbers, dates and strings): the terminal, JSON,
the bulletins (Markdown, HTML, Word), the workbook and the site word it themselves.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..compute.duban import (
    ActionAt,
    ActionState,
    Ledger,
    Suggestion,
    Target,
    closed_in,
    ledger,
    period_of_day,
    suggestions,
)
from ..compute.status import StatusReport
from ..dates import Period
from ..load.dataset import Dataset, LoadedInspection
from ..load.duban import ladder, verified_entry
from ..models import Quantity, Threshold, Trend
from ..models.duban import Finding
from ..records import frozen
from ..text import amounts, fmt

LISTED = "挂牌督办"  # the step of the ladder whose open actions the bulletin lists by name
ADDRESSEES = {"单位": "", "责任人": "责任人", "分管领导": "分管领导"}


def issuer(ds: Dataset) -> str:
    """督办单位: office.yaml's, else the registry's supervision office, else its coordinator."""
    escalation = ds.office.escalation if ds.office is not None else None
    own = escalation.issued_by if escalation is not None else None
    return own or ds.plan.supervisor or ds.plan.coordinator


def person_for(ds: Dataset, project: int | None, to: str) -> str | None:
    """Who a 责任人 or 分管领导 is, where the registry names them (the project's
    ``responsible``, its leader whose role is 分管领导); "姓名（职务）"."""
    found = ds.projects.get(project or 0)
    if found is None or to == "单位":
        return None
    people = [found.responsible] if to == "责任人" and found.responsible else []
    people += [p for p in found.leaders if to != "责任人" and p.role == to]
    if not people:
        return None
    first = people[0]
    return f"{first.name}（{first.post}）" if first.post else first.name


def has_ledger(ds: Dataset) -> bool:
    """Whether the folder keeps a 督办 ledger: actions, inspections or an escalation ladder.
    Without one, no output shows anything of 督办 (they stay as they were)."""
    escalation = ds.office.escalation if ds.office is not None else None
    return bool(ds.actions or ds.inspections or escalation is not None)


@frozen
class ReplyRow:
    """回复: what the unit answered, in which report."""

    day: date
    month: str
    text: str
    evidence: tuple[str, ...]


@frozen
class ActionRow:
    """督办事项: one action of the ledger as it stands at the statistics date."""

    id: str
    action: str
    project_id: int | None  # None: about the unit itself (its reports, say)
    project: str
    target: str | None  # the indicator (and item) it is about, if any
    indicator: str | None
    unit: str
    to: str  # 单位, 责任人, 分管领导
    person: str | None
    issued: date
    issued_by: str
    document: str | None
    reason: str
    requirements: str | None
    deadline: date | None
    state: str  # open | overdue | replied | closed
    state_label: str
    overdue_days: int | None
    replies: tuple[ReplyRow, ...]
    closed: date | None
    result: str | None
    review_due: date | None
    review_pending: bool
    reviewed: date | None
    sample: bool

    @property
    def addressee(self) -> str:
        """ "县交通局", "县交通局责任人（王某）"."""
        who = ADDRESSEES.get(self.to, self.to)
        person = f"（{self.person}）" if self.person else ""
        return f"{self.unit}{who}{person}"

    @property
    def status_text(self) -> str:
        """情况 as a bulletin's table cell: "已办结（8月10日）", "逾期未回复（5天）", "在办"."""
        if self.closed is not None:
            return f"{self.state_label}（{fmt.cn_date(self.closed)}）"
        if self.overdue_days is not None:
            return f"{self.state_label}（{self.overdue_days}天）"
        return self.state_label

    @property
    def about(self) -> str:
        """ "10. 实施农村公路生命安全防护工程", "2. …·南大街城区菜市场标准化改造": the project,
        and the indicator or item when it says more than the project's name."""
        if self.project_id is None:
            return "（不针对具体项目）"
        head = f"{self.project_id}. {self.project}"
        if self.target and self.target not in self.project:
            return f"{head}·{self.target}"
        return head


@frozen
class SuggestionRow:
    """建议: a triggered rule with no action yet, and what `new-duban --from` would write."""

    id: str
    action: str
    rule: str
    scope: str
    subject: str
    project_id: int | None
    indicator: str | None
    unit: str
    to: str
    since: date
    reason: str
    reply_days: int | None


@frozen
class FindingRow:
    project_id: int
    project: str
    indicator: str | None
    text: str
    verified: str | None  # the verified figure, as text
    requirements: str | None


@frozen
class InspectionRow:
    """督查: one inspection with its findings."""

    id: str
    day: date
    title: str | None
    team: tuple[str, ...]
    methods: tuple[str, ...]
    findings: tuple[FindingRow, ...]


@frozen
class ClosureRow:
    """销号: a project, indicator or item closed after its acceptance."""

    project_id: int
    project: str
    target: str | None
    units: tuple[str, ...]
    accepted: date
    closed: date
    document: str | None


def _target(ds: Dataset, indicator: str | None, item: str | None) -> str | None:
    """What of the project an action or record is about: the item, else the indicator."""
    ref = ds.indicators.get(indicator or "")
    if ref is None:
        return None
    return item or ref.indicator.name


def action_row(ds: Dataset, a: ActionAt) -> ActionRow:
    r = a.action
    project = ds.projects.get(r.project or 0)
    c, f = r.closure, r.follow_up
    return ActionRow(
        a.id,
        r.action,
        r.project,
        project.name if project is not None else "",
        _target(ds, r.indicator, r.item),
        r.indicator,
        r.unit,
        r.to,
        r.person,
        r.issued,
        r.issued_by,
        r.document,
        r.reason,
        r.requirements,
        r.deadline,
        a.state.value,
        a.label,
        a.overdue_days,
        tuple(ReplyRow(x.day, x.month, x.text, x.evidence) for x in a.replies),
        c.date if c is not None and a.state is ActionState.CLOSED else None,
        c.result if c is not None and a.state is ActionState.CLOSED else None,
        a.review_due,
        a.review_pending,
        f.date if f is not None and a.reviewed else None,
        r.sample,
    )


def suggestion_row(s: Suggestion) -> SuggestionRow:
    sub = s.subject
    return SuggestionRow(
        s.id,
        s.rule.action,
        s.rule.key,
        sub.scope,
        sub.name,
        sub.project,
        sub.indicator,
        sub.unit,
        s.rule.to,
        s.since,
        s.reason,
        s.rule.reply_days,
    )


def draft_row(ds: Dataset, s: SuggestionRow, action_id: str, issued: date) -> ActionRow:
    """The action ``new-duban`` writes for a suggestion, as a row (for its 督办函)."""
    project = ds.projects.get(s.project_id or 0)
    deadline = issued + timedelta(days=s.reply_days) if s.reply_days else None
    return ActionRow(
        action_id,
        s.action,
        s.project_id,
        project.name if project is not None else "",
        _target(ds, s.indicator, None),
        s.indicator,
        s.unit,
        s.to,
        person_for(ds, s.project_id, s.to),
        issued,
        issuer(ds),
        None,
        s.reason,
        None,
        deadline,
        ActionState.OPEN.value,
        "在办",
        None,
        (),
        None,
        None,
        None,
        False,
        None,
        False,
    )


def verified_text(ds: Dataset, finding: Finding) -> str | None:
    """A finding's verified figure: "3200平方米", "建成", "庙坝中学：建成；…"; or its
    督查评分: "督查评分 85分"."""
    if finding.score is not None and not finding.verifies:
        return f"督查评分 {fmt.number(finding.score)}分"
    if not finding.verifies:
        return None
    ref = ds.indicators.get(finding.indicator or "")
    entry = verified_entry(finding)
    ind = ref.indicator if ref is not None else None
    if entry.value is not None:
        unit = ind.unit if isinstance(ind, Quantity | Threshold | Trend) else None
        return amounts.amount(entry.value, unit)
    if entry.stage is not None:
        return fmt.stage(entry.stage, entry.percent)
    return "；".join(f"{i.name}：{i.stage}" for i in entry.items or ())


def inspection_row(ds: Dataset, loaded: LoadedInspection) -> InspectionRow:
    r = loaded.record
    findings = tuple(
        FindingRow(
            f.project,
            ds.projects[f.project].name if f.project in ds.projects else "",
            f.indicator,
            f.text,
            verified_text(ds, f),
            f.requirements,
        )
        for f in r.findings
    )
    return InspectionRow(loaded.id, r.date, r.title, r.team, r.methods, findings)


def inspections_in(ds: Dataset, start: date, end: date) -> tuple[InspectionRow, ...]:
    return tuple(
        inspection_row(ds, i)
        for i in sorted(ds.inspections, key=lambda i: (i.record.date, i.id))
        if start <= i.record.date <= end
    )


def closure_rows(ds: Dataset, start: date, end: date) -> tuple[ClosureRow, ...] | None:
    """销号 in the period; None where office.yaml does not enable acceptance."""
    office = ds.office_rules
    if office is None or not office.acceptance:
        return None
    wanted = set(closed_in(ds, start, end))
    rows = []
    for loaded in ds.acceptance:
        a = loaded.record
        target: Target = (a.project, a.indicator, a.item)
        if target not in wanted or a.closed is None:
            continue
        project = ds.projects.get(a.project)
        ref = ds.indicators.get(a.indicator or "")
        units = ref.owners if ref is not None else (project.units if project else ())
        rows.append(
            ClosureRow(
                a.project,
                project.name if project is not None else "",
                _target(ds, a.indicator, a.item),
                tuple(units),
                a.accepted,
                a.closed,
                a.document,
            )
        )
    return tuple(sorted(rows, key=lambda r: (r.closed, r.project_id, r.target or "")))


# ---- the `duban` command ---------------------------------------------------------------


@frozen
class DubanView:
    """督办 at a date: suggestions, what is open, overdue, closed in the period, 回头看 due."""

    as_of: date
    sample: bool
    period: Period
    enabled: bool  # escalation rules are set up (suggestions can be made)
    suggestions: tuple[SuggestionRow, ...]
    actions: tuple[ActionRow, ...]  # every action issued by as_of
    closed: tuple[ActionRow, ...]  # in the period
    inspections: tuple[InspectionRow, ...]  # every inspection by as_of
    closures: tuple[ClosureRow, ...] | None  # 销号 in the period (acceptance on)

    @property
    def overdue(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.state == ActionState.OVERDUE.value)

    @property
    def open(self) -> tuple[ActionRow, ...]:
        """在办 and 已回复: not overdue, not closed."""
        return tuple(
            a
            for a in self.actions
            if a.state in (ActionState.OPEN.value, ActionState.REPLIED.value)
        )

    @property
    def reviews(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.review_pending)

    @property
    def findings(self) -> bool:
        """What `duban --strict` fails on: a suggestion not acted on, an overdue action."""
        return bool(self.suggestions or self.overdue)


def duban_view(report: StatusReport) -> DubanView:
    ds, as_of = report.dataset, report.as_of
    book = ledger(ds, as_of)
    period = period_of_day(ds, as_of)
    start = period.start
    escalation = ds.office.escalation if ds.office is not None else None
    return DubanView(
        as_of,
        report.sample,
        period,
        escalation is not None,
        tuple(suggestion_row(s) for s in suggestions(report, book)),
        tuple(action_row(ds, a) for a in book.actions),
        tuple(action_row(ds, a) for a in book.closed_in(start, as_of)),
        inspections_in(ds, date.min, as_of),
        closure_rows(ds, start, as_of),
    )


# ---- the bulletin's section 挂牌督办及销号情况 ----------------------------------------------


@frozen
class DubanSection:
    """挂牌督办及销号情况 of a bulletin's period: the actions issued (counted by the ladder's
    steps, the units named), the 挂牌督办 still open, the overdue, what was closed, 销号
    (where acceptance is on) and the inspections of the period."""

    start: date
    end: date
    issued: tuple[ActionRow, ...]
    counts: tuple[tuple[str, int], ...]  # (action, issued in the period), the ladder's order
    units: tuple[str, ...]  # the units the period's actions went to, registry order
    open: tuple[ActionRow, ...]  # not closed at the end, whenever issued
    listed: tuple[ActionRow, ...]  # 挂牌督办 not closed at the end
    overdue: tuple[ActionRow, ...]
    closed: tuple[ActionRow, ...]
    closures: tuple[ClosureRow, ...] | None
    inspections: tuple[InspectionRow, ...]
    total: int  # actions issued by the end, in all

    @property
    def rows(self) -> tuple[ActionRow, ...]:
        """The section's table: the period's actions, those still open, those it closed."""
        found = {a.id: a for a in (*self.issued, *self.open, *self.closed)}
        return tuple(sorted(found.values(), key=lambda a: (a.issued, a.id)))

    @property
    def overdue_units(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.unit for a in self.overdue))

    @property
    def open_units(self) -> tuple[tuple[str, int], ...]:
        """(unit, actions not closed), the most first."""
        return by_unit(self.open)

    @property
    def closed_units(self) -> tuple[tuple[str, int], ...]:
        return by_unit(self.closed)


def by_unit(rows: tuple[ActionRow, ...]) -> tuple[tuple[str, int], ...]:
    """How many of ``rows`` went to each unit, the most first (then in first-seen order)."""
    counts: dict[str, int] = {}
    for a in rows:
        counts[a.unit] = counts.get(a.unit, 0) + 1
    return tuple(sorted(counts.items(), key=lambda kv: -kv[1]))


def duban_section(ds: Dataset, start: date, end: date, book: Ledger | None = None) -> DubanSection:
    """The section for the period ``start``..``end`` (the bulletin's statistics date)."""
    book = book or ledger(ds, end)
    issued = tuple(action_row(ds, a) for a in book.issued_in(start, end))
    steps = ladder(ds)
    counts = tuple(
        (step, n) for step in steps if (n := sum(a.action == step for a in issued))
    ) + tuple(
        (name, sum(a.action == name for a in issued))
        for name in dict.fromkeys(a.action for a in issued)
        if name not in steps
    )
    order = {u: k for k, u in enumerate(ds.responsible_units)}
    units = tuple(sorted({a.unit for a in issued}, key=lambda u: (order.get(u, len(order)), u)))
    still = tuple(action_row(ds, a) for a in book.open())
    return DubanSection(
        start,
        end,
        issued,
        counts,
        units,
        still,
        tuple(a for a in still if a.action == LISTED),
        tuple(action_row(ds, a) for a in book.overdue()),
        tuple(action_row(ds, a) for a in book.closed_in(start, end)),
        closure_rows(ds, start, end),
        inspections_in(ds, start, end),
        len(book.actions),
    )
