"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_USAGE, shorten_quoted

if TYPE_CHECKING:
    from rich.console import Console

    from ..dates import Period
    from ..load.dataset import Dataset
    from ..load.folder import LoadResult

DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        envvar="MINSHENG_DATA",
        help="数据文件夹（含 projects.yaml 和 progress/）",
        show_envvar=True,
        metavar="文件夹",
        # The loader says in Chinese what is wrong with the folder (click would in English).
        readable=False,
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
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="自定义模板文件夹，按文件名逐个覆盖内置模板；默认使用数据文件夹旁的 templates/（如有）",
        metavar="文件夹",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="覆盖已有的输出")]


class TableFormat(StrEnum):
    table = "table"
    json = "json"


TableFormatOption = Annotated[
    TableFormat, typer.Option("--format", help="输出格式：table（表格）或 json")
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
    from ..text.fmt import printable  # messages can quote names from the data

    typer.echo(f"用法错误：{printable(shorten_quoted(message))}", err=True)
    return typer.Exit(EXIT_USAGE)


def notice(message: str) -> None:
    """A remark on stderr about how an option was understood; the run goes on."""
    from ..text.fmt import printable

    typer.echo(f"提示：{printable(shorten_quoted(message))}", err=True)


def statistics_date(given: date | None, ds: Dataset, default: date) -> date:
    """统计日期: ``given``, or else ``default``, kept within the plan year (its first or last
    day when outside it). A date the user gave that had to be moved is told on stderr."""
    from ..load.dataset import plan_due, plan_start

    first, last = plan_start(ds.plan), plan_due(ds.plan)
    day = given or default
    kept = min(max(day, first), last)
    if given is not None and kept != given:
        notice(
            f"统计日期 {given.isoformat()} 不在计划年度（{first.isoformat()} 至 {last.isoformat()}）之内，"
            f"已按 {kept.isoformat()} 统计"
        )
    return kept


def period_option(text: str) -> Period:
    """``--period`` as a :class:`Period`; full-width digits and a lowercase q are read as
    meant, with a notice; anything else unusable is a usage error."""
    from ..dates import PeriodError, normalise_period, parse_period

    try:
        period = parse_period(normalise_period(text))
    except PeriodError as exc:
        raise usage_error(str(exc)) from None
    if period.key != text:
        notice(f"--period「{text}」已按「{period.key}」理解")
    return period


def cache_dir() -> Path | None:
    """Where the cache lives (MINSHENG_CACHE_DIR, XDG_CACHE_HOME, ~/.cache); None when
    MINSHENG_NO_CACHE is set or there is no home folder to put it in."""
    if os.environ.get("MINSHENG_NO_CACHE", "").lower() in ("1", "true", "yes"):
        return None
    explicit = os.environ.get("MINSHENG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "minsheng"
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no HOME and a uid without a passwd entry (CI containers)
        return None  # then every run reads the data afresh: slower, never wrong
    return home / ".cache" / "minsheng"


def load_data(data: Path, as_of: date) -> LoadResult:
    """Load the data folder; an unusable folder is a usage error (exit 2)."""
    from ..load.folder import DataDirError, load
    from .progress import progress_bar

    try:
        with progress_bar("读取数据") as progress:
            return load(data, as_of, cache_dir(), progress)
    except DataDirError as exc:
        raise usage_error(str(exc)) from None


def load_valid(data: Path, as_of: date) -> Dataset:
    """Load the data folder for a report; data errors are printed and end the run (exit 1)."""
    from ..render.problems import as_text

    result = load_data(data, as_of)
    if not result.ok or result.dataset is None:
        errors = [p for p in result.problems if p.is_error]
        typer.echo(as_text(errors, result.files), err=True, nl=False)
        typer.echo(
            "数据有错误，无法统计；请先按上面的提示修正（可运行 minsheng check 查看全部问题）。",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)
    return result.dataset


def console() -> Console:
    """A console for stdout: colour only on a terminal and when NO_COLOR is not set."""
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        # Piped into a file or a log: as wide as the content needs, one table row per line.
        out.width = PIPED_WIDTH
    return out


PIPED_WIDTH = 10_000


def print_view(view: object) -> None:
    """Print a view of ``status``: piped, the plain text the view writes itself (the bytes rich
    would print, without importing rich); on a terminal, or what only rich can lay out,
    through rich."""
    import sys

    width = plain_width()
    if width is not None:
        from ..render.styled import plain

        text = plain(view, width)
        if text is not None:
            sys.stdout.write(text)
            return
    console().print(view)


def plain_width() -> int | None:
    """The width :func:`console` prints at when it prints neither colour nor control codes
    (stdout is not a terminal by rich's rules: ``TTY_COMPATIBLE``, ``FORCE_COLOR``, isatty),
    or None when rich must decide (a terminal, Windows' console, a non-UTF encoding)."""
    import sys

    env = os.environ
    compatible = env.get("TTY_COMPATIBLE", "")
    if compatible == "1" or sys.platform == "win32":
        return None
    if compatible != "0" and "FORCE_COLOR" in env:
        if env["FORCE_COLOR"] != "":
            return None
    elif compatible != "0" and _isatty(sys.stdout):
        return None
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    if not encoding.startswith("utf"):
        return None  # rich would draw the tables in ASCII
    columns = env.get("COLUMNS")
    if columns is None:
        return PIPED_WIDTH
    return int(columns) if columns.isdigit() and int(columns) >= 20 else None


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return False if isatty is None else bool(isatty())
    except ValueError:  # a closed stream, as rich reads it
        return False


def to_terminal() -> bool:
    """Whether stdout is a person's terminal (not a pipe, a file or a test runner)."""
    import sys

    return sys.stdout.isatty()


PreviousOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--previous",
        help="以前年度的数据文件夹（可写多次），用于接续实施和多年项目的跨年度累计",
        metavar="文件夹",
    ),
]


def load_previous(folders: list[Path] | None, ds: Dataset) -> dict[int, Dataset]:
    """The earlier years' data folders by plan year (--previous); each must load cleanly."""
    found: dict[int, Dataset] = {}
    for folder in folders or ():
        earlier = load_valid(folder, date.max)
        year = earlier.plan.year
        if year >= ds.plan.year:
            raise usage_error(
                f"--previous 给出的「{folder}」是 {year} 年度的数据，应早于本年度（{ds.plan.year}）"
            )
        if year in found:
            raise usage_error(f"--previous 给出了两个 {year} 年度的数据文件夹")
        found[year] = earlier
    return found
