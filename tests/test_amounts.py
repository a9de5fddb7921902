"""Amounts, targets and milestones are worded once (``minsheng.text.amounts``) and read the
same in every output: status, deadlines, history, bulletins."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from minsheng.text import amounts
from tests.conftest import DATA
from tests.test_history import commit, edit, isolate, new_repo
from tests.test_status import MINI


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1_200_000, "平方米", "1200000平方米"),
        (1.55, "亿元", "1.55亿元"),
        (8000.0, "平方米", "8000平方米"),
        (92, "%", "92%"),
        (None, "个", "—"),
    ],
)
def test_an_amount_is_written_in_full_with_its_unit(value, unit, expected):
    assert amounts.amount(value, unit) == expected


def test_targets_read_as_the_notice_writes_them():
    assert amounts.quantity_target(1.5, "亿元", at_least=True) == "1.5亿元以上"
    assert amounts.quantity_target(1_200_000, "平方米") == "1200000平方米"
    assert amounts.threshold_target(92, "%", ">=") == "≥92%"
    assert amounts.threshold_target(10, "人", "<=") == "≤10人"
    assert amounts.trend_target("decrease", 40.2, "%") == "逐年降低（基数 40.2%）"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"day": date(2022, 6, 30), "value": 60, "unit": "公里", "cumulative": True},
            "6月底前累计完成60公里",
        ),
        ({"day": date(2022, 6, 30), "stage": "开工"}, "6月底前开工"),
        ({"day": date(2022, 9, 15), "percent": 50}, "9月15日前完成50%"),
        ({"day": date(2022, 2, 28), "value": 92, "unit": "%"}, "2月底前达到92%"),
        (
            {"day": date(2022, 9, 30), "value": 10, "unit": "%", "comparator": "<="},
            "9月底前不高于10%",
        ),
    ],
)
def test_a_milestone_says_what_is_due_by_when(kwargs, expected):
    day = kwargs.pop("day")
    assert amounts.milestone(day, **kwargs) == expected


def test_deadlines_name_a_milestone_with_its_unit(cli):
    result = cli("deadlines", "--data", str(DATA), "--as-of", "2022-06-20", "--format", "json")
    assert result.exit_code == 0, result.output
    names = [d["name"] for d in json.loads(result.stdout)["upcoming"] if d["kind"] == "milestone"]
    assert "农村公路生命安全防护工程（节点：6月底前累计完成60公里）" in names
    assert not any("节点：60）" in n for n in names)


def test_history_and_status_word_a_large_target_alike(cli, tmp_path, monkeypatch):
    isolate(monkeypatch, tmp_path)
    repo, data = new_repo(tmp_path / "repo")
    shutil.copy(MINI / "projects.yaml", data / "projects.yaml")
    shutil.copytree(MINI / "progress" / "2022-04", data / "progress" / "2022-04")
    commit(repo, "登记表", "2022-04-01T09:00:00+08:00")
    edit(data / "projects.yaml", "target: 100\n", "target: 1200000\n")
    commit(repo, "改目标", "2022-04-20T09:00:00+08:00")

    history = cli("history", "--data", str(data))
    assert history.exit_code == 0, history.output
    assert "目标 100个 → 1200000个" in history.stdout
    assert "e+" not in history.stdout

    status = cli("status", "--data", str(data), "--project", "1", "--as-of", "2022-04-30")
    assert status.exit_code == 0, status.output
    assert "1200000个" in status.stdout


def test_history_words_a_changed_milestone_with_its_unit(cli, tmp_path, monkeypatch):
    isolate(monkeypatch, tmp_path)
    repo, data = new_repo(tmp_path / "repo")
    shutil.copy(MINI / "projects.yaml", data / "projects.yaml")
    commit(repo, "登记表", "2022-04-01T09:00:00+08:00")
    edit(data / "projects.yaml", "{by: 2022-06-30, value: 40}", "{by: 2022-06-30, value: 45}")
    commit(repo, "改节点", "2022-04-20T09:00:00+08:00")

    history = cli("history", "--data", str(data), "--format", "json")
    assert history.exit_code == 0, history.output
    (change,) = [c for c in json.loads(history.stdout)["changes"] if c["field"] == "milestones"]
    assert (change["old"], change["new"]) == ("6月底前累计完成40个", "6月底前累计完成45个")


def test_no_output_formats_a_figure_with_g(tmp_path: Path):
    """The formatter is the only place that turns a figure into text with its unit."""
    source = Path(__file__).resolve().parents[1] / "src" / "minsheng"
    offenders = [
        f"{path.relative_to(source)}:{n}"
        for path in sorted(source.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ":g}" in line
    ]
    assert offenders == []
