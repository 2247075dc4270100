"""The DOCX writer: read the file back with python-docx, then let LibreOffice lay it out."""
from __future__ import annotations

import io
import os
import subprocess
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree

from conftest import fold, missing_in_order, require_tool
from convert import style as styles
from convert.model import blocks, lang_of, meta_text, plain_text
from convert.options import Options
from convert.typeset.kinsoku import NOT_AT_LINE_START, breakable
from convert.writers import docx as docx_writer

EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
MODELS = ("example_model", "sample_model", "simplified_model")

# What each block kind must look like in Word, written out independently of the writer.
EXPECTED_STYLE = {
    "title": "Title", "subtitle": "Subtitle", "docnumber": "Document Number", "summary": "Summary", "dateline": "Dateline",
    "speaker": "Speaker", "addressee": "Addressee", "appendix-heading": "Appendix Title",
    "p": "Body", "point": "Body", "article": "Body",
}
# Paragraphs whose indents depend on their text (GB/T 9704: the signature centred over the date,
# attachment names aligned after 附件：), set on the paragraph itself.
MEASURED = {"Signature", "Attachment List", "Attendance",
            # the 版头's lines, placed per document (the mark's space depends on the fields above it)
            "Issuer Mark", "Order Number", "Masthead Number", "Signer"}
# GB/T 9704: 仿宋 body, 黑体 level 1, 楷体 level 2, 小标宋 title.
EXPECTED_EAST_ASIA = {"Body": "仿宋_GB2312", "Heading 1": "黑体", "Heading 2": "楷体_GB2312", "Title": "方正小标宋简体", "Lead": "黑体"}


def write_docx(model, path: Path, epoch: int | None = EPOCH, **options) -> Path:
    with pytest.MonkeyPatch.context() as patch:  # module fixtures call it too: no function-scoped monkeypatch
        if epoch is None:
            patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            patch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        docx_writer.write(model, path, Options(**options))
    return path


@pytest.fixture(scope="module")
def built(request, tmp_path_factory):
    """model fixture name -> (model, path of its DOCX)."""
    out = tmp_path_factory.mktemp("docx")
    cache = {}

    def get(name: str):
        if name not in cache:
            model = request.getfixturevalue(name)
            cache[name] = (model, write_docx(model, out / f"{name}.docx"))
        return cache[name]

    return get


def style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def resolved_east_asia(style) -> str | None:
    for st in style_chain(style):
        fonts = st.element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
    return None


def resolved_ppr(style, tag: str):
    for st in style_chain(style):
        el = st.element.find(qn("w:pPr") + "/" + qn(tag))
        if el is not None:
            return el
    return None


def expected_styles(block) -> list[str]:
    """The styles of the body paragraphs a block becomes (a table's cells are not body paragraphs)."""
    el = block.element
    if block.kind == "heading":
        return [f"Heading {block.level}"]
    if block.kind == "appendix-heading":  # the label 附件1, then the title
        return (["Appendix Label"] if block.label else []) + [EXPECTED_STYLE[block.kind]]
    if block.kind == "closing":
        return ["Signature"] * len(el.findall("signature")) + ["Date"] + (["Note"] if el.find("note") is not None else [])
    if block.kind == "attachments":
        return ["Attachment List"] * len(el)
    if block.kind == "table":
        return ["Caption"] if el.find("caption") is not None else []
    if block.kind == "figure":  # the picture or the placeholder, then the caption
        return ["Figure"] + (["Caption"] if el.find("caption") is not None else [])
    if block.kind == "imprint":
        return []
    if block.kind == "masthead":  # a 通用 版头 (tests/test_masthead_docx.py has the other forms)
        shown = ["Masthead Field"] * len(el.findall("copy") + el.findall("secrecy") + el.findall("urgency"))
        return shown + ["Issuer Mark"] + (["Order Number"] if el.find("order") is not None else []) + \
            ["Masthead Number"]
    if block.kind == "attendance":
        return ["Attendance"]
    if block.kind == "notes":  # the lead, then a paragraph a note
        return ["Notes Label"] + ["Notes"] * len(el)
    return [EXPECTED_STYLE[block.kind]]


def document_text(document) -> str:
    """The DOCX's visible text in body order: a paragraph a line; a table a line per row, its
    cells tab-separated (a cell's paragraphs joined by a space; a cell that continues a vertical
    merge shows nothing), as tree.Block.text gives a table."""
    lines = []
    for child in document.element.body:
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            for tr in child.iter(qn("w:tr")):
                cells = [tc for tc in tr.iter(qn("w:tc")) if tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is None
                         or tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}").get(qn("w:val")) == "restart"]
                lines.append("\t".join(" ".join(Paragraph(p, document).text for p in tc.iter(qn("w:p")))
                                       for tc in cells))
    return "\n".join(lines)


# ------------------------------------------------------------ read back --

@pytest.mark.parametrize("name", MODELS)
def test_every_paragraph_has_its_style(built, name):
    model, path = built(name)
    paragraphs = docx.Document(str(path)).paragraphs
    # The 版记's table floats: empty Imprint paragraphs anchor it and break the pages before it
    assert all(not p.text for p in paragraphs if p.style.name == "Imprint")
    paragraphs = [p for p in paragraphs if p.style.name != "Imprint"]
    expected = [name for b in blocks(model) for name in expected_styles(b)]
    assert [p.style.name for p in paragraphs] == expected
    # The paragraph before a closing keeps its last line with it (as the PDF does): keepNext alone
    kept = [p for p, q in zip(paragraphs, paragraphs[1:]) if q.style.name in ("Signature", "Date")
            and p.style.name not in ("Signature", "Date")]
    assert all(p.paragraph_format.keep_with_next for p in kept)
    direct = [p.text[:20] for p in paragraphs if p._p.pPr is not None
              and len(p._p.pPr) > 1 + (p in kept) and p.style.name not in MEASURED]
    assert not direct, f"paragraphs with direct formatting: {direct[:3]}"


@pytest.mark.parametrize("name", MODELS)
def test_fidelity(built, name):
    model, path = built(name)
    text = document_text(docx.Document(str(path)))
    assert missing_in_order(plain_text(model), text) is None
    assert len(fold(text)) == len(fold(plain_text(model))), "extra text in the DOCX"


def test_character_styles_mark_lead_cite_and_runin(built):
    model, path = built("example_model")
    runs = [r for p in docx.Document(str(path)).paragraphs for r in p.runs]
    by_style = defaultdict(list)
    for run in runs:
        by_style[run.style.name].append(run.text)
    assert "".join(by_style["Lead"]) == "".join(el.xpath("string()") for el in model.iter("lead"))
    assert "《优化营商环境条例》" in by_style["Document Title"]
    assert "".join(by_style["Run-in Heading"]) == "（1）指导思想。"


def test_headings_carry_outline_levels_and_every_style_builds_on_body(built):
    _, path = built("sample_model")
    document = docx.Document(str(path))
    for level in range(1, 5):
        style = document.styles[f"Heading {level}"]
        assert resolved_ppr(style, "w:outlineLvl").get(qn("w:val")) == str(level - 1)
    used = {p.style.name for p in document.paragraphs}
    assert {"Body", "Heading 1", "Title"} <= used
    for name in used:
        assert "Body" in [s.name for s in style_chain(document.styles[name])], name


@pytest.mark.parametrize("name,word_lang", [("sample_model", "zh-TW"), ("simplified_model", "zh-CN")])
def test_east_asian_fonts_and_language(built, name, word_lang):
    model, path = built(name)
    document = docx.Document(str(path))
    for style_name, family in EXPECTED_EAST_ASIA.items():
        assert resolved_east_asia(document.styles[style_name]) == family, style_name
    # The style file names the same first families (a style change must show up here too).
    assert styles.font_stack(styles.load("official"), "body", lang_of(model))[0] == EXPECTED_EAST_ASIA["Body"]
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == word_lang
    theme = document.settings.element.find(qn("w:themeFontLang"))
    assert theme.get(qn("w:eastAsia")) == word_lang
    assert document.core_properties.language == word_lang


def test_page_setup_and_grid(built):
    _, path = built("sample_model")
    document = docx.Document(str(path))
    section = document.sections[0]
    close = lambda length, mm: abs(length - Mm(mm)) <= Mm(0.1)  # noqa: E731
    assert close(section.page_width, 210) and close(section.page_height, 297)
    assert close(section.top_margin, 37) and close(section.left_margin, 28)
    assert close(section.right_margin, 26) and close(section.bottom_margin, 35)  # 156 x 225 mm text block
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    assert grid.get(qn("w:type")) in ("lines", "linesAndChars")
    body = document.styles["Body"]
    spacing = resolved_ppr(body, "w:spacing")
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    assert 22 * 579 <= Mm(225).twips
    indent = resolved_ppr(body, "w:ind")
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert 600 <= int(indent.get(qn("w:firstLine"))) <= 640  # two 16 pt characters, for LibreOffice
    assert body.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    # 28 characters of 16 pt (with the run spacing) fit the 156 mm line.
    run_spacing = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:spacing')}")
    advance_pt = 16 + int(run_spacing.get(qn("w:val"))) / 20
    assert 28 * advance_pt <= Mm(156).pt < 29 * advance_pt


def test_odd_and_even_footers_hold_page_fields(built):
    _, path = built("sample_model")
    document = docx.Document(str(path))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        (p,) = footer.paragraphs
        assert p.style.paragraph_format.alignment == align
        instructions = ["".join(t.itertext()).strip() for t in p._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        kinds = [c.get(qn("w:fldCharType")) for c in p._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert p.text.startswith("— ") and p.text.endswith(" —")


def test_core_properties(built):
    model, path = built("sample_model")
    core = docx.Document(str(path)).core_properties
    assert core.title == meta_text(model, "title")
    assert core.author == meta_text(model, "issuer") and core.author
    assert core.subject and core.keywords
    assert core.modified.timestamp() == EPOCH
    when = model.find("meta/date").get("when")
    assert core.created.year == int(when[:4])
    with zipfile.ZipFile(path) as z:
        props = z.read("docProps/core.xml").decode()
        names = z.namelist()
    assert "python-docx" not in props
    assert core.comments == ""
    assert "docProps/thumbnail.jpeg" not in names
    assert "word/stylesWithEffects.xml" not in names  # Word 2010 would show the template's styles


def test_font_table_names_windows_alternates(built):
    _, path = built("simplified_model")
    with zipfile.ZipFile(path) as z:
        fonts = etree.fromstring(z.read("word/fontTable.xml"))
        app = z.read("docProps/app.xml").decode()
    alternates = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
                  for f in fonts.iter(qn("w:font")) if f.find(qn("w:altName")) is not None}
    assert alternates["仿宋_GB2312"] == "FangSong" and alternates["黑体"] == "SimHei"
    assert "Microsoft" not in app and "report-convert" in app


def test_same_input_and_epoch_give_identical_bytes(built, tmp_path):
    model, path = built("simplified_model")
    again = write_docx(model, tmp_path / "again.docx")
    assert again.read_bytes() == path.read_bytes()
    with zipfile.ZipFile(path) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    later = write_docx(model, tmp_path / "later.docx", epoch=EPOCH + 86400)
    assert later.read_bytes() != path.read_bytes()


def test_toc_field_updates_on_open(example_model, tmp_path):
    path = write_docx(example_model, tmp_path / "toc.docx", toc=True)
    document = docx.Document(str(path))
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    paragraphs = document.paragraphs
    toc_at = next(i for i, p in enumerate(paragraphs) if any("TOC" in t.text for t in p._p.iter(qn("w:instrText"))))
    first_heading = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1")
    assert paragraphs[toc_at - 1].text == "目录" and toc_at < first_heading
    assert paragraphs[toc_at + 1].style.name == "Addressee"  # the speech starts after the contents
    plain = docx.Document(str(write_docx(example_model, tmp_path / "plain.docx")))
    assert plain.settings.element.find(qn("w:updateFields")) is None
    assert not [t for t in plain.element.body.iter(qn("w:instrText")) if "TOC" in t.text]


def resolved_color(style) -> str | None:
    for st in style_chain(style):
        color = st.element.find(qn("w:rPr") + "/" + qn("w:color"))
        if color is not None:
            return color.get(qn("w:val"))
    return None


def test_a_role_colour_colours_its_style_and_text_color_the_rest(example_model, tmp_path):
    mine = tmp_path / "red.toml"
    mine.write_text('extends = "official"\n[text]\ncolor = "#333333"\n[roles.title]\ncolor = "#CC0000"\n'
                    '[roles.heading1]\ncolor = "#0000AA"\n', encoding="utf-8")
    document = docx.Document(str(write_docx(example_model, tmp_path / "red.docx", style=str(mine))))
    colors = {name: resolved_color(document.styles[name]) for name in ("Title", "Heading 1", "Heading 2", "Body")}
    assert colors == {"Title": "CC0000", "Heading 1": "0000AA", "Heading 2": "333333", "Body": "333333"}
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title.text and all(run.font.color.rgb is None for run in title.runs)  # the style's colour, not the run's


def test_bad_style_is_one_clear_error(example_model, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[page]\nwidth_mm = 210\n', encoding="utf-8")
    with pytest.raises(styles.StyleError, match="missing key") as caught:
        docx_writer.write(example_model, tmp_path / "x.docx", Options(style=str(bad)))
    assert caught.value.key == "page.height_mm" and caught.value.path == bad
    assert not (tmp_path / "x.docx").exists()


# ------------------------------------------------ a real consumer: LibreOffice --

def fontconfig_file(tmp: Path, lang: str) -> Path:
    """Full-em free faces standing in for the Windows fonts the DOCX names (仿宋_GB2312, 黑体 ...).
    Without them fontconfig falls back to one sans face; cwTeX's 0.92-em advances would
    set 30 characters a line where 仿宋_GB2312 sets 28."""
    region = "SC" if lang == "zh-Hans" else "TC"
    style = styles.load("official")
    aliases = []
    for role in ("title", "body", "hei", "kai"):
        first = styles.font_stack(style, role, lang)[0]
        stand_in = f"Noto Sans CJK {region}" if role == "hei" else f"Noto Serif CJK {region}"
        aliases.append(f"<alias binding='same'><family>{first}</family><prefer><family>{stand_in}</family></prefer></alias>")
    conf = tmp / f"fonts-{lang}.conf"
    conf.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        "<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>" + "".join(aliases) + "</fontconfig>",
        encoding="utf-8",
    )
    return conf


def libreoffice_pdf(docx_path: Path, lang: str, tmp: Path) -> Path:
    soffice = require_tool("soffice", "libreoffice", hint="make test installs libreoffice-writer-nogui")
    outdir = tmp / "lo"
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(tmp, lang)))
    # A private profile: several soffice processes sharing one profile silently do nothing.
    profile = (tmp / "lo-profile").resolve().as_uri()
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    pdf = outdir / (docx_path.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), f"LibreOffice failed: {result.stderr.strip()[-500:]}"
    return pdf


def pdf_lines(pdf_path: Path, right_edge: float = Mm(28 + 156).pt):
    """Per page: (page width, height, lines); a line is (top, x0, x1, text, chars inside
    the text block, i.e. not hanging past `right_edge`), in reading order."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            rows: list[list[dict]] = []
            for ch in sorted(page.chars, key=lambda c: (c["bottom"], c["x0"])):
                # Same line: bottoms within a few points (faces differ in their descent).
                if rows and ch["bottom"] - rows[-1][0]["bottom"] < 6:
                    rows[-1].append(ch)
                else:
                    rows.append([ch])
            lines = []
            for row in rows:
                chars = sorted(row, key=lambda c: c["x0"])
                inside = sum(len(c["text"]) for c in chars if c["x1"] <= right_edge + 1)
                lines.append((chars[0]["top"], chars[0]["x0"], chars[-1]["x1"], "".join(c["text"] for c in chars), inside))
            pages.append((page.width, page.height, lines))
    return pages


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory):
    cache = {}

    def get(name: str):
        if name not in cache:
            model, path = built(name)
            tmp = tmp_path_factory.mktemp(f"lo-{name}")
            cache[name] = (model, libreoffice_pdf(path, lang_of(model), tmp))
        return cache[name]

    return get


def wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


@pytest.mark.parametrize("name", ["sample_model", "simplified_model"])
def test_libreoffice_lays_out_the_gbt_9704_page(rendered, name):
    model, pdf = rendered(name)
    pages = pdf_lines(pdf)
    left, right = Mm(28).pt, Mm(28 + 156).pt
    text_bottom = Mm(37 + 225).pt
    body = []  # every body line of the document, in order
    for width, height, lines in pages:
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1, "not A4"
        on_page = [line for line in lines if line[0] < text_bottom]
        assert len(on_page) <= 22, "more than 22 lines on a page"
        body += on_page
    full, short = 0, []
    for i, (top, x0, x1, text, inside) in enumerate(body):
        # LibreOffice 7.4 once broke before ” in the sample (it takes curly quotes for Latin
        # script; Word follows w:hint="eastAsia" and the document's kinsoku list): exempt them.
        assert text[0] not in NOT_AT_LINE_START - set("”’"), f"line starts with {text[0]!r}: {text[:20]}"
        assert inside == len(text), f"punctuation hangs past the text block: {text}"
        # A full line: from the left margin to the right one, all ideographs and CJK marks.
        if not (abs(x0 - left) < 2 and x1 > right - 4 and all(wide(ch) for ch in text)):
            continue
        full += 1
        if len(text) == 28:
            continue
        # Fewer only where a break after 28 characters would break a kinsoku rule.
        joined = text + (body[i + 1][3] if i + 1 < len(body) else "")
        if len(text) > 28 or any(breakable(joined, k) for k in range(len(text) + 1, min(29, len(joined)))):
            short.append(text)
    assert full >= 50, f"only {full} full body lines found"
    assert not short, f"{len(short)} of {full} full lines do not hold 28 characters: {short[:2]}"
    # Pages filled to the bottom hold 22 lines.
    counts = [len([ln for ln in lines if ln[0] < text_bottom]) for _, _, lines in pages[:-1]]
    assert max(counts) == 22


@pytest.mark.parametrize("name", ["sample_model", "simplified_model"])
def test_libreoffice_keeps_all_text_and_page_numbers(rendered, name):
    model, pdf = rendered(name)
    pages = pdf_lines(pdf)
    text_bottom = Mm(37 + 225).pt
    body = "\n".join(line[3] for _, _, lines in pages for line in lines if line[0] < text_bottom)
    assert missing_in_order(plain_text(model), body) is None
    for number, (width, _, lines) in enumerate(pages, start=1):
        footer = [line for line in lines if line[0] > text_bottom]
        assert [line[3].replace(" ", "") for line in footer] == [f"—{number}—"]
        _, x0, x1, _, _ = footer[0]
        if number % 2:
            assert x1 > width / 2, "odd page number not on the right"
        else:
            assert x0 < width / 2, "even page number not on the left"


@pytest.mark.parametrize("name", ["sample_model", "simplified_model"])
def test_page_count_close_to_our_pdf(rendered, name, tmp_path):
    from convert.writers import pdf as pdf_writer
    import pdfplumber

    model, lo_pdf = rendered(name)
    ours = tmp_path / "ours.pdf"
    pdf_writer.write(model, ours, Options())
    with pdfplumber.open(ours) as a, pdfplumber.open(lo_pdf) as b:
        assert abs(len(a.pages) - len(b.pages)) <= 1, (len(a.pages), len(b.pages))


def test_appending_a_paragraph_does_not_search_the_body(sample_model, monkeypatch):
    """python-docx's add_paragraph looked for the body's sectPr among all the paragraphs
    written so far, so the DOCX cost grew with the square of the report's length."""
    import copy

    from docx.oxml.xmlchemy import BaseOxmlElement

    searches = []
    original = BaseOxmlElement.first_child_found_in

    def counted(self, *tagnames):
        if self.tag == qn("w:body"):
            searches.append(len(self))
        return original(self, *tagnames)

    monkeypatch.setattr(BaseOxmlElement, "first_child_found_in", counted)
    longer = copy.deepcopy(sample_model)
    body = longer.find("body")
    for _ in range(3):
        body.extend(copy.deepcopy(list(sample_model.find("body"))))
    docx_writer.render(sample_model)
    short_searches, searches[:] = list(searches), []
    document = docx.Document(io.BytesIO(docx_writer.render(longer)))
    assert len(document.paragraphs) == len(list(blocks(longer)))  # the longer one was written whole
    assert len(searches) == len(short_searches) <= 2, (len(short_searches), len(searches))
