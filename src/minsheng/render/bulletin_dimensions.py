"""The Word bulletin's parts for the list's other dimensions (``views.dimensions``): the same
paragraphs and tables as ``templates/_dimensions.md.j2``, as 公文 blocks. Each returns
nothing when the registry does not use the dimension."""

from __future__ import annotations

from collections.abc import Callable

from ..text import fmt
from ..views.bulletin import Bulletin, ProjectRow
from ..views.dimensions import BulletinDimensions
from ..views.document import Align, Block, Column, Paragraph, Row, Table

AREAS = "areas"
AREAS_TITLE = "各地区进展"
NUM = Column(1.0, Align.RIGHT)
PCT = Column(1.4, Align.RIGHT)
ProjectCells = Callable[[ProjectRow], tuple[str, ...]]  # the plain table's cells of a row


def with_areas(b: Bulletin, order: tuple[str, ...]) -> tuple[str, ...]:
    """The sections in order, with 各地区进展 after 分项进展 when targets are split by area."""
    if b.dimensions is None or b.dimensions.facts.areas is None or "projects" not in order:
        return order
    at = order.index("projects") + 1
    return (*order[:at], AREAS, *order[at:])


def overall(b: Bulletin) -> list[Block]:
    """What 总体情况 adds: 件 and 项, investment, each level."""
    if b.dimensions is None:
        return []
    return [Paragraph.of(x) for x in b.dimensions.overall_paragraphs(b.words.list_name)]


def projects(b: Bulletin, cells: ProjectCells) -> list[Block] | None:
    """分项进展 by level (a 分类标题行 per level) and with the money column; None when the
    plain table serves."""
    x = b.dimensions
    if x is None or not x.project_table:
        return None
    header = ["序号", "项目", "牵头单位", "完成率", "序时进度", "状态", "最新进展"]
    columns = [NUM, Column(3), Column(2), PCT, PCT, Column(1.3), Column(4.5)]
    if x.money_column:
        header.insert(6, "完成投资 / 计划投资")
        columns.insert(6, Column(2.4, Align.RIGHT))

    def row(p: ProjectRow) -> Row:
        found = list(cells(p))
        if x.money_column:
            found.insert(6, x.money_cell(p.id))
        return Row(tuple(found))

    rows: list[Row] = []
    if x.sections:
        for s in x.sections:
            rows.append(Row((s.label,), category=True))
            rows += [row(p) for p in s.rows]
    else:
        rows = [row(p) for p in b.projects]
    return [Table(columns=tuple(columns), header=(tuple(header),), rows=tuple(rows))]


def areas(b: Bulletin) -> list[Block]:
    """各地区进展: the ranking's first and last three, the table, the slowest areas."""
    x: BulletinDimensions[ProjectRow] | None = b.dimensions
    if x is None or x.facts.areas is None:
        return []
    a = x.facts.areas
    table = Table(
        columns=(Column(1.4), Column(2.6), PCT),
        header=(("名次", "地区", "完成率"),),
        rows=tuple(Row((place, area, fmt.percent(done))) for place, area, done in a.rows),
    )
    blocks: list[Block] = [Paragraph.of(a.sentence), table]
    slow = a.slowest()
    if slow:
        blocks.append(
            Paragraph.of(
                "进度最慢的地区：" + "；".join(f"{name}：{names}" for name, names in slow) + "。"
            )
        )
    return blocks


def lag_people(b: Bulletin) -> list[Block]:
    """Who answers for the projects with lagging items (internal: with phones)."""
    if b.dimensions is None or not b.dimensions.lag_people:
        return []
    found = "；".join(
        f"项目{p.project_id}（{p.project}）：{p.people.internal}" for p in b.dimensions.lag_people
    )
    return [Paragraph.of(f"滞后事项的责任领导和责任人：{found}。")]
