"""``minsheng new-report``: start a unit's progress file for a month."""

from datetime import date
from typing import Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import DEFAULT_DATA, DataOption, load_valid, usage_error


@app.command("new-report", cls=Command)
def new_report(
    *,
    data: DataOption = DEFAULT_DATA,
    unit: Annotated[
        str, typer.Option("--unit", help="责任单位名称（与 projects.yaml 中一致）", metavar="单位")
    ],
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
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的报告文件")] = False,
) -> int:
    """生成某单位某月的进展报告文件，预填最近一次报送的数值和状态，核对填写后提交即可。"""
    from ..views.new_report import NewReportError, month_of_period, render, report_path
    from ..write.atomic import WriteRefused, atomic_write, ensure_folder

    if month is None and period is None:
        raise usage_error(
            "缺少必需的选项 --month（月份 YYYY-MM；按季度报送的也可写 --period YYYYQn）"
        )
    if month is not None and period is not None:
        raise usage_error("--month 和 --period 只能写一个")
    today = date.today()
    ds = load_valid(data, today)
    try:
        month = month or month_of_period(ds, unit, period or "")
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
