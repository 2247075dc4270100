"""Scraped report text → model.

The reader runs in small steps: decode, clean characters, split off web
boilerplate (head and tail), read the head (title, dateline, speaker), join
broken lines into paragraphs, classify each paragraph (heading, run-in,
enumerated point, appendix, body text), nest sections, then apply the
punctuation transform. Every rule is general: it looks at line shape, marks,
punctuation and sequence, never at one document's words.

This module does what is particular to plain text (decoding, the head, joining
broken lines); classifying and nesting paragraphs is `convert.readers.structure`,
which the other readers share.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from convert.errors import InputError
from convert.model import inline, tree
from convert.options import Options
from convert.readers import boilerplate, structure
from convert.readers.decode import decode
from convert.readers.structure import Para, meta
from convert.readers.structure.marks import (
    CLOSING_AFTER_TERMINAL, DOCNUMBER, INDENT, MAX_HEADING, NUM, SENTENCE_END, TERMINAL, starts_structure,
)
from convert.transforms import cleanup, punctuation


@dataclass
class Line:
    n: int  # 1-based line number in the decoded input
    text: str


# ------------------------------------------------------------------ entry --

def read(path: Path, options: Options | None = None) -> etree._Element:
    options = options or Options()
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory, not a report file") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}") from None
    return parse(raw, source=Path(path).name, options=options)


def parse(raw: bytes, source: str = "report.txt", options: Options | None = None) -> etree._Element:
    options = options or Options()
    text, encoding = decode(raw, options.encoding)
    transforms: list[tuple[str, str]] = [("decode", encoding)]
    text = cleanup.normalize_newlines(text)
    # A line of zero-width characters only is a scrape artefact inside a sentence:
    # it joins its neighbours rather than separating them like a blank line.
    joiners = {n for n, x in enumerate(text.split("\n"), 1) if cleanup.is_zero_width_only(x)}
    text, zw = cleanup.remove_zero_width(text)
    text, illegal = cleanup.remove_control_characters(text)
    text, spaced = cleanup.join_spaced_digits(text)
    if zw:
        transforms.append(("remove-zero-width", f"{zw} characters"))
    if illegal:
        transforms.append(("remove-control-characters", f"{illegal} characters"))
    if spaced:
        transforms.append(("join-spaced-digits", f"{spaced} spaces"))
    lines = split_run_on(text.split("\n"))

    builder = Builder(lines, source, options, joiners)
    report = builder.build()
    dropped_count = len(report.find("dropped")) if report.find("dropped") is not None else 0
    if dropped_count:
        transforms.append(("strip-boilerplate", f"{dropped_count} lines"))
    if builder.punctuation_changes:
        transforms.append(("fullwidth-punctuation", f"GB/T 15834: {builder.punctuation_changes} marks"))
    record_transforms(report, transforms)
    return tree.validate(report)


def split_run_on(lines: list[str]) -> list[str]:
    """A document that sits on one or a few very long lines: break it before
    structural marks that follow a sentence end, so the usual rules apply."""
    nonblank = [x for x in lines if x.strip()]
    if not nonblank or len(nonblank) > 5 or max(map(len, nonblank)) < 2000:
        return lines
    marker = rf"(?:[{NUM}]+、|[（(][{NUM}]+[）)]|[{NUM}]+是|第[{NUM}]+[，、]|附件[0-9０-９]*)"
    out: list[str] = []
    for line in lines:
        parts = re.split(rf"(?<=[{SENTENCE_END}；])\s*(?={marker})", line)
        for part in parts:
            # a heading label, a short heading, then directly the first point (一是…)
            m = re.match(rf"^((?:[{NUM}]+、|[（(][{NUM}]+[）)])[^。！？；]{{2,{MAX_HEADING}}}?)(?=一是)", part)
            if m:
                out += [m.group(1), "", part[m.end():]]
            else:
                out.append(part)
            out.append("")
    return out


# ---------------------------------------------------------------- builder --

class Builder:
    def __init__(self, lines: list[str], source: str, options: Options, joiners: set[int] = frozenset()):
        self.raw = lines
        self.joiners = joiners
        self.source = source
        self.options = options
        self.dropped: list[tuple[int, str, str]] = []
        self.title: str | None = None
        self.title_origin = "text"
        self.head: dict[str, str] = {}
        self.punctuation_changes = 0

    # -- steps ---------------------------------------------------------------
    def build(self) -> etree._Element:
        end, tail_reasons = boilerplate.tail_start(self.raw)
        for i, reason in sorted(tail_reasons.items()):
            self.dropped.append((i + 1, reason, self.raw[i]))
        lines = [Line(i + 1, x) for i, x in enumerate(self.raw[:end]) if i + 1 not in self.joiners]
        body_lines = self.read_head(lines)
        paras = join_broken_lines(body_lines)
        if not paras and not self.title:
            if self.dropped:
                raise InputError("no report text: every line is web boilerplate")
            raise InputError("no report text")
        if not paras:
            raise InputError("no report body after the title")
        if not self.options.keep_punctuation:
            self.normalize_punctuation(paras)
        return self.assemble(paras)

    def normalize_punctuation(self, paras: list[Para]) -> None:
        """GB/T 15834 on whole paragraphs, before inline marks split them, so that
        bracket pairs and neighbours are seen across 《》 and “”."""
        for para in paras:
            para.text, n = punctuation.to_fullwidth(para.text)
            self.punctuation_changes += n
        for key, value in self.head.items():
            self.head[key], n = punctuation.to_fullwidth(value)
            self.punctuation_changes += n
        if self.title and self.title_origin == "text":
            self.title, n = punctuation.to_fullwidth(self.title)
            self.punctuation_changes += n

    def read_head(self, lines: list[Line]) -> list[Line]:
        """Consume the head: boilerplate, title, dateline, speaker, document number.
        Return the lines from the first body line on."""
        if self.options.title:
            self.title, self.title_origin = self.options.title, "user"
        groups: list[tuple[int, list[Line]]] = []  # (index of first line, lines)
        first_line = None  # the first non-blank line: the title breadcrumbs and repeats are compared to
        i = 0
        while i < len(lines):
            line = lines[i]
            s = line.text.strip(INDENT)
            if not s:
                i += 1
                if groups and groups[-1][1]:
                    groups.append((i, []))
                continue
            first_line = first_line or s
            reason = boilerplate.head_reason(s, self.title, self.title or first_line)
            if reason:
                self.dropped.append((line.n, reason, line.text))
                i += 1
                continue
            if structure.is_body_start(s):
                break
            if not groups or not groups[-1][1]:
                groups[-1:] = [(i, [])]
            if DOCNUMBER.search(s) and len(s) <= 40 and groups[-1][1]:
                groups.append((i, []))  # a document number stands on its own line, even without blank lines
            groups[-1][1].append(line)
            i += 1
        for start, group in groups:
            if group and not self.read_head_group(group):
                # head material ends at the first paragraph; the rest is body, in order
                dropped = {n for n, _, _ in self.dropped}
                return [x for x in lines[start:i] if x.n not in dropped] + lines[i:]
        return lines[i:]

    def read_head_group(self, group: list[Line]) -> bool:
        """Take a group of head lines as title, dateline, speaker or document number;
        False if it is none of these (a paragraph: the body starts here)."""
        found = meta.head_field([x.text.strip(INDENT) for x in group], self.title, self.head)
        if found is None:
            return False
        key, value = found
        if key == "title":
            self.title, self.title_origin = value, "text"
        else:
            self.head.setdefault(key, value)  # a second document number does not replace the first
        return True

    def assemble(self, paras: list[Para]) -> etree._Element:
        from convert.transforms.script import detect_script

        all_text = "".join(p.text for p in paras)
        report = tree.new_report(detect_script((self.title or "") + all_text))
        meta_element = etree.SubElement(report, "meta")
        front_items: dict[str, str] = {}
        for key in ("dateline", "speaker"):
            if key in self.head:
                front_items[key] = self.head[key]
        if paras and structure.is_addressee(paras[0].text):
            front_items["addressee"] = paras.pop(0).text
        body, appendices = structure.build(paras)
        meta.fill_meta(meta_element, self.title, self.title_origin, self.head, [t for _, _, t in self.dropped], paras,
                       self.source)
        if front_items:
            front = etree.SubElement(report, "front")
            for key in ("summary", "dateline", "speaker", "addressee"):
                if key in front_items:
                    inline.fill(etree.SubElement(front, key), front_items[key])
        report.append(body)
        for appendix in appendices:
            report.append(appendix)
        if self.dropped:
            dropped = etree.SubElement(report, "dropped")
            for n, reason, text in sorted(self.dropped):
                etree.SubElement(dropped, "line", n=str(n), reason=reason).text = text
        return report


# ------------------------------------------------------------- paragraphs --

def join_broken_lines(lines: list[Line]) -> list[Para]:
    """Group lines into paragraphs. A line joins the one before it when no blank
    line separates them, the earlier line does not end a sentence, and neither is
    a heading or starts with a structural mark (scrapes break lines at links).
    A paragraph is standalone when blank lines (or the document's edges) surround it."""
    paras: list[Para] = []
    joining: Joining | None = None
    blank_before = True
    for line in lines:
        s = line.text.strip(INDENT)
        if not s:
            blank_before = True
            continue
        if joining is not None and not blank_before and continues(joining, s):
            latin_words = joining.tail[-1].isascii() and joining.tail[-1].isalpha() and s[0].isascii() and s[0].isalpha()
            joining.add(" " + s if latin_words else s)
            joining.para.lines.append(line.n)
        else:
            if joining is not None:
                joining.close()
                if not blank_before:
                    joining.para.standalone = False  # no blank line after it
            paras.append(Para(s, blank_before, [line.n]))
            joining = Joining(paras[-1])
        blank_before = False
    if joining is not None:
        joining.close()
    return paras


class Joining:
    """The paragraph lines are being joined to. Its text is joined once, when it is
    complete: adding each line to a string would copy the paragraph every time."""

    SHORT = 64  # longer than any heading (MAX_HEADING + 6) or addressee (41) that `continues` looks for

    def __init__(self, para: Para):
        self.para = para
        self.pieces = [para.text]
        self.length = len(para.text)
        self.tail = para.text[-2:]  # its last two characters

    def add(self, piece: str) -> None:
        self.pieces.append(piece)
        self.length += len(piece)
        self.tail = (self.tail + piece)[-2:]

    def short_text(self) -> str | None:
        """The text so far if the paragraph is short, else None."""
        return "".join(self.pieces) if self.length <= self.SHORT else None

    def close(self) -> None:
        self.para.text = "".join(self.pieces)


def continues(prev: Joining, s: str) -> bool:
    tail = prev.tail
    if tail[-1] in TERMINAL or (tail[-1] in CLOSING_AFTER_TERMINAL and len(tail) > 1 and tail[-2] in SENTENCE_END):
        return False
    if starts_structure(s):
        return False
    short = prev.short_text()
    if short is not None and (starts_structure(short) and len(short) <= MAX_HEADING + 6 or structure.is_addressee(short)):
        return False
    return True


# ---------------------------------------------------------------- helpers --

def record_transforms(report: etree._Element, transforms: list[tuple[str, str]]) -> None:
    for name, detail in transforms:
        cleanup.record_transform(report, name, detail)
