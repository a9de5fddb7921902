"""Which reports each unit owes and when each is due (报送要求).

The rule is the notice's, in ``plan.reporting``: a cadence (monthly or quarterly), a due
day (the last day of the period unless ``due_day`` or ``days_after`` says otherwise, moved
by ``grace_days``), further ``streams`` and per-unit ``overrides``. The office's calendar
(office.yaml) moves a due date that falls on a non-working day when it says so, and its
exemptions excuse a unit from one period.

A unit owes one report per period end, filed at ``progress/<the period's last month>/``;
streams that end in the same month share that file, and the earliest due date decides
whether it was on time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from ..dates import Period, PeriodKind, month_end, parse_period, period_months, period_of
from ..models import Plan
from ..models.office import Calendar, Office
from ..records import frozen

NAMES = {"monthly": "月度进展报告", "quarterly": "季度进展报告"}
SHORT_NAMES = {"monthly": "月度报告", "quarterly": "季度报告"}
CADENCE_WORDS = {"monthly": "每月", "quarterly": "每季度"}


@frozen
class Stream:
    """One reporting requirement as it applies to a unit."""

    name: str
    cadence: str
    due_day: int | None
    days_after: int | None
    grace_days: int
    rule: str


@frozen
class Owed:
    """One report a unit owes: its folder month, its period, when it is due and why."""

    unit: str
    month: str  # the period's last month: progress/<month>/<unit>.yaml
    period: Period
    start: date  # the earliest start of the periods ending in this month
    due: date
    names: tuple[str, ...]
    rules: tuple[str, ...]
    exempt: str | None = None

    @property
    def label(self) -> str:
        """ "2022年6月", "2022年第二季度"."""
        return self.period.full_label

    @property
    def short_label(self) -> str:
        """ "6月", "第二季度"."""
        return self.period.label


def due_in(month: str, due_day: int | None, days_after: int | None, grace_days: int) -> date:
    """The due date of the report filed in ``month`` (the last month of its period)."""
    end = month_end(month)
    if due_day is not None:
        base = end.replace(day=min(due_day, end.day))
    elif days_after is not None:
        base = end + timedelta(days=days_after)
    else:
        base = end
    return base + timedelta(days=grace_days)


def folder_of(text: str) -> str | None:
    """The folder month of a period written YYYY-MM or YYYYQn; None when it is neither."""
    try:
        period = parse_period(text)
    except ValueError:
        return None
    if period.kind not in (PeriodKind.MONTH, PeriodKind.QUARTER):
        return None
    return period.end.strftime("%Y-%m")


class WorkingDays:
    """The office's calendar: which days are not working days (放假, weekends)."""

    def __init__(self, cal: Calendar | None) -> None:
        self.moves = cal is not None and cal.move_due_dates
        self.weekends = cal.weekends if cal is not None else True
        self.off: set[date] = set()
        self.on: set[date] = set(cal.working_days) if cal is not None else set()
        for holiday in cal.holidays if cal is not None else ():
            day, last = holiday.first, holiday.last or holiday.first
            while day <= last:
                self.off.add(day)
                day += timedelta(days=1)

    def is_off(self, day: date) -> bool:
        if day in self.on:
            return False
        return day in self.off or (self.weekends and day.weekday() >= 5)

    def move(self, day: date) -> date:
        """遇节假日顺延: the next working day when the office moves due dates, else ``day``."""
        if not self.moves:
            return day
        for _ in range(366):  # a year of days off is a data error, never a hang
            if not self.is_off(day):
                break
            day += timedelta(days=1)
        return day


def main_stream(plan: Plan, office: Office | None, unit: str | None = None) -> Stream:
    """The notice's main rule, as it applies to ``unit`` (its override, if any)."""
    r = plan.reporting
    cadence, due_day, days_after, grace, rule = (
        r.cadence,
        r.due_day,
        r.days_after,
        r.grace_days,
        r.rule,
    )
    for override in r.overrides:
        if unit is not None and unit in override.units:
            cadence = override.cadence or cadence
            if override.due_day is not None or override.days_after is not None:
                due_day, days_after = override.due_day, override.days_after
            grace = grace if override.grace_days is None else override.grace_days
            rule = override.rule or rule
            break
    words = office.words if office is not None else None
    name = (words.report if words is not None else None) or NAMES[cadence]
    return Stream(name, cadence, due_day, days_after, grace, rule)


class Schedule:
    """The reports every responsible unit owes over the plan's reporting window."""

    def __init__(self, plan: Plan, units: Sequence[str], office: Office | None) -> None:
        self.plan = plan
        self.office = office
        self.units = tuple(units)
        self.first = plan.reporting.first_month
        self.last = plan.reporting.last_month or f"{plan.year}-12"
        self.calendar = WorkingDays(office.calendar if office is not None else None)
        self._owed: dict[str, list[Owed]] = {}
        self._exempt = {
            (e.unit, folder_of(e.period)): e.reason
            for e in (office.exemptions if office is not None else ())
        }

    def streams(self, unit: str) -> list[Stream]:
        found = [main_stream(self.plan, self.office, unit)]
        for s in self.plan.reporting.streams:
            if not s.units or unit in s.units:
                rule = s.rule or f"{CADENCE_WORDS[s.cadence]}报送{s.name}"
                found.append(Stream(s.name, s.cadence, s.due_day, s.days_after, s.grace_days, rule))
        return found

    def owed(self, unit: str) -> list[Owed]:
        """Every report ``unit`` owes, in month order (one per period end)."""
        if unit not in self._owed:
            self._owed[unit] = list(self._build(unit))
        return self._owed[unit]

    def _build(self, unit: str) -> Iterable[Owed]:
        by_month: dict[str, list[Stream]] = {}
        for stream in self.streams(unit):
            for month in period_months(stream.cadence, self.first, self.last):
                by_month.setdefault(month, []).append(stream)
        for month in sorted(by_month):
            streams = by_month[month]
            periods = [period_of(month, s.cadence) for s in streams]
            due = min(
                self.calendar.move(due_in(month, s.due_day, s.days_after, s.grace_days))
                for s in streams
            )
            yield Owed(
                unit,
                month,
                periods[0],
                min(p.start for p in periods),
                due,
                tuple(s.name for s in streams),
                tuple(s.rule for s in streams),
                self._exempt.get((unit, month)),
            )

    def find(self, unit: str, month: str) -> Owed | None:
        return next((o for o in self.owed(unit) if o.month == month), None)

    def months(self, unit: str) -> list[str]:
        return [o.month for o in self.owed(unit)]

    def due(self, unit: str, month: str) -> date:
        """When the report in ``month`` is due for ``unit`` (the main rule if it owes none)."""
        owed = self.find(unit, month)
        if owed is not None:
            return owed.due
        s = main_stream(self.plan, self.office, unit)
        return self.calendar.move(due_in(month, s.due_day, s.days_after, s.grace_days))

    def period_start(self, unit: str, month: str) -> date:
        owed = self.find(unit, month)
        return owed.start if owed is not None else period_of(month, "monthly").start

    def rule_text(self, unit: str) -> str:
        """The rules that apply to ``unit``, as the notice words them."""
        return "；".join(dict.fromkeys(s.rule for s in self.streams(unit)))

    def is_monthly(self) -> bool:
        """Whether every unit reports monthly and only monthly (the notice's 按月调度)."""
        return all(
            len(self.streams(u)) == 1 and self.streams(u)[0].cadence == "monthly"
            for u in self.units
        )

    def cadences(self) -> set[str]:
        return {s.cadence for u in self.units for s in self.streams(u)} or {
            self.plan.reporting.cadence
        }

    def periods(self) -> list[Period]:
        """The plan's own period ends (its main rule's cadence): the colour history's columns."""
        cadence = self.plan.reporting.cadence
        return [period_of(m, cadence) for m in period_months(cadence, self.first, self.last)]
