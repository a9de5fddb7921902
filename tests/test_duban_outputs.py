"""The 督办 ledger in the outputs: the duban command, new-duban and its 督办函, deadlines, the
bulletin's 挂牌督办及销号情况 (Markdown, HTML, Word), the 督办台账 sheet, the site's project
page and duban.json, the audit trail, the prefilled report; and none of it where a folder
keeps no ledger."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from tests import dubandata as dd
from tests.conftest import DATA, ROOT
from tests.test_history import commit, edit, isolate, new_repo

GOLDEN = ROOT / "tests" / "golden"
FIXTURE = ROOT / "tests" / "fixtures" / "bulletin" / "data"  # a folder without a ledger


# ---- duban -------------------------------------------------------------------------------


def test_duban_lists_suggestions_overdue_and_open_actions(cli):
    result = cli("duban", "--data", str(DATA), "--as-of", "2022-06-30")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("【样例数据】")
    assert "2022-06-19-项目10-现场督办" in out  # the 6-18 reminder went unanswered
    assert "2022-06-30-项目10-约谈" in out
    assert "逾期 12 天未回复" in out
    assert "2022-06-06-县供销社-1" in out  # replied, not closed: still open
    assert "本期（2022年6月）办结" in out


def test_duban_strict_fails_on_a_suggestion_or_an_overdue_action(cli):
    assert cli("duban", "--data", str(DATA), "--as-of", "2022-06-30", "--strict").exit_code == 1
    clean = cli("duban", "--data", str(DATA), "--as-of", "2022-08-31", "--strict")
    assert clean.exit_code == 0, clean.stdout
    assert "督办建议：没有" in clean.stdout


def test_duban_json_gives_the_ledger_at_the_date(cli):
    data = json.loads(
        cli("duban", "--data", str(DATA), "--as-of", "2022-10-15", "--format", "json").stdout
    )
    assert data["as_of"] == "2022-10-15"
    assert data["sample"] is True
    assert data["period"] == {"key": "2022-10", "start": "2022-10-01", "end": "2022-10-15"}
    assert data["overdue"] == ["2022-10-08-县公安局-1"]
    assert data["closed"] == ["2022-10-10-县交通局-1", "2022-10-10-县供销社-1"]
    action = next(a for a in data["actions"] if a["id"] == "2022-08-05-县交通局-3")
    assert action["action"] == "挂牌督办"
    assert action["state"] == "replied"
    assert action["replies"][0]["month"] == "2022-08"
    assert [i["id"] for i in data["inspections"]] == ["2022-08-25-1"]
    assert data["inspections"][0]["findings"][0]["verified"] == "61公里"


def test_duban_without_rules_lists_the_actions_only(cli, tmp_path):
    root = dd.make(tmp_path / "d", office="sample: false\n")
    dd.letter(root, "2022-06-01", deadline="2022-06-20")
    result = cli("duban", "--data", str(root), "--as-of", "2022-06-30")
    assert result.exit_code == 0
    assert "office.yaml 中没有督办规则（escalation），不提出督办建议。" in result.stdout
    assert "逾期 10 天未回复" in result.stdout


def test_duban_refuses_a_bad_date(cli):
    result = cli("duban", "--data", str(DATA), "--as-of", "2022-13-01")
    assert result.exit_code == 2
    assert "不是有效日期" in result.stderr


# ---- new-duban -----------------------------------------------------------------------------


def test_new_duban_writes_the_action_prefilled_from_the_suggestion(cli, data_copy):
    args = (
        "new-duban",
        "--data",
        str(data_copy),
        "--as-of",
        "2022-06-30",
        "--issued",
        "2022-07-05",
    )
    made = cli(*args, "--from", "2022-06-30-项目10-约谈")
    assert made.exit_code == 0, made.output
    path = data_copy / "duban" / "actions" / "2022-07-05-县交通局-2.yaml"  # -1 is taken
    assert made.stdout == f"{path}\n"
    text = path.read_text(encoding="utf-8")
    assert "action: 约谈" in text
    assert "to: 责任人" in text
    assert 'suggestion: "2022-06-30-项目10-约谈"' in text
    assert "issued_by: 县政府督查室" in text
    assert cli("check", "--data", str(data_copy), "--as-of", "2022-12-31").exit_code == 0
    after = json.loads(
        cli("duban", "--data", str(data_copy), "--as-of", "2022-07-05", "--format", "json").stdout
    )
    assert "2022-06-30-项目10-约谈" not in [s["id"] for s in after["suggestions"]]
    again = cli(*args, "--from", "2022-06-19-项目10-现场督办")
    assert again.exit_code == 0
    assert again.stdout.endswith("2022-07-05-县交通局-3.yaml\n")


def test_new_duban_gives_the_rule_s_reply_period_as_the_deadline(cli, data_copy):
    made = cli(
        "new-duban", "--data", str(data_copy), "--as-of", "2022-07-31",
        "--issued", "2022-08-01", "--from", "2022-07-31-项目1-提醒",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    text = Path(made.stdout.strip()).read_text(encoding="utf-8")
    assert "deadline: 2022-08-11  # 办结时限" in text  # 提醒: 10 days


def test_new_duban_refuses_an_unknown_suggestion(cli, data_copy):
    result = cli(
        "new-duban",
        "--data",
        str(data_copy),
        "--as-of",
        "2022-06-30",
        "--from",
        "2022-06-30-项目99-约谈",
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "用法错误：截至 2022-06-30 没有编号为「2022-06-30-项目99-约谈」的督办建议"
    )
    assert "2022-06-30-项目10-约谈" in result.stderr  # the ones there are
    assert not (data_copy / "duban" / "actions" / "2022-06-30-县交通局-1.yaml").exists()


def test_new_duban_refuses_misplaced_options(cli, data_copy, tmp_path):
    out = tmp_path / "x.docx"
    result = cli(
        "new-duban", "--data", str(data_copy), "--from", "2022-08-05-县交通局-1", "-o", str(out)
    )
    assert result.exit_code == 2
    assert "-o 只用于督办函（--format docx）" in result.stderr
    result = cli("new-duban", "--data", str(data_copy), "--from", "2022-08-05-县交通局-1")
    assert result.exit_code == 2
    assert (
        "督办事项「2022-08-05-县交通局-1」已经存在；要为它生成督办函，请加 --format docx"
        in result.stderr
    )
    result = cli("new-duban", "--data", str(data_copy))
    assert result.exit_code == 2
    assert "缺少必需的选项 --from" in result.stderr


def letter_text(path: Path) -> list[str]:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs] + cells


def test_the_letter_is_a_word_document_that_says_what_by_when(cli, data_copy, tmp_path):
    out = tmp_path / "函.docx"
    made = cli(
        "new-duban", "--data", str(data_copy), "--from", "2022-08-05-县交通局-1",
        "--format", "docx", "-o", str(out),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert made.stdout == f"{out}\n"
    text = letter_text(out)
    joined = "\n".join(text)
    assert "关于加快推进“实施农村公路生命安全防护工程”的督办函" in text
    assert "城口县交通局：" in text  # the unit's full name from the registry
    assert "城府督函〔2022〕9号" in joined
    assert "请于2022年8月20日前将整改落实情况书面报送县政府督查室" in joined
    assert "duban 部分写明督办事项编号「2022-08-05-县交通局-1」" in joined
    assert "截至7月底，农村公路生命安全防护工程累计实施61公里" in joined
    assert "【样例数据】" in "\n".join(
        p.text for s in docx.Document(str(out)).sections for p in s.header.paragraphs
    )
    again = cli(
        "new-duban", "--data", str(data_copy), "--from", "2022-08-05-县交通局-1",
        "--format", "docx", "-o", str(out),
    )  # fmt: skip
    assert again.exit_code == 1
    assert again.stderr.startswith("未写入：")


def test_a_letter_for_a_new_action_is_written_with_it(cli, data_copy, tmp_path):
    out = tmp_path / "函.docx"
    made = cli(
        "new-duban", "--data", str(data_copy), "--as-of", "2022-06-30", "--issued", "2022-07-05",
        "--from", "2022-06-30-项目10-约谈", "--format", "docx", "-o", str(out),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines() == [
        str(data_copy / "duban" / "actions" / "2022-07-05-县交通局-2.yaml"),
        str(out),
    ]
    text = letter_text(out)
    assert "关于加快推进“实施农村公路生命安全防护工程”的约谈通知" in text
    assert any("2022-07-05-县交通局-2" in t for t in text)


# ---- deadlines ------------------------------------------------------------------------------


def test_deadlines_list_the_actions_due_and_overdue(cli):
    soon = json.loads(
        cli("deadlines", "--data", str(DATA), "--as-of", "2022-06-10", "--format", "json").stdout
    )
    coming = [d for d in soon["upcoming"] if d["kind"] == "duban"]
    assert [(d["due"], d["name"]) for d in coming] == [
        ("2022-06-18", "提醒（督办事项 2022-06-08-县交通局-1）"),
        ("2022-06-20", "约谈（督办事项 2022-06-08-县供销社-1）"),
        ("2022-06-21", "督办函（督办事项 2022-06-06-县供销社-1）"),
    ]
    on_day = json.loads(
        cli("deadlines", "--data", str(DATA), "--as-of", "2022-06-18", "--format", "json").stdout
    )
    assert not [d for d in on_day["overdue"] if d["kind"] == "duban"]
    late = json.loads(
        cli("deadlines", "--data", str(DATA), "--as-of", "2022-06-19", "--format", "json").stdout
    )
    assert [d["name"] for d in late["overdue"] if d["kind"] == "duban"] == [
        "提醒（督办事项 2022-06-08-县交通局-1）"
    ]
    assert cli("deadlines", "--data", str(DATA), "--as-of", "2022-06-19", "--strict").exit_code == 1


# ---- the bulletin ---------------------------------------------------------------------------


def section(text: str, start: str, end: str) -> str:
    """From ``start`` up to the first ``end`` after it."""
    at = text.index(start)
    return text[at : text.index(end, at)]


@pytest.mark.parametrize("kind", ["md", "html"])
def test_golden_duban_section(cli, kind, update_golden):
    """The 挂牌督办及销号情况 of the shipped data's third quarter (golden, reviewed)."""
    text = cli("bulletin", "--data", str(DATA), "--period", "2022Q3", "--format", kind).stdout
    if kind == "md":
        found = section(text, "## 三、挂牌督办及销号情况", "## 四、下步工作要求")
    else:
        found = section(text, "<h2>三、挂牌督办及销号情况</h2>", "<h2>四、下步工作要求</h2>")
    table = "　督办事项情况表\n" if kind == "md" else ">督办事项情况表</h2>"
    found += section(text, table, "\n---\n" if kind == "md" else "</section>")
    golden = GOLDEN / f"duban-2022Q3.{kind}"
    if update_golden:
        golden.write_text(found, encoding="utf-8")
    assert found == golden.read_text(encoding="utf-8"), "运行 pytest --update-golden 并审阅差异"


def test_the_section_names_the_units_and_what_was_closed(cli):
    text = cli("bulletin", "--data", str(DATA), "--period", "2022Q2").stdout
    part = section(text, "## 三、挂牌督办及销号情况", "## 四、")
    assert "本期共下发督办事项4项（提醒2项、约谈1项、督办函1项），涉及县供销社、县交通局。" in part
    assert "逾期未回复1项（县交通局）" in part
    assert "本期办结2项（县供销社2项）。" in part


def test_the_word_bulletin_has_the_section(cli, tmp_path):
    out = tmp_path / "q3.docx"
    assert cli("bulletin", "--data", str(DATA), "--period", "2022Q3", "-o", str(out)).exit_code == 0
    text = letter_text(out)
    assert "三、挂牌督办及销号情况" in text  # after 存在问题
    assert "四、下步工作要求" in text
    assert any(t.startswith("本期共下发督办事项7项") for t in text)
    assert "督办事项情况表" in text  # the actions in their 附件
    assert (
        "城区农贸市场标准化改造和新建农产品批发市场（第二项）中的南大街城区菜市场标准化改造" in text
    )


def test_a_folder_without_a_ledger_has_no_section(cli):
    for kind in ("md", "html"):
        result = cli("bulletin", "--data", str(FIXTURE), "--period", "2022Q2", "--format", kind)
        assert result.exit_code == 0, result.output
        text = result.stdout
        assert "报送情况" in text
        assert "挂牌督办" not in text
        assert "督办" not in text


# ---- the workbook and the site --------------------------------------------------------------


def test_the_workbook_has_the_ledger_sheet(cli, tmp_path):
    out = tmp_path / "x.xlsx"
    assert (
        cli("export", "--data", str(DATA), "--as-of", "2022-06-30", "-o", str(out)).exit_code == 0
    )
    ws = load_workbook(out)["督办台账"]
    assert ws["A1"].value == "2022年城口县重点民生实事督办台账（截至2022年6月30日）"
    assert [c.value for c in ws[3]][:6] == [
        "编号",
        "督办方式",
        "项目序号",
        "项目",
        "事项",
        "督办对象",
    ]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=4)}
    assert list(rows) == [
        "2022-05-09-县供销社-1",
        "2022-06-06-县供销社-1",
        "2022-06-08-县交通局-1",
        "2022-06-08-县供销社-1",
    ]
    overdue = rows["2022-06-08-县交通局-1"]
    state = next(c for c in overdue if c.value == "逾期未回复（12天）")
    assert state.fill.fgColor.rgb[-6:] == "FDE7E7"  # red, as a missing report


def test_the_ledger_sheet_as_csv(cli):
    result = cli("export", "--data", str(DATA), "--sheet", "duban", "--as-of", "2022-10-15")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("\ufeff编号,督办方式,项目序号,项目,事项,督办对象,下发日期")
    assert any(
        line.startswith("2022-10-08-县公安局-1,提醒,,,,县公安局,2022-10-08") for line in lines
    )


def test_no_ledger_no_sheet(cli, tmp_path):
    out = tmp_path / "x.xlsx"
    assert cli("export", "--data", str(FIXTURE), "-o", str(out)).exit_code == 0
    assert "督办台账" not in load_workbook(out).sheetnames
    result = cli("export", "--data", str(FIXTURE), "--sheet", "duban")
    assert result.exit_code == 2
    assert "没有督办台账" in result.stderr


def test_the_site_lists_each_project_s_actions_and_inspections(cli, tmp_path):
    out = tmp_path / "site"
    assert cli("site", "--data", str(DATA), "-o", str(out), "--as-of", "2022-12-31").exit_code == 0
    page = (out / "projects" / "10.html").read_text(encoding="utf-8")
    assert '<section id="duban" class="section">' in page
    assert "2022-08-05-县交通局-3" in page
    assert "2022年8月25日督查 · 第三季度重点民生实事现场督查" in page
    assert "局主要负责人牵头，每周调度一次" in page  # the unit's reply
    other = (out / "projects" / "03.html").read_text(encoding="utf-8")
    assert "本项目没有督办事项" in other
    ledger = json.loads((out / "duban.json").read_text(encoding="utf-8"))
    assert len(ledger["actions"]) == 14


def test_a_site_without_a_ledger_has_no_duban(cli, tmp_path):
    out = tmp_path / "site"
    assert (
        cli("site", "--data", str(FIXTURE), "-o", str(out), "--as-of", "2022-12-31").exit_code == 0
    )
    assert not (out / "duban.json").exists()
    assert all("督办" not in p.read_text(encoding="utf-8") for p in (out / "projects").iterdir())


# ---- history and the prefilled report -------------------------------------------------------


def test_history_follows_the_ledger(cli, tmp_path, monkeypatch):
    isolate(monkeypatch, tmp_path)
    repo, data = new_repo(tmp_path / "repo")
    dd.make(data)
    commit(repo, "登记表", "2022-04-01T09:00:00+08:00", "发改委")
    path = dd.letter(data, "2022-06-01", deadline="2022-06-20")
    commit(repo, "督办函", "2022-06-01T09:00:00+08:00", "督查室")
    edit(path, "deadline: 2022-06-20", "deadline: 2022-06-25")
    commit(repo, "延期", "2022-06-15T09:00:00+08:00", "督查室")
    shown = cli("history", "--data", str(data))
    assert shown.exit_code == 0
    assert re.search(
        r"督办事项 2022-06-01-甲局-1 .*项目 1 .*办结时限 2022-06-20 → 2022-06-25", shown.stdout
    )
    assert "新建的督办事项和督查记录 1 份未列出（加 --all 列出）。" in shown.stdout
    every = cli("history", "--data", str(data), "--all", "--format", "json")
    rows = json.loads(every.stdout)["changes"]
    assert [(r["kind"], r["ledger"]) for r in rows if "ledger" in r] == [
        ("first", "督办事项 2022-06-01-甲局-1"),
        ("changed", "督办事项 2022-06-01-甲局-1"),
    ]
    assert cli("history", "--data", str(data), "--unit", "甲局").stdout.count("督办事项 2022") == 1


def test_the_prefilled_report_lists_the_unit_s_open_actions(cli, data_copy):
    (data_copy / "progress" / "2022-09" / "县交通局.yaml").unlink()
    made = cli("new-report", "--data", str(data_copy), "--unit", "县交通局", "--month", "2022-09")
    assert made.exit_code == 0, made.output
    text = (data_copy / "progress" / "2022-09" / "县交通局.yaml").read_text(encoding="utf-8")
    assert "# duban:" in text
    assert '#   - id: "2022-08-05-县交通局-3"  # 挂牌督办：' in text
    assert "2022-07-05-县交通局-1" not in text  # closed already


def test_the_schema_of_the_ledger_files(cli):
    for kind, title in (("action", "督办事项"), ("inspection", "督查记录")):
        schema = json.loads(cli("schema", "--kind", kind).stdout)
        assert title in schema["title"]
        assert schema["additionalProperties"] is False
    progress = json.loads(cli("schema", "--kind", "progress").stdout)
    assert {"duban", "closure"} <= set(progress["properties"])


def test_the_documented_duban_output_is_what_the_tool_prints(cli):
    doc = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    start = doc.index("例如随附数据在 2022 年 10 月 15 日：\n\n```\n")
    block = doc[start:].split("```\n")[1].splitlines()
    assert block[-1] == "…"
    shown = cli("duban", "--data", str(DATA), "--as-of", "2022-10-15").stdout
    lines = [line.rstrip() for line in shown.splitlines()]
    for line in block[:-1]:
        assert line in lines


def test_an_office_s_own_layout_shows_the_section_it_never_knew_of(cli, tmp_path):
    """The section is words of the document, not of a template: a templates folder with its own
    _document.md.j2 (one without any 督办 in it) lays it out like any other section."""
    own = tmp_path / "templates"
    own.mkdir()
    layout = (ROOT / "templates" / "_document.md.j2").read_text(encoding="utf-8")
    assert "督办" not in layout
    (own / "_document.md.j2").write_text(
        layout.replace("# {{ meta.title|md }}", "# 【{{ meta.title|md }}】"), encoding="utf-8"
    )
    result = cli("bulletin", "--data", str(DATA), "--period", "2022Q2", "--templates", str(own))
    assert result.exit_code == 0, result.output
    assert "# 【关于2022年城口县重点民生实事1—6月推进情况的通报】" in result.stdout
    assert "\n## 三、挂牌督办及销号情况\n\n本期共下发督办事项4项" in result.stdout
    assert "\n## 四、下步工作要求\n" in result.stdout


def test_new_duban_names_the_person_the_registry_gives(cli, tmp_path):
    root = dd.make(tmp_path / "d")
    registry = root / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace(
            "    text: 完成100个。\n",
            "    text: 完成100个。\n    responsible: {name: 王五, post: 副局长}\n",
        ),
        encoding="utf-8",
    )
    dd.report(root, "2022-04", 30)
    dd.report(root, "2022-05", 38)
    made = cli(
        "new-duban", "--data", str(root), "--as-of", "2022-05-31", "--issued", "2022-06-02",
        "--from", "2022-05-31-项目1-约谈",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    written = (root / "duban" / "actions" / "2022-06-02-甲局-1.yaml").read_text(encoding="utf-8")
    assert "person: 王五（副局长）  # 责任人姓名（登记表中的）" in written
    assert cli("check", "--data", str(root), "--as-of", "2022-12-31").exit_code == 0
