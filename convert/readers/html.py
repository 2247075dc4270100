"""A web page (HTML) → model.

`htmlpage` finds what a reader of the page sees: its decoding, the article, the metadata
table and the chrome. This module turns the article's tree into the real paragraphs that
`paragraphs.build_report` takes, with the page's own cues as hints, and the blocks it builds
itself: tables and figures. What is general here, and why:

- A paragraph is a block's inline content (<p>, <div>, <li>, a cell's text); an item of
  a numbered list (<ol>) starts with the number a browser shows. Whitespace
  collapses as a browser collapses it, and a line end between two Chinese characters
  vanishes (CSS Text's segment-break rule): source lines are not spaces in Chinese.
- A <br> inside a paragraph is a line break: a centred, bold or heading paragraph keeps it
  as the line break of a title (Para.breaks); in running text the lines are joined or kept
  apart by the text reader's own rules (a sentence end, a mark, a date, an indented line
  start a new paragraph), since pages use <br> for both.
- Hints come from the markup a browser renders: <h1>–<h6> give outline levels (ranked by
  the levels the article uses, a lone top-level title aside); bold (<b>, <strong>,
  font-weight) over a whole paragraph, unless most paragraphs are bold; centring
  (text-align, align, <center>). The sequence marks still decide the levels, by the shared
  classifier.
- <table> is a model table when it holds data (Readability's test: header cells, a
  caption, or enough rows and columns, and no table inside); a layout table's cells are
  read as paragraphs. Header rows are <thead> or <th> rows, else a bold first row (what
  Word's HTML gives); spans are kept; a centred 表N line right before is the caption
  (structure/captions.py, as for every reader).
- <img> is a figure (convert/figures.py), embedded when the file is next to the page (or a
  data: URI), else a placeholder with its source and alt text, and one warning for the file.
  A <figcaption>, or a 图N line right under the image (structure/captions.py), is its caption.
"""
from __future__ import annotations

import base64
import re
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from convert import feedback, figures
from convert.chars import is_chinese_text, is_private_use_only
from convert.errors import InputError
from convert.model import inline
from convert.options import Options
from convert.readers import boilerplate, htmlmeta, htmlpage, source_folder, source_name
from convert.readers.paragraphs import build_report
from convert.readers.structure import Hints, Para, captions, is_body_start, tables
from convert.readers.structure.document import MAX_TITLE_PARAS, lines_of
from convert.readers.structure.marks import INDENT, MAX_HEADING, TERMINAL, starts_structure
from convert.readers.structure.meta import MAX_TITLE, TITLE_BREAK, continues_title, is_title_line
from convert.readers.text import Line, join_broken_lines
from convert.transforms import cleanup, punctuation

BLOCK_TAGS = htmlpage.BLOCK_TAGS
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BOLD_TAGS = frozenset({"b", "strong", "th"} | set(HEADINGS))
PRE_TAGS = frozenset({"pre", "listing", "xmp", "plaintext"})
ASCII_SPACE = " \t\n\r\f"
COLLAPSIBLE = re.compile(r"[ \t\n\r\f\u00a0]+")  # HTML's white space, and &nbsp; shown as a space
MAX_IMAGE_BYTES = 32 * 1024 * 1024
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534  # HTML's own limits
INDENTED = re.compile(r"^[\u3000\u00a0]{2}")  # a line that starts indented starts a paragraph
TITLE_SEARCH = 3  # paragraphs at the article's top a page's title may agree with (paragraphs.take_title_lines')
REMOVED = re.compile(f"[{cleanup.ZERO_WIDTH}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def parse(raw: bytes, source="page.html", options: Options | None = None):
    """The validated model of an HTML page. `source`: a name, or a source (convert.readers), whose
    folder holds the page's images (only a name: its images are not looked for)."""
    options = options or Options()
    base, source = source_folder(source), source_name(source)
    page = htmlpage.read(raw, options.encoding)
    walker = Walker(base, options)
    if page.headline is not None:
        walker.block(page.headline, context_of(page.headline))
    try:
        for el in page.content:
            walker.block(el, context_of(el))
        paras = merge_title_runs(walker.finish())
    except RecursionError:  # the parser allows 256 levels; a walk that deep in a deep stack
        raise InputError("the page nests elements too deep to read") from None
    dropped = page.chrome + walker.chrome
    end, reasons = boilerplate.tail_start([p.text if p.block is None else "" for p in paras])
    dropped += [(i + 1, reasons[i], paras[i].text) for i in sorted(reasons)]  # numbered by paragraph, as the head
    paras = paras[:end]
    if not paras:
        raise InputError("no article text in the page")
    known, page_title = title_evidence(page, paras, options)
    if walker.missing:
        shown = ", ".join(walker.missing[:3]) + (", …" if len(walker.missing) > 3 else "")
        feedback.note_once(f"warning: {source}: {len(walker.missing)} image(s) not found locally, "
                           f"shown as placeholders: {shown}")
    transforms = [("decode", page.encoding)]
    if dropped:
        transforms.append(("strip-page-chrome", f"{len(dropped)} blocks"))
    if walker.removed:
        transforms.append(("remove-control-characters", f"{walker.removed} characters"))
    if walker.punctuation_changes:
        transforms.append(("fullwidth-punctuation", f"GB/T 15834 in table cells: {walker.punctuation_changes} marks"))
    return build_report(paras, source, options, known=known, dropped=dropped, transforms=transforms,
                        page_title=page_title)


def title_evidence(page: htmlpage.Page, paras: list[Para], options: Options) -> tuple[dict, str | None]:
    """What the page's titles outside the article (<meta> titles, <title>) say: the article line
    they agree with is the title, whatever its markup (an <h1> is then no section heading);
    where none agrees, the page's title is the title if the article shows none of its own.
    Returns build_report's `known` and that page title; the title line leaves `paras`."""
    known = dict(page.known)
    if known.get("title") or options.title or not page.titles:
        return known, None
    texts = [p.text if p.block is None else "" for p in paras[:TITLE_SEARCH]]
    found = htmlmeta.agreeing_line(texts, page.titles)
    if found is None and is_marked_headline(page, paras):
        found = 0  # no line agrees with the page's titles: the heading the page sets over the article is the title
    if found is not None:  # the title line itself, as the text reader takes its title line
        known["title"] = TITLE_BREAK.join(lines_of(paras[found]))
        paras[found] = Para("")  # a stand-in keeps the later paragraphs' numbers
        return known, None
    return known, htmlmeta.page_title_text(page.titles)


def is_marked_headline(page: htmlpage.Page, paras: list[Para]) -> bool:
    """Is the first paragraph the page's headline, a heading element (<h1>–<h6>) before the
    article, whole (one paragraph, as a title)?"""
    el = page.headline
    return (el is not None and el.tag in HEADINGS and bool(paras) and paras[0].block is None
            and htmlmeta.folded_title(paras[0].text) == htmlmeta.folded_title(el.text_content()))


# ------------------------------------------------------------- styles --

@dataclass(frozen=True)
class Context:
    """What a block's text inherits from the elements around it."""
    align: str | None = None
    bold: bool = False
    heading: int | None = None
    pre: bool = False
    indent: bool = False


def parse_style(style: str | None) -> dict[str, str]:
    found = {}
    for decl in (style or "").split(";"):
        name, colon, value = decl.partition(":")
        if colon:
            found[name.strip().lower()] = value.strip().lower().replace("!important", "").strip()
    return found


def apply(ctx: Context, el: etree._Element) -> Context:
    tag = el.tag if isinstance(el.tag, str) else ""
    style = parse_style(el.get("style"))
    changes = {}
    align = el.get("align", "").strip().lower() if tag in BLOCK_TAGS else ""
    if tag == "center":
        align = "center"
    align = style.get("text-align", align)
    if align:
        changes["align"] = "center" if align in ("center", "middle", "-webkit-center") else align
    if tag in BOLD_TAGS:
        changes["bold"] = True
    weight = style.get("font-weight")
    if weight:
        changes["bold"] = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
    if tag in HEADINGS:
        changes["heading"] = HEADINGS[tag]
    if tag in PRE_TAGS or style.get("white-space", "").startswith("pre"):
        changes["pre"] = True
    indent = style.get("text-indent")
    if indent is not None:
        changes["indent"] = bool(re.match(r"^-?[0-9.]*[1-9]", indent))
    return replace(ctx, **changes) if changes else ctx


def context_of(el: etree._Element) -> Context:
    """The context an element's ancestors give it (not its own style)."""
    ctx = Context()
    for ancestor in reversed(list(el.iterancestors())):
        ctx = apply(ctx, ancestor)
    return ctx


# ------------------------------------------------------------- walker --

ICON_NAMES = re.compile(r"icon|glyph|\bfa\b|\bfa-", re.IGNORECASE)  # icon fonts' class names (iconfont, fa fa-weibo)

# The label of a box of other articles a site sets inside the article (延伸阅读, 相关新闻, 延伸 · 推荐)
RELATED_LABELS = frozenset({
    "延伸阅读", "延伸閱讀", "相关阅读", "相關閱讀", "推荐阅读", "推薦閱讀", "相关新闻", "相關新聞", "相关文章", "相關文章",
    "相关推荐", "相關推薦", "延伸推荐", "延伸推薦", "热门推荐", "熱門推薦", "热点推荐", "熱點推薦", "猜你喜欢", "猜你喜歡",
    "相关链接", "相關鏈接", "相关报道", "相關報道", "更多阅读", "更多閱讀"})
LABEL_MARKS = re.compile(r"[\s·•・|｜:：\-—]+")
MAX_RELATED = 300  # characters of such a box: headlines and a summary; longer is a part of the article


def is_related_box(el: etree._Element) -> bool:
    """A block that opens with a label of related articles (its first text) and holds a link to
    one: the site's box of other articles, not the article's text. The label is asked first: it
    is the first text, so every block of a deep page is not read whole."""
    first = next((t for t in el.itertext() if t.strip()), "")
    if LABEL_MARKS.sub("", first) not in RELATED_LABELS:
        return False
    return el.find(".//a[@href]") is not None and htmlpage.count(el.text_content()) <= MAX_RELATED


class Run:
    """The inline content of one block, as it comes: text pieces with their boldness, line
    breaks and images."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.pieces: list[tuple] = []

    def text(self, s: str | None, bold: bool) -> None:
        if s:
            self.pieces.append(("text", s, bold))


class Walker:
    def __init__(self, base: Path | None, options: Options):
        self.base = base
        self.options = options
        self.paras: list[Para] = []
        self.chrome: list[tuple[int, str, str]] = []
        self.missing: list[str] = []
        self.removed = 0
        self.punctuation_changes = 0
        self.run: Run | None = None

    # -- blocks ---------------------------------------------------------
    def block(self, el: etree._Element, outer: Context) -> None:
        ctx = apply(outer, el)
        if htmlpage.is_unlikely(el) and self.is_chrome(el):
            text = htmlmeta.one_line(el)
            if text:
                self.chrome.append((htmlpage.source_line(el), "page-chrome", text))
            return
        if el.tag == "table" and is_data_table(el):
            self.table(el, ctx)
        elif el.tag == "figure":
            self.figure_element(el, ctx)
        elif el.tag != "hr":
            self.container(el, ctx)

    @staticmethod
    def is_chrome(el: etree._Element) -> bool:
        """A page part inside the article (a share bar, related links, comments): short or
        mostly links. A long text in a block named like a part is kept."""
        names = f"{el.get('class', '')} {el.get('id', '')}"
        n = htmlpage.count(el.text_content())
        return n < 40 or htmlpage.link_density(el) >= 0.3 or bool(re.search(r"comment|reply|replies", names, re.I))

    def container(self, el: etree._Element, ctx: Context) -> None:
        self.flush()
        self.run = Run(ctx)
        number = list_number(el)
        if number:
            self.run.text(number, ctx.bold)
        self.children(el, ctx)
        self.flush()

    def children(self, el: etree._Element, ctx: Context) -> None:
        self.run.text(el.text, ctx.bold)
        for child in el:
            if not isinstance(child.tag, str):
                pass
            elif child.tag in BLOCK_TAGS:
                self.flush()
                if is_related_box(child):
                    self.chrome.append((htmlpage.source_line(child), "page-chrome",
                                        htmlmeta.one_line(child)))
                else:
                    self.block(child, ctx)
                self.run = Run(ctx)
            elif child.tag == "br":
                self.run.pieces.append(("br",))
            elif child.tag == "img":
                self.run.pieces.append(("img", child))
            elif self.is_icon(child):
                self.chrome.append((htmlpage.source_line(child), "page-chrome", child.text_content().strip()))
            else:
                self.children(child, apply(ctx, child))
            if child.tail:
                self.run.text(child.tail, ctx.bold)

    @staticmethod
    def is_icon(el: etree._Element) -> bool:
        """An icon font's glyph (<i class="icon">&#xe608;</i>): only Private Use Area characters,
        in an <i> or an element named an icon. A rare character a site set in a font of its own
        (<span style="font-family:…">&#xe123;</span> in a name) is text, and kept."""
        names = f"{el.get('class', '')} {el.get('id', '')}"
        return (el.tag == "i" or bool(ICON_NAMES.search(names))) and is_private_use_only(el.text_content())

    def flush(self) -> None:
        run, self.run = self.run, None
        if run is None or not run.pieces:
            return
        segment: list[tuple] = []
        for piece in run.pieces + [("end",)]:
            if piece[0] in ("img", "end"):
                self.paragraphs(segment, run.ctx)
                segment = []
                if piece[0] == "img":
                    self.image(piece[1])
            else:
                segment.append(piece)

    # -- paragraphs -----------------------------------------------------
    def paragraphs(self, pieces: list[tuple], ctx: Context) -> None:
        """The paragraphs of a block's inline text (several if <br> parts running text)."""
        lines = self.lines(pieces, ctx.pre)
        while lines and not lines[-1][0].strip(INDENT):
            lines.pop()
        while lines and not lines[0][0].strip(INDENT):
            lines.pop(0)
        if not lines:
            return
        hints = Hints(outline_level=ctx.heading, centered=ctx.align == "center")
        texts = [t.strip(INDENT) for t, _, _ in lines]
        total = sum(len(t) for t in texts)
        # a heading, centred or bold block is a title whose <br> are its line breaks; one set with
        # text-indent is a paragraph of running text, whatever else it is
        titled = not ctx.indent and (ctx.heading is not None or ctx.align == "center"
                                     or all(b for t, b, _ in lines if t.strip(INDENT)))
        if len(lines) == 1 or (titled and total <= MAX_TITLE and not any(t and t[-1] in TERMINAL for t in texts[:-1])):
            self.add_lines(texts, [b for _, b, _ in lines], hints)
            return
        numbered = []
        for n, (text, _, indented) in enumerate(lines, 1):
            if indented or not text.strip(INDENT):
                numbered.append(Line(0, ""))  # an indented line, or an empty one, starts a paragraph
            numbered.append(Line(n, text))
        for para in join_broken_lines(numbered):
            bold = all(lines[n - 1][1] for n in para.lines)
            para.hints = replace(hints, bold=bold)
            para.lines = []
            self.paras.append(para)

    def add_lines(self, texts: list[str], bolds: list[bool], hints: Hints) -> None:
        """One paragraph of lines, the breaks kept."""
        kept = [(t, b) for t, b in zip(texts, bolds) if t]
        text, breaks = "", []
        for k, (t, _) in enumerate(kept):
            if k:
                if text[-1:].isascii() and text[-1:].isalnum() and t[:1].isascii() and t[:1].isalnum():
                    text += " "  # Latin words either side of the break stay apart, as the text reader keeps them
                breaks.append(len(text))
            text += t
        self.paras.append(Para(text, breaks=breaks, hints=replace(hints, bold=all(b for _, b in kept))))

    def lines(self, pieces: list[tuple], pre: bool) -> list[tuple[str, bool, bool]]:
        """(text, all bold, starts indented) of each line of the pieces, whitespace collapsed
        as a browser does (kept in <pre>)."""
        lines: list[list[tuple[str, bool]]] = [[]]
        for piece in pieces:
            if piece[0] == "br":
                lines.append([])
                continue
            text = piece[1]
            if REMOVED.search(text):
                self.removed += len(REMOVED.findall(text))
                text = REMOVED.sub("", text)
            if pre:
                first, *rest = re.split(r"\r\n|\r|\n", text)
                lines[-1].append((first, piece[2]))
                lines += [[(line, piece[2])] for line in rest]
            else:
                lines[-1].append((text, piece[2]))
        return [self._line(segments, pre) for segments in lines]

    @staticmethod
    def _line(segments: list[tuple[str, bool]], pre: bool) -> tuple[str, bool, bool]:
        raw = "".join(t for t, _ in segments)
        indented = bool(INDENTED.match(raw.lstrip(ASCII_SPACE)))
        bold = [b for t, b in segments if t.strip(INDENT + ASCII_SPACE)]
        all_bold = bool(bold) and all(bold)
        if pre:
            return raw.replace("\t", " "), all_bold, indented
        return COLLAPSIBLE.sub(_collapsed, raw).strip(" "), all_bold, indented

    # -- tables ---------------------------------------------------------
    def table(self, el: etree._Element, ctx: Context) -> None:
        table = etree.Element("table")
        caption = el.find("caption")
        caption_text = self.text_of(caption, ctx) if caption is not None else ""
        rows = table_rows(el)
        if not rows:
            return
        header_count = header_rows(rows, el)
        figures: list[Para] = []
        sections = [(etree.SubElement(table, "header"), rows[:header_count])] if header_count else []
        sections.append((table, rows[header_count:]))
        for parent, section in sections:
            for k, row in enumerate(section):
                row_el = etree.SubElement(parent, "row")
                for cell in row:
                    row_el.append(self.cell(cell, ctx, len(section) - k, figures))
        if caption_text:
            table.insert(0, inline.fill(etree.Element("caption"), self.fullwidth(caption_text)))
        if len(table.findall("row")) == 0:  # header rows only: they are the body
            header = table.find("header")
            for row in list(header):
                table.append(row)
            table.remove(header)
        self.paras.append(Para.of_block(table))
        self.paras += figures

    def cell(self, cell: etree._Element, ctx: Context, rows_left: int, figures: list[Para]) -> etree._Element:
        el = etree.Element("cell")
        colspan = span(cell.get("colspan"), MAX_COLSPAN)
        rowspan = span(cell.get("rowspan"), MAX_ROWSPAN)
        if rowspan == 0:  # to the end of its section, as HTML says
            rowspan = rows_left
        rowspan = min(rowspan or 1, rows_left)
        if colspan and colspan > 1:
            el.set("colspan", str(colspan))
        if rowspan > 1:
            el.set("rowspan", str(rowspan))
        inner = Walker(self.base, self.options)
        inner.container(cell, apply(ctx, cell))
        paras = inner.finish(keep_bold=True)
        self.chrome += inner.chrome
        self.missing += inner.missing
        self.removed += inner.removed
        texts = []
        for para in paras:
            if para.block is None:
                texts.append(self.fullwidth(para.text))
            elif para.block.tag == "figure":
                figures.append(para)  # a figure cannot sit in a cell: it follows the table
            else:  # a table in a cell: its rows as text
                texts += [line for line in cell_lines(para.block) if line]
        return tables.fill_cell(el, texts)

    def text_of(self, el: etree._Element, ctx: Context) -> str:
        """The text of a caption: its paragraphs as one line."""
        inner = Walker(self.base, self.options)
        inner.container(el, apply(ctx, el))
        return " ".join(p.text for p in inner.finish() if p.block is None)

    def fullwidth(self, text: str) -> str:
        if self.options.keep_punctuation:
            return text
        text, n = punctuation.to_fullwidth(text)
        self.punctuation_changes += n
        return text

    # -- figures --------------------------------------------------------
    def figure_element(self, el: etree._Element, ctx: Context) -> None:
        """<figure>: its images, the <figcaption> the caption of the last."""
        caption = el.find(".//figcaption")
        caption_text = self.text_of(caption, ctx) if caption is not None else ""
        if caption is not None:
            caption.drop_tree()
        start = len(self.paras)
        self.container(el, ctx)
        figures = [p for p in self.paras[start:] if p.block is not None and p.block.tag == "figure"]
        if caption_text and figures:
            inline.fill(etree.SubElement(figures[-1].block, "caption"), caption_text)
        elif caption_text:
            self.paras.append(Para(caption_text, hints=Hints(centered=True)))

    def image(self, img: etree._Element) -> None:
        src = (img.get("src") or img.get("data-src") or img.get("data-original") or "").strip()
        alt = img.get("alt") if img.get("alt") is not None else img.get("title")
        data = self.load(src)
        figure = figures.figure_from_bytes(data, None if src.startswith("data:") else src, alt)
        if figure.find("image") is None:
            self.missing.append(src[:60] or "(no src)")
        self.paras.append(Para.of_block(figure))

    def load(self, src: str) -> bytes | None:
        """The bytes of an image the page names, if they are here: a data: URI, or a file in
        the page's folder or below it (a saved page's NAME_files/). Never fetched from the
        network, and never a file elsewhere on the disk (../, /etc/…, file:///…): a page from
        someone else (the service's uploads) must not copy the machine's files into its outputs."""
        if src.startswith("data:"):
            head, _, body = src.partition(",")
            try:
                return base64.b64decode(body, validate=False) if head.endswith(";base64") else \
                    urllib.parse.unquote_to_bytes(body)
            except ValueError:
                return None
        parts = urllib.parse.urlsplit(src)
        if not src or parts.scheme not in ("", "file") or parts.netloc not in ("", "localhost"):
            return None
        path = Path(urllib.parse.unquote(parts.path))
        if self.base is None:
            return None
        if parts.scheme != "file":
            if path.is_absolute():
                return None
            path = self.base / path
        try:
            if not path.resolve().is_relative_to(self.base.resolve()):  # symlinks and .. resolved first
                return None
            if not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
                return None
            return path.read_bytes()
        except OSError:
            return None

    # -- the end --------------------------------------------------------
    def finish(self, keep_bold: bool = False) -> list[Para]:
        """The paragraphs, with the figure captions under figures, the outline levels ranked,
        and bold hints dropped when most paragraphs are bold (bold then tells nothing)."""
        self.flush()
        paras = captions.attach([p for p in self.paras if p.block is not None or p.text], self.fullwidth)
        rank_headings(paras)
        texts = [p for p in paras if p.block is None]
        if not keep_bold and texts and sum(p.hints.bold for p in texts) * 2 > len(texts):
            for p in texts:
                p.hints = replace(p.hints, bold=False)
        return paras


def merge_title_runs(paras: list[Para]) -> list[Para]:
    """Centred paragraphs one after the other that make one title (a title set over two or
    three paragraphs, as pages set a long one) → one paragraph with its line breaks. The
    head is left to build_report, which knows the main title's lines."""
    head_end = next((k for k, p in enumerate(paras) if p.block is None and is_body_start(p.text)), len(paras))
    out: list[Para] = []
    for k, para in enumerate(paras):
        previous = out[-1] if out else None
        if (k > head_end and previous is not None and is_title_piece(previous) and is_title_piece(para)
                and previous.hints.bold == para.hints.bold and len(previous.breaks) + 1 < MAX_TITLE_PARAS
                and len(previous.text) + len(para.text) <= MAX_TITLE
                and continues_title(previous.text, para.text)):
            previous.breaks = previous.breaks + [len(previous.text)] + [len(previous.text) + b for b in para.breaks]
            previous.text += para.text
            continue
        out.append(para)
    return out


def is_title_piece(para: Para) -> bool:
    return (para.block is None and bool(para.hints.centered) and is_title_line(para.text)
            and not starts_structure(para.text))


def list_number(item: etree._Element) -> str | None:
    """The number a browser shows before an item of a numbered list (<ol>, its start and
    value attributes; none when its list style is none): "3."."""
    parent = item.getparent()
    if item.tag != "li" or parent is None or parent.tag != "ol" or parse_style(parent.get("style")).get(
            "list-style-type", parse_style(parent.get("style")).get("list-style", "")).startswith("none") \
            or parent.get("type", "1") != "1":
        return None
    number = (span(parent.get("start"), 10**6) or 1) - 1
    for sibling in parent:
        if sibling.tag == "li":
            number = span(sibling.get("value"), 10**6) or number + 1
        if sibling is item:
            return f"{number}."
    return None


def rank_headings(paras: list[Para]) -> None:
    """Outline levels by rank among the heading levels the article uses, a top-level heading
    that stands first and alone (the title) aside: <h1> title, <h2> sections → level 1."""
    levels = [p.hints.outline_level for p in paras if p.hints.outline_level is not None]
    if not levels:
        return
    first = next(p for p in paras if p.block is None)
    top = min(levels)
    title_alone = first.hints.outline_level == top and levels.count(top) == 1
    used = sorted(set(levels) - ({top} if title_alone else set()))
    for p in paras:
        level = p.hints.outline_level
        if level is None:
            continue
        if title_alone and p is first:
            p.hints = replace(p.hints, outline_level=None)
        elif len(p.text) > MAX_HEADING + 10:
            p.hints = replace(p.hints, outline_level=None)  # a long <hN> is text set large, not a heading
        else:
            p.hints = replace(p.hints, outline_level=min(used.index(level) + 1, 4))


def _collapsed(m: re.Match) -> str:
    """A run of white space as a browser shows it: one space, or none for a line end between
    two characters of Chinese text (CSS Text's segment-break rule)."""
    run, text = m.group(0), m.string
    if ("\n" in run or "\r" in run) and "\u00a0" not in run and m.start() and m.end() < len(text) \
            and _wide(text[m.start() - 1]) and _wide(text[m.end()]):
        return ""
    return " "


def _wide(ch: str) -> bool:
    """A character of Chinese text, between which a source line end is no space."""
    return is_chinese_text(ch)


def span(value: str | None, limit: int) -> int | None:
    try:
        n = int((value or "").strip())
    except ValueError:
        return None
    return min(max(n, 0), limit)


def table_rows(table: etree._Element) -> list[list[etree._Element]]:
    """The rows of a table (its own, not a nested table's) with at least one cell, in order."""
    rows = [row for row in htmlmeta.own_cells(table) if row]
    return rows


def header_rows(rows: list[list[etree._Element]], table: etree._Element) -> int:
    """How many rows at the top are the header: <thead> rows or rows of <th>; else, in a
    table without either, a first row that is bold throughout (Word's HTML) above rows
    that are not."""
    n = 0
    for row in rows:
        in_head = row[0].getparent().getparent() is not None and row[0].getparent().getparent().tag == "thead"
        if in_head or all(c.tag == "th" for c in row):
            n += 1
        else:
            break
    if n or any(True for _ in table.iter("th", "thead")):
        return n if n < len(rows) else n
    if len(rows) >= 3 and is_bold_row(rows[0]) and not all(is_bold_row(r) for r in rows[1:]):
        return 1
    return 0


def is_bold_row(row: list[etree._Element]) -> bool:
    texts = 0
    for cell in row:
        walker = Walker(None, Options())
        walker.container(cell, context_of(cell))
        paras = [p for p in walker.finish(keep_bold=True) if p.block is None]
        if paras:
            texts += 1
            if not all(p.hints.bold for p in paras):
                return False
    return texts > 0


def cell_lines(table: etree._Element) -> list[str]:
    from convert.model import text_of
    return ["\t".join(text_of(c) for c in row) for row in table.iter("row")]


def is_data_table(table: etree._Element) -> bool:
    """Readability's test (Mozilla's _markDataTables): a table of data rather than of layout."""
    if table.get("role") == "presentation" or table.get("datatable") == "0":
        return False
    if table.get("summary"):
        return True
    caption = table.find("caption")
    if caption is not None and len(caption.text_content().strip()):
        return True
    if any(True for _ in table.iter("thead", "tfoot", "colgroup", "col", "th")):
        return True
    if any(True for _ in table.iterdescendants("table")):
        return False
    rows = table_rows(table)
    columns = max((sum(span(c.get("colspan"), MAX_COLSPAN) or 1 for c in row) for row in rows), default=0)
    if len(rows) <= 1 or columns <= 1:
        return False
    if len(rows) >= 10 or columns > 4:
        return True
    return len(rows) * columns > 10
