"""What the checks share: their types, a problem at a YAML position, a report's entries, and
how an unknown stage is told."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from ...models import Stage
from ...models.progress import IndicatorReport
from ...problems import Problem, error, warning
from ..dataset import Dataset, LoadedReport
from ..document import Document

Check = Callable[[Dataset], list[Problem]]
# A check whose answer depends on the as-of date: run on every load, never cached.
DatedCheck = Callable[[Dataset, date], list[Problem]]
Loc = tuple[str | int, ...]


def at(doc: Document, loc: Loc, code: str, message: str) -> Problem:
    """An error at the YAML position of ``loc`` in ``doc``."""
    line, col = doc.locate(loc)
    return error(doc.path, line, col, code, message)


def warning_at(doc: Document, loc: Loc, code: str, message: str) -> Problem:
    line, col = doc.locate(loc)
    return warning(doc.path, line, col, code, message)


def indicator_entries(loaded: LoadedReport) -> Iterator[tuple[Loc, IndicatorReport]]:
    """Every indicator entry of a report, with its place in the file."""
    for p, entry in enumerate(loaded.report.projects):
        for i, ind in enumerate(entry.indicators):
            yield ("projects", p, "indicators", i), ind


def unknown_stage(ds: Dataset, loc: Loc, name: str, doc: Document | None = None) -> Problem:
    # No guess at the word meant: similar characters are no guide (竣工 is not 开工).
    return at(
        doc or ds.doc,
        loc,
        "unknown-stage",
        f"阶段「{name}」不在阶段表中；可写：{stage_words(ds.plan.stages)}",
    )


def stage_words(stages: tuple[Stage, ...]) -> str:
    """The accepted stage words: "未启动、已启动（也可写 启动、开工）、建成（也可写 完成）"."""
    return "、".join(
        stage.name + (f"（也可写 {'、'.join(stage.aliases)}）" if stage.aliases else "")
        for stage in stages
    )
