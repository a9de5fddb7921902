"""The conditions the office's rules are written in: one set shared by the warning-colour
rules (office.yaml ``colours.rules``) and the escalation rules (``escalation.rules``), so a
condition means the same wherever it is written."""

from __future__ import annotations

from typing import Literal

from .common import Date, Field, Number, Percent, record

# The closed set of state keys: every rule set maps its colours onto these.
StateKey = Literal["done", "blue", "green", "yellow", "orange", "red"]
STATE_KEYS: tuple[str, ...] = ("done", "blue", "green", "yellow", "orange", "red")


@record
class Conditions:
    """When every condition written holds, the rule matches; one that states none always does."""

    done: bool | None = Field(default=None, description="true：已完成（完成率达到100%）")
    accepted: bool | None = Field(default=None, description="true：已验收（见 duban/acceptance/）")
    overdue: bool | None = Field(default=None, description="true：已过完成时限仍未完成")
    justified: bool | None = Field(
        default=None, description="true：滞后有正当理由并经认可（见 justified）"
    )
    started: bool | None = Field(default=None, description="true：已开工；false：尚未开工")
    gap_above: Number | None = Field(
        default=None, description="落后序时进度超过这么多个百分点（不含本数）"
    )
    gap_at_least: Number | None = Field(
        default=None, description="落后序时进度达到这么多个百分点（含本数）"
    )
    gap_below: Number | None = Field(
        default=None, description="落后序时进度不到这么多个百分点（不含本数）；超前为负数"
    )
    gap_at_most: Number | None = Field(
        default=None, description="落后序时进度不超过这么多个百分点（含本数）；0 表示达到序时进度"
    )
    completion_below: Percent | None = Field(
        default=None, description="完成率低于这个百分比（不含本数）"
    )
    completion_at_least: Percent | None = Field(
        default=None, description="完成率达到这个百分比（含本数）"
    )
    behind_periods: int | None = Field(
        default=None, ge=1, le=60, description="连续这么多个报送期末落后序时进度（含最近一期）"
    )
    not_started_months: int | None = Field(
        default=None, ge=1, le=60, description="过了计划开工日期这么多个月仍未开工"
    )
    made_up: bool | None = Field(
        default=None, description="true：该期末未达到节点，之后已补齐（逐月重新着色）"
    )
    since: Date | None = Field(default=None, description="时间条件：从这一天起才适用")
    expected_at_least: Percent | None = Field(
        default=None, description="时间条件：序时进度达到这个百分比后才适用"
    )
