"""The status vocabulary (提前完成 … 未启动) at its edges, 占比, and the uncapped ratio."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from minsheng.compute.vocabulary import Category, categories
from tests import officedata as od

JUNE = date(2022, 6, 30)
HALF_BY_JUNE = "[{by: 2022-06-30, value: 50}]"


def category(
    tmp_path: Path,
    value: float,
    day: date = JUNE,
    office: str | None = None,
    month: str = "2022-06",
) -> Category:
    root = od.make(tmp_path / "d", milestones=HALF_BY_JUNE, office=office)
    od.values(root, **{month: value})
    return categories(od.status(root, day)).indicators["1-1"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (55, Category.AHEAD),  # 5.0 ahead: 超序时 from 5 points ahead
        (54.9, Category.ON_SCHEDULE),
        (45, Category.ON_SCHEDULE),  # 5.0 behind: within the tolerance
        (44.9, Category.BEHIND),  # 5.1 behind
        (40.1, Category.BEHIND),  # 9.9 behind
        (40, Category.FAR_BEHIND),  # 10 behind: thresholds.behind
        (0, Category.FAR_BEHIND),
    ],
)
def test_categories_by_the_gap_at_their_edges(tmp_path, value, expected):
    assert category(tmp_path, value) is expected


def test_no_progress_while_not_yet_behind_is_not_started(tmp_path):
    # 序时进度 on Jan 5: 4/180 × 50 = 1.1 points; nothing reported.
    root = od.make(tmp_path / "d", milestones=HALF_BY_JUNE)
    assert categories(od.status(root, date(2022, 1, 5))).indicators["1-1"] is Category.NOT_STARTED


def test_the_office_sets_the_thresholds(tmp_path):
    office = "vocabulary: {tolerance: 2, ahead: 10, serious: 20}\n"
    assert category(tmp_path / "a", 47.9, office=office) is Category.BEHIND  # 2.1 > 2
    assert category(tmp_path / "b", 55, office=office) is Category.ON_SCHEDULE  # not 10 ahead
    assert category(tmp_path / "c", 30.1, office=office) is Category.BEHIND  # 19.9 < 20
    assert category(tmp_path / "d", 30, office=office) is Category.FAR_BEHIND


@pytest.mark.parametrize(
    ("value", "month", "day", "expected"),
    [
        (100.1, "2022-06", JUNE, Category.EXCEEDED),  # ratio 100.1% > 100%
        (100, "2022-06", JUNE, Category.EARLY),  # done in June, due Dec 31
        (100, "2022-12", date(2022, 12, 31), Category.DONE),  # done with the due month
    ],
)
def test_done_is_exceeded_early_or_just_done(tmp_path, value, month, day, expected):
    assert category(tmp_path, value, day, month=month) is expected


def test_the_margin_for_exceeding(tmp_path):
    office = "vocabulary: {exceed_margin: 5}\n"
    assert category(tmp_path / "a", 105, office=office) is Category.EARLY
    assert category(tmp_path / "b", 105.1, office=office) is Category.EXCEEDED


def test_overdue_is_far_behind(tmp_path):
    assert category(tmp_path, 98, date(2022, 12, 31)) is Category.FAR_BEHIND


MIXED = (
    od.quantity(HALF_BY_JUNE)
    + "      - {id: 1-2, name: 只监测的指标, kind: quantity, unit: 人次}\n"
    + """  - id: 2
    name: 第二个项目
    units: [乙局]
    text: 完成。
    indicators:
      - {id: 2-1, name: 第二个指标, kind: quantity, target: 100, unit: 个, milestones: [{by: 2022-06-30, value: 50}]}
  - id: 3
    name: 第三个项目
    units: [乙局]
    text: 完成。
    indicators:
      - {id: 3-1, name: 第三个指标, kind: quantity, target: 100, unit: 个, milestones: [{by: 2022-06-30, value: 50}]}
"""
)


def mixed(tmp_path: Path, office: str | None = None) -> Path:
    root = od.make(tmp_path / "d", indicators=MIXED, office=office)
    od.report(root, "2022-06", "{id: 1-1, value: 60}, {id: 1-2, value: 1234}")
    od.report(root, "2022-06", "{id: 2-1, value: 30}", unit="乙局", project=2)
    od.report(root, "2022-06", "{id: 3-1, value: 47}", unit="乙局", project=3)
    return root


def test_shares_are_over_the_level_counted_and_monitor_items_stay_out(tmp_path):
    found = categories(od.status(mixed(tmp_path), JUNE))
    assert found.indicators["1-2"] is Category.MONITOR
    projects = [(c.label, c.count, round(c.share, 1), c.names) for c in found.by_project.counts]
    assert projects == [
        ("超序时", 1, 33.3, ("数量项目",)),
        ("按序时", 1, 33.3, ("第三个项目",)),
        ("严重滞后", 1, 33.3, ("第二个项目",)),
    ]
    assert (found.by_project.measure, found.by_project.total) == ("件", 3)
    assert (found.by_indicator.measure, found.by_indicator.total, found.by_indicator.monitor) == (
        "项",
        3,
        1,
    )


def test_the_office_names_the_categories(cli, tmp_path):
    root = mixed(tmp_path, office="vocabulary: {names: {far_behind: 进度偏慢, ahead: 进展较快}}\n")
    result = cli("status", "--data", str(root), "--as-of", "2022-06-30")
    assert result.exit_code == 0, result.output
    assert (
        "按项目（共3件）：进展较快 1件，占比 33.3%；按序时 1件，占比 33.3%；进度偏慢 1件，占比 33.3%（第二个项目）。"
        in result.stdout
    )
    assert (
        "按目标任务（共3项）：" in result.stdout
        and "另有 1项持续推进（只监测，不计完成率）" in result.stdout
    )


def test_monitor_only_indicators_show_their_value_and_no_completion(cli, tmp_path):
    root = mixed(tmp_path)
    result = cli("status", "--data", str(root), "--as-of", "2022-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    project = json.loads(result.stdout)["projects"][0]
    monitor = project["indicators"][1]
    assert (monitor["actual"], monitor["completion"], monitor["ratio"], monitor["category"]) == (
        1234.0,
        None,
        None,
        "monitor",
    )
    assert project["completion"] == 60.0  # 1-1 alone
    table = cli("status", "--data", str(root), "--as-of", "2022-06-30", "--project", "1")
    assert table.exit_code == 0
    assert (
        "│ 1-2  │ 只监测的指标 │ 数量 │ 持续推进（不设目标） │ 1234人次 │      — │" in table.stdout
    )


def test_monitor_only_indicators_take_no_milestones(cli, tmp_path):
    indicators = "      - {id: 1-1, name: 只监测, kind: quantity, unit: 人次, milestones: [{by: 2022-06-30, value: 5}]}\n"
    root = od.make(tmp_path / "d", indicators=indicators)
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        "error [kind-mismatch] 指标「1-1」没有目标数（只监测、持续推进），不能写节点"
        in result.stdout
    )


# ---- the uncapped ratio ----------------------------------------------------------------------


RATIOS = """      - {id: 1-1, name: 数量, kind: quantity, target: 100, unit: 个}
      - {id: 1-2, name: 入园率, kind: threshold, target: 92, unit: "%"}
      - {id: 1-3, name: 发生率, kind: threshold, target: 10, unit: "%", comparator: "<="}
      - {id: 1-4, name: 为零, kind: threshold, target: 10, unit: "%", comparator: "<="}
      - {id: 1-5, name: 设施, kind: stage, target: 建成}
"""


def test_ratio_is_uncapped_and_defined_per_kind(cli, tmp_path):
    root = od.make(tmp_path / "d", indicators=RATIOS)
    od.report(
        root,
        "2022-06",
        "{id: 1-1, value: 139.1}, {id: 1-2, value: 88}, {id: 1-3, value: 12.5},"
        " {id: 1-4, value: 0}, {id: 1-5, stage: 建成}",
    )
    result = cli("status", "--data", str(root), "--as-of", "2022-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    found = {
        i["id"]: (i["completion"], i["ratio"])
        for i in json.loads(result.stdout)["projects"][0]["indicators"]
    }
    assert found == {
        "1-1": (100.0, 139.1),  # capped completion beside the uncapped ratio
        "1-2": (95.7, 95.7),  # 88 ÷ 92
        "1-3": (80.0, 80.0),  # ≤: 10 ÷ 12.5
        "1-4": (100.0, None),  # ≤ with a value of 0: nothing to divide
        "1-5": (100.0, None),  # stage: no ratio
    }
    assert categories(od.status(root, JUNE)).indicators["1-1"] is Category.EXCEEDED


def test_the_ratio_shows_in_the_office_view(cli, tmp_path):
    root = od.make(tmp_path / "d", indicators=RATIOS, office="colours: {preset: default}\n")
    od.report(root, "2022-06", "{id: 1-1, value: 139.1}")
    result = cli("status", "--data", str(root), "--as-of", "2022-06-30", "--project", "1")
    assert result.exit_code == 0, result.output
    assert (
        "│ 1-1  │ 数量   │ 数量 │ 100个 │ 139.1个 │ 100.0% │   139.1% │    49.5% │ ✔ 已完成   │ 超额完成 │"
        in result.stdout
    )
