"""The models as JSON-ready data and back, by their type hints: the cache's codec.

:func:`to_data` leaves out a field holding its default (of the default's own type, so that
``10.0`` where the default is ``10`` is kept and comes back as written); :func:`decoder`
builds the same instances from such data, without validating again: the data was validated
when the cache entry was written, and a value of the wrong shape (a damaged or foreign
entry) raises ``TypeError``, ``ValueError``, ``KeyError`` or ``AttributeError``.
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, get_args, get_origin

Convert = Callable[[Any], Any]
DECODE_ERRORS = (TypeError, ValueError, KeyError, AttributeError, IndexError)


_MEMO: dict[tuple[str, Any], Any] = {}


def _memo(name: str, key: Any, make: Callable[[], Any]) -> Any:
    found = _MEMO.get((name, key), _MEMO)
    if found is _MEMO:
        found = _MEMO[name, key] = make()
    return found


def field_types(cls: Any) -> dict[str, Any]:
    """A dataclass's fields and their types (without their validation rules); {} otherwise.

    The same answer as ``typing.get_type_hints`` (``tests/test_warm_path.py`` compares them),
    in a fraction of its time: each annotation's text is evaluated once per module, where
    the models write the same few (``Name``, ``str | None``…) again and again.
    """
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        return {}

    def make() -> dict[str, Any]:
        owners: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            for name in inspect.get_annotations(klass):
                owners[name] = klass
        return {f.name: _hint(f.type, owners[f.name].__module__) for f in dataclasses.fields(cls)}

    result: dict[str, Any] = _memo("fields", cls, make)
    return result


def _hint(annotation: Any, module: str) -> Any:
    if not isinstance(annotation, str):
        return _without_rules(annotation)
    found = _MEMO.get(("hint", (module, annotation)), _MEMO)
    if found is _MEMO:
        scope = vars(sys.modules[module])
        found = _MEMO["hint", (module, annotation)] = _without_rules(eval(annotation, scope))
    return found


def _without_rules(hint: Any) -> Any:
    """``hint`` with every ``Annotated[T, ...]`` in it replaced by ``T``."""
    origin = get_origin(hint)
    if origin is Annotated:
        return _without_rules(get_args(hint)[0])
    args = get_args(hint)
    if not args or origin is Literal:
        return hint
    plain = tuple(_without_rules(a) for a in args)
    if plain == args:
        return hint
    if origin in (typing.Union, types.UnionType):
        return typing.Union[plain]  # noqa: UP007 - rebuilt from its members
    return origin[plain]


# ---- encoding ---------------------------------------------------------------------------

_NO_DEFAULT = object()


def _defaults(cls: Any) -> tuple[tuple[str, Any], ...]:
    result: tuple[tuple[str, Any], ...] = _memo("defaults", cls, lambda: _find_defaults(cls))
    return result


def _find_defaults(cls: Any) -> tuple[tuple[str, Any], ...]:
    found = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            found.append((f.name, f.default))
        elif f.default_factory is not dataclasses.MISSING:
            found.append((f.name, f.default_factory()))
        else:
            found.append((f.name, _NO_DEFAULT))
    return tuple(found)


def to_data(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses as objects without their default fields,
    tuples as lists, dates as YYYY-MM-DD."""
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    out = {}
    for name, default in _defaults(type(value)):
        held = getattr(value, name)
        if default is _NO_DEFAULT or type(held) is not type(default) or held != default:
            out[name] = to_data(held)
    return out


# ---- decoding ---------------------------------------------------------------------------


def _same(value: Any) -> Any:
    return value


_SCALARS = (str, int, float, bool, type(None), Any)


def decoder(kind: Any) -> Convert:
    """A function building a value of type ``kind`` from its JSON-ready data."""
    result: Convert = _memo("decoder", kind, lambda: _make_decoder(kind))
    return result


def _make_decoder(kind: Any) -> Convert:
    origin = get_origin(kind)
    if kind is date:
        return date.fromisoformat
    if kind in _SCALARS or origin is Literal:
        return _same
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass(kind)
    if origin in (tuple, list):
        return _sequence(origin, get_args(kind))
    if origin is dict:
        key, item = (decoder(a) for a in get_args(kind))
        return lambda data: {key(k): item(v) for k, v in data.items()}
    if origin in (typing.Union, types.UnionType):
        return _union(get_args(kind))
    raise TypeError(f"no decoder for {kind!r}")


def _sequence(origin: type[Any], args: tuple[Any, ...]) -> Convert:
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        parts = tuple(decoder(a) for a in args)
        return lambda data: tuple(p(v) for p, v in zip(parts, data, strict=True))
    item = decoder(args[0])
    if item is _same:
        return origin
    return lambda data: origin(map(item, data))


def _union(members: tuple[Any, ...]) -> Convert:
    present = [m for m in members if m is not type(None)]
    if len(present) == 1:
        inner = decoder(present[0])
        return _same if inner is _same else (lambda data: None if data is None else inner(data))
    if all(decoder(m) is _same for m in present):
        return _same
    # A union of models told apart by their ``kind`` (the indicators).
    by_kind = {get_args(field_types(m)["kind"])[0]: decoder(m) for m in present}
    optional = len(present) < len(members)

    def tagged(data: Any) -> Any:
        if data is None and optional:
            return None
        return by_kind[data["kind"]](data)

    return tagged


def _dataclass(cls: type[Any]) -> Convert:
    # A field's decoder is made when data first holds the field: most optional parts of the
    # models (and the classes they lead to) never appear in a county's data.
    parts: dict[str, Convert] = {}

    def build(data: dict[str, Any]) -> Any:
        try:
            return cls(**{k: v if (p := parts[k]) is _same else p(v) for k, v in data.items()})
        except KeyError:
            kinds = field_types(cls)
            new = [k for k in data if k not in parts]
            if not new:
                raise
            for k in new:
                parts[k] = decoder(kinds[k])  # an unknown field: KeyError, a foreign entry
            return build(data)

    return build
