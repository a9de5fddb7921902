"""A 督办 action file prefilled from a suggestion (``new-duban --from``), and where it goes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from ..load.dataset import Dataset
from ..load.duban import ladder
from ..load.layout import ACTION_NAME, ACTIONS_PATH, INSPECTION_NAME, INSPECTIONS_PATH, action_id
from .duban import SuggestionRow, issuer, person_for
from .yaml_text import yaml_text


class NewDubanError(Exception):
    """The suggestion or action asked for is not one the data knows."""


def action_path(root: Path, unit: str, issued: date) -> Path:
    """duban/actions/<issued>-<unit>-<n>.yaml with the next free number for that day and unit
    (two staff on two branches give different days or numbers, never the same file)."""
    folder = root / ACTIONS_PATH
    used = [0]
    if folder.is_dir():
        for entry in folder.iterdir():
            match = ACTION_NAME.match(entry.stem) if entry.suffix == ".yaml" else None
            if match and match[1] == issued.isoformat() and match[2] == unit:
                used.append(int(match[3]))
    return folder / f"{action_id(issued, unit, max(used) + 1)}.yaml"


def inspection_path(root: Path, day: date) -> Path:
    """duban/inspections/<day>-<n>.yaml with the next free number for that day."""
    folder = root / INSPECTIONS_PATH
    used = [0]
    if folder.is_dir():
        for entry in folder.iterdir():
            match = INSPECTION_NAME.match(entry.stem) if entry.suffix == ".yaml" else None
            if match and match[1] == day.isoformat():
                used.append(int(match[2]))
    return folder / f"{day.isoformat()}-{max(used) + 1}.yaml"


def render(ds: Dataset, s: SuggestionRow, action_id: str, issued: date) -> str:
    """The action's YAML, every field commented for the office's staff."""
    deadline = issued + timedelta(days=s.reply_days) if s.reply_days else None
    project = ds.projects.get(s.project_id or 0)
    steps = "、".join(ladder(ds))
    lines = [
        "# yaml-language-server: $schema=../../../schema/action.schema.json",
        f"# {ds.plan.title} · 督办事项 {action_id}",
        f"# 依据督办建议 {s.id}。由督办单位填写、提交；责任单位在本单位进展报告的 duban 部分",
        f"# 回复（写明编号 {action_id}），办结后在 closure 中填写办结情况。",
        "",
        f"action: {yaml_text(s.action)}  # 督办方式（{steps}）",
    ]
    if project is not None:
        lines.append(f"project: {project.id}  # {project.name}")
    if s.indicator is not None:
        ref = ds.indicators[s.indicator]
        lines.append(f"indicator: {yaml_text(s.indicator)}  # {ref.indicator.name}")
    lines += [
        f"unit: {yaml_text(s.unit)}  # 督办对象单位（与文件名一致，请勿修改）",
        f"to: {s.to}  # 督办对象：单位、责任人、分管领导",
        f"person: {yaml_text(person)}  # {s.to}姓名（登记表中的）"
        if (person := person_for(ds, s.project_id, s.to))
        else "person:  # 责任人或分管领导姓名（选填）",
        f"issued: {issued.isoformat()}  # 下发日期（与文件名一致）",
        f"issued_by: {yaml_text(issuer(ds))}  # 督办单位",
        "document:  # 督办函文号（选填）",
        f"rule: {yaml_text(s.rule)}  # 依据的督办规则",
        f"suggestion: {yaml_text(s.id)}  # 所办理的督办建议",
        f"reason: {yaml_text(s.reason)}  # 督办事由",
        "requirements:  # 督办要求（选填）",
        f"deadline: {deadline.isoformat()}  # 办结时限"
        if deadline
        else "deadline:  # 办结时限（选填）",
        "# 办结后填写：",
        "# closure: {date: YYYY-MM-DD, confirmed_by: 督办单位, result: 办结情况}",
    ]
    return "\n".join(lines) + "\n"
