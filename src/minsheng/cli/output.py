"""Writing a command's output: files written safely (never into the data folder), ``-o -`` as
stdout, templates loaded and their errors told."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .app import EXIT_FINDINGS, EXIT_OK, shorten_quoted
from .common import cache_dir, usage_error

if TYPE_CHECKING:
    from jinja2 import Environment

STDOUT = "-"


def is_stdout(path: Path | None) -> bool:
    """``-o -``: the output goes to the screen (stdout), as without ``-o``."""
    return path is not None and str(path) == STDOUT


def refuse_stdout(path: Path | None, what: str) -> None:
    """``-o -`` for a binary output (a workbook, a Word file, a site): a usage error."""
    if is_stdout(path):
        raise usage_error(
            f"「-o -」表示输出到屏幕（标准输出），只能用于文字格式；{what}不能输出到屏幕，"
            "请用 -o 指定文件名"
        )


def data_part(path: Path, data: Path) -> str | None:
    """Which part of the data folder (registry, reports, 督办, cache) ``path`` is or lies in."""
    from ..load.layout import DATA_ENTRIES

    parts = {data / name: label for name, label in DATA_ENTRIES.items()}
    cache = cache_dir()
    if cache is not None:
        parts[cache] = "缓存文件夹"
    for member, label in parts.items():
        if _same_or_inside(path, member):
            return label
    return None


def _same_or_inside(path: Path, member: Path) -> bool:
    """By file identity where the files exist (case-insensitive file systems, links), else by
    resolved path."""
    try:
        wanted = member.stat()
    except OSError:
        return _resolved(path).is_relative_to(_resolved(member))
    for candidate in (path, *path.absolute().parents):
        try:
            found = candidate.stat()
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino):
            return True
    return False


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def refuse_data_output(path: Path, data: Path) -> None:
    """An output (bulletin, workbook, site) never goes into what the tool reads as data."""
    part = data_part(path, data)
    if part is not None:
        typer.echo(
            shorten_quoted(
                f"未写入：「{path}」属于数据文件夹「{data}」的{part}，不能写入输出（加 --force 也不行）；"
                "请把输出写到数据文件夹之外"
            ),
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


def template_environment(templates: Path | None, data: Path) -> Environment:
    """The Jinja2 environment; a ``--templates`` folder that does not exist is a usage error.

    The ``templates/`` found beside the data must lie in the data repository; a folder named
    with ``--templates`` may be anywhere.
    """
    from ..render.templating import environment, search_path

    if templates is not None and not templates.is_dir():
        raise usage_error(f"模板文件夹「{templates}」不存在或不是文件夹")
    repository = None if templates is not None else data.resolve().parent
    return environment(search_path(templates, data), confine_to=repository)


@contextmanager
def template_errors() -> Iterator[None]:
    """A broken (user's) template ends the run with a clear message naming the template and
    its line (exit 1), not a traceback."""
    from jinja2 import TemplateError, TemplateSyntaxError

    from ..render.sandbox import TemplateFailure

    try:
        yield
    except TemplateFailure as exc:
        typer.echo(shorten_quoted(str(exc)), err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
    except TemplateSyntaxError as exc:
        typer.echo(
            f"模板有语法错误：{exc.filename or exc.name}:{exc.lineno}：{exc.message}", err=True
        )
        raise typer.Exit(EXIT_FINDINGS) from None
    except TemplateError as exc:
        typer.echo(f"模板无法生成：{exc}", err=True)
        raise typer.Exit(EXIT_FINDINGS) from None


def write_output(
    path: Path,
    text: str | bytes,
    force: bool,
    *,
    data: Path | None = None,
    done: Callable[[Path], str] = str,
) -> int:
    """Write ``text`` to ``path`` safely (``-o -``: to stdout, as without ``-o``); ``data``: the
    data folder, which the output must stay out of. ``done`` says what was written."""
    from ..write.atomic import WriteRefused, atomic_write

    if is_stdout(path):  # binary formats refuse this before the work (refuse_stdout)
        typer.echo(text, nl=False)
        return EXIT_OK
    if data is not None:
        refuse_data_output(path, data)
    try:
        atomic_write(path, text, force=force)
    except WriteRefused as exc:
        typer.echo(shorten_quoted(f"未写入：{exc}"), err=True)
        return EXIT_FINDINGS
    typer.echo(done(path))
    return EXIT_OK
