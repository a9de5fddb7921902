"""Reading a data folder's history from git: fixed argument lists, no shell, NUL-separated output."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO

from ..records import frozen
from ..write.files import reason

# Global options for every call: literal pathspecs (a file named "*.yaml" means that file),
# names as UTF-8 rather than octal escapes, no signature output mixed into the log, and no
# file-system monitor hook (a program named in the repository's config) started by reading.
_GIT = (
    "git",
    "--no-pager",
    "--literal-pathspecs",
    "-c",
    "core.quotepath=off",
    "-c",
    "log.showSignature=false",
    "-c",
    "core.fsmonitor=false",
)
_ENV = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
_ZERO = re.compile(r"^0+$")
_REV_REFUSED = re.compile(r"[\x00-\x20\x7f]")
BLOB_MODES = frozenset(("100644", "100755"))


class GitError(Exception):
    """git is missing, the folder is not in a work tree, a revision is unknown: a usage error.

    ``told`` is everything git wrote on stderr; the message quotes its last line only.
    """

    def __init__(self, message: str, told: str = "") -> None:
        super().__init__(message)
        self.told = told


class ScratchError(Exception):
    """The temporary folder (``TMPDIR``) could not be written: full, read-only, no permission."""

    def __init__(self, error: OSError) -> None:
        super().__init__(
            f"无法写入临时文件夹「{tempfile.gettempdir()}」：{reason(error)}；"
            "请清理该位置，或用环境变量 TMPDIR 指定另一个文件夹"
        )


@contextmanager
def scratch() -> Iterator[None]:
    """Writing to the temporary folder: what the system refuses is a :class:`ScratchError`."""
    try:
        yield
    except OSError as exc:
        raise ScratchError(exc) from exc


@frozen
class Repo:
    """A work tree and where the data folder sits in it (``prefix``: "" or "data/")."""

    top: Path
    prefix: str
    shallow: bool = False  # a shallow clone (CI checkouts often are): only the latest commits

    def path(self, relative: str) -> str:
        """A path inside the data folder, as git names it from the top of the work tree."""
        return f"{self.prefix}{relative}"


@frozen
class Commit:
    sha: str
    short: str
    date: datetime  # when it was committed, in the committer's time zone
    author: str
    subject: str


@frozen
class FileChange:
    """One file touched by a commit: blob ids before and after (None: absent), paths in the data folder."""

    status: str  # A, M, D, T, R
    old_blob: str | None
    new_blob: str | None
    old_path: str | None
    new_path: str | None


@frozen
class LogEntry:
    commit: Commit
    changes: tuple[FileChange, ...]


def run_git(repo_dir: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git with a fixed argument list; a failure is a :class:`GitError` quoting git."""
    with _starting(repo_dir):
        done = subprocess.run(
            [*_GIT, *args],
            cwd=repo_dir,
            input=stdin,
            capture_output=True,
            shell=False,
            check=False,
            env={**os.environ, **_ENV},
        )
    if done.returncode != 0:
        raise _failure(done.stderr)
    return done.stdout


@contextmanager
def _starting(repo_dir: Path) -> Iterator[None]:
    """Starting git: no git, no folder, or no permission is a :class:`GitError`."""
    try:
        yield
    except FileNotFoundError as exc:
        if exc.filename is not None and Path(exc.filename) == Path(repo_dir):
            raise GitError(f"文件夹「{repo_dir}」不存在") from None
        raise GitError(
            "找不到 git 命令：请先安装 git（https://git-scm.com），并确保它在 PATH 中"
        ) from None
    except OSError as exc:
        raise GitError(f"无法运行 git：{reason(exc)}") from None


def _failure(stderr: bytes) -> GitError:
    """git's refusal: its last line quoted, all that it said kept as ``told``."""
    told = stderr.decode("utf-8", "replace")
    lines = [line for line in told.splitlines() if line.strip()]
    return GitError(f"git 出错：{lines[-1].strip() if lines else '未知错误'}", told)


def open_repo(folder: Path) -> Repo:
    """The work tree holding ``folder``; outside one (or inside .git) is a :class:`GitError`."""
    try:
        out = run_git(
            folder, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"
        )
    except GitError as exc:
        # Not the last line alone: at a mount point (a USB drive, a network share) git adds
        # "Stopping at filesystem boundary (GIT_DISCOVERY_ACROSS_FILESYSTEM not set)."
        if "not a git repository" in exc.told:
            raise GitError(
                f"数据文件夹「{folder}」不在 git 仓库中：history 和 diff 从 git 提交历史中读取数据的历次版本；"
                "请在 git 仓库里的数据文件夹上运行（或用 --data 指定）"
            ) from None
        if "work tree" in exc.told:
            raise GitError(
                f"数据文件夹「{folder}」不在 git 工作区中（可能在 .git 文件夹里）"
            ) from None
        raise
    top, prefix, shallow = out.decode("utf-8", "surrogateescape").split("\n")[:3]
    return Repo(Path(top), prefix, shallow == "true")


def has_commits(repo: Repo) -> bool:
    try:
        run_git(repo.top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitError:
        return False
    return True


def resolve(repo: Repo, rev: str) -> str:
    """The full commit id that ``rev`` names; an option-like or unknown revision is refused."""
    if not rev or rev.startswith("-") or _REV_REFUSED.search(rev):
        raise GitError(f"版本「{rev}」无效：应是提交号、分支名、标签或 HEAD~3 这样的写法")
    try:
        out = run_git(repo.top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except GitError:
        hint = "请用 git log 查看提交号，或使用分支名、标签、HEAD~1 等写法"
        if repo.shallow:
            hint = f"本仓库是浅克隆，只有最近的提交（可运行 git fetch --unshallow 取回全部历史）；{hint}"
        raise GitError(f"找不到版本「{rev}」：{hint}") from None
    return out.decode("ascii").strip()


# %h would print whole ids next to --no-abbrev: the short id is cut from %H (7, as git does).
_FORMAT = "%x1e%H%x1f%cI%x1f%aN%x1f%s"


def describe(repo: Repo, sha: str) -> Commit:
    out = run_git(repo.top, "show", "-s", f"--format={_FORMAT}", sha, "--")
    return _parse_header(out.decode("utf-8", "replace").lstrip("\x1e").rstrip("\n\0"))


def log(repo: Repo, paths: Iterable[str]) -> list[LogEntry]:
    """Commits that changed ``paths`` (relative to the data folder), oldest first, with their files.

    Merge commits list no files (each side's commits do); renames are detected.
    """
    args = ["log", "--reverse", "-M", "--raw", "-z", "--no-abbrev", "--no-color"]
    args += [f"--format={_FORMAT}", "HEAD", "--", *(repo.path(p) for p in paths)]
    out = run_git(repo.top, *args).decode("utf-8", "surrogateescape")
    return list(_parse_log(out.split("\0"), repo.prefix))


def _parse_log(tokens: list[str], prefix: str) -> Iterator[LogEntry]:
    """Tokens of ``log -z --raw``: a header, then per file ":meta", path[, new path]."""
    commit: Commit | None = None
    changes: list[FileChange] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if token.startswith("\x1e"):
            if commit is not None:
                yield LogEntry(commit, tuple(changes))
            commit, changes = _parse_header(token[1:]), []
        elif token.startswith(":") and token.count(" ") == 4:
            meta = token[1:].split(" ")
            status = meta[4][:1]
            paths = tokens[i : i + (2 if status in "RC" else 1)]
            i += len(paths)
            old_path = _within(paths[0], prefix) if status != "A" else None
            new_path = _within(paths[-1], prefix) if status != "D" else None
            changes.append(FileChange(status, _blob(meta[2]), _blob(meta[3]), old_path, new_path))
    if commit is not None:
        yield LogEntry(commit, tuple(changes))


def _within(path: str, prefix: str) -> str | None:
    """A path from the top of the work tree as a path in the data folder; None: outside it."""
    return path[len(prefix) :] if path.startswith(prefix) else None


def _blob(sha: str) -> str | None:
    return None if _ZERO.match(sha) else sha


def _parse_header(text: str) -> Commit:
    sha, when, author, subject = text.split("\x1f", 3)
    return Commit(sha, sha[:7], datetime.fromisoformat(when), author, subject)


@frozen
class Oversize:
    """A blob larger than the reader's limit: its size, its content skipped unread."""

    size: int


Blob = bytes | Oversize


def read_blobs(repo: Repo, blobs: Iterable[str], limit: int) -> dict[str, Blob]:
    """The contents of many blobs from one ``git cat-file --batch``, read as a stream so that
    memory stays bounded: a blob over ``limit`` bytes is kept as its size only. Missing ones
    are left out."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}
    with _scratch_file() as ids, _scratch_file() as errors:
        with scratch():
            ids.write("".join(f"{b}\n" for b in wanted).encode())
            ids.seek(0)
        with _starting(repo.top):
            process = subprocess.Popen(
                [*_GIT, "cat-file", "--batch"],
                cwd=repo.top,
                stdin=ids,
                stdout=subprocess.PIPE,
                stderr=errors,
                shell=False,
                env={**os.environ, **_ENV},
            )
        assert process.stdout is not None
        with process.stdout as out:
            found = _read_batch(out, wanted, limit)
        if process.wait() != 0:
            errors.seek(0)
            raise _failure(errors.read())
    return found


def _scratch_file() -> IO[bytes]:
    with scratch():
        return tempfile.TemporaryFile()


def _read_batch(out: IO[bytes], wanted: list[str], limit: int) -> dict[str, Blob]:
    found: dict[str, Blob] = {}
    for blob in wanted:
        header = out.readline().rstrip(b"\n").split(b" ")
        if len(header) != 3:  # "<id> missing" (or git stopped early: its exit code tells)
            continue
        size = int(header[2])
        if header[1] == b"blob" and size <= limit:
            found[blob] = out.read(size)
        else:
            _skip(out, size)
            if header[1] == b"blob":
                found[blob] = Oversize(size)
        out.read(1)  # the newline after each object
    return found


def _skip(out: IO[bytes], size: int) -> None:
    while size > 0:
        chunk = out.read(min(size, 1 << 20))
        if not chunk:
            return
        size -= len(chunk)


def tree_files(repo: Repo, commit: str) -> list[tuple[str, str]] | None:
    """(path in the data folder, blob) of every regular file at ``commit``; None: no such folder."""
    try:
        out = run_git(repo.top, "ls-tree", "-r", "-z", "--full-tree", f"{commit}:{repo.prefix}")
    except GitError:
        return None
    files = []
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, kind, blob = meta.split(" ")
        if kind == "blob" and mode in BLOB_MODES:
            files.append((path, blob))
    return files


def materialise(repo: Repo, commit: str, target: Path, wanted: tuple[str, ...], limit: int) -> bool:
    """Write the data folder as it was at ``commit`` into ``target``: only files under
    ``wanted`` (names or folders), regular files only; a file over ``limit`` bytes keeps
    its size but not its content. False when the folder did not exist.
    """
    files = tree_files(repo, commit)
    if files is None:
        return False
    chosen = [(path, blob) for path, blob in files if _wanted(path, wanted) and _safe(path)]
    contents = read_blobs(repo, (blob for _, blob in chosen), limit)
    with scratch():
        _write_files(target, chosen, contents)
    return True


def _write_files(target: Path, chosen: list[tuple[str, str]], contents: dict[str, Blob]) -> None:
    for path, blob in chosen:
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        content = contents.get(blob, b"")
        if isinstance(content, Oversize):
            # A file of the same size (sparse: nothing is written), so the loader refuses
            # it by its size just as it would in the working tree.
            with destination.open("wb") as file:
                file.truncate(content.size)
        else:
            destination.write_bytes(content)


def _wanted(path: str, wanted: tuple[str, ...]) -> bool:
    return any(path == w or path.startswith(f"{w}/") for w in wanted)


def _safe(path: str) -> bool:
    """A relative path of plain names: nothing a tree could use to write outside the folder."""
    parts = PurePosixPath(path).parts
    return bool(parts) and all(p not in ("", ".", "..", ".git") and "\\" not in p for p in parts)
