"""The whole official document, end to end: each gov.cn page, read by the HTML reader as it
was saved, reaches every writer's output complete and in order — closings, attachment
lists, attached documents and tables included. Every fifth document is also read from its
paragraph text (as a user copies it off the page) by the text reader.

Each output is read back by other software than the writer: python-docx (paragraphs and
table cells in body order), poppler's pdftotext (raw), the EPUB's XHTML in spine order, the
plain text as written."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import PurePosixPath

import docx
import pytest
from lxml import etree

import govcn
from conftest import as_printed, fold, missing_in_order, require_tool
from convert.batch import Source
from convert.model import plain_text
from convert.options import Options
from convert.readers import html as html_reader
from convert.readers import text as text_reader
from convert.writers import docx as docx_writer
from convert.writers import epub, pdf
from convert.writers import text as text_writer

EPOCH = "1700000000"
FORMATS = ("txt", "docx", "pdf", "epub")
# (input kind, document name): every page as HTML, every fifth also as copied text
SOURCES = [("html", name) for name in govcn.NAMES] + [("text", name) for name in govcn.NAMES[::5]]
SOURCE_IDS = [f"{kind}-{name}" for kind, name in SOURCES]


def read_source(kind: str, name: str):
    if kind == "html":
        page = govcn.CORPUS / f"{name}.html"
        return html_reader.parse(page.read_bytes(), Source.from_path(page), Options())
    return text_reader.parse(govcn.paragraph_text(name).encode("utf-8"), source=f"{name}.txt")
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """(kind, name) -> (model, {format: path}), every source built once in every format."""
    out = tmp_path_factory.mktemp("whole")
    writers = {"txt": text_writer.write, "docx": docx_writer.write, "pdf": pdf.write, "epub": epub.write}
    built = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for kind, name in SOURCES:
            model = read_source(kind, name)
            paths = {}
            for fmt in FORMATS:
                paths[fmt] = out / f"{kind}-{name}.{fmt}"
                writers[fmt](model, paths[fmt], Options())
            built[kind, name] = (model, paths)
    return built


def docx_text(path) -> str:
    """Paragraphs and table cells in body order (python-docx's inner content)."""
    lines = []

    def walk(container):
        for item in container.iter_inner_content():
            if isinstance(item, docx.table.Table):
                for row in item.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:  # a merged cell repeats across its span
                            seen.add(id(cell._tc))
                            walk(cell)
            else:
                lines.append(item.text)

    walk(docx.Document(str(path)))
    return "\n".join(lines)


def pdf_text(path) -> str:
    """The text in the order the pages draw it (poppler's raw mode): a table's cells row by
    row, where reading by position would interleave a row's cells of unequal heights."""
    text = subprocess.run([require_tool("pdftotext"), "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return PAGE_NUMBER.sub("", text)


def epub_text(path) -> str:
    """The text of the spine's XHTML documents, in spine order."""
    ns = {"c": "urn:oasis:names:tc:opendocument:xmlns:container", "opf": "http://www.idpf.org/2007/opf"}
    with zipfile.ZipFile(path) as archive:
        opf_path = etree.fromstring(archive.read("META-INF/container.xml")).find(".//c:rootfile", ns).get("full-path")
        opf = etree.fromstring(archive.read(opf_path))
        base = PurePosixPath(opf_path).parent
        hrefs = {item.get("id"): item.get("href") for item in opf.find("opf:manifest", ns)}
        parts = []
        for ref in opf.find("opf:spine", ns):
            doc = etree.fromstring(archive.read(str(base / hrefs[ref.get("idref")])))
            body = doc.find("{http://www.w3.org/1999/xhtml}body")
            parts.append("".join(body.itertext()))
    return "\n".join(parts)


def txt_text(path) -> str:
    """The plain text as written, less the metadata lines that close its title page (发文机关：…,
    日期：…): they are the model's metadata, not its text, and would read as a gap in it."""
    labels = tuple(f"{label}：" for lines in text_writer.META_LINES.values() for _, label in lines)
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(labels))


READ_BACK = {"txt": txt_text, "docx": docx_text, "pdf": pdf_text, "epub": epub_text}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_every_character_reaches_every_output_in_order(outputs, source, fmt):
    model, paths = outputs[source]
    assert missing_in_order(plain_text(model), READ_BACK[fmt](paths[fmt])) is None


@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_the_model_holds_the_whole_source(outputs, source):
    """The reader's model holds every character of the article, in order (what it removed as
    boilerplate excepted: it is kept in <dropped>)."""
    model, _ = outputs[source]
    name = source[1]
    # a title line repeated at the top of the article is dropped from the body: it is the title
    dropped = {line.text for line in model.iterfind("dropped/line") if line.get("reason") != "title-repeat"}
    source = "\n".join(x for x in govcn.paragraph_text(name).splitlines() if x.strip() not in dropped)
    assert missing_in_order(source, plain_text(as_printed(model))) is None


def test_tables_reach_every_output(outputs):
    """The corpus' tables (gov-cn-04, gov-cn-10) are tables in the model, and their cells are
    in each output."""
    with_tables = [source for source, (model, _) in outputs.items() if model.find(".//table") is not None]
    assert {("html", "gov-cn-04"), ("html", "gov-cn-10")} <= set(with_tables), with_tables
    for name in with_tables:
        model, paths = outputs[name]
        cells = ["".join(c.itertext()) for c in model.iter("cell")]
        for fmt in FORMATS:
            shown = fold(READ_BACK[fmt](paths[fmt]))
            start = shown.find(fold(cells[0]))
            assert start >= 0, (name, fmt)
            assert missing_in_order("\n".join(cells), shown[start:]) is None, (name, fmt)


@pytest.mark.parametrize("name", SOURCES, ids=SOURCE_IDS)
def test_the_model_survives_xml_and_back_unchanged(outputs, name):
    """model → XML → model: the same bytes again, closings, attached documents and tables
    included (the model a user edits is the model the writers read)."""
    from convert.model import tree
    from convert.readers import xml as xml_reader

    model, _ = outputs[name]
    data = tree.to_bytes(model)
    assert tree.to_bytes(xml_reader.parse(data)) == data


def test_the_example_survives_xml_and_back_unchanged(example_model):
    from convert.model import tree
    from convert.readers import xml as xml_reader

    data = tree.to_bytes(example_model)
    again = xml_reader.parse(data)
    assert tree.to_bytes(again) == data
    assert {el.tag for el in again.iter() if isinstance(el.tag, str)} == {
        el.tag for el in example_model.iter() if isinstance(el.tag, str)}
