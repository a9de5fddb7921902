"""The workbook route with the list's other dimensions (the county fixture): the lead unit's
investment and fund sources, and each unit's areas of a split target, are inputs of the
workbook, prefilled like the YAML file, and come back through the import exactly as the YAML
route writes them."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from tests.test_import import _report
from tests.workbooks import fill, places, reporter

NOW = Path(__file__).parent / "fixtures" / "county" / "2023"
PERIOD, MONTH = "2023Q3", "2023-09"
SUBMITTED = date(2023, 9, 15)  # on time: 每季度末月20日前
AS_OF = ("--as-of", "2023-09-30")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(NOW, target)
    return target


def made_book(cli, data: Path, unit: str, folder: Path) -> Path:
    path = folder / f"{unit}-{MONTH}.xlsx"
    made = cli(
        "new-report",
        "--data",
        str(data),
        "--unit",
        unit,
        "--period",
        PERIOD,
        "--format",
        "xlsx",
        "-o",
        str(path),
    )
    assert made.exit_code == 0, made.output
    assert made.stdout == f"{path}\n"
    return path


def target(data: Path, unit: str) -> Path:
    return data / "progress" / MONTH / f"{unit}.yaml"


def yaml_route(cli, data: Path, unit: str, edits: list[tuple[str, str]]) -> str:
    """The file a YAML-writing clerk commits: new-report's, with 填报人, 报送日期 and ``edits``
    (each line as it is prefilled, and as the clerk changes it)."""
    result = cli("new-report", "--data", str(data), "--unit", unit, "--period", PERIOD)
    assert result.exit_code == 0, result.output
    text = target(data, unit).read_text(encoding="utf-8")
    text = text.replace("reporter:  #", "reporter: 张三  #", 1)
    text = re.sub(r"^submitted: \S+", f"submitted: {SUBMITTED}", text, count=1, flags=re.M)
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def run_import(cli, data: Path, *books: Path):
    return cli("import", *map(str, books), "--data", str(data))


# ---- the workbooks ------------------------------------------------------------------------------


def test_the_lead_unit_fills_in_its_investment_and_each_fund_source(cli, data: Path, tmp_path):
    """县交通局 leads the invested project 1: a row for its completed investment and one per
    fund source with 累计下达 and 累计拨付, prefilled with what it reported in June; the split
    target is left to the areas, as the YAML file says."""
    workbook = openpyxl.load_workbook(made_book(cli, data, "县交通局", tmp_path))
    ws = workbook["填报"]
    rows, columns = places(ws)
    headings = [ws.cell(6, c).value for c in range(1, ws.max_column)]
    assert headings[5:8] == ["本期累计", "累计下达", "累计拨付"]
    money = rows["investment:1"]
    assert [ws.cell(money, c).value for c in range(2, 7)] == [
        "投资和资金",
        "年度计划 3000万元",
        "万元",
        "1500万元",
        1500,
    ]
    assert ws.cell(money + 1, 2).value == "资金节点（实施方案）"
    assert ws.cell(money + 1, 3).value == "6月底前资金拨付率达到50%"
    county = rows["source:1:县级"]
    assert [ws.cell(county, c).value for c in range(2, 6)] == [
        "· 县级",
        "计划 1200万元",
        "万元",
        "下达 600万元，拨付 300万元",
    ]
    assert ws.cell(county, columns["allocated"]).value == 600
    assert ws.cell(county, columns["paid"]).value == 300
    assert ws.cell(rows["remark:1:1-1"], 2).value == (
        "指标 1-1（农村公路提质改造）的数值由各地区分别填报，总数按各地区之和计算"
    )
    assert "indicator:1-1" not in rows
    validated = {
        cell.coord: f"{check.type} {check.formula1} {check.formula2}"
        for check in ws.data_validations.dataValidation
        for cell in check.sqref.ranges
    }
    letter = {slot: get_column_letter(c) for slot, c in columns.items()}
    for slot in ("allocated", "paid"):
        assert validated[f"{letter[slot]}{county}"] == "decimal 0 1000000000000000.0"
        assert not ws[f"{letter[slot]}{county}"].protection.locked
    assert validated[f"{letter['value']}{money}"] == "decimal 0 1000000000000000.0"
    assert ws.cell(money, columns["allocated"]).protection.locked  # no 下达 for the whole
    guide = [c.value for c in workbook["填写说明"]["A"]]
    assert (
        "投资和资金（牵头单位填写）：「投资和资金」行的「本期累计」填年初至本期末累计完成投资；"
        "每个资金来源一行，填累计下达、累计拨付的金额（单位见「计量单位」，只填数字）。"
    ) in guide
    assert not any(str(line).startswith("分地区的指标") for line in guide)


def test_a_township_fills_in_only_its_own_share_of_a_split_target(cli, data: Path, tmp_path):
    """南山镇 reports its 10 of the 60 公里; the indicator's row shows the whole and takes
    only what is said of it (更正说明 …), never a total."""
    workbook = openpyxl.load_workbook(made_book(cli, data, "南山镇", tmp_path))
    ws = workbook["填报"]
    rows, columns = places(ws)
    area = rows["area:1-1:南山镇"]
    assert [ws.cell(area, c).value for c in range(2, 7)] == [
        "· 南山镇",
        "10公里",
        "公里",
        "6公里",
        6,
    ]
    assert not ws.cell(area, columns["value"]).protection.locked
    whole = rows["indicator:1-1"]
    assert [ws.cell(whole, c).value for c in range(2, 6)] == [
        "1-1 农村公路提质改造",
        "60公里",
        "公里",
        "36公里",
    ]
    assert ws.cell(whole, columns["value"]).value is None
    assert ws.cell(whole, columns["value"]).protection.locked
    assert not ws.cell(whole, columns["correction"]).protection.locked
    assert [key for key in rows if key.startswith("area:")] == ["area:1-1:南山镇"]
    assert "investment:1" not in rows  # the money is the lead unit's
    guide = [c.value for c in workbook["填写说明"]["A"]]
    assert (
        "分地区的指标：本单位负责的每个地区一行，「本期累计」填该地区年初至本期末的累计数；"
        "指标的总数按各地区之和计算，指标行不用填数。"
    ) in guide
    assert not any(str(line).startswith("投资和资金") for line in guide)


# ---- filled in and imported: the YAML route's file ------------------------------------------------


# (unit, cells typed into its workbook, the same edits of its prefilled YAML file)
Case = tuple[str, dict[tuple[str, str], object], list[tuple[str, str]]]
CASES: dict[str, Case] = {
    "the lead unit's money": (
        "县交通局",
        {
            ("project:1", "progress"): "九月完成路面铺设6公里",
            ("investment:1", "value"): 2100,
            ("source:1:县级", "allocated"): 900,
            ("source:1:县级", "paid"): 450,
        },
        [
            (
                "    progress:  # 进展情况",
                "    progress: 九月完成路面铺设6公里  # 进展情况",
            ),
            ("      completed: 1500  #", "      completed: 2100  #"),
            ("{name: 县级, allocated: 600, paid: 300}", "{name: 县级, allocated: 900, paid: 450}"),
        ],
    ),
    "a township's share": (
        "南山镇",
        {("area:1-1:南山镇", "value"): 8.5},
        [("{area: 南山镇, value: 6}", "{area: 南山镇, value: 8.5}")],
    ),
    "the lead unit's areas": (
        "县人力社保局",
        {("area:5-1:西城街道", "value"): 200, ("area:5-1:河口乡", "value"): 150},
        [
            ("{area: 西城街道, value: 180}", "{area: 西城街道, value: 200}"),
            ("{area: 河口乡, value: 120}", "{area: 河口乡, value: 150}"),
        ],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_filled_workbook_imports_as_the_yaml_route_writes_it(cli, tmp_path: Path, case: str):
    """The same figures typed into the workbook and into the YAML file give the same file,
    byte for byte, and the same status."""
    unit, cells, edits = CASES[case]
    by_yaml, by_book = tmp_path / "yaml", tmp_path / "book"
    shutil.copytree(NOW, by_yaml)
    shutil.copytree(NOW, by_book)
    expected = yaml_route(cli, by_yaml, unit, edits)
    target(by_yaml, unit).write_text(expected, encoding="utf-8")
    book = fill(made_book(cli, by_book, unit, tmp_path), {**reporter("张三", SUBMITTED), **cells})
    result = run_import(cli, by_book, book)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"已导入：{book} → {target(by_book, unit).as_posix()}",
        "共 1 个工作簿：导入 1 个，跳过 0 个，未导入 0 个。",
    ]
    assert target(by_book, unit).read_text(encoding="utf-8") == expected
    check = cli("check", "--data", str(by_book), *AS_OF)
    assert check.exit_code == 0, check.output
    status = [
        cli("status", "--data", str(folder), *AS_OF, "--format", "json").stdout
        for folder in (by_yaml, by_book)
    ]
    assert status[0] == status[1] and '"investment"' in status[0]


def test_what_is_typed_of_the_money_reaches_the_file(cli, data: Path, tmp_path: Path):
    book = fill(
        made_book(cli, data, "县交通局", tmp_path),
        {
            **reporter("张三", SUBMITTED),
            ("investment:1", "value"): 2100.5,
            ("investment:1", "note"): "含征地拆迁补偿",
            ("source:1:中央", "paid"): None,
        },
    )
    assert run_import(cli, data, book).exit_code == 0
    money = _report(target(data, "县交通局")).projects[0].investment
    assert money is not None
    assert (money.completed, money.note) == (2100.5, "含征地拆迁补偿")
    assert [(s.name, s.allocated, s.paid) for s in money.sources] == [
        ("中央", 1800, None),  # a blank cell says nothing: June's 900 carries forward
        ("县级", 600, 300),
    ]
    result = cli("status", "--data", str(data), *AS_OF, "--format", "json")
    assert json.loads(result.stdout)["projects"][0]["investment"]["completed"] == 2100.5


# ---- what the clerk typed wrong --------------------------------------------------------------


def test_a_lower_area_figure_needs_the_correction_on_its_indicator_s_row(
    cli, data: Path, tmp_path: Path
):
    """An area's figure below June's is refused at the area's cell, and the message names the
    row whose 更正说明 says why; written there, the import goes through."""
    book = made_book(cli, data, "南山镇", tmp_path)
    lower = fill(
        book,
        {**reporter("李四", SUBMITTED), ("area:1-1:南山镇", "value"): 5},
        out=tmp_path / "lower.xlsx",
    )
    result = run_import(cli, data, lower)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"未导入：{lower}（1 个问题）",
        f"  {lower} 填报!F10: 「南山镇」的累计完成数（5）低于 2023-06 的报送值；"
        "如确需更正，请在「1-1 农村公路提质改造」那一行的「更正说明」写明原因",
    ]
    assert not target(data, "南山镇").exists()
    corrected = fill(
        lower, {("indicator:1-1", "correction"): "六月多报了一公里"}, out=tmp_path / "ok.xlsx"
    )
    result = run_import(cli, data, corrected)
    assert result.exit_code == 0, result.output
    text = target(data, "南山镇").read_text(encoding="utf-8")
    assert "        correction: 六月多报了一公里  # 更正说明：数值比上期小时必须写明原因\n" in text
    assert "          - {area: 南山镇, value: 5}  # 目标 10公里\n" in text


def test_money_typed_wrong_is_told_at_its_cell(cli, data: Path, tmp_path: Path):
    book = made_book(cli, data, "县交通局", tmp_path)
    wrong = fill(
        book,
        {**reporter("张三", SUBMITTED), ("source:1:县级", "paid"): "三百万"},
        out=tmp_path / "wrong.xlsx",
    )
    result = run_import(cli, data, wrong)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1] == (
        f"  {wrong} 填报!H11: 「三百万」不是数字：请只写数字，如 92 或 1.5（不要带单位、百分号或逗号）"
    )
    over = fill(
        book,
        {**reporter("张三", SUBMITTED), ("source:1:中央", "paid"): 2000},
        out=tmp_path / "over.xlsx",
    )
    result = run_import(cli, data, over)
    assert result.exit_code == 0, result.output  # a warning, as check gives it
    assert result.stdout.splitlines()[1] == (
        f"  提示：{over} 填报!H10: 「中央」累计拨付 2000 多于累计下达 1800，请核对"
    )


def test_a_fund_source_added_to_the_registry_makes_the_workbook_stale(
    cli, data: Path, tmp_path: Path
):
    book = fill(made_book(cli, data, "县交通局", tmp_path), reporter("张三", SUBMITTED))
    registry = data / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    added = "        - {name: 县级, planned: 1200}\n"
    assert text.count(added) == 1
    registry.write_text(
        text.replace(added, added + "        - {name: 社会资金, planned: 100}\n"),
        encoding="utf-8",
    )
    assert cli("check", "--data", str(data), *AS_OF).exit_code == 0
    result = run_import(cli, data, book)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1] == (
        f"  {book}: 登记表在生成这份填报表之后改动过（指标、清单项、阶段或计量单位与生成时不同），"
        "表中的格子已无法一一对应；请用 minsheng new-report --format xlsx 重新生成填报表后再填"
    )
