"""销号: a report asks for it, the office accepts (验收) and then closes (销号); the states
已完成（待验收） → 已申请销号 → 已验收 → 已销号 appear only where office.yaml enables acceptance,
and the assessment counts 销号 in a column of its own without changing a score."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from minsheng.compute.duban import Acceptance, acceptance_state
from tests import dubandata as dd
from tests import officedata as od

ON = "acceptance: true\nescalation: {preset: none}\n"
TARGET = (1, "1-1", None)
REQUEST = (
    "closure:\n  - project: 1\n    indicator: 1-1\n    documents: [竣工验收报告]\n"
    "    note: 已全部完成\n"
)


def accept(root: Path, accepted: str, closed: str | None = None) -> Path:
    folder = root / "duban" / "acceptance"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "2022-07-10-项目1.yaml"
    text = f"project: 1\nindicator: 1-1\naccepted: {accepted}\naccepted_by: 督查室\n"
    if closed:
        text += f"closed: {closed}\nclosed_by: 督查室\n"
    path.write_text(text, encoding="utf-8")
    return path


def done_in_june(tmp_path: Path, office: str = ON) -> Path:
    root = dd.make(tmp_path / "d", office=office)
    dd.report(root, "2022-04", 40)
    dd.report(root, "2022-05", 70)
    dd.report(root, "2022-06", 100, submitted="2022-06-28", extra=REQUEST)
    return root


def state(root: Path, day: date) -> Acceptance | None:
    return acceptance_state(od.dataset(root), day, TARGET, True)


def test_the_states_follow_request_acceptance_and_closure(tmp_path):
    root = done_in_june(tmp_path)
    accept(root, "2022-07-10", "2022-07-20")
    assert state(root, date(2022, 6, 27)) is Acceptance.PENDING  # done, nothing asked yet
    assert state(root, date(2022, 6, 28)) is Acceptance.REQUESTED  # the report asks
    assert state(root, date(2022, 7, 10)) is Acceptance.ACCEPTED
    assert state(root, date(2022, 7, 19)) is Acceptance.ACCEPTED
    assert state(root, date(2022, 7, 20)) is Acceptance.CLOSED


def test_nothing_unfinished_has_an_acceptance_state(tmp_path):
    root = done_in_june(tmp_path)
    assert acceptance_state(od.dataset(root), date(2022, 6, 30), TARGET, False) is None


def test_the_states_need_acceptance_enabled(tmp_path):
    root = done_in_june(tmp_path, office="escalation: {preset: none}\n")
    accept(root, "2022-07-10", "2022-07-20")
    assert state(root, date(2022, 7, 20)) is None


def test_closure_before_acceptance_is_refused(cli, tmp_path):
    root = done_in_june(tmp_path)
    accept(root, "2022-07-10", "2022-07-05")
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        "duban/acceptance/2022-07-10-项目1.yaml:5:9: error [invalid-date] "
        "销号日期早于验收日期，请检查日期"
    ) in result.stdout


def test_a_request_needs_evidence(cli, tmp_path):
    root = done_in_june(tmp_path)
    dd.report(root, "2022-06", 100, extra="closure:\n  - project: 1\n    indicator: 1-1\n")
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        "progress/2022-06/甲局.yaml:9:5: error [invalid-value] 「closure」（办结或申请销号）："
        "申请销号须附佐证：evidence（佐证链接）或 documents（佐证材料名称）至少写一项"
    ) in result.stdout


def test_a_request_from_a_unit_not_responsible_is_refused(cli, tmp_path):
    root = done_in_june(tmp_path)
    dd.report(root, "2022-06", None, unit="乙局", extra=REQUEST)
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        "progress/2022-06/乙局.yaml:9:14: error [not-responsible] "
        "「乙局」不是所申请销号事项的责任单位（甲局）"
    ) in result.stdout


def test_status_names_the_closed_and_the_requested(cli, tmp_path):
    root = done_in_june(tmp_path)
    shown = cli("status", "--data", str(root), "--as-of", "2022-06-30", "--project", "1")
    assert shown.exit_code == 0
    assert "已完成（已申请销号，待验收）" in shown.stdout
    accept(root, "2022-07-10", "2022-07-20")
    shown = cli("status", "--data", str(root), "--as-of", "2022-07-20")
    assert shown.exit_code == 0
    assert "★ 已销号" in shown.stdout
    data = json.loads(
        cli("status", "--data", str(root), "--as-of", "2022-07-20", "--format", "json").stdout
    )
    assert data["projects"][0]["acceptance"] == "closed"
    assert data["projects"][0]["indicators"][0]["acceptance"] == "closed"
    assert data["projects"][0]["status"] == "blue"


def test_status_json_has_no_acceptance_key_without_acceptance(cli, tmp_path):
    root = done_in_june(tmp_path, office="escalation: {preset: none}\n")
    data = json.loads(
        cli("status", "--data", str(root), "--as-of", "2022-06-30", "--format", "json").stdout
    )
    assert "acceptance" not in data["projects"][0]


def test_the_assessment_counts_closures_without_changing_a_score(cli, tmp_path):
    root = done_in_june(tmp_path)
    before = json.loads(cli("assess", "--data", str(root), "--format", "json").stdout)
    accept(root, "2022-07-10", "2022-07-20")
    after = json.loads(cli("assess", "--data", str(root), "--format", "json").stdout)
    assert after["projects"][0]["closed"] == 1
    assert before["projects"][0]["closed"] == 0
    assert [u["closed"] for u in after["units"] if u["name"] == "甲局"] == [1]
    assert after["projects"][0]["score"] == before["projects"][0]["score"]
    table = cli("assess", "--data", str(root))
    assert table.exit_code == 0
    assert "销号" in table.stdout


def test_closure_points_from_the_office_file_add_to_the_score_up_to_the_cap(cli, tmp_path):
    """office.yaml may give 销号 points (closure_points, capped by closure_cap): the unit
    with one 销号 gains them, held within the cap and 满分; without them nothing changes."""
    scores = {}
    for name, office in (
        ("plain", ON),
        ("two", ON + "closure_points: 2\n"),
        ("capped", ON + "closure_points: 2\nclosure_cap: 0.5\n"),
    ):
        root = done_in_june(tmp_path / name, office=office)
        accept(root, "2022-07-10", "2022-07-20")
        result = cli("assess", "--data", str(root), "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        unit = next(u for u in data["units"] if u["name"] == "甲局")
        scores[name] = (unit["score"], unit["points"].get("closure"), data["projects"][0]["score"])
    plain, plain_bonus, project = scores["plain"]
    assert plain < 98 and plain_bonus is None  # reports missing after June cost points
    assert scores["two"] == (plain + 2, 2.0, project)  # the project is at 满分 already
    assert scores["capped"] == (plain + 0.5, 0.5, project)
    table = cli("assess", "--data", str(tmp_path / "two" / "d"))
    assert table.exit_code == 0 and "销号加分" in table.stdout
    kind = cli(
        "bulletin",
        "--data",
        str(tmp_path / "two" / "d"),
        "--period",
        "2022",
        "--kind",
        "assessment",
    )
    assert kind.exit_code == 0
    assert "| 报送扣分 | 销号加分 | 得分 | 销号 |" in kind.stdout


def test_the_assessment_has_no_closure_column_without_acceptance(cli, tmp_path):
    root = done_in_june(tmp_path, office="escalation: {preset: none}\n")
    accept(root, "2022-07-10", "2022-07-20")
    data = json.loads(cli("assess", "--data", str(root), "--format", "json").stdout)
    assert "closed" not in data["projects"][0]
    assert "销号" not in cli("assess", "--data", str(root)).stdout


def test_the_year_bulletin_counts_the_closures(cli, tmp_path):
    root = done_in_june(tmp_path)
    accept(root, "2022-07-10", "2022-07-20")
    text = cli("bulletin", "--data", str(root), "--period", "2022").stdout
    assert "本期验收销号1项（数量项目（第一项）中的数量指标）。" in text
    kind = cli("bulletin", "--data", str(root), "--period", "2022", "--kind", "assessment")
    assert (
        "| 名次 | 责任单位 | 完成率 | 完成分 | 督查加减分 | 报送扣分 | 得分 | 销号 |" in kind.stdout
    )
