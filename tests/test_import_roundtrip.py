"""The workbook route round trip, over every unit and month of the shipped data and every unit
and quarter of the county fixture (investment, fund sources, split targets): an untouched
workbook imports as new-report's prefilled file, and a workbook filled with a shipped report's
values imports as that report."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from minsheng.dates import month_end
from tests.conftest import DATA
from tests.test_import import _report
from tests.test_new_report import SHIPPED_MONTHS, _figures, _fill_in, _problems
from tests.workbooks import fill, from_report, reporter

COUNTY = Path(__file__).parent / "fixtures" / "county" / "2023"
COUNTY_PERIODS = ("2023-03", "2023-06", "2023-09", "2023-12")  # quarterly, due on the 20th
COUNTY_SHIPPED = sorted(p.name for p in (COUNTY / "progress").iterdir())


def _workbooks(cli, data: Path, month: str, folder: Path) -> list[Path]:
    made = cli(
        "new-report",
        "--data",
        str(data),
        "--all-units",
        "--month",
        month,
        "--format",
        "xlsx",
        "-o",
        str(folder),
    )
    assert made.exit_code == 0, made.output
    return sorted(folder.glob("*.xlsx"))


def _unit(book: Path, month: str) -> str:
    return book.name.removesuffix(f"-{month}.xlsx")


@pytest.mark.slow
@pytest.mark.parametrize("month", SHIPPED_MONTHS)
def test_untouched_workbooks_import_as_the_prefilled_yaml(cli, tmp_path: Path, month: str):
    """With the month and the later ones removed, every unit's workbook with only 填报人 and
    报送日期 filled in imports as exactly the file new-report writes with the same two filled
    in; check says nothing new and every figure stays what it was."""
    _untouched_round_trip(cli, tmp_path, DATA, month, month_end(month))


@pytest.mark.parametrize("month", COUNTY_PERIODS)
def test_untouched_county_workbooks_import_as_the_prefilled_yaml(cli, tmp_path: Path, month: str):
    """The same for every unit and quarter of the county: the lead units' money and every
    unit's areas come back as prefilled."""
    _untouched_round_trip(cli, tmp_path, COUNTY, month, date.fromisoformat(f"{month}-15"))


def _untouched_round_trip(cli, tmp_path: Path, source: Path, month: str, end: date) -> None:
    data = tmp_path / "data"
    shutil.copytree(source, data)
    for later in (data / "progress").iterdir():
        if later.name >= month:
            shutil.rmtree(later)
            # The office's records of then on, as when the month's reports were prefilled.
            for record in (data / "duban").glob(f"*/{later.name}-*.yaml"):
                record.unlink()
    before = _figures(cli, data, month_end(month).isoformat())
    code, problems = _problems(cli, data)
    assert code == 0, problems
    books = _workbooks(cli, data, month, tmp_path / "inbox")
    expected = {}
    for book in books:
        unit = _unit(book, month)
        assert (
            cli("new-report", "--data", str(data), "--unit", unit, "--month", month).exit_code == 0
        )
        path = data / "progress" / month / f"{unit}.yaml"
        _fill_in(path, end.isoformat())
        expected[unit] = path.read_text(encoding="utf-8")
        path.unlink()
        fill(book, reporter("填报人", end))
    result = cli("import", *map(str, books), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[-1]
        == f"共 {len(books)} 个工作簿：导入 {len(books)} 个，跳过 0 个，未导入 0 个。"
    )
    for unit, text in expected.items():
        assert (data / "progress" / month / f"{unit}.yaml").read_text(encoding="utf-8") == text, (
            unit
        )
    assert _problems(cli, data) == (0, problems)
    assert _figures(cli, data, month_end(month).isoformat()) == before


ENTRY_FIELDS = (
    "value",
    "baseline",
    "stage",
    "percent",
    "self_assessment",
    "review",
    "note",
    "correction",
    "forecast",
    "expected_done",
)


@pytest.mark.slow
@pytest.mark.parametrize("month", SHIPPED_MONTHS)
def test_workbooks_filled_with_the_shipped_reports_import_as_those_reports(
    cli, tmp_path: Path, month: str
):
    """Each unit's workbook, filled with what its shipped report of the month says and imported
    over it, gives back every figure, stage, text and date of that report (the 督查室's reviews
    kept), and the whole year's figures do not move."""
    _shipped_round_trip(cli, tmp_path, DATA, month)


@pytest.mark.parametrize("month", COUNTY_SHIPPED)
def test_county_workbooks_filled_with_its_reports_import_as_those_reports(
    cli, tmp_path: Path, month: str
):
    """The same for the county's reports: completed investment, 下达 and 拨付 of each source
    and every area's figure come back as reported."""
    _shipped_round_trip(cli, tmp_path, COUNTY, month)


def _shipped_round_trip(cli, tmp_path: Path, source: Path, month: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(source, data)
    end = month_end(month).isoformat()
    year_end = f"{month[:4]}-12-31"
    before = (_figures(cli, data, end), _figures(cli, data, year_end))
    shipped_units = {p.stem for p in (source / "progress" / month).glob("*.yaml")}
    books = [
        b
        for b in _workbooks(cli, data, month, tmp_path / "inbox")
        if _unit(b, month) in shipped_units
    ]
    assert books
    originals = {}
    for book in books:
        shipped = source / "progress" / month / f"{_unit(book, month)}.yaml"
        originals[shipped.name] = _report(shipped)
        fill(book, from_report(originals[shipped.name]))
    result = cli("import", *map(str, books), "--data", str(data), "--force")
    assert result.exit_code == 0, result.output
    for name, original in originals.items():
        imported = _report(data / "progress" / month / name)
        assert (imported.submitted, imported.reporter, imported.phone) == (
            original.submitted,
            original.reporter,
            original.phone,
        )
        projects = {p.id: p for p in imported.projects}
        for project in original.projects:
            mine = projects[project.id]
            assert (mine.progress, mine.problems, mine.next_steps, mine.evidence) == (
                project.progress,
                project.problems,
                project.next_steps,
                project.evidence,
            ), f"{name} {project.id}"
            if project.investment is not None:
                assert mine.investment is not None, f"{name} {project.id}"
                got_money, said = _money(mine.investment), _money(project.investment)
                assert got_money[:2] == said[:2], name
                assert {n: got_money[2][n] for n in said[2]} == said[2], name
            entries = {e.id: e for e in mine.indicators}
            for entry in project.indicators:
                got = entries[entry.id]
                for field in ENTRY_FIELDS:
                    assert getattr(got, field) == getattr(entry, field), (
                        f"{name} {entry.id} {field}"
                    )
                items = {i.name: i for i in got.items or ()}
                for item in entry.items or ():
                    assert items[item.name] == item, f"{name} {entry.id} {item.name}"
                areas = {a.area: a.value for a in got.areas or ()}
                for area in entry.areas or ():
                    assert areas[area.area] == area.value, f"{name} {entry.id} {area.area}"
    assert _problems(cli, data)[0] == 0
    assert (_figures(cli, data, end), _figures(cli, data, year_end)) == before


def _money(money) -> tuple[object, object, dict[str, tuple[object, object]]]:
    """What a report says of a project's money: completed, note, 下达 and 拨付 by source."""
    return (money.completed, money.note, {s.name: (s.allocated, s.paid) for s in money.sources})
