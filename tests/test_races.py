"""Writers that race, and runs killed part-way: real processes, stopped or released at chosen
points (a barrier between the existence check and the publishing rename), never timing.

- no clobbering: of N writers of one new file exactly one wins; the others are told the
  file exists, and the file is the winner's, whole;
- without hard links (FAT/exFAT, SMB) ``renameat2(RENAME_NOREPLACE)`` keeps that; with
  neither, every writer refuses with a message;
- a writer killed with ``kill -9`` after its temp file is written leaves that file, and the
  next writer into the folder removes it (and only temp files of writers that are gone).
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from minsheng.write import atomic
from tests.test_status import MINI

WRITERS = 4
UNIT_FILE = "data/progress/2022-06/甲局.yaml"
CONTEXT = multiprocessing.get_context("fork")


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


def _child(
    args: list[str], out: Path, hook: Callable[[Path], None], patch: Callable[[], None]
) -> None:
    """Run the CLI in this (forked) process with ``hook`` called once the temp file is written."""
    fd_out = os.open(out.with_suffix(".out"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    fd_err = os.open(out.with_suffix(".err"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd_out, 1)
    os.dup2(fd_err, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - pytest's capture
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - is not ours
    patch()
    real = atomic._write_temp

    def write_temp(path: Path, pieces: Any, mode: int) -> Path:
        tmp = real(path, pieces, mode)
        hook(tmp)  # the race point: checked that the target is free, not yet published
        return tmp

    atomic._write_temp = write_temp
    from minsheng.cli.app import app

    code = 0
    try:
        app(args, prog_name="minsheng")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def _nothing() -> None:
    return None


def run_writers(
    tmp: Path,
    args: list[str],
    count: int,
    hook: Callable[[Path], None],
    patch: Callable[[], None] = _nothing,
) -> list[Outcome]:
    processes = []
    for i in range(count):
        out = tmp / f"writer{i}"
        process = CONTEXT.Process(target=_child, args=(args, out, hook, patch))
        process.start()
        processes.append((process, out))
    outcomes = []
    for process, out in processes:
        process.join(120)
        assert process.exitcode is not None, "a writer did not finish"
        outcomes.append(
            Outcome(
                process.exitcode,
                out.with_suffix(".out").read_text(encoding="utf-8"),
                out.with_suffix(".err").read_text(encoding="utf-8"),
            )
        )
    return outcomes


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MINSHENG_NO_CACHE", "1")  # the writes raced are the command's own
    shutil.copytree(MINI, tmp_path / "data")
    return tmp_path


def barrier_hook(count: int) -> Callable[[Path], None]:
    """Every writer waits here until all ``count`` have passed the check and written a temp."""
    barrier = CONTEXT.Barrier(count)

    def wait(tmp: Path) -> None:
        barrier.wait(60)

    return wait


NEW_REPORT = ["new-report", "--data", "data", "--unit", "甲局", "--month", "2022-06"]


def assert_exactly_one_won(work: Path, outcomes: list[Outcome], target: str) -> None:
    winners = [o for o in outcomes if o.code == 0]
    losers = [o for o in outcomes if o.code != 0]
    assert len(winners) == 1, outcomes
    assert winners[0].stdout.strip() == target
    for loser in losers:
        assert loser.code == 1, loser
        assert loser.stderr == f"未写入：「{target}」已存在；如确需覆盖，请加 --force\n"
    text = (work / target).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server:") and text.endswith("\n")
    assert [p.name for p in (work / target).parent.iterdir()] == ["甲局.yaml"]  # no temp left


def test_of_concurrent_new_reports_for_one_unit_and_month_exactly_one_wins(work: Path):
    outcomes = run_writers(work, NEW_REPORT, WRITERS, barrier_hook(WRITERS))
    assert_exactly_one_won(work, outcomes, UNIT_FILE)


def test_of_concurrent_bulletins_to_one_file_exactly_one_wins(work: Path):
    args = ["bulletin", "--data", "data", "--period", "2022Q2", "-o", "q2.md"]
    outcomes = run_writers(work, args, WRITERS, barrier_hook(WRITERS))
    winners = [o for o in outcomes if o.code == 0]
    assert len(winners) == 1, outcomes
    assert all(
        o.stderr == "未写入：「q2.md」已存在；如确需覆盖，请加 --force\n"
        for o in outcomes
        if o.code
    )
    assert sorted(p.name for p in work.iterdir() if p.name.startswith(".q2")) == []


def no_hard_links() -> None:
    """A file system without hard links (FAT/exFAT, many SMB shares): link(2) says EPERM."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    os.link = refuse


def test_without_hard_links_renameat2_keeps_exactly_one_winner(work: Path):
    outcomes = run_writers(work, NEW_REPORT, WRITERS, barrier_hook(WRITERS), no_hard_links)
    assert_exactly_one_won(work, outcomes, UNIT_FILE)


def no_exclusive_rename() -> None:
    no_hard_links()
    atomic._exclusive_rename_call = lambda: None  # type: ignore[assignment]


def test_without_any_exclusive_create_every_writer_refuses_clearly(work: Path):
    outcomes = run_writers(work, NEW_REPORT, 2, barrier_hook(2), no_exclusive_rename)
    assert [o.code for o in outcomes] == [1, 1]
    for outcome in outcomes:
        assert outcome.stderr.startswith(
            "未写入：「data/progress/2022-06」所在的文件系统既不支持硬链接"
        )
        assert "无法保证不覆盖同时写入的另一份文件" in outcome.stderr
    assert not (work / UNIT_FILE).exists()
    assert list((work / UNIT_FILE).parent.iterdir()) == []


def test_with_force_the_last_writer_wins_whole(work: Path):
    outcomes = run_writers(work, [*NEW_REPORT, "--force"], WRITERS, barrier_hook(WRITERS))
    assert [o.code for o in outcomes] == [0] * WRITERS
    assert (work / UNIT_FILE).read_text(encoding="utf-8").startswith("# yaml-language-server:")
    assert [p.name for p in (work / UNIT_FILE).parent.iterdir()] == ["甲局.yaml"]


# ---- kill -9 part-way ------------------------------------------------------------------


def test_a_writer_killed_before_publishing_leaves_a_temp_file_the_next_run_removes(work: Path):
    ready = CONTEXT.Event()

    def stop_here(tmp: Path) -> None:
        ready.set()
        time.sleep(3600)  # killed here, with its temp file written and not yet renamed

    process = CONTEXT.Process(
        target=_child, args=(NEW_REPORT, work / "killed", stop_here, _nothing)
    )
    process.start()
    assert ready.wait(120) and process.pid is not None
    os.kill(process.pid, signal.SIGKILL)
    process.join(60)
    month = work / UNIT_FILE
    left = [p.name for p in month.parent.iterdir()]
    assert len(left) == 1 and left[0].startswith(f".甲局.yaml.{process.pid}-"), left
    assert not month.exists()
    (outcome,) = run_writers(work, NEW_REPORT, 1, lambda tmp: None)
    assert outcome.code == 0, outcome
    assert [p.name for p in month.parent.iterdir()] == ["甲局.yaml"]


# ---- sites --------------------------------------------------------------------------------------


def test_two_first_site_runs_into_one_new_folder_both_succeed(work: Path):
    """The second run looks at the folder just after the first made it and left its marker
    there as a temp file, not yet published: a folder holding only another run's temp files
    is not somebody else's folder."""
    args = ["site", "--data", "data", "--as-of", "2022-06-30", "-o", "site"]
    ready, barrier = CONTEXT.Event(), CONTEXT.Barrier(2)

    def first(tmp: Path) -> None:
        if not ready.is_set():  # its first write: the marker
            ready.set()
            barrier.wait(60)

    def second(tmp: Path) -> None:
        if barrier.n_waiting:
            barrier.wait(60)

    one = CONTEXT.Process(target=_child, args=(args, work / "first", first, _nothing))
    one.start()
    assert ready.wait(120)  # the folder exists, holding the first run's temp marker
    two = CONTEXT.Process(target=_child, args=(args, work / "second", second, _nothing))
    two.start()
    for process in (one, two):
        process.join(120)
    outcomes = [
        (work / n).with_suffix(".err").read_text(encoding="utf-8") for n in ("first", "second")
    ]
    assert (one.exitcode, two.exitcode) == (0, 0), outcomes
    names = [p.name for p in (work / "site").rglob("*")]
    assert "index.html" in names and not [n for n in names if n.endswith(".tmp")]
