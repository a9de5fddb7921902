"""Strict, fast YAML reading: plain dicts, lists and strings built from libyaml's event
stream, with the position of every node kept for messages.

Scalars stay strings (``None`` for an empty plain value or ``~``/``null``); the model
field that owns a value converts it, so YAML 1.1 surprises (``yes``, ``012``, ``1:30``,
``2022-05``, ``1.5e8``) never happen behind the user's back. Anchors, aliases, merge keys,
tags, multiple documents and duplicate keys are refused: data files need none of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem, error
from ..write.files import NotRegular, TooLarge, read_regular, reason
from .document import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, Document, ItemMarks, KeyMarks

try:  # libyaml's C parser; the pure-Python one is a slow but correct fallback
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# YAML's printable set (spec 5.1): tab, line breaks, and everything visible.
_NON_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?:[ \t].*)?$", re.MULTILINE)

_ScalarEvent = yaml.ScalarEvent
_MappingStart = yaml.MappingStartEvent
_MappingEnd = yaml.MappingEndEvent
_SequenceStart = yaml.SequenceStartEvent
_SequenceEnd = yaml.SequenceEndEvent


class _Refused(Exception):
    def __init__(self, line: int, col: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.code, self.message = line, col, code, message


def read_file(path: Path, display: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one YAML file; on any problem return ``None`` and the problems."""
    name = display or str(path)
    raw, problem = read_raw(path, name)
    if raw is None:
        return None, [problem] if problem is not None else []
    return parse_file(raw, path, name)


def parse_file(raw: bytes, path: Path, name: str) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes read from ``path``; positions are found from the file again if needed."""
    doc, problems = parse_bytes(raw, name)
    if doc is not None:
        doc.source = path  # read again only if a position is ever needed
    return doc, problems


def read_raw(path: Path, name: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of one data file (a regular file, opened without blocking, at most
    ``MAX_FILE_BYTES``), or the problem that kept it from being read."""
    try:
        return read_regular(path, MAX_FILE_BYTES), None
    except TooLarge as exc:
        mib = MAX_FILE_BYTES // (1024 * 1024)
        return None, error(
            name, 1, 1, "too-large", f"文件过大（{exc.size / 1048576:.1f} MB），上限 {mib} MB"
        )
    except FileNotFoundError:
        return None, vanished(name)
    except NotRegular as exc:
        return None, error(name, 1, 1, "unreadable", f"无法读取文件：{exc.strerror}")
    except OSError as exc:
        return None, error(name, 1, 1, "unreadable", f"无法读取文件：{reason(exc, reading=True)}")


def vanished(name: str) -> Problem:
    """A file listed a moment ago that was gone when read (a checkout, a save by rename)."""
    return error(
        name,
        1,
        1,
        "vanished",
        "读取时文件已不存在（可能正在切换分支、同步或保存）；本次未读取它，请稍后重新运行",
    )


def parse_bytes(raw: bytes, name: str) -> tuple[Document | None, list[Problem]]:
    text, problem = decode(raw, name)
    if problem is not None:
        return None, [problem]
    assert text is not None
    return parse_text(text, name)


def decode(raw: bytes, name: str) -> tuple[str | None, Problem | None]:
    """UTF-8 with or without BOM; anything else is refused with a hint."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, error(
            name, 1, 1, "encoding", "文件不是 UTF-8 编码（看起来是 UTF-16）；请用 UTF-8 编码另存"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _position_of_byte(raw, exc.start)
        hint = _guess_encoding(raw)
        return None, error(
            name,
            line,
            col,
            "encoding",
            f"文件不是 UTF-8 编码{hint}；请在编辑器中选择「UTF-8」编码另存后再提交",
        )
    return text, None


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, col


def _guess_encoding(raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        return "（含有 NUL 字节，可能是二进制文件或 UTF-16）"
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "（看起来是 GBK/GB18030 编码）"


def parse_text(text: str, name: str) -> tuple[Document | None, list[Problem]]:
    pre = _precheck(text, name)
    if pre is not None:
        return None, [pre]
    try:
        try:
            doc = _build(text, name, with_marks=False)
        except _Refused as exc:
            if exc.code == "duplicate-key":  # the first occurrence's line needs the marks
                _build(text, name, with_marks=True)  # raises again, now with that line
            raise
        doc.source = text
        doc.lines = text.count("\n") + (not text.endswith("\n"))
        return doc, []
    except _Refused as exc:
        return None, [error(name, exc.line + 1, exc.col + 1, exc.code, exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, name)]
    except yaml.YAMLError:  # reader errors carry no mark; _precheck catches those
        message = "YAML 语法错误：文件中有无法识别的内容；请检查编码、引号和缩进"
        return None, [error(name, 1, 1, "yaml-syntax", message)]


def _precheck(text: str, name: str) -> Problem | None:
    conflict = _CONFLICT.search(text)
    if conflict is not None:
        line = text.count("\n", 0, conflict.start()) + 1
        return error(
            name,
            line,
            1,
            "merge-conflict",
            "文件中有未解决的 Git 合并冲突标记（<<<<<<< / ======= / >>>>>>>）；请保留正确的内容、删除标记行后再提交",
        )
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return error(
            name,
            line,
            col,
            "control-char",
            f"含有不可见的控制字符 U+{ord(bad.group()):04X}（常见于从 Word 或网页复制的文字）；请删除后重新输入",
        )
    return None


def _build(text: str, name: str, *, with_marks: bool) -> Document:
    parser = _Parser(text)
    try:
        return _build_events(parser, name, with_marks)
    finally:
        parser.dispose()


def _build_events(parser: Any, name: str, with_marks: bool) -> Document:
    """One pass over the events: the tight loop of the whole tool, kept flat for speed."""
    get = parser.get_event
    get()  # StreamStart
    event = get()
    if type(event) is yaml.StreamEndEvent:
        raise _Refused(0, 0, "empty-file", "文件为空")
    marks: dict[int, KeyMarks | ItemMarks] | None = {} if with_marks else None
    # Each frame: [container, child marks, pending key or None, key line, key col]
    stack: list[list[Any]] = []
    root: Any = None
    top: KeyMarks | None = None
    start = (0, 0)
    nodes = 0
    while True:
        event = get()
        cls = type(event)
        if cls is _ScalarEvent:
            nodes += 1
            if event.anchor is not None or event.tag is not None or nodes > MAX_NODES:
                _refuse_event(event, nodes)
            node: Any = event.value
            if not event.style and node in _NULLS:
                node = None
            is_container = False
        elif cls is _MappingStart or cls is _SequenceStart:
            nodes += 1
            if event.anchor is not None or event.tag is not None or nodes > MAX_NODES:
                _refuse_event(event, nodes)
            if len(stack) >= MAX_DEPTH:
                mark = event.start_mark
                raise _Refused(mark.line, mark.column, "too-deep", f"嵌套层数超过上限 {MAX_DEPTH}")
            node = {} if cls is _MappingStart else []
            is_container = True
        elif cls is _MappingEnd or cls is _SequenceEnd:
            stack.pop()
            continue
        elif cls is yaml.AliasEvent:
            mark = event.start_mark
            raise _Refused(
                mark.line,
                mark.column,
                "alias",
                f"不支持别名（*{event.anchor}）：数据文件中请直接写出完整的值",
            )
        else:  # DocumentEnd
            _expect_end(get)
            return Document(name, root, None, marks, start, nodes, top=top)

        if not stack:
            root = node
            if with_marks:
                start = (event.start_mark.line, event.start_mark.column)
        else:
            frame = stack[-1]
            parent = frame[0]
            if type(parent) is list:
                parent.append(node)
                if frame[1] is not None:
                    frame[1].append((event.start_mark.line, event.start_mark.column))
            elif frame[2] is None:
                if is_container or node is None or node == "<<" or node in parent:
                    _refuse_key(frame, node, is_container, event.start_mark)
                frame[2] = node
                if frame[1] is not None:
                    frame[3], frame[4] = event.start_mark.line, event.start_mark.column
                continue
            else:
                key = frame[2]
                parent[key] = node
                if frame[1] is not None:
                    mark = event.start_mark
                    frame[1][key] = (frame[3], frame[4], mark.line, mark.column)
                frame[2] = None
        if is_container:
            child: KeyMarks | ItemMarks | None = None
            if marks is not None:
                child = {} if type(node) is dict else []
                marks[id(node)] = child
            elif not stack and type(node) is dict:
                child = {}  # the root mapping's keys: marked always (Document.top)
            if not stack and type(child) is dict:
                top = child
            stack.append([node, child, None, 0, 0])


def _refuse_key(frame: list[Any], node: Any, is_container: bool, mark: Any) -> None:
    if is_container:
        raise _Refused(
            mark.line, mark.column, "complex-key", "键必须是简单的文字，不能是列表或映射"
        )
    if node is None:
        raise _Refused(mark.line, mark.column, "empty-key", "键不能为空")
    if node == "<<":
        raise _Refused(
            mark.line, mark.column, "merge-key", "不支持合并键（<<）：请直接写出每个字段"
        )
    first = frame[1][node] if frame[1] is not None else (0, 0)
    raise _Refused(
        mark.line,
        mark.column,
        "duplicate-key",
        f"键「{node}」重复（第一次出现在第 {first[0] + 1} 行）；请删除或合并重复的一项",
    )


def _refuse_event(event: Any, nodes: int) -> None:
    """An anchor, a tag, or one value too many: refused at that event."""
    if nodes > MAX_NODES:
        _refuse_size(event)
    _refuse_decoration(event)


def _refuse_size(event: Any) -> None:
    mark = event.start_mark
    raise _Refused(
        mark.line,
        mark.column,
        "too-many-values",
        f"文件中的值过多（超过 {MAX_NODES} 个）：请检查是否误粘贴了大量内容；登记表过大时请精简",
    )


def _refuse_decoration(event: Any) -> None:
    mark = event.start_mark
    if event.anchor is not None:
        raise _Refused(
            mark.line,
            mark.column,
            "anchor",
            f"不支持锚点（&{event.anchor}）：数据文件中请直接写出完整的值",
        )
    tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
    raise _Refused(
        mark.line, mark.column, "tag", f"不支持标签（{tag}）：如需把值当作文字，请给它加上引号"
    )


def _expect_end(get: Any) -> None:
    event = get()
    if type(event) is not yaml.StreamEndEvent:
        mark = event.start_mark
        raise _Refused(
            mark.line,
            mark.column,
            "multi-document",
            "一个文件只能有一个文档：请删除多余的「---」分隔线及其后的内容",
        )


_PERCENT_HINT = "行首的「%」在 YAML 中有特殊含义：如果是文字，请给整个值加引号"
_BANG_HINT = "值以「!」开头时在 YAML 中有特殊含义：请给整个值加引号"
# libyaml's problem text -> (code, what to tell the clerk); the first match wins.
_SYNTAX_HINTS: tuple[tuple[str, str, str], ...] = (
    (
        "found character that cannot start any token",
        "yaml-syntax",
        "此处有 YAML 不接受的字符（常见原因：用了 Tab 缩进，或值以 @、` 开头）；请改用空格缩进，或给值加引号",
    ),
    (
        "mapping values are not allowed",
        "yaml-syntax",
        "此处不能出现「键: 值」：可能是缩进不对，或值里有未加引号的冒号（请给整个值加引号）",
    ),
    (
        "could not find expected ':'",
        "yaml-syntax",
        "此行缺少冒号「:」：键后面要写半角冒号和一个空格；如果这是上一项文字的续行，请把它缩进",
    ),
    ("did not find expected key", "yaml-syntax", "缩进不一致：同一层的键必须左对齐"),
    # libyaml's own bound on flow nesting ([[[[…), met before ours when it scans ahead.
    ("exceeded maximum nesting depth", "too-deep", f"嵌套层数超过上限 {MAX_DEPTH}"),
    (
        "did not find expected '-' indicator",
        "yaml-syntax",
        "缩进不一致：此行与上面的键或列表项都对不齐；同一层的键、同一列表的各项「-」必须左对齐",
    ),
    (
        "found unexpected end of stream",
        "yaml-syntax",
        "从此处开始的引号或括号直到文件末尾都没有闭合",
    ),
    ("did not find expected ',' or ']'", "yaml-syntax", "方括号列表没有闭合，或项之间缺少逗号"),
    ("did not find expected ',' or '}'", "yaml-syntax", "花括号映射没有闭合，或项之间缺少逗号"),
    ("found undefined tag handle", "tag", "不支持标签：如需把值当作文字，请给它加上引号"),
    (
        "found unknown escape character",
        "yaml-syntax",
        "双引号中的反斜杠转义无效：请改用单引号，或把 \\ 写成 \\\\",
    ),
    (
        "found invalid Unicode character escape code",
        "yaml-syntax",
        "双引号中的 \\u 或 \\U 转义不是有效的字符编码：请改用单引号，或直接写出这个字符",
    ),
    (
        "did not find expected hexdecimal number",
        "yaml-syntax",
        "双引号中 \\x、\\u 或 \\U 后面的十六进制数位数不够：请改用单引号，或把 \\ 写成 \\\\",
    ),
    (
        "found an indentation indicator equal to 0",
        "yaml-syntax",
        "「|」或「>」后面的缩进数字不能是 0：请删去这个数字",
    ),
    (
        "found unexpected document indicator",
        "yaml-syntax",
        "引号里的文字中有单独成行的「---」或「...」：请改用「|」多行文字，或换个写法",
    ),
    (
        "found incompatible YAML document",
        "yaml-syntax",
        "文件开头的 %YAML 版本声明不受支持：请删除这一行",
    ),
    (
        "did not find expected node content",
        "yaml-syntax",
        "此处缺少值：可能是方括号或花括号没有闭合，或「-」「,」后面什么也没写",
    ),
    (
        "did not find expected comment or line break",
        "yaml-syntax",
        "此处多出了内容：「|」或「>」（多行文字）后面应直接换行，文字从下一行缩进写起",
    ),
    (
        "did not find expected <document start>",
        "yaml-syntax",
        "此处多出了内容：可能是引号或括号提前结束了，或缩进不对",
    ),
    ("directive", "yaml-syntax", _PERCENT_HINT),
    ("non-alphabetical character", "yaml-syntax", _PERCENT_HINT),
    (
        "alphabetic or numeric character",
        "yaml-syntax",
        "值以「&」「*」或「!」开头时在 YAML 中有特殊含义：请给整个值加引号",
    ),
    ("did not find expected whitespace or line break", "yaml-syntax", _BANG_HINT),
    ("URI", "yaml-syntax", _BANG_HINT),
    ("expected '>'", "yaml-syntax", _BANG_HINT),
    (
        "found unexpected ':'",
        "yaml-syntax",
        "方括号或花括号里的冒号后面要有空格；如果冒号是文字的一部分，请给整个值加引号",
    ),
    (
        "mapping keys are not allowed",
        "yaml-syntax",
        "此处不能出现「? 」：如果是文字，请给整个值加引号",
    ),
    (
        "block sequence entries are not allowed",
        "yaml-syntax",
        "此处不能开始「- 」列表项：列表要另起一行并缩进；如果「-」是文字，请给整个值加引号",
    ),
)


# Where libyaml gives up is not where the mistake is for these: the context mark is the
# opening quote or bracket, or the start of the key that lacks its colon.
_AT_CONTEXT = (
    "found unexpected end of stream",
    "could not find expected ':'",
    "did not find expected ',' or",
)


# Text right after a closing quote (name: "滨河"公园) shows up as one of these.
_AFTER_QUOTE_PROBLEMS = (
    "did not find expected key",
    "did not find expected '-' indicator",
    "did not find expected <document start>",
)
_AFTER_QUOTE = (
    '引号只能包住整个值，引号后面不能再接文字：如 "滨河"公园 应写成 "滨河公园" 或不加引号'
)


def _follows_quote(lines: list[str], line: int, col: int) -> bool:
    before = lines[line][:col].rstrip() if 0 <= line < len(lines) else ""
    return before.endswith(('"', "'"))


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    problem = exc.problem or ""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and problem.startswith(_AT_CONTEXT):
        mark = exc.context_mark
    line, col = (mark.line, mark.column) if mark is not None else (0, 0)
    code, message = "yaml-syntax", "YAML 语法错误：此处的写法无法识别；请检查引号、括号、冒号和缩进"
    for needle, hint_code, hint in _SYNTAX_HINTS:
        if needle in problem:
            code, message = hint_code, hint
            break
    lines = text.splitlines()
    if lines and line >= len(lines):  # libyaml's end of stream is past the last line
        line, col = len(lines) - 1, len(lines[-1])
    if problem in _AFTER_QUOTE_PROBLEMS and _follows_quote(lines, line, col):
        message = _AFTER_QUOTE
    if 0 <= line < len(lines) and "\t" in lines[line][: col + 1]:
        code, message = "tab", "此行用了制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"
    hint = fullwidth_hint(" ".join(lines[max(0, line - 2) : line + 1]))
    return error(name, line + 1, col + 1, code, message + hint)


def fullwidth_hint(text: str) -> str:
    """A hint naming the input-method mistakes a Chinese keyboard makes in YAML."""
    if "：" in text:
        return "。提示：此处附近有全角冒号「：」，YAML 的键后面要用半角冒号「:」加一个空格"
    if "\u3000" in text:
        return "。提示：此处附近有全角空格，YAML 的缩进和冒号后面要用半角空格"
    return ""


def reparse_with_marks(doc: Document) -> bool:
    """Parse ``doc``'s source again, this time keeping every node's position."""
    text = doc.source
    if isinstance(text, Path):
        try:
            text = decode(read_regular(text, MAX_FILE_BYTES), doc.path)[0]
        except OSError:
            text = None
    if text is None:
        return False
    try:
        again = _build(text, doc.path, with_marks=True)
    except yaml.YAMLError:  # the file changed since it was read
        return False
    doc.data, doc.marks, doc.start = again.data, again.marks, again.start
    doc.nodes = again.nodes
    return True
