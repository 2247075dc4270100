"""Inline content: plain text → text with <cite> (《…》) and <q> (“…”, 「…」) marks.

The marks stay in the text, so an element's itertext() is the original string.
Unbalanced marks are left as plain text.
"""
from __future__ import annotations

from lxml import etree

PAIRS = {"《": ("》", "cite"), "〈": ("〉", "cite"), "“": ("”", "q"), "「": ("」", "q"), "『": ("』", "q"), "‘": ("’", "q")}
CLOSERS = {close: open_ for open_, (close, _) in PAIRS.items()}


def spans(text: str) -> list[tuple[int, int, str]]:
    """Balanced (start, end, tag) spans, end exclusive, outermost first."""
    found: list[tuple[int, int, str]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in PAIRS and not (ch == "‘" and stack and stack[-1][0] == "‘"):
            stack.append((ch, i))
        elif ch in CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == CLOSERS[ch]:
                    open_, start = stack[depth]
                    del stack[depth:]  # unclosed marks inside are dropped as plain text
                    found.append((start, i + 1, PAIRS[open_][1]))
                    break
    found.sort(key=lambda s: (s[0], -s[1]))
    return found


def depth_zero(text: str, i: int, marks: list[tuple[int, int, str]]) -> bool:
    return not any(start < i < end - 1 for start, end, _ in marks)


def fill(el: etree._Element, text: str, start: int = 0, end: int | None = None) -> etree._Element:
    """Append text[start:end] to `el` as inline content (text, cite, q)."""
    end = len(text) if end is None else end
    marks = [s for s in spans(text) if start <= s[0] and s[1] <= end]
    _fill(el, text, start, end, marks)
    return el


def _fill(el, text, start, end, marks):
    pos = start
    last = el[-1] if len(el) else None
    top = []
    for s in marks:  # the spans not nested in another span of the list
        if not top or s[0] >= top[-1][1]:
            top.append(s)
    for s_start, s_end, tag in top:
        _append_text(el, last, text[pos:s_start])
        child = etree.SubElement(el, tag)
        inner = [m for m in marks if s_start <= m[0] and m[1] <= s_end and m != (s_start, s_end, tag)]
        _fill(child, text, s_start, s_end, inner)
        last = child
        pos = s_end
    _append_text(el, last, text[pos:end])


def _append_text(el, last, s):
    if not s:
        return
    if last is None:
        el.text = (el.text or "") + s
    else:
        last.tail = (last.tail or "") + s
