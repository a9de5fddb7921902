"""The 通报's tables (its 附件): 分项进展, 滞后事项, 报送情况, 与上期相比, 各地区 — as 公文 blocks."""

from __future__ import annotations

from ...text import fmt
from ...text.numerals import cn_number
from ..bulletin import Bulletin, LagItem, PreviousPeriod, ProjectRow, UnitReports
from ..document import Align, Attachment, Block, Column, Heading, Paragraph, Row, Table
from . import words as w

NUM = Column(1.0, Align.RIGHT)
PCT = Column(1.4, Align.RIGHT)


def progress_text(p: ProjectRow) -> str:
    """最新进展, whole: what the unit last reported, and in which month."""
    if p.progress and p.progress_month:
        unit = f"{p.progress_unit}，" if p.progress_unit and p.progress_unit != p.lead else ""
        return f"{w.quoted(p.progress)[1:-1]}（{unit}{int(p.progress_month[5:7])}月报送）"
    return "已报送，未填写进展情况" if p.last_month else "尚无报送"


def category_of(p: ProjectRow) -> str:
    return p.category or fmt.STATUS_LABELS[p.status]


def projects(b: Bulletin) -> Attachment:
    """附件: 分项进展情况表 — every project, by level when the list has levels, with money."""
    x = b.dimensions
    money = x is not None and x.money_column
    colours = b.extras is not None  # under the office's rules: its warning colours too
    header = ["序号", "项目", "牵头单位", "完成率", "序时进度", "进度情况"]
    columns = [NUM, Column(3), Column(2), PCT, PCT, Column(1.4)]
    if colours:
        header.append("预警颜色")
        columns.append(Column(1.4))
    if money:
        header.append("完成投资 / 计划投资")
        columns.append(Column(2.4, Align.RIGHT))
    header.append("最新进展")
    columns.append(Column(5))

    def row(p: ProjectRow) -> Row:
        cells = [str(p.id), p.name, p.lead, fmt.percent(p.completion), fmt.percent(p.expected)]
        cells.append(category_of(p))
        if colours:
            cells.append(b.palette.name(p.status))
        if money and x is not None:
            cells.append(x.money_cell(p.id))
        cells.append(progress_text(p))
        return Row(tuple(cells))

    rows: list[Row] = []
    if x is not None and x.sections:
        for s in x.sections:
            rows.append(Row((s.label,), category=True))
            rows += [row(p) for p in s.rows]
    else:
        rows = [row(p) for p in b.projects]
    table = Table(columns=tuple(columns), header=(tuple(header),), rows=tuple(rows))
    return Attachment(f"{b.words.list_name}分项进展情况表", (table,), landscape=True)


def lag_cells(index: int, x: LagItem) -> tuple[str, ...]:
    gap = (
        f"逾期未完成（时限{fmt.cn_date(x.due)}）"
        if x.overdue
        else w.gap_text(x.completion, x.expected)
    )
    return (
        str(index),
        x.name,
        w.project_ref(x.project_id, x.project),
        w.units_text(x.units),
        x.target,
        x.actual,
        fmt.percent(x.completion),
        fmt.percent(x.expected),
        f"{x.label}，{gap}",
    )


LAG_COLUMNS = (
    NUM,
    Column(3),
    Column(3),
    Column(2.2),
    Column(1.8),
    Column(2),
    PCT,
    PCT,
    Column(2.6),
)
LAG_HEADER = ("序号", "事项", "所属项目", "责任单位", "目标", "当前", "完成率", "序时进度", "差距")


def lagging(b: Bulletin) -> Attachment | None:
    """附件: 进度滞后事项表 — the named items, the items a little behind (within the tolerance,
    so not named), the overdue milestones, the items at risk, and who answers for them."""
    if not (b.lagging or b.slight or b.overdue or b.risks):
        return None
    parts: list[tuple[str, list[Block]]] = []
    lag_rows = tuple(Row(lag_cells(i, x)) for i, x in enumerate(b.lagging, start=1))
    named: list[Block] = [Table(LAG_COLUMNS, (LAG_HEADER,), lag_rows)] if b.lagging else []
    named += [Paragraph.of(x) for x in (lag_people(b), lag_contacts(b)) if x]
    parts.append(("进度滞后的事项", named or [Paragraph.of("无。")]))
    if b.slight:
        tolerance = b.found.settings.tolerance if b.found is not None else 5.0
        note = (
            f"以下事项落后序时进度不超过{fmt.number(tolerance)}个百分点，按通报用语属按序时进度推进，"
            "不列为滞后。"
        )
        rows = tuple(Row(lag_cells(i, x)) for i, x in enumerate(b.slight, start=1))
        parts.append(
            ("略低于序时进度的事项", [Paragraph.of(note), Table(LAG_COLUMNS, (LAG_HEADER,), rows)])
        )
    if b.overdue:
        parts.append(("逾期未完成的节点", [overdue_table(b)]))
    if b.risks and not b.year_end:
        parts.append(("有逾期风险的事项", [risks_table(b)]))
    blocks: list[Block] = []
    for n, (title, found) in enumerate(parts, start=1):
        blocks += [Heading(2, f"（{cn_number(n)}）{title}"), *found]
    return Attachment("进度滞后事项表", tuple(blocks), landscape=True)


def overdue_table(b: Bulletin) -> Table:
    return Table(
        columns=(NUM, Column(3.2), Column(3.4), Column(2.4), Column(2.4), PCT, PCT),
        header=(("序号", "事项", "节点要求", "责任单位", "时限", "计划完成率", "实际完成率"),),
        rows=tuple(
            Row(
                (
                    str(i),
                    w.project_ref(m.project_id, m.subject),
                    m.wanted,
                    w.units_text(m.units),
                    fmt.cn_date(m.due),
                    fmt.percent(m.planned),
                    fmt.percent(m.completion),
                )
            )
            for i, m in enumerate(b.overdue, start=1)
        ),
    )


def risks_table(b: Bulletin) -> Table:
    return Table(
        columns=(NUM, Column(3.4), Column(2.4), Column(2.4), PCT, Column(1.6), Column(3.4)),
        header=(("序号", "事项", "责任单位", "时限", "完成率", "依据", "预计"),),
        rows=tuple(
            Row(
                (
                    str(i),
                    w.project_ref(r.project_id, r.indicator),
                    w.units_text(r.units),
                    fmt.cn_date(r.due),
                    fmt.percent(r.completion),
                    r.basis,
                    r.forecast,
                )
            )
            for i, r in enumerate(b.risks, start=1)
        ),
    )


def lag_people(b: Bulletin) -> str:
    """Who answers for the projects with named items (internal: with phones)."""
    if b.dimensions is None or not b.dimensions.lag_people:
        return ""
    found = "；".join(
        f"{w.project_ref(p.project_id, p.project)}：{p.people.internal}"
        for p in b.dimensions.lag_people
    )
    return f"滞后事项的责任领导和责任人：{found}。"


def lag_contacts(b: Bulletin) -> str:
    """The units' 联系人 for the named items (internal: with phones)."""
    if not b.contacts:
        return ""
    found = "；".join(f"{unit}：{person.internal}" for unit, person in b.contacts)
    return f"滞后事项责任单位的联系人：{found}。"


def issues_text(u: UnitReports) -> str:
    parts = [
        f"{i.label}逾期{i.days_late}天" if i.state == "late" else f"{i.label}未报送"
        for i in u.issues
    ]
    return "；".join(parts) or "—"


def reports(b: Bulletin) -> Attachment:
    """附件: 报送情况表."""
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
    t = b.totals
    rows += (Row(("", "合计", str(t.due), str(t.on_time), str(t.late), str(t.missing), "—")),)
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
    return Attachment(f"{b.words.report}报送情况表", (table,))


def changes(b: Bulletin) -> Attachment | None:
    """附件: 与上期相比 — every project that moved, the biggest gain first."""
    c = b.previous
    if c is None or not c.changes:
        return None
    now = {p.id: category_of(p) for p in b.projects}
    rows = tuple(
        Row(
            (
                str(x.id),
                x.name,
                fmt.percent(x.before.completion if x.before else None),
                fmt.percent(x.after.completion if x.after else None),
                _points(x.delta),
                _turn_cell(then_label(c, x.id), now.get(x.id)),
            )
        )
        for x in c.changes
    )
    table = Table(
        columns=(NUM, Column(4), PCT, PCT, PCT, Column(2.4)),
        header=(("序号", "项目", f"{c.label}完成率", "本期完成率", "变化（百分点）", "进度情况"),),
        rows=rows,
    )
    return Attachment(f"与{c.label}相比的变化情况", (table,))


def then_label(c: PreviousPeriod, project_id: int) -> str | None:
    found = c.found
    if found is None or project_id not in found.projects:
        return None
    return found.label(found.projects[project_id])


def _points(delta: float | None) -> str:
    if delta is None:
        return "—"
    if abs(delta) < 0.05:
        return "0.0"
    return f"+{delta:.1f}" if delta > 0 else f"−{-delta:.1f}"


def _turn_cell(before: str | None, after: str | None) -> str:
    if before is not None and after is not None and before != after:
        return f"{before}→{after}"
    return after or "—"


def areas(b: Bulletin) -> Attachment | None:
    """附件: 各地区完成情况 — the ranking, and the slowest areas of each split target."""
    x = b.dimensions
    if x is None or x.facts.areas is None:
        return None
    a = x.facts.areas
    table = Table(
        columns=(Column(1.4), Column(2.6), PCT),
        header=(("名次", "地区", "完成率"),),
        rows=tuple(Row((place, area, fmt.percent(done))) for place, area, done in a.rows),
    )
    blocks: list[Block] = [table]
    slow = a.slowest()
    if slow:
        blocks.append(
            Paragraph.of(
                "进度最慢的地区：" + "；".join(f"{name}：{names}" for name, names in slow) + "。"
            )
        )
    return Attachment("各地区完成情况", tuple(blocks))
