"""CSV output: formula-safe cells, and a sheet of the export book as a file Excel opens."""

from __future__ import annotations

import csv
import io

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


def as_csv(sheet: Sheet, sample: bool) -> bytes:
    """UTF-8 with a BOM and CRLF (what Excel expects); a 样例数据 column as in ``status``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*(c.name for c in sheet.columns), "样例数据"])
    mark = "是" if sample else "否"
    for row in sheet.rows:
        fields = [csv_cell(plain(v, c.kind)) for c, v in zip(sheet.columns, row, strict=True)]
        writer.writerow([*fields, mark])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
