"""Terminal views of the list's other dimensions: what ``status`` adds when the registry has
levels, categories, money, areas, people or several years, and ``status --by-area``.

Every part here is empty for a folder that uses none of them, so its output is unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..compute.areas import AreaIndicator
from ..compute.money import ProjectMoney, ratio
from ..compute.status import StatusReport
from ..compute.years import MultiYear, multi_year
from ..text import amounts, fmt
from ..views.dimensions import (
    AreaFacts,
    Dimensions,
    GroupFacts,
    dimensions_of,
    money_text,
    place,
    target_note,
)
from . import terminal
from .styled import Block, Stack, Styled
from .styled import literal as t
from .tables import Cell, Column, FittedTable, Justify

Columns = Sequence[tuple[str, Justify]]


def _table(columns: Columns, rows: Sequence[Sequence[Cell]], title: str) -> FittedTable:
    fitted = [Column(name, justify, wrap=name in WRAPPING) for name, justify in columns]
    return FittedTable(fitted, rows, title)


WRAPPING = {"项目", "名称", "责任领导", "项目责任人", "来源", "指标", "说明", "资金来源"}


def _pct(value: float | None) -> str:
    return fmt.percent(value)


# ---- the status view's additions ------------------------------------------------------------


def status_parts(
    report: StatusReport,
    earlier: Mapping[int, StatusReport] | None = None,
    part: tuple[str, str] | None = None,
) -> list[Block]:
    """What ``status`` shows after its summary, for the dimensions the registry uses."""
    d = dimensions_of(report, part)
    if d is None:
        return []
    parts: list[Block] = []
    lines = [x for x in (d.counts_sentence, _money_line(d)) if x]
    if d.areas is not None:
        lines.append(d.areas.sentence)
    if lines:
        parts.append(t("\n".join(lines)))
    if d.levels:
        parts.append(groups_table(d.levels, "按层级"))
    if d.categories:
        parts.append(groups_table(d.categories, "按类别"))
    table = projects_table(report, d)
    if table is not None:
        parts.append(table)
    if d.uses.years:
        parts.append(years_table(multi_year(report, earlier or {}), earlier is not None))
    return parts


def _money_line(d: Dimensions) -> str | None:
    return f"投资与资金：{d.money.sentence}" if d.money is not None else None


def status_view(
    report: StatusReport,
    earlier: Mapping[int, StatusReport] | None = None,
    part: tuple[str, str] | None = None,
) -> Stack:
    """``status``: the table and summary, then what the dimensions add; ``part`` names the
    level or category the picture is narrowed to, as (kind, name)."""
    above = [narrowed_heading(report, *part)] if part is not None else []
    return Stack(*above, terminal.status_view(report), *status_parts(report, earlier, part))


GROUP_COLUMNS: Columns = (
    ("名称", "left"),
    ("件", "right"),
    ("项", "right"),
    ("完成率", "right"),
    ("序时进度", "right"),
    ("已完成", "right"),
    ("正常推进", "right"),
    ("滞后", "right"),
    ("开工率", "right"),
    ("投资完成率", "right"),
)


def groups_table(groups: Sequence[GroupFacts], title: str) -> FittedTable:
    rows = [
        (
            t(g.name),
            str(g.measures.projects),
            str(g.measures.items),
            _pct(g.completion),
            _pct(g.expected),
            str(g.done),
            str(g.green),
            str(g.lagging),
            _pct(g.start_rate),
            _pct(g.money.summary.completion if g.money is not None else None),
        )
        for g in groups
    ]
    return _table(GROUP_COLUMNS, rows, title)


def projects_table(report: StatusReport, d: Dimensions) -> FittedTable | None:
    """Each project's level, category, type, 票决, money and people: the columns in use."""
    u = d.uses
    columns: list[tuple[str, Justify]] = [("序号", "right"), ("项目", "left")]
    picks: list[tuple[str, Justify, bool]] = [
        ("层级", "left", u.levels),
        ("类别", "left", u.categories),
        ("类型", "left", u.types),
        ("票决", "left", u.voted),
        ("完成投资 / 计划投资", "right", u.investment),
        ("责任领导", "left", u.people),
        ("项目责任人", "left", u.people),
    ]
    columns += [(name, justify) for name, justify, used in picks if used]
    if len(columns) == 2:
        return None
    rows = []
    for p in report.projects:
        f = d.projects[p.project.id]
        cells: dict[str, Cell] = {
            "层级": t(f.level_text or "—"),
            "类别": t(f.category or "—"),
            "类型": t(f.type or "—"),
            "票决": "是" if f.voted else "—",
            "完成投资 / 计划投资": t(f.money_text),
            "责任领导": t(_leaders(f.people.leaders if f.people else ())),
            "项目责任人": t(
                f.people.responsible.internal if f.people and f.people.responsible else "—"
            ),
        }
        rows.append([str(p.project.id), t(p.project.name), *(cells[n] for n, _ in columns[2:])])
    return _table(columns, rows, "项目的层级、类别、投资和责任人")


def _leaders(leaders: Sequence[object]) -> str:
    texts = [
        f"{getattr(x, 'role', None) or '责任领导'}：{getattr(x, 'internal', '')}" for x in leaders
    ]
    return "；".join(texts) or "—"


YEARS_COLUMNS: Columns = (
    ("序号", "right"),
    ("指标", "left"),
    ("年度", "left"),
    ("各年完成", "left"),
    ("总计划", "right"),
    ("累计完成", "right"),
    ("占总计划", "right"),
    ("说明", "left"),
)


def years_table(found: Sequence[MultiYear], given: bool) -> FittedTable:
    rows = []
    for m in found:
        unit = m.result.indicator.unit if hasattr(m.result.indicator, "unit") else ""
        years = f"{m.first}—{m.last}" if m.last is not None else f"{m.first}起"
        each = "；".join(f"{f.year}年 {amounts.amount(f.value, unit)}" for f in m.figures)
        note = []
        if m.missing:
            note.append(f"缺少 {'、'.join(str(y) for y in m.missing)} 年度的数据")
        if not given and m.result.ref.project.continues is not None:
            note.append("以前年度的数据用 --previous 指定")
        rows.append(
            (
                str(m.result.ref.project.id),
                t(f"{m.result.ref.id} {m.result.indicator.name}"),
                years,
                t(each),
                amounts.amount(m.total, unit),
                amounts.amount(m.cumulative, unit),
                _pct(m.share),
                t("；".join(note) or "—"),
            )
        )
    return _table(YEARS_COLUMNS, rows, "跨年度累计")


# ---- status --project: what the project adds --------------------------------------------------


def project_parts(
    report: StatusReport, earlier: Mapping[int, StatusReport] | None = None
) -> list[Block]:
    d = dimensions_of(report)
    if d is None or not report.projects:
        return []
    project = report.projects[0]
    f = d.projects[project.project.id]
    text = Styled()
    facts = [
        ("层级", f.level_text),
        ("类别", f.category),
        ("类型", f.type),
        ("人大票决", "是" if f.voted else None),
    ]
    line = "；".join(f"{k}：{v}" for k, v in facts if v)
    if line:
        text.append_text(t(line + "\n"))
    if f.people is not None:
        text.append_text(t(f.people.internal + "\n"))
    for r in project.indicators:
        note = target_note(r.indicator)
        if note:
            text.append_text(t(f"{r.indicator.id} {r.indicator.name}{note}\n"))
    parts: list[Block] = []
    if text.plain:
        parts += [Styled("项目信息", style="bold"), text]
    if f.money is not None:
        parts.append(money_table(f.money))
    if d.areas is not None:
        parts += [
            area_table(a)
            for a in d.areas.areas.indicators
            if a.result.ref.project is project.project
        ]
    if d.uses.years:
        found = [
            m for m in multi_year(report, earlier or {}) if m.result.ref.project is project.project
        ]
        if found:
            parts.append(years_table(found, earlier is not None))
    return parts


def project_view(report: StatusReport, earlier: Mapping[int, StatusReport] | None = None) -> Stack:
    return Stack(terminal.project_view(report), *project_parts(report, earlier))


MONEY_COLUMNS: Columns = (
    ("资金来源", "left"),
    ("计划", "right"),
    ("累计下达", "right"),
    ("累计拨付", "right"),
    ("到位率", "right"),
    ("拨付率", "right"),
)


def money_table(m: ProjectMoney) -> Stack:
    unit = m.unit
    rows: list[Sequence[Cell]] = [
        (
            t(s.name),
            money_text(s.planned, unit),
            money_text(s.allocated, unit),
            money_text(s.paid, unit),
            _pct(ratio(s.allocated, s.planned)),
            _pct(ratio(s.paid, s.allocated)),
        )
        for s in m.sources
    ]
    rows.append(
        (
            "合计",
            money_text(m.planned_funds, unit),
            money_text(m.allocated, unit),
            money_text(m.paid, unit),
            _pct(m.allocation_rate),
            _pct(m.payment_rate),
        )
    )
    line = t(
        f"投资与资金：年度计划投资 {money_text(m.plan, unit)}，累计完成 "
        f"{money_text(m.completed, unit)}，投资完成率 {_pct(m.completion)}（序时进度 {_pct(m.expected)}）"
    )
    return Stack(line, _table(MONEY_COLUMNS, rows, "资金来源"))


# ---- status --by-area ----------------------------------------------------------------------------


AREA_COLUMNS: Columns = (
    ("地区", "left"),
    ("目标", "right"),
    ("完成", "right"),
    ("完成率", "right"),
    ("完成比例", "right"),
)


def area_table(a: AreaIndicator) -> FittedTable:
    r = a.result
    unit = a.unit
    total_target = sum(c.target for c in a.cells)
    rows: list[Sequence[Cell]] = [
        (
            "全县",
            amounts.amount(total_target, unit),
            amounts.amount(_actual(a), unit),
            _pct(r.completion),
            _pct(ratio(_actual(a), total_target)),
        )
    ]
    rows += [
        (
            t(c.area),
            amounts.amount(c.target, unit),
            amounts.amount(c.value, unit) if c.value is not None else "未报送",
            _pct(c.completion),
            _pct(c.ratio),
        )
        for c in a.cells
    ]
    return _table(AREA_COLUMNS, rows, f"{r.indicator.id} {r.indicator.name}（分地区）")


def _actual(a: AreaIndicator) -> float | None:
    values = [c.value for c in a.cells if c.value is not None]
    return sum(values) if values else None


RANK_COLUMNS: Columns = (
    ("名次", "left"),
    ("地区", "left"),
    ("完成率", "right"),
    ("指标数", "right"),
)


def ranks_table(facts: AreaFacts) -> FittedTable:
    rows = [(place(r.rank), t(r.area), _pct(r.completion), str(r.indicators)) for r in facts.ranks]
    return _table(RANK_COLUMNS, rows, "各地区排名")


def area_view(report: StatusReport) -> Stack:
    """``status --by-area``: the ranking, each split indicator by area, the slowest areas."""
    d = dimensions_of(report)
    parts: list[Block] = [*terminal.banner(report.sample)]
    parts.append(terminal.heading(report, "分地区进展"))
    if d is None or d.areas is None:
        parts.append(Styled("登记表中没有分解到各地区（乡镇、街道、县区）的目标任务。"))
        return Stack(*parts)
    parts.append(ranks_table(d.areas))
    parts += [area_table(a) for a in d.areas.areas.indicators]
    slow = "\n".join(f"{name}：{names}" for name, names in d.areas.slowest())
    if slow:
        parts.append(t(f"进度最慢的地区\n{slow}"))
    parts.append(t(d.areas.sentence))
    return Stack(*parts)


def narrowed_heading(report: StatusReport, kind: str, name: str) -> Styled:
    """The line above a level's or category's status: which part of the list it is."""
    plan = report.dataset.plan
    source = None
    if kind == "level":
        source = next((x.source for x in plan.levels if x.name == name), None)
    label = "层级" if kind == "level" else "类别"
    return t(f"{label}：{name}" + (f"（来源：{source}）" if source else ""), "bold")
