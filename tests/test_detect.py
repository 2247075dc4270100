"""convert.readers.detect and the readers' registry: the reader an input needs comes from its content,
not only its name, and every reader is called the same way."""
from pathlib import Path

import pytest

from convert import readers
from convert.batch import Source
from convert.model import meta_text, tree
from convert.options import Options
from convert.readers import xml
from convert.readers import SNIFF_BYTES, input_kind

ROOT = Path(__file__).parent.parent
DATA = ROOT / "tests" / "data"


def head(path: Path) -> bytes:
    return path.read_bytes()[:SNIFF_BYTES]


def test_real_inputs_by_content_whatever_their_names():
    page = DATA / "gov-cn" / "gov-cn-04.html"
    import io

    import docx as python_docx
    buffer = io.BytesIO()
    python_docx.Document().save(buffer)
    assert input_kind(head(page), Path("page.txt")) == "html"       # a page fragment: <div class="wrap">
    assert input_kind(buffer.getvalue()[:SNIFF_BYTES], Path("report.txt")) == "docx"  # a zip
    assert input_kind(head(ROOT / "docs" / "example.xml"), Path("model.txt")) == "xml"
    assert input_kind(head(DATA / "gwr-2025.txt"), Path("x.html.bak")) == "text"


@pytest.mark.parametrize("start, kind", [
    (b"\xef\xbb\xbf<!DOCTYPE html><html><body><p>\xe6\x96\x87</p>", "html"),
    (b"<?xml version='1.0'?>\n<!DOCTYPE html>\n<html xmlns='http://www.w3.org/1999/xhtml'>", "html"),
    (b"<?xml version='1.0'?>\n<!-- model -->\n<report version='1'>", "xml"),
    (b"  <!-- saved page -->\n<meta charset=gbk><title>t</title>", "html"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "docx"),    # Word 97, or an encrypted DOCX
    (b"<\xe6\xa0\x87\xe9\xa2\x98>\xe5\x85\xb3\xe4\xba\x8e", "text"),  # <标题> in text is not markup
    ("一、总体要求\n<p>不是网页</p>".encode(), "text"),
])
def test_first_bytes_decide(start, kind):
    assert input_kind(start, Path("input")) == kind


def test_a_word_name_on_bytes_that_are_not_a_zip_goes_to_the_docx_reader_to_be_refused():
    assert input_kind("一、总体要求".encode(), Path("damaged.docx")) == "docx"


# -- the registry of readers (convert.readers) --------------------------------------------

@pytest.mark.parametrize("path, name", [
    (DATA / "gwr-2025.txt", "text"),
    (DATA / "gov-cn" / "gov-cn-04.html", "html"),
    (ROOT / "docs" / "example.xml", "xml"),
    (DATA / "docx" / "gwr-2025-anhui.docx", "docx"),
])
def test_each_reader_takes_its_inputs_and_reads_them_through_the_one_signature(path, name):
    reader = readers.reader_for(head(path), path)
    assert reader.name == name and reader is readers.BY_NAME[name]
    report = reader.parse(path.read_bytes(), Source.from_path(path), Options())
    tree.validate(report)
    assert meta_text(report, "title")
    assert path.suffix in readers.INPUT_SUFFIXES


def test_the_model_xml_reader_applies_the_title_it_is_given():
    path = ROOT / "docs" / "example.xml"
    report = readers.BY_NAME["xml"].parse(path.read_bytes(), path.name, Options(title="另一个标题"))
    title = report.find("meta/title")
    assert (title.text, title.get("origin"), len(title)) == ("另一个标题", "user", 0)
    assert report.find("meta/transforms/transform[@name='set-title']") is not None
    assert meta_text(xml.parse(path.read_bytes()), "title") != "另一个标题"  # without options, its own
