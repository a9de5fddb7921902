"""Cross-file checks, each a small function ``check_x(dataset) -> problems``, registered below.

Adding a check is one function in the module of what it checks and one line in :func:`all_checks`
(or, for one that depends on the as-of date, in ``DATED_CHECKS``). The order
of the lists is the order in which ``check`` lists what they find. The checks of the progress
reports (``@report_check``) read them from one :class:`~.index.ReportIndex`, made in one pass
over the reports and shared by all of them.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from ...problems import Problem
from ..dataset import Dataset
from . import dated
from .common import Check, DatedCheck


@cache
def all_checks() -> tuple[Check, ...]:
    """The checks of a parsed data folder, in order (their modules are imported only when a
    folder is parsed: a warm run reads their findings from the cache)."""
    from . import dimensions, duban, office, registry, reports

    return (
        # the registry
        registry.check_unique_ids,
        registry.check_unit_references,
        registry.check_stages,
        registry.check_dates,
        registry.check_milestones,
        registry.check_monitor_only,
        registry.check_reporting,
        # the progress reports
        reports.check_report_location,
        reports.check_report_unit,
        reports.check_report_periods,
        reports.check_report_references,
        reports.check_report_values,
        reports.check_report_forecasts,
        reports.check_regressions,
        # the office's files
        office.check_office,
        office.check_acceptance,
        # the list's other dimensions
        dimensions.check_levels_and_categories,
        dimensions.check_declared_counts,
        dimensions.check_investment,
        dimensions.check_splits,
        dimensions.check_years,
        dimensions.check_unverified,
        dimensions.check_report_investment,
        dimensions.check_report_areas,
        dimensions.check_area_regressions,
        # the 督办 ledger
        duban.check_escalation,
        duban.check_actions,
        duban.check_inspections,
        duban.check_verified,
        duban.check_replies,
        duban.check_closure_requests,
    )


# Checks whose answer depends on the as-of date: run on every load, never cached.
DATED_CHECKS: tuple[DatedCheck, ...] = (
    dated.check_report_dates,
    dated.check_acceptance_dates,
    dated.check_report_arrival,
    dated.check_action_dates,
)


def dataset_checks(ds: Dataset) -> list[Problem]:
    """What the checks find in a loaded data folder (but for those that depend on as-of)."""
    from .index import ReportCheck, ReportIndex

    index = ReportIndex(ds)
    problems: list[Problem] = []
    for check in all_checks():
        problems += check.run(index) if isinstance(check, ReportCheck) else check(ds)
    return problems


def dated_checks(ds: Dataset, as_of: date) -> list[Problem]:
    """What the checks that depend on the as-of date find."""
    problems: list[Problem] = []
    for check in DATED_CHECKS:
        problems += check(ds, as_of)
    return problems
