"""`minsheng status --format json|csv`: stable keys, numbers rounded to 0.1."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..compute.colours import ColourHistory
from ..compute.compliance import counts
from ..compute.evaluate import IndicatorResult, monthly
from ..compute.recolour import colour_history
from ..compute.schedule import Status
from ..compute.status import ProjectResult, StatusReport
from ..compute.vocabulary import COUNTED as CATEGORY_KEYS
from ..compute.vocabulary import Categories, Tally, categories, ratio_of
from ..views import describe
from .jsonout import dumps, stream_object

FINISHED = (Status.DONE, Status.BLUE)
if TYPE_CHECKING:
    from ..views.dimensions import Dimensions


def _r(value: float) -> float:
    return round(value, 1)


def _maybe(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def payload(
    report: StatusReport,
    *,
    history: bool = False,
    earlier: Mapping[int, StatusReport] | None = None,
) -> dict[str, Any]:
    before, projects, after = payload_parts(report, history=history, earlier=earlier)
    return {**before, "projects": list(projects), **after}


def payload_parts(
    report: StatusReport,
    *,
    history: bool = False,
    earlier: Mapping[int, StatusReport] | None = None,
) -> tuple[dict[str, Any], Iterator[dict[str, Any]], dict[str, Any]]:
    """The payload's keys before ``projects``, its projects one at a time, the keys after."""
    from . import dimensions_json as more  # the list's other dimensions, when the registry has them

    plan = report.dataset.plan
    overall = report.overall
    found = categories(report)
    colours = colour_history(report) if history else None
    dims = more.dimensions(report)
    before = {
        "as_of": report.as_of.isoformat(),
        "sample": report.sample,
        "plan": {
            "title": plan.title,
            "year": plan.year,
            "doc_number": plan.doc_number,
            "issuer": plan.issuer,
            "coordinator": plan.coordinator,
        },
        "overall": {
            "completion": _r(overall.completion),
            "expected": _r(overall.expected),
            "projects": overall.projects,
            "done": overall.done,
            "green": overall.green,
            "yellow": overall.yellow,
            "red": overall.red,
            "counts": overall.counts,
            "categories": {
                "projects": category_counts(found.by_project),
                "indicators": category_counts(found.by_indicator),
            },
            **more.overall_keys(dims),
        },
        "reports": counts(list(report.records)),
    }
    projects = (
        {**_project(p, report, history, found, colours, dims), **more.project_keys(p, dims)}
        for p in report.projects
    )
    after = {
        "units": [
            {
                "name": u.name,
                "completion": _r(u.completion),
                "expected": _r(u.expected),
                "status": u.status.value,
                "indicators": u.indicators,
                "lead_of": list(u.lead_of),
                "reports": u.reports,
                **({"colours": _colours(colours, colours.units[u.name])} if colours else {}),
                **more.unit_keys(u, report, dims),
            }
            for u in report.units
        ],
        **more.top_keys(report, dims, earlier),
    }
    return before, projects, after


def category_counts(t: Tally) -> dict[str, int]:
    """Items by category key (every key, 0 when none; monitor-only ones under "monitor")."""
    return {**{c.value: t.of(c) for c in CATEGORY_KEYS}, "monitor": t.monitor}


def _colours(history: ColourHistory, colours: tuple[Any, ...]) -> dict[str, str]:
    """颜色历史: the state key at each period end, by period ("2022-04": "green")."""
    return {p.key: c.value for p, c in zip(history.periods, colours, strict=True)}


def _project(
    p: ProjectResult,
    report: StatusReport,
    history: bool,
    found: Categories,
    colours: ColourHistory | None,
    dims: Dimensions | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": p.project.id,
        "name": p.project.name,
        "units": list(p.project.units),
        "lead": p.lead,
        "completion": _r(p.completion),
        "expected": _r(p.expected),
        "status": p.status.value,
        "category": found.projects[p.project.id].value,
        "last_report": p.last_month,
        "indicators": [_indicator(r, report, history, found, colours) for r in p.indicators],
    }
    if dims is not None:  # the list's other dimensions: targets, years, areas
        from .dimensions_json import indicator_keys

        for entry, r in zip(data["indicators"], p.indicators, strict=True):
            entry.update(indicator_keys(r, dims))
    if colours is not None:
        data["colours"] = _colours(colours, colours.projects[p.project.id])
    if report.dataset.accepting:  # 验收 / 销号: pending, requested, accepted, closed
        from ..compute.duban import acceptance_state

        state = acceptance_state(
            report.dataset, report.as_of, (p.project.id, None, None), p.status in FINISHED
        )
        data["acceptance"] = state.value if state is not None else None
    return data


def _indicator(
    r: IndicatorResult,
    report: StatusReport,
    history: bool,
    found: Categories,
    colours: ColourHistory | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": r.indicator.id,
        "name": r.indicator.name,
        "kind": r.indicator.kind,
        "unit": describe.measure_unit(r),
        "units": list(r.ref.owners),
        "target": describe.target_value(r),
        "actual": describe.actual_value(r),
        "completion": _maybe(describe.completion_value(r)),
        "ratio": _maybe(ratio_of(r)),
        "expected": None if r.monitor else _r(r.expected),
        "status": r.status.value,
        "category": found.indicators[r.ref.id].value,
        "due": r.due.isoformat(),
    }
    if r.basis is not None:
        data["basis"] = r.basis
    if r.items:
        data["items"] = [
            {
                "name": i.item.name,
                "target": i.item.target,
                "stage": i.state.stage if i.state else None,
                "completion": _r(i.completion),
                "expected": _r(i.expected),
                "status": i.status.value,
            }
            for i in r.items
        ]
    if history:
        data["history"] = history_of(r, report)
    if colours is not None:
        data["colours"] = _colours(colours, colours.indicators[r.ref.id])
    if r.state.verified is not None:  # the figures are an inspection's (督查核实)
        data["verified"] = r.state.verified.isoformat()
    if report.dataset.accepting:
        from ..compute.duban import acceptance_state

        state = acceptance_state(
            report.dataset, report.as_of, (r.ref.project.id, r.ref.id, None), r.done
        )
        data["acceptance"] = state.value if state is not None else None
    return data


def history_of(r: IndicatorResult, report: StatusReport) -> list[dict[str, Any]]:
    """The indicator month by month: what was reported and the completion it meant."""
    history = report.timeline.history(r.indicator.id)
    return [
        {
            "month": state.month,
            "value": state.value,
            "stage": state.stage,
            "completion": _r(done),
            "correction": state.correction,
        }
        for state, done in monthly(report.dataset, r.indicator, history)
    ]


def as_json(
    report: StatusReport,
    *,
    history: bool = False,
    pretty: bool = True,
    earlier: Mapping[int, StatusReport] | None = None,
) -> str:
    return dumps(payload(report, history=history, earlier=earlier), pretty=pretty)


def json_pieces(report: StatusReport, *, history: bool = False) -> Iterator[str]:
    """:func:`as_json`'s text (indented) in pieces, one project at a time: a site's
    ``status.json`` never holds the whole payload."""
    before, projects, after = payload_parts(report, history=history)
    yield from stream_object(before, "projects", projects, after, pretty=True)


_CSV_HEADER = (
    "序号",
    "项目",
    "牵头单位",
    "责任单位",
    "完成率",
    "序时进度",
    "状态",
    "状态说明",
    "最近报送月份",
)


def as_csv(report: StatusReport) -> str:
    """A row per project, for scripts: the state's key (``green``) beside its name."""
    rows = (
        (
            p.project.id,
            p.project.name,
            p.lead,
            "、".join(p.project.units),
            f"{p.completion:.1f}",
            f"{p.expected:.1f}",
            p.status.value,
            report.palette.name(p.status.value),
            p.last_month or "",
        )
        for p in report.projects
    )
    from . import csv

    return csv.write(_CSV_HEADER, rows, report.sample, excel=False)
