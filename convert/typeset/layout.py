"""The page layout: what typesetting decides and every painter draws (PDF, OFD).

A ``Layout`` holds its pages, and on each page, in drawing order, positioned glyph runs,
rules, boxes and images; the outline (bookmarks); the document's metadata; and the font
files its runs name. Positions are in points, with the origin at the bottom left of the
page (PDF's user space); a painter for another format converts them, and makes no layout
decision of its own, so the formats cannot drift apart.

How the layout is made (convert.writers.pdf): platypus paginates the project's flowables
as before, and they draw onto a ``Recorder``, a canvas that keeps what is drawn instead of
writing PDF. A recording adapter, rather than a layout built by the composer with a
paginator of our own, because the flowables already carry every pagination rule that the
tests pin down (headings kept with the next lines, a closing kept with the last body line,
tables split by rows with their header repeated, the 版记 on an even page): the adapter
keeps that behaviour as it is, where a second paginator would have to re-derive it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

BLACK = (0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Glyphs of one font and size on one baseline, evenly spaced: glyph k sits at
    xs[k], and xs[k+1] - xs[k] is glyph k's advance plus `spacing`."""

    font: str                 # a key of Layout.fonts
    size: float               # the size the glyphs are drawn at, pt
    y: float                  # the baseline
    text: str                 # one character per glyph
    xs: tuple[float, ...]     # each glyph's origin
    spacing: float = 0.0      # the space added after each glyph's advance
    color: tuple[float, float, float] = BLACK


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight line from (x0, y0) to (x1, y1), `width` thick."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: tuple[float, float, float] = BLACK


@dataclass(frozen=True, slots=True)
class Box:
    """A stroked rectangle: lower-left corner (x, y), its width and height."""

    x: float
    y: float
    width: float
    height: float
    line_width: float
    color: tuple[float, float, float] = BLACK


@dataclass(frozen=True, slots=True)
class Image:
    """An image filling the rectangle with lower-left corner (x, y)."""

    x: float
    y: float
    width: float
    height: float
    data: bytes
    type: str  # its media type: image/png, image/jpeg, image/gif


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    title: str
    level: int   # 0 at the top
    page: int    # index into Layout.pages
    y: float     # the top of what it points to


@dataclass(frozen=True, slots=True)
class FontFile:
    """A font the runs name: a TrueType file holding every glyph they draw."""

    path: Path
    family: str  # as the style names it


@dataclass
class Page:
    items: list = field(default_factory=list)  # GlyphRun, Rule, Box, Image in drawing order


@dataclass
class DocumentInfo:
    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    lang: str = ""
    creator: str = ""
    created: datetime | None = None   # the report's own date
    modified: datetime | None = None  # SOURCE_DATE_EPOCH, when set


@dataclass
class Layout:
    width: float
    height: float
    pages: list[Page]
    outline: list[OutlineEntry]
    info: DocumentInfo
    fonts: dict[str, FontFile]
    initial_font: str     # a font every painter may set before drawing anything
    initial_size: float   # and its size


class Recorder:
    """The canvas platypus draws on: records glyph runs, rules, boxes, images and
    bookmarks per page. It offers what platypus's document template and frames call
    (page number, page end, translation through saveState/translate/restoreState),
    and a small drawing vocabulary for the project's flowables."""

    def __init__(self, pagesize: tuple[float, float]):
        self._pagesize = pagesize
        self.pages: list[Page] = [Page()]
        self.outline: list[OutlineEntry] = []
        self._tx = self._ty = 0.0
        self._states: list[tuple[float, float]] = []

        class _Doc:  # BaseDocTemplate.build reads and restores canv._doc.info
            info = None

        self._doc = _Doc()

    # -- what platypus calls --
    def getPageNumber(self) -> int:
        return len(self.pages)

    def showPage(self) -> None:
        self.pages.append(Page())

    def setPageSize(self, size) -> None:
        self._pagesize = size

    def setPageRotation(self, rotation) -> None:
        if rotation:
            raise ValueError("rotated pages are not laid out")

    def setPageCallBack(self, callback) -> None:
        pass

    def save(self) -> None:
        pass

    def saveState(self) -> None:
        self._states.append((self._tx, self._ty))

    def restoreState(self) -> None:
        self._tx, self._ty = self._states.pop()

    def translate(self, dx: float, dy: float) -> None:
        self._tx += dx
        self._ty += dy

    # -- what the flowables draw --
    def glyphs(self, placed, y: float) -> None:
        """A line's glyphs, (x, Glyph) left to right on baseline y, as runs of one font
        and size whose glyphs are evenly spaced (a space starts a new run)."""
        items = self.pages[-1].items
        tx, y = self._tx, self._ty + y
        i, n = 0, len(placed)
        while i < n:
            x, g = placed[i]
            font, size = g.font, g.size
            chars, xs = [g.char], [tx + x]
            spacing = 0.0
            j = i + 1
            if j < n:
                nx, ng = placed[j]
                if ng.font == font and ng.size == size and ng.char != " ":
                    spacing = nx - x - g.advance
                    while True:
                        chars.append(ng.char)
                        xs.append(tx + nx)
                        px, advance = nx, ng.advance
                        j += 1
                        if j == n:
                            break
                        nx, ng = placed[j]
                        if ng.font != font or ng.size != size or ng.char == " " or abs(nx - px - advance - spacing) > 0.005:
                            break
            items.append(GlyphRun(font, size, y, "".join(chars), tuple(xs), spacing))
            i = j

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float) -> None:
        tx, ty = self._tx, self._ty
        self.pages[-1].items.append(Rule(tx + x0, ty + y0, tx + x1, ty + y1, width))

    def box(self, x: float, y: float, width: float, height: float, line_width: float,
            color: tuple[float, float, float] = BLACK) -> None:
        self.pages[-1].items.append(Box(self._tx + x, self._ty + y, width, height, line_width, color))

    def image(self, x: float, y: float, width: float, height: float, data: bytes, type: str) -> None:
        self.pages[-1].items.append(Image(self._tx + x, self._ty + y, width, height, data, type))

    def bookmark(self, title: str, level: int, y: float) -> None:
        self.outline.append(OutlineEntry(title, level, len(self.pages) - 1, self._ty + y))

    def finish(self) -> list[Page]:
        """The pages, without the empty one that the last page end opened."""
        if len(self.pages) > 1 and not self.pages[-1].items:
            self.pages.pop()
        return self.pages
