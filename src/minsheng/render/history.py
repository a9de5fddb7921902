"""`minsheng history` as JSON or a rich view."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from ..history.audit import TEXT, Change, ChangeKind, Scalar
from ..history.git import Commit
from ..load.dataset import Dataset, report_due
from ..text import amounts, fmt
from ..text.labels import CHANGE_LABELS, CHANGE_TEXT_LABELS
from .jsonout import stream_object
from .tables import Column, FittedTable
from .terminal import sample_banner, t

_PERCENT_FIELDS = frozenset(("percent", "self_assessment", "review"))
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


SHALLOW_NOTE = (
    "本仓库是浅克隆，只列出已取回的提交中的改动；最早取回的提交看起来像首次报送"
    "（可运行 git fetch --unshallow 取回全部历史）。"
)


def summary(
    rows: Sequence[Change], first_hidden: int, shallow: bool = False, ledger: int = 0
) -> str:
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
    if ledger:
        text += f"\n新建的督办事项和督查记录 {ledger} 份未列出（加 --all 列出）。"
    if shallow:
        text += f"\n{SHALLOW_NOTE}"
    return text


SCREEN_ROWS = 500  # rows a terminal shows (the newest); --all shows every one


def history_view(
    rows: Sequence[Change],
    ds: Dataset,
    first_hidden: int,
    scope: str | None = None,
    *,
    shallow: bool = False,
    limit: int | None = SCREEN_ROWS,
    ledger: int = 0,
) -> Iterator[RenderableType]:
    """The rows as tables (at most ``limit``, the newest) and the summary of all of them, in
    pieces to print one after another: a table of :data:`SCREEN_ROWS` rows at a time, so
    that ``--all`` over a hundred thousand rows stays in bounded memory."""
    yield from sample_banner(ds.sample)
    title = f"数据改动记录（git 提交历史）{f' · {scope}' if scope else ''}"
    yield t(title, "bold")
    shown = rows if limit is None or len(rows) <= limit else rows[len(rows) - limit :]
    if len(shown) < len(rows):
        yield Text(f"……另有 {len(rows) - len(shown)} 条，加 --all 查看全部")
    for start in range(0, len(shown), SCREEN_ROWS):
        yield _table(shown[start : start + SCREEN_ROWS], ds)
    yield Text(summary(rows, first_hidden, shallow, ledger))


def _table(rows: Sequence[Change], ds: Dataset) -> RenderableType:
    columns = (
        Column("提交日期"),
        Column("提交", drop=1),
        Column("作者", wrap=True),
        Column("报告", wrap=True),
        Column("指标", wrap=True),
        Column("改动", wrap=True),
        Column("情况", wrap=True),
    )
    return FittedTable(
        columns,
        [
            (
                row.commit.date.date().isoformat(),
                row.commit.short,
                t(row.commit.author),
                t(_report(row)),
                t(_indicator(row, ds)),
                t(_change_text(row, ds)),
                _remark(row),
            )
            for row in rows
        ],
    )


def _report(row: Change) -> str:
    if row.ledger is not None:
        return row.ledger
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
    if row.ledger is not None and row.kind in (ChangeKind.FIRST, ChangeKind.DELETED):
        return "新建" if row.kind is ChangeKind.FIRST else "被删除"
    if row.kind is ChangeKind.FIRST:
        return "建立登记表" if registry else "首次报送"
    if row.kind is ChangeKind.DELETED:
        return "登记表被删除" if registry else "报告被删除"
    if row.kind is ChangeKind.MOVED:
        return f"由 {row.detail} 移来"
    if row.kind is ChangeKind.UNREADABLE:
        return f"无法读取（{row.detail}），已跳过"
    if row.field == TEXT:
        parts = [CHANGE_TEXT_LABELS.get(p, p) for p in (row.detail or "").split(",") if p]
        return f"修改了{'、'.join(parts)}"
    if row.field == "note":
        return "修改了备注"
    label = CHANGE_LABELS.get(row.field or "", row.field or "")
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
        return amounts.amount(value, getattr(ref.indicator, "unit", None) if ref else None)
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
    rows: Sequence[Change],
    ds: Dataset,
    first_hidden: int,
    *,
    shallow: bool = False,
    pretty: bool = True,
    ledger: int = 0,
) -> Iterator[str]:
    """Every row, as JSON text in pieces: one row at a time is held as a dict and a string,
    so a history of a hundred thousand changes streams out in bounded memory. The text is
    what ``dumps`` gives for the whole payload."""
    changes = counted(rows)
    summary = {
        "changes": len(changes),
        "late": sum(r.late for r in changes),
        "late_without_correction": sum(uncorrected(r) for r in changes),
        "unreadable": sum(r.kind is ChangeKind.UNREADABLE for r in rows),
        "first_not_listed": first_hidden,
        "shallow": shallow,
        **({"ledger_first_not_listed": ledger} if ledger else {}),
    }
    items = (_change_json(r, ds) for r in rows)
    yield from stream_object(
        {"sample": ds.sample}, "changes", items, {"summary": summary}, pretty=pretty
    )


def _change_json(row: Change, ds: Dataset) -> dict[str, Any]:
    ref = ds.indicators.get(row.indicator) if row.indicator else None
    return {
        **commit_json(row.commit),
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
        **({"ledger": row.ledger} if row.ledger is not None else {}),
    }


def commit_json(commit: Commit) -> dict[str, Any]:
    return {
        "commit": commit.sha,
        "short": commit.short,
        "date": commit.date.isoformat(),
        "author": commit.author,
        "subject": commit.subject,
    }
