"""`minsheng assess`: the year-end assessment as JSON (stable keys) or rich tables."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ..compute.assess import Points, ProjectScore, UnitScore, YearAssessment
from ..models.registry import Assessment
from ..text import fmt
from .jsonout import dumps
from .tables import Column, FittedTable
from .terminal import sample_banner, t


def _r(value: float) -> float:
    """Rounded to 0.1, always a float: defaults written as ints come out as 100.0 too."""
    return round(float(value), 1)


def _review(value: float | None) -> float | None:
    return None if value is None else _r(value)


def formula_payload(formula: Assessment) -> dict[str, float]:
    return {
        "completion_points": float(formula.completion_points),
        "late_penalty": float(formula.late_penalty),
        "missing_penalty": float(formula.missing_penalty),
        "review_weight": float(formula.review_weight),
        "review_baseline": float(formula.review_baseline),
    }


def _points(points: Points, closure: bool) -> dict[str, float]:
    """得分构成; the parts add up to the score unless it was held within [0, 满分]. 销号加分
    (``closure``) only where office.yaml gives 销号 points."""
    return {
        "completion": _r(points.completion),
        "review": _r(points.review),
        "reports": _r(-points.reports),
        **({"closure": _r(points.closure)} if closure else {}),
    }


def project_payload(s: ProjectScore, closure: bool = False) -> dict[str, Any]:
    p = s.result
    return {
        "id": p.project.id,
        "name": p.project.name,
        "lead": p.lead,
        "completion": _r(p.completion),
        "review": _review(s.review),
        "points": _points(s.points, closure),
        "score": _r(s.score),
        "rank": s.rank,
        **({"closed": s.closed} if s.closed is not None else {}),
    }


def unit_payload(s: UnitScore, closure: bool = False) -> dict[str, Any]:
    return {
        "rank": s.rank,
        "name": s.name,
        "completion": _r(s.result.completion),
        "on_time": s.on_time,
        "late": s.late,
        "missing": s.missing,
        "review": _review(s.review),
        "points": _points(s.points, closure),
        "score": _r(s.score),
        **({"closed": s.closed} if s.closed is not None else {}),
    }


def payload(a: YearAssessment) -> dict[str, Any]:
    return {
        "year": a.year,
        "as_of": a.as_of.isoformat(),
        "reports_as_of": a.reports_as_of.isoformat(),
        "sample": a.sample,
        "formula": formula_payload(a.formula),
        "projects": [project_payload(s, a.closure_points > 0) for s in a.projects],
        "units": [unit_payload(s, a.closure_points > 0) for s in a.units],
    }


def as_json(a: YearAssessment, *, pretty: bool = True) -> str:
    return dumps(payload(a), pretty=pretty)


def score_text(value: float | None) -> str:
    """A score to 0.1 point: 95.0; "—" when there is none."""
    return "—" if value is None else f"{value:.1f}"


def signed(value: float) -> str:
    """A review adjustment: "+1.2", "-2.0", and "0" when there is none."""
    shown = round(value, 1)
    return "0" if shown == 0 else f"{shown:+.1f}"


def formula_text(formula: Assessment) -> str:
    """计分办法 in two lines, with the registry's figures."""
    n = fmt.number
    top = n(formula.completion_points)
    return (
        f"计分办法：得分 = 完成率 × {top} 分 + {n(formula.review_weight)} ×"
        f"（督查评分 − {n(formula.review_baseline)}）− 逾期报送 {n(formula.late_penalty)} 分/份"
        f" − 未报送 {n(formula.missing_penalty)} 分/份，得分在 0–{top} 分之间。\n"
        "项目得分不扣报送分；督查评分取定性指标最近一次督查评分的平均，没有督查评分的不加减分。"
    )


def dates_text(a: YearAssessment) -> str:
    """截至 one date, or the two an assessment is made at: completion, then reports."""
    if a.reports_as_of == a.as_of:
        return f"截至 {fmt.cn_date(a.as_of)}"
    return f"完成情况截至 {fmt.cn_date(a.as_of)}，报送情况截至 {fmt.cn_date(a.reports_as_of)}"


def projects_table(a: YearAssessment) -> FittedTable:
    columns = (
        Column("序号", "right"),
        Column("项目", wrap=True),
        Column("牵头单位", drop=3),
        Column("完成率", "right", drop=1),  # the score says it, give or take the review
        Column("督查评分", "right", drop=2),
        Column("完成分", "right", drop=4),
        Column("督查加减", "right", drop=5),
        *((Column("销号加分", "right", drop=6),) if a.closure_points else ()),
        Column("得分", "right"),
        Column("排名", "right"),
        *((Column("销号", "right", drop=6),) if a.closures else ()),
    )
    rows = [
        (
            str(s.result.project.id),
            t(s.result.project.name),
            t(s.result.lead),
            fmt.percent(s.result.completion),
            score_text(s.review),
            score_text(s.points.completion),
            signed(s.points.review),
            *((signed(s.points.closure),) if a.closure_points else ()),
            Text(score_text(s.score), style="bold"),
            str(s.rank),
            *((str(s.closed or 0),) if a.closures else ()),
        )
        for s in a.projects
    ]
    return FittedTable(columns, rows)


def units_table(a: YearAssessment) -> FittedTable:
    columns = (
        Column("排名", "right"),
        Column("责任单位"),
        Column("完成率", "right"),
        Column("按时", "right", drop=1),
        Column("逾期", "right"),
        Column("未报", "right"),
        Column("督查评分", "right", drop=2),
        Column("完成分", "right", drop=3),
        Column("督查加减", "right", drop=4),
        Column("报送扣分", "right"),
        *((Column("销号加分", "right", drop=5),) if a.closure_points else ()),
        Column("得分", "right"),
        *((Column("销号", "right", drop=5),) if a.closures else ()),
    )
    rows = [
        (
            str(s.rank),
            t(s.name),
            fmt.percent(s.result.completion),
            str(s.on_time),
            str(s.late),
            str(s.missing),
            score_text(s.review),
            score_text(s.points.completion),
            signed(s.points.review),
            signed(-s.points.reports),
            *((signed(s.points.closure),) if a.closure_points else ()),
            Text(score_text(s.score), style="bold"),
            *((str(s.closed or 0),) if a.closures else ()),
        )
        for s in a.units
    ]
    return FittedTable(columns, rows)


def view(a: YearAssessment, title: str) -> RenderableType:
    """The assessment for the terminal: banner (sample data), heading, formula, two tables."""
    parts = sample_banner(a.sample)
    heading = t(title, "bold")
    heading.append(f" · {a.year}年度年终考核 · {dates_text(a)}")
    parts += [
        heading,
        Text(formula_text(a.formula)),
        Text("项目得分", style="bold"),
        projects_table(a),
        Text("责任单位得分与排名", style="bold"),
        units_table(a),
    ]
    return Group(*parts)
