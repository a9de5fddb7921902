"""The status views for the terminal, as styled text (:mod:`.styled`): plain text when piped,
rich renderables on a terminal. Data always enters as text, never as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..compute.colours import DEFAULT_PALETTE, SHADES, Palette
from ..compute.compliance import counts
from ..compute.duban import ACCEPTANCE_LABELS, Acceptance, Target, acceptance_state
from ..compute.schedule import Status
from ..compute.status import ProjectResult, StatusReport
from ..compute.vocabulary import Categories, Tally, categories, ratio_of
from ..text import fmt
from ..text.labels import KIND_LABELS, SAMPLE_BANNER
from ..views import describe
from ..views.people import unit_contact
from .styled import Block, Stack, Styled, literal
from .tables import Cell, Column, FittedTable

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

Justify = Literal["left", "center", "right"]

FINISHED = (Status.DONE, Status.BLUE)
STATUS_STYLES = {key: shade.style for key, shade in SHADES.items()}
STATUS_MARKS = {key: shade.mark for key, shade in SHADES.items()}


def t(value: object, style: str = "") -> Text:
    """Data as literal rich text (for the views that print through rich): rich markup and
    control characters are shown, not obeyed."""
    return literal(value, style).to_rich()


def status_cell(status: str, palette: Palette = DEFAULT_PALETTE, name: str | None = None) -> Styled:
    """A state as mark and name; ``name`` says it differently (已销号, 已申请销号)."""
    shade = palette.shade(status)
    return Styled(f"{shade.mark} {name or shade.name}", style=shade.style)


def closure_name(report: StatusReport, target: Target, done: bool) -> str | None:
    """已销号 / 已完成（已申请销号，待验收） where office.yaml enables acceptance; the palette's
    own name (已验收, 已完成（待验收）) otherwise."""
    state = acceptance_state(report.dataset, report.as_of, target, done)
    if state in (Acceptance.CLOSED, Acceptance.REQUESTED):
        return ACCEPTANCE_LABELS[state]
    return None


def banner(sample: bool) -> list[Styled]:
    """The sample-data banner that opens every view of sample data; nothing for real data."""
    return [Styled(SAMPLE_BANNER, style="bold black on yellow")] if sample else []


def sample_banner(sample: bool) -> list[RenderableType]:
    """:func:`banner` for the views that print through rich."""
    return [b.to_rich() for b in banner(sample)]


def heading(report: StatusReport, subtitle: str) -> Styled:
    text = literal(report.dataset.plan.title, "bold")
    text.append(f" · {subtitle} · 截至 {fmt.cn_date(report.as_of)}")
    return text


def projects_table(report: StatusReport, found: Categories | None = None) -> FittedTable:
    columns = [
        Column("序号", "right"),
        Column("项目", wrap=True),
        Column("牵头单位", drop=2),
        Column("完成率", "right"),
        Column("序时进度", "right", drop=1),
        Column("状态"),
        Column("最近报送", drop=3),
    ]
    if found is not None:
        columns.insert(6, Column("分类"))
    rows: list[tuple[Cell, ...]] = []
    for p in report.projects:
        cells: list[Cell] = [
            str(p.project.id),
            literal(p.project.name),
            literal(p.lead),
            fmt.percent(p.completion),
            fmt.percent(p.expected),
            status_cell(
                p.status.value,
                report.palette,
                closure_name(report, (p.project.id, None, None), p.status in FINISHED),
            ),
            p.last_month or "—",
        ]
        if found is not None:
            cells.insert(6, literal(found.label(found.projects[p.project.id])))
        rows.append(tuple(cells))
    return FittedTable(columns, rows)


def summary_lines(report: StatusReport) -> Styled:
    o = report.overall
    lagging = o.yellow + o.red
    text = Styled()
    text.append(
        f"项目数 {o.projects}，已完成 {o.done}，正常推进 {o.green}，滞后 {lagging}"
        f"（轻微 {o.yellow}，严重 {o.red}）。\n"
    )
    unit = report.unit
    if unit is not None:
        text.append_text(literal(f"{unit.name}完成率 {fmt.percent(o.completion)}"))
        text.append(f"（按其负责的 {unit.indicators} 个指标计），")
    else:
        text.append(f"总体完成率 {fmt.percent(o.completion)}，")
    text.append(f"序时进度 {fmt.percent(o.expected)}，{fmt.gap(o.completion, o.expected)}。\n")
    tally = counts(list(report.records))
    text.append(
        f"报送情况：按时 {tally['on_time']} 份，逾期 {tally['late']} 份，未报送 {tally['missing']} 份。"
    )
    contact = unit_contact(report.dataset.registry, unit.name) if unit is not None else None
    if contact is not None:
        text.append_text(literal(f"\n联系人：{contact.internal}。"))
    return text


def office_lines(report: StatusReport, found: Categories) -> Styled:
    """Under the office's rules: projects by colour, and the categories with 占比."""
    counts = report.overall.counts
    colours = "，".join(f"{report.palette.name(k)} {counts.get(k, 0)}" for k in report.palette.keys)
    text = Styled(f"按颜色：{colours}。\n")
    text.append_text(literal(tally_text(found.by_project, "按项目") + "\n"))
    text.append_text(literal(tally_text(found.by_indicator, "按目标任务")))
    return text


def tally_text(tally: Tally, label: str) -> str:
    """ "按项目（共15件）：提前完成 4件，占比 26.7%；滞后 1件，占比 6.7%（…）"."""
    parts = []
    for c in tally.counts:
        named = f"（{'、'.join(c.names)}）" if c.category.value in ("behind", "far_behind") else ""
        parts.append(f"{c.label} {c.count}{tally.measure}，占比 {fmt.percent(c.share)}{named}")
    text = f"{label}（共{tally.total}{tally.measure}）：{'；'.join(parts) or '无'}"
    if tally.monitor:
        text += f"；另有 {tally.monitor}{tally.measure}持续推进（只监测，不计完成率）"
    return text + "。"


def status_view(report: StatusReport) -> Stack:
    found = categories(report) if report.dataset.office_rules is not None else None
    parts: list[Block] = [*banner(report.sample)]
    parts += [heading(report, "项目进展"), projects_table(report, found), summary_lines(report)]
    if found is not None:
        parts.append(office_lines(report, found))
    return Stack(*parts)


def indicators_table(
    project: ProjectResult,
    palette: Palette = DEFAULT_PALETTE,
    found: Categories | None = None,
    report: StatusReport | None = None,
) -> FittedTable:
    columns = [
        Column("编号"),
        Column("指标", wrap=True),
        Column("类型", drop=2),
        Column("目标", wrap=True),
        Column("实际", wrap=True),
        Column("完成率", "right"),
        Column("序时进度", "right", drop=1),
        Column("状态"),
    ]
    if found is not None:  # the office's view: the uncapped ratio and the category
        columns[6:6] = [Column("完成比例", "right")]
        columns.append(Column("分类"))
    rows: list[tuple[Cell, ...]] = []
    for r in project.indicators:
        cells: list[Cell] = [
            literal(r.indicator.id),
            literal(r.indicator.name),
            KIND_LABELS[r.indicator.kind],
            literal(describe.target_text(r)),
            literal(describe.actual_text(r)),
            fmt.percent(describe.completion_value(r)),
            fmt.percent(None if r.monitor else r.expected),
            Styled("● 持续推进")
            if r.monitor
            else status_cell(
                r.status.value,
                palette,
                closure_name(report, (r.ref.project.id, r.ref.id, None), r.done)
                if report is not None
                else None,
            ),
        ]
        if found is not None:
            cells[6:6] = [fmt.percent(ratio_of(r))]
            cells.append(literal(found.label(found.indicators[r.ref.id])))
        rows.append(tuple(cells))
        for item in r.items:
            row: list[Cell] = [
                "",
                literal(f"  · {item.item.name}"),
                "",
                literal(item.item.target),
                literal(describe.item_actual_text(item)),
                fmt.percent(item.completion),
                fmt.percent(item.expected),
                status_cell(item.status.value, palette),
            ]
            if found is not None:
                row[6:6] = [""]
                row.append("")
            rows.append(tuple(row))
    return FittedTable(columns, rows)


def history_lines(report: StatusReport, project: ProjectResult) -> Styled:
    from ..compute.evaluate import monthly

    text = Styled("月度进展\n", style="bold")
    for r in project.indicators:
        history = monthly(report.dataset, r.indicator, report.timeline.history(r.indicator.id))
        steps = [
            f"{fmt.cn_month(state.month or '')[5:]} {fmt.percent(done)}" for state, done in history
        ]
        text.append_text(literal(f"  {r.indicator.id} {r.indicator.name}："))
        text.append(" → ".join(steps) if steps else "尚无报送")
        text.append("\n")
    return text


def notes_lines(project: ProjectResult) -> Styled:
    text = Styled("最新报送\n", style="bold")
    if not project.notes:
        text.append("  尚无报送\n")
    for note in project.notes:
        text.append_text(
            literal(
                f"  {note.unit}（{fmt.cn_month(note.month)}，{fmt.cn_date(note.submitted)}报送）\n",
                "bold",
            )
        )
        for label, value in (
            ("进展情况", note.report.progress),
            ("存在问题", note.report.problems),
            ("下步打算", note.report.next_steps),
        ):
            if value:
                text.append_text(literal(f"    {label}：{value}\n"))
    return text


def colour_lines(report: StatusReport, project: ProjectResult) -> Styled:
    """颜色历史: the project's and each indicator's colour at every period end."""
    from ..compute.recolour import colour_history

    history = colour_history(report)
    text = Styled("颜色历史（各报送期末，按截至统计日期已知的情况评定）\n", style="bold")
    if not history.periods:
        text.append("  还没有结束的报送期\n")
        return text
    rows = [("项目", history.projects[project.project.id])]
    rows += [
        (f"{r.indicator.id} {r.indicator.name}", history.indicators[r.ref.id])
        for r in project.indicators
        if not r.monitor
    ]
    for label, colours in rows:
        text.append_text(literal(f"  {label}："))
        for i, (period, colour) in enumerate(zip(history.periods, colours, strict=True)):
            if i:
                text.append(" → ")
            text.append(f"{period.label} ")
            text.append_text(status_cell(colour.value, report.palette))
        text.append("\n")
    return text


def risk_lines(report: StatusReport, project: ProjectResult) -> Styled | None:
    """预计完成: each unfinished indicator's forecast, and whether it is at risk (逾期风险)."""
    from ..compute.forecast import forecast_of

    text = Styled("预计完成情况\n", style="bold")
    found = False
    for r in project.indicators:
        f = forecast_of(report.dataset, r, report.timeline)
        if f is None:
            continue
        basis, said = describe.forecast_text(r, f)
        mark = "，有逾期风险" if f.risk else ""
        text.append_text(literal(f"  {r.indicator.id} {r.indicator.name}：{basis}，{said}{mark}\n"))
        found = True
    return text if found else None


def project_view(report: StatusReport) -> Stack:
    project = report.projects[0]
    p = project.project
    office = report.dataset.office_rules is not None
    found = categories(report) if office else None
    header = literal(f"{p.id}. {p.name}", "bold")
    facts = Styled()
    facts.append_text(literal(f"责任单位：{'、'.join(p.units)}（牵头：{project.lead}）\n"))
    facts.append_text(literal(f"目标任务：{p.text}\n"))
    facts.append(
        f"完成率 {fmt.percent(project.completion)}，序时进度 {fmt.percent(project.expected)}，状态 "
    )
    target = (p.id, None, None)
    facts.append_text(
        status_cell(
            project.status.value,
            report.palette,
            closure_name(report, target, project.status in FINISHED),
        )
    )
    if found is not None:
        facts.append_text(literal(f"（分类：{found.label(found.projects[p.id])}）"))
    parts: list[Block] = [*banner(report.sample)]
    parts += [
        heading(report, "项目详情"),
        header,
        facts,
        indicators_table(project, report.palette, found, report),
        history_lines(report, project),
    ]
    if office:
        parts.append(colour_lines(report, project))
        risks = risk_lines(report, project)
        if risks is not None:
            parts.append(risks)
    parts.append(notes_lines(project))
    return Stack(*parts)
