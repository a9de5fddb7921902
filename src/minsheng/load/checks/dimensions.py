"""Checks of the list's other dimensions: levels and categories, declared counts, money, areas,
several years."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date

from ...models import Checklist, Indicator, Project, Quantity
from ...models.dimensions import (
    AREA_KINDS,
    AreaShare,
    Declared,
    InvestmentReport,
    MoneyMilestone,
    money_rate,
)
from ...models.progress import IndicatorReport
from ...problems import Problem
from ...text.fmt import number
from ..dataset import Dataset, IndicatorRef, LoadedReport, item_count, plan_due, plan_start
from ..document import Document
from .common import Loc, at, warning_at
from .index import ReportIndex, report_check


def same_amount(a: float, b: float) -> bool:
    """Equal as amounts are written: 19.75 = 8.5 + 11.25 despite binary fractions."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _indicators(ds: Dataset) -> Iterator[tuple[Loc, Project, Indicator]]:
    for p, project in enumerate(ds.registry.projects):
        for i, indicator in enumerate(project.indicators):
            yield ("projects", p, "indicators", i), project, indicator


# ---- levels, categories, declared counts -------------------------------------------------


def check_levels_and_categories(ds: Dataset) -> list[Problem]:
    """Level and category names are declared once, and every project names declared ones."""
    plan, doc = ds.plan, ds.doc
    problems = _unique_names(doc, ("plan", "levels"), [x.name for x in plan.levels], "层级")
    problems += _unique_names(
        doc, ("plan", "categories"), [x.name for x in plan.categories], "类别"
    )
    levels = [x.name for x in plan.levels]
    categories = [x.name for x in plan.categories]
    for p, project in enumerate(ds.registry.projects):
        for n, name in enumerate(project.level):
            if name not in levels:
                problems.append(
                    at(
                        doc,
                        ("projects", p, "level", n),
                        "unknown-level",
                        f"层级「{name}」没有在 plan.levels 中登记"
                        + (
                            f"；应为：{'、'.join(levels)}"
                            if levels
                            else "；请先在 plan.levels 中写明各层级"
                        ),
                    )
                )
        if project.category is not None and project.category not in categories:
            problems.append(
                at(
                    doc,
                    ("projects", p, "category"),
                    "unknown-category",
                    f"类别「{project.category}」没有在 plan.categories 中登记"
                    + (
                        f"；应为：{'、'.join(categories)}"
                        if categories
                        else "；请先在 plan.categories 中写明各类别"
                    ),
                )
            )
    return problems


def _unique_names(doc: Document, loc: Loc, names: list[str], what: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for n, name in enumerate(names):
        if name in seen:
            problems.append(at(doc, (*loc, n, "name"), "duplicate-id", f"{what}「{name}」重复"))
        seen.add(name)
    return problems


def check_declared_counts(ds: Dataset) -> list[Problem]:
    """A declared «15件» or «39项» that differs from what is registered is a warning."""
    plan = ds.plan
    projects = list(ds.registry.projects)
    problems = _declared(ds, ("plan", "declared"), plan.declared, projects, "计划")
    for n, level in enumerate(plan.levels):
        own = [p for p in projects if level.name in p.level]
        problems += _declared(
            ds, ("plan", "levels", n, "declared"), level.declared, own, level.name
        )
    for n, category in enumerate(plan.categories):
        own = [p for p in projects if p.category == category.name]
        problems += _declared(
            ds, ("plan", "categories", n, "declared"), category.declared, own, category.name
        )
    return problems


def _declared(
    ds: Dataset, loc: Loc, declared: Declared | None, projects: list[Project], what: str
) -> list[Problem]:
    if declared is None:
        return []
    problems = []
    registered = {"projects": len(projects), "items": item_count(ds, projects)}
    words = {"projects": "件", "items": "项"}
    for key, count in (("projects", declared.projects), ("items", declared.items)):
        if count is not None and count != registered[key]:
            measure = words[key]
            problems.append(
                warning_at(
                    ds.doc,
                    (*loc, key),
                    "count-mismatch",
                    f"{what}声明 {count}{measure}，登记表中登记了 {registered[key]}{measure}；"
                    "请核对是否漏登或多登",
                )
            )
    return problems


# ---- money -------------------------------------------------------------------------------


def check_investment(ds: Dataset) -> list[Problem]:
    """Fund sources are named once; money milestones lie within the plan, in date order."""
    problems: list[Problem] = []
    for p, project in enumerate(ds.registry.projects):
        money = project.investment
        if money is None:
            continue
        loc: Loc = ("projects", p, "investment")
        names = [s.name for s in money.sources]
        problems += _unique_names(ds.doc, (*loc, "sources"), names, "资金来源")
        problems += _money_milestones(ds, (*loc, "milestones"), money.milestones, project)
    return problems


def _money_milestones(
    ds: Dataset, loc: Loc, milestones: tuple[MoneyMilestone, ...], project: Project
) -> list[Problem]:
    problems = []
    start, due = plan_start(ds.plan), project.due or plan_due(ds.plan)
    previous: dict[str, date] = {}
    for m, milestone in enumerate(milestones):
        where: Loc = (*loc, m, "by")
        if not start <= milestone.by <= due:
            problems.append(
                at(
                    ds.doc,
                    where,
                    "invalid-date",
                    f"资金节点日期 {milestone.by} 不在 {start} 至完成时限 {due} 之内",
                )
            )
        rate = money_rate(milestone)
        if rate in previous and milestone.by <= previous[rate]:
            problems.append(
                at(
                    ds.doc,
                    where,
                    "invalid-date",
                    "同一比率的资金节点必须按先后顺序排列，且不能重复",
                )
            )
        previous[rate] = milestone.by
    return problems


# ---- areas -------------------------------------------------------------------------------


def check_splits(ds: Dataset) -> list[Problem]:
    """Split targets: on quantities and checklists only, over registered areas, summing to
    the whole; each share reported by one of the indicator's units."""
    problems: list[Problem] = []
    for loc, project, indicator in _indicators(ds):
        owners = indicator.units or project.units
        if isinstance(indicator, Checklist):
            problems += _item_areas(ds, loc, indicator)
        if not indicator.split:
            continue
        sloc: Loc = (*loc, "split")
        if not isinstance(indicator, Quantity | Checklist):
            problems.append(
                at(
                    ds.doc,
                    sloc,
                    "kind-mismatch",
                    f"指标「{indicator.id}」不是数量或清单类指标，不能分解到各地区（split）",
                )
            )
            continue
        problems += _shares(ds, sloc, indicator, owners)
        problems += _split_sum(ds, sloc, indicator)
    return problems


def _shares(ds: Dataset, loc: Loc, indicator: Indicator, owners: tuple[str, ...]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for n, share in enumerate(indicator.split):
        problems += _area_known(ds, (*loc, n, "area"), share.area)
        if share.area in seen:
            problems.append(
                at(ds.doc, (*loc, n, "area"), "duplicate-id", f"地区「{share.area}」重复")
            )
        seen.add(share.area)
        if share.unit is not None and share.unit not in owners:
            problems.append(
                at(
                    ds.doc,
                    (*loc, n, "unit"),
                    "not-responsible",
                    f"「{share.unit}」不是指标「{indicator.id}」的责任单位（{'、'.join(owners)}），"
                    "不能填报本地区的数值；请把它加入项目或指标的 units，或删去这一行由牵头单位填报",
                )
            )
    return problems


def _area_known(ds: Dataset, loc: Loc, area: str) -> list[Problem]:
    unit = next((u for u in ds.registry.units if u.name == area), None)
    if unit is None:
        return [
            at(
                ds.doc,
                loc,
                "unknown-unit",
                f"地区「{area}」没有在 units 中登记；请在 units 中添加（kind: 乡镇、街道或县区）",
            )
        ]
    if unit.kind is not None and unit.kind not in AREA_KINDS:
        return [
            at(
                ds.doc,
                loc,
                "invalid-value",
                f"「{area}」登记的类型是{unit.kind}，不是地区（乡镇、街道、县区），不能分配目标",
            )
        ]
    return []


def _split_sum(ds: Dataset, loc: Loc, indicator: Quantity | Checklist) -> list[Problem]:
    total = sum(s.target for s in indicator.split)
    if isinstance(indicator, Quantity):
        if indicator.target is None:
            return [
                at(
                    ds.doc,
                    loc,
                    "kind-mismatch",
                    f"指标「{indicator.id}」没有目标数（只监测），不能分解到各地区",
                )
            ]
        if not same_amount(total, indicator.target):
            return [
                at(
                    ds.doc,
                    loc,
                    "split-sum",
                    f"各地区的目标之和 {_parts(indicator)} = {number(total)}{indicator.unit}，"
                    f"不等于指标「{indicator.id}」的目标 {number(indicator.target)}{indicator.unit}",
                )
            ]
        return []
    problems = []
    unplaced = [k for k, item in enumerate(indicator.items) if item.area is None]
    if unplaced:
        problems.append(
            at(
                ds.doc,
                (*loc[:-1], "items", unplaced[0], "name"),
                "missing-area",
                f"清单「{indicator.id}」分解到了各地区（split），每个清单项都要写 area（所在地区）；"
                f"「{indicator.items[unplaced[0]].name}」没有写",
            )
        )
    if not same_amount(total, len(indicator.items)):
        problems.append(
            at(
                ds.doc,
                loc,
                "split-sum",
                f"各地区的目标之和 {_parts(indicator)} = {number(total)}项，不等于清单「{indicator.id}」的 {len(indicator.items)} 项",
            )
        )
    placed = Counter(item.area for item in indicator.items if item.area is not None)
    for n, share in enumerate(indicator.split):
        if not unplaced and not same_amount(placed[share.area], share.target):
            problems.append(
                at(
                    ds.doc,
                    (*loc, n, "target"),
                    "split-sum",
                    f"地区「{share.area}」的目标为 {number(share.target)} 项，清单中属于该地区的有 {placed[share.area]} 项",
                )
            )
    return problems


def _parts(indicator: Quantity | Checklist) -> str:
    """The split's targets as a sum: 8.5 + 11.25."""
    return " + ".join(f"{number(s.target)}" for s in indicator.split)


def _item_areas(ds: Dataset, loc: Loc, indicator: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    split = {s.area for s in indicator.split}
    for k, item in enumerate(indicator.items):
        if item.area is None:
            continue
        iloc: Loc = (*loc, "items", k, "area")
        if split and item.area not in split:
            problems.append(
                at(
                    ds.doc,
                    iloc,
                    "unknown-area",
                    f"地区「{item.area}」不在本指标的 split 中（{'、'.join(sorted(split))}）",
                )
            )
        elif not split:
            problems += _area_known(ds, iloc, item.area)
    return problems


def shares_of(indicator: Indicator) -> Mapping[str, AreaShare]:
    return {s.area: s for s in indicator.split}


# ---- several years, 待核对 ------------------------------------------------------------------


def check_years(ds: Dataset) -> list[Problem]:
    """A multi-year project spans this year; a continued one comes from an earlier year;
    a total covers this year's target and a carried remainder lies within it."""
    problems: list[Problem] = []
    year = ds.plan.year
    for p, project in enumerate(ds.registry.projects):
        loc: Loc = ("projects", p)
        if project.years is not None and not project.years.first <= year <= project.years.last:
            problems.append(
                at(
                    ds.doc,
                    (*loc, "years"),
                    "invalid-value",
                    f"多年项目的年度 {project.years.first}—{project.years.last} 不含计划年度 {year}",
                )
            )
        if project.continues is not None and project.continues.year >= year:
            problems.append(
                at(
                    ds.doc,
                    (*loc, "continues", "year"),
                    "invalid-value",
                    f"接续实施的年度 {project.continues.year} 应早于计划年度 {year}",
                )
            )
    for loc, _project, indicator in _indicators(ds):
        if not isinstance(indicator, Quantity) or indicator.target is None:
            continue
        if indicator.total is not None and indicator.total < indicator.target:
            problems.append(
                at(
                    ds.doc,
                    (*loc, "total"),
                    "invalid-value",
                    f"总计划数 {number(indicator.total)} 小于本年目标 {number(indicator.target)}",
                )
            )
        if indicator.carried is not None and indicator.carried > indicator.target:
            problems.append(
                at(
                    ds.doc,
                    (*loc, "carried"),
                    "invalid-value",
                    f"结转的剩余任务 {number(indicator.carried)} 大于本年目标 {number(indicator.target)}",
                )
            )
    return problems


def check_unverified(ds: Dataset) -> list[Problem]:
    """待核对: a candidate indicator made from the notice's table, not yet confirmed."""
    return [
        warning_at(
            ds.doc,
            (*loc, "unverified"),
            "unverified",
            f"指标「{indicator.id}」（{indicator.name}）待核对：这是工具生成、尚未经人确认的候选指标（由通知表格或上一年度生成）；"
            "请对照通知原文核对类型、目标数和单位，确认无误后删去「unverified: true」",
        )
        for loc, _project, indicator in _indicators(ds)
        if indicator.unverified
    ]


# ---- reports -----------------------------------------------------------------------------


@report_check
def check_report_investment(index: ReportIndex) -> list[Problem]:
    """Money is reported by the project's lead unit, for the sources the registry plans."""
    problems: list[Problem] = []
    for row in index.investments:
        assert row.project is not None and row.entry.investment is not None
        loc: Loc = ("projects", row.index, "investment")
        problems += _investment_entry(row.loaded, loc, row.project, row.entry.investment)
    return problems


def _investment_entry(
    loaded: LoadedReport, loc: Loc, project: Project, report: InvestmentReport
) -> list[Problem]:
    doc, unit = loaded.doc, loaded.report.unit
    money = project.investment
    if money is None:
        return [
            at(
                doc,
                loc,
                "unknown-fund",
                f"项目 {project.id}（{project.name}）在登记表中没有登记投资（investment），不能填报投资和资金",
            )
        ]
    if unit != project.units[0]:
        return [
            at(
                doc,
                loc,
                "not-responsible",
                f"项目 {project.id} 的投资和资金由牵头单位「{project.units[0]}」填报，不由「{unit}」填报",
            )
        ]
    planned = [s.name for s in money.sources]
    problems: list[Problem] = []
    seen: set[str] = set()
    for n, source in enumerate(report.sources):
        sloc: Loc = (*loc, "sources", n, "name")
        if source.name not in planned:
            options = f"应为：{'、'.join(planned)}" if planned else "登记表没有写资金来源"
            problems.append(
                at(
                    doc,
                    sloc,
                    "unknown-fund",
                    f"资金来源「{source.name}」不在登记表中项目 {project.id} 的计划资金来源里（{options}）",
                )
            )
        elif source.name in seen:
            problems.append(at(doc, sloc, "duplicate-id", f"资金来源「{source.name}」重复填报"))
        seen.add(source.name)
        if (
            source.allocated is not None
            and source.paid is not None
            and source.paid > source.allocated
        ):
            problems.append(
                warning_at(
                    doc,
                    (*loc, "sources", n, "paid"),
                    "paid-over-allocated",
                    f"「{source.name}」累计拨付 {number(source.paid)} 多于累计下达 {number(source.allocated)}，请核对",
                )
            )
    return problems


@report_check
def check_report_areas(index: ReportIndex) -> list[Problem]:
    """Area figures belong to a split indicator's areas, each from the unit that reports it."""
    problems: list[Problem] = []
    for row in index.areas:
        if row.ref is not None:
            problems += _area_entry(row.loaded, row.loc, row.entry, row.ref)
    return problems


def _area_entry(
    loaded: LoadedReport, loc: Loc, entry: IndicatorReport, ref: IndicatorRef
) -> list[Problem]:
    doc, unit = loaded.doc, loaded.report.unit
    shares = shares_of(ref.indicator)
    if not shares:
        return [
            at(
                doc,
                (*loc, "areas"),
                "kind-mismatch",
                f"指标「{entry.id}」没有分解到各地区（登记表中没有 split），不能填 areas",
            )
        ]
    problems: list[Problem] = []
    seen: set[str] = set()
    for n, area in enumerate(entry.areas or ()):
        aloc: Loc = (*loc, "areas", n, "area")
        share = shares.get(area.area)
        if share is None:
            problems.append(
                at(
                    doc,
                    aloc,
                    "unknown-area",
                    f"指标「{entry.id}」没有分解到「{area.area}」；应为：{'、'.join(shares)}",
                )
            )
            continue
        if area.area in seen:
            problems.append(at(doc, aloc, "duplicate-id", f"地区「{area.area}」重复填报"))
        seen.add(area.area)
        reporter = share.unit or ref.owners[0]
        if unit != reporter:
            problems.append(
                at(
                    doc,
                    aloc,
                    "not-responsible",
                    f"指标「{entry.id}」在「{area.area}」的数值由「{reporter}」填报，不由「{unit}」填报",
                )
            )
    if entry.value is not None and len(seen) == len(shares):
        total = sum(a.value for a in entry.areas or () if a.area in shares)
        if not same_amount(total, entry.value):
            problems.append(
                warning_at(
                    doc,
                    (*loc, "value"),
                    "area-sum",
                    f"累计完成数 {number(entry.value)} 与各地区之和 {number(total)} 不一致；分解到各地区的指标按各地区之和计算",
                )
            )
    return problems


@report_check
def check_area_regressions(index: ReportIndex) -> list[Problem]:
    """An area's cumulative figure lower than its last reported one needs a correction reason."""
    problems: list[Problem] = []
    last: dict[tuple[str, str], tuple[float, str]] = {}
    for row in index.areas_chronological:
        entry, month = row.entry, row.loaded.report.month
        for n, area in enumerate(entry.areas or ()):
            key = (entry.id, area.area)
            previous = last.get(key)
            if (
                previous is not None
                and area.value < previous[0]
                and previous[1] < month
                and entry.correction is None
            ):
                problems.append(
                    at(
                        row.loaded.doc,
                        (*row.loc, "areas", n, "value"),
                        "regression",
                        f"「{area.area}」的累计完成数（{number(area.value)}）低于 {previous[1]} 的报送值；"
                        "如确需更正，请在本指标下填写 correction（更正说明）",
                    )
                )
            if previous is None or previous[1] <= month:
                last[key] = (area.value, month)
    return problems


# ---- earlier years (--previous) ----------------------------------------------------------


def check_continued(ds: Dataset, earlier: Mapping[int, Dataset]) -> list[Problem]:
    """A project continued from an earlier year names a project (and indicators) that year has."""
    problems: list[Problem] = []
    given = sorted(earlier)
    for p, project in enumerate(ds.registry.projects):
        link = project.continues
        if link is None:
            continue
        loc: Loc = ("projects", p, "continues")
        then = earlier.get(link.year)
        if then is None:
            if given:
                problems.append(
                    warning_at(
                        ds.doc,
                        (*loc, "year"),
                        "previous-missing",
                        f"没有给出 {link.year} 年度的数据文件夹（--previous，已给出："
                        f"{'、'.join(str(y) for y in given)}），无法核对接续的项目",
                    )
                )
            continue
        old = then.projects.get(link.id)
        if old is None:
            problems.append(
                at(
                    ds.doc,
                    (*loc, "id"),
                    "unknown-previous",
                    f"{link.year} 年度的登记表（{then.doc.path}）中没有序号为 {link.id} 的项目，"
                    "请核对接续实施的项目序号",
                )
            )
            continue
        old_ids = {i.id for i in old.indicators}
        for i, indicator in enumerate(project.indicators):
            earlier_id = indicator.previous_id
            if earlier_id is not None and earlier_id not in old_ids:
                problems.append(
                    at(
                        ds.doc,
                        ("projects", p, "indicators", i, "previous_id"),
                        "unknown-previous",
                        f"{link.year} 年度的项目 {link.id} 中没有编号为「{earlier_id}」的指标；"
                        f"应为：{'、'.join(sorted(old_ids))}",
                    )
                )
    return problems
