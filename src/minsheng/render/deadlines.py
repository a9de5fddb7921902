"""`minsheng deadlines` as JSON or a rich view."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ..compute.deadlines import Deadline, Deadlines
from ..compute.forecast import Risk
from ..load.dataset import Dataset
from ..text import fmt
from ..views.describe import forecast_text
from ..views.words import words_of
from .jsonout import dumps
from .tables import Column, FittedTable
from .terminal import sample_banner, t


def _deadline(d: Deadline) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "due": d.due.isoformat(),
        "name": d.name,
        "units": list(d.units),
        "project": d.project,
        "indicator": d.indicator,
        "completion": None if d.completion is None else round(d.completion, 1),
        "planned": None if d.planned is None else round(d.planned, 1),
    }


def _risk(risk: Risk) -> dict[str, Any]:
    r, f = risk.result, risk.forecast
    return {
        "project": r.ref.project.id,
        "indicator": r.ref.id,
        "name": r.indicator.name,
        "units": list(r.ref.owners),
        "due": r.due.isoformat(),
        "completion": round(r.completion, 1),
        "basis": f.basis,
        "forecast": None if f.value is None else round(f.value, 2),
        "stage": f.stage,
        "by": f.by.isoformat() if f.by else None,
        "expected_done": f.done_by.isoformat() if f.done_by else None,
    }


def as_json(result: Deadlines, sample: bool, *, pretty: bool = True) -> str:
    payload = {
        "as_of": result.as_of.isoformat(),
        "sample": sample,
        "within": result.within,
        "reports": [
            {
                "unit": r.unit,
                "month": r.month,
                "due": r.due.isoformat(),
                "submitted": r.submitted.isoformat() if r.submitted else None,
                "state": r.state.value,
                "days_late": r.days_late,
            }
            for r in result.reports
        ],
        "overdue": [_deadline(d) for d in result.overdue],
        "upcoming": [_deadline(d) for d in result.upcoming],
        "at_risk": [_risk(r) for r in result.at_risk],
    }
    return dumps(payload, pretty=pretty)


def view(result: Deadlines, ds: Dataset) -> RenderableType:
    parts = sample_banner(ds.sample)
    brief = words_of(ds).brief  # 月报, 季报
    parts.append(Text(f"时限检查 · 截至 {fmt.cn_date(result.as_of)}", style="bold"))
    if result.reports:
        columns = (
            Column("单位"),
            Column("月份"),
            Column("截止日期", drop=1),
            Column("报送日期", drop=2),
            Column("情况", wrap=True),
        )
        rows = [
            (
                t(r.unit),
                r.month,
                r.due.isoformat(),
                r.submitted.isoformat() if r.submitted else "—",
                Text(
                    fmt.report_state(r.state.value, r.days_late),
                    style="red" if r.state.value == "missing" else "yellow",
                ),
            )
            for r in result.reports
        ]
        parts.append(FittedTable(columns, rows, title=f"未报送和逾期报送的{brief}"))
    else:
        parts.append(Text(f"{brief}：没有未报送或逾期报送。"))
    parts.append(
        _deadline_table("逾期未完成", result.overdue)
        if result.overdue
        else Text("没有逾期未完成的指标或节点。")
    )
    title = f"{result.within} 天内到期"
    parts.append(
        _deadline_table(title, result.upcoming) if result.upcoming else Text(f"{title}：无。")
    )
    if ds.office_rules is not None:  # the office's view: what looks set to miss its due date
        parts.append(_risk_table(result.at_risk) if result.at_risk else Text("逾期风险：没有。"))
    return Group(*parts)


def _risk_table(risks: tuple[Risk, ...]) -> FittedTable:
    columns = (
        Column("到期日"),
        Column("事项", wrap=True),
        Column("责任单位", wrap=True),
        Column("完成率", "right"),
        Column("依据", wrap=True, drop=1),
        Column("预计", wrap=True),
    )
    rows = []
    for risk in risks:
        r = risk.result
        basis, said = forecast_text(r, risk.forecast)
        rows.append(
            (
                r.due.isoformat(),
                t(f"{r.ref.id} {r.indicator.name}"),
                t("、".join(r.ref.owners)),
                fmt.percent(r.completion),
                basis,
                t(said),
            )
        )
    return FittedTable(columns, rows, title="有逾期风险的事项")


def _grouped(items: tuple[Deadline, ...]) -> list[Deadline]:
    """Report deadlines falling on one day become one row naming every unit concerned."""
    rows: list[Deadline] = []
    for d in items:
        last = rows[-1] if rows else None
        if (
            last is not None
            and d.kind == "report"
            and last.kind == "report"
            and (last.due, last.name) == (d.due, d.name)
        ):
            rows[-1] = Deadline("report", d.due, d.name, (*last.units, *d.units))
        else:
            rows.append(d)
    return rows


def _deadline_table(title: str, items: tuple[Deadline, ...]) -> FittedTable:
    columns = (
        Column("到期日"),
        Column("事项", wrap=True),
        Column("责任单位", wrap=True),
        Column("完成率", drop=1),
        Column("应达到", drop=2),
    )
    rows = [
        (
            d.due.isoformat(),
            t(f"{d.indicator} {d.name}" if d.indicator else d.name),
            t("、".join(d.units)),
            fmt.percent(d.completion),
            fmt.percent(d.planned),
        )
        for d in _grouped(items)
    ]
    return FittedTable(columns, rows, title=title)
