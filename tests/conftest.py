"""Shared fixtures: run the CLI in-process, and copies of the shipped data to modify."""

from __future__ import annotations

import contextlib
import itertools
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner, Result

from minsheng.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

Run = Callable[..., Result]

# Figures of the fuzz campaign (tests/test_fuzz.py): ("cases", kind) -> cases run, and
# (command, exit code) -> runs. Printed at the end of the session when there are any.
CAMPAIGN: Counter[tuple[str, str]] = Counter()


def _converted_once() -> None:
    """Let every in-process run share one click group for ``app``.

    ``CliRunner.invoke`` converts the typer app to click on each run; a real process converts
    only the command it runs, but a test process soon has every command module imported, and
    converting all of them (signatures, type hints) took about a quarter of the everyday run.
    The group loads commands as it meets them (``cli/app.py``), as a real process does.
    """
    convert = typer.main.get_command
    group = convert(app)

    def get_command(typer_app: typer.Typer) -> object:
        return group if typer_app is app else convert(typer_app)

    setattr(typer.testing, "_get_command", get_command)  # noqa: B010 - a private name


# ``invoke`` calls typer's converter by this name; should that change, runs only get slower.
if getattr(typer.testing, "_get_command", None) is typer.main.get_command:
    _converted_once()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden/ from the current output (review the diff)",
    )


# The long-running kinds of test; the rest are marked ``fast`` so ``pytest -m fast`` is the
# everyday run (about a minute) while a plain ``pytest`` still runs everything.
LONG_RUNNING = ("slow", "fuzz", "browser", "office", "server")


@pytest.hookimpl(tryfirst=True)  # before ``-m`` selects by the markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not any(item.get_closest_marker(name) for name in LONG_RUNNING):
            item.add_marker(pytest.mark.fast)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not CAMPAIGN:
        return
    write = terminalreporter.write_line
    terminalreporter.section("fuzz campaign")
    cases = {kind: n for (what, kind), n in CAMPAIGN.items() if what == "cases"}
    write(
        f"cases: {sum(cases.values())} ({', '.join(f'{k} {n}' for k, n in sorted(cases.items()))})"
    )
    runs = {key: n for key, n in CAMPAIGN.items() if key[0] != "cases"}
    write(f"command runs: {sum(runs.values())}")
    for command in sorted({c for c, _ in runs}):
        counts = ", ".join(f"exit {code}: {runs.get((command, code), 0)}" for code in "012")
        write(f"  {command:<16} {counts}")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))


def _plain_environment(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("MINSHENG_DATA", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("MINSHENG_NO_CACHE", raising=False)
    # A cache folder of its own, outside the test's tmp_path and any data folder in it.
    monkeypatch.setenv("MINSHENG_CACHE_DIR", str(cache))


@pytest.fixture(scope="session")
def _cache_folders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("minsheng-caches")


_NEXT_CACHE = itertools.count()


@contextlib.contextmanager
def _fresh_cache(folders: Path) -> Iterator[Path]:
    """A cache folder of one's own, not yet made: the tool makes it when it first writes there."""
    cache = folders / str(next(_NEXT_CACHE))
    try:
        yield cache
    finally:
        shutil.rmtree(cache, ignore_errors=True)


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch, _cache_folders: Path) -> Iterator[None]:
    """Tests never depend on colour, terminal width, the user's data folder or cache.

    Each test gets a cache folder of its own, outside its tmp_path and any data folder in it;
    the tool makes it when it first writes there (most tests never do), and it goes with the
    test, so that no run ends by deleting thousands of them.
    """
    with _fresh_cache(_cache_folders) as cache:
        _plain_environment(monkeypatch, cache)
        yield


@pytest.fixture
def cli() -> Run:
    """Run ``minsheng ARGS...`` in-process; exceptions propagate so a bug fails loudly."""
    runner = CliRunner()

    def run(*args: str, **kwargs: object) -> Result:
        return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)  # type: ignore[arg-type]

    return run


@pytest.fixture(scope="session")
def shared_cli(_cache_folders: Path) -> Run:
    """``cli`` for module- and session-scoped fixtures that make a read-only input once (a
    workbook, a document, a site): each run gets the same plain environment and a cache
    folder of its own, as a test's run does."""
    runner = CliRunner()

    def run(*args: str, **kwargs: object) -> Result:
        with pytest.MonkeyPatch.context() as monkeypatch, _fresh_cache(_cache_folders) as cache:
            _plain_environment(monkeypatch, cache)
            return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)  # type: ignore[arg-type]

    return run


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def cli_probe(*reports: str) -> str:
    """Code for ``python -c`` that runs the CLI on its arguments as ``minsheng`` would, then
    prints each of ``reports`` (expressions, e.g. over ``sys.modules``) on stderr and exits
    with the CLI's code: what a whole run loaded, seen from inside it."""
    told = "".join(f"print({report}, file=sys.stderr)\n" for report in reports)
    return (
        "import sys\n"
        "from minsheng.cli import main\n"
        'sys.argv = ["minsheng", *sys.argv[1:]]\n'
        "try:\n"
        "    main()\n"
        "except SystemExit as exit_:\n"
        "    code = exit_.code\n"
        "else:\n"
        "    code = 0\n"
        "sys.stdout.flush()\n" + told + "sys.exit(code)\n"
    )
