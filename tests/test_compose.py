"""The CJK line composer on crafted lines: an em of 1, Latin characters 0.5 wide."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convert.typeset.compose import compose, line_text, make_atoms, violations
from convert.typeset.kinsoku import NOT_AT_LINE_END, NOT_AT_LINE_START

WIDTH = 28.0
HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车"
CLOSING = "，。、；：？！）》”"
OPENING = "（《“"


def atoms_of(text: str):
    return make_atoms(text, 1.0, lambda piece: 0.5 * len(piece))


def texts(text: str, width: float = WIDTH, indent: float = 0.0, **kw) -> list[str]:
    atoms = atoms_of(text)
    return [line_text(atoms, line) for line in compose(atoms, width, indent=indent, **kw)]


def test_full_width_text_fills_exactly_28_per_line():
    lines = texts(HAN[:100])
    assert [len(t) for t in lines] == [28, 28, 28, 16]


def test_first_line_indent_takes_two_cells():
    lines = texts(HAN[:60], indent=2.0)
    assert [len(t) for t in lines] == [26, 28, 6]


def test_closing_mark_after_a_full_line_is_pushed_in_by_compression():
    # 28 cells hold the line; the full stop that follows may not start the next
    # line, and compressing it and the comma makes room for it.
    text = HAN[:10] + "，" + HAN[10:27] + "。" + HAN[30:40]
    atoms = atoms_of(text)
    lines = compose(atoms, WIDTH)
    assert line_text(atoms, lines[0]) == HAN[:10] + "，" + HAN[10:27] + "。"
    assert lines[0].width == pytest.approx(WIDTH)
    assert sorted(lines[0].widths)[:2] == [pytest.approx(0.5)] * 2  # both marks compressed


def test_without_compressible_marks_a_closing_mark_pushes_a_character_out():
    lines = texts(HAN[:28] + "，" + HAN[28:40])
    assert lines[0] == HAN[:27]
    assert lines[1].startswith(HAN[27] + "，")


def test_unsqueezable_break_pushes_a_character_out():
    # Two closing marks after the full line: compression cannot make room for both
    # plus the quote, so the last character of the line moves down with them.
    text = HAN[:27] + "是。”" + HAN[40:50]
    lines = texts(text, push_in_limit=1)
    assert lines[1][0] not in NOT_AT_LINE_START
    assert lines[0] == HAN[:27]
    assert not violations(lines)


def test_opening_mark_never_ends_a_line():
    text = HAN[:27] + "《" + HAN[30:40] + "》"
    lines = texts(text)
    assert lines[0][-1] not in NOT_AT_LINE_END
    assert lines[1].startswith("《")


def test_pushed_out_line_is_still_justified_to_the_full_width():
    text = HAN[:27] + "《" + HAN[30:60]
    atoms = atoms_of(text)
    first = compose(atoms, WIDTH)[0]
    assert first.end == 27
    assert first.width == pytest.approx(WIDTH)
    gaps = {round(b - a - w, 9) for a, b, w in zip(first.xs, first.xs[1:], first.widths)}
    assert len(gaps) == 1 and gaps.pop() > 0


@pytest.mark.parametrize("word", ["2015-2020", "5.1%", "12345", "PPP", "——", "……"])
def test_numbers_latin_words_and_doubled_marks_are_never_split(word):
    for cut in range(20, 28):
        text = HAN[:cut] + word + HAN[40:60]
        lines = texts(text)
        assert any(word in line for line in lines), (cut, lines)


def test_last_line_is_not_justified_and_keeps_natural_spacing():
    atoms = atoms_of(HAN[:40])
    last = compose(atoms, WIDTH)[-1]
    assert last.last
    assert last.xs == tuple(float(i) for i in range(12))


def test_lone_last_character_gets_company():
    lines = texts(HAN[:29])
    assert len(lines[-1]) >= 2
    lines = texts(HAN[:28] + "是。")
    assert len(lines[-1].strip("。")) >= 2


def test_mixed_widths_justify_to_the_right_edge():
    atoms = atoms_of("全省推进PPP项目增长5.1%，" + HAN[:60])
    for line in compose(atoms, WIDTH)[:-1]:
        assert line.width == pytest.approx(WIDTH)


words = st.lists(
    st.tuples(st.text(alphabet=HAN[:80], min_size=1, max_size=6),
              st.sampled_from(["", *CLOSING]),
              st.sampled_from(["", "", *OPENING]),
              st.sampled_from(["", "", "2020", "5.1%"])),
    min_size=1, max_size=60,
)


@given(words)  # as many examples as the Hypothesis profile says (tests/conftest.py)
def test_any_text_obeys_kinsoku_and_justifies_full_lines(parts):
    text = "".join(opening + han + num + closing for han, closing, opening, num in parts)
    atoms = atoms_of(text)
    lines = compose(atoms, WIDTH, indent=2.0)
    assert "".join(line_text(atoms, line) for line in lines) == text
    assert not violations(line_text(atoms, line) for line in lines)
    for k, line in enumerate(lines):
        avail = WIDTH - (2.0 if k == 0 else 0.0)
        assert line.width <= avail + 1e-6
        if not line.last:
            assert line.width == pytest.approx(avail)
