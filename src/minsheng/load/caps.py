"""How many problems are listed: at most :data:`MAX_PER_FILE` per file and :data:`MAX_LISTED`
in all; the others are counted, one 「……另有 N 个问题」 per file and severity, so that a file
of half a million mistakes neither floods the output nor exhausts memory."""

from __future__ import annotations

from collections import Counter

from ..problems import Problem, Severity

MAX_PER_FILE = 100
MAX_LISTED = 50_000
MORE = "more-problems"


def more(path: str, line: int, hidden: int, severity: Severity = Severity.ERROR) -> Problem:
    """The ``hidden`` problems of ``path`` not listed, as one problem at its ``line`` (its end)."""
    return Problem(
        path,
        max(line, 1),
        1,
        MORE,
        f"……另有 {hidden} 个问题未列出（每个文件最多列出 {MAX_PER_FILE} 个，一次最多列出 {MAX_LISTED} 个）；"
        "请先改正已列出的问题再检查",
        severity,
        hidden,
    )


def capped(problems: list[Problem]) -> list[Problem]:
    """``problems`` within the limits, in their order; the rest counted (again, when some
    were counted before: the counts add up)."""
    listed: list[Problem] = []
    per_file: Counter[str] = Counter()
    hidden: Counter[tuple[str, Severity]] = Counter()
    last_line: dict[str, int] = {}
    for problem in problems:
        last_line[problem.path] = max(last_line.get(problem.path, 0), problem.line)
        if problem.code == MORE:
            hidden[problem.path, problem.severity] += problem.hidden
        elif per_file[problem.path] < MAX_PER_FILE and len(listed) < MAX_LISTED:
            per_file[problem.path] += 1
            listed.append(problem)
        else:
            hidden[problem.path, problem.severity] += 1
    if not hidden:
        return listed
    return listed + [
        more(path, last_line[path], n, severity) for (path, severity), n in hidden.items()
    ]
