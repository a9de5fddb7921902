"""``minsheng import``: filled-in workbooks back into validated progress files."""

from __future__ import annotations

import glob
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import DEFAULT_DATA, DataOption, load_valid

if TYPE_CHECKING:
    from ..views.report_import import Importer, Outcome

SHOWN_PROBLEMS = 10  # per workbook when several are imported; all of them for one
# What a folder of workbooks is searched for (old formats too: they are told to save as .xlsx).
WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".xlt", ".et", ".ett")


@dataclass
class _Tally:
    imported: int = 0
    skipped: int = 0
    refused: int = 0
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (text, as written: a file)

    def say(self, *lines: str) -> None:
        self.lines += [(line, False) for line in lines]

    def show_file(self, text: str) -> None:
        self.lines.append((text.rstrip("\n"), True))


@app.command("import", cls=Command)
def import_workbooks(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="填好的填报表（.xlsx），可写多个文件、通配符（如 *.xlsx）或文件夹",
            metavar="工作簿...",
            show_default=False,
        ),
    ],
    data: DataOption = DEFAULT_DATA,
    force: Annotated[
        bool, typer.Option("--force", help="数据文件夹中已有不同的报告时也覆盖")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只检查并显示将写入的内容，不写入任何文件")
    ] = False,
) -> int:
    """导入填好的填报表：检查无误的写成 progress/月份/单位.yaml，与 YAML 填报的报告完全相同。

    每个工作簿一行结果（已导入、已跳过或未导入及其问题）；有未导入的工作簿时退出码为 1。
    与数据文件夹中已有报告相同的跳过；不同的不覆盖，除非加 --force。
    """
    from ..views.report_import import Importer

    today = date.today()
    ds = load_valid(data, today)
    importer = Importer(ds, data, today)
    tally = _Tally()
    paths = _expand(files, tally)
    single = len(paths) == 1
    for path in paths:
        _one(importer, path, data, force, dry_run, single, tally)
    from ..render.problems import shown  # names and values from the workbooks stay on their line

    for line, as_written in tally.lines:
        typer.echo(line if as_written else shown(line))
    verb = "将导入" if dry_run else "导入"
    typer.echo(
        f"共 {tally.imported + tally.skipped + tally.refused} 个工作簿：{verb} {tally.imported} 个，"
        f"跳过 {tally.skipped} 个，未导入 {tally.refused} 个。"
    )
    return EXIT_FINDINGS if tally.refused else EXIT_OK


def _expand(files: list[Path], tally: _Tally) -> list[Path]:
    """Folders become their workbooks, a pattern the shell left alone (Windows) its matches;
    the lock files Excel and WPS leave beside an open workbook are passed over."""
    found: list[Path] = []
    for given in files:
        text = str(given)
        if given.is_dir():
            matches = sorted(p for p in given.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES)
            if not matches:
                tally.say(f"提示：文件夹「{given}」中没有工作簿")
        elif not given.exists() and glob.has_magic(text):
            matches = _matching(given)
            if not matches:
                tally.say(f"提示：没有与「{given}」相符的文件")
        else:
            matches = [given]
        for path in matches:
            if path.name.startswith("~$"):
                tally.say(f"已跳过：{path}（Excel 或 WPS 打开工作簿时留下的临时文件）")
            else:
                found.append(path)
    return found


def _matching(pattern: Path) -> list[Path]:
    if pattern.is_absolute():
        base, rest = Path(pattern.anchor), str(pattern.relative_to(pattern.anchor))
    else:
        base, rest = Path(), str(pattern)
    return sorted(base.glob(rest))


def _one(
    importer: Importer,
    path: Path,
    data: Path,
    force: bool,
    dry_run: bool,
    single: bool,
    tally: _Tally,
) -> None:
    from ..load.folder import display_path
    from ..load.workbook import WorkbookError, read_workbook
    from ..problems import CellProblem
    from ..views.report_import import Outcome

    shown = display_path(path)
    try:
        outcome = importer.read(read_workbook(path), shown)
    except WorkbookError as exc:
        outcome = Outcome(shown, problems=[CellProblem(shown, str(exc))])
    if not outcome.ok:
        _refused(outcome, f"{len(_errors(outcome))} 个问题", single, tally)
        return
    assert outcome.path is not None and outcome.loaded is not None and outcome.text is not None
    target = display_path(outcome.path)
    old = importer.existing(outcome.loaded.report.unit, outcome.loaded.report.month)
    if old is not None and old.report == outcome.loaded.report:
        tally.skipped += 1
        tally.say(f"已跳过：{shown}（与 {target} 中已有的报告相同）")
        return
    if old is not None and not force:
        _refused(outcome, f"{target} 中已有不同的报告；如确需覆盖，请加 --force", single, tally)
        return
    if not dry_run and not _write(outcome, data, replace=old is not None, tally=tally):
        return
    importer.accept(outcome)
    tally.imported += 1
    tally.say(f"{'将导入' if dry_run else '已导入'}：{shown} → {target}")
    tally.say(*(f"  提示：{p}" for p in outcome.problems))
    if dry_run:
        tally.show_file(outcome.text)


def _errors(outcome: Outcome) -> list[str]:
    return [str(p) for p in outcome.problems if p.is_error]


def _refused(outcome: Outcome, why: str, single: bool, tally: _Tally) -> None:
    tally.refused += 1
    tally.say(f"未导入：{outcome.workbook}（{why}）")
    errors = _errors(outcome) if why.endswith("个问题") else []
    shown = errors if single else errors[:SHOWN_PROBLEMS]
    tally.say(*(f"  {line}" for line in shown))
    if len(shown) < len(errors):
        tally.say(f"  ……另有 {len(errors) - len(shown)} 个问题（单独导入这个工作簿可看到全部）")


def _write(outcome: Outcome, data: Path, *, replace: bool, tally: _Tally) -> bool:
    from ..write.atomic import WriteRefused, atomic_write, ensure_folder

    assert outcome.path is not None and outcome.text is not None
    try:
        ensure_folder(outcome.path.parent, inside=data)
        atomic_write(outcome.path, outcome.text, force=replace)
    except WriteRefused as exc:
        tally.refused += 1
        tally.say(f"未导入：{outcome.workbook}（{exc}）")
        return False
    return True
