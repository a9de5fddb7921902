"""The escalation rules and the states of a 督办 action, pinned with dates.

The indicator is 100 个 due at year end with no milestones, so 序时进度 is linear: 32.7% at
4-30, 41.2% at 5-31, 49.5% at 6-30, 74.7% at 9-30, 83.2% at 10-31.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests import dubandata as dd

APR, MAY, JUN = date(2022, 4, 30), date(2022, 5, 31), date(2022, 6, 30)
SEP, OCT = date(2022, 9, 30), date(2022, 10, 31)


def behind_two_months(tmp_path: Path) -> Path:
    root = dd.make(tmp_path / "d")
    dd.report(root, "2022-04", 30)  # 2.7 points behind 32.7%
    dd.report(root, "2022-05", 38)  # 3.2 points behind 41.2%
    return root


def test_one_month_end_behind_suggests_a_reminder_only(tmp_path):
    root = behind_two_months(tmp_path)
    assert dd.suggested(root, APR) == ["2022-04-30-项目1-提醒"]


def test_two_consecutive_month_ends_behind_suggest_a_talk(tmp_path):
    """约谈 from the second month end behind; the gap stays under 10 points, so no 督办函."""
    root = behind_two_months(tmp_path)
    assert dd.suggested(root, MAY) == ["2022-04-30-项目1-提醒", "2022-05-31-项目1-约谈"]
    assert dd.suggested(root, date(2022, 5, 30)) == ["2022-04-30-项目1-提醒"]  # not judged yet


def test_a_suggestion_keeps_its_id_while_its_condition_holds(tmp_path):
    root = behind_two_months(tmp_path)
    dd.report(root, "2022-06", 45)  # still behind 49.5%
    assert dd.suggested(root, JUN) == [
        "2022-04-30-项目1-提醒",
        "2022-05-31-项目1-约谈",
        "2022-06-30-项目1-书面报告",
    ]


def test_a_suggestion_lapses_when_the_condition_stops(tmp_path):
    root = behind_two_months(tmp_path)
    dd.report(root, "2022-06", 50)  # caught up: 49.5% expected
    assert dd.suggested(root, JUN) == []


def test_an_action_issued_since_the_condition_began_answers_it(tmp_path):
    root = behind_two_months(tmp_path)
    dd.report(root, "2022-06", 45)
    dd.letter(root, "2022-06-02", action_name="约谈")
    assert "2022-05-31-项目1-约谈" not in dd.suggested(root, JUN)


def test_an_action_from_before_the_condition_began_does_not(tmp_path):
    """约谈 held from 5-31 (at 4-30 only one month was behind): a talk on 4-15 is older."""
    root = behind_two_months(tmp_path)
    dd.letter(root, "2022-04-15", action_name="约谈")
    assert "2022-05-31-项目1-约谈" in dd.suggested(root, MAY)


def test_an_action_naming_the_suggestion_answers_it(tmp_path):
    root = behind_two_months(tmp_path)
    dd.letter(root, "2022-05-20", action_name="提醒", more="suggestion: 2022-04-30-项目1-提醒\n")
    assert dd.suggested(root, MAY) == ["2022-05-31-项目1-约谈"]


def on_track_then_behind_at_q3(tmp_path: Path) -> Path:
    root = dd.make(tmp_path / "d")
    for month, value in (("04", 33), ("05", 42), ("06", 50), ("07", 58.4), ("08", 66.9)):
        dd.report(root, f"2022-{month}", value)
    dd.report(root, "2022-09", 74)  # 0.7 points behind 74.7%
    return root


def test_behind_at_the_end_of_the_third_quarter_suggests_public_criticism(tmp_path):
    root = on_track_then_behind_at_q3(tmp_path)
    assert dd.suggested(root, JUN) == []
    assert dd.suggested(root, SEP) == ["2022-09-30-项目1-提醒", "2022-09-30-项目1-通报批评"]


def test_a_quarter_end_suggestion_stays_until_acted_on(tmp_path):
    root = on_track_then_behind_at_q3(tmp_path)
    dd.report(root, "2022-10", 84)  # ahead again: the reminder lapses, the quarter's does not
    assert dd.suggested(root, OCT) == ["2022-09-30-项目1-通报批评"]
    dd.letter(root, "2022-10-10", action_name="通报批评")
    assert dd.suggested(root, OCT) == []


def test_not_done_at_year_end_suggests_accountability(tmp_path):
    root = on_track_then_behind_at_q3(tmp_path)
    for month, value in (("10", 84), ("11", 92), ("12", 99)):
        dd.report(root, f"2022-{month}", value)
    found = dd.suggested(root, date(2022, 12, 31))
    assert "2022-12-31-项目1-问责" in found
    dd.report(root, "2022-12", 100)
    assert "2022-12-31-项目1-问责" not in dd.suggested(root, date(2022, 12, 31))


def test_a_missing_report_suggests_a_reminder_to_the_unit(tmp_path):
    root = dd.make(tmp_path / "d")
    dd.report(root, "2022-04", 50)  # ahead until July; May's report never comes
    assert dd.suggested(root, MAY) == []  # due on 5-31: not missing yet
    assert dd.suggested(root, JUN) == ["2022-06-30-甲局-催报"]


def on_track_with_a_letter(tmp_path: Path) -> Path:
    root = dd.make(tmp_path / "d")
    dd.report(root, "2022-04", 33)
    dd.report(root, "2022-05", 42)
    dd.letter(root, "2022-06-01", deadline="2022-06-20")
    return root


def test_a_letter_unanswered_on_its_deadline_plus_one_day_is_overdue(tmp_path):
    root = on_track_with_a_letter(tmp_path)
    action = "2022-06-01-甲局-1"
    assert dd.state(root, date(2022, 6, 1), action) == "open"
    assert dd.state(root, date(2022, 6, 20), action) == "open"  # the deadline day is the unit's
    assert dd.state(root, date(2022, 6, 21), action) == "overdue"
    dd.report(
        root,
        "2022-06",
        50,
        submitted="2022-06-22",
        extra=f"duban:\n  - {{id: {action}, reply: 已整改}}\n",
    )
    assert dd.state(root, date(2022, 6, 21), action) == "overdue"  # the reply came the day after
    assert dd.state(root, date(2022, 6, 22), action) == "replied"


def test_a_letter_unanswered_by_its_deadline_suggests_an_on_site_visit(tmp_path):
    root = on_track_with_a_letter(tmp_path)
    assert dd.suggested(root, date(2022, 6, 20)) == []
    assert dd.suggested(root, date(2022, 6, 21)) == ["2022-06-21-项目1-现场督办"]


def test_a_closed_action_is_closed_from_its_closure_date(tmp_path):
    root = on_track_with_a_letter(tmp_path)
    dd.letter(
        root,
        "2022-06-01",
        deadline="2022-06-20",
        more="closure: {date: 2022-06-25, confirmed_by: 督查室, result: 已整改}\n",
    )
    action = "2022-06-01-甲局-1"
    assert dd.state(root, date(2022, 6, 24), action) == "overdue"
    assert dd.state(root, date(2022, 6, 25), action) == "closed"


def test_the_office_s_own_rule_takes_the_place_of_the_preset_s(tmp_path):
    office = "escalation:\n  preset: ladder\n  rules: [{action: 约谈, behind_periods: 3}]\n"
    root = dd.make(tmp_path / "d", office=office)
    dd.report(root, "2022-04", 30)
    dd.report(root, "2022-05", 38)
    assert dd.suggested(root, MAY) == ["2022-04-30-项目1-提醒"]


def test_without_escalation_rules_nothing_is_suggested(tmp_path):
    root = dd.make(tmp_path / "d", office="sample: false\n")
    dd.report(root, "2022-04", 30)
    dd.report(root, "2022-05", 38)
    assert dd.suggested(root, MAY) == []


def test_rules_use_the_colour_rules_colours(tmp_path):
    """督办函 on red: under the default rules red is 10 or more points behind."""
    root = dd.make(tmp_path / "d")
    dd.report(root, "2022-04", 22.6)  # 10.1 points behind
    assert "2022-04-30-项目1-督办函" in dd.suggested(root, APR)
    dd.report(root, "2022-04", 22.8)  # 9.9 behind: yellow
    assert "2022-04-30-项目1-督办函" not in dd.suggested(root, APR)


def test_an_indicator_rule_names_the_indicator(tmp_path):
    office = "escalation:\n  rules: [{action: 提醒, scope: indicator, gap_above: 0}]\n"
    root = dd.make(tmp_path / "d", office=office)
    dd.report(root, "2022-04", 30)
    assert dd.suggested(root, APR) == ["2022-04-30-指标1-1-提醒"]
