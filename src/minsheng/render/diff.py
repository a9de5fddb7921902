"""`minsheng diff` as JSON or a rich view."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ..compute.changes import ProjectChange, Standing, shown_delta
from ..compute.compare import Comparison, Finding
from ..compute.status import Overall
from ..history.git import Commit
from ..text import fmt
from ..text.labels import STATUS_LABELS
from .history import commit_json
from .jsonout import dumps
from .tables import Column, FittedTable
from .terminal import STATUS_MARKS, STATUS_STYLES, sample_banner, t

FINDING_LABELS = {
    "error": "数据错误",
    "warning": "检查警告",
    "late": "逾期报送",
    "missing": "未报送",
    "overdue": "逾期未完成",
}


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
    columns = (
        Column("序号", "right"),
        Column("项目", wrap=True),
        Column("完成率"),
        Column("变化", "right", drop=1),
        Column("状态", wrap=True),
    )
    rows = [
        (
            str(m.id),
            t(m.name),
            f"{_completion(m.before)} → {_completion(m.after)}",
            "—" if m.delta is None else _points(m.delta),
            _status_change(m.before, m.after),
        )
        for m in moves
    ]
    return FittedTable(columns, rows, title="完成率或状态有变化的项目")


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
    return Text(f"{STATUS_MARKS[value]} {STATUS_LABELS[value]}", style=STATUS_STYLES[value])


def _findings_table(title: str, found: Sequence[Finding]) -> RenderableType:
    columns = (Column("类型"), Column("位置", wrap=True), Column("内容", wrap=True))
    rows = [
        (
            FINDING_LABELS.get(f.kind, f.kind),
            t(f.where),
            t(f.subject + (f"（{f.detail}）" if f.detail else "")),
        )
        for f in found
    ]
    return FittedTable(columns, rows, title=title)


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
    return {"rev": rev, "worktree": False, **commit_json(commit)}


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
