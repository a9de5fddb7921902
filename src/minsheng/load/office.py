"""The office's files: office.yaml and the ledger under duban/ (acceptance records, 督办
actions, inspections), found and read by the same strict loader as the rest (their checks are
in :mod:`minsheng.load.checks.office` and :mod:`minsheng.load.checks.duban`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..models.acceptance import Acceptance
from ..models.duban import Action, Inspection
from ..models.office import Office
from ..problems import Problem, error, warning
from ..records import frozen
from .dataset import Dataset, LoadedAcceptance, LoadedAction, LoadedInspection
from .document import Document
from .layout import ACCEPTANCE_DIR, ACTIONS_DIR, DUBAN_DIR, INSPECTIONS_DIR, OFFICE_FILE

MAX_ACCEPTANCE_FILES = 20_000
MAX_LEDGER_FILES = MAX_ACCEPTANCE_FILES  # per folder of duban/

Loc = tuple[str | int, ...]
Found = list[tuple[Path, str]]
M = TypeVar("M")

# What each folder of duban/ holds, and how a stray entry in it is told.
_MISPLACED = {
    ACCEPTANCE_DIR: "验收记录应是 .yaml 文件（如 2022-11-20-项目1.yaml），此项已忽略",
    ACTIONS_DIR: "督办事项应是 .yaml 文件（如 2022-07-05-县交通局-1.yaml），此项已忽略",
    INSPECTIONS_DIR: "督查记录应是 .yaml 文件（如 2022-08-18-1.yaml），此项已忽略",
}


@dataclass
class OfficeFiles:
    """The office's files found in a data folder, each with its display path."""

    office: tuple[Path, str] | None = None
    acceptance: Found = field(default_factory=list)
    actions: Found = field(default_factory=list)
    inspections: Found = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def listed(self) -> Found:
        """Every file found, with its display path."""
        office = [self.office] if self.office is not None else []
        return [*office, *self.acceptance, *self.actions, *self.inspections]

    @property
    def paths(self) -> list[Path]:
        return [path for path, _ in self.listed]


@dataclass
class OfficeData:
    office: Office | None = None
    office_doc: Document | None = None
    acceptance: list[LoadedAcceptance] = field(default_factory=list)
    actions: list[LoadedAction] = field(default_factory=list)
    inspections: list[LoadedInspection] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(root: Path, display: Callable[[Path], str]) -> OfficeFiles:
    """office.yaml and duban/{acceptance,actions,inspections}/*.yaml; anything else in those
    folders is reported."""
    found = OfficeFiles()
    real_root = root.resolve()
    office = root / OFFICE_FILE
    if office.is_file() and _inside(office, real_root):
        found.office = (office, display(office))
    elif office.exists():
        found.problems.append(_refused(display(office)))
    found.acceptance = _scan(root, ACCEPTANCE_DIR, display, found.problems)
    found.actions = _scan(root, ACTIONS_DIR, display, found.problems)
    found.inspections = _scan(root, INSPECTIONS_DIR, display, found.problems)
    return found


def _scan(root: Path, name: str, display: Callable[[Path], str], problems: list[Problem]) -> Found:
    """The .yaml files of duban/<name>/, in name order; stray entries and links out told."""
    folder = root / DUBAN_DIR / name
    if not folder.is_dir():
        return []
    real_root = root.resolve()
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries if not e.name.startswith("."))
    found: Found = []
    for entry in names[:MAX_LEDGER_FILES]:
        path = folder / entry
        if not entry.endswith(".yaml") or not path.is_file():
            problems.append(warning(display(path), 1, 1, "misplaced-file", _MISPLACED[name]))
        elif not _inside(path, real_root):
            problems.append(_refused(display(path)))
        else:
            found.append((path, display(path)))
    return found


def _inside(path: Path, real_root: Path) -> bool:
    return not path.is_symlink() or path.resolve().is_relative_to(real_root)


def _refused(shown: str) -> Problem:
    return error(
        shown,
        1,
        1,
        "symlink-outside",
        "这是指向数据文件夹之外的符号链接，或不是普通文件，已拒绝读取",
    )


Reader = Callable[[Path, str], tuple[Document | None, list[Problem]]]


def read(files: OfficeFiles, reader: Reader | None = None) -> OfficeData:
    """Parse and validate the office's files (each through ``reader``, which the loader uses
    to note what the cache key knows of it); problems are collected, never raised."""
    from .validate import validate  # the parsed path only: a warm run reads the cache
    from .yamlread import read_file

    reader = reader or read_file
    data = OfficeData(problems=list(files.problems))
    if files.office is not None:
        doc, found = reader(*files.office)
        data.problems += found
        if doc is not None:
            office, found = validate(doc, Office)
            data.problems += found
            doc.release()
            data.office, data.office_doc = office, (doc if office is not None else None)
    found = data.problems
    data.acceptance = [
        LoadedAcceptance(r, d) for r, d in _records(files.acceptance, Acceptance, found, reader)
    ]
    data.actions = [LoadedAction(r, d) for r, d in _records(files.actions, Action, found, reader)]
    data.inspections = [
        LoadedInspection(r, d) for r, d in _records(files.inspections, Inspection, found, reader)
    ]
    return data


def _records(
    paths: Found, model: type[M], problems: list[Problem], reader: Reader
) -> list[tuple[M, Document]]:
    """Every file of ``paths`` that parses and validates as ``model``."""
    from .validate import validate

    records = []
    for path, shown in paths:
        doc, found = reader(path, shown)
        problems += found
        if doc is None:
            continue
        record, found = validate(doc, model)
        problems += found
        if record is not None:
            doc.release()
            records.append((record, doc))
    return records


Cached = tuple[str, Office] | None  # (path relative to the data folder, model) of office.yaml
CachedRecords = list[tuple[str, Acceptance]]
CachedActions = list[tuple[str, Action]]
CachedInspections = list[tuple[str, Inspection]]


@frozen
class CachedLedger:
    """The office's files as the cache stores them, beside the registry and the reports."""

    office: Cached
    acceptance: CachedRecords
    actions: CachedActions
    inspections: CachedInspections


def to_cache(ds: Dataset, relative: Callable[[Document], str]) -> CachedLedger:
    office = None
    if ds.office is not None and ds.office_doc is not None:
        office = (relative(ds.office_doc), ds.office)
    return CachedLedger(
        office,
        [(relative(a.doc), a.record) for a in ds.acceptance],
        [(relative(a.doc), a.record) for a in ds.actions],
        [(relative(i.doc), i.record) for i in ds.inspections],
    )


def from_cache(ds: Dataset, cached: CachedLedger, document: Callable[[str], Document]) -> None:
    """Put the cached office files back, each file's document made by ``document`` from its
    path relative to the data folder."""
    if cached.office is not None:
        relative, ds.office = cached.office
        ds.office_doc = document(relative)
    ds.acceptance = [LoadedAcceptance(r, document(path)) for path, r in cached.acceptance]
    ds.actions = [LoadedAction(r, document(path)) for path, r in cached.actions]
    ds.inspections = [LoadedInspection(r, document(path)) for path, r in cached.inspections]
