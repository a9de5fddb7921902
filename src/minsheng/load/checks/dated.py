"""Checks whose answer depends on the as-of date (run on every load, never cached): dates
after the statistics date, and reports that arrived after their due date."""

from __future__ import annotations

from datetime import date

from ...dates import PeriodKind, month_start
from ...problems import Problem
from ..dataset import Dataset, report_months
from .common import at, warning_at


def check_report_dates(ds: Dataset, as_of: date) -> list[Problem]:
    """The month is a reporting month; the submission date is not before it nor after as_of."""
    problems: list[Problem] = []
    months = set(report_months(ds.plan))
    for loaded in ds.reports:
        report, doc = loaded.report, loaded.doc
        if report.month not in months:
            problems.append(
                warning_at(
                    doc, ("month",), "outside-plan", f"月份 {report.month} 不在计划的报送期内"
                )
            )
        start = ds.schedule.period_start(report.unit, report.month)
        if report.submitted < start:
            what = (
                f"报告月份 {report.month} "
                if start == month_start(report.month)
                else f"报送期（{start} 起）"
            )
            problems.append(
                at(
                    doc,
                    ("submitted",),
                    "invalid-date",
                    f"报送日期 {report.submitted} 早于{what}的开始，请检查日期",
                )
            )
        elif report.submitted > as_of:
            problems.append(
                at(
                    doc,
                    ("submitted",),
                    "invalid-date",
                    f"报送日期 {report.submitted} 晚于统计日期 {as_of}，请检查日期",
                )
            )
    return problems


def check_report_arrival(ds: Dataset, as_of: date) -> list[Problem]:
    """A report submitted after its due date is late: said once, where the date is written
    (a date after ``as_of`` is an error of :func:`check_report_dates` instead)."""
    problems: list[Problem] = []
    months = set(report_months(ds.plan))
    for loaded in ds.reports:
        report, doc = loaded.report, loaded.doc
        if report.month not in months or report.submitted > as_of:
            continue
        owed = ds.schedule.find(report.unit, report.month)
        if owed is None:
            continue  # not owed: told by check_report_periods
        due = owed.due
        if report.submitted > due:
            brief = "月报" if owed.period.kind is PeriodKind.MONTH else "季报"
            problems.append(
                warning_at(
                    doc,
                    ("submitted",),
                    "late-report",
                    f"报送日期 {report.submitted} 晚于 {report.month} {brief}的截止日期 {due}，"
                    f"计为逾期报送（逾期{(report.submitted - due).days}天）；如日期填错，请改为实际报送日期",
                )
            )
    return problems


def check_acceptance_dates(ds: Dataset, as_of: date) -> list[Problem]:
    """An acceptance is not dated after the day the data is read."""
    return [
        at(
            loaded.doc,
            ("accepted",),
            "invalid-date",
            f"验收日期 {loaded.record.accepted} 晚于统计日期 {as_of}，请检查日期",
        )
        for loaded in ds.acceptance
        if loaded.record.accepted > as_of
    ]


def check_action_dates(ds: Dataset, as_of: date) -> list[Problem]:
    """An action, its closure and an inspection are not dated after the statistics date."""
    problems = []
    for loaded in ds.actions:
        a, doc = loaded.record, loaded.doc
        for loc, day, what in (
            (("issued",), a.issued, "下发日期"),
            (("closure", "date"), a.closure.date if a.closure else None, "办结日期"),
            (("follow_up", "date"), a.follow_up.date if a.follow_up else None, "回头看日期"),
        ):
            if day is not None and day > as_of:
                problems.append(
                    at(doc, loc, "invalid-date", f"{what} {day} 晚于统计日期 {as_of}，请检查日期")
                )
    for inspection in ds.inspections:
        day = inspection.record.date
        if day > as_of:
            problems.append(
                at(
                    inspection.doc,
                    ("date",),
                    "invalid-date",
                    f"督查日期 {day} 晚于统计日期 {as_of}，请检查日期",
                )
            )
    return problems
