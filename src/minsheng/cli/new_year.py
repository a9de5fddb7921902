"""``minsheng new-year``: start next year's data folder from this year's."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import load_valid, usage_error


@app.command("new-year", cls=Command)
def new_year(
    source: Annotated[
        Path,
        typer.Option("--from", help="本年度的数据文件夹（含 projects.yaml）", metavar="文件夹"),
    ],
    year: Annotated[
        int, typer.Option("--year", help="新的计划年度", metavar="年度", min=2000, max=2100)
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="新年度的数据文件夹（不存在时新建；已有内容时拒绝）",
            metavar="文件夹",
        ),
    ],
) -> int:
    """由本年度的登记表开始新年度：未完成的项目带着剩余任务接续实施，已完成的不再列入，单位和规则照旧。"""
    from ..load.layout import OFFICE_FILE, PROGRESS_DIR, REGISTRY_FILE
    from ..views.new_year import next_year
    from ..write.atomic import WriteRefused, atomic_write, make_folder

    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise usage_error(f"「{output}」已存在且不是空文件夹；请指定一个新的文件夹")
    ds = load_valid(source, date.max)
    if year <= ds.plan.year:
        raise usage_error(f"新的年度（{year}）应晚于「{source}」的计划年度 {ds.plan.year}")
    text, carried, done = next_year(ds, year)
    try:
        make_folder(output / PROGRESS_DIR)
        atomic_write(output / REGISTRY_FILE, text)
        atomic_write(output / PROGRESS_DIR / ".gitkeep", "")
        office = source / OFFICE_FILE
        if office.is_file():
            atomic_write(output / OFFICE_FILE, office.read_bytes())
    except (WriteRefused, OSError) as exc:
        typer.echo(f"未写完：{exc}", err=True)
        return EXIT_FINDINGS
    typer.echo(
        f"已生成 {output / REGISTRY_FILE}：{ds.plan.year} 年度未完成的 {carried} 个项目接续实施，"
        f"已完成的 {done} 个不再列入。"
    )
    if (source / OFFICE_FILE).is_file():
        typer.echo(
            f"已复制 {OFFICE_FILE}：其中的休息日、免报和正当理由是上一年度的，请按新年度修改。"
        )
    typer.echo(f"请按新的通知补充新年度的项目，然后运行 minsheng check --data {output}。")
    return EXIT_OK
