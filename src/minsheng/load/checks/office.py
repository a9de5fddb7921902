"""Checks of the office's files against the registry: office.yaml (exemptions, justified
delays, colour rules, vocabulary, calendar) and the acceptance records."""

from __future__ import annotations

import dataclasses
import re

from ...dates import PeriodError, PeriodKind, parse_period
from ...models.office import BulletinSettings, Office
from ...problems import Problem, warning
from ...text import fmt
from ..dataset import Dataset
from ..document import Document
from ..reporting import folder_of
from .common import Loc, at


def check_office(ds: Dataset) -> list[Problem]:
    """Exemptions name owed reports; delays name what exists; the rules can be applied."""
    office, doc = ds.office, ds.office_doc
    if office is None or doc is None:
        return []
    return (
        _exemptions(ds, office, doc)
        + _delays(ds, office, doc)
        + _rules(office, doc)
        + _vocabulary(ds, office, doc)
        + _holidays(office, doc)
        + _bulletin(ds, office.bulletin, doc)
    )


def _exemptions(ds: Dataset, office: Office, doc: Document) -> list[Problem]:
    problems = []
    for n, e in enumerate(office.exemptions):
        loc: Loc = ("exemptions", n)
        month = folder_of(e.period)
        if e.unit not in ds.responsible_units:
            problems.append(
                at(doc, (*loc, "unit"), "unknown-unit", f"「{e.unit}」不是登记表中的责任单位")
            )
        elif month is None:
            problems.append(
                at(
                    doc,
                    (*loc, "period"),
                    "invalid-value",
                    f"报送期「{e.period}」应写成月份 YYYY-MM 或季度 YYYYQn，如 2022-05、2022Q2",
                )
            )
        elif ds.schedule.find(e.unit, month) is None:
            rule = ds.schedule.rule_text(e.unit)
            problems.append(
                at(
                    doc,
                    (*loc, "period"),
                    "not-owed",
                    f"「{e.unit}」在 {e.period} 没有应报的报告（报送要求：{rule}），无需免报",
                )
            )
    return problems


def _delays(ds: Dataset, office: Office, doc: Document) -> list[Problem]:
    problems = []
    for n, d in enumerate(office.justified):
        problems += reference(ds, doc, ("justified", n), d.project, d.indicator, d.item)
        if d.since is not None and d.until is not None and d.until < d.since:
            problems.append(
                at(doc, ("justified", n, "until"), "invalid-date", "until 早于 since，请检查日期")
            )
    return problems


def reference(
    ds: Dataset,
    doc: Document,
    loc: Loc,
    project: int | None,
    indicator: str | None,
    item: str | None,
) -> list[Problem]:
    """A project, indicator or checklist item named in an office file exists."""
    if project is not None and project not in ds.projects:
        return [at(doc, (*loc, "project"), "unknown-project", f"没有序号为 {project} 的项目")]
    if indicator is None:
        return []
    ref = ds.indicators.get(indicator)
    if ref is None:
        return [
            at(doc, (*loc, "indicator"), "unknown-indicator", f"没有编号为「{indicator}」的指标")
        ]
    if project is not None and ref.project.id != project:
        return [
            at(
                doc,
                (*loc, "indicator"),
                "unknown-indicator",
                f"指标「{indicator}」属于项目 {ref.project.id}，不属于项目 {project}",
            )
        ]
    names = [i.name for i in getattr(ref.indicator, "items", ())]
    if item is not None and item not in names:
        hint = f"；应为：{'、'.join(names)}" if names else "（该指标不是清单类）"
        return [
            at(
                doc,
                (*loc, "item"),
                "unknown-item",
                f"指标「{indicator}」没有清单项「{item}」{hint}",
            )
        ]
    return []


def _rules(office: Office, doc: Document) -> list[Problem]:
    colours = office.colours
    rules = colours.rules
    problems = []
    last = next((n for n, r in enumerate(rules) if _unconditional(r)), None)
    if colours.preset == "none" and last is None:
        where: Loc = ("colours", "rules") if rules else ("colours", "preset")
        problems.append(
            at(
                doc,
                where,
                "invalid-value",
                "preset 为 none 时，rules 的最后一条应不写条件（只写 colour），作为其余情况的颜色",
            )
        )
    if last is not None and last < len(rules) - 1:
        line, col = doc.locate(("colours", "rules", last + 1))
        problems.append(
            warning(
                doc.path,
                line,
                col,
                "unreachable-rule",
                f"第 {last + 1} 条规则没有条件，之后的规则永远不会用到",
            )
        )
    return problems


def _unconditional(rule: object) -> bool:
    names = [f.name for f in dataclasses.fields(rule)]  # type: ignore[arg-type]
    return all(getattr(rule, n) is None for n in names if n not in ("colour", "name"))


def _vocabulary(ds: Dataset, office: Office, doc: Document) -> list[Problem]:
    v = office.vocabulary
    serious = v.serious if v.serious is not None else ds.plan.thresholds.behind
    if v.tolerance < serious:
        return []
    return [
        at(
            doc,
            ("vocabulary", "tolerance"),
            "invalid-value",
            f"「按序时」的容差 {fmt.number(v.tolerance)} 应小于「严重滞后」的分界 {fmt.number(serious)} 个百分点",
        )
    ]


def _holidays(office: Office, doc: Document) -> list[Problem]:
    return [
        at(doc, ("calendar", "holidays", n, "last"), "invalid-date", "last 早于 first，请检查日期")
        for n, h in enumerate(office.calendar.holidays)
        if h.last is not None and h.last < h.first
    ]


# ---- duban/acceptance/ -------------------------------------------------------------------


_FIELD = re.compile(r"\{([^{}]*)\}")


def _bulletin(ds: Dataset, settings: BulletinSettings, doc: Document) -> list[Problem]:
    """The issued bulletins name periods of the plan's year; the formats only {year} and {n}."""
    problems = []
    for name in ("series", "doc_number"):
        pattern = getattr(settings, name)
        unknown = [f for f in _FIELD.findall(pattern or "") if f not in ("year", "n")]
        if unknown:
            problems.append(
                at(
                    doc,
                    ("bulletin", name),
                    "invalid-value",
                    f"「{{{unknown[0]}}}」不是可用的占位符；只能写 {{year}}（年份）和 {{n}}（序号）",
                )
            )
    for key, issued in settings.issued.items():
        loc: Loc = ("bulletin", "issued", key)
        try:
            period = parse_period(key)
        except PeriodError as exc:
            problems.append(at(doc, loc, "invalid-value", str(exc)))
            continue
        if period.year != ds.plan.year:
            problems.append(
                at(doc, loc, "invalid-value", f"期间 {key} 不在计划年度 {ds.plan.year} 年之内")
            )
        elif issued.assessment is not None and period.kind is not PeriodKind.YEAR:
            problems.append(
                at(
                    doc,
                    (*loc, "assessment"),
                    "invalid-value",
                    f"年终考核结果只对全年（{period.year}）通报，不对 {key}",
                )
            )
    return problems


def check_acceptance(ds: Dataset) -> list[Problem]:
    """Each record names something that exists, once; 销号 is not before 验收."""
    problems: list[Problem] = []
    seen: dict[tuple[int, str | None, str | None], str] = {}
    for loaded in ds.acceptance:
        a, doc = loaded.record, loaded.doc
        problems += reference(ds, doc, (), a.project, a.indicator, a.item)
        target = (a.project, a.indicator, a.item)
        if target in seen:
            problems.append(
                at(doc, ("project",), "duplicate-id", f"与 {seen[target]} 验收的是同一事项")
            )
        seen.setdefault(target, doc.path)
        if a.closed is not None and a.closed < a.accepted:
            problems.append(
                at(doc, ("closed",), "invalid-date", "销号日期早于验收日期，请检查日期")
            )
    return problems
