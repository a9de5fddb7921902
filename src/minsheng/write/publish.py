"""Writing a generated site into a folder: atomically, file by file, and deleting only what the
previous run wrote and what is still as it wrote it.

The marker file lists every file written with its SHA-256. A file listed there is deleted
only when it is a regular file inside the folder (no symlink on the way), not under a
dot-folder (``.git``) nor a dot-file, and its content still has the listed hash: an edited
marker (a bad merge, a commit) can make the tool forget a file, never delete someone else's.

The files come as a stream, made one at a time, and each is staged as it comes: written to a
hidden temp file beside its target (as :func:`~.atomic.atomic_write` does), its hash kept and
its content let go, so that only one file is in memory at once. Nothing is renamed into place
until the last file is made: a failure on the way (a template, a full disk, Ctrl-C) deletes
the staged files and leaves the previous site as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from .atomic import (
    WriteRefused,
    atomic_write,
    ensure_folder,
    is_temp_name,
    make_folder,
    publish_staged,
    stage,
)
from .files import NotRegular, TooLarge, chunks, open_regular, read_regular, reason

MANIFEST_HEADER = (
    "# 本文件夹由 minsheng site 生成。下列文件由它写入（每行：SHA-256 和路径），"
    "重新生成时会被替换，不再生成的会被删除（仅当内容未被改动）；请勿手工修改本文件。\n"
)
MAX_MARKER_BYTES = 16 * 1024 * 1024  # a 20 000-page site lists about 2 MB
_LINE = re.compile(r"^(?P<hash>[0-9a-f]{64}) (?P<path>.+)$")

Listed = dict[str, set[str]]  # path -> the hashes it was written with


class Published(NamedTuple):
    written: int  # files written
    removed: list[str]  # the previous run's files removed as stale


class _Staged(NamedTuple):
    temp: Path  # the content, in a hidden temp file beside its target
    digest: str


Content = str | bytes | Iterable[bytes]  # text, bytes, or bytes in pieces


def publish(
    folder: Path,
    files: Iterable[tuple[str, Content]],
    marker: str,
    *,
    force: bool,
    keep: Callable[[Path], bool] = lambda path: False,
) -> Published:
    """Write ``files`` (``(relative path, content)`` pairs, taken one at a time; a content in
    pieces is written piece by piece) into ``folder`` atomically; remove the files the previous
    run wrote and this one does not (never one for which ``keep`` says so)."""
    before = previous_files(folder, marker, force=force)
    made = _missing(folder)
    make_folder(folder)
    staged: dict[str, _Staged] = {}
    try:
        for relative, content in files:
            made += _stage(folder, relative, content, staged)
            del content  # let it go before the next one is made
        removed = _put_in_place(folder, marker, staged, before, keep)
    except BaseException:
        for left in staged.values():
            with contextlib.suppress(OSError):
                left.temp.unlink()
        _remove_empty(made)  # the folders made for files that never came
        raise
    return Published(len(staged), removed)


def _stage(folder: Path, relative: str, content: Content, staged: dict[str, _Staged]) -> list[Path]:
    """``content`` into a temp file beside its target; returns the folders made for it."""
    target = folder / relative
    made = _missing(target.parent)
    ensure_folder(target.parent, inside=folder)
    hasher = hashlib.sha256()
    earlier = staged.pop(relative, None)
    if earlier is not None:  # the same path twice: the later content wins, as in a mapping
        with contextlib.suppress(OSError):
            earlier.temp.unlink()
    temp = stage(target, _hashed(content, hasher), force=True)
    staged[relative] = _Staged(temp, hasher.hexdigest())
    return made


def _hashed(content: Content, hasher: hashlib._Hash) -> Iterator[bytes]:
    pieces = (
        (content.encode("utf-8"),)
        if isinstance(content, str)
        else (content,)
        if isinstance(content, bytes)
        else content
    )
    for piece in pieces:
        hasher.update(piece)
        yield piece


def _put_in_place(
    folder: Path,
    marker: str,
    staged: dict[str, _Staged],
    before: Listed,
    keep: Callable[[Path], bool],
) -> list[str]:
    """Every staged file renamed over its target, in sorted order; then the stale ones removed."""
    written = {relative: {file.digest} for relative, file in staged.items()}
    # The marker lists old and new files until the end, so an interrupted run can be redone.
    atomic_write(folder / marker, manifest(_union(before, written)), force=True)
    for relative in sorted(staged):
        publish_staged(staged[relative].temp, folder / relative)
    stale = {path: hashes for path, hashes in before.items() if path not in staged}
    removed = remove_stale(folder, stale, keep)
    atomic_write(folder / marker, manifest(written), force=True)
    return removed


def _missing(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist yet, deepest first."""
    missing = []
    current = folder.absolute()
    while current != current.parent and _lstat(current) is None:
        missing.append(current)
        current = current.parent
    return missing


def _remove_empty(folders: list[Path]) -> None:
    for made in sorted(set(folders), key=lambda f: len(f.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty (another run writes there), or gone
            made.rmdir()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _union(a: Listed, b: Listed) -> Listed:
    joined: Listed = {path: set(hashes) for path, hashes in a.items()}
    for path, hashes in b.items():
        joined.setdefault(path, set()).update(hashes)
    return joined


def previous_files(folder: Path, marker: str, *, force: bool) -> Listed:
    """The files a previous run wrote (from its marker); refuse a foreign non-empty folder."""
    found = _lstat(folder)
    if found is None:
        return {}
    if stat.S_ISLNK(found.st_mode):
        raise WriteRefused(f"「{folder}」是符号链接，为安全起见不写入；请指定普通文件夹")
    if not stat.S_ISDIR(found.st_mode):
        raise WriteRefused(f"「{folder}」不是文件夹")
    path = folder / marker
    listed = _lstat(path)
    if listed is not None and not stat.S_ISREG(listed.st_mode):
        raise WriteRefused(f"「{path}」不是普通文件，为安全起见不写入")
    if listed is not None:
        return parse_manifest(_read_marker(path))
    # Another run's temp files (two first runs at once: pages staged in the folders it made
    # for them) do not make the folder someone else's.
    if not force and not _only_temp_files(folder):
        raise WriteRefused(
            f"「{folder}」不是空文件夹，也不是 minsheng site 生成的网站（没有 {marker} 标记文件）；"
            "为免覆盖其中的文件，已停止。请指定新的或空的文件夹，或加 --force 仍写入"
        )
    return {}


def _only_temp_files(folder: Path) -> bool:
    """Whether ``folder`` holds nothing but this tool's temp files, in it or in folders below."""
    waiting = list(folder.iterdir())
    while waiting:
        entry = waiting.pop()
        if is_temp_name(entry.name):
            continue
        if entry.is_symlink() or not entry.is_dir():
            return False
        try:
            waiting += entry.iterdir()
        except OSError:  # unreadable: it may hold anything
            return False
    return True


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # making the folder tells what is wrong
        return None
    except OSError as exc:
        raise WriteRefused(f"无法写入「{path}」：{reason(exc)}") from exc


def _read_marker(path: Path) -> str:
    damaged = f"「{path}」已损坏（不是 minsheng site 写入的内容）；请检查该文件夹，删除此文件后重试"
    try:
        return read_regular(path, MAX_MARKER_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise WriteRefused(damaged) from None
    except TooLarge:
        raise WriteRefused(f"{damaged}（文件过大）") from None
    except NotRegular as exc:
        raise WriteRefused(f"「{path}」{exc.strerror}，为安全起见不写入") from None
    except OSError as exc:
        raise WriteRefused(f"无法读取「{path}」：{reason(exc, reading=True)}") from exc


def parse_manifest(text: str) -> Listed:
    """Paths and hashes from a marker; lines without a hash (older markers) or with a path
    that could lead elsewhere are left out: those files are never deleted."""
    listed: Listed = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match and is_site_path(match["path"]):
            listed.setdefault(match["path"], set()).add(match["hash"])
    return listed


def manifest(listed: Listed) -> str:
    lines = (f"{h} {path}\n" for path in sorted(listed) for h in sorted(listed[path]))
    return MANIFEST_HEADER + "".join(lines)


def is_site_path(line: str) -> bool:
    """A relative path inside the site folder, with no part hidden (``.git``, ``.nojekyll``)."""
    if not line or "\\" in line or "\0" in line:
        return False
    path = PurePosixPath(line)
    if path.is_absolute() or not path.parts:
        return False
    return all(part not in ("", "..") and not part.startswith(".") for part in path.parts)


def remove_stale(
    folder: Path, stale: Mapping[str, Iterable[str]], keep: Callable[[Path], bool]
) -> list[str]:
    """Delete the files we wrote before that are still as we wrote them; prune emptied folders.

    A file that is already gone (another run removed it) is skipped, not an error.
    """
    removed = []
    for relative in sorted(stale):
        target = folder / relative
        if keep(target) or not still_ours(folder, relative, set(stale[relative])):
            continue
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        removed.append(relative)
        _prune(target.parent, folder)
    return removed


def still_ours(folder: Path, relative: str, hashes: set[str]) -> bool:
    """A regular file reached without a symlink, whose content has one of ``hashes``."""
    if not is_site_path(relative):
        return False
    current = folder
    for part in PurePosixPath(relative).parts[:-1]:
        current = current / part
        if current.is_symlink() or not current.is_dir():
            return False
    target = folder / relative
    try:
        if not stat.S_ISREG(os.lstat(target).st_mode):
            return False
        return _hash_file(target) in hashes
    except OSError:  # gone, unreadable, replaced by a FIFO: not ours to touch
        return False


def _hash_file(path: Path) -> str:
    fd = open_regular(path)
    try:
        hasher = hashlib.sha256()
        for piece in chunks(fd, os.fstat(fd).st_size + 1):
            hasher.update(piece)
    finally:
        os.close(fd)
    return hasher.hexdigest()


def _prune(directory: Path, folder: Path) -> None:
    while directory != folder and directory.is_dir() and not directory.is_symlink():
        with contextlib.suppress(OSError):
            if any(directory.iterdir()):
                return
            directory.rmdir()  # another run may have filled or removed it meanwhile
        directory = directory.parent
