"""Changes since the previous bulletin: which projects moved, by how much, which changed colour."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date

import pytest

from minsheng.compute.changes import Turn, by_gain, by_turn, project_changes, turn
from minsheng.compute.schedule import Status
from minsheng.compute.status import build_status, replace_report
from minsheng.load.folder import load
from minsheng.views.bulletin import Comparison
from tests.conftest import DATA
from tests.test_bulletin import FIXTURE, bulletin_of, render

D, G, Y, R = Status.DONE, Status.GREEN, Status.YELLOW, Status.RED


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (G, G, None),
        (R, R, None),
        (G, D, Turn.COMPLETED),
        (R, D, Turn.COMPLETED),
        (D, G, Turn.REOPENED),
        (D, R, Turn.REOPENED),
        (G, Y, Turn.LAGGING),
        (G, R, Turn.RED),
        (Y, R, Turn.RED),
        (R, Y, Turn.EASED),
        (Y, G, Turn.RECOVERED),
        (R, G, Turn.RECOVERED),
    ],
)
def test_turn_names_every_colour_change(before, after, expected):
    assert turn(before, after) is expected


def status_json(cli, day: str) -> dict[int, dict]:
    result = cli("status", "--data", str(DATA), "--as-of", day, "--format", "json")
    assert result.exit_code == 0
    return {p["id"]: p for p in json.loads(result.stdout)["projects"]}


def test_changes_agree_with_status_at_both_ends(cli):
    """The third quarter of the shipped (sample) data, checked against `status --format json`."""
    before, after = status_json(cli, "2022-06-30"), status_json(cli, "2022-09-30")
    ds = load(DATA, date(2023, 1, 1)).dataset
    assert ds is not None
    changes = project_changes(
        build_status(ds, date(2022, 6, 30)), build_status(ds, date(2022, 9, 30))
    )
    moved = {
        i
        for i in after
        if abs(after[i]["completion"] - before[i]["completion"]) >= 0.05
        or after[i]["status"] != before[i]["status"]
    }
    assert {c.id for c in changes} == moved
    assert len(moved) == 15  # every project reported progress in the quarter
    for c in changes:
        assert c.before is not None and c.after is not None
        assert round(c.before.completion, 1) == before[c.id]["completion"]
        assert round(c.after.completion, 1) == after[c.id]["completion"]
        assert c.delta == round(after[c.id]["completion"] - before[c.id]["completion"], 1)
        assert (c.before.status.value, c.after.status.value) == (
            before[c.id]["status"],
            after[c.id]["status"],
        )
    assert [c.id for c in changes] == list(range(1, 16))  # registry order
    gains = [c.delta for c in by_gain(changes)]
    assert gains == sorted(gains, key=lambda d: -(d or 0))
    groups = {kind: [c.id for c in found] for kind, found in by_turn(changes)}
    assert groups == {Turn.COMPLETED: [6, 7, 15], Turn.RED: [10]}


def test_quarter_bulletin_lists_the_changes(cli):
    result = cli("bulletin", "--data", str(DATA), "--period", "2022Q3")
    assert result.exit_code == 0
    text = result.stdout
    assert "### 与上季度末相比的项目变化" in text
    assert (
        "15个项目有变化，其中本期完成3件（实施街头绿地提质工程、发展普惠性学前教育、"
        "实施老年人照顾服务计划）；转为严重滞后1件（实施农村公路生命安全防护工程）。"
    ) in text
    assert (
        "| 10 | 实施农村公路生命安全防护工程 | 34.7% | 58.7% | +24.0 | 轻微滞后 → 严重滞后 |"
    ) in text
    assert "| 1 | 建成1个市民广场 | 45.0% | 76.2% | +31.2 | 正常推进 |" in text
    # biggest gain first: project 1 (+31.2) heads the table, project 9 (+2.2) ends it
    rows = re.findall(r"^\| (\d+) \| .* \| [+−]?\d+\.\d \| .* \|$", text, re.MULTILINE)
    assert rows[0] == "1"
    assert rows[14] == "9"


def test_html_bulletin_shows_the_changes_with_status_badges(cli):
    result = cli("bulletin", "--data", str(DATA), "--period", "2022Q3", "--format", "html")
    assert result.exit_code == 0
    html = result.stdout
    assert "<h3>与上季度末相比的项目变化</h3>" in html
    assert (
        '<td class="nowrap"><span class="status status-yellow">轻微滞后</span> → '
        '<span class="status status-red">严重滞后</span></td>'
    ) in html


def test_month_without_a_previous_report_has_no_change_table(cli):
    result = cli("bulletin", "--data", str(DATA), "--period", "2022-04")
    assert result.exit_code == 0
    assert "上期末尚未开始报送，本期不作比较。" in result.stdout
    assert "相比的项目变化" not in result.stdout


@pytest.mark.parametrize("kind", ["md", "html"])
def test_nothing_changed_is_said_in_words(kind):
    bulletin = bulletin_of(FIXTURE, "2022-07")
    assert bulletin.previous is not None and bulletin.previous.changes
    still = dataclasses.replace(
        bulletin, previous=Comparison(bulletin.previous.label, bulletin.previous.overview, ())
    )
    text = render(still, kind)
    assert "与上月末相比，各项目完成率和状态均无变化。" in text
    assert "变化（百分点）" not in text


def test_progress_without_a_colour_change_is_said_so():
    bulletin = bulletin_of(FIXTURE, "2022-07")
    assert bulletin.previous is not None
    same = tuple(c for c in bulletin.previous.changes if c.turn is None)
    assert same, "the fixture has projects that moved without changing colour"
    quiet = dataclasses.replace(
        bulletin, previous=Comparison(bulletin.previous.label, bulletin.previous.overview, same)
    )
    text = render(quiet, "md")
    assert f"{len(same)}个项目有进展，状态均无变化。" in text


def test_a_project_in_only_one_version_is_listed_last_without_a_delta():
    ds = load(DATA, date(2023, 1, 1)).dataset
    assert ds is not None
    full = build_status(ds, date(2022, 9, 30))
    fewer = replace_report(full, full.projects[1:], full.units, full.records)
    assert project_changes(full, full) == ()
    (removed,) = project_changes(full, fewer)
    assert (removed.id, removed.after, removed.delta, removed.turn) == (1, None, None, None)
    assert removed.before is not None and round(removed.before.completion, 1) == 76.2
    (added,) = project_changes(fewer, full)
    assert (added.id, added.before) == (1, None)
    moved = project_changes(build_status(ds, date(2022, 6, 30)), fewer)
    assert by_gain(moved)[-1].id == 1  # no delta: after every project that has one
