"""``minsheng check``: validate the data folder."""

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    PreviousOption,
    load_data,
    load_previous,
    parse_date,
    to_terminal,
)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command(cls=Command)
def check(
    data: DataOption = DEFAULT_DATA,
    output_format: Annotated[
        CheckFormat,
        typer.Option("--format", help="输出格式：text（文字）、json、github（工作流注释）"),
    ] = CheckFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="有警告也视为不通过（退出码 1）")
    ] = False,
    as_of: AsOfOption = None,
    previous: PreviousOption = None,
) -> int:
    """检查数据：项目登记表和全部月度进展报告的格式、引用和数值。

    发现错误时退出码为 1（加 --strict 时警告也算）；数据文件夹不可用时为 2。
    加 --previous 时还核对接续实施的项目在以前年度的登记表中是否存在。
    """
    from ..render import problems as render

    day = parse_date(as_of) if as_of else date.today()
    result = load_data(data, day)
    found = list(result.problems)
    if previous and result.dataset is not None:  # 接续实施: the earlier years' projects exist
        from ..load.checks.dimensions import check_continued

        found += check_continued(result.dataset, load_previous(previous, result.dataset))
    problems = sorted(found, key=lambda p: p.sort_key())
    errors = any(p.is_error for p in problems)
    failed = not result.ok or errors or (strict and bool(problems))
    if output_format is CheckFormat.json:
        typer.echo(render.as_json(problems, not failed, pretty=to_terminal()), nl=False)
    elif output_format is CheckFormat.github:
        typer.echo(render.as_github(problems, result.files), nl=False)
    else:
        typer.echo(render.as_text(problems, result.files), nl=False)
    return EXIT_FINDINGS if failed else EXIT_OK
