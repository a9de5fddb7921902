"""Problems found in the data: one type for every stage, with a file position."""

from __future__ import annotations

from enum import StrEnum

from .records import frozen


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@frozen
class Problem:
    """A finding about one place in one file; line and column are 1-based (0 = unknown)."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hidden: int = 0  # stands for this many problems not listed (「……另有 N 个问题」)

    @property
    def count(self) -> int:
        """How many problems this one stands for."""
        return self.hidden or 1

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def error(path: str, line: int, column: int, code: str, message: str) -> Problem:
    return Problem(path, line, column, code, message, Severity.ERROR)


def warning(path: str, line: int, column: int, code: str, message: str) -> Problem:
    return Problem(path, line, column, code, message, Severity.WARNING)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


@frozen
class CellProblem:
    """A finding about a workbook, one of its sheets or one cell ("县教委-2022-06.xlsx 填报!F7")."""

    workbook: str
    message: str
    sheet: str | None = None
    cell: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def where(self) -> str:
        if self.sheet is None:
            return self.workbook
        return f"{self.workbook} {self.sheet}" + (f"!{self.cell}" if self.cell else "")

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
