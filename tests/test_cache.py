"""The validated-data cache: used when nothing changed, never stale when anything did."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from minsheng.load import folder as load_module
from tests.test_status import MINI

AS_OF = ("--as-of", "2022-05-31")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MINSHENG_CACHE_DIR", str(folder))
    return folder


def status(cli, data: Path) -> dict:
    result = cli("status", "--data", str(data), "--format", "json", *AS_OF)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def quantity(payload: dict) -> float:
    return payload["projects"][0]["indicators"][0]["actual"]


def forbid_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the data folder was read although the cache should have served it")

    monkeypatch.setattr(load_module, "_read_all", refuse)


def test_second_run_is_served_from_the_cache(cli, data, cache_dir, monkeypatch):
    first = status(cli, data)
    entries = list(cache_dir.iterdir())
    assert len(entries) == 1
    forbid_reading(monkeypatch)
    assert status(cli, data) == first


def test_check_problems_come_back_from_the_cache(cli, data, cache_dir, monkeypatch):
    (data / "progress" / "stray.txt").write_text("x", encoding="utf-8")
    registry = data / "projects.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            "{by: 2022-06-30, value: 40}",
            "{by: 2022-06-30, value: 40}\n          - {by: 2022-06-29, value: 30}",
        ),
        encoding="utf-8",
    )
    first = cli("check", "--data", str(data), *AS_OF)
    assert (
        first.exit_code == 1
        and "[invalid-date]" in first.stdout
        and "[misplaced-file]" in first.stdout
    )
    forbid_reading(monkeypatch)
    second = cli("check", "--data", str(data), *AS_OF)
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)


def test_the_cache_file_is_json_not_pickle(cli, data, cache_dir):
    status(cli, data)
    (entry,) = cache_dir.iterdir()
    key, head, *reports = entry.read_bytes().splitlines()
    assert len(key) == 64
    assert json.loads(head)["registry"]["plan"]["title"] == "测试县重点民生实事"
    assert [json.loads(line)["report"]["unit"] for line in reports] == [
        "乙局",
        "甲局",
        "丙局",
        "乙局",
        "甲局",
    ]


def test_an_edited_file_is_read_again(cli, data, cache_dir):
    assert quantity(status(cli, data)) == 50.0
    report = data / "progress" / "2022-05" / "甲局.yaml"
    report.write_text(
        report.read_text(encoding="utf-8").replace("value: 50", "value: 60"), encoding="utf-8"
    )
    assert quantity(status(cli, data)) == 60.0


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(cli, data, cache_dir):
    report = data / "progress" / "2022-05" / "甲局.yaml"
    before = report.stat()
    assert quantity(status(cli, data)) == 50.0
    report.write_text(
        report.read_text(encoding="utf-8").replace("value: 50", "value: 55"), encoding="utf-8"
    )
    os.utime(report, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    assert (
        report.stat().st_size == before.st_size and report.stat().st_mtime_ns == before.st_mtime_ns
    )
    assert quantity(status(cli, data)) == 55.0  # the change time and inode still differ


def test_an_added_file_is_seen(cli, data, cache_dir):
    assert status(cli, data)["reports"]["missing"] == 1
    (data / "progress" / "2022-04" / "丙局.yaml").write_text(
        "unit: 丙局\nmonth: 2022-04\nsubmitted: 2022-04-25\nreporter: 丙\n", encoding="utf-8"
    )
    assert status(cli, data)["reports"]["missing"] == 0


def test_a_deleted_file_is_seen(cli, data, cache_dir):
    assert quantity(status(cli, data)) == 50.0
    (data / "progress" / "2022-05" / "甲局.yaml").unlink()
    assert quantity(status(cli, data)) == 20.0  # back to April's figure


def test_a_renamed_file_is_seen(cli, data, cache_dir):
    assert cli("check", "--data", str(data), *AS_OF).exit_code == 0
    source = data / "progress" / "2022-05" / "甲局.yaml"
    source.rename(source.with_name("乙局2.yaml"))
    result = cli("check", "--data", str(data), *AS_OF)
    assert result.exit_code == 1
    assert "乙局2.yaml" in result.stdout and "[wrong-location]" in result.stdout


def test_checks_that_depend_on_the_as_of_date_run_on_every_hit(cli, data, cache_dir, monkeypatch):
    assert cli("check", "--data", str(data), "--as-of", "2022-05-31").exit_code == 0
    forbid_reading(monkeypatch)  # the entry serves any as-of date ...
    result = cli("check", "--data", str(data), "--as-of", "2022-05-25")
    assert result.exit_code == 1  # ... and the dated check still sees the late submission
    assert "晚于统计日期 2022-05-25" in result.stdout


def test_status_and_check_share_one_entry(cli, data, cache_dir, monkeypatch):
    assert cli("check", "--data", str(data), *AS_OF).exit_code == 0
    forbid_reading(monkeypatch)
    assert quantity(status(cli, data)) == 50.0


def test_a_damaged_cache_file_is_ignored_and_replaced(cli, data, cache_dir):
    first = status(cli, data)
    (entry,) = cache_dir.iterdir()
    lines = entry.read_bytes().splitlines(keepends=True)
    entry.write_bytes(lines[0] + b"{not json\n")
    assert status(cli, data) == first
    assert json.loads(entry.read_bytes().splitlines()[1])["files"] == 6
    entry.write_bytes(b"".join(lines[:-1]))  # cut short: one report missing
    assert status(cli, data) == first


def test_no_cache_when_disabled(cli, data, cache_dir, monkeypatch):
    monkeypatch.setenv("MINSHENG_NO_CACHE", "1")
    status(cli, data)
    assert not cache_dir.exists()


def test_an_unwritable_cache_folder_is_no_error(cli, data, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("MINSHENG_CACHE_DIR", str(blocker / "cache"))
    assert quantity(status(cli, data)) == 50.0


def test_data_with_errors_in_the_registry_is_not_cached(cli, data, cache_dir):
    (data / "projects.yaml").write_text("plan: {}\n", encoding="utf-8")
    assert cli("check", "--data", str(data), *AS_OF).exit_code == 1
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


# ---- a content key: coarse timestamps, files changing while read, other working folders ----

COARSE_MTIME = 1_654_000_000  # a whole second, as FAT and many network mounts keep them


class CoarseStat:
    """A stat result as a file system with whole-second times and no change time reports."""

    def __init__(self, real: os.stat_result) -> None:
        self._real = real

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)

    @property
    def st_ctime_ns(self) -> int:
        return self._real.st_mtime_ns

    @property
    def st_ctime(self) -> float:
        return self._real.st_mtime


def coarse_timestamps(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    real = Path.stat

    def stat(self: Path, **kwargs: object) -> object:
        found = real(self, **kwargs)  # type: ignore[arg-type]
        return CoarseStat(found) if self.is_relative_to(data) else found

    monkeypatch.setattr(Path, "stat", stat)


def edit_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Same size, same inode, and the modification time set back to the same second."""
    raw = path.read_bytes()
    assert len(old) == len(new) and old in raw
    with path.open("r+b") as handle:
        handle.write(raw.replace(old, new))
    os.utime(path, (COARSE_MTIME, COARSE_MTIME))


def test_an_edit_within_the_timestamp_granularity_is_seen(cli, data, cache_dir, monkeypatch):
    """On a file system with one-second times and no change time, an in-place edit of the
    same size in the same second leaves every stat field as it was: only the content tells."""
    coarse_timestamps(monkeypatch, data)
    report = data / "progress" / "2022-05" / "甲局.yaml"
    os.utime(report, (COARSE_MTIME, COARSE_MTIME))
    assert quantity(status(cli, data)) == 50.0
    before = report.stat()
    edit_in_place(report, b"value: 50", b"value: 55")
    after = report.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ctime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ctime_ns,
        before.st_ino,
    )
    assert quantity(status(cli, data)) == 55.0


def test_a_data_error_made_within_the_timestamp_granularity_is_not_hidden(
    cli, data, cache_dir, monkeypatch
):
    coarse_timestamps(monkeypatch, data)
    report = data / "progress" / "2022-05" / "甲局.yaml"
    os.utime(report, (COARSE_MTIME, COARSE_MTIME))
    assert cli("check", "--data", str(data), *AS_OF).exit_code == 0
    edit_in_place(report, b"value: 50", b"value: 5x")
    result = cli("check", "--data", str(data), *AS_OF)
    assert result.exit_code == 1
    assert "甲局.yaml:" in result.stdout and "不是数字" in result.stdout


def test_a_file_changed_while_it_was_read_never_serves_the_other_version(
    cli, data, cache_dir, monkeypatch
):
    """The file is hashed as A, then replaced by B before it is parsed, then put back to A:
    the entry holds B's figures under B's key, so A is read again, not served as B."""
    from minsheng.load import cache

    report = data / "progress" / "2022-05" / "甲局.yaml"
    version_a = report.read_bytes()
    version_b = version_a.replace(b"value: 50", b"value: 77")
    real = cache.file_token

    def hashed_then_replaced(path: Path) -> str:
        token = real(path)
        if path == report:
            report.write_bytes(version_b)
        return token

    with monkeypatch.context() as patched:
        patched.setattr(cache, "file_token", hashed_then_replaced)
        assert quantity(status(cli, data)) == 77.0  # what was parsed
    report.write_bytes(version_a)
    assert quantity(status(cli, data)) == 50.0


def check_output(cli, data: str, *args: str) -> str:
    result = cli("check", "--data", data, *AS_OF, *args)
    assert result.exit_code == 1
    return result.stdout


def test_cached_problems_name_files_as_seen_from_this_run_s_folder(
    cli, data, cache_dir, monkeypatch, tmp_path
):
    (data / "progress" / "2022-05" / "甲局.yaml").write_text(
        "unit: 甲局\nmonth: 2022-05\nsubmitted: 2022-05-20\nreporter: 甲\nprojects: x\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    first = check_output(cli, "data")
    assert "data/progress/2022-05/甲局.yaml:5:11: error" in first
    (tmp_path / "elsewhere" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "elsewhere" / "deeper")
    monkeypatch.setenv("MINSHENG_NO_CACHE", "1")
    uncached = {f: check_output(cli, "../../data", "--format", f) for f in ("text", "github")}
    monkeypatch.delenv("MINSHENG_NO_CACHE")
    forbid_reading(monkeypatch)
    for output_format, expected in uncached.items():
        assert check_output(cli, "../../data", "--format", output_format) == expected
    assert "../../data/progress/2022-05/甲局.yaml:5:11: error" in uncached["text"]
    assert "file=../../data/progress/2022-05/甲局.yaml,line=5" in uncached["github"]


# ---- the cache file itself: FIFOs, huge files, permissions, growth ---------------------------


def run_status(data: Path, cache: Path, **limits: int) -> subprocess.CompletedProcess[str]:
    from tests.test_limits import run_bounded

    env_cache = os.environ.get("MINSHENG_CACHE_DIR")
    os.environ["MINSHENG_CACHE_DIR"] = str(cache)
    try:
        proc, _ = run_bounded(
            "status", "--data", str(data), "--as-of", "2022-05-31", "--format", "json"
        )
    finally:
        if env_cache is not None:
            os.environ["MINSHENG_CACHE_DIR"] = env_cache
    return proc


def test_a_fifo_at_the_cache_path_neither_blocks_nor_is_replaced(cli, data, cache_dir):
    from minsheng.load import cache

    cache_dir.mkdir()
    fifo = cache.entry_path(cache_dir, data)
    os.mkfifo(fifo)
    proc = run_status(data, cache_dir)  # a real process: a hang would end in its timeout
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["projects"][0]["indicators"][0]["actual"] == 50.0
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_huge_cache_file_is_not_read_whole(cli, data, cache_dir):
    from minsheng.load import cache

    cache_dir.mkdir()
    entry = cache.entry_path(cache_dir, data)
    with entry.open("wb") as handle:
        handle.truncate(1 << 30)  # one gigabyte without a line break (sparse)
    proc = run_status(data, cache_dir)  # within the 384 MiB address-space limit
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "MemoryError" not in proc.stderr
    assert entry.stat().st_size < 1 << 20  # replaced by a real entry


def test_cache_files_are_readable_by_their_owner_only(cli, data, tmp_path, monkeypatch):
    folder = tmp_path / "fresh-cache"
    monkeypatch.setenv("MINSHENG_CACHE_DIR", str(folder))
    status(cli, data)
    (entry,) = folder.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_old_entries_are_evicted_and_other_files_left_alone(cli, data, cache_dir):
    from minsheng.load import cache

    cache_dir.mkdir()
    for i in range(cache.MAX_ENTRIES + 8):
        old = cache_dir / f"{i:024x}.jsonl"
        old.write_text("x\n", encoding="utf-8")
        os.utime(old, (1_600_000_000 + i, 1_600_000_000 + i))
    (cache_dir / "notes.txt").write_text("不是缓存", encoding="utf-8")
    status(cli, data)
    names = sorted(p.name for p in cache_dir.iterdir())
    assert len(names) == cache.MAX_ENTRIES + 1
    assert "notes.txt" in names and cache.entry_path(cache_dir, data).name in names
    newest = [f"{i:024x}.jsonl" for i in range(cache.MAX_ENTRIES + 8)][-(cache.MAX_ENTRIES - 1) :]
    assert set(newest) <= set(names)


def test_a_hit_keeps_its_entry_among_the_recent_ones(cli, data, cache_dir, monkeypatch):
    from minsheng.load import cache

    status(cli, data)
    entry = cache.entry_path(cache_dir, data)
    os.utime(entry, (1_500_000_000, 1_500_000_000))
    forbid_reading(monkeypatch)
    status(cli, data)
    assert entry.stat().st_mtime > 1_600_000_000


def test_without_a_home_folder_the_run_goes_on_without_a_cache(cli, data, tmp_path, monkeypatch):
    """No HOME and a uid without a passwd entry (``docker run --user 12345``)."""
    import pwd

    for name in ("MINSHENG_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_entry(uid: int) -> object:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    assert quantity(status(cli, data)) == 50.0
    assert cli("check", "--data", str(data), *AS_OF).exit_code == 0
    assert sorted(tmp_path.rglob("*")) == before
