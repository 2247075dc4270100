"""Tables on the page: the model's <table> as a flowable (PDF and OFD).

A table is drawn with rules around every cell, its caption above it (roles.caption, on the
body grid). Cell text is set by the project's composer (``convert.typeset.compose``) over atoms
made as ``atoms.make_atoms`` makes them, so the kinsoku rules hold inside cells; each paragraph
of a cell starts a new line. Column widths come from the content: a column needs at least its
longest unbreakable piece and at most its natural width, and the type area's width is shared
between the two as in CSS's automatic table layout (the table is narrower when its content is).
Numeric columns are right-aligned, or aligned on the decimal point when some cells have one.

The flowable splits between pages by rows (rows joined by a rowspan stay together), repeats the
header rows at the top of every page, and cuts a group of rows that no page could hold by lines.
Its height is rounded up to whole grid lines, so the body text after it stays on the grid.
All sizes come from the style ([table], roles.table, roles.table_header, roles.caption).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from lxml import etree
from reportlab.lib.units import mm

from convert.model import text_of, tree
from convert.model.tables import NUMBER, fit_columns, grid
from convert.model.visitor import inline_runs
from convert.style import Geometry, Style
from convert.typeset.atoms import BlockSpec, DocumentPart, draw_line, make_atoms
from convert.typeset.compose import Atom, Line, compose
from convert.typeset.fontbook import FontBook
from convert.typeset.kinsoku import breakable
from convert.typeset.paginate import Flowable

EPS = 0.01
DECIMAL_POINTS = ".．"
DIGITS = set("0123456789０１２３４５６７８９,，")


# ------------------------------------------------------------------ model --

@dataclass
class CellSpec:
    """A cell on the table's grid (header rows first, then body rows), before layout."""

    row: int
    col: int
    rowspan: int
    colspan: int
    header: bool
    paragraphs: list[BlockSpec]
    text: str
    number: str = ""  # in a numeric column: "right", or "decimal" (aligned on the point)

    @property
    def is_number(self) -> bool:
        return not self.header and self.colspan == 1 and bool(NUMBER.fullmatch(self.text.strip()))


@dataclass
class TableSpec(DocumentPart):
    """What BlockTranslator.visit_table records: the caption and the cells, with their fonts
    assigned in the FontBook (before it registers them)."""

    caption: BlockSpec | None
    cells: list[CellSpec]
    header_rows: int
    rows: int
    columns: int

    @classmethod
    def of(cls, table: etree._Element, style: Style, book: FontBook) -> "TableSpec":
        caption_el = table.find("caption")
        caption = None
        if caption_el is not None and text_of(caption_el):
            caption = _spec(caption_el, "caption", style, book)
        header, body = tree.table_rows(table)
        rows = header + body
        cells = []
        for r, c, rowspan, colspan, cell in _place(table):
            role = "table_header" if r < len(header) else "table"
            paragraphs = [_spec(p, role, style, book) for p in tree.cell_paragraphs(cell)] if cell is not None else []
            paragraphs = [p for p in paragraphs if p.runs]
            text = "".join(text_of(p) for p in tree.cell_paragraphs(cell)) if cell is not None else ""
            cells.append(CellSpec(r, c, rowspan, colspan, r < len(header), paragraphs, text))
        columns = max((c.col + c.colspan for c in cells), default=0)
        _mark_numeric_columns(cells)
        return cls(caption, cells, len(header), len(rows), columns)

    def blocks(self, style: Style, geo: Geometry, book: FontBook) -> list[tuple[Flowable, bool]]:
        return [(TableFlowable(TableLayout(self, style, geo, book)), False)]

    def specs(self) -> list[BlockSpec | None]:
        """The caption, then the cells' paragraphs row by row: the reading order."""
        return [self.caption] + [p for cell in self.cells for p in cell.paragraphs]


def _spec(el: etree._Element, role: str, style: Style, book: FontBook) -> BlockSpec:
    """A paragraph of a cell or the caption, in one role, its faces assigned."""
    runs = [(text, role) for text, _ in inline_runs(el) if text]
    spec_role = style.roles[role]
    spec = BlockSpec(runs, align=spec_role.align, indent_chars=spec_role.indent(style.text))
    spec.faces = [book.assign(r, text) for text, r in runs]
    return spec


def _mark_numeric_columns(cells: list[CellSpec]) -> None:
    """A column whose body cells (of one column, not empty) are all numbers is numeric:
    right-aligned, or on the decimal point when some have decimals."""
    by_col: dict[int, list[CellSpec]] = {}
    for cell in cells:
        if not cell.header and cell.colspan == 1 and cell.text.strip():
            by_col.setdefault(cell.col, []).append(cell)
    for column in by_col.values():
        if all(cell.is_number for cell in column):
            decimal = any(ch in DECIMAL_POINTS for cell in column for ch in cell.text)
            for cell in column:
                cell.number = "decimal" if decimal else "right"


def _place(table: etree._Element):
    """(row, column, rowspan, colspan, cell) for every grid position a cell starts at, placed
    as the HTML table model places them (convert.model.tables.grid); holes in short rows
    become empty cells (cell None)."""
    placed_grid = grid(table)
    taken = set()
    placed = []
    for row in placed_grid.rows:
        for p in row:
            taken.update((i, j) for i in range(p.row, p.row + p.rows) for j in range(p.column, p.column + p.columns))
            placed.append((p.row, p.column, p.rows, p.columns, p.cell))
    for r in range(len(placed_grid.rows)):
        for c in range(placed_grid.columns):
            if (r, c) not in taken:
                placed.append((r, c, 1, 1, None))
    placed.sort(key=lambda p: (p[0], p[1]))
    return placed


# ----------------------------------------------------------------- layout --

@dataclass(frozen=True)
class CellLine:
    """One composed line of a cell: its atoms, where it starts in the cell's text box, its pitch."""

    atoms: list[Atom]
    line: Line
    x: float
    pitch: float
    size: float


@dataclass
class Placed:
    """A cell as one part of the table draws it; rows count from the part's first row."""

    row: int
    col: int
    rowspan: int
    colspan: int
    lines: list[CellLine]
    cut: bool = False  # split by a page break: set from the top, not centred

    @property
    def end(self) -> int:
        return self.row + self.rowspan

    @property
    def content_height(self) -> float:
        return sum(line.pitch for line in self.lines)


@dataclass
class Rows:
    """A band of rows (the header, or some of the body) with their cells."""

    cells: list[Placed]
    count: int
    heights: list[float] = field(default_factory=list)

    def height(self) -> float:
        return sum(self.heights)


class TableLayout:
    """Column widths, composed cells and row heights of a table at one width."""

    def __init__(self, spec: TableSpec, style: Style, geo: Geometry, book: FontBook):
        self.spec, self.style, self.geo = spec, style, geo
        table = style.table
        self.rule = table.rule_mm * mm
        self.padding = table.cell_padding_mm * mm
        self.frame = 2 * self.padding + self.rule  # from rule centre to rule centre, besides text
        self.min_row = table.line_spacing * style.roles["table"].size_pt + self.frame
        self.atoms = {id(p): make_atoms(p, style, geo, book) for c in spec.cells for p in c.paragraphs}
        self.caption_atoms = make_atoms(spec.caption, style, geo, book) if spec.caption else []
        self.width = None

    def at(self, width: float) -> "TableLayout":
        if self.width is None or abs(self.width - width) > EPS:
            self._lay_out(width)
        return self

    def _lay_out(self, width: float) -> None:
        self.width = width
        spec = self.spec
        widths = fit_columns(*self._column_limits(), width - self.rule)
        left = (width - self.rule - sum(widths)) / 2 + self.rule / 2  # a narrow table is centred
        self.xs = [left]
        for w in widths:
            self.xs.append(self.xs[-1] + w)
        self.caption = self._caption_lines(width)
        placed = [self._compose_cell(c) for c in spec.cells]
        self._align_numbers(placed)
        head = spec.header_rows
        self.header = self.rows([p for p in placed if p.row < head], head)
        if self.header.height() + self.rule + self.min_row > self.geo.text_height:
            head = 0  # header rows taller than a page are not repeated: they lead the body once
            self.header = Rows([], 0, [])
        body = [replace(p, row=p.row - head) for p in placed if p.row >= head]
        self.body = self.rows(body, spec.rows - head)

    def rows(self, cells: list[Placed], count: int) -> Rows:
        """A band with its row heights: each row holds its cells, a spanning cell's excess
        goes to its last row."""
        heights = [self.min_row] * count
        for cell in sorted(cells, key=lambda c: c.rowspan):
            need = cell.content_height + self.frame
            have = sum(heights[cell.row:cell.end])
            if need > have + EPS:
                heights[cell.end - 1] += need - have
        return Rows(cells, count, heights)

    # -- widths --
    def _column_limits(self) -> tuple[list[float], list[float]]:
        """Each column's least and natural width (text plus padding and rule), single
        cells first, then spanning cells, whose excess is shared by their columns."""
        n = self.spec.columns
        least, natural = [self.frame] * n, [self.frame] * n
        for cell in sorted(self.spec.cells, key=lambda c: c.colspan):
            lo, hi = self._cell_limits(cell)
            _spread(least, cell.col, cell.colspan, lo + self.frame)
            _spread(natural, cell.col, cell.colspan, hi + self.frame)
        for col, need in self._decimal_widths().items():  # the points aligned: widest integer + widest tail
            least[col] = max(least[col], need + self.frame)
        natural = [max(a, b) for a, b in zip(least, natural)]
        return least, natural

    def _decimal_widths(self) -> dict[int, float]:
        tails, heads = self._number_tails(), {}
        for spec in self.spec.cells:
            if spec.number == "decimal" and spec.paragraphs:
                whole = sum(a.width for a in self.atoms[id(spec.paragraphs[0])])
                heads[spec.col] = max(heads.get(spec.col, 0.0), whole - self._tail(spec))
        return {col: heads[col] + tails[col] for col in heads}

    def _cell_limits(self, cell: CellSpec) -> tuple[float, float]:
        lo = hi = 0.0
        for p in cell.paragraphs:
            atoms = self.atoms[id(p)]
            indent = p.indent_chars * self._em(p)
            full = indent + sum(a.width for a in atoms)
            hi = max(hi, full)
            short_header = cell.header and full <= self.style.table.header_whole_chars * self._em(p) + EPS
            lo = max(lo, full if cell.number or short_header else longest_unbreakable(atoms, indent))
        return lo, hi

    def _em(self, p: BlockSpec) -> float:
        return self.geo.em(self.style.roles[p.runs[0][1]].size_pt)

    # -- composing --
    def _text_width(self, col: int, colspan: int) -> float:
        return self.xs[col + colspan] - self.xs[col] - self.frame

    def _compose_cell(self, cell: CellSpec) -> Placed:
        width = self._text_width(cell.col, cell.colspan)
        lines = []
        for p in cell.paragraphs:
            atoms = self.atoms[id(p)]
            # A number is never broken; _align_numbers places it.
            lines.extend(self._set(p, atoms, math.inf if cell.number else width))
        return Placed(cell.row, cell.col, cell.rowspan, cell.colspan, lines)

    def _set(self, p: BlockSpec, atoms: list[Atom], width: float) -> list[CellLine]:
        role = self.style.roles[p.runs[0][1]]
        size = role.size_pt
        pitch = self.style.table.line_spacing * size
        indent = p.indent_chars * self._em(p)
        opts = self.style.compose
        composed = compose(atoms, 1e9 if math.isinf(width) else width, indent=indent,
                           justify=p.align == "justify", min_last_chars=opts.min_last_line_chars,
                           push_in_limit=opts.push_in_limit)
        out = []
        for k, line in enumerate(composed):
            if math.isinf(width) or p.align in ("left", "justify"):
                x = indent if k == 0 else 0.0
            elif p.align == "center":
                x = (width - line.width) / 2
            else:
                x = width - line.width
            out.append(CellLine(atoms, line, x, pitch, size))
        return out

    def _caption_lines(self, width: float) -> list[CellLine]:
        p = self.spec.caption
        if p is None:
            return []
        opts = self.style.compose
        size = self.style.roles["caption"].size_pt
        out = []
        for line in compose(self.caption_atoms, width, justify=p.align == "justify",
                            min_last_chars=opts.min_last_line_chars, push_in_limit=opts.push_in_limit):
            x = {"center": (width - line.width) / 2, "right": width - line.width}.get(p.align, 0.0)
            out.append(CellLine(self.caption_atoms, line, x, self.geo.leading, size))
        return out

    def _align_numbers(self, placed: list[Placed]) -> None:
        """Right-align the numbers of a numeric column; on the decimal point when some of
        them have one (the integer digits end at one x)."""
        tails = self._number_tails()
        for spec, cell in zip(self.spec.cells, placed):
            if not spec.number or not cell.lines:
                continue
            width = self._text_width(spec.col, 1)
            line = cell.lines[0]
            shift = tails[spec.col] - self._tail(spec) if spec.number == "decimal" else 0.0
            cell.lines[0] = replace(line, x=width - line.line.width - shift)

    def _tail(self, spec: CellSpec) -> float:
        return fraction_width(self.atoms[id(spec.paragraphs[0])])

    def _number_tails(self) -> dict[int, float]:
        """Per decimal-aligned column, its widest part after the integer digits."""
        tails: dict[int, float] = {}
        for spec in self.spec.cells:
            if spec.number == "decimal" and spec.paragraphs:
                tails[spec.col] = max(tails.get(spec.col, 0.0), self._tail(spec))
        return tails


def _spread(widths: list[float], start: int, span: int, need: float) -> None:
    have = sum(widths[start:start + span])
    if need > have + EPS:
        extra = (need - have) / span
        for j in range(start, start + span):
            widths[j] += extra


def longest_unbreakable(atoms: list[Atom], indent: float = 0.0) -> float:
    """The widest run of atoms with no allowed line break inside (kinsoku keeps （中 and
    文。 together), the first run after the indent: no narrower line can hold it."""
    best = run = indent
    for i, a in enumerate(atoms):
        if i and _breaks(atoms[i - 1].text[-1], a.text[0]):
            run = 0.0
        run += a.width
        best = max(best, run)
    return best


def _breaks(before: str, after: str) -> bool:
    # As the composer decides (compose._may_break_between): a space always allows a break.
    return before == " " or after == " " or breakable(before + after, 1)


def fraction_width(atoms: list[Atom]) -> float:
    """The width of a number after its integer digits: the decimal point, the decimals,
    a % sign."""
    widths = []  # (character, its width in the line)
    for a in atoms:
        glyphs = a.data.glyphs
        if a.data.align == "run":
            widths.extend((g.char, g.advance) for g in glyphs)
        else:
            widths.extend((g.char, a.width / len(glyphs)) for g in glyphs)
    chars = [ch for ch, _ in widths]
    start = next((i for i, ch in enumerate(chars) if ch in DECIMAL_POINTS), None)
    if start is None:
        start = len(chars)
        while start and chars[start - 1] not in DIGITS:
            start -= 1
    return sum(w for _, w in widths[start:])


# -------------------------------------------------------------- flowable --

class TableFlowable(Flowable):
    """A table, or the part of one that a page holds: the caption (first part only), the
    header rows, and a band of body rows."""

    def __init__(self, layout: TableLayout, body: Rows | None = None, first: bool = True):
        super().__init__()
        self.layout, self._body, self.first = layout, body, first

    def body(self, width: float) -> Rows:
        self.layout.at(width)
        if self._body is None:
            self._body = self.layout.body
        return self._body

    def _fixed(self, width: float) -> float:
        """The height above the body rows: caption, header rows, the outer rules' halves."""
        lay = self.layout.at(width)
        caption = sum(cl.pitch for cl in lay.caption) if self.first else 0.0
        return caption + lay.header.height() + lay.rule

    def _natural(self, width: float) -> float:
        return self._fixed(width) + self.body(width).height()

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        natural = self._natural(avail_width)
        leading = self.layout.geo.leading
        on_grid = math.ceil(natural / leading - EPS) * leading
        self.height = on_grid if on_grid <= avail_height + EPS else max(natural, avail_height)
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        body = self.body(avail_width)
        room = avail_height - self._fixed(avail_width)
        groups = row_groups(body)
        used, taken = 0.0, 0
        for start, end in groups:
            height = sum(body.heights[start:end])
            if used + height > room + EPS:
                break
            used, taken = used + height, end
        if taken >= body.count:
            return [self]
        start, end = next(g for g in groups if g[0] == taken)
        a_page = self.layout.geo.text_height - self._fixed(avail_width)  # the room on a page of its own
        if sum(body.heights[start:end]) > a_page + EPS:  # no page holds the group: cut it here
            parts = cut_group(self.layout, body, start, end, room - used, a_page)
            if parts is not None:
                return [self._part(parts[0], self.first), self._part(parts[1], False)]
        if taken == 0:
            return []
        head = Rows([c for c in body.cells if c.end <= taken], taken, body.heights[:taken])
        tail = Rows([replace(c, row=c.row - taken) for c in body.cells if c.row >= taken],
                    body.count - taken, body.heights[taken:])
        return [self._part(head, self.first), self._part(tail, False)]

    def _part(self, body: Rows, first: bool) -> "TableFlowable":
        return TableFlowable(self.layout, body, first)

    def draw(self):
        lay = self.layout.at(self.width)
        canv = self.canv
        ascent = lay.style.compose.em_box_ascent
        y = self.height
        if self.first:
            for cl in lay.caption:
                draw_line(canv, cl.atoms, cl.line, cl.x, _baseline(y, cl, ascent))
                y -= cl.pitch
        y -= lay.rule / 2
        for band in (lay.header, self.body(self.width)):
            self._draw_band(band, y, ascent)
            y -= band.height()

    def _draw_band(self, band: Rows, top: float, ascent: float) -> None:
        lay, canv = self.layout, self.canv
        tops = [top]
        for h in band.heights:
            tops.append(tops[-1] - h)
        for cell in band.cells:
            x0, x1 = lay.xs[cell.col], lay.xs[cell.col + cell.colspan]
            y0, y1 = tops[cell.row], tops[cell.end]
            canv.box(x0, y1, x1 - x0, y0 - y1, lay.rule)
            inner = y0 - y1 - lay.frame
            y = y0 - lay.rule / 2 - lay.padding
            if not cell.cut:  # centred between its rules
                y -= max(0.0, inner - cell.content_height) / 2
            left = x0 + lay.rule / 2 + lay.padding
            for cl in cell.lines:
                draw_line(canv, cl.atoms, cl.line, left + cl.x, _baseline(y, cl, ascent))
                y -= cl.pitch


def _baseline(top: float, cl: CellLine, ascent: float) -> float:
    """The baseline of a line whose pitch starts at `top`: its em box centred in the pitch."""
    return top - cl.pitch / 2 - (ascent - 0.5) * cl.size


def row_groups(band: Rows) -> list[tuple[int, int]]:
    """Runs of rows that a page break may not separate: rows joined by a rowspan."""
    reach = list(range(1, band.count + 1))
    for cell in band.cells:
        reach[cell.row] = max(reach[cell.row], cell.end)
    groups, start, end = [], 0, 0
    for r in range(band.count):
        end = max(end, reach[r])
        if end == r + 1:
            groups.append((start, end))
            start = end
    return groups


def cut_group(lay: TableLayout, band: Rows, start: int, end: int, room: float, a_page: float):
    """Split `band` inside its group of rows start..end (joined by rowspans), no page holding
    it whole, with `room` left below the rows before it: after the last of its rows that fits,
    a spanning cell's lines shared between the parts; through the group's first row, by lines,
    only when that row alone is taller than a page. None when nothing fits."""
    tops = [0.0]
    for h in band.heights:
        tops.append(tops[-1] + h)
    cut_at = tops[start] + room
    fitting = [r for r in range(start + 1, end + 1) if tops[r] <= cut_at + EPS]
    if fitting:
        return _cut(lay, band, tops, fitting[-1] - 1, tops[fitting[-1]])
    if band.heights[start] > a_page + EPS and tops[start] + lay.min_row <= cut_at + EPS:
        return _cut(lay, band, tops, start, cut_at)
    return None


def _cut(lay: TableLayout, band: Rows, tops: list[float], row: int, cut_at: float) -> tuple[Rows, Rows] | None:
    """The rows up to `row` and the lines of the cells across it that end above `cut_at`
    first, the rest after; a row whose cells all end in the first part is not repeated."""
    fits = {id(c): lines_fitting(c.lines, cut_at - tops[c.row] - lay.frame)
            for c in band.cells if c.row <= row < c.end}
    ending = [c for c in band.cells if id(c) in fits and c.end == row + 1]
    whole = all(fits[id(c)] == len(c.lines) for c in ending)
    first_tail = row + 1 if whole else row  # the tail's first row
    head, tail = [], []
    for cell in band.cells:
        if cell.end <= row or (whole and cell.end == row + 1):
            head.append(cell)
        elif cell.row > row:
            tail.append(replace(cell, row=cell.row - first_tail))
        else:
            n = fits[id(cell)]
            head.append(replace(cell, rowspan=row + 1 - cell.row, lines=cell.lines[:n], cut=True))
            tail.append(replace(cell, row=0, rowspan=cell.end - first_tail, lines=cell.lines[n:], cut=True))
    if not (whole or any(fits.values())):
        return None
    return lay.rows(head, row + 1), lay.rows(tail, band.count - first_tail)


def lines_fitting(lines: list[CellLine], room: float) -> int:
    used, n = 0.0, 0
    for cl in lines:
        if used + cl.pitch > room + EPS:
            break
        used, n = used + cl.pitch, n + 1
    return n
