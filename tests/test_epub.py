"""EPUB writer: EPUBCheck validity, fidelity, nav, language, metadata, identifier,
deterministic bytes, and the vertical (直排) edition. Books are read back with
zipfile and lxml, never with the writer's own code."""
from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree

from conftest import EXAMPLE_XML, ROOT, fold, missing_in_order, require_tool
from convert.errors import OutputError
from convert.model import blocks, meta_text, plain_text, text_of
from convert.options import Options
from convert.writers import epub as epub_writer

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "epub": "http://www.idpf.org/2007/ops",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "caption", "figcaption")  # text holders (a cell holds <p>s)


def epubcheck(path: Path) -> tuple[int, int, int, str]:
    """(fatals, errors, warnings, output) of W3C EPUBCheck on one file (~4 s)."""
    java = require_tool("java", hint="EPUBCheck runs on it; make setup-test installs it")
    require_tool(str(EPUBCHECK_JAR), hint="EPUBCheck; make setup-test installs it")
    run = subprocess.run([java, "-jar", str(EPUBCHECK_JAR), str(path)], capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    m = re.search(r"Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?", out)
    assert m, f"unexpected EPUBCheck output:\n{out}"
    return int(m[1]), int(m[2]), int(m[3]), out


class Book:
    """An EPUB opened from its bytes: package document, spine and parsed XHTML."""

    def __init__(self, path: Path):
        self.path = path
        self.data = path.read_bytes()
        with zipfile.ZipFile(path) as archive:
            self.infos = archive.infolist()
            self.files = {info.filename: archive.read(info) for info in self.infos}
        container = etree.fromstring(self.files["META-INF/container.xml"])
        self.opf_path = container.find(".//c:rootfile", NS).get("full-path")
        self.base = PurePosixPath(self.opf_path).parent
        self.opf = etree.fromstring(self.files[self.opf_path])
        self.manifest = {item.get("id"): item for item in self.opf.find("opf:manifest", NS)}

    def href(self, item_id: str) -> str:
        return str(self.base / self.manifest[item_id].get("href"))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.files[name])

    @property
    def spine(self) -> list[str]:
        return [self.href(ref.get("idref")) for ref in self.opf.find("opf:spine", NS)]

    @property
    def nav_path(self) -> str:
        return next(self.href(i) for i, item in self.manifest.items() if "nav" in (item.get("properties") or "").split())

    @property
    def ncx_path(self) -> str:
        return self.href(self.opf.find("opf:spine", NS).get("toc"))

    def documents(self) -> list[etree._Element]:
        return [self.xml(name) for name in self.spine]

    def body_blocks(self) -> list[etree._Element]:
        found = []
        for doc in self.documents():
            found.extend(el for el in doc.iter(*(f"{{{NS['x']}}}{t}" for t in BLOCK_TAGS)))
        return found

    def stylesheets(self, doc_name: str) -> str:
        doc = self.xml(doc_name)
        base = PurePosixPath(doc_name).parent
        return "\n".join(
            self.files[str(base / link.get("href"))].decode("utf-8")
            for link in doc.iterfind(".//x:head/x:link[@rel='stylesheet']", NS)
        )

    def meta(self, tag: str) -> list[str]:
        return [el.text for el in self.opf.iterfind(f"opf:metadata/dc:{tag}", NS)]

    def modified(self) -> str:
        return self.opf.find("opf:metadata/opf:meta[@property='dcterms:modified']", NS).text


def build(report, tmp: Path, name: str, **options) -> Book:
    path = tmp / f"{name}.epub"
    epub_writer.write(report, path, Options(**options))
    return Book(path)


@pytest.fixture(scope="session")
def books(tmp_path_factory, sample_model, simplified_model, example_model):
    """Each book built once: (model name, edition) -> Book."""
    tmp = tmp_path_factory.mktemp("epub")
    models = {"sample": sample_model, "simplified": simplified_model, "example": example_model}
    return {
        (name, edition): build(model, tmp, f"{name}-{edition}", vertical=(edition == "vertical"))
        for name, model in models.items()
        for edition in ("horizontal", "vertical")
    }


@pytest.fixture(scope="session")
def models(sample_model, simplified_model, example_model):
    return {"sample": sample_model, "simplified": simplified_model, "example": example_model}


ALL_BOOKS = [(m, e) for m in ("sample", "simplified", "example") for e in ("horizontal", "vertical")]


def rules(css: str) -> dict[str, str]:
    """Selector -> its declarations (all rules with that selector, in order)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@charset[^;]*;", "", css)
    found: dict[str, str] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        found[selector.strip()] = found.get(selector.strip(), "") + body + ";"
    return found


def declarations_of(body: str) -> dict[str, str]:
    return {d.split(":", 1)[0].strip(): d.split(":", 1)[1].strip() for d in body.split(";") if ":" in d}


# ------------------------------------------------------------------ validity --

@pytest.mark.parametrize("key", [(m, e) for m in ("sample", "simplified") for e in ("horizontal", "vertical")],
                         ids=lambda k: "-".join(k))
def test_epubcheck_reports_nothing(books, key):
    fatals, errors, warnings, out = epubcheck(books[key].path)
    assert (fatals, errors, warnings) == (0, 0, 0), out


@pytest.mark.parametrize("key", ALL_BOOKS, ids=lambda k: "-".join(k))
def test_zip_layout_mimetype_first_stored_fixed_times(books, key):
    book = books[key]
    first = book.infos[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED and first.extra == b""
    assert book.files["mimetype"] == b"application/epub+zip"
    assert book.data[30:38] == b"mimetype"  # the OCF check readers do on the raw bytes
    assert len({info.date_time for info in book.infos}) == 1


# ------------------------------------------------------------------ fidelity --

@pytest.mark.parametrize("key", ALL_BOOKS, ids=lambda k: "-".join(k))
def test_body_text_holds_all_model_text_in_order(books, models, key):
    book, report = books[key], models[key[0]]
    text = "\n".join(text_of(el) for el in book.body_blocks())
    assert missing_in_order(plain_text(report), text) is None
    # Nothing but the model's blocks, except the imprint line on the title page.
    own = [el for el in book.body_blocks() if el.get("class") != "imprint"]
    assert fold("".join(text_of(el) for el in own)) == fold(plain_text(report))


def test_every_block_kind_and_inline_mark_is_rendered(books):
    book = books[("example", "horizontal")]
    classes = {el.get("class") for doc in book.documents() for el in doc.iter() if el.get("class")}
    for expected in ("title", "dateline", "speaker", "addressee", "point", "lead", "runin", "cite", "q",
                     "level1", "level2", "level3", "level4", "appendix-heading"):
        assert expected in classes
    lead = next(el for doc in book.documents() for el in doc.iterfind(".//x:span[@class='lead']", NS))
    assert text_of(lead) == "一是持续开展“放管服”改革。"


# ------------------------------------------------------------ structure, nav --

def expected_toc(report) -> list[tuple[str, list[str]]]:
    """From the model: each level-1 section and appendix with its level-2 headings."""
    entries = []
    for block in blocks(report):
        owner = block.element.getparent()
        if block.kind == "appendix-heading" or (block.kind == "heading" and owner.getparent().tag == "body"):
            entries.append((block.text, []))
        elif block.kind == "heading" and owner.getparent().tag in ("section", "appendix") \
                and owner.getparent().getparent().tag in ("body", "report"):
            entries[-1][1].append(block.text)
    return entries


@pytest.mark.parametrize("key", ALL_BOOKS, ids=lambda k: "-".join(k))
def test_nav_entries_equal_the_sections(books, models, key):
    book, report = books[key], models[key[0]]
    nav = book.xml(book.nav_path)
    top = nav.find(".//x:nav[@epub:type='toc']/x:ol", NS)
    found = []
    for li in top.findall("x:li", NS):
        children = [text_of(a) for a in li.iterfind("x:ol/x:li/x:a", NS)]
        found.append((text_of(li.find("x:a", NS)), children))
    assert found[0] == (meta_text(report, "title"), [])  # the title page
    assert found[1:] == expected_toc(report)
    assert nav.find(".//x:li/x:ol/x:li/x:ol", NS) is None  # two levels, no deeper


@pytest.mark.parametrize("key", ALL_BOOKS, ids=lambda k: "-".join(k))
def test_nav_and_ncx_targets_are_the_headings(books, key):
    book = books[key]
    nav_base = PurePosixPath(book.nav_path).parent
    nav_links = [(text_of(a), a.get("href")) for a in book.xml(book.nav_path).iterfind(".//x:nav//x:a", NS)]
    ncx = book.xml(book.ncx_path)
    ncx_links = [(p.findtext("ncx:navLabel/ncx:text", namespaces=NS), p.find("ncx:content", NS).get("src"))
                 for p in ncx.iter(f"{{{NS['ncx']}}}navPoint")]
    assert ncx_links == nav_links
    for label, href in nav_links[1:]:
        file, _, anchor = href.partition("#")
        doc = book.xml(str(nav_base / file))
        target = doc.find(f".//*[@id='{anchor}']") if anchor else doc.find(".//x:body//x:h1", NS)
        assert target is not None and fold(text_of(target)) == fold(label)
    depth = ncx.find(".//ncx:meta[@name='dtb:depth']", NS).get("content")
    nested = book.xml(book.nav_path).find(".//x:li/x:ol", NS) is not None
    assert depth == ("2" if nested else "1")


@pytest.mark.parametrize("name", ["sample", "simplified", "example"])
def test_title_page_then_one_document_per_level1_section(books, models, name):
    book, report = books[(name, "horizontal")], models[name]
    docs = book.documents()
    assert docs[0].find(".//x:section", NS).get(f"{{{NS['epub']}}}type") == "titlepage"
    assert text_of(docs[0].find(".//x:h1", NS)) == meta_text(report, "title")
    chapters = [d for d in docs if d.find(".//x:section[@epub:type='chapter']", NS) is not None]
    sections = report.findall("body/section")
    assert len(chapters) == len(sections) and sections
    for doc, section in zip(chapters, sections):
        assert fold(text_of(doc.find(".//x:h1", NS))).endswith(fold(text_of(section.find("heading"))))
        assert len(doc.findall(".//x:h1", NS)) == 1
    appendices = [d for d in docs if d.find(".//x:section[@epub:type='appendix']", NS) is not None]
    assert len(appendices) == len(report.findall("appendix"))


# -------------------------------------------------------- language, metadata --

@pytest.mark.parametrize("key", ALL_BOOKS, ids=lambda k: "-".join(k))
def test_language_on_every_document(books, models, key):
    book, lang = books[key], models[key[0]].get(XML_LANG)
    assert book.meta("language") == [lang]
    assert book.opf.get(XML_LANG) == lang
    assert book.xml(book.ncx_path).get(XML_LANG) == lang
    for name in book.spine + [book.nav_path]:
        html = book.xml(name)
        assert (html.get("lang"), html.get(XML_LANG)) == (lang, lang), name


def test_sample_is_traditional_and_simplified_is_simplified(books):
    assert books[("sample", "horizontal")].meta("language") == ["zh-Hant"]
    assert books[("simplified", "horizontal")].meta("language") == ["zh-Hans"]


@pytest.mark.parametrize("name", ["sample", "simplified", "example"])
def test_metadata_from_the_model(books, models, name):
    book, report = books[(name, "horizontal")], models[name]
    assert book.meta("title") == [meta_text(report, "title")]
    issuer = report.findtext("meta/issuer")
    assert book.meta("creator") == ([issuer] if issuer else [])
    when = report.find("meta/date").get("when") if report.find("meta/date") is not None else None
    assert book.meta("date") == ([when] if when else [])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", book.modified())


def test_modified_is_source_date_epoch_in_utc(example_model, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    book = build(example_model, tmp_path, "sde")
    assert book.modified() == "2023-11-14T22:13:20Z"
    assert book.infos[0].date_time == (2023, 11, 14, 22, 13, 20)


def test_modified_falls_back_to_the_model_date(example_model, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    report = copy.deepcopy(example_model)
    report.find("meta/date").set("when", "2021-03-05")
    assert build(report, tmp_path, "dated").modified() == "2021-03-05T00:00:00Z"


# ----------------------------------------------------------------- identifier --

def identifier(book: Book) -> uuid.UUID:
    unique = book.opf.get("unique-identifier")
    value = book.opf.find(f"opf:metadata/dc:identifier[@id='{unique}']", NS).text
    assert value.startswith("urn:uuid:")
    return uuid.UUID(value[len("urn:uuid:"):])


def test_identifier_is_a_stable_uuid5_of_the_content(books, example_model, tmp_path):
    ident = identifier(books[("example", "horizontal")])
    assert ident.version == 5
    assert identifier(build(example_model, tmp_path, "again")) == ident
    moved = copy.deepcopy(example_model)
    moved.find("meta/source").text = "/elsewhere/example.txt"
    assert identifier(build(moved, tmp_path, "moved")) == ident
    edited = copy.deepcopy(example_model)
    edited.find("body/p").text = "2021年" + edited.find("body/p").text
    assert identifier(build(edited, tmp_path, "edited")) != ident
    assert identifier(books[("example", "vertical")]) != ident
    assert identifier(books[("sample", "horizontal")]) != identifier(books[("simplified", "horizontal")])
    ncx = books[("example", "horizontal")]
    assert ncx.xml(ncx.ncx_path).find(".//ncx:meta[@name='dtb:uid']", NS).get("content") == f"urn:uuid:{ident}"


# ---------------------------------------------------------------- determinism --

@pytest.mark.parametrize("vertical", [False, True], ids=["horizontal", "vertical"])
def test_same_input_same_bytes_across_processes_and_time_zones(tmp_path, vertical):
    """Two CLI runs in different time zones (ebooklib alone writes local time)."""
    outputs = []
    for tz in ("UTC", "Asia/Shanghai"):
        outdir = tmp_path / tz.replace("/", "-")
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"TZ": tz}
        args = [sys.executable, "-m", "convert", str(EXAMPLE_XML), "--to", "epub", "-o", str(outdir)]
        run = subprocess.run(args + (["--vertical"] if vertical else []), env=env, cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        outputs.append((outdir / "example.epub").read_bytes())
    assert outputs[0] == outputs[1]
    assert Book(tmp_path / "UTC" / "example.epub").modified() == "2021-01-01T00:00:00Z"


# ----------------------------------------------------------- vertical edition --

@pytest.mark.parametrize("name", ["sample", "simplified", "example"])
def test_vertical_edition_runs_right_to_left(books, name):
    book = books[(name, "vertical")]
    assert book.opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
    for doc in book.spine:
        declarations = declarations_of(rules(book.stylesheets(doc)).get("html", ""))
        for prop in ("writing-mode", "-epub-writing-mode", "-webkit-writing-mode"):
            assert declarations.get(prop) == "vertical-rl", (doc, prop)


@pytest.mark.parametrize("name", ["sample", "simplified"])
def test_horizontal_edition_has_no_vertical_styles(books, name):
    book = books[(name, "horizontal")]
    assert book.opf.find("opf:spine", NS).get("page-progression-direction") is None
    for doc in book.spine:
        assert "vertical-rl" not in book.stylesheets(doc)
    assert not [el for d in book.documents() for el in d.iterfind(".//x:span[@class='tcy']", NS)]


def tcy_css(book: Book) -> dict[str, str]:
    return declarations_of(rules(book.stylesheets(book.spine[-1]))[".tcy"])


@pytest.mark.parametrize("name", ["sample", "simplified"])
def test_short_numbers_are_set_upright_in_one_cell(books, name):
    book = books[(name, "vertical")]
    assert tcy_css(book).get("text-combine-upright") == "all"
    spans = [el for d in book.documents() for el in d.iterfind(".//x:span[@class='tcy']", NS)]
    assert spans
    assert all(re.fullmatch(r"[0-9.]{1,3}", text_of(el)) for el in spans)
    # Every two- or three-digit number of the text is in such a span, and no longer one is.
    wrapped = 0
    for el in book.body_blocks():
        flat = "".join(
            (f"[{node.text}]" if isinstance(node, etree._Element) and node.get("class") == "tcy" else "")
            for node in el.iter()
        )
        numbers = re.findall(r"(?<![0-9])(?<![0-9]\.)[0-9]{2,3}(?![0-9]|\.[0-9])", text_of(el))
        assert sorted(re.findall(r"\[([0-9]{2,3})\]", flat)) == sorted(numbers), text_of(el)
        wrapped += len(numbers)
    assert wrapped > 10



def test_stylesheet_gives_indent_line_height_fonts_and_heading_keeps(books):
    css = rules(books[("sample", "horizontal")].stylesheets("EPUB/chapter-01.xhtml"))
    assert re.search(r"text-indent:\s*2em", css["p"])
    height = float(re.search(r"line-height:\s*([\d.]+)", css["body"])[1])
    assert 1.5 <= height <= 2.0
    headings = css["h1, h2, h3, h4"]
    assert re.search(r"(?<![-\w])break-after:\s*avoid", headings) and "page-break-after: avoid" in headings
    assert re.search(r"font-family:[^;]*\bserif;", css["body"])
    assert re.search(r"font-family:[^;]*\bsans-serif;", headings)
    assert re.search(r"font-family:[^;]*(Kai|楷)[^;]*;", css[".lead, .summary"])
    assert any("zh-Hant" in selector for selector in css)  # Traditional faces for Traditional books


# ---------------------------------------------------------------- embed font --

def test_embed_font_adds_a_subset_covering_the_text(example_model, tmp_path):
    from fontTools.ttLib import TTFont

    book = build(example_model, tmp_path, "font", embed_font=True)
    fonts = [item for item in book.manifest.values() if item.get("media-type") == "font/ttf"]
    assert len(fonts) == 1
    font = TTFont(__import__("io").BytesIO(book.files[book.href(fonts[0].get("id"))]))
    cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in set(plain_text(example_model)) if not ch.isspace())
    assert len(cmap) < 2000  # a subset, not the whole font
    css = book.stylesheets(book.spine[0])
    family = re.search(r"@font-face\s*\{[^}]*font-family:\s*\"([^\"]+)\"", css)[1]
    body_stack = rules(css)["body"]
    assert re.search(r"font-family:\s*\"" + re.escape(family) + "\"", body_stack)
    fatals, errors, warnings, out = epubcheck(book.path)
    assert (fatals, errors, warnings) == (0, 0, 0), out


# --------------------------------------------------------------------- errors --

def test_failed_write_leaves_no_file(example_model, tmp_path, monkeypatch):
    def disk_full(entries, path, mtime):
        Path(path).write_bytes(b"PK half an archive")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(epub_writer, "zip_entries", disk_full)
    with pytest.raises(OSError):
        epub_writer.write(example_model, tmp_path / "x.epub", Options())
    assert list(tmp_path.iterdir()) == []


def test_unwritable_target_raises(example_model, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError) as caught:
        epub_writer.write(example_model, blocker / "x.epub", Options())
    assert Path(caught.value.path) == blocker / "x.epub"  # the output, never its temporary file


def test_cli_writes_the_vertical_edition_where_asked(tmp_path):
    run = subprocess.run([sys.executable, "-m", "convert", str(EXAMPLE_XML), "--to", "epub", "--vertical",
                          "-o", str(tmp_path / "vertical")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    book = Book(tmp_path / "vertical" / "example.epub")
    assert book.opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
