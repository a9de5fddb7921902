"""A workbook as plain data: sheets of typed columns and rows."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from typing import Literal

from ..records import frozen
from ..text.fmt import number

Kind = Literal["text", "long", "int", "number", "percent", "date"]


@frozen
class Tagged:
    """A coloured cell: a status (done/green/yellow/red) or a report state (on_time/…)."""

    text: str
    tone: str


Value = str | int | float | date | Tagged | None
Row = tuple[Value, ...]


@frozen
class Column:
    name: str
    kind: Kind = "text"


@frozen
class Sheet:
    key: str  # what --sheet calls it
    name: str  # the worksheet tab
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    frozen_columns: int = 0


@frozen
class Book:
    title: str
    note: str  # the sample-data warning, or where the plan comes from
    as_of: date
    sample: bool
    sheets: tuple[Sheet, ...]
    # The office's colours for status cells (fill, font colour, bold), where they differ.
    tones: dict[str, tuple[str, str, bool]] = field(default_factory=dict)

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
    if kind == "number" and isinstance(value, float):
        return number(value, 4)  # an amount as written: 6300, 0.48
    return value
