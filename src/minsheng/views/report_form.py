"""What a unit reports for one period, as plain data: the reportable fields of every project,
indicator and checklist item, with their kind, bounds, stage words and prefilled values.

One description serves every way a report is filled in: the YAML file of ``new-report``
(``views/new_report.py``), the workbook (``render/report_workbook.py``) and its import
(``views/report_import.py``). A new reporting field is one more :class:`FormField` made
here (and, when it needs a column of its own, one more :data:`SLOTS` entry); a new part of a
row is a child :class:`FormRow` (a mapping under a ``block`` key, like ``investment``, or an
entry of a :class:`FormList`, like ``areas``); a new list of the report beside ``projects``
is rows in :attr:`ReportForm.sections`, each naming its :class:`FormList`.

The prefill is the unit's latest report, exactly: every value, stage, 形象进度, checklist item,
area figure, completed investment, 下达 and 拨付 and self-assessment; never a correction, a
review, evidence or a forecast (those are said once, for the report that says them). An
indicator never reported is left blank.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from enum import StrEnum

from ..compute.duban import ActionAt, ActionState, ledger
from ..compute.money import SourceMoney, money_milestones, project_money
from ..compute.state import IndicatorState, ItemState, Timeline
from ..dates import PeriodKind, previous_month
from ..load.checks.common import stage_words
from ..load.dataset import Dataset, IndicatorRef, plan_due
from ..models import (
    Checklist,
    ChecklistItem,
    Milestone,
    Project,
    Qualitative,
    Quantity,
    StageIndicator,
    Threshold,
    Trend,
)
from ..models.dimensions import AreaShare
from ..records import frozen
from ..text import amounts, fmt

# Bumped when the meaning of a workbook's cells changes; older workbooks are then refused.
FORM_VERSION = "1"

Scalar = float | str | date | None


class FieldKind(StrEnum):
    NUMBER = "number"  # a figure within [minimum, maximum]
    STAGE = "stage"  # a word of the stage ladder
    TEXT = "text"  # one short line: a name, a phone number
    LONG_TEXT = "long_text"  # sentences: 进展情况, 更正说明
    DATE = "date"  # YYYY-MM-DD
    MONTH = "month"  # YYYY-MM (fixed: the report's own month)
    LINKS = "links"  # http(s) links, one per line


@frozen
class Slot:
    """A kind of input, shown under one heading (a workbook column, a web form label)."""

    name: str
    label: str


# Input slots of the rows, in the order they are shown.
SLOTS: tuple[Slot, ...] = (
    Slot("value", "本期累计"),
    Slot("allocated", "累计下达"),
    Slot("paid", "累计拨付"),
    Slot("stage", "阶段"),
    Slot("percent", "形象进度"),
    Slot("progress", "进展情况"),
    Slot("problems", "存在问题"),
    Slot("next_steps", "下步打算"),
    Slot("correction", "更正说明"),
    Slot("baseline", "基数"),
    Slot("forecast", "预计达到"),
    Slot("forecast_by", "预计日期"),
    Slot("expected_done", "预计完成日期"),
    Slot("note", "备注"),
    Slot("reply", "回复内容"),
    Slot("reply_date", "回复日期"),
    Slot("evidence", "佐证链接"),
)
# The report's own fields, above the rows.
HEADER_SLOTS: tuple[Slot, ...] = (
    Slot("unit", "单位"),
    Slot("month", "月份"),
    Slot("reporter", "填报人"),
    Slot("phone", "联系电话"),
    Slot("submitted", "报送日期"),
)
SLOT_LABELS = {slot.name: slot.label for slot in (*SLOTS, *HEADER_SLOTS)}

# Fields only the office writes (督查评价): never an input of a unit's form, and kept as they
# are when a unit's report is written again over one that holds them.
OFFICE_OWNED = ("review",)

TEXT_LIMIT = 200  # models.common.Name
LONG_TEXT_LIMIT = 20000  # models.common.Text


@frozen
class FormField:
    """One reportable field of a row, with its prefilled value."""

    slot: str  # which input it is (SLOTS / HEADER_SLOTS)
    key: tuple[str, ...]  # where it goes in the row's YAML mapping: ("value",), ("forecast", "by")
    kind: FieldKind
    prefill: Scalar = None
    hint: str = ""  # what to write, in the words of the YAML file's comment
    listed: bool = True  # the YAML file lists it even when blank (else only once filled in)
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()  # allowed words (the stage ladder)
    required: bool = False
    fixed: bool = False  # shown, never an input (the unit, the month)
    # What the YAML file shows for it, blank, in an entry written commented out: an example
    # the clerk replaces (回复内容), shown there even when not ``listed``.
    example: str = ""

    @property
    def label(self) -> str:
        return SLOT_LABELS[self.slot]

    @property
    def limit(self) -> int:
        """The longest text the field takes."""
        return (
            LONG_TEXT_LIMIT if self.kind in (FieldKind.LONG_TEXT, FieldKind.LINKS) else TEXT_LIMIT
        )


class Level(StrEnum):
    PROJECT = "project"
    INDICATOR = "indicator"
    ITEM = "item"
    AREA = "area"  # an area's share of a split target (分地区)
    INVESTMENT = "investment"  # a project's money, reported by its lead unit
    SOURCE = "source"  # a fund source of the investment: 下达 and 拨付
    ACTION = "action"  # a 督办 action addressed to the unit, not yet closed: its reply
    MILESTONE = "milestone"  # 节点 of the 实施方案: shown for comparison, never filled in
    REMARK = "remark"  # a line of explanation (who reports an indicator the unit shares)


@frozen
class FormList:
    """A list of the report file whose entries are rows of the form (projects, indicators,
    items …), with the comments the YAML file gives it."""

    key: str
    hint: str = ""  # the comment of the line that opens it
    flow: bool = False  # each entry on one line: {name: …, stage: …}
    # While every entry is commented out (none reported yet): the comment of the opening line
    # (itself commented out), and the note above each entry.
    omitted_hint: str = ""
    omitted_note: str = ""
    intro: tuple[str, ...] = ()  # comment lines above the list
    from_margin: bool = False  # entries commented out from the line's start, not their indent


PROJECTS = FormList("projects")
INDICATORS = FormList(
    "indicators",
    omitted_hint="填写下面的指标时，也去掉这一行开头的 #",
    omitted_note="尚未报送过数值：填写时去掉下面几行开头的 #",
)
ITEMS = FormList("items", "每项当前阶段；percent 为形象进度 0–100（选填）", flow=True)
AREAS = FormList("areas", flow=True)
SOURCES = FormList("sources", "各资金来源累计下达（allocated）、拨付（paid）", flow=True)
DUBAN = FormList(
    "duban",
    intro=(
        "回复督办事项：本单位尚未办结的督办事项如下。回复时去掉 duban 和该项各行开头的「# 」，",
        "在 reply 中写明整改落实情况（佐证链接写在 evidence 中）。",
    ),
    from_margin=True,
)


@frozen
class FormRow:
    """A project, indicator, checklist item, milestone or remark, and what the unit fills in."""

    key: str  # stable across prefills: "project:3", "indicator:3-1", "item:7-1:咸宜幼儿园"
    level: Level
    label: str  # its name
    ident: tuple[str, int | str] | None = None  # its key in the report: ("id", 3), ("name", "…")
    kind: str = ""  # the indicator's kind
    target: str = ""  # 年度目标, in words
    measure: str = ""  # 计量单位
    previous: str = ""  # 上期累计: what the latest report said, in words
    fields: tuple[FormField, ...] = ()
    rows: tuple[FormRow, ...] = ()  # its parts: indicators of a project, items of an indicator …
    hint: str = ""  # the YAML comment of the row's first line
    within: FormList | None = None  # the list it is an entry of (with ``ident``)
    block: str = ""  # or: a mapping under this key of its parent's entry ("investment")
    omittable: bool = False  # never reported: written once something is filled in

    def field(self, slot: str) -> FormField | None:
        return next((f for f in self.fields if f.slot == slot), None)

    @property
    def entries(self) -> tuple[FormRow, ...]:
        """The child rows that are entries of the report's lists (not blocks, milestones or
        remarks)."""
        return tuple(row for row in self.rows if row.ident is not None)

    @property
    def blocks(self) -> tuple[FormRow, ...]:
        return tuple(row for row in self.rows if row.block)


@frozen
class ReportForm:
    """Everything a unit reports for one period, prefilled from its latest report."""

    plan_id: str  # which plan: the year and the document number (or title)
    plan_title: str
    unit: str
    month: str  # the folder month: progress/<month>/<unit>.yaml
    period_label: str  # 2022年6月, 2022年第二季度
    monthly: bool
    report_name: str  # 月度进展报告 …
    due: date
    rule: str
    made_on: date  # the day it was made: its 督办 actions are those not closed by then
    coordinator: str
    contact: str
    sample: bool
    stage_words: tuple[str, ...]  # names and aliases, for a dropdown and the help
    stage_help: str  # 未启动、已启动（也可写 启动、开工）…
    header: tuple[FormField, ...]
    projects: tuple[FormRow, ...]
    # Entries of the report's other lists, after projects (each names its list in ``within``).
    sections: tuple[FormRow, ...] = ()

    @property
    def where(self) -> str:
        """ "月份：2022年6月" or "报送期：2022年第二季度"."""
        return f"{'月份' if self.monthly else '报送期'}：{self.period_label}"

    @property
    def entries(self) -> tuple[FormRow, ...]:
        """The report's own entries: projects, then the rows of its other lists."""
        return self.projects + self.sections

    def rows(self) -> Iterator[FormRow]:
        """Every row, in the order it is shown."""
        for entry in self.entries:
            yield from _walk(entry)

    @property
    def fingerprint(self) -> str:
        """What the registry makes the form's inputs map to — row keys, kinds, units of
        measure, fields, stage words — and nothing else: a name corrected in the registry
        changes no fingerprint, nor does the 督办 ledger (the sections' rows)."""
        shape = [
            self.unit,
            list(self.stage_words),
            [
                [row.key, row.kind, row.measure, [".".join(f.key) for f in row.fields]]
                for project in self.projects
                for row in _walk(project)
                if row.fields
            ],
        ]
        text = json.dumps(shape, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _walk(row: FormRow) -> Iterator[FormRow]:
    yield row
    for child in row.rows:
        yield from _walk(child)


def plan_id(ds: Dataset) -> str:
    """Which plan a form is for: its year and document number (its title without one)."""
    plan = ds.plan
    return f"{plan.year}|{plan.doc_number or plan.title}"


def build_form(ds: Dataset, unit: str, month: str, today: date) -> ReportForm:
    """The form of ``unit`` for the period ending in ``month``; ``today`` prefills 报送日期."""
    timeline = Timeline(ds, date.max)  # everything reported so far, late reports included
    prior = prior_states(ds, unit, month, timeline)
    owed = ds.schedule.find(unit, month)
    monthly = owed is None or owed.period.kind is PeriodKind.MONTH
    contact = ds.plan.contact
    return ReportForm(
        plan_id=plan_id(ds),
        plan_title=ds.plan.title,
        unit=unit,
        month=month,
        period_label=fmt.cn_month(month) if owed is None else owed.label,
        monthly=monthly,
        report_name="、".join(owed.names) if owed is not None else "月度进展报告",
        due=ds.schedule.due(unit, month),
        rule="；".join(owed.rules) if owed is not None else ds.plan.reporting.rule,
        made_on=today,
        coordinator=ds.plan.coordinator,
        contact=" ".join(x for x in (contact.office, contact.name, contact.phone) if x),
        sample=ds.sample,
        stage_words=_words(ds),
        stage_help=stage_words(ds.plan.stages),
        header=_header(unit, month, today),
        projects=tuple(
            _project_row(ds, unit, ds.projects[project.id], prior, (timeline, month))
            for project in ds.registry.projects
            if unit in project.units
        ),
        sections=_reply_rows(ds, unit, today),
    )


def _words(ds: Dataset) -> tuple[str, ...]:
    """Every word the stage ladder takes: names and aliases."""
    return tuple(w for s in ds.plan.stages for w in (s.name, *s.aliases))


def _header(unit: str, month: str, today: date) -> tuple[FormField, ...]:
    return (
        FormField("unit", ("unit",), FieldKind.TEXT, unit, "责任单位（请勿修改）", fixed=True),
        FormField("month", ("month",), FieldKind.MONTH, month, "报告月份（请勿修改）", fixed=True),
        FormField("submitted", ("submitted",), FieldKind.DATE, today, "报送日期，提交前请核对"),
        FormField(
            "reporter", ("reporter",), FieldKind.TEXT, None, "填报人姓名（必填）", required=True
        ),
        FormField("phone", ("phone",), FieldKind.TEXT, None, "联系电话（选填）"),
    )


def prior_states(
    ds: Dataset, unit: str, month: str, timeline: Timeline | None = None
) -> dict[str, IndicatorState]:
    """Each of the unit's indicators as reported before ``month`` (late reports included)."""
    timeline = timeline or Timeline(ds, date.max)
    upto = previous_month(month)
    return {ref.id: timeline.state(ref.id, upto=upto) for ref in ds.indicators_of(unit)}


# Everything reported so far, and the period's month: what a project's money is prefilled from.
Known = tuple[Timeline, str]


def _project_row(
    ds: Dataset, unit: str, project: Project, prior: dict[str, IndicatorState], known: Known
) -> FormRow:
    refs = [ds.indicators[i.id] for i in project.indicators]
    # Who reports the values of the project's indicators the unit shares but does not report.
    remarks = tuple(
        _remark(project, ref, f"的数值由{ref.owners[0]}填报")
        for ref in refs
        if unit in ref.owners[1:] and not _split(ref)
    ) + tuple(
        _remark(project, ref, "的数值由各地区分别填报，总数按各地区之和计算")
        for ref in refs
        if _split(ref) and unit == ref.owners[0] and not _own_shares(ref, unit)
    )
    indicators = tuple(
        _reported_row(ds, ref, unit, prior.get(ref.id) or IndicatorState())
        for ref in refs
        if _reports(ref, unit)
    )
    investment = (
        (_investment_row(ds, project, known),)
        if unit == project.units[0] and project.investment is not None
        else ()
    )
    return FormRow(
        f"project:{project.id}",
        Level.PROJECT,
        project.name,
        ident=("id", project.id),
        target=project.text,
        fields=_project_fields(),
        rows=investment + remarks + indicators,
        hint=project.name,
        within=PROJECTS,
    )


def _remark(project: Project, ref: IndicatorRef, says: str) -> FormRow:
    return FormRow(
        f"remark:{project.id}:{ref.id}",
        Level.REMARK,
        f"指标 {ref.id}（{ref.indicator.name}）{says}",
    )


def _project_fields() -> tuple[FormField, ...]:
    long = FieldKind.LONG_TEXT
    return (
        FormField("progress", ("progress",), long, hint="进展情况：本月做了什么、完成了多少"),
        FormField("problems", ("problems",), long, hint="存在问题（没有可不填）"),
        FormField("next_steps", ("next_steps",), long, hint="下步打算"),
        FormField(
            "evidence",
            ("evidence",),
            FieldKind.LINKS,
            hint="佐证链接（http:// 或 https://，每行一个）",
            listed=False,
        ),
    )


def _indicator_row(ds: Dataset, ref: IndicatorRef, state: IndicatorState) -> FormRow:
    ind = ref.indicator
    fields = _kind_fields(ds, ref, state) + _extra_fields(ds, ref)
    rows: tuple[FormRow, ...] = _milestone_rows(ds, ref, ind.id, ind.milestones)
    if isinstance(ind, Checklist):
        rows += tuple(_item_row(ds, ref, item, state.items.get(item.name)) for item in ind.items)
    return FormRow(
        f"indicator:{ind.id}",
        Level.INDICATOR,
        ind.name,
        ident=("id", ind.id),
        kind=ind.kind,
        target=_target(ind),
        measure=_measure(ind),
        previous=_previous_text(ds, ref, state),
        fields=fields,
        rows=rows,
        hint=ind.name,
        within=INDICATORS,
        omittable=isinstance(ind, Threshold | Trend) and state.value is None,
    )


# ---- the list's other dimensions: areas and money ---------------------------------------------


def _split(ref: IndicatorRef) -> bool:
    """A quantity split across areas (分地区): its areas are reported, the total is their sum."""
    return bool(ref.indicator.split) and isinstance(ref.indicator, Quantity)


def _reported_row(ds: Dataset, ref: IndicatorRef, unit: str, state: IndicatorState) -> FormRow:
    return _split_row(ds, ref, unit, state) if _split(ref) else _indicator_row(ds, ref, state)


def _reports(ref: IndicatorRef, unit: str) -> bool:
    """Whether ``unit`` reports figures of the indicator: the lead unit, or, when the target is
    split across areas, the unit of any of its areas."""
    return bool(_own_shares(ref, unit)) if _split(ref) else ref.owners[0] == unit


def _own_shares(ref: IndicatorRef, unit: str) -> list[AreaShare]:
    """The areas ``unit`` reports: its own shares; the lead also those no unit is named for."""
    lead = ref.owners[0]
    return [s for s in ref.indicator.split if s.unit == unit or (s.unit is None and unit == lead)]


def _split_row(ds: Dataset, ref: IndicatorRef, unit: str, state: IndicatorState) -> FormRow:
    """A split quantity: one row per area the unit reports (registry order), each carried
    forward; the indicator's own row takes only what is said of the whole (更正说明 …)."""
    ind = ref.indicator
    assert isinstance(ind, Quantity)
    areas = tuple(_area_row(ref, share, state) for share in _own_shares(ref, unit))
    return FormRow(
        f"indicator:{ind.id}",
        Level.INDICATOR,
        ind.name,
        ident=("id", ind.id),
        kind=ind.kind,
        target=_target(ind),
        measure=_measure(ind),
        previous=_previous_text(ds, ref, state),
        fields=_extra_fields(ds, ref),
        rows=_milestone_rows(ds, ref, ind.id, ind.milestones) + areas,
        hint=f"{ind.name}：分地区填写年初至今累计完成数（{ind.unit}），总数按各地区之和计算",
        within=INDICATORS,
    )


def _area_row(ref: IndicatorRef, share: AreaShare, state: IndicatorState) -> FormRow:
    ind = ref.indicator
    assert isinstance(ind, Quantity)
    target = amounts.amount(share.target, ind.unit)
    reached = state.areas.get(share.area)
    value = _number("value", ("value",), reached or 0.0, f"本地区年初至今累计完成（{ind.unit}）")
    return FormRow(
        f"area:{ind.id}:{share.area}",
        Level.AREA,
        share.area,
        ident=("area", share.area),
        kind="area",
        target=target,
        measure=ind.unit,
        previous=amounts.amount(reached, ind.unit),
        fields=(value,),
        hint=f"目标 {target}",
        within=AREAS,
    )


def _investment_row(ds: Dataset, project: Project, known: Known) -> FormRow:
    """The lead unit's money: completed investment and each source's 下达 and 拨付, carried
    forward from what it reported before this period; 资金节点 shown for comparison."""
    plan = project.investment
    assert plan is not None
    timeline, month = known
    found = project_money(ds, project, timeline, plan_due(ds.plan), previous_month(month))
    assert found is not None
    planned = amounts.amount(found.plan, plan.unit)
    completed = _number(
        "value", ("completed",), found.completed or 0.0, f"累计完成投资，年度计划 {planned}"
    )
    note = FormField("note", ("note",), FieldKind.LONG_TEXT, hint="备注（选填）", listed=False)
    return FormRow(
        f"investment:{project.id}",
        Level.INVESTMENT,
        "投资和资金",
        kind="investment",
        target=f"年度计划 {planned}",
        measure=plan.unit,
        previous=amounts.amount(found.completed, plan.unit),
        fields=(completed, note),
        rows=tuple(
            FormRow(
                f"milestone:investment:{project.id}:{n}",
                Level.MILESTONE,
                _MONEY_NODE,
                target=m.name,
            )
            for n, m in enumerate(money_milestones(found))
        )
        + tuple(_source_row(project, plan.unit, source) for source in found.sources),
        hint=f"投资和资金（{plan.unit}），均为年初至今累计数",
        block="investment",
    )


_MONEY_NODE = "资金节点（实施方案）"


def _source_row(project: Project, unit: str, source: SourceMoney) -> FormRow:
    planned = amounts.amount(source.planned, unit)
    reached = (
        f"下达 {amounts.amount(source.allocated, unit)}，拨付 {amounts.amount(source.paid, unit)}"
        if source.allocated is not None or source.paid is not None
        else "—"
    )
    return FormRow(
        f"source:{project.id}:{source.name}",
        Level.SOURCE,
        source.name,
        ident=("name", source.name),
        kind="source",
        target=f"计划 {planned}",
        measure=unit,
        previous=reached,
        fields=(
            _number("allocated", ("allocated",), source.allocated or 0.0, "累计下达"),
            _number("paid", ("paid",), source.paid or 0.0, "累计拨付"),
        ),
        hint=f"计划 {planned}",
        within=SOURCES,
    )


# ---- the report's other lists ------------------------------------------------------------------


def _reply_rows(ds: Dataset, unit: str, today: date) -> tuple[FormRow, ...]:
    """The report's ``duban`` section: each action addressed to ``unit`` not closed by
    ``today``, with an empty reply (written commented out until one is given, so the
    prefilled file checks clean)."""
    open_actions = [
        a
        for a in ledger(ds, today).actions
        if a.action.unit == unit and a.state is not ActionState.CLOSED
    ]
    return tuple(_reply_row(a) for a in open_actions)


def _reply_row(found: ActionAt) -> FormRow:
    a = found.action
    due = f"，办结时限 {a.deadline.isoformat()}" if a.deadline else ""
    said = f"{a.action}：{a.reason.rstrip('。')}{due}"
    fields = (
        FormField("reply", ("reply",), FieldKind.LONG_TEXT, example="回复内容"),
        FormField("evidence", ("evidence",), FieldKind.LINKS, listed=False, example="[]"),
        FormField(
            "reply_date",
            ("date",),
            FieldKind.DATE,
            hint="回复日期（选填，不填为报送日期）",
            listed=False,
        ),
    )
    return FormRow(
        f"action:{found.id}",
        Level.ACTION,
        f"督办事项 {found.id}",
        ident=("id", found.id),
        kind="action",
        target=said,
        fields=fields,
        hint=said,
        within=DUBAN,
        omittable=True,
    )


def _number(
    slot: str,
    key: tuple[str, ...],
    prefill: float | None,
    hint: str,
    *,
    maximum: float | None = None,
    minimum: float | None = 0,
    listed: bool = True,
) -> FormField:
    return FormField(
        slot,
        key,
        FieldKind.NUMBER,
        prefill,
        hint,
        listed=listed,
        minimum=minimum,
        maximum=maximum,
    )


def _percent_cap(unit: str | None) -> float | None:
    """A rate in % is at most 100 (check_report_values says so too)."""
    return 100 if unit == "%" else None


def _kind_fields(ds: Dataset, ref: IndicatorRef, state: IndicatorState) -> tuple[FormField, ...]:
    """The fields a kind of indicator reports, prefilled with what was last reported."""
    ind = ref.indicator
    if isinstance(ind, Quantity):
        aim = (
            "只监测，不设目标"
            if ind.target is None
            else f"目标 {amounts.quantity_target(ind.target, ind.unit, ind.at_least)}"
        )
        hint = f"年初至今累计完成（{ind.unit}），{aim}"
        return (_number("value", ("value",), state.value or 0.0, hint),)
    if isinstance(ind, Threshold):
        target = amounts.threshold_target(ind.target, ind.unit, ind.comparator)
        hint = f"当前值（{ind.unit}），目标 {target}"
        return (_number("value", ("value",), state.value, hint, maximum=_percent_cap(ind.unit)),)
    if isinstance(ind, Trend):
        requirement = amounts.DIRECTION_LABELS[ind.direction]
        hint = f"当前值（{ind.unit or ''}），要求{requirement}"
        value = _number("value", ("value",), state.value, hint, maximum=_percent_cap(ind.unit))
        if ind.baseline is not None:
            return (value,)
        baseline = _number(
            "baseline", ("baseline",), state.baseline, "基数（上年值）", minimum=None
        )
        return value, baseline
    if isinstance(ind, StageIndicator):
        names = ds.ladder.names()
        return (
            _stage("stage", ("stage",), ds, state.stage or names[0], _stage_hint(ds, ind.target)),
            _number("percent", ("percent",), state.percent, "形象进度 0–100（选填）", maximum=100),
        )
    if isinstance(ind, Checklist):
        return ()
    assert isinstance(ind, Qualitative)
    return (
        _number(
            "value", ("self_assessment",), state.self_assessment, "自评完成度 0–100", maximum=100
        ),
    )


def _stage_hint(ds: Dataset, target: str) -> str:
    return f"当前阶段（{'、'.join(ds.ladder.names())}），目标「{target}」"


def _stage(
    slot: str,
    key: tuple[str, ...],
    ds: Dataset,
    prefill: str | None,
    hint: str,
    *,
    listed: bool = True,
) -> FormField:
    return FormField(slot, key, FieldKind.STAGE, prefill, hint, listed=listed, choices=_words(ds))


def _extra_fields(ds: Dataset, ref: IndicatorRef) -> tuple[FormField, ...]:
    """更正说明, 备注 and 预计: said for the report that says them, never carried forward."""
    ind = ref.indicator
    long = FieldKind.LONG_TEXT
    fields: list[FormField] = []
    if not isinstance(ind, Qualitative):
        fields.append(
            FormField(
                "correction",
                ("correction",),
                long,
                hint="更正说明：数值比上期小时必须写明原因",
                listed=False,
            )
        )
    fields.append(FormField("note", ("note",), long, hint="备注（选填）", listed=False))
    if isinstance(ind, Quantity | Threshold):
        fields.append(
            _number(
                "forecast",
                ("forecast", "value"),
                None,
                "预计：到预计日期达到的数值（选填，与预计日期同填）",
                maximum=_percent_cap(ind.unit),
                listed=False,
            )
        )
    elif isinstance(ind, StageIndicator):
        hint = "预计：到预计日期达到的阶段（选填，与预计日期同填）"
        fields.append(_stage("forecast", ("forecast", "stage"), ds, None, hint, listed=False))
    if isinstance(ind, Quantity | Threshold | StageIndicator):
        fields.append(
            FormField(
                "forecast_by", ("forecast", "by"), FieldKind.DATE, hint="预计日期", listed=False
            )
        )
    if not isinstance(ind, Qualitative | Trend):
        fields.append(
            FormField(
                "expected_done",
                ("expected_done",),
                FieldKind.DATE,
                hint="预计完成日期（选填）",
                listed=False,
            )
        )
    return tuple(fields)


def _item_row(
    ds: Dataset, ref: IndicatorRef, item: ChecklistItem, reached: ItemState | None
) -> FormRow:
    first = ds.ladder.names()[0]
    percent = reached.percent if reached else None
    fields = (
        _stage(
            "stage", ("stage",), ds, reached.stage if reached else first, f"目标「{item.target}」"
        ),
        _number(
            "percent", ("percent",), percent, "形象进度 0–100（选填）", maximum=100, listed=False
        ),
        FormField("note", ("note",), FieldKind.LONG_TEXT, hint="备注（选填）", listed=False),
    )
    return FormRow(
        f"item:{ref.id}:{item.name}",
        Level.ITEM,
        item.name,
        ident=("name", item.name),
        kind="item",
        within=ITEMS,
        target=item.target,
        previous=fmt.stage(reached.stage, reached.percent) if reached else "—",
        fields=fields,
        rows=_milestone_rows(ds, ref, f"{ref.id}:{item.name}", item.milestones),
        hint=f"目标「{item.target}」",
    )


def _milestone_rows(
    ds: Dataset, ref: IndicatorRef, owner: str, milestones: tuple[Milestone, ...]
) -> tuple[FormRow, ...]:
    ind = ref.indicator
    unit = getattr(ind, "unit", None)
    comparator = getattr(ind, "comparator", ">=")
    return tuple(
        FormRow(
            f"milestone:{owner}:{n}",
            Level.MILESTONE,
            "节点（实施方案）",
            target=amounts.milestone(
                m.by,
                value=m.value,
                unit=unit,
                stage=m.stage,
                percent=m.percent,
                cumulative=isinstance(ind, Quantity),
                comparator=comparator,
            ),
        )
        for n, m in enumerate(milestones)
    )


def _target(ind: object) -> str:
    """年度目标 in words."""
    if isinstance(ind, Quantity):
        return (
            "只监测，不设目标"
            if ind.target is None
            else amounts.quantity_target(ind.target, ind.unit, ind.at_least)
        )
    if isinstance(ind, Threshold):
        return amounts.threshold_target(ind.target, ind.unit, ind.comparator)
    if isinstance(ind, Trend):
        return amounts.trend_target(ind.direction, ind.baseline, ind.unit)
    if isinstance(ind, StageIndicator):
        return ind.target
    if isinstance(ind, Checklist):
        return f"{len(ind.items)}项"
    return "定性（自评 0–100）"


def _measure(ind: object) -> str:
    """计量单位 of what is filled in."""
    if isinstance(ind, Quantity | Threshold | Trend):
        return ind.unit or ""
    if isinstance(ind, Qualitative):
        return "分"
    return ""


def _previous_text(ds: Dataset, ref: IndicatorRef, state: IndicatorState) -> str:
    """上期累计: the latest reported figure, in words ("—" when none)."""
    ind = ref.indicator
    if isinstance(ind, Quantity | Threshold | Trend):
        return amounts.amount(state.value, ind.unit)
    if isinstance(ind, StageIndicator):
        return fmt.stage(state.stage, state.percent) if state.stage else "—"
    if isinstance(ind, Qualitative):
        return fmt.number(state.self_assessment) if state.self_assessment is not None else "—"
    return ""


def slot_used(form: ReportForm, slot: str) -> bool:
    """Whether any row of the form has a field shown under ``slot``."""
    return any(row.field(slot) is not None for row in form.rows())


def level_used(form: ReportForm, level: Level) -> bool:
    """Whether the form has a row of ``level`` (an investment, an area …)."""
    return any(row.level is level for row in form.rows())
