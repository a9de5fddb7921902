"""Tiny data folders for the 督办 ledger: one quantity indicator 1-1 (target 100 个) owned by
甲局, reported from April, with office.yaml's escalation ladder and hand-written actions,
inspections and replies."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from minsheng.compute.duban import ledger, suggestions
from minsheng.compute.status import build_status
from tests import officedata as od

LADDER = "escalation: {preset: ladder, review_days: 30}\n"
APRIL = "{first_month: 2022-04}"


def make(root: Path, office: str = LADDER, **kwargs: str) -> Path:
    kwargs.setdefault("reporting", APRIL)
    return od.make(root, office=office, **kwargs)


def report(
    root: Path,
    month: str,
    value: float | None = None,
    *,
    submitted: str | None = None,
    extra: str = "",
    unit: str = "甲局",
) -> Path:
    """progress/<month>/<unit>.yaml: 1-1 at ``value``, and any ``extra`` top-level YAML."""
    entries = f"{{id: 1-1, value: {value:g}}}" if value is not None else ""
    path = od.report(root, month, entries, unit=unit, submitted=submitted)
    if extra:
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def action(root: Path, name: str, body: str) -> Path:
    """duban/actions/<name>.yaml with ``body`` (the file's YAML)."""
    folder = root / "duban" / "actions"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def letter(
    root: Path,
    issued: str,
    *,
    action_name: str = "督办函",
    deadline: str | None = None,
    number: int = 1,
    more: str = "",
) -> Path:
    """An action to 甲局 about project 1, issued on ``issued``."""
    lines = (
        f"action: {action_name}\nproject: 1\nunit: 甲局\nissued: {issued}\n"
        f"issued_by: 督查室\nreason: 进度滞后\n"
    )
    if deadline:
        lines += f"deadline: {deadline}\n"
    return action(root, f"{issued}-甲局-{number}", lines + more)


def inspection(root: Path, name: str, body: str) -> Path:
    folder = root / "duban" / "inspections"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def suggested(root: Path, as_of: date) -> list[str]:
    """The ids of the suggestions at ``as_of``."""
    ds = od.dataset(root)
    return [s.id for s in suggestions(build_status(ds, as_of), ledger(ds, as_of))]


def state(root: Path, as_of: date, action_id: str) -> str:
    ds = od.dataset(root)
    return next(a.state.value for a in ledger(ds, as_of).actions if a.id == action_id)
