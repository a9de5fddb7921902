"""What the outputs show of the list's other dimensions on the test county, and that a folder
without them shows exactly what it did (no new JSON keys, no new lines, no new sheets)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import DATA

COUNTY = Path(__file__).resolve().parent / "fixtures" / "county"
NOW = COUNTY / "2023"
BEFORE = COUNTY / "2022"
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = ("--as-of", "2023-06-30")


def run(cli, *args: str):
    result = cli(*args)
    assert "Traceback" not in result.output
    return result


# ---- status --------------------------------------------------------------------------------------


def test_status_adds_counts_money_levels_categories_people_and_years(cli):
    result = run(cli, "status", "--data", str(NOW), *AS_OF, "--previous", str(BEFORE))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "共6件8项，达到时间进度要求的5件7项。" in out
    assert "投资与资金：年度计划投资15000万元，完成投资6300万元，占年度计划的42.0%" in out
    assert (
        "前三名：第一名东城街道（100.0%）；第二名西城街道（88.3%）；第三名南山镇、青山乡（80.0%）"
        in out
    )
    assert re.search(r"│ 县级 │ +5 │ +7 │ +67\.5% │", out)
    assert re.search(r"│ 教育卫生 │ +1 │ +2 │ +39\.4% │ +40\.7% │", out)
    # status is the office's own view: the responsible person with the phone (cells may wrap)
    assert "钱明（县交通局局长，" in out and "13900000001" in out
    assert re.search(r"2022年 520户；2023年 240户 │ +1000户 │ +760户 │ +76\.0%", out)


def test_status_without_previous_says_where_the_earlier_year_is(cli):
    result = run(cli, "status", "--data", str(NOW), *AS_OF)
    assert result.exit_code == 0
    assert "缺少 2022 年度的数据" in result.stdout
    assert "240户 │ +1000户 │ +240户 │ +24\\.0%" not in result.stdout
    assert re.search(r"│ +1000户 │ +240户 │ +24\.0%", result.stdout)


def test_status_level_and_category_narrow_the_picture(cli):
    result = run(cli, "status", "--data", str(NOW), *AS_OF, "--level", "省级")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0].startswith("层级：省级（来源：《重庆市2023年重点民生实事》")
    assert "项目数 1，已完成 0，正常推进 1" in out
    assert "共1件1项，达到时间进度要求的1件1项。" in out  # checked against the level's own 1件1项
    assert "按层级" not in out
    result = run(cli, "status", "--data", str(NOW), *AS_OF, "--category", "社会保障")
    assert result.exit_code == 0
    assert "项目数 2，" in result.stdout
    assert "│    2 │ 乡镇养老服务中心建设" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--level", "国家级"), "用法错误：没有名为「国家级」的层级；可选：省级、市级、县级"),
        (
            ("--category", "体育"),
            "用法错误：没有名为「体育」的类别；可选：城乡建设、社会保障、教育卫生",
        ),
        (("--by-area", "--format", "csv"), "用法错误：--by-area 只用于表格和 JSON"),
        (("--previous", str(NOW)), "用法错误：--previous 给出的「"),
    ],
)
def test_status_usage_errors(cli, args, message):
    result = run(cli, "status", "--data", str(NOW), *AS_OF, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr


def test_status_level_on_a_plan_without_levels(cli):
    result = run(cli, "status", "--data", str(DATA), "--level", "县级")
    assert result.exit_code == 2
    assert "登记表中没有写层级（plan.levels），不能按层级查看" in result.stderr


def test_status_by_area(cli):
    result = run(cli, "status", "--data", str(NOW), *AS_OF, "--by-area")
    assert result.exit_code == 0, result.output
    out = result.stdout
    ranks = re.findall(r"│ (第.名) +│ (\S+) +│ +([\d.]+%) │", out)
    assert ranks == [
        ("第一名", "东城街道", "100.0%"),
        ("第二名", "西城街道", "88.3%"),
        ("第三名", "南山镇", "80.0%"),
        ("第三名", "青山乡", "80.0%"),
        ("第五名", "北坝镇", "72.0%"),
        ("第六名", "河口乡", "30.0%"),
    ]
    assert re.search(r"│ 全县 +│ +60公里 │ +36公里 │ +60\.0% │ +60\.0% │", out)
    assert re.search(r"│ 西城街道 +│ +12公里 │ +9公里 │ +75\.0% │ +75\.0% │", out)
    assert "农村公路提质改造：河口乡（30.0%）、青山乡（40.0%）、南山镇（60.0%）" in out


def test_status_by_area_without_split_targets(cli):
    result = run(cli, "status", "--data", str(DATA), "--as-of", "2022-06-30", "--by-area")
    assert result.exit_code == 0
    assert "登记表中没有分解到各地区" in result.stdout


def test_status_project_shows_its_money_people_and_targets(cli):
    result = run(cli, "status", "--data", str(NOW), *AS_OF, "--project", "3")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "层级：县级；类别：教育卫生；类型：工程类；人大票决：是" in out
    assert "3-2 品质县中（暂定，以上级下达为准；上级任务：建设品质县中10所）" in out
    assert "投资完成率 40.0%（序时进度 50.0%）" in out
    assert re.search(r"│ 县级 +│ +0\.7亿元 │ +0\.3亿元 │ +0\.1亿元 │ +42\.9% │ +33\.3% │", out)


# ---- JSON ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def county_json() -> dict:
    from typer.testing import CliRunner

    from minsheng.cli import app

    result = CliRunner().invoke(
        app,
        ["status", "--data", str(NOW), *AS_OF, "--format", "json", "--previous", str(BEFORE)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_overall_measures_and_investment(county_json):
    overall = county_json["overall"]
    assert overall["measures"] == {
        "projects": 6,
        "items": 8,
        "projects_on_schedule": 5,
        "items_on_schedule": 7,
        "subitems": False,
        "declared": {"projects": 6, "items": 8},
    }
    money = overall["investment"]
    assert (money["unit"], money["annual"], money["completed"], money["completion"]) == (
        "万元",
        15000,
        6300,
        42.0,
    )
    assert (money["allocation_rate"], money["payment_rate"]) == (69.3, 40.4)
    assert [s["name"] for s in money["sources"]] == ["中央", "县级", "市级"]
    assert money["sources"][1] == {
        "name": "县级",
        "planned": 8200,
        "allocated": 3600,
        "paid": 1300,
        "allocation_rate": 43.9,
        "payment_rate": 36.1,
    }


def test_json_by_level_and_by_category(county_json):
    levels = county_json["by_level"]
    assert [(x["name"], x["projects"], x["items"]) for x in levels] == [
        ("省级", 1, 1),
        ("市级", 1, 1),
        ("县级", 5, 7),
    ]
    county = levels[2]
    assert (county["completion"], county["done"], county["yellow"], county["start_rate"]) == (
        67.5,
        1,
        1,
        100.0,
    )
    assert (
        county["categories"]["projects"]["ahead"] + county["categories"]["projects"]["exceeded"]
        >= 1
    )
    assert [x["name"] for x in county_json["by_category"]] == ["城乡建设", "社会保障", "教育卫生"]


def test_json_projects_carry_their_dimensions(county_json):
    p1, p3, p4 = (county_json["projects"][i] for i in (0, 2, 3))
    assert (p1["levels"], p1["list_category"], p1["type"], p1["voted"]) == (
        ["省级", "县级"],
        "城乡建设",
        "工程类",
        False,
    )
    assert p1["category"] in ("ahead", "on_schedule")  # the vocabulary key is unchanged
    assert p1["responsible"] == {
        "name": "钱明",
        "post": "县交通局局长",
        "role": None,
        "phone": "13900000001",
    }
    assert p3["investment"]["in_completion"] is True
    assert (p3["investment"]["unit"], p3["investment"]["completion"]) == ("亿元", 40.0)
    assert p4["continues"] == {"year": 2022, "id": 5}
    tentative = p3["indicators"][1]
    assert (tentative["tentative"], tentative["parent"]["task"]) == (True, "建设品质县中10所")
    assert p4["indicators"][0]["carried"] == 80


def test_json_areas_and_years(county_json):
    areas = county_json["areas"]
    assert [(r["area"], r["rank"]) for r in areas["ranks"]][2:5] == [
        ("南山镇", 3),
        ("青山乡", 3),
        ("北坝镇", 5),
    ]
    assert areas["first"] == ["东城街道", "西城街道", "南山镇", "青山乡"]
    road = areas["indicators"][0]
    assert (road["id"], road["target"], road["actual"], road["ratio"]) == ("1-1", 60, 36, 60.0)
    assert road["slowest"] == ["河口乡", "青山乡", "南山镇"]
    (years,) = county_json["years"]
    assert (years["cumulative"], years["share"], years["remaining"], years["missing"]) == (
        760,
        76.0,
        240,
        [],
    )
    units = {u["name"]: u for u in county_json["units"]}
    assert units["县交通局"]["contact"] == {
        "name": "刘洋",
        "post": None,
        "role": None,
        "phone": "023-55550001",
    }
    assert units["东城街道"]["kind"] == "街道"


def test_a_folder_without_the_dimensions_gets_no_new_key(cli):
    result = run(cli, "status", "--data", str(DATA), "--as-of", "2022-06-30", "--format", "json")
    data = json.loads(result.stdout)
    assert list(data) == ["as_of", "sample", "plan", "overall", "reports", "projects", "units"]
    assert "measures" not in data["overall"] and "investment" not in data["overall"]
    assert set(data["projects"][0]) == {
        "id",
        "name",
        "units",
        "lead",
        "completion",
        "expected",
        "status",
        "category",
        "last_report",
        "indicators",
    }


# ---- export --------------------------------------------------------------------------------------


def test_workbook_has_the_dimension_sheets(cli, tmp_path):
    out = tmp_path / "county.xlsx"
    result = run(
        cli, "export", "--data", str(NOW), *AS_OF, "--previous", str(BEFORE), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == [
        "汇总",
        "指标",
        "报送情况",
        "项目信息",
        "单位信息",
        "按层级和类别",
        "投资与资金",
        "分地区",
        "跨年度累计",
    ]
    areas = book["分地区"]
    header = [c.value for c in areas[3]]
    assert header[:4] == [
        "地区",
        "1-1 农村公路提质改造（公里）目标",
        "1-1 农村公路提质改造（公里）完成",
        "1-1 农村公路提质改造（公里）完成比例",
    ]
    rows = [[c.value for c in row] for row in areas.iter_rows(min_row=4)]
    assert [r[0] for r in rows] == [
        "全县",
        "东城街道",
        "西城街道",
        "南山镇",
        "北坝镇",
        "河口乡",
        "青山乡",
    ]
    assert rows[0][1:4] == [60, 36, 0.6]
    assert rows[2][-2:] == [pytest.approx(0.883), "第二名"]
    money = [[c.value for c in row] for row in book["投资与资金"].iter_rows(min_row=4)]
    # 1500 of 3000 = 50%; 序时 49.5%; 下达 2400 of 3000 = 80%, 拨付 1200 of 2400 = 50%
    assert money[0] == [
        1,
        "农村公路提质改造",
        "合计",
        "万元",
        3000,
        3000,
        1500,
        0.5,
        0.495,
        3000,
        2400,
        1200,
        0.8,
        0.5,
    ]
    assert money[-4][1:] == [
        "全县合计（2个项目）",
        "合计",
        "万元",
        39000,
        15000,
        6300,
        0.42,
        None,
        15000,
        10400,
        4200,
        0.693,
        0.404,
    ]


def test_status_of_a_unit_names_its_contact_and_a_unit_without_one_none(cli):
    result = run(cli, "status", "--data", str(NOW), *AS_OF, "--unit", "县交通局")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.rstrip().splitlines()[-1] != ""
        and "联系人：刘洋（电话 023-55550001）。" in result.stdout
    )
    result = run(cli, "status", "--data", str(NOW), *AS_OF, "--unit", "县教委")
    assert result.exit_code == 0, result.output
    assert "联系人：" not in result.stdout


def test_units_sheet_lists_every_unit_with_its_kind_and_contact(cli):
    result = run(cli, "export", "--data", str(NOW), *AS_OF, "--sheet", "units")
    assert result.exit_code == 0, result.output
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[0] == "单位,全称,类型,联系人,职务,电话,样例数据"
    assert lines[1] == "县发展改革委,,部门,王芳,科长,023-55550000,否"
    assert lines[3] == "县交通局,,部门,刘洋,,023-55550001,否"
    assert lines[4] == "县民政局,,部门,,,,否"
    assert len(lines) == 1 + 14  # every unit of the registry, in its order
    result = run(cli, "export", "--data", str(DATA), "--as-of", "2022-06-30", "--sheet", "units")
    assert result.exit_code == 2
    assert "这份数据没有「units」表" in result.stderr


def test_csv_of_a_dimension_sheet_and_of_one_the_data_lacks(cli):
    result = run(cli, "export", "--data", str(NOW), *AS_OF, "--sheet", "groups")
    assert result.exit_code == 0, result.output
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("维度,名称,来源,件,项")
    assert lines[4].startswith(
        "层级,县级,县人大常委会票决确定,5,7,4,6,67.5,47.9,1,3,1,100.0,万元,15000,6300,42.0"
    )
    result = run(cli, "export", "--data", str(DATA), "--as-of", "2022-06-30", "--sheet", "money")
    assert result.exit_code == 2
    assert "这份数据没有「money」表" in result.stderr


def test_shipped_data_workbook_keeps_its_sheets(cli, tmp_path):
    out = tmp_path / "x.xlsx"
    result = run(cli, "export", "--data", str(DATA), "--as-of", "2022-06-30", "-o", str(out))
    assert result.exit_code == 0
    # No sheet of the list's other dimensions (the shipped registry has none); the 督办 ledger's.
    assert load_workbook(out).sheetnames == ["汇总", "指标", "报送情况", "督办台账"]


# ---- bulletins -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["md", "html"])
def test_county_bulletin_golden(cli, kind, update_golden):
    result = run(cli, "bulletin", "--data", str(NOW), "--period", "2023Q2", "--format", kind)
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"county-2023Q2.{kind}"
    if update_golden:
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.is_file(), f"{golden} 不存在：运行 pytest --update-golden 生成并审阅"
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_county_bulletin_sections(cli):
    text = run(cli, "bulletin", "--data", str(NOW), "--period", "2023Q2").stdout
    headings = re.findall(r"(?m)^## (.+)$", text)
    assert headings == [
        "一、总体情况",
        "二、存在问题",
        "三、下步工作要求",
        "附件1　重点民生实事分项进展情况表",
        "附件2　进度滞后事项表",
        "附件3　季度进展报告报送情况表",
        "附件4　与上季度末相比的变化情况",
        "附件5　各地区完成情况",
    ]
    # 分项进展 by level: a header row per level
    assert re.findall(r"(?m)^\| \*\*（.）(.+?)\*\* \|", text) == [
        "省级民生实事（1件）",
        "市级重点民生实事（1件）",
        "县级重点民生实事（4件）",
    ]
    assert "（三）县级重点民生实事5件7项：已完成1件，正常推进3件，进度滞后1件；完成率67.5%" in text
    assert "（一）省级民生实事1件1项：正常推进1件；完成率60.0%" in text  # no 「0件」
    assert "投资方面：年度计划投资15000万元" in text
    assert (
        "后三名：第三名南山镇、青山乡（80.0%）；第五名北坝镇（72.0%）；第六名河口乡（30.0%）。"
        in text
    )
    # the lagging part names who answers for project 2 (its 河口乡 centre is behind)
    assert (
        "滞后事项的责任领导和责任人：乡镇养老服务中心建设（第二项）：分管领导：孙丽（副县长）；"
        "项目责任人：周强（县民政局副局长，电话 13900000002）"
    ) in text
    assert (
        "县教委负责的新建县第二中学和品质县中投资（第三项）未完成“6月底前投资完成率达到50%”的节点要求"
    ) in text


def test_county_word_bulletin_has_the_same_parts(cli, tmp_path):
    from docx import Document

    out = tmp_path / "b.docx"
    result = run(cli, "bulletin", "--data", str(NOW), "--period", "2023Q2", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "各地区完成情况" in texts  # 附件5
    assert any(t.startswith("投资方面：年度计划投资15000万元") for t in texts)
    assert any("项目责任人：周强（县民政局副局长，电话 13900000002）" in t for t in texts)
    projects = document.tables[0]
    assert projects.rows[1].cells[0].text == "（一）省级民生实事（1件）"
    assert projects.rows[0].cells[6].text == "完成投资 / 计划投资"


def test_the_lagging_part_names_the_units_contacts(cli, tmp_path):
    """The 附件 of named items gives each answering unit's registered 联系人 (with phone); the
    公示 never does."""
    data = tmp_path / "2023"
    shutil.copytree(NOW, data)
    registry = data / "projects.yaml"
    text = registry.read_text(encoding="utf-8")
    assert "  - {name: 县民政局, kind: 部门}\n" in text
    registry.write_text(
        text.replace(
            "  - {name: 县民政局, kind: 部门}\n",
            '  - {name: 县民政局, kind: 部门, contact: {name: 陈静, post: 科员, phone: "023-55550009"}}\n',
        ),
        encoding="utf-8",
    )
    result = run(cli, "bulletin", "--data", str(data), "--period", "2023Q2")
    assert result.exit_code == 0, result.output
    assert "滞后事项责任单位的联系人：县民政局：陈静（科员，电话 023-55550009）。" in result.stdout
    result = run(cli, "bulletin", "--data", str(NOW), "--period", "2023Q2")
    assert "滞后事项责任单位的联系人" not in result.stdout  # 县民政局 has none registered
    public = run(cli, "bulletin", "--data", str(data), "--period", "2023Q2", "--kind", "public")
    assert public.exit_code == 0 and "023-55550009" not in public.stdout


def test_people_view_has_a_public_form_without_phones():
    from minsheng.models.dimensions import Person
    from minsheng.views.people import ProjectPeople, person_view

    people = ProjectPeople(
        (person_view(Person(name="赵刚", post="副县长", role="牵头领导", phone="13900000009")),),
        person_view(Person(name="钱明", post="局长", phone="13900000001")),
    )
    assert (
        people.internal
        == "牵头领导：赵刚（副县长，电话 13900000009）；项目责任人：钱明（局长，电话 13900000001）"
    )
    assert people.public == "牵头领导：赵刚（副县长）；项目责任人：钱明（局长）"
    assert "139" not in people.public


# ---- new-report ----------------------------------------------------------------------------------


def test_new_report_prefills_areas_and_money(cli, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(NOW, folder)
    result = run(
        cli, "new-report", "--data", str(folder), "--unit", "县交通局", "--period", "2023Q3"
    )
    assert result.exit_code == 0, result.output
    text = (folder / "progress/2023-09/县交通局.yaml").read_text(encoding="utf-8")
    assert "      completed: 1500  # 累计完成投资，年度计划 3000万元" in text
    assert "        - {name: 县级, allocated: 600, paid: 300}  # 计划 1200万元" in text
    assert "# 指标 1-1（农村公路提质改造）的数值由各地区分别填报" in text
    fill(folder / "progress/2023-09/县交通局.yaml")
    result = run(cli, "new-report", "--data", str(folder), "--unit", "南山镇", "--period", "2023Q3")
    assert result.exit_code == 0, result.output
    text = (folder / "progress/2023-09/南山镇.yaml").read_text(encoding="utf-8")
    assert "          - {area: 南山镇, value: 6}  # 目标 10公里" in text
    assert "东城街道" not in text
    fill(folder / "progress/2023-09/南山镇.yaml")
    result = run(cli, "check", "--data", str(folder), "--as-of", "2023-09-30")
    assert result.exit_code == 0, result.output
    result = run(cli, "status", "--data", str(folder), "--as-of", "2023-09-30", "--format", "json")
    project = json.loads(result.stdout)["projects"][0]
    assert project["investment"]["completed"] == 1500  # carried forward as it was
    assert project["indicators"][0]["actual"] == 36


def fill(path: Path) -> None:
    """What the clerk does before committing: the reporter's name and the date sent."""
    filled = path.read_text(encoding="utf-8").replace("reporter:  #", "reporter: 张三  #")
    path.write_text(re.sub(r"submitted: \S+", "submitted: 2023-09-15", filled), encoding="utf-8")
