"""A whole official document from its paragraphs: the main document's body and ending
(attachment list, closing), the attached documents (附件) that follow, and the imprint
(版记) at the very end.

The end notes of a part (注释, 资料来源: convert.readers.structure.notes) follow its body, before
its ending. The main document ends at its first closing block, or, without one, where the first
附件 label stands. What follows is attached documents: each starts at a label on a line
of its own (附件, 附件1, 附件2：), or, without a label, right after a closing (a 转发
notice's forwarded report, an 印发 notice's 方案). An attached document has its title
(the next short lines), an addressee, its body and maybe its own ending.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from convert.doctypes import ENDS_WITH_KIND
from convert.model import inline
from convert.readers.structure import ending, nest, notes, tables
from convert.readers.structure.classify import ARTICLE, Classifier, Para, is_addressee, is_regulation
from convert.readers.structure.marks import APPENDIX, OBJECT, SENTENCE_PUNCT_END, TERMINAL, starts_structure
from convert.readers.structure.meta import unspace_title

MAX_TITLE = 80  # characters of an attached document's title, all its lines
MAX_TITLE_PARAS = 3  # a title given as several paragraphs (one a line), as HTML and DOCX may
MAX_LABEL = 60


@dataclass
class Document:
    body: etree._Element
    ending: list[etree._Element] = field(default_factory=list)  # notes*, attachments?, closing*
    appendices: list[etree._Element] = field(default_factory=list)
    imprint: etree._Element | None = None


@dataclass
class Part:
    """Where a document's body ends and what its ending holds."""
    body_end: int
    ending: list[etree._Element]
    next: int  # where the next attached document starts


def build(paras: list[Para], title: str | None = None) -> Document:
    """The document of `paras`; `title` is the main document's (a regulation's 第X条 are articles)."""
    texts = [p.text for p in paras]
    imprint = ending.imprint_at_end(texts)
    end = imprint[0] if imprint else len(texts)
    main = split_part(texts, 0, end)
    body = etree.Element("body")
    body_end, end_notes = notes.split(paras[:main.body_end])
    nest.fill(body, paras[:body_end], Classifier(regulation=is_regulation(title)))
    doc = Document(body, end_notes + main.ending, imprint=imprint[1] if imprint else None)
    start = main.next
    while start < end:
        appendix, start = appendix_at(paras, texts, start, end)
        doc.appendices.append(appendix)
    return doc


def is_label(s: str) -> bool:
    """附件 / 附件1 / 附件2： / 附件1：重点项目清单 on a line of its own."""
    return bool(APPENDIX.match(s)) and len(s) <= MAX_LABEL and not SENTENCE_PUNCT_END.search(s)


def split_part(texts: list[str], start: int, end: int, skip: int = 0, paras: list[Para] | None = None) -> Part:
    """The body and ending of the part that starts at texts[start] (its first `skip` texts
    are its label and title): it ends at its closing (with the attachment list before
    it), or before the next 附件 label. In an attached document (`paras` given), also before
    the title of the next one: a line alone between blank lines, shaped as a title, that ends
    as a document's title does (a notice that 印发 两个规定 attaches them one after the other)."""
    bounded = texts[:end]
    i = start + skip
    while i < end:
        if paras is not None and i > start + skip and starts_document(paras[i]):
            return Part(i, [], i)
        found = ending.closing_at(bounded, i)
        if found and i + found[1] < end and not any(t.strip(" \u3000" + OBJECT) for t in texts[start + skip:i]):
            found = None  # a date with text after it and none before (figures aside): the head's dateline, no 落款
        if found:
            closing, used = found
            listed = ending.attachments_before(bounded, i)
            parts = [ending.closing_element(closing)]
            body_end = i
            if listed and listed[0] >= start + skip:
                body_end = listed[0]
                parts.insert(0, listed[1])
            return Part(body_end, parts, i + used)
        if is_label(texts[i]):
            listed = attachment_list_at(bounded, i)
            if listed is None:
                return Part(i, [], i)
            list_end, element = listed
            found = ending.closing_at(bounded, list_end) if list_end < end else None
            if found:
                return Part(i, [element, ending.closing_element(found[0])], list_end + found[1])
            return Part(i, [element], list_end)
        i += 1
    last = ending.issuer_closing(texts[end - 1]) if end - 1 > start + skip else None
    if last is not None:  # no closing above: a last line naming the issuer in parentheses is one
        return Part(end - 1, [ending.closing_element(last)], end)
    return Part(end, [], end)


def attachment_list_at(texts: list[str], i: int) -> tuple[int, etree._Element] | None:
    """An attachment list that starts at texts[i] and ends where a closing or an 附件 label
    follows it: (index past it, <attachments>)."""
    if not ending.ATTACHMENTS_LEAD.match(texts[i]):
        return None
    j = i + 1
    while j < len(texts) and ending.ATTACHMENT_ITEM.match(texts[j]):
        j += 1
    if j == i + 1 and j + 1 < len(texts) and ending.is_bare_lead(texts, i) and ending.closing_at(texts, j + 1):
        j += 1  # 附件： alone, one unnumbered title, then the closing: a list, not an attached document
    if j == len(texts) or not (is_label(texts[j]) or ending.closing_at(texts, j)):
        return None
    listed = ending.attachments_before(texts, j)
    return (j, listed[1]) if listed and listed[0] == i else None


def appendix_at(paras: list[Para], texts: list[str], start: int, end: int) -> tuple[etree._Element, int]:
    """The attached document that starts at texts[start], and where the next one starts."""
    appendix = etree.Element("appendix")
    i = start
    heading_paras: list[Para] = []
    if is_label(texts[i]):
        label, rest = APPENDIX.match(texts[i]).groups()
        appendix.set("label", label.replace(" ", ""))
        if rest:
            heading_paras = [Para(rest)]
        i += 1
    if not heading_paras:
        while (i < end and len(heading_paras) < MAX_TITLE_PARAS and is_title_line(texts[i])
               and sum(len(p.text) for p in heading_paras) + len(texts[i]) <= MAX_TITLE):
            heading_paras.append(paras[i])
            i += 1
    if heading_paras or appendix.get("label"):
        # a label without a title still shows: an empty heading carries it
        lines = [unspace_title(line) for p in heading_paras for line in lines_of(p)]  # 协 调 委 员 会 → 协调委员会
        fill_lines(etree.SubElement(appendix, "heading"), lines)
    if i < end and is_addressee(texts[i]):
        inline.fill(etree.SubElement(appendix, "addressee"), texts[i])
        i += 1
    part = split_part(texts, start, end, skip=i - start, paras=paras)
    title = "".join(p.text for p in heading_paras)
    body_end, end_notes = notes.split(paras[i:part.body_end])
    nest.fill(appendix, paras[i:i + body_end], Classifier(regulation=is_regulation(title)))
    for element in end_notes + part.ending:
        appendix.append(element)
    return appendix, max(part.next, start + 1)


def starts_document(para: Para) -> bool:
    """The title of an attached document that follows another without a label or closing
    (never a line its source sets other than centred)."""
    return (para.standalone and para.hints.centered is not False and is_title_line(para.text)
            and bool(ENDS_WITH_KIND.search(para.text)))


def is_title_line(s: str) -> bool:
    """A line of an attached document's title: short words, not a sentence, not a mark."""
    return (0 < len(s) <= MAX_TITLE and OBJECT not in s and s[-1] not in TERMINAL and not starts_structure(s) and not is_addressee(s)
            and not tables.has_inner_separator(s) and not ending.stands_alone(s) and not ARTICLE.match(s)
            and not is_label(s))


def lines_of(para: Para) -> list[str]:
    """A paragraph's text cut where its source lines were."""
    cuts = [0, *[b for b in para.breaks if 0 < b < len(para.text)], len(para.text)]
    return [para.text[a:b] for a, b in zip(cuts, cuts[1:]) if para.text[a:b]]


def fill_lines(el: etree._Element, lines: list[str]) -> etree._Element:
    """Inline content with a <br/> between lines."""
    for n, line in enumerate(lines):
        if n:
            etree.SubElement(el, "br")
        inline.fill(el, line)
    return el
