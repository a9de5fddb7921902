"""The completion and 序时进度 rules, pinned with hand-computed figures, plus properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minsheng.compute import completion as rules
from minsheng.compute.schedule import Status, expected, interpolate, linear, status

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
positive = st.floats(allow_nan=False, allow_infinity=False, min_value=1e-6, max_value=1e12)


@pytest.mark.parametrize(
    ("value", "target", "want"),
    [(4200, 8000, 52.5), (0, 8000, 0.0), (9000, 8000, 100.0), (None, 8000, 0.0), (0.75, 1.5, 50.0)],
)
def test_quantity_is_actual_over_target_capped(value, target, want):
    assert rules.quantity(value, target) == pytest.approx(want)


@pytest.mark.parametrize(
    ("value", "target", "comparator", "baseline", "want"),
    [
        (92, 92, ">=", None, 100.0),  # met exactly
        (88, 92, ">=", None, 88 / 92 * 100),  # partial toward the bar, no baseline
        (88, 92, ">=", 84, 50.0),  # halfway from the baseline 84 to the bar 92
        (80, 92, ">=", 84, 0.0),  # worse than the baseline
        (1.7, 1.8, ">=", None, 1.7 / 1.8 * 100),
        (8, 10, "<=", None, 100.0),  # "≤" met: at or under the bar
        (12.5, 10, "<=", None, 80.0),  # over the bar: target / value
        (12, 10, "<=", 14, 50.0),  # halfway down from the baseline 14 to the bar 10
        (None, 92, ">=", None, 0.0),
    ],
)
def test_threshold_met_or_partial(value, target, comparator, baseline, want):
    assert rules.threshold(value, target, comparator, baseline) == pytest.approx(want)


def test_stage_weight_toward_target():
    # Ladder 未启动 0, 已启动 20, 建成 90, 投用 100.
    assert rules.stage(20, 20) == 100.0  # reaching 启动 completes a 启动 target
    assert rules.stage(20, 90) == pytest.approx(22.2222, rel=1e-4)
    assert rules.stage(90, 100) == 90.0  # 建成 of a 投用 target
    assert rules.stage(100, 90) == 100.0
    assert rules.stage(None, 90) == 0.0


@pytest.mark.parametrize(
    ("value", "baseline", "direction", "want"),
    [
        (12.1, 12.8, "decrease", 100.0),
        (12.8, 12.8, "decrease", 0.0),
        (13, 12, "increase", 100.0),
        (None, 12, "decrease", 0.0),
        (11, None, "decrease", 0.0),
    ],
)
def test_trend_met_or_not(value, baseline, direction, want):
    assert rules.trend(value, baseline, direction) == want


def test_qualitative_prefers_the_reviewer_and_divides_by_the_pass_mark():
    assert rules.qualitative(81, 72, 90) == (90.0, "review")
    assert rules.qualitative(None, 72, 90) == (80.0, "self")
    assert rules.qualitative(95, None, 90) == (100.0, "review")
    assert rules.qualitative(None, None, 90) == (0.0, None)


def test_weighted_mean():
    assert rules.weighted_mean([(100, 1), (50, 1)]) == 75
    assert rules.weighted_mean([(100, 3), (0, 1)]) == 75
    assert rules.weighted_mean([]) == 0


def test_linear_expected_progress():
    start, due = date(2022, 1, 1), date(2022, 12, 31)
    assert linear(start, due, date(2022, 1, 1)) == 0
    assert linear(start, due, date(2022, 7, 2)) == pytest.approx(182 / 364 * 100)
    assert linear(start, due, date(2022, 12, 31)) == 100
    assert linear(start, due, date(2023, 3, 1)) == 100


def test_expected_interpolates_between_milestones():
    start, due = date(2022, 1, 1), date(2022, 12, 31)
    milestones = [(date(2022, 6, 30), 37.5), (date(2022, 9, 30), 75.0)]
    # Jan 1 → Jun 30 is 180 days; May 31 is day 150: 37.5 × 150/180.
    assert expected(start, due, date(2022, 5, 31), milestones) == pytest.approx(31.25)
    assert expected(start, due, date(2022, 6, 30), milestones) == pytest.approx(37.5)
    # Jun 30 → Sep 30 is 92 days; Aug 15 is day 46: halfway from 37.5 to 75.
    assert expected(start, due, date(2022, 8, 15), milestones) == pytest.approx(56.25)
    # Sep 30 → Dec 31 is 92 days; Nov 15 is day 46: halfway from 75 to 100.
    assert expected(start, due, date(2022, 11, 15), milestones) == pytest.approx(87.5)


def test_expected_at_due_schedule_is_all_or_nothing():
    start, due = date(2022, 1, 1), date(2022, 12, 31)
    assert expected(start, due, date(2022, 12, 30), schedule="due") == 0
    assert expected(start, due, date(2022, 12, 31), schedule="due") == 100


@pytest.mark.parametrize(
    ("done", "plan", "overdue", "want"),
    [
        (100, 50, False, Status.DONE),
        (60, 50, False, Status.GREEN),
        (50, 50, False, Status.GREEN),
        (41, 50, False, Status.YELLOW),  # 9 points behind: less than the threshold 10
        (40, 50, False, Status.RED),  # 10 points behind
        (95, 90, True, Status.RED),  # past due and unfinished
    ],
)
def test_status_colours(done, plan, overdue, want):
    assert status(done, plan, 10, overdue) is want


@given(value=st.none() | finite, target=positive)
def test_quantity_always_within_bounds(value, target):
    assert 0 <= rules.quantity(value, target) <= 100


@given(a=finite, b=finite, target=positive)
def test_quantity_is_monotone_in_the_actual_value(a, b, target):
    low, high = sorted((a, b))
    assert rules.quantity(low, target) <= rules.quantity(high, target)


@given(
    value=st.none() | finite,
    target=finite,
    comparator=st.sampled_from([">=", "<="]),
    baseline=st.none() | finite,
)
def test_threshold_always_within_bounds(value, target, comparator, baseline):
    assert 0 <= rules.threshold(value, target, comparator, baseline) <= 100


@given(reached=st.none() | st.floats(0, 100), target=st.floats(0, 100))
def test_stage_always_within_bounds(reached, target):
    assert 0 <= rules.stage(reached, target) <= 100


@given(review=st.none() | finite, self_assessment=st.none() | finite, mark=positive)
def test_qualitative_always_within_bounds(review, self_assessment, mark):
    assert 0 <= rules.qualitative(review, self_assessment, mark)[0] <= 100


@given(
    points=st.lists(
        st.tuples(st.dates(date(2022, 1, 2), date(2022, 12, 30)), st.floats(0, 100)), max_size=6
    ),
    day=st.dates(date(2021, 1, 1), date(2023, 12, 31)),
    schedule=st.sampled_from(["linear", "due"]),
)
def test_expected_always_within_bounds(points, day, schedule):
    value = expected(date(2022, 1, 1), date(2022, 12, 31), day, points, schedule)
    assert 0 <= value <= 100


def test_interpolate_is_flat_outside_the_points():
    points = [(date(2022, 3, 1), 10.0), (date(2022, 4, 1), 20.0)]
    assert interpolate(points, date(2022, 1, 1)) == 10
    assert interpolate(points, date(2022, 5, 1)) == 20
