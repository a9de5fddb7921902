"""The static site (`minsheng site`): index, a page per project, every bulletin so far, the
JSON and the Excel workbook.

:func:`site_files` makes the site as a stream of ``(relative path, bytes)``, one file at a
time, and writes nothing: the CLI hands it to :func:`minsheng.write.publish.publish`, which
writes each file as it comes, so no more than one page is held at once. :func:`build_site`
collects the same files into a mapping. The same data and date give the same bytes, so a site
kept in git or published by CI diffs cleanly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from jinja2 import Environment

from ..compute.status import StatusReport, build_status
from ..dates import periods_until
from ..load.dataset import Dataset
from ..views.bulletin import build_bulletin
from ..views.duban import duban_view, has_ledger
from ..views.site import bulletin_link, bulletins_in_turn, project_pages, site_index
from ..views.tongbao import Options, bulletin_document
from . import status
from .duban import as_json as duban_json
from .templating import one_run, render

MARKER = ".minsheng-site"
FORMATS = ("html", "md")
WORKBOOK = "status.xlsx"  # `minsheng export` of the site's date

Progress = Callable[[int, int], None]


Content = str | bytes | Iterator[str]  # text, bytes, or text in pieces (status.json)


def site_files(
    ds: Dataset, as_of: date, env: Environment, progress: Progress | None = None
) -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
    """Every file of the site at ``as_of``, by path relative to the site folder, as it is made
    (bulletins, project pages, the index, the JSON, the workbook; not sorted): its bytes, or
    for ``status.json`` (the largest) its bytes in pieces, to be written as they come.

    ``progress(done, total)`` hears of each bulletin and project page as it is made.
    """
    for path, content in _contents(ds, as_of, env, progress):
        if isinstance(content, str):
            data: bytes | Iterator[bytes] = content.encode("utf-8")
        elif isinstance(content, bytes):
            data = content
        else:
            data = (piece.encode("utf-8") for piece in content)
        del content  # neither is kept while the next file is made
        yield path, data
        del data


def build_site(
    ds: Dataset, as_of: date, env: Environment, progress: Progress | None = None
) -> dict[str, str | bytes]:
    """The files of :func:`site_files` all at once, sorted by path: text as ``str``."""
    files = {
        path: content if isinstance(content, str | bytes) else "".join(content)
        for path, content in _contents(ds, as_of, env, progress)
    }
    return dict(sorted(files.items()))


def _contents(
    ds: Dataset, as_of: date, env: Environment, progress: Progress | None
) -> Iterator[tuple[str, Content]]:
    """The site's files one by one, under one budget for the whole run (user templates)."""
    with one_run(env):
        yield from _files(ds, as_of, env, progress or _unheard)


def _files(
    ds: Dataset, as_of: date, env: Environment, progress: Progress
) -> Iterator[tuple[str, Content]]:
    report = build_status(ds, as_of)
    links = {}
    periods = periods_until(ds.plan.year, ds.plan.reporting.first_month, as_of)
    total = len(periods) + len(report.projects)
    turns = bulletins_in_turn(report, periods)
    for done, (period, day, status_at) in enumerate(turns, 1):
        progress(done, total)
        bulletin = build_bulletin(ds, period, day, status_at)
        document = bulletin_document(bulletin, Options())
        link = bulletin_link(bulletin)
        for kind in FORMATS:
            yield (
                link.path(kind),
                render(
                    env, f"bulletin.{kind}.j2", b=bulletin, doc=document, sample=bulletin.sample
                ),
            )
        links[period] = link
        del bulletin, document  # before the next one is made
    index = site_index(report, tuple(links[p] for p in periods))
    for done, page in enumerate(project_pages(report), len(periods) + 1):
        if done % 16 == 0:
            progress(done, total)
        yield (
            page.path,
            render(env, "site/project.html.j2", page=page, site=index, sample=report.sample),
        )
    yield "index.html", render(env, "site/index.html.j2", site=index, sample=report.sample)
    yield "status.json", status.json_pieces(report, history=True)
    if has_ledger(ds):  # 督办台账 as JSON, beside the status
        yield "duban.json", duban_json(duban_view(report))
    yield WORKBOOK, workbook(report)


def _unheard(done: int, total: int) -> None:
    return None


def workbook(report: StatusReport) -> bytes:
    """The Excel workbook of ``minsheng export`` (openpyxl is loaded here, not before)."""
    from ..views.export_book import build_book
    from .xlsx import as_xlsx

    return as_xlsx(build_book(report))
