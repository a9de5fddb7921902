"""``minsheng history`` and ``minsheng diff``: the data's audit trail, read from git."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    console,
    load_data,
    parse_date,
    to_terminal,
    usage_error,
)

if TYPE_CHECKING:
    from ..audit import Change
    from ..dataset import Dataset
    from ..gitrepo import Commit, Repo
    from ..load import LoadResult
    from ..models import Plan
    from ..problems import Problem


class HistoryFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[
    HistoryFormat, typer.Option("--format", help="输出格式：table（表格）或 json")
]


@app.command("history", cls=Command)
def history(
    data: DataOption = DEFAULT_DATA,
    project: Annotated[
        int | None, typer.Option("--project", help="只看某个项目", metavar="ID")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="只看某个单位的报告", metavar="UNIT")
    ] = None,
    include_first: Annotated[
        bool, typer.Option("--all", help="也列出首次报送（新增报告文件）")
    ] = False,
    output_format: FormatOption = HistoryFormat.table,
) -> int:
    """改动记录：从 git 提交历史中列出报送数字和登记表目标的每次改动。

    每行是一次提交中的一处改动：提交日期、提交号、作者、报告、指标、原值 → 新值。
    在报告的报送截止日期之后提交的改动标为「事后修改」，并注明是否填写了更正说明。
    """
    from ..audit import ChangeKind
    from ..render import history as render

    repo = _git_repo(data)
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
    hidden = 0
    if not include_first:
        kept = [r for r in rows if r.kind is not ChangeKind.FIRST]
        rows, hidden = kept, len(rows) - len(kept)
    if output_format is HistoryFormat.json:
        typer.echo(render.history_json(rows, ds, hidden, pretty=to_terminal()), nl=False)
    else:
        console().print(render.history_view(rows, ds, hidden, "，".join(scope) or None))
    return EXIT_OK


@app.command("diff", cls=Command)
def diff(
    rev1: Annotated[
        str, typer.Argument(metavar="REV1", help="较早的版本：提交号、分支、标签或 HEAD~3 等")
    ],
    rev2: Annotated[
        str | None,
        typer.Argument(metavar="REV2", help="较新的版本；省略时为工作区（当前的文件）"),
    ] = None,
    data: DataOption = DEFAULT_DATA,
    as_of: AsOfOption = None,
    output_format: FormatOption = HistoryFormat.table,
) -> int:
    """版本对比：两个版本的数据在同一统计日期下，哪些项目的完成率或状态变了、出现或消除了哪些问题。

    统计日期默认取较新版本的提交日期（与工作区比较时为今天），超出计划年度时取年度的首日或末日。
    某个版本的数据有错误时退出码为 1。
    """
    from tempfile import TemporaryDirectory

    from ..compute.compare import compare, findings
    from ..compute.summary import build_status, default_as_of
    from ..render import history as render

    given = parse_date(as_of) if as_of else None  # a bad date is told before reading any data
    repo = _git_repo(data)
    revs = [(rev1, _commit(repo, rev1)), (rev2, _commit(repo, rev2) if rev2 else None)]
    labels = (render.version_label(*revs[0]), render.version_label(*revs[1]))
    # Loaded as of today, like `status`: reports from after --as-of are not errors, they are
    # left out when the figures are worked out at that date.
    today = date.today()
    with TemporaryDirectory(prefix="minsheng-diff-") as tmp:
        loaded = [
            _load_version(repo, data, rev, commit, Path(tmp) / str(i), today, label)
            for i, ((rev, commit), label) in enumerate(zip(revs, labels, strict=True))
        ]
    (ds_before, problems_before), (ds_after, problems_after) = loaded
    # The newer version's own date by default: "what changed between these two versions"
    # as things stood then, not as things would stand today with that older data.
    newer = revs[1][1]
    day = given or default_as_of(ds_after, newer.date.date() if newer else today)
    before, after = build_status(ds_before, day), build_status(ds_after, day)
    result = compare(
        before, after, findings(before, problems_before), findings(after, problems_after)
    )
    sample = ds_before.sample or ds_after.sample
    if output_format is HistoryFormat.json:
        typer.echo(
            render.diff_json(result, (revs[0], revs[1]), day, sample, pretty=to_terminal()),
            nl=False,
        )
    else:
        console().print(render.diff_view(result, labels, day, sample))
    return EXIT_OK


def _git_repo(data: Path) -> Repo:
    """The git work tree of the data folder; no folder, no git or no repository: exit 2."""
    from ..gitrepo import GitError, open_repo
    from ..load import DataDirError, check_data_dir

    try:
        check_data_dir(data)
        return open_repo(data)
    except (DataDirError, GitError) as exc:
        raise usage_error(str(exc)) from None


def _commit(repo: Repo, rev: str) -> Commit:
    from ..gitrepo import GitError, describe, resolve

    try:
        return describe(repo, resolve(repo, rev))
    except GitError as exc:
        raise usage_error(str(exc)) from None


def _registry(data: Path) -> Dataset:
    """The current registry (names, due dates); errors in it are printed and end the run."""
    from ..dataset import Dataset
    from ..load import REGISTRY_FILE, display_path
    from ..models import Registry
    from ..render.problems import as_text
    from ..validate import validate
    from ..yamlread import read_file

    path = data / REGISTRY_FILE
    doc, problems = read_file(path, display_path(path))
    registry = None
    if doc is not None:
        registry, problems = validate(doc, Registry)
    if registry is None or doc is None:
        typer.echo(as_text(problems, 1), err=True, nl=False)
        typer.echo("项目登记表有错误，无法列出改动记录；请先按上面的提示修正。", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    return Dataset(registry, doc)


def _audit(repo: Repo, plan: Plan) -> list[Change]:
    from ..audit import WATCHED, audit, watched_blobs
    from ..gitrepo import GitError, has_commits, log, read_blobs

    try:
        if not has_commits(repo):
            return []
        entries = log(repo, WATCHED)
        return audit(entries, read_blobs(repo, watched_blobs(entries)), plan)
    except GitError as exc:
        raise usage_error(str(exc)) from None


def _choices(known: Iterable[object]) -> str:
    return "、".join(str(v) for v in known)


def _load_version(
    repo: Repo,
    data: Path,
    rev: str | None,
    commit: Commit | None,
    folder: Path,
    day: date,
    label: str,
) -> tuple[Dataset, list[Problem]]:
    """The data at ``commit`` (None: the working tree), loaded and checked; paths in the
    problems are made relative to the data folder so that both versions name files alike."""
    from ..audit import WATCHED
    from ..gitrepo import GitError, materialise
    from ..load import REGISTRY_FILE, load

    if commit is None:
        result, root = load_data(data, day), data
    else:
        try:
            found = materialise(repo, commit.sha, folder, WATCHED)
        except GitError as exc:
            raise usage_error(str(exc)) from None
        where = f"「{repo.prefix.rstrip('/')}」" if repo.prefix else "（仓库根目录）"
        if not found or not (folder / REGISTRY_FILE).is_file():
            raise usage_error(f"版本「{rev}」中没有数据文件夹{where}或其中没有 {REGISTRY_FILE}")
        result, root = load(folder, day), folder
    problems = [_relative(p, root) for p in result.problems]
    if not result.ok or result.dataset is None:
        _data_errors(result, problems if commit else result.problems, label)
    return result.dataset, problems


def _relative(problem: Problem, root: Path) -> Problem:
    import os
    from dataclasses import replace

    path = os.path.relpath(Path(problem.path).absolute(), root.absolute())
    return replace(problem, path=Path(path).as_posix())


def _data_errors(result: LoadResult, problems: list[Problem], label: str) -> NoReturn:
    from ..render.problems import as_text

    errors = [p for p in problems if p.is_error]
    typer.echo(as_text(errors, result.files), err=True, nl=False)
    typer.echo(f"版本 {label}：数据有错误，无法对比；请先修正，或换一个版本对比。", err=True)
    raise typer.Exit(EXIT_FINDINGS)
