"""The office's own files recorded on the web (验收记录, 督查记录): the record's YAML read back
with the loader's model and the data folder's checks, as ``check`` reads it, and each
problem told beside the input whose line holds it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..load.checks import dataset_checks, dated_checks
from ..load.dataset import Dataset
from ..load.document import Document
from ..load.folder import display_path
from ..load.validate import validate
from ..load.yamlread import parse_text
from ..problems import Problem
from ..text.fmt import printable

# How a checked record joins the data folder: the dataset with it added.
Adding = Callable[[Dataset, Any, Document], Dataset]


@dataclass
class Checked:
    path: Path
    text: str
    errors: dict[str, list[str]]  # by input key; "" for the record as a whole

    @property
    def ok(self) -> bool:
        return not any(self.errors.values())


def check_record(
    ds: Dataset,
    path: Path,
    text: str,
    where: dict[int, str],
    model: type[Any],
    adding: Adding,
    today: date,
    errors: dict[str, list[str]] | None = None,
) -> Checked:
    """``text`` as the file ``path`` validated by ``model`` and by every check of ``check``
    with the record in the data folder; ``where`` names the input of each line of ``text``.
    A new error the record causes in another file (a report now below a verified figure) is
    its problem too, told with that file's place."""
    found: dict[str, list[str]] = {"": [], **(errors or {})}
    shown = display_path(path)
    doc, problems = parse_text(text, shown)
    if doc is not None:
        record, invalid = validate(doc, model)
        problems += invalid
        if record is not None:
            problems += _caused(ds, adding(ds, record, doc), shown, today)
    for problem in problems:
        if not problem.is_error:
            continue
        if problem.path == shown:
            key, message = where.get(problem.line, ""), problem.message
        else:
            key = ""
            message = f"{problem.path}:{problem.line}:{problem.column}: {problem.message}"
        found.setdefault(key, []).append(printable(message))
    return Checked(path, text, found)


def _caused(ds: Dataset, trial: Dataset, shown: str, today: date) -> list[Problem]:
    known = {_key(p) for p in _checks(ds, today) if p.is_error}
    return [
        p for p in _checks(trial, today) if p.path == shown or (p.is_error and _key(p) not in known)
    ]


def _checks(ds: Dataset, today: date) -> list[Problem]:
    return dataset_checks(ds) + dated_checks(ds, today)


def _key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.column, problem.message)
