"""Model validation with pydantic errors mapped back to YAML positions and told in Chinese."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..models.common import ID_PATTERN, MONTH_PATTERN, URL_PATTERN
from ..models.duban import RULE_KEY_PATTERN
from ..models.office import HEX_PATTERN
from ..models.registry import INDICATOR_KINDS
from ..problems import Problem, error
from .caps import MAX_PER_FILE, more
from .windows import window_errors
from .yamlread import Document, fullwidth_hint

M = TypeVar("M", bound=BaseModel)

# Chinese names of the YAML keys, so a clerk knows what a field is for.
FIELD_NAMES: dict[str, str] = {
    "sample": "样例数据标记",
    "plan": "计划信息",
    "year": "年度",
    "title": "标题",
    "doc_number": "文号",
    "issuer": "发文单位",
    "issued": "印发日期",
    "coordinator": "牵头协调单位",
    "supervisor": "督查单位",
    "contact": "联系人",
    "phone": "联系电话",
    "reporting": "报送规则",
    "first_month": "首个报送月份",
    "last_month": "最后报送月份",
    "units": "责任单位",
    "unit": "单位",
    "projects": "项目",
    "id": "编号",
    "name": "名称",
    "text": "目标任务原文",
    "indicators": "指标",
    "kind": "指标类型",
    "target": "目标",
    "items": "清单项",
    "milestones": "节点",
    "by": "节点日期",
    "value": "数值",
    "stage": "阶段",
    "percent": "百分比",
    "month": "月份",
    "submitted": "报送日期",
    "reporter": "填报人",
    "progress": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步打算",
    "evidence": "佐证链接",
    "correction": "更正说明",
    "self_assessment": "自评完成度",
    "review": "评价",
    "score": "评分",
    "reviewer": "评价单位",
    "baseline": "基数",
    "due": "完成时限",
    "weight": "权重",
    "note": "备注",
    # office.yaml and duban/acceptance/
    "words": "用语",
    "list_name": "清单名称",
    "colours": "预警颜色",
    "preset": "预设规则",
    "rules": "规则",
    "states": "颜色名称和显示颜色",
    "colour": "颜色",
    "aggregate": "汇总方式",
    "vocabulary": "通报用语",
    "tolerance": "按序时的容差",
    "calendar": "休息日",
    "holidays": "放假日期",
    "working_days": "调休上班日期",
    "exemptions": "免报",
    "justified": "有正当理由的滞后",
    "acceptance": "验收",
    "accepted": "验收日期",
    "accepted_by": "验收单位",
    "closed": "销号日期",
    "forecast": "预计",
    "expected_done": "预计完成日期",
    "cadence": "报送周期",
    "due_day": "截止日",
    "days_after": "期末后第几天",
    "streams": "另外的报送要求",
    "overrides": "个别单位的报送要求",
    # 督办: office.yaml's escalation, duban/actions/ and duban/inspections/, and the replies
    "escalation": "督办阶梯和规则",
    "ladder": "督办方式",
    "action": "督办方式",
    "scope": "对象",
    "to": "督办对象",
    "reply_days": "办结天数",
    "quarter_end": "季度末",
    "year_end": "年末",
    "missing_reports": "未报送份数",
    "unanswered": "逾期未回复",
    "review_days": "回头看天数",
    "issued_by": "督办单位",
    "document": "文件或文号",
    "rule": "督办规则",
    "suggestion": "建议编号",
    "reason": "督办事由",
    "requirements": "督办要求",
    "deadline": "办结时限",
    "closure": "办结或申请销号",
    "review_by": "回头看期限",
    "follow_up": "回头看",
    "person": "姓名",
    "date": "日期",
    "result": "结果",
    "inspections": "督查",
    "team": "督查组",
    "methods": "督查方式",
    "findings": "督查发现",
    "duban": "回复督办事项",
    "reply": "回复内容",
    "documents": "佐证材料",
    "closed_by": "销号单位",
    "confirmed_by": "办结确认单位",
    "checked_by": "回头看单位",
}

_PATTERN_MESSAGES = {
    MONTH_PATTERN: "月份应写成 YYYY-MM，例如 2022-05（月份写两位数）",
    ID_PATTERN: "编号只能由字母、数字、「-」和「_」组成，例如 3-1",
    URL_PATTERN: "链接必须以 http:// 或 https:// 开头，且不能含空格或引号",
    HEX_PATTERN: "颜色应写成 # 加六位十六进制数，例如 #c62828",
    RULE_KEY_PATTERN: "规则编号最长 32 个字，不能含空格和斜杠",
}


MAX_PROBLEMS = MAX_PER_FILE  # listed per file; the rest are counted: 「……另有 N 个问题」
# A document up to this many values is validated whole first (all its errors, at about
# 400 bytes each in pydantic, fit in memory); a bigger one in windows (load/windows.py).
WHOLE_NODES = 300_000


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a parsed document against ``model``; every error gets a file position.

    At most :data:`MAX_PROBLEMS` are listed; one more problem says how many others there are.
    """
    total = None
    if doc.nodes <= WHOLE_NODES:
        try:
            return model.model_validate(doc.data), []
        except ValidationError as exc:
            total = exc.error_count()
            if total <= MAX_PROBLEMS:
                errors = _told_once(exc.errors(include_url=False))
                return None, _dedupe([_to_problem(doc, err, model) for err in errors])
    found = window_errors(doc.data, model, MAX_PROBLEMS, frozenset(_field_names(model)))
    if found.total == 0 and total is None:  # a big, valid document: now as a whole
        try:
            return model.model_validate(doc.data), []
        except ValidationError as exc:  # only errors no window could see (none are known)
            found.errors = [dict(e) for e in exc.errors(include_url=False)[:MAX_PROBLEMS]]
            found.total = exc.error_count()
    problems = _dedupe([_to_problem(doc, err, model) for err in _told_once(found.errors)])
    hidden = (total if total is not None else found.total) - len(problems)
    return None, problems + ([more(doc.path, doc.lines, hidden)] if hidden > 0 else [])


def _told_once(errors: list[Any]) -> list[Any]:
    """A list whose items are wrong is not also "too short": the items are the news."""
    holding = {
        tuple(e["loc"][:i]) for e in errors for i, p in enumerate(e["loc"]) if isinstance(p, int)
    }
    return [e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in holding)]


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for p in problems:
        key = (p.line, p.column, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _fields(model: Any) -> dict[str, FieldInfo]:
    """The fields of a BaseModel or a pydantic dataclass."""
    fields: dict[str, FieldInfo] = getattr(model, "__pydantic_fields__", {})
    return fields


def _field_names(model: Any) -> list[str]:
    names: set[str] = set()
    stack: list[Any] = [model]
    seen: set[Any] = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, field in _fields(current).items():
            names.add(name)
            stack.extend(_models_in(field.annotation))
    return sorted(names)


def _fields_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed where ``loc`` ends: the fields of the model that holds its last key."""
    models: list[Any] = [model]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = [_fields(m)[part] for m in models if part in _fields(m)]
        if fields:
            models = [found for f in fields for found in _models_in(f.annotation)]
        else:  # pydantic's union tag, such as "quantity": keep the member it names
            models = [m for m in models if _has_tag(m, part)]
    names = sorted({name for m in models for name in _fields(m)})
    return names or _field_names(model)


def _has_tag(model: Any, tag: Any) -> bool:
    kind = _fields(model).get("kind")
    return kind is not None and tag in get_args(kind.annotation)


def _models_in(annotation: Any) -> list[Any]:
    if isinstance(annotation, type) and _fields(annotation):
        return [annotation]
    found: list[Any] = []
    for arg in getattr(annotation, "__args__", ()):
        found.extend(_models_in(arg))
    metadata_origin = getattr(annotation, "__origin__", None)
    if metadata_origin is not None and not found:
        found.extend(_models_in(metadata_origin))
    return found


# pydantic dataclasses name some errors differently from BaseModel; one wording serves both.
_SAME_AS = {
    "unexpected_keyword_argument": "extra_forbidden",
    "missing_keyword_only_argument": "missing",
    "missing_argument": "missing",
    "dataclass_type": "model_type",
}


def _to_problem(doc: Document, err: Any, model: type[BaseModel]) -> Problem:
    loc = tuple(err["loc"])
    kind = _SAME_AS.get(err["type"], err["type"])
    err = {**err, "type": kind}
    known: list[str] = []
    if kind == "extra_forbidden":
        known = _fields_at(model, loc)
        line, col = doc.locate(loc, key=True)
    elif loc and loc[-1] == "[key]":  # a mapping key that is not allowed: point at the key
        line, col = doc.locate(loc[:-1], key=True)
    elif kind == "union_tag_invalid":  # the wrong kind itself, not the whole indicator
        line, col = doc.locate((*loc, "kind"))
    else:
        line, col = doc.locate(loc)
    return error(doc.path, line, col, _code(kind), _message(err, loc, known))


def _code(kind: str) -> str:
    if kind == "extra_forbidden":
        return "unknown-key"
    if kind == "missing":
        return "missing-key"
    return "invalid-value"


def _label(loc: tuple[Any, ...]) -> str:
    if loc and loc[-1] == "[key]":  # the key itself is wrong: name the mapping that holds it
        loc = loc[:-2]
    for part in reversed(loc):
        if isinstance(part, str) and part not in INDICATOR_KINDS:
            name = FIELD_NAMES.get(part)
            return f"「{part}」（{name}）" if name else f"「{part}」"
    return "此处"


def _message(err: Any, loc: tuple[Any, ...], known: list[str]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    label = _label(loc)
    if kind == "missing":
        return f"缺少必填字段{label}"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"，是否想写「{close[0]}」？" if close else f"；可用的字段有：{'、'.join(known)}"
        return f"未知字段「{key}」{hint}{fullwidth_hint(key)}"
    if kind == "value_error":
        return f"{label}：{ctx.get('error')}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = ctx.get("expected_tags", "")
        if kind == "union_tag_not_found":
            return f"缺少指标类型 kind，应为以下之一：{tags}"
        return f"指标类型 kind「{ctx.get('tag')}」无效，应为以下之一：{tags}"
    if kind == "literal_error":
        return f"{label}取值「{value}」无效，应为以下之一：{ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        return f"{label}取值「{value}」格式不对：{_PATTERN_MESSAGES.get(pattern, '格式不符合要求')}"
    if value is None and kind in (
        "string_type",
        "float_type",
        "int_type",
        "date_type",
        "bool_type",
    ):
        return f"{label}不能为空"
    if kind == "string_too_short":
        return f"{label}不能为空"
    if kind == "string_too_long":
        return f"{label}文字过长（上限 {ctx.get('max_length')} 字）"
    if kind == "too_short":
        return f"{label}至少要有 {ctx.get('min_length')} 项"
    if kind == "greater_than_equal":
        return f"{label}取值 {value} 不能小于 {_num(ctx.get('ge'))}"
    if kind == "greater_than":
        return f"{label}取值 {value} 必须大于 {_num(ctx.get('gt'))}"
    if kind == "less_than_equal":
        return f"{label}取值 {value} 不能大于 {_num(ctx.get('le'))}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        hint = fullwidth_hint(value) if isinstance(value, str) else ""
        return f"{label}应为「键: 值」形式的映射，而不是「{_short(value)}」{hint}"
    if kind in ("list_type", "tuple_type"):
        return f"{label}应为列表（每项另起一行，以「- 」开头），而不是「{_short(value)}」"
    if kind == "string_type":
        return f"{label}应为文字，而不是列表或映射"
    if kind in ("bool_parsing", "bool_type"):
        return f"{label}应为 true 或 false，而不是「{_short(value)}」"
    if kind in ("float_parsing", "float_type"):
        return f"{label}：「{_short(value)}」不是数字：请只写数字，如 92 或 1.5（不要带单位、百分号或逗号）{_digits_hint(value)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{label}：「{_short(value)}」不是整数{_digits_hint(value)}"
    if kind in ("finite_number",):
        return f"{label}不是有效的数字"
    return f"{label}取值无效（{err.get('msg')}）"


def _digits_hint(value: Any) -> str:
    if isinstance(value, str) and any("０" <= ch <= "９" or ch == "．" for ch in value):
        return "。提示：这里用了全角数字，请切换到半角（英文）输入"
    return ""


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _short(value: Any) -> str:
    text = "空" if value is None else str(value)
    return text if len(text) <= 30 else text[:30] + "…"
