"""The notice's attachment as a table — 序号 / 项目名称 / 责任单位 / 目标任务 — read from an Excel
workbook, a CSV file or a Word document (``init --from-table``), and the figures of each
target text as candidate indicators (待核对) for a person to confirm.

openpyxl and python-docx are imported only for their own formats.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..records import frozen

MAX_TABLE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5000
SUFFIXES = (".xlsx", ".csv", ".docx")

# Header words: a cell whose text contains one of them names the column.
HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号"),
    "name": ("项目名称", "实事名称", "项目"),
    "units": ("责任单位", "牵头单位", "承办单位"),
    "text": ("目标任务", "工作目标", "主要内容", "任务"),
}
_YEAR = re.compile(r"((?:19|20)\d{2})年")


class TableError(Exception):
    """The file cannot be read as the notice's table (told in Chinese)."""


@frozen
class TableRow:
    """One project of the table, as written there."""

    number: int
    name: str
    units: tuple[str, ...]
    text: str
    category: str | None  # the 分类标题行 above it, when the table has them
    line: int  # the row's number in the file (1-based), for messages


@frozen
class NoticeTable:
    rows: tuple[TableRow, ...]
    year: int | None  # from a header such as «2022年工作目标任务»
    categories: tuple[str, ...]


def read_table(path: Path) -> NoticeTable:
    """The projects of the table in ``path`` (.xlsx, .csv or .docx)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise TableError(
            f"「{path.name}」不是 .xlsx、.csv 或 .docx 文件；请把通知的附件表格另存为其中一种格式"
        )
    try:
        size = path.stat().st_size
    except OSError:
        raise TableError(f"无法读取「{path}」：文件不存在或没有权限") from None
    if size > MAX_TABLE_BYTES:
        raise TableError(f"「{path.name}」过大（上限 {MAX_TABLE_BYTES // 1024 // 1024} MB）")
    readers = {".xlsx": _xlsx_rows, ".csv": _csv_rows, ".docx": _docx_rows}
    return parse_rows(readers[suffix](path), path.name)


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise TableError(f"「{path.name}」的编码无法识别；请另存为 UTF-8 编码的 CSV")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _xlsx_rows(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TableError(
            f"「{path.name}」不是有效的 Excel 工作簿（{type(exc).__name__}）"
        ) from None
    try:
        for sheet in book.worksheets:
            rows = [
                ["" if v is None else _cell_text(v) for v in row]
                for row in sheet.iter_rows(values_only=True)
            ]
            if _header_at(rows) is not None:
                return rows
        return []
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _docx_rows(path: Path) -> list[list[str]]:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise TableError(f"「{path.name}」不是有效的 Word 文档（{type(exc).__name__}）") from None
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if _header_at(rows) is not None:
            return rows
    return []


def _header_at(rows: Sequence[Sequence[str]]) -> tuple[int, dict[str, int]] | None:
    """The header row's index and the column of each field, when there is one."""
    for index, row in enumerate(rows[:50]):
        columns: dict[str, int] = {}
        for field, words in HEADERS.items():
            for col, cell in enumerate(row):
                text = "".join(str(cell).split())
                if col not in columns.values() and any(w in text for w in words):
                    columns.setdefault(field, col)
                    break
        if len(columns) == len(HEADERS):
            return index, columns
    return None


def parse_rows(rows: Sequence[Sequence[str]], name: str) -> NoticeTable:
    """The projects of a table given as rows of cell texts (header row first)."""
    found = _header_at(rows)
    if found is None:
        raise TableError(
            f"「{name}」中没有找到表头：需要一行写有「序号」「项目名称」「责任单位」「目标任务」四列"
        )
    start, columns = found
    header = rows[start][columns["text"]]
    year_match = _YEAR.search(str(header))
    projects: list[TableRow] = []
    categories: list[str] = []
    category: str | None = None
    for offset, row in enumerate(rows[start + 1 : start + 1 + MAX_ROWS], start=start + 2):
        cells = {f: _at(row, c) for f, c in columns.items()}
        if not any(cells.values()):
            continue
        number = cells["number"]
        if number.isdigit():
            projects.append(
                TableRow(
                    int(number),
                    _one_line(cells["name"]),
                    split_units(cells["units"]),
                    cells["text"].strip(),
                    category,
                    offset,
                )
            )
        elif projects and not number and not cells["name"]:
            projects[-1] = _continued(projects[-1], cells)  # a cell wrapped onto a new row
        else:  # 分类标题行: «一、教育（5件）» across the table
            category = _category(row)
            if category:
                categories.append(category)
    if not projects:
        raise TableError(f"「{name}」的表头下面没有以序号（1、2、3……）开头的项目行")
    _unique_numbers(projects, name)
    year = int(year_match[1]) if year_match else None
    return NoticeTable(tuple(projects), year, tuple(dict.fromkeys(categories)))


def _at(row: Sequence[str], col: int) -> str:
    return str(row[col]).strip() if col < len(row) and row[col] is not None else ""


def _one_line(text: str) -> str:
    return "".join(part.strip() for part in text.splitlines())


def split_units(text: str) -> tuple[str, ...]:
    """ "县供销社\\n县商务委", "县供销社、县商务委" → each unit once, in order (the first leads)."""
    parts = re.split(r"[\n、，,；;／/ \t　]+", text)
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _continued(row: TableRow, cells: dict[str, str]) -> TableRow:
    units = (*row.units, *(u for u in split_units(cells["units"]) if u not in row.units))
    text = "\n".join(t for t in (row.text, cells["text"]) if t)
    return TableRow(row.number, row.name, units, text, row.category, row.line)


_ORDINAL = re.compile(r"^[（(]?[一二三四五六七八九十]+[)）、.．]\s*")
_COUNT = re.compile(r"[（(][^（）()]*[件项个][^（）()]*[)）]$")


def _category(row: Sequence[str]) -> str | None:
    """A category row's name: «一、教育类（5件）» → «教育类»."""
    texts = [str(c).strip() for c in row if str(c).strip()]
    if not texts:
        return None
    name = _COUNT.sub("", _ORDINAL.sub("", texts[0])).strip()
    return name or None


def _unique_numbers(rows: Iterable[TableRow], name: str) -> None:
    seen: dict[int, int] = {}
    for row in rows:
        if row.number in seen:
            raise TableError(
                f"「{name}」第 {row.line} 行：序号 {row.number} 与第 {seen[row.number]} 行重复"
            )
        seen[row.number] = row.line


# ---- candidate indicators ------------------------------------------------------------------

# Measure words after a figure, longest first; a figure followed by none of them gets a
# unit to be checked.
UNITS = tuple(
    sorted(
        [
            "个百分点",
            "万平方米",
            "平方公里",
            "平方米",
            "立方米",
            "万立方米",
            "公里",
            "千米",
            "米",
            "亿元",
            "万元",
            "元",
            "万人次",
            "人次",
            "万人",
            "人",
            "户",
            "个",
            "座",
            "所",
            "家",
            "处",
            "对",
            "名",
            "张",
            "套",
            "间",
            "栋",
            "条",
            "台",
            "辆",
            "吨",
            "万吨",
            "亩",
            "公顷",
            "小时",
            "天",
            "岁",
            "项",
            "件",
            "批",
            "场",
            "期",
            "次",
            "倍",
            "床",
            "盏",
            "根",
            "块",
            "部",
            "支",
            "只",
            "头",
            "株",
            "棵",
            "千瓦",
            "兆瓦",
            "千伏",
            "%",
            "％",
        ],
        key=len,
        reverse=True,
    )
)
UNCHECKED_UNIT = "（单位待核对）"
_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
_LIST_MARKER = re.compile(r"(?m)^\s*\d+[.．、](?!\d)")
_CLAUSE_END = re.compile(r"[，。；;！？\n]")
_AT_MOST = ("以下", "以内", "不超过", "控制在", "低于")


@frozen
class Candidate:
    """A figure of a target text, as the indicator it may be (to be confirmed: 待核对)."""

    value: float
    unit: str
    kind: str  # quantity | threshold
    at_least: bool  # «以上»
    comparator: str  # for a threshold: >= or <=
    name: str  # the clause it stands in
    source: str  # the figure as written, with its unit: «8000平方米»


def candidates(text: str) -> list[Candidate]:
    """Every figure of ``text`` (the list markers «1.» «2.» left out), in order."""
    masked = _LIST_MARKER.sub(lambda m: " " * len(m.group()), text)
    found = []
    for match in _FIGURE.finditer(masked):
        after = masked[match.end() :]
        unit = next((u for u in UNITS if after.startswith(u)), None)
        rest = after[len(unit) :] if unit else after
        clause = _clause(text, match.start(), match.end())
        percent = unit in ("%", "％")
        at_most = any(w in clause for w in _AT_MOST)
        found.append(
            Candidate(
                value=float(match.group()),
                unit="%" if percent else (unit or UNCHECKED_UNIT),
                kind="threshold" if percent else "quantity",
                at_least=rest.startswith("以上") and not percent,
                comparator="<=" if percent and at_most else ">=",
                name=clause,
                source=match.group() + (unit or ""),
            )
        )
    return found


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a figure, without its list marker, at most 60 characters."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_END.search(text, end)
    right = right_match.start() if right_match else len(text)
    clause = _LIST_MARKER.sub("", text[left:right]).strip()
    return clause[:60] or text[start:end]
