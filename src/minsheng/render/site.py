"""The static site (`minsheng site`): index, a page per project, every bulletin so far, the
JSON and the Excel workbook.

:func:`build_site` returns ``{relative path: text or bytes}`` and writes nothing; the same
data and date give the same bytes, so a site kept in git or published by CI diffs cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from jinja2 import Environment

from ..compute.status import StatusReport
from ..dates import periods_until
from ..load.dataset import Dataset
from ..views.bulletin import build_bulletin
from ..views.duban import duban_view, has_ledger
from ..views.site import bulletin_link, memo_status, project_pages, site_index
from ..views.tongbao import Options, bulletin_document
from . import status
from .duban import as_json as duban_json
from .templating import one_run, render

MARKER = ".minsheng-site"
FORMATS = ("html", "md")
WORKBOOK = "status.xlsx"  # `minsheng export` of the site's date


def build_site(
    ds: Dataset, as_of: date, env: Environment, progress: Callable[[int, int], None] | None = None
) -> dict[str, str | bytes]:
    """Every file of the site at ``as_of``, by path relative to the site folder, sorted.

    ``progress(done, total)`` hears of each bulletin and project page as it is made.
    """
    with one_run(env):
        return _build(ds, as_of, env, progress)


def _build(
    ds: Dataset, as_of: date, env: Environment, progress: Callable[[int, int], None] | None
) -> dict[str, str | bytes]:
    status_at = memo_status(ds)
    report = status_at(as_of)
    files: dict[str, str | bytes] = {}
    links = []
    periods = periods_until(ds.plan.year, ds.plan.reporting.first_month, as_of)
    total = len(periods) + len(report.projects)
    for done, period in enumerate(periods, 1):
        if progress is not None:
            progress(done, total)
        bulletin = build_bulletin(ds, period, min(as_of, period.end), status_at)
        document = bulletin_document(bulletin, Options())
        link = bulletin_link(bulletin)
        for kind in FORMATS:
            files[link.path(kind)] = render(
                env, f"bulletin.{kind}.j2", b=bulletin, doc=document, sample=bulletin.sample
            )
        links.append(link)
    index = site_index(report, tuple(links))
    for done, page in enumerate(project_pages(report), len(periods) + 1):
        if progress is not None and done % 16 == 0:
            progress(done, total)
        files[page.path] = render(
            env, "site/project.html.j2", page=page, site=index, sample=report.sample
        )
    files["index.html"] = render(env, "site/index.html.j2", site=index, sample=report.sample)
    files["status.json"] = status.as_json(report, history=True)
    if has_ledger(ds):  # 督办台账 as JSON, beside the status
        files["duban.json"] = duban_json(duban_view(report))
    files[WORKBOOK] = workbook(report)
    return dict(sorted(files.items()))


def workbook(report: StatusReport) -> bytes:
    """The Excel workbook of ``minsheng export`` (openpyxl is loaded here, not before)."""
    from ..views.export_book import build_book
    from .xlsx import as_xlsx

    return as_xlsx(build_book(report))
