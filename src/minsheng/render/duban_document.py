"""The 督办函 as a 公文 (``views.document``), for the Word writer: to whom, about what, why,
what is required and by when, how to reply (the action's id in the unit's report)."""

from __future__ import annotations

from ..load.dataset import Dataset
from ..text import fmt
from ..text.labels import SAMPLE_BANNER
from ..views.document import Column, Document, Metadata, Paragraph, Row, Signature, Table
from ..views.duban import ActionRow
from ..views.words import words_of

DEFAULT_REQUIREMENT = (
    "请你单位对照年度目标任务，认真分析滞后原因，制定切实可行的整改措施，"
    "倒排工期、压实责任，加快推进，确保按期完成。"
)


def letter_title(a: ActionRow) -> str:
    """ "关于加快推进1.建成1个市民广场的督办函"; for other actions "…的约谈通知"."""
    what = f"“{a.project}”" if a.project else "按时报送进展情况"
    if a.target and a.target not in a.project:  # the item or indicator, when it says more
        what += f"中“{a.target}”"
    kind = a.action if a.action.endswith(("函", "单", "书")) else f"{a.action}通知"
    verb = "加快推进" if a.project else "督促"
    return f"关于{verb}{what}的{kind}"


def letter_document(ds: Dataset, a: ActionRow) -> Document:
    """The letter to ``a.unit`` for the action ``a``."""
    plan = ds.plan
    words = words_of(ds)
    unit = next((u for u in ds.registry.units if u.name == a.unit), None)
    recipient = (unit.full_name if unit is not None else None) or a.unit
    source = f"按照{plan.issuer}《{plan.title}》"
    if plan.doc_number:
        source += f"（{plan.doc_number}）"
    reason = a.reason.rstrip("。")
    body: list[Paragraph | Table] = [
        Paragraph.of(f"{source}要求，经调度和督查，{reason}。现予{a.action}。"),
        Paragraph.of(a.requirements or DEFAULT_REQUIREMENT),
        _table(a),
    ]
    if a.deadline is not None:
        reply = (
            f"请于{fmt.cn_date(a.deadline)}前将整改落实情况书面报送{a.issued_by}，"
            f"并在本单位的{words.report}中回复（duban 部分写明督办事项编号「{a.id}」）。"
        )
    else:
        reply = f"请在本单位的{words.report}中回复整改落实情况（duban 部分写明督办事项编号「{a.id}」）。"
    body.append(Paragraph.of(reply))
    c = plan.contact
    if c.name:
        phone = f"，联系电话：{c.phone}" if c.phone else ""
        body.append(Paragraph.of(f"联系人：{c.name}{phone}。"))
    meta = Metadata(
        title=letter_title(a),
        mark=f"{words.list_name}{a.action if a.action.endswith('函') else '督办'}",
        issuers=(a.issued_by,),
        dated=a.issued,
        as_of=a.issued,
        doc_number=a.document,
        recipients=recipient,
        printer=a.issued_by,
        printed=a.issued,
        sample_text=SAMPLE_BANNER if ds.sample else None,
    )
    return Document(meta=meta, body=tuple(body), signature=Signature((a.issued_by,), a.issued))


def _table(a: ActionRow) -> Table:
    rows = [
        ("督办事项编号", a.id),
        ("督办方式", a.action),
        ("督办事项", a.about),
        ("督办对象", a.addressee),
        ("督办事由", a.reason),
        ("办结时限", fmt.cn_date(a.deadline) if a.deadline else "—"),
    ]
    return Table(
        columns=(Column(1.2), Column(4)),
        header=(("项目", "内容"),),
        rows=tuple(Row(r) for r in rows),
        caption="督办事项",
    )
