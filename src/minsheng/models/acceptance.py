"""验收 / 销号: the office's record that a finished project, indicator or checklist item was
accepted and, later, closed (duban/acceptance/<name>.yaml, one record per file, written by
the office). A unit asks for it in its own report (``closure`` in models/progress.py)."""

from __future__ import annotations

from .common import Date, Field, IndicatorId, Name, ProjectId, Text, record


@record
class Acceptance:
    """One acceptance: what was accepted, when, by whom, on which document."""

    sample: bool = Field(default=False, description="是否样例（演示）数据")
    project: ProjectId = Field(description="项目序号")
    indicator: IndicatorId | None = Field(default=None, description="指标编号（不写则为整个项目）")
    item: Name | None = Field(default=None, description="清单项名称（须同时写 indicator）")
    accepted: Date = Field(description="验收日期 YYYY-MM-DD")
    accepted_by: Name = Field(description="验收单位")
    document: Name | None = Field(default=None, description="验收文件或文号（选填）")
    closed: Date | None = Field(
        default=None, description="销号日期 YYYY-MM-DD（选填，不早于验收日期）"
    )
    closed_by: Name | None = Field(default=None, description="销号单位（选填）")
    note: Text | None = Field(default=None, description="备注（选填）")

    def __post_init__(self) -> None:
        if self.item is not None and self.indicator is None:
            raise ValueError("写了 item（清单项）时须同时写 indicator（指标编号）")
