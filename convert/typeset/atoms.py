"""What every block of a layout is made of, shared by ``blocks.py`` and ``tables.py``: a
block's runs before layout (``BlockSpec``), the parts that become flowables of their own
(``DocumentPart``), the atoms the composer sets (``make_atoms``), and a composed line's
glyphs recorded at their places (``draw_line``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from convert.style import Geometry, Style
from convert.typeset import fonts
from convert.typeset.compose import Atom, Line, atom, split_atoms
from convert.typeset.fontbook import FontBook, Glyph, RunData
from convert.typeset.layout import BLACK, glyph_run
from convert.typeset.paginate import Flowable
from convert.typeset.recorder import Recorder


@dataclass
class BlockSpec:
    """A block before fonts are registered: runs of (text, role) and its layout."""

    runs: list[tuple[str, str]]
    align: str = "justify"
    indent_chars: float = 0.0
    outline: tuple[str, int, str] | None = None  # (title, level, key) for the outline (bookmarks)
    heading: bool = False
    faces: list[list[fonts.Face]] = field(default_factory=list)
    color: tuple[float, float, float] = BLACK  # the block's role's colour; its runs take it


def make_atoms(spec: BlockSpec, style: Style, geo: Geometry, book: FontBook) -> list[Atom]:
    atoms: list[Atom] = []
    color = spec.color
    for (text, role), faces in zip(spec.runs, spec.faces):
        size = style.roles[role].size_pt
        em = geo.em(size)
        pieces = split_atoms(text)
        if len(pieces) == len(text):  # every piece a character: their atoms by face, then character
            face = table = None
            for ch, ch_face in zip(text, faces):
                if ch_face is not face:
                    face = ch_face
                    table = book.characters.get((id(face), size, color))  # hashing a Face costs a call
                    if table is None:
                        table = book.characters[id(face), size, color] = {}
                        book.faces_kept.append(face)  # and its id is not another's while the table is kept
                made = table.get(ch)
                if made is None:
                    made = table[ch] = _atom(ch, (face,), size, em, color, book)
                atoms.append(made)
            continue
        pos = 0
        for piece in pieces:
            piece_faces = tuple(faces[pos:pos + len(piece)])
            pos += len(piece)
            key = (piece, piece_faces, size, color)
            made = book.atoms.get(key)
            if made is None:
                made = book.atoms[key] = _atom(piece, piece_faces, size, em, color, book)
            atoms.append(made)
    return atoms


def _atom(piece: str, faces: tuple[fonts.Face, ...], size: float, em: float, color: tuple[float, float, float],
          book: FontBook) -> Atom:
    glyphs = tuple(book.glyph(ch, face, size, color) for ch, face in zip(piece, faces))
    return atom(piece, em, sum(g.advance for g in glyphs), RunData.of(piece, glyphs, size))


_size_of = attrgetter("data.size")


def baseline_of(atoms: list[Atom], line: Line, top: float, leading: float, ascent: float) -> float:
    """The baseline of a line whose slot runs down from `top`: its em box centred in the slot."""
    size = max(map(_size_of, atoms[line.start:line.end]))
    return top - leading / 2 - (ascent - 0.5) * size


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


def draw_line(canv: Recorder, atoms: list[Atom], line: Line, x0: float, y: float) -> None:
    """Record a line's glyphs on baseline y, its first cell at x0, each where
    ``glyph_positions`` puts it, as runs of one font, size and colour whose glyphs are evenly
    spaced (a space starts a new run). In one pass, a one-glyph atom placed here without
    glyph_positions' list: every glyph of a document passes here."""
    tx, ty = canv.origin
    y += ty
    runs = []
    chars: list[str] = []
    xs: list[float] = []
    count = 0  # len(chars)
    font = size = color = None
    spacing = px = advance = 0.0
    for a, x, w in zip(atoms[line.start:line.end], line.xs, line.widths):
        data: RunData = a.data
        g = data.single
        if g is not None:  # most atoms: one glyph in its cell, placed as glyph_positions does
            if w < a.width - 1e-6:  # a compressed mark
                natural = x0 + x + (w - g.advance if data.align == "right" else 0.0)
                centred = x0 + x + w / 2 - g.ink
                share = min(1.0, (a.width - w) / a.shrink)
                gx = natural + share * (centred - natural)
            elif data.align == "centre":
                gx = x0 + x + (w - g.advance) / 2
            elif data.align == "right":
                gx = x0 + x + w - g.advance
            else:
                gx = x0 + x
            placed = ((gx, g),)
        else:
            placed = glyph_positions([a], Line(0, 1, (x,), (w,), False), x0)
        for gx, g in placed:
            # a run goes on while font, size and colour stay, no space comes, and each glyph
            # follows the last at the spacing between the run's first two
            if count and g.font == font and g.size == size and g.color == color and g.char != " ":
                if count == 1:
                    spacing = gx - px - advance
                elif not -0.005 <= gx - px - advance - spacing <= 0.005:
                    runs.append(glyph_run(font, size, y, "".join(chars), tuple(xs), spacing, color))
                    chars, xs, count, spacing = [], [], 0, 0.0
            else:
                if count:
                    runs.append(glyph_run(font, size, y, "".join(chars), tuple(xs), spacing, color))
                    chars, xs, count, spacing = [], [], 0, 0.0
                font, size, color = g.font, g.size, g.color
            chars.append(g.char)
            xs.append(tx + gx)
            count += 1
            px, advance = gx, g.advance
    if count:
        runs.append(glyph_run(font, size, y, "".join(chars), tuple(xs), spacing, color))
    canv.add(runs)


class DocumentPart:
    """A part that becomes flowables of its own once the fonts are registered (a title, the
    attachment list, a closing, the 版记, a figure, a table): ``blocks`` gives (flowable,
    is_heading) pairs for ``pages.plan``."""

    def blocks(self, style: Style, geo: Geometry, book: FontBook) -> list[tuple[Flowable, bool]]:
        raise NotImplementedError

    def specs(self) -> list[BlockSpec | None]:
        """Its blocks' specs, in reading order."""
        return []

    @property
    def runs(self) -> list[tuple[str, str]]:
        """The (text, role) runs it shows, in reading order, as a BlockSpec's."""
        return [run for spec in self.specs() if spec is not None for run in spec.runs]
