"""Problem lists as text (``path:line:col: severity [code] message``), JSON or GitHub annotations."""

from __future__ import annotations

from ..problems import Problem
from ..text.fmt import printable
from .jsonout import dumps


def shown(text: str) -> str:
    """Data quoted in a message stays on its line and cannot drive the terminal (or the log)."""
    return printable(text).replace("\n", "\\n")


def as_text(problems: list[Problem], files: int) -> str:
    lines = [
        f"{shown(p.path)}:{p.line}:{p.column}: {p.severity} [{p.code}] {shown(p.message)}"
        for p in problems
    ]
    lines.append(summary(problems, files))
    return "\n".join(lines) + "\n"


def summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.count for p in problems if p.is_error)
    warnings = sum(p.count for p in problems if not p.is_error)
    if not problems:
        return f"检查通过：{files} 个文件，没有发现问题。"
    verdict = "检查未通过" if errors else "检查通过"
    return f"{verdict}：{files} 个文件，{errors} 个错误，{warnings} 个警告。"


def as_json(problems: list[Problem], ok: bool, *, pretty: bool = True) -> str:
    payload = {
        "ok": ok,
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "severity": str(p.severity),
                "code": p.code,
                "message": p.message,
            }
            for p in problems
        ],
    }
    return dumps(payload, pretty=pretty)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: list[Problem], files: int) -> str:
    """GitHub Actions workflow commands: one annotation per problem, then the summary."""
    lines = [
        f"::{p.severity} file={_escape_property(printable(p.path))},line={p.line},col={p.column},"
        f"title={_escape_property('minsheng ' + p.code)}::{_escape_data(printable(p.message))}"
        for p in problems
    ]
    lines.append(summary(problems, files))
    return "\n".join(lines) + "\n"
