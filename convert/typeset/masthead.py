"""The 版头 (GB/T 9704-2012 7.2) and the formats of clause 10 on the first page: a flowable
at the top of page 1 that places each part at its distance from the type area's top, and
takes whole grid lines, so that the title and the body after it stay on the grid.

Distances (every one a style key of [masthead], see docs/outputs.md):
- 份号, 密级和保密期限, 紧急程度 on grid lines 1-3 (a missing field leaves its line blank);
- the mark centred, its **ink top** (the highest outline point of its glyphs, read from the
  font) at mark_top_mm below the type area's top (命令: order_mark_top_mm; 信函:
  letter_mark_top_mm below the paper's top). The standard measures the printed mark's edge,
  and an em box's top lies above the ink by a face-dependent amount (0.5-1 mm at 30 pt);
- 空N行 is N grid lines: the line after the mark's em box begins N lines below it; each line
  of text has its em box centred in its grid-line slot, as the body's lines have;
- the red rule rule_below_docnumber_mm under the 发文字号's em box (its centre line);
- the block ends on the first grid line at least two lines under the rule (the title's
  空二行), or under the 令号 (命令's body).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm

from convert.model.masthead import Masthead as Model
from convert.model.masthead import Seal, signer_label
from convert.style import Geometry, Style
from convert.typeset import fonts
from convert.typeset.atoms import BlockSpec, DocumentPart, draw_line
from convert.typeset.compose import Atom, Line, atom, compose, split_atoms
from convert.typeset.fontbook import FontBook, RunData
from convert.typeset.paginate import Flowable

LETTER_FIELD_GAP_EM = 7 / 8  # 信函: fields and 文号 one 3号 line gap (7/8 em) under the first double rule


@dataclass
class MastheadSpec(DocumentPart):
    """The 版头's texts with their fonts assigned, and what to draw of it."""

    form: str
    organs: list[BlockSpec]          # the mark's lines
    suffix: BlockSpec | None         # 文件, 令, 纪要: right of the organs, centred on them
    fields: list[BlockSpec | None]   # 份号, 密级, 紧急程度: None leaves the line blank
    order: BlockSpec | None          # 令号 (命令)
    docnumber: BlockSpec | None      # 发文字号
    signer_label: BlockSpec | None
    signers: list[BlockSpec]         # one per name
    red: bool                        # draw the mark and the rules (not on preprinted paper)

    def specs(self):
        if not self.red:  # preprinted: the mark is on the paper, not in the text
            return [*self.fields, self.order, self.docnumber, self.signer_label, *self.signers]
        return [*self.fields, *self.organs, self.suffix, self.order, self.docnumber, self.signer_label, *self.signers]

    def blocks(self, style, geo, book):
        return [(MastheadBlock(self, style, geo, book), False)]


def sized_atoms(spec: BlockSpec, size: float, geo: Geometry, book: FontBook) -> list[Atom]:
    """A spec's atoms at `size` (the mark's fitted size) rather than its role's."""
    atoms: list[Atom] = []
    em = geo.em(size)
    for (text, _), faces in zip(spec.runs, spec.faces):
        pos = 0
        for piece in split_atoms(text):
            glyphs = tuple(book.glyph(ch, face, size, spec.color) for ch, face in zip(piece, faces[pos:pos + len(piece)]))
            pos += len(piece)
            atoms.append(atom(piece, em, sum(g.advance for g in glyphs), RunData.of(piece, glyphs, size)))
    return atoms


def one_line(atoms: list[Atom]) -> Line:
    return compose(atoms, 1e6, justify=False)[0]


def spread(atoms: list[Atom], width: float) -> Line:
    """One line spread to `width` (分散对齐): a shorter organ's name as wide as the longest."""
    line = one_line(atoms)
    n = len(atoms)
    if n < 2 or line.width >= width - 1e-6:
        return line
    step = (width - line.widths[-1]) / (n - 1)
    return Line(0, n, tuple(k * step for k in range(n)), line.widths, True)


@dataclass
class Placed:
    """A line of text: its atoms, composed line, left x (from the type area's left) and
    baseline depth (below the type area's top)."""

    atoms: list[Atom]
    line: Line
    x: float
    depth: float


@dataclass
class Drawing:
    texts: list[Placed] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, x1, depth, width
    end: float = 0.0           # where what follows may begin (depth)


class MastheadBlock(Flowable):
    """The 版头, first on page 1: draws its parts at their distances from the type area's top."""

    def __init__(self, spec: MastheadSpec, style: Style, geo: Geometry, book: FontBook):
        super().__init__()
        self.spec, self.style, self.geo, self.book = spec, style, geo, book
        self.unnumbered = {1} if spec.form == "letter" else set()  # 信函: page 1 has no number (10.1)
        self.drawing = self.lay_out()

    # -- helpers
    def atoms(self, spec: BlockSpec | None) -> list[Atom]:
        if spec is None:
            return []
        return sized_atoms(spec, self.style.roles[spec.runs[0][1]].size_pt, self.geo, self.book)

    def slot(self, atoms: list[Atom], slot_top: float) -> float:
        """The baseline depth of a line whose grid-line slot begins at `slot_top`."""
        size = max(a.data.size for a in atoms)
        return slot_top + self.geo.leading / 2 + (self.style.compose.em_box_ascent - 0.5) * size

    def em_bottom(self, atoms: list[Atom], baseline: float) -> float:
        size = max(a.data.size for a in atoms)
        return baseline + (1 - self.style.compose.em_box_ascent) * size

    def ink_top(self, atoms: list[Atom]) -> float:
        """The height of a line's ink above its baseline, from the glyphs' outlines."""
        by_font: dict[str, set[str]] = {}
        for a in atoms:
            for g in a.data.glyphs:
                by_font.setdefault(g.font, set()).add(g.char)
        best = 0.0
        for name, chars in by_font.items():
            tops = fonts.ink_tops(Path(self.book.paths[name]), chars)
            size = next(g.size for a in atoms for g in a.data.glyphs if g.font == name)
            best = max(best, max(tops.values(), default=self.style.compose.em_box_ascent) * size)
        return best

    # -- the mark
    def mark(self, top: float, drawing: Drawing) -> float:
        """The mark with its ink top at depth `top`; returns its em box's bottom depth."""
        spec, geo, style = self.spec, self.geo, self.style
        ascent = style.compose.em_box_ascent
        largest = style.roles.mark.size_pt
        natural = [self.atoms(o) for o in spec.organs]
        suffix = self.atoms(spec.suffix)
        width = max(sum(a.width for a in o) for o in natural) + sum(a.width for a in suffix)
        size = min(largest, largest * geo.text_width / width) if width else largest
        organs = [sized_atoms(o, size, geo, self.book) for o in spec.organs]
        suffix = sized_atoms(spec.suffix, size, geo, self.book) if spec.suffix is not None else []
        names = max(sum(a.width for a in o) for o in organs)
        total = names + sum(a.width for a in suffix)
        left = (geo.text_width - total) / 2
        pitch = size * style.title_block.line_spacing
        first = top + self.ink_top(organs[0] + (suffix if len(organs) == 1 else []))
        for k, atoms in enumerate(organs):
            drawing.texts.append(Placed(atoms, spread(atoms, names), left, first + k * pitch))
        em_top = first - ascent * size
        bottom = first + (len(organs) - 1) * pitch + (1 - ascent) * size
        if suffix:
            centre = (em_top + bottom) / 2
            drawing.texts.append(Placed(suffix, one_line(suffix), left + names, centre + (ascent - 0.5) * size))
        return bottom

    def mark_or_space(self, top: float, drawing: Drawing) -> float:
        """The mark; on preprinted paper (not red) only its place, as if it were drawn."""
        texts = len(drawing.texts)
        bottom = self.mark(top, drawing)
        if not self.spec.red:
            del drawing.texts[texts:]
        return bottom

    # -- the forms
    def lay_out(self) -> Drawing:
        spec, geo, style = self.spec, self.geo, self.style
        head = style.masthead
        L = geo.leading
        drawing = Drawing()
        for k, f in enumerate(spec.fields if spec.form != "letter" else []):
            if f is not None:  # lines 1-3; a missing field leaves its line blank
                atoms = self.atoms(f)
                drawing.texts.append(Placed(atoms, one_line(atoms), 0.0, self.slot(atoms, k * L)))
        red = HexColor(head.rule_color).rgb()
        self.rule_color = red
        if spec.form == "letter":
            return self.letter(drawing)
        top = (head.order_mark_top_mm if spec.form == "order" else head.mark_top_mm) * mm
        bottom = self.mark_or_space(top, drawing)
        line_top = bottom + 2 * L  # 空二行
        order = self.atoms(spec.order)
        if order:  # the 令号 (10.2), centred; a 发文字号 as well goes on the next line
            line = one_line(order)
            drawing.texts.append(Placed(order, line, (geo.text_width - line.width) / 2, self.slot(order, line_top)))
        docnumber = self.atoms(spec.docnumber)
        last_line = line_top  # the line the rule goes under (or the body, 命令's, 空二行 under)
        if order and (docnumber or spec.signers):
            last_line = line_top = line_top + L
        if spec.signers and spec.form != "order":  # 签发人 given: the 上行文's line, whatever the form
            at = len(drawing.texts)
            last_line = self.signer_lines(line_top, drawing)
            if docnumber:  # 左空一字, on the last signer's line; read before the 签发人
                em = geo.em(style.roles.docnumber.size_pt)
                drawing.texts.insert(at, Placed(docnumber, one_line(docnumber), em, self.slot(docnumber, last_line)))
        elif docnumber:
            line = one_line(docnumber)
            drawing.texts.append(Placed(docnumber, line, (geo.text_width - line.width) / 2,
                                        self.slot(docnumber, line_top)))
        if spec.form == "order":  # the body 空二行 under the 令号; no rule
            drawing.end = last_line + L + 2 * L
            return drawing
        size = style.roles.docnumber.size_pt
        em_bottom = last_line + L / 2 + 0.5 * size
        rule = em_bottom + head.rule_below_docnumber_mm * mm
        if spec.red:
            drawing.rules.append((0.0, geo.text_width, rule, head.rule_mm * mm))
        drawing.end = rule + 2 * L  # the title 空二行 under the rule
        return drawing

    def signer_lines(self, first_top: float, drawing: Drawing) -> float:
        """签发人：name name, two names a line, 右空一字; a new line under the first name of
        the line above (7.2.6). Returns the last line's slot top (the 文号's line)."""
        geo, style = self.geo, self.style
        L = geo.leading
        label = self.atoms(self.spec.signer_label)
        names = [self.atoms(s) for s in self.spec.signers]
        em = geo.em(style.roles.signer.size_pt)
        rows = [names[k:k + 2] for k in range(0, len(names), 2)]
        widths = [sum(sum(a.width for a in n) for n in row) + em * (len(row) - 1) for row in rows]
        label_width = sum(a.width for a in label)
        right = geo.text_width - geo.em(style.roles.docnumber.size_pt)  # 右空一字
        names_x = right - max(widths)
        for k, row in enumerate(rows):
            top = first_top + k * L
            if k == 0 and label:
                drawing.texts.append(Placed(label, one_line(label), names_x - label_width, self.slot(label, top)))
            x = names_x
            for n in row:
                line = one_line(n)
                drawing.texts.append(Placed(n, line, x, self.slot(n, top)))
                x += line.width + em
        return first_top + (len(rows) - 1) * L

    def letter(self, drawing: Drawing) -> Drawing:
        """信函 (10.1): the mark letter_mark_top_mm from the paper's top; double rules
        letter_rule_length_mm long, centred on the page (上粗下细 under the mark, 上细下粗
        letter_bottom_rule_mm above the paper's bottom); fields at the left and the 文号 at the
        right under the first rule; the title two lines under them."""
        spec, geo, style = self.spec, self.geo, self.style
        head = style.masthead
        L = geo.leading
        top = head.letter_mark_top_mm * mm - geo.top  # above the type area
        bottom = self.mark_or_space(top, drawing)
        x0 = (geo.page_width - head.letter_rule_length_mm * mm) / 2 - geo.left
        x1 = x0 + head.letter_rule_length_mm * mm
        heavy, thin, gap = head.letter_heavy_mm * mm, head.letter_thin_mm * mm, head.letter_gap_mm * mm
        upper = bottom + head.letter_mark_gap_mm * mm  # the first double rule's top edge
        lower = geo.page_height - geo.top - head.letter_bottom_rule_mm * mm  # the second's bottom edge
        if spec.red:
            drawing.rules += [(x0, x1, upper + heavy / 2, heavy), (x0, x1, upper + heavy + gap + thin / 2, thin),
                              (x0, x1, lower - heavy - gap - thin / 2, thin), (x0, x1, lower - heavy / 2, heavy)]
        rule_bottom = upper + heavy + gap + thin
        size = style.roles.docnumber.size_pt
        em_top = rule_bottom + LETTER_FIELD_GAP_EM * size
        first = em_top - (L - size) / 2  # the first line's slot
        last = first - L
        fields = [self.atoms(f) for f in spec.fields if f is not None]  # one a line, in order
        docnumber = self.atoms(spec.docnumber)
        for k in range(max(len(fields), 1 if docnumber else 0)):
            slot = last = first + k * L
            if k < len(fields):
                drawing.texts.append(Placed(fields[k], one_line(fields[k]), 0.0, self.slot(fields[k], slot)))
            if k == 0 and docnumber:
                line = one_line(docnumber)
                drawing.texts.append(Placed(docnumber, line, geo.text_width - line.width, self.slot(docnumber, slot)))
        drawing.end = (last + L if last >= first else rule_bottom) + 2 * L
        return drawing

    # -- the flowable
    def wrap(self, avail_width, avail_height):
        L = self.geo.leading
        self.width = avail_width
        # at most the type area: a 版头 taller than a page overflows rather than stopping the pagination
        self.height = min(max(1, math.ceil(self.drawing.end / L - 1e-6)), self.geo.lines_per_page) * L
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        return []

    def draw(self):
        canv = self.canv
        for p in self.drawing.texts:
            draw_line(canv, p.atoms, p.line, p.x, self.height - p.depth)
        for x0, x1, depth, width in self.drawing.rules:
            canv.rule(x0, self.height - depth, x1, self.height - depth, width, self.rule_color)


def seal_size(seal: Seal, style: Style) -> tuple[float, float]:
    """A seal's printed width and height in points: its model's width, else the style's."""
    width = (seal.width_mm or style.masthead.seal_width_mm) * mm
    return width, width * seal.height_px / seal.width_px


def seal_blank_lines(heights: list[float], style: Style) -> int:
    """Blank lines between the body and a sealed closing (7.3.5.1): the seal's top within one
    line under the body's em box, its centre on the 署名's line top. `heights` in points."""
    leading = style.geometry.leading
    under_em = (leading - style.roles.body.size_pt) / 2  # a body line's slot below its em box
    return max(1, math.ceil((max(heights) / 2 - under_em) / leading - 1e-6))


def seal_row(seals: list, centre: float, width: float, gap: float) -> list[tuple[float, float, float]]:
    """Seals in a row, seal_gap apart, the last centred at `centre` (over the date); moved
    right, then made smaller, so that the row stays within the type area (7.3.5.1)."""
    sizes = [(w, h) for _, w, h in seals]
    pitch = max(w for w, _ in sizes) + gap
    scale = min(1.0, (width - gap * (len(sizes) - 1)) / (pitch - gap) / len(sizes))
    sizes = [(w * scale, h * scale) for w, h in sizes]
    pitch = max(w for w, _ in sizes) + gap
    xs = [centre - (len(sizes) - 1 - k) * pitch for k in range(len(sizes))]
    shift = max(0.0, sizes[0][0] / 2 - xs[0]) - max(0.0, xs[-1] + sizes[-1][0] / 2 - width)
    return [(x + shift, w, h) for x, (w, h) in zip(xs, sizes)]


def masthead_spec(model: Model, style: Style, spec, lang: str) -> MastheadSpec:
    """The 版头's specs, fonts assigned by `spec` (BlockTranslator.spec: runs, role -> BlockSpec)."""
    head = style.masthead
    organs = [head.mark] if head.mark else list(model.organs)
    suffix = "" if head.mark else model.suffix
    red = head.letterhead != "preprinted"
    mark = [spec([(o, "mark")], "mark") for o in organs]
    return MastheadSpec(
        form=model.form,
        organs=[m for m in mark if m is not None],
        suffix=spec([(suffix, "mark")], "mark") if suffix else None,
        fields=[spec([(f, "masthead_field")], "masthead_field") if f else None
                for f in (model.copy, model.secrecy, model.urgency)],
        order=spec([(model.order, "docnumber")], "docnumber") if model.order else None,
        docnumber=spec([(model.docnumber, "docnumber")], "docnumber") if model.docnumber else None,
        signer_label=spec([(signer_label(lang), "docnumber")], "docnumber") if model.signers else None,
        signers=[s for s in (spec([(name, "signer")], "signer") for name in model.signers) if s is not None],
        red=red,
    )
