"""The data folder at a git revision, loaded like the folder itself (`minsheng diff`).

Problems name files relative to the data folder, so that two versions (one of them
written into a temporary folder) name the same file alike and can be compared.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..load.document import MAX_FILE_BYTES
from ..load.folder import LoadResult, load
from ..load.layout import OFFICE_FILES, REGISTRY_FILE, WATCHED
from ..problems import Problem
from .git import Commit, Repo, materialise


class VersionError(Exception):
    """The revision has no data folder (or no registry in it): a usage error."""


def load_version(
    repo: Repo, commit: Commit, folder: Path, as_of: date, name: str | None = None
) -> LoadResult:
    """The data folder as it was at ``commit``, written into ``folder`` and loaded (no cache:
    the files are new each time). ``name``: the revision as the user wrote it."""
    found = materialise(repo, commit.sha, folder, (*WATCHED, *OFFICE_FILES), MAX_FILE_BYTES)
    if not found or not (folder / REGISTRY_FILE).is_file():
        where = f"「{repo.prefix.rstrip('/')}」" if repo.prefix else "（仓库根目录）"
        raise VersionError(
            f"版本「{name or commit.short}」中没有数据文件夹{where}或其中没有 {REGISTRY_FILE}"
        )
    return relative_to(load(folder, as_of), folder)


def relative_to(result: LoadResult, root: Path) -> LoadResult:
    """``result`` with every problem's path relative to the data folder ``root``."""
    return replace(result, problems=[_relative(p, root) for p in result.problems])


def _relative(problem: Problem, root: Path) -> Problem:
    path = os.path.relpath(Path(problem.path).absolute(), root.absolute())
    return replace(problem, path=Path(path).as_posix())
