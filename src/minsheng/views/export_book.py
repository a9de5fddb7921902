"""The export tables (汇总, 指标, 报送情况) built from the status at a date."""

from __future__ import annotations

from collections.abc import Mapping

from ..compute.colours import DEFAULT_PALETTE, Palette
from ..compute.compliance import ReportRecord, ReportState, counts
from ..compute.duban import ledger
from ..compute.evaluate import IndicatorResult, ItemResult
from ..compute.status import ProjectResult, StatusReport
from ..compute.vocabulary import Categories, Category, categories, ratio_of
from ..text import fmt
from ..text.labels import KIND_LABELS, REPORT_CELL_WORDS, SAMPLE_BANNER
from . import describe
from .bulletin import period_label, project_rows, subject_for
from .dimension_sheets import dimension_sheets
from .duban import ActionRow, action_row, has_ledger
from .sheets import Book, Column, Row, Sheet, Tagged
from .words import words_of


def build_book(report: StatusReport, earlier: Mapping[int, StatusReport] | None = None) -> Book:
    ds = report.dataset
    plan = ds.plan
    subject = subject_for(ds)
    until = f"（截至{fmt.cn_date(report.as_of)}）"
    source = f"依据：{plan.issuer}《{plan.title}》" + (
        f"（{plan.doc_number}）" if plan.doc_number else ""
    )
    found = categories(report) if ds.office_rules is not None else None
    palette = report.palette
    tones = {} if palette.is_default else {s.key: (s.fill, s.ink, s.bold) for s in palette.shades}
    return Book(
        title=f"{subject}推进情况{until}",
        note=SAMPLE_BANNER if report.sample else source,
        as_of=report.as_of,
        sample=report.sample,
        sheets=(
            summary_sheet(report, f"{subject}项目进展汇总{until}", found),
            indicators_sheet(report, f"{subject}指标完成情况{until}", found),
            reports_sheet(report, f"{subject}{words_of(ds).progress}报送情况{until}"),
            *((categories_sheet(found, f"{subject}分类统计{until}"),) if found else ()),
            *((duban_sheet(report, f"{subject}督办台账{until}"),) if has_ledger(ds) else ()),
            *dimension_sheets(report, subject, until, earlier),
        ),
        tones=tones,
    )


CATEGORIES = (
    Column("层级"),
    Column("分类"),
    Column("数量", "int"),
    Column("占比", "percent"),
    Column("事项", "long"),
)


def categories_sheet(found: Categories, title: str) -> Sheet:
    """分类统计 (under the office's rules): each category's count, 占比 and items, 件 then 项."""
    rows: list[Row] = []
    for level, tally in (("项目（件）", found.by_project), ("目标任务（项）", found.by_indicator)):
        rows += [(level, c.label, c.count, pct(c.share), "、".join(c.names)) for c in tally.counts]
        if tally.monitor:
            rows.append((level, found.settings.label(Category.MONITOR), tally.monitor, None, None))
    return Sheet("categories", "分类统计", title, CATEGORIES, tuple(rows), frozen_columns=1)


def pct(value: float) -> float:
    """Percent points rounded to 0.1, as ``status --format json|csv`` gives them."""
    return round(value, 1)


def status_cell(status: str, palette: Palette = DEFAULT_PALETTE) -> Tagged:
    return Tagged(palette.name(status), status)


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


def summary_sheet(report: StatusReport, title: str, found: Categories | None = None) -> Sheet:
    rows = tuple(
        (
            r.id,
            r.name,
            r.lead,
            "、".join(r.units),
            pct(r.completion),
            pct(r.expected),
            status_cell(r.status, report.palette),
            *((r.category,) if found is not None else ()),
            r.last_month,
            r.progress,
            f"{r.progress_unit}（{fmt.cn_month(r.progress_month)}）"
            if r.progress_unit and r.progress_month
            else None,
        )
        for r in project_rows(report, found)
    )
    columns: tuple[Column, ...] = SUMMARY
    overall = overall_row(report)
    if found is not None:
        columns = (*SUMMARY[:7], Column("分类"), *SUMMARY[7:])
        overall = (*overall[:7], None, *overall[7:])
    return Sheet("summary", "汇总", title, columns, (*rows, overall), frozen_columns=2)


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


# Under the office's rules: the uncapped 完成比例 after 完成率, the category after 状态.
OFFICE_INDICATORS = (
    *INDICATORS[:10],
    Column("完成比例", "percent"),
    *INDICATORS[10:12],
    Column("分类"),
    INDICATORS[12],
)


def indicators_sheet(report: StatusReport, title: str, found: Categories | None = None) -> Sheet:
    rows: list[Row] = []
    for project in report.projects:
        for result in project.indicators:
            rows.append(_indicator_row(report, project, result, found))
            rows += [_item_row(report, project, result, item, found) for item in result.items]
    columns = INDICATORS if found is None else OFFICE_INDICATORS
    return Sheet("indicators", "指标", title, columns, tuple(rows))


def _indicator_row(
    report: StatusReport, project: ProjectResult, r: IndicatorResult, found: Categories | None
) -> Row:
    done = describe.completion_value(r)
    row: Row = (
        project.project.id,
        project.project.name,
        r.indicator.id,
        r.indicator.name,
        None,
        KIND_LABELS[r.indicator.kind],
        "、".join(r.ref.owners),
        describe.target_text(r),
        describe.actual_text(r),
        None if done is None else pct(done),
        None if r.monitor else pct(r.expected),
        status_cell(r.status.value, report.palette),
        r.due,
    )
    if found is None:
        return row
    ratio = ratio_of(r)
    category = found.label(found.indicators[r.ref.id])
    return (*row[:10], None if ratio is None else pct(ratio), *row[10:12], category, row[12])


def _item_row(
    report: StatusReport,
    project: ProjectResult,
    r: IndicatorResult,
    item: ItemResult,
    found: Categories | None,
) -> Row:
    row: Row = (
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
        status_cell(item.status.value, report.palette),
        r.due,
    )
    if found is None:
        return row
    return (*row[:10], None, *row[10:12], None, row[12])


TALLIES = ("应报", "按时", "逾期", "未报")


def report_cell(record: ReportRecord) -> Tagged:
    """按时 / 逾期N天 / 未报 / 未到期, coloured by the state."""
    text = REPORT_CELL_WORDS[record.state]
    if record.state is ReportState.LATE and record.submitted is not None:
        text += f"{(record.submitted - record.due).days}天"
    return Tagged(text, record.state.value)


def reports_sheet(report: StatusReport, title: str) -> Sheet:
    """Units down, months across; then each unit's counts, and a 合计 row."""
    months = sorted(dict.fromkeys(r.month for r in report.records))
    cells = {(r.unit, r.month): r for r in report.records}
    labels = {r.month: _column_label(report, r) for r in report.records}
    columns = (
        Column("责任单位"),
        *(Column(labels[m]) for m in months),
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


def _column_label(report: StatusReport, record: ReportRecord) -> str:
    """A month as "6月" (as before); a quarter's report as "第二季度"."""
    label = period_label(report.dataset.schedule, record)
    return label if label.startswith("第") else month_label(record.month, report.dataset.plan.year)


def month_label(month: str, year: int) -> str:
    """ "2022-06" → "6月" within the plan year, else "2023年1月"."""
    label = fmt.cn_month(month)
    return label[5:] if month.startswith(f"{year}-") else label


DUBAN = (
    Column("编号"),
    Column("督办方式"),
    Column("项目序号", "int"),
    Column("项目"),
    Column("事项"),
    Column("督办对象"),
    Column("下发日期", "date"),
    Column("督办单位"),
    Column("文号"),
    Column("督办事由", "long"),
    Column("办结时限", "date"),
    Column("情况"),
    Column("回复", "long"),
    Column("回复日期", "date"),
    Column("办结日期", "date"),
    Column("办结情况", "long"),
    Column("回头看", "date"),
)
# 督办 states in the colours of the report states: 在办 grey, 已回复 yellow, 逾期 red, 办结 green.
ACTION_TONES = {"open": "pending", "replied": "late", "overdue": "missing", "closed": "on_time"}


def duban_sheet(report: StatusReport, title: str) -> Sheet:
    """督办台账: every action issued by the statistics date, its replies and closure."""
    ds = report.dataset
    rows = tuple(_action_cells(action_row(ds, a)) for a in ledger(ds, report.as_of).actions)
    return Sheet("duban", "督办台账", title, DUBAN, rows, frozen_columns=1)


def _action_cells(a: ActionRow) -> Row:
    last = a.replies[-1] if a.replies else None
    review = a.reviewed or a.review_due
    return (
        a.id,
        a.action,
        a.project_id,
        a.project or None,
        a.target,
        a.addressee,
        a.issued,
        a.issued_by,
        a.document,
        a.reason,
        a.deadline,
        Tagged(a.status_text, ACTION_TONES[a.state]),
        last.text if last is not None else None,
        last.day if last is not None else None,
        a.closed,
        a.result,
        review,
    )
