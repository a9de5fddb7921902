"""Paths from data or options are confined.

- unit names, months and project ids become path components only after validation:
  new-report (``--unit``, ``--month``), the registry's unit names (each unit's report file
  is ``progress/<month>/<unit>.yaml``), the site's project pages (``projects/<id>.html``);
- a symlink inside the data folder that leads outside it is refused, never read, by
  every command;
- ``--data`` that is a file, an empty folder, an unreadable folder or a folder without
  projects.yaml is a usage error (exit 2) for every command, and nothing is written.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.test_status import MINI

DATA_COMMANDS: dict[str, tuple[str, ...]] = {
    "check": ("check", "--as-of", "2022-12-31"),
    "status": ("status", "--as-of", "2022-06-30"),
    "deadlines": ("deadlines", "--as-of", "2022-06-30"),
    "bulletin": ("bulletin", "--period", "2022Q2"),
    "assess": ("assess", "--as-of", "2022-12-31"),
    "site": ("site", "-o", "site", "--as-of", "2022-06-30"),
    "new-report": ("new-report", "--unit", "甲局", "--month", "2022-06"),
}
SECRET = "secret_token: hunter2"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder: data/ (the small fixture) and a secret file beside it."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "secret.yaml").write_text(f"unit: 甲局\n{SECRET}\n", encoding="utf-8")
    return tmp_path


def files_under(folder: Path) -> dict[str, bytes | str]:
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith(".minsheng-cache"):
            continue
        found[rel] = f"-> {path.readlink()}" if path.is_symlink() else (
            path.read_bytes() if path.is_file() else "<dir>"
        )  # fmt: skip
    return found


# ---- new-report: --unit and --month -------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "month"),
    [
        ("../../etc/passwd", "2022-06"),
        ("/etc/passwd", "2022-06"),
        ("甲局/../../x", "2022-06"),
        ("甲局\x00.yaml", "2022-06"),
        ("CON", "2022-06"),
        ("甲局.", "2022-06"),
        ("..", "2022-06"),
        ("甲局", "../2022-06"),
        ("甲局", "/tmp"),
        ("甲局", "2022-06/../../.."),
        ("甲局", "2022-06\x00"),
        ("甲局", "2022-6"),
        ("甲局", "NUL"),
    ],
)
def test_new_report_writes_only_where_a_registered_unit_and_month_lead(
    cli: Run, work: Path, unit: str, month: str
):
    before = files_under(work)
    result = cli("new-report", "--data", "data", "--unit", unit, "--month", month)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("用法错误：")
    assert "没有名为" in result.stderr or "不在报送期内" in result.stderr
    assert files_under(work) == before


@pytest.mark.parametrize(
    "name",
    [
        "../甲局",
        "/etc/甲局",
        "甲\\局",
        "甲局\x00",
        "CON",
        "nul",
        "COM1",
        "LPT9",
        "CON.局",
        "NUL.tar.gz",
        "COM¹",
        "甲局.",
        "..",
        "甲:局",
    ],
)
def test_registry_refuses_unit_names_that_are_not_safe_file_names(cli: Run, work: Path, name: str):
    registry = work / "data" / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    escaped = name.replace("\\", "\\\\").replace("\x00", "\\0")
    registry.write_text(text.replace("- name: 丙局", f'- name: "{escaped}"'), encoding="utf-8")
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert "data/projects.yaml:17:11: error [invalid-value]" in result.stdout, result.stdout
    assert '不能含有 \\ / : * ? " < > | 等符号，不能是系统保留名' in result.stdout
    before = files_under(work)
    report = cli("new-report", "--data", "data", "--unit", name, "--month", "2022-06")
    assert report.exit_code == 1 and "数据有错误" in report.stderr
    assert files_under(work) == before


def test_a_unit_named_only_in_a_project_never_becomes_a_path(cli: Run, work: Path):
    registry = work / "data" / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("units: [丙局]", 'units: ["../../逃逸"]'), encoding="utf-8")
    before = files_under(work)
    result = cli("new-report", "--data", "data", "--unit", "../../逃逸", "--month", "2022-06")
    assert result.exit_code == 1
    assert "数据有错误" in result.stderr
    assert files_under(work) == before
    assert not (work.parent / "逃逸.yaml").exists()


@pytest.mark.parametrize("month", ["2022-13", "2022-05-x", "x"])
def test_month_folders_with_other_names_are_not_read(cli: Run, work: Path, month: str):
    folder = work / "data" / "progress" / month
    folder.mkdir()
    (folder / "甲局.yaml").write_text(f"unit: 甲局\n{SECRET}\n", encoding="utf-8")
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    assert "hunter2" not in result.output and "secret_token" not in result.output
    assert result.exit_code == 1  # an error naming where the report belongs; not read as one
    assert (
        f"data/progress/{month}/甲局.yaml:1:1: error [misplaced-file] 文件夹「{month}」不是月份"
        in result.stdout
    )
    assert "应放在 progress/YYYY-MM/甲局.yaml" in result.stdout


# ---- project ids and site pages -----------------------------------------------------------


@pytest.mark.parametrize("value", ['"../../etc"', '"1/2"', "-1", "0", '"01x"', "1.5", "10000001"])
def test_project_ids_are_whole_numbers_in_range(cli: Run, work: Path, value: str):
    registry = work / "data" / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("  - id: 3\n", f"  - id: {value}\n"), encoding="utf-8")
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert "data/projects.yaml:" in result.stdout and "「id」" in result.stdout
    site = cli("site", "--data", "data", "-o", "site", "--as-of", "2022-06-30")
    assert site.exit_code == 1 and not (work / "site").exists()


def test_site_pages_are_named_from_the_id_number_only(cli: Run, work: Path):
    registry = work / "data" / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("  - id: 3\n", "  - id: 1000000\n"), encoding="utf-8")
    for report in (work / "data" / "progress").glob("*/丙局.yaml"):
        body = report.read_text(encoding="utf-8").replace("  - id: 3\n", "  - id: 1000000\n")
        report.write_text(body, encoding="utf-8")
    before = files_under(work)
    result = cli("site", "--data", "data", "-o", "site", "--as-of", "2022-06-30")
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in (work / "site" / "projects").iterdir())
    assert pages == ["01.html", "02.html", "1000000.html"]
    after = {
        k: v for k, v in files_under(work).items() if k != "site" and not k.startswith("site/")
    }
    assert after == before


# ---- symlinks leading out of the data folder ----------------------------------------------


def link_report(data: Path, target: Path) -> str:
    link = data / "progress" / "2022-05" / "甲局.yaml"
    link.unlink()
    link.symlink_to(target)
    return "data/progress/2022-05/甲局.yaml"


def link_month(data: Path, target: Path) -> str:
    outside = target.parent / "month"
    outside.mkdir()
    shutil.copy(target, outside / "甲局.yaml")
    shutil.rmtree(data / "progress" / "2022-05")
    (data / "progress" / "2022-05").symlink_to(outside, target_is_directory=True)
    return "data/progress/2022-05"


def link_registry(data: Path, target: Path) -> str:
    (data / "projects.yaml").unlink()
    (data / "projects.yaml").symlink_to(target)
    return "data/projects.yaml"


LINKS = {"report": link_report, "month": link_month, "registry": link_registry}


@pytest.mark.parametrize("command", sorted(DATA_COMMANDS))
@pytest.mark.parametrize("what", sorted(LINKS))
def test_symlinks_out_of_the_data_folder_are_refused_not_read(
    cli: Run, work: Path, what: str, command: str
):
    shown = LINKS[what](work / "data", work / "secret.yaml")
    result = cli(*DATA_COMMANDS[command][:1], "--data", "data", *DATA_COMMANDS[command][1:])
    assert result.exit_code == 1, result.output
    message = f"{shown}:1:1: error [symlink-outside] 这是指向数据文件夹之外的符号链接，已拒绝读取"
    assert message in result.output
    assert "hunter2" not in result.output and "secret_token" not in result.output
    assert not (work / "site").exists() and not (work / "data/progress/2022-06").exists()


@pytest.mark.parametrize(
    ("what", "code", "message"),
    [
        ("report", 1, "data/progress/2022-05/甲局.yaml:1:1: error [symlink-outside]"),
        ("registry", 2, "用法错误：数据文件夹「data」中的 projects.yaml 是设备文件，不是普通文件"),
    ],
)
def test_a_symlink_to_an_endless_device_is_never_opened(
    cli: Run, work: Path, what: str, code: int, message: str
):
    """/dev/zero has size 0 and never ends: only not opening it keeps this from hanging."""
    LINKS[what](work / "data", Path("/dev/zero"))
    started = time.perf_counter()
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    assert time.perf_counter() - started < 2
    assert result.exit_code == code
    assert message in result.output


def test_a_fifo_among_the_reports_is_not_opened(cli: Run, work: Path):
    fifo = work / "data" / "progress" / "2022-05" / "丁局.yaml"
    os.mkfifo(fifo)  # opening it for reading would block for ever
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert (
        "data/progress/2022-05/丁局.yaml:1:1: error [misplaced-file] 这不是普通文件"
        in result.stdout
    )


def test_a_symlink_that_stays_inside_is_read(cli: Run, work: Path):
    data = work / "data"
    shutil.move(data / "progress/2022-05/甲局.yaml", data / "甲局-5月.yaml")
    (data / "progress/2022-05/甲局.yaml").symlink_to(Path("../../甲局-5月.yaml"))
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    assert result.exit_code == 0, result.output
    assert "symlink" not in result.stdout


@pytest.mark.parametrize("where", ["progress/2022-05/丁局.yaml", "progress/2022-09"])
def test_a_symlink_loop_is_reported_not_followed(cli: Run, work: Path, where: str):
    loop = work / "data" / where
    loop.symlink_to(loop.name)
    result = cli("check", "--data", "data", "--as-of", "2022-12-31")
    assert result.exit_code == 1
    assert f"data/{where}:1:1: error [misplaced-file]" in result.stdout


# ---- unusable --data: a usage error for every command -------------------------------------


def _file(work: Path) -> str:
    (work / "data.yaml").write_text("sample: true\n", encoding="utf-8")
    return "data.yaml"


def _empty(work: Path) -> str:
    (work / "empty").mkdir()
    return "empty"


def _no_registry(work: Path) -> str:
    shutil.copytree(MINI / "progress", work / "other" / "progress")
    return "other"


def _unreadable(work: Path) -> str:
    folder = work / "locked"
    shutil.copytree(MINI, folder)
    folder.chmod(0)
    if os.access(folder, os.R_OK):
        folder.chmod(0o755)
        pytest.skip("running as root: a folder with mode 000 is still readable")
    return "locked"


UNUSABLE = {
    "file": (_file, "「data.yaml」不是文件夹；--data 应指向含有 projects.yaml 的数据文件夹"),
    "empty": (_empty, "数据文件夹「empty」中没有 projects.yaml"),
    "no-registry": (_no_registry, "数据文件夹「other」中没有 projects.yaml"),
    "missing": (lambda work: "nowhere", "数据文件夹「nowhere」不存在"),
    "unreadable": (_unreadable, "无法读取数据文件夹「locked」（没有权限）"),
}


@pytest.mark.parametrize("command", sorted(DATA_COMMANDS))
@pytest.mark.parametrize("case", sorted(UNUSABLE))
def test_unusable_data_folder_is_a_usage_error_for_every_command(
    cli: Run, work: Path, case: str, command: str
):
    make, message = UNUSABLE[case]
    data = make(work)
    try:
        before = files_under(work)
        name, *args = DATA_COMMANDS[command]
        result = cli(name, "--data", data, *args)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert result.stderr.startswith(f"用法错误：{message}"), result.stderr
        assert "Traceback" not in result.output
        assert files_under(work) == before
    finally:
        if case == "unreadable":
            (work / data).chmod(0o755)


@pytest.mark.parametrize("command", sorted(DATA_COMMANDS))
def test_a_folder_the_system_will_not_let_us_read_is_a_usage_error(
    cli: Run, work: Path, command: str, monkeypatch: pytest.MonkeyPatch
):
    """What a folder with mode 000 looks like to a normal user, simulated so that it also
    runs as root: stat inside it fails with EACCES, and os.access says no."""
    locked = (work / "data").resolve()
    real_stat, real_access = Path.stat, os.access

    def stat(self: Path, **kwargs: Any) -> os.stat_result:
        where = self.absolute()
        if where.is_relative_to(locked) and where != locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_stat(self, **kwargs)

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        if Path(path).absolute() == locked:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    monkeypatch.setattr(os, "access", access)
    name, *args = DATA_COMMANDS[command]
    result = cli(name, "--data", "data", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("用法错误：无法读取数据文件夹「data」（没有权限）")
