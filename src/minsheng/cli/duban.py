"""``minsheng duban``: the 督办 ledger at a date — suggestions, overdue, closed, 回头看."""

from datetime import date
from typing import Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    TableFormat,
    TableFormatOption,
    console,
    load_valid,
    parse_date,
    to_terminal,
)


@app.command("duban", cls=Command)
def duban(
    data: DataOption = DEFAULT_DATA,
    as_of: AsOfOption = None,
    output_format: TableFormatOption = TableFormat.table,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="有已触发但未督办的规则、或逾期未回复的督办事项时退出码为 1（用于 CI）"
        ),
    ] = False,
) -> int:
    """督办台账：已触发的督办规则（建议）、逾期未回复和在办的督办事项、本期办结、到期的回头看。

    建议编号可交给 minsheng new-duban --from 生成督办事项文件。
    """
    from ..compute.status import build_status, default_as_of
    from ..render import duban as render
    from ..views.duban import duban_view

    given = parse_date(as_of) if as_of else None  # a bad date is told before reading any data
    ds = load_valid(data, date.today())
    day = given or default_as_of(ds, date.today())
    view = duban_view(build_status(ds, day))
    if output_format is TableFormat.json:
        typer.echo(render.as_json(view, pretty=to_terminal()), nl=False)
    else:
        console().print(render.view(view, ds.plan.title))
    return EXIT_FINDINGS if strict and view.findings else EXIT_OK
