"""EPUB of the whole official document: closing, attachment list, articles, title lines,
tables that scroll inside their own box, attached documents as spine items listed in the
nav, the 版记 at the end, and EPUBCheck's silence on all of it (horizontal and vertical).

Models: docs/example.xml, tests/data/whole-document.xml (a body without sections, a wide
table, a joint closing, two attached documents) and gov.cn documents read as text. Books are
read back with zipfile and lxml (test_epub.Book), never with the writer's own code."""
from __future__ import annotations

import copy
import re
from pathlib import PurePosixPath

import pytest
from lxml import etree

import govcn
from conftest import DATA, EXAMPLE_XML, fold, missing_in_order
from convert.model import plain_text, text_of
from convert.model.tree import title_lines
from convert.options import Options
from convert.readers import text as text_reader
from convert.readers import xml as xml_reader
from convert.writers import epub as epub_writer
from test_epub import NS, Book, declarations_of, epubcheck, rules

WHOLE_XML = DATA / "whole-document.xml"
GOVCN = ("gov-cn-10", "gov-cn-20", "gov-cn-51")  # a table; 转发 notices with an attached report
EDITIONS = ("horizontal", "vertical")
X = "{http://www.w3.org/1999/xhtml}"
TEXT_HOLDERS = ("h1", "h2", "h3", "h4", "p", "li", "caption", "figcaption")


def govcn_model(name: str):
    return text_reader.parse(govcn.paragraph_text(name).encode("utf-8"), source=f"{name}.txt")


@pytest.fixture(scope="module")
def models():
    found = {"example": xml_reader.read(EXAMPLE_XML), "whole": xml_reader.read(WHOLE_XML)}
    found.update((name, govcn_model(name)) for name in GOVCN)
    return found


@pytest.fixture(scope="module")
def books(models, tmp_path_factory):
    """(model name, edition) -> Book, each built once."""
    tmp = tmp_path_factory.mktemp("epub-document")
    built = {}
    for name, model in models.items():
        for edition in EDITIONS:
            path = tmp / f"{name}-{edition}.epub"
            epub_writer.write(model, path, Options(vertical=edition == "vertical"))
            built[(name, edition)] = Book(path)
    return built


def classed(doc: etree._Element, cls: str, tag: str) -> list[etree._Element]:
    """The `tag` elements of `doc` with the class `cls`, in document order."""
    return doc.xpath(f".//x:{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]", namespaces=NS)


def spine_docs(book: Book) -> list[tuple[str, etree._Element]]:
    return [(name, book.xml(name)) for name in book.spine]


def css_of(book: Book) -> dict[str, dict[str, str]]:
    """Selector -> declarations of the stylesheets the last spine document links."""
    return {sel: declarations_of(body) for sel, body in rules(book.stylesheets(book.spine[-1])).items()}


def declared(css: dict[str, dict[str, str]], cls: str, prop: str) -> list[str]:
    """The values given to `prop` by every rule whose selector names the class `cls`."""
    pattern = re.compile(rf"\.{re.escape(cls)}(?![\w-])")
    return [decls[prop] for sel, decls in css.items() if pattern.search(sel) and prop in decls]


# ------------------------------------------------------------------ closing --

@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", ["example", "whole"])
def test_each_closing_is_its_signatures_date_and_note_as_blocks(books, models, name, edition):
    book, model = books[(name, edition)], models[name]
    found = [box for _, doc in spine_docs(book) for box in classed(doc, "closing", "div")]
    assert len(found) == len(model.findall(".//closing"))
    for box, closing in zip(found, model.iter("closing")):
        parts = [(el.get("class"), text_of(el)) for el in box]
        expected = [({"signature": "signature", "date": "closing-date", "note": "note"}[part.tag], text_of(part))
                    for part in closing]
        assert parts == expected
        assert all(el.tag == f"{X}p" for el in box)  # block elements: one a line


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_stylesheet_right_aligns_signature_and_date_and_not_the_note(books, edition):
    css = css_of(books[("whole", edition)])
    for cls in ("signature", "closing-date"):
        assert declared(css, cls, "text-align") == ["right"], cls
    assert "right" not in declared(css, "note", "text-align")


def test_the_main_closing_ends_the_main_text_not_a_document_of_its_own(books, models):
    """The ending (attachment list, closing) follows the last block of the body in its XHTML
    document; the attached documents follow in their own."""
    for name in ("example", "whole"):
        book, model = books[(name, "horizontal")], models[name]
        docs = spine_docs(book)
        main = [(n, d) for n, d in docs if d.find(".//x:section[@epub:type='appendix']", NS) is None]
        with_closing = [n for n, d in main if classed(d, "closing", "div")]
        assert with_closing == [main[-1][0]], name
        last_body_text = text_of(list(model.find("body").iter("p"))[-1])
        assert last_body_text in "".join(main[-1][1].find(f"{X}body").itertext())
        holder = main[-1][1]
        body_order = [el.get("class") for el in holder.iter(f"{X}div")]
        assert body_order.index("attachments") < body_order.index("closing")


# --------------------------------------------------------- attachment list --

@pytest.mark.parametrize("name", ["example", "whole"])
def test_the_attachment_list_is_a_list_after_its_lead(books, models, name):
    book, model = books[(name, "horizontal")], models[name]
    attachments = model.find("attachments")
    boxes = [box for _, doc in spine_docs(book) for box in classed(doc, "attachments", "div")]
    assert len(boxes) == 1
    box = boxes[0]
    assert text_of(box[0]) == attachments.get("label") and box[0].tag == f"{X}p"
    items = box.findall("x:ol/x:li", NS)
    assert [text_of(li) for li in items] == [i.get("label") + text_of(i) for i in attachments]
    assert [text_of(li.find("x:span", NS)) for li in items] == [i.get("label") for i in attachments]
    css = css_of(book)
    assert declared(css, "attachment-items", "list-style-type") == ["none"]  # the numbers are the model's


# ------------------------------------------------------------------ articles --

def test_articles_have_their_label_set_apart(books, models):
    book, model = books[("whole", "horizontal")], models["whole"]
    articles = [p for _, doc in spine_docs(book) for p in classed(doc, "article", "p")]
    assert [text_of(p.find("x:span[@class='article-label']", NS)) for p in articles] == \
        [a.get("label") for a in model.iter("article")]
    for p, article in zip(articles, model.iter("article")):
        assert text_of(p) == article.get("label") + "\u3000" + text_of(article[0])


# ------------------------------------------------------------- title lines --

@pytest.mark.parametrize("name", ["example", "whole"])
def test_title_lines_are_broken_where_the_model_breaks_them(books, models, name):
    book, model = books[(name, "horizontal")], models[name]
    titles = [model.find("meta/title")] + [h for h in model.iterfind("appendix/heading") if h.find("br") is not None]
    headings = [h for _, doc in spine_docs(book) for h in doc.iterfind(".//x:h1", NS)
                if h.find("x:br", NS) is not None]
    assert len(headings) == len(titles)
    for h, title in zip(headings, titles):
        lines = shown_lines(h)
        assert [fold(x) for x in lines[1:]] == [fold(x) for x in title_lines(title)[1:]]
        assert fold(lines[0]).endswith(fold(title_lines(title)[0]))  # after an appendix's label


def shown_lines(el: etree._Element) -> list[str]:
    """An element's text, split where it has a <br/>."""
    el = copy.deepcopy(el)
    for br in el.iter(f"{X}br"):
        br.tail = "\n" + (br.tail or "")
    return text_of(el).split("\n")


# ------------------------------------------------------------------- tables --

def table_boxes(book: Book) -> list[etree._Element]:
    return [box for _, doc in spine_docs(book) for box in classed(doc, "table-box", "div")]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", ["example", "whole", "gov-cn-10"])
def test_tables_are_html_tables_with_header_rows_and_spans(books, models, name, edition):
    book, model = books[(name, edition)], models[name]
    boxes = table_boxes(book)
    tables = list(model.iter("table"))
    assert len(boxes) == len(tables) and (tables or name != "whole")
    for box, table in zip(boxes, tables):
        html = box.find("x:table", NS)
        assert html is not None and len(box) == 1
        caption = table.find("caption")
        assert (text_of(html.find("x:caption", NS)) if caption is not None else None) == \
            (text_of(caption) if caption is not None else None)
        header_rows = table.findall("header/row")
        assert len(html.findall("x:thead/x:tr", NS)) == len(header_rows)
        assert len(html.findall("x:tbody/x:tr", NS)) == len(table.findall("row"))
        model_cells = [c for row in header_rows + table.findall("row") for c in row]
        html_cells = [c for tr in html.iterfind(".//x:tr", NS) for c in tr]
        assert [c.tag for c in html_cells] == [f"{X}th"] * sum(len(r) for r in header_rows) + \
            [f"{X}td"] * sum(len(r) for r in table.findall("row"))
        for cell, td in zip(model_cells, html_cells):
            assert (td.get("colspan", "1"), td.get("rowspan", "1")) == (cell.get("colspan", "1"), cell.get("rowspan", "1"))
            paragraphs = cell.findall("p") or [cell]
            assert [text_of(p) for p in td.findall("x:p", NS)] == [text_of(p) for p in paragraphs]


def test_numeric_columns_are_right_aligned(books):
    """In the whole document's tables: 序号 and the two target columns hold numbers; the
    text columns do not."""
    book = books[("whole", "horizontal")]
    first, second = [box.find("x:table", NS) for box in table_boxes(book)]
    for tr in first.iterfind("x:tbody/x:tr", NS):
        assert [td.get("class") for td in tr] == ["num", None, None, None]
    for tr in second.iterfind("x:tbody/x:tr", NS):
        cells = list(tr)
        assert [td.get("class") for td in cells[-2:]] == ["num", "num"]
        assert all(td.get("class") is None for td in cells[:-2])
    css = css_of(book)
    assert declared(css, "num", "text-align") == ["right"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_table_box_scrolls_sideways_and_never_widens_the_page(books, edition):
    css = css_of(books[("whole", edition)])
    assert set(declared(css, "table-box", "overflow-x")) == {"auto"}
    assert set(declared(css, "table-box", "max-width")) == {"100%"}


def test_the_vertical_edition_sets_tables_horizontally(books):
    css = css_of(books[("whole", "vertical")])
    assert declared(css, "table-box", "writing-mode")[-1] == "horizontal-tb"  # the vertical sheet comes last
    assert declared(css, "table-box", "-epub-writing-mode")[-1] == "horizontal-tb"
    # no 縱中橫 inside a horizontal table: its numbers read as printed
    for box in table_boxes(books[("whole", "vertical")]):
        assert not box.xpath(".//x:span[@class='tcy' or @class='upright']", namespaces=NS)


# -------------------------------------------------------- attached documents --

@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", ["example", "whole", "gov-cn-20", "gov-cn-51"])
def test_each_attached_document_is_a_spine_item_listed_in_the_nav(books, models, name, edition):
    book, model = books[(name, edition)], models[name]
    appendices = model.findall("appendix")
    assert appendices or name.startswith("gov-cn")
    docs = [(n, d) for n, d in spine_docs(book) if d.find(".//x:section[@epub:type='appendix']", NS) is not None]
    assert len(docs) == len(appendices)
    nav = book.xml(book.nav_path)
    nav_base = PurePosixPath(book.nav_path).parent
    top = {str(nav_base / a.get("href")): text_of(a) for a in nav.iterfind(".//x:nav[@epub:type='toc']/x:ol/x:li/x:a", NS)}
    for (file, doc), appendix in zip(docs, appendices):
        heading = appendix.find("heading")
        expected = (appendix.get("label") or "") + (text_of(heading) if heading is not None else "")
        assert file in top, file
        assert fold(top[file]) == fold(expected)
        if heading is not None:  # (the walk shows no block for the label of an appendix without a title)
            assert fold("".join(doc.find(f"{X}body").itertext())).startswith(fold(expected))
        assert len(doc.findall(".//x:h1", NS)) <= 1  # its sections are not titles of their own


def test_the_imprint_ends_the_last_document(books, models):
    book, model = books[("whole", "horizontal")], models["whole"]
    name, last = spine_docs(book)[-1]
    box = classed(last, "colophon", "div")
    assert len(box) == 1 and box[0] is list(last.find(f"{X}body").iter(f"{X}div"))[-1]
    copyto = model.find("imprint/copyto")
    assert text_of(box[0][0]) == copyto.get("label") + text_of(copyto)
    assert fold(text_of(box[0][1])) == fold(text_of(model.find("imprint/printed")))
    assert sum(len(classed(d, "colophon", "div")) for _, d in spine_docs(book)) == 1


# ------------------------------------------------------------------ fidelity --

@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", ["example", "whole", *GOVCN])
def test_every_character_of_the_model_in_order(books, models, name, edition):
    book, model = books[(name, edition)], models[name]
    holders = [el for _, doc in spine_docs(book) for el in doc.iter(*(X + t for t in TEXT_HOLDERS))]
    written = "\n".join(text_of(el) for el in holders)
    assert missing_in_order(plain_text(model), written) is None
    own = [el for el in holders if el.get("class") != "imprint"]  # the title page's issuer line
    assert fold("".join(text_of(el) for el in own)) == fold(plain_text(model))


# ------------------------------------------------------------------ validity --

@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", ["example", "whole", "gov-cn-10"])  # gov-cn-10: a table, an attached list
def test_epubcheck_reports_nothing_at_all(books, name, edition):
    fatals, errors, warnings, out = epubcheck(books[(name, edition)].path)
    infos = re.search(r"(\d+) infos?", out)
    assert (fatals, errors, warnings, int(infos[1]) if infos else 0) == (0, 0, 0, 0), out
