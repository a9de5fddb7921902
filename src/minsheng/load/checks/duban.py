"""Checks of the 督办 ledger: the escalation rules, the actions and inspections under duban/,
and the units' replies and 销号 requests in their reports."""

from __future__ import annotations

from ...models import IndicatorReport
from ...models.duban import Finding, escalation_rules
from ...problems import Problem
from ...text import amounts, fmt
from ...text.labels import KIND_LABELS
from ..dataset import Dataset, IndicatorRef, LoadedAction, LoadedReport
from ..document import Document
from ..duban import VERIFIED_BY_KIND, Verified, gives, ladder, verified
from ..layout import ACTION_NAME, INSPECTION_NAME
from .common import Loc, at, warning_at
from .index import ReportIndex, report_check
from .office import reference
from .reports import levels

# ---- office.yaml: escalation -------------------------------------------------------------


def check_escalation(ds: Dataset) -> list[Problem]:
    """The ladder names each action once; every rule names one of them and has its own key."""
    office, doc = ds.office, ds.office_doc
    if office is None or doc is None or office.escalation is None:
        return []
    escalation = office.escalation
    problems = []
    seen: set[str] = set()
    for n, name in enumerate(escalation.ladder):
        if name in seen:
            problems.append(
                at(doc, ("escalation", "ladder", n), "duplicate-id", f"督办方式「{name}」重复")
            )
        seen.add(name)
    keys: dict[str, int] = {}
    for n, rule in enumerate(escalation.rules):
        loc: Loc = ("escalation", "rules", n)
        if rule.action not in seen:
            problems.append(
                at(
                    doc,
                    (*loc, "action"),
                    "unknown-action",
                    f"督办方式「{rule.action}」不在督办阶梯中；应为：{'、'.join(escalation.ladder)}",
                )
            )
        if rule.key in keys:
            problems.append(
                at(
                    doc,
                    (*loc, "id" if rule.id else "action"),
                    "duplicate-id",
                    f"第 {keys[rule.key] + 1} 条规则也叫「{rule.key}」；"
                    "同一督办方式有多条规则时，请给每条写不同的 id",
                )
            )
        keys.setdefault(rule.key, n)
    return problems


# ---- duban/actions/ ----------------------------------------------------------------------


def check_actions(ds: Dataset) -> list[Problem]:
    """Each action's file name, what it names, its addressee, its action and its dates."""
    problems: list[Problem] = []
    actions = ladder(ds)
    rules = _rule_keys(ds)
    for loaded in ds.actions:
        a, doc = loaded.record, loaded.doc
        problems += _action_name(loaded)
        problems += reference(ds, doc, (), a.project, a.indicator, a.item)
        problems += _addressee(ds, loaded)
        if a.action not in actions:
            problems.append(
                at(
                    doc,
                    ("action",),
                    "unknown-action",
                    f"督办方式「{a.action}」不在督办阶梯中；应为：{'、'.join(actions)}",
                )
            )
        if a.rule is not None and rules is not None and a.rule not in rules:
            problems.append(
                at(
                    doc,
                    ("rule",),
                    "unknown-rule",
                    f"没有编号为「{a.rule}」的督办规则；应为：{'、'.join(rules) or '（未设规则）'}",
                )
            )
        problems += _action_dates(loaded)
    return problems


def _rule_keys(ds: Dataset) -> list[str] | None:
    """The keys of the office's rules and its preset's; None when no ladder is set up."""
    escalation = ds.office.escalation if ds.office is not None else None
    if escalation is None:
        return None
    keys = [r.key for r in escalation_rules(escalation)]
    return list(dict.fromkeys(keys))


def _action_name(loaded: LoadedAction) -> list[Problem]:
    a, doc = loaded.record, loaded.doc
    match = ACTION_NAME.match(loaded.id)
    if match is None:
        return [
            at(
                doc,
                (),
                "misnamed-file",
                f"督办事项的文件名应为「下发日期-单位-序号.yaml」，如 {a.issued}-{a.unit}-1.yaml",
            )
        ]
    problems = []
    if match[1] != a.issued.isoformat():
        problems.append(
            at(
                doc,
                ("issued",),
                "misnamed-file",
                f"下发日期 {a.issued} 与文件名中的日期 {match[1]} 不一致",
            )
        )
    if match[2] != a.unit:
        problems.append(
            at(
                doc,
                ("unit",),
                "misnamed-file",
                f"督办对象「{a.unit}」与文件名中的单位「{match[2]}」不一致",
            )
        )
    return problems


def _addressee(ds: Dataset, loaded: LoadedAction) -> list[Problem]:
    """The action goes to a unit responsible for what it names."""
    a, doc = loaded.record, loaded.doc
    if a.project is None:
        if a.unit in ds.responsible_units:
            return []
        return [at(doc, ("unit",), "unknown-unit", f"「{a.unit}」不是登记表中的责任单位")]
    project = ds.projects.get(a.project)
    if project is None:
        return []  # told by reference()
    ref = ds.indicators.get(a.indicator) if a.indicator is not None else None
    owners = _owners(ref, a.item) if ref is not None else project.units
    if a.unit in owners:
        return []
    what = f"指标「{a.indicator}」" if ref is not None else f"项目 {a.project}（{project.name}）"
    return [
        at(
            doc,
            ("unit",),
            "not-responsible",
            f"「{a.unit}」不是{what}的责任单位（{'、'.join(owners)}）",
        )
    ]


def _owners(ref: IndicatorRef, item: str | None) -> tuple[str, ...]:
    for i in getattr(ref.indicator, "items", ()):
        if i.name == item and i.units:
            return tuple(i.units)
    return ref.owners


def _action_dates(loaded: LoadedAction) -> list[Problem]:
    a, doc = loaded.record, loaded.doc
    problems = []
    if a.deadline is not None and a.deadline < a.issued:
        problems.append(at(doc, ("deadline",), "invalid-date", "办结时限早于下发日期，请检查日期"))
    c = a.closure
    if c is not None and c.date < a.issued:
        problems.append(
            at(doc, ("closure", "date"), "invalid-date", "办结日期早于下发日期，请检查日期")
        )
    if c is not None and c.review_by is not None and c.review_by < c.date:
        problems.append(
            at(
                doc,
                ("closure", "review_by"),
                "invalid-date",
                "回头看的期限早于办结日期，请检查日期",
            )
        )
    f = a.follow_up
    if f is not None and c is None:
        problems.append(
            at(
                doc,
                ("follow_up",),
                "not-closed",
                "还没有办结（closure），不能记录回头看；请先填写办结情况",
            )
        )
    elif f is not None and c is not None and f.date < c.date:
        problems.append(
            at(doc, ("follow_up", "date"), "invalid-date", "回头看日期早于办结日期，请检查日期")
        )
    return problems


# ---- duban/inspections/ ------------------------------------------------------------------


def check_inspections(ds: Dataset) -> list[Problem]:
    """File names, what each finding names, and verified figures that fit their indicator."""
    problems: list[Problem] = []
    for loaded in ds.inspections:
        r, doc = loaded.record, loaded.doc
        match = INSPECTION_NAME.match(loaded.id)
        if match is None:
            problems.append(
                at(
                    doc,
                    (),
                    "misnamed-file",
                    f"督查记录的文件名应为「督查日期-序号.yaml」，如 {r.date}-1.yaml",
                )
            )
        elif match[1] != r.date.isoformat():
            problems.append(
                at(
                    doc,
                    ("date",),
                    "misnamed-file",
                    f"督查日期 {r.date} 与文件名中的日期 {match[1]} 不一致",
                )
            )
        for n, finding in enumerate(r.findings):
            loc: Loc = ("findings", n)
            found = reference(ds, doc, loc, finding.project, finding.indicator, None)
            problems += found
            if not found and gives(finding) and finding.indicator is not None:
                problems += _verified_fits(ds, doc, loc, finding)
    return problems


def _verified_fits(ds: Dataset, doc: Document, loc: Loc, finding: Finding) -> list[Problem]:
    ref = ds.indicators[finding.indicator or ""]
    kind = ref.indicator.kind
    wanted = VERIFIED_BY_KIND.get(kind)
    given = [n for n in ("value", "stage", "items", "score") if getattr(finding, n) is not None]
    # A qualitative indicator has no verified figure, only a 督查评分 (score).
    wrong = [n for n in given if n != (wanted or "score")]
    if wrong:
        hint = f"应写 {wanted}" if wanted else "定性类指标没有核实值"
        if wrong[0] == "score":
            hint = f"督查评分（score）只用于定性类指标；核实值{hint}"
        return [
            at(
                doc,
                (*loc, wrong[0]),
                "kind-mismatch",
                f"指标「{ref.id}」是{KIND_LABELS[kind]}类指标，不能写 {wrong[0]}；{hint}",
            )
        ]
    problems = []
    if finding.stage is not None and not ds.ladder.knows(finding.stage):
        problems.append(_unknown_stage(ds, doc, (*loc, "stage"), finding.stage))
    names = [i.name for i in getattr(ref.indicator, "items", ())]
    for k, item in enumerate(finding.items or ()):
        if item.name not in names:
            problems.append(
                at(
                    doc,
                    (*loc, "items", k, "name"),
                    "unknown-item",
                    f"指标「{ref.id}」没有清单项「{item.name}」；应为：{'、'.join(names)}",
                )
            )
        if not ds.ladder.knows(item.stage):
            problems.append(_unknown_stage(ds, doc, (*loc, "items", k, "stage"), item.stage))
    return problems


def _unknown_stage(ds: Dataset, doc: Document, loc: Loc, name: str) -> Problem:
    return at(
        doc,
        loc,
        "unknown-stage",
        f"阶段「{name}」不在登记表的阶段表中；应为：{'、'.join(ds.ladder.names())}",
    )


# ---- verified figures: what may not fall below them --------------------------------------


@report_check
def check_verified(index: ReportIndex) -> list[Problem]:
    """A verified figure far from the unit's own (warning), and a later report below a
    verified figure without a 更正说明 (error)."""
    ds = index.ds
    problems: list[Problem] = []
    office = ds.office
    tolerance = office.inspections.tolerance if office is not None else 5.0
    for v in verified(ds):
        ref = ds.indicators[v.entry.id]
        entries = [(r.loaded, r.loc, r.entry) for r in index.entries_of(v.entry.id)]
        before = [(r, loc, e) for r, loc, e in entries if not v.precedes(r)]
        after = [(r, loc, e) for r, loc, e in entries if v.precedes(r)]
        problems += _differs(ds, v, ref, before, tolerance)
        problems += _below(ds, v, ref, before, after)
    return problems


Entry = tuple[LoadedReport, Loc, IndicatorReport]


def _differs(
    ds: Dataset, v: Verified, ref: IndicatorRef, before: list[Entry], tolerance: float
) -> list[Problem]:
    """The unit's latest figure before the inspection, against the verified one."""
    doc = v.inspection.doc
    loc: Loc = ("findings", v.index)
    if v.entry.value is not None:
        own = [(r, e.value) for r, _, e in before if e.value is not None]
        if not own:
            return []
        report, value = own[-1]
        assert value is not None
        base = v.entry.value
        unit = getattr(ref.indicator, "unit", None)
        share = abs(value - base) / base * 100 if base else (0.0 if value == base else 100.0)
        if share <= tolerance + 1e-9:
            return []
        return [
            warning_at(
                doc,
                (*loc, "value"),
                "verified-differs",
                f"督查核实值 {amounts.amount(base, unit)} 与「{report.report.unit}」"
                f"{report.report.month} 自报的 {amounts.amount(value, unit)} 相差 {share:.1f}%，"
                f"超过容差 {fmt.number(tolerance)}%",
            )
        ]
    if v.entry.stage is not None:
        stages = [(r, e.stage) for r, _, e in before if e.stage is not None]
        if (
            not stages
            or not ds.ladder.knows(stages[-1][1] or "")
            or not ds.ladder.knows(v.entry.stage)
        ):
            return []
        report, stage = stages[-1]
        if ds.ladder.step(stage or "") == ds.ladder.step(v.entry.stage):
            return []
        return [
            warning_at(
                doc,
                (*loc, "stage"),
                "verified-differs",
                f"督查核实的阶段「{v.entry.stage}」与「{report.report.unit}」{report.report.month} "
                f"自报的「{stage}」不一致",
            )
        ]
    return _items_differ(ds, v, before)


def _items_differ(ds: Dataset, v: Verified, before: list[Entry]) -> list[Problem]:
    own: dict[str, tuple[LoadedReport, str]] = {}
    for report, _, e in before:
        for item in e.items or ():
            own[item.name] = (report, item.stage)
    problems = []
    for k, item in enumerate(v.entry.items or ()):
        if item.name not in own:
            continue
        report, stage = own[item.name]
        if not (ds.ladder.knows(stage) and ds.ladder.knows(item.stage)):
            continue
        if ds.ladder.step(stage) != ds.ladder.step(item.stage):
            problems.append(
                warning_at(
                    v.inspection.doc,
                    ("findings", v.index, "items", k, "stage"),
                    "verified-differs",
                    f"督查核实「{item.name}」的阶段「{item.stage}」与「{report.report.unit}」"
                    f"{report.report.month} 自报的「{stage}」不一致",
                )
            )
    return problems


def _below(
    ds: Dataset, v: Verified, ref: IndicatorRef, before: list[Entry], after: list[Entry]
) -> list[Problem]:
    """Reports after the inspection may not fall below what it verified, unless corrected."""
    floors = {f.key: f for f in levels(ds, (), v.entry, ref.indicator)}
    # The level each report follows: one below the report before it is told by
    # check_regressions already, not twice.
    previous = {f.key: f.level for _, loc, e in before for f in levels(ds, loc, e, ref.indicator)}
    problems = []
    for report, loc, entry in after:
        figures = levels(ds, loc, entry, ref.indicator)
        if entry.correction is not None:
            previous.update((f.key, f.level) for f in figures)
            continue
        for now in figures:
            floor = floors.get(now.key)
            earlier = previous.get(now.key)
            previous[now.key] = now.level
            if earlier is not None and now.level < earlier:
                continue
            if floor is not None and now.level < floor.level - 1e-9:
                problems.append(
                    at(
                        report.doc,
                        now.loc,
                        "regression",
                        f"{now.subject}「{now.shown}」低于 {v.day} 督查核实的「{floor.shown}」；"
                        "如确需更正，请在本指标下填写 correction（更正说明）",
                    )
                )
    return problems


# ---- in the units' reports: replies and 销号 requests --------------------------------------


@report_check
def check_replies(index: ReportIndex) -> list[Problem]:
    """A reply names an action of the ledger, addressed to the replying unit, once, and is
    not dated before the action was issued."""
    ds = index.ds
    problems: list[Problem] = []
    actions = {a.id: a for a in ds.actions}
    for loaded in index.replies:
        report, doc = loaded.report, loaded.doc
        seen: set[str] = set()
        for n, reply in enumerate(report.duban):
            loc: Loc = ("duban", n)
            action = actions.get(reply.id)
            if reply.id in seen:
                problems.append(
                    at(
                        doc,
                        (*loc, "id"),
                        "duplicate-id",
                        f"督办事项「{reply.id}」在本报告中回复了两次；请合并为一条",
                    )
                )
                continue
            seen.add(reply.id)
            if action is None and reply.id in ds.action_files:
                continue  # the action's file is there but could not be read: told there
            if action is None:
                problems.append(
                    at(
                        doc,
                        (*loc, "id"),
                        "unknown-action",
                        f"没有编号为「{reply.id}」的督办事项（duban/actions/{reply.id}.yaml）；"
                        "请核对督办函上的编号",
                    )
                )
                continue
            if action.record.unit != report.unit:
                problems.append(
                    at(
                        doc,
                        (*loc, "id"),
                        "not-addressed",
                        f"督办事项「{reply.id}」是发给「{action.record.unit}」的，"
                        f"不是发给「{report.unit}」的；只能回复本单位的督办事项",
                    )
                )
                continue
            day = reply.date or report.submitted
            if day < action.record.issued:
                problems.append(
                    at(
                        doc,
                        (*loc, "date") if reply.date else ("submitted",),
                        "invalid-date",
                        f"回复日期 {day} 早于督办事项的下发日期 {action.record.issued}，请检查日期",
                    )
                )
            elif reply.date is not None and reply.date > report.submitted:
                problems.append(
                    at(
                        doc,
                        (*loc, "date"),
                        "invalid-date",
                        f"回复日期 {reply.date} 晚于本报告的报送日期 {report.submitted}，请检查日期",
                    )
                )
    return problems


@report_check
def check_closure_requests(index: ReportIndex) -> list[Problem]:
    """A 销号 request names something that exists and that the unit answers for."""
    ds = index.ds
    problems: list[Problem] = []
    for loaded in index.closures:
        report, doc = loaded.report, loaded.doc
        for n, request in enumerate(report.closure):
            loc: Loc = ("closure", n)
            found = reference(ds, doc, loc, request.project, request.indicator, request.item)
            if found:
                problems += found
                continue
            project = ds.projects[request.project]
            ref = ds.indicators.get(request.indicator or "")
            owners = _owners(ref, request.item) if ref is not None else project.units
            if report.unit not in owners:
                problems.append(
                    at(
                        doc,
                        (*loc, "project"),
                        "not-responsible",
                        f"「{report.unit}」不是所申请销号事项的责任单位（{'、'.join(owners)}）",
                    )
                )
    return problems
