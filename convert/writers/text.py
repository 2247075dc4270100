"""Plain text: title, metadata lines, then headings and paragraphs separated by blank lines."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from lxml import etree

from convert.model import lang_of, meta_text
from convert.options import Options
from convert.outputs import atomic_output
from convert.typeset.kinsoku import breakable
from convert.writers.base import Translator

META_LINES = {
    "zh-Hans": (("issuer", "发文机关"), ("date", "日期"), ("place", "地点"), ("source", "来源")),
    "zh-Hant": (("issuer", "發文機關"), ("date", "日期"), ("place", "地點"), ("source", "來源")),
}


def display_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(text: str, width: int) -> list[str]:
    """Wrap by display width (a CJK character counts 2). A line never starts with
    closing punctuation nor ends with opening punctuation: the break moves back
    until both hold (push-out), or forward when no earlier break is allowed."""
    if width <= 0 or not text:
        return [text]
    lines: list[str] = []
    start = 0
    n = len(text)
    while start < n:
        used, end = 0, start
        while end < n and used + display_width(text[end]) <= width:
            used += display_width(text[end])
            end += 1
        if end >= n:
            lines.append(text[start:])
            break
        end = max(end, start + 1)  # a character wider than the line still takes one
        if end >= n:
            lines.append(text[start:])
            break
        brk = end
        while brk > start + 1 and not breakable(text, brk):
            brk -= 1
        if not breakable(text, brk):  # no legal break inside the width: extend past it
            brk = end
            while brk < n and not breakable(text, brk):
                brk += 1
        lines.append(text[start:brk])
        start = brk
    return lines




class TextTranslator(Translator):
    def __init__(self, report: etree._Element, width: int):
        super().__init__(report)
        self.width = width
        self.parts: list[str] = []

    def emit(self, text: str) -> None:
        self.parts.append("\n".join(wrap(text, self.width)))

    def visit_title(self, block):
        self.emit(block.text)
        labels = META_LINES[lang_of(self.report)]
        meta = [f"{label}：{value}" for key, label in labels if (value := meta_text(self.report, key))]
        if meta:
            self.parts.append("\n".join(meta))

    def visit_heading(self, block):
        self.emit(block.text)

    visit_subtitle = visit_docnumber = visit_summary = visit_dateline = visit_speaker = visit_addressee = visit_heading
    visit_appendix_heading = visit_p = visit_point = visit_heading

    def output(self) -> str:
        self.walk()
        return "\n\n".join(self.parts) + "\n"


def render(report: etree._Element, width: int = 0) -> str:
    return TextTranslator(report, width).output()


def write(report: etree._Element, path: Path, options: Options | None = None) -> None:
    options = options or Options()
    data = render(report, options.wrap).encode("utf-8")
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
