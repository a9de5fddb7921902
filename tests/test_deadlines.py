"""`minsheng deadlines`: late and missing reports, overdue work, upcoming dates, --strict."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import DATA
from tests.test_status import MINI


def deadlines_json(cli, *args: str) -> dict:
    result = cli("deadlines", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_shape(cli):
    data = deadlines_json(cli, "--data", str(MINI), "--as-of", "2022-05-31")
    assert {"as_of", "reports", "overdue", "upcoming"} <= data.keys()
    for report in data["reports"]:
        assert {"unit", "month", "due", "submitted", "state"} <= report.keys()


def test_finds_the_late_and_missing_reports_of_the_fixture(cli):
    data = deadlines_json(cli, "--data", str(MINI), "--as-of", "2022-05-31")
    assert data["reports"] == [
        {
            "unit": "乙局",
            "month": "2022-04",
            "due": "2022-04-30",
            "submitted": "2022-05-03",
            "state": "late",
            "days_late": 3,
        },
        {
            "unit": "丙局",
            "month": "2022-04",
            "due": "2022-04-30",
            "submitted": None,
            "state": "missing",
            "days_late": 31,
        },
    ]


def test_finds_the_late_and_missing_reports_of_the_sample_data(cli):
    data = deadlines_json(cli, "--data", str(DATA), "--as-of", "2022-12-31")
    found = {(r["unit"], r["month"], r["state"]) for r in data["reports"]}
    assert ("县交通局", "2022-06", "late") in found
    assert ("县公安局", "2022-08", "missing") in found
    assert all(r["state"] in ("late", "missing") for r in data["reports"])


def test_overdue_milestone_and_upcoming_items(cli, tmp_path: Path):
    data_dir = tmp_path / "data"
    shutil.copytree(MINI, data_dir)
    registry = data_dir / "projects.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("value: 40}", "value: 60}"), encoding="utf-8"
    )
    # 1-1 plans 60 by Jun 30 but stands at 50: overdue on Jul 15 ...
    data = deadlines_json(cli, "--data", str(data_dir), "--as-of", "2022-07-15")
    overdue = [d for d in data["overdue"] if d["indicator"] == "1-1"]
    assert [(d["kind"], d["due"], d["completion"], d["planned"]) for d in overdue] == [
        ("milestone", "2022-06-30", 50.0, 60.0)
    ]
    # ... and upcoming on Jun 20, within 30 days, together with the June reports.
    soon = deadlines_json(cli, "--data", str(data_dir), "--as-of", "2022-06-20", "--within", "30")
    kinds = {(d["kind"], d["indicator"], d["due"]) for d in soon["upcoming"]}
    assert ("milestone", "1-1", "2022-06-30") in kinds
    assert ("report", None, "2022-06-30") in kinds
    # With the original milestone (40) already reached, nothing is overdue.
    original = deadlines_json(cli, "--data", str(MINI), "--as-of", "2022-07-15")
    assert not [d for d in original["overdue"] if d["indicator"] == "1-1"]


def test_year_end_lists_unfinished_indicators_as_overdue(cli):
    data = deadlines_json(cli, "--data", str(DATA), "--as-of", "2022-12-31")
    overdue = {d["indicator"] for d in data["overdue"]}
    assert "10-1" in overdue  # 135 of 150 公里 in the sample data
    assert all(d["completion"] < 100 for d in data["overdue"])


def test_strict_fails_on_findings_and_passes_without(cli):
    assert cli("deadlines", "--data", str(MINI), "--as-of", "2022-05-31").exit_code == 0
    strict = cli("deadlines", "--data", str(MINI), "--as-of", "2022-05-31", "--strict")
    assert strict.exit_code == 1
    assert "未报送" in strict.stdout and "逾期报送" in strict.stdout
    clean = cli("deadlines", "--data", str(MINI), "--as-of", "2022-04-15", "--strict")
    assert clean.exit_code == 0
    assert "月报：没有未报送或逾期报送。" in clean.stdout


def test_table_names_units_and_dates(cli):
    result = cli("deadlines", "--data", str(DATA), "--as-of", "2022-12-31")
    assert result.exit_code == 0
    for text in (
        "时限检查 · 截至 2022年12月31日",
        "县公安局",
        "2022-08",
        "未报送",
        "逾期未完成",
        "农村公路生命安全防护工程",
    ):
        assert text in result.stdout, text
