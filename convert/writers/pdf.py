"""PDF: a page layout (``convert.typeset.pages.lay_out``) painted with ReportLab.

The layout decides every glyph's place; this module only draws it. It registers with
ReportLab the fonts the layout names (``Layout.fonts``: a subset file per name), writes the
glyph runs as text objects, the rules, boxes and images, the outline and the metadata, and
embeds the font subsets with ToUnicode maps that extract characters beyond the BMP.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

import convert.typeset  # noqa: F401  (before ReportLab: Pillow is loaded for an image only)
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics, ttfonts

from convert.model.tree import KEYWORD_SEPARATOR
from convert.options import Options
from convert.outputs import atomic_output, source_date_epoch
from convert.typeset import pages
from convert.typeset.fontbook import forget_tables, truetype
from convert.typeset.layout import GlyphRun, Image, Layout, Rule


def write(report: etree._Element, path: Path, options: Options | None = None) -> str:
    """Write the PDF; what it holds, for the CLI's "wrote" line."""
    options = options or Options()
    return write_layout(pages.lay_out(report, options), path, options)


def write_layout(layout: Layout, path: Path, options: Options | None = None) -> str:
    """Write the PDF of a layout made already (the OFD may paint the same one)."""
    with atomic_output(path) as tmp:
        paint(layout, str(tmp))
    return f"{len(layout.pages)} pages"


def register_fonts(layout: Layout) -> None:
    """ReportLab draws only fonts registered by name: the layout's, once a process."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in layout.fonts.items():
        if name not in registered:
            font = truetype(name, file.path)  # the object the layout was measured with
            # ReportLab shares one registered font per PostScript name; subsets of
            # one face for different documents need names of their own.
            font.face.name += b"-" + file.path.stem[:6].encode("ascii")
            pdfmetrics.registerFont(font)


def paint(layout: Layout, out) -> None:
    """Draw a layout as PDF into `out` (a path or a binary file), with ReportLab."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts(layout)
    info = layout.info
    canv = Canvas(out, pagesize=(layout.width, layout.height), lang=info.lang or None,
                  initialFontName=layout.initial_font, initialFontSize=layout.initial_size,
                  invariant=1 if source_date_epoch() is not None else None)
    canv.setTitle(info.title)
    canv.setAuthor(info.author)
    canv.setSubject(info.subject)
    canv.setKeywords(KEYWORD_SEPARATOR.join(info.keywords))
    canv.setCreator(info.creator)
    outline = list(layout.outline)
    k, open_levels = 0, []
    encode = _Encoding(canv)
    for number, page in enumerate(layout.pages):
        _paint_items(canv, page.items, encode)
        while k < len(outline) and outline[k].page == number:
            key = f"o{k}"
            canv.bookmarkHorizontal(key, 0, outline[k].y)  # opens at the heading
            # ReportLab nests entries one level at a time, and a document may skip one (its
            # first heading at level 1, with no entry at 0): an entry goes under the last
            # shallower one, as the OFD's outline nests it
            while open_levels and open_levels[-1] >= outline[k].level:
                open_levels.pop()
            canv.addOutlineEntry(outline[k].title, key, level=len(open_levels), closed=False)
            open_levels.append(outline[k].level)
            k += 1
        canv.showPage()
    canv.showOutline()
    saved = rl_config.useA85
    rl_config.useA85 = 0  # binary zlib streams: smaller, and ASCII85 in pure Python is slow
    try:
        with utf16_unicode_maps():
            canv.save()
    finally:
        rl_config.useA85 = saved
        for name in layout.fonts:
            forget_tables(pdfmetrics.getFont(name))


def _paint_items(canv, items: list, encode: "_Encoding") -> None:
    """A page's items in their order; runs of glyphs as text objects whose operators are
    written directly: ReportLab's textOut formatting took most of the build time
    (hand-written for speed; `encode` gives the strings ReportLab's would)."""
    code = canv._code
    ops: list[str] | None = None
    font_state = colour = stroke = None  # the page's graphics state starts afresh
    known = encode.runs
    y = y_text = None  # the last baseline and how it was written: a line's runs share it
    for item in items:
        if isinstance(item, GlyphRun):
            if ops is None:
                ops, font_state = ["BT"], None
            if item.color != colour:
                ops.append("%.3f %.3f %.3f rg" % item.color)
                colour = item.color
            if item.y != y:
                y, y_text = item.y, "%.3f" % item.y
            spacing = item.spacing if not -5e-5 < item.spacing < 5e-5 else 0.0  # never "-0.0000": float noise
            ops.append("%.4f Tc 1 0 0 1 %.3f %s Tm" % (spacing, item.xs[0], y_text))  # % is quicker than f"{:.4f}"
            size = item.size
            pieces = known.get((item.font, item.text))
            if pieces is None:
                pieces = encode(item.font, item.text)
            for internal, data in pieces:
                if font_state != (internal, size):
                    ops.append(f"{internal} {size:.4f} Tf")
                    font_state = (internal, size)
                ops.append(f"({data}) Tj")
            continue
        if ops is not None:
            ops.append("ET")
            code.append(" ".join(ops))
            ops = None
        if isinstance(item, Image):
            canv.drawImage(ImageReader(io.BytesIO(item.data)), item.x, item.y, item.width, item.height, mask="auto")
            continue
        width = item.width if isinstance(item, Rule) else item.line_width
        if stroke != (item.color, width):
            canv.setStrokeColorRGB(*item.color)
            canv.setLineWidth(width)
            stroke = (item.color, width)
        if isinstance(item, Rule):
            canv.line(item.x0, item.y0, item.x1, item.y1)
        else:  # a Box
            canv.rect(item.x, item.y, item.width, item.height, stroke=1, fill=0)
    if ops is not None:
        ops.append("ET")
        code.append(" ".join(ops))


class _Encoding:
    """A document's glyph runs as ReportLab's splitString, getSubsetInternalName and escapePDF
    make them: (the subset's internal name, the escaped string) for each stretch of a run's
    text in one subset. ReportLab numbers a character in its font's subsets when it first
    draws it, and the number never changes; so each character is numbered once, in the
    order the text is drawn (the bytes are ReportLab's), and kept with its subset's name and
    escaped byte, and so is what a whole run's text became (short runs, a mark or a word,
    recur)."""

    def __init__(self, canv):
        self.canv = canv
        self.codes: dict[str, dict[str, tuple[str, str]]] = {}  # font -> character -> (subset, byte)
        self.runs: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def __call__(self, font_name: str, text: str) -> list[tuple[str, str]]:
        made = self.runs.get((font_name, text))
        if made is None:
            made = self.runs[font_name, text] = self._split(font_name, text)
        return made

    def _split(self, font_name: str, text: str) -> list[tuple[str, str]]:
        codes = self.codes.get(font_name)
        if codes is None:
            codes = self.codes[font_name] = {}
        if any(ch not in codes for ch in text):
            canv = self.canv
            font = pdfmetrics.getFont(font_name)
            for ch in text:
                if ch not in codes:
                    ((subset, data),) = font.splitString(ch, canv._doc)
                    codes[ch] = (font.getSubsetInternalName(subset, canv._doc), canv._escape(data))
        out = []
        current, run = None, []
        for internal, data in map(codes.__getitem__, text):
            if internal != current:
                if run:
                    out.append((current, "".join(run)))
                current, run = internal, [data]
            else:
                run.append(data)
        if run:
            out.append((current, "".join(run)))
        return out


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap with code points written as UTF-16BE, so that
    characters outside the BMP (𠀀, emoji) extract as themselves. Hand-written:
    ReportLab 5.1 formats them with "%04X", which readers misread or drop."""
    entries = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *entries, "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


@contextmanager
def utf16_unicode_maps():
    """ReportLab writes each subset's ToUnicode CMap while the document is saved: this
    painter's, not another's (the function is a module global of ttfonts)."""
    saved = ttfonts.makeToUnicodeCMap
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    try:
        yield
    finally:
        ttfonts.makeToUnicodeCMap = saved
