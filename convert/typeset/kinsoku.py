"""Line-breaking classes for Chinese text (W3C clreq §3.1.7, GB/T 15834-2011).

Shared by every writer that breaks lines itself (plain text --wrap, the PDF composer).
"""

# Closing brackets, pause and stop marks, and the like: never at a line start.
NOT_AT_LINE_START = frozenset(
    "，。、；：？！）］｝〕〉》」』】〗〙〛”’·・ー〜～々〻ヽヾゝゞ％"
    ",.;:?!)]}%‰℃°"
)

# Opening brackets and quotes: never at a line end.
NOT_AT_LINE_END = frozenset("（［｛〔〈《「『【〖〘〚“‘([{")

# Marks that are never split between two lines when doubled (—— ……).
INSEPARABLE = frozenset("\u2014\u2026\u2025")


def breakable(text: str, i: int) -> bool:
    """May a line break fall before text[i] (0 < i < len(text))?"""
    before, after = text[i - 1], text[i]
    if after in NOT_AT_LINE_START or before in NOT_AT_LINE_END:
        return False
    if before == after and before in INSEPARABLE:
        return False
    # Latin words and numbers (2015-2020, 5.1%, PPP) are never split.
    return not (is_latin(before) and is_latin(after))


# Besides ASCII letters and digits, what a Latin word or number holds.
LATIN_MARKS = "-.,/%+_&'@#"


def is_latin(ch: str) -> bool:
    """Part of a Latin word or number that must stay on one line."""
    return ch.isascii() and (ch.isalnum() or ch in LATIN_MARKS)
