"""Plain text: the 版头's lines, title, metadata lines, then headings and paragraphs separated by
blank lines.

The whole document: a 纪要's 出席/请假/列席 lines aligned after their colon; articles as label + U+3000 + text; tables as columns aligned by display
width under a rule; the attachment list and the closing (signatures and date right-aligned
to --wrap) as lines; each attached document and the 版记 after a separator line; a figure as
the line ［图：alt］ src, image or not."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from lxml import etree

from convert import figures
from convert.model import lang_of, meta_text, tables, tree
from convert.model.masthead import imprint_parts, masthead_of
from convert.model.visitor import Translator
from convert.options import Options
from convert.outputs import atomic_output
from convert.typeset.kinsoku import breakable

META_LINES = {
    "zh-Hans": (("issuer", "发文机关"), ("date", "日期"), ("place", "地点"), ("source", "来源")),
    "zh-Hant": (("issuer", "發文機關"), ("date", "日期"), ("place", "地點"), ("source", "來源")),
}


# Plain text has no style file: its few layout choices are named here.
COLUMN_GAP = 2           # display columns between a table's columns
MIN_COLUMN = 2           # a column holds at least one CJK character
RULE = "－"              # full-width: two columns wide in every terminal (box drawing is ambiguous)
SEPARATOR_WIDTH = 40     # display width of the line before an attached document and the 版记


def display_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(display_width(ch) for ch in text)


def rule(width: int) -> str:
    """A rule `width` display columns wide (an odd column as a half-width dash)."""
    return RULE * (width // 2) + "-" * (width % 2)


def pad(text: str, width: int, right: bool = False) -> str:
    """`text` filled with spaces to `width` display columns; `right`: aligned to the right."""
    fill = " " * max(0, width - text_width(text))
    return fill + text if right else text + fill


def wrap(text: str, width: int) -> list[str]:
    """Wrap by display width (a CJK character counts 2). A line never starts with
    closing punctuation nor ends with opening punctuation: the break moves back
    until both hold (push-out), or forward when no earlier break is allowed."""
    if width <= 0 or not text:
        return [text]
    lines: list[str] = []
    start = 0
    n = len(text)
    while start < n:
        used, end = 0, start
        while end < n and used + display_width(text[end]) <= width:
            used += display_width(text[end])
            end += 1
        if end >= n:
            lines.append(text[start:])
            break
        end = max(end, start + 1)  # a character wider than the line still takes one
        if end >= n:
            lines.append(text[start:])
            break
        brk = end
        while brk > start + 1 and not breakable(text, brk):
            brk -= 1
        if not breakable(text, brk):  # no legal break inside the width: extend past it
            brk = end
            while brk < n and not breakable(text, brk):
                brk += 1
        lines.append(text[start:brk])
        start = brk
    return lines


class TextTranslator(Translator):
    def __init__(self, report: etree._Element, width: int):
        super().__init__(report)
        self.width = width
        self.parts: list[str] = []
        self._attendance_at = -1  # the part holding the last attendance list

    def emit(self, text: str) -> None:
        self.parts.append("\n".join(wrap(text, self.width)))

    def emit_lines(self, lines: list[str]) -> None:
        self.parts.append("\n".join(lines))

    def wrapped(self, lines: list[str]) -> list[str]:
        return [out for line in lines for out in wrap(line, self.width)]

    def separator(self) -> None:
        self.parts.append(rule(min(self.width or SEPARATOR_WIDTH, SEPARATOR_WIDTH)))

    def enter_section(self, section):
        if section.kind in ("appendix", "imprint"):
            self.separator()

    def leave_section(self, section):
        if section.kind == "title-page":  # the metadata lines close the title page
            labels = META_LINES[lang_of(self.report)]
            meta = [f"{label}：{value}" for key, label in labels if (value := meta_text(self.report, key))]
            if meta:
                self.emit_lines(self.wrapped(meta))

    def visit_title(self, block):
        self.emit_lines(self.wrapped(tree.title_lines(block.element)))  # the issuer's lines

    def visit_heading(self, block):
        self.emit(block.text)

    visit_subtitle = visit_docnumber = visit_summary = visit_dateline = visit_speaker = visit_addressee = visit_heading
    visit_p = visit_point = visit_article = visit_heading  # an article's text starts with 第一条 and U+3000

    def visit_masthead(self, block):
        """The 版头 as lines in the standard's order (GB/T 9704 7.2, clause 10): 份号, 密级, 紧急,
        the mark, the 令号, the 发文字号, 签发人：names; the title follows."""
        mh = masthead_of(self.report)
        self.emit_lines(self.wrapped(mh.lines(lang_of(self.report))))

    def visit_attendance(self, block):
        """出席：names (a 纪要's list, 10.3), a wrapped line aligned after the colon."""
        label = block.element.get("label", "")
        indent = " " * text_width(label)
        lines = wrap(tree.text_of(block.element), self.width - len(indent) if self.width else 0)
        lines = [(label if i == 0 else indent) + line for i, line in enumerate(lines)]
        if self.parts and self._attendance_at == len(self.parts) - 1:  # the lists of one 纪要 together
            self.parts[-1] += "\n" + "\n".join(lines)
        else:
            self.emit_lines(lines)
        self._attendance_at = len(self.parts) - 1

    def visit_appendix_heading(self, block):
        """附件1 on its own line, then the title as the issuer broke it."""
        lines = [block.label] if block.label else []
        self.emit_lines(self.wrapped(lines + tree.title_lines(block.element)))

    def visit_notes(self, block):
        """注释： / 资料来源： on its own line, then each note as printed, wrapped."""
        self.emit_lines(self.wrapped(block.text.split("\n")))

    def visit_attachments(self, block):
        """附件：1. … with the later items aligned after the lead."""
        lead = block.element.get("label", "")
        indent = " " * text_width(lead)
        lines = []
        for i, item in enumerate(block.element.iterfind("item")):
            text = item.get("label", "") + tree.text_of(item)
            for j, line in enumerate(wrap(text, self.width - len(indent) if self.width else 0)):
                lines.append((lead if i == 0 and j == 0 else indent) + line)
        self.emit_lines(lines)

    def visit_closing(self, block):
        """Each signature and the date on a line of its own, right-aligned to --wrap;
        the note below, at the left (GB/T 9704 7.3.6)."""
        lines = []
        for part in block.element:
            text = tree.text_of(part)
            if part.tag != "note" and self.width and text_width(text) <= self.width:
                lines.append(" " * (self.width - text_width(text)) + text)
            else:
                lines.extend(wrap(text, self.width))
        self.emit_lines(lines)

    def visit_imprint(self, block):
        """版记: 抄送：… and the printing office with its date, the date right-aligned to --wrap."""
        lines = []
        for part in imprint_parts(self.report, block.element):  # a 信函's has no 印发 line
            if part.tag == "copyto":
                lines.extend(wrap(part.get("label", "") + tree.text_of(part), self.width))
            else:
                lines.extend(self.printed_lines(part.findtext("office"), part.findtext("date")))
        self.emit_lines(lines)

    def printed_lines(self, office: str | None, date: str) -> list[str]:
        """印发机关 at the left and 印发日期 at the right of one line when --wrap leaves room,
        else the date right-aligned on the next line; unwrapped, an ideographic space between."""
        if not self.width:
            return ["\u3000".join(x for x in (office, date) if x)]
        gap = self.width - text_width(office or "") - text_width(date)
        if office and gap >= COLUMN_GAP:  # at least a table's gap between them
            return [office + " " * gap + date]
        lines = wrap(office, self.width) if office else []
        if text_width(date) <= self.width:
            return lines + [pad(date, self.width, right=True)]
        return lines + wrap(date, self.width)

    def visit_figure(self, block):
        """［图：alt］ src where the figure is (plain text shows no image), then its caption. The
        source goes on lines of its own when the line would be wider than --wrap, broken after
        / ? & = where it can."""
        label, src = figures.placeholder_parts(block.element, lang_of(self.report))
        whole = figures.placeholder_text(block.element, lang_of(self.report))
        if not self.width or text_width(whole) <= self.width:
            lines = [whole]
        else:
            lines = wrap(label, self.width) + (figures.break_address(src, self.width, display_width) if src else [])
        caption = block.element.find("caption")
        self.emit_lines(lines + (wrap(tree.text_of(caption), self.width) if caption is not None else []))

    def visit_table(self, block):
        caption = block.element.find("caption")
        lines = wrap(tree.text_of(caption), self.width) if caption is not None else []
        self.emit_lines(lines + table_lines(tables.grid(block.element), self.width))

    def output(self) -> str:
        self.walk()
        return "\n\n".join(self.parts) + "\n"


def cell_lines(placed: tables.Placed, width: int) -> list[str]:
    """A cell's text in a column `width` wide; unwrapped (width 0), its paragraphs share one
    line, so that a row reads in the model's order."""
    if not width:
        return [" ".join(placed.paragraphs())]
    return [line for text in placed.paragraphs() for line in wrap(text, width)] or [""]


def span_width(widths: list[int], placed: tables.Placed) -> int:
    return sum(widths[placed.column:placed.column + placed.columns]) + COLUMN_GAP * (placed.columns - 1)


def least_width(text: str) -> int:
    """The widest run of `text` that cannot be broken (a number, a Latin word, a character
    with the punctuation kinsoku keeps with it)."""
    return max((text_width(line) for line in wrap(text, 1)), default=0)


def column_widths(grid: tables.Grid, width: int) -> list[int]:
    """Each column as wide as its widest cell (a spanning cell widens its last column),
    narrowed to fit `width` if one is given."""
    cells = sorted((placed for row in grid.rows for placed in row), key=lambda p: p.columns)

    def widest(measure) -> list[int]:
        widths = [0] * grid.columns
        for placed in cells:
            short = measure(placed) - span_width(widths, placed)
            if short > 0:
                widths[placed.column + placed.columns - 1] += short
        return widths

    if not width:
        return widest(lambda placed: text_width(cell_lines(placed, 0)[0]))
    natural = widest(lambda placed: max(map(text_width, placed.paragraphs())))
    least = [min(max(MIN_COLUMN, w), n)  # room for a CJK character, if the column holds one
             for w, n in zip(widest(lambda placed: max(map(least_width, placed.paragraphs()))), natural)]
    return tables.fit_whole_columns(least, natural, width - COLUMN_GAP * (grid.columns - 1))


def table_lines(grid: tables.Grid, width: int) -> list[str]:
    """The rows as aligned columns (numeric ones right-aligned); a rule under the header rows.
    A cell spanning rows shows its text from its first row down; the rows it spans grow if it
    needs more lines."""
    widths = column_widths(grid, width)
    numeric = grid.numeric_columns()
    owner = {(r, c): placed for row in grid.rows for placed in row
             for r in range(placed.row, placed.row + placed.rows)
             for c in range(placed.column, placed.column + placed.columns)}
    text = {id(p): cell_lines(p, span_width(widths, p) if width else 0) for row in grid.rows for p in row}
    heights = [max([len(text[id(p)]) for p in row if p.rows == 1] or [1]) for row in grid.rows]
    for row in grid.rows:
        for p in row:
            if p.rows > 1:
                short = len(text[id(p)]) - sum(heights[p.row:p.row + p.rows])
                if short > 0:
                    heights[p.row + p.rows - 1] += short
    tops = [sum(heights[:r]) for r in range(len(grid.rows))]
    lines = []
    for r, height in enumerate(heights):
        for k in range(tops[r], tops[r] + height):
            lines.append(_line(grid, widths, owner, text, tops, r, k, numeric).rstrip())
        if r + 1 == grid.header_rows and (ruled := header_rule(grid, widths, text)):
            lines.append(ruled)
    return lines


def _line(grid, widths, owner, text, tops, r, k, numeric) -> str:
    """Display line `k` of the table, in grid row `r`."""
    cells, c = [], 0
    while c < grid.columns:
        placed = owner.get((r, c))
        if placed is None:
            cells.append(" " * widths[c])
            c += 1
            continue
        lines = text[id(placed)]
        at = k - tops[placed.row]
        right = not placed.header and placed.columns == 1 and placed.column in numeric
        cells.append(pad(lines[at] if at < len(lines) else "", span_width(widths, placed), right))
        c += placed.columns
    return (" " * COLUMN_GAP).join(cells)


def header_rule(grid: tables.Grid, widths: list[int], text: dict[int, list[str]]) -> str:
    """A rule under each column's header text, at the column's place. It is as long as the
    header, not the column: a rule as wide as a long unwrapped table would outweigh its text."""
    under = [0] * grid.columns
    for row in grid.rows[:grid.header_rows]:
        for placed in row:
            need = max(text_width(line) for line in text[id(placed)])
            last = placed.column + placed.columns - 1
            under[last] = max(under[last], need - span_width(widths, placed) + widths[last])
    return (" " * COLUMN_GAP).join(pad(rule(w), widths[c]) for c, w in enumerate(under)).rstrip()


def render(report: etree._Element, width: int = 0) -> str:
    return TextTranslator(report, width).output()


def write(report: etree._Element, path: Path, options: Options | None = None) -> None:
    options = options or Options()
    data = render(report, options.wrap).encode("utf-8")
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
