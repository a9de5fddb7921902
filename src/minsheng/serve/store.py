"""Writing a submitted report: one writer at a time, the version token against lost updates,
the atomic no-clobber writer, and — where the data folder is a git repository — one commit
per accepted submission, authored by the clerk."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from ..history.git import GitError, Repo, open_repo, run_git
from ..records import frozen
from ..write.atomic import WriteRefused, atomic_write, ensure_folder

NEW = "new"  # the version token of a report not written yet
_IN_PROGRESS = (
    ("MERGE_HEAD", "合并（merge）"),
    ("rebase-merge", "变基（rebase）"),
    ("rebase-apply", "变基（rebase）或 git am"),
    ("CHERRY_PICK_HEAD", "拣选（cherry-pick）"),
    ("REVERT_HEAD", "撤销（revert）"),
)
COMMITTER = ("minsheng serve", "minsheng-serve@localhost")


class Conflict(Exception):
    """The report changed since the form was opened (another clerk submitted it)."""


class Refused(Exception):
    """The report cannot be written now; the message (in Chinese) says why — and the
    coordinator sees it too."""


@frozen
class Author:
    name: str
    email: str


@frozen
class Written:
    changed: bool  # False: identical to the file there (无变化)
    commit: str | None = None  # the commit made, where the data folder is a git repository
    git_problem: str | None = None  # written, but git refused the commit or the push


def version_of(path: Path) -> str:
    """The version token of a report file: a digest of its bytes, or :data:`NEW`."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    except FileNotFoundError:
        return NEW


class Store:
    """Writes reports into the data folder ``root``; commits them where it is in git."""

    def __init__(self, root: Path, *, push: bool = False) -> None:
        self.root, self.push = root, push
        self._lock = threading.Lock()

    def write(self, path: Path, text: str, version: str, author: Author, subject: str) -> Written:
        """Write ``text`` to ``path`` if the file is still at ``version``; commit it."""
        with self._lock:
            current = _read(path)
            if current == text:
                return Written(changed=False)
            if version_of(path) != version:
                raise Conflict
            repo = self._repo()
            if repo is not None:
                refuse_unsafe(repo, self._git_path(repo, path))
            try:
                ensure_folder(path.parent, inside=self.root)
                atomic_write(path, text, force=current is not None)
            except WriteRefused as exc:
                if current is None and path.exists():
                    raise Conflict from None  # another writer made the file first
                raise Refused(str(exc)) from None
            if repo is None:
                return Written(changed=True)
            return self._commit(repo, self._git_path(repo, path), author, subject)

    def _repo(self) -> Repo | None:
        try:
            return open_repo(self.root)
        except GitError:
            return None

    def _git_path(self, repo: Repo, path: Path) -> str:
        return path.resolve().relative_to(repo.top.resolve()).as_posix()

    def _commit(self, repo: Repo, where: str, author: Author, subject: str) -> Written:
        top = repo.top
        try:
            run_git(top, "add", "--", where)
            run_git(
                top,
                *_identity(top),
                "commit",
                "--quiet",
                "--no-verify",
                "-m",
                subject,
                f"--author={author.name} <{author.email}>",
                "--",
                where,
            )
            sha = run_git(top, "rev-parse", "HEAD").decode("ascii").strip()
        except GitError as exc:
            return Written(changed=True, git_problem=f"已保存，但未能提交到 git：{exc}")
        if self.push:
            problem = _push(top)
            if problem is not None:
                return Written(changed=True, commit=sha, git_problem=problem)
        return Written(changed=True, commit=sha)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None


def refuse_unsafe(repo: Repo, where: str) -> None:
    """No write while the repository is mid-merge or mid-rebase, or while the target file
    has edits nobody committed: the commit would mix them in."""
    for name, what in _IN_PROGRESS:
        marker = run_git(repo.top, "rev-parse", "--git-path", name).decode().strip()
        if (repo.top / marker).exists():
            raise Refused(
                f"数据文件夹的 git 仓库正在进行{what}，暂不能写入；"
                "请管理员在仓库中完成或中止该操作（git status 可查看）后再提交"
            )
    dirty = run_git(
        repo.top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", where
    )
    if dirty.strip(b"\0"):
        raise Refused(
            f"数据文件夹中的 {where} 有尚未提交到 git 的改动，为免混入，暂不能写入；"
            "请管理员先提交或撤销这些改动（git status 可查看）后再提交"
        )


def _identity(top: Path) -> tuple[str, ...]:
    """The committer: the repository's own user when it has one, else the server."""
    try:
        if run_git(top, "config", "user.name").strip():
            return ()
    except GitError:
        pass
    return ("-c", f"user.name={COMMITTER[0]}", "-c", f"user.email={COMMITTER[1]}")


def _push(top: Path) -> str | None:
    try:
        if not run_git(top, "remote").strip():
            return "已提交，但仓库没有配置远程仓库（remote），未推送"
        run_git(top, "push", "--quiet")
    except GitError as exc:
        return f"已提交，但推送失败：{exc}"
    return None


def has_remote(root: Path) -> bool:
    try:
        repo = open_repo(root)
        return bool(run_git(repo.top, "remote").strip())
    except GitError:
        return False
