"""Printed pages as the checker measures them: lines of characters and drawn rules, in
millimetres from the paper's top left, read from a PDF (pdfplumber) or an OFD (its XML and
ofdkit's text runs). Nothing here knows GB/T 9704; the rules (rules.py) do.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4              # points per millimetre
EM_BOX_ASCENT = 0.88        # an ideographic em box's top above the baseline, in em (as the typesetter's)
SUBSET = re.compile(r"^[A-Z]{6}\+")


def is_ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003ffff"


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
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    red_images: int = 0   # images with red ink: a seal


@dataclass
class Pages:
    path: str
    kind: str              # pdf, ofd, docx (LibreOffice's rendering)
    pages: list[Page]

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
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as doc:
        for k, p in enumerate(doc.pages, 1):
            height = float(p.height)
            chars = []
            for c in p.chars:
                if not c.get("upright", True):
                    continue
                font = SUBSET.sub("", c.get("fontname") or "")
                baseline = (height - float(c["matrix"][5])) / MM
                chars.append((baseline, Char(c["text"], c["x0"] / MM, c["x1"] / MM, float(c["size"]), font,
                                             _colour(c.get("non_stroking_color")))))
            page = Page(k, float(p.width) / MM, height / MM, group_lines(k, chars))
            page.rules = _pdf_rules(p)
            page.red_images = sum(1 for i in p.images if (i["x1"] - i["x0"]) > 10 * MM) if _has_red(p) else 0
            pages.append(page)
    return Pages(str(path), "pdf", pages)


def _has_red(page) -> bool:
    return any(is_red(_colour(r.get("non_stroking_color"))) for r in page.rects) or bool(page.images)


def _pdf_rules(p) -> list[Rule]:
    """Horizontal strokes and thin filled bars (LibreOffice draws borders as either), once each."""
    seen, out = set(), []
    for e in p.edges:
        if e["orientation"] != "h":
            continue
        source = e.get("object_type")
        if source == "rect_edge" and (e.get("height") or 0) > 0:
            continue
        colour = _colour(e.get("stroking_color") if e.get("stroke", True) else e.get("non_stroking_color"))
        width = float(e.get("linewidth") or 0)
        key = (round(e["top"], 1), round(e["x0"], 1), round(e["x1"], 1))
        if key not in seen:
            seen.add(key)
            out.append(Rule(e["x0"] / MM, e["x1"] / MM, e["top"] / MM, width / MM, colour))
    for r in p.rects:  # a filled bar under 1.5 mm high is a rule
        h = r["bottom"] - r["top"]
        if 0 < h < 1.5 * MM and r["x1"] - r["x0"] > 20 * MM and r.get("fill"):
            key = (round((r["top"] + r["bottom"]) / 2, 1), round(r["x0"], 1), round(r["x1"], 1))
            if key not in seen:
                seen.add(key)
                out.append(Rule(r["x0"] / MM, r["x1"] / MM, (r["top"] + r["bottom"]) / 2 / MM, h / MM,
                                _colour(r.get("non_stroking_color"))))
    return sorted(out, key=lambda r: r.y)


OFD_NS = {"ofd": "http://www.ofdspec.org/2016"}


def read_ofd(path: Path) -> Pages:
    """An OFD's pages: ofdkit's text runs (baseline, size, width), with each run's font and
    colour from its TextObject, and the PathObjects' horizontal lines."""
    import ofdkit
    from lxml import etree

    pages = []
    with zipfile.ZipFile(path) as z, ofdkit.open(path) as doc:
        names = set(z.namelist())
        fonts = {}
        for name in names:
            if name.endswith("PublicRes.xml") or name.endswith("DocumentRes.xml"):
                for f in etree.fromstring(z.read(name)).iter("{%s}Font" % OFD_NS["ofd"]):
                    fonts[f.get("ID")] = f.get("FontName") or f.get("FamilyName") or ""
        for k, p in enumerate(doc.pages, 1):
            x0, y0, width, height = p.box
            objects, rules, images = {}, [], 0
            location = p.location
            if location in names:
                root = etree.fromstring(z.read(location))
                for obj in root.iter("{%s}TextObject" % OFD_NS["ofd"]):
                    fill = obj.find("ofd:FillColor", OFD_NS)
                    colour = tuple(int(v) / 255 for v in fill.get("Value").split()) if fill is not None else (0, 0, 0)
                    objects[obj.get("ID")] = (fonts.get(obj.get("Font"), ""), colour)
                rules = _ofd_rules(root)
                images = sum(1 for _ in root.iter("{%s}ImageObject" % OFD_NS["ofd"]))
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
            page = Page(k, width, height, group_lines(k, chars), rules)
            page.red_images = images
            pages.append(page)
    return Pages(str(path), "ofd", pages)


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
