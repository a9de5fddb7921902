"""The 通报 (``--kind tongbao``) as a 公文: preamble, 一、总体情况, 二、存在问题, 三、下步工作要求
in prose naming units, items and figures; the tables in 附件; 落款.

This is the one place the bulletin's words are built; Markdown, HTML and Word lay out the
``Document`` it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...compute.vocabulary import Category
from ...dates import PeriodKind
from ...records import frozen
from ...text import fmt
from ...text.numerals import cn_number
from ..bulletin import Bulletin, LagItem, period_words
from ..document import (
    Attachment,
    Block,
    Column,
    Document,
    Heading,
    Paragraph,
    Row,
    Run,
    Signature,
    Table,
)
from ..duban import ActionRow
from . import tables
from . import words as w
from .masthead import Options, metadata

FAST = 3  # how many of the fastest projects 总体情况 names


def document(b: Bulletin, o: Options) -> Document:
    """The 通报 of ``b`` as a 公文."""
    body: list[Block] = [preamble(b)]
    shown = [s for s in SECTIONS if s.wanted(b)]
    for n, section in enumerate(shown, start=1):
        body += [Heading(1, f"{cn_number(n)}、{section.title}"), *section.build(b)]
    meta = metadata(b, o, b.title)
    return Document(
        meta=meta,
        body=tuple(body),
        signature=Signature(meta.issuers, meta.dated),
        attachments=attachments(b),
        kind=o.kind.value,
    )


@frozen
class Section:
    """One 「一、」 section: its title, its blocks, and whether this bulletin has it."""

    title: str
    build: Callable[[Bulletin], list[Block]]
    wanted: Callable[[Bulletin], bool] = lambda b: True


def verb(b: Bulletin) -> tuple[str, str]:
    """(what was done, how it is passed on): a month is 调度 and 汇总, the rest 督查 and 通报."""
    if b.period.kind is PeriodKind.MONTH:
        return "调度", "汇总"
    return "督查", "通报"


def preamble(b: Bulletin) -> Paragraph:
    """«按照…《…》（…）要求，县政府督查室会同县发展改革委根据各责任单位报送的月度进展报告，对15件
    重点民生实事1—6月推进情况进行了督查。现将有关情况通报如下。»"""
    source = f"按照{b.plan.issuer}《{b.plan.title}》"
    if b.plan.doc_number:
        source += f"（{b.plan.doc_number}）"
    done, told = verb(b)
    what = "完成情况" if b.year_end and not b.partial else "推进情况"
    text = (
        f"{source}要求，{'会同'.join(b.issuers)}根据各责任单位报送的{b.words.report}，"
        f"对{b.overview.projects}件{b.words.list_name}{period_words(b.period, b.as_of)}{what}"
        f"进行了{done}。现将有关情况{told}如下。"
    )
    return Paragraph.of(text)


# --- 一、总体情况 ------------------------------------------------------------------------------


def counts(b: Bulletin) -> w.Counts:
    o = b.overview
    return w.Counts(
        total=o.tally.total if o.tally is not None else o.projects,
        done=o.finished,
        on_track=o.on_track,
        ahead=o.of(Category.AHEAD),
        behind=o.behind,
        serious=o.of(Category.FAR_BEHIND),
        not_started=o.of(Category.NOT_STARTED),
    )


def overall(b: Bulletin) -> list[Block]:
    o, when = b.overview, w.by_day(b.as_of)
    c = counts(b)
    if b.year_end and not b.partial:
        head = f"{when}，" + w.year_sentence(c.total, c.done, b.words.list_name)
    else:
        head = w.counts_sentence(c, b.words.list_name, when)
    first = head + w.rate_sentence(o.completion, o.expected, b.year_end and not b.partial)
    first += w.start_sentence(o.facilities, o.started)
    blocks: list[Block] = [Paragraph.of(first)]
    scope = lag_scope(b)
    examples = w.examples_sentence(finished(b), fastest(b))
    if b.year_end and not b.partial:
        examples = unfinished_sentence(b)
    if examples or scope:
        blocks.append(Paragraph.of(examples + scope))
    blocks += [Paragraph.of(text) for text in dimension_paragraphs(b)]
    if b.extras is not None:
        blocks.append(Paragraph.of(colours_sentence(b)))
    if b.previous is not None:
        blocks.append(Paragraph.of(comparison(b)))
    t = b.totals
    reports = w.reports_sentence(
        b.plan.reporting.rule,
        len(b.units),
        b.words.report,
        t.due,
        t.on_time,
        t.late,
        t.missing,
        t.pending,
    )
    blocks.append(Paragraph.of(reports))
    return blocks


def finished(b: Bulletin) -> list[tuple[int, str]]:
    done = (Category.EXCEEDED, Category.EARLY, Category.DONE)
    found = b.found
    if found is None:
        return []
    return [(p.id, p.name) for p in b.projects if found.projects.get(p.id) in done]


def fastest(b: Bulletin) -> list[tuple[int, str, float]]:
    """The projects furthest ahead of 序时进度 (超序时), at most three, the furthest first."""
    found = b.found
    if found is None:
        return []
    ahead = [p for p in b.projects if found.projects.get(p.id) is Category.AHEAD]
    ahead.sort(key=lambda p: (-(round(p.completion, 1) - round(p.expected, 1)), p.id))
    return [(p.id, p.name, p.completion) for p in ahead[:FAST]]


def unfinished_sentence(b: Bulletin) -> str:
    """The year's: «未完成的是…（第十项，完成93.3%）、…。»"""
    found = b.found
    if found is None:
        return ""
    done = (Category.EXCEEDED, Category.EARLY, Category.DONE, Category.MONITOR)
    left = [p for p in b.projects if found.projects.get(p.id) not in done]
    if not left:
        return ""
    names = "、".join(
        f"{p.name}（{w.list_number(p.id)}，完成{fmt.percent(p.completion)}）" for p in left
    )
    return f"未完成的是{names}。"


def lag_scope(b: Bulletin) -> str:
    """How the projects behind and the items named add up: «按目标任务和清单项计，滞后的事项共3个
    （见附件2），分属3件项目；其中开展“百千万惠残助残行动”（第十三项）总体进度正常。»"""
    if not b.lagging:
        if b.slight:
            return "没有落后序时进度超过容许范围的事项。"
        return ""
    projects = b.lagging_projects
    found = b.found
    behind = {
        p.id for p in b.projects if found is not None and found.projects.get(p.id) in NAMED_SET
    }
    text = f"按目标任务和清单项计，滞后的事项共{len(b.lagging)}个（见附件{lag_attachment(b)}）"
    if len(projects) > 1:
        text += f"，分属{len(projects)}件项目"
    normal = [pid for pid in projects if pid not in behind]
    if normal:
        names = w.named_projects([(pid, _project_name(b, pid)) for pid in normal])
        text += f"；其中{names}总体进度正常，但有事项滞后"
    return text + "。"


NAMED_SET = (Category.BEHIND, Category.FAR_BEHIND)


def _project_name(b: Bulletin, project_id: int) -> str:
    return next((p.name for p in b.projects if p.id == project_id), "")


def dimension_paragraphs(b: Bulletin) -> list[str]:
    """件 and 项, investment, each level, the areas' first and last three."""
    x = b.dimensions
    if x is None:
        return []
    found = list(x.overall_paragraphs(b.words.list_name))
    if x.facts.areas is not None:
        found.append(x.facts.areas.sentence)
    return found


def colours_sentence(b: Bulletin) -> str:
    """Under the office's rules: «按预警颜色：绿灯13件，黄灯1件，红灯1件。» and what was exceeded."""
    x = b.extras
    if x is None:
        return ""
    shown = [f"{c.name}{c.count}件" for c in x.colours if c.count]
    text = "按预警颜色，" + "，".join(shown) + "。" if shown else ""
    if x.exceeded:
        text += (
            "超额完成的目标任务："
            + "；".join(f"{name}完成目标的{fmt.percent(r)}" for name, r in x.exceeded)
            + "。"
        )
    return text


DONE = (Category.EXCEEDED, Category.EARLY, Category.DONE)


def comparison(b: Bulletin) -> str:
    """«与上季度末相比，总体完成率提高…» and what changed, named."""
    c = b.previous
    assert c is not None
    o, p = b.overview, c.overview
    head = w.comparison_sentence(
        c.label,
        (o.completion, p.completion),
        (o.finished, p.finished),
        (o.behind, p.behind),
        (len(c.lagging_out), len(c.lagging_in)),
    )
    now, then = b.found, c.found
    done = [
        (r.id, r.name)
        for r in b.projects
        if now is not None
        and now.projects.get(r.id) in DONE
        and (then is None or then.projects.get(r.id) not in DONE)
    ]
    into = [(pid, _project_name(b, pid)) for pid in c.lagging_in]
    out = [(pid, _project_name(b, pid)) for pid in c.lagging_out]
    turns = w.turns_sentence(len(c.changes), done, into, out)
    return head + turns


# --- 二、存在问题 --------------------------------------------------------------------------------


def lead(text: str, rest: str) -> Paragraph:
    """A point with its lead sentence in bold: «**一是部分事项推进滞后。**…»."""
    return Paragraph.of(Run(text, bold=True), rest) if rest else Paragraph.of(Run(text, bold=True))


def problems(b: Bulletin) -> list[Block]:
    points: list[tuple[str, str]] = []
    quoted: set[tuple[int, str]] = set()
    if b.lagging:
        sentences = []
        for x in b.lagging:
            notes = tuple(
                n for n in b.notes_of(x.project_id, x.units) if (n.project_id, n.unit) not in quoted
            )
            missed = [
                m.wanted for m in b.overdue if m.project_id == x.project_id and m.subject == x.name
            ]
            sentences.append(w.named_sentence(x, notes, missed))
            quoted |= {(n.project_id, n.unit) for n in notes if n.problems}
        points.append(("部分事项推进滞后。", w.sentence("；".join(sentences))))
    others = [n for n in b.notes if n.problems and (n.project_id, n.unit) not in quoted]
    if others:
        points.append(("部分项目推进中还有困难。", w.causes_text(others)))
    milestones = [m for m in b.overdue if not _overdue_item_named(b, m.project_id, m.subject)]
    if milestones:
        points.append(
            ("部分节点未按期完成。", w.sentence("；".join(map(w.milestone_sentence, milestones))))
        )
    risky = [r for r in b.risks if not _named_lagging(b, r.project_id, r.indicator)]
    if risky and not b.year_end:
        told = w.risks_sentence(risky, lag_attachment(b))
        points.append(
            ("部分事项存在逾期风险。", ("除上述滞后事项外，" if b.lagging else "") + told)
        )
    if b.issues:
        issues = sorted(b.issues, key=lambda i: i.month)  # stable: units in registry order
        points.append(("部分单位报送不及时。", w.late_reports_sentence(issues)))
    if not points:
        return [Paragraph.of(f"{w.by_day(b.as_of)}，各项目推进正常，未发现滞后或逾期的事项。")]
    return [lead(f"{w.ordinal(n)}{head}", rest) for n, (head, rest) in enumerate(points, start=1)]


def _named_lagging(b: Bulletin, project_id: int, indicator: str) -> bool:
    """An item at risk that is named among the lagging ones already is not named again (the
    attachment lists it with the rest)."""
    return any(x.project_id == project_id and x.indicator == indicator for x in b.lagging)


def _overdue_item_named(b: Bulletin, project_id: int, subject: str) -> bool:
    """A missed 节点 of an item named among the lagging ones is told with it, not again."""
    return any(x.project_id == project_id and x.name == subject for x in b.lagging)


# --- 三、下步工作要求 ------------------------------------------------------------------------


# The tool's own standing text: (text, only when something is named as lagging).
DEFAULT_STEPS = (
    ("各责任单位要对照年度目标任务，倒排工期、压实责任，确保按期完成。", False),
    ("进度滞后的项目，责任单位要分析原因、制定措施，限期追赶序时进度。", True),
    ("各责任单位要按时报送{cadence}推进情况，不得迟报、漏报。", False),
)
DEFAULT_YEAR_STEPS = (
    ("未按期完成的项目，责任单位要书面说明原因，确保尽快建成见效。", True),
    ("各责任单位要认真总结全年工作，做好项目验收和资料归档。", False),
    ("已完成的项目要加强后续管理，确保长期发挥效益。", False),
)


def standing(b: Bulletin) -> tuple[str, ...]:
    """下步工作要求 that stand from period to period: office.yaml's for this kind of period
    (untagged ones for every period); else the registry's, except at the year's end, which has
    its own (a year-end bulletin asks nothing monthly); else the tool's."""
    kind = b.period.kind.value
    own = b.settings.standing
    if own:
        return tuple(s.text for s in own if not s.periods or kind in s.periods)
    if b.period.kind is not PeriodKind.YEAR and b.next_steps:
        return b.next_steps
    defaults = DEFAULT_YEAR_STEPS if b.period.kind is PeriodKind.YEAR else DEFAULT_STEPS
    cadence = b.words.cadence or "报送期"
    return tuple(
        text.format(cadence=cadence) for text, lagging in defaults if b.lagging or not lagging
    )


def requirements(b: Bulletin) -> list[Block]:
    blocks: list[Block] = []
    n = 0
    if b.lagging:
        n += 1
        asked = [
            w.requirement_sentence(
                group, b.notes_of(group[0].project_id, group[0].units), b.year_end
            )
            for group in per_project(b.lagging)
        ]
        head = "抓紧扫尾未完成事项。" if b.year_end else "加快推进滞后事项。"
        blocks.append(lead(f"（{cn_number(n)}）{head}", "".join(asked)))
    for text in standing(b):
        n += 1
        blocks.append(Paragraph.of(f"（{cn_number(n)}）{text}"))
    c = b.plan.contact
    office = (c.office or b.plan.coordinator) if c.name else c.office
    blocks.append(Paragraph.of(w.contact_sentence(c.name, c.phone, office)))
    return blocks


def per_project(items: Sequence[LagItem]) -> list[list[LagItem]]:
    """The items by (project, units), in order: a project's several items are asked of once."""
    groups: dict[tuple[int, tuple[str, ...]], list[LagItem]] = {}
    for x in items:
        groups.setdefault((x.project_id, x.units), []).append(x)
    return list(groups.values())


# --- 挂牌督办及销号情况 ----------------------------------------------------------------------


def duban(b: Bulletin) -> list[Block]:
    """What the period's 督办 did: issued (by the ladder's steps, the units named), still open
    (挂牌督办 named, the overdue), closed, 销号, and the period's inspections; the actions
    themselves in 附件."""
    d = b.duban
    if d is None:
        return []
    when = w.by_day(b.as_of)
    text = w.issued_sentence(len(d.issued), d.counts, d.units)
    text += w.open_sentence(
        when,
        d.open_units,
        [subject(a) for a in d.listed],
        d.overdue_units,
        len(d.overdue),
        d.total,
    )
    closures = (
        None
        if d.closures is None
        else [w.subject_text(c.project_id, c.project, c.target) for c in d.closures]
    )
    text += w.closed_sentence(d.closed_units, closures)
    for i in d.inspections:
        told = w.inspection_sentence(i.day, i.team, i.methods, len(i.findings))
        text += told + (f"（{i.title}）" if i.title else "") + "。"
    if d.rows:
        text += f"督办事项见附件{attachment_number(b, DUBAN_TABLE)}。"
    return [Paragraph.of(text)]


def subject(a: ActionRow) -> str:
    return w.subject_text(a.project_id, a.project, a.target)


DUBAN_TABLE = "督办事项情况表"


def duban_table(b: Bulletin) -> Attachment | None:
    """附件: 督办事项情况表 — the period's actions, those still open and those it closed."""
    d = b.duban
    if d is None or not d.rows:
        return None
    table = Table(
        columns=(
            tables.NUM,
            Column(1.6),
            Column(4),
            Column(2.6),
            Column(2.2),
            Column(2.2),
            Column(2.4),
        ),
        header=(("序号", "督办方式", "事项", "督办对象", "下发日期", "办结时限", "情况"),),
        rows=tuple(
            Row(
                (
                    str(k),
                    a.action,
                    subject(a),
                    a.addressee,
                    fmt.cn_date(a.issued),
                    fmt.cn_date(a.deadline) if a.deadline else "—",
                    a.status_text,
                )
            )
            for k, a in enumerate(d.rows, start=1)
        ),
    )
    return Attachment(DUBAN_TABLE, (table,), landscape=True)


# The sections in order: the 督办 ledger's 挂牌督办及销号情况, where the folder keeps one, after
# 存在问题 and before 下步工作要求.
SECTIONS: tuple[Section, ...] = (
    Section("总体情况", overall),
    Section("存在问题", problems),
    Section("挂牌督办及销号情况", duban, lambda b: b.duban is not None),
    Section("下步工作要求", requirements),
)


# --- 附件 ------------------------------------------------------------------------------------


def attachments(b: Bulletin) -> tuple[Attachment, ...]:
    found = [
        tables.projects(b),
        tables.lagging(b),
        tables.reports(b),
        tables.changes(b),
        tables.areas(b),
        duban_table(b),  # for section 三, after the tables of 总体情况
    ]
    return tuple(a for a in found if a is not None)


def attachment_number(b: Bulletin, title: str) -> int:
    """The number of the attachment called ``title``."""
    return next(n for n, a in enumerate(attachments(b), start=1) if a.title == title)


def lag_attachment(b: Bulletin) -> int:
    """The number of the 滞后事项 attachment (after 分项进展)."""
    return 2
