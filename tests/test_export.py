"""`minsheng export`: the office workbook (汇总, 指标, 报送情况) and its tables as CSV.

Workbooks are read back with openpyxl and checked cell by cell; expected figures come from
``status --format json``, not from the export itself.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.conftest import DATA, Run
from tests.test_hostile_strings import FORMULA, build_hostile

SAMPLE = "【样例数据】"
HEADER = 3  # title, note, header


def export(cli: Run, path: Path, *args: str) -> dict[str, Worksheet]:
    result = cli("export", "--data", str(DATA), "-o", str(path), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}\n"
    return {ws.title: ws for ws in load_workbook(path)}


def status(cli: Run, as_of: str, data: Path = DATA) -> dict:
    result = cli("status", "--data", str(data), "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(ws: Worksheet) -> list[list]:
    """The table below the header, as values."""
    return [list(r) for r in ws.iter_rows(min_row=HEADER + 1, values_only=True)]


def header(ws: Worksheet) -> list:
    return [c.value for c in ws[HEADER]]


def cell_of(ws: Worksheet, first: object, column: str):
    """The cell in ``column`` (a header) on the row whose first cell is ``first``."""
    col = header(ws).index(column) + 1
    row = next(r for r in range(HEADER + 1, ws.max_row + 1) if ws.cell(r, 1).value == first)
    return ws.cell(row, col)


def fill(cell) -> str:
    return cell.fill.fgColor.rgb[-6:]


def test_summary_sheet_holds_the_status_figures(cli, tmp_path):
    sheets = export(cli, tmp_path / "j.xlsx", "--as-of", "2022-06-30")
    # The shipped data keeps a 督办 ledger: its sheet comes last.
    assert list(sheets) == ["汇总", "指标", "报送情况", "督办台账"]
    ws = sheets["汇总"]
    assert ws["A1"].value == "2022年城口县重点民生实事项目进展汇总（截至2022年6月30日）"
    assert ws["A2"].value.startswith(SAMPLE)
    assert header(ws)[:7] == ["序号", "项目", "牵头单位", "责任单位", "完成率", "序时进度", "状态"]
    expected = status(cli, "2022-06-30")["projects"]
    table = rows(ws)
    assert len(table) == 15 + 1  # and the overall row
    for row, project in zip(table, expected, strict=False):
        assert row[:3] == [project["id"], project["name"], project["lead"]]
        assert row[4] == pytest.approx(project["completion"] / 100)
        assert row[5] == pytest.approx(project["expected"] / 100)
    assert ws["B4"].value == "建成1个市民广场" and ws["E4"].value == pytest.approx(0.45)
    assert ws["E4"].number_format == ws["F4"].number_format == "0.0%"
    assert ws["A4"].data_type == "n" and ws["E4"].data_type == "n"
    assert ws["I4"].value == "广场中段铺装加快推进，景观照明管线预埋完成，累计建成3600平方米。"
    assert ws["J4"].value == "县住房城乡建委（2022年6月）"


def test_status_cells_are_coloured_as_in_the_html_bulletin(cli, tmp_path):
    ws = export(cli, tmp_path / "j.xlsx", "--as-of", "2022-06-30")["汇总"]
    red, yellow, green = cell_of(ws, 2, "状态"), cell_of(ws, 10, "状态"), cell_of(ws, 1, "状态")
    assert (red.value, fill(red), red.font.b) == ("严重滞后", "FDE7E7", True)
    assert (yellow.value, fill(yellow)) == ("轻微滞后", "FFF1D0")
    assert (green.value, fill(green)) == ("正常推进", "E8F5E9")
    assert fill(ws["A2"]) == "FFE49C"  # the sample banner


def test_layout_frozen_headers_widths_dates_and_properties(cli, tmp_path):
    path = tmp_path / "j.xlsx"
    sheets = export(cli, path, "--as-of", "2022-06-30")
    assert [ws.freeze_panes for ws in sheets.values()] == ["C4", "A4", "B4", "B4"]
    ws = sheets["汇总"]
    # 牵头单位: "县住房城乡建委" is 7 wide characters, 14 columns, plus a margin of 2.
    assert ws.column_dimensions["C"].width == 16
    # 项目: the longest name (37 characters) would need 76; capped at 60, and wrapped.
    assert ws.column_dimensions["B"].width == 60 and ws["B12"].alignment.wrap_text
    assert ws.column_dimensions["A"].width == 6  # "序号" is 4 wide
    indicators = sheets["指标"]
    assert header(indicators)[-1] == "完成时限"
    due = indicators.cell(HEADER + 1, len(header(indicators)))
    assert due.value == datetime(2022, 12, 31) and due.number_format == "yyyy-mm-dd"
    assert indicators["A2"].value.startswith(SAMPLE)
    props = load_workbook(path).properties
    assert (props.creator, props.created, props.modified) == (
        "minsheng",
        datetime(2022, 6, 30),
        datetime(2022, 6, 30),
    )
    assert props.title == "2022年城口县重点民生实事推进情况（截至2022年6月30日）"


def test_indicators_sheet_has_every_indicator_and_checklist_item(cli, tmp_path):
    ws = export(cli, tmp_path / "j.xlsx", "--as-of", "2022-06-30")["指标"]
    data = status(cli, "2022-06-30")
    indicators = [i for p in data["projects"] for i in p["indicators"]]
    items = sum(len(i.get("items", [])) for i in indicators)
    table = rows(ws)
    assert len(indicators) == 48 and len(table) == 48 + items
    first = indicators[0]
    assert table[0][2:4] == [first["id"], first["name"]]
    assert table[0][9] == pytest.approx(first["completion"] / 100)
    assert ws["J4"].number_format == "0.0%"
    assert {r[5] for r in table if r[4] is not None} == {"清单项"}


def test_report_sheet_marks_each_unit_and_month(cli, tmp_path):
    ws = export(cli, tmp_path / "d.xlsx", "--as-of", "2022-12-31")["报送情况"]
    assert header(ws) == [
        "责任单位",
        *(f"{m}月" for m in range(4, 13)),
        "应报",
        "按时",
        "逾期",
        "未报",
    ]
    missing, late = cell_of(ws, "县公安局", "8月"), cell_of(ws, "县交通局", "6月")
    assert (missing.value, fill(missing)) == ("未报", "FDE7E7")
    assert (late.value, fill(late)) == ("逾期5天", "FFF1D0")
    on_time = cell_of(ws, "县交通局", "7月")
    assert (on_time.value, fill(on_time)) == ("按时", "E8F5E9")
    reports = status(cli, "2022-12-31")["reports"]
    total = rows(ws)[-1]
    assert total[0] == "合计" and total[-4:] == [
        135,
        reports["on_time"],
        reports["late"],
        reports["missing"],
    ]
    assert len(rows(ws)) == 15 + 1
    assert ws["A2"].value.startswith(SAMPLE)


def test_current_month_not_yet_due_is_pending(cli, tmp_path):
    ws = export(cli, tmp_path / "m.xlsx", "--as-of", "2022-06-15")["报送情况"]
    pending = cell_of(ws, "县教委", "6月")
    assert (pending.value, fill(pending)) == ("未到期", "F0F2F5")
    assert cell_of(ws, "县教委", "应报").value == 2


def test_the_same_data_gives_the_same_bytes(cli, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export(cli, first, "--as-of", "2022-12-31")
    export(cli, second, "--as-of", "2022-12-31")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:  # dated by the data, not by the clock
        assert {info.date_time for info in archive.infolist()} == {(2022, 12, 31, 0, 0, 0)}


def read_csv(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_summary_to_stdout(cli):
    result = cli("export", "--data", str(DATA), "--as-of", "2022-06-30", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.count(b"\n") == result.stdout_bytes.count(b"\r\n") == 17
    table = read_csv(result.stdout_bytes)
    assert table[0] == [
        "序号",
        "项目",
        "牵头单位",
        "责任单位",
        "完成率",
        "序时进度",
        "状态",
        "最近报送",
        "最新进展情况",
        "进展报送单位",
        "样例数据",
    ]
    assert len(table) == 1 + 15 + 1
    projects = status(cli, "2022-06-30")["projects"]
    for row, project in zip(table[1:], projects, strict=False):
        assert (row[0], row[1]) == (str(project["id"]), project["name"])
        assert (float(row[4]), float(row[5])) == (project["completion"], project["expected"])
        assert row[-1] == "是"
    assert table[2][4:7] == ["33.0", "49.5", "严重滞后"]


def test_csv_reports_sheet_to_a_file_chosen_by_extension(cli, tmp_path):
    path = tmp_path / "报送.csv"
    args = ("--as-of", "2022-12-31", "--sheet", "reports", "-o", str(path))
    result = cli("export", "--data", str(DATA), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}\n"
    table = read_csv(path.read_bytes())
    assert table[0][:3] == ["责任单位", "4月", "5月"] and table[0][-1] == "样例数据"
    police = next(r for r in table if r[0] == "县公安局")
    assert police[table[0].index("8月")] == "未报"
    assert police[-5:] == ["9", "8", "0", "1", "是"]
    assert table[-1][0] == "合计" and len(table) == 1 + 15 + 1


def test_csv_indicators_sheet(cli):
    args = ("--as-of", "2022-06-30", "--format", "csv", "--sheet", "indicators")
    result = cli("export", "--data", str(DATA), *args)
    assert result.exit_code == 0, result.output
    table = read_csv(result.stdout_bytes)
    assert table[0][2:4] == ["指标编号", "指标"] and table[1][2] == "1-1"
    assert table[1][-2] == "2022-12-31"  # 完成时限, as an ISO date


def test_xlsx_without_output_goes_to_a_named_file_not_the_terminal(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("export", "--data", str(DATA), "--as-of", "2022-06-30")
    name = "重点民生实事-2022-06-30.xlsx"
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{name}\n"
    assert load_workbook(tmp_path / name)["汇总"]["B4"].value == "建成1个市民广场"
    again = cli("export", "--data", str(DATA), "--as-of", "2022-06-30")
    assert again.exit_code == 1
    assert "已存在；如确需覆盖，请加 --force" in again.stderr


def test_refuses_to_overwrite_without_force(cli, tmp_path):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    result = cli("export", "--data", str(DATA), "--as-of", "2022-06-30", "-o", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"未写入：「{path}」已存在；如确需覆盖，请加 --force\n"
    assert path.read_bytes() == b"old"
    forced = cli("export", "--data", str(DATA), "--as-of", "2022-06-30", "-o", str(path), "--force")
    assert forced.exit_code == 0, forced.output
    assert load_workbook(path)["汇总"]["A4"].value == 1


def test_never_writes_through_a_symlink(cli, tmp_path):
    outside = tmp_path / "outside.xlsx"
    outside.write_bytes(b"someone else's")
    link = tmp_path / "link.xlsx"
    link.symlink_to(outside)
    result = cli("export", "--data", str(DATA), "-o", str(link), "--force")
    assert result.exit_code == 1
    assert "是符号链接，为安全起见不写入" in result.stderr
    assert outside.read_bytes() == b"someone else's" and link.is_symlink()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "2022-13-01"), "「2022-13-01」不是有效日期"),
        (("--format", "pdf"), "选项 --format 的取值「pdf」无效，可选：xlsx、csv"),
        (("--format", "csv", "--sheet", "all"), "选项 --sheet 的取值「all」无效"),
        (("--format", "xlsx", "--sheet", "reports"), "--sheet 只用于 CSV"),
        (("-o", "x.xlsx", "--sheet", "summary"), "--sheet 只用于 CSV"),
    ],
)
def test_bad_options_are_usage_errors(cli, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = cli("export", "--data", str(DATA), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_data_errors_end_the_run_and_write_nothing(cli, data_copy, tmp_path):
    report = data_copy / "progress" / "2022-06" / "县教委.yaml"
    report.write_text(report.read_text("utf-8").replace("month: 2022-06", "month: 2022-6"), "utf-8")
    out = tmp_path / "out.xlsx"
    result = cli("export", "--data", str(data_copy), "--as-of", "2022-06-30", "-o", str(out))
    assert result.exit_code == 1
    assert "数据有错误，无法统计" in result.stderr
    assert not out.exists()


HYPERLINK = '=HYPERLINK("https://evil.example/x","点我")'


def test_formula_like_and_control_text_stays_inert_text(cli, data_copy, tmp_path):
    report = data_copy / "progress" / "2022-06" / "县住房城乡建委.yaml"
    doc = yaml.safe_load(report.read_text("utf-8"))
    assert [p["id"] for p in doc["projects"][:2]] == [1, 4]
    doc["projects"][0]["progress"] = HYPERLINK
    doc["projects"][1]["progress"] = "#N/A\x1b[31m红\x07"  # written as YAML escapes
    report.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    assert cli("check", "--data", str(data_copy), "--as-of", "2022-12-31").exit_code == 0
    out = tmp_path / "h.xlsx"
    result = cli("export", "--data", str(data_copy), "--as-of", "2022-06-30", "-o", str(out))
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)["汇总"]
    link, error = cell_of(ws, 1, "最新进展情况"), cell_of(ws, 4, "最新进展情况")
    assert (link.value, link.data_type, link.quotePrefix) == (HYPERLINK, "s", True)
    assert (error.value, error.data_type) == ("#N/A\\u001b[31m红\\u0007", "s")
    csv_out = cli("export", "--data", str(data_copy), "--as-of", "2022-06-30", "--format", "csv")
    assert read_csv(csv_out.stdout_bytes)[1][8] == "'" + HYPERLINK


def test_hostile_fixture_exports_as_text(cli, tmp_path):
    data = build_hostile(tmp_path / "data")
    out = tmp_path / "h.xlsx"
    result = cli("export", "--data", str(data), "--as-of", "2022-06-30", "-o", str(out))
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out)
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert any(t.startswith(FORMULA) for t in texts)
    assert not any(ch in t for t in texts for ch in "\x1b\x07\x9b\u202e")
    assert "测试县重点民生实事" in workbook["汇总"]["A1"].value
    csv_out = cli("export", "--data", str(data), "--as-of", "2022-06-30", "--format", "csv")
    assert csv_out.exit_code == 0
    names = [r[1] for r in read_csv(csv_out.stdout_bytes)[1:]]
    assert "'" + FORMULA in [n[: len(FORMULA) + 1] for n in names]


def test_real_data_is_not_labelled_as_sample(cli, tmp_path):
    data = build_hostile(tmp_path / "data")  # the small fixture: real (not sample) data
    out = tmp_path / "r.xlsx"
    assert (
        cli("export", "--data", str(data), "--as-of", "2022-06-30", "-o", str(out)).exit_code == 0
    )
    for ws in load_workbook(out):
        assert "样例数据" not in str(ws["A2"].value) and ws["A2"].value.startswith("依据：")
    csv_out = cli("export", "--data", str(data), "--as-of", "2022-06-30", "--format", "csv")
    assert {r[-1] for r in read_csv(csv_out.stdout_bytes)[1:]} == {"否"}


def test_the_command_line_loads_no_openpyxl_until_a_workbook_is_made():
    code = "import sys, minsheng.cli; print('openpyxl' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout == "False\n"


def test_help_lists_the_options_in_chinese(cli):
    result = cli("export", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--output", "--sheet", "--as-of", "--force", "显示本帮助并退出"):
        assert option in result.stdout


def test_the_summary_ends_with_the_overall_row(cli, tmp_path):
    ws = export(cli, tmp_path / "o.xlsx", "--as-of", "2022-06-30")["汇总"]
    overall = status(cli, "2022-06-30")["overall"]
    last = rows(ws)[-1]
    assert last[:2] == [None, "总体（15个项目）"]
    assert last[4] == pytest.approx(overall["completion"] / 100)
    assert last[5] == pytest.approx(overall["expected"] / 100)
    lagging = overall["yellow"] + overall["red"]
    assert last[6] == f"已完成{overall['done']}件，正常推进{overall['green']}件，滞后{lagging}件"


def test_percentages_are_stored_without_float_noise(cli, tmp_path):
    path = tmp_path / "n.xlsx"
    export(cli, path, "--as-of", "2022-06-30")
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    values = [v for sheet in sheets for v in re.findall(r"<v>([^<]*)</v>", sheet)]
    noisy = [v for v in values if re.fullmatch(r"-?\d+\.\d{7,}", v)]
    assert noisy == []
    ws = load_workbook(path)["汇总"]
    assert cell_of(ws, 7, "完成率").value == 0.939  # 93.9%, stored as written


def test_a_sheet_without_output_is_printed_as_csv(cli):
    result = cli("export", "--data", str(DATA), "--as-of", "2022-12-31", "--sheet", "reports")
    assert result.exit_code == 0, result.output
    table = read_csv(result.stdout_bytes)
    assert table[0][0] == "责任单位" and table[-1][0] == "合计"
    assert len(table) == 1 + 15 + 1
