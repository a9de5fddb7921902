"""YAML written by the tool (a registry started by ``init --from-table`` or ``new-year``): plain
data as block YAML that the loader reads back to the same values, with comment lines where
a mapping holds a ``"#"`` key."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

_PLAIN = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9（）()“”《》〔〕、·_-]+$")
# Scalars YAML (or the loader) would read as something other than the text itself.
_SPECIAL = frozenset(
    [
        "~",
        "null",
        "Null",
        "NULL",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "y",
        "n",
    ]
)
COMMENT = "#"


def yaml_text(text: str) -> str:
    """A YAML scalar for ``text``: plain when unambiguous, else a JSON (= YAML) quoted string."""
    if (
        _PLAIN.match(text)
        and not text[0].isdigit()
        and not text.startswith("-")
        and text not in _SPECIAL
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def yaml_number(value: float) -> str:
    """A figure written back exactly as it was read: 8000, 1.55, 0.0001 (never rounded)."""
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return yaml_number(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text):
        return text  # dates and months: the fields that own them convert them
    return yaml_text(text)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list | tuple)


def _flow(values: Sequence[Any]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def _comment(text: str, indent: int) -> list[str]:
    return [f"{' ' * indent}# {line}".rstrip() for line in text.splitlines()]


def mapping_lines(data: Mapping[str, Any], indent: int = 0) -> list[str]:
    """``key: value`` lines; nested mappings and lists as blocks, lists of scalars in flow."""
    lines: list[str] = []
    pad = " " * indent
    for key, value in data.items():
        if key == COMMENT:
            lines += _comment(str(value), indent)
        elif _is_scalar(value):
            lines.append(f"{pad}{key}: {scalar(value)}")
        elif isinstance(value, Mapping):
            if not value:
                lines.append(f"{pad}{key}: {{}}")
            else:
                lines.append(f"{pad}{key}:")
                lines += mapping_lines(value, indent + 2)
        elif not value:
            lines.append(f"{pad}{key}: []")
        elif all(_is_scalar(v) for v in value):
            lines.append(f"{pad}{key}: {_flow(value)}")
        else:
            lines.append(f"{pad}{key}:")
            lines += sequence_lines(value, indent + 2)
    return lines


def sequence_lines(values: Sequence[Any], indent: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for value in values:
        if _is_scalar(value):
            lines.append(f"{pad}- {scalar(value)}")
            continue
        if not isinstance(value, Mapping):
            lines.append(f"{pad}- {_flow(value)}")
            continue
        comments = [k for k in value if k == COMMENT]
        if comments:
            lines += _comment(str(value[COMMENT]), indent)
        body = mapping_lines({k: v for k, v in value.items() if k != COMMENT}, indent + 2)
        if body:
            body[0] = f"{pad}- {body[0].lstrip()}"
        lines += body or [f"{pad}- {{}}"]
    return lines


def document(data: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """A whole file: ``header`` comment lines, then the data."""
    lines = [f"# {line}".rstrip() for line in header]
    return "\n".join([*lines, *mapping_lines(data)]) + "\n"
