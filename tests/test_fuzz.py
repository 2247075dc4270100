"""Property-based tests: random report texts through reader → model → every writer.

Each example must give a valid model whose text is the source's, in order, with
anything removed recorded in <dropped>, and every writer must produce a file that
holds that text. The number of examples is the Hypothesis profile's (tests/conftest.py):
50 by default (HYPOTHESIS_PROFILE=dev), 500 in CI (HYPOTHESIS_PROFILE=ci, set by .ci/run).
A generated text the reader refuses is not counted (assume): a reader that refused
every text would fail the health check instead of passing.
"""
from __future__ import annotations

import subprocess

import pytest
from conftest import fold, missing_in_order, require_tool
from hypothesis import assume, example, given
from hypothesis import strategies as st

from convert.errors import InputError
from convert.model import plain_text, tree
from convert.options import Options
from convert.readers import text as text_reader
from convert.readers import xml as xml_reader

HAN = "政府工作报告法治建设國務院關於發展改革推進經濟社會民生科技教育文化環境安全保障"
PUNCT = "，。、；：？！“”《》（）——…,.;:?!()"
ASCII = "abcPPP0123456789%.-"
NUMERALS = "一二三四五六七八九十"

chars = st.sampled_from(HAN + PUNCT + ASCII + "　 𠀀")
phrase = st.text(chars, min_size=1, max_size=60)
sentence = st.builds(lambda p: p + "。", st.text(st.sampled_from(HAN + "，、"), min_size=2, max_size=30))


@st.composite
def block(draw):
    kind = draw(st.sampled_from(["p", "p", "heading", "subheading", "shi", "dash", "runin", "raw"]))
    n = draw(st.sampled_from(NUMERALS))
    if kind == "heading":
        return f"{n}、{draw(st.text(st.sampled_from(HAN), min_size=2, max_size=20))}"
    if kind == "subheading":
        return f"（{n}）{draw(st.text(st.sampled_from(HAN), min_size=2, max_size=20))}"
    if kind == "shi":
        return f"{n}是{draw(sentence)}{draw(phrase)}"
    if kind == "dash":
        return f"——{draw(sentence)}"
    if kind == "runin":
        return f"（{n}）{draw(sentence)}{draw(sentence)}"
    if kind == "raw":
        return draw(phrase)
    return "".join(draw(st.lists(sentence, min_size=1, max_size=4))) + draw(st.sampled_from(["", "2015-2020年", "5.1%"]))


documents = st.builds(
    lambda title, blocks, sep: title + sep + sep.join(blocks) + "\n",
    st.text(st.sampled_from(HAN), min_size=4, max_size=20),
    st.lists(block(), min_size=1, max_size=12),
    st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"]),
)


def read(source: str):
    return text_reader.parse(source.encode("utf-8"), options=Options())


def model_of(source: str):
    """The model of a generated report. The reader may refuse it with a clear error
    (e.g. nothing but boilerplate): then the example does not count."""
    try:
        return read(source)
    except InputError:
        assume(False)


def visible_without_inferred_title(report) -> str:
    text = plain_text(report)
    return text if report.find("meta/title").get("origin") == "text" else text.split("\n", 1)[1]


@given(documents)
def test_reader_keeps_every_character(source):
    report = model_of(source)
    tree.validate(report)
    model = visible_without_inferred_title(report)
    assert missing_in_order(model, source) is None
    dropped = "".join(x.text or "" for x in report.iterfind("dropped/line"))
    assert len(fold(model)) + len(fold(dropped)) == len(fold(source))


@given(documents)
def test_model_xml_round_trip(source):
    report = model_of(source)
    data = tree.to_bytes(report)
    assert tree.to_bytes(xml_reader.parse(data)) == data


@given(source=documents)
def test_text_and_epub_writers_hold_the_model_text(tmp_path_factory, source):
    report = model_of(source)
    out = tmp_path_factory.mktemp("fuzz")
    expected = plain_text(report)
    from test_epub import Book

    from convert.model import text_of
    from convert.writers import epub, text

    text.write(report, out / "r.txt", Options())
    assert missing_in_order(expected, (out / "r.txt").read_text(encoding="utf-8")) is None
    epub.write(report, out / "r.epub", Options())
    book = Book(out / "r.epub")
    assert book.infos[0].filename == "mimetype"
    assert missing_in_order(expected, "\n".join(text_of(el) for el in book.body_blocks())) is None


@pytest.fixture(scope="module")
def shared_subsets():
    """Every example's fonts are subsets of one shared set per face, converted once,
    instead of a new subset (a conversion of seconds) for each example's characters."""
    from convert.typeset import fonts

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fonts, "SHARED_BASE_THRESHOLD", 0)
        yield


@given(source=documents)
# Found by this test: a title's slightly compressed last comma was drawn mid-cell.
@example(source="作作作作作作\n、、。\n0000,—:,—::\u3000,\n一、作作\n")
def test_pdf_and_docx_writers_hold_the_model_text(tmp_path_factory, shared_subsets, source):
    report = model_of(source)
    out = tmp_path_factory.mktemp("fuzz")
    expected = plain_text(report)
    import docx as python_docx

    from convert.typeset import fonts
    from convert.writers import docx, pdf

    try:
        pdf.write(report, out / "r.pdf", Options())
    except fonts.MissingGlyphError:
        assert any(not any(f.covers(ch) for f in fonts.installed(["HanaMinA", "HanaMinB", "Symbola"]))
                   for ch in expected if ord(ch) > 0xFFFF)  # only a character no font has may stop it
        return
    # -raw: the order of the text in the PDF. Random lines can fool pdftotext's guess at
    # columns: a compressed comma after an ideographic space at the end of a full line
    # stands apart, its box past the type area, and is read as a column of its own.
    # The fidelity tests on real reports read with layout analysis (tests/test_pdf.py).
    pdf_text = subprocess.run([require_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(out / "r.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
    # pdftotext joins a line ending in "-" to the next as a hyphenated word, dropping the "-".
    assert missing_in_order(expected.replace("-", ""), pdf_text.replace("-", "")) is None
    docx.write(report, out / "r.docx", Options())
    document = python_docx.Document(str(out / "r.docx"))
    from test_docx import document_text  # table cells included

    assert missing_in_order(expected, document_text(document)) is None
