"""What every block of a layout is made of, shared by ``blocks.py`` and ``tables.py``: a
block's runs before layout (``BlockSpec``), the parts that become flowables of their own
(``DocumentPart``), the atoms the composer sets (``make_atoms``), and a composed line's
glyphs recorded at their places (``draw_line``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from convert.style import Geometry, Style
from convert.typeset import fonts
from convert.typeset.compose import Atom, Line, atom, split_atoms
from convert.typeset.fontbook import FontBook, Glyph, RunData
from convert.typeset.layout import BLACK
from convert.typeset.platypus import Flowable
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
    for (text, role), faces in zip(spec.runs, spec.faces):
        size = style.roles[role].size_pt
        em = geo.em(size)
        pos = 0
        for piece in split_atoms(text):
            piece_faces = tuple(faces[pos:pos + len(piece)])
            pos += len(piece)
            key = (piece, piece_faces, size, spec.color)
            made = book.atoms.get(key)
            if made is None:
                glyphs = tuple(book.glyph(ch, face, size, spec.color) for ch, face in zip(piece, piece_faces))
                made = book.atoms[key] = atom(piece, em, sum(g.advance for g in glyphs), RunData.of(piece, glyphs, size))
            atoms.append(made)
    return atoms



def baseline_of(atoms: list[Atom], line: Line, top: float, leading: float, ascent: float) -> float:
    """The baseline of a line whose slot runs down from `top`: its em box centred in the slot."""
    size = max(a.data.size for a in atoms[line.start:line.end])
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
    """Record a line's glyphs on baseline y, its first cell at x0."""
    canv.glyphs(glyph_positions(atoms, line, x0), y)


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
