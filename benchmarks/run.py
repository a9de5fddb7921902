#!/usr/bin/env python3
"""Time whole minsheng processes against two floors and write benchmarks/RESULTS.md.

    /work/venv/bin/python benchmarks/run.py                 # 15, 150, 1500, 5000 projects, 5 runs
    /work/venv/bin/python benchmarks/run.py --quick         # 15 and 150 projects, 3 runs, no file

Run it with the interpreter minsheng is installed in: the commands are timed with that
interpreter and the ``minsheng`` script next to it. N=15 is the shipped ``data/`` folder;
other sizes are generated into a temporary folder with ``benchmarks/generate.py``.

Every figure is a whole process started with ``subprocess`` and reaped with ``os.wait4``,
which returns the resource usage of that one child: its wall time (``perf_counter`` from
start to reaping) and its own peak RSS (``ru_maxrss``), never a maximum over earlier
children. Each command runs once untimed first (warm OS cache); then the commands of one
size are timed round-robin, one process at a time, ``--runs`` rounds, and the median is
reported with min and max.

``check`` and ``status`` are measured cold and warm: before each cold run the folder named by
``MINSHENG_CACHE_DIR`` is emptied, and a warm run follows it with the cache left in place.
If the tool keeps no cache there, cold and warm measure the same thing.

By default the working tree is measured. ``--rev REV`` measures the tool as committed at
REV instead (``src/`` and ``templates/`` extracted to a temporary folder that goes first on
``PYTHONPATH``), so that commits made while the benchmark runs cannot change what it measures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"
GENERATOR = Path(__file__).resolve().parent / "generate.py"
DEFAULT_OUT = Path(__file__).resolve().parent / "RESULTS.md"
NOTES = Path(__file__).resolve().parent / "NOTES.md"
SIZES = (15, 150, 1500, 5000)
QUICK_SIZES = (15, 150)
LINEAR_SLACK = 1.10  # t(5000)/t(1500) may exceed 5000/1500 by this factor and still count as linear

STARTUP_FLOOR = "import typer, rich"
# The parser floor: the same files through PyYAML's libyaml loader, and nothing else.
PARSER_FLOOR = """
import sys, pathlib, yaml
root = pathlib.Path(sys.argv[1])
for path in [root / "projects.yaml", *sorted(root.glob("progress/*/*.yaml"))]:
    with open(path, "rb") as stream:
        yaml.load(stream, Loader=yaml.CSafeLoader)
"""


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    rss_kib: int  # peak resident set size of the child, KiB (Linux ru_maxrss)


@dataclass
class Series:
    """Timed runs of one command on one data size."""

    samples: list[Sample] = field(default_factory=list)
    failure: str | None = None  # why the command could not be measured

    @property
    def ok(self) -> bool:
        return self.failure is None and bool(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def low(self) -> float:
        return min(s.wall for s in self.samples)

    @property
    def high(self) -> float:
        return max(s.wall for s in self.samples)

    @property
    def rss_mib(self) -> float:
        return statistics.median(s.rss_kib for s in self.samples) / 1024


class CommandFailed(Exception):
    pass


def run_once(cmd: Sequence[str], env: dict[str, str]) -> Sample:
    """One whole process: wall time and that child's own peak RSS; fails on a non-zero exit."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise CommandFailed(f"exit {proc.returncode}: {' / '.join(tail)}"[:300])
    return Sample(wall, usage.ru_maxrss)


@contextmanager
def cache_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="minsheng-cache-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# Set once by main(): PYTHONPATH of a --rev snapshot.
TOOL_ENV: dict[str, str] = {}


def environment(cache: Path) -> dict[str, str]:
    """The measured processes' environment: as users run the tool, so with bytecode files
    (``PYTHONDONTWRITEBYTECODE`` is dropped), no colour, and a cache folder of the job's."""
    env = dict(os.environ)
    env.pop("MINSHENG_DATA", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(NO_COLOR="1", MINSHENG_CACHE_DIR=str(cache), **TOOL_ENV)
    return env


def snapshot(rev: str, workdir: Path) -> str:
    """Extract src/ and templates/ at ``rev`` and put them first on the tools' PYTHONPATH."""
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run(
        [*git, "rev-parse", "--short", f"{rev}^{{commit}}"], capture_output=True, text=True
    )
    if commit.returncode != 0:
        raise SystemExit(f"--rev: no commit {rev!r} in {ROOT}")
    archive = subprocess.run(
        [*git, "archive", commit.stdout.strip(), "src", "templates"],
        capture_output=True,
        check=True,
    ).stdout
    dest = workdir / "snapshot"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    TOOL_ENV["PYTHONPATH"] = str(dest / "src")
    return f"commit {commit.stdout.strip()} (snapshot via --rev, working tree not used)"


def _empty(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()


@dataclass
class Job:
    """One command to time; ``warm`` is set when cold and warm runs are told apart."""

    label: str
    cmd: list[str]
    cache: Path
    cold: Series = field(default_factory=Series)
    warm: Series | None = None
    before: Callable[[], None] | None = None  # untimed, before every run (warm-up included)

    def warm_up(self) -> None:
        """One untimed run for the OS cache; a cold/warm job uses a throwaway cache for it."""
        with cache_dir() as throwaway:
            cache = throwaway if self.warm is not None else self.cache
            if self.before is not None:
                self.before()
            run_once(self.cmd, environment(cache))

    def timed_run(self) -> None:
        env = environment(self.cache)
        if self.before is not None:
            self.before()
        if self.warm is None:
            self.cold.samples.append(run_once(self.cmd, env))
            return
        _empty(self.cache)
        self.cold.samples.append(run_once(self.cmd, env))
        self.warm.samples.append(run_once(self.cmd, env))

    def fail(self, message: str) -> None:
        for series in (self.cold, self.warm):
            if series is not None:
                series.failure = message


def measure(jobs: Sequence[Job], runs: int) -> None:
    """Warm up every job, then time them round-robin, one process at a time.

    Interleaving puts the floors and the commands under the same conditions in each
    round, so a burst of other work on the machine hits the ratios less than the times.
    """
    for job in jobs:
        try:
            job.warm_up()
        except CommandFailed as exc:
            job.fail(str(exc))
    for i in range(runs):
        for job in jobs:
            if job.cold.failure is not None:
                continue
            _progress(f"{job.label} {i + 1}/{runs}")
            try:
                job.timed_run()
            except CommandFailed as exc:
                job.fail(str(exc))


# (label, command, cold and warm told apart?, what to do untimed before each run)
Spec = tuple[str, list[str], bool] | tuple[str, list[str], bool, Callable[[], None]]


@contextmanager
def jobs_of(specs: Sequence[Spec]) -> Iterator[list[Job]]:
    """Jobs for (label, command, cold/warm?[, before]) with a cache folder each, removed
    afterwards."""
    folders = [Path(tempfile.mkdtemp(prefix="minsheng-cache-")) for _ in specs]
    try:
        yield [
            Job(spec[0], spec[1], folder, Series(), Series() if spec[2] else None, *spec[3:])
            for spec, folder in zip(specs, folders, strict=True)
        ]
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def _progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


# ---- what is measured -------------------------------------------------------------------


def minsheng() -> list[str]:
    script = Path(sys.executable).parent / "minsheng"
    return [str(script)] if script.exists() else [sys.executable, "-m", "minsheng"]


@dataclass
class Dataset:
    n: int
    path: Path
    year: int
    files: int
    mib: float


def plan_year(registry: Path) -> int:
    text = registry.read_text(encoding="utf-8-sig")
    match = re.search(r"^plan:\n(?:[ \t].*\n)*?[ \t]+year:[ \t]*(\d{4})", text, re.MULTILINE)
    if match is None:
        raise SystemExit(f"no plan.year in {registry}")
    return int(match[1])


def prepare(n: int, workdir: Path) -> Dataset:
    """The data folder for N projects: the shipped one for 15, else a generated one."""
    if n == 15:
        path = SHIPPED
    else:
        path = workdir / f"n{n}"
        _progress(f"generating N={n}")
        cmd = [sys.executable, str(GENERATOR), "--projects", str(n), "--out", str(path)]
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    files = [path / "projects.yaml", *sorted(path.glob("progress/*/*.yaml"))]
    size = sum(f.stat().st_size for f in files) / 1048576
    return Dataset(n, path, plan_year(path / "projects.yaml"), len(files), size)


@dataclass
class SizeResult:
    data: Dataset
    parser: Series
    check_cold: Series
    check_warm: Series
    status_cold: Series
    status_warm: Series
    bulletin: Series | None  # None: the command does not exist yet
    # The other commands and kinds, by label (see EXTRAS); absent: not run at this N.
    extra: dict[str, Series] = field(default_factory=dict)
    web: Web | None = None  # the web form's requests; None: not run at this N


# Further commands timed at each size, with the cache left from their untimed first run:
# (label, command after `minsheng`, the largest N it runs at, the command that must exist).
# {d} is the data folder, {y} its year, {w} a scratch folder of this size.
EXTRAS: tuple[tuple[str, tuple[str, ...], int, str], ...] = (
    (
        "`bulletin --format docx`",
        ("bulletin", "--data", "{d}", "--period", "{y}Q2", "-o", "{w}/b.docx", "--force"),
        5000,
        "bulletin",
    ),
    ("`duban`", ("duban", "--data", "{d}", "--as-of", "{y}-06-30"), 5000, "duban"),
    ("`site`", ("site", "--data", "{d}", "-o", "{w}/site", "--as-of", "{y}-12-31"), 1500, "site"),
)


@dataclass
class Results:
    runs: int
    startup: Series
    help: Series
    sizes: dict[int, SizeResult]
    bulletin_available: bool
    load: tuple[str, str] = ("?", "?")  # 1-minute load average before and after the run
    revisions: tuple[str, str] = ("?", "?")  # of minsheng before and after the run
    compiled: str = "?"  # the package byte-compiled before timing


def available(command: str) -> bool:
    """Whether the measured tool has ``command`` (older revisions lack some)."""
    with cache_dir() as cache:
        try:
            run_once([*minsheng(), command, "--help"], environment(cache))
        except CommandFailed:
            return False
    return True


def bulletin_available() -> bool:
    return available("bulletin")


def _extras(data: Dataset, scratch: Path) -> list[Spec]:
    fill = {"d": str(data.path), "y": str(data.year), "w": str(scratch)}
    return [
        (f"N={data.n} {label}", [*minsheng(), *(part.format(**fill) for part in cmd)], False)
        for label, cmd, largest, needs in EXTRAS
        if data.n <= largest and available(needs)
    ]


# ---- the workbook route and the web form -------------------------------------------------

IMPORT = "`import` of a filled-in workbook"
IMPORT_LARGEST = 5000
WEB_LARGEST = 1500
FILL = Path(__file__).resolve().parent / "fill_workbook.py"
WEBFORM = Path(__file__).resolve().parent / "webform.py"


@dataclass(frozen=True)
class Pick:
    """The report the import and the web form make again: one unit's, in the last month."""

    unit: str
    month: str
    report: Path


def pick_report(data: Path) -> Pick | None:
    """The first unit (by file name) with a report in the last month that answers no 督办
    action and asks for no 销号 (a clerk's plain monthly report)."""
    months = sorted(p for p in (data / "progress").iterdir() if p.is_dir())
    for path in sorted(months[-1].glob("*.yaml")) if months else ():
        text = path.read_text(encoding="utf-8-sig")
        if not re.search(r"^(duban|closure):", text, re.MULTILINE):
            return Pick(path.stem, months[-1].name, path)
    return None


def latest_submitted(data: Path) -> str:
    """The latest submission date of the folder's reports: the web form's today."""
    found = re.compile(r"^submitted:[ \t]*['\"]?(\d{4}-\d{2}-\d{2})", re.MULTILINE)
    days = (
        match[1]
        for path in data.glob("progress/*/*.yaml")
        for match in found.finditer(path.read_text(encoding="utf-8-sig"))
    )
    return max(days, default=f"{plan_year(data / 'projects.yaml')}-12-31")


def import_spec(data: Dataset, scratch: Path) -> Spec | str:
    """The import job, or why it cannot run: the picked report is taken out of a copy of the
    folder, ``new-report --format xlsx`` makes the unit's workbook from that copy, and
    fill_workbook.py types the report into it; each run imports it into a fresh copy."""
    pick = pick_report(data.path)
    if pick is None:
        return "no report to make again in the last month"
    base, target, workbook = scratch / "import-base", scratch / "import-data", scratch / "in.xlsx"
    shutil.copytree(data.path, base)
    (base / "progress" / pick.month / f"{pick.unit}.yaml").unlink()
    new_report = [*minsheng(), "new-report", "--data", str(base), "--unit", pick.unit]
    new_report += ["--month", pick.month, "--format", "xlsx", "-o", str(workbook)]
    with cache_dir() as cache:
        try:
            run_once(new_report, environment(cache))
            run_once(
                [sys.executable, str(FILL), str(workbook), str(pick.report)], environment(cache)
            )
        except CommandFailed as exc:
            return f"preparing the workbook: {exc}"

    def fresh_copy() -> None:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(base, target)

    command = [*minsheng(), "import", "--data", str(target), str(workbook)]
    return (f"N={data.n} {IMPORT}", command, False, fresh_copy)


@dataclass
class Web:
    """Seconds per request of the web form, in one process (see webform.py)."""

    requests: dict[str, list[float]] = field(default_factory=dict)
    failure: str | None = None


WEB_ROWS = (
    ("login", "floor: GET of the login page"),
    ("form", "GET of the clerk's form page"),
    ("submit", "POST of the filled-in form (checked, written, committed)"),
)


def measure_web(data: Dataset, runs: int, scratch: Path) -> Web:
    pick = pick_report(data.path)
    if pick is None:
        return Web(failure="no report to make again in the last month")
    command = [sys.executable, str(WEBFORM), "--data", str(data.path), "--unit", pick.unit]
    command += ["--month", pick.month, "--today", latest_submitted(data.path)]
    command += ["--requests", str(web_requests(runs)), "--work", str(scratch / "web")]
    _progress(f"N={data.n} web form, {web_requests(runs)} rounds")
    with cache_dir() as cache:
        done = subprocess.run(command, env=environment(cache), capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-2:]
        return Web(failure=f"exit {done.returncode}: {' / '.join(tail)}"[:300])
    return Web(json.loads(done.stdout.strip().splitlines()[-1]))


def web_requests(runs: int) -> int:
    """Rounds of the web form: more than the processes' runs, each request being short."""
    return max(10, 2 * runs)


def measure_size(data: Dataset, runs: int, with_bulletin: bool, scratch: Path) -> SizeResult:
    tool, d, y, n = minsheng(), str(data.path), data.year, data.n
    specs: list[Spec] = [
        (f"N={n} parser floor", [sys.executable, "-c", PARSER_FLOOR, d], False),
        (f"N={n} check", [*tool, "check", "--data", d, "--as-of", f"{y}-12-31"], True),
        (
            f"N={n} status",
            [*tool, "status", "--data", d, "--as-of", f"{y}-06-30", "--format", "json"],
            True,
        ),
    ]
    if with_bulletin:
        bulletin = [*tool, "bulletin", "--data", d, "--period", f"{y}Q2", "--format", "html"]
        specs.append((f"N={n} bulletin", bulletin, False))
    base = len(specs)
    specs += _extras(data, scratch)
    unprepared: dict[str, Series] = {}
    if n <= IMPORT_LARGEST and available("import"):
        spec = import_spec(data, scratch)
        if isinstance(spec, str):
            unprepared[IMPORT] = Series(failure=spec)
        else:
            specs.append(spec)
    with jobs_of(specs) as jobs:
        measure(jobs, runs)
    parser, check, status = jobs[:3]
    assert check.warm is not None and status.warm is not None
    extra = {job.label.split(" ", 1)[1]: job.cold for job in jobs[base:]}
    web = measure_web(data, runs, scratch) if n <= WEB_LARGEST and available("serve") else None
    return SizeResult(
        data,
        parser.cold,
        check.cold,
        check.warm,
        status.cold,
        status.warm,
        jobs[3].cold if with_bulletin else None,
        extra | unprepared,
        web,
    )


def _load() -> str:
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "?"


def run_all(sizes: Sequence[int], runs: int, workdir: Path, rev: str | None) -> Results:
    before = _load()
    revision = snapshot(rev, workdir) if rev else _git_revision()
    compiled = compile_tool()
    specs: list[Spec] = [
        ("start-up floor", [sys.executable, "-c", STARTUP_FLOOR], False),
        ("minsheng --help", [*minsheng(), "--help"], False),
    ]
    with jobs_of(specs) as jobs:
        measure(jobs, runs)
    startup, help_ = jobs[0].cold, jobs[1].cold
    with_bulletin = bulletin_available()
    results: dict[int, SizeResult] = {}
    for n in sizes:
        data = prepare(n, workdir)
        scratch = workdir / f"out{n}"
        scratch.mkdir()
        results[n] = measure_size(data, runs, with_bulletin, scratch)
        shutil.rmtree(scratch, ignore_errors=True)
        if data.path != SHIPPED:
            shutil.rmtree(data.path, ignore_errors=True)
    revisions = (revision, revision if rev else _git_revision())
    load = (before, _load())
    return Results(runs, startup, help_, results, with_bulletin, load, revisions, compiled)


def compile_tool() -> str:
    """Byte-compile the measured package (the --rev snapshot or the installed one), as pip
    does when it installs a package: the runs then read .pyc files, as users' runs do."""
    probe = "import minsheng, pathlib; print(pathlib.Path(minsheng.__file__).parent)"
    with cache_dir() as cache:
        env = environment(cache)
        found = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=ROOT
        )
        if found.returncode != 0:
            raise SystemExit(f"cannot import the measured minsheng: {found.stderr.strip()}")
        package = found.stdout.strip()
        compileall = [sys.executable, "-m", "compileall", "-q", package]
        subprocess.run(compileall, env=env, check=True, stdout=subprocess.DEVNULL)
    return package


# ---- the report -------------------------------------------------------------------------


def _s(series: Series | None) -> str:
    if series is None:
        return "n/a"
    if not series.ok:
        return "failed"
    return f"{series.median:.3f}"


def _ratio(series: Series | None, floor: Series | None) -> float | None:
    if series is None or floor is None or not series.ok or not floor.ok:
        return None
    return series.median / floor.median


def _x(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _rss_ratio(series: Series | None, floor: Series | None) -> float | None:
    if series is None or floor is None or not series.ok or not floor.ok:
        return None
    return series.rss_mib / floor.rss_mib


def _row(name: str, n: str, series: Series | None, startup: Series, parser: Series | None) -> str:
    if series is None:
        return f"| {name} | {n} | n/a | | | | | |"
    if not series.ok:
        return f"| {name} | {n} | failed: {series.failure} | | | | | |"
    return (
        f"| {name} | {n} | {series.median:.3f} | {series.low:.3f}–{series.high:.3f} "
        f"| {series.rss_mib:.0f} | {_x(_ratio(series, startup))} | {_x(_ratio(series, parser))} "
        f"| {_x(_rss_ratio(series, parser))} |"
    )


def table(res: Results) -> list[str]:
    lines = [
        f"Median of {res.runs} runs (wall seconds, min–max), peak RSS of the process (MiB),",
        "and ratios of the median against the start-up floor and against the parser floor of",
        "the same N (time and peak memory).",
        "",
        "| command | N | median (s) | min–max (s) | peak RSS (MiB) | × start-up floor "
        "| × parser floor | RSS × parser floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        _row(
            "start-up floor: `python -c 'import typer, rich'`", "—", res.startup, res.startup, None
        ),
        _row("`minsheng --help`", "—", res.help, res.startup, None),
    ]
    for n, size in res.sizes.items():
        p = size.parser
        lines += [
            _row("parser floor: `yaml.load(CSafeLoader)` of every file", str(n), p, res.startup, p),
            _row("`check` cold", str(n), size.check_cold, res.startup, p),
            _row("`check` warm", str(n), size.check_warm, res.startup, p),
            _row("`status --format json` cold", str(n), size.status_cold, res.startup, p),
            _row("`status --format json` warm", str(n), size.status_warm, res.startup, p),
            _row("`bulletin --period YQ2 --format html`", str(n), size.bulletin, res.startup, p),
        ]
        lines += [
            _row(label, str(n), series, res.startup, p) for label, series in size.extra.items()
        ]
    return lines


def web_lines(res: Results) -> list[str]:
    """The web form's requests (webform.py), against a GET of the login page."""
    sizes = {n: size.web for n, size in res.sizes.items() if size.web is not None}
    if not sizes:
        return []
    lines = [
        "## The web form (in-process requests)",
        "",
        "Seconds per request through Starlette's `TestClient`, in one process that builds "
        "the app of `minsheng.serve` with a clerk's account and a cache folder "
        "(`benchmarks/webform.py`): rounds of a GET of the login page (the floor), a GET of the "
        "clerk's form page for the report `import` makes again (on a warm cache) and a POST "
        "submitting it with other figures (checked, written, committed to git); median of "
        "the rounds, one untimed round first.",
        "",
        "| request | N | rounds | median (ms) | min–max (ms) | × login page |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for n, web in sizes.items():
        if web.failure is not None:
            lines.append(f"| web form | {n} | | failed: {web.failure} | | |")
            continue
        floor = statistics.median(web.requests["login"])
        for key, name in WEB_ROWS:
            times = web.requests[key]
            median = statistics.median(times)
            lines.append(
                f"| {name} | {n} | {len(times)} | {median * 1000:.1f} "
                f"| {min(times) * 1000:.1f}–{max(times) * 1000:.1f} | {median / floor:.1f}× |"
            )
    return [*lines, ""]


def growth(res: Results) -> list[str]:
    sizes = list(res.sizes)
    head = " | ".join(f"N={n}: s (ms/project)" for n in sizes)
    lines = [
        "Time per project at each N, and how the time grows from 1500 to 5000 projects",
        f"(linear: the ratio is at most 5000/1500 = 3.33; counted as linear up to "
        f"{5000 / 1500 * LINEAR_SLACK:.2f}). The marginal cost is (t(5000) − t(1500)) / 3500.",
        "",
        f"| command | {head} | t(5000)/t(1500) | marginal ms/project |",
        "|---|" + "---:|" * (len(sizes) + 2),
    ]
    rows: list[tuple[str, str]] = [
        ("parser floor", "parser"),
        ("`check` cold", "check_cold"),
        ("`status` cold", "status_cold"),
        ("`bulletin`", "bulletin"),
    ]
    for name, attr in rows:
        cells = []
        for n in sizes:
            series = getattr(res.sizes[n], attr)
            if series is None or not series.ok:
                cells.append(_s(series))
            else:
                cells.append(f"{series.median:.3f} ({series.median / n * 1000:.2f})")
        ratio, marginal = _growth(res, attr)
        lines.append(f"| {name} | {' | '.join(cells)} | {_fmt(ratio)} | {_fmt(marginal)} |")
    return lines


def _growth(res: Results, attr: str) -> tuple[float | None, float | None]:
    if 1500 not in res.sizes or 5000 not in res.sizes:
        return None, None
    small, big = getattr(res.sizes[1500], attr), getattr(res.sizes[5000], attr)
    if small is None or big is None or not small.ok or not big.ok:
        return None, None
    return big.median / small.median, (big.median - small.median) / 3500 * 1000


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


@dataclass
class Target:
    name: str
    measured: str
    met: bool | None  # None: not measured in this run


def targets(res: Results) -> list[Target]:
    """The headline: each target as a ratio of two medians measured in this run."""
    s15, s150, s1500, s5000 = (res.sizes.get(n) for n in (15, 150, 1500, 5000))
    found = []
    if s15 is not None:
        for kind in ("warm", "cold"):
            found.append(
                _limit(
                    f"`status` on the shipped data, {kind} ÷ start-up floor ≤ 2×",
                    _ratio(getattr(s15, f"status_{kind}"), res.startup),
                    2.0,
                )
            )
    found.append(_limit("`--help` ÷ start-up floor ≤ 1.3×", _ratio(res.help, res.startup), 1.3))
    big = s5000
    found.append(
        _limit(
            "warm `status` ÷ cold, 5000 projects ≤ 0.15×",
            _ratio(big.status_warm, big.status_cold) if big else None,
            0.15,
        )
    )
    for cmd in ("check", "status"):
        found.append(
            _limit(
                f"cold `{cmd}` ÷ bare CSafeLoader load, 5000 projects ≤ 0.5×",
                _ratio(getattr(big, f"{cmd}_cold"), big.parser) if big else None,
                0.5,
            )
        )
    site_small = s150.extra.get("`site`") if s150 else None
    site_big = s1500.extra.get("`site`") if s1500 else None
    found.append(
        _limit("`site` time growth 150 → 1500 projects ≤ 11×", _ratio(site_big, site_small), 11.0)
    )
    found.append(
        _limit(
            "`site` peak memory ÷ `bulletin --format html`, 1500 projects ≤ 1.5×",
            _rss_ratio(site_big, s1500.bulletin) if s1500 else None,
            1.5,
        )
    )
    peak = None
    if big is not None:
        runs = (big.check_cold, big.check_warm, big.status_cold, big.status_warm)
        ratios = [_rss_ratio(s, big.parser) for s in runs]
        peak = max((r for r in ratios if r is not None), default=None)
    found.append(
        _limit(
            "peak memory (check, status; cold, warm) ÷ bare load, 5000 projects ≤ 1.5×", peak, 1.5
        )
    )
    for cmd, attr in (("check", "check_cold"), ("status", "status_cold")):
        ratio, _ = _growth(res, attr)
        found.append(
            _limit(
                f"`{cmd}` grows linearly: t(5000)/t(1500) ≤ {5000 / 1500 * LINEAR_SLACK:.2f}",
                ratio,
                5000 / 1500 * LINEAR_SLACK,
                unit="",
            )
        )
    return found


def _limit(name: str, value: float | None, limit: float, unit: str = "×") -> Target:
    if value is None:
        return Target(name, "not measured", None)
    return Target(name, f"{value:.3f}{unit}", value <= limit)


def target_lines(res: Results) -> list[str]:
    lines = ["| target | measured | met |", "|---|---:|:---:|"]
    for t in targets(res):
        mark = "—" if t.met is None else ("✅" if t.met else "❌")
        lines.append(f"| {t.name} | {t.measured} | {mark} |")
    return lines


def machine(res: Results) -> list[str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())
        if match:
            memory = f"{int(match[1]) / 1048576:.1f} GiB"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    probe = (
        "import sys, yaml; print(sys.version.split()[0], yaml.__version__, yaml.__with_libyaml__)"
    )
    version = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores ({usable} usable by this process)",
        f"- Memory: {memory}",
        f"- OS: {platform.platform()}",
        f"- Python {version[0]} ({sys.executable})",
        f"- PyYAML {version[1]}, libyaml C extension: {'yes' if version[2] == 'True' else 'no'}",
        f"- minsheng at {res.revisions[0]}"
        + ("" if res.revisions[0] == res.revisions[1] else f" (at the end: {res.revisions[1]})"),
        f"- Bytecode: the measured processes run without `PYTHONDONTWRITEBYTECODE` (it is "
        f"{'set' if 'PYTHONDONTWRITEBYTECODE' in os.environ else 'not set'} in the benchmark's "
        f"own environment), and `{res.compiled}` was byte-compiled "
        "(`python -m compileall -q`) before anything was timed, as an installed package is",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- 1-minute load average: {res.load[0]} before the run, {res.load[1]} after it "
        "(other work on the machine widens the min–max spread)",
    ]


def _git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    except OSError:
        return "unknown revision"
    return f"commit {head}" + (" with uncommitted changes under src/" if dirty else "")


def data_lines(res: Results) -> list[str]:
    lines = ["| N | data | files | size (MiB) |", "|---:|---|---:|---:|"]
    for n, size in res.sizes.items():
        where = "shipped `data/`" if size.data.path == SHIPPED else "`generate.py --seed 1`"
        lines.append(f"| {n} | {where} | {size.data.files} | {size.data.mib:.1f} |")
    return lines


def markdown(res: Results, argv: Sequence[str]) -> str:
    note = (
        ""
        if res.bulletin_available
        else "\n`minsheng bulletin` does not exist yet in this tree, so its rows are n/a.\n"
    )
    parts = [
        "# Benchmark results",
        "",
        "Measured by `benchmarks/run.py` (" + (" ".join(["run.py", *argv]).strip()) + "). "
        "The headline is the targets table: ratios of medians measured in the same run, which hold across machines where seconds do not. Regenerate with `python benchmarks/run.py` and commit the file.",
        "",
        "## Machine",
        "",
        *machine(res),
        "",
        "## Data",
        "",
        *data_lines(res),
        "",
        "Commands: `minsheng check --data D --as-of Y-12-31`, "
        "`minsheng status --data D --as-of Y-06-30 --format json`, "
        "`minsheng bulletin --data D --period YQ2 --format html`. Cold = first run after "
        "emptying `MINSHENG_CACHE_DIR`; warm = the run after it. `--help` and `bulletin` run "
        "with the cache left from their untimed first run, as do the further commands: "
        "`bulletin --period YQ2 -o b.docx --force`, `duban --as-of Y-06-30` and "
        "`site -o S --as-of Y-12-31` (up to 1500 projects), each only where the measured "
        "tool has the command. `import` of a filled-in workbook: one unit's report of the "
        "last month is taken out of a copy of the folder, `new-report --format xlsx` makes "
        "the unit's workbook from it and `fill_workbook.py` types the report in with "
        "openpyxl; each run is `import --data C in.xlsx` into a fresh copy C of that folder "
        "(copied, untimed, before each run).",
        note,
        "## Targets (ratios in this run)",
        "",
        *target_lines(res),
        "",
        "## Medians and ratios against the floors",
        "",
        *table(res),
        "",
        *web_lines(res),
        "## Growth with N",
        "",
        *growth(res),
        "",
    ]
    if NOTES.is_file():  # the maintainers' reading of the targets, kept by hand
        parts += [NOTES.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", help="project counts, comma-separated (15 = shipped data)")
    parser.add_argument("--runs", type=int, help="timed runs per command (default 5)")
    parser.add_argument("--out", type=Path, help=f"Markdown file to write (default {DEFAULT_OUT})")
    parser.add_argument("--rev", help="measure the tool as committed at this revision (e.g. HEAD)")
    parser.add_argument(
        "--quick", action="store_true", help="sizes 15,150 and 3 runs; writes no file unless --out"
    )
    args = parser.parse_args(argv)
    sizes: tuple[int, ...] = QUICK_SIZES if args.quick else SIZES
    if args.sizes:
        try:
            sizes = tuple(int(s) for s in args.sizes.split(","))
        except ValueError:
            parser.error("--sizes takes numbers separated by commas, e.g. 15,150,1500")
    runs = args.runs or (3 if args.quick else 5)
    if runs < 1 or any(n < 1 for n in sizes):
        parser.error("--runs and every size must be ≥ 1")
    out = args.out if args.out or args.quick else DEFAULT_OUT
    with tempfile.TemporaryDirectory(prefix="minsheng-bench-") as workdir:
        results = run_all(sizes, runs, Path(workdir), args.rev)
    text = markdown(results, sys.argv[1:] if argv is None else list(argv))
    print(text)
    if out is not None:
        out.write_text(text, encoding="utf-8")
        print(f"written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
