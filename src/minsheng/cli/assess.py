"""``minsheng assess``: the year-end assessment (年终考核) of projects and responsible units."""

import re
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from .app import EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    DataOption,
    console,
    load_valid,
    parse_date,
    statistics_date,
    to_terminal,
    usage_error,
)


class AssessFormat(StrEnum):
    table = "table"
    json = "json"


def parse_year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise typer.BadParameter(
            f"「{text}」不是年度，应写成四位数字，例如 2022", param_hint="--year"
        )
    return int(text)


@app.command("assess", cls=Command)
def assess(
    data: DataOption = DEFAULT_DATA,
    year: Annotated[
        str | None,
        typer.Option(
            "--year", help="考核年度；须与 projects.yaml 中的计划年度一致", metavar="年度"
        ),
    ] = None,
    output_format: Annotated[
        AssessFormat, typer.Option("--format", help="输出格式：table（表格）或 json")
    ] = AssessFormat.table,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="考核日期 YYYY-MM-DD：完成情况和报送情况都按这一天计算；"
            "默认完成情况按计划年度的截止日期、报送情况按最后一期月报截止的次日计算",
            metavar="日期",
        ),
    ] = None,
) -> int:
    """年终考核：按登记表中的计分办法给每个项目和责任单位打分，并为责任单位排名。"""
    from ..compute.assess import assess as compute
    from ..compute.assess import assessment_day
    from ..compute.status import build_status
    from ..load.dataset import plan_due
    from ..render import assess as render

    day = parse_date(as_of) if as_of else None
    wanted = parse_year(year) if year is not None else None
    ds = load_valid(data, date.today())
    if wanted is not None and wanted != ds.plan.year:
        raise usage_error(
            f"数据中的计划年度是 {ds.plan.year} 年，不是 {year} 年；"
            f"请去掉 --year，或用 --data 指向 {year} 年的数据文件夹"
        )
    stats_day = statistics_date(day, ds, plan_due(ds.plan))
    result = compute(build_status(ds, stats_day), stats_day if day else assessment_day(ds))
    if output_format is AssessFormat.json:
        typer.echo(render.as_json(result, pretty=to_terminal()), nl=False)
    else:
        console().print(render.view(result, ds.plan.title))
    return EXIT_OK
