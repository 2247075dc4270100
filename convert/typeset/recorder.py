"""The canvas the flowables are paginated onto when a layout is made (convert.typeset.paginate):
it records what they draw as the items of ``convert.typeset.layout`` instead of writing PDF."""
from __future__ import annotations

from convert.typeset.layout import BLACK, Box, Image, OutlineEntry, Page, Rule


class Recorder:
    """The canvas the flowables draw on: records glyph runs, rules, boxes, images and
    bookmarks per page. It offers what the paginator calls (page end, translation through
    saveState/translate/restoreState), the page number and whether nothing is on the page
    yet (``at_top``, kept by the paginator), and a small drawing vocabulary for the flowables."""

    def __init__(self, pagesize: tuple[float, float]):
        self._pagesize = pagesize
        self.pages: list[Page] = [Page()]
        self.outline: list[OutlineEntry] = []
        self._tx = self._ty = 0.0
        self._states: list[tuple[float, float]] = []
        self.at_top = True

    # -- what the paginator calls --
    def getPageNumber(self) -> int:  # noqa: N802 - ReportLab's canvas's name
        return len(self.pages)

    def showPage(self) -> None:  # noqa: N802
        self.pages.append(Page())

    def saveState(self) -> None:
        self._states.append((self._tx, self._ty))

    def restoreState(self) -> None:
        self._tx, self._ty = self._states.pop()

    def translate(self, dx: float, dy: float) -> None:
        self._tx += dx
        self._ty += dy

    # -- what the flowables draw --
    @property
    def origin(self) -> tuple[float, float]:
        """Where the current translation puts (0, 0) on the page."""
        return self._tx, self._ty

    def add(self, items: list) -> None:
        """Items placed on the page already (a line's glyph runs: ``atoms.draw_line``)."""
        self.pages[-1].items.extend(items)

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float,
             color: tuple[float, float, float] = BLACK) -> None:
        tx, ty = self._tx, self._ty
        self.pages[-1].items.append(Rule(tx + x0, ty + y0, tx + x1, ty + y1, width, color))

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
