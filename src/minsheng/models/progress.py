"""A monthly progress report: one file per unit per month (data/progress/YYYY-MM/单位.yaml)."""

from __future__ import annotations

from .common import (
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
    UnitName,
    Url,
)


class ItemReport(Model):
    """The stage one checklist item has reached."""

    name: Name
    stage: Name
    percent: Percent | None = None
    note: Text | None = None


class Review(Model):
    """A reviewer's rating (督查室 spot check), 0–100."""

    score: Percent
    reviewer: Name
    comment: Text | None = None


class IndicatorReport(Model):
    """Year-to-date state of one indicator; which fields apply depends on its kind."""

    id: IndicatorId
    value: NonNegative | None = None
    baseline: Number | None = None
    stage: Name | None = None
    percent: Percent | None = None
    items: tuple[ItemReport, ...] | None = None
    self_assessment: Percent | None = None
    review: Review | None = None
    note: Text | None = None
    correction: Text | None = None


class ProjectReport(Model):
    """进展情况 / 存在问题 / 下步打算 of one project, with its indicators."""

    id: ProjectId
    progress: Text | None = None
    problems: Text | None = None
    next_steps: Text | None = None
    evidence: tuple[Url, ...] = ()
    indicators: tuple[IndicatorReport, ...] = ()


class ProgressReport(Model):
    sample: bool = False
    unit: UnitName
    month: Month
    submitted: Date
    reporter: Name
    phone: Name | None = None
    projects: tuple[ProjectReport, ...] = ()
