"""What a data folder can hold besides good files, and what can happen to it during a run.

- ``progress`` that is a link out of the data folder, a dangling link or a regular file;
- file names that are not UTF-8 (a GBK archive unzipped on Linux);
- a file or a month folder that vanishes between listing and reading (``git checkout``),
  injected at exactly that point;
- a FIFO ``projects.yaml``; a ``--data`` name over 255 bytes;
- messages never carry the system's or libyaml's English;
- a unit name that looks registered but is in another Unicode form.

Every case: a Chinese message naming the file, a non-zero exit, no traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import unicodedata
from pathlib import Path

import pytest

from minsheng.load import folder as folder_module
from tests.conftest import Run
from tests.test_status import MINI

COMMANDS: dict[str, tuple[str, ...]] = {
    "check": ("check", "--data", "data", "--as-of", "2022-12-31"),
    "check-json": ("check", "--data", "data", "--as-of", "2022-12-31", "--format", "json"),
    "status": ("status", "--data", "data", "--as-of", "2022-06-30"),
    "status-json": ("status", "--data", "data", "--as-of", "2022-06-30", "--format", "json"),
    "bulletin": ("bulletin", "--data", "data", "--period", "2022Q2"),
}


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINI, tmp_path / "data")
    return tmp_path


def every_command(cli: Run, path: str, code: str, message: str, exit_code: int = 1) -> None:
    """Each command exits ``exit_code`` and tells the problem: ``path:1:1: error [code]
    message`` in text, the same fields in JSON."""
    for name, args in COMMANDS.items():
        result = cli(*args)
        assert result.exit_code == exit_code, (name, result.output)
        assert "Traceback" not in result.output
        if name.endswith("-json") and result.stdout:
            found = json.loads(result.stdout_bytes.decode("utf-8"))["problems"]
            assert {"path": path, "code": code, "message": message} in [
                {k: p[k] for k in ("path", "code", "message")} for p in found
            ], (name, found)
        else:
            line = f"{path}:1:1: error [{code}] {message}"
            assert line in (result.stdout + result.stderr).splitlines(), (name, result.output)


# ---- progress itself --------------------------------------------------------------------------


def move_progress_out(work: Path) -> Path:
    outside = work / "elsewhere"
    shutil.move(work / "data" / "progress", outside)
    return outside


def test_a_progress_link_out_of_the_data_folder_is_refused_unread(cli: Run, work: Path):
    outside = move_progress_out(work)
    (outside / "2022-05" / "甲局.yaml").write_text(
        "unit: 甲局\nsecret: hunter2\n", encoding="utf-8"
    )
    (work / "data" / "progress").symlink_to(outside, target_is_directory=True)
    every_command(
        cli, "data/progress", "symlink-outside", "这是指向数据文件夹之外的符号链接，已拒绝读取"
    )
    assert "hunter2" not in cli(*COMMANDS["check"]).output


def test_a_dangling_progress_link_is_an_error(cli: Run, work: Path):
    shutil.rmtree(work / "data" / "progress")
    (work / "data" / "progress").symlink_to(work / "nowhere", target_is_directory=True)
    every_command(
        cli,
        "data/progress",
        "broken-link",
        "progress 是失效的符号链接（指向的位置不存在），其中的进展报告都无法读取；请改为真正的文件夹",
    )


def test_a_progress_that_is_a_regular_file_is_an_error(cli: Run, work: Path):
    shutil.rmtree(work / "data" / "progress")
    (work / "data" / "progress").write_text("2022-05: 已报\n", encoding="utf-8")
    every_command(
        cli,
        "data/progress",
        "not-a-folder",
        "progress 应是存放各月进展报告的文件夹，这里却是普通文件；请改为文件夹",
    )


# ---- file names that are not UTF-8 --------------------------------------------------------------


def gbk_named_report(work: Path) -> Path:
    """乙局.yaml as a GBK-encoded name, as unzip leaves it for an archive from Chinese Windows."""
    month = work / "data" / "progress" / "2022-05"
    odd = month / os.fsdecode("乙局".encode("gbk") + b".yaml")
    (month / "乙局.yaml").rename(odd)
    return odd


# Shown byte by byte where it is not UTF-8 (two of the GBK bytes happen to form "Ҿ").
GBK_SHOWN = "data/progress/2022-05/" + ("乙局".encode("gbk") + b".yaml").decode(
    "utf-8", "backslashreplace"
)
GBK_MESSAGE = (
    "文件名不是 UTF-8 编码，未读取，看起来是 GBK 编码的「乙局.yaml」（常见于中文 Windows 上打包的压缩文件）；"
    "请把它重命名为「乙局.yaml」"
)


def test_a_gbk_file_name_is_named_in_a_message_the_clerk_can_act_on(cli: Run, work: Path):
    gbk_named_report(work)
    assert GBK_SHOWN == "data/progress/2022-05/\\xd2Ҿ\\xd6.yaml"
    every_command(cli, GBK_SHOWN, "file-name", GBK_MESSAGE)


def test_json_output_stays_valid_utf8_with_a_gbk_file_name(cli: Run, work: Path):
    gbk_named_report(work)
    result = cli(*COMMANDS["check-json"])
    payload = json.loads(result.stdout_bytes.decode("utf-8"))  # strict: no lone surrogates
    (problem,) = [p for p in payload["problems"] if p["code"] == "file-name"]
    assert problem["path"] == GBK_SHOWN


# ---- files that vanish during the run -------------------------------------------------------------


def vanish_after_listing(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The file ``name`` is deleted right after the folder was listed, before it is read."""
    real = folder_module.discover_reports

    def listed_then_gone(root: Path) -> tuple[list[tuple[Path, str]], list[object]]:
        found = real(root)
        for path, _ in found[0]:
            if path.name == name:
                path.unlink()
        return found  # type: ignore[return-value]

    monkeypatch.setattr(folder_module, "discover_reports", listed_then_gone)


VANISHED = "读取时文件已不存在（可能正在切换分支、同步或保存）；本次未读取它，请稍后重新运行"


@pytest.mark.parametrize("cached", [True, False])
def test_a_file_removed_between_listing_and_reading_is_told_not_a_crash(
    cli: Run, work: Path, monkeypatch: pytest.MonkeyPatch, cached: bool
):
    if not cached:
        monkeypatch.setenv("MINSHENG_NO_CACHE", "1")
    for name in COMMANDS:
        shutil.copyfile(
            MINI / "progress" / "2022-05" / "丙局.yaml", work / "data/progress/2022-05/丙局.yaml"
        )
        with monkeypatch.context() as patched:
            vanish_after_listing(patched, "丙局.yaml")
            result = cli(*COMMANDS[name])
        assert result.exit_code == 1, (name, result.output)
        assert VANISHED in result.stdout + result.stderr
        assert "data/progress/2022-05/丙局.yaml" in result.stdout + result.stderr
        assert "No such file" not in result.output
    assert cli(*COMMANDS["check"]).exit_code == 0  # the next run, with the file back, is clean


def test_a_month_folder_removed_between_listing_and_reading_is_told(
    cli: Run, work: Path, monkeypatch: pytest.MonkeyPatch
):
    real = folder_module._entries

    def month_gone(folder: Path) -> list[os.DirEntry[str]]:
        if folder.name == "2022-05":
            shutil.rmtree(folder)
        return real(folder)

    monkeypatch.setattr(folder_module, "_entries", month_gone)
    result = cli(*COMMANDS["check"])
    assert result.exit_code == 1
    assert "data/progress/2022-05:1:1: error [vanished] 读取时文件已不存在" in result.stdout


# ---- the registry and the data folder's name ------------------------------------------------------


def test_a_fifo_registry_is_named_as_such_and_never_opened(cli: Run, work: Path):
    (work / "data" / "projects.yaml").unlink()
    os.mkfifo(work / "data" / "projects.yaml")
    for args in COMMANDS.values():
        result = cli(*args)
        assert result.exit_code == 2
        assert result.stderr == (
            "用法错误：数据文件夹「data」中的 projects.yaml 是命名管道（FIFO），不是普通文件；"
            "它应是项目登记表（YAML 文件）\n"
        )


def test_a_data_folder_name_over_255_bytes_is_a_chinese_message(cli: Run, work: Path):
    long = "数" * 90
    result = cli("check", "--data", long)
    assert result.exit_code == 2, result.output
    assert "文件名过长（每一段名称最多 255 字节，中文字符每个占 3 字节）" in result.stderr
    assert "File name too long" not in result.output


# ---- no English from the system or libyaml --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('note: "\\uD800"', "双引号中的 \\u 或 \\U 转义不是有效的字符编码"),
        ('note: "\\u12"', "双引号中 \\x、\\u 或 \\U 后面的十六进制数位数不够"),
        ("note: |0\n  x", "「|」或「>」后面的缩进数字不能是 0"),
        ('note: "x\n---\n"', "引号里的文字中有单独成行的「---」或「...」"),
    ],
)
def test_libyaml_problems_are_told_in_chinese(cli: Run, work: Path, text: str, message: str):
    report = work / "data" / "progress" / "2022-05" / "丙局.yaml"
    report.write_text(f"unit: 丙局\n{text}\n", encoding="utf-8")
    result = cli(*COMMANDS["check"])
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "丙局.yaml" in line)
    assert message in line
    english = [
        w for w in line.split("] ", 1)[1].replace("YAML", "").split() if w.isascii() and w.isalpha()
    ]
    assert english == [], line


# ---- Unicode forms -----------------------------------------------------------------------------------


def test_a_unit_name_in_another_unicode_form_is_told_why_it_does_not_match(cli: Run, work: Path):
    """U+F92C, a compatibility ideograph as copied from some PDFs, is U+90CE in NFC: they
    look the same, they are different strings."""
    compat = "\uf92c局"
    registered = unicodedata.normalize("NFC", compat)
    assert registered == "\u90ce局" != compat
    registry = work / "data" / "projects.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("丙局", registered), encoding="utf-8"
    )
    report = work / "data" / "progress" / "2022-05" / "丙局.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("丙局", compat), encoding="utf-8")
    report.rename(report.with_name(f"{compat}.yaml"))
    result = cli(*COMMANDS["check"])
    assert result.exit_code == 1
    assert (
        f"单位「{compat}」没有在 projects.yaml 中登记；它看起来与登记的「{registered}」相同，"
        "但其中有字符的 Unicode 编码形式不同（常见于从 macOS、网页或 PDF 复制的文字）：请删除后重新输入"
    ) in result.stdout
    (report.with_name(f"{compat}.yaml")).unlink()
    usage = cli("status", "--data", "data", "--as-of", "2022-06-30", "--unit", compat)
    assert usage.exit_code == 2
    assert usage.stderr.startswith(
        f"用法错误：没有名为「{compat}」的责任单位；它看起来与登记的「{registered}」相同"
    )
