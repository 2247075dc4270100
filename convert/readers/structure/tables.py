"""Tables in paragraph text: rows of cells separated by a tab, or by runs of two or more
spaces (U+3000 too). Rows become a <table> only when their columns line up over several
consecutive rows; anything ragged stays paragraphs, so no text is ever lost.

- Tab-separated rows (what copying an HTML or Word table gives) are rows from two cells on.
  A table whose full rows line up may have shorter rows: a copied table loses the cells that
  a row spans into from above (rowspan), so a shorter row fills the rightmost columns and
  the cells on its left span down from the row above. A line without a separator between
  two rows is a row of one cell across the table (a group heading: colspan).
- Space-separated rows need three cells and the same count in every row: two columns set
  apart by spaces are the aligned text of a name list (组　长：韩　正　　国务院副总理),
  not a table.
- The first row is the header when the table has three rows or more.
- A numbered table title on the line above (表1　主要指标) is the table's caption
  (the rule of captions.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from convert.model import inline
from convert.readers.structure import captions

TAB = "\t"
SPACE_RUN = re.compile(r"[ \u3000\u00a0]{2,}")
SEPARATORS = re.compile(r"\t|[ \u3000\u00a0]{2,}")
MIN_ROWS = 3  # rows whose columns line up before rows are a table
MIN_SPACE_CELLS = 3
MAX_SPANNING = 60  # characters of a one-cell row across the table (a group heading)


# what a separator needs, tested by `in` first: a regular expression over every paragraph
# of a long report costs more than the rest of the table search
_SEPARATOR_PIECES = ("\t", "  ", "\u3000\u3000", "\u3000 ", " \u3000", "\u00a0")


def may_have_separator(text: str) -> bool:
    return any(piece in text for piece in _SEPARATOR_PIECES)


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    by_tab: bool


def row_of(text: str) -> Row | None:
    """The cells of a paragraph that is a table row, else None."""
    if not may_have_separator(text):
        return None
    if TAB in text:
        cells = tuple(c.strip(" \u3000\u00a0") for c in text.split(TAB))
        return Row(cells, True) if len(cells) >= 2 else None
    cells = tuple(c for c in SPACE_RUN.split(text.strip(" \u3000\u00a0")) if c)
    return Row(cells, False) if len(cells) >= MIN_SPACE_CELLS else None


def has_inner_separator(text: str) -> bool:
    """A tab or a run of spaces between two characters: the shape of a row of cells."""
    return may_have_separator(text) and bool(SEPARATORS.search(text.strip(" \t\u3000\u00a0")))


def split_keeping_separators(text: str) -> list[str]:
    """text as [cell, separator, cell, …], so that a transform can change the cells only."""
    if not may_have_separator(text):
        return [text]
    return re.split(r"(\t|[ \u3000\u00a0]{2,})", text)


def find_tables(texts: list[str]) -> dict[int, tuple[int, etree._Element]]:
    """The tables among consecutive texts: {first index: (index past the last, <table>)}."""
    rows = [row_of(t) for t in texts]
    found: dict[int, tuple[int, etree._Element]] = {}
    i = previous_end = 0
    while i < len(texts):
        if rows[i] is None:
            i += 1
            continue
        end = run_end(texts, rows, i)
        table = table_of(texts, rows, i, end)
        if table is not None:
            start = i
            if i > previous_end and captions.is_table_caption(texts[i - 1]):  # 表1　主要指标, the line above
                start -= 1
                table.insert(0, inline.fill(etree.Element("caption"), texts[start]))
            found[start] = (end, table)
            i = previous_end = end
        else:
            i += 1
    return found


def run_end(texts: list[str], rows: list[Row | None], start: int) -> int:
    """Past the last row of the run of rows of one kind from `start`, one-cell lines between
    rows included."""
    kind = rows[start].by_tab
    end = i = start + 1
    while i < len(texts):
        if rows[i] is not None and rows[i].by_tab == kind:
            end = i = i + 1
        elif rows[i] is None and len(texts[i]) <= MAX_SPANNING:
            i += 1  # a spanning row only if a row follows
        else:
            break
    return end


def table_of(texts: list[str], rows: list[Row | None], start: int, end: int) -> etree._Element | None:
    """The table of rows[start:end] if their columns line up, else None."""
    real = [r for r in rows[start:end] if r is not None]
    width = max(len(r.cells) for r in real)
    if len(real) < MIN_ROWS or len(real[0].cells) != width or not lines_up(real):
        return None
    if not real[0].by_tab and any(len(r.cells) != width for r in real):
        return None  # space-separated rows are a table only when every row has every cell
    grid = [Row((texts[i],), True) if rows[i] is None else rows[i] for i in range(start, end)]
    return build_table(grid, width, header=len(grid) >= MIN_ROWS)


def lines_up(rows: list[Row]) -> bool:
    """MIN_ROWS consecutive rows with the same number of cells (two at least)."""
    run, previous = 0, None
    for r in rows:
        run = run + 1 if len(r.cells) == previous else 1
        previous = len(r.cells)
        if run >= MIN_ROWS and previous >= 2:
            return True
    return False


def build_table(grid: list[Row], width: int, header: bool) -> etree._Element:
    table = etree.Element("table")
    parent = etree.SubElement(table, "header") if header else table
    # column → the cell that covers it from above, and whether a row may span into it
    above: list[etree._Element | None] = [None] * width
    for n, row in enumerate(grid):
        if header and n == 1:
            parent = table
            above = [None] * width  # body cells never span from the header
        el = etree.SubElement(parent, "row")
        if len(row.cells) == 1 and width > 1:  # a group heading across the table
            cell = inline.fill(etree.SubElement(el, "cell", colspan=str(width)), row.cells[0])
            above = [None] * width
            continue
        first = width - len(row.cells)  # a shorter row fills the rightmost columns
        for column in range(first):
            if above[column] is not None:
                above[column].set("rowspan", str(int(above[column].get("rowspan", "1")) + 1))
        for column, text in enumerate(row.cells, first):
            cell = inline.fill(etree.SubElement(el, "cell"), text)
            above[column] = cell
    return table


def fill_cell(cell: etree._Element, texts: list[str]) -> etree._Element:
    """A model cell's content: inline text when it has one paragraph, else a <p> for each
    (the readers that find real tables, HTML and DOCX, share it)."""
    if len(texts) == 1:
        inline.fill(cell, texts[0])
    else:
        for text in texts:
            inline.fill(etree.SubElement(cell, "p"), text)
    return cell
