"""改动记录: which reported figures changed from one committed version to the next (`minsheng history`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from ..compute.deadlines import milestone_text
from ..load.dataset import report_due
from ..load.document import MAX_FILE_BYTES
from ..load.layout import LEDGER_PATH, REGISTRY_FILE, REPORT_PATH, WATCHED
from ..load.validate import validate
from ..load.yamlread import parse_bytes
from ..models import (
    Checklist,
    ChecklistItem,
    Indicator,
    IndicatorReport,
    Milestone,
    Plan,
    ProgressReport,
    Quantity,
    Registry,
    StageIndicator,
    Threshold,
    Trend,
)
from ..models.duban import Action, Inspection
from ..problems import Problem
from ..records import frozen
from ..text import amounts
from .git import Blob, Commit, FileChange, LogEntry, Oversize, Repo, has_commits, log, read_blobs

Scalar = float | str | None
# (project, indicator, checklist item, field): one figure in a file.
Key = tuple[int | None, str | None, str | None, str]
TEXT = "text"
TEXT_FIELDS = frozenset((TEXT, "note"))


class ChangeKind(StrEnum):
    CHANGED = "changed"  # a figure changed
    FIRST = "first"  # 首次报送: the file appeared
    DELETED = "deleted"
    MOVED = "moved"  # renamed or moved to another folder
    UNREADABLE = "unreadable"  # a committed version that does not parse or validate


@frozen
class Change:
    """One row of the audit trail: a figure (or a whole file) changed by one commit."""

    commit: Commit
    kind: ChangeKind
    path: str  # inside the data folder
    unit: str | None  # None: the registry
    month: str | None
    late: bool  # 事后修改: committed after the report's due date
    project: int | None = None
    indicator: str | None = None
    item: str | None = None
    field: str | None = None
    old: Scalar = None
    new: Scalar = None
    correction: str | None = None
    detail: str | None = None  # the old path of a move, the problem of an unreadable version
    projects: frozenset[int] = frozenset()  # what --project matches
    units: frozenset[str] = frozenset()  # what --unit matches
    ledger: str | None = None  # a 督办 file: "督办事项 <id>", "督查记录 <id>"


Version = ProgressReport | Registry | Action | Inspection
Parsed = Version | Problem


@dataclass
class _Walk:
    plan: Plan
    blobs: Mapping[str, Blob]
    parsed: dict[tuple[str, str], Parsed] = field(default_factory=dict)
    last_good: dict[str, Version] = field(default_factory=dict)


def watched_blobs(entries: Iterable[LogEntry]) -> list[str]:
    """Every blob the audit will read: both sides of each change to a watched file."""
    found: list[str] = []
    for entry in entries:
        for change in entry.changes:
            watched = _watched(change)
            if watched is not None:
                found += [b for b in (watched.old_blob, watched.new_blob) if b is not None]
    return found


def history(repo: Repo, plan: Plan) -> list[Change]:
    """Every change to the data folder's registry and reports in ``repo``'s history: one
    ``git log`` and one streamed read of every version, files over the size limit unread."""
    if not has_commits(repo):
        return []
    entries = log(repo, WATCHED)
    return audit(entries, read_blobs(repo, watched_blobs(entries), MAX_FILE_BYTES), plan)


def audit(entries: Iterable[LogEntry], blobs: Mapping[str, Blob], plan: Plan) -> list[Change]:
    """Every change to the registry and the reports, commit by commit, oldest first.

    ``plan`` (the current registry's) gives the due dates. A version that cannot be read
    is listed and skipped: the next one is compared with the last one that could be.
    """
    walk = _Walk(plan, blobs)
    rows: list[Change] = []
    for entry in entries:
        for change in entry.changes:
            rows += _file_changes(walk, entry.commit, change)
    return rows


def _kind_of(path: str) -> str | None:
    if path == REGISTRY_FILE:
        return "registry"
    if REPORT_PATH.match(path):
        return "report"
    match = LEDGER_PATH.match(path)
    return match["folder"] if match else None


_MODELS: dict[str, type[Version]] = {
    "registry": Registry,
    "report": ProgressReport,
    "actions": Action,
    "inspections": Inspection,
}


def _file_changes(walk: _Walk, commit: Commit, found: FileChange) -> list[Change]:
    change = _watched(found)
    if change is None:
        return []
    path = change.new_path or change.old_path or ""
    old_path = change.old_path or path
    readable = None if change.old_blob is None else _version(walk, change.old_blob, old_path)
    old = walk.last_good.get(old_path) if isinstance(readable, Problem) else readable
    walk.last_good.pop(old_path, None)
    base = _base(walk, commit, path, old)
    if change.new_blob is None:
        return [replace(base, kind=ChangeKind.DELETED)]
    new = _version(walk, change.new_blob, path)
    if isinstance(new, Problem):
        if old is not None:
            walk.last_good[path] = old
        detail = f"第 {new.line} 行：{new.message}" if new.line else new.message
        return [replace(base, kind=ChangeKind.UNREADABLE, detail=detail)]
    walk.last_good[path] = new
    base = _base(walk, commit, path, old, new)
    rows = []
    if old_path != path:
        rows.append(replace(base, kind=ChangeKind.MOVED, detail=old_path))
    if old is None:
        return [*rows, replace(base, kind=ChangeKind.FIRST)]
    differences = _differences(_figures(old), _figures(new))
    return rows + [_figure_row(base, key, a, b, old, new) for key, a, b in differences]


def _watched(change: FileChange) -> FileChange | None:
    """The change as it concerns watched files: a file moved out of them is deleted, one
    moved in from elsewhere is added; None when neither side is watched."""
    old_kind = _kind_of(change.old_path) if change.old_path else None
    new_kind = _kind_of(change.new_path) if change.new_path else None
    if new_kind is None:
        if old_kind is None:
            return None
        return FileChange("D", change.old_blob, None, change.old_path, None)
    if old_kind != new_kind:
        return FileChange("A", None, change.new_blob, None, change.new_path)
    return change


def _figure_row(
    base: Change,
    key: Key,
    before: Scalar,
    after: Scalar,
    old: Version,
    new: Version,
) -> Change:
    project, indicator, item, name = key
    detail = None
    if name in TEXT_FIELDS:  # said to have changed, not quoted: the reviewer opens the file
        detail = ",".join(_text_parts(before, after)) if name == TEXT else None
        before = after = None
    return replace(
        base,
        project=project,
        indicator=indicator,
        item=item,
        field=name,
        old=before,
        new=after,
        detail=detail,
        correction=_correction(old, new, key),
        projects=frozenset(() if project is None else (project,)) or base.projects,
        units=_owners(new, key) or _owners(old, key) or base.units,
    )


def _version(walk: _Walk, blob: str, path: str) -> Parsed:
    """The parsed file in ``blob`` (cached: unchanged files share blobs), or its first problem."""
    key = (blob, _kind_of(path) or "")
    if key not in walk.parsed:
        walk.parsed[key] = _parse(walk.blobs.get(blob), path)
    return walk.parsed[key]


def _parse(raw: Blob | None, path: str) -> Parsed:
    if raw is None:
        return Problem(path, 0, 0, "missing-object", "git 仓库中缺少这个版本的内容")
    if isinstance(raw, Oversize):  # read_blobs kept only its size
        return Problem(path, 0, 0, "too-large", f"文件过大（{raw.size / 1048576:.1f} MB）")
    doc, problems = parse_bytes(raw, path)
    if doc is None:
        return problems[0]
    model = _MODELS[_kind_of(path) or "report"]
    found, problems = validate(doc, model)
    return found if found is not None else problems[0]


def _base(
    walk: _Walk,
    commit: Commit,
    path: str,
    old: Version | None,
    new: Version | None = None,
) -> Change:
    """The fields every row about this file in this commit shares."""
    ledger = LEDGER_PATH.match(path)
    if ledger is not None:
        return _ledger_base(commit, path, ledger["folder"], ledger["id"], old, new)
    match = REPORT_PATH.match(path)
    if match is None:  # the registry
        versions = [v for v in (old, new) if isinstance(v, Registry)]
        first_due = report_due(walk.plan, walk.plan.reporting.first_month)
        return Change(
            commit,
            ChangeKind.CHANGED,
            path,
            None,
            None,
            commit.date.date() > first_due,
            projects=frozenset(p.id for v in versions for p in v.projects),
            units=frozenset(u for v in versions for p in v.projects for u in p.units),
        )
    month, unit = match["month"], match["unit"]
    reports = [v for v in (old, new) if isinstance(v, ProgressReport)]
    return Change(
        commit,
        ChangeKind.CHANGED,
        path,
        unit,
        month,
        commit.date.date() > report_due(walk.plan, month),
        projects=frozenset(p.id for r in reports for p in r.projects),
        units=frozenset((unit,)),
    )


def _ledger_base(
    commit: Commit, path: str, kind: str, name: str, old: Version | None, new: Version | None
) -> Change:
    """A 督办 action (its unit and project) or an inspection (the projects it found on)."""
    versions = [v for v in (old, new) if isinstance(v, Action | Inspection)]
    projects: set[int] = set()
    units: set[str] = set()
    for v in versions:
        if isinstance(v, Action):
            units.add(v.unit)
            projects.update(() if v.project is None else (v.project,))
        else:
            projects.update(f.project for f in v.findings)
    unit = next((v.unit for v in versions if isinstance(v, Action)), None)
    label = "督办事项" if kind == "actions" else "督查记录"
    return Change(
        commit,
        ChangeKind.CHANGED,
        path,
        unit,
        None,
        False,
        projects=frozenset(projects),
        units=frozenset(units),
        ledger=f"{label} {name}",
    )


def _differences(
    old: dict[Key, Scalar], new: dict[Key, Scalar]
) -> list[tuple[Key, Scalar, Scalar]]:
    """Figures whose value differs, in the order the newer file lists them (removed ones last)."""
    keys = list(new) + [k for k in old if k not in new]
    return [(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]


def _figures(version: Version) -> dict[Key, Scalar]:
    if isinstance(version, Registry):
        return _registry_figures(version)
    if isinstance(version, Action):
        return _action_figures(version)
    if isinstance(version, Inspection):
        return _inspection_figures(version)
    return _report_figures(version)


def _action_figures(a: Action) -> dict[Key, Scalar]:
    """督办事项: what, to whom, when, by when, and its closure; the texts as "which parts"."""
    key: tuple[int | None, str | None, str | None] = (a.project, a.indicator, a.item)
    c, f = a.closure, a.follow_up
    found: dict[Key, Scalar] = {
        (*key, "action"): a.action,
        (*key, "unit"): a.unit,
        (*key, "issued"): a.issued.isoformat(),
        (*key, "deadline"): _day(a.deadline),
        (*key, "closed"): _day(c.date if c is not None else None),
        (*key, "follow_up"): _day(f.date if f is not None else None),
        (*key, TEXT): _texts(
            {
                "reason": a.reason,
                "requirements": a.requirements,
                "result": c.result if c is not None else None,
            }
        ),
    }
    return {k: v for k, v in found.items() if v is not None}


def _inspection_figures(i: Inspection) -> dict[Key, Scalar]:
    """督查记录: its date, each verified figure, and the findings' text per project."""
    found: dict[Key, Scalar] = {(None, None, None, "date"): i.date.isoformat()}
    texts: dict[int, list[str]] = {}
    for f in i.findings:
        texts.setdefault(f.project, []).append(f.text)
        value: Scalar = f.value if f.value is not None else f.stage
        if value is not None:
            found.setdefault((f.project, f.indicator, None, "verified"), value)
        if f.score is not None:
            found.setdefault((f.project, f.indicator, None, "review"), f.score)
        for item in f.items or ():
            found.setdefault((f.project, f.indicator, item.name, "verified"), item.stage)
    for project, parts in texts.items():
        found[(project, None, None, TEXT)] = _texts({"findings": "\n".join(parts)})
    return found


def _report_figures(report: ProgressReport) -> dict[Key, Scalar]:
    """Every figure a report carries; the free text of a project only as "which parts"."""
    found: dict[Key, Scalar] = {(None, None, None, "submitted"): report.submitted.isoformat()}
    for project in report.projects:
        texts = {
            "progress": project.progress,
            "problems": project.problems,
            "next_steps": project.next_steps,
            "evidence": " ".join(project.evidence) or None,
        }
        found.setdefault((project.id, None, None, TEXT), _texts(texts))
        for entry in project.indicators:
            for key, value in _entry_figures(project.id, entry).items():
                found.setdefault(key, value)
    return found


def _texts(texts: dict[str, str | None]) -> str | None:
    """The texts joined, so that any edit shows as a difference; which part changed is found later."""
    joined = "\0".join(f"{name}={text}" for name, text in texts.items() if text)
    return joined or None


def _entry_figures(project: int, entry: IndicatorReport) -> dict[Key, Scalar]:
    def key(name: str, item: str | None = None) -> Key:
        return (project, entry.id, item, name)

    found: dict[Key, Scalar] = {
        key("value"): entry.value,
        key("baseline"): entry.baseline,
        key("stage"): entry.stage,
        key("percent"): entry.percent,
        key("self_assessment"): entry.self_assessment,
        key("review"): entry.review.score if entry.review else None,
        key("note"): entry.note,
    }
    for item in entry.items or ():
        found.setdefault(key("stage", item.name), item.stage)
        found.setdefault(key("percent", item.name), item.percent)
    return {k: v for k, v in found.items() if v is not None}


def _registry_figures(registry: Registry) -> dict[Key, Scalar]:
    """目标, 完成时限, 权重 and 节点 of every project, indicator and checklist item."""
    found: dict[Key, Scalar] = {}
    for project in registry.projects:
        found.setdefault((project.id, None, None, "due"), _day(project.due))
        for ind in project.indicators:
            for name, value in _indicator_terms(ind).items():
                found.setdefault((project.id, ind.id, None, name), value)
            for item in ind.items if isinstance(ind, Checklist) else ():
                for name, value in _item_terms(item).items():
                    found.setdefault((project.id, ind.id, item.name, name), value)
    return {k: v for k, v in found.items() if v is not None}


def _indicator_terms(ind: Indicator) -> dict[str, Scalar]:
    return {
        "target": _target(ind),
        "due": _day(ind.due),
        "weight": ind.weight,
        "milestones": _milestones(ind.milestones, ind),
    }


def _item_terms(item: ChecklistItem) -> dict[str, Scalar]:
    return {
        "target": item.target,
        "weight": item.weight,
        "milestones": _milestones(item.milestones, item),
    }


def _target(ind: Indicator) -> str | None:
    if isinstance(ind, Quantity):
        if ind.target is None:
            return "只监测，不设目标"
        return amounts.quantity_target(ind.target, ind.unit, ind.at_least)
    if isinstance(ind, Threshold):
        return amounts.threshold_target(ind.target, ind.unit, ind.comparator)
    if isinstance(ind, StageIndicator):
        return ind.target
    if isinstance(ind, Trend):
        return amounts.DIRECTION_LABELS[ind.direction]
    return None


def _milestones(milestones: tuple[Milestone, ...], owner: Indicator | ChecklistItem) -> str | None:
    return "；".join(milestone_text(m, owner) for m in milestones) or None


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _correction(old: Version, new: Version, key: Key) -> str | None:
    """The 更正说明 given with this change: the newer report's, when it is new or reworded."""
    given = _entry_correction(new, key)
    return given if given != _entry_correction(old, key) else None


def _entry_correction(version: Version, key: Key) -> str | None:
    if not isinstance(version, ProgressReport) or key[1] is None:
        return None
    for project in version.projects:
        for entry in project.indicators:
            if project.id == key[0] and entry.id == key[1]:
                return entry.correction
    return None


def _owners(version: Version, key: Key) -> frozenset[str]:
    """The units a registry figure concerns (those of its item, indicator or project)."""
    if not isinstance(version, Registry):
        return frozenset()
    for project in version.projects:
        if project.id != key[0]:
            continue
        for ind in project.indicators:
            if ind.id == key[1]:
                items = [i for i in getattr(ind, "items", ()) if i.name == key[2]]
                return frozenset((items[0].units if items else ()) or ind.units or project.units)
        return frozenset(project.units)
    return frozenset()


def _text_parts(old: Scalar, new: Scalar) -> list[str]:
    """Which free-text parts (progress, problems, next_steps, evidence) differ."""
    before, after = _split(old), _split(new)
    return [
        name for name in dict.fromkeys([*after, *before]) if before.get(name) != after.get(name)
    ]


def _split(value: Scalar) -> dict[str, str]:
    if not isinstance(value, str):
        return {}
    return dict(part.split("=", 1) for part in value.split("\0"))
