"""The Typer application, Chinese usage errors and help, and the process entry point."""

from __future__ import annotations

import gc
import inspect
import io
import os
import re
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

_USAGE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^No such option: (\S+)$", "没有这个选项：{0}"),
    (r"^No such command '(.+?)'\.?$", "没有这个命令：{0}"),
    (r"^Missing option '(.+?)'.*$", "缺少必需的选项 {0}"),
    (r"^Missing argument '(.+?)'.*$", "缺少必需的参数 {0}"),
    (r"^Missing command\.$", "缺少命令"),
    (r"^Option '(.+?)' requires an argument\.$", "选项 {0} 需要一个值"),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", "多余的参数：{0}"),
    (
        r"^Invalid value for '?(.+?)'?: (?:Value error, )?'(.*?)' is not one of (.+)\.$",
        "选项 {0} 的取值「{1}」无效，可选：{2}",
    ),
    (r"^Invalid value for '?(.+?)'?: (?:Value error, )?(.+)$", "选项 {0} 的取值无效：{1}"),
    (r"^Invalid value: (.+)$", "取值无效：{0}"),
    (r"^Option '(.+?)' does not take a value\.$", "选项 {0} 不接受取值"),
)
# click's "Did you mean …?" (commands) and "(Possible options: …)" (options).
_SUGGESTION = re.compile(r"\s*(?:Did you mean (.+?)\?|\(Possible options: (.+)\))$", re.DOTALL)
_QUOTED_LIST = re.compile(r"^'[^']*'(?:, '[^']*')*$")


def _listed(text: str, mark: str = "") -> str:
    """ "'text', 'json'" or "--a, --b" → "text、json" (each in 「」 when ``mark``)."""
    names = [n.strip().strip("'") for n in text.split(",")]
    return "、".join(f"「{n}」" if mark else n for n in names)


# Typer checks option types with pydantic; its messages come through in English.
_VALUE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^Input should be a valid integer.*$", "应为整数"),
    (r"^'(.*)' is not a valid int(?:eger)?\.?$", "「{0}」不是整数"),
    (r"^'(.*)' is not a valid float\.?$", "「{0}」不是数字"),
    (r"^(\S+) is not in the range x>=(\S+?)\.?$", "{0} 不能小于 {1}"),
    (r"^(\S+) is not in the range x<=(\S+?)\.?$", "{0} 不能大于 {1}"),
    (r"^(\S+) is not in the range (\S+?)<=x<=(\S+?)\.?$", "{0} 应在 {1} 到 {2} 之间"),
    (r"^Input should be a valid number.*$", "应为数字"),
    (r"^Input should be greater than or equal to (\S+)$", "不能小于 {0}"),
    (r"^Input should be less than or equal to (\S+)$", "不能大于 {0}"),
    (r"^Input should be greater than (\S+)$", "必须大于 {0}"),
    (r"^Input should be less than (\S+)$", "必须小于 {0}"),
)


def _translate_value(text: str) -> str:
    for pattern, template in _VALUE_PATTERNS:
        match = re.match(pattern, text, re.DOTALL)
        if match:
            return template.format(*match.groups())
    return text


def translate_usage(message: str) -> str:
    """Click's English usage messages, told in Chinese."""
    text = message.strip()
    found = _SUGGESTION.search(text)
    suggestion = (found[1] or found[2]) if found else None
    if found:
        text = text[: found.start()]
    for pattern, template in _USAGE_PATTERNS:
        match = re.match(pattern, text, re.DOTALL)
        if match:
            parts = [_part(g) for g in match.groups()]
            result = template.format(*parts)
            return shorten_quoted(
                result + (f"（是否想用{_listed(suggestion, '「」')}？）" if suggestion else "")
            )
    return shorten_quoted(text)


QUOTED_LIMIT = 120  # characters of a value quoted in a message; longer ones are shortened
_QUOTED = re.compile(r"「([^「」]*)」")


def shorten_quoted(message: str) -> str:
    """Every value quoted 「…」 in ``message`` cut to its start and end when it is long, so that
    a 1000-character option value is not echoed whole."""

    def cut(match: re.Match[str]) -> str:
        value = match[1]
        if len(value) <= QUOTED_LIMIT:
            return match[0]
        head, tail = value[: QUOTED_LIMIT * 2 // 3], value[-(QUOTED_LIMIT // 4) :]
        return f"「{head}…{tail}」（共 {len(value)} 字）"

    return _QUOTED.sub(cut, message)


def _part(group: str | None) -> str:
    if not group:
        return group or ""
    return _listed(group) if _QUOTED_LIST.match(group) else _translate_value(group)


# What click adds to an option's help, before the lines are wrapped.
_EXTRA_WORDS: tuple[tuple[str, str], ...] = (
    (r"\benv var: ", "环境变量："),
    (r"\bdefault: ", "默认："),
    (r"\brequired\b", "必填"),
    (r"(\S+)<=x<=(\S+)", r"取值 \1–\2"),
    (r"x>=(\S+)", r"不小于 \1"),
    (r"x<=(\S+)", r"不大于 \1"),
    (r"; ", "；"),
)
_EXTRA = re.compile(r"  \[(.*)\]$", re.DOTALL)


def help_extra_in_chinese(text: str) -> str:
    """An option's help with click's bracketed extras ([default: x; required]) in Chinese."""
    match = _EXTRA.search(text)
    if match is None:
        return text
    extra = match[1]
    for pattern, chinese in _EXTRA_WORDS:
        extra = re.sub(pattern, chinese, extra)
    return f"{text[: match.start()]}  [{extra}]"


def _section(formatter: Any, title: str, rows: list[tuple[str, str]]) -> None:
    """A heading and a two-column list, measured in screen columns (click counts a Chinese
    character as one column, which misaligns the list and overruns the line)."""
    from ..text.fmt import display_width, wrap

    if not rows:
        return
    formatter.write_paragraph()
    indent = " " * formatter.current_indent
    formatter.write(f"{indent}{title}：\n")
    indent += "  "
    first = min(max(display_width(name) for name, _ in rows), 30)
    text_width = max(formatter.width - len(indent) - first - 2, 20)
    for name, text in rows:
        shown = display_width(name)
        formatter.write(f"{indent}{name}")
        if shown > first:
            formatter.write(f"\n{indent}{' ' * first}")
            shown = first
        lines = wrap(text, text_width) or [""]
        formatter.write(f"{' ' * (first - shown + 2)}{lines[0]}\n".rstrip(" "))
        for line in lines[1:]:
            formatter.write(f"{indent}{' ' * (first + 2)}{line}\n")


def _paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs, each on one line (Chinese lines join without a space)."""
    found = []
    for block in re.split(r"\n\s*\n", inspect.cleandoc(text)):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        joined = lines[0] if lines else ""
        for line in lines[1:]:
            joined += ("" if not joined[-1].isascii() or not line[0].isascii() else " ") + line
        found.append(joined)
    return found


class _HelpInChinese:
    """Plain (click-style) help, which needs no rich import, written in Chinese throughout:
    the usage line, the headings, the placeholders and what click adds to each option."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示本帮助并退出"
        return option

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = ["[选项]"]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                name = param.metavar or param.name
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        from ..text.fmt import wrap

        help_text = getattr(self, "help", None)
        if not help_text:
            return
        width = max(formatter.width - formatter.current_indent - 2, 20)
        for paragraph in _paragraphs(help_text):
            formatter.write_paragraph()
            for line in wrap(paragraph, width):
                formatter.write(f"{' ' * (formatter.current_indent + 2)}{line}\n")

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix="用法：")

    def format_options(self, ctx: Any, formatter: Any) -> None:
        rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is not None and param.param_type_name in rows:
                rows[param.param_type_name].append((record[0], help_extra_in_chinese(record[1])))
        _section(formatter, "参数", rows["argument"])
        _section(formatter, "选项", rows["option"])
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        return None  # a command has none; the group lists its own


class Command(_HelpInChinese, TyperCommand):
    """A command whose help option speaks Chinese."""


# The order in which `minsheng --help` lists the commands; commands not named here come last.
COMMAND_ORDER = (
    # the clerk's month
    "new-report",
    "import",
    "check",
    # the web form on the office network, and its accounts
    "serve",
    "account",
    # the coordinator's routine: where things stand, who is late, what to circulate
    "status",
    "deadlines",
    # 督办: what the office does about what is late
    "duban",
    "new-duban",
    "bulletin",
    "export",
    "assess",
    # who changed what
    "history",
    "diff",
    # publishing and editors
    "site",
    "schema",
    # setting up a county, and the next year
    "init",
    "new-year",
)


# Every command: the module of this package that defines it, and the first paragraph of its
# help. A command's module is imported only when that command runs (or its own --help is
# asked for); `minsheng --help` lists them from here. A test keeps this table equal to the
# commands' own docstrings and to the modules that define commands.
COMMANDS: dict[str, tuple[str, str]] = {
    "account": ("serve", "网页填报的账号：添加、列出、重置密码、删除。"),
    "assess": (
        "assess",
        "年终考核：按登记表中的计分办法给每个项目和责任单位打分，并为责任单位排名。",
    ),
    "bulletin": (
        "bulletin",
        "生成通报：总体情况、存在问题、下步工作要求，附件为各表（Markdown、HTML、Word 或 PDF）；\n"
        "也可生成进展汇总表、进度表、公示和年终考核结果。",
    ),
    "check": ("check", "检查数据：项目登记表和全部月度进展报告的格式、引用和数值。"),
    "deadlines": (
        "deadlines",
        "时限检查：未报送和逾期报送的月报、逾期未完成的指标和节点、即将到期的事项。",
    ),
    "diff": (
        "diff",
        "版本对比：两个版本的数据在同一统计日期下，哪些项目的完成率或状态变了、出现或消除了哪些问题。",
    ),
    "duban": (
        "duban",
        "督办台账：已触发的督办规则（建议）、逾期未回复和在办的督办事项、本期办结、到期的回头看。",
    ),
    "export": (
        "export",
        "导出 Excel 工作簿（汇总、指标、报送情况，登记表和督办记录有相应内容时另有其他表）或其中一张表的 CSV。",
    ),
    "history": ("history", "改动记录：从 git 提交历史中列出报送数字和登记表目标的每次改动。"),
    "import": (
        "import_workbooks",
        "导入填好的填报表：检查无误的写成 progress/月份/单位.yaml，与 YAML 填报的报告完全相同。",
    ),
    "init": (
        "init",
        "新建一个县的数据仓库：登记表骨架（或由通知表格生成）、报告文件夹、schema、提交前检查、CI 和填报指南。",
    ),
    "new-duban": (
        "new_duban",
        "生成督办事项文件（duban/actions/下发日期-单位-序号.yaml），按督办建议预填；加 --format docx 另外生成督办函。",
    ),
    "new-report": (
        "new_report",
        "生成某单位某月的进展报告文件，预填最近一次报送的数值和状态，核对填写后提交即可。",
    ),
    "new-year": (
        "new_year",
        "由本年度的登记表开始新年度：未完成的项目带着剩余任务接续实施，已完成的不再列入，单位和规则照旧。",
    ),
    "schema": ("schema", "输出数据文件的 JSON Schema，供编辑器自动补全和校验。"),
    "serve": (
        "serve",
        "在办公网络上提供网页填报：各单位登录后填报本单位的报告，牵头单位查看进展、催报和下载通报。",
    ),
    "site": (
        "site",
        "生成静态网站：总览、各项目页面、截至统计日期的各期通报（HTML 和 Markdown）、数据 JSON。",
    ),
    "status": ("status", "项目进展一览：完成率、序时进度、状态（正常/滞后）和报送情况。"),
}


def _command_name(info: Any) -> str:
    """The name typer gives a registered command."""
    from typer.main import get_command_name

    return str(info.name or get_command_name(info.callback.__name__))


def load_command(name: str) -> Any:
    """The click command ``name``, its module imported now; None for an unknown name."""
    import importlib

    from typer.main import get_command_from_info, get_group_from_info

    if name not in COMMANDS:
        return None
    importlib.import_module(f"{__package__}.{COMMANDS[name][0]}")
    for info in app.registered_commands:
        if _command_name(info) == name:
            return get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group in app.registered_groups:  # a command with commands of its own (account)
        if group.name == name:
            return get_group_from_info(
                group,
                pretty_exceptions_short=app.pretty_exceptions_short,
                suggest_commands=True,
                rich_markup_mode=app.rich_markup_mode,
            )
    raise LookupError(f"{COMMANDS[name][0]} defines no command {name!r}")  # a bug of the table


class Group(_HelpInChinese, TyperGroup):
    """A group of commands: usage errors become a Chinese message and exit code 2; the
    top-level group's commands are loaded when they run (:data:`COMMANDS`)."""

    def list_commands(self, ctx: Any) -> list[str]:
        if ctx.parent is not None:  # a command's own commands (account): all loaded
            return list(super().list_commands(ctx))
        names = sorted({*self.commands, *COMMANDS})
        known = [n for n in COMMAND_ORDER if n in names]
        return known + [n for n in names if n not in known]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and ctx.parent is None:
            command = load_command(cmd_name)
            if command is not None:
                self.add_command(command, cmd_name)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as exc:
            # typer suggests only among the loaded commands: suggest among all of them
            message = str(getattr(exc, "message", ""))
            if args and message.startswith("No such command"):
                from difflib import get_close_matches

                message = message.split(". Did you mean", 1)[0]
                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    listed = ", ".join(f"{m!r}" for m in matches)
                    message = f"{message.rstrip('.')}. Did you mean {listed}?"
                exc.message = message
            raise

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*super().collect_usage_pieces(ctx), "命令 [参数]..."]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        from typer._click.utils import make_default_short_help

        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None:  # not loaded: its help from the table
                rows.append((name, make_default_short_help(COMMANDS[name][1], formatter.width)))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width)))
        _section(formatter, "命令", rows)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except typer.Abort:
            code = EXIT_INTERRUPTED
        except typer.TyperException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # no arguments at all: show help
                message = exc.format_message()
                if message:
                    typer.echo(message)
                sys.exit(EXIT_USAGE)
            command = _failed_command(exc)
            typer.echo(f"用法错误：{translate_usage(exc.format_message())}", err=True)
            typer.echo(f"运行「{command} --help」查看用法。", err=True)
            sys.exit(getattr(exc, "exit_code", EXIT_USAGE) or EXIT_USAGE)
        if code == EXIT_INTERRUPTED:  # Ctrl-C: typer turns it into this exit code
            typer.echo("已中断。", err=True)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def _failed_command(exc: Exception) -> str:
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None)
    return str(path) if path else "minsheng"


app = typer.Typer(
    name="minsheng",
    cls=Group,
    help="重点民生实事项目管理：登记项目、检查数据、跟踪进度与时限、生成通报。",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _show_version(wanted: bool) -> None:
    if wanted:
        from .. import __version__

        typer.echo(f"minsheng {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help="显示版本号并退出", callback=_show_version, is_eager=True),
    ] = False,
) -> None:
    return None


def main() -> None:
    """Console-script entry point."""
    # minsheng uses no pydantic plugins; not scanning every installed package for them
    # saves tens of milliseconds on each run. An explicit setting still wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A run builds many objects that live until it ends (parsed files, models, results).
    # The cyclic collector would traverse them again and again (measured: 40% of `check`
    # on a 13 400-file folder); reference counting still frees everything else, and the
    # process is short-lived.
    gc.disable()
    guard_stdout()
    code: str | int | None = (
        EXIT_FINDINGS  # cut short (a closed pipe) before the command said how it went
    )
    try:
        try:
            app(prog_name="minsheng")
        except SystemExit as exc:
            code = exc.code
        sys.stdout.flush()
    except BrokenPipeError:
        # Output piped into `head` and the like: the reader had enough; stop quietly.
        _silence_stdout()
    except OutputFailed as exc:
        _silence_stdout()
        typer.echo(
            f"输出写入失败（标准输出）：{exc.reason}；已写出的内容不完整，请勿使用。", err=True
        )
        code = EXIT_FINDINGS
    sys.exit(code)


class OutputFailed(Exception):
    """Writing to stdout failed (a full disk, /dev/full, an I/O error): not the data's fault,
    but the output is incomplete and the run must not end with 0."""

    def __init__(self, error: OSError) -> None:
        from ..write.files import reason

        super().__init__(error)
        self.reason = reason(error)


class _Stdout(io.FileIO):
    """File descriptor 1, its write errors told apart from every other OSError."""

    def write(self, data: Any, /) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None


def guard_stdout() -> None:
    """Put stdout on :class:`_Stdout`, buffered as before; characters the encoding cannot
    carry come out as escapes rather than as a crash. (A Windows console keeps its own
    stream, which writes through the console's Unicode interface.)"""
    current = sys.stdout
    try:
        fd = current.fileno()
    except (AttributeError, OSError, ValueError):  # no real stdout (an embedding, a test)
        return
    if sys.platform == "win32" and current.isatty():  # pragma: no cover
        return
    raw = _Stdout(fd, "w", closefd=False)
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=current.encoding,
        errors="backslashreplace",
        line_buffering=bool(getattr(current, "line_buffering", False)),
    )


def _silence_stdout() -> None:
    """What is still buffered goes nowhere, so that exiting does not fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
