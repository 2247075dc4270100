"""PDF: the print layout of a style (GB/T 9704-2012 by default), with embedded
font subsets and the CJK line composer of ``convert.typeset.compose``.

Every block becomes a ``ComposedBlock`` flowable that composes its lines on the
style's grid, splits itself between pages line by line, and draws each glyph at
the position the composer gave it. Geometry, fonts and sizes come from the style.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from convert import style as styles
from convert.chars import is_han
from convert.model import info, lang_of
from convert.options import Options
from convert.outputs import atomic_output, source_date_epoch
from convert.typeset import fonts
from convert.typeset.compose import (
    COMPRESSIBLE_CLOSING, COMPRESSIBLE_OPENING, Atom, Line, atom, compose, is_full_width, split_atoms,
)
from convert.typeset.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate, Spacer
from convert.style import Geometry, Style
from convert.writers.base import Translator, inline_runs

CREATOR = "report-convert"


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    font: str       # registered ReportLab font name
    size: float     # the size it is drawn at (a face with narrow ideographs is scaled up)
    advance: float  # its advance at that size
    ink: float      # the middle of its ink from its origin (punctuation; advance/2 otherwise)


@dataclass(frozen=True, slots=True)
class RunData:
    """What an atom carries: its glyphs, size, and where a glyph sits in its cell."""

    glyphs: tuple[Glyph, ...]
    size: float
    align: str = "centre"  # centre | left | right in full-width cells; "run" for Latin runs

    @classmethod
    def of(cls, piece: str, glyphs: tuple[Glyph, ...], size: float) -> "RunData":
        if not all(is_full_width(ch) for ch in piece):
            return cls(glyphs, size, "run")
        if piece[0] in COMPRESSIBLE_OPENING:
            return cls(glyphs, size, "right")
        if piece[-1] in COMPRESSIBLE_CLOSING:
            return cls(glyphs, size, "left")
        return cls(glyphs, size, "centre")


# ------------------------------------------------------------------ fonts --

class FontBook:
    """Faces per role, fallback per character, and the ReportLab fonts registered
    from cached TrueType subsets once every character is known."""

    def __init__(self, style: Style, lang: str):
        self.style, self.lang = style, lang
        self.stacks: dict[str, list[str]] = {}
        self.faces: dict[str, list[fonts.Face]] = {}
        self.chars: dict[fonts.Face, set[str]] = {}
        self.names: dict[fonts.Face, str] = {}
        self.scales: dict[str, float] = {}
        self._face_of: dict[tuple[str, str], fonts.Face] = {}  # (role, char) -> face
        self._glyphs: dict[tuple[str, fonts.Face, float], Glyph] = {}
        self.atoms: dict[tuple, Atom] = {}  # atoms are immutable: one per piece, faces and size
        self.paths: dict[str, str] = {}
        self._ink: dict[str, dict[str, float]] = {}

    def assign(self, role: str, text: str) -> list[fonts.Face]:
        if role not in self.faces:
            self.stacks[role] = styles.font_stack(self.style, role, self.lang)
            self.faces[role] = fonts.installed(self.stacks[role])
        face_of = self._face_of
        result = []
        for ch in text:
            face = face_of.get((role, ch))
            if face is None:
                face = face_of[(role, ch)] = fonts.assign(ch, self.faces[role], self.stacks[role])[0]
                self.chars.setdefault(face, set()).add(ch)
            result.append(face)
        return result

    def register(self) -> None:
        for face, chars in self.chars.items():
            path = fonts.subset(face, chars)
            name = "RC-" + path.stem[:12]
            if name not in pdfmetrics.getRegisteredFontNames():
                font = TTFont(name, str(path))
                # ReportLab shares one registered font per PostScript name; subsets of
                # one face for different documents need names of their own.
                font.face.name += b"-" + path.stem[:6].encode("ascii")
                pdfmetrics.registerFont(font)
            self.names[face] = name
            self.paths[name] = str(path)
            self.scales[name] = self._ideograph_scale(name, chars)

    @staticmethod
    def _ideograph_scale(name: str, chars: set[str]) -> float:
        """Faces whose ideographs are narrower than an em (cwTeX: 0.92) are drawn
        larger so that an ideograph fills its grid cell."""
        ideographs = sorted(ch for ch in chars if is_han(ch))
        if not ideographs:
            return 1.0
        advance = pdfmetrics.stringWidth(ideographs[0], name, 1000) / 1000
        return 1.0 / advance if 0.5 < advance < 0.98 else 1.0

    def glyph(self, ch: str, face: fonts.Face, size: float) -> "Glyph":
        key = (ch, face, size)
        glyph = self._glyphs.get(key)
        if glyph is None:
            name = self.names[face]
            scaled = size * self.scales[name]
            advance = _advance(ch, name, scaled)
            ink = advance / 2
            if ch in COMPRESSIBLE_CLOSING or ch in COMPRESSIBLE_OPENING:
                ink = self._ink_middle(name, ch) * scaled
            glyph = self._glyphs[key] = Glyph(ch, name, scaled, advance, ink)
        return glyph

    def _ink_middle(self, name: str, ch: str) -> float:
        """The middle of a glyph's outline in em: where a compressed mark's ink is centred."""
        if name not in self._ink:
            self._ink[name] = fonts.ink_centres(Path(self.paths[name]), COMPRESSIBLE_CLOSING | COMPRESSIBLE_OPENING)
        centre = self._ink[name].get(ch)
        return pdfmetrics.stringWidth(ch, name, 1000) / 2000 if centre is None else centre

    def name(self, face: fonts.Face) -> str:
        return self.names[face]



def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap with code points written as UTF-16BE, so that
    characters outside the BMP (𠀀, emoji) extract as themselves. Hand-written:
    ReportLab 5.1 formats them with "%04X", which readers misread or drop."""
    entries = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *entries, "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

# ----------------------------------------------------------------- blocks --

@dataclass
class BlockSpec:
    """A block before fonts are registered: runs of (text, role) and its layout."""

    runs: list[tuple[str, str]]
    align: str = "justify"
    indent_chars: float = 0.0
    outline: tuple[str, int, str] | None = None  # (title, level, key) for the PDF outline
    heading: bool = False
    faces: list[list[fonts.Face]] = field(default_factory=list)


class PdfTranslator(Translator):
    """Turns the model's blocks into BlockSpecs (visitor per block kind)."""

    def __init__(self, report: etree._Element, style: Style, book: FontBook):
        super().__init__(report)
        self.style, self.book = style, book
        self.specs: list[BlockSpec | str] = []  # a str marks a blank grid line

    def add(self, runs: list[tuple[str, str]], role: str, indent: float | None = None, **kw) -> None:
        runs = [(text, r) for text, r in runs if text]
        if not runs:
            return
        spec_role = self.style.roles[role]
        align = spec_role.align
        if indent is None:
            indent = spec_role.indent(self.style.text)
        spec = BlockSpec(runs, align=align, indent_chars=indent, **kw)
        spec.faces = [self.book.assign(r, text) for text, r in runs]
        self.specs.append(spec)

    def blank(self, n: int) -> None:
        self.specs.extend(["blank"] * n)

    def visit_title(self, block):
        self.add([(block.text, "title")], "title")
        self.blank(self.style.title_block.blank_lines_after_title)

    def visit_subtitle(self, block):
        self.add([(block.text, "subtitle")], "subtitle")

    def visit_docnumber(self, block):  # 发文字号, centred under the title
        self.add([(block.text, "docnumber")], "docnumber")

    def visit_summary(self, block):
        self.add([(block.text, "summary")], "summary")

    def visit_dateline(self, block):
        self.add([(block.text, "front")], "front")

    visit_speaker = visit_dateline

    def visit_addressee(self, block):
        self.add([(block.text, "addressee")], "addressee", indent=0)

    def visit_heading(self, block):
        role = f"heading{block.level}"
        outline = (block.text, block.level - 1, f"s{len(self.specs)}") if block.level <= 2 else None
        self.add([(block.text, role)], role, outline=outline, heading=True)

    def visit_appendix_heading(self, block):
        self.add([(block.text, "heading1")], "heading1", indent=0, outline=(block.text, 0, f"s{len(self.specs)}"), heading=True)

    def visit_p(self, block):
        runs = [(text, "runin" if "runin" in marks else "body") for text, marks in inline_runs(block.element)]
        self.add(runs, "body")

    def visit_point(self, block):
        runs = [(text, "lead" if "lead" in marks else "body") for text, marks in inline_runs(block.element)]
        self.add(runs, "body")


def make_atoms(spec: BlockSpec, style: Style, geo: Geometry, book: FontBook) -> list[Atom]:
    atoms: list[Atom] = []
    for (text, role), faces in zip(spec.runs, spec.faces):
        size = style.roles[role].size_pt
        em = geo.em(size)
        pos = 0
        for piece in split_atoms(text):
            piece_faces = tuple(faces[pos:pos + len(piece)])
            pos += len(piece)
            key = (piece, piece_faces, size)
            made = book.atoms.get(key)
            if made is None:
                glyphs = tuple(book.glyph(ch, face, size) for ch, face in zip(piece, piece_faces))
                made = book.atoms[key] = atom(piece, em, sum(g.advance for g in glyphs), RunData.of(piece, glyphs, size))
            atoms.append(made)
    return atoms


_ADVANCES: dict[tuple[str, str], float] = {}


def _advance(ch: str, font: str, size: float) -> float:
    key = (ch, font)
    width = _ADVANCES.get(key)
    if width is None:
        width = _ADVANCES[key] = pdfmetrics.stringWidth(ch, font, 1000)
    return width * size / 1000


# -------------------------------------------------------------- flowables --

class ComposedBlock(Flowable):
    """A block of composed lines on the grid: measures, splits and draws itself."""

    def __init__(self, atoms: list[Atom], geo: Geometry, align: str, indent: float, style: Style,
                 outline: tuple[str, int, str] | None = None, lines: list[Line] | None = None, first: bool = True):
        super().__init__()
        self.atoms, self.geo, self.align, self.indent, self.style = atoms, geo, align, indent, style
        self.outline, self.first = outline, first
        self._lines, self._width = lines, None

    def lines(self, width: float) -> list[Line]:
        if self._lines is None or (self._width is not None and abs(self._width - width) > 0.01):
            opts = self.style.compose
            self._lines = compose(
                self.atoms, width, indent=self.indent, justify=self.align == "justify",
                min_last_chars=opts.min_last_line_chars, push_in_limit=opts.push_in_limit,
            )
            self._width = width
        return self._lines

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = len(self.lines(avail_width)) * self.geo.leading
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        lines = self.lines(avail_width)
        fit = int((avail_height + 0.01) // self.geo.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        head = ComposedBlock(self.atoms, self.geo, self.align, self.indent, self.style, self.outline, lines[:fit], self.first)
        tail = ComposedBlock(self.atoms, self.geo, self.align, self.indent, self.style, None, lines[fit:], False)
        head._width = tail._width = avail_width
        return [head, tail]

    def draw(self):
        canv = self.canv
        if self.outline:
            title, level, key = self.outline
            canv.bookmarkHorizontal(key, 0, self.height)  # opens at the heading
            canv.addOutlineEntry(title, key, level=level, closed=False)
        lines = self.lines(self.width)
        ascent = self.style.compose.em_box_ascent
        top = len(lines) * self.geo.leading
        for k, line in enumerate(lines):
            size = max(a.data.size for a in self.atoms[line.start:line.end])
            baseline = top - k * self.geo.leading - self.geo.leading / 2 - (ascent - 0.5) * size
            first = self.first and line.start == 0
            if self.align == "center":
                x0 = (self.width - line.width) / 2
            elif self.align == "right":
                x0 = self.width - line.width
            else:
                x0 = self.indent if first else 0.0
            draw_line(canv, self.atoms, line, x0, baseline)


def glyph_positions(atoms: list[Atom], line: Line, x0: float) -> list[tuple[float, Glyph]]:
    """(x, glyph) for every glyph of a line: full-width glyphs sit in their
    cell (opening marks at its right, closing marks at its left, others centred;
    compressed marks with their ink centred in what is left of the cell)."""
    out = []
    for a, x, w in zip(atoms[line.start:line.end], line.xs, line.widths):
        data: RunData = a.data
        align = data.align
        if w < a.width - 1e-6:  # a compressed mark
            g = data.glyphs[0]
            # The blank side of the mark goes first: a closing mark keeps its place at
            # the left, an opening mark at the right; fully compressed, its ink is
            # centred in the half cell. In between, it moves in proportion.
            natural = x0 + x + (w - g.advance if align == "right" else 0.0)
            centred = x0 + x + w / 2 - g.ink
            share = min(1.0, (a.width - w) / a.shrink)
            out.append((natural + share * (centred - natural), g))
        elif align != "run":
            cell = w / len(data.glyphs)
            for k, g in enumerate(data.glyphs):
                cx = x0 + x + k * cell
                if align == "centre":
                    gx = cx + (cell - g.advance) / 2
                elif align == "right":
                    gx = cx + cell - g.advance
                else:
                    gx = cx
                out.append((gx, g))
        else:
            gx = x0 + x
            for g in data.glyphs:
                out.append((gx, g))
                gx += g.advance
    return out


def draw_line(canv, atoms: list[Atom], line: Line, x0: float, y: float) -> None:
    """Draw a line's glyphs, merging evenly spaced glyphs of one font into a single
    text show with character spacing (Tc). The operators are written directly:
    ReportLab's textOut formatting took most of the build time (hand-written for
    speed; it uses the same subset encoding, splitString/getSubsetInternalName)."""
    placed = glyph_positions(atoms, line, x0)
    doc, escape = canv._doc, canv._escape
    ops = ["BT"]
    i, n = 0, len(placed)
    font_state = None
    while i < n:
        x, g = placed[i]
        size = g.size
        spacing = 0.0
        j = i + 1
        if j < n:
            nx, ng = placed[j]
            if ng.font == g.font and ng.size == size and ng.char != " ":
                spacing = nx - x - g.advance
                j += 1
                while j < n:
                    nx, ng = placed[j]
                    px, pg = placed[j - 1]
                    if ng.font != g.font or ng.size != size or ng.char == " " or abs(nx - px - pg.advance - spacing) > 0.005:
                        break
                    j += 1
        run = "".join(p[1].char for p in placed[i:j])
        font = pdfmetrics.getFont(g.font)
        ops.append(f"{spacing:.4f} Tc 1 0 0 1 {x:.3f} {y:.3f} Tm")
        for subset, data in font.splitString(run, doc):
            internal = font.getSubsetInternalName(subset, doc)
            if font_state != (internal, size):
                ops.append(f"{internal} {size:.4f} Tf")
                font_state = (internal, size)
            ops.append(f"({escape(data)}) Tj")
        i = j
    ops.append("ET")
    canv._code.append(" ".join(ops))


# ------------------------------------------------------------------ pages --

class PageNumbers:
    """“— N —” below the type area: odd pages right, even pages left, inset one character."""

    def __init__(self, style: Style, geo: Geometry, book: FontBook):
        self.spec = style.roles.page_number
        self.geo, self.book = geo, book
        self.size = self.spec.size_pt
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
            glyphs = tuple(self.book.glyph(ch, faces[pos + k], self.size) for k, ch in enumerate(piece))
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


def build(report: etree._Element, out, options: Options) -> int:
    """Lay out and draw the report into `out`; the number of pages."""
    style = styles.load(options.style)
    geo = style.geometry
    lang = lang_of(report)
    book = FontBook(style, lang)
    translator = PdfTranslator(report, style, book)
    translator.walk()
    numbers = PageNumbers(style, geo, book)
    book.register()

    flowables = plan(translator.specs, style, geo, book)
    # Any registered face will do as the canvas' initial font (so no Helvetica creeps in);
    # the page-number face always exists, even in a report without body text.
    initial_font = book.name(book.assign("page_number", "0")[0])
    properties = info(report)  # the dates: ReportLab reads SOURCE_DATE_EPOCH itself

    def on_page(canv, doc):
        canv.showOutline()
        numbers.draw(canv, doc.page)

    doc = BaseDocTemplate(
        out, pagesize=(geo.page_width, geo.page_height),
        leftMargin=geo.left, rightMargin=geo.page_width - geo.left - geo.text_width,
        topMargin=geo.top, bottomMargin=geo.bottom,
        title=properties.title, author=properties.author,
        subject=properties.subject, keywords=properties.keywords_text, creator=CREATOR,
        lang=lang, initialFontName=initial_font, initialFontSize=geo.body_size,
        invariant=1 if source_date_epoch() is not None else None,
    )
    frame = Frame(geo.left, geo.bottom, geo.text_width, geo.text_height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    saved = rl_config.useA85
    rl_config.useA85 = 0  # binary zlib streams: smaller, and ASCII85 in pure Python is slow
    try:
        doc.build(flowables)
    finally:
        rl_config.useA85 = saved
    return doc.page


def plan(specs: list, style: Style, geo: Geometry, book: FontBook) -> list[Flowable]:
    """Flowables in order; before each run of headings, room for the headings and
    the first lines of what follows (a heading never ends a page)."""
    keep = style.compose.keep_with_next_lines
    blocks: list[tuple[Flowable, bool]] = []
    for spec in specs:
        if spec == "blank":
            blocks.append((Spacer(geo.text_width, geo.leading), False))
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
            flowables.append(CondPageBreak(height + keep * geo.leading))
            flowables.extend(b for b, _ in blocks[i:j])
            i = j
        else:
            flowables.append(blocks[i][0])
            i += 1
    return flowables


def write(report: etree._Element, path: Path, options: Options | None = None) -> str:
    """Write the PDF; what it holds, for the CLI's "wrote" line."""
    options = options or Options()
    with atomic_output(path) as tmp:
        pages = build(report, str(tmp), options)
    return f"{pages} pages"
