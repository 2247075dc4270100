"""GB/T 15834-2011: half-width punctuation in Chinese text → full-width.

A mark is converted only where a neighbour is a CJK character, so numbers and
Latin runs (2015-2020, 5.1%, 12,345, PPP) keep their half-width marks.
"""
from __future__ import annotations

from convert.chars import is_chinese_text

FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] == " ":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _cjk_next_to(text: str, i: int) -> bool:
    return any(ch and is_chinese_text(ch) for ch in (_neighbour(text, i, -1), _neighbour(text, i, 1)))


def to_fullwidth(text: str) -> tuple[str, int]:
    """Return the text with half-width marks in Chinese context made full-width,
    and how many marks changed. Brackets change as pairs."""
    chars = list(text)
    convert = [False] * len(chars)
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            if stack:
                j = stack.pop()
                convert[i] = convert[j] = _cjk_next_to(text, j) or _cjk_next_to(text, i)
            else:
                convert[i] = _cjk_next_to(text, i)
        elif ch in FULLWIDTH:
            prev = _neighbour(text, i, -1)
            nxt = _neighbour(text, i, 1)
            if ch in ",:" and prev.isdigit() and nxt.isdigit():
                continue  # 12,345 and 10:30
            convert[i] = _cjk_next_to(text, i)
    for j in stack:
        convert[j] = _cjk_next_to(text, j)
    out: list[str] = []
    changed = 0
    for i, ch in enumerate(chars):
        if convert[i]:
            out.append(FULLWIDTH[ch])
            changed += 1
        elif ch == " " and _beside_converted(chars, convert, i):
            continue  # the space that followed a half-width mark has no place after a full-width one
        else:
            out.append(ch)
    return "".join(out), changed


def _beside_converted(chars: list[str], convert: list[bool], i: int) -> bool:
    return (i > 0 and convert[i - 1]) or (i + 1 < len(chars) and convert[i + 1])
