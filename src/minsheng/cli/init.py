"""``minsheng init``: start a county's data repository (from the notice's table, if given)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import usage_error


@app.command("init", cls=Command)
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            help="新建的数据仓库文件夹（不存在时新建；已有内容时拒绝）", metavar="文件夹"
        ),
    ],
    from_table: Annotated[
        Path | None,
        typer.Option(
            "--from-table",
            help="通知附件的表格（.xlsx、.csv 或 .docx：序号、项目名称、责任单位、目标任务），据此生成登记表",
            metavar="文件",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="计划年度；默认取表格表头中的年度（如「2022年工作目标任务」），再没有则为今年",
            metavar="年度",
            min=2000,
            max=2100,
        ),
    ] = None,
    county: Annotated[
        str, typer.Option("--county", help="县（区）名称，写入标题和说明", metavar="名称")
    ] = "本县",
) -> int:
    """新建一个县的数据仓库：登记表骨架（或由通知表格生成）、报告文件夹、schema、提交前检查、CI 和填报指南。"""
    from ..load.table import TableError, read_table
    from ..views.county import from_table as registry_from_table
    from ..views.county import repository, skeleton
    from ..write.atomic import WriteRefused, atomic_write, make_folder

    _refuse_non_empty(folder)
    if from_table is not None:
        try:
            table = read_table(from_table)
        except TableError as exc:
            typer.echo(f"无法读取表格：{exc}", err=True)
            return EXIT_FINDINGS
        chosen = year or table.year or date.today().year
        registry = registry_from_table(table, chosen, county)
        found = f"（由表格生成 {len(table.rows)} 个项目，候选指标待核对）"
    else:
        chosen = year or date.today().year
        registry = skeleton(chosen, county)
        found = "（样例骨架，请按通知改写）"
    try:
        for item in repository(registry, chosen, county):
            path = folder / item.path
            make_folder(path.parent)
            atomic_write(path, item.text)
    except (WriteRefused, OSError) as exc:
        typer.echo(f"未写完：{exc}", err=True)
        return EXIT_FINDINGS
    typer.echo(f"已新建数据仓库 {folder}{found}")
    typer.echo(
        f"下一步：cd {folder} && git init && minsheng check，然后按 README.md 和 填报指南.md 操作。"
    )
    return EXIT_OK


def _refuse_non_empty(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise usage_error(f"「{folder}」已存在且不是文件夹")
    if folder.is_dir() and any(folder.iterdir()):
        raise usage_error(
            f"文件夹「{folder}」不是空的；minsheng init 只在新的或空的文件夹中新建数据仓库"
        )
