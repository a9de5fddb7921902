"""``minsheng new-report``: start a unit's progress file for a month, or its fill-in workbook."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import DEFAULT_DATA, DataOption, load_valid, usage_error
from .output import refuse_data_output, refuse_stdout, write_output

if TYPE_CHECKING:
    from ..load.dataset import Dataset


class ReportFormat(StrEnum):
    yaml = "yaml"
    xlsx = "xlsx"


@app.command("new-report", cls=Command)
def new_report(
    *,
    data: DataOption = DEFAULT_DATA,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="责任单位名称（与 projects.yaml 中一致）", metavar="单位"),
    ] = None,
    month: Annotated[
        str | None, typer.Option("--month", help="报告月份 YYYY-MM", metavar="月份")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="报送期：季度报送的写 YYYYQn（如 2022Q2），也可写月份",
            metavar="期间",
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            help="yaml（写入数据文件夹的 progress/月份/单位.yaml）或 xlsx（给不用 YAML 的填报人员的 Excel/WPS 填报表，填好后用 minsheng import 导入）",
        ),
    ] = ReportFormat.yaml,
    all_units: Annotated[
        bool,
        typer.Option(
            "--all-units",
            help="为该月应报送的每个单位各生成一份填报表（须 --format xlsx 和 -o 文件夹）",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="填报表写到哪里（只用于 xlsx）：文件；--all-units 时为文件夹。默认写入当前文件夹，文件名为「单位-月份.xlsx」，不能写入 progress/ 等数据文件",
            metavar="路径",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的报告文件或填报表")] = False,
) -> int:
    """生成某单位某月的进展报告文件，预填最近一次报送的数值和状态，核对填写后提交即可。

    加 --format xlsx 则生成同样预填的 Excel/WPS 填报表，填好后用 minsheng import 导入。
    """
    from ..views.new_report import NewReportError, month_of_period

    xlsx = output_format is ReportFormat.xlsx
    _check_options(unit, month, period, all_units, xlsx, output)
    today = date.today()
    ds = load_valid(data, today)
    if all_units:
        assert output is not None
        return _all_workbooks(ds, data, month or _period_month(period or ""), output, force, today)
    assert unit is not None
    try:
        month = month or month_of_period(ds, unit, period or "")
    except NewReportError as exc:
        raise usage_error(str(exc)) from None
    if xlsx:
        return _workbook(ds, data, unit, month, output, force, today)
    return _yaml(ds, data, unit, month, force, today)


def _check_options(
    unit: str | None,
    month: str | None,
    period: str | None,
    all_units: bool,
    xlsx: bool,
    output: Path | None,
) -> None:
    if unit is None and not all_units:
        raise usage_error("缺少必需的选项 --unit（或用 --all-units 为每个单位各生成一份填报表）")
    if unit is not None and all_units:
        raise usage_error("--unit 和 --all-units 只能写一个")
    if month is None and period is None:
        raise usage_error(
            "缺少必需的选项 --month（月份 YYYY-MM；按季度报送的也可写 --period YYYYQn）"
        )
    if month is not None and period is not None:
        raise usage_error("--month 和 --period 只能写一个")
    if all_units and not xlsx:
        raise usage_error("--all-units 只用于 --format xlsx")
    if output is not None and not xlsx:
        raise usage_error(
            "-o 只用于 --format xlsx；YAML 报告总是写入数据文件夹的 progress/月份/单位.yaml"
        )
    refuse_stdout(output, "填报表是 xlsx 工作簿，")
    if all_units and output is None:
        raise usage_error("--all-units 需要用 -o 指定存放填报表的文件夹")


def _period_month(text: str) -> str:
    from ..dates import PeriodError, PeriodKind, parse_period

    try:
        period = parse_period(text)
    except PeriodError as exc:
        raise usage_error(str(exc)) from None
    if period.kind is PeriodKind.YEAR:
        raise usage_error(f"「{text}」是全年；请写月份 YYYY-MM 或季度 YYYYQn")
    return period.end.strftime("%Y-%m")


def _yaml(ds: Dataset, data: Path, unit: str, month: str, force: bool, today: date) -> int:
    from ..views.new_report import NewReportError, render, report_path
    from ..write.atomic import WriteRefused, atomic_write, ensure_folder

    try:
        path = report_path(data, ds, unit, month)
    except NewReportError as exc:
        raise usage_error(str(exc)) from None
    try:
        ensure_folder(path.parent, inside=data)
        atomic_write(path, render(ds, unit, month, today), force=force)
    except WriteRefused as exc:
        typer.echo(f"未写入：{exc}", err=True)
        return EXIT_FINDINGS
    typer.echo(str(path))
    return EXIT_OK


def _workbook(
    ds: Dataset, data: Path, unit: str, month: str, output: Path | None, force: bool, today: date
) -> int:
    from ..views.new_report import NewReportError, report_path

    try:
        report_path(data, ds, unit, month)  # the unit and month are the registry's
    except NewReportError as exc:
        raise usage_error(str(exc)) from None
    path = output or Path(workbook_name(unit, month))
    return EXIT_OK if _write_workbook(ds, data, unit, month, path, force, today) else EXIT_FINDINGS


def _all_workbooks(
    ds: Dataset, data: Path, month: str, folder: Path, force: bool, today: date
) -> int:
    """One workbook per unit that owes a report for ``month`` (not those exempted)."""
    from ..write.atomic import WriteRefused, make_folder

    units = [
        u
        for u in ds.responsible_units
        if (owed := ds.schedule.find(u, month)) is not None and owed.exempt is None
    ]
    if not units:
        raise usage_error(f"{month} 没有应报送的单位；请检查 --month 或 --period")
    refuse_data_output(folder, data)
    try:
        make_folder(folder)
    except WriteRefused as exc:
        typer.echo(f"未写入：{exc}", err=True)
        return EXIT_FINDINGS
    written = [
        _write_workbook(ds, data, unit, month, folder / workbook_name(unit, month), force, today)
        for unit in units
    ]
    return EXIT_OK if all(written) else EXIT_FINDINGS


def workbook_name(unit: str, month: str) -> str:
    """ "县教委-2022-06.xlsx"."""
    return f"{unit}-{month}.xlsx"


def _write_workbook(
    ds: Dataset, data: Path, unit: str, month: str, path: Path, force: bool, today: date
) -> bool:
    # openpyxl is loaded only when a workbook is made.
    from ..render.report_workbook import as_workbook
    from ..views.report_form import build_form

    book = as_workbook(build_form(ds, unit, month, today), today)
    return write_output(path, book, force, data=data) == EXIT_OK
