"""What counts as a Chinese character: the one definition every module uses.

A Han character is a code point that Unicode gives both Script=Han and the
Ideographic property: the CJK Unified Ideographs with every extension block,
the compatibility ideographs, and the few ideographs in the punctuation block
(〇 and the Hangzhou numerals). Radicals, strokes and 々 are Han script but
not ideographs, and 〆 is not Han script: none of them counts. Ideographic
punctuation is not Han; `is_chinese_text` adds it for rules that look at the
text a mark sits in.

Ranges rather than `unicodedata.name()` lookups, because the decoder scores
whole files with these: the test suite checks the ranges against the names.
Each function takes one character (`ch`: a str of length 1).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

# Whole blocks (a block's unassigned code points never occur in real text).
HAN_RANGES = (
    (0x3007, 0x3007),    # 〇 IDEOGRAPHIC NUMBER ZERO
    (0x3021, 0x3029),    # Hangzhou numerals 〡…〩
    (0x3038, 0x303A),    # Hangzhou numerals 〸〹〺
    (0x3400, 0x4DBF),    # Extension A
    (0x4E00, 0x9FFF),    # CJK Unified Ideographs
    (0xF900, 0xFAFF),    # CJK Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2EE5F),  # Extensions C, D, E, F, I
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
    (0x30000, 0x323AF),  # Extensions G, H
)

# The marks of Chinese text (GB/T 15834): CJK Symbols and Punctuation, the
# full-width forms, and the general punctuation Chinese uses (“”‘’ — …).
CHINESE_PUNCTUATION_RANGES = (
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)
CHINESE_GENERAL_PUNCTUATION = "“”‘’—…"


def _char_class(ranges: tuple[tuple[int, int], ...], extra: str = "") -> str:
    return "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges) + re.escape(extra) + "]"


# One regular-expression class per definition: re matches a class in C, several
# times faster than testing the ranges in Python. Compiled when first used: compiling
# a class walks every code point of its ranges (a few ms each), which a process that
# never needs the pattern (a PDF of a model) should not pay.
HAN_CLASS = _char_class(HAN_RANGES)  # for patterns elsewhere: (?<=HAN_CLASS)…
_HAN_RUN = HAN_CLASS + "+"
_CHINESE_TEXT = _char_class(HAN_RANGES + CHINESE_PUNCTUATION_RANGES, CHINESE_GENERAL_PUNCTUATION)
# The ranges' bounds, in order, each range as [lo, hi + 1): a code point is in a range
# when an odd number of bounds are at or below it.
_HAN_BOUNDS = tuple(bound for lo, hi in HAN_RANGES for bound in (lo, hi + 1))


@lru_cache(maxsize=None)
def _pattern(source: str) -> re.Pattern:
    return re.compile(source)


def is_han(ch: str) -> bool:
    """Is `ch` a Chinese character (a Han ideograph)?"""
    return bool(ch) and bisect_right(_HAN_BOUNDS, ord(ch[0])) % 2 == 1


def is_chinese_text(ch: str) -> bool:
    """Is `ch` part of Chinese text: a Han character or a Chinese punctuation mark?"""
    return _pattern(_CHINESE_TEXT).match(ch) is not None


def han_characters(text: str) -> str:
    """The Han characters of `text`, in order (fast on whole files)."""
    return "".join(_pattern(_HAN_RUN).findall(text))


# The Basic Multilingual Plane's Private Use Area: code points a font gives meaning to. A web
# page's icon font draws its icons there (a share button's 微信 glyph is U+E608); a Chinese
# font may put a rare character there too, so text is never cleaned of them wholesale.
_PRIVATE_USE_ONLY = "[\ue000-\uf8ff\\s]*[\ue000-\uf8ff][\ue000-\uf8ff\\s]*"


def is_private_use_only(text: str) -> bool:
    """Is `text` nothing but Private Use Area characters (and spaces): an icon font's glyph?"""
    return _pattern(_PRIVATE_USE_ONLY).fullmatch(text) is not None


# Control characters: C0 but tab/LF/CR (XML 1.0 cannot hold them), DEL and C1 (U+007F-U+009F,
# which mojibake is full of and no font draws), and the non-characters U+FFFE/FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def remove_control_characters(text: str) -> tuple[str, int]:
    """`text` without control characters (no text a report can show), and how many there were.
    Here, below the model, because the model's figures clean their alt text with it too."""
    return _CONTROL.subn("", text)
