"""The strict loader (yamlread) and the output formats of ``minsheng check``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minsheng.load.document import Document
from minsheng.load.validate import validate
from minsheng.load.yamlread import parse_bytes, parse_text
from minsheng.models import ProgressReport, Registry
from tests.conftest import DATA

BASE = Path(__file__).resolve().parent / "cases" / "base"
AS_OF = ("--as-of", "2022-12-31")


def load_ok(text: str) -> Document:
    doc, problems = parse_text(text, "t.yaml")
    assert problems == []
    assert doc is not None
    return doc


def only_problem(raw: str | bytes) -> tuple[int, int, str, str]:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    doc, problems = parse_bytes(data, "t.yaml")
    assert doc is None
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.path == "t.yaml" and p.is_error
    return p.line, p.column, p.code, p.message


# ---- scalars stay strings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("yes", "yes"),
        ("No", "No"),
        ("on", "on"),
        ("true", "true"),
        ("012", "012"),
        ("0x1F", "0x1F"),
        ("1:30", "1:30"),
        ("2022-05", "2022-05"),
        ("2022-05-31", "2022-05-31"),
        ("1.5e8", "1.5e8"),
        (".inf", ".inf"),
        ("8000", "8000"),
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        ("'~'", "~"),
        ('""', ""),
        ("'null'", "null"),
        ("17783221690", "17783221690"),
        ("城府办发〔2022〕43号", "城府办发〔2022〕43号"),
    ],
)
def test_scalars_stay_strings(written: str, read: str | None):
    assert load_ok(f"key: {written}\n").data == {"key": read}


def test_structure_is_plain_dicts_and_lists():
    doc = load_ok("a:\n  - 1\n  - {b: [2, 3]}\n  -\n  - - 4\n")
    assert doc.data == {"a": ["1", {"b": ["2", "3"]}, None, ["4"]]}
    assert type(doc.data) is dict and type(doc.data["a"]) is list


def test_block_scalars_keep_their_lines():
    doc = load_ok("text: |-\n  1.第一项\n  2.第二项\nfolded: >-\n  甲\n  乙\n")
    assert doc.data == {"text": "1.第一项\n2.第二项", "folded": "甲 乙"}


# ---- positions are 1-based, in characters ------------------------------------------------


NESTED = """\
plan:
  year: 2022
projects:
  - id: 1
    units: [县教委, 县住房城乡建委]
    indicators:
      - id: 1-1
        items:
          - {name: 甲, target: 完成}
          -   name: 乙
              target: 启动
"""


@pytest.mark.parametrize(
    ("loc", "key", "where"),
    [
        ((), False, (1, 1)),
        (("plan",), False, (2, 3)),
        (("plan",), True, (1, 1)),
        (("plan", "year"), False, (2, 9)),
        (("plan", "year"), True, (2, 3)),
        (("projects", 0), False, (4, 5)),
        (("projects", 0, "id"), False, (4, 9)),
        (("projects", 0, "units", 0), False, (5, 13)),
        (("projects", 0, "units", 1), False, (5, 18)),
        (("projects", 0, "indicators", 0, "items", 0), False, (9, 13)),
        (("projects", 0, "indicators", 0, "items", 0, "target"), False, (9, 31)),
        (("projects", 0, "indicators", 0, "items", 0, "target"), True, (9, 23)),
        (("projects", 0, "indicators", 0, "items", 1), False, (10, 15)),
        (("projects", 0, "indicators", 0, "items", 1, "target"), False, (11, 23)),
        (("projects", 0, "indicators", 0, "items", 1, "target"), True, (11, 15)),
    ],
)
def test_locate(loc, key, where):
    assert load_ok(NESTED).locate(loc, key=key) == where


def test_locate_skips_what_is_not_there():
    doc = load_ok(NESTED)
    # pydantic puts union tags and missing fields into its locations
    assert doc.locate(("projects", 0, "indicators", 0, "checklist", "items", 1)) == (10, 15)
    assert doc.locate(("projects", 0, "missing")) == (4, 5)
    assert doc.locate(("projects", 7, "id")) == (4, 3)
    assert doc.locate(("plan", "year", "deeper")) == (2, 9)


def test_positions_with_bom_and_crlf():
    raw = "\ufeffa: 1\r\nb:\r\n  c: 城口\r\n".encode()
    doc, problems = parse_bytes(raw, "t.yaml")
    assert problems == [] and doc is not None
    assert doc.data == {"a": "1", "b": {"c": "城口"}}
    assert doc.locate(("a",), key=True) == (1, 1)
    assert doc.locate(("b", "c")) == (3, 6)


def test_root_scalar_document():
    doc = load_ok("  just text\n")
    assert doc.data == "just text"
    assert doc.locate(()) == (1, 3)


# ---- refusals and syntax errors -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "code"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate-key"),
        ("a:\n  x: 1\n  x: 2\n", 3, 3, "duplicate-key"),
        ("- {a: 1, a: 2}\n", 1, 10, "duplicate-key"),
        ("a: &x 1\n", 1, 4, "anchor"),
        ("a: &x\n  b: 1\n", 1, 4, "anchor"),
        ("- &x [1]\n", 1, 3, "anchor"),
        ("a: *x\n", 1, 4, "alias"),
        ("a: !!int 1\n", 1, 4, "tag"),
        ("a: !!map {}\n", 1, 4, "tag"),
        ("a: !foo x\n", 1, 4, "tag"),
        ("a: !<tag:example.com,2000:x> x\n", 1, 4, "tag"),
        ("<<: {a: 1}\n", 1, 1, "merge-key"),
        ("? [a, b]\n: 1\n", 1, 3, "complex-key"),
        ("? {a: 1}\n: 1\n", 1, 3, "complex-key"),
        ("a:\n  ? \n  : 1\n", 2, 4, "empty-key"),
        ("a: 1\n---\nb: 2\n", 2, 1, "multi-document"),
        ("a: 1\n...\n---\nb: 2\n", 3, 1, "multi-document"),
        ("", 1, 1, "empty-file"),
        ("# 只有注释\n", 1, 1, "empty-file"),
        ("a:\n\tb: 1\n", 2, 1, "tab"),
        ("a: 'x\n", 1, 4, "yaml-syntax"),
        ("a: [1, 2\nb: 3\n", 1, 4, "yaml-syntax"),
        ("a: {b: 1\nc: 2\n", 1, 4, "yaml-syntax"),
        ("a: 1\nb\nc: 2\n", 2, 1, "yaml-syntax"),
        ("a: b: c\n", 1, 5, "yaml-syntax"),
        ("a:\n    b: 1\n  c: 2\n", 3, 3, "yaml-syntax"),
        ('a: "\\q"\n', 1, 5, "yaml-syntax"),
        ("a: 1\n<<<<<<< HEAD\n", 2, 1, "merge-conflict"),
        ("a: 1\n=======\n", 2, 1, "merge-conflict"),
        ("a: 1\n>>>>>>> main\n", 2, 1, "merge-conflict"),
        ("a: x\x1by\n", 1, 5, "control-char"),
        ("a: 1\nb: \x00\n", 2, 4, "control-char"),
        ("a: 城\ufffe口\n", 1, 5, "control-char"),
    ],
)
def test_refused(text: str, line: int, col: int, code: str):
    assert only_problem(text)[:3] == (line, col, code)


@pytest.mark.parametrize(
    ("text", "line", "col", "start"),
    [
        ('name: "滨河"公园\n', 1, 11, "引号只能包住整个值，引号后面不能再接文字"),
        ("- '滨河'公园\n", 1, 7, "引号只能包住整个值，引号后面不能再接文字"),
        ('a:\n  b: "x" y\n', 2, 10, "引号只能包住整个值，引号后面不能再接文字"),
        ("a: 'x\nb: 1\n", 1, 4, "从此处开始的引号或括号直到文件末尾都没有闭合"),
        ("a: [1, 2\nb: 3\n", 1, 4, "方括号列表没有闭合"),
        ("a: [\n", 1, 5, "此处缺少值"),
        ("a: @x\n", 1, 4, "此处有 YAML 不接受的字符"),
        ("a: *重要*\n", 1, 5, "值以「&」「*」或「!」开头时在 YAML 中有特殊含义"),
        ("a: 1\n%x\n", 2, 3, "行首的「%」在 YAML 中有特殊含义"),
        ("a: |x\n  b\n", 1, 5, "此处多出了内容：「|」或「>」"),
        ("a: 1\n b: 2\n", 2, 3, "此处不能出现「键: 值」"),
        ("a:\n    b: 1\n  c: 2\n", 3, 3, "缩进不一致：同一层的键必须左对齐"),
        ("- a\n- b\nc: 1\n", 3, 1, "缩进不一致：此行与上面的键或列表项都对不齐"),
        ("a:\n  - 1\n - 2\n", 3, 2, "缩进不一致：同一层的键必须左对齐"),
        ("a:\n\tb: 1\n", 2, 1, "此行用了制表符（Tab）"),
    ],
)
def test_syntax_errors_say_where_and_what_to_fix(text: str, line: int, col: int, start: str):
    got_line, got_col, _, message = only_problem(text)
    assert (got_line, got_col) == (line, col)
    assert message.startswith(start), message


def test_duplicate_key_names_the_first():
    message = only_problem("a: 1\nb: 2\na: 3\n")[3]
    assert message == "键「a」重复（第一次出现在第 1 行）；请删除或合并重复的一项"


def test_alias_bomb_is_refused_at_its_first_anchor():
    bomb = 'a: &a ["lol", "lol"]\n' + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    assert only_problem(bomb)[:3] == (1, 4, "anchor")


def test_seven_equals_inside_text_is_not_a_conflict_marker():
    assert load_ok("a: =======\nb: x <<<<<<< y\n").data == {"a": "=======", "b": "x <<<<<<< y"}


@pytest.mark.parametrize(
    ("text", "line", "col", "hint"),
    [
        ("unit: 县教委\nreporter：李四\nmonth: 2022-05\n", 2, 1, "全角冒号「：」"),
        ("projects:\n  - id: 1\n    progress：好\n    x: 1\n", 3, 5, "全角冒号「：」"),
        ("unit: 县教委\nreporter:\u3000李四\nmonth: 2022-05\n", 2, 1, "全角空格"),
        ("a: 1\nb\nc: 2\n", 2, 1, None),
    ],
)
def test_input_method_mistakes_get_a_hint(text: str, line: int, col: int, hint: str | None):
    got_line, got_col, code, message = only_problem(text)
    assert (got_line, got_col, code) == (line, col, "yaml-syntax")
    assert message.startswith("此行缺少冒号「:」")
    if hint is None:
        assert "提示" not in message
    else:
        assert f"提示：此处附近有{hint}" in message


def test_fullwidth_colon_in_a_key_that_parses_gets_the_hint_from_the_model():
    doc = load_ok("unit：县教委\n")
    _, problems = validate(doc, ProgressReport)
    assert problems[0].message.startswith("此处应为「键: 值」形式的映射，而不是「unit：县教委」")
    assert "全角冒号" in problems[0].message


REPORT_HEAD = "unit: 县教委\nmonth: 2022-05\nsubmitted: 2022-05-28\nreporter: 李四\n"


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        (
            REPORT_HEAD + "valu: 1\n",
            5,
            1,
            "未知字段「valu」；可用的字段有：closure、duban、month、phone、projects、reporter、sample、submitted、unit",
        ),
        (
            REPORT_HEAD
            + "projects:\n  - id: 1\n    indicators:\n      - id: 1-1\n        valu: 1\n",
            9,
            9,
            "未知字段「valu」，是否想写「value」？",
        ),
        (
            REPORT_HEAD + "projects:\n  - id: 1\n    progres: 好\n",
            7,
            5,
            "未知字段「progres」，是否想写「progress」？",
        ),
    ],
)
def test_unknown_key_names_the_keys_allowed_there(text: str, line: int, col: int, message: str):
    _, problems = validate(load_ok(text), ProgressReport)
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [
        (line, col, "unknown-key", message)
    ]


def test_unknown_key_inside_an_indicator_kind():
    text = "projects:\n  - indicators:\n      - kind: quantity\n        unti: 个\n"
    _, problems = validate(load_ok(text), Registry)
    unknown = [p for p in problems if p.code == "unknown-key"]
    assert [(p.line, p.column, p.message) for p in unknown] == [
        (4, 9, "未知字段「unti」，是否想写「unit」？")
    ]


@pytest.mark.parametrize(
    ("raw", "col", "what"),
    [
        ("unit: 县教委\n".encode("gbk"), 7, "（看起来是 GBK/GB18030 编码）"),
        ("unit: 县教委\n".encode("utf-16"), 1, "（看起来是 UTF-16）"),
        ("unit: 县教委\n".encode("utf-16-be"), 14, "（含有 NUL 字节，可能是二进制文件或 UTF-16）"),
        (b"\x00\x01\x02\xff\xfe", 4, "（含有 NUL 字节"),
    ],
)
def test_not_utf8(raw: bytes, col: int, what: str):
    line, got_col, code, message = only_problem(raw)
    assert (line, got_col, code) == (1, col, "encoding")
    assert message.startswith("文件不是 UTF-8 编码")
    assert what in message


def test_non_utf8_position_is_in_characters():
    raw = "a: 城口\nb: 县".encode() + "教委\n".encode("gbk")
    assert only_problem(raw)[:3] == (2, 5, "encoding")


def test_valid_utf8_with_nul_is_a_control_character():
    assert only_problem(b"a: 1\x00\n")[:3] == (1, 5, "control-char")


# ---- never a crash --------------------------------------------------------------------------


_YAMLISH = st.text(
    alphabet=st.sampled_from(
        [*"ab:- \n\t{}[],#&*!|>'\"%@`?<=~.0123456789", "：", "\u3000", "县", "\ufeff"]
    ),
    max_size=80,
)


def _consistent(result: tuple[Document | None, list], text_lines: int | None = None) -> None:
    doc, problems = result
    assert (doc is None) == bool(problems)
    for p in problems:
        assert p.line >= 1 and p.column >= 1 and p.code and p.message
        if text_lines is not None:
            assert p.line <= text_lines + 1


_FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(raw: bytes):
    _consistent(parse_bytes(raw, "t.yaml"))


@_FAST
@given(st.text(max_size=120))
def test_random_text_never_raises(text: str):
    _consistent(parse_bytes(text.encode("utf-8", "surrogatepass"), "t.yaml"))


@_FAST
@given(_YAMLISH)
def test_yaml_like_text_never_raises_and_validates_cleanly(text: str):
    result = parse_text(text, "t.yaml")
    _consistent(result, text.count("\n") + text.count("\r"))
    doc = result[0]
    if doc is not None:
        for model in (ProgressReport, Registry):
            obj, problems = validate(doc, model)
            assert (obj is None) == bool(problems)
            assert all(p.line >= 1 and p.column >= 1 for p in problems)


# ---- output formats and --strict -------------------------------------------------------------


@pytest.fixture
def case(tmp_path, monkeypatch) -> Path:
    """A copy of the minimal valid data folder as ./data, with the copy as working folder."""
    shutil.copytree(BASE / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def _regress(data: Path) -> None:
    path = data / "progress/2022-06/县住房城乡建委.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 70", "value: 40"), "utf-8")


def test_json_format_ok(cli, case):
    result = cli("check", "--data", "data", "--format", "json", *AS_OF)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"ok": True, "problems": []}


def test_json_format_problems(cli, case):
    _regress(case)
    (case / "progress" / "notes.txt").write_text("x", encoding="utf-8")
    result = cli("check", "--data", "data", "--format", "json", *AS_OF)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert list(payload) == ["ok", "problems"]
    assert payload["ok"] is False
    keys = ["path", "line", "column", "severity", "code", "message"]
    assert [list(p) for p in payload["problems"]] == [keys, keys]
    error, misplaced = payload["problems"]
    assert error == {
        "path": "data/progress/2022-06/县住房城乡建委.yaml",
        "line": 12,
        "column": 16,
        "severity": "error",
        "code": "regression",
        "message": "累计完成数「40公里」低于 2022-05 报送的「50公里」；如确需更正，请在本指标下填写 correction（更正说明）",
    }
    assert (misplaced["path"], misplaced["line"], misplaced["column"]) == (
        "data/progress/notes.txt",
        1,
        1,
    )
    assert (misplaced["severity"], misplaced["code"]) == ("error", "misplaced-file")


def _late(case: Path) -> None:
    """A warning: the May report of 县教委 submitted three days after its due date."""
    report = case / "progress" / "2022-05" / "县教委.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(re.sub(r"submitted: \S+", "submitted: 2022-06-03", text), encoding="utf-8")


def test_json_ok_is_false_for_warnings_only_under_strict(cli, case):
    _late(case)
    loose = json.loads(cli("check", "--data", "data", "--format", "json", *AS_OF).stdout)
    strict = json.loads(
        cli("check", "--data", "data", "--format", "json", "--strict", *AS_OF).stdout
    )
    assert loose["ok"] is True and strict["ok"] is False
    assert loose["problems"] == strict["problems"] != []


def test_github_format(cli, case):
    _regress(case)
    result = cli("check", "--data", "data", "--format", "github", *AS_OF)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=data/progress/2022-06/县住房城乡建委.yaml,line=12,col=16,"
        "title=minsheng regression::累计完成数「40公里」低于 2022-05 报送的「50公里」；"
        "如确需更正，请在本指标下填写 correction（更正说明）",
        "检查未通过：5 个文件，1 个错误，0 个警告。",
    ]


def test_github_format_escapes_percent_newline_comma_and_colon(cli, case):
    report = case / "progress/2022-05/县教委.yaml"
    report.write_text(report.read_text(encoding="utf-8") + '"a%b\\nc": 1\n', encoding="utf-8")
    (case / "progress" / "a,b:c%.txt").write_text("x", encoding="utf-8")
    result = cli("check", "--data", "data", "--format", "github", *AS_OF)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3, result.stdout
    assert lines[0].startswith(
        "::error file=data/progress/2022-05/县教委.yaml,line=19,col=1,"
        "title=minsheng unknown-key::未知字段「a%25b%0Ac」"
    )
    assert lines[1] == (
        "::error file=data/progress/a%2Cb%3Ac%25.txt,line=1,col=1,"
        "title=minsheng misplaced-file::进展报告应放在以月份命名的文件夹中，此文件不会被读取；"
        "如果是进展报告，应放在 progress/YYYY-MM/a,b:c%25.yaml；其他文件请移出 progress/"
    )
    assert lines[2] == "检查未通过：5 个文件，2 个错误，0 个警告。"


def test_text_format(cli, case):
    _regress(case)
    result = cli("check", "--data", "data", *AS_OF)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "data/progress/2022-06/县住房城乡建委.yaml:12:16: error [regression] "
        "累计完成数「40公里」低于 2022-05 报送的「50公里」；如确需更正，请在本指标下填写 correction（更正说明）",
        "检查未通过：5 个文件，1 个错误，0 个警告。",
    ]


@pytest.mark.parametrize("strict", [False, True])
def test_strict_turns_warnings_into_failure(cli, case, strict: bool):
    _late(case)
    result = cli("check", "--data", "data", *(["--strict"] if strict else []), *AS_OF)
    assert result.exit_code == (1 if strict else 0), result.output
    assert result.stdout.splitlines() == [
        "data/progress/2022-05/县教委.yaml:3:12: warning [late-report] "
        "报送日期 2022-06-03 晚于 2022-05 月报的截止日期 2022-05-31，计为逾期报送（逾期3天）；"
        "如日期填错，请改为实际报送日期",
        "检查通过：5 个文件，0 个错误，1 个警告。",
    ]


def test_strict_without_warnings_passes(cli, case):
    result = cli("check", "--data", "data", "--strict", *AS_OF)
    assert result.exit_code == 0
    assert result.stdout == "检查通过：5 个文件，没有发现问题。\n"


def test_bad_format_is_usage_error(cli, case):
    result = cli("check", "--data", "data", "--format", "xml", *AS_OF)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "选项 --format 的取值「xml」无效" in result.stderr


def test_top_level_positions_are_kept_without_the_other_marks():
    """The root mapping's keys are marked on every read (``Document.top``), at the same
    places a full read with marks finds, so the checks run on every load never parse again."""
    from minsheng.load.yamlread import parse_bytes

    files = [DATA / "projects.yaml", *sorted((DATA / "progress").rglob("*.yaml"))]
    files += sorted((DATA / "duban").rglob("*.yaml"))
    compared = 0
    for path in files:
        doc, problems = parse_bytes(path.read_bytes(), str(path))
        assert doc is not None and problems == [], path
        assert doc.marks is None and doc.top
        again, _ = parse_bytes(path.read_bytes(), str(path))
        assert again is not None
        assert again._load_marks()
        for key in doc.top:
            assert doc.locate((key,)) == again.locate((key,)), (path, key)
            assert doc.locate((key,), key=True) == again.locate((key,), key=True), (path, key)
            compared += 1
    assert compared > 400


def test_a_key_not_at_the_top_is_found_by_reading_again():
    from minsheng.load.yamlread import parse_text

    doc, _ = parse_text("a: 1\nb:\n  c: 2\n", "x.yaml")
    assert doc is not None and doc.marks is None
    assert doc.locate(("b",)) == (3, 3)
    assert doc.marks is None  # answered from the top-level marks
    assert doc.locate(("b", "c")) == (3, 6)
    assert doc.marks is not None  # that one needed the full marks
