"""Start-up: commands load when they run, and the help lists them all from a light table."""

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import typer.main
from typer.core import TyperGroup

app_module = importlib.import_module(
    "minsheng.cli.app"
)  # the module: the package exports the app under its name

CLI = Path(str(app_module.__file__)).parent


def _probe(args: list[str], code: str) -> str:
    """Run ``minsheng args`` in a fresh interpreter, then print what ``code`` evaluates to."""
    script = (
        "import contextlib, io, sys\n"
        "from minsheng.cli import main\n"
        f"sys.argv = ['minsheng', *{args!r}]\n"
        "out = io.StringIO()\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(out):\n"
        "    main()\n"
        f"print({code})\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.rstrip("\n").split("\n")[-1].strip()


LOADED = "*sorted(m for m in sys.modules if m.startswith('minsheng.cli.') and m[13:] not in ('app', 'common', 'output', 'git', 'progress'))"


def test_the_table_names_every_command_with_its_own_help():
    """Each module of cli/ that defines a command is in the table, under the command's name,
    with the first paragraph of the command's docstring."""
    defining = sorted(p.stem for p in CLI.glob("*.py") if "@app.command" in p.read_text("utf-8"))
    assert sorted({module for module, _ in app_module.COMMANDS.values()}) == defining
    for module in defining:
        importlib.import_module(f"minsheng.cli.{module}")
    group = typer.main.get_command(app_module.app)
    assert isinstance(group, TyperGroup)
    assert sorted(group.commands) == sorted(app_module.COMMANDS)
    for name, (module, text) in app_module.COMMANDS.items():
        command = group.commands[name]
        # A command with commands of its own (account): those are defined in the module.
        callbacks = [c.callback for c in getattr(command, "commands", {}).values()]
        for callback in callbacks or [command.callback]:
            assert callback.__module__ == f"minsheng.cli.{module}"
        assert re.split(r"\n\s*\n", command.help or "")[0] == text


def test_help_imports_no_command_module_and_lists_every_command():
    assert _probe(["--help"], LOADED) == ""
    shown = ast.literal_eval(_probe(["--help"], "repr(out.getvalue())"))
    listed = re.findall(r"^  (\S+)", shown.split("命令：\n")[1], re.MULTILINE)
    assert listed == [*app_module.COMMAND_ORDER]
    for name, (_, text) in app_module.COMMANDS.items():
        assert text.replace(" ", "")[:12] in shown.replace("\n", "").replace(" ", ""), name


def test_a_command_imports_only_its_own_module(tmp_path):
    assert _probe(["status", "--help"], LOADED) == "minsheng.cli.status"
    assert _probe(["new-report", "--help"], LOADED) == "minsheng.cli.new_report"


def test_a_mistyped_command_is_told_with_the_commands_not_yet_loaded(cli):
    result = cli("stat")
    assert result.exit_code == 2
    assert "没有这个命令：stat（是否想用「status」？）" in result.output
    assert cli("check", "--help").exit_code == 0  # one command loaded, the others not
    result = cli("chek")
    assert result.exit_code == 2
    assert "没有这个命令：chek（是否想用「check」、「schema」？）" in result.output
