"""The 通报's sentences, one builder at a time, with the edge cases a real period brings:
nothing lagging, everything done, no reports yet, a list of one project."""

from __future__ import annotations

from datetime import date

import pytest

from minsheng.compute.vocabulary import Category
from minsheng.views.bulletin import LagItem, Note, OverdueMilestone, ReportIssue, RiskItem
from minsheng.views.tongbao import words as w

RULE = "各责任单位每月底前将当月推进情况报县发展改革委"


def lag(**changes: object) -> LagItem:
    base: dict[str, object] = {
        "project_id": 10,
        "project": "实施农村公路生命安全防护工程",
        "indicator": "农村公路生命安全防护工程",
        "item": None,
        "units": ("县交通局",),
        "target": "150公里",
        "actual": "52公里",
        "completion": 34.666,
        "expected": 40.0,
        "status": "yellow",
        "due": date(2022, 12, 31),
        "overdue": False,
    }
    base.update(changes)
    return LagItem(**base)  # type: ignore[arg-type]


def note(unit: str = "县交通局", **said: str | None) -> Note:
    return Note(
        project_id=10,
        project="实施农村公路生命安全防护工程",
        unit=unit,
        month="2022-06",
        progress=said.get("progress"),
        problems=said.get("problems"),
        next_steps=said.get("next_steps"),
    )


# --- small pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("project_id", "said"), [(1, "第一项"), (10, "第十项"), (15, "第十五项"), (120, "第120项")]
)
def test_the_number_in_the_list_is_written_as_a_tongbao_writes_it(project_id, said):
    assert w.list_number(project_id) == said
    assert w.project_ref(project_id, "某项目") == f"某项目（{said}）"


def test_ordinals_count_the_points():
    assert [w.ordinal(n) for n in (1, 2, 10)] == ["一是", "二是", "十是"]


def test_shares_have_one_decimal_and_nothing_divides_by_zero():
    assert w.share(13, 15) == "占86.7%"
    assert w.share(1, 1) == "占100.0%"
    assert w.share(0, 0) == ""


def test_none_done_is_never_counted_as_zero():
    assert w.done_text(0) == "尚无完成"
    assert w.done_text(3) == "已完成3件"


@pytest.mark.parametrize(
    ("completion", "expected", "said"),
    [
        (34.666, 40.0, "落后序时进度5.3个百分点"),
        (67.14, 49.44, "超前序时进度17.7个百分点"),  # 67.1 − 49.4, as printed
        (50.04, 49.96, "与序时进度持平"),  # both shown as 50.0
    ],
)
def test_the_gap_is_between_the_figures_as_shown_without_spaces(completion, expected, said):
    assert w.gap_text(completion, expected) == said


def test_changes_of_points_and_of_counts():
    assert w.points_change(75.3, 67.0) == "提高8.3个百分点"
    assert w.points_change(66.0, 67.0) == "下降1.0个百分点"
    assert w.points_change(67.04, 66.96) == "持平"
    assert (w.count_change(5, 3), w.count_change(2, 3), w.count_change(3, 3)) == (
        "增加2件",
        "减少1件",
        "无变化",
    )


def test_a_unit_s_words_are_quoted_on_one_line_without_their_full_stop():
    assert w.quoted("消防设计变更审批尚未完成。") == "“消防设计变更审批尚未完成”"
    assert w.quoted("钢材供货不及时\n  施工队伍不足；\n") == "“钢材供货不及时；施工队伍不足”"


def test_a_sentence_ends_with_one_full_stop():
    assert w.sentence("甲；乙；") == "甲；乙。"
    assert w.sentence("已完成。") == "已完成。"
    assert w.sentence("确保完成！") == "确保完成！"


def test_lists_are_joined_with_he_before_the_last():
    assert (w.joined([]), w.joined(["甲"]), w.joined(["甲", "乙", "丙"])) == (
        "",
        "甲",
        "甲、乙和丙",
    )


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2022, 6, 30), "截至6月底"),
        (date(2022, 12, 31), "截至年底"),
        (date(2022, 8, 15), "截至8月15日"),
        (date(2024, 2, 29), "截至2月底"),
    ],
)
def test_the_statistics_day_in_words(day, said):
    assert w.by_day(day) == said


# --- 一、总体情况 --------------------------------------------------------------------------------


def counts(**changes: int) -> w.Counts:
    base = {
        "total": 15,
        "done": 0,
        "on_track": 13,
        "ahead": 12,
        "behind": 2,
        "serious": 1,
        "not_started": 0,
    }
    base.update(changes)
    return w.Counts(**base)


def test_the_counts_sentence_of_a_quarter():
    assert w.counts_sentence(counts(), "重点民生实事", "截至6月底") == (
        "截至6月底，15件重点民生实事尚无完成；达到或超过序时进度要求的13件（其中超前序时进度的"
        "12件），占86.7%；进度滞后的2件，占13.3%（其中严重滞后1件）。"
    )


def test_the_counts_sentence_with_nothing_lagging_and_some_done():
    said = w.counts_sentence(
        counts(done=3, on_track=12, ahead=0, behind=0, serious=0), "重点民生实事", "截至9月底"
    )
    assert said == (
        "截至9月底，15件重点民生实事已完成3件，占20.0%；其余达到或超过序时进度要求的12件，占80.0%。"
    )
    assert "滞后" not in said


def test_the_counts_sentence_when_everything_is_done():
    c = counts(done=15, on_track=0, ahead=0, behind=0, serious=0)
    assert (
        w.counts_sentence(c, "重点民生实事", "截至年底") == "截至年底，15件重点民生实事已全部完成。"
    )


def test_the_counts_sentence_of_a_list_of_one_project():
    c = counts(total=1, on_track=0, ahead=0, behind=1, serious=1)
    assert w.counts_sentence(c, "民生实事", "截至6月底") == (
        "截至6月底，1件民生实事尚无完成；进度滞后的1件，占100.0%（其中严重滞后1件）。"
    )


def test_the_year_says_done_and_not_done():
    assert w.year_sentence(15, 13, "重点民生实事") == (
        "15件重点民生实事已完成13件、未完成2件，按件计完成率86.7%。"
    )
    assert w.year_sentence(15, 15, "重点民生实事") == "15件重点民生实事已全部完成。"
    assert w.year_sentence(1, 0, "民生实事") == "1件民生实事尚无完成。"


def test_the_rate_sentence_and_at_the_year_s_end_no_schedule():
    assert w.rate_sentence(67.14, 49.44) == (
        "总体完成率67.1%，序时进度49.4%，超前序时进度17.7个百分点。"
    )
    assert w.rate_sentence(97.26, 100.0, year_end=True) == "总体完成率97.3%。"


def test_the_start_sentence():
    assert w.start_sentence(47, 40) == "涉及建设的47个设施（站点）中已开工40个，开工率85.1%。"
    assert w.start_sentence(6, 6) == "涉及建设的6个设施（站点）已全部开工。"
    assert w.start_sentence(6, 0) == "涉及建设的6个设施（站点）尚未开工。"
    assert w.start_sentence(0, 0) == ""


def test_examples_name_the_projects_with_their_number():
    assert w.examples_sentence([(7, "发展普惠性学前教育")], [(9, "推进“双减”", 95.63)]) == (
        "已完成的有发展普惠性学前教育（第七项）。进度较快的有推进“双减”（第九项，完成95.6%）。"
    )
    assert w.examples_sentence([], []) == ""


def test_the_comparison_with_the_previous_end():
    assert w.comparison_sentence("上季度末", (75.3, 67.0), (3, 1), (2, 3)) == (
        "与上季度末相比，总体完成率提高8.3个百分点，已完成项目增加2件，滞后项目减少1件。"
    )
    # the same number behind, but not the same projects: said so
    assert w.comparison_sentence("上月末", (70.0, 70.0), (0, 0), (2, 2), (1, 1)) == (
        "与上月末相比，总体完成率持平，已完成项目无变化，滞后项目仍为2件，但有1件不再滞后、1件转为滞后。"
    )


def test_what_turned_is_named():
    assert w.turns_sentence(0, [], [], []) == "各项目完成率和进度情况均无变化。"
    assert w.turns_sentence(12, [], [], []) == "12个项目有进展，进度情况均无变化。"
    assert w.turns_sentence(
        15, [(6, "实施街头绿地提质工程")], [(10, "实施农村公路生命安全防护工程")], []
    ) == (
        "本期新完成1件（实施街头绿地提质工程（第六项））；新转为滞后的有实施农村公路生命安全"
        "防护工程（第十项）。"
    )


def test_the_reports_sentence():
    assert w.reports_sentence(RULE, 15, "月度进展报告", 45, 44, 1, 0, 0) == (
        f"按照“{RULE}”的要求，15个责任单位应报月度进展报告45份，按时报送44份，逾期报送1份。"
    )
    assert w.reports_sentence(RULE, 3, "月度进展报告", 9, 9, 0, 0, 3) == (
        f"按照“{RULE}”的要求，3个责任单位应报月度进展报告9份，均按时报送，另有3份尚未到报送期限，不计入。"
    )


def test_the_reports_sentence_before_any_report_is_due():
    assert w.reports_sentence(RULE, 3, "月度进展报告", 0, 0, 0, 0, 3) == (
        f"按照“{RULE}”的要求，3个责任单位的月度进展报告尚未到报送期限。"
    )


# --- 二、存在问题 --------------------------------------------------------------------------------


def test_where_a_lagging_item_stands_in_words():
    assert w.reached_text(lag()) == "累计完成52公里，完成年度目标的34.7%"
    assert w.reached_text(lag(kind="stage", completion=0.0, actual="未启动")) == "尚未启动"
    assert w.reached_text(lag(kind="quantity", completion=0.0)) == "尚无进展"
    started = lag(kind="item", completion=41.7, actual="已启动（形象进度25%）")
    assert w.reached_text(started) == "已启动（形象进度25%）"
    assert w.reached_text(lag(kind="stage", completion=50.0, actual="主体施工")) == (
        "处于主体施工阶段"
    )
    assert w.reached_text(lag(kind="threshold", completion=90.0, actual="91%")) == "当前为91%"


def test_a_named_item_with_the_unit_s_own_problems_and_the_milestone_it_missed():
    said = w.named_sentence(
        lag(),
        [note(problems="5月下旬以来持续降雨，山区路段无法施工。")],
        ["6月底前累计完成60公里"],
    )
    assert said == (
        "县交通局负责的农村公路生命安全防护工程（第十项）累计完成52公里，完成年度目标的34.7%，"
        "落后序时进度5.3个百分点，未完成“6月底前累计完成60公里”的节点要求；据县交通局反映，"
        "“5月下旬以来持续降雨，山区路段无法施工”"
    )


def test_a_seriously_lagging_item_says_so_and_an_overdue_one_says_its_due_date():
    serious = lag(
        kind="stage",
        completion=0.0,
        expected=49.5,
        actual="未启动",
        category=Category.FAR_BEHIND,
        label="严重滞后",
        units=("县供销社", "县商务委"),
    )
    assert w.named_sentence(serious, [note("县供销社")]) == (
        "县供销社、县商务委负责的农村公路生命安全防护工程（第十项）尚未启动，落后序时进度49.5个百分点，"
        "属严重滞后"
    )  # a note without 存在问题 adds nothing
    overdue = lag(overdue=True, expected=100.0)
    assert w.named_sentence(overdue, []) == (
        "县交通局负责的农村公路生命安全防护工程（第十项）累计完成52公里，完成年度目标的34.7%，"
        "已过完成时限（2022年12月31日），未按期完成"
    )


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("项目资金尚未到位", "资金保障"),
        ("临时安置场地未落实", "用地和场地"),
        ("消防设计变更审批尚未完成", "审批和手续"),
        ("招标文件编制中", "招标和采购"),
        ("5月下旬以来持续降雨", "天气和施工条件"),
        ("工作推进较慢", "其他方面"),
    ],
)
def test_problems_are_sorted_under_causes(text, cause):
    assert w.cause_of(text)[1] == cause


def test_problems_grouped_by_cause_in_the_causes_order():
    notes = [
        note("县教委", problems="部分农村学校心理辅导室场地不足。"),
        note("县卫生健康委", problems="专业人员不足"),
        note("县残联", problems="项目资金尚未下达"),
    ]
    assert w.causes_text(notes) == (
        "资金保障方面，县残联反映实施农村公路生命安全防护工程（第十项）“项目资金尚未下达”。"
        "用地和场地方面，县教委反映实施农村公路生命安全防护工程（第十项）“部分农村学校心理辅导室场地不足”。"
        "人员力量方面，县卫生健康委反映实施农村公路生命安全防护工程（第十项）“专业人员不足”。"
    )
    assert w.causes_text([]) == ""


def test_an_overdue_milestone_sentence():
    m = OverdueMilestone(
        project_id=1,
        project="建成1个市民广场",
        name="节点",
        units=("县住房城乡建委",),
        due=date(2022, 6, 30),
        completion=32.5,
        planned=37.5,
        subject="滨河公园广场建成面积",
        wanted="6月底前累计完成3000平方米",
    )
    assert w.milestone_sentence(m) == (
        "县住房城乡建委负责的滨河公园广场建成面积（第一项）未完成“6月底前累计完成3000平方米”的节点要求"
        "（计划完成37.5%，实际完成32.5%）"
    )


def risk(project_id: int, indicator: str, basis: str = "按近期趋势") -> RiskItem:
    return RiskItem(
        project_id=project_id,
        project="",
        indicator=indicator,
        units=("县教委",),
        due=date(2022, 12, 31),
        completion=90.0,
        basis=basis,
        forecast="",
        done_by=None,
    )


def test_the_risks_sentence():
    one = [risk(7, "全县学前三年毛入园率")]
    assert w.risks_sentence(one, 2) == (
        "全县学前三年毛入园率（第七项），按近期趋势，到期可能完不成目标（见附件2）。"
    )
    many = [*one, risk(12, "心理辅导室覆盖率", "单位预计"), risk(13, "康复服务覆盖率")]
    assert w.risks_sentence(many) == (
        "全县学前三年毛入园率（第七项）、心理辅导室覆盖率（第十二项）、康复服务覆盖率（第十三项）"
        "等3个事项，按各单位预计和近期趋势，到期可能完不成目标。"
    )
    assert w.risks_sentence([]) == ""


def issue(unit: str, month: str, state: str, submitted: date | None = None) -> ReportIssue:
    return ReportIssue(unit, month, date(2022, int(month[5:]), 30), submitted, state)


def test_late_and_missing_reports_alike_are_told_together():
    issues = [
        issue("县交通局", "2022-06", "late", date(2022, 7, 5)),
        issue("县民政局", "2022-04", "missing"),
        issue("县公安局", "2022-04", "missing"),
    ]
    assert w.late_reports_sentence(issues) == (
        "县交通局6月报告逾期5天报送；县民政局、县公安局4月报告未报送。"
    )
    assert w.late_report_text(issues[0]) == "县交通局6月报告逾期5天报送"
    assert w.late_reports_sentence([]) == ""


# --- 三、下步工作要求 ----------------------------------------------------------------------------


def test_what_a_lagging_unit_must_do_in_its_own_words():
    asked = w.requirement_sentence(
        [lag()], [note(next_steps="制定赶工计划，约谈施工单位。")], year_end=False
    )
    assert asked == (
        "县交通局要加快推进农村公路生命安全防护工程（第十项），落实“制定赶工计划，约谈施工单位”的措施，"
        "尽快追赶序时进度。"
    )


def test_past_due_items_are_to_be_finished_and_at_the_year_s_end_nothing_of_schedule():
    overdue = [lag(overdue=True), lag(indicator="安全防护设施")]
    assert w.requirement_sentence(overdue, [], year_end=False) == (
        "县交通局要加快推进农村公路生命安全防护工程、安全防护设施（第十项），限期完成。"
    )
    year = w.requirement_sentence([lag(overdue=True)], [], year_end=True)
    assert year == "县交通局要抓紧完成农村公路生命安全防护工程（第十项），明确完成时限。"
    assert "序时" not in year


def test_the_contact_sentence():
    assert w.contact_sentence("庞宇", "17783221690", "县发展改革委") == (
        "联系人：庞宇（县发展改革委），电话：17783221690。"
    )
    assert w.contact_sentence(None, "023-1234", "县政府督查室") == (
        "联系单位：县政府督查室，电话：023-1234。"
    )


def test_the_objection_clause_of_a_public_notice():
    assert w.objection_sentence(7, "县政府督查室", "城口县葛城街道", None, "023-59222222") == (
        "若对公示情况有异议的，请在7日之内以书面形式向县政府督查室反映。"
        "联系地址：城口县葛城街道；联系电话：023-59222222。"
    )
    assert w.objection_sentence(5, "县发展改革委", None, None, None) == (
        "若对公示情况有异议的，请在5日之内以书面形式向县发展改革委反映。"
    )


# --- 挂牌督办及销号情况 ----------------------------------------------------------------------------


def test_what_a_duban_action_is_about():
    assert w.subject_text(10, "实施农村公路生命安全防护工程", None) == (
        "实施农村公路生命安全防护工程（第十项）"
    )
    assert w.subject_text(2, "城区农贸市场标准化改造", "南大街菜市场") == (
        "城区农贸市场标准化改造（第二项）中的南大街菜市场"
    )
    assert w.subject_text(2, "城区农贸市场标准化改造", "标准化改造") == (
        "城区农贸市场标准化改造（第二项）"
    )  # a target the name already says
    assert w.subject_text(None, "", None) == "按时报送进展情况"


def test_the_duban_sentences():
    assert w.issued_sentence(
        4, [("提醒", 2), ("约谈", 1), ("督办函", 1)], ["县供销社", "县交通局"]
    ) == ("本期共下发督办事项4项（提醒2项、约谈1项、督办函1项），涉及县供销社、县交通局。")
    assert w.issued_sentence(0, [], []) == "本期没有新下发的督办事项。"
    assert w.open_sentence(
        "截至9月底", [("县供销社", 2), ("县交通局", 2)], ["甲（第二项）"], ["县交通局"], 1, 9
    ) == (
        "截至9月底，尚未办结的督办事项4项（县供销社2项、县交通局2项），其中挂牌督办1项（甲（第二项）），"
        "逾期未回复1项（县交通局）。"
    )
    assert w.open_sentence("截至年底", [], [], [], 0, 14) == "截至年底，督办事项均已办结。"
    assert w.open_sentence("截至4月底", [], [], [], 0, 0) == ""  # nothing ever issued
    assert w.closed_sentence([("县供销社", 2)], None) == "本期办结2项（县供销社2项）。"
    assert w.closed_sentence([], []) == "本期没有验收销号的事项。"
    assert w.closed_sentence([], ["甲（第一项）"]) == "本期验收销号1项（甲（第一项））。"
    assert (
        w.inspection_sentence(
            date(2022, 8, 25), ["县政府督查室", "县发展改革委"], ["现场查看", "查阅资料"], 3
        )
        == "8月25日，县政府督查室、县发展改革委通过现场查看、查阅资料对3个事项开展督查"
    )
