"""A model table on its grid, for the writers that lay tables out (PDF, DOCX, EPUB, plain text).

Each cell is placed at its first grid row and column once the row and column spans above
and before it are counted, as the HTML table model does. A row span is clamped to its row
group (the header rows, or the body rows): HTML's <thead> and <tbody> cannot share a cell.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from lxml import etree

from convert.model.tree import cell_paragraphs, table_rows, text_of

# A number as a cell of a numeric column shows it: 12,345  98.5%  -3.2  ３  １２．５％ (ASCII or full-width)
NUMBER = re.compile(r"[-+−－±]?[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?\s*[%％‰]?")


@dataclass(frozen=True)
class Placed:
    cell: etree._Element
    row: int          # first grid row (header rows first)
    column: int       # first grid column
    rows: int         # row span, clamped to the row group
    columns: int      # column span
    header: bool      # a header row's cell

    def paragraphs(self) -> list[str]:
        """The cell's paragraphs as text."""
        return [text_of(p) for p in cell_paragraphs(self.cell)]


@dataclass(frozen=True)
class Grid:
    rows: list[list[Placed]]   # the cells that start in each row, in order
    header_rows: int           # how many of `rows` are header rows
    columns: int               # the grid's width

    def numeric_columns(self) -> frozenset[int]:
        """Columns whose body cells (those of that column alone) all hold a number."""
        seen: dict[int, bool] = {}
        for row in self.rows[self.header_rows:]:
            for placed in row:
                if placed.columns != 1:
                    continue
                text = " ".join(placed.paragraphs()).strip()
                if text:
                    seen[placed.column] = seen.get(placed.column, True) and bool(NUMBER.fullmatch(text))
        return frozenset(column for column, numeric in seen.items() if numeric)


def grid(table: etree._Element) -> Grid:
    header, body = table_rows(table)
    placed_rows: list[list[Placed]] = []
    taken: dict[int, set[int]] = {}
    for group_start, group in ((0, header), (len(header), body)):
        group_end = group_start + len(group)
        for r, row in enumerate(group, group_start):
            column, placed_row = 0, []
            for cell in row.iterchildren("cell"):
                while column in taken.get(r, ()):
                    column += 1
                columns = int(cell.get("colspan", "1"))
                rows = min(int(cell.get("rowspan", "1")), group_end - r)
                for rr in range(r, r + rows):
                    taken.setdefault(rr, set()).update(range(column, column + columns))
                placed_row.append(Placed(cell, r, column, rows, columns, r < len(header)))
                column += columns
            placed_rows.append(placed_row)
    width = max((max(cols) + 1 for cols in taken.values() if cols), default=0)
    return Grid(placed_rows, len(header), width)


def fit_columns(least: list[float], natural: list[float], avail: float) -> list[float]:
    """Widths that fill `avail`, each between its column's least and natural width: the
    natural widths when they are narrower; the least widths scaled down when even they are
    too wide (text then runs past its rules). Otherwise a column narrower than an equal share
    keeps its natural width, and the rest is shared in proportion to the square root of the
    natural widths, each share kept within its column's limits: a
    short column gets its natural width, and a column of long text gets the most room without
    squeezing its neighbours to a character a line (CSS's share, in proportion to the natural
    widths, does; equal shares leave the long text a column as narrow as a column of names)."""
    lo, hi = sum(least), sum(natural)
    if hi <= avail + 1e-9:
        return list(natural)
    if lo >= avail - 1e-9:
        return [w * avail / lo for w in least]
    widths: list[float | None] = [None] * len(natural)
    while True:  # a column no wider than an equal share of the room keeps its natural width
        open_ = [i for i, w in enumerate(widths) if w is None]
        room = avail - sum(w for w in widths if w is not None)
        short = [i for i in open_ if natural[i] <= room / len(open_)]
        if not short:
            break
        for i in short:
            widths[i] = natural[i]
    while True:
        open_ = [i for i, w in enumerate(widths) if w is None]
        room = avail - sum(w for w in widths if w is not None)
        weight = sum(math.sqrt(natural[i]) for i in open_)
        share = {i: room * math.sqrt(natural[i]) / weight for i in open_}
        over = [i for i in open_ if share[i] > natural[i]]
        under = [i for i in open_ if share[i] < least[i]]
        if not over and not under:
            for i in open_:
                widths[i] = share[i]
            return widths
        for i in over or under:  # fix the columns out of their limits first, then share again
            widths[i] = natural[i] if over else least[i]


def fit_whole_columns(least: list[int], natural: list[int], available: int) -> list[int]:
    """`fit_columns` in whole units (the plain text's display columns): each width rounded
    down, never below its least, and what rounding leaves given to the widest columns."""
    if sum(natural) <= available:
        return list(natural)
    widths = [max(lo, math.floor(w + 1e-9)) for lo, w in zip(least, fit_columns(least, natural, available))]
    for i in sorted(range(len(widths)), key=lambda i: natural[i] - widths[i], reverse=True):
        if sum(widths) >= available:
            break
        if widths[i] < natural[i]:
            widths[i] += 1
    return widths
