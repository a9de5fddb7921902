"""``minsheng new-duban``: start a 督办 action file from a suggestion, and its 督办函."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    ForceOption,
    load_valid,
    parse_date,
    usage_error,
)

if TYPE_CHECKING:
    from ..load.dataset import Dataset
    from ..views.duban import ActionRow


class NewDubanFormat(StrEnum):
    yaml = "yaml"
    docx = "docx"


@app.command("new-duban", cls=Command)
def new_duban(
    data: DataOption = DEFAULT_DATA,
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help="督办建议编号（minsheng duban 列出的）；已有督办事项的编号只用于 --format docx",
            metavar="编号",
        ),
    ] = "",
    issued: Annotated[
        str | None,
        typer.Option("--issued", help="下发日期 YYYY-MM-DD；默认今天", metavar="日期"),
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        NewDubanFormat,
        typer.Option("--format", help="yaml（督办事项文件）或 docx（另外生成督办函 Word 文档）"),
    ] = NewDubanFormat.yaml,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="督办函写入的文件（docx）；默认为当前文件夹的「督办函-编号.docx」",
            metavar="文件",
        ),
    ] = None,
    force: ForceOption = False,
) -> int:
    """生成督办事项文件（duban/actions/下发日期-单位-序号.yaml），按督办建议预填；加 --format docx 另外生成督办函。"""
    from ..compute.status import build_status, default_as_of
    from ..views.duban import duban_view
    from ..write.atomic import WriteRefused, atomic_write, ensure_folder

    if not source:
        raise usage_error("缺少必需的选项 --from（督办建议编号，minsheng duban 列出的）")
    if output is not None and output_format is not NewDubanFormat.docx:
        raise usage_error("-o 只用于督办函（--format docx）；督办事项文件总是写入 duban/actions/")
    today = date.today()
    day = parse_date(issued, "--issued") if issued else today
    given = parse_date(as_of) if as_of else None
    ds = load_valid(data, today)
    view = duban_view(build_status(ds, given or default_as_of(ds, today)))
    existing = next((a for a in view.actions if a.id == source), None)
    if existing is not None:
        if output_format is not NewDubanFormat.docx:
            raise usage_error(f"督办事项「{source}」已经存在；要为它生成督办函，请加 --format docx")
        return _letter(ds, existing, output, force)
    found = next((s for s in view.suggestions if s.id == source), None)
    if found is None:
        known = "、".join(s.id for s in view.suggestions) or "无"
        raise usage_error(
            f"截至 {view.as_of} 没有编号为「{source}」的督办建议（当前的建议：{known}）；"
            "请用 minsheng duban 查看建议编号，或用 --as-of 指定列出它的统计日期"
        )
    from ..views.new_duban import action_path, render

    path = action_path(data, found.unit, day)
    action_id = path.name.removesuffix(".yaml")
    try:
        ensure_folder(path.parent, inside=data)
        atomic_write(path, render(ds, found, action_id, day), force=force)
    except WriteRefused as exc:
        typer.echo(f"未写入：{exc}", err=True)
        return EXIT_FINDINGS
    typer.echo(str(path))
    if output_format is NewDubanFormat.docx:
        from ..views.duban import draft_row

        return _letter(ds, draft_row(ds, found, action_id, day), output, force)
    return EXIT_OK


def _letter(ds: Dataset, row: ActionRow, output: Path | None, force: bool) -> int:
    """The 督办函 as a Word document (python-docx is loaded only here)."""
    from ..render.docx import as_docx
    from ..render.duban_document import letter_document
    from .output import write_output

    target = output or Path(f"督办函-{row.id}.docx")
    return write_output(target, as_docx(letter_document(ds, row)).data, force)
