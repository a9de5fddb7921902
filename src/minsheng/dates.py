"""Dates and periods: month arithmetic, and bulletin periods (a month 调度情况, a quarter or the
first half-year 通报, the whole year 完成情况) with the words a 公文 names them by."""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum

from .records import frozen

# A month as the data writes it: YYYY-MM, 01–12 (a report's month, a folder of progress/).
MONTH = r"\d{4}-(0[1-9]|1[0-2])"
MONTH_PATTERN = f"^{MONTH}$"
_MONTH_ONLY = re.compile(MONTH_PATTERN)


def days_in_month(year: int, month: int) -> int:
    """28 to 31 (``calendar.monthrange`` without importing the calendar module at start-up)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def is_month(text: str) -> bool:
    return _MONTH_ONLY.match(text) is not None


def month_end(month: str) -> date:
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, days_in_month(year, mon))


def month_start(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day (Mar 31 + 3 → Jun 30)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def previous_month(month: str) -> str:
    """The month before ``month`` (2022-01 → 2021-12)."""
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive, as YYYY-MM."""
    year, mon = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{mon:02d}" <= last:
        months.append(f"{year:04d}-{mon:02d}")
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return months


_QUARTER_NAMES = ("一", "二", "三", "四")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_HALF = re.compile(r"^(\d{4})[Hh]([12])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """The period text is not usable; the message says why, in Chinese."""


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"  # 上半年 (January to June)
    YEAR = "year"


@frozen
class Period:
    """A bulletin period; ``number`` is the month (1–12), the quarter (1–4), the half (1) or 0
    for a year."""

    kind: PeriodKind
    year: int
    number: int = 0

    @property
    def key(self) -> str:
        """The period as written on the command line and in file names: 2022-06, 2022Q2, 2022."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}Q{self.number}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year:04d}H{self.number}"
        return f"{self.year:04d}"

    @property
    def start(self) -> date:
        if self.kind is PeriodKind.MONTH:
            return date(self.year, self.number, 1)
        if self.kind is PeriodKind.QUARTER:
            return date(self.year, 3 * self.number - 2, 1)
        if self.kind is PeriodKind.HALF:
            return date(self.year, 6 * self.number - 5, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        if self.kind is PeriodKind.MONTH:
            return month_end(self.key)
        if self.kind is PeriodKind.QUARTER:
            return month_end(f"{self.year:04d}-{3 * self.number:02d}")
        if self.kind is PeriodKind.HALF:
            return month_end(f"{self.year:04d}-{6 * self.number:02d}")
        return date(self.year, 12, 31)

    @property
    def label(self) -> str:
        """期间名称: "6月", "第二季度", "上半年", "年度"."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.number}月"
        if self.kind is PeriodKind.QUARTER:
            return f"第{_QUARTER_NAMES[self.number - 1]}季度"
        if self.kind is PeriodKind.HALF:
            return "上半年"
        return "年度"

    @property
    def cumulative(self) -> str:
        """What a 公文 title names: the year so far at the period's end — "1—7月", "1—6月",
        "上半年", "全年" (a period of its first month alone: "1月")."""
        if self.kind is PeriodKind.HALF:
            return "上半年"
        if self.kind is PeriodKind.YEAR:
            return "全年"
        last = self.end.month
        return "1月" if last == 1 else f"1—{last}月"

    @property
    def full_label(self) -> str:
        """ "2022年6月", "2022年第二季度", "2022年度"."""
        return f"{self.year}年{self.label}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


_FULL_WIDTH = str.maketrans("０１２３４５６７８９－ＱｑＨｈ", "0123456789-QQHH")


def normalise_period(text: str) -> str:
    """A period as typed with a Chinese input method: full-width digits, "－", "Ｑ" and "Ｈ",
    or a lowercase "q" or "h", in the form :func:`parse_period` reads (2022Q2, 2022H1,
    2022-06, 2022)."""
    return text.strip().translate(_FULL_WIDTH).replace("q", "Q").replace("h", "H")


def parse_period(text: str) -> Period:
    """``YYYY-MM``, ``YYYYQn`` or ``YYYY``; anything else is a :class:`PeriodError`."""
    value = text.strip()
    if match := _MONTH.match(value):
        month = int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"「{text}」中的月份 {match[2]} 不存在，月份应为 01–12")
        return Period(PeriodKind.MONTH, int(match[1]), month)
    if match := _QUARTER.match(value):
        return Period(PeriodKind.QUARTER, int(match[1]), int(match[2]))
    if match := _HALF.match(value):
        if match[2] == "2":
            raise PeriodError(
                f"「{text}」：半年通报只有上半年（YYYYH1，如 2022H1）；下半年的情况见年度通报（YYYY）"
            )
        return Period(PeriodKind.HALF, int(match[1]), 1)
    if match := _YEAR.match(value):
        return Period(PeriodKind.YEAR, int(match[1]))
    raise PeriodError(
        f"「{text}」不是有效的通报期间；应写成 YYYY-MM（月度，如 2022-06）、"
        "YYYYQn（季度，如 2022Q2）、YYYYH1（上半年，如 2022H1）或 YYYY（全年，如 2022）"
    )


def check_in_plan(period: Period, year: int) -> None:
    """A bulletin is about the plan's year only."""
    if period.year != year:
        raise PeriodError(
            f"期间 {period.key} 不在计划年度 {year} 年之内；本数据只能生成 {year} 年的通报"
        )


def check_as_of(period: Period, as_of: date) -> None:
    """The statistics date of a bulletin lies within its period (a partial period is allowed)."""
    if not period.contains(as_of):
        raise PeriodError(
            f"统计日期 {as_of.isoformat()} 不在期间 {period.key}"
            f"（{period.start.isoformat()} 至 {period.end.isoformat()}）之内"
        )


def previous_end(period: Period) -> tuple[str, date]:
    """Where "change since the previous period" is measured from, and what to call it.

    A month compares with the end of the month before, a quarter with the end of the
    quarter before, the first half-year with the end of the first quarter, the year with
    the end of the third quarter.
    """
    if period.kind is PeriodKind.MONTH:
        return "上月末", period.start - timedelta(days=1)
    if period.kind is PeriodKind.QUARTER:
        return "上季度末", period.start - timedelta(days=1)
    if period.kind is PeriodKind.HALF:
        return "一季度末", date(period.year, 3, 31)
    return "三季度末", date(period.year, 9, 30)


def periods_until(year: int, first_month: str, as_of: date) -> list[Period]:
    """Months, quarters and the first half-year of ``year`` from the first reporting month
    that have begun by ``as_of``.

    Periods still running at ``as_of`` are included (their bulletin is "截至" as_of);
    the year itself only once ``as_of`` is its last day.
    """
    first = date(int(first_month[:4]), int(first_month[5:7]), 1)
    months = [Period(PeriodKind.MONTH, year, m) for m in range(1, 13)]
    quarters = [Period(PeriodKind.QUARTER, year, q) for q in range(1, 5)]
    half = [Period(PeriodKind.HALF, year, 1)]
    found = [p for p in months + quarters + half if p.end >= first and p.start <= as_of]
    whole = Period(PeriodKind.YEAR, year)
    if as_of >= whole.end:
        found.append(whole)
    return found


def period_of(month: str, cadence: str) -> Period:
    """The period of ``cadence`` whose last month is ``month`` (None-safe for months)."""
    year, number = int(month[:4]), int(month[5:7])
    if cadence == "quarterly":
        return Period(PeriodKind.QUARTER, year, (number + 2) // 3)
    return Period(PeriodKind.MONTH, year, number)


def period_months(cadence: str, first: str, last: str) -> list[str]:
    """The last month of every period of ``cadence`` within ``first``..``last``."""
    months = months_between(first, last)
    if cadence == "quarterly":
        return [m for m in months if int(m[5:7]) % 3 == 0]
    return months
