"""A monthly progress report: one file per unit per month (data/progress/YYYY-MM/单位.yaml)."""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic.dataclasses import dataclass

from .common import (
    RECORD,
    Date,
    IndicatorId,
    Model,
    Month,
    Name,
    NonNegative,
    Number,
    Percent,
    ProjectId,
    Text,
    Url,
)
from .dimensions import AreaReport, InvestmentReport
from .duban import ClosureRequest, Reply

# Field descriptions are Chinese: editors show them to the clerk who types the file.


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class ItemReport:
    """The stage one checklist item has reached."""

    name: Name = Field(description="清单项名称，与登记表一致")
    stage: Name = Field(description="当前阶段：未启动、已启动、建成、投用（或登记表中的别名）")
    percent: Percent | None = Field(
        default=None, description="形象进度：向下一阶段推进的百分比，0–100（选填）"
    )
    note: Text | None = Field(default=None, description="备注（选填）")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Review:
    """A reviewer's rating (督查室 spot check), 0–100."""

    score: Percent = Field(description="督查评分，0–100")
    reviewer: Name = Field(description="评价单位，如 县政府督查室")
    comment: Text | None = Field(default=None, description="评价意见（选填）")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Forecast:
    """预计: the value or stage the unit expects to reach, and by when."""

    value: NonNegative | None = Field(default=None, description="数量、达标类：预计达到的数值")
    stage: Name | None = Field(default=None, description="阶段类：预计达到的阶段")
    by: Date = Field(description="预计达到的日期 YYYY-MM-DD")

    @model_validator(mode="after")
    def _one(self) -> Forecast:
        if (self.value is None) == (self.stage is None):
            raise ValueError("预计（forecast）必须且只能写 value（数值）或 stage（阶段）之一")
        return self


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class MilestoneMark:
    """Whether this period's 节点 of the indicator was met, in the unit's words."""

    met: bool = Field(description="本期节点是否完成：true 完成，false 未完成")
    note: Text | None = Field(default=None, description="说明（选填），如 已公布采购意向公告")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class IndicatorReport:
    """Year-to-date state of one indicator; which fields apply depends on its kind."""

    id: IndicatorId = Field(description="指标编号，如 3-1")
    value: NonNegative | None = Field(
        default=None, description="数量类：年初至今累计完成数；达标、趋势类：当前值"
    )
    baseline: Number | None = Field(default=None, description="趋势类：基数（上年值）")
    stage: Name | None = Field(default=None, description="阶段类：当前阶段")
    percent: Percent | None = Field(default=None, description="阶段类：形象进度，0–100（选填）")
    items: tuple[ItemReport, ...] | None = Field(default=None, description="清单类：各项当前阶段")
    self_assessment: Percent | None = Field(
        default=None, description="定性类：单位自评完成度，0–100"
    )
    review: Review | None = Field(default=None, description="定性类：督查评价（由督查单位填写）")
    note: Text | None = Field(default=None, description="备注（选填）")
    correction: Text | None = Field(
        default=None, description="更正说明：数值比上月小时必须填写原因"
    )
    forecast: Forecast | None = Field(
        default=None, description="预计：到某日预计达到的数值或阶段（选填）"
    )
    expected_done: Date | None = Field(default=None, description="预计完成日期 YYYY-MM-DD（选填）")
    milestone: MilestoneMark | None = Field(
        default=None, description="本期节点完成情况（选填）：met 是否完成，note 说明"
    )
    # ---- the list's other dimensions (models/dimensions.py), optional ----
    areas: tuple[AreaReport, ...] | None = Field(
        default=None,
        description="分解到各地区的指标：各地区年初至今的累计数（总数按各地区之和计算）",
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class ProjectReport:
    """进展情况 / 存在问题 / 下步打算 of one project, with its indicators."""

    id: ProjectId = Field(description="项目序号")
    progress: Text | None = Field(default=None, description="进展情况")
    problems: Text | None = Field(default=None, description="存在问题")
    next_steps: Text | None = Field(default=None, description="下步打算")
    evidence: tuple[Url, ...] = Field(default=(), description="佐证链接（http:// 或 https://）")
    indicators: tuple[IndicatorReport, ...] = Field(default=(), description="本单位填报数值的指标")
    # ---- the list's other dimensions (models/dimensions.py), optional ----
    investment: InvestmentReport | None = Field(
        default=None, description="投资和资金：累计完成投资，各资金来源累计下达、拨付金额"
    )


class ProgressReport(Model):
    """月度进展报告: one unit's report for one month."""

    sample: bool = Field(default=False, description="是否样例（演示）数据")
    unit: Name = Field(description="责任单位，须与文件名一致")
    month: Month = Field(description="报告月份 YYYY-MM，须与所在文件夹一致")
    submitted: Date = Field(description="报送日期 YYYY-MM-DD")
    reporter: Name = Field(description="填报人")
    phone: Name | None = Field(default=None, description="联系电话（选填）")
    projects: tuple[ProjectReport, ...] = Field(default=(), description="本单位负责的项目")
    # 督办: the unit's replies to actions addressed to it, and its requests for 验收销号.
    duban: tuple[Reply, ...] = Field(default=(), description="回复督办事项（选填）")
    closure: tuple[ClosureRequest, ...] = Field(
        default=(), description="申请验收销号：已完成的项目、指标或清单项（选填）"
    )
