"""Usage errors and help are told in Chinese, with exit code 2 and no traceback."""

from __future__ import annotations

import re

import pytest

from tests.conftest import DATA


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("chek",), "没有这个命令：chek（是否想用「check」、「schema」？）"),
        (("status", "--unt", "x"), "没有这个选项：--unt（是否想用「--unit」？）"),
        (("diff",), "缺少必需的参数 版本1"),
        (("status", "--bogus"), "没有这个选项：--bogus"),
        (("status", "--project", "abc"), "选项 --project 的取值无效："),
        (("deadlines", "--within", "-3"), "选项 --within 的取值无效："),
        (
            ("check", "--format", "xml"),
            "选项 --format 的取值「xml」无效，可选：text、json、github",
        ),
        (("new-report", "--unit", "县教委"), "缺少必需的选项 --month"),
        (("status", "extra"), "多余的参数：extra"),
        (("status", "--data", str(DATA), "--as-of"), "选项 --as-of 需要一个值"),
    ],
)
def test_usage_errors_are_chinese_and_exit_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert f"用法错误：{message}" in result.stderr
    assert "Traceback" not in result.output
    assert "Input should" not in result.stderr and "is not" not in result.stderr  # no English left
    assert "'" not in result.stderr and "Possible" not in result.stderr


@pytest.mark.parametrize("args", [("--help",), ("status", "--help"), ("check", "-h")])
def test_help_is_chinese(cli, args):
    result = cli(*args)
    assert result.exit_code == 0
    assert "显示本帮助并退出" in result.stdout


def test_no_arguments_shows_help_and_exits_2(cli):
    result = cli()
    assert result.exit_code == 2
    for command in ("check", "status", "deadlines", "new-report", "schema"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "不存在"),
        ("file", "不是文件夹"),
        ("empty", "中没有 projects.yaml"),
    ],
)
def test_unusable_data_folder_is_a_usage_error(cli, tmp_path, setup, message):
    target = tmp_path / "data"
    if setup == "file":
        target.write_text("x", encoding="utf-8")
    elif setup == "empty":
        target.mkdir()
    for command in ("check", "status", "deadlines"):
        result = cli(command, "--data", str(target))
        assert result.exit_code == 2, command
        assert message in result.stderr


def test_data_folder_from_the_environment(cli, monkeypatch):
    monkeypatch.setenv("MINSHENG_DATA", str(DATA))
    result = cli("check", "--as-of", "2022-12-31")
    assert result.exit_code == 0
    assert "检查通过" in result.stdout


def test_ctrl_c_ends_with_a_message_and_exit_130(cli, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("minsheng.cli.common.load_data", interrupted)
    monkeypatch.setattr("minsheng.cli.check.load_data", interrupted)
    result = cli("check", "--data", str(DATA))
    assert result.exit_code == 130
    assert "已中断。" in result.stderr
    assert "Traceback" not in result.output


HEAVY = (
    "pydantic",
    "yaml",
    "jinja2",
    "openpyxl",
    "docx",
    "lxml",
    "rich",
    "minsheng.models",
    "minsheng.load.folder",
)


@pytest.mark.parametrize(
    "args", [["--help"], ["export", "--help"], ["diff", "--help"], ["bulletin", "--help"]]
)
def test_help_loads_none_of_the_heavy_libraries(args):
    """Start-up time: help needs typer and the command table, nothing that reads data."""
    import subprocess
    import sys

    probe = (
        "import contextlib, io, sys\n"
        "from minsheng.cli import main\n"
        f"sys.argv = ['minsheng', *{args!r}]\n"
        "out = io.StringIO()\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(out):\n"
        "    main()\n"
        "print('用法' in out.getvalue(), *sorted(m for m in %r if m in sys.modules))\n" % (HEAVY,)
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]  # help shown, and no heavy module loaded


COMMANDS = (
    "new-report",
    "import",
    "check",
    "serve",
    "account",
    "status",
    "deadlines",
    "duban",
    "new-duban",
    "bulletin",
    "export",
    "assess",
    "history",
    "diff",
    "site",
    "schema",
    "init",
    "new-year",
)
# What help may show in Latin letters: what the user types (option names, their fixed values,
# file and folder names, the environment variable, date patterns) and names of formats and tools.
TYPED = re.compile(
    r"(?<![\w-])--?[a-z][a-z-]*|<[^>]*>|[\w.]+\.(?:yaml|json|xlsx|html|md|docx)|MINSHENG_DATA|HEAD~3|\d{4}Q\d"
)
NAMES = {
    "minsheng", "progress", "templates", "data", "YYYY", "MM", "DD", "YYYYQn", "YYYY-MM-DD",
    "YYYY-MM", "Markdown", "HTML", "JSON", "Schema", "CSV", "Excel", "xlsx", "csv", "json",
    "md", "html", "git", "CI", "table", "text", "github", "summary", "indicators", "reports",
    "projects", "office", "acceptance", "Word", "PDF", "docx", "pdf", "Chromium", "Chrome", "PATH",
    "YAML", "yaml", "WPS", "details", "units", "groups", "money", "areas", "years", "schema",
    "duban", "actions", "action", "inspection", "escalation", "closure",
    # serve and account: systems, protocols and file kinds named as they are; the subcommands
    "Ctrl-C", "Linux", "Windows", "APPDATA", "config", "HTTPS", "PEM", "remote",
    "add", "list", "reset", "remove",
    "tongbao", "public", "assessment", "YYYYH1",
}  # fmt: skip


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_word_of_help_is_chinese(cli, command):
    result = cli(*([command] if command else []), "--help")
    assert result.exit_code == 0
    left = re.findall(r"[A-Za-z][A-Za-z0-9_-]*", TYPED.sub(" ", result.stdout))
    assert [w for w in left if w not in NAMES and w not in COMMANDS] == []
    assert "{" not in result.stdout and "<=" not in result.stdout
    assert result.stdout.startswith(f"用法：minsheng {command + ' ' if command else ''}[选项]")


def test_the_commands_are_listed_in_the_order_of_the_user_s_routine(cli):
    listed = re.findall(r"^  ([a-z-]+)  ", cli("--help").stdout.split("命令：")[1], re.MULTILINE)
    assert listed == list(COMMANDS)


# schema reads no data; init makes a repository (its folder is an argument); new-year reads
# this year's folder as --from.
@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c not in ("schema", "init", "new-year", "account")]
)
def test_data_is_the_first_option_of_every_command(cli, command):
    options = cli(command, "--help").stdout.split("选项：\n")[1]
    assert options.startswith("  --data 文件夹  ")
    first = options.split("\n  --")[0]
    assert "[环境变量：MINSHENG_DATA；默认：data]" in re.sub(r"\s+", "", first)


def test_diff_help_gives_one_default_date(cli):
    text = cli("diff", "--help").stdout
    as_of = text[text.index("--as-of") :].split("\n  --")[0]
    assert "默认取较新版本的提交日期（与工作区比较时为今天）" in re.sub(r"\s+", "", as_of)
    assert "默认今天" not in text
    assert "用法：minsheng diff [选项] 版本1 [版本2]" in text


def test_version(cli):
    from minsheng import __version__

    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"minsheng {__version__}\n"
