"""Character-level clean-up of scraped text. Each function is one named transform."""
from __future__ import annotations

import re

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
# Characters XML 1.0 cannot hold (lxml refuses them): C0 controls but tab/LF/CR, and U+FFFE/FFFF.
_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACED_DIGITS_RE = re.compile(r"(?<=[0-9]) (?=[0-9０-９年月日万亿%％．.])")


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")


def remove_zero_width(text: str) -> tuple[str, int]:
    return _ZERO_WIDTH_RE.subn("", text)


def remove_xml_illegal(text: str) -> tuple[str, int]:
    """Control characters are no text a report can show; XML cannot hold them."""
    return _XML_ILLEGAL_RE.subn("", text)


def join_spaced_digits(text: str) -> tuple[str, int]:
    """'1 9 9 7 年' → '1997年': single spaces that a scrape put after each digit."""
    return _SPACED_DIGITS_RE.subn("", text)


def is_zero_width_only(line: str) -> bool:
    return bool(line) and not _ZERO_WIDTH_RE.sub("", line)
