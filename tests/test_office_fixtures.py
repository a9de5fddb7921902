"""Three other counties' ways, end to end: a quarterly county (每季度末月20日前), one office
that coordinates and supervises, and a registry written in traditional characters."""

from __future__ import annotations

import json
import shutil

from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
QUARTERLY = FIXTURES / "quarterly"
ONE_OFFICE = FIXTURES / "one-office"
TRADITIONAL = FIXTURES / "traditional"


def ok(cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


# ---- a quarterly county ----------------------------------------------------------------------


def test_quarterly_county_checks_clean_but_for_its_late_reports(cli):
    out = ok(cli, "check", "--data", str(QUARTERLY), "--as-of", "2023-01-01")
    # The fixture's three late reports are told against the quarter's due day, the 20th.
    assert out.splitlines()[-1] == "检查通过：12 个文件，0 个错误，3 个警告。"
    assert (
        "报送日期 2022-06-27 晚于 2022-06 季报的截止日期 2022-06-20，计为逾期报送（逾期7天）" in out
    )


def test_quarterly_county_status_counts_quarters(cli):
    out = ok(cli, "status", "--data", str(QUARTERLY), "--as-of", "2022-12-31")
    assert "报送情况：按时 8 份，逾期 3 份，未报送 1 份。" in out


def test_quarterly_county_deadlines_list_only_real_findings(cli):
    out = ok(
        cli, "deadlines", "--data", str(QUARTERLY), "--as-of", "2022-12-31", "--format", "json"
    )
    assert [(r["unit"], r["month"], r["due"], r["state"]) for r in json.loads(out)["reports"]] == [
        ("县发展改革局", "2022-03", "2022-03-20", "late"),
        ("县发展改革局", "2022-06", "2022-06-20", "missing"),
        ("县民政局", "2022-06", "2022-06-20", "late"),
        ("县发展改革局", "2022-12", "2022-12-20", "late"),
    ]
    table = ok(cli, "deadlines", "--data", str(QUARTERLY), "--as-of", "2022-12-31")
    assert "未报送和逾期报送的季报" in table and "月报" not in table


def test_quarterly_county_assessment_deducts_per_quarter(cli):
    out = ok(cli, "assess", "--data", str(QUARTERLY), "--format", "json")
    units = {
        u["name"]: (u["on_time"], u["late"], u["missing"], u["score"])
        for u in json.loads(out)["units"]
    }
    # 1 point per late report, 3 per missing one, from 100.
    assert units == {
        "县教育局": (4, 0, 0, 100.0),
        "县民政局": (3, 1, 0, 99.0),
        "县发展改革局": (1, 2, 1, 95.0),
    }


def test_quarterly_county_bulletin_speaks_of_quarters(cli):
    md = ok(cli, "bulletin", "--data", str(QUARTERLY), "--period", "2022Q2")
    assert "3个责任单位应报季度进展报告6份，按时报送3份，逾期报送2份，未报送1份。" in md
    assert "| 序号 | 责任单位 | 应报 | 按时 | 逾期 | 未报送 | 逾期和未报送的季度 |" in md
    assert "| 1 | 县发展改革局 | 2 | 0 | 1 | 1 | 第一季度逾期1天；第二季度未报送 |" in md
    assert "（四）各责任单位要按时报送季度推进情况，不得迟报、漏报。" in md
    assert "县发展改革局第一季度报告逾期1天报送；县发展改革局第二季度报告未报送" in md
    assert "与上季度末相比" in md and "附件：1．" in md
    html = ok(cli, "bulletin", "--data", str(QUARTERLY), "--period", "2022Q2", "--format", "html")
    assert "应报季度进展报告6份" in html and "第一季度逾期1天；第二季度未报送" in html
    assert "季度进展报告报送情况表" in html and "月度" not in html


# ---- one office coordinating and supervising --------------------------------------------------


def test_one_office_is_named_once(cli):
    md = ok(cli, "bulletin", "--data", str(ONE_OFFICE), "--period", "2022Q2")
    assert "会同" not in md
    assert md.startswith("**为民办实事工作通报**\n\n2022年第2期\n\n县政府办公室　　2022年6月30日\n")
    assert "县政府办公室根据各责任单位报送的月度进展报告，对1件为民办实事1—6月推进情况" in md
    assert "联系单位：县政府办公室督查科，电话：023-22222222。" in md
    assert "\n\n县政府办公室\n\n2022年6月30日\n" in md  # 落款, once
    assert md.rstrip().endswith("县政府办公室　　2022年6月30日印发")  # 版记
    html = ok(cli, "bulletin", "--data", str(ONE_OFFICE), "--period", "2022Q2", "--format", "html")
    assert "会同" not in html
    assert "<p>联系单位：县政府办公室督查科，电话：023-22222222。</p>" in html
    assert '<p class="masthead-title">为民办实事工作通报</p>' in html


def test_one_office_reports_are_due_on_the_25th(cli):
    out = ok(
        cli, "deadlines", "--data", str(ONE_OFFICE), "--as-of", "2022-06-30", "--format", "json"
    )
    assert [(r["unit"], r["month"], r["due"], r["state"]) for r in json.loads(out)["reports"]] == [
        ("县政府办公室", "2022-05", "2022-05-25", "late")
    ]
    assess = json.loads(ok(cli, "assess", "--data", str(ONE_OFFICE), "--format", "json"))
    assert {u["name"]: u["late"] for u in assess["units"]} == {"县政府办公室": 1, "县住建局": 0}
    status = ok(cli, "status", "--data", str(ONE_OFFICE), "--as-of", "2022-06-30")
    assert (
        "│ ▲ 黄灯 │ 严重滞后 │" in status
    )  # 10.0 behind: the band's yellow, the vocabulary's 严重滞后
    checked = ok(cli, "check", "--data", str(ONE_OFFICE), "--as-of", "2023-01-01")
    assert checked.splitlines()[-1] == "检查通过：6 个文件，0 个错误，1 个警告。"
    assert "晚于 2022-05 月报的截止日期 2022-05-25" in checked  # due on the 25th


# ---- a registry in traditional characters ----------------------------------------------------


def test_traditional_registry_checks_and_resolves_its_stage_aliases(cli):
    assert ok(cli, "check", "--data", str(TRADITIONAL), "--as-of", "2023-01-01").startswith(
        "检查通过"
    )
    data = json.loads(
        ok(cli, "status", "--data", str(TRADITIONAL), "--as-of", "2022-06-30", "--format", "json")
    )
    items = data["projects"][0]["indicators"][0]["items"]
    assert [(i["name"], i["stage"], i["completion"]) for i in items] == [
        ("城南中學", "開工建設", 100.0),  # target 開工 (已開工, 30): reached
        ("城北小學", "立項", 11.1),  # 前期工作 10 of 建成 90
    ]


def test_traditional_title_and_start_rate(cli):
    md = ok(cli, "bulletin", "--data", str(TRADITIONAL), "--period", "2022Q2")
    assert md.startswith("**重點民生實事工作通报**\n\n2022年第2期\n")  # the office's word
    assert "# 关于2022年某縣重點民生實事1—6月推进情况的通报\n" in md
    # 開工率: the stage marked `started` is 已開工; 前期工作 has not started.
    assert "涉及建设的3个设施（站点）中已开工1个，开工率33.3%。" in md
    assert "按预警颜色，正常推進1件，嚴重滯後1件。" in md  # no 「0件」
    assert "縣教委负责的學校建設（城北小學）（第一项）处于立項阶段" in md
    assert "| 1 | 新建學校 | 縣教委 | 55.6% | 49.5% | 超序時 |" in md


def test_without_the_started_marker_the_second_step_counts_as_started(cli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(TRADITIONAL, data)
    registry = data / "projects.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(", started: true", ""), encoding="utf-8"
    )
    md = ok(cli, "bulletin", "--data", str(data), "--period", "2022Q2")
    assert "涉及建设的3个设施（站点）已全部开工。" in md


def test_traditional_registry_deadlines_and_assessment(cli):
    out = ok(
        cli, "deadlines", "--data", str(TRADITIONAL), "--as-of", "2022-06-30", "--format", "json"
    )
    data = json.loads(out)
    assert [(r["unit"], r["month"], r["state"]) for r in data["reports"]] == [
        ("縣教委", "2022-05", "missing"),
        ("縣衛生健康委", "2022-05", "missing"),
    ]
    # The milestone's stage is written 開工: an alias of 已開工 (30 of 投用's 100).
    assert [(d["kind"], d["name"], d["completion"], d["planned"]) for d in data["overdue"]] == [
        ("milestone", "鄉鎮衛生院（节点：6月底前開工）", 10.0, 30.0)
    ]
    assess = json.loads(ok(cli, "assess", "--data", str(TRADITIONAL), "--format", "json"))
    # Only 2022-06 was reported: May and July–December are missing at the assessment's day
    # (2023-01-01, when December's report is overdue too), 3 points each.
    assert [(u["name"], u["completion"], u["missing"], u["score"]) for u in assess["units"]] == [
        ("縣教委", 55.6, 7, 34.6),
        ("縣衛生健康委", 10.0, 7, 0.0),
    ]
    html = ok(
        cli, "bulletin", "--data", str(TRADITIONAL), "--period", "2022-06", "--format", "html"
    )
    assert "<h1>2022年某縣重點民生實事1—6月调度情况</h1>" in html
