"""Tiny data folders with hand-computable figures, for the office's rules.

One quantity indicator 1-1 (target 100 个) by default, so that a reported value *is* the
completion, and milestones make 序时进度 exact at their dates.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from minsheng.compute.status import StatusReport, build_status
from minsheng.load.dataset import Dataset
from minsheng.load.folder import load

QUANTITY = """      - id: 1-1
        name: 数量指标
        kind: quantity
        target: 100
        unit: 个
        milestones: {milestones}
"""

REGISTRY = """sample: false
plan:
  year: 2022
  title: 规则县重点民生实事工作目标任务
  issuer: 规则县人民政府办公室
  issued: 2022-01-10
  coordinator: 甲局
  supervisor: 督查室
  contact: {{name: 联系人}}
  reporting: {reporting}
units:
  - name: 甲局
  - name: 乙局
  - name: 督查室
projects:
  - id: 1
    name: 数量项目
    units: [甲局]
    text: 完成100个。
    indicators:
{indicators}{more}"""


def quantity(milestones: str = "[]") -> str:
    return QUANTITY.format(milestones=milestones)


def make(
    root: Path,
    *,
    indicators: str | None = None,
    milestones: str = "[]",
    reporting: str = "{first_month: 2022-01}",
    more: str = "",
    office: str | None = None,
) -> Path:
    """A data folder at ``root``; reports are added with :func:`report`."""
    root.mkdir(parents=True, exist_ok=True)
    body = REGISTRY.format(
        reporting=reporting, indicators=indicators or quantity(milestones), more=more
    )
    (root / "projects.yaml").write_text(body, encoding="utf-8")
    if office is not None:
        (root / "office.yaml").write_text(office, encoding="utf-8")
    return root


def report(
    root: Path,
    month: str,
    entries: str,
    *,
    unit: str = "甲局",
    project: int = 1,
    submitted: str | None = None,
) -> Path:
    """progress/<month>/<unit>.yaml with ``entries`` (YAML flow items) under one project."""
    folder = root / "progress" / month
    folder.mkdir(parents=True, exist_ok=True)
    day = submitted or f"{month}-{_last_day(month):02d}"
    text = (
        f"unit: {unit}\nmonth: {month}\nsubmitted: {day}\nreporter: 填报人\n"
        f"projects:\n  - id: {project}\n    indicators: [{entries}]\n"
    )
    path = folder / f"{unit}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def values(root: Path, **by_month: float) -> None:
    """One report per month for indicator 1-1: ``values(root, **{"2022-04": 8})``."""
    for month, value in by_month.items():
        report(root, month, f"{{id: 1-1, value: {value:g}}}")


def _last_day(month: str) -> int:
    y, m = int(month[:4]), int(month[5:7])
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - date.resolution).day


def dataset(root: Path) -> Dataset:
    result = load(root, date(2023, 6, 30))
    assert result.ok and result.dataset is not None, result.problems
    return result.dataset


def status(root: Path, as_of: date) -> StatusReport:
    return build_status(dataset(root), as_of)


def colour(root: Path, as_of: date, indicator: str = "1-1") -> str:
    found = status(root, as_of)
    return next(r for p in found.projects for r in p.indicators if r.ref.id == indicator).status
