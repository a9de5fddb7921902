"""Formatting the Chinese way: 92.0%, 2022年6月30日, a report's state (amounts: ``text.amounts``;
labels: ``text.labels``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from .labels import KIND_LABELS as KIND_LABELS  # also read as fmt.* by the bulletin modules
from .labels import REPORT_LABELS as REPORT_LABELS
from .labels import STATUS_LABELS as STATUS_LABELS


def report_state(state: str, days_late: int = 0) -> str:
    """A monthly report's state with its 逾期天数: "逾期5天报送", "未报送，已逾期3天"."""
    if state == "late" and days_late:
        return f"逾期{days_late}天报送"
    if state == "missing" and days_late:
        return f"未报送，已逾期{days_late}天"
    return REPORT_LABELS[state]


# C0 and C1 controls, the line and paragraph separators, and every bidi control: the
# embeddings, overrides and isolates, and the marks (ALM, LRM, RLM) that reorder text too.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def number(value: float | None, digits: int = 2) -> str:
    """1.5 → "1.5", 8000.0 → "8000", 0.333 → "0.33"; None → "—"."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(value: float | None) -> str:
    """92.04 → "92.0%"."""
    return "—" if value is None else f"{value:.1f}%"


def stage(name: str, percent: float | None = None) -> str:
    """A stage reached, with its 形象进度 when given: "已启动（形象进度30%）", "建成" (no space
    before the figure, as 公文 write it)."""
    return name + (f"（形象进度{number(percent)}%）" if percent else "")


def cn_date(day: date) -> str:
    """2022-06-30 → "2022年6月30日"."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(month: str) -> str:
    """ "2022-06" → "2022年6月"."""
    return f"{int(month[:4])}年{int(month[5:7])}月"


def gap(completion: float, expected: float) -> str:
    """Points behind (or ahead of) 序时进度: "落后 12.5 个百分点" / "超前 3.0 个百分点".

    The screen's and the site's wording (spaced, as the tables around it). The 通报 has its
    own, ``views.tongbao.words.gap_text`` («落后序时进度5.3个百分点»): 公文 write figures
    without spaces and subtract the figures as printed; merging the two would change every
    page of one or the other, so both stay, each for its kind of output."""
    diff = expected - completion
    if abs(diff) < 0.05:
        return "与序时进度持平"
    return f"落后 {diff:.1f} 个百分点" if diff > 0 else f"超前 {-diff:.1f} 个百分点"


def printable(text: str) -> str:
    """Control and bidi characters shown as visible escapes, so data cannot drive a terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def display_width(text: str) -> int:
    """Columns the text takes on screen: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_TOKENS = re.compile(r"\s+|[\x21-\x7e]+|.", re.DOTALL)
# Closing punctuation never starts a line, opening never ends one (禁则).
_NO_BREAK_BEFORE = frozenset("，。；：、！？）」』》】,.;:!?)]")
_NO_BREAK_AFTER = frozenset("（「『《【([")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns: Chinese breaks between characters (never before
    closing punctuation), Latin words and numbers stay whole."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if token.isspace():
            line += " " if line else ""
            continue
        if line and display_width(line + token) > width and token not in _NO_BREAK_BEFORE:
            carried = ""
            while line and line[-1] in _NO_BREAK_AFTER:
                line, carried = line[:-1], line[-1] + carried
            if line.strip():
                lines.append(line.rstrip())
                line = carried + token
            else:
                line = carried + token
        else:
            line += token
    if line:
        lines.append(line.rstrip())
    return lines


# A name breaks only after these (，、） …) or before these (（“ …), and at spaces.
_BREAK_AFTER = "，。；：、！？）」』》】”’,;:!?)]"
_BREAK_BEFORE = "（「『《【“‘(["
_NAME_PARTS = re.compile(
    rf"[^\s{re.escape(_BREAK_AFTER + _BREAK_BEFORE)}]*[{re.escape(_BREAK_AFTER)}]*\s*"
    rf"|[{re.escape(_BREAK_BEFORE)}]+"
)


def name_parts(text: str) -> list[str]:
    """A name cut where it may break: "新（改）建4座城市公厕，建设5个" → 新, （改）建4座城市公厕，, 建设5个."""
    parts: list[str] = []
    for part in (m.group() for m in _NAME_PARTS.finditer(text) if m.group()):
        # An opening bracket starts the part it opens; an indent or a bullet (  · ) too.
        if parts and (parts[-1][-1:] in _BREAK_BEFORE or parts[-1].strip() in ("", "·")):
            parts[-1] += part
        else:
            parts.append(part)
    return parts


def wrap_name(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken only at punctuation and spaces (a part
    longer than ``width`` stays whole): unit names, project and item names read whole."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for part in name_parts(paragraph):
            if line and display_width((line + part).rstrip()) > width:
                lines.append(line.rstrip())
                line = part.lstrip()
            else:
                line += part
        lines.append(line.rstrip())
    return lines


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


# ---- changes between two dates, for the pages (the Jinja2 filters of the same names) ----
def change(now: float, before: float) -> str:
    """Percentage points gained or lost: "提高 8.3 个百分点", "下降 1.0 个百分点", "持平"."""
    diff = now - before
    if abs(diff) < 0.05:
        return "持平"
    return f"提高 {diff:.1f} 个百分点" if diff > 0 else f"下降 {-diff:.1f} 个百分点"


def points(delta: float) -> str:
    """A change in percentage points, signed, for a table cell: "+8.3", "−1.0", "0.0"."""
    if abs(delta) < 0.05:
        return "0.0"
    return f"+{delta:.1f}" if delta > 0 else f"−{-delta:.1f}"


def count_change(now: int, before: int, unit: str = "件") -> str:
    """ "增加 2 件", "减少 1 件", "无变化"."""
    if now == before:
        return "无变化"
    return f"增加 {now - before} {unit}" if now > before else f"减少 {before - now} {unit}"


def month_label(month: str) -> str:
    """ "2022-06" → "6月"."""
    return f"{int(month[5:7])}月"
