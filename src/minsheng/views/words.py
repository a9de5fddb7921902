"""The words outputs use for the list and its reports: the tool's defaults, the cadence of the
registry's reporting rule, and the office's own terms (office.yaml ``words``)."""

from __future__ import annotations

from ..load.dataset import Dataset
from ..load.reporting import NAMES, SHORT_NAMES
from ..records import frozen

LIST_NAME = "重点民生实事"


# By the registry's cadence (all units monthly, all quarterly, or a mix): 月报 / 季报 / 报告,
# what a report's period is called, and the adjective of 推进情况.
BRIEF = {"monthly": "月报", "quarterly": "季报", None: "报告"}
PERIOD = {"monthly": "月份", "quarterly": "季度", None: "报送期"}
CADENCE = {"monthly": "月度", "quarterly": "季度", None: ""}


@frozen
class Words:
    list_name: str = LIST_NAME  # 重点民生实事 / 民生实事 / 为民办实事
    report: str = NAMES["monthly"]  # 月度进展报告
    report_short: str = SHORT_NAMES["monthly"]  # 月度报告
    brief: str = BRIEF["monthly"]  # 月报
    period: str = PERIOD["monthly"]  # 月份
    cadence: str = CADENCE["monthly"]  # 月度

    @property
    def progress(self) -> str:
        """The report's name without 报告: "月度进展"."""
        return self.report.removesuffix("报告") or self.report


DEFAULT_WORDS = Words()


def words_of(ds: Dataset) -> Words:
    cadences = ds.schedule.cadences()
    cadence = next(iter(cadences)) if len(cadences) == 1 else None
    report = NAMES[cadence] if cadence else "进展报告"
    short = SHORT_NAMES[cadence] if cadence else "报告"
    own = ds.office.words if ds.office is not None else None
    by_cadence = (BRIEF[cadence], PERIOD[cadence], CADENCE[cadence])
    if own is None:
        return Words(LIST_NAME, report, short, *by_cadence)
    return Words(
        own.list_name or LIST_NAME,
        own.report or report,
        own.report_short or (own.report if own.report else short),
        *by_cadence,
    )
