"""Our own DOCX back to the model: model → DOCX → model gives the same model (the canonical XML,
every element, attribute and text), also after LibreOffice re-saves the DOCX; and a user's edits
(python-docx, then a LibreOffice re-save) reach the model and through it the PDF, EPUB and text."""
from __future__ import annotations

import copy
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from conftest import CORPUS, DATA, EXAMPLE_XML, SAMPLE, fold, require_tool
from convert.model import inline, tree
from convert.readers import docx as reader
from convert.readers import text, xml
from convert.writers import docx as writer

sys.path.insert(0, str(Path(__file__).parent))
import govcn  # noqa: E402

WHOLE = DATA / "whole-document.xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LO_GOVCN = ["gov-cn-04", "gov-cn-10", "gov-cn-18", "gov-cn-50"]  # tables, 印发 two regulations, a forwarded report


def canonical(report) -> str:
    return tree.to_bytes(report).decode()


def govcn_model(name: str):
    return text.parse(govcn.paragraph_text(name).encode("utf-8"), source=f"{name}.txt")


def models() -> dict[str, object]:
    found = {"example": xml.read(EXAMPLE_XML), "whole-document": xml.read(WHOLE), "sample": text.read(SAMPLE)}
    found.update({p.stem: text.read(p) for p in CORPUS})
    return found


def roundtrip(report, name: str = "report.docx"):
    return reader.parse(writer.render(report), name)


@pytest.mark.parametrize("name", ["example", "whole-document", "sample"] + [p.stem for p in CORPUS])
def test_model_docx_model_is_the_same_model(name):
    report = models()[name]
    assert canonical(roundtrip(report)) == canonical(report)


@pytest.mark.parametrize("style", ["official", "reading"])
def test_a_table_of_contents_and_another_style_change_nothing(style):
    from convert.options import Options

    report = xml.read(EXAMPLE_XML)
    back = reader.parse(writer.render(report, Options(toc=True, style=style)), "toc.docx")
    assert canonical(back) == canonical(report)


@pytest.mark.parametrize("name", govcn.NAMES)
def test_every_govcn_model_comes_back_the_same(name):
    report = govcn_model(name)
    assert canonical(roundtrip(report)) == canonical(report)


def test_the_stored_model_is_a_custom_xml_part_and_the_docx_is_reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    report = xml.read(EXAMPLE_XML)
    data = writer.render(report)
    assert writer.render(report) == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        stored = [n for n in z.namelist() if n.startswith("customXml/item")
                  and writer.MODEL_NAMESPACE.encode() in z.read(n)]
    assert len(stored) == 2  # the item and its properties


def strip_stored_model(data: bytes) -> bytes:
    """The DOCX without the relationship to its stored model (a copy that lost it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                content = re.sub(rb'<Relationship [^>]*relationships/customXml"[^>]*/>', b"", content)
            dst.writestr(info, content)
    return out.getvalue()


def structure(report) -> str:
    """The model without its metadata and dropped lines: what the DOCX itself shows."""
    report = copy.deepcopy(report)
    for name in ("meta", "dropped"):
        if (el := report.find(name)) is not None:
            report.remove(el)
    tree.normalize_space(report)
    return etree.tostring(report, encoding="unicode")


@pytest.mark.parametrize("path", [CORPUS[0], CORPUS[-1]], ids=lambda p: p.stem)
def test_without_its_stored_model_the_docx_alone_gives_the_same_structure(path):
    report = text.read(path)
    back = reader.parse(strip_stored_model(writer.render(report)), path.name)
    assert structure(back) == structure(report)
    assert tree.meta_text(back, "title") == tree.meta_text(report, "title")
    assert tree.meta_text(back, "issuer") == tree.meta_text(report, "issuer")


@pytest.mark.parametrize("paragraphs, breaks", [(9, 2), (5, 0)])
def test_the_page_breaks_before_a_floating_imprint_start_no_attached_document(paragraphs, breaks):
    """A notice whose text fills page 2 has its 版记 on page 4: a section break to a new page (the
    blank page's and the 版记's section, unnumbered) and an empty Imprint paragraph with a page break
    go before its table; with room under the text, neither. Read without the stored model, the
    DOCX gives the same structure: the 版记, and no attached document."""
    from masthead_models import BODY
    from test_masthead_layout import FIELDS, model as notice

    imprint = ('<imprint><copyto label="抄送：">省委办公厅、省人大常委会办公厅、省政协办公厅。</copyto><printed>'
               '<office>某某省人民政府办公厅</office><date when="2024-03-01">2024年3月1日印发</date></printed></imprint>')
    report = notice(f'<masthead form="general">{FIELDS}</masthead>', body=f"<p>{BODY}</p>" * paragraphs,
                    imprint=imprint)
    data = writer.render(report)
    body = docx.Document(io.BytesIO(data)).element.body
    breaks_found = body.findall(f"{{{W}}}p/{{{W}}}pPr/{{{W}}}pageBreakBefore")
    sections = body.findall(f"{{{W}}}p/{{{W}}}pPr/{{{W}}}sectPr/{{{W}}}type[@{{{W}}}val='nextPage']")
    assert (len(sections), len(breaks_found)) == ((1, 1) if breaks else (0, 0))
    back = reader.parse(strip_stored_model(data), "notice.docx")
    assert back.find("appendix") is None
    assert structure(back) == structure(report)


def test_the_issuer_comes_from_the_core_properties_when_changed_there():
    report = xml.read(EXAMPLE_XML)
    document = docx.Document(io.BytesIO(writer.render(report)))
    document.core_properties.author = "江苏省司法厅"
    buffer = io.BytesIO()
    document.save(buffer)
    back = reader.parse(buffer.getvalue(), "x.docx")
    assert tree.meta_text(back, "issuer") == "江苏省司法厅"
    back.find("meta/issuer").text = "江苏省人民政府"
    assert canonical(back) == canonical(report)


# ---------------------------------------------------------------- edits --

NEW_OPENING = "2020年是极不平凡的一年，全省上下团结奋斗，法治政府建设取得新成效。"
ADDED = "新增的一段，说明重点领域立法的进展情况。"
DELETED = "法律、法规另有规定的，从其规定。"
RETITLED = "全面履行政府职能，深化治理改革"
NEW_CELL = "14,321"


def edit_with_python_docx(data: bytes) -> bytes:
    """A paragraph changed, one added, one deleted, a heading retitled, a table cell changed."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = document.paragraphs
    find = lambda start: next(p for p in paragraphs if p.text.startswith(start))  # noqa: E731
    find("2020年是全面建成小康社会").text = NEW_OPENING
    heading = find("一、全面履行政府职能")
    assert heading.style.name == "Heading 1"
    heading.text = "一、" + RETITLED
    find("（1）指导思想。").insert_paragraph_before(ADDED, style="Body")
    gone = find(DELETED)
    gone._p.getparent().remove(gone._p)
    cell = next(c for t in document.tables for r in t.rows for c in r.cells if c.text == "13,002")
    cell.paragraphs[0].runs[0].text = NEW_CELL
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def expected_after_edits(report):
    """The same edits made to the model itself."""
    report = copy.deepcopy(report)
    opening = report.find("body/p")
    report.find("body").replace(opening, inline.fill(etree.Element("p"), NEW_OPENING))
    heading = report.find("body/section/heading")
    heading.clear()
    heading.text = RETITLED
    subsection = report.find("body/section/section")
    subsection.find("heading").addnext(inline.fill(etree.Element("p"), ADDED))
    article = next(a for a in report.iter("article") if a.get("label") == "第二条")
    article.remove(next(p for p in article.findall("p") if tree.text_of(p) == DELETED))
    next(c for c in report.iter("cell") if c.text == "13,002").text = NEW_CELL
    return tree.validate(report)


@pytest.fixture(scope="module")
def lo_saved(tmp_path_factory):
    """LibreOffice's re-save (as Word) of our DOCX of several models, and of the edited example."""
    soffice = require_tool("soffice", "libreoffice", hint="make test installs libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("lo")
    originals = {"example": xml.read(EXAMPLE_XML), "whole-document": xml.read(WHOLE),
                 "gwr-2021": text.read(DATA / "gwr-2021.txt")}
    originals.update({name: govcn_model(name) for name in LO_GOVCN})
    inputs = []
    for name, report in originals.items():
        path = folder / f"{name}.docx"
        path.write_bytes(writer.render(report))
        inputs.append(path)
    edited = folder / "edited.docx"
    edited.write_bytes(edit_with_python_docx(writer.render(originals["example"])))
    inputs.append(edited)
    out = folder / "out"
    profile = (folder / "lo-profile").resolve().as_uri()
    result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                             "--outdir", str(out)] + [str(p) for p in inputs],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-500:]
    return originals, {p.stem: (out / p.name).read_bytes() for p in inputs}


@pytest.mark.parametrize("name", ["example", "whole-document", "gwr-2021"] + LO_GOVCN)
def test_the_same_model_after_libreoffice_resaves_the_docx(lo_saved, name):
    originals, saved = lo_saved
    assert b"LibreOffice" in zipfile.ZipFile(io.BytesIO(saved[name])).read("docProps/app.xml")
    assert canonical(reader.parse(saved[name], f"{name}.docx")) == canonical(originals[name])


def test_edits_made_with_python_docx_reach_the_model():
    report = xml.read(EXAMPLE_XML)
    back = reader.parse(edit_with_python_docx(writer.render(report)), "edited.docx")
    assert canonical(back) == canonical(expected_after_edits(report))


def test_edits_reach_the_model_after_libreoffice_resaves_the_edited_docx(lo_saved):
    originals, saved = lo_saved
    back = reader.parse(saved["edited"], "edited.docx")
    assert canonical(back) == canonical(expected_after_edits(originals["example"]))


def test_edits_reach_the_pdf_the_epub_and_the_text(tmp_path):
    from convert.writers import epub, pdf
    from convert.writers import text as text_writer

    back = reader.parse(edit_with_python_docx(writer.render(xml.read(EXAMPLE_XML))), "edited.docx")
    pdf_path, epub_path = tmp_path / "edited.pdf", tmp_path / "edited.epub"
    pdf.write(back, pdf_path)
    epub.write(back, epub_path)
    pdf_text = subprocess.run([require_tool("pdftotext"), str(pdf_path), "-"], capture_output=True, text=True,
                              check=True).stdout
    with zipfile.ZipFile(epub_path) as book:
        epub_text = "".join("".join(etree.fromstring(book.read(n)).itertext())
                            for n in book.namelist() if n.endswith(".xhtml"))
    for name, shown in (("pdf", pdf_text), ("epub", epub_text), ("text", text_writer.render(back))):
        shown = fold(shown)
        for new in (NEW_OPENING, ADDED, RETITLED, NEW_CELL):
            assert fold(new) in shown, (name, new)
        for old in ("2020年是全面建成小康社会", DELETED, "优化治理改革稳步推进", "13,002"):
            assert fold(old) not in shown, (name, old)


def test_tracked_changes_in_our_docx_are_accepted():
    data = writer.render(xml.read(EXAMPLE_XML))
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        document = src.read("word/document.xml").decode()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    assert w in document
    old = "<w:t>正文段落。</w:t>"
    assert document.count(old) == 2
    tracked = document.replace(old, "<w:t>正文</w:t></w:r><w:del w:id=\"90\" w:author=\"u\"><w:r><w:delText>段落"
                                    "</w:delText></w:r></w:del><w:ins w:id=\"91\" w:author=\"u\"><w:r><w:t>内容"
                                    "</w:t></w:r></w:ins><w:r><w:t>。</w:t>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, tracked.encode() if info.filename == "word/document.xml" else src.read(info))
    back = reader.parse(out.getvalue(), "tracked.docx")
    texts = [tree.text_of(p) for p in back.iter("p")]
    assert "正文内容。" in texts and texts.count("正文段落。") == 1
