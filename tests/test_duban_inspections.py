"""Inspections: a verified figure replaces the unit's own from the inspection's day until
the unit's next report, says so wherever it is shown, is checked against the self-reported
one within office.yaml's tolerance, and a later report may not fall below it uncorrected."""

from __future__ import annotations

import json
from pathlib import Path

from tests import dubandata as dd
from tests import officedata as od

INSPECTION = (
    "date: 2022-08-10\nteam: [督查室, 甲局]\nmethods: [现场查看]\n"
    "findings:\n  - {project: 1, indicator: 1-1, text: 现场核实, value: 45}\n"
)


def inspected(tmp_path: Path, office: str = dd.LADDER, august: float = 50, **more: str) -> Path:
    root = dd.make(tmp_path / "d", office=office)
    dd.report(root, "2022-07", 40, submitted="2022-07-25")
    dd.inspection(root, "2022-08-10-1", INSPECTION)
    dd.report(root, "2022-08", august, submitted="2022-08-25", **more)
    return root


def actual(cli, root: Path, day: str) -> tuple[object, str | None]:
    data = json.loads(cli("status", "--data", str(root), "--as-of", day, "--format", "json").stdout)
    indicator = data["projects"][0]["indicators"][0]
    return indicator["actual"], indicator.get("verified")


def test_the_verified_figure_stands_from_the_inspection_until_the_next_report(cli, tmp_path):
    root = inspected(tmp_path)
    assert actual(cli, root, "2022-08-09") == (40, None)
    assert actual(cli, root, "2022-08-10") == (45, "2022-08-10")
    assert actual(cli, root, "2022-08-24") == (45, "2022-08-10")
    assert actual(cli, root, "2022-08-25") == (50, None)  # the unit's next report


def test_a_late_report_for_an_earlier_month_does_not_replace_it(cli, tmp_path):
    root = dd.make(tmp_path / "d")
    dd.inspection(root, "2022-08-10-1", INSPECTION)
    dd.report(root, "2022-07", 44, submitted="2022-08-15")  # July's, sent after the inspection
    assert actual(cli, root, "2022-08-20") == (45, "2022-08-10")


def test_status_says_when_a_verified_figure_is_used(cli, tmp_path):
    root = inspected(tmp_path)
    shown = cli("status", "--data", str(root), "--as-of", "2022-08-20", "--project", "1")
    assert shown.exit_code == 0
    assert "45个（8月10日督查核实）" in shown.stdout
    later = cli("status", "--data", str(root), "--as-of", "2022-08-31", "--project", "1")
    assert "督查核实" not in later.stdout


def test_check_warns_where_the_figures_differ_beyond_the_tolerance(cli, tmp_path):
    root = inspected(tmp_path)
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        f"{root}/duban/inspections/2022-08-10-1.yaml:5:53: warning [verified-differs] "
        "督查核实值 45个 与「甲局」2022-07 自报的 40个 相差 11.1%，超过容差 5%"
    )


def test_within_the_office_s_tolerance_nothing_is_said(cli, tmp_path):
    root = inspected(tmp_path, office=dd.LADDER + "inspections: {tolerance: 12}\n")
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 0
    assert result.stdout == "检查通过：5 个文件，没有发现问题。\n"


def test_a_later_report_below_the_verified_figure_is_a_regression(cli, tmp_path):
    root = inspected(tmp_path, office=dd.LADDER + "inspections: {tolerance: 20}\n", august=44)
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        f"{root}/progress/2022-08/甲局.yaml:7:35: error [regression] "
        "累计完成数「44个」低于 2022-08-10 督查核实的「45个」；如确需更正，请在本指标下填写 "
        "correction（更正说明）"
    ) in result.stdout


def test_a_correction_lets_a_later_report_go_below_it(cli, tmp_path):
    root = dd.make(tmp_path / "d", office=dd.LADDER + "inspections: {tolerance: 20}\n")
    dd.report(root, "2022-07", 40, submitted="2022-07-25")
    dd.inspection(root, "2022-08-10-1", INSPECTION)
    path = dd.report(root, "2022-08", 44, submitted="2022-08-25")
    text = path.read_text(encoding="utf-8").replace(
        "value: 44}", "value: 44, correction: 核实时误计}"
    )
    path.write_text(text, encoding="utf-8")
    assert cli("check", "--data", str(root), "--as-of", "2022-12-31").exit_code == 0


def test_a_later_report_above_it_is_accepted(cli, tmp_path):
    root = inspected(tmp_path, office=dd.LADDER + "inspections: {tolerance: 20}\n", august=46)
    assert cli("check", "--data", str(root), "--as-of", "2022-12-31").exit_code == 0


STAGE = """      - id: 1-1
        name: 设施
        kind: stage
        target: 建成
"""


def test_a_verified_stage_that_differs_is_told(cli, tmp_path):
    root = dd.make(tmp_path / "d", indicators=STAGE)
    dd.report(root, "2022-07", None, submitted="2022-07-25")
    path = root / "progress" / "2022-07" / "甲局.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "indicators: []", "indicators: [{id: 1-1, stage: 已启动}]"
        ),
        encoding="utf-8",
    )
    dd.inspection(
        root,
        "2022-08-10-1",
        "date: 2022-08-10\nteam: [督查室]\nfindings:\n"
        "  - {project: 1, indicator: 1-1, text: 已完工, stage: 建成}\n",
    )
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert (
        f"{root}/duban/inspections/2022-08-10-1.yaml:4:52: warning [verified-differs] "
        in result.stdout
    )
    assert "督查核实的阶段「建成」与「甲局」2022-07 自报的「已启动」不一致" in result.stdout
    data = json.loads(
        cli("status", "--data", str(root), "--as-of", "2022-08-20", "--format", "json").stdout
    )
    assert data["projects"][0]["indicators"][0]["actual"] == "建成"
    assert data["projects"][0]["indicators"][0]["status"] == "done"


# ---- 督查评分 on a qualitative indicator -------------------------------------------------

QUALITATIVE = """      - id: 1-1
        name: 数量指标
        kind: quantity
        target: 100
        unit: 个
      - id: 1-2
        name: 工作成效
        kind: qualitative
"""
SCORED = (
    "date: 2022-08-10\nteam: [督查室, 甲局]\n"
    "findings:\n  - {project: 1, indicator: 1-2, text: 抽查工作台账, score: 72}\n"
)


def scored(
    tmp_path: Path, *, inspection: str | None = SCORED, review: str = "", day: str = "2022-08-10"
) -> Path:
    """1-2 self-assessed 90 in July and August; the inspection of ``day`` scoring it, and a
    review in the August report (``review``: ``, review: {...}``)."""
    root = dd.make(tmp_path / "d", indicators=QUALITATIVE)
    for month, sent in (("2022-07", "2022-07-25"), ("2022-08", "2022-08-25")):
        entries = "{id: 1-1, value: 50}, {id: 1-2, self_assessment: 90" + review * (
            month == "2022-08"
        )
        od.report(root, month, entries + "}", submitted=sent)
    if inspection is not None:
        dd.inspection(root, f"{day}-1", inspection.replace("2022-08-10", day))
    return root


def qualitative(cli, root: Path, day: str) -> tuple[object, object]:
    """1-2's score and what it is (review: 督查评分, self: 单位自评) at ``day``."""
    data = json.loads(cli("status", "--data", str(root), "--as-of", day, "--format", "json").stdout)
    indicator = data["projects"][0]["indicators"][1]
    assert "verified" not in indicator  # a score, not a verified figure
    return indicator["actual"], indicator["basis"]


def test_an_inspection_s_score_is_the_indicator_s_review_from_its_day(cli, tmp_path):
    root = scored(tmp_path)
    assert cli("check", "--data", str(root), "--as-of", "2022-12-31").exit_code == 0
    assert qualitative(cli, root, "2022-08-09") == (90, "self")
    assert qualitative(cli, root, "2022-08-10") == (72, "review")
    # The unit's next report gives no review of its own: the office's score stands.
    assert qualitative(cli, root, "2022-08-31") == (72, "review")
    shown = cli("status", "--data", str(root), "--as-of", "2022-08-20", "--project", "1")
    assert shown.exit_code == 0
    assert "72分（督查评价）" in shown.stdout
    ledger = json.loads(
        cli("duban", "--data", str(root), "--as-of", "2022-09-30", "--format", "json").stdout
    )
    assert ledger["inspections"][0]["findings"][0]["verified"] == "督查评分 72分"


def test_the_score_counts_exactly_as_a_review_in_the_unit_s_report(cli, tmp_path):
    inspected_root = scored(tmp_path / "a")
    in_report = scored(
        tmp_path / "b", inspection=None, review=", review: {score: 72, reviewer: 督查室}"
    )
    for args in (("status", "--format", "json"), ("assess", "--format", "json")):
        a = json.loads(cli(*args, "--data", str(inspected_root), "--as-of", "2022-12-31").stdout)
        b = json.loads(cli(*args, "--data", str(in_report), "--as-of", "2022-12-31").stdout)
        assert a["projects"] == b["projects"], args
    assessed = json.loads(
        cli(
            "assess", "--data", str(inspected_root), "--as-of", "2022-12-31", "--format", "json"
        ).stdout
    )
    assert assessed["projects"][0]["review"] == 72
    # The bulletin differs only by the sentence telling of the inspection itself.
    a = cli("bulletin", "--data", str(inspected_root), "--period", "2022Q3").stdout
    b = cli("bulletin", "--data", str(in_report), "--period", "2022Q3").stdout
    told = "8月10日，督查室、甲局对1个事项开展督查。"
    assert told in a
    assert a.replace(told, "") == b


def test_the_later_of_a_report_s_review_and_an_inspection_s_score_wins(cli, tmp_path):
    # A review in August's report (sent 08-25) comes after the inspection of 08-10 …
    root = scored(tmp_path / "a", review=", review: {score: 95, reviewer: 督查室}")
    assert qualitative(cli, root, "2022-08-20") == (72, "review")
    assert qualitative(cli, root, "2022-08-31") == (95, "review")
    # … and an inspection after it replaces it.
    root = scored(
        tmp_path / "b", review=", review: {score: 95, reviewer: 督查室}", day="2022-09-05"
    )
    assert qualitative(cli, root, "2022-09-04") == (95, "review")
    assert qualitative(cli, root, "2022-09-05") == (72, "review")


def test_a_score_on_an_indicator_with_figures_is_an_error(cli, tmp_path):
    root = scored(tmp_path, inspection=SCORED.replace("indicator: 1-2", "indicator: 1-1"))
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        f"{root}/duban/inspections/2022-08-10-1.yaml:4:55: error [kind-mismatch] "
        "指标「1-1」是数量类指标，不能写 score；督查评分（score）只用于定性类指标；核实值应写 value"
    ) in result.stdout


def test_a_score_needs_an_indicator_and_stays_within_0_to_100(cli, tmp_path):
    root = scored(tmp_path, inspection=SCORED.replace("indicator: 1-2, ", ""))
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert "写了督查评分（score）时须同时写 indicator（指标编号）" in result.stdout
    assert "/duban/inspections/2022-08-10-1.yaml:4:5: error" in result.stdout
    root = scored(tmp_path / "b", inspection=SCORED.replace("score: 72", "score: 120"))
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        f"{root}/duban/inspections/2022-08-10-1.yaml:4:55: error [invalid-value] "
        "「score」（评分）取值 120 不能大于 100"
    ) in result.stdout


def test_a_score_on_an_indicator_that_is_not_qualitative_is_told_where(cli, tmp_path):
    root = scored(tmp_path, inspection=SCORED.replace("indicator: 1-2", "indicator: 1-1"))
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        f"{root}/duban/inspections/2022-08-10-1.yaml:4:55: error [kind-mismatch] "
        "指标「1-1」是数量类指标，不能写 score；督查评分（score）只用于定性类指标；核实值应写 value"
    ) in result.stdout
    assert "Traceback" not in result.output
