"""Plain-text writer: order, metadata lines, and clreq-aware wrapping by display width."""
from __future__ import annotations

import unicodedata

import pytest
from conftest import fold, missing_in_order

from convert.model import blocks, plain_text
from convert.typeset.kinsoku import NOT_AT_LINE_END, NOT_AT_LINE_START
from convert.writers import text


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def test_default_is_one_paragraph_a_line(sample_model):
    out = text.render(sample_model)
    paragraphs = out.rstrip("\n").split("\n\n")
    assert paragraphs[0] == sample_model.find("meta/title").text
    assert "發文機關：江蘇省人民政府" in paragraphs[1]
    body = [b.text for b in blocks(sample_model)][1:]
    assert paragraphs[2:] == body


@pytest.mark.parametrize("w", [20, 40, 57, 80])
def test_wrap_respects_width_and_kinsoku(sample_model, w):
    out = text.render(sample_model, w)
    paragraphs = out.rstrip("\n").split("\n\n")
    lines = [x for p in paragraphs[:1] + paragraphs[2:] for x in p.split("\n")]  # [1] holds the metadata lines
    for line in lines:
        assert width(line) <= w + 4, line  # a push-out may only exceed by the held-back marks
        assert line[0] not in NOT_AT_LINE_START, line
        assert line[-1] not in NOT_AT_LINE_END, line
    assert fold(out) == fold(text.render(sample_model))


def test_numbers_and_latin_are_not_split():
    lines = text.wrap("规划（2015-2020年）期间增长5.1%，PPP项目12345个", 12)
    assert "".join(lines) == "规划（2015-2020年）期间增长5.1%，PPP项目12345个"
    for token in ("2015-2020", "5.1%", "PPP", "12345"):
        assert any(token in line for line in lines), (token, lines)  # whole on one line


def test_fidelity(simplified_model):
    assert missing_in_order(plain_text(simplified_model), text.render(simplified_model, 60)) is None
