"""What each model element becomes on a page: the translator that walks the model into
specs (``BlockTranslator``, one ``visit_`` per block kind), and the flowables the specs become.

Every block becomes a ``ComposedBlock`` flowable that composes its lines on the style's grid
(``convert.typeset.compose``), splits itself between pages line by line, and records each
glyph at the position the composer gave it. The parts of a whole 公文 around the body
(GB/T 9704-2012 §7) have flowables of their own: the title on its own pitch (lines from
``convert.typeset.title``), the attachment list with hanging items, the closing (signatures
centred over a date 右空四字, kept with the last body line), attached documents on new pages,
and the 版记 at the foot of an even last page. A figure is its image scaled to the type area,
or a boxed placeholder when the image is missing, in whole grid lines. Tables are
``convert.typeset.tables``. Geometry, fonts and sizes come from the style.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from lxml import etree
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm

from convert import figures
from convert.model import lang_of, tree
from convert.model.masthead import masthead_of, order_signature_parts
from convert.model.visitor import Translator, inline_runs
from convert.style import Geometry, Style
from convert.typeset.atoms import (
    BlockSpec,
    DocumentPart,
    baseline_of,
    draw_line,
    make_atoms,
)
from convert.typeset.compose import Atom, Line, compose, is_full_width
from convert.typeset.fontbook import FontBook
from convert.typeset.masthead import masthead_spec, seal_blank_lines, seal_row, seal_size
from convert.typeset.paginate import (
    CondPageBreak,
    Flowable,
    PageBreak,
    PageBreakIfNotEmpty,
    Spacer,
)
from convert.typeset.title import break_lines


@dataclass(frozen=True)
class Blank(DocumentPart):
    """A blank line of the grid (after a title, before the closing)."""

    def blocks(self, style, geo, book):
        return [(Spacer(geo.text_width, geo.leading), False)]


class BlockTranslator(Translator):
    """Turns the model's blocks into BlockSpecs (visitor per block kind)."""

    def __init__(self, report: etree._Element, style: Style, book: FontBook):
        super().__init__(report)
        self.style, self.book = style, book
        self.specs: list[BlockSpec | DocumentPart] = []  # a Blank is a blank grid line
        self.masthead = masthead_of(report)
        self.form = self.masthead.form if self.masthead is not None and style.masthead.draw else None
        self.docnumber_after: str | None = None  # a 版头 not drawn: its 发文字号 after the title (or subtitle)

    def add(self, runs: list[tuple[str, str]], role: str, indent: float | None = None, **kw) -> None:
        spec = self.spec(runs, role, indent, **kw)
        if spec is not None:
            self.specs.append(spec)

    def spec(self, runs: list[tuple[str, str]], role: str, indent: float | None = None, **kw) -> BlockSpec | None:
        """A block's spec with its fonts assigned; None when it has no text."""
        runs = [(text, r) for text, r in runs if text]
        if not runs:
            return None
        spec_role = self.style.roles[role]
        align = spec_role.align
        if indent is None:
            indent = spec_role.indent(self.style.text)
        spec = BlockSpec(runs, align=align, indent_chars=indent, color=self.style.role_rgb(role), **kw)
        spec.faces = [self.book.assign(r, text) for text, r in runs]
        return spec

    def blank(self, n: int) -> None:
        self.specs.extend([Blank()] * n)

    def enter_section(self, section):
        if section.kind == "appendix" and self.style.appendix.new_page:
            self.specs.append(NewPage())  # 另面编排: each attached document starts a new page

    def in_appendix(self) -> bool:
        return any(s.kind == "appendix" for s in self.sections)

    def visit_title(self, block):
        self.specs.append(self.title(block.element, "title"))
        self.blank(self.style.title_block.blank_lines_after_title)
        self.late_docnumber("title")

    def late_docnumber(self, after: str) -> None:
        if self.docnumber_after == after:
            self.add([(self.masthead.docnumber, "docnumber")], "docnumber")

    def title(self, el: etree._Element, role: str, outline: tuple[str, int, str] | None = None) -> "TitleSpec":
        """A title's lines: the issuer's breaks (<br/>) kept, and lines too long for the
        type area broken by GB/T 9704 7.3.1 (convert.typeset.title)."""
        geo = self.style.geometry
        max_chars = math.floor(geo.text_width / geo.em(self.style.roles[role].size_pt) + 1e-6)
        lines = break_lines(tree.title_lines(el), max_chars)
        specs = [self.spec([(line, role)], role, outline=outline if k == 0 else None) for k, line in enumerate(lines)]
        return TitleSpec([s for s in specs if s is not None])

    def visit_subtitle(self, block):
        self.add([(block.text, "subtitle")], "subtitle")
        self.late_docnumber("subtitle")

    def visit_docnumber(self, block):  # 发文字号, centred under the title
        self.add([(block.text, "docnumber")], "docnumber")

    def visit_masthead(self, block):
        """The 版头 by GB/T 9704 7.2 and clause 10 (convert.typeset.masthead); with
        masthead.draw false, none, and the 发文字号 under the title as without one."""
        if self.form is None:
            if self.masthead.docnumber:
                self.docnumber_after = "subtitle" if self.report.find("meta/subtitle") is not None else "title"
            return
        self.specs.append(masthead_spec(self.masthead, self.style, self.spec, lang_of(self.report)))

    def visit_attendance(self, block):
        """出席：/请假：/列席： (10.3) 左空二字 in the attendance_label role, the names in the body's,
        wrapped lines under the first name; one blank line under the body before the first."""
        if not self.specs or not isinstance(self.specs[-1], AttendanceSpec):
            self.blank(1)
        label = self.spec([(block.element.get("label", ""), "attendance_label")], "body")
        names = self.spec([(t, "body") for t, _ in inline_runs(block.element)], "body")
        self.specs.append(AttendanceSpec([(label, None, names)]))

    def visit_summary(self, block):
        self.add([(block.text, "summary")], "summary")

    def visit_dateline(self, block):
        self.add([(block.text, "front")], "front")

    visit_speaker = visit_dateline

    def visit_addressee(self, block):
        self.add([(block.text, "addressee")], "addressee", indent=0)

    def visit_heading(self, block):
        role = f"heading{block.level}"
        level = block.level if self.in_appendix() else block.level - 1  # nested under its 附件
        outline = (block.text, level, f"s{len(self.specs)}") if block.level <= 2 else None
        self.add([(block.text, role)], role, outline=outline, heading=True)

    def visit_appendix_heading(self, block):
        """附件1 at the top left (黑体 三号), then the attached document's title, centred."""
        outline = (block.text, 0, f"s{len(self.specs)}")
        if block.label:
            self.add([(block.label, "appendix_label")], "appendix_label", outline=outline, heading=True)
            self.blank(self.style.appendix.blank_lines_after_label)
            outline = None
        self.specs.append(self.title(block.element, "appendix_title", outline))
        self.blank(self.style.appendix.blank_lines_after_title)

    def visit_article(self, block):  # 第一条, an ideographic space, then the text: a body paragraph
        runs = [(text, "runin" if "runin" in marks else "body") for text, marks in inline_runs(block.element)]
        self.add([(block.label_text, "article_label"), *runs], "body")

    def visit_notes(self, block):
        """End notes (注释, 资料来源): the lead on its own line, kept with the first note, then each
        note as printed, in the notes roles (四号, as the 版记)."""
        self.add([(block.element.get("label", ""), "notes_label")], "notes_label", heading=True)
        for p in block.element.iterfind("p"):
            runs = [(text, "runin" if "runin" in marks else "notes") for text, marks in inline_runs(p)]
            self.add(runs, "notes")

    def visit_attachments(self, block):
        """附件说明 (7.3.4): 附件： two characters in, then the items, each aligned after the colon."""
        el = block.element
        items = []
        for k, item in enumerate(el):
            lead = [(el.get("label", ""), "attachments")] if k == 0 else []
            label = [(item.get("label", ""), "attachments")]
            text = [(t, "attachments") for t, _ in inline_runs(item)]
            items.append((self.spec(lead, "attachments"), self.spec(label, "attachments"), self.spec(text, "attachments")))
        self.blank(self.style.attachments.blank_lines_before)
        self.specs.append(AttachmentsSpec(items))

    def visit_closing(self, block):
        """落款 (7.3.5): signatures centred over the date, the date 右空四字, the note 空二字."""
        el = block.element
        signatures = [self.spec(self.inline(sig), "signature") for sig in el.findall("signature")]
        date_el = el.find("date")  # none: the issuer alone, set where the date's end would be
        date = self.spec([(tree.text_of(date_el), "closing_date")], "closing_date") if date_el is not None else None
        note_el = el.find("note")
        note = self.spec(self.inline(note_el, "note"), "note") if note_el is not None else None
        main = el.getparent() is self.report
        seals = [(seal, *seal_size(seal, self.style)) for seal in self.masthead.seals] if self.masthead and main else []
        titles = None
        blanks = self.style.closing.blank_lines_before
        if self.form == "order" and main:  # 7.3.5.3: the 职务 空二字 left of the 签名章, two blank lines above
            parts = [order_signature_parts(tree.text_of(sig)) for sig in el.findall("signature")]
            titles = [self.spec([(title, "signature")], "signature") if title else None for title, _ in parts]
            signatures = [self.spec([(name, "signature")], "signature") for _, name in parts]
            blanks = 2
        if seals:
            blanks = seal_blank_lines([h for _, _, h in seals], self.style)
        self.blank(blanks)
        self.specs.append(ClosingSpec([s for s in signatures if s is not None], date, note, seals, titles))

    def visit_imprint(self, block):
        """版记 (7.4): 抄送 first, then the printing office and date on one line."""
        el = block.element
        copyto_el, printed = el.find("copyto"), el.find("printed")
        copyto = None
        if copyto_el is not None:
            copyto = (self.spec([(copyto_el.get("label", ""), "imprint")], "imprint"),
                      self.spec(self.inline(copyto_el, "imprint"), "imprint"))
        office = date = None
        if printed is not None:
            office_el = printed.find("office")
            if office_el is not None:
                office = self.spec([(tree.text_of(office_el), "imprint")], "imprint")
            date = self.spec([(tree.text_of(printed.find("date")), "imprint")], "imprint")
        if self.form == "letter":  # 信函 (10.1): no 印发 line, no rules
            office = date = None
        self.specs.append(ImprintSpec(copyto, office, date, rules=self.form != "letter"))

    @staticmethod
    def inline(el: etree._Element, role: str = "signature") -> list[tuple[str, str]]:
        return [(text, role) for text, _ in inline_runs(el)]

    def visit_p(self, block):
        runs = [(text, "runin" if "runin" in marks else "body") for text, marks in inline_runs(block.element)]
        self.add(runs, "body")

    def visit_point(self, block):
        runs = [(text, "lead" if "lead" in marks else "body") for text, marks in inline_runs(block.element)]
        self.add(runs, "body")

    def visit_table(self, block):  # laid out by convert.typeset.tables
        from convert.typeset.tables import TableSpec  # only now: a report without tables skips its import

        self.specs.append(TableSpec.of(block.element, self.style, self.book))

    def visit_figure(self, block):
        """The image, or a boxed placeholder naming the alt text and the source; the caption under it."""
        el = block.element
        picture = figures.picture(el)
        placeholder = source = None
        if picture is None:
            label, src = figures.placeholder_parts(el, lang_of(self.report))
            placeholder = self.spec([(label, "figure")], "figure")
            source = self.spec([(src, "figure")], "figure") if src else None
        caption_el = el.find("caption")
        caption = self.spec(self.inline(caption_el, "caption"), "caption") if caption_el is not None else None
        self.specs.append(FigureSpec(picture, placeholder, source, caption))



# -------------------------------------------------------------- flowables --

class ComposedBlock(Flowable):
    """A block of composed lines on the grid: measures, splits and draws itself."""

    def __init__(self, atoms: list[Atom], geo: Geometry, align: str, indent: float, style: Style,
                 outline: tuple[str, int, str] | None = None, lines: list[Line] | None = None, first: bool = True,
                 leading: float | None = None, left: float = 0.0):
        super().__init__()
        self.atoms, self.geo, self.align, self.indent, self.style = atoms, geo, align, indent, style
        self.outline, self.first = outline, first
        # Its own line pitch (a title's), else the grid's; `left` insets every line, and a
        # negative `indent` then hangs the first line out (附件：1. …, 抄送：…).
        self.leading = geo.leading if leading is None else leading
        self.left = left
        self._lines, self._width = lines, None

    def lines(self, width: float) -> list[Line]:
        if self._lines is None or (self._width is not None and abs(self._width - width) > 0.01):
            opts = self.style.compose
            self._lines = compose(
                self.atoms, width - self.left, indent=self.indent, justify=self.align == "justify",
                min_last_chars=opts.min_last_line_chars, push_in_limit=opts.push_in_limit,
            )
            self._width = width
        return self._lines

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = len(self.lines(avail_width)) * self.leading
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        """Split where the page ends, but never leave a paragraph's first line alone at the foot
        (an orphan) nor its last line alone at the head of the next page (a widow): then fewer
        lines stay, or the whole block moves, and this page ends short of its 22 lines."""
        lines = self.lines(avail_width)
        fit = int((avail_height + 0.01) // self.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        keep = self.style.compose.widow_orphan_lines
        fit = min(fit, len(lines) - keep)
        if fit < keep:
            return []
        return self.split_at(avail_width, fit)

    def split_at(self, width: float, n: int) -> list["ComposedBlock"]:
        """Its first n lines and the rest, as two blocks."""
        lines = self.lines(width)
        head = self._part(lines[:n], self.outline, self.first)
        tail = self._part(lines[n:], None, False)
        head._width = tail._width = width
        return [head, tail]

    def _part(self, lines: list[Line], outline, first: bool) -> "ComposedBlock":
        return ComposedBlock(self.atoms, self.geo, self.align, self.indent, self.style, outline, lines, first,
                             self.leading, self.left)

    def draw(self):
        canv = self.canv
        if self.outline:
            title, level, _ = self.outline
            canv.bookmark(title, level, self.height)  # opens at the heading
        lines = self.lines(self.width)
        ascent = self.style.compose.em_box_ascent
        top = len(lines) * self.leading
        for k, line in enumerate(lines):
            baseline = baseline_of(self.atoms, line, top - k * self.leading, self.leading, ascent)
            first = self.first and line.start == 0
            if self.align == "center":
                x0 = (self.width - line.width) / 2
            elif self.align == "right":
                x0 = self.width - line.width
            else:
                x0 = self.left + (self.indent if first else 0.0)
            draw_line(canv, self.atoms, line, x0, baseline)



# --------------------------------------------------------- document parts --
# The parts of a whole 公文 around its body (GB/T 9704-2012 §7): the title, the attachment
# list, the closing and the 版记 (convert.typeset.atoms.DocumentPart).

class NewPage(DocumentPart):
    """An attached document's first page (appendix.new_page)."""

    def blocks(self, style, geo, book):
        return [(PageBreakIfNotEmpty(), False)]


def block_of(spec: BlockSpec, style: Style, geo: Geometry, book: FontBook, **kw) -> ComposedBlock:
    em = geo.em(style.roles[spec.runs[0][1]].size_pt)
    return ComposedBlock(make_atoms(spec, style, geo, book), geo, spec.align, spec.indent_chars * em, style,
                         spec.outline, **kw)


def atoms_of(spec: BlockSpec | None, style: Style, geo: Geometry, book: FontBook) -> list[Atom]:
    return make_atoms(spec, style, geo, book) if spec is not None else []


def measure(atoms: list[Atom]) -> float:
    return sum(a.width for a in atoms)


def set_lines(atoms: list[Atom], width: float, style: Style, indent: float = 0.0) -> list[Line]:
    """Unjustified lines (a signature, a date, a note, an imprint line)."""
    opts = style.compose
    return compose(atoms, width, indent=indent, justify=False, min_last_chars=opts.min_last_line_chars,
                   push_in_limit=opts.push_in_limit)


Row = list[tuple[list[Atom], Line, float]]  # the pieces of one line: (atoms, line, x)


def draw_rows(canv, rows: list[Row], top: float, leading: float, ascent: float) -> None:
    for k, row in enumerate(rows):
        for atoms, line, x in row:
            draw_line(canv, atoms, line, x, baseline_of(atoms, line, top - k * leading, leading, ascent))


@dataclass
class TitleSpec(DocumentPart):
    """A title's lines, each centred on the title's own pitch (title_block.line_spacing × size)."""

    lines: list[BlockSpec]

    def specs(self):
        return self.lines

    def blocks(self, style, geo, book):
        if not self.lines:
            return []
        pitch = style.roles[self.lines[0].runs[0][1]].size_pt * style.title_block.line_spacing
        return [(OnGrid([block_of(spec, style, geo, book, leading=pitch) for spec in self.lines], geo), False)]


class OnGrid(Flowable):
    """Blocks on a pitch of their own, kept together in whole grid lines, so that what
    follows is back on the grid; the spare space is shared above and below them."""

    def __init__(self, blocks: list[Flowable], geo: Geometry):
        super().__init__()
        self.blocks, self.geo = blocks, geo

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.heights = [b.wrap(avail_width, avail_height)[1] for b in self.blocks]
        self.height = math.ceil(sum(self.heights) / self.geo.leading - 1e-6) * self.geo.leading
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        # Kept together; only one taller than a whole page gives up its lines one by one.
        return list(self.blocks) if self.height > self.geo.text_height + 0.01 else []

    def draw(self):
        y = self.height - (self.height - sum(self.heights)) / 2
        for block, height in zip(self.blocks, self.heights):
            y -= height
            block.drawOn(self.canv, 0, y)


@dataclass
class AttachmentsSpec(DocumentPart):
    """附件说明: (lead 附件：, label 1., name) per item; the lead only on the first."""

    items: list[tuple[BlockSpec | None, BlockSpec | None, BlockSpec | None]]

    def specs(self):
        return [spec for item in self.items for spec in item]

    def blocks(self, style, geo, book):
        """A block per item, hanging: 附件：1. on the first line, 2. under 1., and every
        continuation line under the first character of its item's name (7.3.4)."""
        inset = style.attachments.indent_chars * geo.em(style.roles.attachments.size_pt)
        colon = None
        out = []
        for lead, label, name in self.items:
            lead_atoms, label_atoms = atoms_of(lead, style, geo, book), atoms_of(label, style, geo, book)
            if colon is None:
                colon = measure(lead_atoms)
            atoms = lead_atoms + label_atoms + atoms_of(name, style, geo, book)
            if not atoms:
                continue
            hang = measure(lead_atoms) + measure(label_atoms)
            align = style.roles.attachments.align
            out.append((ComposedBlock(atoms, geo, align, -hang, style, left=inset + colon + measure(label_atoms)), False))
        return out


@dataclass
class AttendanceSpec(AttachmentsSpec):
    """A 纪要's 出席：/请假：/列席： list (10.3), laid out as an attachment list's item: the label
    空二字 in, the names' wrapped lines under the first name."""


@dataclass
class ClosingSpec(DocumentPart):
    signatures: list[BlockSpec]
    date: BlockSpec | None
    note: BlockSpec | None
    seals: list = field(default_factory=list)   # (Seal, width, height): one per signature, in order
    titles: list | None = None                  # 命令 (7.3.5.3): each signature's 职务, or None

    def specs(self):
        return [*(self.titles or ()), *self.signatures, self.date, self.note]

    def blocks(self, style, geo, book):
        signatures = [atoms_of(s, style, geo, book) for s in self.signatures]
        closing = ClosingBlock(signatures, atoms_of(self.date, style, geo, book), atoms_of(self.note, style, geo, book),
                               geo, style, self.seals,
                               None if self.titles is None else [atoms_of(t, style, geo, book) for t in self.titles])
        return [(closing, False)]


class ClosingBlock(Flowable):
    """落款 (7.3.5): each signature on its own line, centred over the date; the date right-
    aligned, closing.date_right_chars in from the type area's right edge; the note
    closing.note_indent_chars in from the left on the line after the date. Never split.
    A 命令's (`titles`): the 签名章 右空四字 with its 职务 two characters to its left, the date
    a blank line under it. Seals (7.3.5.1) are drawn over the text, each centred on its
    signature with its centre on the signature's line top; two or more stand in a row."""

    def __init__(self, signatures: list[list[Atom]], date: list[Atom], note: list[Atom], geo: Geometry, style: Style,
                 seals: list | None = None, titles: list[list[Atom]] | None = None):
        super().__init__()
        self.signatures, self.date, self.note, self.geo, self.style = signatures, date, note, geo, style
        self.seals, self.titles = seals or [], titles
        self.placed: list[tuple[float, float, float]] = []  # each seal's centre x, width, height

    def rows(self, width: float) -> list[Row]:
        closing, em = self.style.closing, self.geo.em
        right = width - closing.date_right_chars * em((self.date or self.signatures[0])[0].data.size)
        dates = set_lines(self.date, right, self.style) if self.date else []
        # without a date, the signatures end where it would: centred over the widest of them
        centre = right - (dates[0].width if dates else
                          max(set_lines(s, right, self.style)[0].width for s in self.signatures)) / 2
        rows: list[Row] = []
        signatures = self.signatures
        if self.titles is not None:
            for title, signature in zip(self.titles, signatures):
                line = set_lines(signature, width, self.style)[0]
                row = [(signature, line, right - line.width)]
                if title:
                    tline = set_lines(title, width, self.style)[0]
                    row.insert(0, (title, tline, right - line.width - 2 * em(title[0].data.size) - tline.width))
                rows.append(row)
            rows.append([])
            if self.seals and rows[0]:  # a 签名章 image on the name
                _, w, h = self.seals[0]
                atoms, line, x = rows[0][-1]
                self.placed = [(x + line.width / 2, w, h)]
            signatures = []
        elif len(self.seals) > 1 and len(signatures) > 1:  # a row of seals, each over its signature
            sealed = signatures[:len(self.seals)]
            self.placed = seal_row(self.seals[:len(sealed)], centre, width, self.style.masthead.seal_gap_mm * mm)
            row = []
            for signature, (x, _, _) in zip(sealed, self.placed):
                line = set_lines(signature, width, self.style)[0]
                row.append((signature, line, min(max(x - line.width / 2, 0.0), width - line.width)))
            rows.append(row)
            signatures = signatures[len(sealed):]
        elif self.seals:
            _, w, h = self.seals[0]
            self.placed = [(centre, w, h)]
        for signature in signatures:
            for line in set_lines(signature, width, self.style):
                x = min(max(centre - line.width / 2, 0.0), width - line.width)
                rows.append([(signature, line, x)])
        rows += [[(self.date, line, right - line.width)] for line in dates]
        if self.note:
            indent = closing.note_indent_chars * em(self.note[0].data.size)
            rows += [[(self.note, line, indent)] for line in set_lines(self.note, width - indent, self.style)]
        return rows

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._rows = self.rows(avail_width)
        self.height = len(self._rows) * self.geo.leading
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        return []  # a closing moves to the next page whole

    def draw(self):
        draw_rows(self.canv, self._rows, self.height, self.geo.leading, self.style.compose.em_box_ascent)
        for (seal, _, _), (x, w, h) in zip(self.seals, self.placed):  # over the text
            self.canv.image(x - w / 2, self.height - h / 2, w, h, seal.data, seal.type)


class KeepWithLastLine(Flowable):
    """A block and what follows it (blank lines, a closing) that must not be parted from
    its last line: when they do not fit, the block leaves at least one line for the next page."""

    def __init__(self, block: ComposedBlock, tail: list[Flowable]):
        super().__init__()
        self.block, self.tail = block, tail

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.heights = [f.wrap(avail_width, avail_height)[1] for f in [self.block, *self.tail]]
        self.height = sum(self.heights)
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height + 0.01:
            return [self]
        lines = self.block.lines(avail_width)
        keep = min(int((avail_height + 0.01) // self.block.leading), len(lines) - 1)
        if keep <= 0:
            return []
        head, rest = self.block.split_at(avail_width, keep)
        return [head, KeepWithLastLine(rest, self.tail)]

    def draw(self):
        y = self.height
        for flowable, height in zip([self.block, *self.tail], self.heights):
            y -= height
            flowable.drawOn(self.canv, 0, y)


def keep_with_last_line(blocks: list[tuple[Flowable, bool]], parts: list[tuple[Flowable, bool]]):
    """`parts` (a closing) joined to the last body block before it, with the blank lines between."""
    k = len(blocks)
    while k and isinstance(blocks[k - 1][0], Spacer) and not isinstance(blocks[k - 1][0], CondPageBreak):
        k -= 1
    if not k or not isinstance(blocks[k - 1][0], ComposedBlock) or blocks[k - 1][1]:
        return parts
    block = blocks[k - 1][0]
    tail = [f for f, _ in blocks[k:]] + [f for f, _ in parts]
    del blocks[k - 1:]
    return [(KeepWithLastLine(block, tail), False)]


@dataclass
class ImprintSpec(DocumentPart):
    copyto: tuple[BlockSpec | None, BlockSpec | None] | None  # (抄送：, the offices)
    office: BlockSpec | None
    date: BlockSpec | None
    rules: bool = True  # a 信函's 版记 has none (10.1)

    def specs(self):
        return [*(self.copyto or ()), self.office, self.date]

    def blocks(self, style, geo, book):
        copyto = None
        if self.copyto is not None:
            copyto = tuple(atoms_of(s, style, geo, book) for s in self.copyto)
        imprint = ImprintBlock(copyto, atoms_of(self.office, style, geo, book), atoms_of(self.date, style, geo, book),
                               geo, style, rules=self.rules)
        return [(imprint, False)]


class ImprintBlock(Flowable):
    """版记 (7.4) at the foot of the last page, which is an even page (imprint.even_page):
    a heavy rule on top, its lines (抄送 hanging after its colon; the office at the left and
    the date at the right of one line) with thin rules between them, and a heavy rule on the
    type area's bottom edge. Text inset imprint.indent_chars from both sides. A blank page
    goes before it when it would fall on an odd page; neither page is numbered then (7.5.1)."""

    def __init__(self, copyto, office: list[Atom], date: list[Atom], geo: Geometry, style: Style,
                 unnumbered: set[int] | None = None, rules: bool = True):
        super().__init__()
        self.copyto, self.office, self.date, self.geo, self.style = copyto, office, date, geo, style
        self.rules = rules
        self.unnumbered = set() if unnumbered is None else unnumbered
        # (the page the text before it ends on, whether it fits under that text), from its first try
        self.after_text: tuple[int, bool] | None = None

    def groups(self, width: float) -> list[list[Row]]:
        """The imprint's parts, each a list of rows."""
        some = next((a for a in (self.office, self.date, *(self.copyto or ())) if a), None)
        if some is None:
            return []
        inset = self.style.imprint.indent_chars * self.geo.em(some[0].data.size)
        inner = width - 2 * inset
        groups = []
        if self.copyto is not None:
            label, offices = self.copyto
            hang = measure(label)
            lines = set_lines(label + offices, inner - hang, self.style, indent=-hang)
            groups.append([[(label + offices, line, inset + (0.0 if k == 0 else hang))] for k, line in enumerate(lines)])
        if self.office or self.date:
            row: Row = []
            date_width = 0.0
            if self.date:
                line = set_lines(self.date, inner, self.style)[0]
                date_width = line.width
                row.append((self.date, line, width - inset - line.width))
            if self.office:  # drawn first: the reading order
                room = inner - date_width - (self.geo.em(self.office[0].data.size) if self.date else 0.0)
                line = set_lines(self.office, max(room, inner / 2), self.style)[0]
                row.insert(0, (self.office, line, inset))
            groups.append([row])
        return groups

    def content_height(self, width: float) -> float:
        return sum(len(g) for g in self.groups(width)) * self.geo.leading

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        page = self.canv.getPageNumber()
        fits = self.content_height(avail_width) <= avail_height + 0.01
        if self.after_text is None:  # the first try: on the text's last page, or at the top of the next
            self.after_text = (page - 1, False) if self.canv.at_top else (page, fits)
        self.here = fits and (page % 2 == 0 or not self.style.imprint.even_page)
        # At the foot: it takes what is left of the type area and draws at its bottom.
        self.height = avail_height if self.here else avail_height + 1
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        if self.content_height(avail_width) > self.geo.text_height:
            return []
        page = self.canv.getPageNumber()
        blank = page + 1 if page % 2 == 0 else (page if self.canv.at_top else None)
        if blank is not None:
            self.unnumbered.update((blank, blank + 1))
        return [PageBreak(), self]

    def draw(self):
        canv, geo, spec = self.canv, self.geo, self.style.imprint
        groups = self.groups(self.width)
        rows = [row for group in groups for row in group]
        if not rows:
            return
        top = len(rows) * geo.leading
        draw_rows(canv, rows, top, geo.leading, self.style.compose.em_box_ascent)
        if not self.rules:
            return
        rules = [(top, spec.heavy_rule_mm), (0.0, spec.heavy_rule_mm)]
        y = top
        for group in groups[:-1]:
            y -= len(group) * geo.leading
            rules.append((y, spec.thin_rule_mm))
        for y, width_mm in rules:
            canv.rule(0, y, self.width, y, width_mm * mm)


@dataclass
class FigureSpec(DocumentPart):
    """A figure: its picture, or the placeholder's label (［图：alt］) and source; its caption."""

    picture: figures.Picture | None
    placeholder: BlockSpec | None
    source: BlockSpec | None
    caption: BlockSpec | None

    def specs(self):
        return [self.placeholder, self.source, self.caption]

    def blocks(self, style, geo, book):
        return [(FigureBlock(self, style, geo, book), False)]


def aligned_rows(atoms: list[Atom], width: float, align: str, style: Style, left: float = 0.0) -> list[Row]:
    """Lines of `atoms` in `width`, placed by `align` (left, center, right, justify), `left` in."""
    if not atoms:
        return []
    opts = style.compose
    rows = []
    for line in compose(atoms, width, justify=align == "justify", min_last_chars=opts.min_last_line_chars,
                        push_in_limit=opts.push_in_limit):
        spare = width - line.width
        x = spare / 2 if align == "center" else spare if align == "right" else 0.0
        rows.append([(atoms, line, left + x)])
    return rows


def address_rows(spec: BlockSpec | None, width: float, style: Style, geo: Geometry, book: FontBook,
                 left: float = 0.0) -> list[Row]:
    """A source address in lines of `width`, broken by `figures.break_address`: the composer
    never breaks a Latin run, and an address is one."""
    if spec is None:
        return []
    (text, role), = spec.runs
    faces = spec.faces[0]
    size = style.roles[role].size_pt
    em = geo.em(size)
    face_of = dict(zip(text, faces))
    rows: list[Row] = []
    start = 0
    for piece in figures.break_address(
            text, width, lambda ch: em if is_full_width(ch) else book.glyph(ch, face_of[ch], size).advance):
        part = BlockSpec([(piece, role)], faces=[faces[start:start + len(piece)]])
        rows += aligned_rows(make_atoms(part, style, geo, book), width, style.roles[role].align, style, left)
        start += len(piece)
    return rows


class FigureBlock(Flowable):
    """A figure: its image centred, scaled down to the type area's width and to
    figure.max_height_share of its height, with figure.space_mm above and below; or, without
    its image, a box holding the placeholder's lines. The caption's lines follow, on the grid.
    Its height is whole grid lines, so the body after it stays on the grid; it moves to the
    next page whole (one taller than a page gives up its lines one by one)."""

    def __init__(self, spec: FigureSpec | None, style: Style, geo: Geometry, book: FontBook):
        super().__init__()
        self.spec, self.style, self.geo, self.book = spec, style, geo, book
        self.picture = spec.picture if spec is not None else None
        self.image_size = (0.0, 0.0)
        self.region = 0.0                   # the image's grid lines, in points
        self.rows: list[tuple[Row, bool]] | None = None  # (row, in the placeholder's box)

    def lay_out(self, width: float) -> None:
        if self.rows is not None:
            return
        spec, style, geo, book = self.spec, self.style, self.geo, self.book
        inset = style.figure.placeholder_inset_chars * geo.em(style.roles.figure.size_pt)
        inner = width - 2 * inset
        label = aligned_rows(atoms_of(spec.placeholder, style, geo, book), inner, style.roles.figure.align, style, inset)
        source = address_rows(spec.source, inner, style, geo, book, inset)
        caption = aligned_rows(atoms_of(spec.caption, style, geo, book), width, style.roles.caption.align, style)
        self.rows = [(row, True) for row in label + source] + [(row, False) for row in caption]
        if self.picture is not None:
            space = style.figure.space_mm * mm
            room = min(style.figure.max_height_share * geo.text_height, geo.text_height - len(caption) * geo.leading)
            self.image_size = figures.fitted_size(self.picture, width, max(room - 2 * space, geo.leading),
                                                  style.figure.pixels_per_inch)
            self.region = math.ceil((self.image_size[1] + 2 * space) / geo.leading - 1e-6) * geo.leading

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.lay_out(avail_width)
        self.height = self.region + len(self.rows) * self.geo.leading
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height + 0.01:
            return [self]
        if self.height <= self.geo.text_height + 0.01:
            return []  # whole, on the next page
        fit = int((avail_height + 0.01 - self.region) // self.geo.leading)
        if fit <= 0:
            return []
        head, tail = self._part(self.rows[:fit], True), self._part(self.rows[fit:], False)
        return [head, tail]

    def _part(self, rows: list[tuple[Row, bool]], with_image: bool) -> "FigureBlock":
        part = FigureBlock(None, self.style, self.geo, self.book)
        part.rows = rows
        if with_image:
            part.picture, part.image_size, part.region = self.picture, self.image_size, self.region
        return part

    def draw(self):
        canv, geo = self.canv, self.geo
        top = self.height
        if self.picture is not None:
            w, h = self.image_size
            canv.image((self.width - w) / 2, top - (self.region + h) / 2, w, h, self.picture.data, self.picture.type)
            top -= self.region
        draw_rows(canv, [row for row, _ in self.rows], top, geo.leading, self.style.compose.em_box_ascent)
        boxed = sum(1 for _, in_box in self.rows if in_box)
        if boxed:
            spec = self.style.figure
            canv.box(0, top - boxed * geo.leading, self.width, boxed * geo.leading, spec.placeholder_rule_mm * mm,
                     HexColor(spec.placeholder_color).rgb())
