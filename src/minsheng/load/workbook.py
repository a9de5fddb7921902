"""Reading a workbook (.xlsx) that came back from a clerk, safely: its size and its zip's
entries checked before anything is unpacked, every XML part parsed with defusedxml (no DTD,
no entities, so no XML bomb) before openpyxl opens it, formulas told apart from values.

The cells come back as plain values; what they mean is ``views/report_import.py``'s business.
Imports openpyxl, so only ``minsheng import`` loads this module.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as parse_xml

from ..records import frozen
from ..write.atomic import reason

MAX_BYTES = 10 * 1024 * 1024  # a unit's workbook is tens of kilobytes
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # unpacked : packed, for parts of more than RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
XML_SUFFIXES = (".xml", ".rels", ".vml")

OLD_FORMATS = (".xls", ".xlt", ".et", ".ett")  # Excel 97–2003 and WPS 表格
SAVE_AS = "请另存为 .xlsx 后再导入"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and .et

CellValue = int | float | str | bool | date | datetime | time | None


class WorkbookError(Exception):
    """The file cannot be read as a workbook; the message says why, in Chinese."""


@frozen
class Cell:
    value: CellValue  # a formula's saved result when ``formula`` is set (None if none saved)
    formula: str | None = None  # what was typed, when the cell holds a formula
    number_format: str = "General"
    error: bool = False  # the cell shows an error value (#N/A, #DIV/0! …)


@dataclass
class Book:
    """The sheets of a workbook: cells by (row, column), 1-based, and whether each is hidden."""

    sheets: dict[str, dict[tuple[int, int], Cell]] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)


def read_workbook(path: Path) -> Book:
    """The cells of the workbook at ``path``; a :class:`WorkbookError` if it cannot be read."""
    if not path.exists():
        raise WorkbookError("文件不存在")
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        raise WorkbookError(f"这是旧版 Excel（.xls）或 WPS（.et）格式的文件，无法导入；{SAVE_AS}")
    if suffix != ".xlsx":
        what = f"扩展名是「{path.suffix}」" if path.suffix else "没有扩展名"
        raise WorkbookError(f"只能导入 .xlsx 工作簿，这个文件{what}；{SAVE_AS}")
    raw = _read(path)
    if raw.startswith(_OLE):
        raise WorkbookError(
            f"文件名是 .xlsx，内容却是旧版 Excel（.xls）或 WPS（.et）格式；{SAVE_AS}"
        )
    if not raw.startswith(_ZIP):
        raise WorkbookError(_DAMAGED)
    _check_parts(raw)
    return _cells(raw)


_DAMAGED = (
    "文件已损坏，不是有效的 .xlsx 工作簿；请在 Excel 或 WPS 中打开并重新保存，或重新生成后再填"
)


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise WorkbookError("文件不存在") from None
    except IsADirectoryError:
        raise WorkbookError("这是文件夹，不是工作簿") from None
    except OSError as exc:
        raise WorkbookError(f"无法读取文件：{reason(exc)}") from None
    if len(raw) > MAX_BYTES:
        raise WorkbookError(
            f"文件过大（超过 {MAX_BYTES // (1024 * 1024)} MB），不像单位的填报表；已拒绝读取"
        )
    return raw


def _check_parts(raw: bytes) -> None:
    """Zip limits first (nothing is unpacked yet), then every XML part parsed defused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise WorkbookError(_DAMAGED) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise WorkbookError(
                f"工作簿内部的文件过多（{len(members)} 个，上限 {MAX_MEMBERS} 个），不像单位的填报表；已拒绝读取"
            )
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES or any(
            _too_packed(m) for m in members
        ):
            raise WorkbookError(
                "工作簿解压后过大（可能是「压缩炸弹」），不像单位的填报表；已拒绝读取"
            )
        for member in members:
            if member.filename.lower().endswith(XML_SUFFIXES):
                _check_xml(member.filename, _unpack(archive, member))


def _too_packed(member: zipfile.ZipInfo) -> bool:
    if member.file_size > MAX_MEMBER_BYTES:
        return True
    packed = max(member.compress_size, 1)
    return member.file_size > RATIO_FLOOR and member.file_size / packed > MAX_RATIO


def _unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(member) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError):
        raise WorkbookError(_DAMAGED) from None
    if len(data) > MAX_MEMBER_BYTES:  # the zip's stated sizes were false
        raise WorkbookError("工作簿解压后过大（可能是「压缩炸弹」），不像单位的填报表；已拒绝读取")
    return data


def _check_xml(name: str, data: bytes) -> None:
    try:
        parse_xml(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise WorkbookError(
            f"工作簿内部的 {name} 含有 DTD 或实体声明（可能是「XML 炸弹」），已拒绝读取；"
            "Excel 和 WPS 保存的工作簿不会含有这些内容"
        ) from None
    except (ParseError, ValueError):
        raise WorkbookError(f"工作簿内部的 {name} 不是有效的 XML；{_DAMAGED}") from None


def _cells(raw: bytes) -> Book:
    with_formulas = _open(raw, values_only=False)
    book = Book()
    formulas = False
    for ws in with_formulas.worksheets:
        cells: dict[tuple[int, int], Cell] = {}
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                if cell.data_type == "f":
                    formulas = True
                    cells[(cell.row, cell.column)] = Cell(None, _formula(value), cell.number_format)
                else:
                    cells[(cell.row, cell.column)] = Cell(
                        value, None, cell.number_format, cell.data_type == "e"
                    )
        book.sheets[ws.title] = cells
        if ws.sheet_state != "visible":
            book.hidden.add(ws.title)
    if formulas:
        _saved_results(raw, book)
    return book


def _formula(value: Any) -> str:
    text = getattr(value, "text", value)  # an array formula keeps its text apart
    return str(text if text is not None else "")


def _saved_results(raw: bytes, book: Book) -> None:
    """Each formula's last calculated value, as the application saved it (openpyxl never
    calculates; a workbook saved by Excel, WPS or LibreOffice carries them)."""
    saved = _open(raw, values_only=True)
    for ws in saved.worksheets:
        cells = book.sheets.get(ws.title, {})
        for key, cell in list(cells.items()):
            if cell.formula is None:
                continue
            result = ws.cell(*key)
            value = result.value
            error = result.data_type == "e"
            cells[key] = Cell(value, cell.formula, cell.number_format, error)


def _open(raw: bytes, *, values_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # extensions openpyxl does not read: nothing of ours
            return load_workbook(
                io.BytesIO(raw), data_only=values_only, keep_links=False, rich_text=False
            )
    except Exception as exc:  # openpyxl's many ways of failing on a damaged file
        raise WorkbookError(f"{_DAMAGED}（{type(exc).__name__}）") from None
