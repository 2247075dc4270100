"""The typesetting's fast paths (issue #28) against the plain ways on real text: atoms kept
by character against atoms made afresh, the pieces a regular expression cuts against the
rule character by character, the glyph runs a line is recorded as against the places
``glyph_positions`` gives, and the PDF painter's encoding against ReportLab's own."""
from __future__ import annotations

import dataclasses

import pytest
from reportlab.pdfgen.canvas import Canvas

from convert import style as styles
from convert.model import convention, lang_of
from convert.options import Options
from convert.typeset import pages
from convert.typeset.atoms import BlockSpec, DocumentPart, draw_line, glyph_positions, make_atoms
from convert.typeset.blocks import BlockTranslator
from convert.typeset.compose import compose, split_atoms
from convert.typeset.fontbook import FontBook
from convert.typeset.kinsoku import INSEPARABLE, is_latin
from convert.typeset.layout import GlyphRun, glyph_run
from convert.typeset.recorder import Recorder
from convert.writers import pdf
from tests.conftest import CORPUS, EXAMPLE_XML, SAMPLE, read_report


def models():
    from convert.readers import xml

    # the sample, a Simplified report, and the example model (every block kind, a red 版头)
    return [read_report(SAMPLE), read_report(CORPUS[-1]), xml.read(EXAMPLE_XML)]


def specs_and_book(report):
    """Every block spec of a report, and the font book that laid them out, as lay_out makes them."""
    style = styles.load(Options().style)
    book = FontBook(style, lang_of(report), convention.convention_of(report))
    translator = BlockTranslator(report, style, book)
    translator.walk()
    pages.PageNumbers(style, style.geometry, book)
    book.register()
    specs = []
    for spec in translator.specs:
        if isinstance(spec, BlockSpec):
            specs.append(spec)
        elif isinstance(spec, DocumentPart):
            specs.extend(s for s in spec.specs() if s is not None)
    return specs, book, style


def pieces_by_the_rule(text: str) -> list[str]:
    """split_atoms's rule, a character at a time: Latin runs and doubled marks stay together."""
    pieces: list[str] = []
    for ch in text:
        if pieces and ((is_latin(ch) and is_latin(pieces[-1][-1])) or (ch in INSEPARABLE and pieces[-1][-1] == ch)):
            pieces[-1] += ch
        else:
            pieces.append(ch)
    return pieces


def test_split_atoms_cuts_real_text_as_the_rule_does():
    texts = [SAMPLE.read_text(encoding="utf-8"), *(path.read_text(encoding="utf-8") for path in CORPUS)]
    texts += ["2015-2020年", "5.1%，PPP与A-B/C", "————……‥‥", "—…—", "a\nb c", "ＡＢ１２"]
    for text in texts:
        assert split_atoms(text) == pieces_by_the_rule(text)


@pytest.mark.parametrize("index", range(3))
def test_atoms_kept_by_character_are_the_atoms_made_afresh(index):
    report = models()[index]
    specs, book, style = specs_and_book(report)
    geo = style.geometry
    afresh = []
    for spec in specs:  # each spec with the book's atoms and glyphs forgotten
        book.atoms.clear()
        book.characters.clear()
        book._glyphs.clear()
        afresh.append(make_atoms(spec, style, geo, book))
    for spec in specs:  # every spec's atoms kept: later specs are made from earlier ones'
        make_atoms(spec, style, geo, book)
    kept = [make_atoms(spec, style, geo, book) for spec in reversed(specs)][::-1]
    assert kept == afresh
    assert sum(len(atoms) for atoms in kept) > 500
    sizes = {a.data.size for atoms in kept for a in atoms}
    colours = {g.color for atoms in kept for a in atoms for g in a.data.glyphs}
    assert len(sizes) > 1 and (index < 2 or len(colours) > 1)  # kept apart by size and colour


def glyph_runs_of(report) -> list[tuple[list[tuple[float, object]], list[GlyphRun]]]:
    """For every line of a report's blocks: glyph_positions's places, and the runs draw_line records."""
    specs, book, style = specs_and_book(report)
    geo = style.geometry
    out = []
    for spec in specs:
        atoms = make_atoms(spec, style, geo, book)
        indent = spec.indent_chars * geo.em(style.roles[spec.runs[0][1]].size_pt)
        for line in compose(atoms, geo.text_width, indent=indent, justify=spec.align == "justify"):
            canv = Recorder((geo.page_width, geo.page_height))
            canv.translate(31.25, 17.5)
            draw_line(canv, atoms, line, 3.0, 100.0)
            out.append((glyph_positions(atoms, line, 3.0), canv.pages[-1].items))
    return out


@pytest.mark.parametrize("index", range(3))
def test_a_lines_glyph_runs_put_each_glyph_where_glyph_positions_does(index):
    lines = glyph_runs_of(models()[index])
    kinds = set()
    for placed, runs in lines:
        glyphs = [(run, k) for run in runs for k in range(len(run.text))]
        assert len(glyphs) == len(placed)
        for (run, k), (x, glyph) in zip(glyphs, placed):
            assert run.text[k] == glyph.char
            assert (run.font, run.size, run.color) == (glyph.font, glyph.size, glyph.color)
            assert run.xs[k] == 31.25 + x and run.y == 117.5
        advances = iter(glyph.advance for _, glyph in placed)
        for run in runs:  # evenly spaced, no space inside; a lone glyph with no spacing
            assert len(run.text) > 1 or run.spacing == 0.0
            steps = [b - a - next(advances) for a, b in zip(run.xs, run.xs[1:])]
            next(advances)
            assert all(abs(step - run.spacing) <= 0.005 + 1e-9 for step in steps)
            assert " " not in run.text[1:]
        for before, after in zip(runs, runs[1:]):  # a run ends only where it must
            first = next(glyph for x, glyph in placed if x + 31.25 == after.xs[0])
            same = (before.font, before.size, before.color) == (first.font, first.size, first.color)
            if same and first.char != " ":
                assert len(before.text) > 1
                kinds.add("spacing")
            else:
                kinds.add("font or space")
    assert len(lines) > 30 and "font or space" in kinds


def test_glyph_run_makes_the_glyph_run_the_dataclass_makes():
    fields = ("RC-abc", 16.5, 700.25, "法治政府", (90.0, 106.5, 123.0, 139.5), 0.5, (0.8, 0.0, 0.0))
    made, plain = glyph_run(*fields), GlyphRun(*fields)
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.text = "x"


def test_the_painters_encoding_is_reportlabs(sample_model):
    layout = pages.lay_out(sample_model, Options())
    pdf.register_fonts(layout)
    ours, theirs = Canvas(None), Canvas(None)
    encode = pdf._Encoding(ours)
    runs = [item for page in layout.pages for item in page.items if isinstance(item, GlyphRun)]
    for run in runs:
        font = pdf.pdfmetrics.getFont(run.font)
        expected = [(font.getSubsetInternalName(subset, theirs._doc), theirs._escape(data))
                    for subset, data in font.splitString(run.text, theirs._doc)]
        assert encode(run.font, run.text) == expected
    for name in layout.fonts:
        font = pdf.pdfmetrics.getFont(name)
        if theirs._doc in font.state:  # the subsets embedded: the same characters in the same places
            assert font.state[ours._doc].subsets == font.state[theirs._doc].subsets
            assert font.state[ours._doc].internalName == font.state[theirs._doc].internalName
    assert len({len(encode(run.font, run.text)) for run in runs}) > 1  # some runs span two subsets
