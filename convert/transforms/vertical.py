"""Transforms for the vertical (直排) edition.

corner_quotes: Traditional text set vertically quotes with 「」 and, inside them, 『』, as
Taiwan's vertical convention does (clreq 3.1.2; the Ministry of Education's 重訂標點符號手冊).
Curly quotes “” ‘’ are made for horizontal lines: turned for vertical text they read poorly.
The model's other text is not touched; the transform is recorded in the model it is applied to.
"""
from __future__ import annotations

from lxml import etree

from convert.model import tree
from convert.transforms.cleanup import record_transform

CORNER_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
NOT_TEXT = ("dropped", "transforms", "source", "edition")  # record-keeping, not what the reader reads


def corner_quotes(report: etree._Element) -> int:
    """Replace curly quotes by corner brackets in the document's text, in place; how many."""

    def walk(el: etree._Element) -> int:
        changed = 0
        for child in el:
            if isinstance(child.tag, str) and child.tag not in NOT_TEXT:
                changed += swap(child, "text") + walk(child)
            changed += swap(child, "tail")
        return changed

    def swap(el: etree._Element, attr: str) -> int:
        value = getattr(el, attr)
        if not value or not any(q in value for q in "“”‘’"):
            return 0
        new = value.translate(CORNER_QUOTES)
        setattr(el, attr, new)
        return sum(a != b for a, b in zip(value, new))

    return walk(report)


def for_vertical(report: etree._Element) -> etree._Element:
    """The model the vertical edition is made from: Traditional text takes corner quotes;
    Simplified keeps its quotes (mainland vertical text turns “” as they are)."""
    if tree.lang_of(report) != "zh-Hant":
        return report
    count = corner_quotes(report)
    if count:
        record_transform(report, "corner-quotes", f"clreq vertical quotes: {count} marks")
    return report
