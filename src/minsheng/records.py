"""Frozen, slotted dataclasses that cost little to define.

Every value the tool passes between its stages (the models, the computed figures, the rows of
each view) is a frozen, slotted dataclass, and a run of ``minsheng status`` defines about 160 of
them before it reads a file. ``dataclasses.dataclass(frozen=True, slots=True)`` writes the source
of six methods per class (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``,
``__delattr__``) and compiles each one: about 0.5 ms a class, more than half of a warm run.

:func:`frozen` makes the same classes without compiling anything per class:

- the fields are collected as dataclasses collects them (inherited fields first, ``ClassVar``
  left out, ``field(default=..., default_factory=..., kw_only=...)`` honoured) into real
  ``dataclasses.Field`` objects, so ``dataclasses.fields``, ``replace`` and ``asdict`` work and
  pydantic validates the classes as stdlib dataclasses;
- ``__init__`` is one of a few compiled templates (one per count of positional and keyword-only
  fields), given the class's parameter and field names with ``CodeType.replace``: it sets each
  field through ``object.__setattr__`` and calls ``__post_init__`` as a frozen dataclass does;
- equality, hashing, ``repr``, pickling and the refusal to assign are the same functions for
  every class, reading the fields through one ``operator.attrgetter`` per class.

``tests/test_records.py`` holds them to the standard library's behaviour.
"""

from __future__ import annotations

import builtins
import dataclasses
import inspect
import types
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["frozen"]

T = TypeVar("T")

_set = object.__setattr__
_MISSING = dataclasses.MISSING
# The marker dataclasses.fields() lists a field by (a ClassVar or an InitVar has another).
_FIELD = dataclasses._FIELD  # type: ignore[attr-defined]


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
    return list(self.__record_key__(self))  # the fields, as dataclasses pickles them


def _setstate(self: Any, state: list[Any]) -> None:
    for name, value in zip(self.__record_names__, state, strict=True):
        _set(self, name, value)


_SHARED = {
    "__eq__": _eq,
    "__hash__": _hash,
    "__repr__": _repr,
    "__setattr__": _refuse_set,
    "__delattr__": _refuse_delete,
    "__getstate__": _getstate,
    "__setstate__": _setstate,
}


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


# ---- fields -----------------------------------------------------------------------------


def _is_classvar(annotation: Any) -> bool:
    if isinstance(annotation, str):  # the modules use ``from __future__ import annotations``
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    import typing

    return annotation is typing.ClassVar or typing.get_origin(annotation) is typing.ClassVar


def _fields(cls: Any, kw_only: bool) -> dict[str, dataclasses.Field[Any]]:
    """The class's fields, its bases' first, as ``dataclasses.dataclass`` collects them."""
    fields: dict[str, dataclasses.Field[Any]] = {}
    for base in reversed(cls.__mro__[1:]):
        fields.update(base.__dict__.get("__dataclass_fields__", {}))
    for name, annotation in inspect.get_annotations(cls).items():
        if _is_classvar(annotation):
            continue
        if annotation in ("InitVar", "KW_ONLY") or str(annotation).startswith("InitVar"):
            raise TypeError(f"{cls.__qualname__}.{name}: InitVar and KW_ONLY are not supported")
        given = cls.__dict__.get(name, _MISSING)
        if isinstance(given, dataclasses.Field):
            field = given
            if field.kw_only is _MISSING:
                field.kw_only = kw_only
        else:
            field = dataclasses.field(default=given, kw_only=kw_only)
        if not field.init:
            raise TypeError(f"{cls.__qualname__}.{name}: init=False is not supported")
        if field.default is not _MISSING and field.default.__class__.__hash__ is None:
            # As dataclasses refuses it: one list or dict would be shared by every instance.
            raise ValueError(
                f"mutable default {type(field.default)} for field {name} is not allowed: "
                "use default_factory"
            )
        field.name, field.type, field._field_type = name, annotation, _FIELD  # type: ignore[attr-defined]
        fields[name] = field
    return fields


# ---- __init__ ---------------------------------------------------------------------------

_TEMPLATES: dict[tuple[int, bool], types.CodeType] = {}


def _template(count: int, post_init: bool) -> types.CodeType:
    """``__init__`` for classes of ``count`` fields, compiled once: parameters ``_v0``,
    ``_v1``… set as fields ``'_k0'``, ``'_k1'``…, a field with a factory made by ``_f0()``…
    when not given. Which parameters are keyword-only is set per class (``co_kwonlyargcount``):
    the code is the same."""
    shape = (count, post_init)
    code = _TEMPLATES.get(shape)
    if code is None:
        names = [f"_v{i}" for i in range(count)]
        body = [
            f"    _set(self, '_k{i}', {v} if {v} is not _MISSING else _f{i}())"
            for i, v in enumerate(names)
        ]
        if post_init:
            body.append("    self.__post_init__()")
        source = (
            f"def __init__({', '.join(['self', *names])}):\n"
            + ("\n".join(body) or "    pass")
            + "\n"
        )
        scope: dict[str, Any] = {}
        exec(source, scope)
        code = _TEMPLATES[shape] = scope["__init__"].__code__
    return code


def _init(cls: Any, fields: list[dataclasses.Field[Any]]) -> Callable[..., None]:
    positional = [f for f in fields if not f.kw_only]
    keyword = [f for f in fields if f.kw_only]
    ordered = positional + keyword
    template = _template(len(ordered), hasattr(cls, "__post_init__"))
    names = {f"_k{i}": f.name for i, f in enumerate(ordered)}
    code = template.replace(
        co_argcount=1 + len(positional),
        co_kwonlyargcount=len(keyword),
        co_varnames=("self", *(f.name for f in ordered)),
        co_consts=tuple(names.get(c, c) if type(c) is str else c for c in template.co_consts),
        co_qualname=f"{cls.__qualname__}.__init__",
    )
    scope: dict[str, Any] = {
        "__builtins__": builtins,
        "__name__": cls.__module__,
        "_set": _set,
        "_MISSING": _MISSING,
    }
    defaults: list[Any] = []
    kwdefaults: dict[str, Any] = {}
    for i, f in enumerate(ordered):
        if f.default_factory is not _MISSING:
            scope[f"_f{i}"] = f.default_factory
            default = _MISSING  # the template calls the factory for it
        elif f.default is not _MISSING:
            default = f.default
        else:
            if defaults and not f.kw_only:
                raise TypeError(
                    f"{cls.__qualname__}: non-default argument {f.name!r} follows default argument"
                )
            continue
        if f.kw_only:
            kwdefaults[f.name] = default
        else:
            defaults.append(default)
    init = types.FunctionType(code, scope, "__init__", tuple(defaults) or None)
    init.__kwdefaults__ = kwdefaults or None
    return init


# ---- the class --------------------------------------------------------------------------


def _frozen(cls: Any, kw_only: bool) -> Any:
    namespace = dict(cls.__dict__)
    for name in ("__init__", *_SHARED):
        if name in namespace:
            raise TypeError(f"{cls.__qualname__} defines {name}, which a frozen record provides")
    if "__slots__" in namespace:
        raise TypeError(f"{cls.__qualname__} already specifies __slots__")
    fields = _fields(cls, kw_only)
    inherited = {slot for base in cls.__mro__[1:-1] for slot in base.__dict__.get("__slots__", ())}
    for name in fields:
        namespace.pop(name, None)  # the defaults live in the fields and in __init__
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    namespace.update(_SHARED)
    namespace["__slots__"] = tuple(name for name in fields if name not in inherited)
    namespace["__dataclass_fields__"] = fields
    namespace.setdefault(
        "__match_args__", tuple(name for name, f in fields.items() if not f.kw_only)
    )
    names = tuple(fields)
    namespace["__record_names__"] = names
    namespace["__record_key__"] = staticmethod(_key(names))
    made = type(cls)(cls.__name__, cls.__bases__, namespace)
    made.__qualname__ = cls.__qualname__
    made.__init__ = _init(made, list(fields.values()))
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
