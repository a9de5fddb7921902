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


def test_quarter_bulletin_tells_the_changes_and_lists_them_in_an_attachment(cli):
    result = cli("bulletin", "--data", str(DATA), "--period", "2022Q3")
    assert result.exit_code == 0
    text = result.stdout
    assert (
        "与上季度末相比，总体完成率提高19.4个百分点，已完成项目增加3件，滞后项目无变化。"
        "本期新完成3件（实施街头绿地提质工程（第六项）、发展普惠性学前教育（第七项）、"
        "实施老年人照顾服务计划（第十五项））。"
    ) in text
    assert "　　　4．与上季度末相比的变化情况" in text  # 附件说明
    table = text[text.index("## 附件4　与上季度末相比的变化情况") :]
    assert "| 10 | 实施农村公路生命安全防护工程 | 34.7% | 58.7% | +24.0 | 滞后→严重滞后 |" in table
    assert "| 1 | 建成1个市民广场 | 45.0% | 76.2% | +31.2 | 超序时→按序时 |" in table
    # biggest gain first: project 1 (+31.2) heads the table, project 9 (+2.2) ends it
    rows = re.findall(r"^\| (\d+) \| .* \| [+−]?\d+\.\d \| .* \|$", table, re.MULTILINE)
    assert rows[0] == "1"
    assert rows[14] == "9"


def test_html_bulletin_has_the_changes_table_as_an_attachment(cli):
    result = cli("bulletin", "--data", str(DATA), "--period", "2022Q3", "--format", "html")
    assert result.exit_code == 0
    html = result.stdout
    assert '<h2 class="attachment-title">与上季度末相比的变化情况</h2>' in html
    assert "<td>滞后→严重滞后</td>" in html


def test_month_without_a_previous_report_compares_nothing(cli):
    result = cli("bulletin", "--data", str(DATA), "--period", "2022-04")
    assert result.exit_code == 0
    assert "相比" not in result.stdout


@pytest.mark.parametrize("kind", ["md", "html"])
def test_nothing_changed_is_said_in_words(kind):
    bulletin = bulletin_of(FIXTURE, "2022-07")
    assert bulletin.previous is not None and bulletin.previous.changes
    still = dataclasses.replace(
        bulletin,
        previous=dataclasses.replace(bulletin.previous, changes=(), lagging_in=(), lagging_out=()),
    )
    text = render(still, kind)
    assert "各项目完成率和进度情况均无变化。" in text
    assert "变化（百分点）" not in text


def test_progress_without_a_change_of_category_is_said_so():
    bulletin = bulletin_of(FIXTURE, "2022-07")
    assert bulletin.previous is not None and bulletin.found is not None
    quiet = dataclasses.replace(
        bulletin,
        previous=dataclasses.replace(bulletin.previous, lagging_in=(), lagging_out=()),
        found=dataclasses.replace(bulletin.found, projects={}),
    )
    moved = len(bulletin.previous.changes)
    assert moved, "the fixture has projects that moved"
    assert f"{moved}个项目有进展，进度情况均无变化。" in render(quiet, "md")


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
