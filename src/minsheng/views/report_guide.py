"""填写说明: how to fill in a unit's workbook, in plain Chinese, for its 填写说明 sheet."""

from __future__ import annotations

from ..text import fmt
from .report_form import Level, ReportForm, level_used, slot_used


def guide_lines(form: ReportForm) -> list[tuple[str, bool]]:
    """(text, is a heading) lines of the 填写说明 sheet."""
    lines: list[tuple[str, bool]] = [
        (f"填写说明：{form.unit} {form.period_label}{form.report_name}", True),
        (f"{form.plan_title}。本表由 minsheng 生成，填好后导入即成为本单位的进展报告。", False),
    ]
    if form.sample:
        lines.append(("【样例数据】预填的数字是演示用的虚构数据，不是真实进展。", True))
    lines += [
        ("一、在哪里填", True),
        (
            "只填「填报」表中浅黄色的格子；项目、指标、年度目标、上期累计等其他格子已锁定，不能修改。",
            False,
        ),
        (
            "先填表头：填报人（必填）、联系电话、报送日期（已预填为生成当天，请改为实际报送日期）。",
            False,
        ),
        (
            "把鼠标放在格子上会显示填写提示；填错类型（例如在数字格里写汉字）时 Excel 和 WPS 会当场提示。",
            False,
        ),
        ("二、每一行填什么", True),
        (
            "项目行（加粗、浅蓝底）：填进展情况（本期做了什么、完成了多少）、存在问题（没有可不填）、下步打算。",
            False,
        ),
        (
            "数量类指标：「本期累计」填年初至本期末的累计数（不是本期新增数），单位见「计量单位」。",
            False,
        ),
        ("达标、趋势类指标：「本期累计」填当前值（比率只填数字，如 92.5，不带 %）。", False),
        (
            f"阶段类指标：「阶段」从下拉列表中选（可选：{form.stage_help}）；「形象进度」填向下一阶段推进的百分比 0–100（选填）。",
            False,
        ),
        ("清单类指标：每个清单项一行，分别选阶段、填形象进度。", False),
    ]
    if level_used(form, Level.AREA):
        lines.append(
            (
                "分地区的指标：本单位负责的每个地区一行，「本期累计」填该地区年初至本期末的累计数；"
                "指标的总数按各地区之和计算，指标行不用填数。",
                False,
            )
        )
    if level_used(form, Level.ACTION):
        lines.append(
            (
                "督办事项（本单位尚未办结的，列在表的最后）：每项一行，在「回复内容」写明整改落实情况，"
                "佐证链接写在「佐证链接」（每行一个），「回复日期」不填即为报送日期；不回复的整行留空。",
                False,
            )
        )
    if level_used(form, Level.INVESTMENT):
        lines.append(
            (
                "投资和资金（牵头单位填写）：「投资和资金」行的「本期累计」填年初至本期末累计完成投资；"
                "每个资金来源一行，填累计下达、累计拨付的金额（单位见「计量单位」，只填数字）。",
                False,
            )
        )
    lines += [
        (
            "定性类指标：「本期累计」填本单位的自评完成度 0–100；督查评价由督查单位填写，不在本表中。",
            False,
        ),
        ("「节点」行是实施方案的倒排工期，只供对照，不用填写。", False),
        ("三、预填、更正和预计", True),
        ("表中已按本单位上期报送的情况预填；没有变化的照原样保留即可，有变化的逐项改。", False),
        ("从未报送过的指标留空；有数据时填上。", False),
        (
            "某个数比上期小（更正以前报错的数）时，必须在本行的「更正说明」写明原因，否则不能导入"
            "（分地区的数写在该指标那一行）。"
            if level_used(form, Level.AREA)
            else "某个数比上期小（更正以前报错的数）时，必须在本行的「更正说明」写明原因，否则不能导入。",
            False,
        ),
    ]
    if slot_used(form, "forecast"):
        lines.append(
            (
                "「预计达到」和「预计日期」（选填）：预计到某日达到的数值或阶段，两格要同时填；「预计完成日期」可单独填。",
                False,
            )
        )
    if slot_used(form, "evidence"):
        lines.append(("「佐证链接」（选填）：每行一个，以 http:// 或 https:// 开头。", False))
    lines += [
        ("四、注意", True),
        ("不要插入、删除或移动行和列，不要改工作表的名称；否则无法导入。", False),
        ("不要填公式，直接填数值；填了公式的，按保存时的计算结果导入。", False),
        (
            f"保存为 .xlsx 格式（WPS 用「另存为」选 Excel 工作簿 .xlsx），发给{form.coordinator}；文件名可以改。",
            False,
        ),
        (f"报送截止：{fmt.cn_date(form.due)}（{form.rule}）。", False),
    ]
    if form.contact:
        lines.append((f"联系人：{form.contact}。", False))
    return lines
