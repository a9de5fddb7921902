"""The reporting rule as a notice states it: cadence, due day, further streams, per-unit rules.

These are parts of ``plan.reporting`` in projects.yaml. Without any of them the rule is the
one the tool always had: a monthly report due on the last day of the month (plus
``grace_days``).
"""

from __future__ import annotations

from typing import Literal

from .common import Field, Name, Text, record

Cadence = Literal["monthly", "quarterly"]

_CADENCE = "报送周期：monthly（每月）或 quarterly（每季度）"
_DUE_DAY = (
    "截止日：期末月份的第几日，含当日（「每月25日前」写 25；「每季度末月20日前」写 20）；"
    "该月没有这一天时取月末"
)
_DAYS_AFTER = "截止日：报送期结束后的第几天，含当日（「次月5日前」写 5）"
_GRACE = "截止日再顺延的天数（默认 0）"


def check_one_due_rule(due_day: int | None, days_after: int | None) -> None:
    if due_day is not None and days_after is not None:
        raise ValueError("截止日只能写 due_day（期末月份第几日）或 days_after（期末后第几天）之一")


@record
class ReportStream:
    """A further reporting stream: the same units report again, to another office or on
    another cadence (每月报县发展改革委，每季度报县政府督查室)."""

    name: Name = Field(description="报告名称，如 季度督查报告")
    to: Name | None = Field(default=None, description="报送给哪个单位（选填）")
    cadence: Cadence = Field(description=_CADENCE)
    due_day: int | None = Field(default=None, ge=1, le=31, description=_DUE_DAY)
    days_after: int | None = Field(default=None, ge=0, le=92, description=_DAYS_AFTER)
    grace_days: int = Field(default=0, ge=0, le=31, description=_GRACE)
    rule: Text | None = Field(
        default=None, description="通知中的原文，如 每季度末月20日前报县政府督查室"
    )
    units: tuple[Name, ...] = Field(
        default=(), description="只有这些单位报送（不写则为全部责任单位）"
    )

    def __post_init__(self) -> None:
        check_one_due_rule(self.due_day, self.days_after)


@record
class UnitReporting:
    """The notice's rule for some units, replacing the plan's main rule for them."""

    units: tuple[Name, ...] = Field(min_length=1, description="适用的责任单位")
    cadence: Cadence | None = Field(default=None, description=_CADENCE + "（不写则同计划）")
    due_day: int | None = Field(default=None, ge=1, le=31, description=_DUE_DAY)
    days_after: int | None = Field(default=None, ge=0, le=92, description=_DAYS_AFTER)
    grace_days: int | None = Field(default=None, ge=0, le=31, description=_GRACE)
    rule: Text | None = Field(default=None, description="通知中对这些单位的报送要求原文")

    def __post_init__(self) -> None:
        check_one_due_rule(self.due_day, self.days_after)
