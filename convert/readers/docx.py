"""DOCX → model: Word files as provinces and offices publish them, and the DOCX this project writes.

The package is opened by `convert.readers.ooxml` (safely: zip bombs, encrypted files, .doc and
.docm, entity attacks are refused in one line) and the body is read in document order as
`Item`s by `convert.readers.docx_body`: paragraphs with the text Word shows (tracked changes
accepted, comments ignored), the hints their formatting gives, and tables with their merged cells.

Two kinds of DOCX:
- **Ours** (convert.writers.docx), known by its styles: each paragraph style names a model
  element (Title, Heading 1–4, Body, Signature, Date, Appendix Label …), so the model is rebuilt
  from the styles by `convert.readers.docx_own`, with the model the writer stored in the package
  supplying what a DOCX does not show (metadata, dropped lines, inline marks, attributes).
  Edits made in Word, WPS or LibreOffice reach the model.
- **Foreign** (Normal style only, direct formatting): the paragraphs go, with their hints (bold
  when every run with text is bold, the outline level of w:outlineLvl or a Heading N style), to
  `convert.readers.paragraphs.build_report`, which reads them by the text reader's rules, with
  what the layout shows of the head (`structure.layout`: a label such as 附件2 above a centred
  title, a title set as several centred paragraphs, a 版头 naming the issuer). Text boxes and
  WordArt, where offices put the 版头 and the 文号, are paragraphs where they are anchored.
"""
from __future__ import annotations

from lxml import etree

from convert import feedback
from convert.errors import InputError
from convert.options import Options
from convert.readers import docx_own, ooxml, source_name
from convert.readers.docx_body import (
    Body, Item, ParaItem, TableItem, clean_text, has_image, has_text, model_table,
)
from convert.readers.ooxml import Package, Styles, w
from convert.readers.paragraphs import build_report
from convert.readers.structure import Hints, Para
from convert.readers.structure.layout import read_layout
from convert.readers.structure.marks import MAX_HEADING, TERMINAL, label_of

# ------------------------------------------------------------------- entry --

def parse(raw: bytes, source="document.docx", options: Options | None = None) -> etree._Element:
    """The model of a DOCX file's bytes. `source` (a name, or a source: convert.readers) names
    the file in the model and in messages."""
    options = options or Options()
    source = source_name(source)
    package = Package(raw)
    main = package.main_document()
    document = package.xml(main)
    body_el = document.find(w("body"))
    if body_el is None:
        raise InputError("not a DOCX: its document part has no body")
    styles = Styles(_related_xml(package, main, "styles"))
    body = Body(package, main, styles, ooxml.Numbering(_related_xml(package, main, "numbering")))
    items = body.items(body_el)
    if not any(has_text(item) for item in items):
        raise InputError("the DOCX has no text")
    stored = docx_own.stored_model(package, main)
    if stored is not None or docx_own.is_ours(styles):
        report = docx_own.rebuild(items, body, stored, package, source, options)
    else:
        report = foreign(items, body, source, options)
    said = [what for what, count in (("tracked changes accepted", body.tracked), ("comments ignored", body.comments))
            if count]
    if said:
        feedback.note_once(f"warning: {source}: {' and '.join(said)}")
    return report


def _related_xml(package: Package, part: str, kind: str) -> etree._Element | None:
    for rel in package.rels(part).values():
        if rel.type.endswith("/" + kind) and not rel.external and package.has(rel.target):
            return package.xml(rel.target)
    return None


# --------------------------------------------------------- foreign DOCX --

def foreign(items: list[Item], body: Body, source: str, options: Options) -> etree._Element:
    """A DOCX made by someone else: its paragraphs, with their hints, read by the text reader's rules."""
    paras: list[Para] = []
    for item in items:
        if isinstance(item, TableItem):
            if not item.rows:
                continue  # every row deleted as a tracked change
            if len(item.rows) == 1 and len(item.rows[0]) == 1:
                # a table of one cell is a frame around text, not data: its paragraphs are read as paragraphs
                paras += [para for p in item.rows[0][0].paragraphs for para in foreign_paras(p, body)]
            else:
                paras.append(Para.of_block(model_table(item)))
        else:
            paras += foreign_paras(item, body)
    paras = join_split_headings(paras)
    return build_report(paras, source, options, layout=read_layout(paras))


def foreign_paras(item: ParaItem, body: Body) -> list[Para]:
    """A paragraph's Para (none when it shows no text), then a figure per picture and the
    text of its text boxes and shapes (where offices put the 版头 and the 文号), in document
    order: a box anchored before the paragraph's first character comes before its text."""
    content = item.content
    before = [k for k, at in enumerate(content.box_at) if at == 0]
    out = [para for k in before for para in shape_paras(content.boxes[k], body)]
    text, breaks = clean_text(item.text, content.breaks)
    if text:
        out.append(Para(text, hints=hints(item), breaks=breaks))
    for picture in content.pictures:
        if has_image(picture):
            out.append(Para.of_block(figure(body, picture)))
    for k, box in enumerate(content.boxes):
        if k not in before:
            out += shape_paras(box, body)
    return out


def shape_paras(box: etree._Element | str, body: Body) -> list[Para]:
    """The paragraphs of a text box (w:txbxContent), or the text of a WordArt shape (v:textpath)."""
    if isinstance(box, str):
        text, _ = clean_text(box, [])
        return [Para(text)] if text else []
    out = []
    for inner in body.items(box):
        if isinstance(inner, ParaItem):
            out += foreign_paras(inner, body)
        elif inner.rows:  # a table in a text box
            out.append(Para.of_block(model_table(inner)))
    return out


def figure(body: Body, picture: etree._Element) -> etree._Element:
    from convert import figures

    data, src, alt = body.picture(picture)
    return figures.figure_from_bytes(data, src, alt)


def hints(item: ParaItem) -> Hints:
    return Hints(outline_level=item.outline_level, bold=item.bold, centered=item.centred)


def join_split_headings(paras: list[Para]) -> list[Para]:
    """A heading broken over two paragraphs (三、持续提升政府 / 治理效能和服务水平): a paragraph
    that opens with a sequence mark and has no final punctuation, followed by a short paragraph
    with neither mark nor final punctuation, is one heading when the two together are short."""
    out: list[Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if (prev is not None and prev.block is None and para.block is None and not prev.breaks and not para.breaks
                and label_of(prev.text) and label_of(para.text) is None
                and prev.text[-1] not in TERMINAL + "，、；：,;:" and para.text[-1] not in TERMINAL + "，、；：,;:"
                and len(para.text) <= 15 and len(prev.text) + len(para.text) <= MAX_HEADING
                and prev.hints == para.hints):
            out[-1] = Para(prev.text + para.text, hints=prev.hints)
            continue
        out.append(para)
    return out
