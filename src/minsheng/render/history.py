"""`minsheng history` and `minsheng diff` as JSON or rich views."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ..audit import TEXT, Change, ChangeKind, Scalar
from ..compute.changes import ProjectChange, Standing, shown_delta
from ..compute.compare import Comparison, Finding
from ..compute.summary import Overall
from ..dataset import Dataset, report_due
from ..gitrepo import Commit
from . import fmt
from .jsonout import dumps
from .terminal import STATUS_MARKS, STATUS_STYLES, make_table, sample_banner, t

FIELD_LABELS = {
    "submitted": "报送日期",
    "value": "数值",
    "baseline": "基数",
    "stage": "阶段",
    "percent": "形象进度",
    "self_assessment": "自评完成度",
    "review": "督查评分",
    "note": "备注",
    "text": "文字",
    "target": "目标",
    "due": "完成时限",
    "weight": "权重",
    "milestones": "节点",
}
TEXT_LABELS = {
    "progress": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步打算",
    "evidence": "佐证链接",
}
_PERCENT_FIELDS = frozenset(("percent", "self_assessment", "review"))
FINDING_LABELS = {
    "error": "数据错误",
    "warning": "检查警告",
    "late": "逾期报送",
    "missing": "未报送",
    "overdue": "逾期未完成",
}
REGISTRY_LABEL = "项目登记表"


# ---- history ---------------------------------------------------------------------------


def counted(rows: Sequence[Change]) -> list[Change]:
    """The rows that are changes: not first submissions, not unreadable versions."""
    return [r for r in rows if r.kind not in (ChangeKind.FIRST, ChangeKind.UNREADABLE)]


def uncorrected(row: Change) -> bool:
    """A reported figure changed after the due date with no 更正说明 given."""
    return (
        row.late
        and row.kind is ChangeKind.CHANGED
        and row.correction is None
        and _needs_correction(row)
    )


def _needs_correction(row: Change) -> bool:
    return row.unit is not None and row.indicator is not None and row.field not in ("note", TEXT)


def summary(rows: Sequence[Change], first_hidden: int) -> str:
    changes = counted(rows)
    if not changes and not rows:
        text = "没有发现改动。"
    else:
        commits = len({r.commit.sha for r in changes})
        late = sum(r.late for r in changes)
        bare = sum(uncorrected(r) for r in changes)
        text = f"共 {len(changes)} 处改动（{commits} 次提交），其中事后修改 {late} 处"
        text += f"（{bare} 处数值改动没有更正说明）。" if bare else "。"
    unreadable = sum(r.kind is ChangeKind.UNREADABLE for r in rows)
    if unreadable:
        text += f"\n另有 {unreadable} 个提交的版本无法读取，已跳过。"
    if first_hidden:
        text += f"\n首次报送 {first_hidden} 份未列出（加 --all 列出）。"
    return text


def history_view(
    rows: Sequence[Change], ds: Dataset, first_hidden: int, scope: str | None = None
) -> RenderableType:
    parts = sample_banner(ds.sample)
    title = f"数据改动记录（git 提交历史）{f' · {scope}' if scope else ''}"
    parts.append(t(title, "bold"))
    if rows:
        table = make_table(
            (
                ("提交日期", "left"),
                ("提交", "left"),
                ("作者", "left"),
                ("报告", "left"),
                ("指标", "left"),
                ("改动", "left"),
                ("情况", "left"),
            ),
            wrap=("作者", "报告", "指标", "改动", "情况"),
        )
        for row in rows:
            table.add_row(
                row.commit.date.date().isoformat(),
                row.commit.short,
                t(row.commit.author),
                t(_report(row)),
                t(_indicator(row, ds)),
                t(_change_text(row, ds)),
                _remark(row),
            )
        parts.append(table)
    parts.append(Text(summary(rows, first_hidden)))
    return Group(*parts)


def _report(row: Change) -> str:
    if row.unit is None:
        return REGISTRY_LABEL
    return f"{row.unit} {row.month}"


def _indicator(row: Change, ds: Dataset) -> str:
    if row.indicator is not None:
        ref = ds.indicators.get(row.indicator)
        text = row.indicator if ref is None else f"{row.indicator} {ref.indicator.name}"
        return text + (f"·{row.item}" if row.item else "")
    if row.project is not None:
        return f"项目 {row.project}"
    return "—"


def _change_text(row: Change, ds: Dataset) -> str:
    registry = row.unit is None
    if row.kind is ChangeKind.FIRST:
        return "建立登记表" if registry else "首次报送"
    if row.kind is ChangeKind.DELETED:
        return "登记表被删除" if registry else "报告被删除"
    if row.kind is ChangeKind.MOVED:
        return f"由 {row.detail} 移来"
    if row.kind is ChangeKind.UNREADABLE:
        return f"无法读取（{row.detail}），已跳过"
    if row.field == TEXT:
        parts = [TEXT_LABELS.get(p, p) for p in (row.detail or "").split(",") if p]
        return f"修改了{'、'.join(parts)}"
    if row.field == "note":
        return "修改了备注"
    label = FIELD_LABELS.get(row.field or "", row.field or "")
    return f"{label} {_value(row, row.old, ds)} → {_value(row, row.new, ds)}"


def _value(row: Change, value: Scalar, ds: Dataset) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if row.field in _PERCENT_FIELDS:
        return f"{fmt.number(value)}%"
    if row.field in ("value", "baseline") and row.indicator is not None:
        ref = ds.indicators.get(row.indicator)
        return fmt.amount(value, getattr(ref.indicator, "unit", None) if ref else None)
    return fmt.number(value)


def _remark(row: Change) -> Text:
    text = Text()
    if row.late:
        late = "截止后才提交" if row.kind is ChangeKind.FIRST else "事后修改"
        text.append(late, style="bold red" if uncorrected(row) else "yellow")
        if uncorrected(row):
            text.append("，无更正说明", style="bold red")
    if row.correction:
        text.append("\n" if text else "")
        text.append_text(t(f"更正说明：{row.correction}"))
    return text


def history_json(
    rows: Sequence[Change], ds: Dataset, first_hidden: int, *, pretty: bool = True
) -> str:
    changes = counted(rows)
    payload = {
        "sample": ds.sample,
        "changes": [_change_json(r, ds) for r in rows],
        "summary": {
            "changes": len(changes),
            "late": sum(r.late for r in changes),
            "late_without_correction": sum(uncorrected(r) for r in changes),
            "unreadable": sum(r.kind is ChangeKind.UNREADABLE for r in rows),
            "first_not_listed": first_hidden,
        },
    }
    return dumps(payload, pretty=pretty)


def _change_json(row: Change, ds: Dataset) -> dict[str, Any]:
    ref = ds.indicators.get(row.indicator) if row.indicator else None
    return {
        **_commit_json(row.commit),
        "kind": row.kind.value,
        "path": row.path,
        "unit": row.unit,
        "month": row.month,
        "due": report_due(ds.plan, row.month).isoformat() if row.month else None,
        "project": row.project,
        "indicator": row.indicator,
        "indicator_name": ref.indicator.name if ref else None,
        "item": row.item,
        "field": row.field,
        "old": row.old,
        "new": row.new,
        "detail": row.detail,
        "late": row.late,
        "correction": row.correction,
    }


def _commit_json(commit: Commit) -> dict[str, Any]:
    return {
        "commit": commit.sha,
        "short": commit.short,
        "date": commit.date.isoformat(),
        "author": commit.author,
        "subject": commit.subject,
    }


# ---- diff ------------------------------------------------------------------------------


def version_label(rev: str | None, commit: Commit | None) -> str:
    """ "HEAD~3（1a2b3c4，2022-08-10）", or 工作区 for the files as they are now."""
    if commit is None:
        return "工作区"
    day = commit.date.date().isoformat()
    if rev is None or commit.sha.startswith(rev.lower()):  # a commit id: its short form will do
        return f"{commit.short}（{day}）"
    return f"{rev}（{commit.short}，{day}）"


def diff_view(
    result: Comparison, labels: tuple[str, str], as_of: date, sample: bool
) -> RenderableType:
    parts = sample_banner(sample)
    parts.append(t(f"数据对比：{labels[0]} → {labels[1]} · 统计日期 {fmt.cn_date(as_of)}", "bold"))
    parts.append(Text(_overall_line(result.before, result.after)))
    if result.projects:
        parts.append(_moves_table(result.projects))
    else:
        parts.append(Text("没有项目的完成率或状态发生变化。"))
    for title, found, none in (
        ("新出现的问题", result.new, "没有新出现的问题。"),
        ("已消除的问题", result.resolved, "没有已消除的问题。"),
    ):
        parts.append(_findings_table(title, found) if found else Text(none))
    return Group(*parts)


def _overall_line(before: Overall, after: Overall) -> str:
    delta = shown_delta(before.completion, after.completion)
    lagging = (before.yellow + before.red, after.yellow + after.red)
    return (
        f"总体完成率 {fmt.percent(before.completion)} → {fmt.percent(after.completion)}"
        f"（{_points(delta)}）；已完成项目 {before.done} → {after.done}，"
        f"滞后项目 {lagging[0]} → {lagging[1]}。"
    )


def _points(delta: float) -> str:
    if abs(delta) < 0.05:
        return "持平"
    return f"{delta:+.1f} 个百分点"


def _moves_table(moves: Sequence[ProjectChange]) -> RenderableType:
    table = make_table(
        (
            ("序号", "right"),
            ("项目", "left"),
            ("完成率", "left"),
            ("变化", "right"),
            ("状态", "left"),
        ),
        wrap=("项目",),
        title="完成率或状态有变化的项目",
    )
    for m in moves:
        table.add_row(
            str(m.id),
            t(m.name),
            f"{_completion(m.before)} → {_completion(m.after)}",
            "—" if m.delta is None else _points(m.delta),
            _status_change(m.before, m.after),
        )
    return table


def _completion(s: Standing | None) -> str:
    return "（无）" if s is None else fmt.percent(s.completion)


def _status_change(before: Standing | None, after: Standing | None) -> Text:
    text = _status(before)
    if before is None or after is None or before.status is not after.status:
        text.append(" → ")
        text.append_text(_status(after))
    return text


def _status(s: Standing | None) -> Text:
    if s is None:
        return Text("（无）")
    value = s.status.value
    return Text(f"{STATUS_MARKS[value]} {fmt.STATUS_LABELS[value]}", style=STATUS_STYLES[value])


def _findings_table(title: str, found: Sequence[Finding]) -> RenderableType:
    table = make_table(
        (("类型", "left"), ("位置", "left"), ("内容", "left")),
        wrap=("位置", "内容"),
        title=title,
    )
    for f in found:
        content = f.subject + (f"（{f.detail}）" if f.detail else "")
        table.add_row(FINDING_LABELS.get(f.kind, f.kind), t(f.where), t(content))
    return table


def diff_json(
    result: Comparison,
    versions: tuple[tuple[str | None, Commit | None], tuple[str | None, Commit | None]],
    as_of: date,
    sample: bool,
    *,
    pretty: bool = True,
) -> str:
    payload = {
        "as_of": as_of.isoformat(),
        "sample": sample,
        "from": _version_json(*versions[0]),
        "to": _version_json(*versions[1]),
        "overall": {"before": _overall_json(result.before), "after": _overall_json(result.after)},
        "projects": [
            {
                "id": m.id,
                "name": m.name,
                "before": _standing_json(m.before),
                "after": _standing_json(m.after),
                "delta": m.delta,
            }
            for m in result.projects
        ],
        "new": [_finding_json(f) for f in result.new],
        "resolved": [_finding_json(f) for f in result.resolved],
    }
    return dumps(payload, pretty=pretty)


def _version_json(rev: str | None, commit: Commit | None) -> dict[str, Any]:
    if commit is None:
        return {"rev": None, "worktree": True}
    return {"rev": rev, "worktree": False, **_commit_json(commit)}


def _overall_json(o: Overall) -> dict[str, Any]:
    return {
        "completion": round(o.completion, 1),
        "projects": o.projects,
        "done": o.done,
        "green": o.green,
        "yellow": o.yellow,
        "red": o.red,
    }


def _standing_json(s: Standing | None) -> dict[str, Any] | None:
    return None if s is None else {"completion": round(s.completion, 1), "status": s.status.value}


def _finding_json(f: Finding) -> dict[str, Any]:
    return {"kind": f.kind, "where": f.where, "subject": f.subject, "detail": f.detail}
