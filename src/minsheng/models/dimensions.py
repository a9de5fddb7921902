"""The list's other dimensions, all optional: levels and categories, declared counts (件 and 项),
money, areas (split targets), people, and several years.

The registry (``registry.py``) and the reports (``progress.py``) hold these parts in one
grouped block each; every field defaults to "not given", so a folder without them loads and
computes exactly as before.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator
from pydantic.dataclasses import dataclass

from .common import RECORD, Date, Name, NonNegative, Percent, Positive, ProjectId, Text

UNIT_KINDS = ("部门", "乡镇", "街道", "县区", "企业")
AREA_KINDS = ("乡镇", "街道", "县区")
UnitKind = Literal["部门", "乡镇", "街道", "县区", "企业"]
ProjectType = Literal["工程类", "工作事项类"]
MoneyUnit = Literal["元", "万元", "亿元"]
ItemCounting = Literal["indicators", "subitems"]


def _one_or_many(value: Any) -> Any:
    """``level: 县级`` and ``level: [省级, 县级]`` both name a project's levels."""
    return (value,) if isinstance(value, str) else value


NameList = Annotated[tuple[Name, ...], BeforeValidator(_one_or_many)]


# ---- levels, categories and declared counts --------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Declared:
    """The counts a document states («15件», «24件39项»): checked against the registry."""

    projects: int | None = Field(default=None, ge=0, description="声明的件数（项目数）")
    items: int | None = Field(
        default=None, ge=0, description="声明的项数（目标任务数；按子项计时为子项数）"
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Level:
    """层级: 省级 / 市级 / 县级, each list with the document it comes from."""

    name: Name = Field(description="层级名称，如 省级、市级、县级")
    title: Name | None = Field(
        default=None, description="这一级清单的名称，如 省政府十大民生实事（选填）"
    )
    source: Text | None = Field(
        default=None, description="来源文件，如 《关于印发……的通知》（渝府办发〔2023〕5号）"
    )
    declared: Declared | None = Field(
        default=None, description="来源文件中声明的件数、项数（选填）"
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class ListCategory:
    """类别 of the list (教育、医疗、交通 …), as the document groups its projects."""

    name: Name = Field(description="类别名称")
    declared: Declared | None = Field(default=None, description="文件中声明的件数、项数（选填）")


# ---- people ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Person:
    """A named person: a leader (牵头领导 …), a project's 责任人, a unit's 联系人."""

    name: Name = Field(description="姓名")
    post: Name | None = Field(default=None, description="职务，如 副县长、局长（选填）")
    role: Name | None = Field(
        default=None, description="领导职责，如 牵头领导、分管领导、包抓领导（选填）"
    )
    phone: Name | None = Field(
        default=None, description="联系电话（选填；只用于内部输出，公开的输出不显示）"
    )


# ---- money ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class FundSource:
    """资金来源 (中央 / 省级 / 市级 / 县级 / 社会) and its planned amount."""

    name: Name = Field(description="资金来源，如 中央、省级、市级、县级、社会资金")
    planned: NonNegative = Field(description="计划金额（与 investment.unit 同一单位）")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class MoneyMilestone:
    """A money milestone («6月底前拨付50%»): a rate, in percent, to reach by a date."""

    by: Date = Field(description="节点日期 YYYY-MM-DD")
    completed: Percent | None = Field(default=None, description="投资完成率应达到的百分比")
    allocated: Percent | None = Field(default=None, description="资金到位率应达到的百分比")
    paid: Percent | None = Field(default=None, description="资金拨付率应达到的百分比")
    note: Text | None = None

    @model_validator(mode="after")
    def _one_rate(self) -> MoneyMilestone:
        given = [x for x in (self.completed, self.allocated, self.paid) if x is not None]
        if len(given) != 1:
            raise ValueError(
                "资金节点必须且只能写 completed（投资完成率）、allocated（到位率）、paid（拨付率）中的一项"
            )
        return self


def money_rate(milestone: MoneyMilestone) -> str:
    """Which rate a money milestone sets: completed, allocated or paid."""
    if milestone.completed is not None:
        return "completed"
    return "allocated" if milestone.allocated is not None else "paid"


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Investment:
    """投资: total and annual planned investment, fund sources; kept apart from completion."""

    unit: MoneyUnit = Field(default="万元", description="金额单位：元、万元或亿元（默认万元）")
    total: Positive | None = Field(default=None, description="总投资（多年项目的总额，选填）")
    annual: Positive | None = Field(
        default=None, description="年度计划投资；投资完成率 = 完成投资 ÷ 年度计划投资"
    )
    sources: tuple[FundSource, ...] = Field(default=(), description="资金来源及计划金额（选填）")
    milestones: tuple[MoneyMilestone, ...] = Field(
        default=(), description="资金节点，如 6 月底前拨付 50%（选填）"
    )
    in_completion: bool = Field(
        default=False,
        description="投资完成率是否计入项目完成率（默认不计入，只单独统计）",
    )
    weight: Positive = Field(default=1, description="计入项目完成率时的权重（默认 1）")

    @model_validator(mode="after")
    def _some_plan(self) -> Investment:
        if self.total is None and self.annual is None:
            raise ValueError("投资至少要写 annual（年度计划投资）或 total（总投资）之一")
        return self


# ---- areas ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class AreaShare:
    """One area's share of a split target (分解到乡镇 / 县区)."""

    area: Name = Field(description="地区（乡镇、街道或县区），须在 units 中登记")
    target: NonNegative = Field(description="本地区的目标数；各地区之和须等于指标的目标")
    unit: Name | None = Field(
        default=None,
        description="填报本地区数值的单位（须是本指标的责任单位）；不写由牵头单位在自己的报告中分地区填报",
    )


# ---- several years --------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Years:
    """A multi-year project's years («2021—2023年»)."""

    first: int = Field(ge=2000, le=2100, description="起始年度")
    last: int = Field(ge=2000, le=2100, description="结束年度")

    @model_validator(mode="after")
    def _ordered(self) -> Years:
        if self.last < self.first:
            raise ValueError("结束年度 last 不能早于起始年度 first")
        return self


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class Continues:
    """接续实施: the earlier year's project this one continues (that year's 序号)."""

    year: int = Field(ge=2000, le=2100, description="上一年度（或更早）的计划年度")
    id: ProjectId = Field(description="该年度登记表中的项目序号")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class ParentTask:
    """上级任务: the higher-level task a target is the county's share of («10所（其中我县4所）»)."""

    task: Text = Field(description="上级下达的任务原文，如 建设品质县中10所")
    target: Positive | None = Field(default=None, description="上级任务的总目标数（选填）")


# ---- report side ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class FundReport:
    """One fund source's money so far: 下达 (allocated) and 拨付 (paid), cumulative."""

    name: Name = Field(description="资金来源，与登记表一致")
    allocated: NonNegative | None = Field(default=None, description="累计下达金额")
    paid: NonNegative | None = Field(default=None, description="累计拨付金额")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class InvestmentReport:
    """A project's money so far this year: completed investment and each source's funds."""

    completed: NonNegative | None = Field(
        default=None, description="年初至今累计完成投资（与登记表的金额单位相同）"
    )
    sources: tuple[FundReport, ...] = Field(default=(), description="各资金来源的下达、拨付情况")
    note: Text | None = Field(default=None, description="备注（选填）")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD)
class AreaReport:
    """One area's cumulative figure for a split indicator."""

    area: Name = Field(description="地区名称，与登记表中的 split 一致")
    value: NonNegative = Field(description="本地区年初至今累计完成数")
