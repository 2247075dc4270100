"""Printed pages as the checker measures them: lines of characters and drawn rules, in
millimetres from the paper's top left, read from a PDF (pdfplumber) or an OFD (its XML and
ofdkit's text runs). Nothing here knows GB/T 9704; the rules (rules.py) do.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from convert.chars import is_han

MM = 72 / 25.4              # points per millimetre
EM_BOX_ASCENT = 0.88        # an ideographic em box's top above the baseline, in em (as the typesetter's)
SUBSET = re.compile(r"^[A-Z]{6}\+")


def is_ideograph(ch: str) -> bool:
    return is_han(ch)


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    size: float     # pt
    font: str       # the font's name without a subset prefix
    colour: tuple   # RGB 0-1


@dataclass
class Line:
    """The characters sharing a baseline."""

    page: int        # 1-based
    number: int      # 1-based, top to bottom on its page
    baseline: float  # mm from the paper's top
    chars: list[Char]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def size(self) -> float:
        """The line's type size in pt: the ideographs' advance where it has some (a face with
        0.92-em ideographs is set larger to keep the grid), else the most common size."""
        widths = sorted(c.x1 - c.x0 for c in self.chars if is_ideograph(c.text))
        if len(widths) >= 2:
            return widths[len(widths) // 2] * MM
        sizes = [c.size for c in self.chars]
        return max(set(sizes), key=sizes.count)

    @property
    def top(self) -> float:
        """The em box's top, mm."""
        return self.baseline - EM_BOX_ASCENT * max(c.size for c in self.chars) / MM

    @property
    def bottom(self) -> float:
        return self.top + max(c.size for c in self.chars) / MM

    @property
    def fonts(self) -> list[str]:
        seen: dict[str, int] = {}
        for c in self.chars:
            if not c.text.isspace():
                seen[c.font] = seen.get(c.font, 0) + 1
        return sorted(seen, key=seen.get, reverse=True)

    @property
    def red(self) -> bool:
        marks = [c for c in self.chars if not c.text.isspace()]
        return bool(marks) and sum(is_red(c.colour) for c in marks) > len(marks) / 2


@dataclass
class Rule:
    """A drawn horizontal line (or a thin filled bar)."""

    x0: float
    x1: float
    y: float
    width: float     # its thickness, mm
    colour: tuple


@dataclass
class Picture:
    """An image placed on the page, mm; red when most of its ink is red (a seal's)."""

    x0: float
    x1: float
    top: float
    bottom: float
    red: bool


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)

    @property
    def red_images(self) -> int:   # images with red ink: a seal
        return sum(p.red for p in self.pictures)


@dataclass
class Pages:
    path: str
    kind: str              # pdf, ofd, docx (LibreOffice's rendering)
    pages: list[Page]
    unembedded: set[str] = field(default_factory=set)   # fonts its text uses that it does not carry

    def lines(self):
        for page in self.pages:
            yield from page.lines


def is_red(colour) -> bool:
    if not colour or len(colour) != 3:
        return False
    r, g, b = colour
    return r > 0.6 and g < 0.35 and b < 0.35


def _colour(value) -> tuple:
    """pdfplumber's colour (gray, RGB or CMYK tuple) as RGB."""
    if value is None:
        return (0.0, 0.0, 0.0)
    if isinstance(value, (int, float)):
        value = (value,)
    value = tuple(float(v) for v in value if isinstance(v, (int, float)))
    if len(value) == 1:
        return value * 3
    if len(value) == 4:
        c, m, y, k = value
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return value[:3] if len(value) >= 3 else (0.0, 0.0, 0.0)


def group_lines(page_number: int, chars: list[tuple[float, Char]]) -> list[Line]:
    """Characters (baseline, char) into lines: one baseline within 0.6 mm, left to right."""
    rows: list[tuple[float, list[Char]]] = []
    for baseline, ch in sorted(chars, key=lambda item: (item[0], item[1].x0)):
        if rows and abs(baseline - rows[-1][0]) < 0.6:
            rows[-1][1].append(ch)
        else:
            rows.append((baseline, [ch]))
    lines = []
    for baseline, row in rows:
        row.sort(key=lambda c: c.x0)
        if "".join(c.text for c in row).strip():
            lines.append(Line(page_number, len(lines) + 1, baseline, row))
    return lines


def read_pdf(path: Path) -> Pages:
    """A PDF's pages through PDFium (pypdfium2, which pdfplumber installs): characters with
    their origin, advance box, size, font and fill colour, and the drawn paths. pdfminer's
    Python interpreter takes 0.08 s a page; PDFium a tenth of that."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    doc = pdfium.PdfDocument(str(path))
    try:
        box = raw.FS_RECTF()
        x, y = ctypes.c_double(), ctypes.c_double()
        rgba = [ctypes.c_uint() for _ in range(4)]
        name = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        unembedded: set[str] = set()
        for k in range(len(doc)):
            page = doc[k]
            width, height = page.get_width(), page.get_height()
            text = page.get_textpage()
            chars = []
            for i in range(raw.FPDFText_CountChars(text)):
                code = raw.FPDFText_GetUnicode(text, i)
                if code < 32 or code in (0xFFFE, 0xFFFF) or raw.FPDFText_IsGenerated(text, i) == 1:
                    continue
                raw.FPDFText_GetLooseCharBox(text, i, box)
                raw.FPDFText_GetCharOrigin(text, i, x, y)
                raw.FPDFText_GetFillColor(text, i, *rgba)
                raw.FPDFText_GetFontInfo(text, i, name, len(name), flags)
                font = SUBSET.sub("", name.value.decode("utf-8", "replace"))
                chars.append(((height - y.value) / MM, Char(chr(code), box.left / MM, box.right / MM,
                                                            float(raw.FPDFText_GetFontSize(text, i)), font,
                                                            tuple(c.value / 255 for c in rgba[:3]))))
            result = Page(k + 1, width / MM, height / MM, group_lines(k + 1, chars))
            rules, images = [], []
            for obj in page.get_objects(max_depth=4):
                if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                    x0, y0, x1, y1 = obj.get_bounds()
                    try:
                        red = mostly_red(obj.get_bitmap(render=True).to_pil())
                    except Exception:  # noqa: BLE001 (an image PDFium cannot decode is no seal we can see)
                        red = False
                    images.append(Picture(x0 / MM, x1 / MM, (height - y1) / MM, (height - y0) / MM, red))
                elif obj.type == raw.FPDF_PAGEOBJ_PATH:
                    rule = _pdfium_rule(obj.raw, height, raw)
                    if rule is not None:
                        rules.append(rule)
                elif obj.type == raw.FPDF_PAGEOBJ_TEXT:
                    font = raw.FPDFTextObj_GetFont(obj.raw)
                    if font and raw.FPDFFont_GetIsEmbedded(font) == 0:
                        size = raw.FPDFFont_GetBaseFontName(font, name, len(name))
                        unembedded.add(SUBSET.sub("", name.raw[:max(size - 1, 0)].decode("utf-8", "replace")))
            result.rules = sorted(rules, key=lambda r: r.y)
            result.pictures = images
            text.close()
            page.close()
            pages.append(result)
    finally:
        doc.close()
    return Pages(str(path), "pdf", pages, unembedded)


def _pdfium_rule(obj, page_height: float, raw) -> Rule | None:
    """A horizontal stroke, or a filled bar under 1.5 mm high (LibreOffice draws borders as
    either), as a Rule; None for anything else."""
    import ctypes

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
    if x1 - x0 < 20 * MM:
        return None
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
    line_width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(obj, line_width)
    rgba = [ctypes.c_uint() for _ in range(4)]
    # PDFium's bounds of a stroked path reach a line width past its ends and sides
    stroked_line = bool(stroke.value) and y1 - y0 < 2 * line_width.value + 0.3 * MM
    bar = bool(fill_mode.value) and 0 < y1 - y0 < 1.5 * MM
    if stroked_line:
        raw.FPDFPageObj_GetStrokeColor(obj, *rgba)
        thickness = line_width.value / MM
        x0, x1 = x0 + line_width.value, x1 - line_width.value
    elif bar:
        raw.FPDFPageObj_GetFillColor(obj, *rgba)
        thickness = (y1 - y0) / MM
    else:
        return None
    return Rule(x0 / MM, x1 / MM, (page_height - (y0 + y1) / 2) / MM, thickness, tuple(c.value / 255 for c in rgba[:3]))


OFD_NS = {"ofd": "http://www.ofdspec.org/2016"}


def read_ofd(path: Path) -> Pages:
    """An OFD's pages: ofdkit's text runs (baseline, size, width), with each run's font and
    colour from its TextObject, and the PathObjects' horizontal lines."""
    import ofdkit
    from lxml import etree

    pages = []
    with zipfile.ZipFile(path) as z, ofdkit.open(path) as doc:
        names = set(z.namelist())
        fonts, media, carried = {}, {}, set()
        for name in names:
            if name.endswith("PublicRes.xml") or name.endswith("DocumentRes.xml"):
                res = etree.fromstring(z.read(name))
                for f in res.iter("{%s}Font" % OFD_NS["ofd"]):
                    fonts[f.get("ID")] = f.get("FontName") or f.get("FamilyName") or ""
                    if f.findtext("ofd:FontFile", namespaces=OFD_NS):
                        carried.add(f.get("ID"))
                base = name.rsplit("/", 1)[0] + "/" + (res.get("BaseLoc") or "").strip("/")
                for m in res.iter("{%s}MultiMedia" % OFD_NS["ofd"]):
                    media[m.get("ID")] = base.rstrip("/") + "/" + (m.findtext("ofd:MediaFile", namespaces=OFD_NS) or "")
        used: set[str] = set()
        for k, p in enumerate(doc.pages, 1):
            x0, y0, width, height = p.box
            objects, rules, images = {}, [], []
            location = p.location
            if location in names:
                root = etree.fromstring(z.read(location))
                for obj in root.iter("{%s}TextObject" % OFD_NS["ofd"]):
                    fill = obj.find("ofd:FillColor", OFD_NS)
                    colour = tuple(int(v) / 255 for v in fill.get("Value").split()) if fill is not None else (0, 0, 0)
                    objects[obj.get("ID")] = (fonts.get(obj.get("Font"), ""), colour)
                    used.add(obj.get("Font"))
                rules = _ofd_rules(root)
                images = [_ofd_picture(obj, z, media) for obj in root.iter("{%s}ImageObject" % OFD_NS["ofd"])]
            chars = []
            for run in p.runs:
                font, colour = objects.get(run.object_id, ("", (0, 0, 0)))
                size_pt = run.size * MM
                n = len(run.text)
                if not n:
                    continue
                # ofdkit counts the last glyph as a whole em when East Asian wide, else half an em;
                # a dash or a curly quote in a CJK face takes a whole one too
                spread = run.width - run.size * (1.0 if _wide(run.text[-1], strict=True) else 0.5)
                step = spread / (n - 1) if n > 1 else 0.0
                for i, ch in enumerate(run.text):
                    advance = step if i < n - 1 else run.size * (1.0 if _wide(ch) else 0.5)
                    chars.append((run.y, Char(ch, run.x + i * step, run.x + i * step + advance, size_pt, font, colour)))
            page = Page(k, width, height, group_lines(k, chars), rules, images)
            pages.append(page)
    return Pages(str(path), "ofd", pages, {fonts[f] for f in used - carried if f in fonts})


def _wide(ch: str, strict: bool = False) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in "WF" or (not strict and ch in "—…“”‘’·")


def _ofd_rules(root) -> list[Rule]:
    out = []
    for obj in root.iter("{%s}PathObject" % OFD_NS["ofd"]):
        left, top = (float(v) for v in obj.get("Boundary").split()[:2])
        data = obj.findtext("ofd:AbbreviatedData", namespaces=OFD_NS) or ""
        numbers = [float(v) for v in re.findall(r"-?[\d.]+", data)]
        xs, ys = [left + v for v in numbers[0::2]], [top + v for v in numbers[1::2]]
        if not xs or max(ys) - min(ys) > 1.5:
            continue
        colour = obj.find("ofd:StrokeColor", OFD_NS)
        if colour is None:
            colour = obj.find("ofd:FillColor", OFD_NS)
        rgb = tuple(int(v) / 255 for v in colour.get("Value").split()) if colour is not None else (0.0, 0.0, 0.0)
        out.append(Rule(min(xs), max(xs), sum(ys) / len(ys), float(obj.get("LineWidth") or 0.353), rgb))
    return sorted(out, key=lambda r: r.y)


def mostly_red(image) -> bool:
    """Whether most of an image's ink (opaque, not white) is red: a seal's (PIL image)."""
    image = image.convert("RGBA")
    image.thumbnail((64, 64))
    data = image.tobytes()
    pixels = (data[i:i + 4] for i in range(0, len(data), 4))
    ink = [(r, g, b) for r, g, b, a in pixels if a > 128 and min(r, g, b) < 220]
    return bool(ink) and sum(is_red((r / 255, g / 255, b / 255)) for r, g, b in ink) > len(ink) / 2


def _ofd_picture(obj, z: zipfile.ZipFile, media: dict[str, str]) -> Picture:
    """An ImageObject's Boundary (mm) and whether its image is mostly red."""
    import io

    from PIL import Image

    left, top, width, height = (float(v) for v in obj.get("Boundary").split())
    red = False
    path = media.get(obj.get("ResourceID"), "")
    if path in z.namelist():
        try:
            red = mostly_red(Image.open(io.BytesIO(z.read(path))))
        except Exception:  # noqa: BLE001 (an undecodable image is no seal we can see)
            red = False
    return Picture(left, left + width, top, top + height, red)
