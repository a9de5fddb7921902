"""A cache of validated data: an unchanged data folder is not parsed and checked again.

One file per data folder, outside it (``$MINSHENG_CACHE_DIR``, default
``~/.cache/minsheng``, chosen by the CLI), in JSON lines. The first line is a key made of every input
file's path, size, modification and change times and inode, and of the tool's own code;
the second holds the validated registry and the problems found; each further line one
validated report. pydantic validates every line again on the way in. Any change to any
input file changes the key, so a stale entry is never used; a damaged or foreign file is
simply not used. No pickle.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .. import __version__
from ..models import ProgressReport, Registry
from ..models.acceptance import Acceptance
from ..models.duban import Action, Inspection
from ..models.office import Office
from ..problems import Problem, Severity
from ..write.atomic import WriteRefused, atomic_write

_FORMAT = "3"
_PACKAGE = Path(__file__).resolve().parent

ProblemRow = tuple[str, int, int, str, str, str]


class _Head(BaseModel):
    registry_shown: str
    registry: Registry
    problems: list[ProblemRow]
    files: int
    reports: int
    office: tuple[str, str, Office] | None = None
    acceptance: list[tuple[str, str, Acceptance]] = []
    actions: list[tuple[str, str, Action]] = []
    inspections: list[tuple[str, str, Inspection]] = []


class _Report(BaseModel):
    path: str
    shown: str
    report: ProgressReport


@dataclass(frozen=True, slots=True)
class Entry:
    """What a load produced: the registry, each report with its file, the problems."""

    registry_shown: str
    registry: Registry
    reports: list[tuple[str, str, ProgressReport]]
    problems: list[Problem]
    files: int
    office: tuple[str, str, Office] | None = None  # (path, shown, model) of office.yaml
    acceptance: list[tuple[str, str, Acceptance]] = field(default_factory=list)
    actions: list[tuple[str, str, Action]] = field(default_factory=list)  # the 督办 ledger
    inspections: list[tuple[str, str, Inspection]] = field(default_factory=list)


def key(files: Iterable[Path]) -> str:
    """Every input file's identity (path, size, mtime, ctime, inode) and the tool's code."""
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{_code_stamp()}\n".encode())
    for path in files:
        st = path.stat()
        digest.update(
            f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n".encode()
        )
    return digest.hexdigest()


def _code_stamp() -> str:
    """The tool's own source files, so a changed model or check never reads an old entry."""
    parts = sorted(
        f"{p.relative_to(_PACKAGE)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
        for p in _PACKAGE.rglob("*.py")
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def entry_path(cache_dir: Path, root: Path) -> Path:
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return cache_dir / f"{name}.jsonl"


def read(path: Path, wanted: str) -> Entry | None:
    """The entry stored at ``path`` if its key is ``wanted``; None otherwise."""
    try:
        with path.open("rb") as handle:
            if handle.readline().strip() != wanted.encode("ascii"):
                return None
            head = _Head.model_validate_json(handle.readline(), strict=True)
            # One line at a time: never the whole file in memory next to the models.
            reports = [_row(_Report.model_validate_json(line, strict=True)) for line in handle]
    except (OSError, ValidationError, ValueError):
        return None
    if len(reports) != head.reports:  # cut short: not an entry to trust
        return None
    problems = [
        Problem(p, line, col, code, msg, Severity(sev))
        for p, line, col, code, msg, sev in head.problems
    ]
    return Entry(
        head.registry_shown,
        head.registry,
        reports,
        problems,
        head.files,
        head.office,
        head.acceptance,
        head.actions,
        head.inspections,
    )


def _row(line: _Report) -> tuple[str, str, ProgressReport]:
    return line.path, line.shown, line.report


def write(path: Path, key_: str, entry: Entry) -> None:
    """Store the entry; a cache that cannot be written is skipped, never an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, _lines(key_, entry), force=True)
    except (OSError, WriteRefused):
        pass


def _lines(key_: str, entry: Entry) -> Iterator[bytes]:
    # Serialised straight to bytes, line by line: no str copy of tens of megabytes.
    yield key_.encode("ascii") + b"\n"
    problems = [
        (p.path, p.line, p.column, p.code, p.message, p.severity.value) for p in entry.problems
    ]
    head = _Head(
        registry_shown=entry.registry_shown,
        registry=entry.registry,
        problems=problems,
        files=entry.files,
        reports=len(entry.reports),
        office=entry.office,
        acceptance=entry.acceptance,
        actions=entry.actions,
        inspections=entry.inspections,
    )
    yield head.model_dump_json(exclude_defaults=True).encode("utf-8") + b"\n"
    for path, shown, report in entry.reports:
        yield (
            _Report(path=path, shown=shown, report=report)
            .model_dump_json(exclude_defaults=True)
            .encode("utf-8")
            + b"\n"
        )
