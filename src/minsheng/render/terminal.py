"""Rich renderables for the terminal. Data always enters as Text, never as markup."""

from __future__ import annotations

from typing import Literal

from rich.console import Group, RenderableType
from rich.text import Text

from ..compute.status import ProjectResult, StatusReport
from ..text import fmt
from ..text.labels import SAMPLE_BANNER
from ..views import describe
from .layout import Cell, Column, FittedTable

Justify = Literal["left", "center", "right"]

STATUS_STYLES = {"done": "bold blue", "green": "green", "yellow": "yellow", "red": "bold red"}
STATUS_MARKS = {"done": "✔", "green": "●", "yellow": "▲", "red": "✖"}


def t(value: object, style: str = "") -> Text:
    """Data as literal text: rich markup and control characters are shown, not obeyed."""
    return Text(fmt.printable(str(value)), style=style)


def status_cell(status: str) -> Text:
    return Text(f"{STATUS_MARKS[status]} {fmt.STATUS_LABELS[status]}", style=STATUS_STYLES[status])


def sample_banner(sample: bool) -> list[RenderableType]:
    """The sample-data banner that opens every view of sample data; nothing for real data."""
    return [Text(SAMPLE_BANNER, style="bold black on yellow")] if sample else []


def heading(report: StatusReport, subtitle: str) -> Text:
    text = t(report.dataset.plan.title, "bold")
    text.append(f" · {subtitle} · 截至 {fmt.cn_date(report.as_of)}")
    return text


def projects_table(report: StatusReport) -> FittedTable:
    columns = (
        Column("序号", "right"),
        Column("项目", wrap=True),
        Column("牵头单位", drop=2),
        Column("完成率", "right"),
        Column("序时进度", "right", drop=1),
        Column("状态"),
        Column("最近报送", drop=3),
    )
    rows = [
        (
            str(p.project.id),
            t(p.project.name),
            t(p.lead),
            fmt.percent(p.completion),
            fmt.percent(p.expected),
            status_cell(p.status.value),
            p.last_month or "—",
        )
        for p in report.projects
    ]
    return FittedTable(columns, rows)


def summary_lines(report: StatusReport) -> Text:
    o = report.overall
    lagging = o.yellow + o.red
    text = Text()
    text.append(
        f"项目数 {o.projects}，已完成 {o.done}，正常推进 {o.green}，滞后 {lagging}"
        f"（轻微 {o.yellow}，严重 {o.red}）。\n"
    )
    unit = report.unit
    if unit is not None:
        text.append_text(t(f"{unit.name}完成率 {fmt.percent(o.completion)}"))
        text.append(f"（按其负责的 {unit.indicators} 个指标计），")
    else:
        text.append(f"总体完成率 {fmt.percent(o.completion)}，")
    text.append(f"序时进度 {fmt.percent(o.expected)}，{fmt.gap(o.completion, o.expected)}。\n")
    tally = {"on_time": 0, "late": 0, "missing": 0}
    for record in report.records:
        if record.state.value in tally:
            tally[record.state.value] += 1
    text.append(
        f"报送情况：按时 {tally['on_time']} 份，逾期 {tally['late']} 份，未报送 {tally['missing']} 份。"
    )
    return text


def status_view(report: StatusReport) -> RenderableType:
    parts = sample_banner(report.sample)
    parts += [heading(report, "项目进展"), projects_table(report), summary_lines(report)]
    return Group(*parts)


def indicators_table(project: ProjectResult) -> FittedTable:
    columns = (
        Column("编号"),
        Column("指标", wrap=True),
        Column("类型", drop=2),
        Column("目标", wrap=True),
        Column("实际", wrap=True),
        Column("完成率", "right"),
        Column("序时进度", "right", drop=1),
        Column("状态"),
    )
    rows: list[tuple[Cell, ...]] = []
    for r in project.indicators:
        rows.append(
            (
                t(r.indicator.id),
                t(r.indicator.name),
                fmt.KIND_LABELS[r.indicator.kind],
                t(describe.target_text(r)),
                t(describe.actual_text(r)),
                fmt.percent(r.completion),
                fmt.percent(r.expected),
                status_cell(r.status.value),
            )
        )
        rows += [
            (
                "",
                t(f"  · {item.item.name}"),
                "",
                t(item.item.target),
                t(describe.item_actual_text(item)),
                fmt.percent(item.completion),
                fmt.percent(item.expected),
                status_cell(item.status.value),
            )
            for item in r.items
        ]
    return FittedTable(columns, rows)


def history_lines(report: StatusReport, project: ProjectResult) -> Text:
    from ..compute.evaluate import monthly

    text = Text("月度进展\n", style="bold")
    for r in project.indicators:
        history = monthly(report.dataset, r.indicator, report.timeline.history(r.indicator.id))
        steps = [
            f"{fmt.cn_month(state.month or '')[5:]} {fmt.percent(done)}" for state, done in history
        ]
        text.append_text(t(f"  {r.indicator.id} {r.indicator.name}："))
        text.append(" → ".join(steps) if steps else "尚无报送")
        text.append("\n")
    return text


def notes_lines(project: ProjectResult) -> Text:
    text = Text("最新报送\n", style="bold")
    if not project.notes:
        text.append("  尚无报送\n")
    for note in project.notes:
        text.append_text(
            t(
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
                text.append_text(t(f"    {label}：{value}\n"))
    return text


def project_view(report: StatusReport) -> RenderableType:
    project = report.projects[0]
    p = project.project
    header = t(f"{p.id}. {p.name}", "bold")
    facts = Text()
    facts.append_text(t(f"责任单位：{'、'.join(p.units)}（牵头：{project.lead}）\n"))
    facts.append_text(t(f"目标任务：{p.text}\n"))
    facts.append(
        f"完成率 {fmt.percent(project.completion)}，序时进度 {fmt.percent(project.expected)}，状态 "
    )
    facts.append_text(status_cell(project.status.value))
    parts = sample_banner(report.sample)
    parts += [
        heading(report, "项目详情"),
        header,
        facts,
        indicators_table(project),
        history_lines(report, project),
        notes_lines(project),
    ]
    return Group(*parts)
