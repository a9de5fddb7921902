"""A progress bar for long work: on stderr, only on a terminal, only after about a second."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

DELAY = 1.0


class Report(Protocol):
    def __call__(self, done: int, total: int) -> None: ...


def wanted() -> bool:
    """A person is watching stderr: a terminal, not a CI log, not a dumb terminal."""
    return sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class _Bar:
    def __init__(self, description: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.description = description
        self.clock = clock
        self.started = clock()
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.progress is None:
            if self.clock() - self.started < DELAY:
                return  # quick work never shows a bar
            self._start(total)
        assert self.progress is not None and self.task is not None
        self.progress.update(self.task, completed=done, total=total)

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task(self.description, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _quiet(done: int, total: int) -> None:
    return None


@contextmanager
def progress_bar(description: str) -> Iterator[Report]:
    """A callback ``(done, total)`` that draws a bar when the work turns out to be long."""
    if not wanted():
        yield _quiet
        return
    bar = _Bar(description)
    try:
        yield bar
    finally:
        bar.close()
