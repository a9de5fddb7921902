"""Pydantic models of the registry (projects.yaml) and the monthly progress reports."""

from .progress import IndicatorReport, ItemReport, ProgressReport, ProjectReport, Review
from .registry import (
    Checklist,
    ChecklistItem,
    Indicator,
    Milestone,
    Plan,
    Project,
    Qualitative,
    Quantity,
    Registry,
    Stage,
    StageIndicator,
    Threshold,
    Trend,
    Unit,
)

__all__ = [
    "Checklist",
    "ChecklistItem",
    "Indicator",
    "IndicatorReport",
    "ItemReport",
    "Milestone",
    "Plan",
    "ProgressReport",
    "Project",
    "ProjectReport",
    "Qualitative",
    "Quantity",
    "Registry",
    "Review",
    "Stage",
    "StageIndicator",
    "Threshold",
    "Trend",
    "Unit",
]
