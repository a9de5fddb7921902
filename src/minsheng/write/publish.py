"""Writing a generated site into a folder: atomically, file by file, replacing only what the
previous run wrote (listed in its marker file) and never through a symlink."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .atomic import WriteRefused, atomic_write, ensure_folder, make_folder

MANIFEST_HEADER = (
    "# 本文件夹由 minsheng site 生成。下列文件由它写入，重新生成时会被替换或删除；"
    "请勿手工修改本文件。\n"
)


def publish(
    folder: Path, files: Mapping[str, str | bytes], marker: str, *, force: bool
) -> list[str]:
    """Write ``files`` into ``folder`` atomically; remove the files the previous run wrote and
    this one does not. Returns the removed paths."""
    before = previous_files(folder, marker, force=force)
    make_folder(folder)
    # The marker lists old and new files until the end, so an interrupted run can be redone.
    atomic_write(folder / marker, manifest(sorted(set(before) | set(files))), force=True)
    for relative, content in files.items():
        target = folder / relative
        ensure_folder(target.parent, inside=folder)
        atomic_write(target, content, force=True)
    removed = remove_stale(folder, sorted(set(before) - set(files)))
    atomic_write(folder / marker, manifest(sorted(files)), force=True)
    return removed


def previous_files(folder: Path, marker: str, *, force: bool) -> list[str]:
    """The files a previous run wrote (from its marker); refuse a foreign non-empty folder."""
    if folder.is_symlink():
        raise WriteRefused(f"「{folder}」是符号链接，为安全起见不写入；请指定普通文件夹")
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise WriteRefused(f"「{folder}」不是文件夹")
    path = folder / marker
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise WriteRefused(f"「{path}」不是普通文件，为安全起见不写入")
    if path.is_file():
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise WriteRefused(
                f"「{path}」已损坏（不是 minsheng site 写入的内容）；请检查该文件夹，删除此文件后重试"
            ) from None
        return [p for p in text.splitlines() if is_site_path(p)]
    if any(folder.iterdir()) and not force:
        raise WriteRefused(
            f"「{folder}」不是空文件夹，也不是 minsheng site 生成的网站（没有 {marker} 标记文件）；"
            "为免覆盖其中的文件，已停止。请指定新的或空的文件夹，或加 --force 仍写入"
        )
    return []


def manifest(paths: list[str]) -> str:
    return MANIFEST_HEADER + "".join(f"{p}\n" for p in paths)


def is_site_path(line: str) -> bool:
    """A relative path inside the site folder (a marker line could have been edited by hand)."""
    if not line or line.startswith("#") or "\\" in line:
        return False
    path = PurePosixPath(line)
    return not path.is_absolute() and ".." not in path.parts and path.parts != ()


def remove_stale(folder: Path, paths: list[str]) -> list[str]:
    """Delete regular files we wrote before, never through a symlink; prune emptied folders."""
    root = folder.resolve()
    removed = []
    for relative in paths:
        target = folder / relative
        if target.is_symlink() or not target.is_file():
            continue
        if not target.resolve().is_relative_to(root):
            continue
        target.unlink()
        removed.append(relative)
        _prune(target.parent, folder)
    return removed


def _prune(directory: Path, folder: Path) -> None:
    while directory != folder and directory.is_dir() and not directory.is_symlink():
        if any(directory.iterdir()):
            return
        directory.rmdir()
        directory = directory.parent
