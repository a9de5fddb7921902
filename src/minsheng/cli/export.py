"""``minsheng export``: the status as an Excel workbook (汇总, 指标, 报送情况), or one table as CSV."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .app import EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    ForceOption,
    PreviousOption,
    load_previous,
    load_valid,
    parse_date,
    statistics_date,
    usage_error,
)
from .output import refuse_stdout, write_output


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


class SheetName(StrEnum):
    summary = "summary"
    indicators = "indicators"
    reports = "reports"
    duban = "duban"
    # the list's other dimensions, when the registry uses them
    details = "details"
    units = "units"
    groups = "groups"
    money = "money"
    areas = "areas"
    years = "years"


@app.command("export", cls=Command)
def export(
    data: DataOption = DEFAULT_DATA,
    output_format: Annotated[
        ExportFormat | None,
        typer.Option("--format", help="输出格式：xlsx 或 csv；默认按 -o 的扩展名，否则 xlsx"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="写入文件；不指定时 CSV 输出到屏幕，xlsx 写入当前文件夹的「重点民生实事-统计日期.xlsx」",
            metavar="文件",
        ),
    ] = None,
    force: ForceOption = False,
    sheet: Annotated[
        SheetName | None,
        typer.Option(
            "--sheet",
            help="导出哪张表为 CSV：summary（汇总）、indicators（指标）、reports（报送情况）；"
            "登记表写了相应内容时另有 details（项目信息）、units（单位信息）、groups（按层级和类别）、money（投资与资金）、"
            "areas（分地区）、years（跨年度累计）；有督办记录时另有 duban（督办台账）；"
            "给出时即为 CSV（不加 -o 时输出到屏幕）；默认 summary",
        ),
    ] = None,
    as_of: AsOfOption = None,
    previous: PreviousOption = None,
) -> int:
    """导出 Excel 工作簿（汇总、指标、报送情况，登记表和督办记录有相应内容时另有其他表）或其中一张表的 CSV。"""
    from ..compute.status import build_status
    from ..render.csv import as_csv
    from ..views.export_book import build_book

    given = parse_date(as_of) if as_of else None  # a bad date is told before reading any data
    # --sheet is a CSV table: without -o it goes to the screen like any CSV.
    kind = output_format or (
        _format_of(output) if output is not None or sheet is None else ExportFormat.csv
    )
    if kind is ExportFormat.xlsx and sheet is not None:
        raise usage_error("--sheet 只用于 CSV；xlsx 工作簿总是包含全部的表")
    if kind is ExportFormat.xlsx:
        refuse_stdout(output, "xlsx 工作簿是二进制文件，")
    ds = load_valid(data, date.today())
    day = statistics_date(given, ds, date.today())
    earlier = None
    if previous:
        from ..compute.years import year_ends

        earlier = year_ends(load_previous(previous, ds))
    book = build_book(build_status(ds, day), earlier)
    if kind is ExportFormat.csv:
        chosen = (sheet or SheetName.summary).value
        if chosen not in {s.key for s in book.sheets}:
            raise usage_error(
                "数据文件夹中没有督办记录（duban/ 或 office.yaml 的 escalation），没有督办台账"
                if chosen == SheetName.duban.value
                else f"这份数据没有「{chosen}」表：登记表中没有写相应的内容（层级、类别、单位类型和联系人、投资、分地区的目标或跨年度项目）"
            )
        content = as_csv(book.sheet(chosen), book.sample)
        if output is None:
            typer.echo(content, nl=False)
            return EXIT_OK
        return write_output(output, content, force, data=data)
    from ..render.xlsx import as_xlsx  # openpyxl: loaded only when a workbook is made

    path = output or Path(f"重点民生实事-{day.isoformat()}.xlsx")
    return write_output(path, as_xlsx(book), force, data=data)


def _format_of(output: Path | None) -> ExportFormat:
    suffix = output.suffix.lower() if output is not None else ""
    return ExportFormat.csv if suffix == ".csv" else ExportFormat.xlsx
