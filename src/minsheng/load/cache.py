"""A cache of validated data: an unchanged data folder is not parsed and checked again.

One file per data folder, outside it (``$MINSHENG_CACHE_DIR``, default
``~/.cache/minsheng``, chosen by the CLI), in JSON lines, readable by its owner only. The
first line is the key: a BLAKE2b hash of every input file's path (relative to the data
folder) and content, and of the tool's own code. Timestamps play no part, so an edit that
keeps size and modification time (file systems with one- or two-second timestamps) is seen
all the same. The key stored with an entry is made from the very bytes that were parsed,
so a file that changed while it was read never serves an old picture. Then the validated
registry, one line per problem (paths relative to the data folder) and one line per
validated report, each as the models' plain data (``load/plain.py``), decoded straight into
the same classes without pydantic (a warm run never imports it); a damaged, foreign or
oversized file, or a line of the wrong shape, is simply not used. No pickle. The newest :data:`MAX_ENTRIES` entries are
kept, the others deleted.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import field
from pathlib import Path
from typing import IO, Any

from .. import __version__
from ..models import ProgressReport, Registry
from ..models.acceptance import Acceptance
from ..models.duban import Action, Inspection
from ..models.office import Office
from ..problems import Problem, Severity
from ..records import frozen
from ..write.files import TooLarge, chunks, open_regular
from .document import MAX_FILE_BYTES, KeyMarks
from .plain import DECODE_ERRORS, decoder, to_data

try:  # where hashlib takes BLAKE2 from, without loading OpenSSL as hashlib does (about 3 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always builds it
    from hashlib import blake2b


_FORMAT = "6"
_PACKAGE = Path(__file__).resolve().parent.parent
# The code whose change can change a cached result: the models, the loading and its checks.
_CODE_PARTS = ("models", "load", "problems.py", "dates.py", "text")
MAX_ENTRIES = 32  # data folders remembered; the least recently used beyond are deleted
# A line holds one validated file (or one problem): its JSON is never much larger than the YAML.
MAX_LINE = 2 * MAX_FILE_BYTES + (1 << 20)
_ENTRY_NAME = re.compile(r"^[0-9a-f]{24}\.jsonl$")


Places = dict[str, KeyMarks]  # relative path -> Document.top


@frozen
class Entry:
    """What a load produced: the registry, each report with its file, the problems.

    Paths (of the reports and in the problems) are relative to the data folder.
    """

    registry: Registry
    reports: list[tuple[str, ProgressReport]]
    problems: list[Problem]
    files: int
    office: tuple[str, Office] | None = None  # (relative path, model) of office.yaml
    acceptance: list[tuple[str, Acceptance]] = field(default_factory=list)
    actions: list[tuple[str, Action]] = field(default_factory=list)  # the 督办 ledger
    inspections: list[tuple[str, Inspection]] = field(default_factory=list)
    # Where each file's top-level keys are (relative path -> Document.top): the checks run on
    # every load point at them, and a warm run then finds them without parsing the file again.
    places: Places = field(default_factory=dict)


# ---- the key ----------------------------------------------------------------------------


def content_token(raw: bytes) -> str:
    """What the key knows of a file that was read: its size and content."""
    return f"{len(raw)}:{blake2b(raw, digest_size=16).hexdigest()}"


def file_token(path: Path) -> str:
    """The token of the file at ``path`` as it is now (the same as :func:`content_token` of
    its bytes), read in pieces; a file that cannot be read gets a token saying why."""
    try:
        fd = open_regular(path)
    except FileNotFoundError:
        return "gone"
    except OSError as exc:
        return f"unreadable:{exc.errno}"
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            return too_large_token(size)
        hasher = blake2b(digest_size=16)
        read = 0
        for piece in chunks(fd, MAX_FILE_BYTES + 1):
            hasher.update(piece)
            read += len(piece)
    except OSError as exc:
        return f"unreadable:{exc.errno}"
    finally:
        os.close(fd)
    return too_large_token(read) if read > MAX_FILE_BYTES else f"{read}:{hasher.hexdigest()}"


def too_large_token(size: int) -> str:
    return f"large:{size}"


def key(files: Iterable[tuple[str, str]]) -> str:
    """The key of (path relative to the data folder, token) pairs and of the tool's code."""
    digest = blake2b(f"{_FORMAT}\0{__version__}\0{_code_stamp()}\n".encode(), digest_size=32)
    for relative, token in files:
        digest.update(os.fsencode(relative) + b"\0" + token.encode("ascii") + b"\n")
    return digest.hexdigest()


_CODE: list[str] = []


def _code_stamp() -> str:
    """The content of the tool's own source files: a changed model or check never reads an
    old entry (whatever the source files' timestamps say)."""
    if not _CODE:
        digest = blake2b()
        sources = [p for part in _CODE_PARTS for p in (_PACKAGE / part).glob("**/*.py")]
        sources += [_PACKAGE / part for part in _CODE_PARTS if part.endswith(".py")]
        for path in sorted(sources):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
        _CODE.append(digest.hexdigest())
    return _CODE[0]


def entry_path(cache_dir: Path, root: Path) -> Path:
    name = blake2b(os.fsencode(root.resolve()), digest_size=12).hexdigest()
    return cache_dir / f"{name}.jsonl"


# ---- reading ----------------------------------------------------------------------------


def read(path: Path, wanted: str) -> Entry | None:
    """The entry stored at ``path`` if its key is ``wanted``; None otherwise.

    Opened non-blocking (a FIFO there does not hang the run), regular files only, and no
    line longer than :data:`MAX_LINE` is read.
    """
    try:
        fd = open_regular(path)
    except OSError:
        return None
    try:
        with open(fd, "rb") as handle:  # noqa: PTH123 - a descriptor, not a path
            entry = _read_entry(handle, wanted)
    except (OSError, *DECODE_ERRORS):
        return None
    if entry is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept by the eviction
    return entry


def _read_entry(handle: IO[bytes], wanted: str) -> Entry | None:
    if _line(handle) != wanted.encode("ascii") + b"\n":
        return None
    head = json.loads(_line(handle))
    problems = [_problem(json.loads(_line(handle))) for _ in range(head["problems"])]
    # One line at a time: never the whole file in memory next to the models.
    report = decoder(ProgressReport)
    places = decoder(Places)(head["places"])
    top = decoder(KeyMarks)
    reports = []
    for _ in range(head["reports"]):
        line = json.loads(_line(handle))
        relative = _text(line["path"])
        reports.append((relative, report(line["report"])))
        if "top" in line:
            places[relative] = top(line["top"])
    if handle.read(1):  # more than the head announced: not an entry to trust
        return None
    office = head.get("office")
    return Entry(
        decoder(Registry)(head["registry"]),
        reports,
        problems,
        head["files"],
        None if office is None else _named(office, Office),
        [_named(row, Acceptance) for row in head.get("acceptance", ())],
        [_named(row, Action) for row in head.get("actions", ())],
        [_named(row, Inspection) for row in head.get("inspections", ())],
        places,
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("a path in the cache is not a string")
    return value


def _named(row: Any, model: type[Any]) -> tuple[str, Any]:
    path, data = row
    return _text(path), decoder(model)(data)


def _line(handle: IO[bytes]) -> bytes:
    line = handle.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise TooLarge(Path("cache"), len(line), MAX_LINE)
    if not line.endswith(b"\n"):  # cut short
        raise ValueError("incomplete cache entry")
    return line


def _problem(row: Any) -> Problem:
    path, line, col, code, message, severity, hidden = row
    if not all(isinstance(v, str) for v in (path, code, message)):
        raise TypeError("a problem in the cache is not of the right shape")
    if not all(type(v) is int for v in (line, col, hidden)):
        raise TypeError("a problem in the cache is not of the right shape")
    return Problem(path, line, col, code, message, Severity(severity), hidden)


# ---- writing ----------------------------------------------------------------------------


def write(path: Path, key_: str, entry: Entry) -> None:
    """Store the entry (mode 0600, in a folder of mode 0700) and forget the oldest entries;
    a cache that cannot be written is skipped, never an error."""
    from ..write.atomic import WriteRefused, atomic_write, make_folder  # cold runs only

    try:
        make_folder(path.parent, mode=0o700)
        atomic_write(path, _lines(key_, entry), force=True, mode=0o600)
    except (OSError, WriteRefused):
        return
    evict(path.parent)


def _lines(key_: str, entry: Entry) -> Iterator[bytes]:
    # Serialised straight to bytes, line by line: no str copy of tens of megabytes.
    yield key_.encode("ascii") + b"\n"
    in_reports = {relative for relative, _ in entry.reports}
    head = {
        "registry": to_data(entry.registry),
        "problems": len(entry.problems),
        "files": entry.files,
        "reports": len(entry.reports),
        "office": None if entry.office is None else [entry.office[0], to_data(entry.office[1])],
        "acceptance": [[path, to_data(a)] for path, a in entry.acceptance],
        "actions": [[path, to_data(a)] for path, a in entry.actions],
        "inspections": [[path, to_data(i)] for path, i in entry.inspections],
        "places": {path: top for path, top in entry.places.items() if path not in in_reports},
    }
    yield _json(head)
    for p in entry.problems:
        yield _json([p.path, p.line, p.column, p.code, p.message, p.severity.value, p.hidden])
    for relative, report in entry.reports:
        line = {"path": relative, "report": to_data(report)}
        top = entry.places.get(relative)
        if top is not None:
            line["top"] = top
        yield _json(line)


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def evict(folder: Path, keep: int = MAX_ENTRIES) -> list[str]:
    """Delete all but the ``keep`` most recently used entries (other files are not touched)."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for item in entries:
                if _ENTRY_NAME.match(item.name) and item.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        found.append((item.stat(follow_symlinks=False).st_mtime_ns, item.name))
    except OSError:
        return []
    removed = []
    for _, name in sorted(found, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            (folder / name).unlink()
            removed.append(name)
    return removed
