"""验收 / 销号 recorded by the office on the web: one file under duban/acceptance/ (the
office's own folder; never a unit's file), checked as the loader checks such records."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from ..load.dataset import Dataset, LoadedAcceptance
from ..load.document import Document
from ..load.layout import ACCEPTANCE_DIR, DUBAN_DIR
from ..models.acceptance import Acceptance
from ..records import frozen
from ..views.yaml_text import yaml_text
from .records import Checked, check_record

SCHEMA = "# yaml-language-server: $schema=../../../schema/acceptance.schema.json"


@frozen
class Input:
    key: str
    label: str
    kind: str  # text, date, project, indicator
    required: bool = False


INPUTS = (
    Input("project", "项目", "project", required=True),
    Input("indicator", "指标（不选为整个项目）", "indicator"),
    Input("item", "清单项名称（选填，须同时选指标）", "text"),
    Input("accepted", "验收日期", "date", required=True),
    Input("accepted_by", "验收单位", "text", required=True),
    Input("document", "验收文件或文号（选填）", "text"),
    Input("closed", "销号日期（选填，不早于验收日期）", "date"),
    Input("closed_by", "销号单位（选填）", "text"),
    Input("note", "备注（选填）", "text"),
)


def record_text(values: Mapping[str, str]) -> tuple[str, dict[int, str]]:
    """The record's YAML, one line per filled-in input; and which input each line holds."""
    lines, where = [SCHEMA], {}
    for i in INPUTS:
        value = values.get(i.key, "").strip()
        if not value:
            continue
        plain = i.kind in ("project", "date") or (i.kind == "indicator" and _id_like(value))
        lines.append(f"{i.key}: {value if plain and value.isascii() else yaml_text(value)}")
        where[len(lines)] = i.key
    return "\n".join(lines) + "\n", where


def _id_like(value: str) -> bool:
    return all(part.isdigit() for part in value.split("-"))


def record_path(root: Path, values: Mapping[str, str]) -> Path:
    """duban/acceptance/<accepted>-项目<n>[-<indicator>].yaml: named from checked values."""
    name = f"{values['accepted']}-项目{values['project']}"
    if values.get("indicator"):
        name += f"-{values['indicator']}"
    return root / DUBAN_DIR / ACCEPTANCE_DIR / f"{name}.yaml"


def check(ds: Dataset, root: Path, values: Mapping[str, str], today: date) -> Checked:
    """The record validated by the model and by the data folder's checks."""
    text, where = record_text(values)
    errors: dict[str, list[str]] = {}
    project = values.get("project", "").strip()
    accepted = values.get("accepted", "").strip()
    if not project.isdigit() or int(project) not in ds.projects:
        errors.setdefault("project", []).append("请选择项目")
    try:
        date.fromisoformat(accepted)
    except ValueError:
        errors.setdefault("accepted", []).append("请填写验收日期（YYYY-MM-DD）")
    path = root / DUBAN_DIR / ACCEPTANCE_DIR / "new.yaml"
    if not errors:
        path = record_path(root, {k: v.strip() for k, v in values.items()})
    return check_record(ds, path, text, where, Acceptance, _adding, today, errors)


def _adding(ds: Dataset, record: Acceptance, doc: Document) -> Dataset:
    return dataclasses.replace(ds, acceptance=[*ds.acceptance, LoadedAcceptance(record, doc)])
