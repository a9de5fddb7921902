"""``minsheng bulletin``: the monthly 调度情况, quarterly 通报 or year-end 完成情况, as Markdown or HTML."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import DEFAULT_DATA, DataOption, load_valid, parse_date, usage_error

if TYPE_CHECKING:
    from jinja2 import Environment


class BulletinFormat(StrEnum):
    md = "md"
    html = "html"


TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="自定义模板文件夹，按文件名逐个覆盖内置模板；默认使用数据文件夹旁的 templates/（如有）",
        metavar="DIR",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="覆盖已有的输出")]


@app.command("bulletin", cls=Command)
def bulletin(
    period: Annotated[
        str,
        typer.Option(
            "--period",
            help="通报期间：YYYY-MM（月度调度）、YYYYQn（季度通报）或 YYYY（年度完成情况）",
            metavar="PERIOD",
        ),
    ],
    output_format: Annotated[
        BulletinFormat | None,
        typer.Option("--format", help="输出格式：md 或 html；默认按 -o 的扩展名，否则 md"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="写入文件（不指定则输出到屏幕）", metavar="FILE"),
    ] = None,
    force: ForceOption = False,
    templates: TemplatesOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="统计日期 YYYY-MM-DD，须在期间之内；默认期间的最后一天", metavar="DATE"
        ),
    ] = None,
    data: DataOption = DEFAULT_DATA,
) -> int:
    """生成通报：总体情况、分项进展、滞后事项、报送情况、下步工作要求（Markdown 或 HTML）。"""
    from ..bulletin import build_bulletin
    from ..period import PeriodError, check_as_of, check_in_plan, parse_period
    from ..render.templating import render

    try:
        chosen = parse_period(period)
        day = parse_date(as_of) if as_of else chosen.end
        check_as_of(chosen, day)
    except PeriodError as exc:
        raise usage_error(str(exc)) from None
    env = template_environment(templates, data)
    ds = load_valid(data, date.today())
    try:
        check_in_plan(chosen, ds.plan.year)
    except PeriodError as exc:
        raise usage_error(str(exc)) from None
    kind = output_format or _format_of(output)
    content = build_bulletin(ds, chosen, day)
    with template_errors():
        text = render(env, f"bulletin.{kind}.j2", b=content, sample=content.sample)
    if output is None:
        typer.echo(text, nl=False)
        return EXIT_OK
    return write_output(output, text, force)


def _format_of(output: Path | None) -> BulletinFormat:
    suffix = output.suffix.lower() if output is not None else ""
    return BulletinFormat.html if suffix in (".html", ".htm") else BulletinFormat.md


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
    from ..fsutil import WriteRefused, atomic_write

    try:
        atomic_write(path, text, force=force)
    except WriteRefused as exc:
        typer.echo(f"未写入：{exc}", err=True)
        return EXIT_FINDINGS
    typer.echo(str(path))
    return EXIT_OK
