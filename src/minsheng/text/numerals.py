"""Chinese numerals for section numbers and places: 一, 二, …, 十二 (第三名)."""

from __future__ import annotations


def cn_number(value: int) -> str:
    """1–99 in Chinese numerals, for section numbers: 一, 二, …, 十二."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(value, 10)
    if tens == 0:
        return digits[ones]
    head = "" if tens == 1 else digits[tens]
    return f"{head}十{digits[ones] if ones else ''}"
