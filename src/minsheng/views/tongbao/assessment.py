"""The 年终考核结果 (``--kind assessment``): the year-end assessment in its own 通报, issued
after the year's — the method, the results in prose, the rankings in 附件."""

from __future__ import annotations

from collections.abc import Sequence

from ...compute.assess import UnitScore, YearAssessment
from ...text import fmt
from ...text.numerals import cn_number
from ..bulletin import Bulletin
from ..document import (
    Align,
    Attachment,
    Block,
    Column,
    Document,
    Heading,
    Paragraph,
    Row,
    Signature,
    Table,
)
from . import words as w
from .masthead import Options, metadata

NUM = Column(1.0, Align.RIGHT)
PCT = Column(1.4, Align.RIGHT)


def score(value: float) -> str:
    return f"{value:.1f}"


def method_sentence(a: YearAssessment) -> str:
    f, n = a.formula, fmt.number
    text = (
        f"按照年终考核办法，得分＝完成率×{n(f.completion_points)}÷100＋{n(f.review_weight)}×"
        f"（督查评分－{n(f.review_baseline)}）－逾期报送{n(f.late_penalty)}分/次－"
        f"未报送{n(f.missing_penalty)}分/次，得分在0至{n(f.completion_points)}分之间。"
    )
    if a.reports_as_of != a.as_of:
        text += f"报送扣分按截至{fmt.cn_date(a.reports_as_of)}（各期报送截止之后）的报送情况计算。"
    return text


def places_text(units: Sequence[UnitScore]) -> str:
    """«县住房城乡建委、县教委并列第一（96.0分）；县民政局第三（93.0分）»."""
    parts = []
    rank = None
    group: list[UnitScore] = []
    for u in [*units, None]:
        if u is not None and u.rank == rank:
            group.append(u)
            continue
        if group:
            names = "、".join(g.name for g in group)
            tied = "并列" if len(group) > 1 else ""
            parts.append(f"{names}{tied}第{cn_number(group[0].rank)}（{score(group[0].score)}分）")
        if u is not None:
            rank, group = u.rank, [u]
    return "；".join(parts)


def penalty_text(u: UnitScore) -> str:
    """«县公安局（未报送1份）», «县商务委（逾期1份）»."""
    parts = [f"逾期{u.late}份" if u.late else "", f"未报送{u.missing}份" if u.missing else ""]
    return f"{u.name}（{'、'.join(p for p in parts if p)}）"


def results(a: YearAssessment) -> list[Block]:
    units = a.units
    top = [u for u in units if u.rank <= 3]
    text = f"{len(units)}个责任单位中，{places_text(top)}。"
    last = [u for u in units if u.rank == units[-1].rank] if len(units) > 3 else []
    if last and last[0] not in top:
        text += f"得分最低的是{'、'.join(u.name for u in last)}（{score(last[0].score)}分）。"
    penalised = [u for u in units if u.late or u.missing]
    if penalised:
        text += f"因逾期或未报送被扣分的有{'、'.join(map(penalty_text, penalised))}。"
    return [Paragraph.of(text), Paragraph.of(projects_text(a))]


LOWEST = 3  # how many of the lowest-scoring projects the results name


def projects_text(a: YearAssessment) -> str:
    """«15件项目中，13件得100.0分；得分较低的是…（第十项，89.0分）…。»"""
    if not a.projects:
        return ""
    best = max(s.score for s in a.projects)
    top = [s for s in a.projects if round(s.score, 1) == round(best, 1)]
    text = f"{len(a.projects)}件项目中，"
    if len(top) == len(a.projects):
        return text + f"均得{score(best)}分。"
    if len(top) <= LOWEST:
        names = "、".join(w.project_ref(s.result.project.id, s.result.project.name) for s in top)
        text += f"得分最高的是{names}（{score(best)}分）"
    else:
        text += f"{len(top)}件得{score(best)}分"
    rest = sorted(
        (s for s in a.projects if s not in top), key=lambda s: (s.score, s.result.project.id)
    )
    low = "、".join(
        f"{s.result.project.name}（{w.list_number(s.result.project.id)}，{score(s.score)}分）"
        for s in rest[:LOWEST]
    )
    return text + f"；得分较低的是{low}。"


def closed_column(a: YearAssessment) -> tuple[tuple[Column, ...], tuple[str, ...]]:
    """The 销号 column (its column and header), where office.yaml enables acceptance."""
    return ((NUM,), ("销号",)) if a.closures else ((), ())


def closed_cell(a: YearAssessment, closed: int | None) -> tuple[str, ...]:
    return (str(closed or 0),) if a.closures else ()


def unit_table(a: YearAssessment) -> Attachment:
    more, closed = closed_column(a)
    bonus = ("销号加分",) if a.closure_points else ()
    table = Table(
        columns=(NUM, Column(3.5), PCT, PCT, PCT, PCT, *(PCT for _ in bonus), PCT, *more),
        header=(
            (
                "名次",
                "责任单位",
                "完成率",
                "完成分",
                "督查加减分",
                "报送扣分",
                *bonus,
                "得分",
                *closed,
            ),
        ),
        rows=tuple(
            Row(
                (
                    str(u.rank),
                    u.name,
                    fmt.percent(u.result.completion),
                    score(u.points.completion),
                    score(u.points.review),
                    score(u.points.reports),
                    *((score(u.points.closure),) if bonus else ()),
                    score(u.points.total),
                    *closed_cell(a, u.closed),
                )
            )
            for u in a.units
        ),
    )
    return Attachment("责任单位年终考核得分排名表", (table,))


def project_table(a: YearAssessment) -> Attachment:
    more, closed = closed_column(a)
    table = Table(
        columns=(NUM, Column(4), Column(2.5), PCT, PCT, NUM, *more),
        header=(("序号", "项目", "牵头单位", "完成率", "得分", "名次", *closed),),
        rows=tuple(
            Row(
                (
                    str(s.result.project.id),
                    s.result.project.name,
                    s.result.lead,
                    fmt.percent(s.result.completion),
                    score(s.points.total),
                    str(s.rank),
                    *closed_cell(a, s.closed),
                )
            )
            for s in a.projects
        ),
    )
    return Attachment("项目年终考核得分表", (table,))


def assessment_document(b: Bulletin, o: Options) -> Document:
    a = b.assessment
    assert a is not None, "the assessment is built for the year's bulletin"
    title = f"关于{b.subject}年终考核结果的通报"
    source = f"按照{b.plan.issuer}《{b.plan.title}》"
    if b.plan.doc_number:
        source += f"（{b.plan.doc_number}）"
    intro = (
        f"{source}要求，{'会同'.join(b.issuers)}对{len(a.units)}个责任单位承担的"
        f"{len(a.projects)}件{b.words.list_name}全年完成情况进行了年终考核。现将考核结果通报如下。"
    )
    body: list[Block] = [
        Paragraph.of(intro),
        Heading(1, "一、考核办法"),
        Paragraph.of(method_sentence(a)),
        Heading(1, "二、考核结果"),
        *results(a),
        Paragraph.of("各单位得分和名次见附件1，各项目得分见附件2。"),
    ]
    meta = metadata(b, o, title)
    return Document(
        meta=meta,
        body=tuple(body),
        signature=Signature(meta.issuers, meta.dated),
        attachments=(unit_table(a), project_table(a)),
        kind=o.kind.value,
    )
