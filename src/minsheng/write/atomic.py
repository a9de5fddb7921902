"""Safe file writing: atomic (temp file + rename in the same folder), no clobbering even when
writers race, never through a symlink, never over anything but a regular file.

How a new file is published without ``--force``: the finished temp file is hard-linked to
the target name, which fails if the name exists, so of many concurrent writers exactly one
wins. Where hard links are not supported (FAT/exFAT, some SMB shares) ``renameat2`` with
``RENAME_NOREPLACE`` (Linux) or ``renamex_np`` with ``RENAME_EXCL`` (macOS) does the same;
Windows' own rename never replaces. Where none of these exists the write is refused.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .files import reason as _reason


class WriteRefused(Exception):
    """The tool will not write here; the message says why, in Chinese."""


def reason(exc: OSError) -> str:
    """Why the system refused a write, in Chinese."""
    return _reason(exc)


_NAME_MAX = 255  # bytes per name on every file system the tool is used on
_WINDOWS = sys.platform == "win32"
# A temp file: ".<target name, shortened to fit>.<writer's pid>-<8 random characters>.tmp"
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[a-z0-9_]{8}\.tmp$")
STALE_AFTER = 24 * 3600  # seconds: no writer takes this long, whoever and wherever it is


def atomic_write(
    path: Path,
    data: str | bytes | Iterable[bytes],
    *,
    force: bool = False,
    mode: int | None = None,
) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    ``data`` may be given in pieces (bytes from an iterable), written one after another.
    Without ``force`` an existing file is never replaced, even by a writer racing this one.
    ``mode``: the new file's permissions (default: an existing file's, or 0666 less umask).
    """
    publish_staged(stage(path, data, force=force, mode=mode), path, replace=force)


def stage(
    path: Path,
    data: str | bytes | Iterable[bytes],
    *,
    force: bool = False,
    mode: int | None = None,
) -> Path:
    """The first half of :func:`atomic_write`: what is at ``path`` checked (the same refusals),
    ``data`` in a hidden temp file beside it, on disk. Returns the temp file, for
    :func:`publish_staged` (or to delete)."""
    existing = _existing(path)
    if existing is not None:
        _refuse_existing(path, existing, force)
    parent = path.parent
    if not parent.is_dir():
        raise WriteRefused(f"输出文件夹「{parent}」不存在")
    pieces = (
        (data.encode("utf-8"),)
        if isinstance(data, str)
        else (data,)
        if isinstance(data, bytes)
        else data
    )
    if mode is None:
        mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    remove_stale_temps(parent)
    try:
        return _write_temp(path, pieces, mode)
    except OSError as exc:  # disk full, no permission, read-only: the old file is intact
        raise WriteRefused(f"无法写入「{path}」：{reason(exc)}") from exc


def publish_staged(tmp: Path, path: Path, *, replace: bool = True) -> None:
    """The second half of :func:`atomic_write`: the staged ``tmp`` becomes ``path`` (without
    ``replace``, only where nothing is there yet, even if a racing writer made one meanwhile)."""
    try:
        _publish(tmp, path, replace=replace)
    except FileExistsError:
        raise WriteRefused(_exists(path)) from None
    except OSError as exc:
        raise WriteRefused(f"无法写入「{path}」：{reason(exc)}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    sync_folder(path.parent)


def _existing(path: Path) -> os.stat_result | None:
    """What is at ``path`` now (a link itself, not its target); None when nothing is."""
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # the folder check below says more
        return None
    except OSError as exc:
        raise WriteRefused(f"无法写入「{path}」：{reason(exc)}") from exc


def _refuse_existing(path: Path, found: os.stat_result, force: bool) -> None:
    if stat.S_ISLNK(found.st_mode):
        raise WriteRefused(f"「{path}」是符号链接，为安全起见不写入；请指定普通文件路径")
    if stat.S_ISDIR(found.st_mode):  # before "exists": --force would not help
        raise WriteRefused(
            f"「{path}」是文件夹，不能作为输出文件；请指定文件名，例如「{path / 'x'}」"
        )
    if not stat.S_ISREG(found.st_mode):  # a FIFO, socket or device: never replaced
        from .files import kind

        raise WriteRefused(
            f"「{path}」是{kind(found.st_mode)}，不是普通文件；不能写入或替换它（加 --force 也不行），"
            "请指定普通文件路径"
        )
    if not force:
        raise WriteRefused(_exists(path))


def _exists(path: Path) -> str:
    return f"「{path}」已存在；如确需覆盖，请加 --force"


def _write_temp(path: Path, pieces: Iterable[bytes], mode: int) -> Path:
    """The whole content in a hidden temp file beside ``path``, on disk (fsync'ed)."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path.name), suffix=".tmp")
    tmp = Path(name)
    try:
        tmp.chmod(mode)
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _temp_prefix(name: str) -> str:
    """``.<name>.<pid>-``, the name shortened so that the temp name still fits in 255 bytes."""
    room = _NAME_MAX - len(f"..{os.getpid()}-xxxxxxxx.tmp".encode())
    encoded = os.fsencode(name)
    if len(encoded) > room:
        name = encoded[:room].decode("utf-8", "ignore") or "x"
    return f".{name}.{os.getpid()}-"


def _publish(tmp: Path, path: Path, *, replace: bool) -> None:
    """Give the finished temp file its name: replacing what is there, or only if nothing is."""
    if replace:
        tmp.replace(path)
    elif _WINDOWS:  # pragma: no cover - Windows' rename fails when the target exists
        tmp.rename(path)
    else:
        publish_new(tmp, path)


# link(2) fails with these where the file system has no hard links.
_NO_LINKS = frozenset(
    e for e in (errno.EPERM, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", 0), errno.ENOSYS) if e
)
_UNSUPPORTED = frozenset((errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTTY)) | _NO_LINKS


def publish_new(tmp: Path, path: Path) -> None:
    """``tmp`` becomes ``path`` only if ``path`` does not exist (FileExistsError otherwise)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        rename_exclusive(tmp, path)


class NoAtomicCreate(OSError):
    """The file system offers no way to create a name atomically without replacing."""


def rename_exclusive(tmp: Path, path: Path) -> None:
    """Rename without replacing: ``renameat2`` (Linux) or ``renamex_np`` (macOS)."""
    call = _exclusive_rename_call()
    if call is None:
        raise _no_atomic_create(path)
    ctypes.set_errno(0)
    if call(os.fsencode(tmp), os.fsencode(path)) == 0:
        return
    code = ctypes.get_errno()
    if code == errno.EEXIST:
        raise FileExistsError(code, os.strerror(code), str(path))
    if code in _UNSUPPORTED:
        raise _no_atomic_create(path)
    raise OSError(code, os.strerror(code), str(path))


def _no_atomic_create(path: Path) -> WriteRefused:
    return WriteRefused(
        f"「{path.parent}」所在的文件系统既不支持硬链接，也不支持不覆盖的改名"
        "（常见于 FAT/exFAT 优盘和部分网络共享）：无法保证不覆盖同时写入的另一份文件，已停止。"
        "请换到本机硬盘上的文件夹，或确认没有别人同时写入后加 --force"
    )


@functools.cache
def _exclusive_rename_call() -> Callable[[bytes, bytes], int] | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to ask
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, noreplace = -100, 1
        function = libc.renameat2

        def renameat2(source: bytes, target: bytes) -> int:
            return int(function(at_fdcwd, source, at_fdcwd, target, noreplace))

        return renameat2
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):  # pragma: no cover
        excl = 0x00000004
        function = libc.renamex_np

        def renamex_np(source: bytes, target: bytes) -> int:
            return int(function(source, target, excl))

        return renamex_np
    return None  # pragma: no cover - other systems: refuse rather than risk replacing


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (fsync of the folder; not possible on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # Windows cannot open a folder; the rename is all it has
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def is_temp_name(name: str) -> bool:
    """A temp file of this tool's writers (in flight, or left by one that was killed)."""
    return _TEMP.match(name) is not None


def remove_stale_temps(folder: Path) -> list[str]:
    """Delete temp files that writers killed part-way (``kill -9``, a power cut) left in
    ``folder``: those of a process that no longer runs, or older than :data:`STALE_AFTER`.
    Looked at once per folder per run. Returns the names removed."""
    try:
        key = str(folder.resolve())
    except OSError:
        return []
    if key in _LOOKED_AT:
        return []
    _LOOKED_AT.add(key)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match is None or not _stale(entry, int(match["pid"])):
            continue
        with contextlib.suppress(OSError):
            Path(entry.path).unlink()
            removed.append(entry.name)
    return removed


_LOOKED_AT: set[str] = set()


def _stale(entry: os.DirEntry[str], pid: int) -> bool:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if time.time() - info.st_mtime > STALE_AFTER:
        return True
    return not _WINDOWS and not _running(pid)


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (ours counts: a writer in another thread)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no way to tell: assume it runs
        return True
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def ensure_folder(folder: Path, *, inside: Path) -> None:
    """Create ``folder`` (and parents) below ``inside``; refuse if it resolves outside it."""
    root = inside.resolve()
    target = folder.resolve()
    if not target.is_relative_to(root):
        raise WriteRefused(
            f"「{folder}」位于「{inside}」之外（可能经过符号链接），为安全起见不写入"
        )
    make_folder(folder)


def make_folder(folder: Path, mode: int = 0o777) -> None:
    """``mkdir -p``; a failure (a file in the way, no permission) is a refusal, not a crash."""
    try:
        folder.mkdir(mode=mode, parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteRefused(f"无法创建文件夹「{folder}」：{reason(exc)}") from exc
