"""Writing to stdout can fail: a full disk under ``minsheng bulletin > file``, ``/dev/full``,
a reader that closed its end of a pipe. Real processes, their stdout on ``/dev/full`` (every
write fails with ENOSPC) or on a pipe whose read end is already closed.

A failed write is a Chinese message and exit 1 (the output is incomplete); a closed pipe is
no error message at all; never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import DATA, ROOT

COMMANDS: dict[str, tuple[str, ...]] = {
    "status": ("status", "--as-of", "2022-06-30"),
    "status-json": ("status", "--as-of", "2022-06-30", "--format", "json"),
    "status-csv": ("status", "--as-of", "2022-06-30", "--format", "csv"),
    "check": ("check", "--as-of", "2022-12-31"),
    "check-json": ("check", "--as-of", "2022-12-31", "--format", "json"),
    "check-github": ("check", "--as-of", "2022-12-31", "--format", "github"),
    "deadlines": ("deadlines", "--as-of", "2022-06-30"),
    "assess": ("assess",),
    "bulletin": ("bulletin", "--period", "2022Q2"),
    "bulletin-html": ("bulletin", "--period", "2022Q2", "--format", "html"),
    "export-csv": ("export", "--format", "csv", "--as-of", "2022-06-30"),
}
FAILED = "输出写入失败（标准输出）：磁盘空间不足；已写出的内容不完整，请勿使用。\n"


def run(args: tuple[str, ...], stdout: IO[bytes] | int) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", "COLUMNS": "160"}
    entry = "from minsheng.cli import main; main()"
    command = [sys.executable, "-c", entry, args[0], "--data", str(DATA), *args[1:]]
    return subprocess.run(
        command, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=120, check=False
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_full_disk_under_stdout_is_a_chinese_message_and_exit_1(name: str):
    with Path("/dev/full").open("wb") as full:
        done = run(COMMANDS[name], full)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 1, stderr
    assert stderr.endswith(FAILED), stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize("name", ["bulletin-html", "status-json", "check"])
def test_a_closed_pipe_is_no_error_and_no_traceback(name: str):
    read, write = os.pipe()
    os.close(read)  # the reader (head, a pager) has gone
    try:
        done = run(COMMANDS[name], write)
    finally:
        os.close(write)
    assert done.stderr == b""
    assert done.returncode == 1  # cut short: it could not say all it had to say


def test_output_that_fits_is_written_whole_and_exits_0(tmp_path: Path):
    target = tmp_path / "q2.md"
    with target.open("wb") as handle:
        done = run(COMMANDS["bulletin"], handle)
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8").startswith("> **【样例数据】**")
