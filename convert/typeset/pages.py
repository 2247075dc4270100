"""Pagination into a Layout: ``lay_out(report, options)`` typesets the report for any
painter (convert.writers.pdf, convert.writers.ofd).

The model is walked into specs (``blocks.BlockTranslator``), the font book makes the subsets
they need, ``plan`` turns the specs into flowables in order, and ``paginate`` places them onto
a ``Recorder`` (a recording canvas) with the page numbers drawn at each page's end. The result
holds everything a painter needs: pages of positioned glyph runs, rules, boxes and images,
the outline, the document's metadata and the font files its runs name.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree
from reportlab.lib.units import mm

from convert import style as styles
from convert.model import info, lang_of
from convert.model.identity import identifier
from convert.options import Options
from convert.style import Geometry, Style
from convert.model import convention
from convert.typeset.atoms import DocumentPart, draw_line, make_atoms
from convert.typeset.blocks import (
    BlockTranslator,
    ClosingSpec,
    ComposedBlock,
    FigureBlock,
    ImprintBlock,
    keep_with_last_line,
)
from convert.typeset.compose import atom, compose, split_atoms
from convert.typeset.fontbook import FontBook, RunData
from convert.typeset.masthead import MastheadBlock
from convert.typeset.layout import DocumentInfo, FontFile, GlyphRun, Layout
from convert.typeset.paginate import CondPageBreak, Flowable, paginate
from convert.typeset.recorder import Recorder

CREATOR = "report-convert"


class PageNumbers:
    """“— N —” below the type area: odd pages right, even pages left, inset one character."""

    def __init__(self, style: Style, geo: Geometry, book: FontBook):
        self.spec = style.roles.page_number
        self.geo, self.book = geo, book
        self.size = self.spec.size_pt
        self.color = style.role_rgb("page_number")
        self.ascent = style.compose.em_box_ascent
        sample = self.spec.format.format(n="0123456789")
        book.assign("page_number", sample)

    def draw(self, canv, page: int) -> None:
        text = self.spec.format.format(n=page)
        faces = self.book.assign("page_number", text)
        em = self.geo.em(self.size)
        atoms = []
        pos = 0
        for piece in split_atoms(text):
            glyphs = tuple(self.book.glyph(ch, faces[pos + k], self.size, self.color) for k, ch in enumerate(piece))
            pos += len(piece)
            atoms.append(atom(piece, em, sum(g.advance for g in glyphs), RunData.of(piece, glyphs, self.size)))
        line = compose(atoms, 1e6, justify=False)[0]
        geo = self.geo
        inset = self.spec.inset_chars * em
        side = self.spec.odd if page % 2 else self.spec.even
        if side == "right":
            x0 = geo.left + geo.text_width - inset - line.width
        elif side == "left":
            x0 = geo.left + inset
        else:
            x0 = geo.left + (geo.text_width - line.width) / 2
        y = geo.bottom - self.spec.below_text_mm * mm - self.ascent * self.size
        draw_line(canv, atoms, line, x0, y)


def lay_out(report: etree._Element, options: Options) -> Layout:
    """Typeset the report: its page layout, for any painter."""
    style = styles.load(options.style)
    geo = style.geometry
    lang = lang_of(report)
    chosen = style.punctuation.convention
    book = FontBook(style, lang, convention.convention_of(report) if chosen == "auto" else chosen)
    translator = BlockTranslator(report, style, book)
    translator.walk()
    numbers = PageNumbers(style, geo, book)
    book.register()

    flowables = plan(translator.specs, style, geo, book)
    # Any registered face will do as the initial font (so no Helvetica creeps in);
    # the page-number face always exists, even in a report without body text.
    initial_font = book.name(book.assign("page_number", "0")[0])

    # The pages a 版记 leaves unnumbered (a blank page before it, and its own), known by a
    # page's end: numbers are drawn there.
    # A 信函's first page has none (10.1).
    unnumbered = [f.unnumbered for f in flowables if isinstance(f, (ImprintBlock, MastheadBlock))]
    imprints = [f for f in flowables if isinstance(f, ImprintBlock)]

    def on_page_end(canv, page: int) -> None:
        if not any(page in pages for pages in unnumbered):
            numbers.draw(canv, page)

    recorder = Recorder((geo.page_width, geo.page_height))
    paginate(flowables, recorder, geo.left, geo.bottom, geo.text_width, geo.text_height, on_page_end)
    properties = info(report)
    document = DocumentInfo(
        title=properties.title, author=properties.author, subject=properties.subject,
        keywords=properties.keywords, lang=lang, creator=CREATOR,
        created=properties.created, modified=properties.modified, identifier=identifier(report),
    )
    faces = {name: face for face, name in book.names.items()}
    used = {run.font for page in recorder.pages for run in page.items if isinstance(run, GlyphRun)}
    files = {name: FontFile(Path(book.paths[name]), faces[name].family) for name in sorted(used | {initial_font})}
    return Layout(geo.page_width, geo.page_height, recorder.finish(), recorder.outline, document, files,
                  initial_font, geo.body_size, imprints[0].after_text if imprints else None)



def plan(specs: list, style: Style, geo: Geometry, book: FontBook) -> list[Flowable]:
    """Flowables in order; before each run of headings, room for the headings and
    the first lines of what follows, or the whole of a figure (a heading never ends a page)."""
    keep = style.compose.keep_with_next_lines
    blocks: list[tuple[Flowable, bool]] = []
    for spec in specs:
        if isinstance(spec, DocumentPart):  # a blank line, title, attachment list, closing, table, 版记
            parts = spec.blocks(style, geo, book)
            blocks.extend(keep_with_last_line(blocks, parts) if isinstance(spec, ClosingSpec) else parts)
            continue
        em = geo.em(style.roles[spec.runs[0][1]].size_pt)
        block = ComposedBlock(make_atoms(spec, style, geo, book), geo, spec.align, spec.indent_chars * em, style, spec.outline)
        blocks.append((block, spec.heading))
    flowables: list[Flowable] = []
    i = 0
    while i < len(blocks):
        if blocks[i][1]:
            j, height = i, 0.0
            while j < len(blocks) and blocks[j][1]:
                height += blocks[j][0].wrap(geo.text_width, geo.text_height)[1]
                j += 1
            after = keep * geo.leading
            if j < len(blocks) and isinstance(blocks[j][0], FigureBlock):  # a figure moves whole: room for all of it
                after = min(blocks[j][0].wrap(geo.text_width, geo.text_height)[1], geo.text_height - height)
            flowables.append(CondPageBreak(height + after))
            flowables.extend(b for b, _ in blocks[i:j])
            i = j
        else:
            flowables.append(blocks[i][0])
            i += 1
    return flowables
