"""``minsheng bulletin``: the monthly 调度情况, the quarter's, half-year's or year's 通报, and the
other kinds made from the same facts (进展汇总表, 进度表, 公示, 年终考核结果), as Markdown, HTML,
Word or PDF."""

from __future__ import annotations

import os
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    DataOption,
    ForceOption,
    TemplatesOption,
    load_valid,
    parse_date,
    period_option,
    usage_error,
)
from .output import template_environment, template_errors, write_output

if TYPE_CHECKING:
    from ..views.document import Document


class BulletinFormat(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"


class BulletinKind(StrEnum):
    tongbao = "tongbao"
    table = "table"
    progress = "progress"
    public = "public"
    assessment = "assessment"


BINARY = (BulletinFormat.docx, BulletinFormat.pdf)
SUFFIXES = {".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
REFERENCE = "reference.docx"


@app.command("bulletin", cls=Command)
def bulletin(
    *,
    data: DataOption = DEFAULT_DATA,
    period: Annotated[
        str,
        typer.Option(
            "--period",
            help="通报期间：YYYY-MM（月度调度）、YYYYQn（季度通报）、YYYYH1（上半年）或 YYYY（全年）",
            metavar="期间",
        ),
    ],
    kind: Annotated[
        BulletinKind,
        typer.Option(
            "--kind",
            help="种类：tongbao（通报，默认）、table（进展汇总表）、progress（进度表）、"
            "public（公示，不含内部信息）、assessment（年终考核结果，只用于全年）",
        ),
    ] = BulletinKind.tongbao,
    issue: Annotated[
        int | None,
        typer.Option(
            "--issue",
            min=1,
            help="期号中的序号（如 21）；默认按 office.yaml 记录的，否则按期间推算",
            metavar="序号",
        ),
    ] = None,
    dated: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="成文日期 YYYY-MM-DD；默认按 office.yaml 记录的，否则为统计日期",
            metavar="日期",
        ),
    ] = None,
    output_format: Annotated[
        BulletinFormat | None,
        typer.Option(
            "--format",
            help="输出格式：md、html、docx（Word 草稿）或 pdf（经 Chromium 打印）；默认按 -o 的扩展名，否则 md",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="写入文件（不指定则输出到屏幕；docx 和 pdf 必须写入文件）",
            metavar="文件",
        ),
    ] = None,
    force: ForceOption = False,
    templates: TemplatesOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="统计日期 YYYY-MM-DD，须在期间之内；默认期间的最后一天", metavar="日期"
        ),
    ] = None,
    reference_docx: Annotated[
        Path | None,
        typer.Option(
            "--reference-docx",
            help="Word 参考文档：沿用其中的样式、页面设置、页眉页脚和版头；默认用模板文件夹中的 reference.docx（如有）",
            metavar="文件",
        ),
    ] = None,
    browser: Annotated[
        Path | None,
        typer.Option(
            "--browser",
            help="生成 PDF 所用的 Chromium 或 Chrome 程序；默认在 PATH 中查找",
            metavar="程序",
        ),
    ] = None,
) -> int:
    """生成通报：总体情况、存在问题、下步工作要求，附件为各表（Markdown、HTML、Word 或 PDF）；
    也可生成进展汇总表、进度表、公示和年终考核结果。"""
    from ..dates import PeriodError, check_as_of, check_in_plan
    from ..render.templating import render, scale
    from ..views.bulletin import build_bulletin
    from ..views.tongbao import Kind, Options, bulletin_document

    chosen = period_option(period)
    try:
        day = parse_date(as_of) if as_of else chosen.end
        check_as_of(chosen, day)
    except PeriodError as exc:
        raise usage_error(str(exc)) from None
    if not Kind(kind.value).made_for(chosen.kind):
        raise usage_error(f"年终考核结果（--kind assessment）只对全年，请用 --period {chosen.year}")
    signed = parse_date(dated, "--date") if dated else None
    fmt = output_format or _format_of(output)
    target = _check_options(fmt, output, reference_docx, browser)
    env = template_environment(templates, data)
    reference = _reference(reference_docx, templates, data) if fmt is BulletinFormat.docx else None
    ds = load_valid(data, date.today())
    try:
        check_in_plan(chosen, ds.plan.year)
    except PeriodError as exc:
        raise usage_error(str(exc)) from None
    content = build_bulletin(ds, chosen, day)
    document = bulletin_document(content, Options(Kind(kind.value), issue, signed))
    scale(env, ds)
    if fmt is BulletinFormat.docx and target is not None:
        return write_output(target, _docx(document, reference), force, data=data)
    with template_errors():
        page = BulletinFormat.html if fmt is BulletinFormat.pdf else fmt
        text = render(env, f"bulletin.{page}.j2", b=content, doc=document, sample=content.sample)
    if fmt is BulletinFormat.pdf and target is not None:
        return write_output(target, _pdf(text, browser), force, data=data)
    if output is None:
        typer.echo(text, nl=False)
        return EXIT_OK
    return write_output(output, text, force, data=data)


def _format_of(output: Path | None) -> BulletinFormat:
    suffix = output.suffix.lower() if output is not None else ""
    return BulletinFormat(SUFFIXES.get(suffix, "md"))


def _check_options(
    kind: BulletinFormat, output: Path | None, reference: Path | None, browser: Path | None
) -> Path | None:
    """Options that do not go together; a Word or PDF file needs a file to go to (returned)."""
    if reference is not None and kind is not BulletinFormat.docx:
        raise usage_error("--reference-docx 只用于 Word 输出（--format docx）")
    if browser is not None and kind is not BulletinFormat.pdf:
        raise usage_error("--browser 只用于 PDF 输出（--format pdf）")
    if kind not in BINARY:
        return None
    if output is None or str(output) == "-":
        raise usage_error(
            f"{kind.value} 是二进制文件，不能输出到屏幕；请用 -o 指定文件，例如 -o 通报.{kind.value}"
        )
    return output


def _reference(given: Path | None, templates: Path | None, data: Path) -> bytes | None:
    """The reference document: --reference-docx, else reference.docx in the templates folder."""
    from ..render.docx_reference import ReferenceError, read_reference
    from ..render.templating import packaged_templates, search_path

    found = given
    if found is None:
        folders = [f for f in search_path(templates, data) if f != packaged_templates()]
        found = next((f / REFERENCE for f in folders if (f / REFERENCE).exists()), None)
    if found is None:
        return None
    try:
        return read_reference(found)
    except ReferenceError as exc:
        typer.echo(f"参考文档不可用：{exc}", err=True)
        raise typer.Exit(EXIT_FINDINGS) from None


def _docx(document: Document, reference: bytes | None) -> bytes:
    from ..render.docx import as_docx  # python-docx: loaded only when a Word file is made

    written = as_docx(document, reference)
    if written.unused_placeholders:
        typer.echo(
            "提示：参考文档中有占位符，但没有只写「{正文}」的段落，未沿用其版头；"
            "如需沿用，请在版头之后单独一段写「{正文}」。",
            err=True,
        )
    return written.data


def _pdf(html: str, browser: Path | None) -> bytes:
    from ..render.pdf import PdfError, find_browser, html_to_pdf

    try:
        return html_to_pdf(html, find_browser(browser, os.environ.get("PATH")))
    except PdfError as exc:
        typer.echo(f"未生成 PDF：{exc}", err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
