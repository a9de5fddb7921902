"""The export tables (汇总, 指标, 报送情况) built from the status at a date."""

from __future__ import annotations

from ..compute.compliance import ReportRecord, ReportState, counts
from ..compute.evaluate import IndicatorResult, ItemResult
from ..compute.status import ProjectResult, StatusReport
from ..text import fmt
from ..text.labels import SAMPLE_BANNER
from . import describe
from .bulletin import project_rows, subject_of
from .sheets import Book, Column, Row, Sheet, Tagged


def build_book(report: StatusReport) -> Book:
    plan = report.dataset.plan
    subject = subject_of(plan)
    until = f"（截至{fmt.cn_date(report.as_of)}）"
    source = f"依据：{plan.issuer}《{plan.title}》" + (
        f"（{plan.doc_number}）" if plan.doc_number else ""
    )
    return Book(
        title=f"{subject}推进情况{until}",
        note=SAMPLE_BANNER if report.sample else source,
        as_of=report.as_of,
        sample=report.sample,
        sheets=(
            summary_sheet(report, f"{subject}项目进展汇总{until}"),
            indicators_sheet(report, f"{subject}指标完成情况{until}"),
            reports_sheet(report, f"{subject}月度进展报送情况{until}"),
        ),
    )


def pct(value: float) -> float:
    """Percent points rounded to 0.1, as ``status --format json|csv`` gives them."""
    return round(value, 1)


def status_cell(status: str) -> Tagged:
    return Tagged(fmt.STATUS_LABELS[status], status)


SUMMARY = (
    Column("序号", "int"),
    Column("项目"),
    Column("牵头单位"),
    Column("责任单位"),
    Column("完成率", "percent"),
    Column("序时进度", "percent"),
    Column("状态"),
    Column("最近报送"),
    Column("最新进展情况", "long"),
    Column("进展报送单位"),
)


def summary_sheet(report: StatusReport, title: str) -> Sheet:
    rows = tuple(
        (
            r.id,
            r.name,
            r.lead,
            "、".join(r.units),
            pct(r.completion),
            pct(r.expected),
            status_cell(r.status),
            r.last_month,
            r.progress,
            f"{r.progress_unit}（{fmt.cn_month(r.progress_month)}）"
            if r.progress_unit and r.progress_month
            else None,
        )
        for r in project_rows(report)
    )
    return Sheet("summary", "汇总", title, SUMMARY, (*rows, overall_row(report)), frozen_columns=2)


def overall_row(report: StatusReport) -> Row:
    """总体: the figures of all projects together, below them."""
    o = report.overall
    tally = f"已完成{o.done}件，正常推进{o.green}件，滞后{o.yellow + o.red}件"
    last = max((p.last_month for p in report.projects if p.last_month), default=None)
    return (
        None,
        f"总体（{o.projects}个项目）",
        None,
        None,
        pct(o.completion),
        pct(o.expected),
        tally,
        last,
        None,
        None,
    )


INDICATORS = (
    Column("项目序号", "int"),
    Column("项目"),
    Column("指标编号"),
    Column("指标"),
    Column("清单项"),
    Column("类型"),
    Column("责任单位"),
    Column("目标"),
    Column("实际"),
    Column("完成率", "percent"),
    Column("序时进度", "percent"),
    Column("状态"),
    Column("完成时限", "date"),
)


def indicators_sheet(report: StatusReport, title: str) -> Sheet:
    rows: list[Row] = []
    for project in report.projects:
        for result in project.indicators:
            rows.append(_indicator_row(project, result))
            rows += [_item_row(project, result, item) for item in result.items]
    return Sheet("indicators", "指标", title, INDICATORS, tuple(rows))


def _indicator_row(project: ProjectResult, r: IndicatorResult) -> Row:
    return (
        project.project.id,
        project.project.name,
        r.indicator.id,
        r.indicator.name,
        None,
        fmt.KIND_LABELS[r.indicator.kind],
        "、".join(r.ref.owners),
        describe.target_text(r),
        describe.actual_text(r),
        pct(r.completion),
        pct(r.expected),
        status_cell(r.status.value),
        r.due,
    )


def _item_row(project: ProjectResult, r: IndicatorResult, item: ItemResult) -> Row:
    return (
        project.project.id,
        project.project.name,
        r.indicator.id,
        r.indicator.name,
        item.item.name,
        "清单项",
        "、".join(item.item.units or r.ref.owners),
        item.item.target,
        describe.item_actual_text(item),
        pct(item.completion),
        pct(item.expected),
        status_cell(item.status.value),
        r.due,
    )


REPORT_WORDS = {
    ReportState.ON_TIME: "按时",
    ReportState.LATE: "逾期",
    ReportState.MISSING: "未报",
    ReportState.PENDING: "未到期",
}
TALLIES = ("应报", "按时", "逾期", "未报")


def report_cell(record: ReportRecord) -> Tagged:
    """按时 / 逾期N天 / 未报 / 未到期, coloured by the state."""
    text = REPORT_WORDS[record.state]
    if record.state is ReportState.LATE and record.submitted is not None:
        text += f"{(record.submitted - record.due).days}天"
    return Tagged(text, record.state.value)


def reports_sheet(report: StatusReport, title: str) -> Sheet:
    """Units down, months across; then each unit's counts, and a 合计 row."""
    months = list(dict.fromkeys(r.month for r in report.records))
    cells = {(r.unit, r.month): r for r in report.records}
    columns = (
        Column("责任单位"),
        *(Column(month_label(m, report.dataset.plan.year)) for m in months),
        *(Column(name, "int") for name in TALLIES),
    )
    rows: list[Row] = []
    for unit in (u.name for u in report.units):
        own = [r for r in report.records if r.unit == unit]
        grid = tuple(report_cell(cells[unit, m]) if (unit, m) in cells else None for m in months)
        rows.append((unit, *grid, *tallies(own)))
    rows.append(("合计", *(None for _ in months), *tallies(list(report.records))))
    return Sheet("reports", "报送情况", title, columns, tuple(rows), frozen_columns=1)


def tallies(records: list[ReportRecord]) -> tuple[int, int, int, int]:
    """应报, 按时, 逾期, 未报: months due so far, and how each went."""
    tally = counts(records)
    on_time, late, missing = tally["on_time"], tally["late"], tally["missing"]
    return on_time + late + missing, on_time, late, missing


def month_label(month: str, year: int) -> str:
    """ "2022-06" → "6月" within the plan year, else "2023年1月"."""
    label = fmt.cn_month(month)
    return label[5:] if month.startswith(f"{year}-") else label
