"""A YAML file read into plain data, with the way back to each node's line and column.

Light on purpose: the warm path (which reads the cache, not the YAML) names these types without
importing PyYAML, which only :mod:`.yamlread` (the reader) imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
# Values (scalars, lists and mappings) in one file. A generated 5 000-project registry has
# 320 000; a file of this many values, every one of them wrong, is still checked within the
# memory the documentation states (docs/security.md).
MAX_NODES = 500_000


# Where a container's children are: a mapping keeps key -> (key line, key col, value line,
# value col); a sequence keeps one (line, col) per item. Lines and columns are 0-based here.
KeyMarks = dict[str, tuple[int, int, int, int]]
ItemMarks = list[tuple[int, int]]


@dataclass(slots=True)
class Document:
    """One YAML file as plain data, and where each node came from.

    Positions are worked out only when first asked for (by reading the source again):
    most files have no problem to report, and skipping the marks makes reading faster.
    """

    path: str
    data: Any
    source: str | Path | None = None
    marks: dict[int, KeyMarks | ItemMarks] | None = None
    start: tuple[int, int] = (0, 0)
    nodes: int = 0  # values in the file (scalars, lists and mappings)
    lines: int = 0  # lines of the file
    # Where the root mapping's keys are, kept even when the other marks are not (and by the
    # cache): the checks that run on every load point at top-level keys (``submitted``), and
    # finding one must not cost a second parse, nor PyYAML on a warm run.
    top: KeyMarks | None = None

    def locate(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the node at ``loc``; the key itself if ``key``.

        Path elements that are not in the data (pydantic's union tags, a missing field)
        are skipped, so the answer is the deepest node that exists.
        """
        if self.marks is None:
            if len(loc) == 1 and self.top is not None and isinstance(loc[0], str):
                found = self.top.get(loc[0])
                if found is not None:
                    kline, kcol, vline, vcol = found
                    return (kline + 1, kcol + 1) if key else (vline + 1, vcol + 1)
            if not self._load_marks():
                return 1, 1
        marks = self.marks or {}
        node: Any = self.data
        line, col = self.start
        last = len(loc) - 1
        for i, part in enumerate(loc):
            child_marks = marks.get(id(node))
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                assert isinstance(child_marks, dict)
                kline, kcol, vline, vcol = child_marks[part]
                line, col = (kline, kcol) if key and i == last else (vline, vcol)
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                assert isinstance(child_marks, list)
                line, col = child_marks[part]
                node = node[part]
        return line + 1, col + 1

    def release(self) -> None:
        """Forget the plain data (the models hold it now); positions can still be found."""
        if self.marks is None and self.source is not None:
            self.data = None

    def _load_marks(self) -> bool:
        """Parse the source again, this time keeping every node's position."""
        from .yamlread import reparse_with_marks  # PyYAML only when a position is asked for

        return reparse_with_marks(self)
