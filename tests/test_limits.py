"""Resource limits that hold: hostile sizes are refused or processed in bounded
time and memory, with a clear Chinese message.

Each input runs in-process through every data command (no crash, the message, the time),
and once as a real process under ``RLIMIT_AS`` (address space) and ``RLIMIT_CPU``: a
tool that expanded an alias bomb or built a deep structure would die of MemoryError there.

The limits (README 「限制与安全」): files up to ``MAX_FILE_BYTES`` (32 MB), nesting up to
``MAX_DEPTH`` (64) levels, text fields up to 20 000 characters, up to ``MAX_REPORT_FILES``
(20 000) progress files.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from minsheng.load.document import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from minsheng.load.folder import MAX_REPORT_FILES
from tests.conftest import ROOT, Run
from tests.test_status import MINI

MEMORY_LIMIT = 384 * 1024 * 1024  # a normal run needs well under half of this
REPORT = "progress/2022-05/甲局.yaml"
REGISTRY = "projects.yaml"
DATA_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("check", "--as-of", "2022-12-31"),
    ("status", "--as-of", "2022-06-30"),
    ("deadlines", "--as-of", "2022-06-30"),
    ("bulletin", "--period", "2022Q2"),
    ("bulletin", "--period", "2022Q2", "--format", "html"),
    ("assess", "--as-of", "2022-12-31"),
    ("site", "-o", "site", "--as-of", "2022-06-30"),
    ("new-report", "--unit", "甲局", "--month", "2022-06"),
)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the small fixture as ``data/`` in the working folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MINSHENG_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(MINI, tmp_path / "data")
    return tmp_path / "data"


def run_everything(cli: Run, seconds: float) -> list[str]:
    """Every data command, each within ``seconds``; their outputs (all must fail with 1)."""
    outputs = []
    for args in DATA_COMMANDS:
        started = time.perf_counter()
        result = cli(args[0], "--data", "data", *args[1:])
        elapsed = time.perf_counter() - started
        assert elapsed < seconds, f"{args[0]} took {elapsed:.1f} s"
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        outputs.append(result.stdout + result.stderr)
    assert not Path("site").exists() and not (Path("data") / "progress/2022-06").exists()
    return outputs


def run_bounded(
    *args: str, seconds: int = 60, cached: bool = True
) -> tuple[subprocess.CompletedProcess[str], float]:
    """``minsheng ARGS`` as a real process with its address space and CPU time capped
    (``cached=False``: without the cache, so that the data is really read)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", "COLUMNS": "160"}
    if not cached:
        env["MINSHENG_NO_CACHE"] = "1"
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "minsheng", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        preexec_fn=cap,
        env=env,
        timeout=seconds * 2,
        check=False,
    )
    return proc, time.perf_counter() - started


def assert_bounded_check(message: str, seconds: float = 10) -> None:
    """``check`` in a capped process: exit 1 with ``message``, no MemoryError, in time."""
    proc, elapsed = run_bounded("check", "--data", "data", "--as-of", "2022-12-31", cached=False)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert message in proc.stdout
    assert elapsed < seconds, f"check took {elapsed:.1f} s"


# ---- billion laughs ------------------------------------------------------------------------

LAUGHS = "\n".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(
            f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]"
            for p, c in zip("abcdefghi", "bcdefghij", strict=True)
        ),
    ]
)  # 9**10 = 3.5 billion strings if expanded


@pytest.mark.parametrize("where", [REGISTRY, REPORT])
def test_alias_bomb_is_refused_at_its_first_anchor_without_expanding(cli, data: Path, where: str):
    (data / where).write_text(LAUGHS + "\n", encoding="utf-8")
    message = f"data/{where}:1:4: error [anchor] 不支持锚点（&a）：数据文件中请直接写出完整的值"
    for output in run_everything(cli, seconds=2):
        assert message in output
    assert_bounded_check(message)


def test_alias_without_its_anchor_is_refused(cli, data: Path):
    (data / REPORT).write_text("unit: *a\n", encoding="utf-8")
    for output in run_everything(cli, seconds=2):
        assert f"data/{REPORT}:1:7: error [alias] 不支持别名（*a）" in output


# ---- deep nesting --------------------------------------------------------------------------

LEVELS = 10_000


def nested_flow() -> str:
    return "[" * LEVELS + "]" * LEVELS + "\n"


def nested_block() -> str:
    """Block sequences in compact form: ``- - - … x``, one level per ``- ``."""
    return "- " * LEVELS + "x\n"


@pytest.mark.parametrize("where", [REGISTRY, REPORT])
def test_ten_thousand_block_levels_are_refused_at_the_depth_limit(cli, data: Path, where: str):
    (data / where).write_text(nested_block(), encoding="utf-8")
    column = 2 * MAX_DEPTH + 1  # the first "- " past the limit
    message = f"data/{where}:1:{column}: error [too-deep] 嵌套层数超过上限 {MAX_DEPTH}"
    for output in run_everything(cli, seconds=2):
        assert message in output
    if where == REPORT:
        assert_bounded_check(message)


def test_flow_nesting_below_libyamls_own_limit_is_refused_at_ours(cli, data: Path):
    (data / REPORT).write_text("[" * 999 + "]" * 999 + "\n", encoding="utf-8")
    message = f"data/{REPORT}:1:{MAX_DEPTH + 1}: error [too-deep] 嵌套层数超过上限 {MAX_DEPTH}"
    for output in run_everything(cli, seconds=2):
        assert message in output


@pytest.mark.parametrize("where", [REGISTRY, REPORT])
def test_ten_thousand_flow_levels_are_refused_in_chinese(cli, data: Path, where: str):
    (data / where).write_text(nested_flow(), encoding="utf-8")
    for output in run_everything(cli, seconds=2):
        assert "Traceback" not in output
        assert f"data/{where}:1:" in output
        assert f"error [too-deep] 嵌套层数超过上限 {MAX_DEPTH}" in output
    if where == REPORT:
        assert_bounded_check(f"error [too-deep] 嵌套层数超过上限 {MAX_DEPTH}")


# ---- big files and long lines --------------------------------------------------------------


@pytest.mark.parametrize("where", [REGISTRY, REPORT])
def test_fifty_megabyte_file_is_refused_by_its_size(cli, data: Path, where: str):
    with (data / where).open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no time spent writing it
    mib = MAX_FILE_BYTES // (1024 * 1024)
    message = f"data/{where}:1:1: error [too-large] 文件过大（50.0 MB），上限 {mib} MB"
    for output in run_everything(cli, seconds=2):
        assert message in output
    if where == REPORT:
        assert_bounded_check(message)


MEGABYTE = 1024 * 1024


def test_megabyte_long_text_is_refused_by_the_field_limit_and_not_echoed(cli, data: Path):
    report = data / REPORT
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("五月累计完成50个。", "长" * (MEGABYTE // 3)), encoding="utf-8")
    assert len(report.read_bytes()) > MEGABYTE
    message = f"data/{REPORT}:7:15: error [invalid-value] 「progress」（进展情况）文字过长（上限 20000 字）"
    for output in run_everything(cli, seconds=3):
        assert message in output
        assert max(len(line) for line in output.splitlines()) < 500  # the value is not repeated
    assert_bounded_check(message)


def test_megabyte_line_with_a_syntax_error_at_its_end(cli, data: Path):
    (data / REPORT).write_text("unit: 甲局\nnote: " + "a" * MEGABYTE + ": b\n", encoding="utf-8")
    message = f"data/{REPORT}:2:{MEGABYTE + 7}: error [yaml-syntax] 此处不能出现「键: 值」"
    for output in run_everything(cli, seconds=3):
        assert message in output
        assert max(len(line) for line in output.splitlines()) < 500


@pytest.mark.slow
def test_megabyte_flow_list_on_one_line_is_read_and_refused_by_the_model(cli, data: Path):
    items = ", ".join(["1"] * (MEGABYTE // 3))
    (data / REPORT).write_text(f"unit: 甲局\nlist: [{items}]\n", encoding="utf-8")
    message = f"data/{REPORT}:2:1: error [unknown-key] 未知字段「list」"
    for output in run_everything(cli, seconds=5):
        assert message in output
    assert_bounded_check(message)


# ---- many files ----------------------------------------------------------------------------


def unregistered_reports(month: Path, count: int) -> None:
    """``count`` small well-formed reports from units the registry does not know."""
    month.mkdir(exist_ok=True)
    for i in range(count):
        (month / f"单位{i:05d}.yaml").write_bytes(
            f"unit: 单位{i:05d}\nmonth: 2022-05\nsubmitted: 2022-05-20\nreporter: 某\n".encode()
        )


@pytest.mark.slow
def test_ten_thousand_progress_files_are_all_checked_in_bounded_time_and_memory(cli, data: Path):
    unregistered_reports(data / "progress" / "2022-05", 10_000)
    started = time.perf_counter()
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1
    assert elapsed < 30, f"check took {elapsed:.1f} s"
    lines = result.stdout.splitlines()
    # One warning: the fixture's April report sent late.
    assert lines[-1] == "检查未通过：10006 个文件，10000 个错误，1 个警告。"
    first = "data/progress/2022-05/单位00000.yaml:1:7: error [unknown-unit] 单位「单位00000」没有在 projects.yaml 中登记"
    assert lines[1] == first  # after the late April report's warning
    proc, elapsed = run_bounded("status", "--data", "data", "--as-of", "2022-06-30")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert first in proc.stderr and "数据有错误，无法统计" in proc.stderr
    assert elapsed < 30, f"status took {elapsed:.1f} s"


@pytest.mark.slow
def test_more_progress_files_than_the_limit_stop_the_reading(cli, data: Path):
    month = data / "progress" / "2022-06"
    month.mkdir()
    for i in range(MAX_REPORT_FILES + 1):  # empty files: quick to make and to read
        os.close(os.open(month / f"x{i:05d}.yaml", os.O_CREAT | os.O_WRONLY, 0o644))
    started = time.perf_counter()
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1
    assert elapsed < 30, f"check took {elapsed:.1f} s"
    limit = f"data/progress:1:1: error [too-many-files] 进展报告文件超过 {MAX_REPORT_FILES} 个，已停止读取"
    assert limit in result.stdout.splitlines()
    assert f"data/progress/2022-06/x{MAX_REPORT_FILES:05d}.yaml" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith(f"检查未通过：{MAX_REPORT_FILES + 1} 个文件")


# ---- many wrong values in one file: a hundred listed, the rest counted, memory bounded ------

HEAD = "unit: 甲局\nmonth: 2022-05\nsubmitted: 2022-05-20\nreporter: 某\n"


def wrong_scalars(count: int) -> str:
    """``count`` projects that are not mappings: one error each."""
    return HEAD + "projects:\n" + "".join("  - x\n" for _ in range(count))


@pytest.mark.slow
def test_half_a_million_wrong_values_list_a_hundred_and_count_the_rest(cli, data: Path):
    from minsheng.load.caps import MAX_PER_FILE

    count = MAX_NODES - 100
    (data / REPORT).write_text(wrong_scalars(count), encoding="utf-8")
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    mine = [line for line in lines if line.startswith(f"data/{REPORT}:")]
    assert len(mine) == MAX_PER_FILE + 1
    assert mine[0] == f"data/{REPORT}:6:5: error [model-type]" or "[invalid-value]" in mine[0]
    hidden = count - MAX_PER_FILE
    assert mine[-1] == (
        f"data/{REPORT}:{count + 5}:1: error [more-problems] ……另有 {hidden} 个问题未列出"
        f"（每个文件最多列出 {MAX_PER_FILE} 个，一次最多列出 50000 个）；请先改正已列出的问题再检查"
    )
    # The one warning is the fixture's own: 乙局's April report came three days late.
    assert lines[-1] == f"检查未通过：6 个文件，{count} 个错误，1 个警告。"
    assert_bounded_check(f"……另有 {hidden} 个问题未列出")


LONG = "长" * 20


def long_values(size: int) -> str:
    """About ``size`` bytes of unknown keys with long names and values (two values a line)."""
    line_size = len(f"k0000000{LONG}: {LONG}\n".encode())
    return HEAD + "".join(f"k{i:07d}{LONG}: {LONG}\n" for i in range(size // line_size))


@pytest.mark.slow
def test_more_values_than_the_limit_are_refused_at_the_first_one_past_it(cli, data: Path):
    text = long_values(MAX_FILE_BYTES - 64 * 1024)
    (data / REPORT).write_bytes(text.encode())
    assert len(text.encode()) > 30 * 1024 * 1024
    # Nine values in the four lines of the head (the mapping, four keys and their values), then
    # two a line (a key and its value): the first one past the limit is a value, at column 31.
    line = 4 + (MAX_NODES + 1 - 9 + 1) // 2
    message = (
        f"data/{REPORT}:{line}:31: error [too-many-values] 文件中的值过多（超过 {MAX_NODES} 个）"
    )
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    assert result.exit_code == 1 and message in result.stdout, result.stdout[-500:]
    assert_bounded_check(message)


def nested_wrong(projects: int, indicators: int) -> str:
    return (
        HEAD
        + "projects:\n"
        + "".join(
            f"  - id: {p + 1}\n    indicators:\n"
            + "".join(f"      - {{id: a{k}, value: x}}\n" for k in range(indicators))
            for p in range(projects)
        )
    )


@pytest.mark.slow
def test_a_wide_nested_file_of_wrong_values_is_bounded(data: Path):
    (data / REPORT).write_text(nested_wrong(700, 140), encoding="utf-8")
    assert_bounded_check("……另有 97900 个问题未列出")


@pytest.mark.slow
def test_a_valid_file_near_the_value_limit_is_checked_within_memory(data: Path):
    entries = "".join(
        f"  - {{id: {i % 3 + 1}, progress: 进展{i}, indicators: [{{id: 1-1, value: {i}}}]}}\n"
        for i in range(40_000)
    )
    (data / REPORT).write_text(HEAD + "projects:\n" + entries, encoding="utf-8")
    assert_bounded_check("[duplicate-id] 指标 1-1 在本报告中出现了两次", seconds=20)


def test_many_files_with_many_problems_each_are_capped_per_file_and_in_all(
    cli, data: Path, monkeypatch: pytest.MonkeyPatch
):
    from minsheng.load import caps

    monkeypatch.setattr(caps, "MAX_LISTED", 1000)
    month = data / "progress" / "2022-06"
    month.mkdir()
    body = "".join(f"k{i:03d}: 1\n" for i in range(150))
    for i in range(30):
        (month / f"单位{i:02d}.yaml").write_text(f"unit: 单位{i:02d}\n{body}", encoding="utf-8")
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    listed = [line for line in lines if "/2022-06/" in line and "[more-problems]" not in line]
    more = [line for line in lines if "/2022-06/" in line and "[more-problems]" in line]
    assert len(listed) == 1000  # 100 each from the first ten files, then none
    assert len(more) == 30
    # The one warning is the fixture's own (乙局's April report came late), counted, not listed.
    assert lines[-1] == f"检查未通过：36 个文件，{30 * 153} 个错误，1 个警告。"
