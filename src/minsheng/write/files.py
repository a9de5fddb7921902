"""Reading files the tool did not write (cache entries, site markers, templates, data): never
blocking on a FIFO or a device, regular files only, never more than a stated number of bytes;
and what the operating system refused, said in Chinese."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

# Windows has no O_NONBLOCK: there the kind of file is checked before it is opened.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class NotRegular(OSError):
    """The path exists but is not a regular file (a FIFO, a device, a socket, a folder)."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(errno.EINVAL, f"不是普通文件（是{kind(mode)}）", str(path))
        self.mode = mode


class TooLarge(OSError):
    """The file is larger than the reader's limit; nothing of it was kept."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"文件过大（{size} 字节，上限 {limit} 字节）", str(path))
        self.size, self.limit = size, limit


def kind(mode: int) -> str:
    """What sort of file ``mode`` describes, in Chinese."""
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISLNK(mode):
        return "符号链接"
    if stat.S_ISREG(mode):
        return "普通文件"
    return "特殊文件"


def open_regular(path: Path) -> int:
    """A file descriptor for reading ``path``, which must be a regular file (links followed).

    Opened non-blocking, so a FIFO put where a file was expected cannot hang the run; the
    kind is checked on the open file, so it cannot be swapped between check and open.
    """
    if not _NONBLOCK:  # pragma: no cover - Windows: check first (a small window remains)
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(path, mode)
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(path, mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``; :class:`TooLarge` past ``limit`` bytes."""
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(path, size, limit)
        data = b"".join(chunks(fd, limit + 1))
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while being read
        raise TooLarge(path, len(data), limit)
    return data


def chunks(fd: int, limit: int, size: int = 1 << 20) -> Iterator[bytes]:
    """What can be read from ``fd``, piece by piece, up to ``limit`` bytes in all."""
    left = limit
    while left > 0:
        piece = os.read(fd, min(size, left))
        if not piece:
            return
        left -= len(piece)
        yield piece


_REASONS = {
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "文件系统是只读的",
    errno.ENOENT: "路径不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EEXIST: "已有同名的文件",
    errno.ENAMETOOLONG: "文件名过长（每一段名称最多 255 字节，中文字符每个占 3 字节）",
    errno.ELOOP: "符号链接层数过多或形成循环",
    errno.EIO: "读写设备出错",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "同时打开的文件过多",
    errno.ETXTBSY: "文件正被占用",
    errno.EBUSY: "文件正被占用",
    errno.EFBIG: "文件过大",
    errno.EXDEV: "不能跨文件系统移动",
    errno.EINVAL: "操作无效",
}


def reason(exc: OSError, *, reading: bool = False) -> str:
    """Why the system refused, in Chinese; never the system's English text."""
    if isinstance(exc, (NotRegular, TooLarge)):
        return str(exc.strerror)
    if exc.errno == errno.EACCES:
        return "没有读取权限" if reading else "没有写入权限"
    if exc.errno == errno.EPERM and not reading:
        return "没有写入权限"
    known = _REASONS.get(exc.errno or 0)
    if known:
        return known
    name = errno.errorcode.get(exc.errno or 0)
    return f"系统错误 {name}" if name else "系统错误"
