"""`minsheng history` over a commit that changed a hundred thousand figures: the terminal
shows the newest rows up to a cap and says how many more there are (``--all`` shows them);
JSON carries every row, streamed; a real process stays within the memory limit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from minsheng.render.history import SCREEN_ROWS
from minsheng.render.jsonout import dumps, stream_object
from tests.conftest import Run
from tests.test_history import commit, isolate, new_repo
from tests.test_status import MINI

HEAD = "unit: 甲局\nmonth: 2022-05\nsubmitted: 2022-05-20\nreporter: 某\nprojects:\n"


def report(entries: int, word: str) -> str:
    return HEAD + "".join(f"  - {{id: {i + 1}, progress: {word}{i}}}\n" for i in range(entries))


def story(root: Path, entries: int) -> Path:
    """A report of ``entries`` projects, committed, then every progress text changed."""
    top, data = new_repo(root)
    shutil.rmtree(data)
    shutil.copytree(MINI, data)
    target = data / "progress" / "2022-05" / "甲局.yaml"
    target.write_text(report(entries, "甲"), encoding="utf-8")
    commit(top, "五月报告", "2022-05-20T10:00:00+08:00")
    target.write_text(report(entries, "乙"), encoding="utf-8")
    commit(top, "改写进展", "2022-06-20T10:00:00+08:00")
    return data


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate(monkeypatch, tmp_path)
    return story(tmp_path / "repo", SCREEN_ROWS + 700)


def table_rows(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if "甲局 2022-05" in line]


def test_the_terminal_shows_the_newest_rows_and_says_how_many_more(cli: Run, many: Path):
    result = cli("history", "--data", str(many))
    assert result.exit_code == 0, result.output
    assert "……另有 700 条，加 --all 查看全部" in result.stdout
    rows = table_rows(result.stdout)
    assert len(rows) == SCREEN_ROWS
    assert "项目 701" in rows[0] and f"项目 {SCREEN_ROWS + 700}" in rows[-1]  # the newest
    assert f"共 {SCREEN_ROWS + 700} 处改动" in result.stdout  # the summary counts them all


def test_all_shows_every_row(cli: Run, many: Path):
    result = cli("history", "--data", str(many), "--all")
    assert result.exit_code == 0
    assert "另有" not in result.stdout
    assert len([r for r in table_rows(result.stdout) if "修改了进展情况" in r]) == SCREEN_ROWS + 700


def test_json_carries_every_row(cli: Run, many: Path):
    result = cli("history", "--data", str(many), "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert len(payload["changes"]) == SCREEN_ROWS + 700
    assert payload["summary"]["changes"] == SCREEN_ROWS + 700


PAYLOADS = [
    ({"sample": True}, "changes", [], {"summary": {"a": 1}}),
    ({"sample": False}, "changes", [{"x": [1, {"y": "长"}], "z": None}, {}], {"summary": {}}),
    ({}, "rows", [1, "二", [3]], {"end": [], "more": {"k": [1, 2]}}),
]


@pytest.mark.parametrize("pretty", [True, False])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_streamed_json_is_what_dumps_gives(payload, pretty: bool):
    before, name, items, after = payload
    whole = dumps({**before, name: items, **after}, pretty=pretty)
    assert "".join(stream_object(before, name, iter(items), after, pretty=pretty)) == whole


@pytest.mark.slow
def test_a_hundred_thousand_changes_stay_within_the_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from tests.test_limits import run_bounded

    isolate(monkeypatch, tmp_path)
    data = story(tmp_path / "repo", 95_000)
    for extra in ((), ("--format", "json")):
        proc, _ = run_bounded("history", "--data", str(data), *extra, seconds=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        if extra:
            assert len(json.loads(proc.stdout)["changes"]) == 95_000
        else:
            assert "……另有 94500 条，加 --all 查看全部" in proc.stdout


# ---- a full temporary folder (TMPDIR) -----------------------------------------------------------


def disk_full(*args: object, **kwargs: object) -> None:
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


SCRATCH = "无法写入临时文件夹「{tmp}」：磁盘空间不足；请清理该位置，或用环境变量 TMPDIR 指定另一个文件夹\n"


@pytest.mark.parametrize(
    ("where", "command"),
    [
        ("tempfile.TemporaryFile", ("history",)),
        ("tempfile.TemporaryFile", ("diff", "HEAD~1")),
        ("tempfile.mkdtemp", ("diff", "HEAD~1", "HEAD")),
        ("pathlib.Path.write_bytes", ("diff", "HEAD~1", "HEAD")),
    ],
)
def test_a_full_temporary_folder_is_a_message_not_a_traceback(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, command: tuple[str, ...]
):
    import tempfile

    isolate(monkeypatch, tmp_path)
    data = story(tmp_path / "repo", 3)
    monkeypatch.setattr(where, disk_full)
    result = cli(*command, "--data", str(data))
    assert result.exit_code == 1, result.output
    assert result.stderr == SCRATCH.format(tmp=tempfile.gettempdir())
