"""Pagination: flowables placed down the type area, a page at a time.

The engine's own loop, in place of ReportLab's platypus (its BaseDocTemplate with one frame
without padding, which made these same page breaks before): importing platypus and running its
machinery cost 0.02–0.03 s of every run (issue #28). It keeps platypus's rules, so that every
page breaks where it did: a flowable is asked its height for the room left (``wrap``); one that
does not fit is asked to ``split`` into what fits and the rest, and one that cannot is moved
whole to the next page (twice is an error); a page break ends the page; a conditional one ends
it when less than its height is left; a page ends when the next flowable begins (so a page break
at a page's start, PageBreakIfNotEmpty, is no page).
"""
from __future__ import annotations

from typing import Callable

FUZZ = 1e-6  # platypus's tolerance when a flowable's foot meets the frame's bottom
EMPTY_PAGES_ALLOWED = 10  # consecutive pages with nothing placed: a flowable that never fits


class LayoutError(Exception):
    """A flowable that fits on no page."""


class Flowable:
    """What the paginator places: ``wrap`` gives its width and height for the room left,
    ``split`` its parts when it does not fit ([]: it moves to the next page whole), ``draw``
    draws it on ``self.canv`` with (0, 0) at its bottom left. While it is measured, split or
    drawn, ``self.canv`` is the recording canvas."""

    width = height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list["Flowable"]:
        return []

    def draw(self) -> None:
        pass

    def drawOn(self, canv, x: float, y: float) -> None:  # noqa: N802 - the name the flowables call
        canv.saveState()
        canv.translate(x, y)
        self.canv = canv
        self.draw()
        del self.canv
        canv.restoreState()


class Spacer(Flowable):
    """Blank space: it takes its height, at a page's top too."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height


class PageBreak(Flowable):
    """Ends the page."""


class PageBreakIfNotEmpty(PageBreak):
    """Ends the page, unless the page has not begun (the last one ended just before it)."""


class CondPageBreak(Spacer):
    """Ends the page when less than `height` is left on it; takes no room."""

    def __init__(self, height: float):
        self.width, self.height = 0.0, height


_FRAME_BREAK = PageBreak()  # the page end a CondPageBreak asks for, after itself


def paginate(flowables: list[Flowable], canv, x: float, y: float, width: float, height: float,
             on_page_end: Callable[[object, int], None]) -> None:
    """Place `flowables` on pages of `canv` (a Recorder) in the frame whose bottom left is (x, y),
    `width` by `height`; `on_page_end(canv, page)` at the end of each page, before the next."""
    Paginator(canv, x, y, width, height, on_page_end).run(list(flowables))


class Paginator:
    def __init__(self, canv, x: float, y: float, width: float, height: float, on_page_end):
        self.canv, self.on_page_end = canv, on_page_end
        # the frame's edges, computed as platypus computes them (the same floats)
        self.x, self.bottom = x, y
        self.top = y + height
        self.avail_width = (x + width) - x
        self.page = 0
        self.begun = False  # a page has begun and not ended
        self.y, self.placed, self.empty_pages = self.top, 0, 0
        self.canv.at_top = True
        self.generated: list[Flowable] = []

    def run(self, flowables: list[Flowable]) -> None:
        # what is left, the next on top: taking it or putting parts back costs the same however
        # long the document (taking from a list's front costs the list's length: not measurable
        # at 5,400 pages and 14,000 flowables, but it grows with the document)
        left = flowables[::-1]
        while left:
            if not self.begun and isinstance(left[-1], PageBreakIfNotEmpty):
                left.pop()
                if not left:
                    break
            if not self.begun:
                self.begin_page()
            self.handle(left)
        if self.begun:
            self.end_page()

    def begin_page(self) -> None:
        self.page += 1
        self.y, self.placed, self.begun = self.top, 0, True
        self.canv.at_top = True

    def end_page(self) -> None:
        self.empty_pages = self.empty_pages + 1 if self.placed == 0 else 0
        if self.empty_pages >= EMPTY_PAGES_ALLOWED:
            raise LayoutError(f"more than {EMPTY_PAGES_ALLOWED} pages without content: a block fits on no page")
        self.on_page_end(self.canv, self.page)
        self.canv.showPage()
        self.begun = False

    def handle(self, left: list[Flowable]) -> None:
        """Place the next flowable (the top of `left`, the rest reversed), or its part that fits."""
        f = left.pop()
        if isinstance(f, PageBreak):
            self.end_page()
            return
        if self.add(f):
            self.placed += 1
            self.take_generated(left)
            return
        parts = self.split(f)
        if not parts:
            if getattr(f, "_postponed", False):
                raise LayoutError(f"{type(f).__name__} too large for a page (page {self.page})")
            f._postponed = True
            left.append(f)
            self.end_page()
        elif isinstance(parts[0], PageBreak):
            left.extend(reversed(parts))
        else:
            if not self.add(parts[0]):
                raise LayoutError(f"{type(f).__name__}'s first part does not fit where it was split (page {self.page})")
            self.placed += 1
            left.extend(reversed(parts[1:]))
            self.take_generated(left)

    def take_generated(self, left: list[Flowable]) -> None:
        if self.generated:
            left.extend(reversed(self.generated))
            self.generated = []

    def add(self, f: Flowable) -> bool:
        """Place `f` under what the page holds, if it fits; whether it did."""
        y = self.y
        h = y - self.bottom
        if h <= 0:
            return False
        if isinstance(f, CondPageBreak):
            if h < f.height:
                self.generated.append(_FRAME_BREAK)
            w, h = 0, 0
        else:
            f.canv = self.canv
            try:
                w, h = f.wrap(self.avail_width, h)
            finally:
                del f.canv
        y -= h
        if y < self.bottom - FUZZ:
            return False
        f.drawOn(self.canv, self.x, y)
        if y != self.y:
            self.canv.at_top = False
        self.y = y
        return True

    def split(self, f: Flowable) -> list[Flowable]:
        h = self.y - self.bottom
        if h <= 0:
            return []
        f.canv = self.canv
        try:
            return f.split(self.avail_width, h)
        finally:
            del f.canv
