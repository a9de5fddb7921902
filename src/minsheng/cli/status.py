"""``minsheng status``: where every project stands."""

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from .app import EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    console,
    load_valid,
    parse_date,
    statistics_date,
    to_terminal,
    usage_error,
)


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command(cls=Command)
def status(
    data: DataOption = DEFAULT_DATA,
    as_of: AsOfOption = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="只看某个责任单位", metavar="单位")
    ] = None,
    project: Annotated[
        int | None,
        typer.Option("--project", help="查看某个项目的指标、清单项和月度进展", metavar="序号"),
    ] = None,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", help="输出格式：table（表格）、json、csv")
    ] = StatusFormat.table,
) -> int:
    """项目进展一览：完成率、序时进度、状态（正常/滞后）和报送情况。"""
    from ..compute.status import build_status, for_project, for_unit
    from ..render import status_json
    from ..text.fmt import same_looking

    given = parse_date(as_of) if as_of else None  # a bad date is told before reading any data
    ds = load_valid(data, date.today())
    day = statistics_date(given, ds, date.today())
    report = build_status(ds, day)
    if unit is not None:
        if unit not in ds.responsible_units:
            raise usage_error(
                f"没有名为「{unit}」的责任单位{same_looking(unit, ds.responsible_units)}；"
                f"可选：{'、'.join(ds.responsible_units)}"
            )
        report = for_unit(report, unit)
    if project is not None:
        if project not in ds.projects:
            raise usage_error(
                f"没有序号为 {project} 的项目；可选：{min(ds.projects)}–{max(ds.projects)}"
            )
        report = for_project(report, project)
    if output_format is StatusFormat.json:
        typer.echo(
            status_json.as_json(report, history=project is not None, pretty=to_terminal()), nl=False
        )
    elif output_format is StatusFormat.csv:
        typer.echo(status_json.as_csv(report), nl=False)
    else:
        from ..render import terminal

        view = (
            terminal.project_view(report) if project is not None else terminal.status_view(report)
        )
        console().print(view)
    return EXIT_OK
