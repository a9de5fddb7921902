"""Nothing lost or damaged: every writer (new-report, bulletin -o, site -o,
schema -o) writes atomically, survives an interruption, refuses symlinks out of its
target and turns what the file system refuses into a message, not a traceback.

Overwriting without ``--force`` is covered writer by writer in test_new_report.py,
test_bulletin.py, test_schema_cmd.py and test_site.py; it is not repeated here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minsheng.render.site import MARKER
from minsheng.write.publish import digest, parse_manifest
from tests.conftest import Run
from tests.test_status import MINI

TEMP = ".tmp"  # fsutil.atomic_write: ".<name>.<random>.tmp" in the target's folder


class Writer:
    """One writing command: how to run it, and the file it writes."""

    def __init__(self, name: str, target: str, args: Callable[[Path], list[str]]) -> None:
        self.name, self.target, self._args = name, target, args

    def args(self, root: Path, *extra: str) -> list[str]:
        return [*self._args(root), *extra]

    def __repr__(self) -> str:
        return self.name


WRITERS = [
    Writer(
        "new-report",
        "data/progress/2022-05/甲局.yaml",
        lambda r: ["new-report", "--data", str(r / "data"), "--unit", "甲局", "--month", "2022-05"],
    ),
    Writer(
        "bulletin",
        "out/q2.md",
        lambda r: ["bulletin", "--data", str(r / "data"), "--period", "2022Q2", "-o", str(r / "out/q2.md")],
    ),
    Writer(
        "site",
        "site/index.html",
        lambda r: ["site", "--data", str(r / "data"), "--as-of", "2022-06-30", "-o", str(r / "site")],
    ),
    Writer(
        "export",
        "out/j.xlsx",
        lambda r: ["export", "--data", str(r / "data"), "--as-of", "2022-06-30", "-o", str(r / "out/j.xlsx")],
    ),
    Writer(
        "schema",
        "out/progress.schema.json",
        lambda r: ["schema", "--kind", "progress", "-o", str(r / "out/progress.schema.json")],
    ),
]  # fmt: skip


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """data/ (the small fixture), out/ (empty) and site/ (a previous site)."""
    # The cache writes atomically too; off here, so the only writes are the command's own.
    monkeypatch.setenv("MINSHENG_NO_CACHE", "1")
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "out").mkdir()
    return tmp_path


@pytest.fixture(scope="session")
def built_sites(shared_cli: Run, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The small fixture's site as of each day a test starts from, built once (its bytes do
    not depend on where the data folder is)."""
    folder = tmp_path_factory.mktemp("sites")
    built = {}
    for as_of in ("2022-06-30", "2022-12-31"):
        result = shared_cli(
            "site", "--data", str(MINI), "--as-of", as_of, "-o", str(folder / as_of)
        )
        assert result.exit_code == 0, result.output
        built[as_of] = folder / as_of
    return built


@pytest.fixture
def previous_site(root: Path, built_sites: dict[str, Path]) -> Callable[[str], Path]:
    """Puts the site as of that day at root/site, as a previous ``site`` run left it."""

    def place(as_of: str = "2022-06-30") -> Path:
        return Path(shutil.copytree(built_sites[as_of], root / "site"))

    return place


def tree(folder: Path) -> dict[str, bytes | str]:
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = f"-> {path.readlink()}"
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.startswith(".") and p.name.endswith(TEMP)]


def existing(root: Path, writer: Writer, previous_site: Callable[[str], Path]) -> bytes:
    """Make the target exist with content of its own; returns that content."""
    if writer.name == "new-report":  # a valid report already: the loader must accept it
        pass
    elif writer.name == "site":
        previous_site("2022-06-30")
        (root / writer.target).write_text("旧网站的首页", encoding="utf-8")
    else:
        (root / writer.target).write_text("旧内容，不能丢", encoding="utf-8")
    return (root / writer.target).read_bytes()


# ---- atomic: temp file + rename in the same folder ----------------------------------------


@pytest.mark.parametrize("writer", WRITERS, ids=repr)
def test_writes_go_through_a_hidden_temp_file_renamed_in_the_same_folder(
    cli, root: Path, writer: Writer, monkeypatch: pytest.MonkeyPatch
):
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy(src: Any, dst: Any, **kwargs: Any) -> None:
        renames.append((Path(src), Path(dst)))
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    result = cli(*writer.args(root, "--force"))
    assert result.exit_code == 0, result.output
    assert (root / writer.target) in [dst for _, dst in renames]
    for src, dst in renames:
        assert src.parent == dst.parent, (src, dst)
        assert src.name.startswith(f".{dst.name}.") and src.name.endswith(TEMP)
    assert temp_files(root) == []


def interrupt_on_replace(
    monkeypatch: pytest.MonkeyPatch, error: BaseException, after: int = 0
) -> None:
    """``os.replace`` raises ``error`` once ``after`` renames have gone through."""
    real_replace = os.replace
    done = [0]

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if done[0] >= after:
            raise error
        done[0] += 1
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def interrupt_half_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """The temp file gets half of its bytes, then Ctrl-C."""
    real_fdopen = os.fdopen

    class HalfThenInterrupt:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> HalfThenInterrupt:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise KeyboardInterrupt

    monkeypatch.setattr(
        os, "fdopen", lambda fd, *a, **k: HalfThenInterrupt(real_fdopen(fd, *a, **k))
    )


INTERRUPTIONS = {
    # Ctrl-C ends the run with 130 (README), quietly: the user knows why it stopped.
    "ctrl-c-half-written": (interrupt_half_way, 130, ""),
    "ctrl-c-before-rename": (lambda mp: interrupt_on_replace(mp, KeyboardInterrupt()), 130, ""),
    "disk-full-at-rename": (
        lambda mp: interrupt_on_replace(mp, OSError(errno.ENOSPC, "No space left on device")),
        1,
        "磁盘空间不足",
    ),
}


@pytest.mark.parametrize("how", sorted(INTERRUPTIONS))
@pytest.mark.parametrize("writer", WRITERS, ids=repr)
def test_an_interrupted_write_leaves_the_old_file_intact_and_no_temp_file(
    cli, root: Path, writer: Writer, how: str, monkeypatch: pytest.MonkeyPatch, previous_site
):
    old = existing(root, writer, previous_site)
    before = tree(root)
    interrupt, code, message = INTERRUPTIONS[how]
    with monkeypatch.context() as patched:
        interrupt(patched)
        result = cli(*writer.args(root, "--force"))
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert (root / writer.target).read_bytes() == old
    assert tree(root) == before  # nothing else changed either, and no temp file is left
    assert temp_files(root) == []


def test_a_site_interrupted_half_way_holds_whole_files_and_is_redone_cleanly(
    cli, root: Path, monkeypatch: pytest.MonkeyPatch, previous_site, built_sites
):
    site = WRITERS[2]
    old = tree(previous_site("2022-12-31"))
    new = tree(built_sites["2022-06-30"])  # what a run into a fresh folder writes
    with monkeypatch.context() as patched:
        # Files go in sorted order after the marker; stop before the last (status.json).
        interrupt_on_replace(patched, KeyboardInterrupt(), after=len(new) - 1)
        result = cli(*site.args(root))
    assert result.exit_code == 130
    now = tree(root / "site")
    assert temp_files(root) == []
    mixed = [p for p in now if p != MARKER and now[p] not in (old.get(p), new.get(p))]
    assert mixed == []  # every file is the old one or the new one, never half of either
    assert now != old and now != new  # it really stopped in the middle
    listed = parse_manifest((root / "site" / MARKER).read_text(encoding="utf-8"))
    assert set(listed) == (set(old) | set(new)) - {MARKER}  # the marker still covers both runs
    for path, hashes in listed.items():  # with the hash of each version it may hold
        assert hashes == {digest(v) for v in (old.get(path), new.get(path)) if isinstance(v, bytes)}
    again = cli(*site.args(root))
    assert again.exit_code == 0, again.output
    assert tree(root / "site") == new


# ---- symlinks -----------------------------------------------------------------------------


@pytest.mark.parametrize("writer", WRITERS, ids=repr)
def test_never_writes_through_a_symlink_at_the_output_path(
    cli, root: Path, writer: Writer, previous_site
):
    if writer.name == "site":  # the output path is a file inside a previous site
        previous_site()
    (root / writer.target).unlink(missing_ok=True)
    outside = root / "outside.txt"
    outside.write_text("别人的文件", encoding="utf-8")
    (root / writer.target).symlink_to(outside)
    result = cli(*writer.args(root, "--force"))
    assert result.exit_code == 1, result.output
    assert outside.read_text(encoding="utf-8") == "别人的文件"
    assert (root / writer.target).is_symlink()
    if writer.name == "new-report":  # the loader refuses the link before anything is written
        assert (
            "error [symlink-outside] 这是指向数据文件夹之外的符号链接，已拒绝读取" in result.stderr
        )
    else:
        assert "是符号链接，为安全起见不写入" in result.stderr
    assert temp_files(root) == []


def test_site_refuses_an_output_folder_that_is_a_symlink(cli, root: Path):
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    (root / "link").symlink_to(elsewhere, target_is_directory=True)
    args = ["site", "--data", str(root / "data"), "--as-of", "2022-06-30"]
    result = cli(*args, "-o", str(root / "link"), "--force")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"未写入：「{root / 'link'}」是符号链接，为安全起见不写入；请指定普通文件夹\n"
    )
    assert list(elsewhere.iterdir()) == []


def test_site_never_deletes_through_a_symlink_listed_in_its_marker(cli, root: Path, previous_site):
    site = WRITERS[2]
    previous_site("2022-12-31")
    precious = root / "precious.html"
    precious.write_text("保留", encoding="utf-8")
    stale = root / "site" / "bulletins" / "2022Q4.html"  # listed, and no longer produced
    stale.unlink()
    stale.symlink_to(precious)
    result = cli(*site.args(root))
    assert result.exit_code == 0, result.output
    assert precious.read_text(encoding="utf-8") == "保留"
    assert stale.is_symlink()  # left alone: not ours to delete


# ---- what the file system refuses is a message, not a traceback ----------------------------


def test_a_file_in_the_way_of_the_output_folder_is_a_clean_refusal(cli, root: Path):
    (root / "afile").write_text("x", encoding="utf-8")
    for args, what in [
        (["schema", "--kind", "progress", "-o", str(root / "afile/x.json")], "输出文件夹"),
        (["site", "--data", str(root / "data"), "--as-of", "2022-06-30", "-o", str(root / "afile/site")], "无法创建文件夹"),
    ]:  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("未写入：") and what in result.stderr
        assert "路径中有一段不是文件夹" in result.stderr or "不存在" in result.stderr
    assert (root / "afile").read_text(encoding="utf-8") == "x"


def test_new_report_with_a_file_where_the_month_folder_goes_is_a_clean_refusal(cli, root: Path):
    (root / "data/progress/2022-07").write_text("x", encoding="utf-8")
    args = ["new-report", "--data", str(root / "data"), "--unit", "甲局", "--month", "2022-07"]
    result = cli(*args)
    assert result.exit_code == 1, result.output
    # The stray file is a data error of its own: nothing is written.
    assert (
        "progress/2022-07:1:1: error [misplaced-file] 「2022-07」应是存放该月报告的文件夹，"
        "这里却是一个文件，此文件不会被读取；如果是进展报告，应放在 progress/2022-07/单位名.yaml"
    ) in result.stderr
    assert (root / "data/progress/2022-07").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (errno.EACCES, "没有写入权限"),
        (errno.EROFS, "文件系统是只读的"),
        (errno.ENOSPC, "磁盘空间不足"),
    ],
)
def test_a_refused_temp_file_is_a_chinese_message(
    cli, root: Path, monkeypatch: pytest.MonkeyPatch, error: int, reason: str
):
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    target = root / "out" / "q2.md"
    result = cli("bulletin", "--data", str(root / "data"), "--period", "2022Q2", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"未写入：无法写入「{target}」：{reason}\n"
    assert not target.exists()


def test_a_damaged_site_marker_is_refused_not_a_crash(cli, root: Path, previous_site):
    site = WRITERS[2]
    previous_site()
    (root / "site" / MARKER).write_bytes(b"\xff\xfe\x00\x9c garbage")
    before = tree(root / "site")
    result = cli(*site.args(root))
    assert result.exit_code == 1
    assert "已损坏（不是 minsheng site 写入的内容）" in result.stderr
    assert tree(root / "site") == before


def test_site_refuses_a_folder_holding_only_a_git_checkout(cli, root: Path):
    """A gh-pages worktree is not empty even if all it has is .git: nothing is written there."""
    (root / "pages" / ".git").mkdir(parents=True)
    (root / "pages" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    args = [
        "site",
        "--data",
        str(root / "data"),
        "--as-of",
        "2022-06-30",
        "-o",
        str(root / "pages"),
    ]
    result = cli(*args)
    assert result.exit_code == 1
    assert "不是空文件夹，也不是 minsheng site 生成的网站" in result.stderr
    assert tree(root / "pages") == {".git/HEAD": b"ref: refs/heads/gh-pages\n"}


@pytest.mark.parametrize("writer", [w for w in WRITERS if w.target.startswith("out/")], ids=repr)
def test_a_folder_given_as_the_output_file_is_named_as_such(cli, root: Path, writer: Writer):
    """Not "already exists, add --force": --force would not help."""
    args = [str(root / "out") if a == str(root / writer.target) else a for a in writer.args(root)]
    result = cli(*args)
    assert result.exit_code == 1
    assert f"「{root / 'out'}」是文件夹，不能作为输出文件；请指定文件名" in result.stderr
    assert "--force" not in result.stderr
    assert list((root / "out").iterdir()) == []


# ---- the site marker: only files the site wrote, still as it wrote them ---------------------


def git_checkout(folder: Path) -> dict[str, bytes | str]:
    """A gh-pages checkout as the site folder: .git, a README and a CNAME of its own."""
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (folder / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (folder / "README.md").write_text("# 网站说明\n", encoding="utf-8")
    (folder / "CNAME").write_text("ms.example.gov.cn\n", encoding="utf-8")
    return tree(folder)


def site_into(cli: Run, root: Path, folder: str, as_of: str, *extra: str) -> None:
    args = ["site", "--data", str(root / "data"), "--as-of", as_of, "-o", str(root / folder)]
    result = cli(*args, *extra)
    assert result.exit_code == 0, result.output


def test_an_edited_marker_never_deletes_files_the_site_did_not_write(cli, root: Path):
    own = git_checkout(root / "pages")
    site_into(cli, root, "pages", "2022-12-31", "--force")
    marker = root / "pages" / MARKER
    wrong = digest(b"something else")
    with marker.open("a", encoding="utf-8") as handle:  # a bad merge: bare paths, wrong hashes
        handle.write("README.md\nCNAME\n.git/HEAD\n")
        handle.write(f"{wrong} README.md\n{wrong} CNAME\n{wrong} .git/config\n")
    site_into(cli, root, "pages", "2022-06-30")  # the later bulletins are stale now
    after = tree(root / "pages")
    assert {p: after[p] for p in own} == own
    assert "bulletins/2022Q4.html" not in after  # what the site wrote is still removed


def test_nothing_under_a_dot_folder_is_deleted_even_with_its_right_hash(cli, root: Path):
    own = git_checkout(root / "pages")
    site_into(cli, root, "pages", "2022-12-31", "--force")
    marker = root / "pages" / MARKER
    with marker.open("a", encoding="utf-8") as handle:
        for name in (".git/HEAD", ".git/config"):
            handle.write(f"{digest((root / 'pages' / name).read_bytes())} {name}\n")
    site_into(cli, root, "pages", "2022-06-30")
    after = tree(root / "pages")
    assert {p: after[p] for p in own} == own


def test_a_site_file_edited_since_it_was_written_is_not_deleted(cli, root: Path, previous_site):
    previous_site("2022-12-31")
    edited = root / "site" / "bulletins" / "2022Q4.md"
    edited.write_text("督查室改过的通报", encoding="utf-8")
    site_into(cli, root, "site", "2022-06-30")
    assert edited.read_text(encoding="utf-8") == "督查室改过的通报"
    assert not (root / "site" / "bulletins" / "2022Q4.html").exists()
    assert "bulletins/2022Q4.md" not in parse_manifest((root / "site" / MARKER).read_text("utf-8"))


def test_a_huge_or_fifo_marker_is_refused_without_reading_it(cli, root: Path, previous_site):
    previous_site()
    marker = root / "site" / MARKER
    with marker.open("r+b") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse
    args = ["site", "--data", str(root / "data"), "--as-of", "2022-06-30", "-o", str(root / "site")]
    result = cli(*args)
    assert result.exit_code == 1
    assert (
        "已损坏（不是 minsheng site 写入的内容）" in result.stderr
        and "（文件过大）" in result.stderr
    )
    marker.unlink()
    os.mkfifo(marker)
    result = cli(*args)  # would block forever if the FIFO were opened for reading
    assert result.exit_code == 1
    assert result.stderr == f"未写入：「{marker}」不是普通文件，为安全起见不写入\n"


# ---- FIFOs, sockets and devices are never replaced ------------------------------------------


def make_special(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        import socket

        # Bound by its name from inside its folder: a socket's address is at most about 100
        # bytes, and a temporary folder (under pytest-xdist, say) can be longer than that.
        server = socket.socket(socket.AF_UNIX)
        with contextlib.chdir(path.parent):
            server.bind(path.name)
        server.close()
    else:  # a character device like /dev/full (major 1, minor 7); needs root
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))


SPECIAL = {"fifo": "命名管道（FIFO）", "socket": "套接字", "device": "设备文件"}


@pytest.mark.parametrize("kind", sorted(SPECIAL))
@pytest.mark.parametrize("writer", WRITERS, ids=repr)
def test_a_fifo_socket_or_device_at_the_output_is_refused_even_with_force(
    cli, root: Path, writer: Writer, kind: str, previous_site
):
    if kind == "device" and os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    if writer.name == "site":
        previous_site()
    target = root / writer.target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    make_special(target, kind)
    before = os.lstat(target)
    result = cli(*writer.args(root, "--force"))
    assert result.exit_code == 1, result.output
    if writer.name == "new-report":
        # Where a report goes, a special file is a data error the loader names first.
        assert f"{target}:1:1: error [misplaced-file] 这不是普通文件" in result.stderr
    else:
        assert (
            f"「{target}」是{SPECIAL[kind]}，不是普通文件；不能写入或替换它（加 --force 也不行）"
            in result.stderr
        )
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )
    assert temp_files(root) == []


# ---- temp files left by killed writers; the rename made durable -----------------------------


def dead_pid() -> int:
    """A process id no process can have (above the system's maximum)."""
    return int(Path("/proc/sys/kernel/pid_max").read_text(encoding="ascii")) + 1


def test_temp_files_of_writers_that_are_gone_are_removed_and_no_others(cli, root: Path):
    out = root / "out"
    dead = out / f".q2.md.{dead_pid()}-abcdefgh.tmp"
    old = out / f".other.md.{os.getppid()}-ijklmnop.tmp"  # its writer may run, but for days?
    live = out / f".q2.md.{os.getppid()}-qrstuvwx.tmp"  # a running writer's: kept
    unrelated = out / ".q2.md.notes.tmp"  # not one of ours
    for path in (dead, old, live, unrelated):
        path.write_text("半截内容", encoding="utf-8")
    two_days = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days, two_days))
    result = cli(
        "bulletin", "--data", str(root / "data"), "--period", "2022Q2", "-o", str(out / "q2.md")
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(["q2.md", live.name, unrelated.name])


def test_the_folder_is_fsynced_after_the_rename(cli, root: Path, monkeypatch: pytest.MonkeyPatch):
    events: list[str] = []
    real_fsync, real_link = os.fsync, os.link
    out = root / "out"

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        events.append(
            "fsync-folder"
            if stat.S_ISDIR(info.st_mode) and info.st_ino == out.stat().st_ino
            else "fsync"
        )
        real_fsync(fd)

    def link(src: Any, dst: Any, **kwargs: Any) -> None:
        events.append(f"link {Path(dst).name}")
        real_link(src, dst, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "link", link)
    result = cli(
        "bulletin", "--data", str(root / "data"), "--period", "2022Q2", "-o", str(out / "q2.md")
    )
    assert result.exit_code == 0, result.output
    assert events == ["fsync", "link q2.md", "fsync-folder"]


def test_a_name_that_fits_is_written_although_its_temp_name_would_not(cli, root: Path):
    name = "通" * 80 + ".md"  # 243 bytes: legal; ".<name>.<pid>-xxxxxxxx.tmp" would not be
    assert len(name.encode()) <= 255 < len(f".{name}.12345-xxxxxxxx.tmp".encode())
    target = root / "out" / name
    result = cli("bulletin", "--data", str(root / "data"), "--period", "2022Q2", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("**重点民生实事工作通报**")
    assert temp_files(root) == []


def test_a_name_over_255_bytes_is_a_chinese_message(cli, root: Path):
    target = root / "out" / ("通" * 90 + ".md")
    result = cli("bulletin", "--data", str(root / "data"), "--period", "2022Q2", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "：文件名过长（每一段名称最多 255 字节，中文字符每个占 3 字节）\n"
    )
    assert "Traceback" not in result.output and "File name too long" not in result.output


def test_a_stale_file_another_run_removed_first_is_no_error(
    cli, root: Path, monkeypatch: pytest.MonkeyPatch
):
    """Two site runs into one folder: the other run deletes a stale file (and its emptied
    folder) between this run's check and its own delete."""
    from minsheng.write import publish as publish_module

    site_into(cli, root, "site", "2022-12-31")
    real = publish_module.still_ours

    def checked_then_gone(folder: Path, relative: str, hashes: set[str]) -> bool:
        ours = real(folder, relative, hashes)
        (folder / relative).unlink(missing_ok=True)  # the other run was quicker
        return ours

    monkeypatch.setattr(publish_module, "still_ours", checked_then_gone)
    args = ["site", "--data", str(root / "data"), "--as-of", "2022-06-30", "-o", str(root / "site")]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"已生成网站：{root / 'site'}")
    assert not (root / "site" / "bulletins" / "2022Q4.html").exists()
