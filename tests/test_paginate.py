"""The paginator's rules (convert.typeset.paginate), on plain blocks of fixed height: where a
page ends, what moves and what splits. The real flowables' page breaks are pinned down by the
layout tests (widows, folios, closings, 版记, tables, figures)."""
from __future__ import annotations

import pytest

from convert.typeset.paginate import (
    CondPageBreak,
    Flowable,
    LayoutError,
    PageBreak,
    PageBreakIfNotEmpty,
    Spacer,
    paginate,
)
from convert.typeset.recorder import Recorder

LINE = 10.0


class Lines(Flowable):
    """`n` lines of LINE points; splits between lines; records (name, first line, lines) when drawn."""

    def __init__(self, name: str, n: int, first: int = 0, splits: bool = True):
        self.name, self.n, self.first, self.splits = name, n, first, splits

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.n * LINE
        return self.width, self.height

    def split(self, avail_width, avail_height):
        fit = int(avail_height // LINE)
        if not self.splits or fit <= 0:
            return []
        return [Lines(self.name, fit, self.first), Lines(self.name, self.n - fit, self.first + fit)]

    def draw(self):
        x, y = self.canv.origin
        self.canv.pages[-1].items.append((self.name, self.first, self.n, round(y, 3)))


def run(flowables, lines_a_page: int = 5):
    canv = Recorder((100.0, 100.0))
    ends = []
    paginate(flowables, canv, 10.0, 20.0, 80.0, lines_a_page * LINE, lambda c, page: ends.append(page))
    return [page.items for page in canv.finish()], ends


def test_a_block_that_does_not_fit_splits_at_the_page_end_and_goes_on_at_the_next_pages_top():
    pages, ends = run([Lines("a", 3), Lines("b", 4)])
    assert pages == [[("a", 0, 3, 40.0), ("b", 0, 2, 20.0)], [("b", 2, 2, 50.0)]]
    assert ends == [1, 2]


def test_a_block_that_will_not_split_moves_whole_and_one_too_large_for_any_page_is_an_error():
    pages, _ = run([Lines("a", 3), Lines("b", 4, splits=False)])
    assert pages == [[("a", 0, 3, 40.0)], [("b", 0, 4, 30.0)]]
    with pytest.raises(LayoutError):
        run([Lines("big", 6, splits=False)])


def test_a_conditional_break_ends_the_page_only_when_less_than_its_height_is_left():
    pages, _ = run([Lines("a", 2), CondPageBreak(3 * LINE), Lines("b", 1), CondPageBreak(3 * LINE), Lines("c", 1)])
    assert pages == [[("a", 0, 2, 50.0), ("b", 0, 1, 40.0)], [("c", 0, 1, 60.0)]]


def test_a_page_break_at_a_pages_start_makes_no_page_unless_it_must():
    pages, ends = run([Lines("a", 5), PageBreakIfNotEmpty(), Lines("b", 1), PageBreak(), PageBreak(), Lines("c", 1)])
    assert pages == [[("a", 0, 5, 20.0)], [("b", 0, 1, 60.0)], [], [("c", 0, 1, 60.0)]]
    assert ends == [1, 2, 3, 4]


def test_blank_space_is_kept_at_a_pages_top_and_the_page_numbers_hook_sees_each_page():
    pages, ends = run([Lines("a", 5), Spacer(80.0, LINE), Lines("b", 1)])
    assert pages == [[("a", 0, 5, 20.0)], [("b", 0, 1, 50.0)]]
    assert ends == [1, 2]
