"""Fuzz and mutation campaign: no data file makes any command crash, hang or write
where it was not asked to.

Inputs: (a) random YAML documents, random text and random bytes, as ``projects.yaml`` and
as a progress file; (b) mutations of the real shipped files (a deleted line, shifted or
swapped indentation, a duplicated key, truncation, a merge-conflict block, a value of
another type, GBK bytes, a tab, a BOM, a NUL, a full-width colon), and the real files with
one node replaced by a random value. Every command runs over each mutated data folder
through the ``cli`` fixture (exceptions propagate), and each run must keep the invariant
of :func:`assert_invariant`.

Profiles: ``ci`` (the default: derandomized, a budget that keeps the whole campaign near
a minute) and ``long`` (``HYPOTHESIS_PROFILE=long``, twenty times more cases, for runs by
hand). The figures (cases, runs per command and exit code) are printed at the end of the
pytest session.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from pydantic import BaseModel
from typer.testing import Result

from minsheng import models
from tests.conftest import CAMPAIGN, DATA, ROOT, Run

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, suppress_health_check=_QUIET
)
settings.register_profile(
    "long",
    deadline=None,
    database=DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples")),
    suppress_health_check=_QUIET,
)
pytestmark = pytest.mark.fuzz

PROFILE = "long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "ci"
SCALE = 20 if PROFILE == "long" else 1


def budget(examples: int) -> settings:
    """The campaign's profile with ``examples`` cases (times 20 under the long profile)."""
    return settings(settings.get_profile(PROFILE), max_examples=examples * SCALE)


# The ci profile works on the registry and the first three months (45 files): the same
# code paths as the whole year at a third of the cost. The long profile takes every file.
MONTHS = None if PROFILE == "long" else ("2022-04", "2022-05", "2022-06")
REGISTRY = "projects.yaml"
REPORT = "progress/2022-05/县教委.yaml"  # the file new-report writes
AS_OF = "2022-12-31" if MONTHS is None else "2022-06-30"
RUN_SECONDS = 5.0

COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("schema", ("schema", "--kind", "progress")),
    ("check", ("check", "--data", "data", "--as-of", "2022-12-31")),
    ("status", ("status", "--data", "data", "--as-of", AS_OF)),
    ("deadlines", ("deadlines", "--data", "data", "--as-of", AS_OF)),
    ("bulletin-md", ("bulletin", "--data", "data", "--period", "2022Q2")),
    ("bulletin-html", ("bulletin", "--data", "data", "--period", "2022Q2", "--format", "html")),
    ("assess", ("assess", "--data", "data", "--as-of", "2022-12-31")),
    # The site holds every bulletin and the Excel workbook of `export` (openpyxl refuses
    # some characters), so this one run covers those code paths too.
    ("site", ("site", "--data", "data", "-o", "site", "--as-of", AS_OF)),
    # Last: the file it writes is not filled in, so it would fail the runs after it.
    (
        "new-report",
        ("new-report", "--data", "data", "--unit", "县教委", "--month", "2022-05", "--force"),
    ),
)
# What each command may change in the workspace, besides the cache folder: whole folders
# (a trailing "/") or single paths. new-report may create the month folder it writes into.
MAY_WRITE: dict[str, tuple[str, ...]] = {
    "site": ("work/site", "work/site/"),
    "new-report": (f"work/data/{REPORT}", "work/data/progress/2022-05", "work/data/progress"),
}
CACHE = "cache"
TEMP_FILE = re.compile(r"^\..+\.tmp$")  # fsutil.atomic_write's temporary files
PROBLEM_LINE = re.compile(r"^(\S.*?):(\d+):(\d+): error \[[a-z0-9-]+\] ", re.MULTILINE)


def shipped_files() -> list[str]:
    files = [REGISTRY, *LEDGER]
    for path in sorted((DATA / "progress").glob("*/*.yaml")):
        if MONTHS is None or path.parent.name in MONTHS:
            files.append(path.relative_to(DATA).as_posix())
    return files


# The office's files: the reports reply to its 督办 actions, so they go wherever reports go.
LEDGER = [
    "office.yaml",
    *(
        p.relative_to(DATA).as_posix()
        for p in sorted((DATA / "duban").glob("*/*.yaml"))
        if MONTHS is None or p.name[:7] <= MONTHS[-1]
    ),
]


FILES = shipped_files()
ORIGINAL = {name: (DATA / name).read_bytes() for name in FILES}


# ---- the workspace: a data folder reset between cases, and a snapshot of everything -------

Snapshot = dict[str, bytes | str]


def snapshot(root: Path) -> Snapshot:
    """Every file (its bytes), folder and symlink under ``root``, by relative path."""
    found: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        for name in dirs + files:
            path = base / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = f"-> {path.readlink()}"
            elif path.is_dir():
                found[rel] = "<dir>"
            else:
                found[rel] = path.read_bytes()
    return found


def changed(before: Snapshot, after: Snapshot) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


class Workspace:
    """``work/`` (the working folder: ``data/`` and the site output), ``cache/``
    (MINSHENG_CACHE_DIR) and ``xdg/`` (XDG_CACHE_HOME, which must stay empty)."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.work = root / "work"
        self.data = self.work / "data"
        for name, raw in ORIGINAL.items():
            (self.data / name).parent.mkdir(parents=True, exist_ok=True)
            (self.data / name).write_bytes(raw)
        (root / CACHE).mkdir()
        (root / "xdg").mkdir()
        monkeypatch.setenv("MINSHENG_CACHE_DIR", str(root / CACHE))
        monkeypatch.setenv("XDG_CACHE_HOME", str(root / "xdg"))
        monkeypatch.chdir(self.work)
        self.pristine = snapshot(self.data)

    def reset(self) -> None:
        """Back to the shipped files: only what a case or new-report changed is rewritten."""
        now = snapshot(self.data)
        for rel in sorted(changed(self.pristine, now), reverse=True):
            path, want = self.data / rel, self.pristine.get(rel)
            if want is None:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            elif isinstance(want, bytes):
                path.write_bytes(want)

    def put(self, name: str, raw: bytes) -> None:
        self.reset()
        (self.data / name).write_bytes(raw)


# ---- one run, and the invariant -----------------------------------------------------------


class Hang(Exception):
    """A run went past RUN_SECONDS."""


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Interrupt the run (SIGALRM) if it takes longer than ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"the run took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_invariant(cli: Run, label: str, result: Result, ws: Workspace, offending: str) -> None:
    """What every run must do, whatever the input.

    - exit code 0, 1 or 2, and never a Python traceback;
    - exit 1 (data errors) names the offending file: the output has at least one problem
      line ``path:line:col: error [code] ...``, every path in them exists in the data
      folder, and the mutated file is one of them -- unless that file is faultless on its
      own (see :func:`faulty_alone`), as a registry truncated after a whole project is:
      then the files it no longer fits (reports naming the projects it lost) are the ones
      to name. The shipped files are valid, so the mutated one is the only cause, and a
      clerk who opens the file named must find the mistake there or its consequence.
    - exit 2 is a usage error (``用法错误：``) without problem lines: the data stayed
      valid but no longer fits the options (the year or the unit was changed), and the
      message names the option's value;
    - nothing is written but the output asked for (checked by the caller's snapshot).
    """
    out = result.stdout + result.stderr
    context = f"{label} on {offending}: exit {result.exit_code}\n{out[-3000:]}"
    assert result.exit_code in (0, 1, 2), context
    assert "Traceback" not in out, context
    if result.exit_code == 1:
        paths = {path for path, _line, _col in PROBLEM_LINE.findall(out)}
        assert paths, context
        assert all((ws.work / path).exists() for path in paths), context
        if f"data/{offending}" not in paths:
            assert not faulty_alone(cli, ws, offending), context
    elif result.exit_code == 2:
        assert result.stderr.startswith("用法错误："), context
        assert not PROBLEM_LINE.search(out), context


def faulty_alone(cli: Run, ws: Workspace, name: str) -> bool:
    """Does ``check`` fail the mutated file by itself: the registry alone, or a report with
    nothing but the shipped registry beside it?"""
    alone = ws.root.parent / "alone"
    shutil.rmtree(alone, ignore_errors=True)
    (alone / name).parent.mkdir(parents=True)
    for kept in (REGISTRY, *LEDGER):
        (alone / kept).parent.mkdir(parents=True, exist_ok=True)
        (alone / kept).write_bytes(ORIGINAL[kept])
    shutil.copyfile(ws.data / name, alone / name)
    return cli("check", "--data", str(alone), "--as-of", "2022-12-31").exit_code != 0


def run_all(cli: Run, ws: Workspace, offending: str, kind: str) -> None:
    """Every command over the workspace's data folder; the invariant after each."""
    CAMPAIGN["cases", kind] += 1
    for label, args in COMMANDS:
        before = snapshot(ws.root)
        started = time.perf_counter()
        with time_bound(RUN_SECONDS):
            result = cli(*args)
        elapsed = time.perf_counter() - started
        CAMPAIGN[label, str(result.exit_code)] += 1
        assert elapsed < RUN_SECONDS, f"{label} on {offending}: {elapsed:.1f} s"
        assert_invariant(cli, label, result, ws, offending)
        after = snapshot(ws.root)
        stray = {p for p in changed(before, after) if not may_write(label, p)}
        assert not stray, f"{label} on {offending} wrote outside its output: {sorted(stray)}"
        leftovers = [p for p in after if TEMP_FILE.match(Path(p).name)]
        assert not leftovers, f"{label} on {offending} left temporary files: {leftovers}"


def may_write(label: str, path: str) -> bool:
    allowed = (CACHE, f"{CACHE}/", *MAY_WRITE.get(label, ()))
    return any(path == a or (a.endswith("/") and path.startswith(a)) for a in allowed)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    return Workspace(tmp_path / "ws", monkeypatch)


# ---- (b) mutations of the shipped files ---------------------------------------------------

Pick = Callable[[int], int]  # pick(n): an index in range(n), drawn by hypothesis

_KEY_LINE = re.compile(rb"^(\s*(?:- )?)([A-Za-z_]+):(\s|$)")
_VALUE_LINE = re.compile(rb"^(\s*(?:- )?[A-Za-z_]+: )\S")
_CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
OTHER_TYPES = (b"[1, 2]", b"{a: 1}", b"12345", b"", b"-1", b"1e400", b"[]", b"{}", b'""', b"~")


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def _char_boundary(raw: bytes, pick: Pick) -> int:
    """A byte offset that does not split a UTF-8 character."""
    offset = pick(len(raw) + 1)
    while offset < len(raw) and raw[offset] & 0xC0 == 0x80:
        offset += 1
    return offset


def delete_line(raw: bytes, pick: Pick) -> bytes:
    lines = _lines(raw)
    del lines[pick(len(lines))]
    return b"\n".join(lines)


def shift_indent(raw: bytes, pick: Pick) -> bytes:
    lines = _lines(raw)
    i = pick(len(lines))
    by = (-2, -1, 1, 2, 4)[pick(5)]
    lines[i] = b" " * by + lines[i] if by > 0 else lines[i].removeprefix(b" " * -by)
    return b"\n".join(lines)


def swap_indent(raw: bytes, pick: Pick) -> bytes:
    lines = _lines(raw)
    i = pick(len(lines) - 1)
    a, b = lines[i].lstrip(b" "), lines[i + 1].lstrip(b" ")
    lines[i] = b" " * (len(lines[i + 1]) - len(b)) + a
    lines[i + 1] = b" " * (len(lines[i]) - len(a)) + b
    return b"\n".join(lines)


def duplicate_key(raw: bytes, pick: Pick) -> bytes:
    lines = _lines(raw)
    keyed = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
    i = keyed[pick(len(keyed))]
    lines.insert(i + 1, _KEY_LINE.sub(lambda m: b" " * len(m[1]) + m[2] + b":" + m[3], lines[i]))
    return b"\n".join(lines)


def truncate(raw: bytes, pick: Pick) -> bytes:
    return raw[: pick(len(raw))]


def merge_conflict(raw: bytes, pick: Pick) -> bytes:
    lines = _lines(raw)
    i = pick(len(lines))
    ours = lines[i : i + 1 + pick(3)]
    theirs = [line.replace(b"1", b"2") for line in ours]
    lines[i : i + len(ours)] = [b"<<<<<<< HEAD", *ours, b"=======", *theirs, b">>>>>>> main"]
    return b"\n".join(lines)


def other_type(raw: bytes, pick: Pick) -> bytes:
    lines = _lines(raw)
    valued = [i for i, line in enumerate(lines) if _VALUE_LINE.match(line)]
    i = valued[pick(len(valued))]
    head = _VALUE_LINE.match(lines[i])
    assert head is not None
    lines[i] = head[1] + OTHER_TYPES[pick(len(OTHER_TYPES))]
    return b"\n".join(lines)


def gbk(raw: bytes, pick: Pick) -> bytes:
    """Chinese text in GBK: one run of it (an editor saving a pasted line), or the whole file."""
    text = raw.decode("utf-8")
    runs = list(_CJK.finditer(text))
    if pick(4) == 0 or not runs:
        return text.encode("gbk", errors="replace")
    run = runs[pick(len(runs))]
    return b"".join(
        (text[: run.start()].encode(), run[0].encode("gbk", "replace"), text[run.end() :].encode())
    )


def _insert(what: bytes) -> Callable[[bytes, Pick], bytes]:
    def insert(raw: bytes, pick: Pick) -> bytes:
        at = _char_boundary(raw, pick)
        if pick(2):  # at the start of that line: indentation, or before a key
            at = raw.rfind(b"\n", 0, at) + 1
        return raw[:at] + what + raw[at:]

    return insert


def fullwidth_colon(raw: bytes, pick: Pick) -> bytes:
    lines = _lines(raw)
    keyed = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
    i = keyed[pick(len(keyed))]
    lines[i] = lines[i].replace(b":", "：".encode(), 1)
    return b"\n".join(lines)


MUTATIONS: dict[str, Callable[[bytes, Pick], bytes]] = {
    "delete-line": delete_line,
    "shift-indent": shift_indent,
    "swap-indent": swap_indent,
    "duplicate-key": duplicate_key,
    "truncate": truncate,
    "merge-conflict": merge_conflict,
    "other-type": other_type,
    "gbk": gbk,
    "tab": _insert(b"\t"),
    "bom-inside": _insert(b"\xef\xbb\xbf"),
    "nul": _insert(b"\x00"),
    "fullwidth-colon": fullwidth_colon,
}


class Mutated:
    """A shipped file with a change; shown as a diff when hypothesis reports a failure."""

    def __init__(self, name: str, kind: str, raw: bytes) -> None:
        self.name, self.kind, self.raw = name, kind, raw

    def __repr__(self) -> str:
        old = ORIGINAL[self.name].decode("utf-8").splitlines()
        new = self.raw.decode("utf-8", "backslashreplace").splitlines()
        diff = list(difflib.unified_diff(old, new, lineterm="", n=1))[2:12]
        return f"Mutated({self.name!r}, {self.kind!r}, diff={diff!r})"


@st.composite
def mutations(draw: st.DrawFn, kind: str) -> Mutated:
    # The registry is drawn about half the time: every command depends on it.
    name = draw(st.one_of(st.just(REGISTRY), st.sampled_from(FILES)))
    raw = MUTATIONS[kind](ORIGINAL[name], lambda n: draw(st.integers(0, max(n - 1, 0))))
    return Mutated(name, kind, raw)


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_mutated_shipped_files_never_crash_hang_or_stray(kind: str, cli, workspace: Workspace):
    @budget(10)
    @given(mutations(kind))
    def campaign(case: Mutated) -> None:
        workspace.put(case.name, case.raw)
        run_all(cli, workspace, case.name, f"mutation:{case.kind}")

    campaign()


# ---- (a) random documents, text and bytes -------------------------------------------------

# The models' own field names make random documents reach past the parser into validation.
FIELDS = sorted(
    {
        name
        for model in vars(models).values()
        if isinstance(model, type) and issubclass(model, BaseModel)
        for name in model.model_fields
    }
)
KEYS = st.sampled_from(FIELDS) | st.text(max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats()
    | st.text(max_size=12)
    | st.dates()
    | st.sampled_from(["2022-05", "县教委", "建成", "1-1", "https://example.gov.cn/x"])
)
VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=24,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=6) | VALUES


def dump(doc: object, flow: bool, unicode: bool) -> bytes:
    text = yaml.safe_dump(doc, allow_unicode=unicode, default_flow_style=flow, sort_keys=False)
    return text.encode("utf-8")


TARGETS = st.sampled_from([REGISTRY, REPORT])


def test_random_yaml_documents(cli, workspace: Workspace):
    @budget(30)
    @given(TARGETS, DOCUMENTS, st.booleans(), st.booleans())
    def campaign(name: str, doc: object, flow: bool, unicode: bool) -> None:
        workspace.put(name, dump(doc, flow, unicode))
        run_all(cli, workspace, name, "random-yaml")

    campaign()


def test_random_text_and_bytes(cli, workspace: Workspace):
    raw = st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8"))

    @budget(30)
    @given(TARGETS, raw)
    def campaign(name: str, content: bytes) -> None:
        workspace.put(name, content)
        run_all(cli, workspace, name, "random-bytes")

    campaign()


def _nodes(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    children = (
        doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    )
    for key, child in children:
        yield from _nodes(child, (*path, key))


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    copy[path[0]] = _replace(doc[path[0]], path[1:], value)
    return copy


PARSED = {name: yaml.safe_load(raw) for name, raw in ORIGINAL.items()}
NODES = {name: list(_nodes(doc))[1:] for name, doc in PARSED.items()}


def test_shipped_files_with_a_node_replaced(cli, workspace: Workspace):
    """Deep in the real structure, a value of another type: past the parser, into the models."""

    @budget(30)
    @given(
        st.one_of(st.just(REGISTRY), st.sampled_from(FILES)).flatmap(
            lambda name: st.tuples(st.just(name), st.sampled_from(NODES[name]), VALUES)
        )
    )
    def campaign(case: tuple[str, tuple[Any, ...], object]) -> None:
        name, path, value = case
        workspace.put(name, dump(_replace(PARSED[name], path, value), False, True))
        run_all(cli, workspace, name, "node-replaced")

    campaign()


# ---- (c) files that vanish during a run -------------------------------------------------------


def assert_vanish_invariant(label: str, result: Result, gone: str) -> None:
    """A run that lost a file part-way: 0 (it had been read already), 1 naming it, or 2 (the
    data folder was no longer usable); never a traceback, never a problem about another file."""
    out = result.stdout + result.stderr
    context = f"{label} with {gone} vanishing: exit {result.exit_code}\n{out[-3000:]}"
    assert result.exit_code in (0, 1, 2), context
    assert "Traceback" not in out and "No such file" not in out, context
    if result.exit_code == 1:
        paths = {path for path, _line, _col in PROBLEM_LINE.findall(out)}
        assert paths == {f"data/{gone}"}, context
        assert "error [vanished]" in out, context


@contextmanager
def vanishing(gone: Path, when: Path) -> Iterator[None]:
    """``gone`` is deleted just before the file ``when`` is read: for the cache's key (a run
    the cache would serve) or to be parsed."""
    from minsheng.load import cache, yamlread
    from minsheng.load import folder as folder_module

    real_read, real_token = yamlread.read_raw, cache.file_token

    def read_raw(path: Path, name: str) -> tuple[bytes | None, Any]:
        if path.absolute() == when:
            gone.unlink(missing_ok=True)
        return real_read(path, name)

    def file_token(path: Path) -> str:
        if path.absolute() == when:
            gone.unlink(missing_ok=True)
        return real_token(path)

    folder_module.read_raw = read_raw  # type: ignore[attr-defined]
    cache.file_token = file_token
    try:
        yield
    finally:
        folder_module.read_raw = real_read  # type: ignore[attr-defined]
        cache.file_token = real_token


def test_files_vanishing_between_listing_and_reading(cli, workspace: Workspace):
    """A drawn file is deleted just before a drawn file (itself or another) is read, as a
    checkout or a save by rename would: every command, each over a fresh copy."""

    # The file itself as it is about to be read, half of the time; else before another.
    pairs = st.sampled_from(FILES).flatmap(
        lambda gone: st.tuples(st.just(gone), st.just(gone) | st.sampled_from(FILES))
    )

    @budget(8)
    @given(pairs)
    def campaign(pair: tuple[str, str]) -> None:
        gone, when = pair
        CAMPAIGN["cases", "vanishing"] += 1
        for label, args in COMMANDS:
            if label == "schema":
                continue
            workspace.reset()
            with vanishing(workspace.data / gone, workspace.data / when), time_bound(RUN_SECONDS):
                result = cli(*args)
            CAMPAIGN[f"vanish:{label}", str(result.exit_code)] += 1
            assert_vanish_invariant(label, result, gone)

    campaign()


# ---- (d) writers that race ----------------------------------------------------------------------

RACERS: dict[str, tuple[tuple[str, ...], str]] = {
    "new-report": (
        ("new-report", "--data", "data", "--unit", "县教委", "--month", "2022-05"),
        f"data/{REPORT}",
    ),
    "bulletin": (("bulletin", "--data", "data", "--period", "2022Q2", "-o", "q2.md"), "q2.md"),
    "export": (("export", "--data", "data", "--as-of", AS_OF, "-o", "x.xlsx"), "x.xlsx"),
    "site": (("site", "--data", "data", "--as-of", AS_OF, "-o", "site"), "site/index.html"),
}


def test_concurrent_writers(
    cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    """2–4 real processes write one output at once, released together at the race point
    (their temp files written, nothing published) or left to run freely: without --force
    exactly one new file wins and the others are told it exists; with --force, or for a
    site, every run succeeds; the output is always whole and no temp file is left."""
    from tests.test_races import barrier_hook, run_writers

    monkeypatch.setenv("MINSHENG_NO_CACHE", "1")  # the writes that race are the commands' own

    @budget(6)
    @given(st.sampled_from(sorted(RACERS)), st.integers(2, 4), st.booleans(), st.booleans())
    def campaign(name: str, count: int, force: bool, together: bool) -> None:
        CAMPAIGN["cases", "race"] += 1
        workspace.reset()
        shutil.rmtree(workspace.work / "site", ignore_errors=True)
        for leftover in ("q2.md", "x.xlsx"):
            (workspace.work / leftover).unlink(missing_ok=True)
        args, target = RACERS[name]
        if name == "new-report":
            (workspace.data / REPORT).unlink()  # a new file to race for
        expected = whole_output(cli, workspace, name, args, target)
        hook = first_only(barrier_hook(count)) if together else (lambda tmp: None)
        extra = ("--force",) if force and name != "site" else ()
        outcomes = run_writers(tmp_path, [*args, *extra], count, hook)
        for outcome in outcomes:
            CAMPAIGN[f"race:{name}", str(outcome.code)] += 1
        winners = [o for o in outcomes if o.code == 0]
        losers = [o for o in outcomes if o.code != 0]
        context = f"{name} ×{count} force={force} together={together}: {outcomes}"
        # A new report is not filled in: a writer that starts after another has finished
        # finds it among the data, and stops at its errors (that is a correct answer too).
        late = [o for o in losers if name == "new-report" and f"{target}:" in o.stderr]
        if force or name == "site":
            assert len(winners) + len(late) == count and winners, context
        else:
            assert len(winners) == 1, context
            told = [o for o in losers if "已存在；如确需覆盖，请加 --force" in o.stderr]
            assert len(told) + len(late) == len(losers), context
        assert all(o.code == 1 for o in losers), context
        assert (workspace.work / target).read_bytes() == expected, context
        leftovers = [p for p in snapshot(workspace.root) if TEMP_FILE.match(Path(p).name)]
        assert not leftovers, context

    campaign()


def first_only(hook: Callable[[Path], None]) -> Callable[[Path], None]:
    """The hook at a process's first write only (a site writes many files)."""
    done: list[bool] = []

    def once(tmp: Path) -> None:
        if not done:
            done.append(True)
            hook(tmp)

    return once


def whole_output(cli: Run, ws: Workspace, name: str, args: tuple[str, ...], target: str) -> bytes:
    """What one run alone writes (new-report's submission date is today's: the same for all)."""
    result = cli(*args)
    assert result.exit_code == 0, result.output
    path = ws.work / target
    content = path.read_bytes()
    if name == "site":
        shutil.rmtree(ws.work / "site")
    else:
        path.unlink()
    return content
