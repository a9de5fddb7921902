"""What the office downloads: bulletins of every period and format, and the workbook — made
by the same core as ``minsheng bulletin`` and ``minsheng export``."""

from __future__ import annotations

from pathlib import Path

from ..compute.status import StatusReport
from ..dates import Period, parse_period
from ..load.dataset import Dataset
from ..records import frozen
from ..render.templating import environment, packaged_templates, render, scale, search_path
from ..views.bulletin import build_bulletin
from ..views.document import Document
from ..views.export_book import build_book
from ..views.sheets import Sheet
from ..views.tongbao import Kind as DocumentKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFERENCE = "reference.docx"


@frozen
class Kind:
    label: str
    media: str


KINDS = {
    "html": Kind("网页（HTML）", "text/html; charset=utf-8"),
    "md": Kind("Markdown", "text/markdown; charset=utf-8"),
    "docx": Kind(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": Kind("PDF", "application/pdf"),
}


class DownloadError(Exception):
    """A bulletin could not be made (a broken template, no browser for PDF): in Chinese."""


def periods(ds: Dataset) -> list[Period]:
    """The plan year's bulletin periods: the year, its first half, its quarters, its months."""
    year = ds.plan.year
    found = [parse_period(str(year)), parse_period(f"{year}H1")]
    found += [parse_period(f"{year}Q{q}") for q in range(1, 5)]
    found += [parse_period(f"{year}-{m:02d}") for m in range(1, 13)]
    return found


# The kinds of bulletin (``bulletin --kind``), as the download page names them.
DOCUMENTS = {kind.value: kind.label for kind in DocumentKind}


def documents(period: Period) -> list[str]:
    """The kinds of bulletin a period has: the assessment only for the year."""
    return [kind.value for kind in DocumentKind if kind.made_for(period.kind)]


def bulletin(
    data: Path, ds: Dataset, key: str, kind: str, browser: Path | None, document_kind: str
) -> bytes:
    """The bulletin of ``key`` (as at its period's end) of ``document_kind`` in the format
    ``kind``, as ``minsheng bulletin --kind document_kind`` makes it."""
    from ..render.sandbox import TemplateFailure
    from ..views.tongbao import Options, bulletin_document

    period = parse_period(key)
    content = build_bulletin(ds, period, period.end)
    document = bulletin_document(content, Options(DocumentKind(document_kind)))
    env = environment(search_path(None, data), confine_to=data.resolve().parent)
    scale(env, ds)
    try:
        if kind == "docx":
            return _docx(document, data)
        page = "html" if kind == "pdf" else kind
        text = render(env, f"bulletin.{page}.j2", b=content, doc=document, sample=content.sample)
    except TemplateFailure as exc:
        raise DownloadError(str(exc)) from None
    if kind == "pdf":
        return _pdf(text, browser)
    return text.encode("utf-8")


def _docx(document: Document, data: Path) -> bytes:
    from ..render.docx import as_docx
    from ..render.docx_reference import ReferenceError, read_reference

    folders = [f for f in search_path(None, data) if f != packaged_templates()]
    found = next((f / REFERENCE for f in folders if (f / REFERENCE).exists()), None)
    try:
        reference = read_reference(found) if found is not None else None
    except ReferenceError as exc:
        raise DownloadError(f"参考文档不可用：{exc}") from None
    return as_docx(document, reference).data


def _pdf(html: str, browser: Path | None) -> bytes:
    from ..render.pdf import PdfError, html_to_pdf

    if browser is None:
        raise DownloadError(
            "生成 PDF 需要 Chromium 或 Google Chrome，但服务器上没有找到；请下载 HTML 后在浏览器中打印为 PDF"
        )
    try:
        return html_to_pdf(html, browser)
    except PdfError as exc:
        raise DownloadError(str(exc)) from None


def workbook(report: StatusReport) -> bytes:
    from ..render.xlsx import as_xlsx

    return as_xlsx(build_book(report))


def duban_sheet(report: StatusReport) -> Sheet | None:
    """The 督办台账 of the workbook, where the data folder keeps one."""
    book = build_book(report)
    return next((s for s in book.sheets if s.key == "duban"), None)
