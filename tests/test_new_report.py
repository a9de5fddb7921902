"""`minsheng new-report`: a prefilled, valid progress file, written safely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from minsheng.load.yamlread import read_file
from minsheng.models import ProgressReport
from tests.test_status import MINI


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def test_writes_a_prefilled_file_that_validates_once_filled_in(cli, mini: Path):
    result = cli("new-report", "--data", str(mini), "--unit", "甲局", "--month", "2022-06")
    assert result.exit_code == 0, result.output
    path = mini / "progress" / "2022-06" / "甲局.yaml"
    assert result.stdout.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    assert (
        "value: 50  # 年初至今累计完成（个），目标 100个" in text
    )  # last month's cumulative value
    assert "# yaml-language-server: $schema=" in text
    assert "reporter:  # 填报人姓名（必填）" in text
    path.write_text(text.replace("reporter:  #", "reporter: 甲  #"), encoding="utf-8")
    doc, problems = read_file(path)
    assert problems == [] and doc is not None
    report = ProgressReport.model_validate(doc.data)
    assert report.unit == "甲局" and report.month == "2022-06"
    assert [p.id for p in report.projects] == [1, 2]


def test_unfilled_file_is_reported_by_check(cli, mini: Path):
    cli("new-report", "--data", str(mini), "--unit", "乙局", "--month", "2022-06")
    result = cli("check", "--data", str(mini), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert "乙局.yaml:" in result.stdout and "「reporter」（填报人）不能为空" in result.stdout


def test_co_owner_is_told_who_reports_the_values(cli, mini: Path):
    cli("new-report", "--data", str(mini), "--unit", "甲局", "--month", "2022-06")
    text = (mini / "progress" / "2022-06" / "甲局.yaml").read_text(encoding="utf-8")
    assert "# 指标 2-1（设施）的数值由乙局填报" in text


def test_checklist_items_carry_last_months_stage(cli, mini: Path):
    cli("new-report", "--data", str(mini), "--unit", "乙局", "--month", "2022-06")
    text = (mini / "progress" / "2022-06" / "乙局.yaml").read_text(encoding="utf-8")
    assert "- {name: a, stage: 启动}" in text and "- {name: b, stage: 未启动}" in text


def test_refuses_to_overwrite_without_force(cli, mini: Path):
    path = mini / "progress" / "2022-05" / "甲局.yaml"
    before = path.read_bytes()
    result = cli("new-report", "--data", str(mini), "--unit", "甲局", "--month", "2022-05")
    assert result.exit_code == 1
    assert "已存在；如确需覆盖，请加 --force" in result.stderr
    assert path.read_bytes() == before
    forced = cli(
        "new-report", "--data", str(mini), "--unit", "甲局", "--month", "2022-05", "--force"
    )
    assert forced.exit_code == 0
    assert path.read_bytes() != before


@pytest.mark.parametrize(
    ("unit", "month", "message"),
    [
        ("../../etc", "2022-06", "没有名为「../../etc」的责任单位"),
        ("丁局", "2022-06", "没有名为「丁局」的责任单位"),
        ("甲局", "2022-13", "月份「2022-13」不在报送期内"),
        ("甲局", "../2022-06", "不在报送期内"),
        ("甲局", "2023-01", "不在报送期内"),
    ],
)
def test_unknown_unit_or_month_is_a_usage_error(cli, mini: Path, unit, month, message):
    before = sorted(p.relative_to(mini) for p in mini.rglob("*"))
    result = cli("new-report", "--data", str(mini), "--unit", unit, "--month", month)
    assert result.exit_code == 2
    assert message in result.stderr
    assert sorted(p.relative_to(mini) for p in mini.rglob("*")) == before


def test_refuses_a_month_folder_that_links_outside(cli, mini: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (mini / "progress" / "2022-06").symlink_to(outside, target_is_directory=True)
    result = cli("new-report", "--data", str(mini), "--unit", "甲局", "--month", "2022-06")
    assert result.exit_code == 1
    assert "之外" in result.stderr
    assert list(outside.iterdir()) == []
