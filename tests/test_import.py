"""`minsheng import`: a filled-in workbook becomes the progress file new-report would write, after
the same validation as `check`; every refusal names the workbook, the sheet and the cell."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from minsheng.load.adapters import adapter
from minsheng.load.yamlread import read_file
from minsheng.models import ProgressReport
from minsheng.views import report_sheet as sheet
from tests.conftest import DATA, ROOT
from tests.workbooks import cell_of, fill, reporter, rewrite, with_formula

QUARTERLY = Path(__file__).parent / "fixtures" / "quarterly"
UNIT, MONTH = "县教委", "2022-09"  # the month's shipped reports are taken out
BOOK = f"{UNIT}-{MONTH}.xlsx"
SUBMITTED = date(2022, 9, 28)


def month_latest(tmp_path: Path) -> Path:
    """A copy of the shipped data where MONTH is the month being reported (none after it)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    for month in sorted((target / "progress").iterdir()):
        if month.name >= MONTH:
            shutil.rmtree(month)
    return target


def made_book(cli, data: Path, tmp_path: Path) -> Path:
    """The unit's workbook for the month, as new-report makes it."""
    path = tmp_path / BOOK
    made = cli(
        "new-report",
        "--data",
        str(data),
        "--unit",
        UNIT,
        "--month",
        MONTH,
        "--format",
        "xlsx",
        "-o",
        str(path),
    )
    assert made.exit_code == 0, made.output
    assert made.stdout.strip() == str(path)
    return path


@pytest.fixture(scope="module")
def pristine(shared_cli, tmp_path_factory) -> tuple[Path, Path]:
    """The month's data folder and the unit's workbook made from it, once: tests get copies."""
    folder = tmp_path_factory.mktemp("pristine")
    data = month_latest(folder)
    return data, made_book(shared_cli, data, folder)


@pytest.fixture
def data(pristine: tuple[Path, Path], tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine[0], tmp_path / "data"))


@pytest.fixture
def book(pristine: tuple[Path, Path], data: Path, tmp_path: Path) -> Path:
    """The workbook new-report makes of ``data`` (made once, copied: tests fill it in)."""
    return Path(shutil.copy2(pristine[1], tmp_path / BOOK))


def target(data: Path) -> Path:
    return data / "progress" / MONTH / f"{UNIT}.yaml"


def run_import(cli, data: Path, *paths: Path | str, extra: tuple[str, ...] = ()):
    return cli("import", *map(str, paths), "--data", str(data), *extra)


def refused(cli, data: Path, path: Path, *problems: str) -> None:
    """The workbook is refused with exactly these problems, and nothing is written."""
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    result = run_import(cli, data, path)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"未导入：{path}（{len(problems)} 个问题）", result.stdout
    assert lines[1:-1] == [
        f"  {path} {p}" if not p.startswith(":") else f"  {path}{p}" for p in problems
    ]
    assert lines[-1] == "共 1 个工作簿：导入 0 个，跳过 0 个，未导入 1 个。"
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


def _yaml_of(cli, data: Path, submitted: date, name: str) -> str:
    """What new-report writes for the unit and month, with 填报人 and 报送日期 filled in."""
    result = cli("new-report", "--data", str(data), "--unit", UNIT, "--month", MONTH)
    assert result.exit_code == 0, result.output
    text = target(data).read_text(encoding="utf-8")
    target(data).unlink()
    text = text.replace("reporter:  #", f"reporter: {name}  #", 1)
    return re.sub(
        r"^submitted: \S+", f"submitted: {submitted.isoformat()}", text, count=1, flags=re.M
    )


# ---- the way back ------------------------------------------------------------------------


def test_an_untouched_workbook_lacks_only_the_reporter(cli, data: Path, book: Path):
    refused(cli, data, book, "填报!B3: 「填报人」不能为空")


def test_with_the_reporter_filled_in_it_imports_as_new_report_s_file(cli, data: Path, book: Path):
    expected = _yaml_of(cli, data, SUBMITTED, "王晓东")
    fill(book, reporter("王晓东", SUBMITTED))
    result = run_import(cli, data, book)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"已导入：{book} → {target(data).as_posix()}",
        "共 1 个工作簿：导入 1 个，跳过 0 个，未导入 0 个。",
    ]
    assert target(data).read_text(encoding="utf-8") == expected
    check = cli("check", "--data", str(data), "--as-of", "2022-12-31")
    assert check.exit_code == 0, check.output


def test_what_is_typed_reaches_the_file(cli, data: Path, book: Path):
    cells = {
        **reporter("王晓东", SUBMITTED),
        ("#header", "phone"): 13800001111,  # typed as a number: still the phone's digits
        ("project:3", "progress"): "主体结构施工。\n完成投资1.2亿元。",
        ("project:3", "evidence"): "https://example.gov.cn/a\nhttps://example.gov.cn/b",
        ("indicator:3-2", "value"): 1.2,
        ("indicator:3-2", "forecast"): 1.5,
        ("indicator:3-2", "forecast_by"): date(2022, 11, 30),
        ("indicator:3-2", "note"): "含设备购置",
        ("indicator:3-1", "expected_done"): date(2022, 10, 15),
        ("item:7-1:咸宜幼儿园", "percent"): 30,
    }
    fill(book, cells)
    result = run_import(cli, data, book)
    assert result.exit_code == 0, result.output
    report = _report(target(data))
    assert report.phone == "13800001111"
    project = next(p for p in report.projects if p.id == 3)
    assert project.progress == "主体结构施工。\n完成投资1.2亿元。"
    assert project.evidence == ("https://example.gov.cn/a", "https://example.gov.cn/b")
    investment = next(i for i in project.indicators if i.id == "3-2")
    assert investment.value == 1.2 and investment.note == "含设备购置"
    assert investment.forecast is not None
    assert (investment.forecast.value, investment.forecast.by) == (1.5, date(2022, 11, 30))
    start = next(i for i in project.indicators if i.id == "3-1")
    assert start.expected_done == date(2022, 10, 15)
    text = target(data).read_text(encoding="utf-8")
    assert "        value: 1.2  # 年初至今累计完成（亿元），目标 1.5亿元以上\n" in text
    assert (
        "        forecast: {value: 1.5, by: 2022-11-30}  # 预计：到预计日期达到的数值（选填，与预计日期同填）\n"
        in text
    )
    assert "          - {name: 咸宜幼儿园, stage: 开工, percent: 30}  # 目标「新开工」\n" in text


def test_a_percentage_typed_with_its_sign_is_read_as_meant(cli, data: Path, book: Path):
    def percent_format(workbook):
        workbook[sheet.SHEET][
            cell_of(workbook[sheet.SHEET], "item:7-1:咸宜幼儿园", "percent")
        ].number_format = "0%"

    fill(
        book,
        {**reporter("王晓东", SUBMITTED), ("item:7-1:咸宜幼儿园", "percent"): 0.3},
        edit=percent_format,
    )
    assert run_import(cli, data, book).exit_code == 0
    assert "{name: 咸宜幼儿园, stage: 开工, percent: 30}" in target(data).read_text(
        encoding="utf-8"
    )


# ---- what the clerk typed wrong ----------------------------------------------------------


def test_text_in_a_number_cell(cli, data: Path, book: Path):
    fill(book, {**reporter("王晓东", SUBMITTED), ("indicator:3-2", "value"): "八十"})
    refused(
        cli,
        data,
        book,
        "填报!F10: 「八十」不是数字：请只写数字，如 92 或 1.5（不要带单位、百分号或逗号）",
    )


def test_a_stage_not_in_the_list(cli, data: Path, book: Path):
    fill(book, {**reporter("王晓东", SUBMITTED), ("indicator:3-1", "stage"): "竣工"})
    refused(
        cli,
        data,
        book,
        "填报!G8: 阶段「竣工」不在阶段表中；可写：未启动、已启动（也可写 启动、开工、开工建设、新开工、实施、推行）、"
        "建成（也可写 完成、完工、改造完成、打造完成）、投用（也可写 投入使用、建成投用）",
    )


def test_a_checklist_item_s_stage_is_told_at_the_item_s_own_cell(cli, data: Path, book: Path):
    fill(book, {**reporter("王晓东", SUBMITTED), ("item:7-1:咸宜幼儿园", "stage"): "竣工"})
    ws = openpyxl.load_workbook(book)[sheet.SHEET]
    refused(
        cli,
        data,
        book,
        f"填报!{cell_of(ws, 'item:7-1:咸宜幼儿园', 'stage')}: 阶段「竣工」不在阶段表中；"
        "可写：未启动、已启动（也可写 启动、开工、开工建设、新开工、实施、推行）、"
        "建成（也可写 完成、完工、改造完成、打造完成）、投用（也可写 投入使用、建成投用）",
    )


def test_a_figure_lower_than_last_month_needs_a_correction(cli, data: Path, book: Path):
    fill(book, {**reporter("王晓东", SUBMITTED), ("indicator:3-2", "value"): 0.5})
    refused(
        cli,
        data,
        book,
        "填报!F10: 累计完成数「0.5亿元」低于 2022-08 报送的「1.05亿元」；如确需更正，请在本行的「更正说明」写明原因",
    )
    fill(book, {("indicator:3-2", "correction"): "8月误将预付款计入"})
    assert run_import(cli, data, book).exit_code == 0
    assert '        correction: "8月误将预付款计入"  # 更正说明' in target(data).read_text(
        encoding="utf-8"
    )


def test_a_date_after_today_is_refused_at_its_cell(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", date(2099, 1, 1)))
    refused(
        cli, data, book, f"填报!G3: 报送日期 2099-01-01 晚于统计日期 {date.today()}，请检查日期"
    )


def test_a_forecast_needs_its_date(cli, data: Path, book: Path):
    fill(book, {**reporter("王晓东", SUBMITTED), ("indicator:3-2", "forecast"): 1.5})
    refused(cli, data, book, "填报!O10: 「预计日期」必须填写")
    fill(
        book,
        {("indicator:3-2", "forecast"): None, ("indicator:3-2", "forecast_by"): date(2022, 11, 30)},
    )
    refused(cli, data, book, "填报!N10: 「预计达到」必须填写（与「预计日期」同填）")


def test_a_formula_without_a_saved_result_is_refused(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED))
    with_formula(book, "F10", "E10*2", None)
    refused(
        cli,
        data,
        book,
        "填报!F10: 这里是公式「=E10*2」，没有保存计算结果；请直接填写本期累计（不要用公式）",
    )


def test_a_formula_s_saved_result_is_used_and_said(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED))
    with_formula(book, "F10", "1+0.2", "1.2")
    result = run_import(cli, data, book)
    assert result.exit_code == 0, result.output
    assert (
        f"  提示：{book} 填报!F10: 这里是公式「=1+0.2」，已按保存的计算结果「1.2」导入"
        in result.stdout.splitlines()
    )
    assert "        value: 1.2  # 年初至今累计完成" in target(data).read_text(encoding="utf-8")


# ---- workbooks that are not this unit's, this plan's or this registry's ------------------


def _mark(label: str, value: str):
    def edit(workbook):
        marks = workbook[sheet.MARKS]
        row = next(r for r in range(1, marks.max_row + 1) if marks.cell(r, 1).value == label)
        marks.cell(row, 2).value = value

    return edit


def test_a_workbook_of_another_plan(cli, data: Path, book: Path):
    fill(
        book,
        reporter("王晓东", SUBMITTED),
        edit=_mark(sheet.MARK_PLAN, "2021|城府办发〔2021〕12号"),
    )
    fill(book, {}, edit=_mark(sheet.MARK_TITLE, "2021年城口县重点民生实事"))
    refused(
        cli,
        data,
        book,
        ": 这是「2021年城口县重点民生实事」的填报表，不是本计划「2022年城口县重点民生实事工作目标任务」的；"
        "请用本计划的数据文件夹导入，或用 minsheng new-report --format xlsx 重新生成填报表",
    )


def test_what_a_workbook_says_stays_on_its_line(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED), edit=_mark(sheet.MARK_PLAN, "2021|x"))
    fill(book, {}, edit=_mark(sheet.MARK_TITLE, "2021年\n已导入：伪造的一行"))
    result = run_import(cli, data, book)
    assert result.exit_code == 1
    assert "这是「2021年\\n已导入：伪造的一行」的填报表" in result.stdout
    assert not any(line.startswith("已导入") for line in result.stdout.splitlines())


def test_a_workbook_of_a_unit_the_registry_does_not_know(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED), edit=_mark(sheet.MARK_UNIT, "县教育局"))
    result = run_import(cli, data, book)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1].startswith(
        f"  {book}: 填报表是为「县教育局」2022-09 生成的，但没有名为「县教育局」的责任单位；可选：县住房城乡建委、"
    )


def test_a_workbook_of_a_month_the_registry_does_not_expect(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED), edit=_mark(sheet.MARK_MONTH, "2023-01"))
    refused(
        cli,
        data,
        book,
        ": 填报表是为「县教委」2023-01 生成的，但月份「2023-01」不在报送期内；应为 2022-04 至 2022-12 之间，写成 YYYY-MM",
    )


def test_a_registry_changed_in_what_the_cells_mean(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED))
    registry = data / "projects.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("unit: 亿元", "unit: 万元", 1),
        encoding="utf-8",
    )
    refused(
        cli,
        data,
        book,
        ": 登记表在生成这份填报表之后改动过（指标、清单项、阶段或计量单位与生成时不同），表中的格子已无法一一对应；"
        "请用 minsheng new-report --format xlsx 重新生成填报表后再填",
    )


def test_a_name_corrected_in_the_registry_changes_nothing(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED))
    registry = data / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    assert "name: 年度投资" in text
    registry.write_text(text.replace("name: 年度投资", "name: 年度完成投资", 1), encoding="utf-8")
    assert run_import(cli, data, book).exit_code == 0


def test_a_workbook_not_made_by_the_tool(cli, data: Path, tmp_path: Path):
    other = tmp_path / "别的表.xlsx"
    workbook = openpyxl.Workbook()
    workbook.worksheets[0]["A1"] = "进展"
    workbook.save(other)
    refused(
        cli,
        data,
        other,
        ": 这不是 minsheng 生成的填报表（找不到隐藏的「标识」工作表）；请在 minsheng new-report --format xlsx 生成的工作簿上填写",
    )


# ---- the structure -----------------------------------------------------------------------


def test_a_row_typed_in_between(cli, data: Path, book: Path):
    def insert(workbook):
        ws = workbook[sheet.SHEET]
        ws.insert_rows(9)
        ws["B9"] = "补充一行"

    fill(book, reporter("王晓东", SUBMITTED), edit=insert)
    refused(
        cli,
        data,
        book,
        "填报!A9: 第 9 行不是生成时的行（可能插入过行，或在表格下方另写了内容）；请在生成的工作簿上填写，不要插入、删除或移动行和列",
    )


def test_a_row_deleted(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED), edit=lambda wb: wb[sheet.SHEET].delete_rows(10))
    refused(
        cli,
        data,
        book,
        "填报: 缺少「3-2 年度投资」这一行（可能删除过行）；请在生成的工作簿上填写，不要插入、删除或移动行和列",
    )


def test_a_column_deleted(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED), edit=lambda wb: wb[sheet.SHEET].delete_cols(8))
    refused(
        cli,
        data,
        book,
        "填报: 缺少「形象进度」列（可能删除过列）；请在生成的工作簿上填写，不要插入、删除或移动行和列",
    )


def test_a_heading_changed(cli, data: Path, book: Path):
    def rename(workbook):
        workbook[sheet.SHEET]["F6"] = "本月数"

    fill(book, reporter("王晓东", SUBMITTED), edit=rename)
    refused(
        cli,
        data,
        book,
        "填报!F6: 这一列应为「本期累计」（可能插入、删除或移动过列）；请在生成的工作簿上填写，不要插入、删除或移动行和列",
    )


def test_the_fill_in_sheet_renamed(cli, data: Path, book: Path):
    def rename(workbook):
        workbook[sheet.SHEET].title = "Sheet1"

    fill(book, reporter("王晓东", SUBMITTED), edit=rename)
    refused(
        cli,
        data,
        book,
        ": 找不到「填报」工作表（可能被改名或删除）；请用 minsheng new-report --format xlsx 重新生成填报表",
    )


# ---- files that are not workbooks, or hostile ones ----------------------------------------


@pytest.mark.parametrize("suffix", [".xls", ".et"])
def test_old_formats_are_to_be_saved_as_xlsx(cli, data: Path, tmp_path: Path, suffix: str):
    old = tmp_path / f"县教委-2022-09{suffix}"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    refused(
        cli,
        data,
        old,
        ": 这是旧版 Excel（.xls）或 WPS（.et）格式的文件，无法导入；请另存为 .xlsx 后再导入",
    )


def test_an_old_format_behind_an_xlsx_name(cli, data: Path, tmp_path: Path):
    old = tmp_path / "改了扩展名.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    refused(
        cli,
        data,
        old,
        ": 文件名是 .xlsx，内容却是旧版 Excel（.xls）或 WPS（.et）格式；请另存为 .xlsx 后再导入",
    )


def test_a_broken_zip(cli, data: Path, book: Path):
    raw = book.read_bytes()
    book.write_bytes(raw[: len(raw) // 2])
    refused(
        cli,
        data,
        book,
        ": 文件已损坏，不是有效的 .xlsx 工作簿；请在 Excel 或 WPS 中打开并重新保存，或重新生成后再填",
    )


def test_a_damaged_part(cli, data: Path, book: Path):
    rewrite(book, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    refused(
        cli,
        data,
        book,
        ": 工作簿内部的 xl/worksheets/sheet1.xml 不是有效的 XML；文件已损坏，不是有效的 .xlsx 工作簿；"
        "请在 Excel 或 WPS 中打开并重新保存，或重新生成后再填",
    )


BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)


def test_an_xml_bomb(cli, data: Path, book: Path):
    def arm(xml: bytes) -> bytes:
        body = xml.decode("utf-8").split("?>", 1)[-1]
        return (BOMB + body.replace("<t>", "<t>&lol3;", 1)).encode("utf-8")

    rewrite(book, "xl/worksheets/sheet1.xml", arm)
    refused(
        cli,
        data,
        book,
        ": 工作簿内部的 xl/worksheets/sheet1.xml 含有 DTD 或实体声明（可能是「XML 炸弹」），已拒绝读取；"
        "Excel 和 WPS 保存的工作簿不会含有这些内容",
    )


def test_a_zip_bomb(cli, data: Path, book: Path):
    raw = io.BytesIO(book.read_bytes())
    with zipfile.ZipFile(raw, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", b"\0" * (40 * 1024 * 1024))
    book.write_bytes(raw.getvalue())
    assert book.stat().st_size < 1024 * 1024
    refused(
        cli, data, book, ": 工作簿解压后过大（可能是「压缩炸弹」），不像单位的填报表；已拒绝读取"
    )


def test_too_many_parts(cli, data: Path, book: Path):
    raw = io.BytesIO(book.read_bytes())
    with zipfile.ZipFile(raw, "a") as archive:
        for n in range(600):
            archive.writestr(f"xl/media/{n}.bin", b"")
    book.write_bytes(raw.getvalue())
    refused(
        cli,
        data,
        book,
        ": 工作簿内部的文件过多（611 个，上限 500 个），不像单位的填报表；已拒绝读取",
    )


def test_a_file_that_is_not_there(cli, data: Path, tmp_path: Path):
    refused(cli, data, tmp_path / "没有.xlsx", ": 文件不存在")
    refused(cli, data, tmp_path / "收件", ": 文件不存在")


def test_a_file_of_another_kind(cli, data: Path, tmp_path: Path):
    other = tmp_path / "进展.csv"
    other.write_text("项目,进展\n", encoding="utf-8")
    refused(
        cli,
        data,
        other,
        ": 只能导入 .xlsx 工作簿，这个文件扩展名是「.csv」；请另存为 .xlsx 后再导入",
    )


# ---- the report already in the data folder -------------------------------------------------


def test_the_same_workbook_twice_is_skipped(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED))
    assert run_import(cli, data, book).exit_code == 0
    before = target(data).read_bytes()
    again = run_import(cli, data, book)
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == "共 1 个工作簿：导入 0 个，跳过 1 个，未导入 0 个。"
    assert again.stdout.splitlines()[0].startswith(f"已跳过：{book}（与 ")
    assert target(data).read_bytes() == before


def test_a_different_workbook_is_not_written_over_a_report_without_force(
    cli, data: Path, book: Path
):
    fill(book, reporter("王晓东", SUBMITTED))
    assert run_import(cli, data, book).exit_code == 0
    before = target(data).read_bytes()
    fill(book, {("indicator:3-2", "value"): 1.3})
    result = run_import(cli, data, book)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(f"未导入：{book}（")
    assert result.stdout.splitlines()[0].endswith("中已有不同的报告；如确需覆盖，请加 --force）")
    assert target(data).read_bytes() == before
    forced = run_import(cli, data, book, extra=("--force",))
    assert forced.exit_code == 0, forced.output
    assert _report(target(data)).projects[0].indicators[1].value == 1.3


def test_importing_over_a_report_keeps_the_office_s_review(cli, data: Path, tmp_path: Path):
    june = data / "progress" / "2022-06" / f"{UNIT}.yaml"
    reviews = {
        i.id: i.review for p in _report(june).projects for i in p.indicators if i.review is not None
    }
    assert reviews  # the shipped report has the 督查室's reviews
    path = tmp_path / "六月.xlsx"
    made = cli(
        "new-report",
        "--data",
        str(data),
        "--unit",
        UNIT,
        "--month",
        "2022-06",
        "--format",
        "xlsx",
        "-o",
        str(path),
    )
    assert made.exit_code == 0
    fill(path, {**reporter("王晓东", date(2022, 6, 30)), ("indicator:9-1", "value"): 90})
    result = run_import(cli, data, path, extra=("--force",))
    assert result.exit_code == 0, result.output
    after = {i.id: i for p in _report(june).projects for i in p.indicators}
    assert {k: after[k].review for k in reviews} == reviews
    assert after["9-1"].self_assessment == 90


# ---- several workbooks at once -------------------------------------------------------------


def test_a_batch_says_one_line_per_workbook_and_fails_if_any_is_refused(
    cli, data: Path, tmp_path: Path
):
    inbox = tmp_path / "inbox"
    made = cli(
        "new-report",
        "--data",
        str(data),
        "--all-units",
        "--month",
        MONTH,
        "--format",
        "xlsx",
        "-o",
        str(inbox),
    )
    assert made.exit_code == 0, made.output
    books = sorted(inbox.glob("*.xlsx"))
    assert len(books) == 15
    good, bad, *rest = books
    for path in (good, *rest):
        fill(path, reporter("填报人", SUBMITTED))
    (inbox / f"~${good.name}").write_bytes(b"lock")
    (inbox / "旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    result = run_import(cli, data, inbox)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        f"已跳过：{inbox / ('~$' + good.name)}（Excel 或 WPS 打开工作簿时留下的临时文件）" in lines
    )
    assert f"未导入：{bad}（1 个问题）" in lines
    assert f"  {bad} 填报!B3: 「填报人」不能为空" in lines
    assert f"未导入：{inbox / '旧表.xls'}（1 个问题）" in lines
    assert sum(line.startswith("已导入：") for line in lines) == 14
    assert lines[-1] == "共 16 个工作簿：导入 14 个，跳过 0 个，未导入 2 个。"
    again = run_import(cli, data, *books[2:], good)
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == "共 14 个工作簿：导入 0 个，跳过 14 个，未导入 0 个。"
    assert cli("check", "--data", str(data), "--as-of", "2022-12-31").exit_code == 0


def test_a_pattern_the_shell_left_alone_is_expanded(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED))
    result = run_import(cli, data, str(book.parent / "*.xlsx"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "共 1 个工作簿：导入 1 个，跳过 0 个，未导入 0 个。"


def test_a_dry_run_shows_the_file_and_writes_nothing(cli, data: Path, book: Path):
    fill(book, reporter("王晓东", SUBMITTED))
    result = run_import(cli, data, book, extra=("--dry-run",))
    assert result.exit_code == 0, result.output
    assert not target(data).exists()
    assert result.stdout.splitlines()[0].startswith(f"将导入：{book} → ")
    assert "reporter: 王晓东  # 填报人姓名（必填）" in result.stdout
    assert result.stdout.splitlines()[-1] == "共 1 个工作簿：将导入 1 个，跳过 0 个，未导入 0 个。"


def test_a_later_month_made_lower_by_the_import_is_its_problem(cli, data: Path, tmp_path: Path):
    """Importing July's figure above what August says would make August a regression."""
    path = tmp_path / "七月.xlsx"
    july = data / "progress" / "2022-07" / f"{UNIT}.yaml"
    july.unlink()
    made = cli(
        "new-report",
        "--data",
        str(data),
        "--unit",
        UNIT,
        "--month",
        "2022-07",
        "--format",
        "xlsx",
        "-o",
        str(path),
    )
    assert made.exit_code == 0
    fill(path, {**reporter("王晓东", date(2022, 7, 30)), ("indicator:3-2", "value"): 9})
    result = run_import(cli, data, path)
    assert result.exit_code == 1
    problem = result.stdout.splitlines()[1]
    assert problem.startswith(f"  {path}: 导入后 ") and "progress/2022-08/县教委.yaml:" in problem
    assert problem.endswith(
        "出现错误：累计完成数「1.05亿元」低于 2022-07 报送的「9亿元」；如确需更正，请在本指标下填写 correction（更正说明）"
    )
    assert not july.exists()


def test_a_quarterly_report_goes_to_the_quarter_s_last_month(cli, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(QUARTERLY, data)
    path = tmp_path / "q2.xlsx"
    made = cli(
        "new-report",
        "--data",
        str(data),
        "--unit",
        "县发展改革局",
        "--period",
        "2022Q2",
        "--format",
        "xlsx",
        "-o",
        str(path),
    )
    assert made.exit_code == 0, made.output
    fill(path, reporter("李四", date(2022, 6, 15)))
    result = run_import(cli, data, path)
    assert result.exit_code == 0, result.output
    written = data / "progress" / "2022-06" / "县发展改革局.yaml"
    assert result.stdout.splitlines()[0] == f"已导入：{path} → {written.as_posix()}"
    assert (
        "# 单位：县发展改革局　报送期：2022年第二季度　报送截止：2022年6月20日"
        in written.read_text(encoding="utf-8")
    )
    assert cli("check", "--data", str(data), "--as-of", "2022-12-31").exit_code == 0


def test_the_documented_batch_is_what_the_tool_prints(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """docs/commands.md: two workbooks of one unit (one a copy), and one with two mistakes."""
    commands = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    start = commands.index("```text\n", commands.index("每个工作簿一行结果：")) + len("```text\n")
    documented = commands[start : commands.index("```", start)]
    monkeypatch.chdir(tmp_path)
    shutil.copytree(DATA, "data")
    for month in Path("data/progress").iterdir():
        if month.name >= "2022-06":
            shutil.rmtree(month)
    inbox = Path("收件")
    inbox.mkdir()
    for unit in ("县教委", "县交通局"):
        made = cli(
            "new-report",
            "--unit",
            unit,
            "--month",
            "2022-06",
            "--format",
            "xlsx",
            "-o",
            str(inbox / f"{unit}-2022-06.xlsx"),
        )
        assert made.exit_code == 0, made.output
    fill(inbox / "县教委-2022-06.xlsx", reporter("王晓东", date(2022, 6, 30)))
    shutil.copy(inbox / "县教委-2022-06.xlsx", inbox / "县教委-2022-06(1).xlsx")
    fill(inbox / "县交通局-2022-06.xlsx", {("indicator:10-1", "value"): "八十"})
    result = cli("import", *sorted(str(p) for p in inbox.iterdir()))
    assert result.exit_code == 1
    assert result.stdout == documented


def _report(path: Path) -> ProgressReport:
    doc, problems = read_file(path)
    assert doc is not None and problems == []
    return adapter(ProgressReport).validate_python(doc.data)
