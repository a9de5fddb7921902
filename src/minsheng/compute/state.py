"""What the reports say up to a date: each indicator's latest state, and its monthly history."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import field
from datetime import date

from ..dates import month_end, month_start
from ..load.dataset import Dataset, LoadedReport
from ..load.duban import verified as verified_figures
from ..models import IndicatorReport, ItemReport, ProgressReport, ProjectReport
from ..models.progress import Forecast
from ..records import frozen


@frozen
class ItemState:
    stage: str
    percent: float | None = None


@frozen
class IndicatorState:
    """An indicator's year-to-date state, merged from all reports so far (later wins)."""

    month: str | None = None
    value: float | None = None
    baseline: float | None = None
    stage: str | None = None
    percent: float | None = None
    items: dict[str, ItemState] = field(default_factory=dict)
    self_assessment: float | None = None
    review: float | None = None
    reviewer: str | None = None
    note: str | None = None
    correction: str | None = None
    forecast: Forecast | None = None  # the latest 预计 given, kept until replaced
    expected_done: date | None = None
    verified: date | None = None  # the figures are an inspection's (督查核实) of this day
    # 分地区: each area's latest cumulative figure; once any is given, value is their sum.
    areas: dict[str, float] = field(default_factory=dict)


EMPTY = IndicatorState()


def merge(
    state: IndicatorState, month: str, entry: IndicatorReport, verified: date | None = None
) -> IndicatorState:
    """The state after one more report entry (or an inspection's verified figures, dated
    ``verified``): given fields replace earlier ones."""
    fields = _fields(state)
    _apply(fields, month, entry, verified)
    return IndicatorState(**fields)  # type: ignore[arg-type]


def fold(entries: Iterable[tuple[str, IndicatorReport, date | None]]) -> IndicatorState:
    """The state after a run of (month, entry, verified), oldest first."""
    fields = dict(_EMPTY_FIELDS)
    for month, entry, verified in entries:
        _apply(fields, month, entry, verified)
    return IndicatorState(**fields)  # type: ignore[arg-type]


def _fields(state: IndicatorState) -> dict[str, object]:
    return {f.name: getattr(state, f.name) for f in dataclasses.fields(state)}


_EMPTY_FIELDS = _fields(EMPTY)


def _apply(
    fields: dict[str, object], month: str, entry: IndicatorReport, verified: date | None = None
) -> None:
    fields["month"], fields["note"], fields["correction"] = month, entry.note, entry.correction
    # An inspection's figures stand until a report gives figures of its own; its 督查评分
    # (a review, no figure) is the reviewer's score and leaves that mark as it was.
    if any(x is not None for x in (entry.value, entry.stage, entry.items, entry.areas)):
        fields["verified"] = verified
    if entry.value is not None:
        fields["value"] = entry.value
    if entry.baseline is not None:
        fields["baseline"] = entry.baseline
    if entry.self_assessment is not None:
        fields["self_assessment"] = entry.self_assessment
    if entry.stage is not None:
        fields["stage"], fields["percent"] = entry.stage, entry.percent
    if entry.review is not None:
        fields["review"], fields["reviewer"] = entry.review.score, entry.review.reviewer
    if entry.forecast is not None:
        fields["forecast"] = entry.forecast
    if entry.expected_done is not None:
        fields["expected_done"] = entry.expected_done
    if entry.items is not None:
        items = dict(fields["items"])  # type: ignore[call-overload]
        items.update((i.name, _item(i)) for i in entry.items)
        fields["items"] = items
    if entry.areas is not None:
        areas = dict(fields["areas"])  # type: ignore[call-overload]
        areas.update((a.area, a.value) for a in entry.areas)
        fields["areas"], fields["value"] = areas, sum(areas.values())


def _item(item: ItemReport) -> ItemState:
    return ItemState(item.stage, item.percent)


@frozen
class ProjectNote:
    """进展情况 / 存在问题 / 下步打算 of one unit for one project in one month."""

    unit: str
    month: str
    submitted: date
    report: ProjectReport


# (month, rank of the reporting unit, entry, inspection day when the entry is verified figures)
Entry = tuple[str, int, IndicatorReport, date | None]


def counts_at(report: ProgressReport, as_of: date) -> bool:
    """Whether a report's figures count at ``as_of``: 报送规则 of arrival.

    A report for a period that has ended by ``as_of`` (on its last day) counts for that
    period whenever it arrived — its arrival date only decides on time or late; a report
    for the period still running counts once it has arrived by ``as_of``.
    """
    if month_end(report.month) <= as_of:
        return True
    return month_start(report.month) <= as_of and report.submitted <= as_of


class Timeline:
    """Every report that counts at ``as_of`` (see :func:`counts_at`), and the figures
    inspections verified by then (督查核实: they stand from the inspection's day until the
    unit's next report) and the 督查评分 they gave (until the next review)."""

    def __init__(self, ds: Dataset, as_of: date) -> None:
        self.as_of = as_of
        self.visible: list[LoadedReport] = sorted(
            (r for r in ds.reports if counts_at(r.report, as_of)),
            key=lambda r: r.report.month,
        )
        found: dict[str, list[tuple[Entry, date]]] = defaultdict(list)
        # Notes are kept as (report, project entry) and made into ProjectNotes only when asked
        # for: a large folder has tens of thousands of them and a status needs a few.
        self._notes: dict[int, list[tuple[ProgressReport, ProjectReport]]] = defaultdict(list)
        indicators = ds.indicators
        for loaded in self.visible:
            report = loaded.report
            unit, month = report.unit, report.month
            for project in report.projects:
                self._notes[project.id].append((report, project))
                for entry in project.indicators:
                    ref = indicators.get(entry.id)
                    rank = ref.owners.index(unit) if ref and unit in ref.owners else 0
                    found[entry.id].append(((month, rank, entry, None), report.submitted))
        checked: dict[str, list[date]] = defaultdict(list)
        for v in verified_figures(ds) if ds.inspections else ():
            if v.day <= as_of:
                found[v.entry.id].append(((v.month, 0, v.entry, v.day), v.day))
                checked[v.entry.id].append(v.day)
        self._entries: dict[str, list[Entry]] = {
            key: [e for e, _ in sorted(entries, key=lambda e: _order(e, checked.get(key, [])))]
            for key, entries in found.items()
        }

    def state(self, indicator_id: str, upto: str | None = None) -> IndicatorState:
        entries = self._entries.get(indicator_id, ())
        return fold(
            (month, entry, day)
            for month, _rank, entry, day in entries
            if upto is None or month <= upto
        )

    def history(self, indicator_id: str) -> list[IndicatorState]:
        """The state at the end of each reported month, oldest first."""
        states: list[IndicatorState] = []
        state = EMPTY
        for month, _rank, entry, day in self._entries.get(indicator_id, ()):
            state = merge(state, month, entry, day)
            if states and states[-1].month == month:
                states[-1] = state
            else:
                states.append(state)
        return states

    def notes(self, project_id: int) -> list[ProjectNote]:
        return [
            ProjectNote(report.unit, report.month, report.submitted, project)
            for report, project in self._notes.get(project_id, ())
        ]

    def latest_notes(self, project_id: int) -> list[ProjectNote]:
        """Each unit's most recent note on the project."""
        latest: dict[str, tuple[ProgressReport, ProjectReport]] = {}
        for report, project in self._notes.get(project_id, ()):
            latest[report.unit] = (report, project)
        return [ProjectNote(r.unit, r.month, r.submitted, p) for r, p in latest.values()]

    def last_month(self, project_id: int) -> str | None:
        notes = self._notes.get(project_id)
        return max(report.month for report, _ in notes) if notes else None


def _order(item: tuple[Entry, date], inspections: list[date]) -> tuple[str, float, int]:
    """Within a month the lead owner (rank 0) is applied last, so its figures win; an
    inspection comes after the reports of its month sent by its day, before those after."""
    (month, rank, _entry, day), sent = item
    same = [d for d in inspections if d.strftime("%Y-%m") == month]
    if day is not None:
        return month, sorted(same).index(day) + 0.5, 0
    return month, float(sum(d < sent for d in same)), -rank
