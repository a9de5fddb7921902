"""JSON text for the --format json outputs: one place decides its layout."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping


def dumps(payload: object, *, pretty: bool) -> str:
    """Indented for a person at a terminal; one compact line for a pipe, a file or a program.

    The keys are the same either way. Indenting uses the json module's pure-Python encoder,
    which costs about a second on a 5000-project status; a program reading the output
    does not need it.
    """
    if pretty:
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


def stream_object(
    before: Mapping[str, object],
    name: str,
    items: Iterable[object],
    after: Mapping[str, object],
    *,
    pretty: bool,
) -> Iterator[str]:
    """``dumps({**before, name: list(items), **after})`` in pieces, one item at a time."""
    keys = [*before, name, *after]
    assert len(set(keys)) == len(keys)
    if pretty:
        yield from _stream_pretty(before, name, items, after)
    else:
        yield from _stream_compact(before, name, items, after)
    yield "\n"


def _stream_compact(
    before: Mapping[str, object], name: str, items: Iterable[object], after: Mapping[str, object]
) -> Iterator[str]:
    def member(key: str, value: object) -> str:
        return f"{_compact(key)}:{_compact(value)}"

    yield "{" + "".join(member(k, v) + "," for k, v in before.items()) + f"{_compact(name)}:["
    for i, item in enumerate(items):
        yield ("," if i else "") + _compact(item)
    yield "]" + "".join("," + member(k, v) for k, v in after.items()) + "}"


def _stream_pretty(
    before: Mapping[str, object], name: str, items: Iterable[object], after: Mapping[str, object]
) -> Iterator[str]:
    def member(key: str, value: object) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        return f"  {json.dumps(key, ensure_ascii=False)}: {text}"

    yield "{\n" + "".join(member(k, v) + ",\n" for k, v in before.items())
    yield f"  {json.dumps(name, ensure_ascii=False)}: ["
    empty = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("\n" if empty else ",\n") + "    " + text
        empty = False
    yield "]" if empty else "\n  ]"
    yield "".join(",\n" + member(k, v) for k, v in after.items()) + "\n}"


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
