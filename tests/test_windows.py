"""Validation in windows (load/windows.py) finds exactly what validating the whole document
finds: the same errors, about the same values, in the same places, counted once each."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from minsheng.load import windows
from minsheng.load.validate import _field_names
from minsheng.models import ProgressReport, Registry

HEAD = {"unit": "甲局", "month": "2022-05", "submitted": "2022-05-20", "reporter": "某"}


def key(error: Any) -> tuple[Any, ...]:
    """What an error is and where: its type, its place and the value it was about (a list or
    mapping is what the window holds of it, so only a single value is compared)."""
    value = error.get("input")
    return error["type"], error["loc"], None if isinstance(value, (dict, list)) else repr(value)


def whole(data: Any, model: type[BaseModel]) -> tuple[int, list[tuple[Any, ...]]]:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return exc.error_count(), [key(e) for e in exc.errors(include_url=False)]
    return 0, []


def nested() -> dict[str, Any]:
    projects = [
        {"id": str(p + 1), "indicators": [{"id": "a", "value": f"x{p}-{k}"} for k in range(120)]}
        for p in range(120)
    ]
    return {**HEAD, "projects": projects}


DOCUMENTS: dict[str, tuple[type[BaseModel], Any]] = {
    "a long list of wrong items": (
        ProgressReport,
        {**HEAD, "projects": [f"x{i}" for i in range(20_000)]},
    ),
    "a long list, good items among bad": (
        ProgressReport,
        {
            **HEAD,
            "projects": [{"id": "1"} if i % 3 else {"id": f"x{i}", "y": i} for i in range(12_000)],
        },
    ),
    "many unknown keys beside missing fields": (
        ProgressReport,
        {"unit": "甲局", **{f"k{i}": str(i) for i in range(15_000)}, "projects": "x"},
    ),
    "a wide list inside a wide list": (ProgressReport, nested()),
    "two wide lists, every item wrong": (
        Registry,
        {
            "plan": {"year": "x"},
            "units": [{"name": f"/{i}"} for i in range(8_000)],
            "projects": [{"id": str(-i)} for i in range(8_000)],
        },
    ),
}


SLOW = {"two wide lists, every item wrong"}  # 16 000 items, validated whole and in windows


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in sorted(DOCUMENTS)]
)
def test_windows_find_the_errors_the_whole_document_has(name: str, monkeypatch: pytest.MonkeyPatch):
    model, data = DOCUMENTS[name]
    monkeypatch.setattr(windows, "WINDOW_NODES", 1_500)  # many windows, nested cuts
    total, expected = whole(data, model)
    fields = frozenset(_field_names(model))
    every = windows.window_errors(data, model, total + 1, fields)
    assert every.total == total
    assert Counter(key(e) for e in every.errors) == Counter(expected)
    first = windows.window_errors(data, model, 100, fields)
    assert (first.total, len(first.errors)) == (total, 100)
    assert [key(e) for e in first.errors] == [key(e) for e in every.errors[:100]]
