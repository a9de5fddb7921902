"""The tool's own Chinese labels: the sample-data warning, and the names of fields, kinds and
states. Keys are the English keys of the data and of the JSON output."""

from __future__ import annotations

SAMPLE_BANNER = "【样例数据】以下数字由演示用的虚构进展数据计算，不是真实进展。"
# Every bulletin and page built from sample data says so, in these words.
SAMPLE_TITLE = "样例数据"
SAMPLE_TEXT = (
    "本文由演示用的虚构进展数据生成，其中的数字不是真实进展，不得作为正式通报或考核依据使用。"
)
SAMPLE_NOTE = f"【{SAMPLE_TITLE}】{SAMPLE_TEXT}"

STATUS_LABELS = {
    "done": "已完成",
    "green": "正常推进",
    "yellow": "轻微滞后",
    "red": "严重滞后",
    "blue": "已验收",  # the other keys of the closed set, named by an office's rules
    "orange": "较大滞后",
}
REPORT_LABELS = {
    "on_time": "按时报送",
    "late": "逾期报送",
    "missing": "未报送",
    "pending": "未到期",
}
# The same states in a cell of the workbook's 报送情况 sheet (逾期 is followed by its days).
REPORT_CELL_WORDS = {
    "on_time": "按时",
    "late": "逾期",
    "missing": "未报",
    "pending": "未到期",
}
KIND_LABELS = {
    "quantity": "数量",
    "threshold": "达标",
    "stage": "阶段",
    "checklist": "清单",
    "trend": "趋势",
    "qualitative": "定性",
}
BASIS_LABELS = {"review": "督查评价", "self": "单位自评"}

# Chinese names of the YAML keys, so a clerk knows what a field is for.
FIELD_NAMES: dict[str, str] = {
    "sample": "样例数据标记",
    "plan": "计划信息",
    "year": "年度",
    "title": "标题",
    "doc_number": "文号",
    "issuer": "发文单位",
    "issued": "印发日期",
    "coordinator": "牵头协调单位",
    "supervisor": "督查单位",
    "contact": "联系人",
    "phone": "联系电话",
    "reporting": "报送规则",
    "first_month": "首个报送月份",
    "last_month": "最后报送月份",
    "units": "责任单位",
    "unit": "单位",
    "projects": "项目",
    "id": "编号",
    "name": "名称",
    "text": "目标任务原文",
    "indicators": "指标",
    "kind": "指标类型",
    "target": "目标",
    "items": "清单项",
    "milestones": "节点",
    "by": "节点日期",
    "value": "数值",
    "stage": "阶段",
    "percent": "百分比",
    "month": "月份",
    "submitted": "报送日期",
    "reporter": "填报人",
    "progress": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步打算",
    "evidence": "佐证链接",
    "correction": "更正说明",
    "self_assessment": "自评完成度",
    "review": "评价",
    "score": "评分",
    "reviewer": "评价单位",
    "baseline": "基数",
    "due": "完成时限",
    "weight": "权重",
    "note": "备注",
    # office.yaml and duban/acceptance/
    "words": "用语",
    "list_name": "清单名称",
    "colours": "预警颜色",
    "preset": "预设规则",
    "rules": "规则",
    "states": "颜色名称和显示颜色",
    "colour": "颜色",
    "aggregate": "汇总方式",
    "vocabulary": "通报用语",
    "tolerance": "按序时的容差",
    "calendar": "休息日",
    "holidays": "放假日期",
    "working_days": "调休上班日期",
    "exemptions": "免报",
    "justified": "有正当理由的滞后",
    "acceptance": "验收",
    "accepted": "验收日期",
    "accepted_by": "验收单位",
    "closed": "销号日期",
    "forecast": "预计",
    "expected_done": "预计完成日期",
    "cadence": "报送周期",
    "due_day": "截止日",
    "days_after": "期末后第几天",
    "streams": "另外的报送要求",
    "overrides": "个别单位的报送要求",
    # 督办: office.yaml's escalation, duban/actions/ and duban/inspections/, and the replies
    "escalation": "督办阶梯和规则",
    "ladder": "督办方式",
    "action": "督办方式",
    "scope": "对象",
    "to": "督办对象",
    "reply_days": "办结天数",
    "quarter_end": "季度末",
    "year_end": "年末",
    "missing_reports": "未报送份数",
    "unanswered": "逾期未回复",
    "review_days": "回头看天数",
    "issued_by": "督办单位",
    "document": "文件或文号",
    "rule": "督办规则",
    "suggestion": "建议编号",
    "reason": "督办事由",
    "requirements": "督办要求",
    "deadline": "办结时限",
    "closure": "办结或申请销号",
    "review_by": "回头看期限",
    "follow_up": "回头看",
    "person": "姓名",
    "date": "日期",
    "result": "结果",
    "inspections": "督查",
    "team": "督查组",
    "methods": "督查方式",
    "findings": "督查发现",
    "duban": "回复督办事项",
    "reply": "回复内容",
    "documents": "佐证材料",
    "closed_by": "销号单位",
    "confirmed_by": "办结确认单位",
    "checked_by": "回头看单位",
}

# What a changed figure is called in the audit trail (history, diff). A row there names a field
# of a known kind of file, so where the file tells more it says more than FIELD_NAMES, which
# names a key wherever it may be written: a report's percent is the stage's 形象进度, review
# its 督查评分; an action's unit is the 督办对象, issued the day it went out (下发日期, not the
# plan's 印发日期), closed and follow_up are days; an inspection's date is the 督查日期.
CHANGE_LABELS = {
    **{
        key: FIELD_NAMES[key]
        for key in (
            "submitted",
            "value",
            "baseline",
            "stage",
            "self_assessment",
            "note",
            "target",
            "due",
            "weight",
            "milestones",
            "action",
            "deadline",
        )
    },
    "percent": "形象进度",
    "review": "督查评分",
    "text": "文字",
    "unit": "督办对象",
    "issued": "下发日期",
    "closed": "办结日期",
    "follow_up": "回头看日期",
    "verified": "核实值",
    "date": "督查日期",
}
# The texts of a report or a ledger file whose change history lists by name (修改了进展情况、…);
# an action's result is its 办结情况.
CHANGE_TEXT_LABELS = {
    **{
        key: FIELD_NAMES[key]
        for key in (
            "progress",
            "problems",
            "next_steps",
            "evidence",
            "reason",
            "requirements",
            "findings",
        )
    },
    "result": "办结情况",
}
