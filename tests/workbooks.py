"""Filling in a unit's workbook as a clerk would (with openpyxl), for the import tests."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl

from minsheng.models import ProgressReport
from minsheng.views import report_sheet as sheet

Cells = Mapping[tuple[str, str], Any]  # (row key, slot) -> value; row key "#header" for 填报人 …


def places(ws: Any) -> tuple[dict[str, int], dict[str, int]]:
    """Row numbers by row key and column numbers by slot, from the hidden keys."""
    columns = {
        cell.value: cell.column
        for cell in ws[sheet.SLOT_ROW]
        if isinstance(cell.value, str) and cell.value
    }
    key_column = columns[sheet.KEY_SLOT]
    rows = {
        ws.cell(r, key_column).value: r
        for r in range(1, ws.max_row + 1)
        if isinstance(ws.cell(r, key_column).value, str)
    }
    return rows, columns


HEADER_CELLS = {"reporter": "B3", "phone": "D3", "submitted": "G3"}


def cell_of(ws: Any, row_key: str, slot: str) -> str:
    if row_key == sheet.HEADER_KEY:
        return HEADER_CELLS[slot]
    rows, columns = places(ws)
    return f"{sheet.column_letter(columns[slot])}{rows[row_key]}"


def fill(
    path: Path, cells: Cells, out: Path | None = None, edit: Callable[[Any], None] | None = None
) -> Path:
    """Type ``cells`` into the workbook (and make any other ``edit`` of the workbook)."""
    workbook = openpyxl.load_workbook(path)
    ws = workbook[sheet.SHEET]
    rows, columns = places(ws)
    for (row_key, slot), value in cells.items():
        if row_key == sheet.HEADER_KEY:
            ws[HEADER_CELLS[slot]] = value
        else:
            ws.cell(rows[row_key], columns[slot]).value = value
    if edit is not None:
        edit(workbook)
    target = out or path
    workbook.save(target)
    return target


def reporter(name: str = "填报人", submitted: Any = None) -> dict[tuple[str, str], Any]:
    cells: dict[tuple[str, str], Any] = {(sheet.HEADER_KEY, "reporter"): name}
    if submitted is not None:
        cells[(sheet.HEADER_KEY, "submitted")] = submitted
    return cells


def from_report(report: ProgressReport) -> dict[tuple[str, str], Any]:
    """The cells a clerk fills in to say what ``report`` says (office-owned parts left out)."""
    cells: dict[tuple[str, str], Any] = {
        (sheet.HEADER_KEY, "submitted"): report.submitted,
        (sheet.HEADER_KEY, "reporter"): report.reporter,
        (sheet.HEADER_KEY, "phone"): report.phone,
    }
    for project in report.projects:
        key = f"project:{project.id}"
        cells[(key, "progress")] = project.progress
        cells[(key, "problems")] = project.problems
        cells[(key, "next_steps")] = project.next_steps
        if project.evidence:
            cells[(key, "evidence")] = "\n".join(project.evidence)
        if project.investment is not None:
            cells.update(_investment_cells(project.id, project.investment))
        for entry in project.indicators:
            cells.update(_entry_cells(entry))
    return cells


def reply_cells(report: ProgressReport) -> dict[tuple[str, str], Any]:
    """The cells a clerk fills in to give ``report``'s replies to 督办 actions (each action's
    row must be in the workbook: open on the day it was made)."""
    cells: dict[tuple[str, str], Any] = {}
    for reply in report.duban:
        key = f"action:{reply.id}"
        cells[(key, "reply")] = reply.reply
        cells[(key, "evidence")] = "\n".join(reply.evidence) or None
        cells[(key, "reply_date")] = reply.date
    return cells


def _investment_cells(project: int, money: Any) -> dict[tuple[str, str], Any]:
    key = f"investment:{project}"
    cells: dict[tuple[str, str], Any] = {(key, "value"): money.completed}
    if money.note is not None:
        cells[(key, "note")] = money.note
    for source in money.sources:
        cells[(f"source:{project}:{source.name}", "allocated")] = source.allocated
        cells[(f"source:{project}:{source.name}", "paid")] = source.paid
    return cells


def _entry_cells(entry: Any) -> dict[tuple[str, str], Any]:
    key = f"indicator:{entry.id}"
    cells: dict[tuple[str, str], Any] = {}
    for name, slot in (
        ("value", "value"),
        ("self_assessment", "value"),
        ("baseline", "baseline"),
        ("stage", "stage"),
        ("percent", "percent"),
        ("correction", "correction"),
        ("note", "note"),
        ("expected_done", "expected_done"),
    ):
        value = getattr(entry, name)
        if value is not None:
            cells[(key, slot)] = value
    if entry.stage is not None:
        cells[(key, "percent")] = entry.percent  # a stage given without 形象进度 clears it
    if entry.forecast is not None:
        forecast = entry.forecast
        cells[(key, "forecast")] = forecast.value if forecast.value is not None else forecast.stage
        cells[(key, "forecast_by")] = forecast.by
    for item in entry.items or ():
        item_key = f"item:{entry.id}:{item.name}"
        cells[(item_key, "stage")] = item.stage
        cells[(item_key, "percent")] = item.percent
        if item.note is not None:
            cells[(item_key, "note")] = item.note
    for area in entry.areas or ():
        cells[(f"area:{entry.id}:{area.area}", "value")] = area.value
    return cells


def rewrite(
    path: Path, member: str, change: Callable[[bytes], bytes], out: Path | None = None
) -> Path:
    """The workbook with one of its zip members changed (what openpyxl cannot write)."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    assert member in source.namelist(), member
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == member else data)
    result = out or path
    result.write_bytes(buffer.getvalue())
    return result


def with_formula(path: Path, cell: str, formula: str, cached: str | None) -> Path:
    """Put a formula (and, as Excel and WPS save it, its last result) into ``cell``."""

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        pattern = re.compile(rf'<c r="{cell}"([^>]*?)(?:/>|>.*?</c>)', re.S)
        match = pattern.search(text)
        assert match is not None, cell
        attrs = re.sub(r'\s+t="[^"]*"', "", match[1])
        value = f"<v>{cached}</v>" if cached is not None else ""
        return (
            text[: match.start()]
            + f'<c r="{cell}"{attrs}><f>{formula}</f>{value}</c>'
            + text[match.end() :]
        ).encode()

    return rewrite(path, "xl/worksheets/sheet1.xml", change)
