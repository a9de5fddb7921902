"""A cache of validated data: an unchanged data folder is not parsed and checked again.

One JSON file per data folder, outside it (``$MINSHENG_CACHE_DIR``, default
``~/.cache/minsheng``). Its first line is a key made of every input file's path, size,
modification and change times and inode, the as-of date of the checks and the tool's own
code; the rest is the validated registry and reports and the problems found, which
pydantic validates again on the way in. Any change to any input file changes the key,
so a stale entry is never used; a damaged or foreign file is simply not used. No pickle.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import __version__
from .fsutil import WriteRefused, atomic_write
from .models import ProgressReport, Registry
from .problems import Problem, Severity

_FORMAT = "1"
_PACKAGE = Path(__file__).resolve().parent


class _Report(BaseModel):
    path: str
    shown: str
    report: ProgressReport


class Entry(BaseModel):
    """What a load produced, in a form that survives a JSON round trip."""

    registry_shown: str
    registry: Registry
    reports: list[_Report]
    problems: list[tuple[str, int, int, str, str, str]]
    files: int

    @classmethod
    def of(
        cls,
        registry_shown: str,
        registry: Registry,
        reports: Iterable[tuple[str, str, ProgressReport]],
        problems: Iterable[Problem],
        files: int,
    ) -> Entry:
        return cls(
            registry_shown=registry_shown,
            registry=registry,
            reports=[_Report(path=p, shown=s, report=r) for p, s, r in reports],
            problems=[
                (p.path, p.line, p.column, p.code, p.message, p.severity.value) for p in problems
            ],
            files=files,
        )

    def problem_list(self) -> list[Problem]:
        return [
            Problem(path, line, col, code, message, Severity(sev))
            for path, line, col, code, message, sev in self.problems
        ]


def default_dir() -> Path | None:
    """Where the cache lives; None when MINSHENG_NO_CACHE is set."""
    if os.environ.get("MINSHENG_NO_CACHE", "").lower() in ("1", "true", "yes"):
        return None
    explicit = os.environ.get("MINSHENG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "minsheng"


def key(files: Iterable[Path], as_of: date) -> str:
    """Every input file's identity (path, size, mtime, ctime, inode), as-of and code."""
    digest = hashlib.sha256(
        f"{_FORMAT}\0{__version__}\0{as_of.isoformat()}\0{_code_stamp()}\n".encode()
    )
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
    return cache_dir / f"{name}.json"


def read(path: Path, wanted: str) -> Entry | None:
    """The entry stored at ``path`` if its key is ``wanted``; None otherwise."""
    try:
        with path.open("rb") as handle:
            stored = handle.readline().strip().decode("ascii", errors="replace")
            if stored != wanted:
                return None
            return Entry.model_validate_json(handle.read())
    except (OSError, ValidationError, ValueError):
        return None


def write(path: Path, key_: str, entry: Entry) -> None:
    """Store the entry; a cache that cannot be written is skipped, never an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(
            path, key_.encode("ascii") + b"\n" + entry.model_dump_json().encode("utf-8"), force=True
        )
    except (OSError, WriteRefused):
        pass
