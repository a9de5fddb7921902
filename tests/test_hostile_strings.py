"""Untrusted strings stay data, in every output of every command.

A valid data folder is built from the small fixture with hostile text everywhere the
loader lets it in: unit names (no ``\\ / : * ? " < > |`` or control characters there),
project, indicator and item names, plan title, notes and evidence links. ``check`` must
accept it, and then each output must show the strings as text:

- HTML (bulletins, site pages): escaped; no tag, event attribute or ``javascript:`` link
  comes from the data; evidence links are shown as text, never as links;
- Markdown: table cells escaped, no raw HTML, no live link syntax;
- terminal (status, deadlines, assess, check, usage errors): rich markup shown literally,
  ESC, C1 and bidi controls shown as visible escapes, never emitted;
- CSV: cells starting with ``= + - @`` get a leading ``'``;
- JSON: strict UTF-8, parses, and holds the strings exactly as written.

The existing escaping tests (tests/test_bulletin.py, tests/test_site.py,
tests/test_status.py) use tests/fixtures/hostile; this module adds the rest.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Run
from tests.test_status import MINI

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
MD_LINK = "[点我](javascript:alert(1))"
RAW_HTML = '<b>粗</b><a href="javascript:alert(1)">链</a>'
MARKUP = "[bold red]红字[/bold red][link=https://evil.example]链接[/link]"
ANSI = "\x1b[31m红\x1b]0;标题\x07"
BIDI = "\u202e反转\u2066"
C1 = "\x9b31m"
FORMULA = "=cmd|' /C calc'!A0"
EVIDENCE = "https://example.gov.cn/佐证材料.html"

UNITS = {  # the loader allows these in unit names
    "甲局": "@SUM(1+1)甲局",
    "乙局": "[bold red]乙局",
    "丙局": "+丙局\u202e&amp;'",
}
RENAMED = {
    **UNITS,
    "测试县重点民生实事": f"{SCRIPT}{ANSI}测试县重点民生实事",
    "测试县人民政府办公室": f"测试县{IMG}政府办公室",
    "数量项目": f"{FORMULA}{SCRIPT}",
    "建设项目": f"-2+3{MARKUP}{C1}",
    "综合项目": f"{MD_LINK} | 第二格\n{RAW_HTML}{BIDI}",
    "数量指标": f"指标{IMG}{ANSI}",
    "a": f"{IMG}a",
    "个": "个<i>",
    "五月累计完成50个。": f"{MD_LINK}{RAW_HTML}{ANSI}{BIDI}\n| x | y |",
    "雨季影响工期。": f"{MARKUP}{C1}{SCRIPT}",
}
STRINGS = (SCRIPT, IMG, MD_LINK, RAW_HTML, MARKUP, ANSI, BIDI, C1, FORMULA, *UNITS.values())


def _renamed(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _renamed(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_renamed(v) for v in node]
    return RENAMED.get(node, node) if isinstance(node, str) else node


def _write(path: Path, doc: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build_hostile(target: Path) -> Path:
    """The mini fixture with every name and note replaced by hostile text; still valid."""
    for source in sorted(MINI.rglob("*.yaml")):
        doc = _renamed(yaml.safe_load(source.read_text(encoding="utf-8")))
        name = UNITS.get(source.stem, source.stem) + ".yaml"
        if source.parent.parent.name == "progress":
            if source.stem == "甲局" and source.parent.name == "2022-05":
                doc["projects"][0]["evidence"] = [EVIDENCE]
            _write(target / "progress" / source.parent.name / name, doc)
        else:
            _write(target / source.relative_to(MINI), doc)
    return target


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile") / "data")


def run(cli: Run, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout


def test_the_hostile_folder_is_valid_data(cli, hostile: Path):
    result = cli("check", "--data", str(hostile), "--as-of", "2022-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["ok"] is True
    # The only finding is the mini fixture's April report of 乙局, sent on 3 May.
    assert [p["code"] for p in payload["problems"]] == ["late-report"]


# ---- HTML ---------------------------------------------------------------------------------


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def assert_html_holds_data_as_text(html: str) -> None:
    parsed = Elements()
    parsed.feed(html)
    assert parsed.tags.isdisjoint({"script", "img", "b", "i", "iframe"}), parsed.tags
    assert not [a for a, _ in parsed.attributes if a.startswith("on")], parsed.attributes
    links = [v for a, v in parsed.attributes if a in ("href", "src", "action", "formaction")]
    for link in links:  # only the site's own pages and anchors
        assert re.fullmatch(r"(\.\./)?[\w/.-]*(#[\w-]+)?", link), link
    assert not any(ch in html for ch in "\x1b\x07\x9b\u202e\u2066")
    for attack in (SCRIPT, IMG, RAW_HTML, ANSI, BIDI):
        assert attack not in html


def test_html_bulletins_escape_data_and_link_nothing_from_it(cli, hostile: Path):
    for period in ("2022-05", "2022Q2"):
        html = run(cli, "bulletin", "--data", str(hostile), "--period", period, "--format", "html")
        assert_html_holds_data_as_text(html)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "[bold red]乙局" in html  # rich markup means nothing in HTML: shown as written
        assert "\\u001b[31m红" in html  # ESC made visible


def test_site_pages_escape_data_and_show_evidence_links_as_text(cli, hostile: Path, tmp_path):
    out = tmp_path / "site"
    run(cli, "site", "--data", str(hostile), "--as-of", "2022-06-30", "-o", str(out))
    pages = {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.html")}
    assert len(pages) >= 6
    for html in pages.values():
        assert_html_holds_data_as_text(html)
    project = pages["projects/01.html"]
    assert f'<span class="url">{EVIDENCE}</span>' in project  # shown, not linked


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        'https://example.gov.cn/"><script>alert(1)</script>',
        "https://example.gov.cn/a b",
        "//evil.example/x",
    ],
)
def test_check_refuses_evidence_links_that_are_not_plain_http(cli, tmp_path, url: str):
    data = build_hostile(tmp_path / "data")
    report = next((data / "progress" / "2022-05").glob("@SUM*.yaml"))
    doc = yaml.safe_load(report.read_text(encoding="utf-8"))
    doc["projects"][0]["evidence"] = [url]
    _write(report, doc)
    result = cli("check", "--data", str(data), "--as-of", "2022-12-31")
    assert result.exit_code == 1
    problems = [line for line in result.stdout.splitlines() if "[invalid-value]" in line]
    assert len(problems) == 1 and report.name in problems[0], result.stdout
    assert "「evidence」（佐证链接）" in problems[0]
    for command in ("status", "site"):  # and nothing is rendered from such data
        args = ["-o", str(tmp_path / "site")] if command == "site" else []
        refused = cli(command, "--data", str(data), "--as-of", "2022-06-30", *args)
        assert refused.exit_code == 1 and "数据有错误，无法统计" in refused.stderr
    assert not (tmp_path / "site").exists()


# ---- Markdown -----------------------------------------------------------------------------


def assert_markdown_holds_data_as_text(md: str) -> None:
    assert "<" not in md.replace("&lt;", ""), "raw HTML passed into Markdown"
    assert not re.search(r"(?<!\\)\]\(javascript:", md), "a live link from data"
    assert not any(ch in md for ch in "\x1b\x07\x9b\u202e\u2066")
    for table in [t.split("\n") for t in re.findall(r"(?:^\|.*\n?)+", md, re.MULTILINE)]:
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table if row}
        assert len(widths) == 1, f"a cell broke its table: {table}"


def test_markdown_bulletins_escape_cells_and_pass_no_html(cli, hostile: Path):
    for period in ("2022-05", "2022Q2"):
        md = run(cli, "bulletin", "--data", str(hostile), "--period", period)
        assert_markdown_holds_data_as_text(md)
        assert "\\[点我\\](javascript:alert(1))" in md
        assert "&lt;b&gt;粗&lt;/b&gt;" in md
        assert "综合项目" not in md and "\\| 第二格" in md  # the pipe is escaped in its cell


# ---- terminal -----------------------------------------------------------------------------

TERMINAL_COMMANDS = {
    "status": ("status", "--as-of", "2022-06-30"),
    "status-project-1": ("status", "--as-of", "2022-06-30", "--project", "1"),
    "status-project-2": ("status", "--as-of", "2022-06-30", "--project", "2"),
    "status-project-3": ("status", "--as-of", "2022-06-30", "--project", "3"),
    "status-unit": ("status", "--as-of", "2022-06-30", "--unit", UNITS["乙局"]),
    "deadlines": ("deadlines", "--as-of", "2022-06-30", "--within", "200"),
    "assess": ("assess", "--as-of", "2022-12-31"),
}


def assert_terminal_safe(text: str) -> None:
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e\u2066"), repr(text[:400])


@pytest.mark.parametrize("name", sorted(TERMINAL_COMMANDS))
def test_terminal_shows_markup_literally_and_never_emits_control_characters(
    cli, hostile: Path, name: str
):
    command, *args = TERMINAL_COMMANDS[name]
    text = run(cli, command, "--data", str(hostile), *args)
    assert_terminal_safe(text)
    if name not in ("status-project-1", "status-project-3"):  # views naming 乙局
        assert "[bold red]乙局" in text  # the markup is shown, so it was not obeyed
    if name == "status-project-2":
        assert "[bold red]红字[/bold red][link=https://evil.example]链接[/link]" in text
        assert "\\u009b31m" in text
    if name == "status-project-1":
        assert "\\u001b[31m红\\u001b]0;标题\\u0007" in text and "\\u202e反转\\u2066" in text


def test_check_messages_show_control_characters_escaped(cli, tmp_path):
    data = build_hostile(tmp_path / "data")
    report = next((data / "progress" / "2022-05").glob("@SUM*.yaml"))
    doc = yaml.safe_load(report.read_text(encoding="utf-8"))
    doc["projects"][0]["indicators"][0]["value"] = f"{ANSI}{BIDI}50\n{C1}"
    doc[f"{ANSI}键{BIDI}"] = 1
    _write(report, doc)
    for fmt in ("text", "github"):
        result = cli("check", "--data", str(data), "--as-of", "2022-12-31", "--format", fmt)
        assert result.exit_code == 1
        assert_terminal_safe(result.stdout)
        assert "\\u001b[31m红\\u001b]0;标题\\u0007\\u202e反转\\u206650" in result.stdout
    text = cli("check", "--data", str(data), "--as-of", "2022-12-31").stdout
    assert len(text.splitlines()) == 4  # three problems (one a late report), and the summary
    status = cli("status", "--data", str(data), "--as-of", "2022-06-30")
    assert status.exit_code == 1
    assert_terminal_safe(status.stderr)


def test_usage_errors_quoting_unit_names_escape_them(cli, hostile: Path):
    result = cli("status", "--data", str(hostile), "--as-of", "2022-06-30", "--unit", "丁局")
    assert result.exit_code == 2
    assert_terminal_safe(result.stderr)
    assert "+丙局\\u202e&amp;'" in result.stderr


# ---- CSV ----------------------------------------------------------------------------------


def test_csv_neutralises_formula_cells(cli, hostile: Path):
    text = run(cli, "status", "--data", str(hostile), "--as-of", "2022-06-30", "--format", "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 4
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))], cells
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["1"][1] == f"'{FORMULA}{SCRIPT}"
    assert by_id["1"][2] == f"'{UNITS['甲局']}"
    assert by_id["2"][1].startswith("'-2+3[bold red]")
    assert by_id["3"][2] == "'+丙局\\u202e&amp;'"
    assert_terminal_safe(text)  # CSV printed to a terminal cannot drive it either


# ---- JSON ---------------------------------------------------------------------------------

JSON_COMMANDS = {
    "status": ("status", "--as-of", "2022-06-30", "--format", "json"),
    "status-project": ("status", "--as-of", "2022-06-30", "--project", "3", "--format", "json"),
    "deadlines": ("deadlines", "--as-of", "2022-06-30", "--within", "200", "--format", "json"),
    "assess": ("assess", "--as-of", "2022-12-31", "--format", "json"),
}


def strings_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {s for v in node.values() for s in strings_in(v)}
    if isinstance(node, list):
        return {s for v in node for s in strings_in(v)}
    return {node} if isinstance(node, str) else set()


@pytest.mark.parametrize("name", sorted(JSON_COMMANDS))
def test_json_is_utf8_and_holds_the_strings_exactly(cli, hostile: Path, name: str):
    command, *args = JSON_COMMANDS[name]
    result = cli(command, "--data", str(hostile), *args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout_bytes.decode("utf-8", errors="strict"))
    values = strings_in(payload)
    assert ({UNITS["丙局"]} if name == "status-project" else set(UNITS.values())) <= values
    if name.startswith("status"):
        assert RENAMED["综合项目"] in values  # newline, pipe, HTML, bidi: all kept as written
    assert "\x1b" not in result.stdout  # JSON escapes control characters itself


def test_check_json_holds_hostile_messages_as_data(cli, tmp_path):
    data = build_hostile(tmp_path / "data")
    report = next((data / "progress" / "2022-05").glob("@SUM*.yaml"))
    doc = yaml.safe_load(report.read_text(encoding="utf-8"))
    doc["projects"][0]["indicators"][0]["value"] = f"{ANSI}{SCRIPT}"
    _write(report, doc)
    result = cli("check", "--data", str(data), "--as-of", "2022-12-31", "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout_bytes.decode("utf-8", errors="strict"))
    (problem,) = [p for p in payload["problems"] if p["severity"] == "error"]
    assert problem["message"].startswith(f"「value」（数值）：「{ANSI}<script>")  # as written
    assert problem["path"].endswith(report.name)
    assert "\x1b" not in result.stdout and "\\u001b" in result.stdout  # escaped by JSON


def test_hostile_names_copy_cleanly(tmp_path):
    """The builder really puts the strings in: the file names carry the unit names."""
    data = build_hostile(tmp_path / "data")
    names = {p.name for p in (data / "progress" / "2022-05").iterdir()}
    assert names == {f"{u}.yaml" for u in UNITS.values()}
    shutil.rmtree(data)


BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_every_bidi_control_is_shown_as_an_escape_on_screen_in_markdown_and_in_html(
    cli, data_copy: Path
):
    """The marks (ALM, LRM, RLM) reorder the text around them as the embeddings, overrides
    and isolates do; a joiner inside a word is not a control and stays as it is."""
    registry = data_copy / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    hostile = "建成" + "".join(f"{ch}甲" for ch in BIDI_CONTROLS) + "\u200d乙"
    registry.write_text(text.replace("name: 建成1个市民广场", f"name: {hostile}", 1), "utf-8")
    shown = "建成" + "".join(f"\\u{ord(ch):04x}甲" for ch in BIDI_CONTROLS) + "\u200d乙"
    for args, escaped in (
        (("status", "--as-of", "2022-06-30", "--project", "1"), shown),
        (("bulletin", "--period", "2022Q2", "--kind", "table"), shown.replace("\\", "\\\\")),
        (("bulletin", "--period", "2022Q2", "--format", "html"), shown),
    ):
        result = cli(*args, "--data", str(data_copy))
        assert result.exit_code == 0, result.output
        assert escaped in result.stdout, args
        assert not any(ch in result.stdout for ch in BIDI_CONTROLS), args
