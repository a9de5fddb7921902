"""Under an office's rules every output names and draws the colours its rule set gives, and
adds the categories, ratios, colour history and items at risk; without office.yaml nothing
changes (the golden bulletins and the status tests hold that)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests import officedata as od

OFFICE = """sample: true
colours:
  preset: bands
  states:
    red: {name: 红色预警, colour: "#ff0000"}
"""
FIVE = "colours: {preset: five_colour}\nacceptance: true\n"
TWO = (
    od.quantity("[{by: 2022-06-30, value: 50}]")
    + """  - id: 2
    name: 第二个项目
    units: [乙局]
    text: 完成。
    indicators:
      - {id: 2-1, name: 第二个指标, kind: quantity, target: 100, unit: 个, milestones: [{by: 2022-06-30, value: 50}]}
"""
)


def folder(tmp_path: Path, office: str = OFFICE) -> Path:
    root = od.make(
        tmp_path / "d", indicators=TWO, reporting="{first_month: 2022-05}", office=office
    )
    od.values(root, **{"2022-05": 30, "2022-06": 45})  # 5 behind: green (band < 10)
    od.report(root, "2022-05", "{id: 2-1, value: 10}", unit="乙局", project=2)
    od.report(root, "2022-06", "{id: 2-1, value: 15}", unit="乙局", project=2)  # 35 behind: red
    return root


def run(cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_terminal_status_names_the_colours_and_counts_the_categories(cli, tmp_path):
    out = run(cli, "status", "--data", str(folder(tmp_path)), "--as-of", "2022-06-30")
    assert (
        "│    2 │ 第二个项目 │ 乙局     │  15.0% │    50.0% │ ✖ 红色预警 │ 严重滞后 │ 2022-06  │"
        in out
    )
    assert "按颜色：已完成 0，绿灯 1，黄灯 0，红色预警 1。" in out
    assert (
        "按项目（共2件）：按序时 1件，占比 50.0%；严重滞后 1件，占比 50.0%（第二个项目）。" in out
    )


def test_terminal_project_view_shows_the_colour_history(cli, tmp_path):
    out = run(
        cli, "status", "--data", str(folder(tmp_path)), "--as-of", "2022-06-30", "--project", "2"
    )
    assert "颜色历史（各报送期末，按截至统计日期已知的情况评定）" in out
    # May 31: 10 against 50 × 150/180 = 41.7: 31.7 behind; June: 35 behind.
    assert "  项目：5月 ✖ 红色预警 → 6月 ✖ 红色预警" in out
    assert "预计完成情况" in out and "有逾期风险" in out


def test_json_counts_by_the_rule_sets_keys(cli, tmp_path):
    root = folder(tmp_path, FIVE)
    data = json.loads(
        run(cli, "status", "--data", str(root), "--as-of", "2022-06-30", "--format", "json")
    )
    assert data["overall"]["counts"] == {
        "blue": 0,
        "done": 0,
        "green": 1,
        "yellow": 0,
        "orange": 0,
        "red": 1,
    }
    assert data["overall"]["categories"]["projects"]["far_behind"] == 1
    assert [p["status"] for p in data["projects"]] == ["green", "red"]


def test_workbook_cells_take_the_office_colours_and_words(cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "x.xlsx"
    run(cli, "export", "--data", str(folder(tmp_path)), "--as-of", "2022-06-30", "-o", str(out))
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    summary = book["汇总"]
    head = [c.value for c in summary[3]]
    assert head[5:8] == ["序时进度", "状态", "分类"]
    red = summary.cell(5, 7)
    assert red.value == "红色预警"
    # The fill is the colour mixed 85% towards white; the font 25% towards black.
    assert red.fill.fgColor.rgb == "00FFD9D9" and red.font.color.rgb == "00BF0000"
    indicators = book["指标"]
    assert [c.value for c in indicators[3]][9:14] == [
        "完成率",
        "完成比例",
        "序时进度",
        "状态",
        "分类",
    ]


def test_html_bulletin_draws_the_office_colours(cli, tmp_path):
    html = run(
        cli, "bulletin", "--data", str(folder(tmp_path)), "--period", "2022Q2", "--format", "html"
    )
    assert (
        ".status-red { background: #FFD9D9; color: #BF0000; border: 1px solid #ff0000; font-weight: 700; }"
        in html
    )
    assert "svg .fill-red { fill: #ff0000; }" in html
    assert "<p>按预警颜色，绿灯1件，红色预警1件。</p>" in html  # the office's names
    assert "<td>严重滞后</td><td>红色预警</td>" in html  # 附件1: category and colour
    assert "<h3>（四）有逾期风险的事项</h3>" in html


def test_five_colour_chart_legend_fits_six_states(cli, tmp_path):
    site = tmp_path / "site"
    run(
        cli, "site", "--data", str(folder(tmp_path, FIVE)), "--as-of", "2022-06-30", "-o", str(site)
    )
    html = (site / "index.html").read_text(encoding="utf-8")
    legend = [line for line in html.splitlines() if 'y="18" class="axis"' in line]
    assert [line.split(">")[1].split("<")[0] for line in legend][:7] == [
        "蓝色（已验收）",
        "已完成（待验收）",
        "绿色",
        "黄色",
        "橙色",
        "红色",
        "序时进度",
    ]


def test_markdown_bulletin_adds_categories_and_risks(cli, tmp_path):
    md = run(cli, "bulletin", "--data", str(folder(tmp_path)), "--period", "2022Q2")
    assert "按预警颜色，绿灯1件，红色预警1件。" in md
    assert "| 2 | 第二个项目 | 乙局 | 15.0% | 50.0% | 严重滞后 | 红色预警 |" in md
    assert "### （四）有逾期风险的事项" in md
    assert "| 1 | 第二个指标（第二项） | 乙局 | 2022年12月31日 | 15.0% | 按近期趋势 |" in md


def test_site_project_page_shows_the_colour_history(cli, tmp_path):
    site = tmp_path / "site"
    run(cli, "site", "--data", str(folder(tmp_path)), "--as-of", "2022-06-30", "-o", str(site))
    page = (site / "projects" / "02.html").read_text(encoding="utf-8")
    assert "<h2>颜色历史</h2>" in page
    assert "<th>5月</th><th>6月</th>" in page
    assert page.count('<span class="status status-red">红色预警</span>') >= 4
    assert "<th>完成比例</th>" in page
    data = json.loads((site / "status.json").read_text(encoding="utf-8"))
    assert data["projects"][1]["colours"] == {"2022-05": "red", "2022-06": "red"}
    assert data["units"][1]["colours"]["2022-06"] == "red"


def test_without_office_the_site_shows_no_colour_history(cli, tmp_path):
    root = folder(tmp_path)
    (root / "office.yaml").unlink()
    site = tmp_path / "site"
    run(cli, "site", "--data", str(root), "--as-of", "2022-06-30", "-o", str(site))
    page = (site / "projects" / "02.html").read_text(encoding="utf-8")
    assert "颜色历史" not in page and "完成比例" not in page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<th>分类</th>" not in index
    assert "#ff0000" not in index  # the office's colour is gone with its file


def test_workbook_counts_the_categories_with_shares(cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "x.xlsx"
    run(cli, "export", "--data", str(folder(tmp_path)), "--as-of", "2022-06-30", "-o", str(out))
    sheet = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))["分类统计"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows == [
        ["项目（件）", "按序时", 1, 0.5, "数量项目"],
        ["项目（件）", "严重滞后", 1, 0.5, "第二个项目"],
        ["目标任务（项）", "按序时", 1, 0.5, "数量指标"],
        ["目标任务（项）", "严重滞后", 1, 0.5, "第二个指标"],
    ]


def test_bulletins_give_the_uncapped_ratio_of_what_was_exceeded(cli, tmp_path):
    root = folder(tmp_path)
    od.report(root, "2022-06", "{id: 1-1, value: 139.1}")
    md = run(cli, "bulletin", "--data", str(root), "--period", "2022Q2")
    assert "超额完成的目标任务：数量指标完成目标的139.1%。" in md
    html = run(cli, "bulletin", "--data", str(root), "--period", "2022Q2", "--format", "html")
    assert "超额完成的目标任务：数量指标完成目标的139.1%。</p>" in html
