"""Our own DOCX back to the model, with the edits made to it in Word, WPS or LibreOffice.

The writer (convert.writers.docx) gives every block a paragraph style named for its role
(convert.docx_styles, which both import), and stores the model it rendered in a custom XML part. Reading back:

1. The body's items become **units**, one per model block, by their styles: Title, Heading N
   (a section of level N), Body (a paragraph, a point, an article: by its character styles
   Lead, Run-in Heading, Article Label), Caption + table, Figure + Caption, Notes Label + Notes
   (end notes), the Attachment List paragraphs, Signature/Date/Note (a closing; Signatures alone
   at a document's end, a closing without a date), Appendix Label + Appendix Title, the Imprint
   table. Style names are matched loosely (case, spaces, hyphens) and with the names LibreOffice
   gives some of them on saving (Addressee → Envelope Address). A paragraph in another style is
   body text. A paragraph the writer started an unlabelled attached document with carries a
   page break of its own (w:pageBreakBefore).
2. Each unit is **derived** from what the DOCX shows: labels split off by the sequence marks,
   《》 and “” marked as the readers mark them, a date's ISO form parsed.
3. The units are aligned with the blocks of the stored model by their kind and visible text
   (difflib): a unit whose block is unchanged takes the stored element, with what the DOCX does
   not show (a point's kind, a run-in's label, an article's paragraphs, @when); an edited or new
   unit keeps its derived element. Sections, articles and attached documents nest by the units'
   order, as the DOCX shows them.
4. The metadata is the stored model's, with the title, subtitle and document number the DOCX
   shows, and the issuer from the core properties' author when it was changed there.

Without a stored model (a copy that lost it) every unit is derived.
"""
from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field

from lxml import etree

from convert.errors import InputError
from convert.model import convention, inline, tree
from convert.model.masthead import COPY, SECRECY, SIGNER_LABEL, SIGNER_LABEL_HANT, URGENCIES
from convert.model.dates import parse_date
from convert.options import Options
from convert.readers.docx_body import TableItem, clean_text, has_image, model_table
from convert.readers.ooxml import Package, Styles, w
from convert.readers.structure.classify import Point
from convert.readers.structure.marks import INDENT, POINT_DASH, POINT_ORDINAL, POINT_SHI, label_of
from convert.readers.structure.nest import make_block
from convert.readers.structure import Para
from convert.docx_styles import (
    ARTICLE_STYLE, CITE_STYLE, LEAD_STYLE, MODEL_NAMESPACE, PARAGRAPH_STYLES, RUNIN_STYLE,
)

CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
CORE = "/metadata/core-properties"  # LibreOffice writes the type with ECMA-376's first address
DC = "http://purl.org/dc/elements/1.1/"
META_ORDER = ("title", "subtitle", "issuer", "date", "place", "docnumber", "masthead", "published", "identifier", "keyword",
              "punctuation", "source", "edition", "transforms")
WORD_LANGS = {"zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant"}
ATTACHMENTS_LEAD = re.compile(r"^附件\s*[：:]")
ITEM_LABEL = re.compile(r"^(?:[0-9０-９]+[.．、]|[（(][0-9０-９]+[）)])")
COPYTO_LABEL = re.compile(r"^抄\s*送\s*[：:]")
LABEL_SPACE = " \u3000"
# The 版头's paragraphs (their styles: convert.docx_styles MASTHEAD_KINDS) and a 纪要's lists.
MASTHEAD_PARTS = ("masthead-field", "mark", "masthead-order", "masthead-docnumber", "signer")
ATTENDANCE_KINDS = {"出席": "present", "请假": "leave", "請假": "leave", "列席": "observer"}
ATTENDANCE_LABEL = re.compile(r"^(出\s*席|请\s*假|請\s*假|列\s*席)\s*[：:]")


def _norm(name: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", (name or "").lower())


# Style name (normalized) → block kind; the names LibreOffice writes for some of ours.
PARAGRAPH_KINDS: dict[str, str] = {}
for _kind, _spec in PARAGRAPH_STYLES.items():
    PARAGRAPH_KINDS.setdefault(_norm(_spec.name), _kind)
PARAGRAPH_KINDS.update({"envelopeaddress": "addressee", "normal": "p"})
CHARACTER_KINDS = {_norm(LEAD_STYLE): "lead", _norm(RUNIN_STYLE): "runin", _norm(ARTICLE_STYLE): "article",
                   _norm(CITE_STYLE): "cite"}
OUR_STYLES = {_norm(PARAGRAPH_STYLES["p"].name), _norm(RUNIN_STYLE), _norm(ARTICLE_STYLE), _norm(CITE_STYLE)}
BODY_KINDS = ("p", "point", "article")


def is_ours(styles: Styles) -> bool:
    """Was this DOCX written by convert.writers.docx (its styles, whoever saved it since)?"""
    return OUR_STYLES <= {_norm(s.name) for s in styles.by_id.values()} | {_norm(i) for i in styles.by_id}


def stored_model(package: Package, main: str) -> etree._Element | None:
    """The model the writer stored in the package, if it is there and valid."""
    from convert.readers import xml

    for rel in package.rels(main).values():
        if rel.type != CUSTOM_XML or rel.external or not package.has(rel.target):
            continue
        root = package.xml(rel.target)
        if root.tag != f"{{{MODEL_NAMESPACE}}}stored" or len(root) != 1:
            continue
        try:
            return xml.parse(etree.tostring(root[0], encoding="UTF-8"), "stored model")
        except InputError:
            return None  # damaged: the DOCX itself is read
    return None


# ------------------------------------------------------------------ units --

@dataclass
class Unit:
    """One model block as the DOCX shows it."""
    kind: str                  # a tree.Block kind, "body" for p/point/article
    element: etree._Element    # the derived element (for "body": p, point or article)
    level: int = 0
    label: str = ""
    new_part: bool = False     # a page break of its own before it: an attached document starts
    stored: tree.Block | None = None
    text: str | None = None    # the text the DOCX shows, when it is the key (body text, headings)

    def block(self) -> tree.Block:
        el = self.element
        if self.kind == "body":
            kind = el.tag
            if kind == "article":
                return tree.Block("article", el[0], 0, el.get("label"))
            runin = el.find("runin")
            return tree.Block(kind, el, 0, runin.get("label", "") if runin is not None else "")
        return tree.Block(self.kind, el, self.level, self.label)


def unit_key(unit: Unit) -> tuple:
    if unit.text is not None:
        return unit.kind, unit.level, unit.text
    return key_of(unit.block())


def key_of(block: tree.Block) -> tuple:
    """What must be equal for a unit to be the stored block unchanged: kind, level, visible text
    (title lines apart), and for a table its spans, for a figure its picture."""
    kind = "body" if block.kind in BODY_KINDS else block.kind
    el = block.element
    if kind in ("title", "appendix-heading"):
        return kind, block.label, tuple(tree.title_lines(el))
    if kind == "table":
        spans = tuple((c.get("rowspan", "1"), c.get("colspan", "1")) for c in el.iter("cell"))
        header = el.find("header")
        return kind, block.text, spans, len(header) if header is not None else 0
    if kind == "figure":
        image = el.find("image")
        picture = "".join(image.text.split()) if image is not None and image.text else None
        return kind, el.get("src"), el.get("alt"), picture, block.text
    return kind, block.level, block.text


class Units:
    """The body's items as units, derived from their styles and text."""

    def __init__(self, items, body, lang: str):
        self.items, self.body, self.styles, self.lang = items, body, body.styles, lang
        self.units: list[Unit] = []
        self.masthead = ShownMasthead()  # what the DOCX's 版头 shows

    def paragraph_kind(self, item) -> str | None:
        """The block kind of a paragraph's style; None for what is not the report (a table of contents)."""
        name = _norm(item.style_name)
        if name.startswith("toc") or any(f.split()[:1] == ["TOC"] for f in item.content.fields):
            return None
        kind = PARAGRAPH_KINDS.get(name) or PARAGRAPH_KINDS.get(_norm(item.style_id))
        return kind or "p"

    def char_kind(self, rPr) -> str | None:
        if rPr is None or (rs := rPr.find(w("rStyle"))) is None:
            return None
        sid = rs.get(w("val"))
        return CHARACTER_KINDS.get(_norm(self.styles.name(sid))) or CHARACTER_KINDS.get(_norm(sid))

    def entries(self) -> list[tuple[str, object, bool]]:
        """(kind, item, page break before) of every table and every paragraph that shows something;
        an empty paragraph's own page break passes to the next entry."""
        out, new_part = [], False
        for item in self.items:
            if isinstance(item, TableItem):
                if not item.rows:
                    continue
                names = {_norm(n) for n in item.style_names if n}
                kind = "imprint" if names and names <= {"imprint"} else "table"
                if names and names <= {_norm(PARAGRAPH_STYLES["mark"].name)}:
                    kind = "mark-table"  # a joint issuers' mark: the organs stacked, 文件 beside them
                out.append((kind, item, new_part))
                new_part = False
                continue
            kind = self.paragraph_kind(item)
            if kind is None:
                continue
            new_part = new_part or item.page_break_before
            if item.text.strip(INDENT) or (kind == "figure" and item.content.pictures):
                out.append((kind, item, new_part))
                new_part = False
        return out

    def read(self) -> list[Unit]:
        entries = self.entries()
        kinds = [kind for kind, _, _ in entries] + [None]
        i = 0
        while i < len(entries):
            kind, item, new_part = entries[i]
            i += 1
            start = len(self.units)
            if kind == "mark-table":
                for row in item.rows:
                    for cell in row:
                        for p in cell.paragraphs:
                            self.masthead.add("mark", p)
                continue
            if kind == "table":
                self.units.append(Unit("table", self.table(item, None)))
            elif kind == "imprint":
                self.units.append(Unit("imprint", self.imprint(item)))
            elif kind == "caption" and kinds[i] == "table":
                self.units.append(Unit("table", self.table(entries[i][1], item)))
                i += 1
            elif kind == "figure":
                caption = entries[i][1] if kinds[i] == "caption" else None
                i += caption is not None
                self.units.append(self.figure(item, caption))
            elif kind == "attachments":
                group = [item]
                while kinds[i] == "attachments":
                    group.append(entries[i][1])
                    i += 1
                self.units.append(Unit("attachments", self.attachments(group)))
            elif kind == "notes-label":
                group = []
                while kinds[i] == "notes":
                    group.append(entries[i][1])
                    i += 1
                self.units.append(self.notes(item, group))
            elif kind in ("signature", "closing-date"):
                signatures, j = [], i - 1
                while kinds[j] == "signature":
                    signatures.append(entries[j][1])
                    j += 1
                if kinds[j] == "closing-date":
                    date, j = entries[j][1], j + 1
                    note = entries[j][1] if kinds[j] == "note" else None
                    i = j + (note is not None)
                    self.units.append(Unit("closing", self.closing(signatures, date, note)))
                elif kinds[j] in (None, "appendix-label", "appendix-title", "imprint") or entries[j][2]:
                    # the issuer alone at the end of its document (（某某县统计局）): a closing without a date
                    i = j
                    self.units.append(Unit("closing", self.closing(signatures, None, None)))
                else:  # a signature without its date: text
                    self.units.append(self.body_unit(item))
            elif kind in ("appendix-label", "appendix-title"):
                label = item if kind == "appendix-label" else None
                title = item if kind == "appendix-title" else None
                if label is not None and kinds[i] == "appendix-title":
                    title, i = entries[i][1], i + 1
                heading = self.title_element("heading", title) if title is not None else etree.Element("heading")
                text = label.text.strip(LABEL_SPACE) if label is not None else ""
                self.units.append(Unit("appendix-heading", heading, 1, text))
            elif kind == "title":
                self.units.append(Unit("title", self.title_element("title", item)))
            elif kind.startswith("heading"):
                self.units.append(self.heading(item, int(kind[-1])))
            elif kind in MASTHEAD_PARTS:
                if docnumber := self.masthead.add(kind, item):
                    self.units.append(Unit("docnumber", inline.fill(etree.Element("docnumber"), docnumber)))
                else:
                    continue
            elif kind == "attendance":
                self.units.append(Unit("attendance", self.attendance(item)))
            elif kind in ("subtitle", "docnumber", "summary", "dateline", "speaker", "addressee"):
                self.units.append(Unit(kind, inline.fill(etree.Element(kind), clean(item))))
            else:  # Body, a caption without its table, a note without a closing, another style
                self.units.append(self.body_unit(item))
            self.units[start].new_part = new_part
        return self.units

    # -- derived elements --

    def title_element(self, tag: str, item) -> etree._Element:
        """A title (meta/title, text and <br/> only) or an attached document's heading (inline, <br/>)."""
        text, breaks = clean_text(item.text, item.content.breaks)
        el = etree.Element(tag)
        cuts = [0] + breaks + [len(text)]
        for n, (a, b) in enumerate(zip(cuts, cuts[1:])):
            if n:
                etree.SubElement(el, "br")
            if tag == "title":
                last = el[-1] if len(el) else None
                if last is None:
                    el.text = (el.text or "") + text[a:b]
                else:
                    last.tail = (last.tail or "") + text[a:b]
            else:
                inline.fill(el, text, a, b)
        return el

    def heading(self, item, level: int) -> Unit:
        text = clean(item)
        label = label_of(text)
        heading = etree.Element("heading")
        if label is None:
            inline.fill(heading, text)
            return Unit("heading", heading, level, "", text=text)
        rest = text[len(label.mark):].lstrip(INDENT)
        inline.fill(heading, rest)
        return Unit("heading", heading, level, label.mark.strip(), text=text)

    def groups(self, item) -> list[tuple[str | None, str]]:
        """A paragraph's text in runs of one character-style kind (lead, runin, article, or None)."""
        out: list[tuple[str | None, str]] = []
        for piece in item.content.pieces:
            kind = self.char_kind(piece.rPr)
            kind = None if kind == "cite" else kind
            if out and out[-1][0] == kind:
                out[-1] = (kind, out[-1][1] + piece.text)
            else:
                out.append((kind, piece.text))
        return [(k, t) for k, t in out if t]

    def body_unit(self, item) -> Unit:
        return Unit("body", self.body_element(item), text=clean(item))

    def body_element(self, item) -> etree._Element:
        """A Body paragraph: an article (Article Label first), a paragraph with a run-in heading,
        a point (a lead, or 一是 / 第一， / —— / a sequence mark), or a paragraph."""
        groups = self.groups(item)
        text = clean(item)
        kinds = [k for k, _ in groups]
        if kinds and kinds[0] == "article":
            label = groups[0][1].strip(INDENT)
            rest = text[len(label):].lstrip(INDENT) if text.startswith(label) else text
            article = etree.Element("article", label=label)
            inner = self._paragraph(groups[1:], rest)
            article.append(inner if inner.tag == "p" else inline.fill(etree.Element("p"), rest))
            return article
        return self._paragraph(groups, text)

    def _paragraph(self, groups, text: str) -> etree._Element:
        first = next(((k, t) for k, t in groups if t.strip(INDENT)), (None, ""))
        if first[0] == "runin" and text.startswith(first[1].strip(INDENT)):
            runin_text = first[1].strip(INDENT)
            p = etree.Element("p")
            label = label_of(runin_text)
            runin = etree.SubElement(p, "runin")
            if label is not None:
                runin.set("label", label.mark.strip())
                inline.fill(runin, runin_text[len(label.mark):])
            else:
                inline.fill(runin, runin_text)
            inline.fill(p, text[len(runin_text):])
            return p
        marker = point_marker(text)
        if first[0] == "lead" and marker is not None:
            lead_text = first[1].strip(INDENT)
            point = etree.Element("point", kind=marker[0], marker=marker[1])
            if text.startswith(lead_text):
                inline.fill(etree.SubElement(point, "lead"), lead_text)
                inline.fill(point, text[len(lead_text):])
            else:
                inline.fill(point, text)
            return point
        if marker is not None:
            return make_block(Para(text), Point(*marker))
        return inline.fill(etree.Element("p"), text)

    def table(self, item, caption_item) -> etree._Element:
        caption = inline.fill(etree.Element("caption"), clean(caption_item)) if caption_item is not None else None
        return model_table(item, caption)

    def figure(self, item, caption_item) -> Unit:
        from convert import figures

        caption = inline.fill(etree.Element("caption"), clean(caption_item)) if caption_item is not None else None
        pictures = [p for p in item.content.pictures if has_image(p)]
        if pictures:
            data, src, alt = self.body.picture(pictures[0])
        elif (found := figures.parse_placeholder(clean(item))) is not None:
            (alt, src), data = found, None
        else:  # the placeholder was edited into text
            return self.body_unit(item)
        figure = figures.figure_from_bytes(data, src, alt)
        if caption is not None:
            figure.append(caption)
        return Unit("figure", figure)

    def attachments(self, group) -> etree._Element:
        el = etree.Element("attachments")
        for n, item in enumerate(group):
            text = clean(item)
            if n == 0 and (m := ATTACHMENTS_LEAD.match(text)):
                el.set("label", m.group(0))
                text = text[m.end():].lstrip(INDENT)
            entry = etree.SubElement(el, "item")
            if m := ITEM_LABEL.match(text):
                entry.set("label", m.group(0))
                text = text[m.end():].lstrip(INDENT)
            inline.fill(entry, text)
        return el

    def notes(self, label, group) -> Unit:
        """End notes: the lead as written, each note a paragraph (run-in headings as in the body)."""
        el = etree.Element("notes", label=clean(label).strip(INDENT))  # entries() keeps paragraphs with text
        for item in group:
            p = self._paragraph(self.groups(item), clean(item))
            el.append(p if p.tag == "p" else inline.fill(etree.Element("p"), clean(item)))  # notes hold paragraphs
        return Unit("notes", el, label=el.get("label"))

    def attendance(self, item) -> etree._Element:
        """出席：names (the label as written; its kind from its word)."""
        text = clean(item)
        m = ATTENDANCE_LABEL.match(text)
        label = m.group(0) if m else ""
        word = re.sub(r"\s", "", label[:-1]) if label else ""
        el = etree.Element("attendance", kind=ATTENDANCE_KINDS.get(word, "present"), label=label or "出席：")
        return inline.fill(el, text[len(label):] if label else text)

    def closing(self, signatures, date, note) -> etree._Element:
        el = etree.Element("closing")
        for item in signatures:
            # a 命令's signature is 职务, a tab, and the name (7.3.5.3): the model's ideographic space
            parts = [part.strip(INDENT) for part in item.text.split("\t") if part.strip(INDENT)]
            text = "\u3000".join(parts) if len(parts) > 1 else clean(item)
            inline.fill(etree.SubElement(el, "signature"), text)
        if date is None:
            return el
        date_el = etree.SubElement(el, "date")
        date_el.text = clean(date)
        if found := parse_date(date_el.text):
            date_el.set("when", found[0])
        if note is not None:
            inline.fill(etree.SubElement(el, "note"), clean(note))
        return el

    def imprint(self, item) -> etree._Element:
        el = etree.Element("imprint")
        copyto = printed = None
        for row in item.rows:
            for cell in row:
                for p in cell.paragraphs:
                    raw = p.text
                    text = clean(p)
                    if not text:
                        continue
                    if "\t" in raw and printed is None:
                        office, _, date = raw.rpartition("\t")
                        printed = etree.Element("printed")
                        if office.strip(INDENT):
                            etree.SubElement(printed, "office").text = office.strip(INDENT)
                        date_el = etree.SubElement(printed, "date")
                        date_el.text = date.strip(INDENT)
                        if found := parse_date(date_el.text):
                            date_el.set("when", found[0])
                    elif copyto is None:
                        copyto = etree.Element("copyto")
                        if m := COPYTO_LABEL.match(text):
                            copyto.set("label", m.group(0))
                            text = text[m.end():]
                        inline.fill(copyto, text)
        for part in (copyto, printed):
            if part is not None:
                el.append(part)
        return el


def clean(item) -> str:
    """A paragraph's text, its edges trimmed, its line breaks dropped (a body paragraph has none)."""
    return clean_text(item.text, [])[0]


def point_marker(text: str) -> tuple[str, str] | None:
    """(kind, marker) of a point's opening: 一是, 第一，, ——, or a sequence mark (an item)."""
    if m := POINT_SHI.match(text):
        return "shi", text[: text.index("是") + 1]
    if m := POINT_ORDINAL.match(text):
        return "ordinal", m.group(1)
    if m := POINT_DASH.match(text):
        return "dash", m.group(1)
    if label := label_of(text):
        return "item", label.mark.strip()
    return None


# ------------------------------------------------------------------ build --

@dataclass
class Part:
    """The main document or an attached one, while it is built."""
    root: etree._Element                        # body or appendix
    notes: list[etree._Element] = field(default_factory=list)  # end notes, after the body
    ending: list[etree._Element] = field(default_factory=list)
    sections: list[etree._Element] = field(default_factory=list)  # open sections, outermost first
    article: etree._Element | None = None

    @property
    def container(self) -> etree._Element:
        return self.sections[-1] if self.sections else self.root

    def is_empty(self) -> bool:
        return not len(self.root) and not self.notes and not self.ending

    def notes_into_body(self) -> None:
        """Notes followed by a heading or a block (as an edit may leave them) are no end notes:
        their lead and paragraphs go back to the body, in order, before what follows."""
        for block in self.notes:
            lead = etree.SubElement(self.container, "p")
            lead.text = block.get("label")
            self.container.extend(list(block))
        self.notes = []


class UnitAssembler:
    """Assembles our DOCX's units into a report: places the units into the model's parts: meta, front, body (sections, articles), the ending,
    attached documents, imprint."""

    def __init__(self):
        self.meta: dict[str, list[etree._Element]] = {}
        self.front: dict[str, etree._Element] = {}
        self.main = Part(etree.Element("body"))
        self.appendices: list[Part] = []
        self.imprint: etree._Element | None = None

    @property
    def part(self) -> Part:
        return self.appendices[-1] if self.appendices else self.main

    def new_appendix(self, label: str = "") -> Part:
        part = Part(etree.Element("appendix"))
        if label:
            part.root.set("label", label)
        self.appendices.append(part)
        return part

    def body_part(self) -> Part:
        """The part a block goes into: after a part's ending, an attached document without a label."""
        return self.new_appendix() if self.part.ending else self.part

    def add(self, unit: Unit) -> None:
        stored = unit.stored
        if unit.new_part and unit.kind != "appendix-heading" and (len(self.main.root) or self.main.ending) \
                and not (self.appendices and self.part.is_empty()):
            self.new_appendix()  # the page break the writer starts an unlabelled attached document with
        kind = unit.kind
        if kind == "title":
            if "title" in self.meta:
                return self.place(Unit("body", inline.fill(etree.Element("p"), tree.text_of(unit.element))))
            self.meta["title"] = [copy.deepcopy(stored.element) if stored else unit.element]
        elif kind in ("subtitle", "docnumber"):
            if kind in self.meta:
                return self.place(Unit("body", _as_p(unit.element)))
            self.meta[kind] = [copy.deepcopy(stored.element) if stored else unit.element]
        elif kind in ("summary", "dateline", "speaker"):
            if kind in self.front or not self.main.is_empty() or self.appendices:
                return self.place(Unit("body", _as_p(unit.element)))
            self.front[kind] = copy.deepcopy(stored.element) if stored else unit.element
        elif kind == "addressee":
            el = copy.deepcopy(stored.element) if stored else unit.element
            part = self.part
            if part is self.main and part.is_empty() and "addressee" not in self.front:
                self.front["addressee"] = el
            elif part is not self.main and not part.ending and part.root.find("addressee") is None \
                    and all(c.tag == "heading" for c in part.root):
                part.root.append(el)
            else:
                self.place(Unit("body", _as_p(el)))
        elif kind == "heading":
            self.heading(unit)
        elif kind == "appendix-heading":
            self.appendix_heading(unit)
        elif kind == "notes":
            part = self.new_appendix() if self.part.ending else self.part
            part.notes.append(copy.deepcopy(stored.element) if stored else unit.element)
            part.article = None
        elif kind in ("attachments", "attendance", "closing"):
            part = self.part
            if kind == "attachments" and part.ending:
                part = self.new_appendix()
            part.ending.append(copy.deepcopy(stored.element) if stored else unit.element)
            part.article = None
        elif kind == "imprint":
            if self.imprint is None:
                self.imprint = copy.deepcopy(stored.element) if stored else unit.element
            else:  # a second imprint: its text as paragraphs
                for part in unit.element:
                    self.place(Unit("body", _as_p(part)))
        else:
            self.place(unit)

    def place(self, unit: Unit) -> None:
        """A block (paragraph, point, article, table, figure) into the open section or article."""
        part = self.body_part()
        stored = unit.stored
        if stored is not None:
            el = copy.deepcopy(stored.element)
            if stored.kind == "article":
                article = etree.Element("article", label=stored.label)
                article.append(el)
                el = article
            in_article = stored.kind != "article" and stored.element.getparent().tag == "article"
        else:
            el = unit.element
            in_article = True  # the text reader's rule: what follows an article is the article's
        if part.notes and el.tag == "p":
            part.notes[-1].append(el)  # text after the notes stays after them: a note
            return
        part.notes_into_body()
        if el.tag == "article":
            part.container.append(el)
            part.article = el
        elif in_article and part.article is not None:
            part.article.append(el)
        else:
            part.article = None
            part.container.append(el)

    def heading(self, unit: Unit) -> None:
        part = self.body_part()
        part.notes_into_body()
        part.article = None
        stored = unit.stored
        level = unit.level
        while part.sections and int(part.sections[-1].get("level")) >= level:
            part.sections.pop()
        section = etree.SubElement(part.container, "section", level=str(level))
        label = stored.label if stored else unit.label
        if label:
            section.set("label", label)
        section.append(copy.deepcopy(stored.element) if stored else unit.element)
        part.sections.append(section)

    def appendix_heading(self, unit: Unit) -> None:
        current = self.part
        stored = unit.stored
        label = stored.label if stored else unit.label
        if current is not self.main and not current.root.get("label") and current.is_empty():
            part = current  # the page break started it: this is its title
            if label:
                part.root.set("label", label)
        else:
            part = self.new_appendix(label)
        heading = copy.deepcopy(stored.element) if stored else unit.element
        if stored is not None and stored.element.getparent() is None:
            return  # a label alone: the walk showed it with an empty title
        if heading.text or len(heading):
            heading.tag = "heading"
            part.root.insert(0, heading)

    # -- the model --

    def report(self, lang: str) -> etree._Element:
        report = tree.new_report(lang)
        meta = etree.SubElement(report, "meta")
        for name in META_ORDER:
            for el in self.meta.get(name, []):
                meta.append(el)
        if self.front:
            front = etree.SubElement(report, "front")
            for name in ("summary", "dateline", "speaker", "addressee"):
                if name in self.front:
                    front.append(self.front[name])
        report.append(self.main.root)
        for el in self.main.notes + self.main.ending:
            report.append(el)
        for part in self.appendices:
            if not len(part.root) and not part.notes and not part.ending and not part.root.get("label"):
                continue
            for el in part.notes + part.ending:
                part.root.append(el)
            report.append(part.root)
        if self.imprint is not None:
            report.append(self.imprint)
        return report


def _as_p(el: etree._Element) -> etree._Element:
    return inline.fill(etree.Element("p"), tree.text_of(el))


# ------------------------------------------------------------------ entry --

def rebuild(items, body, stored: etree._Element | None, package: Package, source: str,
            options: Options) -> etree._Element:
    """The model of our own DOCX: its units, the stored model's blocks where unchanged."""
    lang = tree.lang_of(stored) if stored is not None else document_lang(body.styles, items)
    units_reader = Units(items, body, lang)
    units = units_reader.read()
    if stored is not None:
        match(units, list(tree.blocks(stored)))
    builder = UnitAssembler()
    for unit in units:
        builder.add(unit)
    core = core_properties(package)
    fill_meta(builder, stored, core, source)
    if "masthead" not in builder.meta and (shown := units_reader.masthead.element()) is not None:
        builder.meta["masthead"] = [shown]
    report = builder.report(lang)
    if stored is not None:
        keep_stored_front(report, stored)
        dropped = stored.find("dropped")
        if dropped is not None:
            report.append(copy.deepcopy(dropped))
    try:
        # the stored model's metadata as it was; without one, the convention from the metadata
        return tree.validate(report if stored is not None else convention.record_convention(report))
    except tree.ModelError as exc:
        raise InputError(f"the DOCX's structure does not make a report model ({exc})") from None


def match(units: list[Unit], blocks: list[tree.Block]) -> None:
    """Give each unit whose block is unchanged (same kind, level and visible text) its stored block."""
    stored_keys = [key_of(b) for b in blocks]
    unit_keys = [unit_key(u) for u in units]
    matcher = difflib.SequenceMatcher(None, stored_keys, unit_keys, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            for a, b in zip(range(a0, a1), range(b0, b1)):
                units[b].stored = blocks[a]


def fill_meta(builder: UnitAssembler, stored: etree._Element | None, core: dict[str, str], source: str) -> None:
    """The stored metadata, with the title, subtitle and document number the DOCX shows, and the
    issuer from the core properties' author when it was changed there."""
    meta = builder.meta
    if stored is not None:
        for el in stored.find("meta"):
            if isinstance(el.tag, str) and el.tag not in ("title", "subtitle", "docnumber"):
                meta.setdefault(el.tag, []).append(copy.deepcopy(el))
    if "title" not in meta:
        title = stored.find("meta/title") if stored is not None else None
        if title is not None:
            meta["title"] = [copy.deepcopy(title)]
        else:
            el = etree.Element("title", origin="text" if core.get("title") else "file")
            el.text = core.get("title") or source
            meta["title"] = [el]
    elif stored is not None and meta["title"][0].get("origin") is None:
        origin = stored.find("meta/title").get("origin")
        if origin:
            meta["title"][0].set("origin", origin)
    author = core.get("creator", "")
    written = tree.meta_text(stored, "issuer") or "" if stored is not None else None
    if author != (written if written is not None else "") and (stored is not None or author):
        meta.pop("issuer", None)
        if author:
            issuer = etree.Element("issuer")
            issuer.text = author
            meta["issuer"] = [issuer]
    if "source" not in meta:
        el = etree.Element("source")
        el.text = source
        meta["source"] = [el]
    meta.setdefault("transforms", [etree.Element("transforms")])


def keep_stored_front(report: etree._Element, stored: etree._Element) -> None:
    """The stored front matter, in its order, when the DOCX shows the same parts with the same text."""
    front, old = report.find("front"), stored.find("front")
    if front is None or old is None:
        return
    def parts(el):
        return sorted((c.tag, tree.text_of(c)) for c in el)
    if parts(front) == parts(old):
        front.getparent().replace(front, copy.deepcopy(old))


def core_properties(package: Package) -> dict[str, str]:
    found = {}
    for rel in package.rels("").values():
        if rel.type.endswith(CORE) and not rel.external and package.has(rel.target):
            root = package.xml(rel.target)
            for name in ("title", "creator", "subject"):
                el = root.find(f"{{{DC}}}{name}")
                if el is not None and el.text:
                    found[name] = el.text.strip()
    return found


def document_lang(styles: Styles, items) -> str:
    """The report's script: the East Asian language of the document defaults, else detected."""
    lang = styles.default_rPr.find(w("lang")) if styles.default_rPr is not None else None
    value = (lang.get(w("eastAsia")) or lang.get(w("val")) or "").lower() if lang is not None else ""
    if value in WORD_LANGS:
        return WORD_LANGS[value]
    from convert.transforms.script import detect_script

    return detect_script("".join(i.text for i in items if hasattr(i, "text")))


# ---------------------------------------------------------------- the 版头 --

@dataclass
class ShownMasthead:
    """The 版头 as the DOCX shows it: a model without its stored one (a copy that lost it) takes
    its fields, mark, 令号 and 签发人 from here; the form is guessed from them."""
    fields: list[str] = field(default_factory=list)
    mark: list[str] = field(default_factory=list)
    order: str | None = None
    signers: list[str] = field(default_factory=list)

    def add(self, kind: str, item) -> str | None:
        """Take one paragraph of the 版头; the 发文字号 it holds, if any."""
        parts = [part.strip(INDENT) for part in item.text.split("\t") if part.strip(INDENT)]
        docnumber = None
        for part in parts:
            if kind == "mark":
                self.mark.append(part)
            elif kind == "masthead-order":
                self.order = part
            elif part.startswith((SIGNER_LABEL, SIGNER_LABEL_HANT)) or kind == "signer":
                names = part.split("：", 1)[1] if "：" in part else part
                self.signers += [n for n in re.split(r"[\s\u3000]+", names) if n]
            elif COPY.fullmatch(part) or SECRECY.fullmatch(part) or part in URGENCIES:
                self.fields.append(part)
            elif kind == "masthead-docnumber":
                docnumber = part
        return docnumber

    def element(self) -> etree._Element | None:
        if not self.mark:
            return None
        mark = "".join(self.mark)
        form = "minutes" if mark.endswith("纪要") else "order" if self.order else "upward" if self.signers \
            else "general" if mark.endswith("文件") else "letter"  # a 信函's mark is the organ's name alone
        suffix = {"minutes": "纪要", "order": "令", "letter": ""}.get(form, "文件")
        el = etree.Element("masthead", form=form)
        for name, pattern in (("copy", COPY), ("secrecy", SECRECY)):
            for value in self.fields:
                if pattern.fullmatch(value):
                    etree.SubElement(el, name).text = value
                    break
        for value in self.fields:
            if value in URGENCIES:
                etree.SubElement(el, "urgency").text = value
                break
        organs = self.mark[:-1] if len(self.mark) > 1 and self.mark[-1] == suffix else self.mark
        if len(organs) == 1 and suffix and organs[0].endswith(suffix):
            organs = [organs[0][:-len(suffix)]]
        mark_el = etree.SubElement(el, "mark", suffix=suffix) if suffix else etree.SubElement(el, "mark")
        for organ in organs:
            etree.SubElement(mark_el, "organ").text = organ
        for name in self.signers:
            etree.SubElement(el, "signer").text = name
        if self.order:
            etree.SubElement(el, "order").text = self.order
        return el
