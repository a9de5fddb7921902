"""The 公示 (``--kind public``): what the public may see of each project — 牵头领导, 责任单位,
年度目标, 实际完成情况 — and where to object. Nothing internal: no phones, scores, report
compliance, 督办 records or units' 存在问题."""

from __future__ import annotations

from ...text import fmt
from ..bulletin import Bulletin, ProjectRow, period_words
from ..document import Align, Column, Document, Paragraph, Row, Signature, Table
from . import words as w
from .masthead import Options, metadata


def leaders_of(b: Bulletin, project_id: int) -> str | None:
    """牵头领导, public form (names and posts, never phones); None without people data."""
    x = b.dimensions
    if x is None or not x.facts.uses.people:
        return None
    facts = x.facts.project(project_id)
    if facts is None or facts.people is None or not facts.people.leaders:
        return "—"
    return facts.people.leader_names


def actual_text(p: ProjectRow) -> str:
    """实际完成情况: the completion and what the unit last reported of its progress."""
    done = "已完成" if p.status == "done" else f"完成年度目标的{fmt.percent(p.completion)}"
    if p.progress:
        return f"{done}。{w.quoted(p.progress)[1:-1]}。"
    return f"{done}。"


def public_document(b: Bulletin, o: Options) -> Document:
    title = f"关于{b.subject}{period_words(b.period, b.as_of)}实施情况的公示"
    with_leaders = leaders_of(b, b.projects[0].id) is not None if b.projects else False
    header = (
        ["序号", "项目名称"]
        + (["牵头领导"] if with_leaders else [])
        + ["责任单位", "年度目标", "实际完成情况"]
    )
    columns = [Column(1.0, Align.CENTER), Column(3)] + ([Column(2.2)] if with_leaders else [])
    columns += [Column(2.4), Column(4.6), Column(5)]
    rows = []
    for p in b.projects:
        cells = [str(p.id), p.name]
        if with_leaders:
            cells.append(leaders_of(b, p.id) or "—")
        cells += [w.units_text(p.units), p.text or p.name, actual_text(p)]
        rows.append(Row(tuple(cells)))
    intro = Paragraph.of(
        f"按照{b.plan.issuer}《{b.plan.title}》"
        + (f"（{b.plan.doc_number}）" if b.plan.doc_number else "")
        + f"要求，为接受社会监督，现将{len(b.projects)}件{b.words.list_name}"
        f"{period_words(b.period, b.as_of)}实施情况公示如下（统计截至{fmt.cn_date(b.as_of)}）。"
    )
    table = Table(columns=tuple(columns), header=(tuple(header),), rows=tuple(rows))
    meta = metadata(b, o, title)
    return Document(
        meta=meta,
        body=(intro, table, Paragraph.of(objection(b))),
        signature=Signature(meta.issuers, meta.dated, seal=True),
        kind=o.kind.value,
        landscape=True,
    )


def objection(b: Bulletin) -> str:
    """The objection clause: office.yaml's public contact; else the notice's contact where it
    is an office (``{office: …, phone: …}``, an office phone); else the coordinator's office
    alone — a named person's phone is personal and never goes into a public notice."""
    days = b.settings.objection_days
    c = b.settings.public_contact
    if c is not None:
        office = c.office or b.plan.coordinator
        return w.objection_sentence(days, office, c.address, c.name, c.phone)
    plan = b.plan.contact
    if plan.name is None and plan.office is not None:
        return w.objection_sentence(days, plan.office, None, None, plan.phone)
    return w.objection_sentence(days, plan.office or b.plan.coordinator, None, None, None)
