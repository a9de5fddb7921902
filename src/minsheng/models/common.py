"""What the models are made of: stdlib dataclasses, and field types that convert their own
YAML strings.

The models import no pydantic. A file that was parsed is validated by pydantic
(``load/validate.py`` builds a ``TypeAdapter`` per model when a cold run needs one): it reads
the strictness from ``__pydantic_config__``, a field's description and bounds from its
``dataclasses.field`` metadata, and each field type's rules from :class:`Rule` markers, which
build the pydantic objects only then. A warm run decodes the cache straight into the same
classes (``load/plain.py``) and never imports pydantic.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar, dataclass_transform

from ..dates import MONTH_PATTERN
from ..records import frozen

# Unknown keys are errors; surrounding whitespace of a string is not part of it.
RECORD = {"extra": "forbid", "str_strip_whitespace": True}
T = TypeVar("T")
# Marks a field written with Field(...): the JSON Schema lists those first (models/schema.py).
DECLARED = "declared"


def _field_specifier(
    default: Any = dataclasses.MISSING,
    *,
    default_factory: Any = dataclasses.MISSING,
    description: str | None = None,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    min_length: int | None = None,
    pattern: str | None = None,
) -> Any:
    """A field with pydantic's reading of it (description, bounds) in its metadata."""
    given = {
        "description": description,
        "ge": ge,
        "gt": gt,
        "le": le,
        "min_length": min_length,
        "pattern": pattern,
    }
    metadata: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    metadata[DECLARED] = True
    return dataclasses.field(default=default, default_factory=default_factory, metadata=metadata)


Field = _field_specifier


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(Field,))
def record(cls: type[T]) -> type[T]:
    """A part of a data file (or a whole one): frozen, slotted, keyword-only (instances are
    many: a large data folder holds hundreds of thousands), validated by pydantic with
    unknown keys forbidden."""
    made = frozen(cls, kw_only=True)
    made.__pydantic_config__ = RECORD  # type: ignore[attr-defined]
    return made


class Rule:
    """A field type's validation rule, made into pydantic metadata only when pydantic builds
    a validator or a JSON Schema (``make`` imports pydantic)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        return handler(Annotated[source, self.make()])


def constrained(**kwargs: Any) -> Rule:
    """Bounds (``ge``, ``gt``, ``le``, ``allow_inf_nan``) as pydantic's ``Field`` states them."""

    def make() -> Any:
        from pydantic import Field as PydanticField

        return PydanticField(**kwargs)

    return Rule(make)


def text(**kwargs: Any) -> Rule:
    """Length and pattern of a string, as pydantic's ``StringConstraints``."""

    def make() -> Any:
        from pydantic import StringConstraints

        return StringConstraints(**kwargs)

    return Rule(make)


def before(convert: Callable[[Any], Any]) -> Rule:
    """A conversion of the raw value before the type's own validation."""

    def make() -> Any:
        from pydantic import BeforeValidator

        return BeforeValidator(convert)

    return Rule(make)


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Device names on Windows, also with an extension ("NUL.txt" is NUL): a unit's report file
# would open the device instead.
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{p}{i}" for p in ("COM", "LPT") for i in [*"0123456789", "¹", "²", "³"]]
)
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def _to_date(value: Any) -> Any:
    if isinstance(value, str):
        match = _DATE.match(value.strip())
        if match is None:
            raise ValueError(f"日期「{value}」格式不对，应写成 YYYY-MM-DD，例如 2022-05-31")
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise ValueError(f"日期「{value}」不存在，请检查月份和日期") from None
    return value


def _check_unit_name(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    name = value.strip()
    if (
        not name
        or _UNSAFE_NAME.search(name)
        or name in (".", "..")
        or name.endswith(".")
        or name.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED
        or len(name) > 64
    ):
        raise ValueError(
            f'单位名称「{value}」不可用：不能含有 \\ / : * ? " < > | 等符号，不能是系统保留名，最长 64 字'
        )
    return name


def one_or_many(value: Any) -> Any:
    """``level: 县级`` and ``level: [省级, 县级]`` both name a list of one or more."""
    return (value,) if isinstance(value, str) else value


# Numbers are parsed by pydantic-core itself (fast); validate.py words its errors in Chinese.
# Constraints come before validators so the JSON Schema shows them as minimum/maximum.
Date = Annotated[date, before(_to_date)]
Number = Annotated[float, constrained(allow_inf_nan=False)]
NonNegative = Annotated[float, constrained(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, constrained(gt=0, allow_inf_nan=False)]
Percent = Annotated[float, constrained(ge=0, le=100, allow_inf_nan=False)]
Text = Annotated[str, text(min_length=1, max_length=20000)]
Name = Annotated[str, text(min_length=1, max_length=200)]
UnitName = Annotated[str, before(_check_unit_name)]
Month = Annotated[str, text(pattern=MONTH_PATTERN)]
ID_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$"
IndicatorId = Annotated[str, text(pattern=ID_PATTERN)]
URL_PATTERN = r"^https?://[^\s<>\"']+$"
Url = Annotated[str, text(pattern=URL_PATTERN, max_length=2000)]
ProjectId = Annotated[int, constrained(ge=1, le=1_000_000)]
