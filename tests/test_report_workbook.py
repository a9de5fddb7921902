"""`minsheng new-report --format xlsx`: the unit's fill-in workbook — prefilled like the YAML file,
inputs unlocked and validated, everything else protected, keys hidden, set up for A4."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from minsheng.load.folder import load
from minsheng.render.report_workbook import as_workbook
from minsheng.views import report_sheet as sheet
from minsheng.views.report_form import build_form
from tests.conftest import DATA
from tests.workbooks import cell_of, places

QUARTERLY = Path(__file__).parent / "fixtures" / "quarterly"


@pytest.fixture
def book(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    made = cli(
        "new-report",
        "--data",
        str(DATA),
        "--unit",
        "县教委",
        "--month",
        "2022-06",
        "--format",
        "xlsx",
    )
    assert made.exit_code == 0, made.output
    assert (
        made.stdout.strip() == "县教委-2022-06.xlsx"
    )  # in the current folder, named for unit and month
    return tmp_path / "县教委-2022-06.xlsx"


def test_prefilled_with_the_latest_report_and_the_targets_beside(book: Path):
    ws = openpyxl.load_workbook(book)[sheet.SHEET]
    rows, columns = places(ws)
    investment = rows["indicator:3-2"]
    assert ws.cell(investment, 2).value == "3-2 年度投资"
    assert ws.cell(investment, 3).value == "1.5亿元以上"  # 年度目标
    assert ws.cell(investment, 4).value == "亿元"  # 计量单位
    assert ws.cell(investment, 5).value == "0.68亿元"  # 上期累计: May's figure
    assert ws.cell(investment, columns["value"]).value == 0.68  # prefilled with it
    item = rows["item:7-1:美宝乐幼儿园"]
    assert ws.cell(item, columns["stage"]).value == "已启动"
    assert ws.cell(item, columns["percent"]).value == 60
    assert [ws.cell(sheet.COLUMN_ROW, c).value for c in range(1, 12)] == [
        "项目", "指标", "年度目标", "计量单位", "上期累计", "本期累计", "阶段", "形象进度", "进展情况", "存在问题", "下步打算",
    ]  # fmt: skip
    assert ws.cell(rows["indicator:9-1"], columns["value"]).value == 86  # the self-assessment
    assert "review" not in {ws.cell(sheet.SLOT_ROW, c).value for c in range(1, ws.max_column + 1)}


def test_inputs_are_unlocked_coloured_and_validated_the_rest_protected(book: Path):
    workbook = openpyxl.load_workbook(book)
    ws = workbook[sheet.SHEET]
    assert ws.protection.sheet and workbook.security is not None and workbook.security.lockStructure
    validated: dict[str, str] = {}
    for check in ws.data_validations.dataValidation:
        for cells in check.sqref.ranges:
            validated[cells.coord] = (
                f"{check.type} {check.operator} {check.formula1} {check.formula2}"
            )
    expected = {
        ("indicator:3-2", "value"): "decimal between 0 1000000000000000.0",
        ("indicator:7-3", "value"): "decimal between 0 100",  # a rate in %
        ("indicator:3-1", "stage"): f"list None '{sheet.MARKS}'!$D$2:$D$17 None",
        ("indicator:3-1", "percent"): "decimal between 0 100",
        ("indicator:3-2", "forecast_by"): "date between 36526 73415",
        ("project:3", "progress"): "textLength lessThanOrEqual 20000 None",
    }
    for (row, slot), rule in expected.items():
        name = cell_of(ws, row, slot)
        assert validated[name] == rule, name
        cell = ws[name]
        assert cell.protection.locked is False and cell.fill.fgColor.rgb == "00FFF4C2"
    assert validated["B3"] == "textLength lessThanOrEqual 200 None"  # 填报人
    assert ws["G3"].number_format == "yyyy-mm-dd"
    for locked in ("B8", "C10", "E10", "A7"):
        assert ws[locked].protection.locked is True and locked not in validated
    words = [c.value for c in workbook[sheet.MARKS]["D"][1:]]
    assert words[:3] == ["未启动", "已启动", "启动"] and len(words) == 16


def test_keys_are_hidden_and_the_page_is_a4_landscape(book: Path):
    workbook = openpyxl.load_workbook(book)
    ws = workbook[sheet.SHEET]
    _, columns = places(ws)
    key = sheet.column_letter(columns[sheet.KEY_SLOT])
    assert ws.column_dimensions[key].hidden and ws.row_dimensions[sheet.SLOT_ROW].hidden
    assert workbook[sheet.MARKS].sheet_state == "hidden"
    assert workbook.sheetnames == [sheet.SHEET, sheet.GUIDE, sheet.MARKS]
    assert (
        ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    )
    assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows == "$6:$6"
    assert ws.freeze_panes == "C7"
    assert ws.column_dimensions["I"].width == 30  # 进展情况: room for sentences
    marks = {r[0].value: r[1].value for r in workbook[sheet.MARKS].iter_rows(min_row=2, max_col=2)}
    assert marks[sheet.MARK_UNIT] == "县教委" and marks[sheet.MARK_MONTH] == "2022-06"
    assert marks[sheet.MARK_PLAN] == "2022|城府办发〔2022〕43号"
    assert len(str(marks[sheet.MARK_FINGERPRINT])) == 16


def test_the_guide_sheet_explains_in_plain_chinese(book: Path):
    guide = [c.value for c in openpyxl.load_workbook(book)[sheet.GUIDE]["A"]]
    assert guide[0] == "填写说明：县教委 2022年6月月度进展报告"
    assert "【样例数据】预填的数字是演示用的虚构数据，不是真实进展。" in guide
    assert any("必须在本行的「更正说明」写明原因" in line for line in guide)
    assert any(line.startswith("报送截止：2022年6月30日") for line in guide)


def test_the_same_form_gives_the_same_bytes():
    ds = load(DATA, date(2022, 12, 31)).dataset
    assert ds is not None
    day = date(2022, 6, 28)
    first = as_workbook(build_form(ds, "县教委", "2022-06", day), day)
    assert as_workbook(build_form(ds, "县教委", "2022-06", day), day) == first


def test_every_unit_owing_the_month_gets_one(cli, tmp_path: Path):
    out = tmp_path / "发出"
    made = cli(
        "new-report",
        "--data",
        str(DATA),
        "--all-units",
        "--month",
        "2022-06",
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert made.exit_code == 0, made.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 15 and "县教委-2022-06.xlsx" in names
    assert sorted(Path(line).name for line in made.stdout.splitlines()) == names
    assert all(Path(line).parent == out for line in made.stdout.splitlines())
    again = cli(
        "new-report",
        "--data",
        str(DATA),
        "--all-units",
        "--month",
        "2022-06",
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert again.exit_code == 1 and again.stderr.count("已存在；如确需覆盖，请加 --force") == 15


def test_a_unit_exempted_for_the_month_gets_none(cli, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "office.yaml").write_text(
        "sample: true\nexemptions:\n  - {unit: 县残联, period: 2022-06, reason: 机构调整，经县政府同意免报}\n",
        encoding="utf-8",
    )
    out = tmp_path / "发出"
    made = cli(
        "new-report",
        "--data",
        str(data),
        "--all-units",
        "--month",
        "2022-06",
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert made.exit_code == 0, made.output
    names = {p.name for p in out.iterdir()}
    assert len(names) == 14 and "县残联-2022-06.xlsx" not in names


def test_a_quarterly_unit_s_workbook_names_its_quarter(cli, tmp_path: Path):
    path = tmp_path / "q.xlsx"
    made = cli(
        "new-report",
        "--data",
        str(QUARTERLY),
        "--unit",
        "县教育局",
        "--period",
        "2022Q2",
        "--format",
        "xlsx",
        "-o",
        str(path),
    )
    assert made.exit_code == 0, made.output
    workbook = openpyxl.load_workbook(path)
    assert workbook[sheet.SHEET]["C2"].value == "报送期"
    assert workbook[sheet.SHEET]["D2"].value == "2022年第二季度"
    marks = {r[0].value: r[1].value for r in workbook[sheet.MARKS].iter_rows(min_row=2, max_col=2)}
    assert marks[sheet.MARK_MONTH] == "2022-06"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--unit", "县教委", "--month", "2022-06", "-o", "x.xlsx"), "-o 只用于 --format xlsx"),
        (("--all-units", "--month", "2022-06"), "--all-units 只用于 --format xlsx"),
        (
            ("--all-units", "--month", "2022-06", "--format", "xlsx"),
            "--all-units 需要用 -o 指定存放填报表的文件夹",
        ),
        (
            (
                "--unit",
                "县教委",
                "--all-units",
                "--month",
                "2022-06",
                "--format",
                "xlsx",
                "-o",
                "x",
            ),
            "--unit 和 --all-units 只能写一个",
        ),
        (
            ("--month", "2022-06", "--format", "xlsx"),
            "缺少必需的选项 --unit（或用 --all-units 为每个单位各生成一份填报表）",
        ),
        (
            ("--unit", "丁局", "--month", "2022-06", "--format", "xlsx"),
            "没有名为「丁局」的责任单位",
        ),
    ],
)
def test_options_that_do_not_go_together(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args, message
):
    monkeypatch.chdir(tmp_path)
    result = cli("new-report", "--data", str(DATA), *args)
    assert result.exit_code == 2
    assert f"用法错误：{message}" in result.stderr
    assert list(tmp_path.iterdir()) == []


def _workbook_to(cli, data: Path, *output: str):
    return cli(
        "new-report",
        "--data",
        str(data),
        "--unit",
        "县教委",
        "--month",
        "2022-06",
        "--format",
        "xlsx",
        *output,
    )


@pytest.mark.parametrize(
    ("where", "part"),
    [
        ("progress/县教委.xlsx", "进展报告文件夹 progress/"),
        ("progress/2022-06/县教委.xlsx", "进展报告文件夹 progress/"),
        ("projects.yaml", "项目登记表 projects.yaml"),
    ],
)
def test_never_into_what_is_read_as_data(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, part: str
):
    """The rule of every output: not into the registry, the reports, 督办 or the cache, not
    even with --force (a workbook in progress/ would be read as a misfiled report)."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file()}
    result = _workbook_to(cli, data, "-o", str(data / where), "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        f"未写入：「{data / where}」属于数据文件夹「{data}」的{part}，不能写入输出（加 --force 也不行）；"
        "请把输出写到数据文件夹之外\n"
    )
    assert result.stdout == ""
    monkeypatch.chdir(data / "progress")  # the default name, in the current folder
    result = _workbook_to(cli, data)
    assert result.exit_code == 1
    assert "属于数据文件夹" in result.stderr and "进展报告文件夹 progress/" in result.stderr
    all_units = cli(
        "new-report",
        "--data",
        str(data),
        "--all-units",
        "--month",
        "2022-06",
        "--format",
        "xlsx",
        "-o",
        str(data / "progress" / "发出"),
    )
    assert all_units.exit_code == 1
    assert "进展报告文件夹 progress/" in all_units.stderr
    assert {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file()} == before


def test_beside_the_data_is_fine(cli, tmp_path: Path):
    """Outside what the tool reads (the data folder's top, beside projects.yaml) a workbook
    may go, as a bulletin may: the one rule of every output."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    result = _workbook_to(cli, data, "-o", str(data / "县教委-2022-06.xlsx"))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{data / '县教委-2022-06.xlsx'}\n"
    assert cli("check", "--data", str(data)).exit_code == 0
