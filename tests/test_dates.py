"""``minsheng.dates``: month arithmetic agrees with the standard library's calendar."""

from __future__ import annotations

import calendar

from minsheng.dates import days_in_month, month_end


def test_days_in_month_is_the_calendars():
    for year in range(1896, 2105):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)


def test_month_end_of_a_leap_february():
    assert month_end("2024-02").day == 29
    assert month_end("2100-02").day == 28
    assert month_end("2000-02").day == 29
