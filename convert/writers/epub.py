"""EPUB 3 for phones: a title page, one XHTML document per level-1 section and one per
attached document (附件), a nav nested to level 2 plus an NCX, horizontal or vertical (直排).
The main document's ending (attachment list, closing) ends its last document, the 版记 the
book's last; tables sit in a box that scrolls sideways (styles/ebook.css), set horizontally
in the vertical edition. A figure's image is a file of the package, named by its content.

ebooklib builds the package documents (OPF, nav, NCX). The archive itself is
written here: ebooklib 0.20 stamps "now" on every zip entry and its
``write_epub`` swallows OSError, so we collect its entries and zip them with a
fixed timestamp, ``mimetype`` first and stored.
"""
from __future__ import annotations

import copy
import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ebooklib import epub
from lxml import etree

from convert import figures
from convert.model import Block, dates, lang_of, meta_text, plain_text, tables, tree
from convert.model.identity import identifier
from convert.model.masthead import imprint_parts, masthead_of, signer_label
from convert.model.tree import Section
from convert.model.visitor import START, TEXT, Translator, inline_events
from convert.options import Options
from convert.outputs import atomic_output, source_date_epoch
from convert.style import styles_file
from convert.transforms import vertical

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{EPUB_NS}}}type"

STYLESHEET = "ebook.css"
VERTICAL_STYLESHEET = "ebook-vertical.css"
# Family name that ebook.css puts first in the body stack; --embed-font defines it.
EMBEDDED_BODY_FAMILY = "report-body"
FONT_FILE = "fonts/body.ttf"
IMAGE_DIR = "images"  # a figure's image: images/<its SHA-256, 16 hex digits>.<ext>, one file per image

# Used for dcterms:modified and the zip entries when neither SOURCE_DATE_EPOCH nor a model date is known.
FALLBACK_TIME = datetime(1980, 1, 1, tzinfo=timezone.utc)

# Vertical edition: ASCII numbers set upright, as 縱中橫 when short (1-3 characters, e.g. 20, 5.1).
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
TATE_CHU_YOKO_MAX = 3

INLINE_CLASSES = {"cite": "cite", "q": "q", "lead": "lead", "runin": "runin"}
# A top-level part of the walk -> (file name stem, epub:type, listed in the nav)
DOCUMENT_KINDS = {"title-page": ("title", "titlepage", True), "opening": ("opening", "preamble", False),
                  "section": ("chapter", "chapter", True), "appendix": ("appendix", "appendix", True)}
# Parts that continue the document before them: the main document's end notes and its ending
# (attachment list, closing) end its last chapter, and the 版记 ends the last document. Only a
# book with no text before them gives them a document of their own (as an opening).
CONTINUING_KINDS = frozenset({"notes", "ending", "imprint"})
# The parts of a closing (落款) and of the 版记, by element -> class.
CLOSING_CLASSES = {"signature": "signature", "date": "closing-date", "note": "note"}

# Reader-facing words, per script.
WORDS = {
    "zh-Hans": {"contents": "目录", "appendix": "附件"},
    "zh-Hant": {"contents": "目錄", "appendix": "附件"},
}


class EpubError(ValueError):
    """The EPUB cannot be made as asked."""


# ------------------------------------------------------------ XHTML content --

def _el(parent: etree._Element, tag: str, cls: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{XHTML_NS}}}{tag}")
    if cls:
        el.set("class", cls)
    for key, value in attrs.items():
        el.set(key, value)
    return el


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


@dataclass
class Document:
    """One XHTML file of the spine."""

    file_name: str
    title: str
    body: etree._Element  # the <section> that holds the content
    nav_children: list[tuple[str, str]] = field(default_factory=list)  # (label, href#id) of level-2 headings
    in_nav: bool = True


class EpubTranslator(Translator):
    """Walks the model's blocks into XHTML documents: one for the title page, one for
    the opening (addressee and the text before the first section), one per level-1
    section and one per appendix."""

    def __init__(self, report: etree._Element, vertical: bool = False):
        super().__init__(report)
        self.vertical = vertical
        self.lang = lang_of(report)
        self.upright_numbers = vertical  # 縱中橫 in vertical text; a table is set horizontally
        self.book_title = meta_text(report, "title")
        self.documents: list[Document] = []
        self._numbers = {"chapter": 0, "appendix": 0}
        self._headings = 0
        self.images: dict[str, figures.Picture] = {}  # file name -> picture, for the manifest

    # -- documents

    def enter_section(self, section: Section) -> None:
        if section.depth > 1:
            return
        if section.kind in CONTINUING_KINDS:
            if len(self.documents) > 1:
                return
            section = Section("opening", None, 1)
        stem, kind, in_nav = DOCUMENT_KINDS[section.kind]
        if stem in self._numbers:
            self._numbers[stem] += 1
            stem = f"{stem}-{self._numbers[stem]:02d}"
        root = etree.Element(f"{{{XHTML_NS}}}section", nsmap={None: XHTML_NS, "epub": EPUB_NS})
        root.set(EPUB_TYPE, kind)
        root.set("class", kind)
        title = self.book_title
        if section.kind == "appendix" and section.element.find("heading") is None:
            title = section.element.get("label") or WORDS[self.lang]["appendix"]
        self.documents.append(Document(f"{stem}.xhtml", title, root, in_nav=in_nav))

    def leave_section(self, section: Section) -> None:
        if section.kind == "title-page":
            self._finish_title_page()

    def container(self, block: Block) -> etree._Element:
        return self.documents[-1].body

    def _finish_title_page(self) -> None:
        """Issuer and date under the title, unless a speaker line already says who."""
        if self.report.find("front/speaker") is not None:
            return
        parts = [t for t in (meta_text(self.report, "issuer"), meta_text(self.report, "date")) if t]
        if parts:
            p = _el(self.documents[-1].body, "p", "imprint")
            for i, part in enumerate(parts):
                if i:
                    _el(p, "br")
                self.text(p, part)

    # -- inline content

    def text(self, parent: etree._Element, text: str | None) -> None:
        """Append text; in the vertical edition ASCII numbers go upright."""
        if not text:
            return
        if not self.upright_numbers:
            _append_text(parent, text)
            return
        pos = 0
        for m in NUMBER.finditer(text):
            _append_text(parent, text[pos:m.start()])
            span = _el(parent, "span", "tcy" if len(m.group()) <= TATE_CHU_YOKO_MAX else "upright")
            span.text = m.group()
            pos = m.end()
        _append_text(parent, text[pos:])

    def inline(self, source: etree._Element, target: etree._Element) -> None:
        """Copy the model's inline content (text, cite, q, lead, runin) as spans."""
        open_spans = [target]
        for event, item in inline_events(source):
            if event is TEXT:
                self.text(open_spans[-1], item)
            elif event is START and item.tag == "br":  # a line break of the issuer's in a title
                open_spans.append(_el(open_spans[-1], "br"))
            elif event is START:
                open_spans.append(_el(open_spans[-1], "span", INLINE_CLASSES[item.tag]))
            else:
                open_spans.pop()

    def block_element(self, block: Block, tag: str, cls: str | None) -> etree._Element:
        el = _el(self.container(block), tag, cls)
        self.inline(block.element, el)
        return el

    # -- visitors, one per block kind

    def visit_title(self, block: Block) -> None:
        self.block_element(block, "h1", "title")

    def visit_subtitle(self, block: Block) -> None:
        self.block_element(block, "p", "subtitle")

    def visit_docnumber(self, block: Block) -> None:  # 发文字号, under the title
        self.block_element(block, "p", "docnumber")

    def visit_masthead(self, block: Block) -> None:
        """The 版头 as a header block styled by ebook.css, in the flow (no absolute positions):
        份号/密级/紧急 at the left, the mark centred in red (a joint mark's organs stacked, 文件
        beside them), the 令号, the 发文字号 (an upward document's at the left, 签发人 at the
        right), and a red rule (a 信函's double) for the forms that have one."""
        mh = masthead_of(self.report)
        header = _el(self.container(block), "header", f"masthead {mh.form}")
        for value in mh.fields:
            self.text(_el(header, "p", "masthead-field"), value)
        mark = _el(header, "p", "mark")
        if len(mh.organs) > 1:
            organs = _el(mark, "span", "organs")
            for i, organ in enumerate(mh.organs):
                if i:
                    _el(organs, "br")
                self.text(organs, organ)
            self.text(_el(mark, "span", "suffix"), mh.suffix)
        else:
            self.text(mark, mh.mark_text)
        if mh.order:
            self.text(_el(header, "p", "order"), mh.order)
        if mh.docnumber:
            self.text(_el(header, "p", "masthead-docnumber" + (" beside-signers" if mh.signers else "")), mh.docnumber)
        if mh.signers:
            signers = _el(header, "p", "signers")
            self.text(signers, signer_label(self.lang))
            self.text(_el(signers, "span", "signer-names"), "\u3000".join(mh.signers))
        if mh.form in ("general", "upward", "letter"):
            _el(header, "hr", "masthead-rule")

    def visit_attendance(self, block: Block) -> None:
        """出席：names (a 纪要, 10.3): a paragraph whose label (黑体) hangs, so that a wrapped line
        starts under the first name (ebook.css); a 纪要's lists together in one block."""
        container = self.container(block)
        last = container[-1] if len(container) else None
        block_el = last if last is not None and last.get("class") == "attendance" else _el(container, "div", "attendance")
        p = _el(block_el, "p")
        self.text(_el(p, "span", "attendance-label"), block.element.get("label", ""))
        self.inline(block.element, p)

    def visit_summary(self, block: Block) -> None:
        self.block_element(block, "p", "summary")

    def visit_dateline(self, block: Block) -> None:
        self.block_element(block, "p", "dateline")

    def visit_speaker(self, block: Block) -> None:
        self.block_element(block, "p", "speaker")

    def visit_addressee(self, block: Block) -> None:
        self.block_element(block, "p", "addressee")

    def visit_p(self, block: Block) -> None:
        self.block_element(block, "p", None)

    def visit_point(self, block: Block) -> None:
        self.block_element(block, "p", "point")

    def visit_heading(self, block: Block) -> None:
        # In an attached document its title is the h1, so its sections start at h2.
        rank = block.level + (self.sections[0].kind == "appendix")
        self._heading(block, f"h{min(rank, 4)}", f"level{block.level}")

    def visit_appendix_heading(self, block: Block) -> None:
        self._heading(block, "h1", "appendix-heading", label_class="appendix-label")

    def _heading(self, block: Block, tag: str, cls: str, label_class: str | None = None) -> None:
        parent = self.container(block)
        self._headings += 1
        anchor = f"h{self._headings:03d}"
        h = _el(parent, tag, cls, id=anchor)
        if label_class and block.label:  # 附件1 on a line of its own, above the title
            self.text(_el(h, "span", label_class), block.label_text)
        elif block.label_text:
            self.text(h, block.label_text)
        self.inline(block.element, h)
        doc = self.documents[-1]
        depth = self.sections[-1].depth  # of the section or appendix this heading names
        if depth == 1:
            doc.title = block.text
        elif depth == 2:
            doc.nav_children.append((block.text, f"{doc.file_name}#{anchor}"))

    def visit_article(self, block: Block) -> None:
        """第一条　…: the article's number set apart in a span, then its first paragraph."""
        p = _el(self.container(block), "p", "article")
        self.text(_el(p, "span", "article-label"), block.label)
        self.text(p, block.label_text[len(block.label):])
        self.inline(block.element, p)

    def visit_table(self, block: Block) -> None:
        """An HTML table in a box that scrolls sideways by itself (ebook.css .table-box), so a
        wide table never widens the page; header rows in <thead>, numeric columns marked."""
        box = _el(self.container(block), "div", "table-box")
        table = _el(box, "table", "table")
        self.upright_numbers = False
        caption = block.element.find("caption")
        if caption is not None:
            self.inline(caption, _el(table, "caption"))
        grid = tables.grid(block.element)
        numeric = grid.numeric_columns()
        groups = (("thead", grid.rows[:grid.header_rows]), ("tbody", grid.rows[grid.header_rows:]))
        for tag, rows in groups:
            if rows:
                group = _el(table, tag)
                for row in rows:
                    tr = _el(group, "tr")
                    for placed in row:
                        self._cell(tr, placed, placed.columns == 1 and placed.column in numeric)
        self.upright_numbers = self.vertical

    def _cell(self, tr: etree._Element, placed: tables.Placed, numeric: bool) -> None:
        td = _el(tr, "th" if placed.header else "td", "num" if numeric and not placed.header else None)
        if placed.columns > 1:
            td.set("colspan", str(placed.columns))
        if placed.rows > 1:
            td.set("rowspan", str(placed.rows))
        for paragraph in tree.cell_paragraphs(placed.cell):
            self.inline(paragraph, _el(td, "p"))

    def visit_figure(self, block: Block) -> None:
        """<figure> with the <img> (its file named by its content, so the same image is one
        file), or a placeholder box naming the alt text and the source; the <figcaption>."""
        el = block.element
        figure = _el(self.container(block), "figure", "figure")
        picture = figures.picture(el)
        if picture is not None:
            name = f"{IMAGE_DIR}/{hashlib.sha256(picture.data).hexdigest()[:16]}.{picture.extension}"
            self.images[name] = picture
            _el(figure, "img", src=name, alt=el.get("alt") or "")
        else:
            label, src = figures.placeholder_parts(el, self.lang)
            box = _el(figure, "div", "figure-placeholder")
            self.text(_el(box, "p", "figure-alt"), label)
            if src:  # set as it is written: no upright numbers in an address
                _append_text(_el(box, "p", "figure-src"), src)
        caption = el.find("caption")
        if caption is not None:
            self.inline(caption, _el(figure, "figcaption"))

    def visit_notes(self, block: Block) -> None:
        """End notes (注释, 资料来源): a section of endnotes, the lead, then each note as printed."""
        box = _el(self.container(block), "section", "notes")
        box.set(EPUB_TYPE, "endnotes")
        self.text(_el(box, "p", "notes-label"), block.element.get("label"))
        for p in block.element.iterfind("p"):
            self.inline(p, _el(box, "p", "note-text"))

    def visit_attachments(self, block: Block) -> None:
        """附件说明: the lead (附件：), then the items as a list, each with its number."""
        box = _el(self.container(block), "div", "attachments")
        if block.element.get("label"):
            self.text(_el(box, "p", "attachments-label"), block.element.get("label"))
        items = _el(box, "ol", "attachment-items")
        for item in block.element.iterfind("item"):
            li = _el(items, "li")
            if item.get("label"):
                self.text(_el(li, "span", "item-label"), item.get("label"))
            self.inline(item, li)

    def visit_closing(self, block: Block) -> None:
        """落款: each signature and the date as their own lines, right-aligned by ebook.css,
        and the note on the line below."""
        box = _el(self.container(block), "div", "closing")
        for part in block.element:
            if isinstance(part.tag, str):
                self.inline(part, _el(box, "p", CLOSING_CLASSES[part.tag]))

    def visit_imprint(self, block: Block) -> None:
        """版记: the copy-to line with its lead, and the printing office with the date."""
        box = _el(self.container(block), "div", "colophon")
        for part in imprint_parts(self.report, block.element):  # a 信函's has no 印发 line
            if part.tag == "copyto":
                p = _el(box, "p", "copyto")
                if part.get("label"):
                    self.text(_el(p, "span", "copyto-label"), part.get("label"))
                self.inline(part, p)
            elif part.tag == "printed":
                p = _el(box, "p", "printed")
                for i, child in enumerate(part.iterchildren("office", "date")):
                    if i:
                        _append_text(p, "\u3000")
                    self.inline(child, _el(p, "span", "printed-" + child.tag))

    def output(self) -> list[Document]:
        self.walk()
        return self.documents


def xhtml_document(doc: Document, lang: str, stylesheets: list[str]) -> bytes:
    html = etree.Element(f"{{{XHTML_NS}}}html", nsmap={None: XHTML_NS, "epub": EPUB_NS})
    html.set("lang", lang)
    html.set(XML_LANG, lang)
    head = _el(html, "head")
    _el(head, "title").text = doc.title
    for href in stylesheets:
        _el(head, "link", rel="stylesheet", type="text/css", href=href)
    body = _el(html, "body")
    body.append(doc.body)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        + etree.tostring(html, encoding="UTF-8", pretty_print=True)
    )


# ------------------------------------------------------------------ package --

def modified_time(report: etree._Element) -> datetime:
    """SOURCE_DATE_EPOCH if set, else the model's date (a year or a day), in UTC."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, timezone.utc)
    date = report.find("meta/date")
    created = dates.when_datetime(date.get("when") if date is not None else None)
    return created.replace(tzinfo=timezone.utc) if created else FALLBACK_TIME


class _Entries:
    """Stands in for ebooklib's ZipFile: keeps the entries in write order."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []

    def writestr(self, name: str, data: str | bytes, compress_type: int | None = None) -> None:
        self.entries.append((name, data.encode("utf-8") if isinstance(data, str) else data))


class _PackageWriter(epub.EpubWriter):
    """ebooklib's writer, with lang on the OPF and NCX, and entries collected, not zipped.
    Relies on EpubWriter's _write_container/_write_opf/_write_items (ebooklib 0.20)."""

    def __init__(self, book: epub.EpubBook, lang: str, depth: int, mtime: datetime):
        options = {"mtime": mtime, "epub2_guide": False, "epub3_landmark": False, "epub3_pages": False,
                   "raise_exceptions": True}
        super().__init__("", book, options)
        self.lang = lang
        self.depth = depth

    def entries(self) -> list[tuple[str, bytes]]:
        self.out = _Entries()
        self.out.writestr("mimetype", "application/epub+zip")
        self.process()
        self._write_container()
        self._write_opf()
        self._write_items()
        return self.out.entries

    def _write_opf_file(self, root):
        root.set(XML_LANG, self.lang)
        super()._write_opf_file(root)

    def _get_ncx(self):
        ncx = etree.fromstring(super()._get_ncx())
        ncx.set(XML_LANG, self.lang)
        for meta in ncx.iter("{*}meta"):
            if meta.get("name") == "dtb:depth":
                meta.set("content", str(self.depth))
        return etree.tostring(ncx, encoding="utf-8", xml_declaration=True, pretty_print=True)


def zip_entries(entries: list[tuple[str, bytes]], path: Path, mtime: datetime) -> None:
    """Write the archive: mimetype first and stored, fixed times and modes, order as given."""
    year = min(max(mtime.year, 1980), 2107)
    stamp = (year, mtime.month, mtime.day, mtime.hour, mtime.minute, mtime.second) if year == mtime.year \
        else (year, 1, 1, 0, 0, 0)
    if entries[0][0] != "mimetype":
        raise EpubError("internal: mimetype must be the first entry")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, stamp)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)


def build_book(report: etree._Element, options: Options) -> tuple[epub.EpubBook, int]:
    lang = lang_of(report)
    translator = EpubTranslator(report, options.vertical)
    documents = translator.output()

    book = epub.EpubBook()
    book.set_identifier(identifier(report, options.vertical))
    book.set_title(meta_text(report, "title"))
    book.set_language(lang)
    issuer = meta_text(report, "issuer")
    if issuer:
        book.add_author(issuer)
    date = report.find("meta/date")
    if date is not None and date.get("when"):
        book.add_metadata("DC", "date", date.get("when"))

    stylesheets = ["style/" + STYLESHEET]
    style_files = [STYLESHEET]
    if options.vertical:
        stylesheets.append("style/" + VERTICAL_STYLESHEET)
        style_files.append(VERTICAL_STYLESHEET)
        book.set_direction("rtl")  # spine page-progression-direction
        book.add_metadata(None, "meta", "", {"name": "primary-writing-mode", "content": "vertical-rl"})
    if options.embed_font:
        stylesheets.insert(0, "style/font.css")
        for item in embedded_font_items(report, options):
            book.add_item(item)
    for index, name in enumerate(style_files):
        book.add_item(epub.EpubItem(uid=f"css-{index}", file_name="style/" + name, media_type="text/css",
                                    content=styles_file(name).read_bytes()))

    for name, picture in sorted(translator.images.items()):
        book.add_item(epub.EpubItem(uid="img-" + Path(name).stem, file_name=name, media_type=picture.type,
                                    content=picture.data))

    spine = []
    toc = []
    for index, doc in enumerate(documents):
        item = epub.EpubItem(uid=Path(doc.file_name).stem, file_name=doc.file_name,
                             media_type="application/xhtml+xml",
                             content=xhtml_document(doc, lang, stylesheets))
        book.add_item(item)
        spine.append(item)
        if not doc.in_nav:
            continue
        link = epub.Link(doc.file_name, doc.title, f"nav-{index:02d}")
        if doc.nav_children:
            children = [epub.Link(href, label, f"nav-{index:02d}-{n:02d}")
                        for n, (label, href) in enumerate(doc.nav_children, 1)]
            toc.append((link, children))
        else:
            toc.append(link)

    nav = epub.EpubNav(title=WORDS[lang]["contents"])
    for href in stylesheets:
        nav.add_link(href=href, rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.toc = toc
    book.spine = spine
    depth = 2 if any(isinstance(entry, tuple) for entry in toc) else 1
    return book, depth


def embedded_font_items(report: etree._Element, options: Options) -> list[epub.EpubItem]:
    """A TrueType subset of the style's body font for every character of the book,
    declared as the family ebook.css puts first in the body stack."""
    try:
        from convert.typeset.fonts import subset_for_role
    except ImportError:
        raise EpubError("--embed-font is not available: the font subsetter (convert.typeset.fonts) is missing") from None
    from convert.style import load

    chars = set(plain_text(report)) | set("".join(t for t in (meta_text(report, "issuer"), meta_text(report, "date")) if t))
    chars |= set(WORDS[lang_of(report)]["contents"])
    font = subset_for_role(load(options.style), "body", lang_of(report), chars)
    css = f'@charset "UTF-8";\n@font-face {{\n  font-family: "{EMBEDDED_BODY_FAMILY}";\n  src: url("../{FONT_FILE}");\n}}\n'
    return [
        epub.EpubItem(uid="font-body", file_name=FONT_FILE, media_type="font/ttf", content=font.read_bytes()),
        epub.EpubItem(uid="css-font", file_name="style/font.css", media_type="text/css", content=css.encode("utf-8")),
    ]


def write(report: etree._Element, path: Path, options: Options | None = None) -> None:
    options = options or Options()
    if options.vertical and lang_of(report) == "zh-Hant":
        report = vertical.for_vertical(copy.deepcopy(report))  # 「」 quotes: on a copy, the model is shared
    book, depth = build_book(report, options)
    mtime = modified_time(report)
    entries = _PackageWriter(book, lang_of(report), depth, mtime).entries()
    with atomic_output(path) as tmp:
        zip_entries(entries, tmp, mtime)
