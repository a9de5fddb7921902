"""Model validation with pydantic errors mapped back to YAML positions and told in Chinese."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, TypeVar, get_args

from ..dates import MONTH_PATTERN
from ..models.common import ID_PATTERN, URL_PATTERN
from ..models.duban import RULE_KEY_PATTERN
from ..models.office import HEX_PATTERN
from ..models.registry import INDICATOR_KINDS
from ..problems import Problem, error
from ..records import frozen
from ..text.labels import FIELD_NAMES
from .caps import MAX_PER_FILE, more
from .document import Document
from .plain import field_types
from .windows import window_errors
from .yamlread import fullwidth_hint

M = TypeVar("M")


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
    from pydantic import ValidationError  # a cold run's: a warm one validates nothing

    from .adapters import adapter

    total = None
    if doc.nodes <= WHOLE_NODES:
        try:
            return adapter(model).validate_python(doc.data), []
        except ValidationError as exc:
            total = exc.error_count()
            if total <= MAX_PROBLEMS:
                errors = _told_once(exc.errors(include_url=False))
                return None, _dedupe([_to_problem(doc, err, model) for err in errors])
    found = window_errors(doc.data, model, MAX_PROBLEMS, frozenset(_field_names(model)))
    if found.total == 0 and total is None:  # a big, valid document: now as a whole
        try:
            return adapter(model).validate_python(doc.data), []
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


def _fields(model: Any) -> dict[str, Any]:
    """The fields of a model and their types; none for anything else."""
    return field_types(model) if isinstance(model, type) else {}


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
            stack.extend(_models_in(field))
    return sorted(names)


def _fields_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed where ``loc`` ends: the fields of the model that holds its last key."""
    models: list[Any] = [model]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = [_fields(m)[part] for m in models if part in _fields(m)]
        if fields:
            models = [found for f in fields for found in _models_in(f)]
        else:  # pydantic's union tag, such as "quantity": keep the member it names
            models = [m for m in models if _has_tag(m, part)]
    names = sorted({name for m in models for name in _fields(m)})
    return names or _field_names(model)


def _has_tag(model: Any, tag: Any) -> bool:
    kind = _fields(model).get("kind")
    return kind is not None and tag in get_args(kind)


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


# pydantic names some errors of dataclasses differently from its models'; one wording serves both.
_SAME_AS = {
    "unexpected_keyword_argument": "extra_forbidden",
    "missing_keyword_only_argument": "missing",
    "missing_argument": "missing",
    "dataclass_type": "model_type",
}


def _to_problem(doc: Document, err: Any, model: type) -> Problem:
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


@frozen
class _Error:
    """What a message says about one pydantic error: the field, the value, pydantic's details."""

    label: str  # the field as named to the clerk: 「value」（数值）
    value: Any
    ctx: dict[str, Any]
    key: str  # the last key of the error's place
    known: list[str]  # the keys allowed there (for an unknown key)


def _unknown_key(e: _Error) -> str:
    close = difflib.get_close_matches(e.key, e.known, n=1, cutoff=0.6)
    hint = f"，是否想写「{close[0]}」？" if close else f"；可用的字段有：{'、'.join(e.known)}"
    return f"未知字段「{e.key}」{hint}{fullwidth_hint(e.key)}"


def _pattern(e: _Error) -> str:
    wording = _PATTERN_MESSAGES.get(str(e.ctx.get("pattern")), "格式不符合要求")
    return f"{e.label}取值「{e.value}」格式不对：{wording}"


def _not_mapping(e: _Error) -> str:
    hint = fullwidth_hint(e.value) if isinstance(e.value, str) else ""
    return f"{e.label}应为「键: 值」形式的映射，而不是「{_short(e.value)}」{hint}"


def _not_number(e: _Error) -> str:
    return (
        f"{e.label}：「{_short(e.value)}」不是数字：请只写数字，如 92 或 1.5"
        f"（不要带单位、百分号或逗号）{_digits_hint(e.value)}"
    )


# The message of each kind of pydantic error (its "type"), in Chinese.
_MESSAGES: dict[str, Callable[[_Error], str]] = {
    "missing": lambda e: f"缺少必填字段{e.label}",
    "extra_forbidden": _unknown_key,
    "value_error": lambda e: f"{e.label}：{e.ctx.get('error')}",
    "union_tag_not_found": lambda e: (
        f"缺少指标类型 kind，应为以下之一：{e.ctx.get('expected_tags', '')}"
    ),
    "union_tag_invalid": lambda e: (
        f"指标类型 kind「{e.ctx.get('tag')}」无效，应为以下之一：{e.ctx.get('expected_tags', '')}"
    ),
    "literal_error": lambda e: (
        f"{e.label}取值「{e.value}」无效，应为以下之一：{e.ctx.get('expected')}"
    ),
    "string_pattern_mismatch": _pattern,
    "string_too_short": lambda e: f"{e.label}不能为空",
    "string_too_long": lambda e: f"{e.label}文字过长（上限 {e.ctx.get('max_length')} 字）",
    "too_short": lambda e: f"{e.label}至少要有 {e.ctx.get('min_length')} 项",
    "greater_than_equal": lambda e: f"{e.label}取值 {e.value} 不能小于 {_num(e.ctx.get('ge'))}",
    "greater_than": lambda e: f"{e.label}取值 {e.value} 必须大于 {_num(e.ctx.get('gt'))}",
    "less_than_equal": lambda e: f"{e.label}取值 {e.value} 不能大于 {_num(e.ctx.get('le'))}",
    **dict.fromkeys(("dict_type", "model_type", "model_attributes_type"), _not_mapping),
    **dict.fromkeys(
        ("list_type", "tuple_type"),
        lambda e: f"{e.label}应为列表（每项另起一行，以「- 」开头），而不是「{_short(e.value)}」",
    ),
    "string_type": lambda e: f"{e.label}应为文字，而不是列表或映射",
    **dict.fromkeys(
        ("bool_parsing", "bool_type"),
        lambda e: f"{e.label}应为 true 或 false，而不是「{_short(e.value)}」",
    ),
    **dict.fromkeys(("float_parsing", "float_type"), _not_number),
    **dict.fromkeys(
        ("int_parsing", "int_type", "int_from_float"),
        lambda e: f"{e.label}：「{_short(e.value)}」不是整数{_digits_hint(e.value)}",
    ),
    "finite_number": lambda e: f"{e.label}不是有效的数字",
}
# A key written with nothing after it: the value is None, whatever type was wanted.
_EMPTY = frozenset(("string_type", "float_type", "int_type", "date_type", "bool_type"))


def _message(err: Any, loc: tuple[Any, ...], known: list[str]) -> str:
    kind = err["type"]
    found = _Error(
        _label(loc), err.get("input"), err.get("ctx") or {}, str(loc[-1]) if loc else "", known
    )
    if found.value is None and kind in _EMPTY:
        return f"{found.label}不能为空"
    wording = _MESSAGES.get(kind)
    return wording(found) if wording else f"{found.label}取值无效（{err.get('msg')}）"


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
