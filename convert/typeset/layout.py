"""The page layout: what typesetting decides and every painter draws (PDF, OFD).

A ``Layout`` holds its pages, and on each page, in drawing order, positioned glyph runs,
rules, boxes and images; the outline (bookmarks); the document's metadata; and the font
files its runs name. Positions are in points, with the origin at the bottom left of the
page (PDF's user space); a painter for another format converts them, and makes no layout
decision of its own, so the formats cannot drift apart.

How the layout is made (convert.typeset.pages): ``convert.typeset.paginate`` places the
project's flowables down the pages, and they draw onto a ``Recorder`` (convert.typeset.recorder),
a canvas that keeps what is drawn instead of writing PDF. The flowables carry every pagination
rule that the tests pin down (headings kept with the next lines, a closing kept with the last
body line, tables split by rows with their header repeated, the 版记 on an even page); the
paginator only asks them their height and their split, by platypus's rules, which it replaced.
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


_new = object.__new__
_SET_RUN = tuple(GlyphRun.__dict__[name].__set__ for name in ("font", "size", "y", "text", "xs", "spacing", "color"))


def glyph_run(font: str, size: float, y: float, text: str, xs: tuple[float, ...], spacing: float,
              color: tuple[float, float, float]) -> GlyphRun:
    """GlyphRun(font, size, y, text, xs, spacing, color), made without the frozen dataclass's
    __init__, which sets each field through object.__setattr__: that took a third of recording a
    line, and a document has a run for every few glyphs."""
    run = _new(GlyphRun)
    set_font, set_size, set_y, set_text, set_xs, set_spacing, set_color = _SET_RUN
    set_font(run, font)
    set_size(run, size)
    set_y(run, y)
    set_text(run, text)
    set_xs(run, xs)
    set_spacing(run, spacing)
    set_color(run, color)
    return run


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
    identifier: str = ""              # urn:uuid from the content (convert.model.identity)


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
    # The page the text before the 版记 ends on and whether the 版记 fits under it there (None
    # without one): the DOCX writer puts its 版记 on the page the PDF puts it on.
    imprint_after_text: tuple[int, bool] | None = None
