#!/usr/bin/env python3
"""Fill in a unit's workbook with openpyxl as a clerk would, for the benchmark's import row.

    python benchmarks/fill_workbook.py WORKBOOK REPORT.yaml

WORKBOOK is what ``minsheng new-report --format xlsx`` made for one unit and month;
REPORT.yaml is that unit's report for the month (taken out of the data folder the workbook
was made from). Its figures, stages and texts are typed into the workbook's input cells,
found by the workbook's hidden row keys and column slots, and the workbook is saved in
place. Run it with the measured tool on ``PYTHONPATH``: the layout is read from its
``minsheng.views.report_sheet``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from minsheng.views import report_sheet as sheet

HEADER_CELLS = {"reporter": "B3", "phone": "D3", "submitted": "G3"}  # HEADER_ROW's inputs
ENTRY_SLOTS = (
    ("value", "value"),
    ("self_assessment", "value"),
    ("baseline", "baseline"),
    ("stage", "stage"),
    ("percent", "percent"),
    ("correction", "correction"),
    ("note", "note"),
    ("expected_done", "expected_done"),
)


def cells_of(report: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """(row key, slot) → what the clerk types, for everything the report says."""
    cells: dict[tuple[str, str], Any] = {
        (sheet.HEADER_KEY, name): report.get(name) for name in HEADER_CELLS
    }
    for project in report.get("projects") or ():
        key = f"project:{project['id']}"
        for name in ("progress", "problems", "next_steps"):
            cells[(key, name)] = project.get(name)
        if project.get("evidence"):
            cells[(key, "evidence")] = "\n".join(project["evidence"])
        for entry in project.get("indicators") or ():
            cells.update(_entry(entry))
    return cells


def _entry(entry: dict[str, Any]) -> dict[tuple[str, str], Any]:
    key = f"indicator:{entry['id']}"
    cells = {(key, slot): entry[name] for name, slot in ENTRY_SLOTS if entry.get(name) is not None}
    for item in entry.get("items") or ():
        item_key = f"item:{entry['id']}:{item['name']}"
        cells[(item_key, "stage")] = item["stage"]
        cells[(item_key, "percent")] = item.get("percent")
    for area in entry.get("areas") or ():
        cells[(f"area:{entry['id']}:{area['area']}", "value")] = area["value"]
    return cells


def fill(workbook_path: Path, report: dict[str, Any]) -> int:
    workbook = openpyxl.load_workbook(workbook_path)
    ws = workbook[sheet.SHEET]
    columns = {c.value: c.column for c in ws[sheet.SLOT_ROW] if isinstance(c.value, str)}
    keys = columns[sheet.KEY_SLOT]
    rows = {
        ws.cell(r, keys).value: r
        for r in range(1, ws.max_row + 1)
        if isinstance(ws.cell(r, keys).value, str)
    }
    typed = 0
    for (row_key, slot), value in cells_of(report).items():
        if row_key == sheet.HEADER_KEY:
            ws[HEADER_CELLS[slot]] = value
        elif row_key in rows and slot in columns:
            ws.cell(rows[row_key], columns[slot]).value = value
        else:
            continue
        typed += 1
    workbook.save(workbook_path)
    return typed


def main() -> int:
    workbook, report = Path(sys.argv[1]), Path(sys.argv[2])
    typed = fill(workbook, yaml.safe_load(report.read_text(encoding="utf-8-sig")))
    print(f"{typed} cells typed into {workbook}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
