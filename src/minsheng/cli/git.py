"""The data folder's git repository for the commands that read history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .common import usage_error

if TYPE_CHECKING:
    from ..history.git import Commit, Repo


def git_repo(data: Path) -> Repo:
    """The git work tree of the data folder; no folder, no git or no repository: exit 2."""
    from ..history.git import GitError, open_repo
    from ..load.folder import DataDirError, check_data_dir

    try:
        check_data_dir(data)
        return open_repo(data)
    except (DataDirError, GitError) as exc:
        raise usage_error(str(exc)) from None


def commit_at(repo: Repo, rev: str) -> Commit:
    from ..history.git import GitError, describe, resolve

    try:
        return describe(repo, resolve(repo, rev))
    except GitError as exc:
        raise usage_error(str(exc)) from None
