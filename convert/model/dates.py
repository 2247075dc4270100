"""Dates as documents write them, and the model's ISO dates: the one date parser of the
project (readers read written dates with it, writers read meta/date/@when with it).

    2019年2月19日 / ２０１９年２月１９日        Arabic or full-width digits
    二〇一九年二月十九日 / 二○一九年 / 二零一九年   Chinese numerals; ○ (a circle) and 零 for 〇
    2019年 / 2019年2月                     a year, a month: the model's @when is YYYY or YYYY-MM
    2024-05-23 / 2024-7-4                 figures with hyphens (a page's metadata)

A date that cannot be (2019年13月5日, 2019年2月30日) is no date: it is skipped, never read
as a date nor cut down to its year.
"""
from __future__ import annotations

import re
from datetime import date, datetime

CN_DIGITS = "〇○零一二三四五六七八九"
_TO_ASCII = str.maketrans("０１２３４５６７８９" "〇○零一二三四五六七八九", "0123456789" "000123456789")
# Patterns to build other patterns from (no groups): a year, a month or a day number.
YEAR = rf"[0-9０-９]{{4}}|[{CN_DIGITS}]{{4}}"
MONTH_DAY = r"[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}"
# A written date: a year, a year and month, or a day.
WRITTEN = rf"(?:{YEAR})\s*年(?:\s*(?:{MONTH_DAY})\s*月(?:\s*(?:{MONTH_DAY})\s*日)?)?"
# A written day (year, month and day), the date of a closing or an imprint.
DAY = rf"(?:{YEAR})\s*年\s*(?:{MONTH_DAY})\s*月\s*(?:{MONTH_DAY})\s*日"
# A written day in figures only, as a site's date widget writes it.
FIGURES_DAY = r"[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日"
_WRITTEN_PARTS = re.compile(rf"({YEAR})\s*年(?:\s*({MONTH_DAY})\s*月(?:\s*({MONTH_DAY})\s*日)?)?")
_HYPHENATED = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_TENS = re.compile(r"^([1-9]?)十([0-9]?)$")


def number(numeral: str) -> int | None:
    """12 / １２ / 十二 / 二十三 / 二〇一九 → int; None for what no date writes (十十)."""
    ascii_ = numeral.translate(_TO_ASCII)
    if ascii_.isdigit():
        return int(ascii_)
    m = _TENS.match(ascii_)
    return int(m.group(1) or 1) * 10 + int(m.group(2) or 0) if m else None


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; None if no calendar has that date."""
    if not 1000 <= year <= 9999 or month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
        return f"{year}-{month:02d}-{day:02d}"
    return f"{year}-{month:02d}" if month is not None else f"{year}"


def _numbers(parts: tuple[str | None, ...]) -> list[int] | None:
    values = [number(p) for p in parts if p]
    return None if None in values else values


def parse_date(text: str, whole_day: bool = False) -> tuple[str, str] | None:
    """(ISO date, month or year; the date as written) of the first real date written in `text`;
    with `whole_day`, of the first real day (year, month and day)."""
    for m in _WRITTEN_PARTS.finditer(text):
        if whole_day and not m.group(3):
            continue
        values = _numbers(m.groups())
        when = iso(*values) if values else None
        if when:
            return when, m.group(0)
    return None


def parse_day(text: str) -> tuple[str, str] | None:
    """(ISO day, as written) of the first real day (year, month and day) written in `text`."""
    return parse_date(text, whole_day=True)


def parse_hyphenated(text: str) -> tuple[str, str] | None:
    """(ISO day, as written) of the first real 2024-05-23 / 2024-7-4 in `text`."""
    for m in _HYPHENATED.finditer(text):
        when = iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if when:
            return when, m.group(0)
    return None


def when_datetime(when: str | None) -> datetime | None:
    """The model's @when (YYYY, YYYY-MM or YYYY-MM-DD) at midnight, naive; None if absent or
    not a real date."""
    if not when:
        return None
    try:
        parts = [int(x) for x in when.split("-")] + [1, 1]
        return datetime(parts[0], parts[1], parts[2])
    except ValueError:
        return None
