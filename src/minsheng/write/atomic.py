"""Safe file writing: atomic (temp file + rename in the same folder), no clobbering, no symlinks."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class WriteRefused(Exception):
    """The tool will not write here; the message says why, in Chinese."""


def atomic_write(path: Path, data: str | bytes | Iterable[bytes], *, force: bool = False) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    ``data`` may be given in pieces (bytes from an iterable), written one after another.
    """
    if path.is_symlink():
        raise WriteRefused(f"「{path}」是符号链接，为安全起见不写入；请指定普通文件路径")
    if path.is_dir():  # before "exists": --force would not help
        raise WriteRefused(
            f"「{path}」是文件夹，不能作为输出文件；请指定文件名，例如「{path / 'x'}」"
        )
    if path.exists() and not force:
        raise WriteRefused(f"「{path}」已存在；如确需覆盖，请加 --force")
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
    try:
        _replace(path, pieces)
    except OSError as exc:  # disk full, no permission, read-only: the old file is intact
        raise WriteRefused(f"无法写入「{path}」：{reason(exc)}") from exc


def _replace(path: Path, pieces: Iterable[bytes]) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        tmp.chmod(mode)
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


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


def make_folder(folder: Path) -> None:
    """``mkdir -p``; a failure (a file in the way, no permission) is a refusal, not a crash."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteRefused(f"无法创建文件夹「{folder}」：{reason(exc)}") from exc


_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "文件系统是只读的",
    errno.ENOENT: "路径不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "已有同名的文件",
}


def reason(exc: OSError) -> str:
    """Why the system refused, in Chinese when it is a common reason."""
    known = _REASONS.get(exc.errno or 0)
    return known or str(exc.strerror or exc)
