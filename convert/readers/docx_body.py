"""The body of a DOCX as read: `Item`s in document order (paragraphs with the text Word shows,
tracked changes accepted and comments ignored, and the hints of their formatting; tables with
their merged cells), and what both DOCX readers make of them (clean text, model tables).

Shared by convert.readers.docx (every DOCX, and foreign ones to the end) and
convert.readers.docx_own (our own DOCX), which import it and not each other.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from convert.readers import ooxml
from convert.readers.ooxml import A, R, V, WP, Content, Package, Styles, paragraph_content, w
from convert.readers.structure import tables

HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
MAX_OUTLINE = 4  # the model's section levels


# ------------------------------------------------------------------ items --

@dataclass
class ParaItem:
    """A body paragraph as read: its style, what it shows, and the hints of its formatting."""
    style_id: str | None
    style_name: str | None
    content: Content
    element: etree._Element
    bold: bool = False           # every run with text is bold
    centred: bool = False
    outline_level: int | None = None
    page_break_before: bool = False  # set on the paragraph itself, not by its style

    @property
    def text(self) -> str:
        return self.content.text


@dataclass
class CellItem:
    paragraphs: list[ParaItem]
    column: int
    colspan: int = 1
    rowspan: int = 1


@dataclass
class TableItem:
    rows: list[list[CellItem]]
    header_rows: int
    element: etree._Element
    style_names: set[str] = field(default_factory=set)  # the paragraph styles in its cells


Item = ParaItem | TableItem


class Body:
    """Reads the items of a document's body: paragraphs and tables, in order."""

    def __init__(self, package: Package, part: str, styles: Styles, numbering: ooxml.Numbering | None = None):
        self.package, self.part, self.styles = package, part, styles
        self.numbering = numbering or ooxml.Numbering(None)
        self.rels = package.rels(part)
        self.tracked = 0
        self.comments = 0

    def items(self, container: etree._Element) -> list[Item]:
        out: list[Item] = []
        pending: ParaItem | None = None  # a paragraph whose mark was deleted: it joins the next one
        for child in self._blocks(container):
            if child.tag == w("tbl"):
                out.append(self.table(child))
                continue
            item = self.paragraph(child)
            if pending is not None:
                shift = len(pending.text)
                pending.content.pieces += item.content.pieces
                pending.content.breaks += [b + shift for b in item.content.breaks]
                pending.content.pictures += item.content.pictures
                pending.content.boxes += item.content.boxes
                pending.content.box_at += [at + shift for at in item.content.box_at]
                item = pending
                pending = None
            if mark_deleted(child):
                self.tracked += 1
                pending = item
                continue
            out.append(item)
        if pending is not None:
            out.append(pending)
        return out

    def _blocks(self, container: etree._Element):
        """w:p and w:tbl children, through content controls and custom XML wrappers."""
        for child in container:
            if child.tag in (w("p"), w("tbl")):
                yield child
            elif child.tag in (w("sdt"), w("sdtContent"), w("customXml")):
                yield from self._blocks(child)
            elif child.tag in (w("ins"), w("moveTo")):
                self.tracked += 1
                yield from self._blocks(child)
            elif child.tag in (w("del"), w("moveFrom")):
                self.tracked += 1

    def paragraph(self, p: etree._Element) -> ParaItem:
        content = paragraph_content(p)
        self.tracked += content.tracked
        self.comments += content.comments
        pPr = p.find(w("pPr"))
        style_el = pPr.find(w("pStyle")) if pPr is not None else None
        style_id = style_el.get(w("val")) if style_el is not None else self.styles.default_paragraph
        styles = self.styles
        label = self.number_label(pPr, style_id)
        if label:  # Word's automatic numbering shows a label that is not in the runs (一、 （一）)
            content.pieces.insert(0, ooxml.Piece(label, None))
            content.breaks = [b + len(label) for b in content.breaks]
        runs = [piece for piece in content.pieces if piece.text.strip()]
        bold = bool(runs) and all(ooxml.on(styles.run_property(piece.rPr, style_id, "b")) for piece in runs)
        jc = styles.paragraph_property(pPr, style_id, "jc")
        centred = jc is not None and jc.get(w("val")) == "center"
        return ParaItem(style_id, styles.name(style_id), content, p, bold=bold, centred=centred,
                        outline_level=self.outline_level(pPr, style_id),
                        page_break_before=pPr is not None and ooxml.on(pPr.find(w("pageBreakBefore"))))

    def number_label(self, pPr, style_id: str | None) -> str:
        num_pr = self.styles.paragraph_property(pPr, style_id, "numPr")
        if num_pr is None:
            return ""
        num_id, ilvl = num_pr.find(w("numId")), num_pr.find(w("ilvl"))
        level = ilvl.get(w("val"), "0") if ilvl is not None else "0"
        return self.numbering.label(num_id.get(w("val")) if num_id is not None else None,
                                    int(level) if level.isdigit() else 0)

    def outline_level(self, pPr, style_id: str | None) -> int | None:
        """1 for the top: w:outlineLvl (0–8; 9 is body text) or a Heading N style's N."""
        level = self.styles.paragraph_property(pPr, style_id, "outlineLvl")
        if level is not None:
            value = level.get(w("val"), "9")
            return min(int(value) + 1, MAX_OUTLINE) if value.isdigit() and int(value) < 9 else None
        for style in self.styles.chain(style_id):
            m = HEADING_STYLE.match(style.name)
            if m:
                return min(int(m.group(1)), MAX_OUTLINE)
        return None

    def table(self, tbl: etree._Element) -> TableItem:
        """A w:tbl on its grid: w:gridSpan gives a cell's columns, w:vMerge its rows; leading
        rows marked w:tblHeader are the header. Rows deleted as a tracked change are gone."""
        rows: list[list[CellItem]] = []
        header_rows, in_header = 0, True
        above: dict[int, CellItem] = {}  # column → the cell a vertical merge continues
        names: set[str] = set()
        for tr in tbl.iter(w("tr")):
            if _owner_table(tr) is not tbl:
                continue  # a nested table's row
            trPr = tr.find(w("trPr"))
            if trPr is not None and trPr.find(w("del")) is not None:
                self.tracked += 1
                continue
            column = _grid_before(trPr)
            row: list[CellItem] = []
            continued: list[tuple[int, CellItem]] = []
            for tc in tr.findall(w("tc")) + [tc for sdt in tr.findall(w("sdt")) for tc in sdt.iter(w("tc"))]:
                tcPr = tc.find(w("tcPr"))
                span = _int(tcPr.find(w("gridSpan")) if tcPr is not None else None, 1)
                merge = tcPr.find(w("vMerge")) if tcPr is not None else None
                if merge is not None and merge.get(w("val"), "continue") == "continue" and column in above:
                    continued.append((column, above[column]))
                else:
                    paragraphs = []
                    for item in self.items(tc):
                        if isinstance(item, TableItem):  # a table inside a cell: its text, cell by cell
                            paragraphs += [p for r in item.rows for c in r for p in c.paragraphs]
                        else:
                            paragraphs.append(item)
                            paragraphs += self.box_paragraphs(item)
                    names.update(p.style_name or "" for p in paragraphs)
                    cell = CellItem(paragraphs, column, span)
                    row.append(cell)
                    if merge is not None:
                        above[column] = cell
                    else:
                        above.pop(column, None)
                column += span
            if not row:
                continue  # every cell continues a merge from above: the row adds nothing
            for _, cell in continued:
                cell.rowspan += 1
            rows.append(row)
            header = trPr is not None and ooxml.on(trPr.find(w("tblHeader")))
            in_header = in_header and header
            header_rows += in_header
        if header_rows >= len(rows):
            header_rows = 0  # a header needs a body under it
        return TableItem(rows, header_rows, tbl, names)

    def box_paragraphs(self, item: ParaItem) -> list[ParaItem]:
        """The paragraphs of the text boxes and WordArt in a cell's paragraph, which the cell
        shows as its own; taken off the paragraph, so that they are read once."""
        out: list[ParaItem] = []
        for box in item.content.boxes:
            if isinstance(box, str):
                out.append(ParaItem(None, None, Content([ooxml.Piece(box, None)]), item.element))
            else:
                out += [inner for inner in self.items(box) if isinstance(inner, ParaItem)]
        item.content.boxes, item.content.box_at = [], []
        return out

    # -- pictures --

    def picture(self, el: etree._Element) -> tuple[bytes | None, str | None, str | None]:
        """(image bytes, source, alt text) of a w:drawing or w:pict: its a:blip (or VML imagedata)
        part, the source from wp:docPr @title (else the part's name), the alt from @descr."""
        doc_pr = next(el.iter(f"{{{WP}}}docPr"), None)
        alt = doc_pr.get("descr") if doc_pr is not None else None
        src = doc_pr.get("title") if doc_pr is not None else None
        rid = None
        blip = next(el.iter(f"{{{A}}}blip"), None)
        if blip is not None:
            rid = blip.get(f"{{{R}}}embed") or blip.get(f"{{{R}}}link")
        else:
            data = next(el.iter(f"{{{V}}}imagedata"), None)
            if data is not None:
                rid = data.get(f"{{{R}}}id")
                alt = alt if alt is not None else data.get(f"{{{V}}}title") or data.get("title")
        rel = self.rels.get(rid or "")
        if rel is None:
            return None, src, alt
        if rel.external:
            return None, src or rel.target, alt
        src = src or rel.target.rsplit("/", 1)[-1]
        if not self.package.has(rel.target):
            return None, src, alt
        return self.package.read(rel.target), src, alt


def _owner_table(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != w("tbl"):
        parent = parent.getparent()
    return parent


def _grid_before(trPr) -> int:
    return _int(trPr.find(w("gridBefore")) if trPr is not None else None, 0)


def _int(el, default: int) -> int:
    value = el.get(w("val"), "") if el is not None else ""
    return int(value) if value.isdigit() and int(value) > 0 else default


def mark_deleted(p: etree._Element) -> bool:
    """Is the paragraph mark deleted as a tracked change (the paragraph joins the next one)?"""
    mark = p.find(f"{w('pPr')}/{w('rPr')}")
    return mark is not None and (mark.find(w("del")) is not None or mark.find(w("moveFrom")) is not None)


def has_text(item: Item) -> bool:
    if isinstance(item, TableItem):
        return any(p.text.strip() for row in item.rows for cell in row for p in cell.paragraphs)
    return bool(item.text.strip() or item.content.pictures)


def has_image(picture: etree._Element) -> bool:
    """Does a w:drawing or w:pict show an image (not only a shape or a text box)?"""
    return next(picture.iter(f"{{{A}}}blip", f"{{{V}}}imagedata"), None) is not None


def clean_text(text: str, breaks: list[int]) -> tuple[str, list[int]]:
    """A paragraph's text without control characters and without the spaces around it and
    around each of its lines (indents typed as spaces, U+3000, NBSP); its line-break offsets
    moved to match."""
    from convert.transforms.cleanup import remove_control_characters

    cuts = [0] + sorted(set(b for b in breaks if 0 < b < len(text))) + [len(text)]
    lines = [remove_control_characters(text[a:b])[0].strip(EDGE_CHARS) for a, b in zip(cuts, cuts[1:])]
    lines = [line for line in lines if line]
    offsets, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        offsets.append(at)
    return "".join(lines), offsets


EDGE_CHARS = " \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"


# ------------------------------------------------------------------ tables --

def model_table(item: TableItem, caption: etree._Element | None = None) -> etree._Element:
    """A model <table> from a read table: header rows, spans, a cell's paragraphs."""
    table = etree.Element("table")
    if caption is not None:
        table.append(caption)
    header = etree.SubElement(table, "header") if item.header_rows else None
    for r, row in enumerate(item.rows):
        row_el = etree.SubElement(header if r < item.header_rows else table, "row")
        for cell in row:
            cell_el = etree.SubElement(row_el, "cell")
            if cell.colspan > 1:
                cell_el.set("colspan", str(cell.colspan))
            if cell.rowspan > 1:
                cell_el.set("rowspan", str(cell.rowspan))
            tables.fill_cell(cell_el, [t for t in (clean_text(p.text, [])[0] for p in cell.paragraphs) if t])
    return table
