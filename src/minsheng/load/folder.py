"""Load a data folder: registry and progress reports, validated and cross-checked."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..models import ProgressReport, Registry
from ..problems import Problem, error, has_errors
from . import cache
from . import office as office_files
from .checks import REGISTRY_CHECKS, REPORT_CHECKS, run_checks, run_dated_checks
from .dataset import Dataset, LoadedReport
from .dimensions import DIMENSION_CHECKS
from .validate import validate
from .yamlread import Document, read_file

REGISTRY_FILE = "projects.yaml"
PROGRESS_DIR = "progress"
MAX_REPORT_FILES = 20_000
_MONTH_DIR = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class DataDirError(Exception):
    """The data folder itself is unusable: a usage error, not a data error."""


@dataclass
class LoadResult:
    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return self.dataset is not None and not has_errors(self.problems)


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def check_data_dir(root: Path) -> Path:
    """The registry file of ``root``, or a :class:`DataDirError` saying what is wrong."""
    if not root.exists():
        raise DataDirError(
            f"数据文件夹「{root}」不存在；请用 --data 指定，或设置环境变量 MINSHENG_DATA"
        )
    if not root.is_dir():
        raise DataDirError(f"「{root}」不是文件夹；--data 应指向含有 {REGISTRY_FILE} 的数据文件夹")
    registry = root / REGISTRY_FILE
    try:
        present = registry.is_file()
    except OSError:
        present = False
    if not present:
        if not os.access(root, os.R_OK | os.X_OK):
            raise DataDirError(f"无法读取数据文件夹「{root}」（没有权限）")
        raise DataDirError(
            f"数据文件夹「{root}」中没有 {REGISTRY_FILE}；请检查 --data 是否指向正确的文件夹"
        )
    return registry


Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    return None


def load(
    root: Path, as_of: date, cache_dir: Path | None = None, progress: Progress = _no_progress
) -> LoadResult:
    """Read everything under ``root``; problems are collected, never raised.

    With a ``cache_dir``, an unchanged folder (same files, sizes and times; same tool) is
    taken from the cache instead of being parsed and checked again. Checks that depend
    on ``as_of`` run every time. ``progress(done, total)`` hears of the files as they are read.
    """
    registry_path = check_data_dir(root)
    if _escapes(registry_path, root.resolve()):
        return LoadResult(None, [_outside(registry_path)], 1)
    paths, misplaced = discover_reports(root)
    extras = office_files.discover(root, display_path)
    if cache_dir is None:
        result = _read_all(registry_path, paths, progress, extras)
    else:
        result = _read_cached(cache_dir, root, registry_path, paths, progress, extras)
    result.problems[:0] = misplaced
    if result.dataset is not None:
        result.problems += run_dated_checks(result.dataset, as_of)
    return result


def _read_cached(
    cache_dir: Path,
    root: Path,
    registry_path: Path,
    paths: list[tuple[Path, str]],
    progress: Progress,
    extras: office_files.OfficeFiles,
) -> LoadResult:
    store = cache.entry_path(cache_dir, root)
    # The key is taken before reading: a file changed meanwhile makes the next key differ.
    key = cache.key([registry_path, *(path for path, _ in paths), *extras.paths])
    entry = cache.read(store, key)
    if entry is not None:
        return _from_entry(entry, registry_path)
    result = _read_all(registry_path, paths, progress, extras)
    ds = result.dataset
    if ds is not None:
        reports = [(str(r.doc.source), r.doc.path, r.report) for r in ds.reports]
        office, accepted = office_files.to_cache(ds)
        cache.write(
            store,
            key,
            cache.Entry(
                ds.doc.path, ds.registry, reports, result.problems, result.files, office, accepted
            ),
        )
    return result


def _from_entry(entry: cache.Entry, registry_path: Path) -> LoadResult:
    """A dataset from the cache; positions are found from the files again if ever needed."""
    doc = Document(entry.registry_shown, None, registry_path)
    reports = [
        LoadedReport(report, Document(shown, None, Path(path)))
        for path, shown, report in entry.reports
    ]
    ds = Dataset(entry.registry, doc, reports)
    office_files.from_cache(ds, entry.office, entry.acceptance)
    return LoadResult(ds, list(entry.problems), entry.files)


def load_registry(registry_path: Path) -> tuple[Dataset | None, list[Problem]]:
    """The registry alone, parsed and validated (no reports, no cross-checks)."""
    doc, problems = read_file(registry_path, display_path(registry_path))
    if doc is None:
        return None, problems
    registry, found = validate(doc, Registry)
    doc.release()
    return (None if registry is None else Dataset(registry, doc)), problems + found


def _read_all(
    registry_path: Path,
    paths: list[tuple[Path, str]],
    progress: Progress,
    extras: office_files.OfficeFiles | None = None,
) -> LoadResult:
    """Parse, validate and cross-check everything (but the checks that depend on as-of)."""
    registry, problems = load_registry(registry_path)
    reports, found = read_reports(paths, progress)
    problems += found
    extras = extras or office_files.OfficeFiles()
    office = office_files.read(extras)
    problems += office.problems
    files = len(paths) + 1 + len(extras.paths)
    if registry is None:
        return LoadResult(None, problems, files)
    dataset = Dataset(
        registry.registry,
        registry.doc,
        reports,
        office.office,
        office.office_doc,
        office.acceptance,
    )
    problems += run_checks(dataset, REGISTRY_CHECKS)
    problems += run_checks(dataset, REPORT_CHECKS)
    problems += run_checks(dataset, office_files.OFFICE_CHECKS)
    problems += run_checks(dataset, DIMENSION_CHECKS)
    return LoadResult(dataset, problems, files)


def read_reports(
    paths: list[tuple[Path, str]], progress: Progress = _no_progress
) -> tuple[list[LoadedReport], list[Problem]]:
    """Every progress report that parses and validates, and the problems found."""
    problems: list[Problem] = []
    reports: list[LoadedReport] = []
    for done, (path, shown) in enumerate(paths, 1):
        if done % 64 == 0:
            progress(done, len(paths))
        doc, found = read_file(path, shown)
        problems += found
        if doc is None:
            continue
        report, found = validate(doc, ProgressReport)
        problems += found
        if report is not None:
            doc.release()  # the model holds the data now; positions stay findable
            reports.append(LoadedReport(report, doc))
    return reports, problems


def discover_reports(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Progress files at progress/YYYY-MM/<unit>.yaml, each with its display path.

    Anything else found there is an error naming where a report belongs, and is not read
    (files that are never reports — dotfiles, README.md, editor backups — are passed over);
    so is a link leading out of ``root``.
    """
    progress = root / PROGRESS_DIR
    if not progress.is_dir():
        return [], []
    real_root = root.resolve()
    shown_root = display_path(progress)
    paths: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for month in _entries(progress):
        path = Path(month.path)
        if month.is_symlink() and _escapes(path, real_root):
            problems.append(_outside(path))
        elif _is(month.is_dir) and _MONTH_DIR.match(month.name):
            _month_folder(path, real_root, shown_root, paths, problems)
        elif _is(month.is_dir):
            problems += _misfiled_tree(
                path, real_root, f"文件夹「{month.name}」不是月份（应写成 YYYY-MM，如 2022-05）"
            )
        elif _loose_month(month.name):
            reason = f"「{month.name}」应是存放该月报告的文件夹，这里却是一个文件"
            problems.append(_misfiled(path, real_root, reason))
        else:
            problems.append(_misfiled(path, real_root, "进展报告应放在以月份命名的文件夹中"))
        if len(paths) + len(problems) > MAX_REPORT_FILES:
            message = f"进展报告文件超过 {MAX_REPORT_FILES} 个，已停止读取"
            problems.append(error(shown_root, 1, 1, "too-many-files", message))
            return paths[:MAX_REPORT_FILES], problems
    return paths, problems


def _month_folder(
    folder: Path,
    real_root: Path,
    shown_root: str,
    paths: list[tuple[Path, str]],
    problems: list[Problem],
) -> None:
    for entry in _entries(folder):
        path = Path(entry.path)
        if entry.is_symlink() and _escapes(path, real_root):
            problems.append(_outside(path))
        elif _is(entry.is_dir):
            problems += _misfiled_tree(path, real_root, "月份文件夹中不应再有子文件夹")
        elif not _is(entry.is_file):
            problems.append(_misfiled(path, real_root, "这不是普通文件（可能是失效或循环的链接）"))
        elif not entry.name.endswith(".yaml"):
            problems.append(_misfiled(path, real_root, "进展报告的扩展名应为 .yaml"))
        else:
            paths.append((path, f"{shown_root}/{folder.name}/{entry.name}"))
        if len(paths) + len(problems) > MAX_REPORT_FILES:
            return


# Files that are never reports: left alone without a word.
_NEVER_REPORTS = frozenset(("readme.md", "thumbs.db", "desktop.ini"))
_BACKUP_SUFFIXES = ("~", ".swp", ".bak")
_LOOSE_MONTH = re.compile(r"^(\d{4})\D{0,2}?(\d{1,2})月?$")


def never_a_report(name: str) -> bool:
    """Dotfiles (.gitkeep, .DS_Store), README.md, Thumbs.db, desktop.ini and editor backups."""
    return name.startswith(".") or name.lower() in _NEVER_REPORTS or name.endswith(_BACKUP_SUFFIXES)


def _misfiled_tree(folder: Path, real_root: Path, reason: str, depth: int = 0) -> list[Problem]:
    """Every file in a folder that is not a month of reports; an empty one says nothing."""
    problems: list[Problem] = []
    for entry in _entries(folder):
        path = Path(entry.path)
        if entry.is_symlink() and _escapes(path, real_root):
            problems.append(_outside(path))
        elif _is(entry.is_dir) and depth < 8:
            problems += _misfiled_tree(path, real_root, reason, depth + 1)
        elif not _is(entry.is_dir):
            problems.append(_misfiled(path, real_root, reason))
        if len(problems) > MAX_REPORT_FILES:
            break
    return problems


def _misfiled(path: Path, real_root: Path, reason: str) -> Problem:
    """A file under progress/ that is not read: an error naming where a report belongs.

    Where comes from the file itself when it says which unit and month it reports, else
    from its name and its folder's (202212 and 2022-1 are taken for 2022-12 and 2022-01).
    """
    unit, month = _said_in(path) if _is(path.is_file) else (None, None)
    stem = path.name.split(".")[0]
    folders = [*_folders_up_to_progress(path), stem]
    month = month or next((m for m in map(_loose_month, folders) if m), None)
    named = stem if _is(path.is_file) and not _loose_month(stem) else None
    right = f"{PROGRESS_DIR}/{month or 'YYYY-MM'}/{unit or named or '单位名'}.yaml"
    where = (
        f"应放在 {right}"
        if unit
        else f"如果是进展报告，应放在 {right}；其他文件请移出 {PROGRESS_DIR}/"
    )
    return error(display_path(path), 1, 1, "misplaced-file", f"{reason}，此文件不会被读取；{where}")


def _folders_up_to_progress(path: Path) -> list[str]:
    names = []
    for folder in path.parents:
        if folder.name == PROGRESS_DIR:
            break
        names.append(folder.name)
    return names


def _said_in(path: Path) -> tuple[str | None, str | None]:
    """The unit and month a file says it reports, when it is readable YAML that says so."""
    doc, _ = read_file(path)
    data = doc.data if doc is not None else None
    if not isinstance(data, dict):
        return None, None
    unit, month = data.get("unit"), data.get("month")
    good_unit = (
        unit if isinstance(unit, str) and unit and "/" not in unit and unit != ".." else None
    )
    good_month = month if isinstance(month, str) and _MONTH_DIR.match(month) else None
    return good_unit, good_month


def _loose_month(name: str) -> str | None:
    """A folder name meant as a month: 2022-12, 202212, 2022-1, 2022年12月 → 2022-12."""
    match = _LOOSE_MONTH.match(name)
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return f"{match[1]}-{int(match[2]):02d}"


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The folder's entries by name, those that are never reports left out."""
    with os.scandir(folder) as found:
        return sorted((e for e in found if not never_a_report(e.name)), key=lambda e: e.name)


def _is(test: Callable[[], bool]) -> bool:
    """A DirEntry test; a link that loops or dangles (OSError) is neither file nor folder."""
    try:
        return test()
    except OSError:
        return False


def _escapes(path: Path, real_root: Path) -> bool:
    try:
        return path.is_symlink() and not path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # a loop: it leads nowhere, and is told as such elsewhere
        return False


def _outside(path: Path) -> Problem:
    return error(
        display_path(path), 1, 1, "symlink-outside", "这是指向数据文件夹之外的符号链接，已拒绝读取"
    )
