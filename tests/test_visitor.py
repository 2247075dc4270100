"""The shared walk: every element the schema allows is handled by every writer.

The element names come from convert/model/report.rng itself, so an element added to the
schema fails here until the walk and every writer handle it."""
from __future__ import annotations

import copy
import importlib
import io

import docx
import pytest
from lxml import etree

from conftest import fold, missing_in_order
from test_docx import document_text
from convert.model import blocks, lang_of, plain_text, tree, validate
from convert.model.tree import ELEMENTS, ModelError
from convert.style import load
from convert.model import visitor
from convert.writers import WRITERS, text
from convert.writers.docx import render
from convert.writers.epub import EpubTranslator
from convert.typeset.blocks import Blank, BlockTranslator
from convert.typeset.fontbook import FontBook

RNG = "{http://relaxng.org/ns/structure/1.0}"


def translator_of(dotted: str):
    module, name = dotted.split(":")
    return getattr(importlib.import_module(module), name)


# Every registered writer's walk of the model (each once: the PDF and the OFD share the typesetter's)
TRANSLATORS = tuple(dict.fromkeys(translator_of(w.translator) for w in WRITERS.values() if w.translator))


def test_the_walks_tested_are_every_registered_writers():
    assert {t.__name__ for t in TRANSLATORS} == {"BlockTranslator", "DocxTranslator", "EpubTranslator", "TextTranslator"}
    assert [name for name, w in WRITERS.items() if not w.translator] == ["xml"]  # the model itself


def schema_elements() -> set[str]:
    rng = etree.parse(str(tree.SCHEMA_PATH))
    return {el.get("name") for el in rng.iter(f"{RNG}element")}


def test_every_schema_element_has_a_place_in_the_walk():
    names = schema_elements()
    assert len(names) > 20  # the schema was read, not an empty set
    classified = [name for group in ELEMENTS.values() for name in group]
    assert len(classified) == len(set(classified)), "an element in two groups"
    assert names - set(classified) == set(), "schema elements the walk does not know"
    assert set(classified) - names == set(), "elements the schema no longer has"


def test_block_kinds_cover_the_block_elements():
    kinds = set(tree.BLOCK_KINDS)
    assert ELEMENTS["block"] <= kinds  # each block element is a kind of its own ...
    assert kinds - ELEMENTS["block"] == {"appendix-heading", "article"}  # ... and an appendix's heading and an article's first paragraph


@pytest.mark.parametrize("translator", TRANSLATORS, ids=lambda t: t.__name__)
@pytest.mark.parametrize("kind", tree.BLOCK_KINDS)
def test_every_translator_visits_every_block_kind(translator, kind):
    assert callable(getattr(translator, "visit_" + kind.replace("-", "_"), None))


@pytest.fixture(scope="module")
def every_kind(example_model):
    """docs/example.xml: it uses every block and inline element."""
    model = copy.deepcopy(example_model)
    validate(model)
    used = {el.tag for el in model.iter() if isinstance(el.tag, str)}
    assert ELEMENTS["block"] | ELEMENTS["inline"] <= used
    return model


def test_the_example_uses_every_element_of_the_schema(example_model):
    used = {el.tag for el in example_model.iter() if isinstance(el.tag, str)}
    assert schema_elements() - used == set()


def inline_holders(block) -> list:
    """The elements of a block whose content is inline: a table's or a figure's caption, a table's
    cell paragraphs, a list's items, a closing's signatures and note, the 版记's copy-to line, the
    notes' paragraphs; none of the 版头; else the block."""
    el = block.element
    if block.kind == "table":
        return [c for c in el.iter("caption")] + [p for cell in el.iter("cell") for p in tree.cell_paragraphs(cell)]
    if block.kind == "figure":
        return list(el.iter("caption"))
    if block.kind == "masthead":  # its fields are plain text
        return []
    if block.kind in ("attachments", "closing", "imprint"):
        return [part for part in el.iter("item", "signature", "note", "copyto")]
    if block.kind == "notes":  # its paragraphs
        return list(el.iter("p"))
    return [el]


def test_the_inline_walker_marks_every_inline_element(every_kind):
    marks = {mark for block in blocks(every_kind) for el in inline_holders(block)
             for _, run_marks in visitor.inline_runs(el) for mark in run_marks}
    assert marks == ELEMENTS["inline"] - {"br"}  # a line break holds no text to mark


def test_a_line_break_splits_a_title_into_its_lines(every_kind):
    title = every_kind.find("meta/title")
    assert title.find("br") is not None
    assert tree.title_lines(title) == [title.text, title.find("br").tail]
    assert tree.meta_text(every_kind, "title") == "".join(tree.title_lines(title))


def test_every_block_reaches_the_docx(every_kind):
    document = docx.Document(io.BytesIO(render(every_kind)))
    written = document_text(document)  # table cells included
    assert missing_in_order(plain_text(every_kind), written) is None


def test_every_block_reaches_the_epub(every_kind):
    documents = EpubTranslator(every_kind).output()
    written = "\n".join("".join(doc.body.itertext()) for doc in documents)
    assert missing_in_order(plain_text(every_kind), written) is None
    # the main document's ending stays in its last chapter; each attached document is its own
    assert [d.file_name for d in documents] == ["title.xhtml", "opening.xhtml", "chapter-01.xhtml",
                                                "appendix-01.xhtml", "appendix-02.xhtml"]


def test_every_block_reaches_the_pdf_layout(every_kind):
    translator = BlockTranslator(every_kind, load("official"), FontBook(load("official"), lang_of(every_kind)))
    translator.walk()
    assert any(isinstance(spec, Blank) for spec in translator.specs)
    written = "\n".join("".join(t for t, _ in spec.runs) for spec in translator.specs if not isinstance(spec, Blank))
    assert missing_in_order(plain_text(every_kind), written) is None


def test_every_block_reaches_the_text(every_kind):
    """Every block in order, each whole (a table's cells padded into columns); the metadata
    lines under the title may come between blocks."""
    written, at = fold(text.render(every_kind)), 0
    for block in blocks(every_kind):
        shown = fold(block.text)
        if not shown:  # a figure with its image and no caption shows no text
            continue
        start = written.find(shown, at)  # whole (a figure's caption after its ［图：…］ line) ...
        if start < 0:
            start = written.find(shown[0], at)  # ... or from its first character on (a table's padded cells)
        assert start >= 0, block.text
        assert missing_in_order(shown, written[start:]) is None, block.text
        at = start + 1


# ------------------------------------------------------------- sections --

def test_section_events_nest_and_name_the_parts(every_kind):
    depth, parts = 0, []
    for event, item in tree.events(every_kind):
        if event is tree.ENTER:
            depth += 1
            assert item.depth == depth
            parts.append((item.kind, item.depth))
        elif event is tree.LEAVE:
            depth -= 1
    assert depth == 0
    assert parts == [("title-page", 1), ("opening", 1), ("section", 1), ("section", 2), ("section", 3),
                     ("section", 4), ("notes", 1), ("ending", 1), ("appendix", 1), ("appendix", 1), ("section", 2),
                     ("imprint", 1)]


# ------------------------------------------------- what the walk refuses --

def test_an_element_the_walk_does_not_know_is_an_error_not_a_silent_drop(every_kind):
    model = copy.deepcopy(every_kind)
    etree.SubElement(model.find("body/section"), "diagram").text = "一个新的块"
    with pytest.raises(ModelError, match="<diagram>"):
        list(blocks(model))


def test_an_inline_element_no_writer_knows_is_an_error(every_kind):
    model = copy.deepcopy(every_kind)
    etree.SubElement(model.find("body/p"), "em").text = "强调"
    with pytest.raises(visitor.MissingVisitor, match="<em>"):
        render(model)


def test_comments_in_the_text_show_nothing(every_kind):
    """A model edited by hand may hold comments: their text is not the report's
    (the DOCX and PDF showed it; the EPUB refused the file)."""
    model = copy.deepcopy(every_kind)
    p = model.find("body/p")
    p.text = "正文开头"
    p.insert(0, etree.Comment("编辑注释"))
    p[0].tail = "接着写"
    runs = visitor.inline_runs(p)
    assert "".join(t for t, _ in runs).startswith("正文开头接着写")
    assert "编辑注释" not in "".join(p.text for p in docx.Document(io.BytesIO(render(model))).paragraphs)
    epub_text = "".join("".join(d.body.itertext()) for d in EpubTranslator(model).output())
    assert "正文开头接着写" in epub_text and "编辑注释" not in epub_text
