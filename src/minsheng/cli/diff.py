"""``minsheng diff``: the status of two versions of the data (git revisions or the working
tree) at one date, and what changed between them."""

from __future__ import annotations

from datetime import date
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
    load_data,
    parse_date,
    statistics_date,
    to_terminal,
    usage_error,
)
from .git import commit_at, git_repo

if TYPE_CHECKING:
    from ..history.git import Commit, Repo
    from ..load.dataset import Dataset
    from ..problems import Problem


@app.command("diff", cls=Command)
def diff(
    rev1: Annotated[
        str, typer.Argument(metavar="版本1", help="较早的版本：提交号、分支、标签或 HEAD~3 等")
    ],
    rev2: Annotated[
        str | None,
        typer.Argument(metavar="版本2", help="较新的版本；省略时为工作区（当前的文件）"),
    ] = None,
    data: DataOption = DEFAULT_DATA,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="统计日期 YYYY-MM-DD；默认取较新版本的提交日期（与工作区比较时为今天），"
            "超出计划年度时取年度的首日或末日",
            metavar="日期",
        ),
    ] = None,
    output_format: TableFormatOption = TableFormat.table,
) -> int:
    """版本对比：两个版本的数据在同一统计日期下，哪些项目的完成率或状态变了、出现或消除了哪些问题。

    某个版本的数据有错误时退出码为 1。
    """
    from tempfile import TemporaryDirectory

    from ..compute.compare import compare, findings
    from ..compute.status import build_status
    from ..history.git import ScratchError, scratch
    from ..render import diff as render

    given = parse_date(as_of) if as_of else None  # a bad date is told before reading any data
    repo = git_repo(data)
    revs = [(rev1, commit_at(repo, rev1)), (rev2, commit_at(repo, rev2) if rev2 else None)]
    labels = (render.version_label(*revs[0]), render.version_label(*revs[1]))
    # Loaded as of today, like `status`: reports from after --as-of are not errors, they are
    # left out when the figures are worked out at that date.
    today = date.today()
    try:
        with scratch(), TemporaryDirectory(prefix="minsheng-diff-") as tmp:
            loaded = [
                _version(repo, data, rev, commit, Path(tmp) / str(i), today, label)
                for i, ((rev, commit), label) in enumerate(zip(revs, labels, strict=True))
            ]
    except ScratchError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
    (ds_before, problems_before), (ds_after, problems_after) = loaded
    # The newer version's own date by default: "what changed between these two versions"
    # as things stood then, not as things would stand today with that older data.
    newer = revs[1][1]
    day = statistics_date(given, ds_after, newer.date.date() if newer else today)
    before, after = build_status(ds_before, day), build_status(ds_after, day)
    result = compare(
        before, after, findings(before, problems_before), findings(after, problems_after)
    )
    sample = ds_before.sample or ds_after.sample
    if output_format is TableFormat.json:
        typer.echo(
            render.diff_json(result, (revs[0], revs[1]), day, sample, pretty=to_terminal()),
            nl=False,
        )
    else:
        console().print(render.diff_view(result, labels, day, sample))
    return EXIT_OK


def _version(
    repo: Repo,
    data: Path,
    rev: str | None,
    commit: Commit | None,
    folder: Path,
    day: date,
    label: str,
) -> tuple[Dataset, list[Problem]]:
    """The data at ``commit`` (None: the working tree), loaded and checked; a version with
    errors has them printed and ends the run (exit 1)."""
    from ..history.git import GitError
    from ..history.revision import VersionError, load_version, relative_to
    from ..render.problems import as_text

    try:
        # The working tree's errors name files as the user sees them; a revision's, relative
        # to the data folder (its files live in a temporary folder).
        shown = (
            load_data(data, day) if commit is None else load_version(repo, commit, folder, day, rev)
        )
    except (GitError, VersionError) as exc:
        raise usage_error(str(exc)) from None
    if not shown.ok or shown.dataset is None:
        errors = [p for p in shown.problems if p.is_error]
        typer.echo(as_text(errors, shown.files), err=True, nl=False)
        typer.echo(f"版本 {label}：数据有错误，无法对比；请先修正，或换一个版本对比。", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    result = relative_to(shown, data) if commit is None else shown
    return shown.dataset, result.problems
