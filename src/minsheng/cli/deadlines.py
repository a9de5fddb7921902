"""``minsheng deadlines``: late and missing reports, overdue work, what falls due soon."""

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    console,
    load_valid,
    parse_date,
    statistics_date,
    to_terminal,
)


class DeadlinesFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("deadlines", cls=Command)
def deadlines(
    data: DataOption = DEFAULT_DATA,
    as_of: AsOfOption = None,
    within: Annotated[
        int,
        typer.Option("--within", min=0, max=3660, help="列出多少天内到期的事项", metavar="天数"),
    ] = 30,
    output_format: Annotated[
        DeadlinesFormat, typer.Option("--format", help="输出格式：table（表格）或 json")
    ] = DeadlinesFormat.table,
    strict: Annotated[
        bool, typer.Option("--strict", help="有未报、迟报或逾期事项时退出码为 1（用于 CI 把关）")
    ] = False,
) -> int:
    """时限检查：未报送和逾期报送的月报、逾期未完成的指标和节点、即将到期的事项。"""
    from ..compute.deadlines import deadlines as compute
    from ..compute.status import build_status
    from ..render import deadlines as render

    given = parse_date(as_of) if as_of else None  # a bad date is told before reading any data
    ds = load_valid(data, date.today())
    day = statistics_date(given, ds, date.today())
    result = compute(build_status(ds, day), within)
    if output_format is DeadlinesFormat.json:
        typer.echo(render.as_json(result, ds.sample, pretty=to_terminal()), nl=False)
    else:
        console().print(render.view(result, ds))
    return EXIT_FINDINGS if strict and result.findings else EXIT_OK
