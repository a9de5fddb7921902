"""``minsheng status``: where every project stands."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import EXIT_OK, Command, app
from .common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    PreviousOption,
    load_previous,
    load_valid,
    parse_date,
    print_view,
    statistics_date,
    to_terminal,
    usage_error,
)

if TYPE_CHECKING:
    from ..compute.status import StatusReport
    from ..load.dataset import Dataset


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command(cls=Command)
def status(
    data: DataOption = DEFAULT_DATA,
    as_of: AsOfOption = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="只看某个责任单位", metavar="单位")
    ] = None,
    project: Annotated[
        int | None,
        typer.Option("--project", help="查看某个项目的指标、清单项和月度进展", metavar="序号"),
    ] = None,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", help="输出格式：table（表格）、json、csv")
    ] = StatusFormat.table,
    level: Annotated[
        str | None,
        typer.Option("--level", help="只看某一层级（登记表中写明的层级，如 省级）", metavar="层级"),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option("--category", help="只看某一类别（登记表中写明的类别）", metavar="类别"),
    ] = None,
    by_area: Annotated[
        bool,
        typer.Option("--by-area", help="分地区：各乡镇（街道、县区）的目标、完成、完成比例和排名"),
    ] = False,
    previous: PreviousOption = None,
) -> int:
    """项目进展一览：完成率、序时进度、状态（正常/滞后）和报送情况。"""
    from ..compute.status import build_status, for_project, for_unit
    from ..render import status as render
    from ..text.fmt import same_looking

    given = parse_date(as_of) if as_of else None  # a bad date is told before reading any data
    ds = load_valid(data, date.today())
    day = statistics_date(given, ds, date.today())
    report = build_status(ds, day)
    if unit is not None:
        if unit not in ds.responsible_units:
            raise usage_error(
                f"没有名为「{unit}」的责任单位{same_looking(unit, ds.responsible_units)}；"
                f"可选：{'、'.join(ds.responsible_units)}"
            )
        report = for_unit(report, unit)
    if project is not None:
        if project not in ds.projects:
            raise usage_error(
                f"没有序号为 {project} 的项目；可选：{min(ds.projects)}–{max(ds.projects)}"
            )
        report = for_project(report, project)
    if by_area and output_format is StatusFormat.csv:
        raise usage_error(
            "--by-area 只用于表格和 JSON；分地区的 CSV 请用 minsheng export --sheet areas"
        )
    report = _narrowed(report, level, category)
    earlier = _earlier(previous, ds)
    if output_format is StatusFormat.json:
        typer.echo(
            render.as_json(
                report, history=project is not None, pretty=to_terminal(), earlier=earlier
            ),
            nl=False,
        )
    elif output_format is StatusFormat.csv:
        typer.echo(render.as_csv(report), nl=False)
    else:
        from ..render import dimensions

        if by_area:
            view = dimensions.area_view(report)
        elif project is not None:
            view = dimensions.project_view(report, earlier)
        else:
            part = ("level", level) if level else ("category", category) if category else None
            view = dimensions.status_view(report, earlier, part)
        print_view(view)
    return EXIT_OK


def _narrowed(report: StatusReport, level: str | None, category: str | None) -> StatusReport:
    """The picture of one level or one category of the list (--level, --category)."""
    from ..compute.groups import for_category, for_level

    plan = report.dataset.plan
    if level is not None:
        names = [x.name for x in plan.levels]
        if level not in names:
            raise usage_error(_unknown("层级", level, names, "plan.levels"))
        report = for_level(report, level)
    if category is not None:
        names = [x.name for x in plan.categories]
        if category not in names:
            raise usage_error(_unknown("类别", category, names, "plan.categories"))
        report = for_category(report, category)
    return report


def _unknown(what: str, name: str, names: list[str], where: str) -> str:
    if not names:
        return f"登记表中没有写{what}（{where}），不能按{what}查看"
    return f"没有名为「{name}」的{what}；可选：{'、'.join(names)}"


def _earlier(folders: list[Path] | None, ds: Dataset) -> dict[int, StatusReport] | None:
    """Each earlier year's year-end picture (--previous), or None when none was given."""
    if not folders:
        return None
    from ..compute.years import year_ends

    return year_ends(load_previous(folders, ds))
