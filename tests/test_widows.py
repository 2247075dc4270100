"""Widows and orphans: a paragraph split over two pages leaves at least two lines at the foot of
the first and takes at least two to the head of the next (styles: compose.widow_orphan_lines).
The grid stays: a page may end a line or two short instead.

Each constructed paragraph is one character repeated, a different one per paragraph, so that
every line pdftotext reads back names its paragraph."""
from __future__ import annotations

import subprocess

import pytest
from conftest import require_tool
from lxml import etree

from convert.options import Options
from convert.readers import xml as xml_reader
from convert.writers import pdf

CHARS_PER_LINE = 28
LINES_PER_PAGE = 22


def model(lengths: list[int]) -> etree._Element:
    """Paragraphs of the given lengths in lines; paragraph k is the character U+4E00+k repeated
    (its first line indented two characters, its last line full)."""
    paras = "".join(f"<p>{chr(0x4E00 + 40 + k) * (CHARS_PER_LINE * n - 2)}</p>" for k, n in enumerate(lengths))
    return xml_reader.parse(
        f'<report version="1" xml:lang="zh-Hans"><meta><title>测试</title><source>t</source><transforms/></meta>'
        f"<body>{paras}</body></report>".encode())


def pages_of_lines(report, tmp_path) -> list[list[str]]:
    """For each page, the paragraph character of each body line on it."""
    path = tmp_path / "w.pdf"
    pdf.write(report, path, Options())
    text = subprocess.run([require_tool("pdftotext"), "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = []
    for page in text.split("\f"):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        pages.append([line[0] for line in lines if len(set(line)) == 1 and "\u4e00" <= line[0] <= "\u9fff"])
    return [p for p in pages if p]


LENGTHS = [
    [1] * 19 + [2, 3, 4, 5, 6, 2, 3],
    [2] * 10 + [3] * 7 + [5, 4, 3, 6],
    [4, 1, 3, 2, 5, 1, 1, 6, 3, 2, 2, 7, 1, 4, 2, 3, 5, 1, 2, 2, 4, 3],
    [1] * 20 + [3] * 12,
    [1] * 21 + [3] * 12,
]


@pytest.mark.parametrize("lengths", LENGTHS, ids=["ones-then-long", "twos-threes", "mixed", "ones-20", "ones-21"])
def test_no_paragraph_leaves_one_line_alone_on_either_page(lengths, tmp_path):
    pages = pages_of_lines(model(lengths), tmp_path)
    assert len(pages) > 1
    splits = 0
    for before, after in zip(pages, pages[1:]):
        if before[-1] == after[0]:  # a paragraph runs over the page break
            splits += 1
            assert before.count(before[-1]) >= 2, f"orphan: one line of {before[-1]} at a page's foot"
            assert after.count(after[0]) >= 2, f"widow: one line of {after[0]} at a page's head"
        assert len(before) <= LINES_PER_PAGE
    total = sum(len(p) for p in pages)
    assert total == sum(lengths)  # every line is there


def test_a_paragraph_that_would_leave_a_widow_ends_the_page_short(tmp_path):
    """A 3-line paragraph with two lines of room: the page ends short and the paragraph moves
    whole (2 + 1 would widow it, 1 + 2 would orphan it)."""
    report = model([1] * 30 + [3] + [1] * 10)
    pages = pages_of_lines(report, tmp_path)
    third = chr(0x4E00 + 40 + 30)
    page = next(k for k, p in enumerate(pages) if third in p)
    assert pages[page].count(third) == 3


def test_the_check_finds_widows_and_orphans_when_the_rule_is_off(tmp_path):
    """The same documents with compose.widow_orphan_lines = 1 (any split): some page break
    leaves one line alone, which the check above would catch."""
    off = tmp_path / "any.toml"
    off.write_text('extends = "official"\n[compose]\nwidow_orphan_lines = 1\n', encoding="utf-8")
    alone = 0
    for lengths in LENGTHS:
        path = tmp_path / "w.pdf"
        pdf.write(model(lengths), path, Options(style=str(off)))
        text = subprocess.run([require_tool("pdftotext"), "-raw", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = [[line.strip()[0] for line in page.splitlines()
                  if line.strip() and len(set(line.strip())) == 1 and "\u4e00" <= line.strip()[0] <= "\u9fff"]
                 for page in text.split("\f")]
        pages = [p for p in pages if p]
        alone += sum(before[-1] == after[0] and (before.count(before[-1]) == 1 or after.count(after[0]) == 1)
                     for before, after in zip(pages, pages[1:]))
    assert alone > 0
