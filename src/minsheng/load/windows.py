"""Validating a big document in windows, so that its errors, however many, never all exist at
once: pydantic keeps about 400 bytes per error, and a 32 MB file can hold half a million.

A window is the document with its widest list or mapping cut down to a run of its children
(a mapping keeps its model fields in every window, so that no field seems missing). A
window still too big is cut again, inside. Each window is validated alone; an error outside
the container that was cut is counted in the first window only, and an index inside it is
moved back to where it stands in the whole document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..records import frozen

WINDOW_NODES = 30_000  # values validated at once


@frozen
class Cut:
    """One level of cutting: the container at ``path`` (data keys and indices) now holds a
    run of its children; for a list, the first one is child ``offset`` of the original."""

    path: tuple[Any, ...]
    offset: int
    first: bool  # the first window of this container: errors outside it count here
    kept: frozenset[str]  # a mapping's keys in every window: counted in the first
    run: int
    # Runs whose items were all invalid ("too short"), by run: the container is too short
    # as a whole only if every run is (pydantic counts the valid items against min_length).
    short: dict[int, dict[str, Any]]


@dataclass
class Found:
    """The first errors (pydantic's dicts, positions in the whole document) and how many in all."""

    wanted: int
    errors: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

    def add(self, error: dict[str, Any]) -> None:
        self.total += 1
        if len(self.errors) < self.wanted:
            self.errors.append(error)


def window_errors(data: Any, model: type, wanted: int, fields: frozenset[str]) -> Found:
    """Every error of ``data`` against ``model``, counted; the first ``wanted`` kept.

    ``fields``: the names of the models' fields, kept in every window of a mapping.
    """
    found = Found(wanted)
    _validate(data, model, fields, (), found)
    return found


def _validate(
    data: Any, model: type, fields: frozenset[str], cuts: tuple[Cut, ...], found: Found
) -> None:
    sizes: dict[int, int] = {}
    if _size(data, sizes) <= WINDOW_NODES:
        _leaf(data, model, cuts, found)
        return
    path, container = _widest(data, ())
    children = len(container) if isinstance(container, (list, dict)) else 0
    if children <= 1:  # nothing left to cut: a chain of single containers, validated as is
        _leaf(data, model, cuts, found)
        return
    # With much besides this container, half a window per run: the rest is cut next, inside.
    rest = sizes[id(data)] - sizes[id(container)] + 1  # the container itself stays
    budget = max(WINDOW_NODES - rest, WINDOW_NODES // 2)
    kept = (
        frozenset(k for k in container if k in fields)
        if isinstance(container, dict)
        else frozenset()
    )
    runs = list(_runs(container, sizes, budget, fields))
    if len(runs) == 1:  # cannot be cut any finer
        _leaf(data, model, cuts, found)
        return
    short: dict[int, dict[str, Any]] = {}
    for index, (offset, run, first) in enumerate(runs):
        window = _replaced(data, path, run)
        cut = Cut(path, offset, first, kept, index, short)
        _validate(window, model, fields, (*cuts, cut), found)
    if len(short) == len(runs):
        moved = _moved(short[0], data, cuts)
        if moved is not None:
            found.add(moved)


def _leaf(data: Any, model: type, cuts: tuple[Cut, ...], found: Found) -> None:
    from pydantic import ValidationError

    from .adapters import adapter

    try:
        adapter(model).validate_python(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            moved = _moved(dict(error), data, cuts)
            if moved is not None:
                found.add(moved)


def _moved(error: dict[str, Any], window: Any, cuts: tuple[Cut, ...]) -> dict[str, Any] | None:
    """The error with its list indices moved back to the whole document; None when it is
    counted in another window (outside a cut container, and not this container's first
    window) or was made by the cutting (a cut list that seems too short)."""
    loc = list(error["loc"])
    places = _data_places(loc, window)
    path = [loc[i] for i in places]
    for cut in reversed(
        cuts
    ):  # innermost first: each step gives the coordinates of the level above
        depth = len(cut.path)
        inside = (
            tuple(path[:depth]) == cut.path and len(path) > depth and path[depth] not in cut.kept
        )
        if tuple(path) == cut.path and error["type"] == "too_short":
            cut.short.setdefault(cut.run, {**error, "loc": tuple(loc)})
            return None
        if not inside and not cut.first:
            return None
        if inside and isinstance(path[depth], int):
            path[depth] += cut.offset
            loc[places[depth]] = path[depth]
    return {**error, "loc": tuple(loc)}


def _data_places(loc: list[Any], data: Any) -> list[int]:
    """Which elements of a pydantic ``loc`` are keys or indices of the data (not union tags)."""
    places = []
    node = data
    for i, part in enumerate(loc):
        if _has(node, part):
            places.append(i)
            node = node[part]
    return places


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _size(node: Any, sizes: dict[int, int]) -> int:
    """Values in ``node`` (itself included); containers' sizes recorded by id."""
    total = 1
    if isinstance(node, dict):
        total += sum(_size(v, sizes) for v in node.values())
    elif isinstance(node, list):
        total += sum(_size(v, sizes) for v in node)
    else:
        return 1
    sizes[id(node)] = total
    return total


def _widest(node: Any, path: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any]:
    """The path to the list or mapping with the most children, and that container."""
    best: tuple[tuple[Any, ...], Any] = (path, node)
    best_count = len(node) if isinstance(node, (list, dict)) else 0
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        if isinstance(child, (list, dict)):
            found_path, found = _widest(child, (*path, key))
            if len(found) > best_count:
                best, best_count = (found_path, found), len(found)
    return best


def _runs(
    container: Any, sizes: dict[int, int], budget: int, fields: frozenset[str]
) -> Iterator[tuple[int, Any, bool]]:
    """Runs of children worth about ``budget`` values each: (offset, run, first)."""
    if isinstance(container, list):
        start, used = 0, 0
        run: list[Any] = []
        for i, child in enumerate(container):
            cost = sizes.get(id(child), 1)
            if run and used + cost > budget:
                yield start, run, start == 0
                start, run, used = i, [], 0
            run.append(child)
            used += cost
        yield start, run, start == 0
        return
    kept = {k: v for k, v in container.items() if k in fields}
    others = [(k, v) for k, v in container.items() if k not in fields]
    first, part, used = True, dict(kept), 0
    for key, value in others:
        cost = sizes.get(id(value), 1) + 1
        if used and used + cost > budget:
            yield 0, part, first
            first, part, used = False, dict(kept), 0
        part[key] = value
        used += cost
    yield 0, part, first


def _replaced(data: Any, path: tuple[Any, ...], run: Any) -> Any:
    """``data`` with the container at ``path`` replaced by ``run`` (copies along the path only)."""
    if not path:
        return run
    head, rest = path[0], path[1:]
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _replaced(data[head], rest, run)
    return copy
