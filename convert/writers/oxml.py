"""The small WordprocessingML helpers python-docx lacks, in one place.

python-docx has no API for East Asian fonts, w:lang, firstLineChars, the
document grid, fields, kinsoku lists or a reproducible zip; these functions
write that XML directly. Word rejects children in the wrong order, so every
insertion goes through ``set_child``, which follows the ECMA-376 sequences below.
"""
from __future__ import annotations

import io
import time
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

# Child order of the elements we edit (ECMA-376 Part 1, §17), as far as we need it.
ORDER = {
    "w:rPr": (
        "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline w:shadow "
        "w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing w:w w:kern "
        "w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText w:vertAlign w:rtl w:cs w:em "
        "w:lang w:eastAsianLayout w:specVanish w:oMath"
    ),
    "w:pPr": (
        "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
        "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
        "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd w:snapToGrid "
        "w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc w:textDirection "
        "w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr w:sectPr w:pPrChange"
    ),
    "w:tblPr": (
        "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize w:tblW "
        "w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook w:tblCaption "
        "w:tblDescription"
    ),
    "w:trPr": (
        "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit w:trHeight w:tblHeader "
        "w:tblCellSpacing w:jc w:hidden"
    ),
    "w:tcPr": (
        "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar w:textDirection "
        "w:tcFitText w:vAlign w:hideMark"
    ),
    "w:tblBorders": "w:top w:left w:start w:bottom w:right w:end w:insideH w:insideV",
    "w:tblCellMar": "w:top w:left w:start w:bottom w:right w:end",
    "w:sectPr": (
        "w:headerReference w:footerReference w:footnotePr w:endnotePr w:type w:pgSz w:pgMar w:paperSrc "
        "w:pgBorders w:lnNumType w:pgNumType w:cols w:formProt w:vAlign w:noEndnote w:titlePg "
        "w:textDirection w:bidi w:rtlGutter w:docGrid w:printerSettings w:sectPrChange"
    ),
    "w:style": (
        "w:name w:aliases w:basedOn w:next w:link w:autoRedefine w:hidden w:uiPriority w:semiHidden "
        "w:unhideWhenUsed w:qFormat w:locked w:personal w:personalCompose w:personalReply w:rsid w:pPr "
        "w:rPr w:tblPr w:trPr w:tcPr w:tblStylePr"
    ),
    "w:settings": (
        "w:writeProtection w:view w:zoom w:removePersonalInformation w:removeDateAndTime "
        "w:doNotDisplayPageBoundaries w:displayBackgroundShape w:printPostScriptOverText "
        "w:printFractionalCharacterWidth w:printFormsData w:embedTrueTypeFonts w:embedSystemFonts "
        "w:saveSubsetFonts w:saveFormsData w:mirrorMargins w:alignBordersAndEdges "
        "w:bordersDoNotSurroundHeader w:bordersDoNotSurroundFooter w:gutterAtTop w:hideSpellingErrors "
        "w:hideGrammaticalErrors w:activeWritingStyle w:proofState w:formsDesign w:attachedTemplate "
        "w:linkStyles w:stylePaneFormatFilter w:stylePaneSortMethod w:documentType w:mailMerge "
        "w:revisionView w:trackRevisions w:doNotTrackMoves w:doNotTrackFormatting w:documentProtection "
        "w:autoFormatOverride w:styleLockTheme w:styleLockQFSet w:defaultTabStop w:autoHyphenation "
        "w:consecutiveHyphenLimit w:hyphenationZone w:doNotHyphenateCaps w:showEnvelope w:summaryLength "
        "w:clickAndTypeStyle w:defaultTableStyle w:evenAndOddHeaders w:bookFoldRevPrinting "
        "w:bookFoldPrinting w:bookFoldPrintingSheets w:drawingGridHorizontalSpacing "
        "w:drawingGridVerticalSpacing w:displayHorizontalDrawingGridEvery "
        "w:displayVerticalDrawingGridEvery w:doNotUseMarginsForDrawingGridOrigin "
        "w:drawingGridHorizontalOrigin w:drawingGridVerticalOrigin w:doNotShadeFormData "
        "w:noPunctuationKerning w:characterSpacingControl w:printTwoOnOne w:strictFirstAndLastChars "
        "w:noLineBreaksAfter w:noLineBreaksBefore w:savePreviewPicture w:doNotValidateAgainstSchema "
        "w:saveInvalidXml w:ignoreMixedContent w:alwaysShowPlaceholderText w:doNotDemarcateInvalidXml "
        "w:saveXmlDataOnly w:useXSLTWhenSaving w:saveThroughXslt w:showXMLTags "
        "w:alwaysMergeEmptyNamespace w:updateFields w:hdrShapeDefaults w:footnotePr w:endnotePr "
        "w:compat w:docVars w:rsids m:mathPr w:attachedSchema w:themeFontLang w:clrSchemeMapping "
        "w:doNotIncludeSubdocsInStats w:doNotAutoCompressPictures w:forceUpgrade w:captions "
        "w:readModeInkLockDown w:smartTagType sl:schemaLibrary w:shapeDefaults w:doNotEmbedSmartTags "
        "w:decimalSymbol w:listSeparator"
    ),
}
_RANK = {parent: {qn(tag): i for i, tag in enumerate(seq.split())} for parent, seq in ORDER.items()}


def _rank_table(parent: etree._Element) -> dict[str, int]:
    for tag, table in _RANK.items():
        if parent.tag == qn(tag):
            return table
    raise KeyError(f"no child order known for {parent.tag}")


def set_child(parent: etree._Element, tag: str, **attrs) -> etree._Element:
    """The one `tag` child of `parent`, created in schema order if missing; its
    attributes are replaced by `attrs` (w: names, values stringified)."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        rank = _rank_table(parent)
        mine = rank[qn(tag)]
        later = next((c for c in parent if rank.get(c.tag, -1) > mine), None)
        if later is None:
            parent.append(child)
        else:
            later.addprevious(child)
    for key in list(child.attrib):
        del child.attrib[key]
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), str(value))
    return child


def remove_children(parent: etree._Element, *tags: str) -> None:
    for tag in tags:
        for child in parent.findall(qn(tag)):
            parent.remove(child)


def clear(parent: etree._Element) -> etree._Element:
    for child in list(parent):
        parent.remove(child)
    return parent


# ------------------------------------------------------------- run properties --

def set_fonts(rPr: etree._Element, family: str) -> None:
    """One family in all four slots. python-docx's font.name sets only ascii/hAnsi;
    eastAsia picks the CJK face and hint=eastAsia makes Word draw ambiguous-width
    marks (“” — …) with it too, not with a Latin face."""
    set_child(rPr, "w:rFonts", ascii=family, hAnsi=family, eastAsia=family, cs=family, hint="eastAsia")


def set_lang(rPr: etree._Element, east_asia: str, latin: str = "en-US") -> None:
    set_child(rPr, "w:lang", val=latin, eastAsia=east_asia, bidi="ar-SA")


def set_char_spacing(rPr: etree._Element, twentieths_pt: int) -> None:
    """Letter-spacing in 1/20 pt (w:spacing inside a run)."""
    if twentieths_pt:
        set_child(rPr, "w:spacing", val=twentieths_pt)
    else:
        remove_children(rPr, "w:spacing")


def set_size(rPr: etree._Element, size_pt: float) -> None:
    half_points = round(size_pt * 2)
    set_child(rPr, "w:sz", val=half_points)
    set_child(rPr, "w:szCs", val=half_points)


# ------------------------------------------------------- paragraph properties --

def set_indent(pPr: etree._Element, *, first_line: tuple[float, int] = (0, 0),
               hanging: tuple[float, int] | None = None, left: tuple[float, int] | None = None,
               right: tuple[float, int] | None = None, chars: bool = True) -> None:
    """The paragraph's indents, each as (characters, twips): Word and WPS read the
    character units (*Chars), LibreOffice the twips (facts.md). `hanging` replaces the
    first-line indent. chars=False is for lengths computed to the twip: it writes *Chars="0",
    which makes Word and WPS use the twips (a style's *Chars would win over them otherwise)."""
    attrs: dict[str, int] = {}
    for name, value in (("left", left), ("right", right)):
        if value is not None:
            _put_indent(attrs, name, value, chars)
    _put_indent(attrs, "hanging" if hanging is not None else "firstLine",
                hanging if hanging is not None else first_line, chars)
    set_child(pPr, "w:ind", **attrs)


def _put_indent(attrs: dict[str, int], name: str, value: tuple[float, int], chars: bool) -> None:
    count, twips = value
    attrs[f"{name}Chars"] = round(count * 100) if chars else 0
    attrs[name] = twips


def set_tab_stops(pPr: etree._Element, stops: list[tuple[str, int]]) -> None:
    """Tab stops (alignment, position in twips from the text's left edge)."""
    tabs = set_child(pPr, "w:tabs")
    clear(tabs)
    for align, position in stops:
        tabs.append(OxmlElement("w:tab", {qn("w:val"): align, qn("w:pos"): str(position)}))


def set_exact_line(pPr: etree._Element, twips: int, before: int = 0, after: int = 0) -> None:
    set_child(pPr, "w:spacing", before=before, after=after, line=twips, lineRule="exact")


def set_outline_level(pPr: etree._Element, level: int | None) -> None:
    """Outline level 1-9 (shown in the navigation pane), or body text for None."""
    set_child(pPr, "w:outlineLvl", val=9 if level is None else level - 1)


def set_on_off(parent: etree._Element, tag: str, on: bool) -> None:
    set_child(parent, tag, val="1" if on else "0")


# -------------------------------------------------------------------- tables --

def border_size(mm: float) -> int:
    """A rule's width in w:sz units (eighths of a point; Word accepts 2 to 96)."""
    return min(max(round(mm * 72 / 25.4 * 8), 2), 96)


def set_table_layout(tblPr: etree._Element, width: int, indent: int = 0) -> None:
    """A fixed-layout table `width` twips wide (tblW; WPS reads the gridCol widths,
    set by the caller), shifted by `indent` twips. Word (compatibility mode 14, as
    python-docx's template) and LibreOffice put a table's left rule `indent` minus its
    left cell margin from the text's edge: an indent equal to that margin aligns the rule."""
    set_child(tblPr, "w:tblW", w=width, type="dxa")
    set_child(tblPr, "w:tblInd", w=indent, type="dxa")
    set_child(tblPr, "w:tblLayout", type="fixed")


def set_table_borders(tblPr: etree._Element, sizes: dict[str, int]) -> None:
    """Single rules of the given w:sz on the named sides (top, left, bottom, right,
    insideH, insideV); every other side gets none."""
    borders = set_child(tblPr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        size = sizes.get(side)
        if size:
            set_child(borders, f"w:{side}", val="single", sz=size, space=0, color="auto")
        else:
            set_child(borders, f"w:{side}", val="nil")


def set_cell_margins(tblPr: etree._Element, top: int, left: int, bottom: int, right: int) -> None:
    margins = set_child(tblPr, "w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        set_child(margins, f"w:{side}", w=value, type="dxa")


def set_header_row(tr: etree._Element) -> None:
    """Mark a row as a header row, repeated at the top of every page the table runs onto
    (w:tblHeader), and kept whole."""
    trPr = tr.get_or_add_trPr()
    set_child(trPr, "w:cantSplit")
    set_child(trPr, "w:tblHeader")


# ------------------------------------------------------------------ sections --

def set_doc_grid(sectPr: etree._Element, grid_type: str, line_pitch: int, char_space: int | None = None) -> None:
    attrs = {"type": grid_type, "linePitch": line_pitch}
    if char_space is not None:
        attrs["charSpace"] = char_space
    set_child(sectPr, "w:docGrid", **attrs)


# -------------------------------------------------------------------- fields --

def _run(rPr_source: etree._Element | None) -> etree._Element:
    run = OxmlElement("w:r")
    if rPr_source is not None:
        run.append(_copy(rPr_source))
    return run


def _copy(el: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(el))


def append_field(p: etree._Element, instruction: str, placeholder: str = "", rPr: etree._Element | None = None) -> None:
    """A complex field (begin, instruction, separate, cached result, end) at the end
    of paragraph `p`. Word and LibreOffice compute PAGE themselves; the cached
    result is what a consumer that does not evaluate fields shows."""
    def fld_char(kind: str) -> etree._Element:
        run = _run(rPr)
        run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
        return run

    p.append(fld_char("begin"))
    instr = _run(rPr)
    text = OxmlElement("w:instrText", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    text.text = f" {instruction} "
    instr.append(text)
    p.append(instr)
    p.append(fld_char("separate"))
    if placeholder:
        result = _run(rPr)
        t = OxmlElement("w:t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        t.text = placeholder
        result.append(t)
        p.append(result)
    p.append(fld_char("end"))


# ------------------------------------------------------------------ settings --

def set_theme_font_lang(settings: etree._Element, east_asia: str, latin: str = "en-US") -> None:
    """Replace the template's ja-JP: it makes Word and LibreOffice pick Japanese faces."""
    set_child(settings, "w:themeFontLang", val=latin, eastAsia=east_asia)


def set_kinsoku(settings: etree._Element, lang: str, not_at_start: str, not_at_end: str) -> None:
    """Custom line-breaking lists (w:noLineBreaksBefore/After) for one language."""
    set_child(settings, "w:noLineBreaksAfter", lang=lang, val=not_at_end)
    set_child(settings, "w:noLineBreaksBefore", lang=lang, val=not_at_start)


def set_update_fields(settings: etree._Element) -> None:
    """Ask Word to refresh fields (the table of contents) when the file is opened."""
    set_child(settings, "w:updateFields", val="true")


# --------------------------------------------------------------- the package --

ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can hold
FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")


def reproducible_zip(data: bytes, epoch: int | None) -> bytes:
    """Rewrite a zip with one fixed timestamp, fixed attributes and a stable entry
    order ([Content_Types].xml first, as OPC readers expect, then by name).
    python-docx stamps every entry with the current time."""
    stamp = time.gmtime(max(epoch if epoch is not None else ZIP_EPOCH, ZIP_EPOCH))[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        ordered = [n for n in FIRST_ENTRIES if n in names] + sorted(n for n in names if n not in FIRST_ENTRIES)
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(name), compresslevel=9)
    return out.getvalue()


# ------------------------------------------------------ parts python-docx keeps as bytes --

def add_font_alternates(font_table: bytes, alternates: dict[str, str]) -> bytes:
    """Declare each family in word/fontTable.xml with an alternate name (w:altName),
    which Word uses when the family is missing: 仿宋_GB2312 is absent from recent
    Windows, whose FangSong is the same design."""
    root = etree.fromstring(font_table)
    for name, alt in sorted(alternates.items()):
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                root.remove(old)
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        if alt:
            etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_application(app_xml: bytes, name: str) -> bytes:
    """docProps/app.xml names the producing application (the template says Microsoft Word)."""
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    root = etree.fromstring(app_xml)
    app = root.find(ns + "Application")
    if app is None:
        app = etree.SubElement(root, ns + "Application")
    app.text = name
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------- the 版头's parts --

def set_paragraph_border(pPr: etree._Element, side: str, style: str, size: int, color: str, space_pt: int = 0) -> None:
    """A rule on one side of a paragraph (w:pBdr): `style` an ST_Border (single,
    thickThinSmallGap, ...), `size` in eighths of a point, `space_pt` between the text and
    the rule (whole points, 0 to 31). A rule as a border, not a shape: it stays with its
    paragraph in Word, WPS and LibreOffice, and the paragraph's text stays text."""
    borders = set_child(pPr, "w:pBdr")
    for old in borders.findall(qn(f"w:{side}")):
        borders.remove(old)
    rank = ("top", "left", "bottom", "right", "between", "bar")
    el = OxmlElement(f"w:{side}", {qn("w:val"): style, qn("w:sz"): str(size),
                                   qn("w:space"): str(max(0, min(31, space_pt))), qn("w:color"): color})
    later = next((c for c in borders if rank.index(c.tag.split("}")[1]) > rank.index(side)), None)
    if later is None:
        borders.append(el)
    else:
        later.addprevious(el)


def set_frame(pPr: etree._Element, *, width: int, x: int, y: int, wrap: str = "notBeside",
              h_anchor: str = "page", v_anchor: str = "page") -> None:
    """Make the paragraph a frame (w:framePr) `width` twips wide at (x, y) twips from the
    page's top left corner (or the anchors'); text flows below it (notBeside)."""
    set_child(pPr, "w:framePr", w=width, hSpace=0, vSpace=0, wrap=wrap, hAnchor=h_anchor, vAnchor=v_anchor, x=x, y=y)


def floating_behind(inline: etree._Element, x_emu: int, y_emu: int, x_from: str = "margin",
                    y_from: str = "paragraph") -> etree._Element:
    """Turn an inline picture (wp:inline) into a floating one behind the text
    (wp:anchor behindDoc="1", no wrapping), placed at (x, y) EMU from `x_from` / `y_from`."""
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    extent, doc_pr, graphic = inline.find(f"{{{wp}}}extent"), inline.find(f"{{{wp}}}docPr"), inline.find(qn("a:graphic"))
    anchor = etree.Element(f"{{{wp}}}anchor", {
        "distT": "0", "distB": "0", "distL": "0", "distR": "0", "simplePos": "0", "relativeHeight": "251658240",
        "behindDoc": "1", "locked": "0", "layoutInCell": "1", "allowOverlap": "1"}, nsmap={"wp": wp})
    etree.SubElement(anchor, f"{{{wp}}}simplePos", x="0", y="0")
    for tag, frm, offset in (("positionH", x_from, x_emu), ("positionV", y_from, y_emu)):
        pos = etree.SubElement(anchor, f"{{{wp}}}{tag}", relativeFrom=frm)
        etree.SubElement(pos, f"{{{wp}}}posOffset").text = str(int(offset))
    anchor.append(copy_element(extent))
    etree.SubElement(anchor, f"{{{wp}}}effectExtent", l="0", t="0", r="0", b="0")
    etree.SubElement(anchor, f"{{{wp}}}wrapNone")
    anchor.append(copy_element(doc_pr))
    etree.SubElement(anchor, f"{{{wp}}}cNvGraphicFramePr")
    anchor.append(copy_element(graphic))
    inline.getparent().replace(inline, anchor)
    return anchor


def copy_element(el: etree._Element) -> etree._Element:
    return _copy(el)
