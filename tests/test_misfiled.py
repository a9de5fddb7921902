"""A report filed where the tool does not read it is an error naming where it belongs; files
that are never reports (dotfiles, README.md, editor backups, Thumbs.db) are passed over."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA

REPORT = Path("progress") / "2022-12" / "县教委.yaml"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped data as ``data/`` in the working folder."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


def _misplaced(cli) -> tuple[int, list[dict]]:
    result = cli("check", "--data", "data", "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    return result.exit_code, [p for p in problems if p["code"] == "misplaced-file"]


@pytest.mark.parametrize(
    ("moved_to", "reason"),
    [
        ("progress/202212/县教委.yaml", "文件夹「202212」不是月份（应写成 YYYY-MM，如 2022-05）"),
        ("progress/2022-1/县教委.yaml", "文件夹「2022-1」不是月份（应写成 YYYY-MM，如 2022-05）"),
        ("progress/2022-12/县教委.yml", "进展报告的扩展名应为 .yaml"),
        ("progress/2022-12/县教委.yaml.txt", "进展报告的扩展名应为 .yaml"),
        ("progress/县教委.yaml", "进展报告应放在以月份命名的文件夹中"),
        ("progress/2022-12/旧/县教委.yaml", "月份文件夹中不应再有子文件夹"),
    ],
)
def test_a_misfiled_report_is_an_error_naming_where_it_belongs(cli, work, moved_to, reason):
    target = work / moved_to
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(work / REPORT, target)
    code, found = _misplaced(cli)
    assert code == 1
    assert found == [
        {
            "path": f"data/{moved_to}",
            "line": 1,
            "column": 1,
            "severity": "error",
            "code": "misplaced-file",
            "message": f"{reason}，此文件不会被读取；应放在 progress/2022-12/县教委.yaml",
        }
    ]
    status = cli("status", "--data", "data")
    assert status.exit_code == 1
    assert "应放在 progress/2022-12/县教委.yaml" in status.stderr


def test_where_it_belongs_comes_from_the_names_when_the_file_does_not_say(cli, work):
    folder = work / "progress" / "2022年11月"
    folder.mkdir()
    (folder / "县教委.yml").write_text("这不是 YAML 映射\n", encoding="utf-8")
    code, found = _misplaced(cli)
    assert code == 1
    assert [p["message"] for p in found] == [
        "文件夹「2022年11月」不是月份（应写成 YYYY-MM，如 2022-05），此文件不会被读取；"
        "如果是进展报告，应放在 progress/2022-11/县教委.yaml；其他文件请移出 progress/"
    ]


@pytest.mark.parametrize(
    "name",
    [
        ".gitkeep",
        ".DS_Store",
        "README.md",
        "readme.md",
        "Thumbs.db",
        "desktop.ini",
        "县教委.yaml~",
        ".县教委.yaml.swp",
        "县教委.yaml.swp",
        "县教委.yaml.bak",
    ],
)
@pytest.mark.parametrize("where", ["progress", "progress/2022-12"])
def test_files_that_are_never_reports_are_passed_over(cli, work, name, where):
    (work / where / name).write_text("x: [\n", encoding="utf-8")
    result = cli("check", "--data", "data", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [p for p in json.loads(result.stdout)["problems"] if name in p["path"]] == []


def test_an_empty_folder_under_progress_says_nothing(cli, work):
    (work / "progress" / "草稿").mkdir()
    code, found = _misplaced(cli)
    assert (code, found) == (0, [])
