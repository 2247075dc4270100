"""The end of an official document (GB/T 9704 7.3.4-7.3.5, 7.4): the attachment list
(附件说明), the closing block (落款: signature, date, note) and the imprint (版记: 抄送, the
printing office and date). Every rule reads the shape of a paragraph's text, so every
reader can use them on its paragraphs.

    国务院办公厅                      a short line naming the issuer (or issuers, space-separated)
    2019年1月27日 / 一九九六年二月五日  the written date, Arabic or Chinese numerals
    （此件公开发布）                   an optional note in parentheses
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from convert.chars import is_han
from convert.model import dates, inline
from convert.readers.structure.marks import (
    INDENT, ORGAN_LINE, ORGAN_SUFFIX_ANY, is_date_line, starts_structure, to_number,
)
from convert.readers.structure.meta import PARENTHESISED_ISSUER

DATE = dates.DAY
NOTE_LINE = re.compile(r"^[（(][^（）()]{2,30}[）)]$")
# what a signature never holds: sentence punctuation, quotes, title marks
_NOT_IN_SIGNATURE = re.compile(r"[。，；：！？、,;:!?《》“”\"]")
MAX_SIGNATURE = 60  # characters: a joint signature of three or four issuers
MAX_ISSUERS = 4  # a joint document's issuers signed one a line above the date
MAX_LINE = 120  # no line of the ending is longer: longer lines are not even tried
# 国务院2019年1月27日（此件公开发布）: one line holding the whole closing
ONE_LINE_CLOSING = re.compile(
    rf"^(?P<signature>.{{0,{MAX_SIGNATURE}}}?)[{INDENT}]*(?P<date>{DATE})[{INDENT}]*"
    r"(?P<note>[（(][^（）()]{2,30}[）)])?$"
)
# 附件： or 附件（另附）： — a note that the attachments are bound separately may sit before the colon
ATTACHMENTS_LEAD = re.compile(r"^(附\s*件\s*(?:[（(][^（()）]{1,8}[)）]\s*)?[：:])[\s\u3000]*(.*)$")
ATTACHMENT_ITEM = re.compile(r"^([0-9０-９]{1,2}[.．、])[\s\u3000]*(\S.*)$")
COPYTO = re.compile(r"^(抄\s*送\s*[：:])[\s\u3000]*(\S.*)$")
PRINTED = re.compile(rf"^(?:(?P<office>\S.{{0,40}}?)[{INDENT}]+)?(?P<date>{DATE}\s*印\s*[发發])$")
# the last character of an issuer's name (…国务院, …办公厅, …委员会, …局): asked of a signature
# that shares its line with the date, where position alone proves less
ISSUER_END = re.compile(rf"{ORGAN_SUFFIX_ANY}$")
SEPARATOR = re.compile(rf"[{INDENT}]+")
# a post (职务) a person signs with: 省长, 市长, 主任, 主席, 总理, 部长, 书记
POST = re.compile(r"[^\s，。]{0,12}?(?:长|長|主任|主席|总理|總理|书记|書記)")


def is_person(s: str) -> bool:
    """A person's name: two to four Chinese characters (a · inside), not ending as an organ's does."""
    return 2 <= len(s) <= 4 and all(is_han(ch) or ch == "·" for ch in s) and not ISSUER_END.search(s)


@dataclass(frozen=True)
class Closing:
    signatures: tuple[str, ...]
    date: str | None  # as written; None: the issuer alone (a bulletin's （某某县统计局）)
    when: str | None  # ISO
    note: str | None = None


# ------------------------------------------------------------------ dates --

def iso_date(text: str) -> str | None:
    """2019年1月27日 / 一九九六年二月五日 / 二〇〇四年八月十二日 → YYYY-MM-DD; None if not a real date."""
    found = dates.parse_day(text)
    return found[0] if found else None


def is_note_line(s: str) -> bool:
    return bool(NOTE_LINE.match(s))


# ---------------------------------------------------------------- closing --

def is_signature(s: str) -> bool:
    """A short line that can name the issuer(s): words only, no sentence punctuation."""
    return (2 <= len(s) <= MAX_SIGNATURE and not _NOT_IN_SIGNATURE.search(s) and not starts_structure(s)
            and not is_date_line(s) and not is_note_line(s) and not any(c.isdigit() for c in s))


def signatures(s: str) -> tuple[str, ...]:
    """The issuers of a signature line: a joint document separates them by runs of spaces.
    A space inside one name (国 务 院, as some scrapes space letters out) does not split it,
    nor does the space between a post and a person's name (省长　某某某: a 命令's 职务 and
    签名章, 7.3.5.3), which are one signature."""
    parts = [p for p in SEPARATOR.split(s.strip(INDENT)) if p]
    if len(parts) == 2 and POST.fullmatch(parts[0]) and is_person(parts[1]):
        return (s.strip(INDENT),)
    if len(parts) > 1 and all(len(p) >= 2 for p in parts):
        return tuple(parts)
    return (s.strip(INDENT),) if s.strip(INDENT) else ()


def one_line_closing(s: str) -> Closing | None:
    """A line holding the date, with the signature before it and the note after it if any."""
    m = ONE_LINE_CLOSING.match(s) if len(s) <= MAX_LINE else None
    if not m or iso_date(m.group("date")) is None:
        return None
    signature = m.group("signature").strip(INDENT)
    if signature and not (is_signature(signature) and ISSUER_END.search(signature)):
        return None  # on one line with the date, a signature must look like an issuer's name
    return Closing(signatures(signature) if signature else (), m.group("date"), iso_date(m.group("date")),
                   m.group("note"))


def stacked_signatures(texts: list[str], i: int) -> list[str]:
    """The signature lines from texts[i] on: one, or a joint document's issuers one a line
    (中共某某市委办公室 / 某某市人民政府办公室 above the date), each then named as an issuer."""
    if not is_signature(texts[i]):
        return []
    names = [texts[i]]
    if not ORGAN_LINE.match(texts[i].strip(INDENT)):
        return names  # a lone line is asked nothing more, as before; a stack is of organs' names only
    while (len(names) < MAX_ISSUERS and i + len(names) < len(texts) and is_signature(texts[i + len(names)])
           and ORGAN_LINE.match(texts[i + len(names)].strip(INDENT))):
        names.append(texts[i + len(names)])
    return names


def closing_at(texts: list[str], i: int) -> tuple[Closing, int] | None:
    """The closing block that starts at texts[i], and how many texts it takes: a signature
    line then a date line (the note may share it), or one line holding them all; then an
    optional note line."""
    s = texts[i]
    if len(s) > MAX_LINE:
        return None
    closing, used = None, 0
    names = stacked_signatures(texts, i)
    if names and i + len(names) < len(texts):
        after = one_line_closing(texts[i + len(names)])
        if after is not None and not after.signatures:
            found = tuple(name for line in names for name in signatures(line))
            closing, used = Closing(found, after.date, after.when, after.note), len(names) + 1
    if closing is None:
        closing = one_line_closing(s)
        used = 1
    if closing is None:
        return None
    if closing.note is None and i + used < len(texts) and is_note_line(texts[i + used]):
        closing = Closing(closing.signatures, closing.date, closing.when, texts[i + used])
        used += 1
    return closing, used


def issuer_closing(s: str) -> Closing | None:
    """（某某县统计局）: the issuer a bulletin names in parentheses on its last line, its closing
    without a date, the signature as printed."""
    return Closing((s.strip(INDENT),), None, None) if PARENTHESISED_ISSUER.fullmatch(s.strip(INDENT)) else None


def closing_element(closing: Closing) -> etree._Element:
    el = etree.Element("closing")
    for name in closing.signatures:
        inline.fill(etree.SubElement(el, "signature"), name)
    if closing.date is None:
        return el
    date = etree.SubElement(el, "date")
    if closing.when:
        date.set("when", closing.when)
    date.text = closing.date
    if closing.note:
        inline.fill(etree.SubElement(el, "note"), closing.note)
    return el


# ------------------------------------------------------- attachment list --

def attachments_before(texts: list[str], end: int) -> tuple[int, etree._Element] | None:
    """The attachment list (附件：1.… 2.…) that ends just before texts[end]: (its first index,
    the <attachments> element). Items after the lead are numbered 1. 2. … in sequence, one a
    text or all on the lead's line; a single attachment has no number."""
    items: list[tuple[str, str]] = []  # (label, text), last first
    i = end - 1
    while i >= 0 and not ATTACHMENTS_LEAD.match(texts[i]):
        m = ATTACHMENT_ITEM.match(texts[i])
        if not m and i == end - 1 and is_bare_lead(texts, i - 1):
            items.append(("", texts[i]))  # 附件： alone on its line, the one title on the next
            i -= 1
            continue
        if not m:
            return None
        items.append((m.group(1), m.group(2)))
        i -= 1
    if i < 0:
        return None
    lead, rest = ATTACHMENTS_LEAD.match(texts[i]).groups()
    items.reverse()
    if rest:
        first = split_numbered(rest)
        if first is None:
            if items:
                return None  # an unnumbered attachment followed by numbered ones: not a list
            first = [("", rest)]
        items = first + items
    numbers = [to_number(label[:-1]) for label, _ in items if label]
    if not items or (numbers and numbers != list(range(1, len(items) + 1))):
        return None
    el = etree.Element("attachments", label=lead.replace(" ", ""))
    for label, text in items:
        item = etree.SubElement(el, "item")
        if label:
            item.set("label", label)
        inline.fill(item, text)
    return i, el


def is_bare_lead(texts: list[str], i: int) -> bool:
    lead = ATTACHMENTS_LEAD.match(texts[i]) if i >= 0 else None
    return bool(lead) and not lead.group(2)


def split_numbered(text: str) -> list[tuple[str, str]] | None:
    """1.甲方案 2.乙办法 → [("1.", "甲方案"), ("2.", "乙办法")], cut only where the next number
    of the sequence follows a space; None if the text does not start with 1."""
    m = ATTACHMENT_ITEM.match(text)
    if not m or to_number(m.group(1)[:-1]) != 1:
        return None
    items, n = [], 1
    label, rest = m.groups()
    while True:
        nxt = re.search(rf"[{INDENT}]+({n + 1}[.．、])[{INDENT}]*(?=\S)", rest)
        if not nxt:
            items.append((label, rest))
            return items
        items.append((label, rest[: nxt.start()]))
        label, rest, n = nxt.group(1), rest[nxt.end():], n + 1


# ---------------------------------------------------------------- imprint --

def is_imprint_line(s: str) -> bool:
    return bool(COPYTO.match(s) or PRINTED.match(s) and iso_date(s))


def imprint_at_end(texts: list[str]) -> tuple[int, etree._Element] | None:
    """The imprint (版记) at the end of the texts: a 抄送： line, then a "<office> <date>印发"
    line, either or both: (its first index, the <imprint> element)."""
    i = len(texts)
    printed = PRINTED.match(texts[i - 1]) if i else None
    if printed and iso_date(printed.group("date")):
        i -= 1
    else:
        printed = None
    copyto = COPYTO.match(texts[i - 1]) if i else None
    if copyto:
        i -= 1
    if copyto is None and printed is None:
        return None
    el = etree.Element("imprint")
    if copyto:
        inline.fill(etree.SubElement(el, "copyto", label=copyto.group(1).replace(" ", "")), copyto.group(2))
    if printed:
        part = etree.SubElement(el, "printed")
        if printed.group("office"):
            etree.SubElement(part, "office").text = printed.group("office")
        date = etree.SubElement(part, "date", when=iso_date(printed.group("date")))
        date.text = printed.group("date")
    return i, el


# ---------------------------------------------------------- line joining --

def stands_alone(s: str) -> bool:
    """A line of the ending that never joins the line before it, even without a sentence
    end there: a date (and a whole closing on one line), a note, an imprint line."""
    return bool(COPYTO.match(s)) or len(s) <= MAX_LINE and (is_date_line(s) or is_note_line(s) or is_imprint_line(s)
                                                            or one_line_closing(s) is not None)


def ends_alone(s: str) -> bool:
    """A line nothing joins onto: a date line, a note, a closing on one line."""
    return len(s) <= MAX_LINE and (is_date_line(s) or is_note_line(s) or one_line_closing(s) is not None)
