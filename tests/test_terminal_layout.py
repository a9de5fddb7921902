"""Tables read on a narrow terminal: no unit name split over lines, project and item names
broken only at punctuation, columns left out rather than squeezed; piped output is as wide
as its content, one row per line."""

from __future__ import annotations

import itertools

import pytest
import yaml

from minsheng.text.fmt import display_width
from tests.conftest import DATA

BREAK_AFTER = "，。；：、！？）」』》】”’,;:!?)] "
BREAK_BEFORE = "（「『《【“‘(["
REGISTRY = yaml.safe_load((DATA / "projects.yaml").read_text("utf-8"))
UNITS = [u["name"] for u in REGISTRY["units"]]  # in registry order


def table_rows(text: str, key: int = 0) -> list[list[list[str]]]:
    """The body rows of the first table in ``text``: each a list of cells, each its lines;
    a row starts where column ``key`` is not empty."""
    rows: list[list[list[str]]] = []
    for line in text.splitlines():
        if not line.startswith("│"):
            if rows and line.startswith("└"):
                break
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        if cells[key] or not rows:
            rows.append([[c] if c else [] for c in cells])
        else:
            for cell, part in zip(rows[-1], cells, strict=True):
                if part:
                    cell.append(part)
    return rows


def broken_well(lines: list[str]) -> bool:
    return all(a[-1] in BREAK_AFTER or b[0] in BREAK_BEFORE for a, b in itertools.pairwise(lines))


@pytest.fixture
def narrow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def test_status_at_80_columns_keeps_names_whole(cli, narrow):
    result = cli("status", "--data", str(DATA), "--as-of", "2022-09-30")
    assert result.exit_code == 0
    assert max(display_width(line) for line in result.stdout.splitlines()) <= 80
    rows = table_rows(result.stdout)
    assert len(rows) == 15
    header = next(line for line in result.stdout.splitlines() if line.startswith("┃"))
    assert "项目" in header and "完成率" in header and "状态" in header
    for row in rows:
        assert broken_well(row[1]), row[1]
    assert any(len(row[1]) > 1 for row in rows)  # the long names do break, at punctuation
    names = ["".join(r[1]) for r in rows]
    assert "新（改）建4座城市公厕，建设5个公共停车场，建成6个“劳动者港湾”示范点" in names


def test_deadlines_at_80_columns_never_split_a_unit(cli, narrow):
    result = cli("deadlines", "--data", str(DATA), "--as-of", "2022-10-15")
    assert result.exit_code == 0
    assert max(display_width(line) for line in result.stdout.splitlines()) <= 80
    upcoming = result.stdout[result.stdout.index("30 天内到期") :]
    (row,) = table_rows(upcoming)
    units = row[2]
    assert len(units) > 1
    for line in units:
        assert all(name in UNITS for name in line.rstrip("、").split("、")), line
    assert "".join(units).split("、")[:2] == ["县住房城乡建委", "县供销社"]


def test_a_project_s_items_at_80_columns_keep_their_names(cli, narrow):
    result = cli("status", "--data", str(DATA), "--as-of", "2022-06-30", "--project", "4")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(display_width(line) for line in lines) <= 80
    table = result.stdout[result.stdout.index("┏") :]
    items = [row[1] for row in table_rows(table, key=1)]
    assert ["· 南大街农贸市场公厕"] in items and ["· 滨河公园路北岸公厕"] in items
    for name in items:
        assert broken_well(name), name


def test_piped_output_is_one_row_per_line(cli, monkeypatch):
    monkeypatch.delenv("COLUMNS")
    result = cli("status", "--data", str(DATA), "--as-of", "2022-09-30")
    assert result.exit_code == 0
    rows = table_rows(result.stdout)
    assert all(len(cell) <= 1 for row in rows for cell in row)
    longest = "新（改）建4座城市公厕，建设5个公共停车场，建成6个“劳动者港湾”示范点"
    assert any(longest in line for line in result.stdout.splitlines())
    header = next(line for line in result.stdout.splitlines() if line.startswith("┃"))
    assert "牵头单位" in header and "序时进度" in header and "最近报送" in header
    # Fifteen units due on one day: one line however long, not cut at a fixed width.
    deadlines = cli("deadlines", "--data", str(DATA), "--as-of", "2022-10-15").stdout
    (row,) = table_rows(deadlines[deadlines.index("30 天内到期") :])
    assert row[2] == ["、".join(UNITS)]


def test_columns_decides_the_width_of_piped_output(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("status", "--data", str(DATA), "--as-of", "2022-09-30")
    assert max(display_width(line) for line in result.stdout.splitlines()) <= 100


def test_assess_at_80_columns_keeps_every_unit_and_its_score(cli, narrow):
    result = cli("assess", "--data", str(DATA))
    assert result.exit_code == 0
    assert max(display_width(line) for line in result.stdout.splitlines()) <= 80
    units = result.stdout[result.stdout.index("责任单位得分与排名") :]
    rows = table_rows(units)
    assert sorted(row[1][0] for row in rows) == sorted(UNITS)
    assert all(len(row[1]) == 1 and row[-1] for row in rows)  # whole names, a score each
    projects = table_rows(result.stdout[result.stdout.index("项目得分") :])
    assert all(broken_well(row[1]) for row in projects)
