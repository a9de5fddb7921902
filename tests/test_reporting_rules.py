"""The notice's reporting rule in projects.yaml: cadence, due days, streams, per-unit rules;
the office's calendar and exemptions. Which reports are owed, when, and what is late."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from minsheng.compute.compliance import report_records
from minsheng.load.reporting import due_in
from tests import officedata as od
from tests.conftest import ROOT

QUARTERLY = ROOT / "tests" / "fixtures" / "quarterly"
SECOND = """
  - id: 2
    name: 乙局项目
    units: [乙局]
    text: 完成10个。
    indicators:
      - {id: 2-1, name: 乙局指标, kind: quantity, target: 10, unit: 个}
"""


def records(root: Path, as_of: date) -> list[tuple[str, str, str, str]]:
    return [
        (r.unit, r.month, r.due.isoformat(), r.state.value)
        for r in report_records(od.dataset(root), as_of)
    ]


def test_due_in_states_each_way_a_notice_words_it():
    assert due_in("2022-06", None, None, 0) == date(2022, 6, 30)  # 每月底前
    assert due_in("2022-06", 25, None, 0) == date(2022, 6, 25)  # 每月25日前
    assert due_in("2022-02", 31, None, 0) == date(2022, 2, 28)  # a month without the 31st
    assert due_in("2022-09", None, 5, 0) == date(2022, 10, 5)  # 次月5日前
    assert due_in("2022-06", 25, None, 3) == date(2022, 6, 28)  # grace days move it


def test_monthly_before_the_25th_is_inclusive(tmp_path):
    root = od.make(
        tmp_path / "d", reporting="{first_month: 2022-04, last_month: 2022-05, due_day: 25}"
    )
    od.report(root, "2022-04", "{id: 1-1, value: 1}", submitted="2022-04-25")
    od.report(root, "2022-05", "{id: 1-1, value: 2}", submitted="2022-05-26")
    found = [r for r in records(root, date(2022, 6, 30)) if r[0] == "甲局"]
    assert found == [
        ("甲局", "2022-04", "2022-04-25", "on_time"),
        ("甲局", "2022-05", "2022-05-25", "late"),  # the 26th is after 每月25日前
    ]


def test_quarterly_reports_are_owed_once_a_quarter(cli):
    """No phantom monthly reports: 3 units × 4 quarters, each due on the 20th."""
    found = records(QUARTERLY, date(2022, 12, 31))
    assert len(found) == 12
    assert {r[1] for r in found} == {"2022-03", "2022-06", "2022-09", "2022-12"}
    assert {r[2][5:] for r in found} == {"03-20", "06-20", "09-20", "12-20"}
    result = cli("status", "--data", str(QUARTERLY), "--as-of", "2022-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["reports"] == {
        "on_time": 8,
        "late": 3,
        "missing": 1,
        "pending": 0,
    }


def test_a_quarter_is_pending_until_its_due_day_passes(tmp_path):
    found = records(QUARTERLY, date(2022, 6, 20))
    q2 = {r[0]: r[3] for r in found if r[1] == "2022-06"}
    # 县发展改革局 has no June report: still pending on the 20th itself, missing after it.
    assert q2 == {"县发展改革局": "pending", "县教育局": "on_time", "县民政局": "pending"}
    later = {r[0]: r[3] for r in records(QUARTERLY, date(2022, 6, 21)) if r[1] == "2022-06"}
    assert later["县发展改革局"] == "missing"


def test_a_report_in_a_month_that_is_not_owed_names_the_rule(cli, tmp_path):
    root = od.make(
        tmp_path / "d",
        reporting="{first_month: 2022-01, cadence: quarterly, due_day: 20, rule: 每季度末月20日前报送}",
    )
    path = od.report(root, "2022-05", "{id: 1-1, value: 1}")
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        f"{path.as_posix()}:2:8: error [not-owed] "
        "「甲局」的报送要求是「每季度末月20日前报送」，2022-05 不是它的报送期；报告放在报送期最后一个月的文件夹"
        "（应报：2022-03、2022-06、2022-09、2022-12）"
    ) in result.stdout


def test_a_due_day_before_the_period_end_counts_the_report_once_it_arrives(tmp_path):
    root = od.make(tmp_path / "d", reporting="{first_month: 2022-06, due_day: 25}")
    od.report(root, "2022-06", "{id: 1-1, value: 30}", submitted="2022-06-20")
    report = od.status(root, date(2022, 6, 22))
    assert report.projects[0].indicators[0].state.value == 30
    assert ("甲局", "2022-06", "2022-06-25", "on_time") in records(root, date(2022, 6, 22))


NATIONAL_DAY = """calendar:
  move_due_dates: true
  holidays:
    - {name: 国庆节, first: 2022-10-01, last: 2022-10-07}
  working_days: [2022-10-08, 2022-10-09]
"""


@pytest.mark.parametrize(
    ("office", "due"),
    [
        (None, "2022-10-05"),
        (NATIONAL_DAY, "2022-10-08"),  # 遇节假日顺延: Saturday the 8th is a make-up working day
        (NATIONAL_DAY.replace("move_due_dates: true", "move_due_dates: false"), "2022-10-05"),
    ],
)
def test_a_due_date_on_a_holiday_moves_to_the_next_working_day(tmp_path, office, due):
    root = od.make(
        tmp_path / "d",
        reporting="{first_month: 2022-09, last_month: 2022-09, days_after: 5}",
        office=office,
    )
    assert records(root, date(2022, 12, 31))[0][:3] == ("甲局", "2022-09", due)


def test_weekends_move_a_due_date_when_the_office_says_so(tmp_path):
    # 2022-06-25 is a Saturday: the next working day is Monday the 27th.
    root = od.make(
        tmp_path / "d",
        reporting="{first_month: 2022-06, last_month: 2022-06, due_day: 25}",
        office="calendar: {move_due_dates: true}\n",
    )
    assert records(root, date(2022, 12, 31))[0][2] == "2022-06-27"
    od.make(
        root,
        reporting="{first_month: 2022-06, last_month: 2022-06, due_day: 25}",
        office="calendar: {move_due_dates: true, weekends: false}\n",
    )
    assert records(root, date(2022, 12, 31))[0][2] == "2022-06-25"


def test_streams_sharing_a_period_end_share_the_file_and_the_earliest_due_date(tmp_path):
    rule = (
        "{first_month: 2022-04, last_month: 2022-06, streams: "
        "[{name: 季度督查报告, to: 督查室, cadence: quarterly, due_day: 20}]}"
    )
    root = od.make(tmp_path / "d", reporting=rule)
    od.report(root, "2022-06", "{id: 1-1, value: 3}", submitted="2022-06-25")
    ds = od.dataset(root)
    june = ds.schedule.find("甲局", "2022-06")
    assert june is not None and june.names == ("月度进展报告", "季度督查报告")
    assert june.start == date(2022, 4, 1)  # the quarter has begun with April
    mine = [r for r in records(root, date(2022, 7, 31)) if r[0] == "甲局"]
    assert mine == [
        ("甲局", "2022-04", "2022-04-30", "missing"),
        ("甲局", "2022-05", "2022-05-31", "missing"),
        ("甲局", "2022-06", "2022-06-20", "late"),  # the quarterly stream's 20th decides
    ]


def test_a_unit_can_have_its_own_rule(tmp_path):
    rule = (
        "{first_month: 2022-01, overrides: [{units: [乙局], cadence: quarterly, due_day: 10, "
        "rule: 乙局每季度末月10日前报送}]}"
    )
    root = od.make(tmp_path / "d", reporting=rule, more=SECOND)
    found = records(root, date(2022, 6, 30))
    assert [r[1] for r in found if r[0] == "甲局"] == [f"2022-0{m}" for m in range(1, 7)]
    assert [(r[1], r[2]) for r in found if r[0] == "乙局"] == [
        ("2022-03", "2022-03-10"),
        ("2022-06", "2022-06-10"),
    ]


def test_an_exempt_period_is_not_owed(cli, tmp_path):
    office = "exemptions:\n  - {unit: 甲局, period: 2022-05, reason: 机构改革，经县政府同意免报}\n"
    root = od.make(
        tmp_path / "d", reporting="{first_month: 2022-04, last_month: 2022-05}", office=office
    )
    od.report(root, "2022-04", "{id: 1-1, value: 3}")
    assert [r[:2] for r in records(root, date(2022, 6, 30)) if r[0] == "甲局"] == [
        ("甲局", "2022-04")
    ]
    result = cli("deadlines", "--data", str(root), "--as-of", "2022-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [(r["unit"], r["month"]) for r in json.loads(result.stdout)["reports"]] == []


def test_an_exemption_for_a_period_not_owed_is_an_error(cli, tmp_path):
    office = "exemptions:\n  - {unit: 甲局, period: 2022Q1, reason: 不需要}\n"
    root = od.make(tmp_path / "d", reporting="{first_month: 2022-04}", office=office)
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        "office.yaml:2:24: error [not-owed] 「甲局」在 2022Q1 没有应报的报告"
        "（报送要求：每月底前报送当月推进情况），无需免报"
    ) in result.stdout


def test_new_report_takes_a_quarter_where_the_cadence_is_quarterly(cli, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(QUARTERLY, data)
    (data / "progress" / "2022-06" / "县教育局.yaml").unlink()
    result = cli("new-report", "--data", str(data), "--unit", "县教育局", "--period", "2022Q2")
    assert result.exit_code == 0, result.output
    path = data / "progress" / "2022-06" / "县教育局.yaml"
    assert result.stdout == f"{path}\n"
    head = path.read_text(encoding="utf-8").splitlines()[1:3]
    assert head == [
        "# 2022年季报县重点民生实事工作目标任务 · 季度进展报告",
        "# 单位：县教育局　报送期：2022年第二季度　报送截止：2022年6月20日"
        "（各责任单位每季度末月20日前将本季度推进情况报县发展改革局）",
    ]
    assert "month: 2022-06" in path.read_text(encoding="utf-8")


def test_new_report_refuses_a_month_the_unit_does_not_owe(cli):
    result = cli("new-report", "--data", str(QUARTERLY), "--unit", "县教育局", "--month", "2022-05")
    assert result.exit_code == 2
    assert (
        "用法错误：「县教育局」的报送要求是「各责任单位每季度末月20日前将本季度推进情况报县发展改革局」，"
        "2022-05 不是它的报送期；应报：2022-03、2022-06、2022-09、2022-12"
    ) in result.stderr


def test_new_report_refuses_a_quarter_where_the_cadence_is_monthly(cli, tmp_path):
    root = od.make(tmp_path / "d")
    result = cli("new-report", "--data", str(root), "--unit", "甲局", "--period", "2022Q2")
    assert result.exit_code == 2
    assert (
        "用法错误：「甲局」的报送要求是「每月底前报送当月推进情况」，不按季度报送；请用 --month"
        in result.stderr
    )


def test_month_and_period_together_are_a_usage_error(cli):
    result = cli(
        "new-report",
        "--data",
        str(QUARTERLY),
        "--unit",
        "县教育局",
        "--month",
        "2022-06",
        "--period",
        "2022Q2",
    )
    assert result.exit_code == 2
    assert "用法错误：--month 和 --period 只能写一个" in result.stderr
