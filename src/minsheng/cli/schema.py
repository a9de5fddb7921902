"""``minsheng schema``: print or write the JSON Schema of the data files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import __version__
from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import usage_error
from .output import write_output

if TYPE_CHECKING:
    from ..models.schema import SchemaKind

SCHEMA_DIR = Path("schema")


class SchemaKindOption(StrEnum):
    projects = "projects"
    progress = "progress"
    office = "office"
    acceptance = "acceptance"
    action = "action"
    inspection = "inspection"


@app.command("schema", cls=Command)
def schema(
    kind: Annotated[
        SchemaKindOption | None,
        typer.Option(
            "--kind",
            help="projects（登记表）、progress（进展报告）、office（本办规则）、acceptance（验收记录）、"
            "action（督办事项）、inspection（督查记录）；不用 --check、--update 时必填",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="写入文件（默认打印到屏幕）", metavar="文件"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件")] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="检查文件夹中的 JSON Schema 文件是否与本版本一致（升级后是否过期）"
        ),
    ] = False,
    update: Annotated[
        bool, typer.Option("--update", help="把文件夹中的 JSON Schema 文件更新为本版本")
    ] = False,
    folder: Annotated[
        Path,
        typer.Option(
            "--dir", help="--check、--update 所用的文件夹（默认 schema）", metavar="文件夹"
        ),
    ] = SCHEMA_DIR,
) -> int:
    """输出数据文件的 JSON Schema，供编辑器自动补全和校验。"""
    from ..models.schema import json_schema

    if check or update:
        if kind is not None or output is not None:
            raise usage_error("--check、--update 检查或更新整个文件夹，不能与 --kind、-o 同用")
        return _update(folder) if update else _check(folder)
    if kind is None:
        raise usage_error("缺少必需的选项 --kind（或用 --check 检查 schema 文件夹）")
    text = json_schema(kind.value)
    if output is None:
        typer.echo(text, nl=False)
        return EXIT_OK
    return write_output(output, text, force, done=lambda path: f"已写入 {path}")


def _states(folder: Path) -> list[tuple[SchemaKind, Path, str]]:
    """Each schema file of ``folder`` with its state: current, stale or missing."""
    from ..models.schema import SCHEMA_FILES, json_schema

    found: list[tuple[SchemaKind, Path, str]] = []
    for kind, name in SCHEMA_FILES.items():
        path = folder / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            found.append((kind, path, "missing"))
            continue
        except (OSError, UnicodeDecodeError):
            text = ""
        found.append((kind, path, "current" if text == json_schema(kind) else "stale"))
    return found


def _check(folder: Path) -> int:
    """Exit 1 when a schema file there is out of date (or none is there at all)."""
    if not folder.is_dir():
        raise usage_error(f"文件夹「{folder}」不存在；请用 --dir 指定存放 JSON Schema 文件的文件夹")
    states = _states(folder)
    stale = [p for _, p, state in states if state == "stale"]
    present = [p for _, p, state in states if state != "missing"]
    for _, path, state in states:
        if state == "stale":
            typer.echo(f"{path}：已过期，与本版本（minsheng {__version__}）生成的不一致")
        elif state == "missing":
            typer.echo(f"{path}：没有这个文件（不使用可不管）")
    if not present:
        typer.echo(f"「{folder}」中没有 JSON Schema 文件。", err=True)
        return EXIT_FINDINGS
    if stale:
        typer.echo(
            f"有 {len(stale)} 个文件已过期；请运行 minsheng schema --update --dir {folder} 更新后提交。"
        )
        return EXIT_FINDINGS
    typer.echo(f"JSON Schema 文件都是最新的（minsheng {__version__}）。")
    return EXIT_OK


def _update(folder: Path) -> int:
    """Rewrite the schema files of ``folder`` that are stale or missing."""
    from ..models.schema import json_schema
    from ..write.atomic import WriteRefused, atomic_write, make_folder

    try:
        make_folder(folder)
        changed = 0
        for kind, path, state in _states(folder):
            if state != "current":
                atomic_write(path, json_schema(kind), force=True)
                typer.echo(f"已写入 {path}")
                changed += 1
    except (WriteRefused, OSError) as exc:
        typer.echo(f"未写入：{exc}", err=True)
        return EXIT_FINDINGS
    if not changed:
        typer.echo(f"JSON Schema 文件都是最新的（minsheng {__version__}），没有改动。")
    return EXIT_OK
