"""A report counts for the period it reports on whenever it arrived; its arrival date only
decides on time or late. A report for the period still running counts once it has arrived."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA


def _submitted(data: Path, month: str, unit: str, day: str) -> None:
    path = data / "progress" / month / f"{unit}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"submitted: {day}\n" if line.startswith("submitted:") else line for line in lines]
    path.write_text("".join(lines), encoding="utf-8")


def _status(cli, data: Path, as_of: str) -> dict:
    result = cli("status", "--data", str(data), "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _project(payload: dict, pid: int) -> dict:
    return next(p for p in payload["projects"] if p["id"] == pid)


def _reports(cli, data: Path, as_of: str) -> list[dict]:
    result = cli("deadlines", "--data", str(data), "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["reports"]


def test_a_december_report_sent_in_january_counts_for_december_and_is_late(cli, data_copy):
    with_it = _project(_status(cli, data_copy, "2022-12-31"), 3)
    _submitted(data_copy, "2022-12", "县教委", "2023-01-03")
    late = _status(cli, data_copy, "2022-12-31")
    assert _project(late, 3) == with_it  # the same figures: 1.55亿元, 100.0%, done
    assert _project(late, 3)["status"] == "done"

    (record,) = [r for r in _reports(cli, data_copy, "2022-12-31") if r["unit"] == "县教委"]
    assert record == {
        "unit": "县教委",
        "month": "2022-12",
        "due": "2022-12-31",
        "submitted": "2023-01-03",
        "state": "late",
        "days_late": 3,
    }
    table = cli("status", "--data", str(data_copy), "--as-of", "2022-12-31")
    row = next(line for line in table.stdout.splitlines() if "建设重庆市城口育才中学校" in line)
    assert "100.0%" in row and "✔ 已完成" in row


def test_the_june_bulletin_written_in_july_counts_a_late_june_report(cli):
    # 县交通局 sent its June report on 5 July; June has ended on 30 June.
    at_end = _project(_status(cli, DATA, "2022-06-30"), 10)
    after = _project(_status(cli, DATA, "2022-07-05"), 10)
    assert at_end["last_report"] == "2022-06"
    assert at_end["indicators"][0]["actual"] == after["indicators"][0]["actual"] == 52.0
    (record,) = [r for r in _reports(cli, DATA, "2022-06-30") if r["month"] == "2022-06"]
    assert (record["unit"], record["state"], record["days_late"]) == ("县交通局", "late", 5)
    bulletin = cli("bulletin", "--data", str(DATA), "--period", "2022Q2")
    assert "| 县交通局 | 3 | 2 | 1 | 0 | 6月逾期5天 |" in bulletin.stdout
    assert "县交通局6月报告逾期5天报送。" in bulletin.stdout


@pytest.mark.parametrize(
    ("as_of", "counted", "state"),
    [("2022-06-15", False, "pending"), ("2022-06-20", True, "on_time")],
)
def test_a_report_for_the_running_month_counts_once_it_has_arrived(
    cli, data_copy, as_of, counted, state
):
    _submitted(data_copy, "2022-06", "县交通局", "2022-06-20")
    project = _project(_status(cli, data_copy, as_of), 10)
    assert (project["last_report"] == "2022-06") is counted
    deadlines = cli("deadlines", "--data", str(data_copy), "--as-of", as_of, "--format", "json")
    records = json.loads(deadlines.stdout)["reports"]
    assert not [r for r in records if r["unit"] == "县交通局" and r["month"] == "2022-06"]
    payload = _status(cli, data_copy, as_of)
    unit = next(u for u in payload["units"] if u["name"] == "县交通局")
    assert unit["reports"][state] >= 1


def test_a_missing_report_is_overdue_by_the_days_since_its_due_date(cli):
    (record,) = [r for r in _reports(cli, DATA, "2022-09-10") if r["state"] == "missing"]
    assert (record["unit"], record["month"], record["days_late"]) == ("县公安局", "2022-08", 10)
    table = cli("deadlines", "--data", str(DATA), "--as-of", "2022-09-10")
    assert "未报送，已逾期10天" in table.stdout


def test_check_warns_of_a_report_submitted_after_its_due_date(cli, data_copy):
    result = cli("check", "--data", str(data_copy))
    assert result.exit_code == 0
    assert (
        "data/progress/2022-06/县交通局.yaml:7:12: warning [late-report] 报送日期 2022-07-05 晚于 "
        "2022-06 月报的截止日期 2022-06-30，计为逾期报送（逾期5天）；如日期填错，请改为实际报送日期"
    ) in result.stdout.replace(str(data_copy.parent) + "/", "")
    strict = cli("check", "--data", str(data_copy), "--strict")
    assert strict.exit_code == 1


def test_a_report_submitted_on_its_due_date_is_not_warned_of(cli, data_copy):
    _submitted(data_copy, "2022-06", "县交通局", "2022-06-30")
    result = cli("check", "--data", str(data_copy), "--format", "json")
    warned = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "late-report"]
    assert "2022-06" not in {Path(p["path"]).parent.name for p in warned}
    assert len(warned) == 2  # 县残联 in October and 县商务委 in November remain late


def test_another_year_s_data_prefilled_today_still_counts(cli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    report = data / "progress" / "2022-12" / "县教委.yaml"
    report.unlink()
    assert (
        cli("new-report", "--data", str(data), "--unit", "县教委", "--month", "2022-12").exit_code
        == 0
    )
    text = report.read_text(encoding="utf-8").replace("reporter:  #", "reporter: 张三  #")
    report.write_text(text, encoding="utf-8")
    payload = _status(cli, data, "2022-12-31")
    assert _project(payload, 3)["last_report"] == "2022-12"
    (record,) = [r for r in _reports(cli, data, "2022-12-31") if r["unit"] == "县教委"]
    assert record["state"] == "late"
