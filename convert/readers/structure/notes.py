"""End notes: the 注释 and 资料来源 a statistical bulletin prints after its body.

    注释：                              a lead alone on its line (with or without its colon),
    [1]本公报中部分数据为初步统计数。      then the notes as printed;
    资料来源：本公报中的数据来自市统计局。  a lead with its colon may carry text on its line

The notes start at a lead when nothing after it up to the end of the body reads as body
structure: every later line is another lead, a numbered note ([1], ①), a sentence, or a line
too long for a heading (the last may be a note in parentheses; an issuer named so is the
closing, taken before: convert.readers.structure.ending.issuer_closing). A lead
followed by a heading, a table or a short line stays a paragraph; so does one right under a
table (注：… is the table's note), and 注 with text on its line (a one-line note).
"""
from __future__ import annotations

import re

from lxml import etree

from convert.model import inline
from convert.readers.structure import ending, tables
from convert.readers.structure.classify import NOTES_LEAD, NOTES_LEAD_WORDS, Para
from convert.readers.structure.marks import CLOSING_AFTER_TERMINAL, INDENT, MAX_HEADING, TERMINAL

# 资料来源：本公报中… : the lead and, after its colon, the first note (never 注：…, a one-line note)
LEAD_WITH_TEXT = re.compile(rf"^[{INDENT}]*(?P<label>(?:{NOTES_LEAD_WORDS})[{INDENT}]*[：:])[{INDENT}]*(?P<rest>\S.*)$")
NOTE_NUMBER = re.compile(r"^(?:[\[［【〔][0-9０-９]{1,3}[\]］】〕]|[①-⑳])")  # [1]本公报… ①…


def lead_of(para: Para) -> tuple[str, str] | None:
    """(label, text after it on its line) of a notes lead (set as a heading or not); None for any
    other paragraph."""
    if para.block is not None:
        return None
    m = NOTES_LEAD.match(para.text)
    if m:
        return m.group("label"), ""
    m = LEAD_WITH_TEXT.match(para.text)
    return (m.group("label"), m.group("rest")) if m else None


def is_note_text(para: Para, last: bool) -> bool:
    """A line that reads as a note, never as body structure (a heading, a table, a figure)."""
    s = para.text.strip(INDENT)
    if not s or para.block is not None or para.hints.outline_level is not None:
        return False
    return (bool(NOTE_NUMBER.match(s)) or s.rstrip(CLOSING_AFTER_TERMINAL)[-1:] in TERMINAL or len(s) > MAX_HEADING
            or last and ending.is_note_line(s))


def start_of(paras: list[Para]) -> int | None:
    """Where the notes at the end of `paras` start, if they end with notes."""
    n = len(paras)
    i = n
    while i > 0 and (lead_of(paras[i - 1]) or is_note_text(paras[i - 1], i == n)):
        i -= 1
    first = next((j for j in range(i, n) if lead_of(paras[j])), None)
    if not first:  # none, or the whole body: notes need a body above them
        return None
    under_table = any(end == first for end, _ in tables.find_tables([p.text for p in paras[:first]]).values())
    if paras[first - 1].block is not None or under_table:
        return None  # under a table: the table's own note or source
    return first


def split(paras: list[Para]) -> tuple[int, list[etree._Element]]:
    """Where the body ends, and the <notes> elements of the paragraphs after it (in order)."""
    first = start_of(paras)
    if first is None:
        return len(paras), []
    blocks: list[etree._Element] = []
    for para in paras[first:]:
        lead = lead_of(para)
        if lead:
            blocks.append(etree.Element("notes", label=lead[0].strip(INDENT)))
            if lead[1]:
                inline.fill(etree.SubElement(blocks[-1], "p"), lead[1])
        else:
            inline.fill(etree.SubElement(blocks[-1], "p"), para.text)
    return first, blocks
