"""The JSON keys the list's other dimensions add to ``status --format json``.

Additive only: a key appears when the registry uses its dimension (then on every object of
its kind, ``null`` where one has none), so a folder without them gives the same JSON as
before. Percentages are rounded to 0.1, amounts to 4 decimals, in the unit named beside them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..compute.areas import AreaIndicator, AreaRank
from ..compute.evaluate import IndicatorResult
from ..compute.money import MoneySummary, ProjectMoney, ratio
from ..compute.status import ProjectResult, StatusReport, UnitResult
from ..compute.years import MultiYear, multi_year
from ..models import Quantity
from ..models.dimensions import Declared, Person
from ..views.dimensions import Dimensions, GroupFacts, MoneyFacts, dimensions_of
from .status import category_counts

Json = dict[str, Any]


def _p(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _a(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def top_keys(
    report: StatusReport, d: Dimensions | None, earlier: Mapping[int, StatusReport] | None
) -> Json:
    """The top-level keys: by_level, by_category, areas, years."""
    if d is None:
        return {}
    data: Json = {}
    if d.uses.levels:
        data["by_level"] = [group(g) for g in d.levels]
    if d.uses.categories:
        data["by_category"] = [group(g) for g in d.categories]
    if d.areas is not None:
        facts = d.areas
        data["areas"] = {
            "ranks": [rank(r) for r in facts.ranks],
            "first": [r.area for r in facts.first],
            "last": [r.area for r in facts.last],
            "indicators": [area_indicator(a) for a in facts.areas.indicators],
        }
    if d.uses.years:
        data["years"] = [years(m) for m in multi_year(report, earlier or {})]
    return data


def overall_keys(d: Dimensions | None) -> Json:
    """Keys added to ``overall``: measures (件 and 项) and investment."""
    if d is None:
        return {}
    data: Json = {}
    if d.measures is not None:
        m = d.measures
        data["measures"] = {
            "projects": m.projects,
            "items": m.items,
            "projects_on_schedule": m.projects_on_schedule,
            "items_on_schedule": m.items_on_schedule,
            "subitems": m.subitems,
            "declared": declared(m.declared),
        }
    if d.uses.investment:
        data["investment"] = money_summary(d.money)
    return data


def declared(value: Declared | None) -> Json | None:
    return None if value is None else {"projects": value.projects, "items": value.items}


def money_summary(facts: MoneyFacts | None) -> Json | None:
    if facts is None:
        return None
    s: MoneySummary = facts.summary
    return {
        "unit": s.unit,
        "projects": s.projects,
        "total": _a(s.shown(s.total)),
        "annual": _a(s.shown(s.annual)),
        "completed": _a(s.shown(s.completed)),
        "completion": _p(s.completion),
        "planned_funds": _a(s.shown(s.planned_funds)),
        "allocated": _a(s.shown(s.allocated)),
        "paid": _a(s.shown(s.paid)),
        "allocation_rate": _p(s.allocation_rate),
        "payment_rate": _p(s.payment_rate),
        "sources": [
            {
                "name": x.name,
                "planned": _a(x.planned),
                "allocated": _a(x.allocated),
                "paid": _a(x.paid),
                "allocation_rate": _p(x.allocation_rate),
                "payment_rate": _p(x.payment_rate),
            }
            for x in facts.sources
        ],
    }


def group(g: GroupFacts) -> Json:
    o = g.group.report.overall
    return {
        "name": g.name,
        "title": g.title,
        "source": g.source,
        "projects": g.measures.projects,
        "items": g.measures.items,
        "projects_on_schedule": g.measures.projects_on_schedule,
        "items_on_schedule": g.measures.items_on_schedule,
        "declared": declared(g.measures.declared),
        "completion": _p(g.completion),
        "expected": _p(g.expected),
        "done": o.done,
        "green": o.green,
        "yellow": o.yellow,
        "red": o.red,
        "counts": o.counts,
        "start_rate": _p(g.start_rate),
        "categories": {
            "projects": category_counts(g.group.categories.by_project),
            "indicators": category_counts(g.group.categories.by_indicator),
        },
        "investment": money_summary(g.money),
    }


def rank(r: AreaRank) -> Json:
    return {
        "area": r.area,
        "rank": r.rank,
        "completion": _p(r.completion),
        "indicators": r.indicators,
    }


def area_cells(a: AreaIndicator) -> list[Json]:
    return [
        {
            "area": c.area,
            "target": c.target,
            "value": c.value,
            "completion": _p(c.completion),
            "ratio": _p(c.ratio),
        }
        for c in a.cells
    ]


def area_indicator(a: AreaIndicator) -> Json:
    r = a.result
    values = [c.value for c in a.cells if c.value is not None]
    target = sum(c.target for c in a.cells)
    actual = sum(values) if values else None
    return {
        "id": r.ref.id,
        "project": r.ref.project.id,
        "name": r.indicator.name,
        "unit": a.unit,
        "target": target,
        "actual": actual,
        "completion": _p(r.completion),
        "ratio": _p(ratio(actual, target)),
        "areas": area_cells(a),
        "slowest": [c.area for c in a.slowest()],
    }


def years(m: MultiYear) -> Json:
    return {
        "project": m.result.ref.project.id,
        "indicator": m.result.ref.id,
        "first": m.first,
        "last": m.last,
        "total": m.total,
        "cumulative": _a(m.cumulative),
        "share": _p(m.share),
        "remaining": _a(m.remaining),
        "figures": [
            {
                "year": f.year,
                "project": f.project,
                "indicator": f.indicator,
                "target": f.target,
                "value": f.value,
            }
            for f in m.figures
        ],
        "missing": list(m.missing),
    }


def person(p: Person | None) -> Json | None:
    if p is None:
        return None
    return {"name": p.name, "post": p.post, "role": p.role, "phone": p.phone}


def project_money(m: ProjectMoney | None) -> Json | None:
    if m is None:
        return None
    return {
        "unit": m.unit,
        "total": m.total,
        "annual": m.annual,
        "completed": m.completed,
        "completion": _p(m.completion),
        "expected": _p(m.expected),
        "planned_funds": _a(m.planned_funds),
        "allocated": _a(m.allocated),
        "paid": _a(m.paid),
        "allocation_rate": _p(m.allocation_rate),
        "payment_rate": _p(m.payment_rate),
        "in_completion": bool(m.project.investment and m.project.investment.in_completion),
        "month": m.month,
        "sources": [
            {"name": s.name, "planned": s.planned, "allocated": s.allocated, "paid": s.paid}
            for s in m.sources
        ],
    }


def project_keys(p: ProjectResult, d: Dimensions | None) -> Json:
    if d is None:
        return {}
    u, project = d.uses, p.project
    facts = d.projects.get(project.id)
    data: Json = {}
    if u.levels:
        data["levels"] = list(project.level)
    if u.categories:
        data["list_category"] = project.category
    if u.types:
        data["type"] = project.type
    if u.voted:
        data["voted"] = project.voted
    if u.investment:
        data["investment"] = project_money(facts.money if facts is not None else None)
    if u.people:
        data["leaders"] = [person(x) for x in project.leaders]
        data["responsible"] = person(project.responsible)
    if u.years:
        data["years"] = (
            None
            if project.years is None
            else {"first": project.years.first, "last": project.years.last}
        )
        link = project.continues
        data["continues"] = None if link is None else {"year": link.year, "id": link.id}
    return data


def indicator_keys(r: IndicatorResult, d: Dimensions | None) -> Json:
    if d is None:
        return {}
    u, ind = d.uses, r.indicator
    data: Json = {}
    if u.targets:
        parent = ind.parent
        data["tentative"] = ind.tentative
        data["parent"] = None if parent is None else {"task": parent.task, "target": parent.target}
        data["unverified"] = ind.unverified
    if u.years:
        quantity = ind if isinstance(ind, Quantity) else None
        data["total"] = quantity.total if quantity else None
        data["carried"] = quantity.carried if quantity else None
        data["previous_id"] = ind.previous_id
    if u.areas:
        found = None
        if d.areas is not None:
            found = next((a for a in d.areas.areas.indicators if a.result.ref.id == r.ref.id), None)
        data["areas"] = area_cells(found) if found is not None else None
    return data


def unit_keys(unit: UnitResult, report: StatusReport, d: Dimensions | None) -> Json:
    if d is None or not d.uses.units:
        return {}
    found = next((x for x in report.dataset.registry.units if x.name == unit.name), None)
    return {
        "kind": found.kind if found is not None else None,
        "contact": person(found.contact) if found is not None else None,
    }


def dimensions(report: StatusReport) -> Dimensions | None:
    return dimensions_of(report)
