"""Writing a command's output: files written safely, templates loaded and their errors told."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .app import EXIT_FINDINGS, EXIT_OK
from .common import usage_error

if TYPE_CHECKING:
    from jinja2 import Environment


def template_environment(templates: Path | None, data: Path) -> Environment:
    """The Jinja2 environment; a ``--templates`` folder that does not exist is a usage error."""
    from ..render.templating import environment, search_path

    if templates is not None and not templates.is_dir():
        raise usage_error(f"模板文件夹「{templates}」不存在或不是文件夹")
    return environment(search_path(templates, data))


@contextmanager
def template_errors() -> Iterator[None]:
    """A broken (user's) template ends the run with a clear message (exit 1), not a traceback."""
    from jinja2 import TemplateError, TemplateSyntaxError

    try:
        yield
    except TemplateSyntaxError as exc:
        typer.echo(
            f"模板有语法错误：{exc.filename or exc.name}:{exc.lineno}：{exc.message}", err=True
        )
        raise typer.Exit(EXIT_FINDINGS) from None
    except TemplateError as exc:
        typer.echo(f"模板无法生成：{exc}", err=True)
        raise typer.Exit(EXIT_FINDINGS) from None


def write_output(path: Path, text: str | bytes, force: bool) -> int:
    from ..write.atomic import WriteRefused, atomic_write

    try:
        atomic_write(path, text, force=force)
    except WriteRefused as exc:
        typer.echo(f"未写入：{exc}", err=True)
        return EXIT_FINDINGS
    typer.echo(str(path))
    return EXIT_OK
