"""预计完成 and 逾期风险: the unit's own forecast wins, else a straight line through the last
three reported values, carried to the due date (2022-12-31 here)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from minsheng.compute.forecast import Forecast, forecast_of, line
from tests import officedata as od

JUNE = date(2022, 6, 30)


def forecast(root: Path, day: date = JUNE, indicator: str = "1-1") -> Forecast | None:
    report = od.status(root, day)
    result = next(r for p in report.projects for r in p.indicators if r.ref.id == indicator)
    return forecast_of(report.dataset, result, report.timeline)


def test_least_squares_line():
    assert line([(0, 1.0), (2, 5.0)]) == (2.0, 1.0)
    assert line([(0, 0.0), (1, 1.0), (2, 5.0)]) == pytest.approx((2.5, -0.5))


def test_two_values_give_a_line_to_the_due_date(tmp_path):
    root = od.make(tmp_path / "d")
    od.values(root, **{"2022-05": 20, "2022-06": 30})
    f = forecast(root)
    assert f is not None and f.basis == "trend"
    # 10 in the 30 days from May 31 to Jun 30; Dec 31 is 184 days on: 30 + 184/3.
    assert f.value == pytest.approx(30 + 184 / 3)
    assert f.risk is True  # 91.3 < 100
    assert f.done_by == date(2023, 1, 26)  # 70 more at 1/3 a day: 210 days after Jun 30


def test_only_the_last_three_values_count(tmp_path):
    root = od.make(tmp_path / "d")
    # 0.5 a day from Apr 30 (31 days to May 31, 30 to Jun 30); March's 0 would bend the line.
    od.values(root, **{"2022-03": 0, "2022-04": 10, "2022-05": 25.5, "2022-06": 40.5})
    f = forecast(root)
    assert f is not None
    assert f.value == pytest.approx(40.5 + 184 * 0.5)
    assert f.risk is False
    assert f.done_by == date(2022, 10, 27)  # 59.5 more at 0.5 a day: 119 days after Jun 30


def test_one_value_is_not_a_trend(tmp_path):
    root = od.make(tmp_path / "d")
    od.values(root, **{"2022-06": 30})
    assert forecast(root) is None


@pytest.mark.parametrize(
    ("extra", "risk", "done_by"),
    [
        ("expected_done: 2022-11-30", False, date(2022, 11, 30)),
        ("expected_done: 2023-01-15", True, date(2023, 1, 15)),
        ("forecast: {value: 100, by: 2022-12-20}", False, date(2022, 12, 20)),
        ("forecast: {value: 90, by: 2022-12-31}", True, None),
        ("forecast: {value: 100, by: 2023-01-10}", True, date(2023, 1, 10)),
    ],
)
def test_the_units_own_forecast_wins(tmp_path, extra, risk, done_by):
    root = od.make(tmp_path / "d")
    od.values(root, **{"2022-05": 20})
    od.report(root, "2022-06", f"{{id: 1-1, value: 30, {extra}}}")
    f = forecast(root)
    assert f is not None and f.basis == "report"
    assert (f.risk, f.done_by) == (risk, done_by)


def test_a_stage_forecast(tmp_path):
    indicators = "      - {id: 1-1, name: 设施, kind: stage, target: 建成}\n"
    root = od.make(tmp_path / "d", indicators=indicators)
    od.report(root, "2022-06", "{id: 1-1, stage: 开工, forecast: {stage: 建成, by: 2022-12-01}}")
    f = forecast(root)
    assert f is not None and (f.risk, f.done_by, f.stage) == (False, date(2022, 12, 1), "建成")


def test_a_threshold_that_must_fall(tmp_path):
    indicators = '      - {id: 1-1, name: 发生率, kind: threshold, target: 10, unit: "%", comparator: "<="}\n'
    root = od.make(tmp_path / "d", indicators=indicators)
    od.values(root, **{"2022-05": 16, "2022-06": 15})  # −1 a month: about 9 by Dec 31
    f = forecast(root)
    assert f is not None and f.risk is False and f.value == pytest.approx(15 - 184 / 30)


def test_a_forecast_must_fit_the_kind(cli, tmp_path):
    indicators = "      - {id: 1-1, name: 设施, kind: stage, target: 建成}\n"
    root = od.make(tmp_path / "d", indicators=indicators)
    path = od.report(
        root, "2022-06", "{id: 1-1, stage: 开工, forecast: {value: 3, by: 2022-12-01}}"
    )
    result = cli("check", "--data", str(root), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        f"{path.as_posix()}:7:57: error [kind-mismatch] 指标「1-1」是阶段类指标；只有数量、达标类的预计可以写 value"
        in result.stdout
    )


def test_deadlines_list_the_items_at_risk(cli, tmp_path):
    root = od.make(tmp_path / "d")
    od.values(root, **{"2022-05": 20, "2022-06": 30})
    result = cli("deadlines", "--data", str(root), "--as-of", "2022-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["at_risk"] == [
        {
            "project": 1,
            "indicator": "1-1",
            "name": "数量指标",
            "units": ["甲局"],
            "due": "2022-12-31",
            "completion": 30.0,
            "basis": "trend",
            "forecast": 91.33,
            "stage": None,
            "by": None,
            "expected_done": "2023-01-26",
        }
    ]
    plain = cli("deadlines", "--data", str(root), "--as-of", "2022-06-30")
    assert "逾期风险" not in plain.stdout  # the table shows it under an office's rules
    (root / "office.yaml").write_text("colours: {preset: default}\n", encoding="utf-8")
    ruled = cli("deadlines", "--data", str(root), "--as-of", "2022-06-30")
    assert ruled.exit_code == 0
    assert "有逾期风险的事项" in ruled.stdout
    assert "到期预计完成91.33个，预计2023年1月26日完成" in ruled.stdout
