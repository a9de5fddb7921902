"""The validated-data cache: used when nothing changed, never stale when anything did."""

from __future__ import annotations

import json
import os
import shutil
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
