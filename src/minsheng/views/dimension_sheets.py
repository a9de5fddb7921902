"""The export's sheets for the list's other dimensions: 项目信息 (levels, categories, people),
单位信息 (units' kinds and 联系人), 按层级和类别, 投资与资金, 分地区 (rows 全县 then each area; per indicator 目标 / 完成 / 完成比例)
and 跨年度累计. Each is added only when the registry uses its dimension."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..compute.areas import AreaIndicator
from ..compute.money import ProjectMoney, ratio
from ..compute.status import StatusReport
from ..compute.years import multi_year
from ..text.amounts import amount
from .dimensions import Dimensions, GroupFacts, MoneyFacts, dimensions_of, place
from .sheets import Column, Row, Sheet

SHEETS = {
    "details": "项目信息",
    "units": "单位信息",
    "groups": "按层级和类别",
    "money": "投资与资金",
    "areas": "分地区",
    "years": "跨年度累计",
}


def _p(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _a(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def dimension_sheets(
    report: StatusReport,
    subject: str,
    until: str,
    earlier: Mapping[int, StatusReport] | None = None,
) -> tuple[Sheet, ...]:
    """The sheets the registry's dimensions call for, in a fixed order."""
    d = dimensions_of(report)
    if d is None:
        return ()
    u = d.uses
    sheets: list[Sheet] = []
    if u.levels or u.categories or u.types or u.voted or u.people or u.years:
        sheets.append(details_sheet(report, d, f"{subject}项目信息{until}"))
    if u.units:
        sheets.append(units_sheet(report, f"{subject}责任单位及联系人"))
    if d.levels or d.categories:
        sheets.append(groups_sheet(report, d, f"{subject}按层级和类别统计{until}"))
    if u.investment:
        sheets.append(money_sheet(report, d, f"{subject}投资与资金{until}"))
    if d.areas is not None:
        sheets.append(areas_sheet(d, f"{subject}分地区完成情况{until}"))
    if u.years:
        sheets.append(years_sheet(report, earlier, f"{subject}跨年度累计{until}"))
    return tuple(sheets)


def details_sheet(report: StatusReport, d: Dimensions, title: str) -> Sheet:
    """Each project's level, category, type, 票决, leaders and responsible person (phones
    included: the workbook is the office's own)."""
    u = d.uses
    picks = [
        ("层级", u.levels),
        ("类别", u.categories),
        ("类型", u.types),
        ("人大票决", u.voted),
        ("责任领导", u.people),
        ("项目责任人", u.people),
        ("责任人职务", u.people),
        ("责任人电话", u.people),
        ("接续实施", u.years),
        ("起止年度", u.years),
    ]
    names = [n for n, used in picks if used]
    columns = (Column("序号", "int"), Column("项目"), *(Column(n) for n in names))
    rows: list[Row] = []
    for p in report.projects:
        project, f = p.project, d.projects[p.project.id]
        people = f.people
        who = people.responsible if people is not None else None
        link, years = project.continues, project.years
        cells: dict[str, str | None] = {
            "层级": f.level_text or None,
            "类别": f.category,
            "类型": f.type,
            "人大票决": "是" if f.voted else None,
            "责任领导": "；".join(f"{x.role or '责任领导'}：{x.public}" for x in people.leaders)
            if people is not None and people.leaders
            else None,
            "项目责任人": who.name if who is not None else None,
            "责任人职务": who.post if who is not None else None,
            "责任人电话": who.phone if who is not None else None,
            "接续实施": f"{link.year}年项目{link.id}" if link is not None else None,
            "起止年度": f"{years.first}—{years.last}" if years is not None else None,
        }
        rows.append((project.id, project.name, *(cells[n] for n in names)))
    return Sheet("details", SHEETS["details"], title, columns, tuple(rows), frozen_columns=2)


UNIT_COLUMNS = (
    Column("单位"),
    Column("全称"),
    Column("类型"),
    Column("联系人"),
    Column("职务"),
    Column("电话"),
)


def units_sheet(report: StatusReport, title: str) -> Sheet:
    """Each responsible unit in the registry's order, its kind and its 联系人 (phones included:
    the workbook is the office's own)."""
    rows: list[Row] = []
    for unit in report.dataset.registry.units:
        c = unit.contact
        rows.append(
            (
                unit.name,
                unit.full_name,
                unit.kind,
                c.name if c is not None else None,
                c.post if c is not None else None,
                c.phone if c is not None else None,
            )
        )
    return Sheet("units", SHEETS["units"], title, UNIT_COLUMNS, tuple(rows), frozen_columns=1)


GROUP_COLUMNS = (
    Column("维度"),
    Column("名称"),
    Column("来源", "long"),
    Column("件", "int"),
    Column("项", "int"),
    Column("达到时间进度的件", "int"),
    Column("达到时间进度的项", "int"),
    Column("完成率", "percent"),
    Column("序时进度", "percent"),
    Column("已完成", "int"),
    Column("正常推进", "int"),
    Column("滞后", "int"),
    Column("开工率", "percent"),
    Column("金额单位"),
    Column("年度计划投资", "number"),
    Column("完成投资", "number"),
    Column("投资完成率", "percent"),
)


def groups_sheet(report: StatusReport, d: Dimensions, title: str) -> Sheet:
    """The whole plan, then each level, then each category."""
    o = report.overall
    m = d.measures
    whole: Row = (
        "全部",
        f"全部（{o.projects}个项目）",
        None,
        o.projects,
        m.items if m is not None else None,
        m.projects_on_schedule if m is not None else None,
        m.items_on_schedule if m is not None else None,
        _p(o.completion),
        _p(o.expected),
        o.done,
        o.green,
        o.yellow + o.counts.get("orange", 0) + o.red,
        None,
        *_money_cells(d.money),
    )
    rows: list[Row] = [whole]
    rows += [_group_row("层级", g) for g in d.levels]
    rows += [_group_row("类别", g) for g in d.categories]
    return Sheet("groups", SHEETS["groups"], title, GROUP_COLUMNS, tuple(rows), frozen_columns=2)


def _money_cells(money: MoneyFacts | None) -> tuple[str | float | None, ...]:
    if money is None:
        return (None, None, None, None)
    s = money.summary
    return (s.unit, _a(s.shown(s.annual)), _a(s.shown(s.completed)), _p(s.completion))


def _group_row(kind: str, g: GroupFacts) -> Row:
    return (
        kind,
        g.name,
        g.source,
        g.measures.projects,
        g.measures.items,
        g.measures.projects_on_schedule,
        g.measures.items_on_schedule,
        _p(g.completion),
        _p(g.expected),
        g.done,
        g.green,
        g.lagging,
        _p(g.start_rate),
        *_money_cells(g.money),
    )


MONEY_COLUMNS = (
    Column("序号", "int"),
    Column("项目"),
    Column("资金来源"),
    Column("金额单位"),
    Column("总投资", "number"),
    Column("年度计划投资", "number"),
    Column("累计完成投资", "number"),
    Column("投资完成率", "percent"),
    Column("序时进度", "percent"),
    Column("计划金额", "number"),
    Column("累计下达", "number"),
    Column("累计拨付", "number"),
    Column("到位率", "percent"),
    Column("拨付率", "percent"),
)


def money_sheet(report: StatusReport, d: Dimensions, title: str) -> Sheet:
    """Each project with money: a 合计 row, then a row per fund source; the sum at the end."""
    rows: list[Row] = []
    for p in report.projects:
        m = d.projects[p.project.id].money
        if m is not None:
            rows += _project_money_rows(m)
    if d.money is not None:
        rows += _total_rows(d.money)
    return Sheet("money", SHEETS["money"], title, MONEY_COLUMNS, tuple(rows), frozen_columns=2)


def _project_money_rows(m: ProjectMoney) -> list[Row]:
    project = m.project
    rows: list[Row] = [
        (
            project.id,
            project.name,
            "合计",
            m.unit,
            m.total,
            m.annual,
            m.completed,
            _p(m.completion),
            _p(m.expected),
            _a(m.planned_funds),
            _a(m.allocated),
            _a(m.paid),
            _p(m.allocation_rate),
            _p(m.payment_rate),
        )
    ]
    rows += [
        (
            project.id,
            project.name,
            s.name,
            m.unit,
            None,
            None,
            None,
            None,
            None,
            s.planned,
            s.allocated,
            s.paid,
            _p(ratio(s.allocated, s.planned)),
            _p(ratio(s.paid, s.allocated)),
        )
        for s in m.sources
    ]
    return rows


def _total_rows(money: MoneyFacts) -> list[Row]:
    s = money.summary
    name = f"全县合计（{s.projects}个项目）"
    rows: list[Row] = [
        (
            None,
            name,
            "合计",
            s.unit,
            _a(s.shown(s.total)),
            _a(s.shown(s.annual)),
            _a(s.shown(s.completed)),
            _p(s.completion),
            None,
            _a(s.shown(s.planned_funds)),
            _a(s.shown(s.allocated)),
            _a(s.shown(s.paid)),
            _p(s.allocation_rate),
            _p(s.payment_rate),
        )
    ]
    rows += [
        (
            None,
            name,
            x.name,
            s.unit,
            None,
            None,
            None,
            None,
            None,
            _a(x.planned),
            _a(x.allocated),
            _a(x.paid),
            _p(x.allocation_rate),
            _p(x.payment_rate),
        )
        for x in money.sources
    ]
    return rows


def _indicator_label(a: AreaIndicator) -> str:
    return f"{a.result.ref.id} {a.result.indicator.name}（{a.unit}）"


def areas_sheet(d: Dimensions, title: str) -> Sheet:
    """The area × indicator matrix: 全县, then each area; per indicator 目标, 完成, 完成比例;
    then each area's average completion and its place."""
    assert d.areas is not None
    found = d.areas.areas
    columns: list[Column] = [Column("地区")]
    for a in found.indicators:
        label = _indicator_label(a)
        columns += [
            Column(f"{label}目标", "number"),
            Column(f"{label}完成", "number"),
            Column(f"{label}完成比例", "percent"),
        ]
    columns += [Column("平均完成率", "percent"), Column("名次")]
    whole: list[str | float | None] = ["全县"]
    for a in found.indicators:
        target = sum(c.target for c in a.cells)
        values = [c.value for c in a.cells if c.value is not None]
        actual = sum(values) if values else None
        whole += [_a(target), _a(actual), _p(ratio(actual, target))]
    whole += [None, None]
    ranks = {r.area: r for r in found.ranks}
    rows: list[Row] = [tuple(whole)]
    for area in found.names:
        row: list[str | float | None] = [area]
        for a in found.indicators:
            c = a.cell(area)
            row += [None, None, None] if c is None else [_a(c.target), _a(c.value), _p(c.ratio)]
        r = ranks.get(area)
        row += [_p(r.completion), place(r.rank)] if r is not None else [None, None]
        rows.append(tuple(row))
    return Sheet("areas", SHEETS["areas"], title, tuple(columns), tuple(rows), frozen_columns=1)


YEARS_COLUMNS = (
    Column("序号", "int"),
    Column("项目"),
    Column("指标编号"),
    Column("指标"),
    Column("起止年度"),
    Column("各年完成", "long"),
    Column("总计划", "number"),
    Column("累计完成", "number"),
    Column("占总计划", "percent"),
    Column("说明"),
)


def years_sheet(
    report: StatusReport, earlier: Mapping[int, StatusReport] | None, title: str
) -> Sheet:
    rows: list[Row] = []
    for m in multi_year(report, earlier or {}):
        r = m.result
        unit = getattr(r.indicator, "unit", "")
        each = "；".join(f"{f.year}年{amount(f.value, unit)}" for f in m.figures)
        note = f"缺少 {'、'.join(str(y) for y in m.missing)} 年度的数据" if m.missing else None
        rows.append(
            (
                r.ref.project.id,
                r.ref.project.name,
                r.ref.id,
                r.indicator.name,
                f"{m.first}—{m.last}" if m.last is not None else f"{m.first}起",
                each,
                m.total,
                _a(m.cumulative),
                _p(m.share),
                note,
            )
        )
    return Sheet("years", SHEETS["years"], title, YEARS_COLUMNS, tuple(rows), frozen_columns=2)


def sheet_keys() -> Sequence[str]:
    return tuple(SHEETS)
