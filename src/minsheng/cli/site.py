"""``minsheng site``: write the static site into a folder, replacing only what it wrote before."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ..write.atomic import WriteRefused
from .app import EXIT_FINDINGS, EXIT_OK, Command, app, shorten_quoted
from .common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    TemplatesOption,
    load_valid,
    parse_date,
    statistics_date,
)
from .output import (
    data_part,
    refuse_data_output,
    refuse_stdout,
    template_environment,
    template_errors,
)
from .progress import progress_bar


@app.command("site", cls=Command)
def site(
    *,
    data: DataOption = DEFAULT_DATA,
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="网站输出文件夹（不存在则新建）", metavar="文件夹"),
    ],
    as_of: AsOfOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="允许写入不是由 minsheng site 生成的非空文件夹（同名文件会被覆盖）"
        ),
    ] = False,
    templates: TemplatesOption = None,
) -> int:
    """生成静态网站：总览、各项目页面、截至统计日期的各期通报（HTML 和 Markdown）、数据 JSON。"""
    from ..render.site import MARKER, site_files
    from ..render.templating import scale
    from ..write.publish import publish

    refuse_stdout(output, "网站是一个文件夹，")
    day = parse_date(as_of) if as_of else None
    env = template_environment(templates, data)
    ds = load_valid(data, date.today())
    day = statistics_date(day, ds, date.today())
    scale(env, ds)
    refuse_data_output(output, data)
    # Pages are written as they are made; the site changes only once all of them are.
    try:
        with template_errors(), progress_bar("生成网站") as progress:
            done = publish(
                output,
                site_files(ds, day, env, progress),
                MARKER,
                force=force,
                keep=lambda p: bool(data_part(p, data)),
            )
    except WriteRefused as exc:
        typer.echo(shorten_quoted(f"未写入：{exc}"), err=True)
        return EXIT_FINDINGS
    note = f"，删除过时文件 {len(done.removed)} 个" if done.removed else ""
    typer.echo(f"已生成网站：{output}（{done.written} 个文件{note}）")
    return EXIT_OK
