"""The loaded data as one indexed object: registry, progress reports and look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ..dates import months_between
from ..models import Checklist, Indicator, Milestone, Plan, ProgressReport, Project, Registry, Stage
from ..models.acceptance import Acceptance
from ..models.duban import Action, Inspection
from ..models.office import Office, sets_policy
from ..records import frozen
from .document import Document
from .reporting import Schedule, due_in


def plan_start(plan: Plan) -> date:
    return plan.start or date(plan.year, 1, 1)


def plan_due(plan: Plan) -> date:
    return plan.due or date(plan.year, 12, 31)


def report_months(plan: Plan) -> list[str]:
    return months_between(
        plan.reporting.first_month, plan.reporting.last_month or f"{plan.year}-12"
    )


def report_due(plan: Plan, month: str) -> date:
    """每月底前: the last day of the month (or the plan's due day), plus its grace days.

    The notice's main rule only; a unit's own rule and the office's calendar are in
    :attr:`Dataset.schedule`.
    """
    r = plan.reporting
    return due_in(month, r.due_day, r.days_after, r.grace_days)


class Ladder:
    """The stage ladder: names and aliases resolved to a step and its weight."""

    def __init__(self, stages: tuple[Stage, ...]) -> None:
        self.stages = stages
        self._index: dict[str, int] = {}
        for i, stage in enumerate(stages):
            for name in (stage.name, *stage.aliases):
                self._index.setdefault(name, i)

    def knows(self, name: str) -> bool:
        return name in self._index

    def step(self, name: str) -> int:
        return self._index[name]

    def canonical(self, name: str) -> str:
        return self.stages[self._index[name]].name

    def weight(self, name: str, percent: float | None = None) -> float:
        """Weight of a stage, moved ``percent`` of the way toward the next stage."""
        i = self._index[name]
        weight = self.stages[i].weight
        if percent and i + 1 < len(self.stages):
            weight += (self.stages[i + 1].weight - weight) * percent / 100
        return weight

    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def started_step(self) -> int:
        """开工: the step marked ``started``, else the one named 开工, else the second step."""
        marked = [i for i, s in enumerate(self.stages) if s.started]
        if marked:
            return marked[0]
        return self.step("开工") if self.knows("开工") else 1

    def started(self, name: str | None) -> bool:
        """At or past the 开工 step."""
        return name is not None and self.knows(name) and self.step(name) >= self.started_step()


@frozen
class IndicatorRef:
    """An indicator with its project and the units that answer for it (first = lead)."""

    project: Project
    indicator: Indicator
    owners: tuple[str, ...]
    project_index: int
    index: int

    @property
    def id(self) -> str:
        return self.indicator.id


@frozen
class LoadedReport:
    report: ProgressReport
    doc: Document


@frozen
class LoadedAcceptance:
    record: Acceptance
    doc: Document


@frozen
class LoadedAction:
    record: Action
    doc: Document

    @property
    def id(self) -> str:
        """督办事项编号: the file's name without .yaml."""
        return _stem(self.doc.path)


@frozen
class LoadedInspection:
    record: Inspection
    doc: Document

    @property
    def id(self) -> str:
        return _stem(self.doc.path)


def _stem(shown: str) -> str:
    name = shown.replace("\\", "/").rsplit("/", 1)[-1]
    return name[: -len(".yaml")] if name.endswith(".yaml") else name


@dataclass
class Dataset:
    registry: Registry
    doc: Document
    reports: list[LoadedReport] = field(default_factory=list)
    office: Office | None = None  # office.yaml, when the folder has one
    office_doc: Document | None = None
    acceptance: list[LoadedAcceptance] = field(default_factory=list)
    actions: list[LoadedAction] = field(default_factory=list)  # duban/actions/
    inspections: list[LoadedInspection] = field(default_factory=list)  # duban/inspections/
    # The ids of every action file found, read or not: a reply to one that could not be read
    # is not also told as a reply to an unknown action.
    action_files: frozenset[str] = frozenset()

    @property
    def plan(self) -> Plan:
        return self.registry.plan

    @property
    def office_rules(self) -> Office | None:
        """office.yaml when it sets the office's own rules for showing progress (colours,
        vocabulary, …); None without one, or when it only sets up 督办. Every display the
        office's rules add (categories, ratios, colour history, forecasts) depends on this."""
        return self.office if self.office is not None and sets_policy(self.office) else None

    @property
    def accepting(self) -> bool:
        """Whether office.yaml enables acceptance (the 验收 / 销号 states are shown)."""
        office = self.office_rules
        return office is not None and office.acceptance

    @cached_property
    def ladder(self) -> Ladder:
        return Ladder(self.plan.stages)

    @cached_property
    def projects(self) -> dict[int, Project]:
        found: dict[int, Project] = {}
        for project in self.registry.projects:
            found.setdefault(project.id, project)
        return found

    @cached_property
    def indicators(self) -> dict[str, IndicatorRef]:
        found: dict[str, IndicatorRef] = {}
        for p_index, project in enumerate(self.registry.projects):
            for index, indicator in enumerate(project.indicators):
                owners = indicator.units or project.units
                ref = IndicatorRef(project, indicator, owners, p_index, index)
                found.setdefault(indicator.id, ref)
        return found

    @cached_property
    def unit_names(self) -> list[str]:
        return [u.name for u in self.registry.units]

    @cached_property
    def responsible_units(self) -> list[str]:
        """Units that owe monthly reports: every unit named by a project, in registry order."""
        named = {u for p in self.registry.projects for u in p.units}
        ordered = [u for u in self.unit_names if u in named]
        return ordered + sorted(named - set(ordered))

    @cached_property
    def sample(self) -> bool:
        """True when any shown figure comes from sample (fabricated) data."""
        if self.registry.sample or any(r.report.sample for r in self.reports):
            return True
        if (self.office is not None and self.office.sample) or any(
            a.record.sample for a in self.acceptance
        ):
            return True
        if any(a.record.sample for a in self.actions) or any(
            i.record.sample for i in self.inspections
        ):
            return True
        return any(m.sample for ref in self.indicators.values() for m in _milestones(ref.indicator))

    @cached_property
    def schedule(self) -> Schedule:
        """报送要求: which reports each responsible unit owes, and when each is due."""
        return Schedule(self.plan, self.responsible_units, self.office)

    @cached_property
    def closure_requests(self) -> dict[tuple[int, str | None, str | None], date]:
        """申请销号: each project, indicator or item a report asks to close, and the day the
        first such report was sent."""
        found: dict[tuple[int, str | None, str | None], date] = {}
        for loaded in self.reports:
            r = loaded.report
            for request in r.closure:
                key = (request.project, request.indicator, request.item)
                found[key] = min(r.submitted, found.get(key, r.submitted))
        return found

    def reports_of(self, unit: str) -> list[LoadedReport]:
        return [r for r in self.reports if r.report.unit == unit]

    def indicators_of(self, unit: str) -> list[IndicatorRef]:
        return [ref for ref in self.indicators.values() if unit in ref.owners]

    def indicator_due(self, ref: IndicatorRef) -> date:
        return ref.indicator.due or ref.project.due or plan_due(self.plan)


def _milestones(indicator: Indicator) -> list[Milestone]:
    found: list[Milestone] = list(indicator.milestones)
    for item in getattr(indicator, "items", ()):
        found.extend(item.milestones)
    return found


def item_count(ds: Dataset, projects: list[Project]) -> int:
    """项: indicators, or with ``count_items: subitems`` a checklist's items instead of itself."""
    if ds.plan.count_items == "subitems":
        return sum(
            len(i.items) if isinstance(i, Checklist) else 1 for p in projects for i in p.indicators
        )
    return sum(len(p.indicators) for p in projects)
