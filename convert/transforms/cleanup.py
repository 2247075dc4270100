"""Character-level clean-up of scraped text. Each function is one named transform."""
from __future__ import annotations

import re

from lxml import etree

from convert.chars import remove_control_characters

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
# A space after a lone digit (1 9 9 7 年): after a run of digits it is a real one (2024-03-01 09:30).
_SPACED_DIGITS_RE = re.compile(r"(?<![0-9][0-9])(?<=[0-9]) (?=[0-9０-９年月日万亿%％．.])")
# Two lone digits ending a line, no unit after them (点赞 0 0, a button's two counters): two numbers.
_TWO_COUNTERS_RE = re.compile(r"(?<![0-9])(?<![0-9] )[0-9] [0-9](?=[ \t]*$)", re.M)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")


def remove_zero_width(text: str) -> tuple[str, int]:
    return _ZERO_WIDTH_RE.subn("", text)


def remove_control_characters_in_model(report: etree._Element) -> int:
    """The same for a model read from XML (which may hold DEL and C1): in every
    text and tail, and recorded as the text reader records it."""
    removed = 0
    for el in report.iter():
        for attr in ("text", "tail"):
            value = getattr(el, attr)
            if value:
                cleaned, n = remove_control_characters(value)
                if n:
                    setattr(el, attr, cleaned)
                    removed += n
    if removed:
        record_transform(report, "remove-control-characters", f"{removed} characters")
    return removed


def set_title(report: etree._Element, title: str) -> None:
    """The title given on the command line, in place of the model's."""
    element = report.find("meta/title")
    for br in list(element):  # the model's line breaks belong to the title it replaces
        element.remove(br)
    element.text, element.attrib["origin"] = title, "user"
    record_transform(report, "set-title", "from the command line")


def record_transform(report: etree._Element, name: str, detail: str) -> None:
    etree.SubElement(report.find("meta/transforms"), "transform", name=name, detail=detail)


def join_spaced_digits(text: str) -> tuple[str, int]:
    """'1 9 9 7 年' → '1997年': single spaces that a scrape put after each digit."""
    kept = {m.start() + 1 for m in _TWO_COUNTERS_RE.finditer(text)}
    if not kept:
        return _SPACED_DIGITS_RE.subn("", text)
    joined = 0

    def join(m: re.Match) -> str:
        nonlocal joined
        if m.start() in kept:
            return m.group(0)
        joined += 1
        return ""

    return _SPACED_DIGITS_RE.sub(join, text), joined


def is_zero_width_only(line: str) -> bool:
    return bool(line) and not _ZERO_WIDTH_RE.sub("", line)
