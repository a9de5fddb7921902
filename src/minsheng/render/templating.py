"""The Jinja2 environment for bulletins and the site: where templates come from, escaping, filters.

Templates are looked up file by file: the ``--templates`` folder (or else a ``templates/``
folder next to the data folder), then the defaults shipped in the package. Everything is
autoescaped for HTML except Markdown templates (``*.md.j2``), whose data goes through
the ``md`` filter instead. A user's templates are confined to their folder and rendered
within a budget that scales with the data (:mod:`.sandbox`); a render that loads only the
packaged templates runs in a plain environment with the same settings, at full speed.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    meta,
    pass_context,
)
from jinja2.runtime import Context

from ..compute.colours import Palette
from ..load.dataset import Dataset
from ..text import amounts, fmt, labels
from ..text.numerals import cn_number
from ..views import describe
from . import sandbox
from .sandbox import ConfinedLoader, Sandbox, budgeted, emit, failure, release

TEMPLATES = "templates"
_Env = TypeVar("_Env", bound=Environment)


def packaged_templates() -> Path:
    """The default templates: inside the installed package, or the repository's for an editable install."""
    bundled = files("minsheng") / TEMPLATES
    if bundled.is_dir():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[3] / TEMPLATES


def search_path(override: Path | None, data: Path) -> list[Path]:
    """Folders to look in, first match wins: ``override`` or ``<data>/../templates``, then the defaults."""
    beside_data = data.resolve().parent / TEMPLATES
    first = override if override is not None else beside_data
    folders = [first] if first.is_dir() else []
    return [*folders, packaged_templates()]


def is_html_template(name: str | None) -> bool:
    """Autoescape everything but Markdown, so a template of unknown kind is escaped too."""
    return not (name or "").endswith((".md.j2", ".md"))


def environment(folders: Sequence[Path], *, confine_to: Path | None = None) -> Environment:
    """``folders`` first match wins; all but the packaged one are a user's, confined (the
    automatic one also to ``confine_to``, the data repository) and budgeted.

    Without a user's folder: a plain environment over the packaged templates. With one: a
    :class:`~.sandbox.Sandbox`, whose ``trusted`` plain environment renders what loads none
    of the user's templates (:func:`render` decides, name by name).
    """
    packaged = packaged_templates()
    trusted = _packaged_environment(packaged)
    user = tuple(f for f in folders if f != packaged)
    if not user:
        return trusted
    # Sandboxed: a templates/ folder next to the data is picked up without being asked for,
    # so whoever can commit data must not be able to run code through a template.
    loaders: list[BaseLoader] = [
        FileSystemLoader(str(f)) if f == packaged else ConfinedLoader(f, confine_to)
        for f in folders
    ]
    env = _configured(
        Sandbox(
            user_folders=tuple(f.resolve() for f in user),
            trusted=trusted,
            loader=ChoiceLoader(loaders),
            **SETTINGS,
        )
    )
    env.guard_filters()
    return env


@functools.cache
def _packaged_environment(packaged: Path) -> Environment:
    """One plain environment over the packaged templates per process: they do not change
    while it runs (``auto_reload`` is off), so each is compiled once however many renders
    use it (the web form's pages and downloads, a test run's thousand bulletins)."""
    return _configured(Environment(loader=FileSystemLoader(str(packaged)), **SETTINGS))


def scale(env: Environment, ds: Dataset) -> None:
    """Let a user's templates take steps and output in proportion to ``ds``."""
    if isinstance(env, Sandbox):
        env.data_size = data_size(ds)


def data_size(ds: Dataset) -> int:
    """Projects, indicators, checklist items, units and reports: what templates iterate over."""
    items = sum(len(getattr(ref.indicator, "items", ())) for ref in ds.indicators.values())
    return (
        len(ds.registry.projects)
        + len(ds.indicators)
        + items
        + len(ds.unit_names)
        + len(ds.reports)
    )


@contextlib.contextmanager
def one_run(env: Environment) -> Iterator[None]:
    """Many renders (a site) under one budget for the whole run, besides each one's own."""
    if isinstance(env, Sandbox) and env.user_folders:
        with sandbox.one_run(env.data_size):
            yield
    else:
        yield


def render(env: Environment, name: str, **context: Any) -> str:
    """A template rendered to text ending in exactly one newline.

    A failing user template raises :class:`~.sandbox.TemplateFailure` with a Chinese message
    naming the template and line; so does one that exceeds its budget.
    """
    if isinstance(env, Sandbox) and env.user_folders:
        if env.trusted is None or loads_user_template(env, name):
            return _sandboxed(env, name, context)
        env = env.trusted
    return env.get_template(name).render(**context).rstrip("\n") + "\n"


def loads_user_template(env: Sandbox, name: str) -> bool:
    """Whether rendering ``name`` loads a template from a user's folder: ``name`` itself, or
    one it extends, includes or imports, at any depth (each found first in a user's folder).

    The packaged templates name the templates they use literally; a name known only at
    render time counts as a user's, and so does one found nowhere (the sandbox tells it).
    """
    if name not in env.loads_user:
        env.loads_user[name] = _loads_user(env, name)
    return env.loads_user[name]


def _loads_user(env: Sandbox, name: str) -> bool:
    trusted = env.trusted
    assert trusted is not None and trusted.loader is not None
    seen, waiting = {name}, [name]
    while waiting:
        current = waiting.pop()
        if env.has_user_template(current):
            return True
        try:
            source, _, _ = trusted.loader.get_source(trusted, current)
        except TemplateNotFound:
            return True
        for used in meta.find_referenced_templates(trusted.parse(source, current)):
            if used is None:
                return True
            if used not in seen:
                seen.add(used)
                waiting.append(used)
    return False


def _sandboxed(env: Sandbox, name: str, context: dict[str, Any]) -> str:
    """A render that runs a user's template: in the sandbox, within its budget."""
    token = budgeted(env.data_size)
    top = None
    try:
        template = env.get_template(name)
        top = template.filename
        text = "".join(_counted(template.generate(**context)))
    except Exception as exc:
        told = failure(exc, env, name, top, getattr(exc, "suspended_at", None))
        if told is None:
            raise
        raise told from None
    finally:
        release(token)
    return text.rstrip("\n") + "\n"


def _counted(chunks: Iterator[str]) -> Iterator[str]:
    """The output as it comes; past the budget, the error says where the template stood."""
    for chunk in chunks:
        try:
            emit(chunk)
        except sandbox.BudgetExceeded as exc:
            exc.suspended_at = sandbox.suspended_at(chunks)  # type: ignore[attr-defined]
            raise
        yield chunk


def _finalize(value: Any) -> Any:
    # Plain strings from data: control and bidi characters made visible (Markup is ours, left alone).
    # Counted here too (under a budget), inside the template, so that an overflow names its line.
    emit(value)
    return fmt.printable(value) if type(value) is str else value


_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")
_SENTENCE_END = ("。", "；", "，", "、", "：", "！", "？", ";", ",", ":")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#~!])")


def oneline(value: object) -> str:
    """Line breaks joined with "；" (or nothing after a punctuation mark): one line of text."""
    parts = [p for p in _BREAKS.split(str(value).strip()) if p]
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text += part if text.endswith(_SENTENCE_END) else "；" + part
    return text


def md(value: object) -> str:
    """Data inside Markdown (table cells included): one line, no live syntax, no raw HTML.

    Markdown punctuation and the table pipe are backslash-escaped; ``& < >`` become
    entities, so ``<script>`` shows as text instead of passing through as HTML.
    """
    text = _MD_SPECIAL.sub(r"\\\1", fmt.printable(oneline(value)))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(value: object, limit: int) -> str:
    """At most ``limit`` characters, the last one "…" when cut."""
    text = str(value)
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def fixed(value: float, digits: int = 1) -> str:
    """A coordinate for SVG: fixed decimals, so output is byte-for-byte stable."""
    return f"{value:.{digits}f}"


def join_cn(values: Iterable[object]) -> str:
    return "、".join(str(v) for v in values)


def cn_date(value: date) -> str:
    return fmt.cn_date(value)


@pass_context
def status_label(context: Context, key: str) -> str:
    """A state's name: the page's ``palette`` (the office's colour rules) names it, when the
    page has one; otherwise the tool's own name."""
    palette = context.get("palette")
    if isinstance(palette, Palette):
        return palette.name(str(key))
    return fmt.STATUS_LABELS[key]


FILTERS: dict[str, Callable[..., Any]] = {
    "pct": fmt.percent,
    "num": fmt.number,
    "amount": amounts.amount,
    "cn_date": cn_date,
    "cn_month": fmt.cn_month,
    "month_label": fmt.month_label,
    "gap": fmt.gap,
    "change": fmt.change,
    "count_change": fmt.count_change,
    "points": fmt.points,
    "status_label": status_label,
    "report_label": fmt.REPORT_LABELS.__getitem__,
    "kind_label": fmt.KIND_LABELS.__getitem__,
    "md": md,
    "oneline": oneline,
    "clip": clip,
    "cn_number": cn_number,
    "fixed": fixed,
    "join_cn": join_cn,
    "target_text": describe.target_text,
    "actual_text": describe.actual_text,
    "item_actual_text": describe.item_actual_text,
}


SETTINGS: dict[str, Any] = {
    "undefined": StrictUndefined,
    "autoescape": is_html_template,
    "finalize": _finalize,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "auto_reload": False,
}
"""What the plain and the sandboxed environment share, so that they render the same bytes."""


def _configured(env: _Env) -> _Env:
    env.filters.update(FILTERS)
    env.globals.update(SAMPLE_TITLE=labels.SAMPLE_TITLE, SAMPLE_TEXT=labels.SAMPLE_TEXT)
    return env
