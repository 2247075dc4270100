"""OFD (GB/T 33190-2016): the page layout the PDF paints too (``convert.typeset.pages.lay_out``),
painted as an OFD package, so that the two are the same page for page and glyph for glyph.

The package: ``OFD.xml`` (DocInfo, the entry point), ``Doc_0/Document.xml`` (CommonData
with the page area and the resource files, the pages, the outline), ``PublicRes.xml`` (the
fonts, embedded as subsets in ``Res/``), ``DocumentRes.xml`` (images), and a
``Pages/Page_N/Content.xml`` per page. Every glyph run of the layout is a ``TextObject``
whose ``TextCode`` places each glyph with ``DeltaX``; a character beyond the BMP also
gets a ``CGTransform`` naming its glyph, for readers that look glyphs up in the BMP
cmap only. Rules and table borders are ``PathObject``s. Coordinates are millimetres from
the page's top left. With ``--archive`` the package is OFD-A (``DocType``), which needs
complete metadata; fonts are always embedded and nothing refers outside the package.
Every part validates against the schemas of GB/T 33190 (tests/data/ofd-schema).
"""
from __future__ import annotations

import uuid
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from convert import __version__
from convert.errors import InputError
from convert.options import Options
from convert.outputs import atomic_output, source_date_epoch
from convert.typeset import pages
from convert.typeset.layout import Box, GlyphRun, Image, Layout, Rule

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72  # millimetres per point
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://report-convert/ofd")
# What a text object's box holds around its glyphs, in em: OFD clips a graphic unit to its
# Boundary, so the box has room for ascenders, descenders and overhanging ink.
BOX_LEFT, BOX_RIGHT, BOX_ABOVE, BOX_BELOW = 0.5, 1.5, 1.25, 0.5


def write(report: etree._Element, path: Path, options: Options | None = None) -> str:
    """Write the OFD; what it holds, for the CLI's "wrote" line."""
    options = options or Options()
    return write_layout(pages.lay_out(report, options), path, options)


def write_layout(layout: Layout, path: Path, options: Options | None = None) -> str:
    """Write the OFD of a layout made already (the PDF may paint the same one)."""
    options = options or Options()
    if options.archive:
        check_archive(layout)
    with atomic_output(path) as tmp:
        paint(layout, tmp, options)
    return f"{len(layout.pages)} pages" + (", OFD-A" if options.archive else "")


def paint(layout: Layout, path: Path, options: Options | None = None) -> None:
    """Draw a layout as an OFD package at `path` (OFD-A with options.archive)."""
    archive = bool(options and options.archive)
    doc_id = uuid.uuid5(ID_NAMESPACE, layout.info.identifier).hex
    Package(layout, doc_id, archive).save(path)


def check_archive(layout: Layout) -> None:
    """OFD-A keeps a document for the long term: its metadata must say what it is."""
    info = layout.info
    missing = [name for name, value in (("title", info.title), ("issuer", info.author)) if not value.strip()]
    if missing:
        raise InputError(f"OFD-A (--archive) needs the document's {' and '.join(missing)}, and the model has none "
                         f"(meta/{missing[0]}); add it, or leave out --archive")


def _num(value: float) -> str:
    """A length in mm as the parts write it: to the micrometre, without trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _deltas(xs_mm: list[float]) -> str:
    """DeltaX of glyphs at xs_mm, to 0.1 µm (so that 28 of them add up to well under a
    micrometre), repeated values as GB/T 33190's `g count value`."""
    steps = [f"{b - a:.4f}".rstrip("0").rstrip(".") for a, b in zip(xs_mm, xs_mm[1:])]
    out, i = [], 0
    while i < len(steps):
        j = i
        while j < len(steps) and steps[j] == steps[i]:
            j += 1
        out.append(f"g {j - i} {steps[i]}" if j - i > 1 else steps[i])
        i = j
    return " ".join(out)


def _colour(color: tuple[float, float, float]) -> str:
    return " ".join(str(round(c * 255)) for c in color)


class Package:
    """The parts of one OFD file, made from a layout."""

    def __init__(self, layout: Layout, doc_id: str, archive: bool = False):
        self.layout, self.doc_id, self.archive = layout, doc_id, archive
        self.next_id = 1
        self.files: dict[str, bytes] = {}

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def el(self, parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
        node = etree.SubElement(parent, f"{{{NS}}}{tag}", {k: str(v) for k, v in attrs.items()})
        if text is not None:
            node.text = text
        return node

    def root(self, tag: str, **attrs) -> etree._Element:
        return etree.Element(f"{{{NS}}}{tag}", {k: str(v) for k, v in attrs.items()}, nsmap={"ofd": NS})

    def part(self, name: str, root: etree._Element) -> None:
        self.files[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    # -- the parts --
    def save(self, path: Path) -> None:
        layout = self.layout
        self.fonts = self.embed_fonts()
        images = self.images()
        page_ids = [self.new_id() for _ in layout.pages]
        for k, page in enumerate(layout.pages):
            self.part(f"Doc_0/Pages/Page_{k}/Content.xml", self.page(page.items, images))
        self.part("Doc_0/Document.xml", self.document(page_ids))
        self.part("OFD.xml", self.entry())
        self.zip(path)

    def entry(self) -> etree._Element:
        info = self.layout.info
        root = self.root("OFD", Version="1.0", DocType="OFD-A" if self.archive else "OFD")
        body = self.el(root, "DocBody")
        doc_info = self.el(body, "DocInfo")
        self.el(doc_info, "DocID", self.doc_id)
        for tag, value in (("Title", info.title), ("Author", info.author), ("Subject", info.subject)):
            if value:
                self.el(doc_info, tag, value)
        day = self.date().date().isoformat()
        self.el(doc_info, "CreationDate", day)
        self.el(doc_info, "ModDate", day)
        if info.keywords:
            keywords = self.el(doc_info, "Keywords")
            for word in info.keywords:
                self.el(keywords, "Keyword", word)
        self.el(doc_info, "Creator", info.creator)
        self.el(doc_info, "CreatorVersion", __version__)
        custom = [("Language", info.lang)]
        if info.created is not None:
            custom.append(("DocumentDate", info.created.date().isoformat()))  # 成文日期
        custom = [(name, value) for name, value in custom if value]
        if custom:
            datas = self.el(doc_info, "CustomDatas")
            for name, value in custom:
                self.el(datas, "CustomData", value, Name=name)
        self.el(body, "DocRoot", "Doc_0/Document.xml")
        return root

    def date(self) -> datetime:
        """The package's date: SOURCE_DATE_EPOCH, else now (UTC)."""
        epoch = source_date_epoch()
        moment = datetime.fromtimestamp(epoch, timezone.utc) if epoch is not None else datetime.now(timezone.utc)
        return moment.replace(tzinfo=None)

    def document(self, page_ids: list[int]) -> etree._Element:
        layout = self.layout
        root = self.root("Document")
        common = self.el(root, "CommonData")
        max_id = self.el(common, "MaxUnitID")
        area = self.el(common, "PageArea")
        self.el(area, "PhysicalBox", f"0 0 {_num(layout.width * MM)} {_num(layout.height * MM)}")
        self.el(common, "PublicRes", "PublicRes.xml")
        self.el(common, "DocumentRes", "DocumentRes.xml")
        pages = self.el(root, "Pages")
        for k, page_id in enumerate(page_ids):
            self.el(pages, "Page", ID=page_id, BaseLoc=f"Pages/Page_{k}/Content.xml")
        if layout.outline:
            self.outlines(self.el(root, "Outlines"), page_ids)
            preferences = self.el(root, "VPreferences")
            self.el(preferences, "PageMode", "UseOutlines")  # as the PDF opens
        max_id.text = str(self.next_id - 1)
        return root

    def outlines(self, parent: etree._Element, page_ids: list[int]) -> None:
        """The outline as nested OutlineElems, each going to its heading's page and top."""
        stack = [(-1, parent)]
        height = self.layout.height
        for entry in self.layout.outline:
            while stack[-1][0] >= entry.level:
                stack.pop()
            elem = self.el(stack[-1][1], "OutlineElem", Title=entry.title)
            action = self.el(self.el(elem, "Actions"), "Action", Event="CLICK")
            self.el(self.el(action, "Goto"), "Dest", Type="XYZ", PageID=page_ids[entry.page], Left="0",
                    Top=_num((height - entry.y) * MM))
            stack.append((entry.level, elem))

    # -- resources --
    def embed_fonts(self) -> dict[str, tuple[int, dict[int, int]]]:
        """Each font as a subset of exactly the glyphs the layout draws with it: font name ->
        (its resource ID, glyph index of each character beyond the BMP)."""
        chars: dict[str, set[str]] = {name: set() for name in self.layout.fonts}
        for page in self.layout.pages:
            for item in page.items:
                if isinstance(item, GlyphRun):
                    chars[item.font].update(item.text)
        res = self.root("Res", BaseLoc="Res")
        listing = self.el(res, "Fonts")
        out = {}
        for name, font_file in sorted(self.layout.fonts.items()):
            font_id = self.new_id()
            font, data = embedded_subset(font_file.path, chars[name])
            names = font["name"]
            cmap = font.getBestCmap()
            wide = {ord(ch): font.getGlyphID(cmap[ord(ch)]) for ch in chars[name] if ord(ch) > 0xFFFF}
            file_name = f"font_{font_id}.ttf"
            self.files[f"Doc_0/Res/{file_name}"] = data
            node = self.el(listing, "Font", ID=font_id, FontName=names.getDebugName(6) or name,
                           FamilyName=names.getDebugName(1) or font_file.family)
            self.el(node, "FontFile", file_name)
            out[name] = (font_id, wide)
        self.part("Doc_0/PublicRes.xml", res)
        return out

    def images(self) -> dict[int, int]:
        """Each distinct image once, in DocumentRes: id(data) -> its resource ID."""
        res = self.root("Res", BaseLoc="Res")
        medias = None
        ids: dict[bytes, int] = {}
        by_item: dict[int, int] = {}
        for page in self.layout.pages:
            for item in page.items:
                if not isinstance(item, Image):
                    continue
                if item.data not in ids:
                    if medias is None:
                        medias = self.el(res, "MultiMedias")
                    ids[item.data] = media_id = self.new_id()
                    kind = item.type.split("/")[-1]  # png, jpeg, gif
                    file_name = f"image_{media_id}.{'jpg' if kind == 'jpeg' else kind}"
                    self.files[f"Doc_0/Res/{file_name}"] = item.data
                    media = self.el(medias, "MultiMedia", ID=media_id, Type="Image", Format=kind.upper())
                    self.el(media, "MediaFile", file_name)
                by_item[id(item)] = ids[item.data]
        self.part("Doc_0/DocumentRes.xml", res)
        return by_item

    # -- a page --
    def page(self, items: list, images: dict[int, int]) -> etree._Element:
        root = self.root("Page")
        content = self.el(root, "Content")
        layer = self.el(content, "Layer", ID=self.new_id(), Type="Body")
        height = self.layout.height
        for item in items:
            if isinstance(item, GlyphRun):
                self.text(layer, item, height)
            elif isinstance(item, Rule):
                self.path(layer, [(item.x0, item.y0), (item.x1, item.y1)], False, item.width, item.color, height)
            elif isinstance(item, Box):
                x0, y0, x1, y1 = item.x, item.y, item.x + item.width, item.y + item.height
                self.path(layer, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], True, item.line_width, item.color, height)
            elif isinstance(item, Image):
                left, top = item.x * MM, (height - item.y - item.height) * MM
                w, h = item.width * MM, item.height * MM
                self.el(layer, "ImageObject", ID=self.new_id(), ResourceID=images[id(item)],
                        Boundary=f"{_num(left)} {_num(top)} {_num(w)} {_num(h)}", CTM=f"{_num(w)} 0 0 {_num(h)} 0 0")
        return root

    def text(self, layer: etree._Element, run: GlyphRun, height: float) -> None:
        size = run.size
        left = run.xs[0] - BOX_LEFT * size
        top = height - (run.y + BOX_ABOVE * size)  # from the page's top, pt
        width = run.xs[-1] - run.xs[0] + (BOX_LEFT + BOX_RIGHT) * size
        box_left, box_top = round(left * MM, 3), round(top * MM, 3)
        xs = [x * MM - box_left for x in run.xs]  # from the box's left edge, mm
        baseline = (height - run.y) * MM - box_top
        font_id, wide = self.fonts[run.font]
        obj = self.el(layer, "TextObject", ID=self.new_id(), Font=font_id, Size=_num(size * MM),
                      Boundary=f"{_num(box_left)} {_num(box_top)} {_num(width * MM)} "
                               f"{_num((BOX_ABOVE + BOX_BELOW) * size * MM)}")
        if run.color != (0.0, 0.0, 0.0):
            self.el(obj, "FillColor", Value=_colour(run.color))
        for k, ch in enumerate(run.text):
            if ord(ch) in wide:
                transform = self.el(obj, "CGTransform", CodePosition=k, CodeCount=1, GlyphCount=1)
                self.el(transform, "Glyphs", str(wide[ord(ch)]))
        code = self.el(obj, "TextCode", run.text, X=_num(xs[0]), Y=_num(baseline))
        if len(xs) > 1:
            code.set("DeltaX", _deltas(xs))

    def path(self, layer, points: list[tuple[float, float]], closed: bool, line_width: float,
             color: tuple[float, float, float], height: float) -> None:
        """A stroked path through `points` (pt, from the bottom left), in a box with room
        for half the line width on every side."""
        pad = line_width
        xs = [x for x, _ in points]
        tops = [height - y for _, y in points]
        left, top = min(xs) - pad, min(tops) - pad
        width, tall = max(xs) - min(xs) + 2 * pad, max(tops) - min(tops) + 2 * pad
        steps = [f"{_num((x - left) * MM)} {_num((t - top) * MM)}" for x, t in zip(xs, tops)]
        data = "M " + " L ".join(steps) + (" C" if closed else "")
        obj = self.el(layer, "PathObject", ID=self.new_id(), LineWidth=_num(line_width * MM),
                      Boundary=f"{_num(left * MM)} {_num(top * MM)} {_num(width * MM)} {_num(tall * MM)}")
        if color != (0.0, 0.0, 0.0):
            self.el(obj, "StrokeColor", Value=_colour(color))
        self.el(obj, "AbbreviatedData", data)

    # -- the container --
    def zip(self, path: Path) -> None:
        """OFD.xml first, then the document's parts in order; fixed timestamps."""
        stamp = self.date().timetuple()[:6]
        stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
        order = ["OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml", "Doc_0/DocumentRes.xml"]
        names = order + sorted((n for n in self.files if n not in order), key=_part_order)
        with zipfile.ZipFile(path, "w") as archive:
            for name in names:
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, self.files[name], compresslevel=6)


def embedded_subset(path: Path, chars: set[str]):
    """A TrueType subset of the layout's font file holding `chars` (and .notdef), as
    ReportLab embeds glyphs for the PDF: outlines and metrics, no layout tables, no hints.
    (fontTools' subsetter; the glyphs are copied as they are, so their boxes are not
    recomputed, which would take seconds for a large face.) The font and its bytes."""
    import io
    import logging

    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "table NOT subset" chatter
    font = TTFont(str(path), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    options = ft_subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG"]  # horizontal text only
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)) or " ")
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return font, out.getvalue()


def _part_order(name: str) -> tuple:
    """Pages in page order (Page_2 before Page_10), then resources."""
    parts = name.split("/")
    if len(parts) > 2 and parts[1] == "Pages":
        return (0, int(parts[2].split("_")[1]), name)
    return (1, 0, name)
