"""`minsheng duban` as JSON or a rich view, and the ledger's rows as JSON for every output."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ..text import fmt
from ..views.duban import (
    ActionRow,
    ClosureRow,
    DubanView,
    InspectionRow,
    SuggestionRow,
)
from .jsonout import dumps
from .tables import Column, FittedTable
from .terminal import sample_banner, t


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def action_json(a: ActionRow) -> dict[str, Any]:
    return {
        "id": a.id,
        "action": a.action,
        "project": a.project_id,
        "indicator": a.indicator,
        "target": a.target,
        "unit": a.unit,
        "to": a.to,
        "person": a.person,
        "issued": a.issued.isoformat(),
        "issued_by": a.issued_by,
        "document": a.document,
        "reason": a.reason,
        "requirements": a.requirements,
        "deadline": _day(a.deadline),
        "state": a.state,
        "overdue_days": a.overdue_days,
        "replies": [
            {
                "date": r.day.isoformat(),
                "month": r.month,
                "text": r.text,
                "evidence": list(r.evidence),
            }
            for r in a.replies
        ],
        "closed": _day(a.closed),
        "result": a.result,
        "review_due": _day(a.review_due),
        "review_pending": a.review_pending,
        "reviewed": _day(a.reviewed),
    }


def suggestion_json(s: SuggestionRow) -> dict[str, Any]:
    return {
        "id": s.id,
        "action": s.action,
        "rule": s.rule,
        "scope": s.scope,
        "subject": s.subject,
        "project": s.project_id,
        "indicator": s.indicator,
        "unit": s.unit,
        "to": s.to,
        "since": s.since.isoformat(),
        "reason": s.reason,
        "reply_days": s.reply_days,
    }


def inspection_json(i: InspectionRow) -> dict[str, Any]:
    return {
        "id": i.id,
        "date": i.day.isoformat(),
        "title": i.title,
        "team": list(i.team),
        "methods": list(i.methods),
        "findings": [
            {
                "project": f.project_id,
                "indicator": f.indicator,
                "text": f.text,
                "verified": f.verified,
                "requirements": f.requirements,
            }
            for f in i.findings
        ],
    }


def closure_json(c: ClosureRow) -> dict[str, Any]:
    return {
        "project": c.project_id,
        "target": c.target,
        "units": list(c.units),
        "accepted": c.accepted.isoformat(),
        "closed": c.closed.isoformat(),
        "document": c.document,
    }


def payload(v: DubanView) -> dict[str, Any]:
    return {
        "as_of": v.as_of.isoformat(),
        "sample": v.sample,
        "period": {
            "key": v.period.key,
            "start": v.period.start.isoformat(),
            "end": v.as_of.isoformat(),
        },
        "rules": v.enabled,
        "suggestions": [suggestion_json(s) for s in v.suggestions],
        "overdue": [a.id for a in v.overdue],
        "open": [a.id for a in v.open],
        "closed": [a.id for a in v.closed],
        "reviews_due": [a.id for a in v.reviews],
        "closures": None if v.closures is None else [closure_json(c) for c in v.closures],
        "actions": [action_json(a) for a in v.actions],
        "inspections": [inspection_json(i) for i in v.inspections],
    }


def as_json(v: DubanView, *, pretty: bool = True) -> str:
    return dumps(payload(v), pretty=pretty)


# ---- the terminal --------------------------------------------------------------------------


def view(v: DubanView, title: str) -> RenderableType:
    parts = sample_banner(v.sample)
    head = t(title, "bold")
    head.append(f" · 督办 · 截至 {fmt.cn_date(v.as_of)}")
    parts.append(head)
    if not v.enabled:
        parts.append(Text("office.yaml 中没有督办规则（escalation），不提出督办建议。"))
    elif v.suggestions:
        parts.append(_suggestions(v.suggestions))
    else:
        parts.append(Text("督办建议：没有（触发的规则都已有督办事项）。"))
    parts.append(
        _actions("逾期未回复的督办事项", v.overdue, overdue=True)
        if v.overdue
        else Text("逾期未回复的督办事项：没有。")
    )
    parts.append(_actions("在办的督办事项", v.open) if v.open else Text("在办的督办事项：没有。"))
    label = f"本期（{v.period.full_label}）办结"
    parts.append(_closed(label, v.closed) if v.closed else Text(f"{label}：没有。"))
    parts.append(_reviews(v.reviews) if v.reviews else Text("到期的回头看：没有。"))
    if v.closures is not None:
        label = f"本期（{v.period.full_label}）销号"
        parts.append(_closures(label, v.closures) if v.closures else Text(f"{label}：没有。"))
    counts = f"共 {len(v.actions)} 项督办事项，{len(v.inspections)} 次督查。"
    parts.append(Text(counts))
    return Group(*parts)


def _suggestions(rows: tuple[SuggestionRow, ...]) -> FittedTable:
    columns = (
        Column("建议编号"),
        Column("督办方式"),
        Column("对象", wrap=True),
        Column("督办对象", wrap=True),
        Column("触发日期", drop=1),
        Column("事由", wrap=True),
    )
    cells = [
        (
            t(s.id),
            t(s.action),
            t(s.subject),
            t(s.unit if s.to == "单位" else f"{s.unit}{s.to}"),
            s.since.isoformat(),
            t(s.reason),
        )
        for s in rows
    ]
    return FittedTable(columns, cells, title="督办建议（已触发、尚未督办）")


def _actions(title: str, rows: tuple[ActionRow, ...], *, overdue: bool = False) -> FittedTable:
    columns = (
        Column("编号"),
        Column("督办方式", drop=2),
        Column("事项", wrap=True),
        Column("督办对象", wrap=True),
        Column("下发日期", drop=1),
        Column("办结时限"),
        Column("情况"),
    )
    cells = []
    for a in rows:
        state = a.state_label
        if overdue and a.overdue_days is not None:
            state = f"逾期 {a.overdue_days} 天未回复"
        elif a.replies:
            day = a.replies[-1].day
            state = f"{day.month}月{day.day}日已回复"
        cells.append(
            (
                t(a.id),
                t(a.action),
                t(a.about),
                t(a.addressee),
                a.issued.isoformat(),
                _day(a.deadline) or "—",
                Text(state, style="red" if overdue else ""),
            )
        )
    return FittedTable(columns, cells, title=title)


def _closed(title: str, rows: tuple[ActionRow, ...]) -> FittedTable:
    columns = (
        Column("编号"),
        Column("督办方式"),
        Column("事项", wrap=True),
        Column("督办对象", wrap=True),
        Column("办结日期"),
        Column("办结情况", wrap=True),
    )
    cells = [
        (t(a.id), t(a.action), t(a.about), t(a.addressee), _day(a.closed) or "—", t(a.result or ""))
        for a in rows
    ]
    return FittedTable(columns, cells, title=title)


def _reviews(rows: tuple[ActionRow, ...]) -> FittedTable:
    columns = (
        Column("编号"),
        Column("督办方式"),
        Column("事项", wrap=True),
        Column("督办对象", wrap=True),
        Column("办结日期", drop=1),
        Column("回头看期限"),
    )
    cells = [
        (
            t(a.id),
            t(a.action),
            t(a.about),
            t(a.addressee),
            _day(a.closed) or "—",
            _day(a.review_due) or "—",
        )
        for a in rows
    ]
    return FittedTable(columns, cells, title="到期的回头看")


def _closures(title: str, rows: tuple[ClosureRow, ...]) -> FittedTable:
    columns = (
        Column("项目", wrap=True),
        Column("事项", wrap=True),
        Column("责任单位", wrap=True),
        Column("验收日期", drop=1),
        Column("销号日期"),
        Column("验收文件", wrap=True, drop=2),
    )
    cells = [
        (
            t(f"{c.project_id}. {c.project}"),
            t(c.target or "整个项目"),
            t("、".join(c.units)),
            c.accepted.isoformat(),
            c.closed.isoformat(),
            t(c.document or "—"),
        )
        for c in rows
    ]
    return FittedTable(columns, cells, title=title)
