"""The list's other dimensions computed on the test county (tests/fixtures/county), figure by
figure. Every expected value is worked out by hand from the fixture's files in the comments;
none is read back from the tool.

The county, at 2023-06-30 (序时 by linear time is 180 ÷ 364 = 49.45%):

- 1 农村公路 60 公里 split 8/12/10/10/10/10 over six areas, each reporting its share:
  8, 9, 6, 6, 3, 4 → 36 公里 = 60.0%; milestone 30 by 6-30 → 序时 50.0%.
  Money 3000 万元 (中央 1800, 县级 1200): completed 1500; 下达 1800 + 600; 拨付 900 + 300.
- 2 养老服务中心: six items 建成, one per area: 东城、西城、南山、青山 建成 (100), 北坝 已启动
  50% ((20 + 0.5 × 70) ÷ 90 = 61.11), 河口 未启动 (0) → (400 + 61.11) ÷ 6 = 76.85%.
- 3 县第二中学 已启动 40% → 48 ÷ 90 = 53.33% (序时 20 ÷ 90 = 22.22%); 品质县中 1 of 4 = 25%
  (序时 2 of 4 = 50%); investment counted in (in_completion): 0.48 of 1.2 亿元 = 40% (序时 50%)
  → completion (53.33 + 25 + 40) ÷ 3 = 39.44%, 序时 (22.22 + 50 + 50) ÷ 3 = 40.74%.
- 4 危房 240 of 480 = 50%; continues 2022 project 5 (520 of 600 户), total 1000.
- 5 培训 1200 人次 split 200 each, the lead reporting areas 200, 180, 160, 190, 120, 200 →
  1050 = 87.5%; 培训质量 self 80 ÷ 90 = 88.89% → (87.5 + 88.89) ÷ 2 = 88.19%.
- 6 供电可靠率 99.85 ≥ 99.8 → done.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from minsheng.compute.areas import areas_of
from minsheng.compute.deadlines import deadlines
from minsheng.compute.groups import by_category, by_level, facilities, for_level, measures
from minsheng.compute.money import moneys, summary
from minsheng.compute.status import StatusReport, build_status
from minsheng.compute.years import multi_year, year_ends
from minsheng.load.dataset import Dataset
from minsheng.load.folder import load
from minsheng.views.dimensions import dimensions_of, ranking_text

COUNTY = Path(__file__).resolve().parent / "fixtures" / "county"
JUNE = date(2023, 6, 30)
LINEAR = 180 / 364 * 100  # 序时 by time at 2023-06-30


def loaded(year: int) -> Dataset:
    result = load(COUNTY / str(year), date(year, 12, 31))
    assert result.ok, result.problems
    assert result.dataset is not None
    return result.dataset


@pytest.fixture(scope="module")
def report() -> StatusReport:
    return build_status(loaded(2023), JUNE)


@pytest.fixture(scope="module")
def earlier() -> dict[int, StatusReport]:
    return year_ends({2022: loaded(2022)})


def test_the_county_checks_clean():
    result = load(COUNTY / "2023", JUNE)
    assert result.ok
    assert result.problems == []


def by_id(report: StatusReport) -> dict[int, tuple[float, float, str]]:
    return {p.project.id: (p.completion, p.expected, p.status.value) for p in report.projects}


def test_project_figures(report):
    found = by_id(report)
    assert found[1][:2] == pytest.approx((60.0, 50.0))
    assert found[2][:2] == pytest.approx(((400 + 55 / 90 * 100) / 6, LINEAR))
    assert found[3][:2] == pytest.approx(
        ((48 / 90 * 100 + 25 + 40) / 3, (20 / 90 * 100 + 50 + 50) / 3)
    )
    assert found[4][:2] == pytest.approx((50.0, 50.0))
    assert found[5][:2] == pytest.approx(((87.5 + 80 / 90 * 100) / 2, LINEAR))
    assert found[6][0] == pytest.approx(100.0)
    assert [found[i][2] for i in range(1, 7)] == [
        "green",
        "green",
        "yellow",
        "green",
        "green",
        "done",
    ]


def test_money_is_not_in_completion_unless_the_registry_says_so(report):
    """Project 1 has money at 50% but completion 60%: the physical figure only. Project 3 says
    in_completion: without it, (53.33 + 25) ÷ 2 = 39.17% and 序时 (22.22 + 50) ÷ 2 = 36.11%,
    which would be green; with it, yellow."""
    p3 = next(p for p in report.projects if p.project.id == 3)
    physical = [r.completion for r in p3.indicators]
    assert sum(physical) / 2 == pytest.approx(39.1667, abs=1e-3)
    assert p3.completion == pytest.approx(39.4444, abs=1e-3)
    assert p3.status.value == "yellow"


def test_investment_rates_per_project(report):
    found = {
        m.project.id: m
        for m in moneys(report.dataset, report.dataset.projects.values(), report.timeline)
    }
    p1, p3 = found[1], found[3]
    assert (p1.completion, p1.allocation_rate, p1.payment_rate) == pytest.approx(
        (1500 / 3000 * 100, 2400 / 3000 * 100, 1200 / 2400 * 100)
    )
    assert (p3.completion, p3.allocation_rate, p3.payment_rate) == pytest.approx(
        (0.48 / 1.2 * 100, 0.8 / 1.2 * 100, 0.3 / 0.8 * 100)
    )
    assert p3.expected == pytest.approx(50.0)  # the completed-investment milestone
    assert [(s.name, s.planned, s.allocated, s.paid) for s in p1.sources] == [
        ("中央", 1800, 1800, 900),
        ("县级", 1200, 600, 300),
    ]


def test_investment_overall_in_wan_yuan(report):
    """万元 and 亿元 projects sum in 万元: plan 3000 + 12000, done 1500 + 4800, funds 3000 +
    12000 planned, 2400 + 8000 下达, 1200 + 3000 拨付."""
    total = summary(moneys(report.dataset, report.dataset.projects.values(), report.timeline))
    assert total is not None
    assert total.unit == "万元"
    assert (total.annual, total.completed) == pytest.approx((15000, 6300))
    assert (total.planned_funds, total.allocated, total.paid) == pytest.approx((15000, 10400, 4200))
    assert total.completion == pytest.approx(42.0)
    assert total.allocation_rate == pytest.approx(10400 / 15000 * 100)  # 69.3%
    assert total.payment_rate == pytest.approx(4200 / 10400 * 100)  # 40.4%


def test_money_sentence(report):
    d = dimensions_of(report)
    assert d is not None and d.money is not None
    assert d.money.sentence == (
        "年度计划投资15000万元，完成投资6300万元，占年度计划的42.0%；计划资金15000万元，"
        "已下达10400万元，到位率69.3%，已拨付4200万元，拨付率40.4%。"
    )


def test_money_milestones_are_judged_like_milestones(report):
    """Project 3: 投资完成率 50% by 6-30, reached 40% → overdue; project 1: 拨付率 50% by 6-30,
    reached 1200 ÷ 2400 = 50% → met, not listed."""
    overdue = [d for d in deadlines(report).overdue if d.indicator is None]
    found: list[tuple[object, ...]] = [
        (d.project, d.name, d.planned, d.completion) for d in overdue
    ]
    assert found == [
        (
            3,
            "新建县第二中学和品质县中（资金节点：6月底前投资完成率达到50%）",
            50.0,
            pytest.approx(40.0),
        )
    ]


def test_per_level_counts_and_figures(report):
    """省级: project 1; 市级: 2; 县级: 1, 3, 4, 5, 6 (project 1 is in two levels)."""
    levels = {g.name: g for g in by_level(report)}
    assert [(n, g.measures.projects, g.measures.items) for n, g in levels.items()] == [
        ("省级", 1, 1),
        ("市级", 1, 1),
        ("县级", 5, 7),
    ]
    county = levels["县级"].report.overall
    c = by_id(report)
    assert county.completion == pytest.approx(sum(c[i][0] for i in (1, 3, 4, 5, 6)) / 5)
    assert (county.done, county.green, county.yellow, county.red) == (1, 3, 1, 0)
    # 开工率: 县级 has 3-1 已启动 only → 1 of 1; 市级 has six items, five begun → 83.3%
    assert (levels["县级"].facilities, levels["县级"].started) == (1, 1)
    assert (levels["市级"].facilities, levels["市级"].started) == (6, 5)
    assert levels["省级"].money is not None and levels["省级"].money.completion == pytest.approx(
        50.0
    )
    assert levels["市级"].money is None


def test_per_category_counts(report):
    cats = {g.name: (g.measures.projects, g.measures.items) for g in by_category(report)}
    assert cats == {"城乡建设": (3, 3), "社会保障": (2, 3), "教育卫生": (1, 2)}


def test_category_vocabulary_per_level_reuses_the_plans_counting(report):
    """The 件/项 categories of a level are the vocabulary's tally over its projects: 县级's five
    projects and seven indicators are all counted, none twice."""
    g = next(x for x in by_level(report) if x.name == "县级")
    assert g.categories.by_project.total == 5
    assert g.categories.by_indicator.total == 7


def test_measures_of_the_whole_plan_and_declared_counts(report):
    """6件8项 registered, declared 6件8项; on schedule: projects 1, 2, 4, 5, 6 (3 is yellow);
    indicators: all but 3-2 (red)."""
    m = measures(report, report.dataset.plan.declared)
    assert (m.projects, m.items, m.projects_on_schedule, m.items_on_schedule) == (6, 8, 5, 7)
    assert not m.declared_mismatch


def test_subitems_count_checklist_items(report, tmp_path):
    """With count_items: subitems the six centres count instead of their checklist: 8 − 1 + 6 = 13
    项; on schedule: the four built centres and 北坝镇 (61.1% ≥ 49.5%), not 河口乡 → 7 − 1 + 5."""
    import shutil

    folder = tmp_path / "county"
    shutil.copytree(COUNTY / "2023", folder)
    registry = folder / "projects.yaml"
    text = registry.read_text(encoding="utf-8").replace(
        "  declared: {projects: 6, items: 8}",
        "  declared: {projects: 6, items: 13}\n  count_items: subitems",
    )
    registry.write_text(
        text.replace("declared: {projects: 1}\n", "declared: {projects: 1, items: 6}\n"),
        encoding="utf-8",
    )
    result = load(folder, JUNE)
    assert result.ok and result.problems == [], result.problems
    assert result.dataset is not None
    m = measures(build_status(result.dataset, JUNE), result.dataset.plan.declared)
    assert (m.items, m.items_on_schedule, m.subitems) == (13, 11, True)


def test_area_completions_and_ranking_with_ties(report):
    """Each area over 1-1, 2-1 and 5-1:
    东城 (100 + 100 + 100) ÷ 3 = 100; 西城 (75 + 100 + 90) ÷ 3 = 88.33; 南山 (60 + 100 + 80) ÷ 3
    = 80; 北坝 (60 + 61.11 + 95) ÷ 3 = 72.04; 河口 (30 + 0 + 60) ÷ 3 = 30; 青山 (40 + 100 + 100)
    ÷ 3 = 80. 南山 and 青山 tie for third; the next place is fifth."""
    found = areas_of(report)
    assert found is not None
    assert [(r.area, r.rank) for r in found.ranks] == [
        ("东城街道", 1),
        ("西城街道", 2),
        ("南山镇", 3),
        ("青山乡", 3),
        ("北坝镇", 5),
        ("河口乡", 6),
    ]
    completion = {r.area: r.completion for r in found.ranks}
    assert completion["西城街道"] == pytest.approx((75 + 100 + 90) / 3)
    assert completion["北坝镇"] == pytest.approx((60 + 55 / 90 * 100 + 95) / 3)
    assert completion["南山镇"] == completion["青山乡"] == pytest.approx(80.0)
    assert ranking_text(found.first()) == (
        "第一名东城街道（100.0%）；第二名西城街道（88.3%）；第三名南山镇、青山乡（80.0%）"
    )
    assert ranking_text(found.last()) == (
        "第三名南山镇、青山乡（80.0%）；第五名北坝镇（72.0%）；第六名河口乡（30.0%）"
    )


def test_area_sums_and_cells(report):
    found = areas_of(report)
    assert found is not None
    road = next(a for a in found.indicators if a.result.ref.id == "1-1")
    assert [(c.area, c.target, c.value) for c in road.cells] == [
        ("东城街道", 8, 8),
        ("西城街道", 12, 9),
        ("南山镇", 10, 6),
        ("北坝镇", 10, 6),
        ("河口乡", 10, 3),
        ("青山乡", 10, 4),
    ]
    assert road.result.state.value == 36  # the total is the areas' sum
    assert [c.area for c in road.slowest()] == [
        "河口乡",
        "青山乡",
        "南山镇",
    ]  # 南山 before 北坝: tie, registry order
    centres = next(a for a in found.indicators if a.result.ref.id == "2-1")
    assert [(c.area, c.target, c.value) for c in centres.cells][3:5] == [
        ("北坝镇", 1, 0),
        ("河口乡", 1, 0),
    ]
    assert [c.area for c in centres.slowest()] == [
        "河口乡",
        "北坝镇",
    ]  # finished areas are not slow


def test_multi_year_totals(report, earlier):
    """2022: 520 户 of project 5; 2023: 240 户 → 760 of 1000 = 76.0%, 240 remaining."""
    (found,) = multi_year(report, earlier)
    assert [(f.year, f.project, f.indicator, f.value) for f in found.figures] == [
        (2022, 5, "5-1", 520),
        (2023, 4, "4-1", 240),
    ]
    assert (found.cumulative, found.share, found.remaining) == pytest.approx((760, 76.0, 240))
    assert found.missing == ()


def test_multi_year_without_the_earlier_year_says_what_is_missing(report):
    (found,) = multi_year(report, {})
    assert found.cumulative == 240
    assert found.missing == (2022,)


def test_narrowed_to_a_level_counts_its_own_reports(report):
    province = for_level(report, "省级")
    assert [p.project.id for p in province.projects] == [1]
    assert {u.name for u in province.units} == {
        "县交通局",
        "东城街道",
        "西城街道",
        "南山镇",
        "北坝镇",
        "河口乡",
        "青山乡",
    }
    assert facilities(province) == (0, 0)
