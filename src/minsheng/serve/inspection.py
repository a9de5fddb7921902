"""督查记录 recorded by the office on the web: the team, methods and date, and per project a
finding (with a verified figure, stage or 督查评分 for one of its indicators), written as a
new file under duban/inspections/ (the office's own folder; never a unit's file)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from ..load.dataset import Dataset, LoadedInspection
from ..load.document import Document
from ..load.layout import INSPECTIONS_PATH
from ..models.common import ID_PATTERN
from ..models.duban import Inspection
from ..models.registry import Project
from ..records import frozen
from ..views.new_duban import inspection_path
from ..views.yaml_text import yaml_text
from .records import Checked, check_record

SCHEMA = "# yaml-language-server: $schema=../../../schema/inspection.schema.json"
# Values written as they were typed (the model reads them); anything else is quoted.
_PLAIN = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "indicator": re.compile(ID_PATTERN),
    "number": re.compile(r"^(\d+(\.\d*)?|\.\d+)$"),
}
_FINDING_KEY = re.compile(r"^p(\d+)(-|$)")
_LIST_SEPARATORS = re.compile(r"[、，,；;\s]+")


Put = Callable[[str, str], None]  # a line of the record, and the input it holds


@frozen
class Input:
    key: str
    label: str
    kind: str  # text, textarea, date, list, number, indicator, stage
    required: bool = False


INPUTS = (
    Input("date", "督查日期", "date", required=True),
    Input("title", "名称（选填），如 第三季度重点民生实事督查", "text"),
    Input("team", "督查组成员单位（用「、」分隔）", "list", required=True),
    Input("methods", "督查方式（选填，用「、」分隔），如 现场查看、听取汇报、查阅资料", "list"),
    Input("note", "备注（选填）", "text"),
)
# The inputs of one project's finding, named "p<id>-<key>", in the model's order.
FINDING = (
    Input("indicator", "指标（写核实值或评分时必选）", "indicator"),
    Input("text", "督查发现的情况（本项目没有督查发现的，各栏都不填）", "textarea"),
    Input("value", "核实的累计数或当前值（数量、达标、趋势类，选填）", "number"),
    Input("stage", "核实的阶段（阶段类，选填）", "stage"),
    Input("score", "督查评分 0–100（定性类，选填）", "number"),
    Input("requirements", "整改要求（选填）", "text"),
)


def finding_key(project: int, key: str = "") -> str:
    """The input of a project's finding (``p3-score``), or the project's own errors (``p3``)."""
    return f"p{project}-{key}" if key else f"p{project}"


def flagged(errors: Mapping[str, list[str]]) -> set[int]:
    """The projects with a problem in their finding."""
    return {int(m[1]) for k, found in errors.items() if found and (m := _FINDING_KEY.match(k))}


def keys(ds: Dataset) -> list[str]:
    """Every input the page posts."""
    return [i.key for i in INPUTS] + [
        finding_key(p.id, i.key) for p in ds.registry.projects for i in FINDING
    ]


def record_text(ds: Dataset, values: Mapping[str, str]) -> tuple[str, dict[int, str]]:
    """The record's YAML in the model's order, one line per filled-in value; and which input
    each line holds (a finding's first line: the project's)."""
    lines, where = [SCHEMA], {}

    def put(line: str, key: str) -> None:
        lines.append(line)
        where[len(lines)] = key

    for i in INPUTS[:4]:
        _put_input(put, i, values.get(i.key, ""), "")
    findings = [p for p in ds.registry.projects if _given(values, p)]
    put("findings:" if findings else "findings: []", "")
    for project in findings:
        put(f"  - project: {project.id}", finding_key(project.id))
        for i in FINDING:
            key = finding_key(project.id, i.key)
            _put_input(put, i, values.get(key, ""), "    ", key)
    _put_input(put, INPUTS[4], values.get("note", ""), "")
    return "\n".join(lines) + "\n", where


def _given(values: Mapping[str, str], project: Project) -> bool:
    return any(values.get(finding_key(project.id, i.key), "").strip() for i in FINDING)


def _put_input(put: Put, i: Input, raw: str, indent: str, key: str | None = None) -> None:
    value, key = raw.strip(), key or i.key
    if i.kind == "list":
        parts = [p for p in _LIST_SEPARATORS.split(value) if p]
        if parts or i.required:  # an empty list is the model's to tell: at least one
            put(f"{indent}{i.key}:{'' if parts else ' []'}", key)
            for part in parts:
                put(f"{indent}  - {yaml_text(part)}", key)
        return
    if not value:
        return
    pattern = _PLAIN.get(i.kind)
    plain = pattern is not None and pattern.match(value) is not None
    put(f"{indent}{i.key}: {value if plain else yaml_text(value)}", key)


def check(ds: Dataset, root: Path, values: Mapping[str, str], today: date) -> Checked:
    """The record validated by the model and by the data folder's checks, at the next free
    file of its day."""
    text, where = record_text(ds, values)
    errors: dict[str, list[str]] = {}
    try:
        day = date.fromisoformat(values.get("date", "").strip())
    except ValueError:
        day = None
        errors["date"] = ["请填写督查日期（YYYY-MM-DD）"]
    path = root / INSPECTIONS_PATH / "new.yaml" if day is None else inspection_path(root, day)
    return check_record(ds, path, text, where, Inspection, _adding, today, errors)


def _adding(ds: Dataset, record: Inspection, doc: Document) -> Dataset:
    return dataclasses.replace(ds, inspections=[*ds.inspections, LoadedInspection(record, doc)])
