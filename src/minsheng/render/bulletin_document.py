"""The 通报 as a 公文 document (``views.document``): what the Word writer sets.

The counterpart of ``templates/bulletin.md.j2`` for the formats that are not text: the same
sections, sentences and tables, built from the same facts (``views.bulletin.Bulletin``).
The shared wording — section titles, 刊头, the sample notice, the standing 下步工作要求 —
is read from ``_common.j2``, so an office that overrides it there changes every format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateRuntimeError

from ..dates import PeriodKind
from ..text import fmt
from ..text.numerals import cn_number
from ..views.bulletin import Bulletin, Comparison, LagItem, ProjectRow, UnitReports
from ..views.document import (
    Align,
    Block,
    Column,
    Document,
    Heading,
    Metadata,
    Paragraph,
    Row,
    Signature,
    Table,
)
from . import bulletin_dimensions as dims
from .templating import change, count_change, fixed, month_label, oneline, points

if TYPE_CHECKING:
    from jinja2 import Environment

COMMON = "_common.j2"
NUM = Column(1.0, Align.RIGHT)
PCT = Column(1.4, Align.RIGHT)


@dataclass(frozen=True, slots=True)
class Wording:
    """The words of ``_common.j2`` that every format shares."""

    titles: Mapping[str, str]
    masthead: Mapping[str, str]
    turn_words: Mapping[str, str]
    next_steps: Callable[[str], str]  # the default 下步工作要求 for a cadence (月度, 季度)
    sample_title: str
    sample_text: str
    sections: tuple[str, ...]
    year_sections: tuple[str, ...]

    @classmethod
    def of(cls, env: Environment) -> Wording:
        module = env.get_template(COMMON).module
        sections = _need(module, "sections")
        return cls(
            titles=_strings(_need(module, "titles")),
            masthead=_strings(_need(module, "masthead")),
            turn_words=_strings(_need(module, "turn_words")),
            next_steps=_need(module, "default_next_steps"),
            sample_title=str(_need(module, "sample_title")),
            sample_text=str(_need(module, "sample_text")),
            sections=tuple(str(sections(False)).split()),
            year_sections=tuple(str(sections(True)).split()),
        )


def _need(module: object, name: str) -> Any:
    if not hasattr(module, name):
        raise TemplateRuntimeError(f"{COMMON} 中没有定义「{name}」，Word 通报需要它")
    return getattr(module, name)


def _strings(mapping: Mapping[Any, Any]) -> dict[str, str]:
    return {str(k): str(v) for k, v in mapping.items()}


DUBAN_TITLE = "挂牌督办及销号情况"


def section_order(b: Bulletin, words: Wording) -> tuple[str, ...]:
    """The sections in order: ``_common.j2``'s, with 挂牌督办及销号情况 after 报送情况 where
    the folder keeps a 督办 ledger (as the Markdown and HTML bulletins have it)."""
    order = words.year_sections if b.assessment is not None else words.sections
    if b.duban is None or "duban" in order or "reports" not in order:
        return order
    at = order.index("reports") + 1
    return (*order[:at], "duban", *order[at:])


def bulletin_document(b: Bulletin, words: Wording) -> Document:
    """The bulletin as a 公文: 版头, title, the sections in order, 落款."""
    order = dims.with_areas(b, section_order(b, words))

    def heading(key: str) -> Heading:
        title = words.titles.get(
            key, DUBAN_TITLE if key == "duban" else dims.AREAS_TITLE if key == dims.AREAS else key
        )
        return Heading(1, f"{cn_number(order.index(key) + 1)}、{title}")

    sections = {
        "overall": overall,
        "projects": projects,
        dims.AREAS: lambda b, words: dims.areas(b),
        "lagging": lagging,
        "reports": reports,
        "duban": duban,
        "assessment": assessment,
        "next": next_steps,
    }
    body: list[Block] = [preamble(b)]
    for key in order:
        body += [heading(key), *sections[key](b, words)]
    return Document(
        meta=metadata(b, words), body=tuple(body), signature=Signature(b.issuers, b.as_of)
    )


def metadata(b: Bulletin, words: Wording) -> Metadata:
    return Metadata(
        title=b.title,
        mark=b.words.list_name + words.masthead[b.period.kind.value],
        issuers=b.issuers,
        dated=b.as_of,
        as_of=b.as_of,
        issue=issue_line(b),
        printer=b.issuers[0],
        printed=b.as_of,
        sample_text=f"【{words.sample_title}】{words.sample_text}" if b.sample else None,
    )


def issue_line(b: Bulletin) -> str:
    if b.issue_number:
        return f"{b.period.year}年第{b.issue_number}期"
    if b.period.kind is PeriodKind.YEAR:
        return f"{b.period.year}年年终"
    return b.period.full_label


def preamble(b: Bulletin) -> Paragraph:
    o, day = b.overview, fmt.cn_date(b.as_of)
    source = f"按照{b.plan.issuer}《{b.plan.title}》"
    if b.plan.doc_number:
        source += f"（{b.plan.doc_number}）"
    who = "会同".join(b.issuers)
    if b.period.kind is PeriodKind.MONTH:
        what = f"对{o.projects}件{b.words.list_name}{b.period.label}推进情况进行了调度，现将截至{day}的情况汇总如下。"
    elif b.period.kind is PeriodKind.QUARTER:
        what = f"对{o.projects}件{b.words.list_name}{b.period.label}推进情况进行了督查，现将截至{day}的情况通报如下。"
    else:
        what = f"对{o.projects}件{b.words.list_name}全年完成情况进行了督查考核，现将截至{day}的情况通报如下。"
    partial = f"本期尚未结束，数据截至{day}。" if b.partial else ""
    return Paragraph.of(f"{source}要求，{who}{what}{partial}")


# --- 总体情况 ----------------------------------------------------------------------------------


def overall(b: Bulletin, words: Wording) -> list[Block]:
    o = b.overview
    text = (
        f"{b.plan.year}年确定的{o.projects}件重点民生实事，截至{fmt.cn_date(b.as_of)}，已完成{o.done}件，"
        f"按序时进度正常推进{o.green}件，进度滞后{o.lagging}件（其中严重滞后{o.red}件）。"
        f"总体完成率{fmt.percent(o.completion)}，序时进度{fmt.percent(o.expected)}，"
        f"{fmt.gap(o.completion, o.expected)}。"
    )
    if o.start_rate is not None:
        text += f"涉及建设的{o.facilities}个设施（站点）中已开工{o.started}个，开工率{fmt.percent(o.start_rate)}。"
    blocks: list[Block] = [Paragraph.of(text), *dims.overall(b)]
    if b.previous is None:
        return [*blocks, Paragraph.of("上期末尚未开始报送，本期不作比较。")]
    return [*blocks, comparison_text(b, b.previous), *changes(b.previous, words)]


def comparison_text(b: Bulletin, c: Comparison) -> Paragraph:
    o, p = b.overview, c.overview
    text = (
        f"与{c.label}（{fmt.cn_date(p.as_of)}）相比：总体完成率{change(o.completion, p.completion)}，"
        f"已完成项目{count_change(o.done, p.done)}，滞后项目{count_change(o.lagging, p.lagging)}"
    )
    if o.start_rate is not None and p.start_rate is not None:
        text += f"，开工率{change(o.start_rate, p.start_rate)}"
    return Paragraph.of(text + "。")


def changes(c: Comparison, words: Wording) -> list[Block]:
    """与上期相比的项目变化: a sentence on the colours that changed, and every project that moved."""
    if not c.changes:
        return [Paragraph.of(f"与{c.label}相比，各项目完成率和状态均无变化。")]
    if c.turns:
        parts = [
            f"{words.turn_words[kind.value]}{len(found)}件（{'、'.join(x.name for x in found)}）"
            for kind, found in c.turns
        ]
        sentence = f"{len(c.changes)}个项目有变化，其中{'；'.join(parts)}。"
    else:
        sentence = f"{len(c.changes)}个项目有进展，状态均无变化。"
    rows = tuple(
        Row(
            (
                str(x.id),
                x.name,
                fmt.percent(x.before.completion if x.before else None),
                fmt.percent(x.after.completion if x.after else None),
                points(x.delta) if x.delta is not None else "—",
                _turn_cell(
                    x.before.status.value if x.before else None,
                    x.after.status.value if x.after else None,
                ),
            )
        )
        for x in c.changes
    )
    table = Table(
        columns=(NUM, Column(4), PCT, PCT, PCT, Column(2.2)),
        header=(("序号", "项目", f"{c.label}完成率", "本期完成率", "变化（百分点）", "状态"),),
        rows=rows,
        caption=f"与{c.label}相比的项目变化",
    )
    return [Paragraph.of(sentence), table]


def _turn_cell(before: str | None, after: str | None) -> str:
    shown = fmt.STATUS_LABELS[after] if after else "—"
    if before is not None and after is not None and before != after:
        return f"{fmt.STATUS_LABELS[before]} → {shown}"
    return shown


# --- 分项进展, 滞后事项, 报送情况 ------------------------------------------------------------


def projects(b: Bulletin, words: Wording) -> list[Block]:
    by_level = dims.projects(b, _project_cells)
    if by_level is not None:
        return by_level
    return [
        Table(
            columns=(NUM, Column(3), Column(2), PCT, PCT, Column(1.3), Column(4.5)),
            header=(("序号", "项目", "牵头单位", "完成率", "序时进度", "状态", "最新进展"),),
            rows=tuple(Row(_project_cells(p)) for p in b.projects),
        )
    ]


def _project_cells(p: ProjectRow) -> tuple[str, ...]:
    return (
        str(p.id),
        p.name,
        p.lead,
        fmt.percent(p.completion),
        fmt.percent(p.expected),
        fmt.STATUS_LABELS[p.status],
        progress_text(p),
    )


def progress_text(p: ProjectRow) -> str:
    """最新进展, whole: what the unit last reported, and in which month."""
    if p.progress and p.progress_month:
        return f"{oneline(p.progress)}（{p.progress_unit}，{month_label(p.progress_month)}报送）"
    return "已报送，未填写进展情况" if p.last_month else "尚无报送"


def lagging(b: Bulletin, words: Wording) -> list[Block]:
    day = fmt.cn_date(b.as_of)
    blocks: list[Block] = [Heading(2, "（一）进度滞后的事项")]
    if b.lagging:
        blocks.append(
            Table(
                columns=(
                    NUM,
                    Column(3.2),
                    Column(2),
                    Column(2.4),
                    Column(2),
                    PCT,
                    PCT,
                    Column(2.6),
                ),
                header=(
                    ("序号", "事项", "责任单位", "目标", "当前", "完成率", "序时进度", "差距"),
                ),
                rows=tuple(Row(_lag_cells(i, x)) for i, x in enumerate(b.lagging, start=1)),
            )
        )
    else:
        blocks.append(Paragraph.of(f"截至{day}，没有进度滞后的事项。"))
    blocks += dims.lag_people(b)
    blocks.append(Heading(2, "（二）逾期未完成的节点"))
    if not b.overdue:
        return [*blocks, Paragraph.of(f"截至{day}，没有逾期未完成的节点。")]
    rows = tuple(
        Row(
            (
                str(i),
                f"{x.name}\n（项目{x.project_id}：{x.project}）",
                "、".join(x.units),
                fmt.cn_date(x.due),
                fmt.percent(x.planned),
                fmt.percent(x.completion),
            )
        )
        for i, x in enumerate(b.overdue, start=1)
    )
    table = Table(
        columns=(NUM, Column(4), Column(2.4), Column(2.2), PCT, PCT),
        header=(("序号", "节点", "责任单位", "时限", "计划完成率", "实际完成率"),),
        rows=rows,
    )
    return [*blocks, table]


def _lag_cells(index: int, x: LagItem) -> tuple[str, ...]:
    return (
        str(index),
        f"{x.name}\n（项目{x.project_id}：{x.project}）",
        "、".join(x.units),
        x.target,
        x.actual,
        fmt.percent(x.completion),
        fmt.percent(x.expected),
        f"{fmt.STATUS_LABELS[x.status]}，{gap_text(x)}",
    )


def gap_text(x: LagItem) -> str:
    if x.overdue:
        return f"逾期未完成（时限 {fmt.cn_date(x.due)}）"
    if x.expected - x.completion < 0.05:
        return "略低于序时进度"
    return fmt.gap(x.completion, x.expected)


def reports(b: Bulletin, words: Wording) -> list[Block]:
    t = b.totals
    text = (
        f"按照“{b.plan.reporting.rule}”的要求，截至{fmt.cn_date(b.as_of)}，{len(b.units)}个责任单位"
        f"应报{b.words.report}{t.due}份，按时报送{t.on_time}份，逾期报送{t.late}份，未报送{t.missing}份"
    )
    if t.pending:
        text += f"；另有{t.pending}份尚未到报送期限，不计入"
    rows = tuple(
        Row(
            (
                str(i),
                u.unit,
                str(u.due),
                str(u.on_time),
                str(u.late),
                str(u.missing),
                issues_text(u),
            )
        )
        for i, u in enumerate(b.units, start=1)
    )
    table = Table(
        columns=(NUM, Column(3.2), NUM, NUM, NUM, NUM, Column(3.6)),
        header=(
            (
                "序号",
                "责任单位",
                "应报",
                "按时",
                "逾期",
                "未报送",
                f"逾期和未报送的{b.words.period}",
            ),
        ),
        rows=rows,
    )
    return [Paragraph.of(text + "。"), table]


def issues_text(u: UnitReports) -> str:
    parts = [
        f"{month_label(i.month)}逾期 {i.days_late} 天"
        if i.state == "late"
        else f"{month_label(i.month)}未报送"
        for i in u.issues
    ]
    return "；".join(parts) or "—"


# --- 挂牌督办及销号情况 --------------------------------------------------------------------


def _by_unit(pairs: tuple[tuple[str, int], ...]) -> str:
    return "、".join(f"{unit}{n}项" for unit, n in pairs)


def duban(b: Bulletin, words: Wording) -> list[Block]:
    """The period's 督办: issued (by the ladder's steps, the units named), open, closed, 销号,
    the inspections, and a table of the actions (the same sentences as the templates')."""
    d = b.duban
    if d is None:
        return []
    day = fmt.cn_date(b.as_of)
    if d.issued:
        counts = "、".join(f"{name}{n}项" for name, n in d.counts)
        text = f"本期共下发督办事项{len(d.issued)}项（{counts}），涉及{'、'.join(d.units)}。"
    else:
        text = "本期没有新下发的督办事项。"
    if d.open:
        text += f"截至{day}，尚未办结的督办事项{len(d.open)}项（{_by_unit(d.open_units)}）"
        if d.listed:
            text += f"，其中挂牌督办{len(d.listed)}项（{'；'.join(a.about for a in d.listed)}）"
        if d.overdue:
            text += f"，逾期未回复{len(d.overdue)}项（{'、'.join(d.overdue_units)}）"
        text += "。"
    elif d.total:
        text += f"截至{day}，督办事项均已办结。"
    if d.closed:
        text += f"本期办结{len(d.closed)}项（{_by_unit(d.closed_units)}）。"
    if d.closures is not None:
        if d.closures:
            names = "；".join(c.project + (f"·{c.target}" if c.target else "") for c in d.closures)
            text += f"本期验收销号{len(d.closures)}项（{names}）。"
        else:
            text += "本期没有验收销号的事项。"
    blocks: list[Block] = [Paragraph.of(text)]
    for i in d.inspections:
        how = f"通过{'、'.join(i.methods)}" if i.methods else ""
        title = f"（{i.title}）" if i.title else ""
        blocks.append(
            Paragraph.of(
                f"{fmt.cn_date(i.day)}，{'、'.join(i.team)}{how}对{len(i.findings)}个事项开展督查{title}。"
            )
        )
    if d.rows:
        blocks.append(
            Table(
                columns=(
                    NUM,
                    Column(1.6),
                    Column(4),
                    Column(2.6),
                    Column(2.2),
                    Column(2.2),
                    Column(2.4),
                ),
                header=(("序号", "督办方式", "事项", "督办对象", "下发日期", "办结时限", "情况"),),
                rows=tuple(
                    Row(
                        (
                            str(k),
                            a.action,
                            a.about,
                            a.addressee,
                            fmt.cn_date(a.issued),
                            fmt.cn_date(a.deadline) if a.deadline else "—",
                            a.status_text,
                        )
                    )
                    for k, a in enumerate(d.rows, start=1)
                ),
            )
        )
    return blocks


# --- 年终考核, 下步工作要求 ----------------------------------------------------------------


def assessment(b: Bulletin, words: Wording) -> list[Block]:
    a = b.assessment
    if a is None:
        return []
    f, n = a.formula, fmt.number
    formula = (
        f"按照年终考核办法：得分 = 完成率 × {n(f.completion_points)} ÷ 100 + {n(f.review_weight)} × "
        f"（督查评分 − {n(f.review_baseline)}） − 逾期报送 {n(f.late_penalty)} 分/次 − "
        f"未报送 {n(f.missing_penalty)} 分/次，得分在 0 至 {n(f.completion_points)} 分之间。"
    )
    more = (NUM,) if a.closures else ()
    closed = ("销号",) if a.closures else ()
    units = Table(
        columns=(NUM, Column(3.5), PCT, PCT, PCT, PCT, PCT, *more),
        header=(
            ("名次", "责任单位", "完成率", "完成分", "督查加减分", "报送扣分", "得分", *closed),
        ),
        rows=tuple(
            Row(
                (
                    str(u.rank),
                    u.name,
                    fmt.percent(u.result.completion),
                    fixed(u.points.completion),
                    fixed(u.points.review),
                    fixed(u.points.reports),
                    fixed(u.points.total),
                    *((str(u.closed or 0),) if a.closures else ()),
                )
            )
            for u in a.units
        ),
    )
    scores = Table(
        columns=(NUM, Column(4), Column(2.5), PCT, PCT, NUM, *more),
        header=(("序号", "项目", "牵头单位", "完成率", "得分", "名次", *closed),),
        rows=tuple(
            Row(
                (
                    str(s.result.project.id),
                    s.result.project.name,
                    s.result.lead,
                    fmt.percent(s.result.completion),
                    fixed(s.points.total),
                    str(s.rank),
                    *((str(s.closed or 0),) if a.closures else ()),
                )
            )
            for s in a.projects
        ),
    )
    return [
        Paragraph.of(formula),
        Heading(2, "（一）责任单位得分排名"),
        units,
        Heading(2, "（二）项目得分"),
        scores,
    ]


def next_steps(b: Bulletin, words: Wording) -> list[Block]:
    steps = b.next_steps or tuple(str(words.next_steps(b.words.cadence)).split("\n"))
    blocks: list[Block] = [Paragraph.of(f"{i}．{step}") for i, step in enumerate(steps, start=1)]
    c = b.plan.contact
    phone = f"，联系电话：{c.phone}" if c.phone else ""
    if c.name:
        line = f"联系人：{c.name}{phone}（{c.office or b.plan.coordinator}）。"
    else:
        line = f"联系单位：{c.office}{phone}。"
    return [*blocks, Paragraph.of(line)]
