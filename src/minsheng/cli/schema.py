"""``minsheng schema``: print or write the JSON Schema of the data files."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app


class SchemaKindOption(StrEnum):
    projects = "projects"
    progress = "progress"
    office = "office"
    acceptance = "acceptance"


@app.command("schema", cls=Command)
def schema(
    kind: Annotated[
        SchemaKindOption,
        typer.Option(
            "--kind",
            help="projects（登记表）、progress（进展报告）、office（本办规则）、acceptance（验收记录）",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="写入文件（默认打印到屏幕）", metavar="文件"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件")] = False,
) -> int:
    """输出数据文件的 JSON Schema，供编辑器自动补全和校验。"""
    from ..models.schema import json_schema
    from ..write.atomic import WriteRefused, atomic_write

    text = json_schema(kind.value)
    if output is None:
        typer.echo(text, nl=False)
        return EXIT_OK
    try:
        atomic_write(output, text, force=force)
    except WriteRefused as exc:
        typer.echo(f"未写入：{exc}", err=True)
        return EXIT_FINDINGS
    typer.echo(f"已写入 {output}")
    return EXIT_OK
