"""User templates run confined and within a budget, and every way they can fail is told in Chinese.

- **Confined**: a template from a user's folder (``templates/`` beside the data, or
  ``--templates``) is a regular file inside that folder, reached without a symlink, at most
  :data:`MAX_TEMPLATE_BYTES`, UTF-8; it is opened non-blocking.
- **Budgeted**, cooperatively (no signals: renders may run in worker threads): every loop
  iteration, call, attribute or item lookup and operator is a step, every piece of output
  (also into a macro's or a block's buffer) is counted; both limits scale with the data
  (:func:`limits_for`). Operators and filters that could make one huge value (``'x' * n``,
  ``n ** m``, widths in ``center``, ``indent``, ``format``) are refused before they run.
- **Told**: :class:`TemplateFailure` carries a message naming the template and its line.

The budget applies when an environment has user folders; the packaged templates alone
are trusted and run without it.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    nodes,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..write.files import NotRegular, TooLarge, read_regular

MAX_TEMPLATE_BYTES = 1024 * 1024
# Limits: a base any data gets, and so much per project, indicator, checklist item, unit and
# report. Measured with the packaged templates on a generated 1 500-project folder (12 311
# items): the heaviest render (the year's bulletin) takes 460 000 steps and 4.4 M characters,
# the whole site 13.1 M steps and 105 M characters. One render may take about 15 times its
# steps and output; a whole run (the site) 15 times the steps and 4 times the output.
STEPS_BASE = 2_000_000
STEPS_PER_ITEM = 400
OUTPUT_BASE = 16 * 1024 * 1024  # characters of output (buffers included)
OUTPUT_PER_ITEM = 4 * 1024
RUN_STEPS_BASE = 4_000_000
RUN_STEPS_PER_ITEM = 16_000
RUN_OUTPUT_BASE = 32 * 1024 * 1024
RUN_OUTPUT_PER_ITEM = 32 * 1024
MAX_VALUE = 4 * 1024 * 1024  # characters of one string (or items of one list) made by an operator
MAX_INT_BITS = 4096  # about 1 200 digits: no figure needs more
MAX_ARGUMENT = 1_000_000  # an integer argument to a filter (a width, a count)


class TemplateFailure(TemplateError):
    """A user's template could not be used; ``str()`` is the Chinese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.text = message

    def __str__(self) -> str:
        return self.text


class BudgetExceeded(TemplateError):
    """The render used up its steps or its output."""


@dataclass(slots=True)
class Budget:
    """Steps and characters left, for one render or a whole run (``scope``)."""

    steps: int
    output: int
    steps_limit: int
    output_limit: int
    scope: str = "本次生成"
    run: Budget | None = None

    def step(self, count: int = 1) -> None:
        self.steps -= count
        if self.steps < 0:
            raise BudgetExceeded(
                f"{self.scope}的运算步数超过上限（{self.steps_limit} 步，按数据的规模确定）："
                "模板中的循环过多、嵌套过深或没有终点"
            )
        if self.run is not None:
            self.run.step(count)

    def emit(self, size: int) -> None:
        self.output -= size
        if self.output < 0:
            raise BudgetExceeded(
                f"{self.scope}的内容超过上限（{self.output_limit} 个字符，按数据的规模确定）"
            )
        if self.run is not None:
            self.run.emit(size)


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("budget", default=None)
_RUN: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("run", default=None)


def limits_for(size: int) -> tuple[int, int]:
    """Steps and output allowed to one render over data of ``size`` items."""
    return STEPS_BASE + STEPS_PER_ITEM * size, OUTPUT_BASE + OUTPUT_PER_ITEM * size


def run_limits_for(size: int) -> tuple[int, int]:
    """Steps and output allowed to all the renders of one run (a site) together."""
    return RUN_STEPS_BASE + RUN_STEPS_PER_ITEM * size, RUN_OUTPUT_BASE + RUN_OUTPUT_PER_ITEM * size


def budgeted(size: int) -> contextvars.Token[Budget | None]:
    steps, output = limits_for(size)
    return _BUDGET.set(Budget(steps, output, steps, output, run=_RUN.get()))


@contextlib.contextmanager
def one_run(size: int) -> Iterator[None]:
    """Renders inside share one budget as well as having their own (a site's many pages)."""
    steps, output = run_limits_for(size)
    token = _RUN.set(Budget(steps, output, steps, output, scope="整个网站"))
    try:
        yield
    finally:
        _RUN.reset(token)


def release(token: contextvars.Token[Budget | None]) -> None:
    _BUDGET.reset(token)


def _step() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.step()


def emit(value: object) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.emit(len(value) if isinstance(value, str) else 1)
        budget.step()


class _CountedBuffer(list[str]):
    """A macro's, loop's or block's output buffer that counts what goes in."""

    def append(self, value: str) -> None:
        emit(value)
        super().append(value)

    def extend(self, values: Iterable[str]) -> None:
        for value in values:
            self.append(value)


def counted_iter(iterable: Any) -> Iterator[Any]:
    """A ``for`` loop's iterable, one step per item."""
    budget = _BUDGET.get()
    if budget is None:
        yield from iterable
        return
    for item in iterable:
        budget.step()
        yield item


class _Generator(CodeGenerator):
    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.counted_buffer()")


_LONG_NUMBER = re.compile(r"\d{4000,}")
_WIDTH = re.compile(r"(?:%[-+ #0]*|\{[^{}]*:[^{}]*?)(\d{7,})")
_INT_ARGUMENTS = re.compile(r"^\d+$")


def _check_value(result: Any) -> Any:
    if isinstance(result, (str, list, tuple)) and len(result) > MAX_VALUE:
        raise BudgetExceeded(f"生成的单个值过大（超过 {MAX_VALUE} 个字符或项）")
    if isinstance(result, int) and result.bit_length() > MAX_INT_BITS:
        raise BudgetExceeded("数值过大（超过约 1200 位数字）")
    return result


def _check_arguments(args: Iterable[Any]) -> None:
    for arg in args:
        if isinstance(arg, (int, float)) and not isinstance(arg, bool) and abs(arg) > MAX_ARGUMENT:
            raise BudgetExceeded(f"参数 {arg:.0f} 过大（上限 {MAX_ARGUMENT}）")
        if isinstance(arg, str) and _WIDTH.search(arg):
            raise BudgetExceeded("格式中的宽度或精度过大")


def _guarded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if _BUDGET.get() is not None:
            _step()
            _check_arguments([*args[1:], *kwargs.values()])
            if name == "format" and args and isinstance(args[-1], str):
                _check_arguments([args[-1]])
            if name == "replace" and len(args) >= 3:
                _check_replace(*args[-3:])
        return _check_value(function(*args, **kwargs))

    return guarded


def _check_replace(value: Any, old: Any, new: Any) -> None:
    text, old_text, new_text = str(value), str(old), str(new)
    count = text.count(old_text) if old_text else len(text) + 1
    if len(text) + count * max(len(new_text) - len(old_text), 0) > MAX_VALUE:
        raise BudgetExceeded(f"生成的单个值过大（超过 {MAX_VALUE} 个字符）")


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox with step counting in its hooks and checked operators."""

    code_generator_class = _Generator
    intercepted_binops = frozenset(("*", "**", "+", "%", "//", "/"))

    def __init__(
        self,
        *args: Any,
        user_folders: tuple[Path, ...] = (),
        trusted: Environment | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user_folders = user_folders
        # The plain environment over the packaged templates alone, for renders that load
        # none of the user's (templating.render; None: every render is sandboxed); which
        # those are, remembered by name.
        self.trusted = trusted
        self.loads_user: dict[str, bool] = {}
        self.data_size = 0  # set once the data is loaded (templating.scale)
        self.counted_buffer = _CountedBuffer
        self.counted_iter = counted_iter

    def has_user_template(self, name: str) -> bool:
        """Whether a user's folder has ``name`` (so that it wins over the packaged one)."""
        for loader in getattr(self.loader, "loaders", (self.loader,)):
            if not isinstance(loader, ConfinedLoader):
                continue
            try:
                loader.get_source(self, name)
            except TemplateNotFound:
                continue
            return True
        return False

    def guard_filters(self) -> None:
        """Every filter, built in or ours, counts a step and checks its arguments."""
        self.filters = {name: _guarded_filter(name, f) for name, f in self.filters.items()}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            tree = super()._parse(source, name, filename)
        except ValueError as exc:  # a literal of thousands of digits: Python refuses to read it
            if "digits" not in str(exc):
                raise
            lines = enumerate(source.splitlines(), 1)
            line = next((n for n, text in lines if _LONG_NUMBER.search(text)), 1)
            raise TemplateSyntaxError("数字的位数过多", line, name, filename) from None
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(
                nodes.EnvironmentAttribute("counted_iter"),
                [loop.iter],
                [],
                None,
                None,
                lineno=loop.lineno,
            )
        return tree

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if _BUDGET.get() is not None:
            _step()
            if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
                args = (counted_iter(args[0]), *args[1:])
            _check_arguments([a for a in (*args, *kwargs.values()) if not isinstance(a, str)])
        return _check_value(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _step()
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _step()
        _check_binop(operator, left, right)
        return _check_value(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _BUDGET.get() is not None:
            _check_arguments([value.__self__])  # "{:>999999999}".format(x)
        return wrapped


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be huge before computing it."""
    sized = (str, list, tuple)
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, sized) and isinstance(times, int) and len(seq) * times > MAX_VALUE:
                raise BudgetExceeded(f"生成的单个值过大（超过 {MAX_VALUE} 个字符或项）")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        if max(left.bit_length(), 1) * right > MAX_INT_BITS:
            raise BudgetExceeded("数值过大（超过约 1200 位数字）")
    elif operator == "+" and isinstance(left, sized) and isinstance(right, sized):
        if len(left) + len(right) > MAX_VALUE:
            raise BudgetExceeded(f"生成的单个值过大（超过 {MAX_VALUE} 个字符或项）")
    elif operator == "%" and isinstance(left, str):
        _check_arguments([left])


# ---- loading user templates ------------------------------------------------------------------


class ConfinedLoader(FileSystemLoader):
    """Templates from one user folder: regular files inside it, no symlink on the way.

    ``within``: where the folder must really lie (the data repository for the automatic
    ``templates/``; the folder itself when named on the command line).
    """

    def __init__(self, folder: Path, within: Path | None = None) -> None:
        super().__init__(str(folder))
        self.folder = folder
        self.within = within

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        path = self.folder.joinpath(*pieces)
        shown = _shown(str(path))
        if not _present(self.folder, pieces, shown):
            raise TemplateNotFound(template)
        if self.within is not None and not self.folder.resolve().is_relative_to(self.within):
            raise TemplateFailure(
                f"模板文件夹「{_shown(str(self.folder))}」是指向数据仓库之外的符号链接，为安全起见不读取其中的模板"
            )
        if not path.resolve().is_relative_to(self.folder.resolve()):
            raise TemplateFailure(f"模板「{shown}」位于模板文件夹之外，为安全起见不读取")
        try:
            raw = read_regular(path, MAX_TEMPLATE_BYTES)
        except TooLarge:
            raise TemplateFailure(
                f"模板「{shown}」过大（上限 {MAX_TEMPLATE_BYTES // 1024} KB）"
            ) from None
        except NotRegular as exc:
            raise TemplateFailure(f"模板「{shown}」{exc.strerror}，为安全起见不读取") from None
        except OSError:
            raise TemplateNotFound(template) from None
        try:
            source = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateFailure(
                f"模板「{shown}」不是 UTF-8 编码；请在编辑器中选择「UTF-8」编码另存"
            ) from None
        return source, str(path), lambda: True


def _present(folder: Path, pieces: list[str], shown: str) -> bool:
    """Whether the template exists in ``folder``; a symlink or special file on the way is refused."""
    current = folder
    for piece in pieces:
        current = current / piece
        try:
            found = os.lstat(current)
        except OSError:
            return False
        if stat.S_ISLNK(found.st_mode):
            raise TemplateFailure(
                f"模板「{shown}」经过符号链接「{_shown(str(current))}」，为安全起见不读取；请换成普通文件"
            )
    if not stat.S_ISREG(found.st_mode):
        from ..write.files import kind

        raise TemplateFailure(
            f"模板「{shown}」是{kind(found.st_mode)}，不是普通文件，为安全起见不读取"
        )
    return True


# ---- telling what went wrong -------------------------------------------------------------------


def suspended_at(generator: Any) -> tuple[str, int] | None:
    """Template file and line where a rendering generator stands (at a ``yield`` of its text)."""
    found = None
    while generator is not None and getattr(generator, "gi_frame", None) is not None:
        frame = generator.gi_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = (template.filename, template.get_corresponding_lineno(frame.f_lineno))
        generator = generator.gi_yieldfrom
    return found


def failure(
    exc: BaseException,
    env: Sandbox,
    name: str,
    top: str | None = None,
    suspended: tuple[str, int] | None = None,
) -> TemplateFailure | None:
    """The Chinese message for an exception from rendering ``name`` (its file: ``top``); None
    for a bug in the tool's own templates or code (those stay tracebacks)."""
    if isinstance(exc, TemplateFailure):
        return exc
    # Where a recursion starts is the place to show; for anything else, where it failed.
    innermost = not isinstance(exc, RecursionError)
    where, line = _template_frame(exc.__traceback__, env, innermost=innermost)
    if where is None:
        where, line = suspended or (top, 0)
    user = where is not None and _is_user(where, env)
    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or exc.name or name
        return TemplateFailure(
            f"模板「{_shown(where)}」第 {exc.lineno} 行有语法错误：{_syntax(exc.message)}"
        )
    if isinstance(exc, TemplateNotFound):
        return TemplateFailure(
            f"找不到模板「{exc.name}」（模板「{_shown(where or name)}」第 {line} 行用到它）"
        )
    if not (user or isinstance(exc, (BudgetExceeded, TemplateError))):
        return None
    place = f"模板「{_shown(where or name)}」" + (f"第 {line} 行" if line else "")
    return TemplateFailure(f"{place}无法生成：{_reason(exc)}")


def _template_frame(
    tb: TracebackType | None, env: Sandbox, *, innermost: bool
) -> tuple[str | None, int]:
    found: tuple[str | None, int] = (None, 0)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename in _template_files(env):
            found = (filename, tb.tb_lineno)
            if not innermost and _is_user(filename, env):
                return found
        tb = tb.tb_next
    return found


def _template_files(env: Sandbox) -> set[str]:
    return {
        t.filename for t in getattr(env.cache, "values", list)() if getattr(t, "filename", None)
    }


def _is_user(filename: str, env: Sandbox) -> bool:
    return any(Path(filename).is_relative_to(folder) for folder in env.user_folders)


def _shown(filename: str) -> str:
    try:
        relative = os.path.relpath(filename)
    except ValueError:
        return filename
    return filename if relative.startswith("..") else Path(relative).as_posix()


_UNDEFINED = (
    (re.compile(r"^'(.+?)' is undefined$"), "变量「{0}」没有定义"),
    (re.compile(r"^'(.+?)' has no attribute '(.+?)'$"), "「{0}」没有属性「{1}」"),
    (re.compile(r"^(.+?) has no element (.+)$"), "「{0}」中没有「{1}」这一项"),
)
_SYNTAX = (
    (
        re.compile(r"^Encountered unknown tag '(.+?)'"),
        "未知的标签「{0}」（可能少了 end 标签，或拼错了）",
    ),
    (
        re.compile(r"^Unexpected end of template"),
        "模板意外结束：有标签没有闭合（如缺少 endfor、endif）",
    ),
    (re.compile(r"^unexpected '(.+?)'$"), "此处不应出现「{0}」"),
    (re.compile(r"^expected token '(.+?)', got '(.+?)'$"), "此处应为「{0}」，却是「{1}」"),
    (re.compile(r"^unexpected char '(.+?)'"), "此处不应出现字符「{0}」"),
    (re.compile(r"^no filter named '(.+?)'$"), "没有名为「{0}」的过滤器"),
    (re.compile(r"^No filter named '(.+?)'"), "没有名为「{0}」的过滤器"),
    (re.compile(r"^no test named '(.+?)'$"), "没有名为「{0}」的测试"),
)


def _syntax(message: str | None) -> str:
    text = (message or "").strip()
    if text and not text.isascii():  # already ours, in Chinese
        return text
    for pattern, chinese in _SYNTAX:
        match = pattern.match(text)
        if match:
            return chinese.format(*match.groups())
    return f"请对照 Jinja2 语法检查此行（「{text}」）"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (BudgetExceeded, TemplateFailure)):
        return str(exc)
    if isinstance(exc, UndefinedError):
        for pattern, chinese in _UNDEFINED:
            match = pattern.match(exc.message or "")
            if match:
                return chinese.format(*match.groups())
        return "用到了没有定义的值"
    if isinstance(exc, SecurityError):
        return "模板在沙箱中运行，不能访问内部属性或调用这个函数"
    if isinstance(exc, ZeroDivisionError):
        return "除数为零"
    if isinstance(exc, OverflowError):
        if "MAX_RANGE" in str(exc):
            return "range() 的范围过大（沙箱上限 100000）"
        return "数值过大或范围过大"
    if isinstance(exc, RecursionError):
        return "递归过深：宏、include 或 extends 相互调用，没有终点"
    if isinstance(exc, MemoryError):
        return "占用的内存过多"
    if isinstance(exc, ValueError) and "digits" in str(exc):
        return "数字的位数过多"
    if isinstance(exc, TypeError):
        return "类型不符（例如文字和数字相加、调用了不能调用的值、参数个数不对）"
    if isinstance(exc, (KeyError, IndexError)):
        return "取不到这个键或下标"
    if isinstance(exc, ValueError):
        return "取值无效（例如把文字转换成数字失败）"
    if isinstance(exc, TemplateError):
        return "模板出错（请检查此行）"
    return f"运行出错（{type(exc).__name__}）"
