"""Options and helpers shared by the commands."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_USAGE

if TYPE_CHECKING:
    from ..load import LoadResult

DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        envvar="MINSHENG_DATA",
        help="数据文件夹（含 projects.yaml 和 progress/）",
        show_envvar=True,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="统计日期 YYYY-MM-DD；默认今天（超出计划年度时取年度的首日或末日）",
        metavar="日期",
    ),
]
DEFAULT_DATA = Path("data")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str, option: str = "--as-of") -> date:
    try:
        if not _DATE.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"「{text}」不是有效日期，应写成 YYYY-MM-DD，例如 2022-06-30", param_hint=option
        ) from None


def usage_error(message: str) -> typer.Exit:
    typer.echo(f"用法错误：{message}", err=True)
    return typer.Exit(EXIT_USAGE)


def load_data(data: Path, as_of: date) -> LoadResult:
    """Load the data folder; an unusable folder is a usage error (exit 2)."""
    from ..load import DataDirError, load

    try:
        return load(data, as_of)
    except DataDirError as exc:
        raise usage_error(str(exc)) from None
