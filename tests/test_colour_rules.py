"""Warning colours from office.yaml: presets and rules pinned at their edges, by hand.

Indicator 1-1 has target 100, so the reported value is the completion; a milestone makes
序时进度 exact on its date (50 on 2022-06-30 means 50.0%).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from minsheng.compute.recolour import colour_history
from minsheng.compute.status import StatusReport, build_status
from minsheng.load.folder import load
from tests import officedata as od

JUNE = date(2022, 6, 30)
HALF_BY_JUNE = "[{by: 2022-06-30, value: 50}]"


def at_june(tmp_path: Path, value: float, office: str | None) -> str:
    root = od.make(tmp_path / "d", milestones=HALF_BY_JUNE, office=office)
    od.values(root, **{"2022-06": value})
    return od.colour(root, JUNE)


# ---- the band rule: green < 10, yellow 10–30 inclusive, red > 30 ---------------------------


@pytest.mark.parametrize(
    ("value", "behind", "expected"),
    [(40.1, 9.9, "green"), (40, 10, "yellow"), (20, 30, "yellow"), (19.9, 30.1, "red")],
)
def test_band_preset_at_its_edges(tmp_path, value, behind, expected):
    assert round(50 - value, 1) == behind
    assert at_june(tmp_path, value, "colours: {preset: bands}\n") == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(50, "green"), (40.1, "yellow"), (40, "red"), (19.9, "red")]
)
def test_default_preset_is_todays_rule(tmp_path, value, expected):
    """Green at or ahead, yellow behind by less than thresholds.behind (10), else red."""
    assert at_june(tmp_path / "a", value, None) == expected
    assert at_june(tmp_path / "b", value, "colours: {preset: default}\n") == expected


def test_gaps_are_compared_as_shown(tmp_path):
    """40.04 is 9.96 behind, shown as 10.0: the band rule sees 10 (yellow), not 9.96."""
    assert at_june(tmp_path, 40.04, "colours: {preset: bands}\n") == "yellow"


# ---- absolute completion, with a time condition ------------------------------------------


UNDER_30_FROM_JULY = """colours:
  preset: none
  rules:
    - {colour: red, completion_below: 30, since: 2022-07-01}
    - {colour: green}
"""


@pytest.mark.parametrize(
    ("value", "day", "expected"),
    [
        (29.9, date(2022, 6, 30), "green"),  # the rule is not in force before July
        (29.9, date(2022, 7, 31), "red"),
        (30, date(2022, 7, 31), "green"),
    ],
)
def test_completion_under_30_percent_is_red_from_its_date(tmp_path, value, day, expected):
    root = od.make(tmp_path / "d", office=UNDER_30_FROM_JULY)
    od.values(root, **{"2022-06": value})
    assert od.colour(root, day) == expected


def test_a_rule_can_wait_until_schedule_reaches_a_level(tmp_path):
    office = """colours:
  preset: none
  rules:
    - {colour: red, completion_below: 30, expected_at_least: 50}
    - {colour: green}
"""
    root = od.make(tmp_path / "d", milestones=HALF_BY_JUNE, office=office)
    od.values(root, **{"2022-06": 29.9})
    report = od.status(root, date(2022, 6, 29))  # 序时进度 179/180 × 50 = 49.7
    assert round(report.projects[0].indicators[0].expected, 1) == 49.7
    assert od.colour(root, date(2022, 6, 29)) == "green"
    assert od.colour(root, JUNE) == "red"


# ---- counters ----------------------------------------------------------------------------


MONTHLY_NODES = "[{by: 2022-04-30, value: 10}, {by: 2022-05-31, value: 20}, {by: 2022-06-30, value: 30}, {by: 2022-07-31, value: 40}]"
THREE_BEHIND = """colours:
  preset: bands
  rules:
    - {colour: red, behind_periods: 3, name: 连续3个月滞后}
"""


def behind_two_points_each_month(tmp_path: Path) -> Path:
    root = od.make(
        tmp_path / "d",
        milestones=MONTHLY_NODES,
        reporting="{first_month: 2022-04}",
        office=THREE_BEHIND,
    )
    od.values(root, **{"2022-04": 8, "2022-05": 18, "2022-06": 28})
    return root


def test_the_third_consecutive_month_behind_turns_red(tmp_path):
    root = behind_two_points_each_month(tmp_path)
    assert od.colour(root, date(2022, 4, 30)) == "green"  # 2 behind: the band says green
    assert od.colour(root, date(2022, 5, 31)) == "green"  # two months
    assert od.colour(root, date(2022, 6, 15)) == "green"  # still two whole months
    assert od.colour(root, date(2022, 6, 30)) == "red"  # the third
    history = colour_history(od.status(root, JUNE))
    assert [p.key for p in history.periods] == ["2022-04", "2022-05", "2022-06"]
    assert [c.value for c in history.indicators["1-1"]] == ["green", "green", "red"]


def test_catching_up_ends_the_run(tmp_path):
    root = behind_two_points_each_month(tmp_path)
    od.values(root, **{"2022-07": 45})  # node 40: ahead
    assert od.colour(root, date(2022, 7, 31)) == "green"


NOT_STARTED = """      - id: 1-1
        name: 设施
        kind: stage
        target: 投用
        milestones: [{by: 2022-03-31, stage: 开工}]
"""


@pytest.mark.parametrize(
    ("day", "stage", "expected"),
    [
        (date(2022, 6, 29), "未启动", "green"),
        (date(2022, 6, 30), "未启动", "red"),  # 3 months after the planned start of Mar 31
        (date(2022, 6, 30), "开工", "green"),
    ],
)
def test_three_months_past_the_planned_start_without_starting(tmp_path, day, stage, expected):
    office = """colours:
  preset: none
  rules:
    - {colour: red, not_started_months: 3, name: 连续3个月未开工}
    - {colour: green}
"""
    root = od.make(tmp_path / "d", indicators=NOT_STARTED, office=office)
    od.report(root, "2022-04", f"{{id: 1-1, stage: {stage}}}")
    assert od.colour(root, day) == expected


def test_a_justified_delay_is_exempt_while_it_lasts(tmp_path):
    office = """colours:
  preset: bands
  rules:
    - {colour: green, justified: true, name: 有正当理由}
justified:
  - {indicator: 1-1, since: 2022-06-01, until: 2022-07-31, reason: 汛期停工, approved: 县政府同意}
"""
    root = od.make(tmp_path / "d", milestones=HALF_BY_JUNE, office=office)
    od.values(root, **{"2022-06": 19.9, "2022-08": 19.9})
    assert od.colour(root, JUNE) == "green"  # 30.1 behind, but excused
    assert od.colour(root, date(2022, 8, 31)) == "red"  # the exemption ended on Jul 31


# ---- monthly re-colouring ----------------------------------------------------------------


def test_a_month_made_up_later_turns_yellow(tmp_path):
    root = od.make(
        tmp_path / "d",
        milestones=MONTHLY_NODES,
        reporting="{first_month: 2022-04}",
        office="colours: {preset: monthly}\n",
    )
    od.values(root, **{"2022-04": 8})
    history = colour_history(od.status(root, date(2022, 4, 30)))
    assert [c.value for c in history.indicators["1-1"]] == ["red"]  # node 10 not met
    od.values(root, **{"2022-05": 25, "2022-06": 28})
    history = colour_history(od.status(root, date(2022, 5, 31)))
    assert [c.value for c in history.indicators["1-1"]] == ["yellow", "green"]  # April made up
    history = colour_history(od.status(root, JUNE))
    assert [c.value for c in history.indicators["1-1"]] == ["yellow", "green", "red"]
    assert od.colour(root, JUNE) == "red"  # June's node (30) not met at its end
    od.values(root, **{"2022-07": 35})  # 35 ≥ 30: June made up; July's node (40) not met
    history = colour_history(od.status(root, date(2022, 7, 31)))
    assert [c.value for c in history.indicators["1-1"]] == ["yellow", "green", "yellow", "red"]


# ---- five colours with acceptance ----------------------------------------------------------


FIVE = "colours: {preset: five_colour}\nacceptance: true\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(40.1, "green"), (30.1, "yellow"), (30, "orange"), (20, "orange"), (19.9, "red")],
)
def test_five_colour_bands(tmp_path, value, expected):
    """Green < 10 behind, yellow 10–20, orange 20–30 inclusive, red beyond 30."""
    assert at_june(tmp_path, value, FIVE) == expected


def accept(root: Path, accepted: str = "2022-06-30") -> None:
    folder = root / "duban" / "acceptance"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2022-06-30-项目1.yaml").write_text(
        f"project: 1\nindicator: 1-1\naccepted: {accepted}\naccepted_by: 县发展改革委\n"
        "document: 规则县验〔2022〕1号\nclosed: 2022-07-05\n",
        encoding="utf-8",
    )


def test_done_and_accepted_is_blue_done_alone_awaits_acceptance(tmp_path):
    root = od.make(tmp_path / "d", milestones=HALF_BY_JUNE, office=FIVE)
    od.values(root, **{"2022-06": 100})
    report = od.status(root, JUNE)
    assert report.projects[0].indicators[0].status == "done"
    assert report.palette.name("done") == "已完成（待验收）"
    accept(root)
    report = od.status(root, JUNE)
    assert report.projects[0].indicators[0].status == "blue"
    assert report.projects[0].status == "blue"  # every indicator accepted
    assert report.overall.counts == {
        "blue": 1,
        "done": 0,
        "green": 0,
        "yellow": 0,
        "orange": 0,
        "red": 0,
    }
    assert report.overall.done == 1  # accepted counts as completed
    assert od.colour(root, date(2022, 6, 29)) != "blue"  # not yet accepted that day


def test_acceptance_counts_only_where_the_office_enables_it(tmp_path):
    root = od.make(
        tmp_path / "d", milestones=HALF_BY_JUNE, office="colours: {preset: five_colour}\n"
    )
    od.values(root, **{"2022-06": 100})
    accept(root)
    report = od.status(root, JUNE)
    assert report.projects[0].indicators[0].status == "done"
    assert report.palette.name("done") == "已完成"  # no 待验收 without acceptance


def test_enabling_acceptance_adds_blue_to_any_preset(tmp_path):
    root = od.make(tmp_path / "d", milestones=HALF_BY_JUNE, office="acceptance: true\n")
    od.values(root, **{"2022-06": 100})
    accept(root)
    report = od.status(root, JUNE)
    assert report.projects[0].indicators[0].status == "blue"
    assert report.palette.keys == ("blue", "done", "green", "yellow", "red")
    assert report.palette.name("blue") == "已验收"


# ---- aggregation ---------------------------------------------------------------------------


TWO = (
    od.quantity(HALF_BY_JUNE)
    + """      - id: 1-2
        name: 第二个指标
        kind: quantity
        target: 100
        unit: 个
        milestones: [{by: 2022-06-30, value: 50}]
"""
)


@pytest.mark.parametrize(
    ("office", "project"),
    [
        (None, "yellow"),  # today's: one red indicator keeps its project at least yellow
        ("colours: {preset: bands}\n", "yellow"),
        ("colours: {preset: bands, aggregate: {mode: worst}}\n", "red"),
        ("colours: {preset: bands, aggregate: {floor: {}}}\n", "green"),
    ],
)
def test_project_colour_follows_the_rule_sets_aggregation(tmp_path, office, project):
    root = od.make(tmp_path / "d", indicators=TWO, office=office)
    od.report(root, "2022-06", "{id: 1-1, value: 19.9}, {id: 1-2, value: 100}")
    report = od.status(root, JUNE)
    # The project: (19.9 + 100) / 2 = 59.95 against 50 — ahead; 1-1 is 30.1 behind.
    assert [r.status for r in report.projects[0].indicators] == ["red", "done"]
    assert report.projects[0].status == project
    assert next(u for u in report.units if u.name == "甲局").status == project


# ---- the default preset is today's behaviour -----------------------------------------------


def signature(report: StatusReport) -> object:
    return (
        [
            (
                p.project.id,
                p.status,
                [(r.ref.id, r.status, [i.status for i in r.items]) for r in p.indicators],
            )
            for p in report.projects
        ],
        [(u.name, u.status) for u in report.units],
        (report.overall.done, report.overall.green, report.overall.yellow, report.overall.red),
    )


def test_the_default_preset_colours_the_shipped_data_exactly_as_without_office(data_copy):
    plain = load(data_copy, date(2023, 1, 1)).dataset
    (data_copy / "office.yaml").write_text("colours: {preset: default}\n", encoding="utf-8")
    ruled = load(data_copy, date(2023, 1, 1)).dataset
    assert plain is not None and ruled is not None and ruled.office is not None
    day = date(2022, 1, 1)
    while day <= date(2022, 12, 31):
        assert signature(build_status(plain, day)) == signature(build_status(ruled, day)), day
        day += timedelta(days=5)


def test_colour_history_ends_with_the_current_colour_at_a_period_end(data_copy):
    (data_copy / "office.yaml").write_text("colours: {preset: bands}\n", encoding="utf-8")
    ds = load(data_copy, date(2023, 1, 1)).dataset
    assert ds is not None
    report = build_status(ds, date(2022, 9, 30))
    history = colour_history(report)
    assert history.periods[-1].key == "2022-09"
    for p in report.projects:
        assert history.projects[p.project.id][-1] == p.status
        for r in p.indicators:
            assert history.indicators[r.ref.id][-1] == r.status


def test_json_carries_the_colour_history_of_a_project(cli, tmp_path):
    root = behind_two_points_each_month(tmp_path)
    result = cli(
        "status", "--data", str(root), "--as-of", "2022-06-30", "--project", "1", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    project = json.loads(result.stdout)["projects"][0]
    assert project["colours"] == {"2022-04": "green", "2022-05": "green", "2022-06": "red"}
    assert list(project["indicators"][0]["colours"].values()) == ["green", "green", "red"]
