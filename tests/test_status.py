"""`minsheng status` on hand-computable fixture data and on the shipped sample data."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT

MINI = ROOT / "tests" / "fixtures" / "mini"


def status_json(cli, *args: str) -> dict:
    result = cli("status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_id(items: list[dict], key: str = "id") -> dict:
    return {item[key]: item for item in items}


def test_json_has_the_documented_keys(cli):
    data = status_json(cli, "--data", str(MINI), "--as-of", "2022-05-31")
    assert {"as_of", "sample", "plan", "overall", "projects", "units"} <= data.keys()
    assert {"title", "year"} <= data["plan"].keys()
    assert {"completion", "expected", "projects", "done", "green", "yellow", "red"} <= data[
        "overall"
    ].keys()
    for project in data["projects"]:
        assert {
            "id",
            "name",
            "units",
            "completion",
            "expected",
            "status",
            "indicators",
        } <= project.keys()
        assert project["status"] in {"done", "green", "yellow", "red"}
        for ind in project["indicators"]:
            assert {
                "id",
                "name",
                "kind",
                "target",
                "actual",
                "completion",
                "expected",
                "status",
            } <= ind.keys()
            assert 0 <= ind["completion"] <= 100 and 0 <= ind["expected"] <= 100
    for unit in data["units"]:
        assert {"name", "completion", "reports"} <= unit.keys()
        assert {"on_time", "late", "missing"} <= unit["reports"].keys()


def test_hand_computed_figures_on_the_fixture(cli):
    data = status_json(cli, "--data", str(MINI), "--as-of", "2022-05-31")
    assert data["as_of"] == "2022-05-31" and data["sample"] is False
    projects = by_id(data["projects"])
    quantity = by_id(projects[1]["indicators"])["1-1"]
    # 50 of 100; milestone 40 by Jun 30, so 序时进度 on May 31 is 40 × 150/180.
    assert (quantity["actual"], quantity["completion"], quantity["expected"]) == (50.0, 50.0, 33.3)
    assert quantity["status"] == "green"
    stage = by_id(projects[2]["indicators"])["2-1"]
    # 已启动 (20) + 50% of the way to 建成 (90) = 55, of the target weight 90.
    assert (stage["actual"], stage["completion"]) == ("已启动", 61.1)
    assert stage["expected"] == 41.2  # linear: 150 of 364 days
    checklist = by_id(projects[2]["indicators"])["2-2"]
    assert checklist["completion"] == 50.0 and checklist["actual"] == 1
    assert [i["completion"] for i in checklist["items"]] == [100.0, 0.0]
    indicators = by_id(projects[3]["indicators"])
    assert indicators["3-1"]["completion"] == 50.0  # 85 is halfway from baseline 80 to 90
    assert indicators["3-2"]["completion"] == 100.0  # 9 < baseline 10
    assert indicators["3-2"]["expected"] == 0.0  # a trend is judged at the due date
    assert (
        indicators["3-3"]["completion"] == 90.0 and indicators["3-3"]["basis"] == "review"
    )  # 81 / 90
    assert projects[2]["completion"] == pytest.approx((61.1 + 50.0) / 2, abs=0.1)


def test_report_compliance_on_the_fixture(cli):
    data = status_json(cli, "--data", str(MINI), "--as-of", "2022-05-31")
    units = by_id(data["units"], "name")
    assert units["甲局"]["reports"] == {"on_time": 2, "late": 0, "missing": 0, "pending": 0}
    assert units["乙局"]["reports"] == {"on_time": 1, "late": 1, "missing": 0, "pending": 0}
    assert units["丙局"]["reports"] == {"on_time": 1, "late": 0, "missing": 1, "pending": 0}
    # April has ended by 2 May: the April report that came in on 3 May counts, and is late.
    early = by_id(status_json(cli, "--data", str(MINI), "--as-of", "2022-05-02")["units"], "name")
    assert early["乙局"]["reports"] == {"on_time": 0, "late": 1, "missing": 0, "pending": 1}


def test_reports_after_as_of_are_not_seen(cli):
    data = status_json(cli, "--data", str(MINI), "--as-of", "2022-04-30")
    quantity = by_id(by_id(data["projects"])[1]["indicators"])["1-1"]
    assert quantity["actual"] == 20.0


def test_table_shows_projects_summary_and_no_colour_codes(cli):
    result = cli("status", "--data", str(MINI), "--as-of", "2022-05-31")
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b[" not in out
    for text in (
        "序号",
        "项目",
        "牵头单位",
        "完成率",
        "序时进度",
        "状态",
        "最近报送",
        "数量项目",
        "50.0%",
        "33.3%",
        "正常推进",
        "项目数 3",
        "报送情况：按时 4 份，逾期 1 份，未报送 1 份",
    ):
        assert text in out, text
    assert "样例数据" not in out


def test_shipped_sample_data_is_labelled(cli):
    result = cli("status", "--data", str(DATA), "--as-of", "2022-06-30")
    assert result.exit_code == 0
    assert result.stdout.startswith("【样例数据】")
    assert status_json(cli, "--data", str(DATA), "--as-of", "2022-06-30")["sample"] is True


def test_mid_year_and_year_end_differ_as_they_should(cli):
    june = status_json(cli, "--data", str(DATA), "--as-of", "2022-06-30")
    december = status_json(cli, "--data", str(DATA), "--as-of", "2022-12-31")
    assert june["overall"]["done"] < december["overall"]["done"]
    assert june["overall"]["expected"] == pytest.approx(49.4, abs=1)
    assert december["overall"]["expected"] == 100.0
    assert june["overall"]["yellow"] + june["overall"]["red"] >= 2  # some projects lag mid-year
    assert december["overall"]["done"] >= 10
    late = {(u["name"], u["reports"]["late"]) for u in december["units"] if u["reports"]["late"]}
    assert ("县交通局", 1) in late


def test_unit_filter(cli):
    data = status_json(cli, "--data", str(DATA), "--as-of", "2022-12-31", "--unit", "县交通局")
    assert [p["id"] for p in data["projects"]] == [10]
    assert [u["name"] for u in data["units"]] == ["县交通局"]


def test_project_view_shows_indicators_items_and_history(cli):
    result = cli("status", "--data", str(DATA), "--as-of", "2022-12-31", "--project", "11")
    assert result.exit_code == 0
    for text in (
        "11. 实施农村社区居家养老服务全覆盖工程",
        "高燕镇",
        "岚天乡",
        "月度进展",
        "最新报送",
        "县民政局",
    ):
        assert text in result.stdout, text
    data = status_json(cli, "--data", str(DATA), "--as-of", "2022-12-31", "--project", "1")
    history = data["projects"][0]["indicators"][0]["history"]
    assert [h["month"] for h in history][:2] == ["2022-04", "2022-05"]
    assert any(h["correction"] for h in history)  # the sample data corrects 1-1 in July


def test_csv_has_a_row_per_project(cli):
    result = cli("status", "--data", str(DATA), "--as-of", "2022-12-31", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:3] == ["序号", "项目", "牵头单位"]
    assert len(rows) == 16 and rows[1][0] == "1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--unit", "不存在的局"), "没有名为「不存在的局」的责任单位"),
        (("--project", "99"), "没有序号为 99 的项目"),
        (("--as-of", "2022-02-30"), "不是有效日期"),
        (("--format", "xml"), "取值「xml」无效"),
    ],
)
def test_bad_options_are_usage_errors(cli, args, message):
    result = cli("status", "--data", str(DATA), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_default_as_of_is_clamped_to_the_plan_year(cli):
    # Today is long after 2022, so the default view is the plan's last day.
    data = status_json(cli, "--data", str(DATA))
    assert data["as_of"] == "2022-12-31"


def test_markup_and_escapes_in_data_are_shown_literally(cli, tmp_path: Path):
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    registry = target / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace("name: 数量项目", 'name: "[red]x[/red] \\e[31m红"'), encoding="utf-8"
    )
    result = cli("status", "--data", str(target), "--as-of", "2022-05-31")
    assert result.exit_code == 0, result.output
    assert "[red]x[/red]" in result.stdout
    assert "\x1b" not in result.stdout
    assert "\\u001b[31m红" in result.stdout


def test_data_errors_stop_the_report_with_exit_1(cli, tmp_path: Path):
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    (target / "progress" / "2022-05" / "甲局.yaml").write_text(
        "unit: 甲局\nmonth: 2022-05\n", encoding="utf-8"
    )
    result = cli("status", "--data", str(target), "--as-of", "2022-05-31")
    assert result.exit_code == 1
    assert "甲局.yaml:1:1: error [missing-key]" in result.stderr
    assert "数据有错误，无法统计" in result.stderr


def test_json_is_one_compact_line_when_piped(cli):
    result = cli("status", "--data", str(MINI), "--as-of", "2022-05-31", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1 and result.stdout.startswith('{"as_of":"2022-05-31"')


def test_json_is_indented_for_a_terminal(cli, monkeypatch):
    monkeypatch.setattr("minsheng.cli.common.to_terminal", lambda: True)
    monkeypatch.setattr("minsheng.cli.status.to_terminal", lambda: True)
    result = cli("status", "--data", str(MINI), "--as-of", "2022-05-31", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout.startswith('{\n  "as_of": "2022-05-31",\n')
    assert json.loads(result.stdout)["as_of"] == "2022-05-31"


def test_a_unit_s_completion_is_the_same_in_every_output(cli):
    """单位完成率 is the weighted mean of the indicators the unit answers for: `status --unit`
    (table and JSON), `status` JSON's units and `assess` all show that one figure."""
    day = "2022-06-30"
    full = status_json(cli, "--data", str(DATA), "--as-of", day)
    assessed = json.loads(
        cli("assess", "--data", str(DATA), "--as-of", day, "--format", "json").stdout
    )
    by_assess = {u["name"]: u["completion"] for u in assessed["units"]}
    for unit in full["units"]:
        name, completion = unit["name"], unit["completion"]
        assert by_assess[name] == completion, name
        narrowed = status_json(cli, "--data", str(DATA), "--as-of", day, "--unit", name)
        assert narrowed["overall"]["completion"] == completion, name
        assert narrowed["overall"]["expected"] == unit["expected"], name
        table = cli("status", "--data", str(DATA), "--as-of", day, "--unit", name).stdout
        assert (
            f"{name}完成率 {completion:.1f}%（按其负责的 {unit['indicators']} 个指标计）" in table
        )
    # 县发展改革委 co-operates on project 14: its own two indicators, not the project's mean.
    dev = next(u for u in full["units"] if u["name"] == "县发展改革委")
    project = next(p for p in full["projects"] if p["id"] == 14)
    assert dev["completion"] != project["completion"]
