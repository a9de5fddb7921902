"""The workbook route with the report's duban section: each 督办 action addressed to the unit
and not closed is a row to reply on, after the projects; a reply typed there comes back as
the YAML route writes it, and an unanswered one stays commented out as in the prefilled file."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from minsheng.load.folder import load
from minsheng.render.report_workbook import as_workbook
from minsheng.views import report_sheet as sheet
from minsheng.views.new_report import render
from minsheng.views.report_form import build_form
from tests.conftest import DATA
from tests.test_import import _report
from tests.workbooks import fill, from_report, places, reply_cells, reporter

UNIT, MONTH = "县交通局", "2022-09"
MADE = date(2022, 9, 20)  # the day the workbook is made: two of the unit's actions are open
SUBMITTED = date(2022, 9, 28)
LETTER, HUNG = "2022-08-05-县交通局-1", "2022-08-05-县交通局-3"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The shipped data without the unit's report of the month (the one being made)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    (target / "progress" / MONTH / f"{UNIT}.yaml").unlink()
    return target


def made_book(
    data: Path, folder: Path, unit: str = UNIT, month: str = MONTH, day: date = MADE
) -> Path:
    """The unit's workbook as new-report makes it on ``day``."""
    ds = load(data, day).dataset
    assert ds is not None
    path = folder / f"{unit}-{month}.xlsx"
    path.write_bytes(as_workbook(build_form(ds, unit, month, day), day))
    return path


def yaml_route(data: Path, edits: list[tuple[str, str]]) -> str:
    """The prefilled YAML file of the same day, with 填报人, 报送日期 and the clerk's ``edits``."""
    ds = load(data, MADE).dataset
    assert ds is not None
    text = render(ds, UNIT, MONTH, MADE)
    text = text.replace("reporter:  #", "reporter: 张三  #", 1)
    text = text.replace(f"submitted: {MADE}", f"submitted: {SUBMITTED}", 1)
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def target(data: Path) -> Path:
    return data / "progress" / MONTH / f"{UNIT}.yaml"


def run_import(cli, data: Path, book: Path):
    return cli("import", str(book), "--data", str(data))


def test_the_open_actions_are_rows_to_reply_on_after_the_projects(data: Path, tmp_path: Path):
    workbook = openpyxl.load_workbook(made_book(data, tmp_path))
    ws = workbook[sheet.SHEET]
    rows, columns = places(ws)
    assert [key for key in rows if key.startswith("action:")] == [
        f"action:{LETTER}",
        f"action:{HUNG}",
    ]
    hung = rows[f"action:{HUNG}"]
    assert hung == max(rows.values())  # the last row, after every project's
    assert [ws.cell(hung, c).value for c in range(1, 4)] == [
        None,  # no project number: it is not a project's row
        f"督办事项 {HUNG}",
        "挂牌督办：农村公路生命安全防护工程连续三个月严重滞后，办结时限 2022-09-04",
    ]
    for slot in ("reply", "evidence", "reply_date"):
        cell = ws.cell(hung, columns[slot])
        assert cell.value is None and not cell.protection.locked, slot
    headings = {ws.cell(sheet.COLUMN_ROW, c).value for c in columns.values()}
    assert {"回复内容", "回复日期", "佐证链接"} <= headings
    assert "2022-07-05-县交通局-1" not in str(list(ws.values))  # closed before it was made
    guide = [c.value for c in workbook[sheet.GUIDE]["A"]]
    assert any(str(line).startswith("督办事项（本单位尚未办结的") for line in guide)


def test_a_unit_without_open_actions_has_no_reply_columns(tmp_path: Path):
    ws = openpyxl.load_workbook(made_book(DATA, tmp_path, "县教委"))[sheet.SHEET]
    rows, columns = places(ws)
    assert not any(key.startswith("action:") for key in rows)
    assert "reply" not in columns and "reply_date" not in columns


def test_unanswered_actions_stay_commented_out_as_in_the_prefilled_file(
    cli, data: Path, tmp_path: Path
):
    book = fill(made_book(data, tmp_path), reporter("张三", SUBMITTED))
    result = run_import(cli, data, book)
    assert result.exit_code == 0, result.output
    assert target(data).read_text(encoding="utf-8") == yaml_route(data, [])


def test_a_reply_typed_in_imports_as_the_yaml_route_writes_it(cli, data: Path, tmp_path: Path):
    """One action answered (with a link): the section opens and that action's lines are
    written, the other stays commented out, byte for byte new-report's file with those lines
    uncommented and the reply written in (quoted, as YAML needs for its comma); check accepts
    it and the ledger counts the reply."""
    book = fill(
        made_book(data, tmp_path),
        {
            **reporter("张三", SUBMITTED),
            (f"action:{HUNG}", "reply"): "已完成30公里护栏安装，剩余部分10月底前完成",
            (f"action:{HUNG}", "evidence"): "https://example.gov.cn/jt/9",
        },
    )
    result = run_import(cli, data, book)
    assert result.exit_code == 0, result.output
    expected = yaml_route(
        data,
        [
            ("\n# duban:\n", "\nduban:\n"),
            (
                f'#   - id: "{HUNG}"  #',
                f'  - id: "{HUNG}"  #',
            ),
            (
                "2022-09-04\n#     reply: 回复内容\n#     evidence: []\n",
                '2022-09-04\n    reply: "已完成30公里护栏安装，剩余部分10月底前完成"\n'
                '    evidence: ["https://example.gov.cn/jt/9"]\n',
            ),
        ],
    )
    assert target(data).read_text(encoding="utf-8") == expected
    assert cli("check", "--data", str(data), "--as-of", "2022-12-31").exit_code == 0
    replies = _report(target(data)).duban
    assert [(r.id, r.evidence, r.date) for r in replies] == [
        (HUNG, ("https://example.gov.cn/jt/9",), None)
    ]
    shown = cli("duban", "--data", str(data), "--as-of", "2022-09-30", "--format", "json")
    action = next(a for a in json.loads(shown.stdout)["actions"] if a["id"] == HUNG)
    assert action["replies"][-1] == {
        "date": "2022-09-28",
        "month": "2022-09",
        "text": "已完成30公里护栏安装，剩余部分10月底前完成",
        "evidence": ["https://example.gov.cn/jt/9"],
    }


def test_a_reply_dated_before_the_action_is_told_at_its_cell(cli, data: Path, tmp_path: Path):
    book = made_book(data, tmp_path)
    ws = openpyxl.load_workbook(book)[sheet.SHEET]
    rows, columns = places(ws)
    fill(
        book,
        {
            **reporter("张三", SUBMITTED),
            (f"action:{HUNG}", "reply"): "已整改",
            (f"action:{HUNG}", "reply_date"): date(2022, 8, 1),
        },
    )
    result = run_import(cli, data, book)
    assert result.exit_code == 1
    cell = sheet.cell_name(rows[f"action:{HUNG}"], columns["reply_date"])
    assert result.stdout.splitlines()[1] == (
        f"  {book} 填报!{cell}: 回复日期 2022-08-01 早于督办事项的下发日期 2022-08-05，请检查日期"
    )
    assert not target(data).exists()


def test_a_link_without_a_reply_is_told_at_the_reply_s_cell(cli, data: Path, tmp_path: Path):
    book = made_book(data, tmp_path)
    ws = openpyxl.load_workbook(book)[sheet.SHEET]
    rows, columns = places(ws)
    fill(
        book,
        {
            **reporter("张三", SUBMITTED),
            (f"action:{LETTER}", "evidence"): "https://example.gov.cn/a",
        },
    )
    result = run_import(cli, data, book)
    assert result.exit_code == 1
    cell = sheet.cell_name(rows[f"action:{LETTER}"], columns["reply"])
    assert result.stdout.splitlines()[1] == f"  {book} 填报!{cell}: 「回复内容」不能为空"


def test_an_action_issued_after_the_workbook_was_made_leaves_it_valid(
    cli, data: Path, tmp_path: Path
):
    """The ledger is not the registry: a new action changes no fingerprint, and the workbook
    imports with the actions open on the day it was made."""
    book = fill(made_book(data, tmp_path), reporter("张三", SUBMITTED))
    later = data / "duban" / "actions" / "2022-09-22-县交通局-1.yaml"
    source = (data / "duban" / "actions" / f"{HUNG}.yaml").read_text(encoding="utf-8")
    later.write_text(
        source.replace("issued: 2022-08-05", "issued: 2022-09-22").replace(
            "deadline: 2022-09-04", "deadline: 2022-10-10"
        ),
        encoding="utf-8",
    )
    assert cli("check", "--data", str(data), "--as-of", "2022-12-31").exit_code == 0
    result = run_import(cli, data, book)
    assert result.exit_code == 0, result.output
    assert "2022-09-22-县交通局-1" not in target(data).read_text(encoding="utf-8")


def test_a_reply_to_an_action_closed_since_as_of_that_day_is_refused(
    cli, data: Path, tmp_path: Path
):
    """The office records the action's 办结 dated before the workbook was made: the row is no
    longer the unit's to answer, and what was typed in it would be lost."""
    book = fill(
        made_book(data, tmp_path),
        {**reporter("张三", SUBMITTED), (f"action:{LETTER}", "reply"): "已整改"},
    )
    ws = openpyxl.load_workbook(book)[sheet.SHEET]
    rows, _ = places(ws)
    action = data / "duban" / "actions" / f"{LETTER}.yaml"
    closure = "closure:\n  date: 2022-09-10\n  confirmed_by: 县政府督查室\n  result: 已办结。\n"
    action.write_text(action.read_text(encoding="utf-8") + closure, encoding="utf-8")
    assert cli("check", "--data", str(data), "--as-of", "2022-12-31").exit_code == 0
    result = run_import(cli, data, book)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1] == (
        f"  {book} 填报!B{rows[f'action:{LETTER}']}: 「督办事项 {LETTER}」这一行填写了内容，"
        "但数据中已没有与它对应的事项（生成填报表之后被撤销或改动）；"
        "请与统筹单位核对，请用 minsheng new-report --format xlsx 重新生成填报表后再填"
    )
    untouched = fill(made_book(data, tmp_path), reporter("张三", SUBMITTED))
    assert run_import(cli, data, untouched).exit_code == 0  # nothing typed there: nothing lost


REPLYING = sorted(
    (path.parent.name, path.stem)
    for path in (DATA / "progress").glob("*/*.yaml")
    if "\nduban:\n" in path.read_text(encoding="utf-8")
)


@pytest.mark.slow
@pytest.mark.parametrize(("month", "unit"), REPLYING)
def test_every_shipped_reply_comes_back_through_its_workbook(
    cli, tmp_path: Path, month: str, unit: str
):
    """Each shipped report with replies, typed into the unit's workbook (made when the last
    of the actions it answers had been issued, all of them open then) and imported over it,
    gives back every reply (text, links, date) and the same 督办 ledger."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shipped = data / "progress" / month / f"{unit}.yaml"
    original = _report(shipped)
    ds = load(data, date(2022, 12, 31)).dataset
    assert ds is not None
    issued = {a.id: a.record.issued for a in ds.actions}
    day = max(issued[reply.id] for reply in original.duban)
    book = made_book(data, tmp_path, unit, month, day)
    fill(book, {**from_report(original), **reply_cells(original)})
    ledger = cli("duban", "--data", str(data), "--as-of", "2022-12-31", "--format", "json").stdout
    result = cli("import", str(book), "--data", str(data), "--force")
    assert result.exit_code == 0, result.output
    assert _report(shipped).duban == original.duban
    again = cli("duban", "--data", str(data), "--as-of", "2022-12-31", "--format", "json").stdout
    assert again == ledger
