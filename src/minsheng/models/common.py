"""Field types shared by the models: each converts its own YAML string."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..dates import MONTH_PATTERN


class Model(BaseModel):
    """A whole data file: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# The parts of a file are pydantic dataclasses with __slots__: validated just the same, but
# less than half the memory of a BaseModel each (measured: 10.9 KiB against 25.1 KiB per
# progress report), and a large data folder holds hundreds of thousands of them.
RECORD = ConfigDict(extra="forbid", str_strip_whitespace=True)


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


# Numbers are parsed by pydantic-core itself (fast); validate.py words its errors in Chinese.
# Constraints come before validators so the JSON Schema shows them as minimum/maximum.
Date = Annotated[date, BeforeValidator(_to_date)]
Number = Annotated[float, Field(allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
UnitName = Annotated[str, BeforeValidator(_check_unit_name)]
Month = Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
ID_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$"
IndicatorId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
URL_PATTERN = r"^https?://[^\s<>\"']+$"
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2000)]
ProjectId = Annotated[int, Field(ge=1, le=1_000_000)]
