"""The sentences of a 通报, each from plain facts: small functions, one per kind of sentence.

The rules of 公文 Chinese they keep: no spaces around numbers («超前17.7个百分点»); nothing
counted as zero («尚无完成», not «已完成0件»); names in words with their number in the list
(«发展普惠性学前教育（第七项）»); percentages to one decimal; a unit's own words quoted, without
the full stop they ended on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from ...records import frozen
from ...text import fmt
from ...text.numerals import cn_number
from ..bulletin import LagItem, Note, OverdueMilestone, ReportIssue, RiskItem

MEASURE = "件"


def ordinal(n: int) -> str:
    """一是, 二是 …: the 「一是…二是…」 of a list of points."""
    return f"{cn_number(n)}是"


def list_number(project_id: int) -> str:
    """The number in the list, as a 通报 writes it: «第七项» (past 99: «第120项»)."""
    return f"第{cn_number(project_id) if project_id < 100 else project_id}项"


def project_ref(project_id: int, name: str) -> str:
    """A project named with its number in the list: «发展普惠性学前教育（第七项）»."""
    return f"{name}（{list_number(project_id)}）"


def units_text(units: Iterable[str]) -> str:
    """ "县供销社、县商务委"."""
    return "、".join(units)


def share(count: int, total: int) -> str:
    """占比 to one decimal: «占86.7%»; nothing when there is nothing to divide."""
    return f"占{fmt.percent(count / total * 100)}" if total else ""


def counted(count: int, measure: str = MEASURE) -> str:
    """A count with its measure, as a sentence says it: «3件»; none: «0件» never appears, see
    :func:`done_text`."""
    return f"{count}{measure}"


def done_text(done: int, measure: str = MEASURE) -> str:
    """«已完成3件»; none: «尚无完成»."""
    return f"已完成{done}{measure}" if done else "尚无完成"


def gap_text(completion: float, expected: float) -> str:
    """«落后序时进度5.3个百分点», «超前序时进度17.7个百分点», «与序时进度持平»: the gap
    between the figures as shown, so a reader subtracting them gets the same."""
    diff = round(round(expected, 1) - round(completion, 1), 1)
    if diff == 0:
        return "与序时进度持平"
    if diff > 0:
        return f"落后序时进度{diff:.1f}个百分点"
    return f"超前序时进度{-diff:.1f}个百分点"


def points_change(now: float, before: float) -> str:
    """«提高8.3个百分点», «下降1.0个百分点», «持平»: between the figures as shown."""
    diff = round(round(now, 1) - round(before, 1), 1)
    if diff == 0:
        return "持平"
    word = "提高" if diff > 0 else "下降"
    return f"{word}{abs(diff):.1f}个百分点"


def count_change(now: int, before: int, measure: str = MEASURE) -> str:
    """«增加2件», «减少1件», «无变化»."""
    if now == before:
        return "无变化"
    return f"增加{now - before}{measure}" if now > before else f"减少{before - now}{measure}"


def quoted(text: str) -> str:
    """A unit's own words in quotation marks, one line, without the full stop they ended on:
    «“消防设计变更审批尚未完成”»."""
    one = "；".join(part.strip() for part in re.split(r"[\r\n]+", text.strip()) if part.strip())
    return f"“{one.rstrip('。；;，, ')}”"


def sentence(text: str) -> str:
    """Ends the text with one full stop (none added after one, or after ！ or ？)."""
    text = text.rstrip("；;，, ")
    return text if text.endswith(("。", "！", "？")) else text + "。"


def joined(parts: Sequence[str], last: str = "和") -> str:
    """ "甲", "甲和乙", "甲、乙和丙"."""
    if len(parts) <= 1:
        return "".join(parts)
    return "、".join(parts[:-1]) + last + parts[-1]


def by_day(day: date, period_end: bool = False) -> str:
    """«截至6月底» at a month's end (or «截至年底»), else «截至8月15日»."""
    nxt = date.fromordinal(day.toordinal() + 1)
    if nxt.day == 1:
        return "截至年底" if day.month == 12 else f"截至{day.month}月底"
    return f"截至{day.month}月{day.day}日"


# --- 总体情况 ------------------------------------------------------------------------------------


@frozen
class Counts:
    """The projects as the vocabulary counts them (monitor-only left out of ``total``)."""

    total: int
    done: int
    on_track: int  # 超序时 and 按序时
    ahead: int  # 超序时
    behind: int  # 滞后 and 严重滞后
    serious: int  # 严重滞后
    not_started: int


def counts_sentence(c: Counts, list_name: str, when: str) -> str:
    """«截至6月底，15件重点民生实事尚无完成；达到或超过序时进度要求的13件，占86.7%；进度滞后的2件，
    占13.3%（其中严重滞后1件）。»"""
    parts = [f"{when}，{c.total}件{list_name}{done_text(c.done)}"]
    if c.done and c.done < c.total:
        parts[0] += f"，{share(c.done, c.total)}"
    if c.on_track:
        head = "其余" if c.done and c.on_track + c.done == c.total else ""
        ahead = f"（其中超前序时进度的{c.ahead}件）" if c.ahead else ""
        parts.append(
            f"{head}达到或超过序时进度要求的{c.on_track}件{ahead}，{share(c.on_track, c.total)}"
        )
    if c.behind:
        serious = f"（其中严重滞后{c.serious}件）" if c.serious else ""
        parts.append(f"进度滞后的{c.behind}件，{share(c.behind, c.total)}{serious}")
    if c.not_started:
        parts.append(f"尚未启动的{c.not_started}件")
    if c.done == c.total and c.total:
        return f"{when}，{c.total}件{list_name}已全部完成。"
    return sentence("；".join(parts))


def year_sentence(total: int, done: int, list_name: str) -> str:
    """The year's: «15件重点民生实事已完成13件、未完成2件，完成率86.7%。»"""
    if total and done == total:
        return f"{total}件{list_name}已全部完成。"
    if not done:
        return f"{total}件{list_name}尚无完成。"
    return (
        f"{total}件{list_name}已完成{done}件、未完成{total - done}件，"
        f"按件计完成率{fmt.percent(done / total * 100)}。"
    )


def rate_sentence(completion: float, expected: float, year_end: bool = False) -> str:
    """«总体完成率67.1%，序时进度49.4%，超前序时进度17.7个百分点。»; at the year's end the
    序时进度 is 100% and goes unsaid."""
    if year_end:
        return f"总体完成率{fmt.percent(completion)}。"
    return (
        f"总体完成率{fmt.percent(completion)}，序时进度{fmt.percent(expected)}，"
        f"{gap_text(completion, expected)}。"
    )


def start_sentence(facilities: int, started: int) -> str:
    """«涉及建设的47个设施（站点）中已开工40个，开工率85.1%。»"""
    if not facilities:
        return ""
    if not started:
        return f"涉及建设的{facilities}个设施（站点）尚未开工。"
    if started == facilities:
        return f"涉及建设的{facilities}个设施（站点）已全部开工。"
    return (
        f"涉及建设的{facilities}个设施（站点）中已开工{started}个，"
        f"开工率{fmt.percent(started / facilities * 100)}。"
    )


def named_projects(rows: Sequence[tuple[int, str]]) -> str:
    """«发展普惠性学前教育（第七项）、推进义务教育阶段学生“双减”（第九项）»."""
    return "、".join(project_ref(pid, name) for pid, name in rows)


def examples_sentence(
    finished: Sequence[tuple[int, str]], fast: Sequence[tuple[int, str, float]]
) -> str:
    """What went well, named: «已完成的有…。进度较快的有…（完成93.9%）…。»"""
    text = ""
    if finished:
        text += f"已完成的有{named_projects(finished)}。"
    if fast:
        names = "、".join(
            f"{name}（{list_number(pid)}，完成{fmt.percent(done)}）" for pid, name, done in fast
        )
        text += f"进度较快的有{names}。"
    return text


def comparison_sentence(
    label: str,
    completion: tuple[float, float],
    done: tuple[int, int],
    behind: tuple[int, int],
    moved: tuple[int, int] = (0, 0),
) -> str:
    """«与上季度末相比，总体完成率提高8.3个百分点，已完成项目增加2件，滞后项目减少1件。»;
    ``moved``: (no longer behind, newly behind), told when the number alone hides them."""
    now, before = completion
    text = f"与{label}相比，总体完成率{points_change(now, before)}"
    text += f"，已完成项目{count_change(*done)}"
    out, into = moved
    if behind[0] == behind[1] and (out or into):
        text += f"，滞后项目仍为{behind[0]}件，但有{out}件不再滞后、{into}件转为滞后"
    else:
        text += f"，滞后项目{count_change(*behind)}"
    return text + "。"


def turns_sentence(
    moved: int,
    done: Sequence[tuple[int, str]],
    into: Sequence[tuple[int, str]],
    out: Sequence[tuple[int, str]],
) -> str:
    """What changed since the previous end, named: «本期新完成3件（…）；新转为滞后的有…；不再滞后的
    有…。»; progress without a change of category: «12个项目有进展，进度情况均无变化。»; nothing:
    «各项目完成率和进度情况均无变化。»"""
    if not moved:
        return "各项目完成率和进度情况均无变化。"
    parts = []
    if done:
        parts.append(f"本期新完成{len(done)}件（{named_projects(done)}）")
    if into:
        parts.append(f"新转为滞后的有{named_projects(into)}")
    if out:
        parts.append(f"不再滞后的有{named_projects(out)}")
    if not parts:
        return f"{moved}个项目有进展，进度情况均无变化。"
    return sentence("；".join(parts))


def reports_sentence(
    rule: str,
    units: int,
    report: str,
    due: int,
    on_time: int,
    late: int,
    missing: int,
    pending: int,
) -> str:
    """«按照“…”的要求，15个责任单位应报月度进展报告45份，按时报送44份，逾期报送1份。»"""
    if not due:
        return f"按照“{rule}”的要求，{units}个责任单位的{report}尚未到报送期限。"
    parts = [f"应报{report}{due}份"]
    if on_time == due:
        parts.append("均按时报送")
    else:
        if on_time:
            parts.append(f"按时报送{on_time}份")
        if late:
            parts.append(f"逾期报送{late}份")
        if missing:
            parts.append(f"未报送{missing}份")
    if pending:
        parts.append(f"另有{pending}份尚未到报送期限，不计入")
    return f"按照“{rule}”的要求，{units}个责任单位{'，'.join(parts)}。"


# --- 存在问题 ------------------------------------------------------------------------------------


def reached_text(x: LagItem) -> str:
    """Where a lagging item stands, in words: «尚未启动» (a facility, nothing reached),
    «已启动（形象进度25%）» (its stage), «累计完成52公里，完成年度目标的34.7%» (a quantity),
    «当前为91%» (a rate), «尚无进展» (anything else with nothing done)."""
    facility = x.kind in ("stage", "checklist", "item")
    if x.completion <= 0:
        return "尚未启动" if facility else "尚无进展"
    if x.kind == "quantity":
        return f"累计完成{x.actual}，完成年度目标的{fmt.percent(x.completion)}"
    if x.kind in ("threshold", "trend"):
        return f"当前为{x.actual}"
    if not facility:
        return f"完成{fmt.percent(x.completion)}"
    return x.actual if x.actual.startswith(("已", "未")) else f"处于{x.actual}阶段"


def named_sentence(x: LagItem, notes: Sequence[Note], missed: Sequence[str] = ()) -> str:
    """One named item: unit, item (with its number in the list), figure, category, the 节点 it
    missed, and the unit's own 存在问题: «县交通局负责的农村公路生命安全防护工程（第十项）累计完成
    52公里，完成年度目标的34.7%，落后序时进度5.3个百分点，未完成“6月底前累计完成60公里”的节点要求；
    据县交通局反映，“5月下旬以来持续降雨…”»."""
    where = f"{units_text(x.units)}负责的{project_ref(x.project_id, x.name)}{reached_text(x)}"
    if x.overdue:
        where += f"，已过完成时限（{fmt.cn_date(x.due)}），未按期完成"
    else:
        where += f"，{gap_text(x.completion, x.expected)}"
        if missed:
            where += "，未完成" + "、".join(f"“{m}”" for m in missed) + "的节点要求"
        if x.serious:
            where += f"，属{x.label}"
    said = [n for n in notes if n.problems]
    if said:
        voices = "；".join(f"据{n.unit}反映，{quoted(n.problems or '')}" for n in said)
        where += f"；{voices}"
    return where


# The causes a unit's 存在问题 is sorted under, tried in order; the first whose words appear wins.
CAUSES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("funds", "资金保障", ("资金", "经费", "拨付", "到位", "融资", "预算")),
    ("land", "用地和场地", ("用地", "土地", "征地", "拆迁", "场地", "权属", "安置")),
    ("approval", "审批和手续", ("审批", "审查", "手续", "立项", "报审", "批复", "验收", "备案")),
    ("design", "设计和方案", ("设计", "方案", "论证")),
    ("tender", "招标和采购", ("招标", "投标", "采购", "比选")),
    ("supply", "材料和设备", ("钢材", "材料", "供货", "设备", "价格")),
    ("people", "人员力量", ("人员", "教师", "人才", "人手", "专业")),
    ("weather", "天气和施工条件", ("降雨", "雨季", "汛期", "天气", "冰冻", "雨", "地质")),
    ("residents", "群众工作", ("居民", "群众", "商户", "意见", "协调")),
)
OTHER = ("other", "其他方面", ())


def cause_of(text: str) -> tuple[str, str]:
    """(key, name) of the first cause whose words the text holds; «其他方面» otherwise."""
    for key, name, words in CAUSES:
        if any(w in text for w in words):
            return key, name
    return OTHER[0], OTHER[1]


def causes_text(notes: Sequence[Note]) -> str:
    """存在问题 grouped by cause: «审批和手续方面，县教委反映施工图审查周期较长…；人员力量方面，…»."""
    groups: dict[str, tuple[str, list[Note]]] = {}
    order = [key for key, _, _ in CAUSES] + [OTHER[0]]
    for n in notes:
        key, name = cause_of(n.problems or "")
        groups.setdefault(key, (name, []))[1].append(n)
    parts = []
    for key in order:
        if key not in groups:
            continue
        name, found = groups[key]
        said = "；".join(
            f"{n.unit}反映{project_ref(n.project_id, n.project)}{quoted(n.problems or '')}"
            for n in found
        )
        parts.append(f"{name}方面，{said}")
    return sentence("。".join(parts)) if parts else ""


def milestone_sentence(m: OverdueMilestone) -> str:
    """«县交通局负责的农村公路生命安全防护工程（第十项）未完成“6月底前累计完成60公里”的节点
    要求（计划完成40.0%，实际完成34.7%）»."""
    return (
        f"{units_text(m.units)}负责的{project_ref(m.project_id, m.subject)}未完成“{m.wanted}”的"
        f"节点要求（计划完成{fmt.percent(m.planned)}，实际完成{fmt.percent(m.completion)}）"
    )


def risks_sentence(risks: Sequence[RiskItem], attachment: int | None = None) -> str:
    """The items at risk, named with their number in the list, their units and forecasts left
    to the attachment: «全县学前三年毛入园率（第七项）、残疾儿童康复服务覆盖率（第十三项）等3个事项，
    按近期趋势，到期可能完不成目标（见附件2）。»"""
    if not risks:
        return ""
    names = "、".join(project_ref(r.project_id, r.indicator) for r in risks)
    where = f"（见附件{attachment}）" if attachment else ""
    how = "按近期趋势" if all(r.basis == "按近期趋势" for r in risks) else "按各单位预计和近期趋势"
    many = f"等{len(risks)}个事项" if len(risks) > 2 else ""
    return f"{names}{many}，{how}，到期可能完不成目标{where}。"


def late_report_text(i: ReportIssue) -> str:
    """«县交通局6月报告逾期5天报送», «县民政局5月报告未报送»."""
    period = i.label or f"{int(i.month[5:7])}月"
    if i.state == "late":
        return f"{i.unit}{period}报告逾期{i.days_late}天报送"
    return f"{i.unit}{period}报告未报送"


def late_reports_sentence(issues: Sequence[ReportIssue]) -> str:
    """«县交通局6月报告逾期5天报送；县民政局5月报告未报送。»; units alike in period and state
    together: «东城街道、西城街道第一季度报告未报送。»"""
    groups: dict[tuple[str, str, int | None], list[str]] = {}
    for i in issues:
        key = (i.label or f"{int(i.month[5:7])}月", i.state, i.days_late)
        groups.setdefault(key, []).append(i.unit)
    parts = []
    for (period, state, days), units in groups.items():
        what = f"逾期{days}天报送" if state == "late" else "未报送"
        parts.append(f"{'、'.join(units)}{period}报告{what}")
    return sentence("；".join(parts)) if parts else ""


# --- 挂牌督办及销号情况 ----------------------------------------------------------------------------


def subject_text(project_id: int | None, project: str, target: str | None) -> str:
    """What a 督办 action or a 销号 is about, in words: «实施农村公路生命安全防护工程（第十项）»,
    «城区农贸市场标准化改造和新建农产品批发市场（第二项）中的南大街城区菜市场标准化改造»; about the
    unit itself: «按时报送进展情况»."""
    if project_id is None:
        return "按时报送进展情况"
    head = project_ref(project_id, project)
    return f"{head}中的{target}" if target and target not in project else head


def by_unit_text(pairs: Sequence[tuple[str, int]]) -> str:
    """«县交通局2项、县供销社1项»."""
    return "、".join(f"{unit}{n}项" for unit, n in pairs)


def issued_sentence(issued: int, counts: Sequence[tuple[str, int]], units: Sequence[str]) -> str:
    """«本期共下发督办事项3项（督办函2项、挂牌督办1项），涉及县交通局、县供销社。»; none:
    «本期没有新下发的督办事项。»"""
    if not issued:
        return "本期没有新下发的督办事项。"
    kinds = "、".join(f"{name}{n}项" for name, n in counts)
    return f"本期共下发督办事项{issued}项（{kinds}），涉及{units_text(units)}。"


def open_sentence(
    when: str,
    open_units: Sequence[tuple[str, int]],
    listed: Sequence[str],
    overdue_units: Sequence[str],
    overdue: int,
    total: int,
) -> str:
    """«截至6月底，尚未办结的督办事项2项（县交通局1项、县供销社1项），其中挂牌督办1项（…），
    逾期未回复1项（县交通局）。»; everything closed: «截至6月底，督办事项均已办结。»; none
    ever issued: nothing."""
    still = sum(n for _, n in open_units)
    if not still:
        return f"{when}，督办事项均已办结。" if total else ""
    text = f"{when}，尚未办结的督办事项{still}项（{by_unit_text(open_units)}）"
    if listed:
        text += f"，其中挂牌督办{len(listed)}项（{'；'.join(listed)}）"
    if overdue:
        text += f"，逾期未回复{overdue}项（{units_text(overdue_units)}）"
    return text + "。"


def closed_sentence(closed_units: Sequence[tuple[str, int]], closures: Sequence[str] | None) -> str:
    """«本期办结2项（县交通局2项）。本期验收销号1项（…）。»; ``closures`` None: acceptance is
    not kept, nothing said of 销号."""
    text = ""
    closed = sum(n for _, n in closed_units)
    if closed:
        text += f"本期办结{closed}项（{by_unit_text(closed_units)}）。"
    if closures is not None:
        if closures:
            text += f"本期验收销号{len(closures)}项（{'；'.join(closures)}）。"
        else:
            text += "本期没有验收销号的事项。"
    return text


def inspection_sentence(day: date, team: Sequence[str], methods: Sequence[str], items: int) -> str:
    """«8月25日，县政府督查室、县发展改革委通过实地查看、查阅资料对2个事项开展督查。»"""
    how = f"通过{units_text(methods)}" if methods else ""
    return f"{day.month}月{day.day}日，{units_text(team)}{how}对{items}个事项开展督查"


# --- 下步工作要求 ------------------------------------------------------------------------------


def requirement_sentence(items: Sequence[LagItem], notes: Sequence[Note], year_end: bool) -> str:
    """What the units of one project's named items must do: «县交通局要加快推进农村公路生命安全
    防护工程（第十项），落实“制定赶工计划…”的措施，尽快追赶序时进度。»; past the due date:
    «限期完成»; at the year's end nothing of 序时 (everything unfinished is overdue)."""
    x = items[0]
    verb = "抓紧完成" if year_end else "加快推进"
    names = "、".join(i.name for i in items)
    text = f"{units_text(x.units)}要{verb}{project_ref(x.project_id, names)}"
    steps = [n.next_steps for n in notes if n.next_steps]
    if steps:
        text += "，落实" + "、".join(quoted(s) for s in steps) + "的措施"
    if year_end:
        text += "，明确完成时限"
    elif any(i.overdue for i in items):
        text += "，限期完成"
    else:
        text += "，尽快追赶序时进度"
    return text + "。"


def contact_sentence(name: str | None, phone: str | None, office: str | None) -> str:
    """«联系人：庞宇（县发展改革委），电话：17783221690。» (one line of a page) or «联系单位：…，
    电话：…。»"""
    tel = f"，电话：{phone}" if phone else ""
    if name:
        return f"联系人：{name}" + (f"（{office}）" if office else "") + f"{tel}。"
    return f"联系单位：{office}{tel}。"


def objection_sentence(
    days: int, office: str, address: str | None, name: str | None, phone: str | None
) -> str:
    """The 公示's closing: «若对公示情况有异议的，请在7日之内以书面形式向…反映。联系地址：…»."""
    text = f"若对公示情况有异议的，请在{days}日之内以书面形式向{office}反映。"
    details = [f"联系地址：{address}" if address else "", f"联系人：{name}" if name else ""]
    details.append(f"联系电话：{phone}" if phone else "")
    shown = [d for d in details if d]
    return text + ("；".join(shown) + "。" if shown else "")
