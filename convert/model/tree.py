"""Build, validate, walk and serialize the report model (lxml).

The model knows nothing about output formats. Every document that enters or
leaves this module is checked against ``report.rng``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from lxml import etree

from convert import figures
from convert.model import dates
from convert.model.masthead import imprint_parts, masthead_of

SCHEMA_PATH = Path(__file__).with_name("report.rng")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = ("zh-Hant", "zh-Hans")


class ModelError(ValueError):
    """The model is not valid against the schema."""


@lru_cache(maxsize=1)
def schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA_PATH)))


def validate(report: etree._Element) -> etree._Element:
    rng = schema()
    if not rng.validate(report):
        err = rng.error_log.last_error
        raise ModelError(f"line {err.line}: {err.message}" if err else "invalid model")
    return report


def new_report(lang: str) -> etree._Element:
    """An empty report skeleton; the caller fills meta and body, then validates."""
    report = etree.Element("report", version="1")
    report.set(XML_LANG, lang)
    return report


def lang_of(report: etree._Element) -> str:
    return report.get(XML_LANG)


def set_lang(report: etree._Element, lang: str) -> None:
    report.set(XML_LANG, lang)


# Elements whose children are elements only; whitespace inside them carries no text.
CONTAINERS = frozenset({"report", "meta", "front", "body", "section", "appendix", "dropped", "transforms",
                        "article", "table", "header", "masthead", "mark", "row", "figure", "attachments", "closing", "imprint",
                        "printed", "notes"})


def normalize_space(report: etree._Element) -> etree._Element:
    """Drop whitespace-only text between block elements (as left by indentation)."""
    for el in report.iter(*CONTAINERS):
        if el.text is not None and not el.text.strip():
            el.text = None
        for child in el:
            if child.tail is not None and not child.tail.strip():
                child.tail = None
    return report


def _indent(el: etree._Element, depth: int = 0) -> None:
    """Indent block structure for human editing; mixed content is left untouched."""
    if el.tag not in CONTAINERS or len(el) == 0:
        return
    pad = "\n" + "  " * (depth + 1)
    el.text = pad
    for child in el:
        _indent(child, depth + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * depth


def to_bytes(report: etree._Element) -> bytes:
    validate(report)
    copy = normalize_space(etree.fromstring(etree.tostring(report)))
    _indent(copy)
    return etree.tostring(copy, xml_declaration=True, encoding="UTF-8") + b"\n"


def write(report: etree._Element, path: Path) -> None:
    from convert.outputs import atomic_output

    data = to_bytes(report)
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)


# ---------------------------------------------------------------- reading --

def text_of(el: etree._Element) -> str:
    """All text inside an element, marks included, in document order."""
    return "".join(el.itertext())


def meta_text(report: etree._Element, name: str) -> str | None:
    el = report.find(f"meta/{name}")
    return None if el is None else text_of(el)


def title_lines(el: etree._Element) -> list[str]:
    """A title's text as the issuer broke it into lines (at each <br/>); one line if unbroken."""
    lines = [el.text or ""]
    for child in el:
        if child.tag == "br":
            lines.append("")
        elif isinstance(child.tag, str):
            lines[-1] += text_of(child)
        lines[-1] += child.tail or ""
    return [line for line in lines if line]


def cell_paragraphs(cell: etree._Element) -> list[etree._Element]:
    """The paragraphs of a table cell: its <p> children, or the cell itself when it holds
    inline text directly."""
    paragraphs = cell.findall("p")
    return paragraphs if paragraphs else [cell]


def table_rows(table: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    """A table's header rows and body rows."""
    header = table.find("header")
    return (header.findall("row") if header is not None else []), table.findall("row")


KEYWORD_SEPARATOR = "; "  # Word's separator of tags; a value may hold a comma


@dataclass(frozen=True)
class Info:
    """A document's properties, the same in every format's metadata."""

    title: str
    author: str                  # the issuer
    subject: str                 # the subtitle, else the title
    keywords: tuple[str, ...]    # issuer, date, place, document number: as the model orders them
    created: datetime | None     # the report's date (meta/date/@when) at midnight UTC, naive
    modified: datetime | None    # SOURCE_DATE_EPOCH (UTC, naive), else None: the writer's clock

    @property
    def keywords_text(self) -> str:
        return KEYWORD_SEPARATOR.join(self.keywords)


def info(report: etree._Element) -> Info:
    from convert.outputs import source_date_epoch

    title = meta_text(report, "title") or ""
    epoch = source_date_epoch()
    return Info(
        title=title,
        author=meta_text(report, "issuer") or "",
        subject=meta_text(report, "subtitle") or title,
        keywords=tuple(v for k in ("issuer", "date", "place", "docnumber") if (v := meta_text(report, k))),
        created=report_date(report),
        modified=datetime.fromtimestamp(epoch, timezone.utc).replace(tzinfo=None) if epoch is not None else None,
    )


def report_date(report: etree._Element) -> datetime | None:
    """The report's date (meta/date/@when: YYYY, YYYY-MM or YYYY-MM-DD) at midnight."""
    date = report.find("meta/date")
    return dates.when_datetime(date.get("when") if date is not None else None)


@dataclass(frozen=True)
class Block:
    """One rendered block in reading order: what every writer must show."""

    # masthead title subtitle docnumber summary dateline speaker addressee heading appendix-heading p point
    # article (its first paragraph, with the article's label) table figure notes attachments closing imprint
    kind: str
    element: etree._Element
    level: int  # section level for headings; 0 otherwise
    label: str  # heading/run-in label, '' if none

    @property
    def label_text(self) -> str:
        """A heading's label as shown before its text, with the space it needs:
        none after 一、 or （一）, an ideographic space after 第一章, a space after 附件1."""
        label = self.label
        if not label or self.kind not in ("heading", "appendix-heading", "article"):
            return ""
        if label[-1].isascii() and label[-1].isalnum():
            return label + " "
        return label + "\u3000" if label[-1].isalnum() else label

    @property
    def text(self) -> str:
        """The text a reader sees: label followed by the content; a block of several lines
        (a table's rows, a closing's parts) has them one a line, a row's cells tab-separated."""
        if self.kind in ("heading", "appendix-heading", "article"):
            return self.label_text + text_of(self.element)
        if self.kind == "table":
            return table_text(self.element)
        if self.kind == "figure":  # a missing image's placeholder, then the caption
            return figures.shown_text(self.element)
        if self.kind == "attachments":
            lead = self.element.get("label", "")
            return lead + "\n".join(item.get("label", "") + text_of(item) for item in self.element)
        if self.kind == "closing":
            return "\n".join(text_of(part) for part in self.element)
        if self.kind == "notes":  # the lead on its own line, then each paragraph as printed
            return "\n".join([self.element.get("label", ""), *(Block("p", p, 0, "").text for p in self.element)])
        if self.kind == "masthead":  # the element is meta/masthead
            report = self.element.getparent().getparent()
            return "\n".join(masthead_of(report).lines(lang_of(report)))
        if self.kind == "attendance":
            return self.element.get("label", "") + text_of(self.element)
        if self.kind == "imprint":
            parts = []
            for part in imprint_parts(self.element.getparent(), self.element):
                if part.tag == "copyto":
                    parts.append(part.get("label", "") + text_of(part))
                else:
                    parts.append("\u3000".join(text_of(x) for x in part))
            return "\n".join(parts)
        if self.kind == "p":
            runin = self.element.find("runin")
            prefix = runin.get("label", "") if runin is not None else ""
            return prefix + text_of(self.element)
        return text_of(self.element)


FRONT_KINDS = ("summary", "dateline", "speaker", "addressee")
TITLE_PAGE_FRONT = ("summary", "dateline", "speaker")   # with title, subtitle, docnumber: the title page

# Every element of report.rng, by what the walk does with it. A schema element missing here
# fails tests/test_visitor.py; an element the walk meets and does not know is an error.
BLOCK_KINDS = ("masthead", "title", "subtitle", "docnumber", "summary", "dateline", "speaker", "addressee",
               "heading", "appendix-heading", "p", "point", "article", "table", "figure", "notes", "attachments",
               "attendance", "closing", "imprint")   # each writer has visit_<kind>
ELEMENTS = {
    "block": frozenset({"masthead", "title", "subtitle", "docnumber", "summary", "dateline", "speaker", "addressee",
                        "heading", "p", "point", "table", "figure", "notes", "attachments", "attendance",
                        "closing", "imprint"}),
    "inline": frozenset({"cite", "q", "lead", "runin", "br"}),    # walked by model.visitor.inline_events
    "container": frozenset({"report", "meta", "front", "body", "section", "appendix", "article"}),
    # parts of a block, laid out by the block's visitor (a table's header rows; the masthead's fields)
    "block-part": frozenset({"caption", "header", "row", "cell", "image", "item", "signature", "note", "copyto",
                             "printed", "office",
                             "copy", "secrecy", "urgency", "mark", "organ", "signer", "order", "seal"}),
    "metadata": frozenset({"issuer", "date", "place", "published", "identifier", "keyword", "punctuation", "source",
                           "edition", "transforms", "transform"}),
    "not-shown": frozenset({"dropped", "line"}),
}
ENTER, BLOCK, LEAVE = "enter", "block", "leave"


@dataclass(frozen=True)
class Section:
    """A part of the reading order: the title page, the opening (addressee and the text
    before the first section), a section of the body, an appendix."""

    kind: str                          # title-page | opening | section | notes | ending | appendix | imprint
    element: etree._Element | None     # the section or appendix; None for title-page and opening
    depth: int                         # 1 for a top-level part, 2 for a section inside it, ...


def events(report: etree._Element) -> Iterator[tuple[str, Section | Block]]:
    """Walk the model in reading order: (ENTER, Section), (BLOCK, Block), (LEAVE, Section).
    The `dropped` part is never visited."""
    front = report.find("front")
    title_page = Section("title-page", None, 1)
    yield ENTER, title_page
    # a 版头 shows the 发文字号 in its place (GB/T 9704 7.2.5); without one it follows the title
    masthead = report.find("meta/masthead") if masthead_of(report) is not None else None
    if masthead is not None:
        yield BLOCK, Block("masthead", masthead, 0, "")
    if not is_order_mark_title(report):
        yield BLOCK, Block("title", report.find("meta/title"), 0, "")
    for kind in ("subtitle", "docnumber")[:1 if masthead is not None else 2]:
        el = report.find(f"meta/{kind}")
        if el is not None:
            yield BLOCK, Block(kind, el, 0, "")
    for el in front if front is not None else ():  # in the file's order: the order the head printed them
        if el.tag in TITLE_PAGE_FRONT:
            yield BLOCK, Block(el.tag, el, 0, "")
    yield LEAVE, title_page

    body = report.find("body")
    addressee = front.find("addressee") if front is not None else None
    if addressee is not None or (len(body) and body[0].tag != "section"):
        opening = Section("opening", None, 1)
        yield ENTER, opening
        if addressee is not None:
            yield BLOCK, Block("addressee", addressee, 0, "")
        yield from _container(body, 1, blocks_only=True)
        yield LEAVE, opening
    yield from _container(body, 0, after_opening=True)
    if report.find("notes") is not None:
        notes = Section("notes", None, 1)
        yield ENTER, notes
        yield from _notes(report)
        yield LEAVE, notes
    if any(report.find(tag) is not None for tag in ("attachments", "attendance", "closing")):
        ending = Section("ending", None, 1)
        yield ENTER, ending
        yield from _ending(report)
        yield LEAVE, ending
    for appendix in report.iterfind("appendix"):
        part = Section("appendix", appendix, 1)
        yield ENTER, part
        heading = appendix.find("heading")
        if heading is not None or appendix.get("label"):
            # a label without a title (附件2 alone) is still shown: as a heading with no text
            shown = heading if heading is not None else etree.Element("heading")
            yield BLOCK, Block("appendix-heading", shown, 1, appendix.get("label", ""))
        addressee = appendix.find("addressee")
        if addressee is not None:
            yield BLOCK, Block("addressee", addressee, 0, "")
        yield from _container(appendix, 1)
        yield from _notes(appendix)
        yield from _ending(appendix)
        yield LEAVE, part
    imprint = report.find("imprint")
    if imprint is not None:
        part = Section("imprint", None, 1)
        yield ENTER, part
        yield BLOCK, Block("imprint", imprint, 0, "")
        yield LEAVE, part


def is_order_mark_title(report: etree._Element) -> bool:
    """A 命令 (GB/T 9704 10.2) has no title of its own: a title that is its mark again
    (某某省人民政府令) is shown once, as the mark."""
    found = masthead_of(report)
    title = report.find("meta/title")
    return found is not None and found.form == "order" and text_of(title).replace(" ", "") == found.mark_text


def _notes(parent: etree._Element):
    """The end notes after the body of the main document or of an attached one."""
    for child in parent.iterfind("notes"):
        yield BLOCK, Block("notes", child, 0, child.get("label", ""))


def _ending(parent: etree._Element):
    """The attachment list and closing blocks of the main document or of an attached one."""
    for child in parent:
        if child.tag in ("attachments", "attendance", "closing"):
            yield BLOCK, Block(child.tag, child, 0, "")


def _container(parent: etree._Element, depth: int, blocks_only: bool = False, after_opening: bool = False):
    """The events of a container's children. `blocks_only`: its leading blocks (the
    opening), up to the first section; `after_opening`: all but those."""
    opening = after_opening
    for child in parent:
        tag = child.tag
        if tag == "section":
            opening = False
            if blocks_only:
                break
            part = Section("section", child, depth + 1)
            yield ENTER, part
            yield BLOCK, Block("heading", child.find("heading"), int(child.get("level")), child.get("label", ""))
            yield from _container(child, depth + 1)
            yield LEAVE, part
        elif opening or not isinstance(tag, str) or tag in WALKED_APART:
            continue  # blocks walked by the opening; heading, addressee, notes and ending walked apart; comments
        elif tag == "p":
            runin = child.find("runin")
            yield BLOCK, Block("p", child, 0, runin.get("label", "") if runin is not None else "")
        elif tag == "point":
            yield BLOCK, Block("point", child, 0, "")
        elif tag in ("table", "figure"):
            yield BLOCK, Block(tag, child, 0, "")
        elif tag == "article":
            yield BLOCK, Block("article", child[0], 0, child.get("label"))
            yield from _container(_rest(child), depth)
        else:
            raise ModelError(f"the walk does not know the element <{tag}> inside <{parent.tag}>")


WALKED_APART = ("heading", "addressee", "notes", "attachments", "attendance", "closing")


def _rest(article: etree._Element) -> list[etree._Element]:
    """An article's paragraphs and items after the first, which the article's block shows."""
    return list(article)[1:]


def table_text(table: etree._Element) -> str:
    """A table's text: the caption, then a line per row with its cells tab-separated (a cell's
    paragraphs joined by a space)."""
    lines = []
    caption = table.find("caption")
    if caption is not None:
        lines.append(text_of(caption))
    header, body = table_rows(table)
    for row in header + body:
        lines.append("\t".join(" ".join(text_of(p) for p in cell_paragraphs(cell)) for cell in row))
    return "\n".join(lines)


def blocks(report: etree._Element) -> Iterator[Block]:
    """The blocks of `events`, in reading order."""
    for kind, item in events(report):
        if kind is BLOCK:
            yield item


def plain_text(report: etree._Element) -> str:
    """The model's visible text, one block a line: the reference for fidelity checks."""
    return "\n".join(b.text for b in blocks(report))
