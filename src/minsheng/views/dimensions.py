"""The list's other dimensions as plain view data for every output: which ones a folder uses,
件 and 项, money (the 总体情况 sentence and its figures), levels and categories, areas (the
ranking and its first and last three), and what each project adds (levels, category, money,
people). Bulletins, status, export and any later bulletin kind all read these.

Everything here is absent (None, empty) when the registry does not use the dimension, so a
folder without them shows exactly what it always did.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Generic, TypeVar

from ..compute.areas import AreaRank, Areas, areas_of
from ..compute.groups import Group, Measures, by_category, by_level, measures, uses_groups
from ..compute.money import MoneySummary, ProjectMoney, by_source, moneys, summary
from ..compute.money import ratio as money_ratio
from ..compute.status import StatusReport
from ..load.dataset import Dataset
from ..models import Quantity
from ..models.dimensions import Declared
from ..records import frozen
from ..text import fmt
from ..text.numerals import cn_number
from .people import ProjectPeople, people_of

R = TypeVar("R")


@frozen
class Uses:
    """Which of the dimensions a folder's registry uses (an output adds only those)."""

    levels: bool = False
    categories: bool = False
    types: bool = False
    voted: bool = False
    investment: bool = False
    people: bool = False
    years: bool = False
    areas: bool = False
    targets: bool = False  # 暂定, 上级任务, 待核对
    units: bool = False  # unit kinds and contacts
    counts: bool = False  # 件 and 项 (levels, categories, declared counts or 子项)

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in dataclasses.fields(self))


def uses_of(ds: Dataset) -> Uses:
    plan, projects = ds.plan, ds.registry.projects
    indicators = [i for p in projects for i in p.indicators]
    return Uses(
        levels=bool(plan.levels),
        categories=bool(plan.categories),
        types=any(p.type is not None for p in projects),
        voted=any(p.voted for p in projects),
        investment=any(p.investment is not None for p in projects),
        people=any(p.leaders or p.responsible is not None for p in projects),
        years=any(p.years is not None or p.continues is not None for p in projects),
        areas=any(
            i.split or any(getattr(x, "area", None) for x in getattr(i, "items", ()))
            for i in indicators
        ),
        targets=any(i.tentative or i.parent is not None or i.unverified for i in indicators),
        units=any(u.kind is not None or u.contact is not None for u in ds.registry.units),
        counts=bool(
            plan.levels or plan.categories or plan.declared or plan.count_items == "subitems"
        ),
    )


def money_text(value: float | None, unit: str) -> str:
    """An amount of money: "2.47亿元", "3000万元"; "—" when unknown."""
    return "—" if value is None else f"{fmt.number(value)}{unit}"


@frozen
class SourceFacts:
    """One fund source summed over the projects shown, in the summary's unit."""

    name: str
    planned: float
    allocated: float | None
    paid: float | None

    @property
    def allocation_rate(self) -> float | None:
        return money_ratio(self.allocated, self.planned)

    @property
    def payment_rate(self) -> float | None:
        return money_ratio(self.paid, self.allocated)


@frozen
class MoneyFacts:
    """投资与资金 over the projects shown, in one unit."""

    summary: MoneySummary
    sources: tuple[SourceFacts, ...]

    @property
    def unit(self) -> str:
        return self.summary.unit

    def amount(self, value: float | None) -> str:
        return money_text(self.summary.shown(value), self.unit)

    @property
    def sentence(self) -> str:
        """«年度计划投资2.47亿元，完成投资2.41亿元，占年度计划的97.6%；资金到位率…，拨付率…。»"""
        s = self.summary
        text = f"年度计划投资{self.amount(s.annual)}，完成投资{self.amount(s.completed or 0.0)}"
        if s.completion is not None:
            text += f"，占年度计划的{fmt.percent(s.completion)}"
        rates = []
        if s.planned_funds:
            rates.append(
                f"计划资金{self.amount(s.planned_funds)}，已下达{self.amount(s.allocated or 0.0)}，"
                f"到位率{fmt.percent(s.allocation_rate or 0.0)}"
            )
        if s.allocated:
            rates.append(
                f"已拨付{self.amount(s.paid or 0.0)}，拨付率{fmt.percent(s.payment_rate or 0.0)}"
            )
        return text + ("；" + "，".join(rates) if rates else "") + "。"


def money_facts(found: Sequence[ProjectMoney]) -> MoneyFacts | None:
    total = summary(found)
    if total is None:
        return None
    sources = tuple(
        SourceFacts(name, total.shown(planned) or 0.0, total.shown(allocated), total.shown(paid))
        for name, planned, allocated, paid in by_source(found)
    )
    return MoneyFacts(total, sources)


@frozen
class GroupFacts:
    """One level or category of the list, as a bulletin or a table shows it."""

    kind: str  # level | category
    name: str
    title: str | None
    source: str | None
    measures: Measures
    done: int
    green: int
    lagging: int
    red: int
    completion: float
    expected: float
    facilities: int
    started: int
    money: MoneyFacts | None
    group: Group

    @property
    def start_rate(self) -> float | None:
        return self.started / self.facilities * 100 if self.facilities else None

    @property
    def label(self) -> str:
        """ "省级民生实事" or the level's own title."""
        return self.title or self.name

    def sentence(self, list_name: str) -> str:
        """«省级重点民生实事3件5项：已完成1件，正常推进2件；完成率…，序时进度…。» (a count of
        none goes unsaid; lagging ones with how many are serious)."""
        m = self.measures
        head = self.title or f"{self.name}{list_name}"
        counts = [
            f"已完成{self.done}件" if self.done else "",
            f"正常推进{self.green}件" if self.green else "",
        ]
        if self.lagging:
            serious = f"（其中严重滞后{self.red}件）" if self.red else ""
            counts.append(f"进度滞后{self.lagging}件{serious}")
        shown = "，".join(c for c in counts if c)
        text = (
            f"{head}{m.projects}件{m.items}项：{shown + '；' if shown else ''}"
            f"完成率{fmt.percent(self.completion)}，序时进度{fmt.percent(self.expected)}"
        )
        if self.start_rate is not None:
            text += f"，开工率{fmt.percent(self.start_rate)}"
        text += "。"
        if self.money is not None:
            text += self.money.sentence
        return text


def group_facts(g: Group) -> GroupFacts:
    o = g.report.overall
    found = moneys(g.report.dataset, (p.project for p in g.report.projects), g.report.timeline)
    orange = o.counts.get("orange", 0)
    return GroupFacts(
        g.kind,
        g.name,
        g.title,
        g.source,
        g.measures,
        o.done,
        o.green,
        o.yellow + orange + o.red,
        o.red,
        o.completion,
        o.expected,
        g.facilities,
        g.started,
        money_facts(found),
        g,
    )


def place(rank: int) -> str:
    """第三名."""
    return f"第{cn_number(rank) if rank < 100 else rank}名"


def ranking_text(ranks: Sequence[AreaRank]) -> str:
    """«第一名甲镇（100.0%）；第三名乙镇、丙乡（90.0%）»: tied areas share their place."""
    parts = []
    for rank, tied in groupby(ranks, key=lambda r: r.rank):
        together = list(tied)
        names = "、".join(r.area for r in together)
        parts.append(f"{place(rank)}{names}（{fmt.percent(together[0].completion)}）")
    return "；".join(parts)


@frozen
class AreaFacts:
    """The areas as a bulletin names them: the ranking, its first and last three."""

    areas: Areas
    count: int = 3

    @property
    def first(self) -> tuple[AreaRank, ...]:
        return self.areas.first(self.count)

    @property
    def last(self) -> tuple[AreaRank, ...]:
        return self.areas.last(self.count)

    @property
    def first_text(self) -> str:
        return ranking_text(self.first)

    @property
    def last_text(self) -> str:
        return ranking_text(self.last)

    @property
    def ranks(self) -> tuple[AreaRank, ...]:
        return self.areas.ranks

    @property
    def rows(self) -> tuple[tuple[str, str, float], ...]:
        """(名次, 地区, 完成率) of every area, best first: «第三名», «南山镇», 80.0."""
        return tuple((place(r.rank), r.area, r.completion) for r in self.areas.ranks)

    @property
    def sentence(self) -> str:
        """«分解到6个地区的目标任务，按完成率排名，前三名：…；后三名：…。»"""
        n = len(self.areas.ranks)
        if n <= self.count:
            return f"分解到{n}个地区的目标任务，按完成率排名：{ranking_text(self.ranks)}。"
        return (
            f"分解到{n}个地区的目标任务，按完成率排名，前三名：{self.first_text}；"
            f"后三名：{self.last_text}。"
        )

    def slowest(self) -> tuple[tuple[str, str], ...]:
        """(indicator, «乙镇（40.0%）、丙乡（50.0%）»): the slowest areas of each split indicator."""
        found = []
        for a in self.areas.indicators:
            cells = a.slowest(self.count)
            if cells:
                names = "、".join(f"{c.area}（{fmt.percent(c.completion)}）" for c in cells)
                found.append((a.result.indicator.name, names))
        return tuple(found)


@frozen
class ProjectFacts:
    """What a project adds: its levels, category, type, 票决, money and people."""

    id: int
    levels: tuple[str, ...]
    category: str | None
    type: str | None
    voted: bool
    money: ProjectMoney | None
    people: ProjectPeople | None

    @property
    def level_text(self) -> str:
        return "、".join(self.levels)

    @property
    def money_completion(self) -> float | None:
        return self.money.completion if self.money is not None else None

    @property
    def money_text(self) -> str:
        """ "1.2亿元 / 3亿元（40.0%）": completed / planned, with the rate."""
        m = self.money
        if m is None:
            return "—"
        text = f"{money_text(m.completed or 0.0, m.unit)} / {money_text(m.plan, m.unit)}"
        return text + (f"（{fmt.percent(m.completion)}）" if m.completion is not None else "")


@frozen
class Dimensions:
    """Everything the list's other dimensions add to one status picture."""

    uses: Uses
    measures: Measures | None
    money: MoneyFacts | None
    levels: tuple[GroupFacts, ...]
    categories: tuple[GroupFacts, ...]
    areas: AreaFacts | None
    projects: dict[int, ProjectFacts]

    @property
    def counts_sentence(self) -> str | None:
        """«共6件14项，达到时间进度要求的5件12项（通知中为6件14项）。»"""
        m = self.measures
        if m is None:
            return None
        item = "子项" if m.subitems else "项"
        text = (
            f"共{m.projects}件{m.items}{item}，达到时间进度要求的{m.projects_on_schedule}件"
            f"{m.items_on_schedule}{item}"
        )
        d = m.declared
        if d is not None and m.declared_mismatch:
            declared = "".join(
                f"{n}{w}" for n, w in ((d.projects, "件"), (d.items, item)) if n is not None
            )
            text += f"（文件中为{declared}，与登记的不一致）"
        return text + "。"

    def project(self, project_id: int) -> ProjectFacts | None:
        return self.projects.get(project_id)


def declared_for(report: StatusReport, part: tuple[str, str] | None) -> Declared | None:
    """The counts to check ``report`` against: the plan's for the whole list, a level's or a
    category's for that part (``part`` = (kind, name)); none for any other narrowing."""
    plan = report.dataset.plan
    if part is not None:
        kind, name = part
        found = plan.levels if kind == "level" else plan.categories
        return next((x.declared for x in found if x.name == name), None)
    whole = len(report.projects) == len(report.dataset.projects)
    return plan.declared if whole else None


def dimensions_of(report: StatusReport, part: tuple[str, str] | None = None) -> Dimensions | None:
    """The dimensions of ``report`` (None when its registry uses none of them); ``part`` names
    the level or category it is narrowed to, as (kind, name)."""
    ds = report.dataset
    uses = uses_of(ds)
    if not uses.any:
        return None
    shown = [p.project for p in report.projects]
    found = moneys(ds, shown, report.timeline)
    money = {m.project.id: m for m in found}
    areas = areas_of(report) if uses.areas else None
    return Dimensions(
        uses,
        measures(report, declared_for(report, part)) if uses_groups(report) else None,
        money_facts(found),
        () if part and part[0] == "level" else tuple(group_facts(g) for g in by_level(report)),
        ()
        if part and part[0] == "category"
        else tuple(group_facts(g) for g in by_category(report)),
        AreaFacts(areas) if areas is not None else None,
        {
            p.id: ProjectFacts(
                p.id, p.level, p.category, p.type, p.voted, money.get(p.id), people_of(p)
            )
            for p in shown
        },
    )


def target_note(indicator: object) -> str:
    """What a target adds in words: «（暂定，以上级下达为准）», «（上级任务：…）», «（待核对）»."""
    notes = []
    if getattr(indicator, "tentative", False):
        notes.append("暂定，以上级下达为准")
    parent = getattr(indicator, "parent", None)
    if parent is not None:
        notes.append(f"上级任务：{parent.task}")
    if isinstance(indicator, Quantity) and indicator.carried:
        notes.append(f"含上年结转{fmt.number(indicator.carried)}{indicator.unit}")
    if getattr(indicator, "unverified", False):
        notes.append("待核对")
    return f"（{'；'.join(notes)}）" if notes else ""


# ---- bulletins --------------------------------------------------------------------------------


@frozen
class ProjectSection(Generic[R]):
    """分项进展 of one level: «（一）省级民生实事（1件）» and its projects' rows."""

    label: str
    rows: tuple[R, ...]


@frozen
class LagPeople:
    """The people answering for a project that has lagging items."""

    project_id: int
    project: str
    people: ProjectPeople


@frozen
class BulletinDimensions(Generic[R]):
    """What a bulletin adds for the dimensions: the facts, the projects by level (each under
    its first level, in the plan's order), and who answers for the lagging projects."""

    facts: Dimensions
    sections: tuple[ProjectSection[R], ...]
    lag_people: tuple[LagPeople, ...]

    @property
    def money_column(self) -> bool:
        return self.facts.uses.investment

    @property
    def project_table(self) -> bool:
        """Whether 分项进展 differs from the plain table (levels, or money columns)."""
        return bool(self.sections) or self.money_column

    def overall_paragraphs(self, list_name: str) -> tuple[str, ...]:
        """What 总体情况 adds, paragraph by paragraph: 件 and 项, money, then each level
        («（一）省级民生实事1件1项：…»)."""
        d = self.facts
        found = [x for x in (d.counts_sentence,) if x]
        if d.money is not None:
            found.append(f"投资方面：{d.money.sentence}")
        found += [f"（{cn_number(n)}）{g.sentence(list_name)}" for n, g in enumerate(d.levels, 1)]
        return tuple(found)

    def money_cell(self, project_id: int) -> str:
        f = self.facts.projects.get(project_id)
        return f.money_text if f is not None else "—"


def bulletin_dimensions(
    d: Dimensions | None, rows: Sequence[R], lagging: Iterable[int], list_name: str
) -> BulletinDimensions[R] | None:
    """``rows`` (分项进展, with an ``id``) by level; ``lagging``: projects with lagging items."""
    if d is None:
        return None
    sections: list[ProjectSection[R]] = []
    if d.levels:
        first = {pid: f.levels[0] for pid, f in d.projects.items() if f.levels}
        names = [g.name for g in d.levels]
        for g in d.levels:
            mine = tuple(r for r in rows if first.get(getattr(r, "id", 0)) == g.name)
            if mine:
                label = f"（{cn_number(len(sections) + 1)}）{g.title or g.name + list_name}（{len(mine)}件）"
                sections.append(ProjectSection(label, mine))
        rest = tuple(r for r in rows if first.get(getattr(r, "id", 0)) not in names)
        if rest:
            sections.append(
                ProjectSection(f"（{cn_number(len(sections) + 1)}）其他（{len(rest)}件）", rest)
            )
    people = []
    for pid in dict.fromkeys(lagging):
        f = d.projects.get(pid)
        if f is not None and f.people is not None:
            name = next((getattr(r, "name", "") for r in rows if getattr(r, "id", None) == pid), "")
            people.append(LagPeople(pid, name, f.people))
    return BulletinDimensions(d, tuple(sections), tuple(people))
