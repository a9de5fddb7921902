"""Load a data folder: registry and progress reports, validated and cross-checked."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..dates import is_month
from ..models import ProgressReport, Registry
from ..problems import Problem, error, has_errors
from ..write.files import kind, reason
from . import cache
from . import office as office_files
from .caps import MAX_LISTED, capped
from .dataset import Dataset, LoadedReport
from .document import Document
from .layout import PROGRESS_DIR as PROGRESS_DIR  # also read from here by views.new_report
from .layout import REGISTRY_FILE, report_path

MAX_REPORT_FILES = 20_000


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
    """A path as the user should see it: relative to the working folder when inside it.

    Bytes of a name that are not UTF-8 (a GBK name from an unzipped archive) are shown as
    ``\\xNN``, so messages and JSON stay valid UTF-8.
    """
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return shown_name(path.as_posix())
    shown = path.as_posix() if relative.startswith("..") else Path(relative).as_posix()
    return shown_name(shown)


def shown_name(name: str) -> str:
    """A file name decoded from the file system, its undecodable bytes written ``\\xNN``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def check_data_dir(root: Path) -> Path:
    """The registry file of ``root``, or a :class:`DataDirError` saying what is wrong."""
    shown = shown_name(str(root))
    try:
        found = root.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise DataDirError(
            f"数据文件夹「{shown}」不存在；请用 --data 指定，或设置环境变量 MINSHENG_DATA"
        ) from None
    except OSError as exc:
        raise DataDirError(f"无法读取数据文件夹「{shown}」：{reason(exc, reading=True)}") from None
    if not stat.S_ISDIR(found.st_mode):
        raise DataDirError(f"「{shown}」不是文件夹；--data 应指向含有 {REGISTRY_FILE} 的数据文件夹")
    registry = root / REGISTRY_FILE
    try:
        mode: int | None = registry.stat().st_mode
    except OSError:
        mode = None
    if mode is None or stat.S_ISDIR(mode):
        if not os.access(root, os.R_OK | os.X_OK):
            raise DataDirError(f"无法读取数据文件夹「{shown}」（没有权限）")
        raise DataDirError(
            f"数据文件夹「{shown}」中没有 {REGISTRY_FILE}；请检查 --data 是否指向正确的文件夹"
        )
    if not stat.S_ISREG(mode):  # a FIFO would block the run, a folder is not a registry
        raise DataDirError(
            f"数据文件夹「{shown}」中的 {REGISTRY_FILE} 是{kind(mode)}，不是普通文件；"
            "它应是项目登记表（YAML 文件）"
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
        from .checks import dated_checks

        result.problems += dated_checks(result.dataset, as_of)
    result.problems = capped(result.problems)
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
    files = [registry_path, *(path for path, _ in paths), *extras.paths]
    wanted = cache.key((_relative(p, root), cache.file_token(p)) for p in files)
    entry = cache.read(store, wanted)
    if entry is not None:
        return _from_entry(entry, root, registry_path, paths, extras)
    tokens: Tokens = {}
    result = _read_all(registry_path, paths, progress, extras, tokens)
    ds = result.dataset
    if ds is not None and all(p in tokens for p in files):
        # Stored under the key of the bytes that were parsed, not of those hashed above.
        parsed = cache.key((_relative(p, root), tokens[p]) for p in files)
        relative = {display_path(registry_path): REGISTRY_FILE}
        relative.update((shown, _relative(path, root)) for path, shown in paths)
        relative.update((shown, _relative(path, root)) for path, shown in extras.listed)
        reports = [(relative[r.doc.path], r.report) for r in ds.reports]
        ledger = office_files.to_cache(ds, lambda doc: relative[doc.path])
        docs: list[Document | None] = [ds.doc, *(r.doc for r in ds.reports), ds.office_doc]
        docs += [a.doc for a in ds.acceptance] + [a.doc for a in ds.actions]
        docs += [i.doc for i in ds.inspections]
        places = {relative[d.path]: d.top for d in docs if d is not None and d.top}
        problems = [
            _with_path(p, relative.get(p.path) or _outside_path(p.path, root))
            for p in result.problems
        ]
        cache.write(
            store,
            parsed,
            cache.Entry(
                ds.registry,
                reports,
                problems,
                result.files,
                ledger.office,
                ledger.acceptance,
                ledger.actions,
                ledger.inspections,
                places,
            ),
        )
    return result


def _stem(path: Path) -> str:
    return path.name.removesuffix(".yaml")


def _relative(path: Path, root: Path) -> str:
    # The paths were made by joining names to root: their text starts with it (pathlib's
    # relative_to parses both paths again, for every file of a large data folder).
    inside, base = str(path), str(root)
    if inside.startswith(base) and inside[len(base) : len(base) + 1] == os.sep:
        rest = inside[len(base) + 1 :]
        return rest if os.sep == "/" else rest.replace(os.sep, "/")
    return path.relative_to(root).as_posix()


def _outside_path(shown: str, root: Path) -> str:
    return Path(os.path.relpath(Path(shown).absolute(), root.absolute())).as_posix()


def _with_path(problem: Problem, path: str) -> Problem:
    return replace(problem, path=path)


def _from_entry(
    entry: cache.Entry,
    root: Path,
    registry_path: Path,
    paths: list[tuple[Path, str]],
    extras: office_files.OfficeFiles,
) -> LoadResult:
    """A dataset from the cache, its files named as seen from the working folder of this run;
    positions are found from the files again if ever needed."""
    shown = {REGISTRY_FILE: display_path(registry_path)}
    shown.update((_relative(path, root), name) for path, name in [*paths, *extras.listed])

    def named(relative: str) -> str:
        return shown.get(relative) or display_path(root / relative)

    def document(relative: str) -> Document:
        return Document(named(relative), None, root / relative, top=entry.places.get(relative))

    doc = Document(shown[REGISTRY_FILE], None, registry_path, top=entry.places.get(REGISTRY_FILE))
    reports = [LoadedReport(report, document(relative)) for relative, report in entry.reports]
    problems = [_with_path(p, named(p.path)) for p in entry.problems]
    ds = Dataset(entry.registry, doc, reports)
    ledger = office_files.CachedLedger(
        entry.office, entry.acceptance, entry.actions, entry.inspections
    )
    office_files.from_cache(ds, ledger, document)
    return LoadResult(ds, problems, entry.files)


Tokens = dict[Path, str]  # what the cache key knows of each file read: its size and content


def _read(path: Path, shown: str, tokens: Tokens | None) -> tuple[Document | None, list[Problem]]:
    from .yamlread import parse_file, read_raw

    raw, problem = read_raw(path, shown)
    if raw is None:
        return None, [problem] if problem is not None else []
    if tokens is not None:
        tokens[path] = cache.content_token(raw)
    return parse_file(raw, path, shown)


def load_registry(
    registry_path: Path, tokens: Tokens | None = None
) -> tuple[Dataset | None, list[Problem]]:
    """The registry alone, parsed and validated (no reports, no cross-checks)."""
    from .validate import validate

    doc, problems = _read(registry_path, display_path(registry_path), tokens)
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
    tokens: Tokens | None = None,
) -> LoadResult:
    """Parse, validate and cross-check everything (but the checks that depend on as-of)."""
    from .checks import dataset_checks

    registry, problems = load_registry(registry_path, tokens)
    reports, found = read_reports(paths, progress, tokens)
    problems += found
    extras = extras or office_files.OfficeFiles()
    office = office_files.read(extras, lambda path, shown: _read(path, shown, tokens))
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
        office.actions,
        office.inspections,
        frozenset(_stem(path) for path, _ in extras.actions),
    )
    problems += dataset_checks(dataset)
    return LoadResult(dataset, problems, files)


def read_reports(
    paths: list[tuple[Path, str]], progress: Progress = _no_progress, tokens: Tokens | None = None
) -> tuple[list[LoadedReport], list[Problem]]:
    """Every progress report that parses and validates, and the problems found."""
    from .validate import validate

    problems: list[Problem] = []
    reports: list[LoadedReport] = []
    for done, (path, shown) in enumerate(paths, 1):
        if done % 64 == 0:
            progress(done, len(paths))
        doc, found = _read(path, shown, tokens)
        problems += found
        if len(problems) > 2 * MAX_LISTED:  # keep what is held bounded, whatever the files
            problems = capped(problems)
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
    real_root = root.resolve()
    unusable = _unusable_folder(progress, real_root)
    if unusable is not None or not progress.is_dir():
        return [], [] if unusable is None else [unusable]
    shown_root = display_path(progress)
    paths: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    months, trouble = _listing(progress)
    problems += trouble
    for month in months:
        path = Path(month.path)
        if month.is_symlink() and _escapes(path, real_root):
            problems.append(_outside(path))
        elif _is(month.is_dir) and is_month(month.name):
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
    entries, trouble = _listing(folder)
    problems += trouble
    for entry in entries:
        path = Path(entry.path)
        if shown_name(entry.name) != entry.name:
            problems.append(_undecodable(path))
        elif entry.is_symlink() and _escapes(path, real_root):
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
    entries, problems = _listing(folder)
    for entry in entries:
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
    right = report_path(month or "YYYY-MM", unit or named or "单位名")
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
    from .yamlread import read_file

    doc, _ = read_file(path)
    data = doc.data if doc is not None else None
    if not isinstance(data, dict):
        return None, None
    unit, month = data.get("unit"), data.get("month")
    good_unit = (
        unit if isinstance(unit, str) and unit and "/" not in unit and unit != ".." else None
    )
    good_month = month if isinstance(month, str) and is_month(month) else None
    return good_unit, good_month


def _loose_month(name: str) -> str | None:
    """A folder name meant as a month: 2022-12, 202212, 2022-1, 2022年12月 → 2022-12."""
    match = _LOOSE_MONTH.match(name)
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return f"{match[1]}-{int(match[2]):02d}"


def _unusable_folder(progress: Path, real_root: Path) -> Problem | None:
    """progress/ as a link out of the data folder, a dangling link or not a folder at all:
    an error (its reports would go unread without a word)."""
    try:
        found = os.lstat(progress)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return error(
            display_path(progress), 1, 1, "unreadable", f"无法读取：{reason(exc, reading=True)}"
        )
    if stat.S_ISLNK(found.st_mode):
        try:
            found = progress.stat()
        except OSError:
            return error(
                display_path(progress),
                1,
                1,
                "broken-link",
                "progress 是失效的符号链接（指向的位置不存在），其中的进展报告都无法读取；请改为真正的文件夹",
            )
        if _escapes(progress, real_root):
            return _outside(progress)
    if not stat.S_ISDIR(found.st_mode):
        return error(
            display_path(progress),
            1,
            1,
            "not-a-folder",
            f"progress 应是存放各月进展报告的文件夹，这里却是{kind(found.st_mode)}；请改为文件夹",
        )
    return None


def _listing(folder: Path) -> tuple[list[os.DirEntry[str]], list[Problem]]:
    """The folder's entries; a folder gone meanwhile (a checkout) or unreadable is a problem."""
    try:
        return _entries(folder), []
    except FileNotFoundError:
        from .yamlread import vanished

        return [], [vanished(display_path(folder))]
    except OSError as exc:
        message = f"无法读取此文件夹：{reason(exc, reading=True)}"
        return [], [error(display_path(folder), 1, 1, "unreadable", message)]


def _undecodable(path: Path) -> Problem:
    """A file name that is not UTF-8, most often GBK from an archive made on Chinese Windows."""
    raw = os.fsencode(path.name)
    try:
        guess = raw.decode("gb18030")
    except UnicodeDecodeError:
        hint = "；请把它重命名（只用 UTF-8 文字）后重新提交"
    else:
        hint = f"，看起来是 GBK 编码的「{guess}」（常见于中文 Windows 上打包的压缩文件）；请把它重命名为「{guess}」"
    return error(display_path(path), 1, 1, "file-name", f"文件名不是 UTF-8 编码，未读取{hint}")


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
