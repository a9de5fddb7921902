"""`minsheng assess` (年终考核): the formula pinned with hand-computed figures, ranks, the CLI.

The fixture (tests/fixtures/assess/) uses the default formula: 满分 100, 逾期 1 分/份,
未报 3 分/份, 督查权重 0.1, 基准 80; qualitative pass mark 90. Reports are due for
2022-10..2022-12. By hand, at 2022-12-31:

- 县交通局: road 87.2 of 100 km → 87.2%; November's report came on 12-03 (late).
  87.2 − 1 = 86.2.
- 县教委: 2-1 reviewed 72 (latest; 85 in October no longer counts) → 72/90 = 80%;
  2-2 40 of 50 → 80%. Completion 80; review 0.1 × (72 − 80) = −0.8. 79.2.
- 县民政局: 2-1 (co-owner) 80% and 3-1 投用 100% → 90%; review −0.8; November missing
  −3. 90 − 0.8 − 3 = 86.2 — equal to 县交通局, so both rank 2, higher completion first.
- 县卫生健康委: 4-1 reviewed 99 → 100%; review +1.9; 101.9 held at 100.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minsheng.compute.assess import competition_ranks, points, ranking
from minsheng.models.registry import Assessment
from minsheng.text.labels import SAMPLE_BANNER
from tests.conftest import DATA, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "assess"


def assess_json(cli, *args: str) -> dict:
    result = cli("assess", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_name(units: list[dict]) -> dict[str, dict]:
    return {u["name"]: u for u in units}


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def set_formula(data: Path, **values: float) -> None:
    registry = data / "projects.yaml"
    block = "  assessment:\n" + "".join(f"    {k}: {v}\n" for k, v in values.items())
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("  thresholds:\n", block + "  thresholds:\n"), "utf-8")


# ---- the formula on the fixture, by hand -------------------------------------------------


def test_json_keys_and_formula(cli):
    data = assess_json(cli, "--data", str(FIXTURE))
    assert list(data) == [
        "year",
        "as_of",
        "reports_as_of",
        "sample",
        "formula",
        "projects",
        "units",
    ]
    assert (data["year"], data["as_of"], data["sample"]) == (2022, "2022-12-31", False)
    assert data["formula"] == {
        "completion_points": 100.0,
        "late_penalty": 1.0,
        "missing_penalty": 3.0,
        "review_weight": 0.1,
        "review_baseline": 80.0,
    }
    assert list(data["projects"][0]) == [
        "id",
        "name",
        "lead",
        "completion",
        "review",
        "points",
        "score",
        "rank",
    ]
    assert list(data["units"][0]) == [
        "rank",
        "name",
        "completion",
        "on_time",
        "late",
        "missing",
        "review",
        "points",
        "score",
    ]


def test_unit_scores_by_hand(cli):
    units = assess_json(cli, "--data", str(FIXTURE))["units"]
    assert [(u["rank"], u["name"], u["score"]) for u in units] == [
        (1, "县卫生健康委", 100.0),
        (2, "县民政局", 86.2),
        (2, "县交通局", 86.2),
        (4, "县教委", 79.2),
    ]
    unit = by_name(units)
    assert unit["县交通局"] == {
        "rank": 2,
        "name": "县交通局",
        "completion": 87.2,
        "on_time": 2,
        "late": 1,
        "missing": 0,
        "review": None,
        "points": {"completion": 87.2, "review": 0.0, "reports": -1.0},
        "score": 86.2,
    }
    assert unit["县民政局"]["completion"] == 90.0
    assert (unit["县民政局"]["late"], unit["县民政局"]["missing"]) == (0, 1)
    assert unit["县民政局"]["review"] == 72.0
    assert unit["县民政局"]["points"] == {"completion": 90.0, "review": -0.8, "reports": -3.0}
    assert unit["县教委"]["points"] == {"completion": 80.0, "review": -0.8, "reports": 0.0}
    # 101.9 before the cap: the parts are shown, the score stays within 满分.
    assert unit["县卫生健康委"]["points"] == {"completion": 100.0, "review": 1.9, "reports": 0.0}
    assert unit["县卫生健康委"]["score"] == 100.0


def test_project_scores_by_hand(cli):
    projects = assess_json(cli, "--data", str(FIXTURE))["projects"]
    assert [
        (p["id"], p["lead"], p["completion"], p["review"], p["score"], p["rank"]) for p in projects
    ] == [
        (1, "县交通局", 87.2, None, 87.2, 3),
        (2, "县教委", 80.0, 72.0, 79.2, 4),
        (3, "县民政局", 100.0, None, 100.0, 1),
        (4, "县卫生健康委", 100.0, 99.0, 100.0, 1),
    ]
    # Projects carry no report deduction: 县交通局's late report does not touch project 1.
    assert projects[0]["points"]["reports"] == 0.0


def test_as_of_counts_only_what_was_due_and_visible(cli):
    """At 12-15 December's reports are not yet due; the road stands at November's 60 km."""
    data = assess_json(cli, "--data", str(FIXTURE), "--as-of", "2022-12-15")
    assert data["as_of"] == "2022-12-15"
    unit = by_name(data["units"])
    assert (unit["县交通局"]["completion"], unit["县交通局"]["late"]) == (60.0, 1)
    assert unit["县交通局"]["score"] == 59.0
    # October's review (85) is the latest visible: +0.5; 2-1 85/90 = 94.4%, 2-2 30/50 = 60%.
    assert unit["县教委"]["review"] == 85.0
    assert unit["县教委"]["completion"] == 77.2
    assert unit["县教委"]["score"] == 77.7


def test_formula_comes_from_the_registry(cli, fixture_copy):
    set_formula(
        fixture_copy,
        completion_points=90,
        late_penalty=2,
        missing_penalty=5,
        review_weight=0.5,
        review_baseline=70,
    )
    unit = by_name(assess_json(cli, "--data", str(fixture_copy))["units"])
    # 87.2% × 90 = 78.48, − 2 × 1 late = 76.48
    assert unit["县交通局"]["score"] == 76.5
    # 90% × 90 = 81, + 0.5 × (72 − 70) = 1, − 5 × 1 missing = 77
    assert unit["县民政局"]["score"] == 77.0
    assert unit["县民政局"]["points"] == {"completion": 81.0, "review": 1.0, "reports": -5.0}
    # 100% × 90 + 0.5 × (99 − 70) = 104.5, held at 满分 90
    assert unit["县卫生健康委"]["score"] == 90.0


# ---- ranks ------------------------------------------------------------------------------


def test_equal_scores_share_a_rank():
    assert competition_ranks([100, 86.2, 86.2, 79.2]) == [1, 2, 2, 4]
    assert competition_ranks([90, 90, 90]) == [1, 1, 1]
    assert competition_ranks([]) == []


def test_scores_equal_as_shown_are_equal():
    """86.24 and 86.16 both print as 86.2: a reader could not tell them apart."""
    assert competition_ranks([86.24, 86.16, 80.0]) == [1, 1, 3]


def test_ranking_ties_by_completion_then_input_order():
    entries = [("乙", 80.0, 70.0), ("甲", 80.0, 90.0), ("丙", 80.0, 90.0), ("丁", 95.0, 95.0)]
    ranked = ranking(entries, lambda e: e[1], lambda e: e[2])
    assert [(entries[i][0], rank) for i, rank in ranked] == [
        ("丁", 1),
        ("甲", 2),
        ("丙", 2),
        ("乙", 2),
    ]


def test_units_with_equal_score_and_completion_are_listed_by_name(cli, fixture_copy):
    """县交通局 and 县民政局 both 90% and 87 points: listed in name (Unicode) order, one rank."""
    set_formula(fixture_copy, late_penalty=3, missing_penalty=3, review_weight=0)
    report = fixture_copy / "progress" / "2022-12" / "县交通局.yaml"
    report.write_text(
        report.read_text(encoding="utf-8").replace("value: 87.2", "value: 90"), "utf-8"
    )
    units = assess_json(cli, "--data", str(fixture_copy))["units"]
    assert [(u["rank"], u["name"], u["completion"], u["score"]) for u in units] == [
        (1, "县卫生健康委", 100.0, 100.0),
        (2, "县交通局", 90.0, 87.0),
        (2, "县民政局", 90.0, 87.0),
        (4, "县教委", 80.0, 80.0),
    ]


# ---- the formula as a property -----------------------------------------------------------

formulas = st.builds(
    Assessment,
    completion_points=st.floats(0.5, 1000),
    late_penalty=st.floats(0, 50),
    missing_penalty=st.floats(0, 50),
    review_weight=st.floats(0, 5),
    review_baseline=st.floats(0, 100),
)


@given(
    formula=formulas,
    completion=st.floats(-50, 150),
    review=st.none() | st.floats(0, 100),
    late=st.integers(0, 12),
    missing=st.integers(0, 12),
)
def test_score_always_within_zero_and_full_marks(formula, completion, review, late, missing):
    result = points(formula, completion, review, late, missing)
    assert 0 <= result.total <= formula.completion_points
    assert result.reports >= 0


@given(formula=formulas, completion=st.floats(0, 100), late=st.integers(0, 11))
def test_another_late_report_never_raises_the_score(formula, completion, late):
    before = points(formula, completion, None, late, 0).total
    assert points(formula, completion, None, late + 1, 0).total <= before
    assert points(formula, completion, None, late, 1).total <= before


@given(scores=st.lists(st.floats(0, 100), max_size=20))
def test_ranks_start_at_one_and_skip_after_ties(scores):
    ordered = sorted(scores, reverse=True)
    ranks = competition_ranks(ordered)
    for i, rank in enumerate(ranks):
        assert rank == 1 if i == 0 else rank in (ranks[i - 1], i + 1)


# ---- the command ------------------------------------------------------------------------


def test_table_output(cli):
    result = cli("assess", "--data", str(FIXTURE))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        "考核县2022年重点民生实事 · 2022年度年终考核 · "
        "完成情况截至 2022年12月31日，报送情况截至 2023年1月1日"
    ) in out
    assert "计分办法：得分 = 完成率 × 100 分 + 0.1 ×（督查评分 − 80）" in out
    assert "逾期报送 1 分/份 − 未报送 3 分/份，得分在 0–100 分之间" in out
    assert SAMPLE_BANNER not in out
    rows = [line for line in out.splitlines() if "县民政局" in line and "│" in line]
    cells = [c.strip() for c in rows[-1].strip("│").split("│")]
    assert cells == [
        "2",
        "县民政局",
        "90.0%",
        "2",
        "0",
        "1",
        "72.0",
        "90.0",
        "-0.8",
        "-3.0",
        "86.2",
    ]
    # Units are listed by rank.
    order = [name for name in ("县卫生健康委", "县民政局", "县交通局", "县教委") if name in out]
    assert sorted(order, key=lambda n: out.rindex(n)) == order


def test_year_of_the_plan_is_accepted(cli):
    result = cli("assess", "--data", str(FIXTURE), "--year", "2022", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["year"] == 2022


def test_other_year_is_a_usage_error(cli):
    result = cli("assess", "--data", str(FIXTURE), "--year", "2023")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "用法错误：数据中的计划年度是 2022 年，不是 2023 年" in result.stderr


def test_malformed_year_is_a_usage_error(cli):
    result = cli("assess", "--data", str(FIXTURE), "--year", "22")
    assert result.exit_code == 2
    assert "「22」不是年度，应写成四位数字" in result.stderr


def test_bad_as_of_is_a_usage_error(cli):
    result = cli("assess", "--data", str(FIXTURE), "--as-of", "2022-13-01")
    assert result.exit_code == 2
    assert "「2022-13-01」不是有效日期" in result.stderr


def test_bad_format_is_a_usage_error(cli):
    result = cli("assess", "--data", str(FIXTURE), "--format", "csv")
    assert result.exit_code == 2
    assert "--format" in result.stderr


def test_missing_data_folder_is_a_usage_error(cli, tmp_path):
    result = cli("assess", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "不存在" in result.stderr


def test_bad_data_exits_1_with_the_problem(cli, fixture_copy):
    report = fixture_copy / "progress" / "2022-12" / "县交通局.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("87.2", "八十"), "utf-8")
    result = cli("assess", "--data", str(fixture_copy))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "县交通局.yaml:" in result.stderr
    assert "数据有错误，无法统计" in result.stderr


# ---- sample data is said to be sample ---------------------------------------------------


def test_sample_banner_for_sample_data(cli, fixture_copy):
    report = fixture_copy / "progress" / "2022-10" / "县教委.yaml"
    report.write_text("sample: true\n" + report.read_text(encoding="utf-8"), "utf-8")
    table = cli("assess", "--data", str(fixture_copy))
    assert table.exit_code == 0, table.output
    assert table.stdout.startswith(SAMPLE_BANNER)
    assert assess_json(cli, "--data", str(fixture_copy))["sample"] is True


def test_shipped_sample_data(cli):
    """The shipped data is sample data: the banner shows, and every score is within 满分."""
    table = cli("assess", "--data", str(DATA))
    assert table.exit_code == 0, table.output
    assert SAMPLE_BANNER in table.stdout
    data = assess_json(cli, "--data", str(DATA))
    assert data["sample"] is True
    assert data["as_of"] == "2022-12-31"
    assert len(data["projects"]) == 15
    assert [u["rank"] for u in data["units"]] == sorted(u["rank"] for u in data["units"])
    assert all(0 <= u["score"] <= 100 for u in data["units"] + data["projects"])


def _unit(payload: dict, name: str) -> dict:
    return next(u for u in payload["units"] if u["name"] == name)


def test_a_missing_december_report_counts_against_the_unit(cli, data_copy):
    (data_copy / "progress" / "2022-12" / "县教委.yaml").unlink()
    result = cli("assess", "--data", str(data_copy), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert (payload["as_of"], payload["reports_as_of"]) == ("2022-12-31", "2023-01-01")
    unit = _unit(payload, "县教委")
    assert (unit["on_time"], unit["late"], unit["missing"]) == (8, 0, 1)
    assert unit["points"]["reports"] == -3.0
    assert unit["score"] == round(unit["points"]["completion"] + unit["points"]["review"] - 3, 1)
    assert unit["rank"] > 1

    table = cli("assess", "--data", str(data_copy))
    assert "完成情况截至 2022年12月31日，报送情况截至 2023年1月1日" in table.stdout
    row = next(line for line in table.stdout.splitlines() if re.match(r"│ +\d+ │ 县教委 ", line))
    assert "│     -3.0 │" in row


def test_an_explicit_date_stands_for_both_completion_and_reports(cli, data_copy):
    (data_copy / "progress" / "2022-12" / "县教委.yaml").unlink()
    payload = json.loads(
        cli("assess", "--data", str(data_copy), "--format", "json", "--as-of", "2022-12-31").stdout
    )
    assert (payload["as_of"], payload["reports_as_of"]) == ("2022-12-31", "2022-12-31")
    assert _unit(payload, "县教委")["missing"] == 0  # due on 31 December: not missing that day


def test_the_assessment_bulletin_assesses_december_as_assess_does(cli, data_copy):
    (data_copy / "progress" / "2022-12" / "县教委.yaml").unlink()
    assessed = json.loads(cli("assess", "--data", str(data_copy), "--format", "json").stdout)
    unit = _unit(assessed, "县教委")
    bulletin = cli("bulletin", "--data", str(data_copy), "--period", "2022", "--kind", "assessment")
    assert bulletin.exit_code == 0
    assert "报送扣分按截至2023年1月1日（各期报送截止之后）的报送情况计算。" in bulletin.stdout
    assert "年终考核" not in cli("bulletin", "--data", str(data_copy), "--period", "2022").stdout
    assessment = bulletin.stdout[bulletin.stdout.index("附件1　责任单位年终考核得分排名表") :]
    row = next(line for line in assessment.splitlines() if re.match(r"\| \d+ \| 县教委 \| ", line))
    assert row.startswith(f"| {unit['rank']} | 县教委 |")
    assert row.endswith(f"| 3.0 | {unit['score']:.1f} |")  # 报送扣分 3
