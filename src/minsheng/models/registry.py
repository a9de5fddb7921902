"""The year's registry (projects.yaml): plan, units, projects and their indicators."""

from __future__ import annotations

from typing import Annotated, Literal

from .common import (
    Date,
    Field,
    IndicatorId,
    Month,
    Name,
    NonNegative,
    Number,
    Percent,
    Positive,
    ProjectId,
    Text,
    UnitName,
    constrained,
    record,
)
from .dimensions import (
    AreaShare,
    Continues,
    Declared,
    Investment,
    ItemCounting,
    Level,
    ListCategory,
    NameList,
    ParentTask,
    Person,
    ProjectType,
    UnitKind,
    Years,
)
from .reporting import Cadence, ReportStream, UnitReporting, check_one_due_rule


@record
class Contact:
    """联系人: a person, or only an office, with a phone."""

    name: Name | None = None
    phone: Name | None = None
    office: Name | None = Field(default=None, description="联系单位（只写单位不写人时用）")

    def __post_init__(self) -> None:
        if self.name is None and self.office is None:
            raise ValueError("联系人至少要写 name（姓名）或 office（联系单位）之一")


@record
class Stage:
    """A step of the stage ladder (未启动 → 已启动 → 建成 → 投用) and its weight, 0–100."""

    name: Name
    weight: Percent
    aliases: tuple[Name, ...] = ()
    started: bool = Field(
        default=False,
        description="从这一阶段起算作已开工（开工率）；不写时按「开工」一词或第二个阶段",
    )


# Weights as a validated file holds them (floats): built here, they are not validated.
DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage(name="未启动", weight=0.0),
    Stage(name="已启动", weight=20.0, aliases=("启动", "开工", "开工建设", "实施", "推行")),
    Stage(name="建成", weight=90.0, aliases=("完成", "完工", "建设完成", "改造完成")),
    Stage(name="投用", weight=100.0, aliases=("投入使用", "建成投用", "运行")),
)


@record
class Reporting:
    """按月调度: which months are reported and when each report is due."""

    first_month: Month
    last_month: Month | None = None
    grace_days: int = Field(default=0, ge=0, le=31)
    rule: Text = "每月底前报送当月推进情况"
    cadence: Cadence = Field(
        default="monthly", description="报送周期：monthly（每月，默认）或 quarterly（每季度）"
    )
    due_day: int | None = Field(
        default=None,
        ge=1,
        le=31,
        description="截止日：期末月份的第几日，含当日（「每月25日前」写 25）；不写则为期末最后一天",
    )
    days_after: int | None = Field(
        default=None,
        ge=0,
        le=92,
        description="截止日：报送期结束后的第几天，含当日（「次月5日前」写 5）",
    )
    streams: tuple[ReportStream, ...] = Field(
        default=(), description="另外的报送要求（如每季度另报督查室）"
    )
    overrides: tuple[UnitReporting, ...] = Field(
        default=(), description="个别单位的报送要求，代替上面的周期和截止日"
    )

    def __post_init__(self) -> None:
        check_one_due_rule(self.due_day, self.days_after)


@record
class Thresholds:
    """Colour thresholds: points behind 序时进度 before red; the qualitative pass mark."""

    behind: Percent = 10
    qualitative_done: Percent = Field(default=90, gt=0)


@record
class Assessment:
    """年终考核 formula (minsheng.compute.assess; the README has a worked example).

    得分 = 完成率 × completion_points / 100 + review_weight × (督查评分 − review_baseline)
    − late_penalty × 逾期报送份数 − missing_penalty × 未报送份数 (units only), within
    [0, completion_points]. 督查评分 is the mean latest reviewer score on qualitative
    indicators; without one there is no bonus or penalty.
    """

    completion_points: Positive = 100  # 满分: what 100% completion is worth
    late_penalty: NonNegative = 1  # 逾期报送扣分, per late monthly report
    missing_penalty: NonNegative = 3  # 未报送扣分, per missing monthly report
    review_weight: NonNegative = 0.1  # 督查权重: points per reviewer-score point off baseline
    review_baseline: Percent = 80  # 督查基准分: a score above it adds, below it subtracts


@record
class Plan:
    year: int = Field(ge=2000, le=2100)
    title: Name
    doc_number: Name | None = None
    issuer: Name
    issued: Date
    coordinator: Name
    supervisor: Name | None = None
    contact: Contact
    start: Date | None = None
    due: Date | None = None
    reporting: Reporting
    thresholds: Thresholds = Thresholds()
    stages: tuple[Stage, ...] = Field(default=DEFAULT_STAGES, min_length=2)
    next_steps: tuple[Text, ...] = ()
    assessment: Assessment = Assessment()
    source: Text | None = None
    # ---- the list's other dimensions (models/dimensions.py), all optional ----
    levels: tuple[Level, ...] = Field(
        default=(), description="层级：省级、市级、县级……，各有来源文件（选填）"
    )
    categories: tuple[ListCategory, ...] = Field(default=(), description="类别（选填）")
    declared: Declared | None = Field(
        default=None, description="通知中声明的件数和项数（选填；与登记的不一致时 check 警告）"
    )
    count_items: ItemCounting = Field(
        default="indicators",
        description="「项」怎么数：indicators（每个指标一项，默认）或 subitems（清单类按清单项计子项）",
    )


@record
class Unit:
    """责任单位."""

    name: UnitName
    full_name: Name | None = None
    # ---- the list's other dimensions (models/dimensions.py), all optional ----
    kind: UnitKind | None = Field(
        default=None, description="单位类型：部门、乡镇、街道、县区、企业（选填）"
    )
    contact: Person | None = Field(default=None, description="本单位联系人（选填）")


@record
class Milestone:
    """节点 from a unit's 实施方案: a planned value, stage or completion by a date."""

    by: Date
    value: Number | None = None
    stage: Name | None = None
    percent: Percent | None = None
    note: Text | None = None
    sample: bool = False

    def __post_init__(self) -> None:
        given = [x for x in (self.value, self.stage, self.percent) if x is not None]
        if len(given) != 1:
            raise ValueError(
                "节点必须且只能写 value（数值）、stage（阶段）、percent（完成百分比）中的一项"
            )


@record
class _IndicatorBase:
    id: IndicatorId
    name: Name
    units: tuple[Name, ...] = ()
    due: Date | None = None
    weight: Positive = 1
    schedule: Literal["linear", "due"] | None = None
    note: Text | None = None
    milestones: tuple[Milestone, ...] = ()
    # ---- the list's other dimensions (models/dimensions.py), all optional ----
    tentative: bool = Field(default=False, description="目标暂定（以上级下达为准）")
    parent: ParentTask | None = Field(
        default=None, description="上级任务，如 建设品质县中10所（其中我县4所）（选填）"
    )
    unverified: bool = Field(
        default=False,
        description="待核对：由通知表格自动生成的候选指标，核对确认后删去此行",
    )
    previous_id: IndicatorId | None = Field(
        default=None, description="接续实施时，上一年度对应指标的编号（不写为同一编号）"
    )
    split: tuple[AreaShare, ...] = Field(
        default=(), description="分解到各地区（乡镇、县区）的目标，各地区之和须等于目标"
    )


@record
class Quantity(_IndicatorBase):
    """数量: a cumulative amount toward a target (8000 平方米, 1.5 亿元以上)."""

    kind: Literal["quantity"]
    target: Positive | None = Field(
        default=None, description="目标数；不写则为只监测的指标（持续推进），不计入完成率"
    )
    unit: Name
    at_least: bool = False
    # ---- several years (models/dimensions.py), optional ----
    total: Positive | None = Field(
        default=None, description="多年项目的总计划数（各年度累计的目标），用于「累计…占总计划」"
    )
    carried: NonNegative | None = Field(
        default=None, description="接续实施：本年目标中从上一年度结转的剩余任务量"
    )


@record
class Threshold(_IndicatorBase):
    """达标: a rate that must reach ≥ or stay ≤ a value (毛入园率 ≥ 92%)."""

    kind: Literal["threshold"]
    target: Number
    unit: Name
    comparator: Literal[">=", "<="] = ">="
    baseline: Number | None = None


@record
class StageIndicator(_IndicatorBase):
    """形象进度: a facility moving along the stage ladder to a target stage."""

    kind: Literal["stage"]
    target: Name


@record
class ChecklistItem:
    """One named place, site or school of a checklist, with its own target stage."""

    name: Name
    target: Name
    units: tuple[Name, ...] = ()
    weight: Positive = 1
    note: Text | None = None
    milestones: tuple[Milestone, ...] = ()
    area: Name | None = Field(
        default=None, description="本项所在地区（乡镇、县区），用于分地区统计（选填）"
    )


@record
class Checklist(_IndicatorBase):
    """清单: named items, each with its own stage."""

    kind: Literal["checklist"]
    items: tuple[ChecklistItem, ...] = Field(min_length=1)


@record
class Trend(_IndicatorBase):
    """趋势: must fall or rise against a baseline (近视率逐年降低)."""

    kind: Literal["trend"]
    direction: Literal["decrease", "increase"]
    unit: Name | None = None
    baseline: Number | None = None


@record
class Qualitative(_IndicatorBase):
    """定性: no number; judged from reported work and a reviewer's rating."""

    kind: Literal["qualitative"]


Indicator = Annotated[
    Quantity | Threshold | StageIndicator | Checklist | Trend | Qualitative,
    constrained(discriminator="kind"),
]
INDICATOR_KINDS = ("quantity", "threshold", "stage", "checklist", "trend", "qualitative")


@record
class Project:
    """重点民生实事 project: 序号, name, the notice's target text verbatim, units, indicators."""

    id: ProjectId
    name: Name
    units: tuple[Name, ...] = Field(min_length=1)
    text: Text
    due: Date | None = None
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    # ---- the list's other dimensions (models/dimensions.py), all optional ----
    level: NameList = Field(
        default=(), description="所属层级（plan.levels 中的名称），可写一个或一个列表"
    )
    category: Name | None = Field(default=None, description="所属类别（plan.categories 中的名称）")
    type: ProjectType | None = Field(default=None, description="项目类型：工程类或工作事项类")
    voted: bool = Field(default=False, description="是否经人大代表票决产生")
    investment: Investment | None = Field(default=None, description="投资和资金来源（选填）")
    leaders: tuple[Person, ...] = Field(
        default=(), description="责任领导：姓名、职务、职责（牵头领导、分管领导、包抓领导）"
    )
    responsible: Person | None = Field(default=None, description="项目责任人：姓名、职务、电话")
    years: Years | None = Field(default=None, description="多年项目的起止年度（选填）")
    continues: Continues | None = Field(
        default=None, description="接续实施：上一年度的项目（年度和序号）"
    )


@record
class Registry:
    """The whole of projects.yaml."""

    sample: bool = False
    plan: Plan
    units: tuple[Unit, ...] = Field(min_length=1)
    projects: tuple[Project, ...] = Field(min_length=1)
