"""``new-year``: next year's registry, as YAML, from this year's and what carries over
(``compute.carry``): the plan moved to the new year, units and rules kept, unfinished projects
with their remaining targets and ``continues`` back to this year."""

from __future__ import annotations

import re
from typing import Any

from ..compute.carry import CarriedIndicator, CarriedProject, carry_over
from ..load.dataset import Dataset
from ..text import amounts
from ..text.labels import KIND_LABELS
from ..views import describe
from .yaml_text import document

# Keys first in this order, as the data-format docs write them; the rest after, as they come.
ORDER = ("#", "id", "name", "kind", "units", "text", "target", "unit")


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    first = {k: data[k] for k in ORDER if k in data}
    return {**first, **{k: v for k, v in data.items() if k not in first}}


def _shift_date(text: str, years: int) -> str:
    year, rest = int(text[:4]), text[4:]
    if rest == "-02-29":  # no 29 February in most years: the day before the 1st of March
        rest = "-02-28"
    return f"{year + years:04d}{rest}"


def _plan(ds: Dataset, data: dict[str, Any], year: int) -> dict[str, Any]:
    old = ds.plan.year
    shift = year - old
    plan = dict(data)
    plan["year"] = year
    plan["title"] = re.sub(str(old), str(year), plan["title"])
    plan.pop("doc_number", None)
    plan.pop("declared", None)
    plan.pop("source", None)
    plan["issued"] = f"{year}-01-01"
    for key in ("start", "due"):
        if key in plan:
            plan[key] = _shift_date(plan[key], shift)
    reporting = dict(plan["reporting"])
    for key in ("first_month", "last_month"):
        if key in reporting:
            reporting[key] = _shift_date(reporting[key], shift)
    plan["reporting"] = reporting
    if "levels" in plan:
        plan["levels"] = [{k: v for k, v in x.items() if k != "declared"} for x in plan["levels"]]
    if "categories" in plan:
        plan["categories"] = [
            {k: v for k, v in x.items() if k != "declared"} for x in plan["categories"]
        ]
    note = (
        f"由 {old} 年度的登记表生成（minsheng new-year）：请按 {year} 年的通知核对标题、文号、"
        "印发日期和报送要求"
    )
    return {"#": note, **plan}


def _quantity(c: CarriedIndicator, data: dict[str, Any]) -> dict[str, Any]:
    """The remainder as this year's target (and as ``carried``); a split, per area."""
    unit = data["unit"]
    remainder = c.remainder or 0.0
    reached = amounts.amount(c.result.state.value or 0.0, unit)
    data["#"] = f"接续：上年末完成 {reached}，结转剩余 {amounts.amount(remainder, unit)}"
    data["target"] = remainder
    data["carried"] = remainder
    if c.areas:
        data["split"] = [
            {"area": area, "target": left, **({"unit": who} if who else {})}
            for area, left, who in c.areas
        ]
    return data


def _indicator(c: CarriedIndicator, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    for key in ("milestones", "due"):
        data.pop(key, None)
    kind = data["kind"]
    if kind == "quantity":
        data = _quantity(c, data)
    elif kind == "stage":
        reached = c.result.state.stage or "未启动"
        data["#"] = f"接续：上年末达到「{reached}」，目标「{data['target']}」"
    elif kind == "checklist":
        keep = set(c.items)
        items = [dict(i) for i in data["items"] if i["name"] in keep]
        for item in items:
            item.pop("milestones", None)
        data["items"] = items
        data["#"] = f"接续：上年未完成的 {len(items)} 项"
        if "split" in data:  # each area's share: its items still to do
            counts: dict[str, int] = {}
            for item in items:
                counts[item.get("area", "")] = counts.get(item.get("area", ""), 0) + 1
            data["split"] = [
                {**s, "target": counts.get(s["area"], 0)}
                for s in data["split"]
                if counts.get(s["area"])
            ]
    return _ordered(data)


def _restated(project: CarriedProject) -> str | None:
    if not project.restated:
        return None
    parts = [
        f"{r.ref.id} {r.indicator.name}（{KIND_LABELS[r.indicator.kind]}，目标 "
        f"{describe.target_text(r)}，上年末 {describe.actual_text(r)}）"
        for r in project.restated
    ]
    return "须由本办为新年度重新确定的指标（未结转）：" + "；".join(parts)


def _project(
    ds: Dataset, carried: CarriedProject, data: dict[str, Any], year: int
) -> dict[str, Any]:
    project = carried.result.project
    old = ds.plan.year
    data = dict(data)
    data.pop("due", None)
    data.pop("continues", None)
    money = data.pop("investment", None)
    notes = [f"接续实施：{old} 年度项目 {project.id}（{project.name}），目标任务为上年的剩余部分"]
    if money is not None:
        notes.append("投资：请按新年度的计划重新填写 investment（上年的计划未结转）")
    restated = _restated(carried)
    if restated:
        notes.append(restated)
    by_id = {i["id"]: i for i in data["indicators"]}
    indicators = [_indicator(c, by_id[c.result.ref.id]) for c in carried.indicators]
    if not indicators:  # nothing carries by itself: the restated ones, to be confirmed
        indicators = [_ordered({**by_id[r.ref.id], "unverified": True}) for r in carried.restated]
        for i in indicators:
            i.pop("milestones", None)
            i.pop("due", None)
    data["indicators"] = indicators
    years = data.get("years")
    if years is not None and years["last"] < year:  # running past its planned years
        notes.append(f"原定 {years['first']}—{years['last']} 年完成，延至 {year} 年（请核对）")
        data["years"] = {**years, "last": year}
    data["continues"] = {"year": old, "id": project.id}
    return _ordered({"#": "\n".join(notes), **data})


# A registry needs a project: when nothing carries over, one to be replaced (待核对).
PLACEHOLDER: dict[str, Any] = {
    "#": "上一年度的项目都已完成，没有需要接续的；请按新年度的通知登记项目，替换这一项",
    "id": 1,
    "name": "新年度的项目",
    "units": [],
    "text": "（请照录通知原文）",
    "indicators": [{"id": "1-1", "name": "目标任务", "kind": "qualitative", "unverified": True}],
}


def next_year(ds: Dataset, year: int) -> tuple[str, int, int]:
    """(the new registry's YAML, projects carried, projects left out as finished)."""
    data = ds.registry.model_dump(mode="json", exclude_defaults=True)
    carried = carry_over(ds)
    by_id = {p["id"]: p for p in data["projects"]}
    projects = [_project(ds, c, by_id[c.result.project.id], year) for c in carried]
    projects = projects or [PLACEHOLDER]
    if projects == [PLACEHOLDER]:
        projects = [
            {
                **PLACEHOLDER,
                "units": [
                    ds.plan.coordinator
                    if ds.plan.coordinator in ds.unit_names
                    else ds.unit_names[0]
                ],
            }
        ]
    new: dict[str, Any] = {
        "sample": ds.registry.sample,
        "plan": _plan(ds, data["plan"], year),
        "units": data["units"],
        "projects": projects,
    }
    header = [
        "yaml-language-server: $schema=../schema/projects.schema.json",
        f"{year} 年度登记表，由 {ds.plan.year} 年度的登记表生成（minsheng new-year）：",
        f"{ds.plan.year} 年未完成的项目带着剩余任务接续实施（continues），已完成的项目不再列入；",
        "单位和规则照旧。新年度的项目请按新的通知补充，核对后运行 minsheng check。",
    ]
    left_out = len(ds.registry.projects) - len(carried)
    return document(new, header), len(carried), left_out
