"""CSV output: formula-safe cells, and a sheet of the export book as a file Excel opens."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ..text import fmt
from ..views.sheets import Sheet, plain

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """Neutralise spreadsheet formulas: a text cell starting with = + - @ gets a leading '.

    Control and bidi characters are made visible too: CSV often ends up on a terminal.
    """
    if not isinstance(value, str):
        return value
    text = fmt.printable(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write(
    header: Sequence[str], rows: Iterable[Sequence[object]], sample: bool, *, excel: bool
) -> str:
    """One table as CSV: formula-safe cells, and a last 样例数据 column (是 / 否) on every row.

    Two dialects, for two readers: ``excel`` (``export``) starts with a BOM and ends lines
    with CRLF, so a double click opens the Chinese right; the other (``status --format csv``)
    is for scripts: plain UTF-8, LF.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    writer.writerow([*header, "样例数据"])
    mark = "是" if sample else "否"
    for row in rows:
        writer.writerow([*(csv_cell(v) for v in row), mark])
    return ("\ufeff" if excel else "") + out.getvalue()


def as_csv(sheet: Sheet, sample: bool) -> bytes:
    """A sheet of the export book as a file Excel opens (UTF-8 with a BOM, CRLF)."""
    rows = (
        tuple(plain(v, c.kind) for c, v in zip(sheet.columns, r, strict=True)) for r in sheet.rows
    )
    return write([c.name for c in sheet.columns], rows, sample, excel=True).encode("utf-8")
