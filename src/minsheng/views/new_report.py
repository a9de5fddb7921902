"""A unit's progress file for a month, prefilled with its indicators and last month's figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..compute.money import project_money
from ..compute.state import IndicatorState, ItemState, Timeline
from ..dates import PeriodKind, parse_period
from ..load.dataset import Dataset, IndicatorRef, plan_due
from ..load.folder import PROGRESS_DIR
from ..models import (
    Checklist,
    Project,
    Qualitative,
    Quantity,
    StageIndicator,
    Threshold,
    Trend,
)
from ..text import amounts, fmt
from .new_duban import reply_lines
from .yaml_text import yaml_number, yaml_text


class NewReportError(Exception):
    """The unit or month asked for is not one the registry knows."""


def report_path(ds_root: Path, ds: Dataset, unit: str, month: str) -> Path:
    """Where the file goes; unit and month are checked against the registry, never trusted."""
    if unit not in ds.responsible_units:
        raise NewReportError(
            f"没有名为「{unit}」的责任单位；可选：{'、'.join(ds.responsible_units)}"
        )
    months = ds.schedule.months(unit)
    if month not in months:
        if ds.schedule.is_monthly() and months:
            raise NewReportError(
                f"月份「{month}」不在报送期内；应为 {months[0]} 至 {months[-1]} 之间，写成 YYYY-MM"
            )
        raise NewReportError(
            f"「{unit}」的报送要求是「{ds.schedule.rule_text(unit)}」，{month} 不是它的报送期；"
            f"应报：{'、'.join(months) or '无'}"
        )
    return ds_root / PROGRESS_DIR / month / f"{unit}.yaml"


def month_of_period(ds: Dataset, unit: str, text: str) -> str:
    """The folder month of ``--period``: the month itself, or a quarter's last month."""
    try:
        period = parse_period(text)
    except ValueError as exc:
        raise NewReportError(str(exc)) from None
    if period.kind in (PeriodKind.YEAR, PeriodKind.HALF):
        whole = "全年" if period.kind is PeriodKind.YEAR else "上半年"
        raise NewReportError(f"「{text}」是{whole}；请写月份 YYYY-MM 或季度 YYYYQn")
    month = period.end.strftime("%Y-%m")
    owed = ds.schedule.find(unit, month)
    if period.kind is PeriodKind.QUARTER and (owed is None or owed.period.kind != period.kind):
        raise NewReportError(
            f"「{unit}」的报送要求是「{ds.schedule.rule_text(unit)}」，不按季度报送；请用 --month"
        )
    return month


def render(ds: Dataset, unit: str, month: str, today: date) -> str:
    prior = _prior_states(ds, unit, month)
    owed = ds.schedule.find(unit, month)
    due = ds.schedule.due(unit, month)
    name = "、".join(owed.names) if owed is not None else "月度进展报告"
    rule = "；".join(owed.rules) if owed is not None else ds.plan.reporting.rule
    if owed is None or owed.period.kind is PeriodKind.MONTH:
        where = f"月份：{fmt.cn_month(month)}"
    else:
        where = f"报送期：{owed.label}"
    lines = [
        "# yaml-language-server: $schema=../../../schema/progress.schema.json",
        f"# {ds.plan.title} · {name}",
        f"# 单位：{unit}　{where}　报送截止：{fmt.cn_date(due)}（{rule}）",
        "# 数值一律填写年初至本月底的累计数；已按上月报送情况预填，请逐项核对修改。",
        "# 如需把某个数改得比上月小，请在该指标下写 correction: 更正原因。",
        "",
        f"unit: {yaml_text(unit)}  # 责任单位（请勿修改）",
        f"month: {month}  # 报告月份（请勿修改）",
        f"submitted: {today.isoformat()}  # 报送日期，提交前请核对",
        "reporter:  # 填报人姓名（必填）",
        "phone:  # 联系电话（选填）",
        "projects:",
    ]
    for project in ds.registry.projects:
        if unit in project.units:
            lines += _project_lines(ds, unit, project.id, prior, month)
    lines += reply_lines(ds, unit, today)  # the unit's answers to open 督办 actions
    return "\n".join(lines) + "\n"


def _prior_states(ds: Dataset, unit: str, month: str) -> dict[str, IndicatorState]:
    timeline = Timeline(ds, date.max)  # everything reported so far, late reports included
    return {ref.id: timeline.state(ref.id, upto=_previous(month)) for ref in ds.indicators_of(unit)}


def _previous(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


def _project_lines(
    ds: Dataset, unit: str, project_id: int, prior: dict[str, IndicatorState], month: str
) -> list[str]:
    project = ds.projects[project_id]
    lines = [
        f"  - id: {project.id}  # {project.name}",
        "    progress:  # 进展情况：本月做了什么、完成了多少",
        "    problems:  # 存在问题（没有可不填）",
        "    next_steps:  # 下步打算",
    ]
    if unit == project.units[0] and project.investment is not None:
        lines += _investment_lines(ds, project, month)
    refs = [ds.indicators[i.id] for i in project.indicators]
    split = [ref for ref in refs if ref.indicator.split and isinstance(ref.indicator, Quantity)]
    others = [ref for ref in refs if unit in ref.owners[1:] and ref not in split]
    for ref in others:
        lines.append(f"    # 指标 {ref.id}（{ref.indicator.name}）的数值由{ref.owners[0]}填报")
    entries = []
    for ref in refs:
        state = prior.get(ref.id) or IndicatorState()
        if ref in split:  # the areas this unit reports, registry order kept
            entry = _area_lines(ref, unit, state)
            if entry and _commented(entry):
                lines += entry
            elif entry:
                entries.append(entry)
        elif ref.owners[0] == unit:
            entries.append(_indicator_lines(ds, ref, state))
    if any(not _commented(entry) for entry in entries):
        lines.append("    indicators:")
    elif entries:
        lines.append("    # indicators:  # 填写下面的指标时，也去掉这一行开头的 #")
    for entry in entries:
        lines += entry
    return lines


def _commented(entry: list[str]) -> bool:
    return entry[0].lstrip().startswith("#")


def _number(value: float | None) -> str:
    return "" if value is None else yaml_number(value)


def _indicator_lines(ds: Dataset, ref: IndicatorRef, state: IndicatorState) -> list[str]:
    """One indicator's entry, carrying forward every figure and state reported so far."""
    ind = ref.indicator
    head = f"      - id: {ind.id}  # {ind.name}"
    if isinstance(ind, Quantity):
        aim = (
            "只监测，不设目标"
            if ind.target is None
            else f"目标 {amounts.quantity_target(ind.target, ind.unit, ind.at_least)}"
        )
        return [
            head,
            f"        value: {yaml_number(state.value or 0.0)}  # 年初至今累计完成（{ind.unit}），{aim}",
        ]
    if isinstance(ind, Threshold):
        target = amounts.threshold_target(ind.target, ind.unit, ind.comparator)
        lines = [
            head,
            f"        value: {_number(state.value)}  # 当前值（{ind.unit}），目标 {target}",
        ]
        return lines if state.value is not None else _unreported(lines)
    if isinstance(ind, Trend):
        requirement = amounts.DIRECTION_LABELS[ind.direction]
        lines = [
            head,
            f"        value: {_number(state.value)}  # 当前值（{ind.unit or ''}），要求{requirement}",
        ]
        if ind.baseline is None:
            lines.append(f"        baseline: {_number(state.baseline)}  # 基数（上年值）")
        return lines if state.value is not None else _unreported(lines)
    if isinstance(ind, StageIndicator):
        stages = "、".join(ds.ladder.names())
        return [
            head,
            f"        stage: {yaml_text(state.stage or ds.ladder.names()[0])}  # 当前阶段（{stages}），目标「{ind.target}」",
            f"        percent: {_number(state.percent)}  # 形象进度 0–100（选填）",
        ]
    if isinstance(ind, Checklist):
        lines = [head, "        items:  # 每项当前阶段；percent 为形象进度 0–100（选填）"]
        for item in ind.items:
            lines.append(
                f"          - {_item(ds, item.name, state.items.get(item.name))}  # 目标「{item.target}」"
            )
        return lines
    assert isinstance(ind, Qualitative)
    return [head, f"        self_assessment: {_number(state.self_assessment)}  # 自评完成度 0–100"]


def _item(ds: Dataset, name: str, reached: ItemState | None) -> str:
    stage = reached.stage if reached else ds.ladder.names()[0]
    percent = (
        f", percent: {yaml_number(reached.percent)}"
        if reached and reached.percent is not None
        else ""
    )
    return f"{{name: {yaml_text(name)}, stage: {yaml_text(stage)}{percent}}}"


def _unreported(lines: list[str]) -> list[str]:
    """An indicator never reported: its lines commented out, so that the file checks clean
    as it is and nothing is said to carry over; the clerk removes the # to fill it in."""
    note = "      # 尚未报送过数值：填写时去掉下面几行开头的 #"
    return [note, *(f"      # {line[6:]}" for line in lines)]


# ---- the list's other dimensions: areas and money ---------------------------------------------


def _area_lines(ref: IndicatorRef, unit: str, state: IndicatorState) -> list[str]:
    """A split quantity: this unit's areas (its own shares; the lead also those no unit
    reports), each carried forward; the total is their sum."""
    ind = ref.indicator
    assert isinstance(ind, Quantity)
    lead = ref.owners[0]
    own = [s for s in ind.split if s.unit == unit or (s.unit is None and unit == lead)]
    if not own:
        if unit == lead:
            return [
                f"    # 指标 {ind.id}（{ind.name}）的数值由各地区分别填报，总数按各地区之和计算"
            ]
        return []
    lines = [
        f"      - id: {ind.id}  # {ind.name}：分地区填写年初至今累计完成数（{ind.unit}），总数按各地区之和计算",
        "        areas:",
    ]
    for share in own:
        value = yaml_number(state.areas.get(share.area, 0.0))
        target = amounts.amount(share.target, ind.unit)
        lines.append(
            f"          - {{area: {yaml_text(share.area)}, value: {value}}}  # 目标 {target}"
        )
    return lines


def _investment_lines(ds: Dataset, project: Project, month: str) -> list[str]:
    """The lead unit's money block: completed investment and each source's 下达 and 拨付,
    carried forward from what it reported before this month."""
    money = project.investment
    assert money is not None
    found = project_money(ds, project, Timeline(ds, date.max), plan_due(ds.plan), _previous(month))
    assert found is not None
    plan = amounts.amount(found.plan, money.unit)
    lines = [
        f"    investment:  # 投资和资金（{money.unit}），均为年初至今累计数",
        f"      completed: {yaml_number(found.completed or 0.0)}  # 累计完成投资，年度计划 {plan}",
    ]
    if found.sources:
        lines.append("      sources:  # 各资金来源累计下达（allocated）、拨付（paid）")
    for source in found.sources:
        planned = amounts.amount(source.planned, money.unit)
        lines.append(
            f"        - {{name: {yaml_text(source.name)}, allocated: {yaml_number(source.allocated or 0.0)}, "
            f"paid: {yaml_number(source.paid or 0.0)}}}  # 计划 {planned}"
        )
    return lines
