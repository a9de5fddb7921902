"""The progress bar: on stderr for a person at a terminal after about a second; never in pipes."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from minsheng.cli import progress
from minsheng.load.folder import load
from tests.test_status import MINI


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("tty", "ci", "term", "want"),
    [
        (True, None, "xterm", True),
        (False, None, "xterm", False),
        (True, "true", "xterm", False),
        (True, None, "dumb", False),
    ],
)
def test_wanted_only_for_a_person_at_a_terminal(monkeypatch, tty, ci, term, want):
    monkeypatch.setattr("sys.stderr", FakeTTY() if tty else io.StringIO())
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("TERM", term)
    assert progress.wanted() is want


def test_in_a_pipe_the_callback_draws_nothing(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    with progress.progress_bar("读取数据") as report:
        report(5, 10)
    assert err.getvalue() == ""


def test_quick_work_shows_no_bar_and_long_work_does():
    ticks = iter([0.0, 0.5, 2.0])
    bar = progress._Bar("读取数据", clock=lambda: next(ticks))  # started at 0.0
    bar(1, 10)  # 0.5 s: nothing yet
    assert bar.progress is None
    bar(5, 10)  # 2.0 s: the bar appears
    assert bar.progress is not None
    task = bar.progress.tasks[0]
    assert (task.description, task.completed, task.total) == ("读取数据", 5, 10)
    bar.close()


def test_load_reports_its_files_as_it_reads_them(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    month = data / "progress" / "2022-06"
    month.mkdir()
    for n in range(130):
        (month / f"单位{n}.yaml").write_text("unit: 单位\n", encoding="utf-8")
    calls: list[tuple[int, int]] = []
    load(data, date(2022, 12, 31), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(64, 135), (128, 135)]
