"""``minsheng bulletin``: the monthly 调度情况, quarterly 通报 or year-end 完成情况, as Markdown or HTML."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    DataOption,
    ForceOption,
    TemplatesOption,
    load_valid,
    parse_date,
    period_option,
    usage_error,
)
from .output import template_environment, template_errors, write_output

if TYPE_CHECKING:
    pass


class BulletinFormat(StrEnum):
    md = "md"
    html = "html"


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
    from ..dates import PeriodError, check_as_of, check_in_plan
    from ..render.templating import render, scale
    from ..views.bulletin import build_bulletin

    chosen = period_option(period)
    try:
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
    scale(env, ds)
    with template_errors():
        text = render(env, f"bulletin.{kind}.j2", b=content, sample=content.sample)
    if output is None:
        typer.echo(text, nl=False)
        return EXIT_OK
    return write_output(output, text, force, data=data)


def _format_of(output: Path | None) -> BulletinFormat:
    suffix = output.suffix.lower() if output is not None else ""
    return BulletinFormat.html if suffix in (".html", ".htm") else BulletinFormat.md
