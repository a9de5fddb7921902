"""The 2022 registry against the notice (城府办发〔2022〕43号), target by target.

The tables below are typed in from the notice, not derived from data/projects.yaml, and the
registry is loaded through the real loader: a lost, invented or mistyped target fails here.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from minsheng.load.dataset import Dataset
from minsheng.load.folder import load
from tests.conftest import DATA, ROOT

NOTICE = Path(__file__).resolve().parent / "cases" / "notice" / "chengfubanfa-2022-43.txt"
SEED = ROOT.parent / "shared" / "seed" / "000_342d6044d5f24945.txt"

# ---- the notice, typed in -------------------------------------------------------------------

# 序号, 项目名称, 责任单位 in the notice's order (the first leads).
PROJECTS: list[tuple[int, str, tuple[str, ...]]] = [
    (1, "建成1个市民广场", ("县住房城乡建委",)),
    (2, "城区农贸市场标准化改造和新建农产品批发市场", ("县供销社", "县商务委")),
    (3, "建设重庆市城口育才中学校", ("县教委", "县国聚公司")),
    (
        4,
        "新（改）建4座城市公厕，建设5个公共停车场，建成6个“劳动者港湾”示范点",
        ("县住房城乡建委", "县总工会"),
    ),
    (5, "实施居民住宅用水提质工程", ("县住房城乡建委", "县惠民供水公司")),
    (6, "实施街头绿地提质工程", ("县住房城乡建委",)),
    (7, "发展普惠性学前教育", ("县教委",)),
    (8, "城镇老旧小区改造和社区服务提升", ("县住房城乡建委", "国网城口供电公司")),
    (
        9,
        "推进义务教育阶段学生“双减”（减轻义务教育阶段学生作业负担和校外培训负担）",
        ("县教委", "县市场监管局", "县民政局", "县公安局"),
    ),
    (10, "实施农村公路生命安全防护工程", ("县交通局",)),
    (11, "实施农村社区居家养老服务全覆盖工程", ("县民政局",)),
    (12, "开展青少年心理健康教育和综合防控儿童青少年近视", ("县教委", "县卫生健康委")),
    (13, "开展“百千万惠残助残行动”", ("县残联", "县卫生健康委")),
    (14, "发展婴幼儿照护服务和开展妇幼健康促进行动", ("县卫生健康委", "县发展改革委")),
    (15, "实施老年人照顾服务计划", ("县民政局", "县卫生健康委")),
]


class Amount(NamedTuple):
    """A quantity (数量) or threshold (达标) target: a number with its unit."""

    project: int
    kind: str
    target: float
    unit: str
    qualifier: bool | str  # quantity: at_least (「以上」); threshold: comparator
    owners: tuple[str, ...] | None = None  # a sub-target with its own units


AMOUNTS: list[Amount] = [
    Amount(1, "quantity", 8000, "平方米", False),
    Amount(3, "quantity", 1.5, "亿元", True),  # 1.5亿元以上
    Amount(4, "quantity", 500, "个", False, ("县住房城乡建委",)),  # 新增停车泊位
    Amount(4, "quantity", 6, "个", False, ("县总工会",)),  # 劳动者港湾
    Amount(5, "quantity", 847, "户", False),
    Amount(7, "threshold", 92, "%", ">="),  # 毛入园率 92%以上
    Amount(7, "threshold", 90, "%", ">="),  # 普惠性幼儿园覆盖率 稳定在90%以上
    Amount(7, "threshold", 75, "%", ">="),  # 公办幼儿园占比 保持在75%以上
    Amount(8, "quantity", 19.75, "万平方米", False, ("县住房城乡建委",)),
    Amount(8, "quantity", 10, "个", False, ("国网城口供电公司",)),  # 供电设施安全改造
    Amount(8, "quantity", 6, "处", False, ("国网城口供电公司",)),  # 火灾隐患
    Amount(10, "quantity", 150, "公里", False),
    Amount(12, "threshold", 87, "%", ">="),  # 心理辅导室覆盖率 87%以上
    Amount(12, "quantity", 300, "人次", False),
    Amount(12, "quantity", 9, "次", True),  # 送培到校9次以上
    Amount(12, "threshold", 70, "%", ">="),  # 知晓率 70%以上
    Amount(12, "threshold", 1, "小时", ">="),  # 每天1小时的学生体育活动
    Amount(13, "threshold", 100, "%", ">="),  # 残疾儿童人人享有康复服务
    Amount(13, "quantity", 3, "家", False),
    Amount(13, "quantity", 97, "人次", False),
    Amount(14, "quantity", 40, "个", False),
    Amount(14, "threshold", 1.8, "个/千人", ">="),
    Amount(14, "quantity", 402, "对", False),
    Amount(14, "threshold", 100, "%", ">="),  # 孕前优生健康检查覆盖率达100%
    Amount(14, "quantity", 8000, "人", False),
    Amount(15, "quantity", 3, "个", False),
]

# Stage (形象进度) targets: (project, a word of the indicator's name, target stage).
STAGES: list[tuple[int, str, str]] = [
    (3, "育才中学", "开工"),
    (6, "南大街立体绿化", "打造完成"),
    (12, "县精神卫生中心", "建成投用"),
    (13, "残疾儿童康复中心", "建成"),
]

# Trend (趋势) targets: (project, a word of the name, direction).
TRENDS: list[tuple[int, str, str]] = [(12, "近视率", "decrease")]

# Qualitative (定性) targets: (project, a word of the name).
QUALITATIVE: list[tuple[int, str]] = [
    (9, "校外培训机构"),
    (9, "作业管理"),
    (9, "课后服务"),
    (12, "工作体系"),
    (12, "心理健康教育活动"),
    (12, "手机"),
    (12, "近视防控医疗指导"),
]

# Checklist (清单) items of each project: (item, target stage, the place as the notice names it).
ITEMS: dict[int, list[tuple[str, str, str]]] = {
    2: [
        ("南大街城区菜市场标准化改造", "启动", "南大街城区菜市场标准化改造"),
        ("文东巷城区菜市场标准化改造", "完成", "文东巷城区菜市场标准化改造"),
        ("木瓜坝农产品（蔬菜水果）批发市场建设", "完成", "木瓜坝农产品（蔬菜水果）批发市场"),
    ],
    4: [
        ("南大街农贸市场公厕", "完成", "南大街农贸市场"),
        ("诸葛寨植物公园公厕", "完成", "诸葛寨植物公园"),
        ("碧桂园公厕", "建成", "碧桂园"),
        ("滨河公园路北岸公厕", "建成", "滨河公园路北岸公厕"),
        ("东大街立体停车场", "启动", "东大街"),
        ("三塘坝立体停车场", "启动", "三塘坝"),
        ("高坪坎临时停车场", "建成", "高坪坎"),
        ("滨河水岸临时停车场", "建成", "滨河水岸"),
        ("老法院临时停车场", "建成", "老法院"),
    ],
    5: [
        ("职教中心小区", "完成", "职教中心"),
        ("阳光水岸小区", "完成", "阳光水岸"),
        ("滨河水岸小区", "完成", "滨河水岸小区"),
    ],
    7: [
        ("示范幼儿园星辰分园", "建成投用", "示范幼儿园星辰分园"),
        ("美宝乐幼儿园", "建成投用", "美宝乐幼儿园"),
        ("咸宜幼儿园", "新开工", "新建咸宜幼儿园"),
        ("阳光幼儿园", "实施", "阳光幼儿园"),
        ("崇阳幼儿园", "实施", "崇阳幼儿园"),
        ("美宝乐幼儿园", "实施", "美宝乐幼儿园"),
    ],
    8: [
        ("葛城街道东门片区", "完成", "葛城街道东门片区"),
        ("太和一路片区", "完成", "太和一路片区"),
        ("南后街片区", "启动", "南后街片区"),
        ("广场片区", "启动", "广场片区"),
        ("太和二路片区", "启动", "太和二路片区"),
        ("南大街片区", "启动", "南大街片区"),
    ],
    11: [
        (town, "完成", town)
        for town in (
            "高燕镇",
            "龙田乡",
            "巴山镇",
            "左岚乡",
            "坪坝镇",
            "沿河乡",
            "周溪乡",
            "蓼子乡",
            "双河乡",
            "厚坪乡",
            "岚天乡",
        )
    ],
    12: [("庙坝中学", "完成", "庙坝中学"), ("坪坝中学", "完成", "坪坝中学")],
    15: [("助餐", "推行", "助餐"), ("助浴", "推行", "助浴"), ("助医", "推行", "助医")],
}

# Target stages the notice does not spell out, with the reading the registry takes.
INTERPRETED_STAGES: dict[tuple[int, str], str] = {
    (4, "完成"): "「改造2座城市公厕」：改造的目标是改造完成",
    (5, "完成"): "「改造……二次供水设备、泵房及管网」：改造完成",
    (7, "新开工"): "「新建咸宜幼儿园」与「建成投用」并列，按年内开工计",
}

# Checklists and stage indicators of a project with sub-targets, owned by one unit.
CHECKLIST_OWNERS: dict[int, tuple[str, ...]] = {4: ("县住房城乡建委",), 8: ("县住房城乡建委",)}

# Numbers of the notice that are not an indicator's target, and what they are instead.
# A count of named things: the number must equal how many things are listed, and each must
# be a checklist item of the project or a word of one of its indicators' names.
COUNTS: list[tuple[int, str, list[str]]] = [
    (1, "建成1个市民广场", ["滨河公园广场"]),
    (
        4,
        "4座城市公厕",
        ["南大街农贸市场公厕", "诸葛寨植物公园公厕", "碧桂园公厕", "滨河公园路北岸公厕"],
    ),
    (
        4,
        "5个公共停车场",
        [
            "东大街立体停车场",
            "三塘坝立体停车场",
            "高坪坎临时停车场",
            "滨河水岸临时停车场",
            "老法院临时停车场",
        ],
    ),
    (4, "改造2座", ["南大街农贸市场公厕", "诸葛寨植物公园公厕"]),
    (4, "公厕2座", ["碧桂园公厕", "滨河公园路北岸公厕"]),
    (4, "2个立体停车场", ["东大街立体停车场", "三塘坝立体停车场"]),
    (4, "3个临时停车场", ["高坪坎临时停车场", "滨河水岸临时停车场", "老法院临时停车场"]),
    (6, "示范街区1个", ["南大街立体绿化示范街区"]),
    (7, "3所民办普惠幼儿园", ["阳光幼儿园", "崇阳幼儿园", "美宝乐幼儿园"]),
    (8, "2个老旧小区", ["葛城街道东门片区", "太和一路片区"]),
    (8, "4个老旧小区", ["南后街片区", "广场片区", "太和二路片区", "南大街片区"]),
    (11, "11个乡镇", [name for name, _, _ in ITEMS[11]]),
    (12, "2所学校", ["庙坝中学", "坪坝中学"]),
]
# A number that says what an indicator measures: it must be part of that indicator's name.
PART_OF_NAME: list[tuple[int, str]] = [(14, "3岁以下"), (14, "35-64岁")]
# 「1.」「2.」 at the start of a line number the sub-targets of a cell; they are not figures.
LIST_MARKER = re.compile(r"(?m)^\d+\.(?!\d)")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


# ---- helpers --------------------------------------------------------------------------------


def squash(text: str) -> str:
    """The text without whitespace: the notice's table wraps its cells differently."""
    return "".join(text.split())


class Cell(NamedTuple):
    name: str
    units: tuple[str, ...]
    text: str


def notice_table(text: str) -> dict[int, Cell]:
    """The attachment's table: each row a blank-line-separated block of tab-led cells."""
    attachment = text.split("2022年工作目标任务\n", 1)[1]
    rows: dict[int, Cell] = {}
    for block in attachment.strip("\n").split("\n\n"):
        cells: list[str] = []
        for line in block.splitlines():
            if line.startswith("\t"):
                cells.append(line[1:])
            elif cells:
                cells[-1] += "\n" + line
        if len(cells) == 4 and cells[0].isdigit():
            rows[int(cells[0])] = Cell(cells[1], tuple(cells[2].splitlines()), cells[3])
    return rows


@pytest.fixture(scope="module")
def notice() -> str:
    return NOTICE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def table(notice: str) -> dict[int, Cell]:
    return notice_table(notice)


@pytest.fixture(scope="module")
def ds() -> Dataset:
    result = load(DATA, date(2022, 12, 31))
    assert result.ok, result.problems
    assert result.dataset is not None
    return result.dataset


def indicators_of(ds: Dataset, project: int) -> list[Any]:
    return list(ds.projects[project].indicators)


def owners(ds: Dataset, indicator: Any) -> tuple[str, ...]:
    return ds.indicators[indicator.id].owners


def items_of(ds: Dataset, project: int) -> list[tuple[str, str]]:
    return [
        (item.name, item.target)
        for ind in indicators_of(ds, project)
        if ind.kind == "checklist"
        for item in ind.items
    ]


def find_amount(ds: Dataset, row: Amount) -> list[Any]:
    return [
        ind
        for ind in indicators_of(ds, row.project)
        if ind.kind == row.kind and ind.target == row.target and ind.unit == row.unit
    ]


def find_named(ds: Dataset, project: int, kind: str, word: str) -> list[Any]:
    return [ind for ind in indicators_of(ds, project) if ind.kind == kind and word in ind.name]


# ---- the notice file itself -------------------------------------------------------------------


def test_notice_copy_is_the_seed():
    if not SEED.exists():
        pytest.skip("shared/seed is not beside this clone")
    assert NOTICE.read_bytes() == SEED.read_bytes()


def test_notice_table_parses(table: dict[int, Cell]):
    assert sorted(table) == list(range(1, 16))
    assert table[4].units == ("县住房城乡建委", "县总工会")
    assert table[12].text.count("\n") == 1


def test_table_of_projects_matches_the_notice(table: dict[int, Cell]):
    """Guards the typed-in table: names and units as the notice prints them."""
    for number, name, units in PROJECTS:
        assert squash(table[number].name) == squash(name)
        assert table[number].units == units


# ---- plan metadata ------------------------------------------------------------------------------


def test_plan_metadata(ds: Dataset, notice: str):
    plan = ds.plan
    assert plan.year == 2022
    assert plan.title == "2022年城口县重点民生实事工作目标任务"
    assert plan.doc_number == "城府办发〔2022〕43号"
    assert plan.issuer == "城口县人民政府办公室"
    assert plan.issued == date(2022, 3, 31)
    assert plan.coordinator == "县发展改革委"
    assert plan.supervisor == "县政府督查室"
    assert (plan.contact.name, plan.contact.phone) == ("庞宇", "17783221690")
    assert plan.due == date(2022, 12, 31)
    # 各责任单位每月底前将当月推进情况报县发展改革委
    assert "每月底前" in plan.reporting.rule
    assert plan.reporting.grace_days == 0
    assert ds.registry.sample is False
    for fact in (plan.doc_number, plan.issuer, "2022年3月31日", "庞宇", "17783221690"):
        assert fact in notice


def test_units_are_registered_once(ds: Dataset):
    named = {unit for _, _, units in PROJECTS for unit in units}
    assert named <= set(ds.unit_names)
    assert len(ds.unit_names) == len(set(ds.unit_names))


# ---- projects -------------------------------------------------------------------------------------


def test_fifteen_projects_in_order(ds: Dataset):
    assert [(p.id, p.name, p.units) for p in ds.registry.projects] == PROJECTS


@pytest.mark.parametrize("number", range(1, 16))
def test_text_is_verbatim(ds: Dataset, notice: str, table: dict[int, Cell], number: int):
    text = ds.projects[number].text
    assert squash(text) == squash(table[number].text)
    assert squash(text) in squash(notice)


def test_due_dates_are_the_year_end(ds: Dataset):
    """The notice sets no earlier deadline for any target."""
    for project in ds.registry.projects:
        assert project.due in (None, date(2022, 12, 31)), project.id
        for indicator in project.indicators:
            assert indicator.due in (None, date(2022, 12, 31)), indicator.id


# ---- targets, one by one --------------------------------------------------------------------------


@pytest.mark.parametrize("row", AMOUNTS, ids=lambda r: f"{r.project}:{r.target:g}{r.unit}")
def test_amount(ds: Dataset, row: Amount):
    found = find_amount(ds, row)
    assert len(found) == 1, f"项目 {row.project} 应有且只有一个 {row.target:g} {row.unit} 的指标"
    indicator = found[0]
    if row.kind == "quantity":
        assert indicator.at_least is row.qualifier
    else:
        assert indicator.comparator == row.qualifier
    if row.owners is not None:
        assert owners(ds, indicator) == row.owners


@pytest.mark.parametrize(("project", "word", "target"), STAGES)
def test_stage(ds: Dataset, project: int, word: str, target: str):
    found = find_named(ds, project, "stage", word)
    assert [ind.target for ind in found] == [target]


@pytest.mark.parametrize(("project", "word", "direction"), TRENDS)
def test_trend(ds: Dataset, project: int, word: str, direction: str):
    found = find_named(ds, project, "trend", word)
    assert [ind.direction for ind in found] == [direction]


@pytest.mark.parametrize(("project", "word"), QUALITATIVE)
def test_qualitative(ds: Dataset, project: int, word: str):
    assert len(find_named(ds, project, "qualitative", word)) == 1


@pytest.mark.parametrize("project", range(1, 16))
def test_checklist_items(ds: Dataset, table: dict[int, Cell], project: int):
    expected = [(name, target) for name, target, _ in ITEMS.get(project, [])]
    assert Counter(items_of(ds, project)) == Counter(expected)
    text = squash(table[project].text)
    for _, target, place in ITEMS.get(project, []):
        assert place in text
        assert target in text or (project, target) in INTERPRETED_STAGES, (project, target)


def test_no_indicator_beyond_the_notice(ds: Dataset):
    """Every indicator of the registry is one row of the tables above, and only one."""
    claimed: Counter[str] = Counter()
    for row in AMOUNTS:
        claimed.update(ind.id for ind in find_amount(ds, row))
    for project, word, _ in STAGES:
        claimed.update(ind.id for ind in find_named(ds, project, "stage", word))
    for project, word, _ in TRENDS:
        claimed.update(ind.id for ind in find_named(ds, project, "trend", word))
    for project, word in QUALITATIVE:
        claimed.update(ind.id for ind in find_named(ds, project, "qualitative", word))
    for project in ITEMS:
        claimed.update(ind.id for ind in indicators_of(ds, project) if ind.kind == "checklist")
    every = [ind.id for p in ds.registry.projects for ind in p.indicators]
    assert sorted(claimed.elements()) == sorted(every)


def test_sub_targets_have_their_own_units(ds: Dataset):
    """劳动者港湾 is 县总工会's; the power-supply retrofits are 国网城口供电公司's."""
    for project, units in CHECKLIST_OWNERS.items():
        for indicator in indicators_of(ds, project):
            if indicator.kind == "checklist":
                assert owners(ds, indicator) == units, indicator.id
    assert owners(ds, ds.indicators["4-4"].indicator) == ("县总工会",)
    assert owners(ds, ds.indicators["8-3"].indicator) == ("国网城口供电公司",)
    assert owners(ds, ds.indicators["8-4"].indicator) == ("国网城口供电公司",)


# ---- every figure of the notice is accounted for --------------------------------------------------


def _covered_by_target(ds: Dataset, project: int, source: str, match: re.Match[str]) -> bool:
    value, after = float(match.group()), source[match.end() :]
    return any(
        ind.kind in ("quantity", "threshold")
        and ind.target == value
        and after.startswith(ind.unit.split("/")[0])
        for ind in indicators_of(ds, project)
    )


def _excepted_spans(project: int, source: str) -> list[tuple[int, int]]:
    words = [token for p, token, _ in COUNTS if p == project]
    words += [token for p, token in PART_OF_NAME if p == project]
    spans = []
    for word in words:
        assert word in source, f"项目 {project} 的原文中没有「{word}」"
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(word), source)]
    return spans


@pytest.mark.parametrize("project", range(1, 16))
def test_every_number_is_a_target_or_explained(ds: Dataset, table: dict[int, Cell], project: int):
    cell = table[project]
    source = LIST_MARKER.sub("", f"{squash(cell.name)}\n{cell.text}")
    spans = _excepted_spans(project, source)
    for match in NUMBER.finditer(source):
        if _covered_by_target(ds, project, source, match):
            continue
        inside = any(start <= match.start() and match.end() <= end for start, end in spans)
        assert inside, (
            f"项目 {project} 的数字 {match.group()}（…{source[match.start() : match.end() + 6]}…）没有对应的指标"
        )


@pytest.mark.parametrize(("project", "token", "things"), COUNTS, ids=lambda x: str(x))
def test_counts_equal_the_things_listed(ds: Dataset, project: int, token: str, things: list[str]):
    assert int(NUMBER.findall(token)[0]) == len(things)
    items = {name for name, _ in items_of(ds, project)}
    names = [ind.name for ind in indicators_of(ds, project)]
    for thing in things:
        assert thing in items or any(thing in name for name in names), thing


@pytest.mark.parametrize(("project", "token"), PART_OF_NAME)
def test_qualifying_numbers_are_in_the_indicator_name(ds: Dataset, project: int, token: str):
    assert any(token in ind.name for ind in indicators_of(ds, project))


def test_list_markers_only_start_lines(table: dict[int, Cell]):
    """The exception for 「1.」 must not hide a figure such as 1.5."""
    markers = [m.group() for cell in table.values() for m in LIST_MARKER.finditer(cell.text)]
    assert Counter(markers) == Counter({"1.": 3, "2.": 3, "3.": 1})
