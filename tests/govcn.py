"""The gov.cn corpus of tests/data/gov-cn: each page's article as paragraph text.

A test helper, not a reader (reading HTML is the HTML reader's job): it gives the text a
user gets by copying the article off the page, one paragraph a line. A <br> inside a
paragraph breaks the line, as it does on screen; a table row is its cells joined by a tab.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import lxml.html

CORPUS = Path(__file__).parent / "data" / "gov-cn"
NAMES = sorted(p.stem for p in CORPUS.glob("gov-cn-*.html"))
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "li", "center"}
SPACE = re.compile(r"[ \t\r\n\u00a0]+")


def _inline(el) -> str:
    """An element's text with <br> as a line break and runs of spaces as one."""
    parts: list[str] = []

    def walk(node):
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "br":
                parts.append("\n")
            elif isinstance(child.tag, str) and child.tag not in ("script", "style"):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = (SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _lines(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "table":
            for row in child.iter("tr"):
                cells = [_inline(c).replace("\n", "") for c in row if c.tag in ("td", "th")]
                if any(cells):
                    out.append("\t".join(cells))
        elif tag in BLOCKS and any(isinstance(c.tag, str) and c.tag in BLOCKS | {"table"} for c in child):
            _lines(child, out)
        elif tag in BLOCKS:
            text = _inline(child)
            out.extend(text.split("\n") if text else [""])
        if child.tail and child.tail.strip():
            out.append(SPACE.sub(" ", child.tail).strip())


@lru_cache(maxsize=None)
def paragraph_text(name: str) -> str:
    """The article of gov-cn-NN.html as text: one paragraph a line, an empty line where the
    page shows an empty paragraph."""
    root = lxml.html.fromstring((CORPUS / f"{name}.html").read_bytes().decode("utf-8"))
    content = root.get_element_by_id("UCAP-CONTENT")
    out: list[str] = []
    text = _inline_head(content)
    if text:
        out.append(text)
    _lines(content, out)
    squeezed = re.sub(r"\n{3,}", "\n\n", "\n".join(out).strip("\n"))
    return squeezed + "\n"


def _inline_head(content) -> str:
    return SPACE.sub(" ", content.text or "").strip()


@lru_cache(maxsize=None)
def metadata(name: str) -> dict[str, str]:
    """The page's metadata table (发文机关, 成文日期, 标题, 发文字号, …), by label without spaces."""
    root = lxml.html.fromstring((CORPUS / f"{name}.html").read_bytes().decode("utf-8"))
    cells = [SPACE.sub("", c.text_content()) for c in root.iter("td")]
    found = {}
    for label, value in zip(cells, cells[1:]):
        if label.endswith("：") and len(label) <= 8 and label[:-1].replace("\u3000", "") not in found:
            found[label[:-1].replace("\u3000", "")] = value
    return found
