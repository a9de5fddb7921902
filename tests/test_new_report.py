"""`minsheng new-report`: a prefilled, valid progress file, written safely."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from minsheng.dates import month_end
from minsheng.load.adapters import adapter
from minsheng.load.yamlread import read_file
from minsheng.models import ProgressReport
from tests.conftest import DATA
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
    report = adapter(ProgressReport).validate_python(doc.data)
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


def test_prefill_carries_every_figure_exactly_and_no_office_data(cli, mini: Path):
    may = mini / "progress" / "2022-05"
    text = (may / "丙局.yaml").read_text(encoding="utf-8")
    text = text.replace("{id: 3-1, value: 85}", "{id: 3-1, value: 85.123456, correction: 重新统计}")
    (may / "丙局.yaml").write_text(text, encoding="utf-8")
    result = cli("new-report", "--data", str(mini), "--unit", "丙局", "--month", "2022-06")
    assert result.exit_code == 0, result.output
    prefilled = (mini / "progress" / "2022-06" / "丙局.yaml").read_text(encoding="utf-8")
    assert "        value: 85.123456  # 当前值（%），目标 ≥90%" in prefilled
    assert "        value: 9  # 当前值（%），要求逐年降低" in prefilled
    assert "        self_assessment: 72  # 自评完成度 0–100" in prefilled
    entries = prefilled[prefilled.index("projects:") :]
    for not_carried in ("review", "correction:", "evidence", "督查室", "重新统计"):
        assert not_carried not in entries


def test_prefill_keeps_an_item_s_image_progress(cli, mini: Path):
    april = mini / "progress" / "2022-04" / "乙局.yaml"
    text = april.read_text(encoding="utf-8").replace(
        "{name: b, stage: 未启动}", "{name: b, stage: 未启动, percent: 70}"
    )
    april.write_text(text, encoding="utf-8")
    assert (
        cli("new-report", "--data", str(mini), "--unit", "乙局", "--month", "2022-06").exit_code
        == 0
    )
    prefilled = (mini / "progress" / "2022-06" / "乙局.yaml").read_text(encoding="utf-8")
    assert "- {name: b, stage: 未启动, percent: 70}" in prefilled


def test_an_indicator_never_reported_is_left_for_the_clerk_commented_out(cli, mini: Path):
    shutil.rmtree(mini / "progress" / "2022-05")
    result = cli("new-report", "--data", str(mini), "--unit", "丙局", "--month", "2022-05")
    assert result.exit_code == 0, result.output
    path = mini / "progress" / "2022-05" / "丙局.yaml"
    prefilled = path.read_text(encoding="utf-8")
    assert "      # - id: 3-1  # 比率\n      #   value:   # 当前值（%），目标 ≥90%" in prefilled
    path.write_text(prefilled, encoding="utf-8")
    _fill_in(path, "2022-05-31")
    check = cli("check", "--data", str(mini), "--format", "json")
    assert [p["code"] for p in json.loads(check.stdout)["problems"] if "丙局" in p["path"]] == []


def _figures(cli, data: Path, as_of: str) -> dict[str, tuple[float, float]]:
    """完成率 and 序时进度 of every indicator and checklist item at ``as_of``."""
    result = cli("status", "--data", str(data), "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    found: dict[str, tuple[float, float]] = {}
    for project in json.loads(result.stdout)["projects"]:
        for ind in project["indicators"]:
            found[ind["id"]] = (ind["completion"], ind["expected"])
            for item in ind.get("items", ()):
                found[f"{ind['id']}·{item['name']}"] = (item["completion"], item["expected"])
    return found


def _problems(cli, data: Path) -> tuple[int, list[tuple[str, str, str]]]:
    result = cli("check", "--data", str(data), "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    return result.exit_code, [(p["path"], p["code"], p["message"]) for p in problems]


def _fill_in(path: Path, submitted: str) -> None:
    text = path.read_text(encoding="utf-8").replace("reporter:  #", "reporter: 填报人  #", 1)
    text = re.sub(r"^submitted: \S+", f"submitted: {submitted}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


SHIPPED_MONTHS = sorted(p.name for p in (DATA / "progress").iterdir())
SHIPPED_UNITS = sorted({p.stem for p in (DATA / "progress").glob("*/*.yaml")})


@pytest.mark.slow
@pytest.mark.parametrize("month", SHIPPED_MONTHS)
def test_every_unit_s_prefilled_report_checks_clean_and_keeps_the_figures(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, month: str
):
    """For each month of the shipped data: with that month and the later ones removed, every
    unit's prefilled report, once its reporter is filled in and dated on time, passes check
    with nothing new to say, and the status is the same as without it."""
    monkeypatch.setenv("MINSHENG_NO_CACHE", "1")
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    for later in SHIPPED_MONTHS[SHIPPED_MONTHS.index(month) :]:
        shutil.rmtree(data / "progress" / later)
        for record in (data / "duban").glob(f"*/{later}-*.yaml"):  # the office's, of then on
            record.unlink()
    end = month_end(month).isoformat()
    before = _figures(cli, data, end)
    code, problems = _problems(cli, data)
    assert code == 0, problems
    for unit in SHIPPED_UNITS:
        made = cli("new-report", "--data", str(data), "--unit", unit, "--month", month)
        assert made.exit_code == 0, made.output
        path = data / "progress" / month / f"{unit}.yaml"
        _fill_in(path, end)
        assert _problems(cli, data) == (0, problems), f"{unit} {month}"
        assert _figures(cli, data, end) == before, f"{unit} {month}"
        path.unlink()
