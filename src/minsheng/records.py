"""Frozen, slotted dataclasses that cost little to define.

Every value the tool passes between its stages (the models, the computed figures, the rows of
each view) is a frozen, slotted dataclass, and a run of ``minsheng status`` defines about 160 of
them before it reads a file. ``dataclasses.dataclass(frozen=True, slots=True)`` writes the source
of six methods per class (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``,
``__delattr__``) and compiles each one: about 0.5 ms a class, more than half of a warm run.

:func:`frozen` keeps what the standard library does well — collecting the fields (inherited ones,
``field(default_factory=...)``, ``ClassVar``) and adding the slots — and compiles only
``__init__``. Equality, hashing, ``repr`` and the refusal to assign are the same few functions for
every class, reading the fields through one ``operator.attrgetter`` per class. The classes stay
dataclasses in every way the rest of the tool relies on: ``dataclasses.fields``, ``replace`` and
``asdict`` work, pydantic validates them as stdlib dataclasses, and instances compare, hash,
print and refuse assignment as ``frozen=True`` ones do (``tests/test_records.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["frozen"]

T = TypeVar("T")

_set = object.__setattr__
_MISSING = dataclasses.MISSING


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = self.__record_key__
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _repr(self: Any) -> str:
    names = self.__record_names__
    values = self.__record_key__(self)
    inner = ", ".join(f"{name}={value!r}" for name, value in zip(names, values, strict=True))
    return f"{self.__class__.__qualname__}({inner})"


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, name) for name in self.__record_slots__]


def _setstate(self: Any, state: list[Any]) -> None:
    for name, value in zip(self.__record_slots__, state, strict=True):
        _set(self, name, value)


def _no_fields(self: Any) -> tuple[()]:
    return ()


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields of an instance as a tuple (``attrgetter`` of one name returns the value)."""
    if not names:
        return _no_fields
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return attrgetter(*names)


def _init(cls: Any, fields: list[dataclasses.Field[Any]]) -> Callable[..., None]:
    """Compile ``__init__``: each field set through ``object.__setattr__``, as a frozen
    dataclass does, then ``__post_init__`` when the class has one."""
    scope: dict[str, Any] = {"_set": _set, "_MISSING": _MISSING}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    seen_default = False
    for f in fields:
        if not f.init:
            raise TypeError(f"{cls.__qualname__}.{f.name}: init=False is not supported")
        param = f.name
        if f.default is not _MISSING:
            scope[f"_d_{f.name}"] = f.default
            param += f"=_d_{f.name}"
            value = f.name
        elif f.default_factory is not _MISSING:
            scope[f"_f_{f.name}"] = f.default_factory
            param += "=_MISSING"
            value = f"_f_{f.name}() if {f.name} is _MISSING else {f.name}"
        else:
            value = f.name
            if seen_default and not f.kw_only:
                raise TypeError(
                    f"{cls.__qualname__}: non-default argument {f.name!r} follows default argument"
                )
        if not f.kw_only and param != f.name:
            seen_default = True
        (keyword if f.kw_only else positional).append(param)
        body.append(f"    _set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    params = ["self", *positional]
    if keyword:
        params += ["*", *keyword]
    source = f"def __init__({', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _frozen(cls: Any, kw_only: bool) -> Any:
    for name, method in (
        ("__eq__", _eq),
        ("__hash__", _hash),
        ("__repr__", _repr),
        ("__setattr__", _refuse_set),
        ("__delattr__", _refuse_delete),
        ("__getstate__", _getstate),
        ("__setstate__", _setstate),
    ):
        if name in cls.__dict__:
            raise TypeError(f"{cls.__qualname__} defines {name}, which a frozen record provides")
        setattr(cls, name, method)
    made = dataclasses.dataclass(
        init=False, repr=False, eq=False, frozen=False, slots=True, kw_only=kw_only
    )(cls)
    fields = list(dataclasses.fields(made))
    names = tuple(f.name for f in fields)
    made.__init__ = _init(made, fields)
    made.__record_names__ = names
    made.__record_key__ = staticmethod(_key(names))
    made.__record_slots__ = tuple(
        slot for klass in made.__mro__ for slot in klass.__dict__.get("__slots__", ())
    )
    return made


@overload
def frozen(cls: type[T], /, *, kw_only: bool = False) -> type[T]: ...
@overload
def frozen(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: type[T] | None = None, /, *, kw_only: bool = False) -> Any:
    """``@dataclass(frozen=True, slots=True)`` (and ``kw_only``), defined in a fraction of its
    time; see the module's docstring."""
    if cls is None:
        return lambda c: _frozen(c, kw_only)
    return _frozen(cls, kw_only)
