"""Formatting the Chinese way: 92.0%, 1.5亿元, 2022年6月30日, status words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

STATUS_LABELS = {
    "done": "已完成",
    "green": "正常推进",
    "yellow": "轻微滞后",
    "red": "严重滞后",
}
REPORT_LABELS = {
    "on_time": "按时报送",
    "late": "逾期报送",
    "missing": "未报送",
    "pending": "未到期",
}
KIND_LABELS = {
    "quantity": "数量",
    "threshold": "达标",
    "stage": "阶段",
    "checklist": "清单",
    "trend": "趋势",
    "qualitative": "定性",
}
DIRECTION_LABELS = {"decrease": "逐年降低", "increase": "逐年提高"}
BASIS_LABELS = {"review": "督查评价", "self": "单位自评"}

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def number(value: float | None, digits: int = 2) -> str:
    """1.5 → "1.5", 8000.0 → "8000", 0.333 → "0.33"; None → "—"."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(value: float | None) -> str:
    """92.04 → "92.0%"."""
    return "—" if value is None else f"{value:.1f}%"


def amount(value: float | None, unit: str | None) -> str:
    """A figure with its unit, written together: "1.5亿元", "8000平方米", "92%"."""
    if value is None:
        return "—"
    return f"{number(value)}{unit or ''}"


def cn_date(day: date) -> str:
    """2022-06-30 → "2022年6月30日"."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(month: str) -> str:
    """ "2022-06" → "2022年6月"."""
    return f"{int(month[:4])}年{int(month[5:7])}月"


def gap(completion: float, expected: float) -> str:
    """Points behind (or ahead of) 序时进度: "落后 12.5 个百分点" / "超前 3.0 个百分点"."""
    diff = expected - completion
    if abs(diff) < 0.05:
        return "与序时进度持平"
    return f"落后 {diff:.1f} 个百分点" if diff > 0 else f"超前 {-diff:.1f} 个百分点"


def printable(text: str) -> str:
    """Control and bidi characters shown as visible escapes, so data cannot drive a terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def same_looking(name: str, known: Iterable[str]) -> str:
    """When ``name`` is one of ``known`` but for its Unicode form (NFD from macOS, a
    compatibility ideograph from a PDF), a hint saying so; else ""."""
    wanted = unicodedata.normalize("NFC", name)
    for other in known:
        if other != name and unicodedata.normalize("NFC", other) == wanted:
            return (
                f"；它看起来与登记的「{other}」相同，但其中有字符的 Unicode 编码形式不同"
                "（常见于从 macOS、网页或 PDF 复制的文字）：请删除后重新输入"
            )
    return ""
