"""The forms made from the same facts as the 通报: the plan-against-actual 进展汇总表
(``--kind table``) that counties send upward, and the numeric 进度表 (``--kind progress``)
for leaders and for publication."""

from __future__ import annotations

from ...compute.vocabulary import Category
from ...text import fmt
from ...text.numerals import cn_number
from ..bulletin import (
    Bulletin,
    IndicatorRow,
    Note,
    PeriodMilestone,
    ProjectRow,
    item_name,
    period_words,
)
from ..document import Align, Block, Column, Document, Paragraph, Row, Table
from . import words as w
from .masthead import Options, metadata

NUM = Column(1.0, Align.CENTER)
PCT = Column(1.5, Align.RIGHT)

# 目标完成情况 of the 进展汇总表, from the vocabulary's categories.
OUTCOME = {
    Category.EXCEEDED: "已完成",
    Category.EARLY: "提前完成",
    Category.DONE: "已完成",
    Category.AHEAD: "顺利推进",
    Category.ON_SCHEDULE: "顺利推进",
    Category.NOT_STARTED: "顺利推进",
    Category.BEHIND: "滞后",
    Category.FAR_BEHIND: "滞后",
    Category.MONITOR: "持续推进",
}
MISSED = "滞后"


def milestone_words(m: PeriodMilestone, name: str | None) -> str:
    """本期目标: «滨河公园广场建成面积：6月底前累计完成3000平方米（已完成）»."""
    text = f"{name}：{m.text}" if name else m.text
    if m.met is True:
        text += f"（已完成{'：' + m.note if m.note else ''}）"
    elif m.met is False:
        text += f"（未完成{'：' + m.note if m.note else ''}）"
    return text


def period_target(p: ProjectRow, rows: tuple[IndicatorRow, ...]) -> str:
    """What the period asked of the project: its indicators' 节点 in their own words, or
    else the 序时进度 it should have reached."""
    named = len(rows) > 1
    parts = []
    for r in rows:
        for m in r.milestones:
            label = item_name(r.name, m.item) if named or m.item else None
            parts.append(milestone_words(m, label))
    if parts:
        return "；".join(parts)
    return f"按序时进度应完成{fmt.percent(p.expected)}"


def note_words(notes: tuple[Note, ...], lead: str) -> str:
    """进展情况、存在问题及下一步打算, as each unit gave them in the period."""
    parts = []
    for n in notes:
        said = [
            f"{label}：{w.quoted(text)[1:-1]}"
            for label, text in (("进展", n.progress), ("问题", n.problems), ("下步", n.next_steps))
            if text
        ]
        if said:
            who = "" if len(notes) == 1 and n.unit == lead else f"{n.unit}："
            parts.append(who + "；".join(said))
    return "。".join(parts) + "。" if parts else "本期未报送"


def outcome(b: Bulletin, p: ProjectRow, rows: tuple[IndicatorRow, ...]) -> str:
    """目标完成情况: 已完成, 提前完成, 顺利推进 or 滞后 — 滞后 too when a report says this
    period's 节点 was not met."""
    if any(m.met is False for r in rows for m in r.milestones):
        return MISSED
    found = b.found.projects.get(p.id) if b.found is not None else None
    return OUTCOME[found] if found is not None else fmt.STATUS_LABELS[p.status]


def table_document(b: Bulletin, o: Options) -> Document:
    """进展汇总表: 序号 | 工作任务 | 责任单位 | 本期目标 | 进展情况、存在问题及下一步打算 | 目标完成情况."""
    title = f"{b.subject}{period_words(b.period, b.as_of)}进展汇总表"
    rows = []
    for p in b.projects:
        mine = tuple(r for r in b.rows if r.project_id == p.id)
        rows.append(
            Row(
                (
                    str(p.id),
                    p.name,
                    w.units_text(p.units),
                    period_target(p, mine),
                    note_words(b.notes_of(p.id), p.lead),
                    outcome(b, p, mine),
                )
            )
        )
    table = Table(
        columns=(NUM, Column(3), Column(2.2), Column(4), Column(8), Column(1.6, Align.CENTER)),
        header=(
            (
                "序号",
                "工作任务",
                "责任单位",
                "本期目标",
                "进展情况、存在问题及下一步打算",
                "目标完成情况",
            ),
        ),
        rows=tuple(rows),
    )
    head = Paragraph.of(f"填报单位：{b.plan.coordinator}　　统计截至：{fmt.cn_date(b.as_of)}")
    return Document(
        meta=metadata(b, o, title),
        body=(head, table),
        signature=None,
        kind=o.kind.value,
        landscape=True,
    )


# --- 进度表 ------------------------------------------------------------------------------------


def goal_text(r: IndicatorRow) -> str:
    """工作目标 as a figure where there is one («8000»), else in words («开工», «3项»)."""
    if r.target_value is not None:
        return fmt.number(r.target_value)
    return r.target


def done_text(r: IndicatorRow) -> str:
    """已完成数 as a figure where there is one, else the state reached."""
    if r.actual_value is not None:
        return fmt.number(r.actual_value)
    return r.actual


def ratio_text(r: IndicatorRow) -> str:
    """占年任务之比: the uncapped ratio where there is a figure, else the completion; 持续推进."""
    if r.monitor:
        return "持续推进"
    return fmt.percent(r.ratio if r.ratio is not None else r.completion)


def progress_document(b: Bulletin, o: Options) -> Document:
    """进度表: 序号 | 考核指标 | 计量单位 | 工作目标 | 已完成数 | 占年任务之比 | 备注 (责任单位),
    a header row per project."""
    title = f"{b.subject}进度表"
    rows: list[Row] = []
    for p in b.projects:
        rows.append(Row((f"{cn_number(p.id) if p.id < 100 else p.id}、{p.name}",), category=True))
        for r in b.rows:
            if r.project_id == p.id:
                rows.append(
                    Row(
                        (
                            r.id,
                            r.name,
                            r.measure or "—",
                            goal_text(r),
                            done_text(r),
                            ratio_text(r),
                            w.units_text(r.units),
                        )
                    )
                )
    table = Table(
        columns=(
            NUM,
            Column(4),
            Column(1.4),
            Column(1.8, Align.RIGHT),
            Column(2.2, Align.RIGHT),
            PCT,
            Column(2.6),
        ),
        header=(("序号", "考核指标", "计量单位", "工作目标", "已完成数", "占年任务之比", "备注"),),
        rows=tuple(rows),
    )
    blocks: list[Block] = [
        Paragraph.of(f"统计截至：{fmt.cn_date(b.as_of)}"),
        table,
        Paragraph.of(
            "注：占年任务之比为已完成数与工作目标之比，超过100%的照实列出；没有数值的指标按完成率列出；"
            "持续推进的指标只监测，不计完成率。备注为责任单位。"
        ),
    ]
    return Document(
        meta=metadata(b, o, title),
        body=tuple(blocks),
        signature=None,
        kind=o.kind.value,
    )
