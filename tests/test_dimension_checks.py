"""``check`` on the new mistakes of the list's other dimensions: each one changed into a copy of
the test county, told in Chinese at the file, line and column of the wrong value."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

COUNTY = Path(__file__).resolve().parent / "fixtures" / "county"
REGISTRY = "projects.yaml"
LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning) \[(?P<code>[a-z-]+)\] (?P<message>.+)$"
)


def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "2023"
    shutil.copytree(COUNTY / "2023", folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (file, text to change, its replacement, severity, code, message start, token on the line,
#  how many problems the check finds in all: the mistake, and what follows from it)
CASES = {
    "split-sum": (
        REGISTRY,
        "{area: 青山乡, target: 10, unit: 青山乡}",
        "{area: 青山乡, target: 12, unit: 青山乡}",
        "error",
        "split-sum",
        "各地区的目标之和 8 + 12 + 10 + 10 + 10 + 12 = 62公里，不等于指标「1-1」的目标 60公里",
        "- {area: 东城街道, target: 8",
    ),
    "area-not-registered": (
        REGISTRY,
        "{area: 青山乡, target: 200}",
        "{area: 青山镇, target: 200}",
        "error",
        "unknown-unit",
        "地区「青山镇」没有在 units 中登记",
        "青山镇",
        3,
    ),
    "area-is-a-department": (
        REGISTRY,
        "{name: 河口乡, kind: 乡镇}",
        "{name: 河口乡, kind: 部门}",
        "error",
        "invalid-value",
        "「河口乡」登记的类型是部门，不是地区（乡镇、街道、县区），不能分配目标",
        "area: 河口乡",
        3,
    ),
    "share-unit-not-responsible": (
        REGISTRY,
        "{area: 东城街道, target: 8, unit: 东城街道}",
        "{area: 东城街道, target: 8, unit: 县民政局}",
        "error",
        "not-responsible",
        "「县民政局」不是指标「1-1」的责任单位",
        "unit: 县民政局",
        2,
    ),
    "checklist-item-without-area": (
        REGISTRY,
        "{name: 青山乡养老服务中心, target: 建成, area: 青山乡}",
        "{name: 青山乡养老服务中心, target: 建成}",
        "error",
        "missing-area",
        "清单「2-1」分解到了各地区（split），每个清单项都要写 area（所在地区）；「青山乡养老服务中心」没有写",
        "青山乡养老服务中心",
    ),
    "unknown-level": (
        REGISTRY,
        "    level: 市级\n",
        "    level: 乡级\n",
        "error",
        "unknown-level",
        "层级「乡级」没有在 plan.levels 中登记；应为：省级、市级、县级",
        "level: 乡级",
        2,
    ),
    "unknown-category": (
        REGISTRY,
        "    category: 社会保障\n    type: 工程类",
        "    category: 社会事业\n    type: 工程类",
        "error",
        "unknown-category",
        "类别「社会事业」没有在 plan.categories 中登记；应为：城乡建设、社会保障、教育卫生",
        "category: 社会事业",
    ),
    "declared-count": (
        REGISTRY,
        "  declared: {projects: 6, items: 8}",
        "  declared: {projects: 7, items: 8}",
        "warning",
        "count-mismatch",
        "计划声明 7件，登记表中登记了 6件；请核对是否漏登或多登",
        "declared: {projects: 7",
    ),
    "years-without-this-year": (
        REGISTRY,
        "years: {first: 2022, last: 2023}",
        "years: {first: 2020, last: 2022}",
        "error",
        "invalid-value",
        "多年项目的年度 2020—2022 不含计划年度 2023",
        "years: {first: 2020",
    ),
    "total-below-target": (
        REGISTRY,
        "        total: 1000\n",
        "        total: 400\n",
        "error",
        "invalid-value",
        "总计划数 400 小于本年目标 480",
        "total: 400",
    ),
    "carried-above-target": (
        REGISTRY,
        "        carried: 80\n",
        "        carried: 500\n",
        "error",
        "invalid-value",
        "结转的剩余任务 500 大于本年目标 480",
        "carried: 500",
    ),
    "fund-not-planned": (
        "progress/2023-06/县交通局.yaml",
        "{name: 县级, allocated: 600, paid: 300}",
        "{name: 省级, allocated: 600, paid: 300}",
        "error",
        "unknown-fund",
        "资金来源「省级」不在登记表中项目 1 的计划资金来源里（应为：中央、县级）",
        "省级",
    ),
    "money-from-a-cooperating-unit": (
        "progress/2023-06/南山镇.yaml",
        "    progress: 本辖区累计完成6公里。\n",
        "    progress: 本辖区累计完成6公里。\n    investment: {completed: 10}\n",
        "error",
        "not-responsible",
        "项目 1 的投资和资金由牵头单位「县交通局」填报，不由「南山镇」填报",
        "investment:",
    ),
    "paid-over-allocated": (
        "progress/2023-06/县交通局.yaml",
        "{name: 中央, allocated: 1800, paid: 900}",
        "{name: 中央, allocated: 1800, paid: 1900}",
        "warning",
        "paid-over-allocated",
        "「中央」累计拨付 1900 多于累计下达 1800，请核对",
        "paid: 1900",
    ),
    "area-of-another-unit": (
        "progress/2023-06/南山镇.yaml",
        "{area: 南山镇, value: 6}",
        "{area: 北坝镇, value: 6}",
        "error",
        "not-responsible",
        "指标「1-1」在「北坝镇」的数值由「北坝镇」填报，不由「南山镇」填报",
        "北坝镇",
    ),
    "area-not-in-split": (
        "progress/2023-06/县人力社保局.yaml",
        "{area: 青山乡, value: 200}",
        "{area: 城关镇, value: 200}",
        "error",
        "unknown-area",
        "指标「5-1」没有分解到「城关镇」",
        "城关镇",
    ),
    "areas-on-an-unsplit-indicator": (
        "progress/2023-06/县住房城乡建委.yaml",
        "        value: 240\n",
        "        value: 240\n        areas: [{area: 南山镇, value: 240}]\n",
        "error",
        "kind-mismatch",
        "指标「4-1」没有分解到各地区（登记表中没有 split），不能填 areas",
        "areas:",
    ),
    "total-and-areas-differ": (
        "progress/2023-06/县人力社保局.yaml",
        "      - id: 5-1\n",
        "      - id: 5-1\n        value: 1000\n",
        "warning",
        "area-sum",
        "累计完成数 1000 与各地区之和 1050 不一致；分解到各地区的指标按各地区之和计算",
        "value: 1000",
    ),
    "area-lower-than-last-quarter": (
        "progress/2023-06/县人力社保局.yaml",
        "{area: 东城街道, value: 200}",
        "{area: 东城街道, value: 40}",
        "error",
        "regression",
        "「东城街道」的累计完成数（40）低于 2023-03 的报送值；如确需更正，请在本指标下填写 correction（更正说明）",
        "value: 40",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_tells_the_mistake_where_it_is(cli, tmp_path, monkeypatch, name):
    file, old, new, severity, code, message, token, *rest = (str(x) for x in CASES[name])
    folder = copy(tmp_path)
    edit(folder / file, old, new)
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--data", "2023", "--as-of", "2023-06-30")
    assert "Traceback" not in result.output
    assert result.exit_code == (1 if severity == "error" else 0), result.output
    found = [LINE.match(line) for line in result.stdout.splitlines()]
    problems = [m for m in found if m is not None]
    assert len(problems) == (int(rest[0]) if rest else 1), result.stdout
    p = next(m for m in problems if m["code"] == code and m["message"].startswith(message))
    assert (p["path"], p["severity"]) == (f"2023/{file}", severity)
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    assert token in lines[int(p["line"]) - 1], (token, lines[int(p["line"]) - 1])
    assert 1 <= int(p["col"]) <= len(lines[int(p["line"]) - 1])


def test_previous_indicator_must_exist_in_the_earlier_project(cli, tmp_path, monkeypatch):
    folder = copy(tmp_path)
    edit(folder / REGISTRY, "previous_id: 5-1", "previous_id: 5-9")
    shutil.copytree(COUNTY / "2022", tmp_path / "2022")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--data", "2023", "--as-of", "2023-06-30", "--previous", "2022")
    assert result.exit_code == 1
    assert re.search(
        r"^2023/projects\.yaml:\d+:\d+: error \[unknown-previous\] 2022 年度的项目 5 中没有编号为「5-9」的指标；应为：5-1$",
        result.stdout,
        re.MULTILINE,
    ), result.stdout


def test_continued_year_not_given_is_a_warning(cli, tmp_path, monkeypatch):
    folder = copy(tmp_path)
    edit(folder / REGISTRY, "continues: {year: 2022, id: 5}", "continues: {year: 2021, id: 5}")
    shutil.copytree(COUNTY / "2022", tmp_path / "2022")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--data", "2023", "--as-of", "2023-06-30", "--previous", "2022")
    assert result.exit_code == 0
    assert (
        "warning [previous-missing] 没有给出 2021 年度的数据文件夹（--previous，已给出：2022），无法核对接续的项目"
        in result.stdout
    )


def test_previous_folder_with_errors_stops_the_check(cli, tmp_path, monkeypatch):
    copy(tmp_path)
    earlier = tmp_path / "2022"
    shutil.copytree(COUNTY / "2022", earlier)
    edit(earlier / REGISTRY, "target: 600", "target: 六百")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--data", "2023", "--previous", "2022")
    assert result.exit_code == 1
    assert "2022/projects.yaml:" in result.stderr and "不是数字" in result.stderr


def test_the_commands_page_quotes_the_cases_as_check_prints_them():
    """docs/commands.md shows two of these mistakes; they are the data-driven cases' lines."""
    root = Path(__file__).resolve().parents[1]
    page = (root / "docs" / "commands.md").read_text(encoding="utf-8")
    expected = {
        line
        for case in ("split-not-summing", "fund-source-not-planned")
        for line in (root / "tests/cases/invalid" / case / "expected.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    }
    quoted = {
        line for line in page.splitlines() if "[split-sum]" in line or "[unknown-fund]" in line
    }
    assert quoted == expected
