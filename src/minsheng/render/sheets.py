"""A workbook as plain data (sheets of typed columns and rows), and one sheet as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .status_json import csv_cell

Kind = Literal["text", "long", "int", "percent", "date"]


@dataclass(frozen=True, slots=True)
class Tagged:
    """A coloured cell: a status (done/green/yellow/red) or a report state (on_time/…)."""

    text: str
    tone: str


Value = str | int | float | date | Tagged | None
Row = tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind = "text"


@dataclass(frozen=True, slots=True)
class Sheet:
    key: str  # what --sheet calls it
    name: str  # the worksheet tab
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    frozen_columns: int = 0


@dataclass(frozen=True, slots=True)
class Book:
    title: str
    note: str  # the sample-data warning, or where the plan comes from
    as_of: date
    sample: bool
    sheets: tuple[Sheet, ...]

    def sheet(self, key: str) -> Sheet:
        return next(s for s in self.sheets if s.key == key)


def plain(value: Value, kind: Kind) -> str | int | float:
    """A cell as a CSV field or as the text whose width sizes a column."""
    if value is None:
        return ""
    if isinstance(value, Tagged):
        return value.text
    if isinstance(value, date):
        return value.isoformat()
    if kind == "percent" and isinstance(value, float):
        return f"{value:.1f}"
    return value


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
