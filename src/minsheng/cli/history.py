"""``minsheng history``: the data's audit trail, read from git."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    DataOption,
    TableFormat,
    TableFormatOption,
    console,
    to_terminal,
    usage_error,
)
from .git import git_repo

if TYPE_CHECKING:
    from ..history.audit import Change
    from ..history.git import Repo
    from ..load.dataset import Dataset
    from ..models import Plan


@app.command("history", cls=Command)
def history(
    data: DataOption = DEFAULT_DATA,
    project: Annotated[
        int | None, typer.Option("--project", help="只看某个项目", metavar="序号")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="只看某个单位的报告", metavar="单位")
    ] = None,
    include_first: Annotated[
        bool,
        typer.Option(
            "--all", help="列出全部：也列出首次报送（新增报告文件），屏幕上的行数也不设上限"
        ),
    ] = False,
    output_format: TableFormatOption = TableFormat.table,
) -> int:
    """改动记录：从 git 提交历史中列出报送数字和登记表目标的每次改动。

    每行是一次提交中的一处改动：提交日期、提交号、作者、报告、指标、原值 → 新值。
    在报告的报送截止日期之后提交的改动标为「事后修改」，并注明是否填写了更正说明。
    """
    from ..history.audit import ChangeKind
    from ..render import history as render

    repo = git_repo(data)
    ds = _registry(data)
    rows = _audit(repo, ds.plan)
    scope = []
    if project is not None:
        if project not in set(ds.projects) | {p for r in rows for p in r.projects}:
            raise usage_error(f"没有序号为 {project} 的项目；可选：{_choices(ds.projects)}")
        rows = [r for r in rows if project in r.projects]
        scope.append(f"项目 {project}")
    if unit is not None:
        if unit not in set(ds.unit_names) | {u for r in rows for u in r.units}:
            raise usage_error(f"没有名为「{unit}」的单位；可选：{_choices(ds.responsible_units)}")
        rows = [r for r in rows if unit in r.units]
        scope.append(unit)
    hidden = ledger = 0
    if not include_first:
        first = [r for r in rows if r.kind is ChangeKind.FIRST]
        ledger = sum(r.ledger is not None for r in first)  # new 督办 files, told apart
        hidden = len(first) - ledger
        rows = [r for r in rows if r.kind is not ChangeKind.FIRST]
    if output_format is TableFormat.json:  # every row, streamed
        for piece in render.history_json(
            rows, ds, hidden, shallow=repo.shallow, pretty=to_terminal(), ledger=ledger
        ):
            typer.echo(piece, nl=False)
    else:
        limit = None if include_first else render.SCREEN_ROWS
        out = console()
        for part in render.history_view(
            rows,
            ds,
            hidden,
            "，".join(scope) or None,
            shallow=repo.shallow,
            limit=limit,
            ledger=ledger,
        ):
            out.print(part)
    return EXIT_OK


def _registry(data: Path) -> Dataset:
    """The current registry (names, due dates); errors in it are printed and end the run."""
    from ..load.folder import load_registry
    from ..load.layout import REGISTRY_FILE
    from ..render.problems import as_text

    ds, problems = load_registry(data / REGISTRY_FILE)
    if ds is None:
        typer.echo(as_text(problems, 1), err=True, nl=False)
        typer.echo("项目登记表有错误，无法列出改动记录；请先按上面的提示修正。", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    return ds


def _audit(repo: Repo, plan: Plan) -> list[Change]:
    from ..history.audit import history
    from ..history.git import GitError, ScratchError

    try:
        return history(repo, plan)
    except GitError as exc:
        raise usage_error(str(exc)) from None
    except ScratchError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_FINDINGS) from None


def _choices(known: Iterable[object]) -> str:
    return "、".join(str(v) for v in known)
