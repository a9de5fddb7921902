"""Piped ``status`` writes its text without rich: byte for byte what rich prints, for every
status view on the shipped data and the fixtures, for the tables' layouts, and falling back
to rich wherever the plain writer cannot be sure."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from minsheng.cli.common import PIPED_WIDTH, plain_width, print_view
from minsheng.compute.groups import for_category, for_level
from minsheng.compute.status import StatusReport, build_status, for_project, for_unit
from minsheng.compute.years import year_ends
from minsheng.load.folder import load
from minsheng.render import dimensions
from minsheng.render.styled import Stack, Styled, literal, measured, plain
from minsheng.render.tables import Column, FittedTable
from minsheng.text.fmt import display_width
from tests.conftest import DATA, ROOT, cli_probe

FIXTURES = ROOT / "tests" / "fixtures"
COUNTY = FIXTURES / "county"


def rich_text(view: object, width: int) -> str:
    """What ``minsheng status`` prints through rich when piped: no colour, ``width`` wide."""
    out = io.StringIO()
    Console(file=out, width=width, highlight=False, soft_wrap=False).print(view)
    return out.getvalue()


def report_of(folder: Path, as_of: date) -> StatusReport:
    result = load(folder, as_of)
    assert result.dataset is not None, result.problems
    return build_status(result.dataset, as_of)


def views(report: StatusReport, earlier: dict[int, StatusReport] | None) -> Iterator[object]:
    """Every view ``status`` prints as a table: the list, each unit's, each level's and
    category's, each project's, by area."""
    yield dimensions.status_view(report, earlier)
    for unit in report.dataset.responsible_units:
        yield dimensions.status_view(for_unit(report, unit), earlier)
    for level in report.dataset.plan.levels:
        yield dimensions.status_view(for_level(report, level.name), earlier, ("level", level.name))
    for category in report.dataset.plan.categories:
        part = ("category", category.name)
        yield dimensions.status_view(for_category(report, category.name), earlier, part)
    for project in report.dataset.projects:
        yield dimensions.project_view(for_project(report, project), earlier)
    yield dimensions.area_view(report)


def county_earlier() -> dict[int, StatusReport]:
    result = load(COUNTY / "2022", date.max)
    assert result.dataset is not None
    return year_ends({result.dataset.plan.year: result.dataset})


CASES = [
    ("data", DATA, date(2022, 6, 30)),
    ("data", DATA, date(2022, 12, 31)),
    ("county", COUNTY / "2023", date(2023, 6, 30)),
    ("mini", FIXTURES / "mini", date(2022, 6, 30)),
    ("one-office", FIXTURES / "one-office", date(2022, 6, 30)),
    ("traditional", FIXTURES / "traditional", date(2022, 6, 30)),
    ("quarterly", FIXTURES / "quarterly", date(2016, 6, 30)),
    ("hostile", FIXTURES / "hostile" / "data", date(2022, 6, 30)),
]


@pytest.mark.parametrize(("name", "folder", "as_of"), CASES, ids=lambda x: str(x))
def test_every_status_view_is_written_as_rich_writes_it(name: str, folder: Path, as_of: date):
    report = report_of(folder, as_of)
    earlier = county_earlier() if name == "county" else None
    shown = 0
    for view in views(report, earlier):
        for width in (PIPED_WIDTH, 160):
            text = plain(view, width)
            if width == PIPED_WIDTH:
                assert text is not None  # nothing here needs rich at the piped width
            if text is not None:
                assert text == rich_text(view, width)
                shown += 1
    assert shown > 2


def test_a_narrow_width_hands_back_to_rich_or_matches_it():
    report = report_of(DATA, date(2022, 6, 30))
    declined = 0
    for view in views(report, None):
        for width in (60, 100):
            text = plain(view, width)
            declined += text is None
            assert text is None or text == rich_text(view, width)
    assert declined  # the project names do not fit in 60 columns: rich wraps the lines


TABLES = {
    "multi-line, empty and justified cells": FittedTable(
        [Column("序号", "right"), Column("名称"), Column("中", "center"), Column("说明", "right")],
        [
            ("1", literal("第一行\n第二行"), "ab ", literal("右 ")),
            ("", "", "", ""),
            ("12", literal("  · 清单项"), literal("宽字符"), "x\ny\nz"),
        ],
        title="标题",
    ),
    "wide CJK, full-width punctuation and marks": FittedTable(
        [Column("项目", wrap=True), Column("状态"), Column("完成率", "right")],
        [
            (
                literal("新（改）建4座城市公厕，建设5个智慧停车场"),
                Styled("● 正常", "green"),
                "45.0%",
            ),
            (literal("「县精神卫生中心」：投用；"), Styled("▲ 滞后", "yellow"), "—"),
            (literal("ＡＢＣ１２３，。；：、！？"), Styled("✖ 严重滞后", "red"), "100.0%"),
        ],
        title="分项进展（截至2022年6月30日）",
    ),
    "no rows": FittedTable([Column("名次"), Column("地区")], [], title="各地区排名"),
    "no title": FittedTable([Column("a"), Column("b", "right")], [("x", literal("y"))]),
}


@pytest.mark.parametrize("name", sorted(TABLES))
@pytest.mark.parametrize("width", [PIPED_WIDTH, 160, 40, 30])
def test_fitted_tables_are_drawn_as_rich_draws_them(name: str, width: int):
    table = TABLES[name]
    text = plain(table, width)
    if width >= 160:
        assert text is not None
    assert text is None or text == rich_text(table, width)


def test_what_rich_must_lay_out_is_left_to_rich():
    squeezed = FittedTable([Column("项目", wrap=True)], [(literal("一" * 40),)])
    assert plain(squeezed, 20) == rich_text(squeezed, 20)  # broken between characters
    wide = FittedTable([Column("名称"), Column("说明")], [("一" * 20, "二" * 20)])
    assert plain(wide, 40) is None  # wider than the screen: rich narrows the columns
    titled = FittedTable([Column("a")], [("b",)], title="一个比表格宽得多的标题")
    assert plain(titled, PIPED_WIDTH) is None  # rich would wrap the title to the table
    assert plain(FittedTable([Column("a")], [("[b]x[/b]",)]), PIPED_WIDTH) is None  # markup
    assert plain(FittedTable([Column("a")], [(":smile:",)]), PIPED_WIDTH) is None  # emoji code
    assert plain(FittedTable([Column("a")], [(Text("x"),)]), PIPED_WIDTH) is None
    assert plain(Styled("e\u0301"), PIPED_WIDTH) is None  # a combining mark
    assert plain(Styled("a\u200bb"), PIPED_WIDTH) is None  # a zero-width space
    assert plain(Text("rich's own"), PIPED_WIDTH) is None


def test_the_widths_agree_with_rich_for_every_character_measured():
    """Every character the plain writer measures itself has rich's width; the list's own
    characters are among them, the zero-width and combining ones are not."""
    wrong = [
        hex(c)
        for c in range(0x110000)
        if not 0xD800 <= c < 0xE000
        and measured(chr(c))
        and c != 0x0A
        and cell_len(chr(c)) != display_width(chr(c))
    ]
    assert wrong == []
    assert measured("城口县人民政府办公室，（改）：；「」、！？●▲✖■◆★☆√×—…·％＋１２３ＡＢ")
    for ch in "\u200b\u200c\u200d\u2060\ufeff\ufe0f\u0301\u3099\u302a\t":
        assert not measured(ch), hex(ord(ch))


def test_styled_text_becomes_the_rich_text_the_views_built():
    built = Styled("标题", style="bold")
    built.append("，正文 ").append("● 正常", "green").append_text(literal("数据\x1b", "red"))
    text = Text("标题", style="bold")
    text.append("，正文 ").append("● 正常", "green").append_text(Text("数据\\u001b", style="red"))
    assert built.to_rich() == text and built.to_rich().spans == text.spans
    assert built.plain == text.plain
    assert Styled("a\rb\x07").append("\x0cc").plain == Text("a\rb\x07").append("\x0cc").plain
    colour = io.StringIO()
    Console(file=colour, force_terminal=True, color_system="truecolor").print(Stack(built))
    expected = io.StringIO()
    Console(file=expected, force_terminal=True, color_system="truecolor").print(text)
    assert colour.getvalue() == expected.getvalue() and "\x1b[" in colour.getvalue()


@pytest.mark.parametrize(
    ("env", "width"),
    [
        ({}, PIPED_WIDTH),
        ({"COLUMNS": "120"}, 120),
        ({"COLUMNS": "wide"}, None),
        ({"FORCE_COLOR": "1"}, None),
        ({"FORCE_COLOR": ""}, PIPED_WIDTH),
        ({"TTY_COMPATIBLE": "1"}, None),
        ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, PIPED_WIDTH),
    ],
)
def test_plain_only_where_rich_would_print_no_colour(monkeypatch, env, width):
    for name in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert plain_width() == width


def test_print_view_falls_back_to_rich_for_what_it_cannot_measure(monkeypatch, capsys):
    monkeypatch.delenv("COLUMNS", raising=False)
    view = Stack(Styled("零\u200b宽"), TABLES["no title"])
    print_view(view)
    assert capsys.readouterr().out == rich_text(view, PIPED_WIDTH)


PROBE = cli_probe('sorted(m for m in sys.modules if m.startswith("rich."))')


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--project", "4"),
        ("--unit", "县教委"),
        ("--format", "json"),
        ("--format", "csv"),
    ],
)
def test_piped_status_on_a_warm_cache_imports_no_rich_module(tmp_path: Path, args):
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    env |= {"MINSHENG_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "src")}
    env.pop("MINSHENG_NO_CACHE", None)
    command = [sys.executable, "-c", PROBE, "status", "--data", str(DATA), "--as-of", "2022-06-30"]
    for _ in range(2):  # the first run fills the cache
        run = subprocess.run([*command, *args], capture_output=True, env=env, check=False)
        assert run.returncode == 0, run.stderr.decode()
    assert run.stderr.decode().strip().splitlines()[-1] == "[]"
    assert "县" in run.stdout.decode()  # the units are named in every format
