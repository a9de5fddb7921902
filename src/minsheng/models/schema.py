"""JSON Schema of the data files, generated from the models, for editors and other tools."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel

from . import ProgressReport, Registry
from .acceptance import Acceptance
from .duban import Action, Inspection
from .office import Office

SchemaKind = Literal["projects", "progress", "office", "acceptance", "action", "inspection"]

_MODELS: dict[str, type[BaseModel]] = {
    "projects": Registry,
    "progress": ProgressReport,
    "office": Office,
    "acceptance": Acceptance,
    "action": Action,
    "inspection": Inspection,
}
# The files a data repository keeps for editors (``schema/`` beside ``data/``).
SCHEMA_FILES: dict[SchemaKind, str] = {
    "projects": "projects.schema.json",
    "progress": "progress.schema.json",
    "office": "office.schema.json",
    "acceptance": "acceptance.schema.json",
    "action": "action.schema.json",
    "inspection": "inspection.schema.json",
}
_TITLES = {
    "projects": "重点民生实事项目登记表（projects.yaml）",
    "progress": "重点民生实事月度进展报告（progress/YYYY-MM/单位.yaml）",
    "office": "重点民生实事本办规则（office.yaml）：预警颜色、通报用语、休息日、免报、验收、督办",
    "acceptance": "重点民生实事验收记录（duban/acceptance/名称.yaml）",
    "action": "重点民生实事督办事项（duban/actions/下发日期-单位-序号.yaml）",
    "inspection": "重点民生实事督查记录（duban/inspections/督查日期-序号.yaml）",
}


# What each object is, in the words editors show the clerk when the mouse is over a key.
# The models' docstrings are written for maintainers; every object of a schema has an entry
# here (a test checks that none is left in English).
DESCRIPTIONS = {
    # progress/YYYY-MM/单位.yaml
    "ProgressReport": "月度进展报告：一个责任单位一个月的进展，文件放在 progress/YYYY-MM/单位.yaml",
    "ProjectReport": "一个项目本月的进展情况、存在问题、下步打算，以及由本单位填报数值的指标",
    "IndicatorReport": (
        "一个指标年初至今的情况；填哪些字段取决于指标类型：数量、达标、趋势类填 value，"
        "阶段类填 stage（可加 percent），清单类填 items，定性类填 self_assessment"
    ),
    "ItemReport": "清单中的一项已达到的阶段",
    "Review": "督查评价：督查室抽查时给的评分（0–100），由督查单位填写",
    # projects.yaml
    "Registry": "项目登记表：计划、责任单位、各项目及其目标任务",
    "Plan": "计划：年度、文件名称和文号、发文单位、统筹单位、联系人、报送规则、阈值和阶段表",
    "Contact": "联系人",
    "Reporting": "按月调度：报送哪些月份，每月报告的截止日期",
    "Thresholds": "阈值：落后序时进度多少个百分点为严重滞后；定性指标的合格线",
    "Stage": "阶段表中的一级（未启动 → 已启动 → 建成 → 投用）及其权重（0–100），可登记别名",
    "Assessment": (
        "年终考核计分办法：得分 = 完成率 × 满分 ÷ 100 + 督查权重 ×（督查评分 − 基准分）"
        " − 逾期报送扣分 × 份数 − 未报送扣分 × 份数，得分在 0 至满分之间"
    ),
    "Unit": "责任单位：简称（报告中写这个名称）和全称",
    "Project": "重点民生实事项目：序号、名称、通知中的目标任务原文、责任单位（第一个牵头）和指标",
    "Milestone": "节点（实施方案倒排工期）：某日前应达到的数值、阶段或完成百分比，三者只写一项",
    "Quantity": "数量类指标：年初至今累计完成的数量，对照目标数（如 8000 平方米、1.5 亿元以上）",
    "Threshold": "达标类指标：比率要达到（≥）或不超过（≤）目标值（如毛入园率 ≥ 92%）",
    "StageIndicator": "阶段类指标：设施沿阶段表推进到目标阶段",
    "Checklist": "清单类指标：若干有名称的项，各有自己的目标阶段",
    "ChecklistItem": "清单中的一项（地点、站点或学校），有自己的目标阶段",
    "Trend": "趋势类指标：对照基数要降低或提高（如近视率逐年降低）",
    "Qualitative": "定性类指标：没有数值，按报送的工作情况和督查评价判断",
    "ReportStream": "另一项报送要求：报送频次（按月或按季度）、截止日期和报送对象",
    "UnitReporting": "某些单位的报送要求（通知中另有规定的），代替计划的报送规则",
    # progress: forecasts
    "Forecast": "预计：预计达到的数值或阶段，以及预计达到的日期",
    "MilestoneMark": "本期节点完成情况：是否完成，以及单位的说明",
    # the list's other dimensions (models/dimensions.py): registry and reports
    "Declared": "文件中声明的件数（项目数）和项数（目标任务数），与登记的不一致时检查会给出警告",
    "Level": "层级：省级、市级、县级等，一个县可同时跟踪几级清单，各有来源文件",
    "ListCategory": "类别：清单中项目的分类（如 教育、医疗、交通）",
    "Person": "人员：姓名、职务、领导职责（牵头领导、分管领导、包抓领导）和电话；电话不出现在公开的输出中",
    "FundSource": "资金来源（中央、省级、市级、县级、社会资金）及其计划金额",
    "MoneyMilestone": "资金节点：某日前投资完成率、资金到位率或拨付率应达到的百分比，三者只写一项",
    "Investment": "投资：总投资、年度计划投资、金额单位和资金来源；默认不计入项目完成率",
    "AreaShare": "分解到一个地区（乡镇、街道、县区）的目标，以及填报该地区数值的单位",
    "Years": "多年项目的起止年度",
    "Continues": "接续实施：上一年度（或更早）登记表中的项目，写年度和序号",
    "ParentTask": "上级任务：本县目标所属的上级下达任务，如 建设品质县中10所（其中我县4所）",
    "FundReport": "一个资金来源年初至今累计下达和拨付的金额",
    "InvestmentReport": "投资和资金：年初至今累计完成投资，各资金来源累计下达、拨付的金额（由牵头单位填报）",
    "AreaReport": "分解到各地区的指标：一个地区年初至今的累计完成数",
    # office.yaml
    "Office": "本办规则（office.yaml）：预警颜色规则、通报用语、休息日、免报、验收、督办，与登记表分开保存",
    "Colours": "预警颜色：选用的预设规则，以及本办在预设之前先检查的规则",
    "ColourRule": "一条预警规则：写出的条件全部满足时，事项取这条规则的颜色；规则按顺序检查，先满足的为准",
    "Aggregate": "项目（单位）的颜色如何由其指标的颜色得出",
    "StateStyle": "一种颜色的名称和显示颜色",
    "Vocabulary": "通报用语的阈值：超序时、按序时、严重滞后等分类的界线",
    "Calendar": "休息日和调休上班日：截止日期遇休息日是否顺延",
    "Holiday": "一个休息日或调休上班日",
    "Exemption": "免报：某单位某一期的报告经同意不报，并写明原因",
    "JustifiedDelay": "有正当理由的延误：经认可的项目或指标，在期限内不计为滞后",
    "Words": "本办的用语：清单名称、报告名称、通报主题等与默认不同时填写",
    "BulletinSettings": "通报：期号和发文字号的写法、发文机关全称、主送、抄送、印发机关、公开属性、各期的期号和成文日期、常用要求、公示的异议期和受理单位",
    "Issued": "一期通报实际的期号、成文日期和发文字号",
    "PeriodIssued": "一个期间的通报实际的期号、成文日期和发文字号，以及同期其他种类（汇总表、进度表、公示、年终考核）的",
    "Standing": "下步工作要求中的一条常用要求，以及它用于哪些通报（月度、季度、半年、全年）",
    "PublicContact": "公示的受理单位、地址、联系人和办公电话（不写个人电话）",
    # duban/acceptance
    "Acceptance": "验收记录：验收的项目、指标或清单项，验收日期、验收单位、文件，以及销号日期",
    # 督办: office.yaml's escalation, duban/actions, duban/inspections, replies in the reports
    "Escalation": "督办阶梯：督办方式从轻到重的顺序、提出督办建议的规则、回头看的期限",
    "EscalationRule": (
        "一条督办规则：项目（指标、单位）在报送期末满足写出的全部条件时，建议采取这一级督办方式；"
        "条件与预警颜色规则相同，另有颜色、季度末、年末、未报送份数、逾期未回复"
    ),
    "InspectionSettings": "督查：核实值与单位自报值相差多少时提示",
    "Action": "督办事项：督办方式、对象、事由、要求、办结时限和办结情况，由督办单位填写，一事一个文件",
    "Closure": "办结：办结日期、确认单位和办结情况",
    "FollowUp": "回头看：办结后复查的日期、单位和结果",
    "Inspection": "督查记录：督查日期、督查组、督查方式和对各项目的督查发现",
    "Finding": "督查发现：一个项目的情况，可附核实的数值或阶段和整改要求",
    "VerifiedItem": "核实的清单项阶段",
    "Reply": "回复督办事项：本单位对发给本单位的督办事项的回复，写明督办事项编号",
    "ClosureRequest": "申请验收销号：本单位已完成的项目、指标或清单项，附佐证",
}


def json_schema(kind: SchemaKind) -> str:
    model = _MODELS[kind]
    schema = model.model_json_schema()
    for name, definition in schema.get("$defs", {}).items():
        definition["description"] = DESCRIPTIONS.get(name, definition.get("description"))
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": _TITLES[kind],
        "description": DESCRIPTIONS[model.__name__],
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
