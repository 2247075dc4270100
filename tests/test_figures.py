"""Figures: made from image bytes (convert/figures.py), and shown by every writer — the image
where it is, scaled to the type area, with its caption under it, or a visible placeholder
naming the alt text and the source when the image was not found.

Each output is read back with the tools a user has: pdfplumber and pdftotext for the PDF,
python-docx for the DOCX, EPUBCheck and the package's files for the EPUB."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from hypothesis import assume, given
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

from conftest import ROOT, fold, missing_in_order, require_tool
from test_docx import document_text
from test_epub import epubcheck
from convert import figures
from convert import style as styles
from convert.errors import InputError, StyleError
from convert.model import plain_text, tree
from convert.options import Options
from convert.readers import xml as xml_reader
from convert.transforms import script
from convert.writers import docx as docx_writer
from convert.writers import epub as epub_writer
from convert.writers import pdf as pdf_writer
from convert.writers import text as text_writer

OFFICIAL = styles.load("official")
GEO = OFFICIAL.geometry
XHTML = "{http://www.w3.org/1999/xhtml}"
PT_PER_PX = 72 / 96  # a CSS pixel; the style's figure.pixels_per_inch is 96
MISSING_SRC = "https://www.gov.cn/zhengce/content/2021-03/images/P020210315_a_long_file_name_of_the_missing_image.png"


def image(fmt: str, size: tuple[int, int], colour=(200, 30, 30), mode: str = "RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, fmt, **save)
    return buffer.getvalue()


WIDE_PNG = image("PNG", (800, 400))                       # wider than the type area: scaled down to it
TALL_JPEG = image("JPEG", (300, 600), (30, 90, 200), quality=85)  # taller than max_height_share allows
SMALL_GIF = image("GIF", (48, 32), (20, 160, 60))          # smaller than the type area: never scaled up


def report_with_figures(lang: str = "zh-Hans") -> etree._Element:
    report = etree.fromstring(f'<report version="1" xml:lang="{lang}"><meta><title>图片测试报告</title>'
                              '<source>figures.html</source><transforms/></meta><body/></report>')
    body = report.find("body")

    def p(text: str) -> None:
        etree.SubElement(body, "p").text = text

    p("第一段正文，宽图在后面。")
    body.append(figures.figure_from_bytes(WIDE_PNG, "images/wide.png", "宽的示意图", "图1　宽图"))
    p("第二段正文，高图在后面。")
    body.append(figures.figure_from_bytes(TALL_JPEG, "images/tall.jpg", "高的照片", "图2　高图"))
    body.append(figures.figure_from_bytes(SMALL_GIF, "images/icon.gif", "小图标"))
    p("第三段正文，缺失的图在后面。")
    body.append(figures.figure_from_bytes(None, MISSING_SRC, "未找到的地图", "图3　缺失的图"))
    p("最后一段正文。")
    return tree.validate(report)


@pytest.fixture(scope="module")
def model():
    return report_with_figures()


@pytest.fixture(scope="module")
def outputs(model, tmp_path_factory):
    """Every format of the model, written once with a fixed SOURCE_DATE_EPOCH."""
    folder = tmp_path_factory.mktemp("figures")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1600000000")
    try:
        paths = {}
        for fmt, module in (("pdf", pdf_writer), ("docx", docx_writer), ("epub", epub_writer), ("txt", text_writer)):
            paths[fmt] = folder / f"figures.{fmt}"
            module.write(model, paths[fmt], Options())
        yield paths
    finally:
        mp.undo()


# ------------------------------------------------------------- the model --

@pytest.mark.parametrize("data, kind", [(WIDE_PNG, "image/png"), (TALL_JPEG, "image/jpeg"), (SMALL_GIF, "image/gif")],
                         ids=["png", "jpeg", "gif"])
def test_png_jpeg_and_gif_are_kept_as_they_are(data, kind):
    figure = figures.figure_from_bytes(data, "a.img", "alt")
    picture = figures.picture(figure)
    assert (picture.type, picture.data) == (kind, data)
    assert (picture.width, picture.height) == Image.open(io.BytesIO(data)).size


@pytest.mark.parametrize("fmt, mode", [("WEBP", "RGB"), ("BMP", "RGB"), ("TIFF", "CMYK")])
def test_other_formats_become_png_with_the_same_pixels(fmt, mode):
    colour = (0, 200, 200, 0) if mode == "CMYK" else (10, 120, 240)
    data = image(fmt, (20, 10), colour, mode=mode, **({"lossless": True} if fmt == "WEBP" else {}))
    picture = figures.picture(figures.figure_from_bytes(data, "a.img", "alt"))
    assert picture.type == "image/png" and (picture.width, picture.height) == (20, 10)
    converted = Image.open(io.BytesIO(picture.data))
    assert converted.format == "PNG" and converted.size == (20, 10)
    assert converted.convert("RGB").getpixel((5, 5)) == Image.open(io.BytesIO(data)).convert("RGB").getpixel((5, 5))


@pytest.mark.parametrize("data", [None, b"", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"GIF89a garbage",
                                  WIDE_PNG[:200]], ids=["none", "empty", "svg", "garbage", "truncated"])
def test_bytes_that_are_no_image_give_a_figure_that_keeps_alt_and_source(data):
    figure = figures.figure_from_bytes(data, " images/x.png ", "地图\n 说明", "图1　说明")
    assert figure.find("image") is None
    assert (figure.get("src"), figure.get("alt")) == ("images/x.png", "地图 说明")  # white space as a page shows it
    assert tree.text_of(figure.find("caption")) == "图1　说明"  # the ideographic space stays
    report = report_with_figures()
    report.find("body").append(figure)
    tree.validate(report)


def test_a_decompression_bomb_is_no_image(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    for size in ((12, 12), (48, 32)):  # Pillow warns above the limit and refuses above twice it
        assert figures.figure_from_bytes(image("PNG", size), "bomb.png", "").find("image") is None


def test_the_image_survives_the_model_xml(model, tmp_path):
    path = tmp_path / "figures.xml"
    tree.write(model, path)
    again = xml_reader.read(path)
    assert [figures.image_bytes(f) for f in again.iter("figure")] == [WIDE_PNG, TALL_JPEG, SMALL_GIF, None]
    assert max(len(line) for line in path.read_text(encoding="utf-8").splitlines()) < 200  # base64 in lines


@pytest.mark.parametrize("data, declared, problem", [
    (b"not an image at all", ("image/png", 48, 32), "holds no image/png picture"),
    (TALL_JPEG, ("image/png", 300, 600), "holds a image/jpeg picture of 300×600 pixels, not the image/png"),
    (SMALL_GIF, ("image/gif", 32, 48), "of 48×32 pixels, not the image/gif of 32×48"),
    (image("BMP", (4, 4)), ("image/png", 4, 4), "holds no image/png picture"),  # a BMP is kept only as PNG
], ids=["no-image", "wrong-type", "wrong-size", "unconverted"])
def test_a_model_whose_image_is_not_what_it_declares_is_refused(data, declared, problem):
    report = report_with_figures()
    image_el = report.find(".//image")
    image_el.set("type", declared[0])
    image_el.set("width", str(declared[1]))
    image_el.set("height", str(declared[2]))
    image_el.text = figures.encode(data)
    data = tree.to_bytes(report)
    with pytest.raises(InputError) as err:
        xml_reader.parse(data)
    assert problem in err.value.message
    assert err.value.line == data.split(b"\n").index(next(x for x in data.split(b"\n") if b"<image" in x)) + 1


def test_the_placeholder_names_alt_and_source_in_the_reports_script():
    figure = figures.figure_from_bytes(None, "a/b.png", "地图")
    assert figures.placeholder_text(figure, "zh-Hans") == "［图：地图］ a/b.png"
    assert figures.placeholder_text(figure, "zh-Hant") == "［圖：地图］ a/b.png"
    assert figures.placeholder_text(figures.figure_from_bytes(None, None, None), "zh-Hans") == "［图］"
    assert figures.parse_placeholder("［圖：地圖］ a/b.png") == ("地圖", "a/b.png")
    assert figures.parse_placeholder("［图］") == (None, None)
    assert figures.parse_placeholder("［图：］") == ("", None)
    for text in ("图：地图", "［表：地图］", "正文［图：地图］", ""):
        assert figures.parse_placeholder(text) is None


@given(alt=st.none() | st.text(), src=st.none() | st.text(min_size=1))
def test_parse_placeholder_inverts_placeholder_text(alt, src):
    assume(src is None or "］" not in src)
    figure = figures.figure_from_bytes(None, src, alt)
    assume(figure.get("src") is None or figure.get("src").strip())
    assert figures.parse_placeholder(figures.placeholder_text(figure, "zh-Hans")) == (figure.get("alt"), figure.get("src"))


def test_the_walk_shows_a_placeholder_and_captions_as_text(model):
    shown = [b.text for b in tree.blocks(model) if b.kind == "figure"]
    assert shown == ["图1　宽图", "图2　高图", "", f"［图：未找到的地图］ {MISSING_SRC}\n图3　缺失的图"]


def test_a_traditional_edition_converts_the_alt_text():
    report = script.convert(report_with_figures(), "hant")
    assert [f.get("alt") for f in report.iter("figure")] == ["寬的示意圖", "高的照片", "小圖標", "未找到的地圖"]
    assert "［圖：未找到的地圖］" in text_writer.render(report)


# ------------------------------------------------------------------- PDF --

def test_pdf_images_are_where_the_figures_are_scaled_to_the_type_area(outputs):
    left, width = GEO.left, GEO.text_width
    with pdfplumber.open(outputs["pdf"]) as pdf:
        placed = [(k, im) for k, page in enumerate(pdf.pages) for im in page.images]
        assert [im["srcsize"] for _, im in placed] == [(800, 400), (300, 600), (48, 32)]
        sizes = [(im["x1"] - im["x0"], im["bottom"] - im["top"]) for _, im in placed]
        for _, im in placed:  # centred in the type area
            assert (im["x0"] + im["x1"]) / 2 == pytest.approx(left + width / 2, abs=0.5)
        wide, tall, small = sizes
        assert wide == pytest.approx((width, width / 2), abs=0.5)  # 600 pt natural: down to the width
        assert tall[1] <= OFFICIAL.figure.max_height_share * GEO.text_height + 0.5 and tall[1] > 300
        assert tall[0] == pytest.approx(tall[1] / 2, abs=0.5)  # its proportions kept
        assert small == pytest.approx((48 * PT_PER_PX, 32 * PT_PER_PX), abs=0.5)  # not scaled up

        # The caption under its image; the text before and after each figure in order.
        for (k, im), caption in zip(placed, ("图1", "图2")):
            words = pdf.pages[k].extract_words()
            below = [w for w in words if w["text"].startswith(caption)]
            assert below and 0 < below[0]["top"] - im["bottom"] < 2 * GEO.leading


def test_pdf_figures_keep_the_body_on_the_line_grid(outputs):
    """Every body line, before and after each figure and on every page, sits at the same place
    in its grid line (the type area's top + a whole number of lines): a figure takes whole
    lines, as a table does."""
    with pdfplumber.open(outputs["pdf"]) as pdf:
        body = [w for page in pdf.pages for w in page.extract_words() if "正文" in w["text"]]
    assert len(body) == 4
    offsets = [(w["top"] - GEO.top) / GEO.leading for w in body]
    for w, offset in zip(body, offsets):
        assert (offset - offsets[0]) == pytest.approx(round(offset - offsets[0]), abs=0.02), w["text"]


def test_pdf_heading_goes_with_the_figure_that_follows_it(tmp_path):
    """A figure moves to the next page whole; the heading before it goes with it."""
    report = report_with_figures()
    body = report.find("body")
    for el in list(body):
        body.remove(el)
    for k in range(14):
        etree.SubElement(body, "p").text = f"第{k + 1}段正文。"
    section = etree.SubElement(body, "section", level="1", label="一、")
    etree.SubElement(section, "heading").text = "图片一节"
    section.append(figures.figure_from_bytes(TALL_JPEG, "images/tall.jpg", "高的照片", "图1　高图"))
    path = tmp_path / "heading.pdf"
    pdf_writer.write(tree.validate(report), path, Options())
    with pdfplumber.open(path) as pdf:
        image_page = next(k for k, page in enumerate(pdf.pages) if page.images)
        heading_page = next(k for k, page in enumerate(pdf.pages) if "图片一节" in page.extract_text())
        last_body_page = next(k for k, page in enumerate(pdf.pages) if "第14段正文" in page.extract_text())
    assert heading_page == image_page == last_body_page + 1


def test_pdf_placeholder_shows_alt_and_source(outputs, model):
    extracted = subprocess.run([require_tool("pdftotext"), str(outputs["pdf"]), "-"], capture_output=True,
                               text=True, check=True).stdout
    assert "［图：未找到的地图］" in extracted
    assert MISSING_SRC in fold(extracted)  # the address, broken over lines inside its box
    assert missing_in_order(plain_text(model), extracted) is None


def test_pdf_placeholder_longer_than_a_page_gives_up_its_lines(tmp_path):
    report = report_with_figures()
    report.find("body").append(figures.figure_from_bytes(None, "x.png", "很长的说明文字。" * 120, "图4　长说明"))
    path = tmp_path / "long.pdf"
    pdf_writer.write(report, path, Options())
    extracted = subprocess.run([require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True,
                               check=True).stdout
    assert missing_in_order(plain_text(report), extracted) is None


# ------------------------------------------------------------------ DOCX --

def test_docx_pictures_with_their_alt_and_source(outputs, model):
    document = docx.Document(str(outputs["docx"]))
    images = [rel.target_part.blob for rel in document.part.rels.values() if rel.reltype.endswith("/image")]
    assert sorted(images) == sorted([WIDE_PNG, TALL_JPEG, SMALL_GIF])  # the bytes as the model holds them
    doc_prs = document.element.body.findall(".//" + qn("wp:docPr"))
    assert [(d.get("descr"), d.get("title")) for d in doc_prs] == [
        ("宽的示意图", "images/wide.png"), ("高的照片", "images/tall.jpg"), ("小图标", "images/icon.gif")]
    shapes = document.inline_shapes
    width_emu = GEO.text_width * 12700
    assert shapes[0].width == pytest.approx(width_emu, abs=12700) and shapes[0].height * 2 == pytest.approx(
        shapes[0].width, abs=2 * 12700)
    assert shapes[1].height <= OFFICIAL.figure.max_height_share * GEO.text_height * 12700 + 12700
    assert (shapes[2].width, shapes[2].height) == (round(36 * 12700), round(24 * 12700))
    assert missing_in_order(plain_text(model), document_text(document)) is None


def test_docx_figure_paragraphs_and_captions_after_them(outputs):
    document = docx.Document(str(outputs["docx"]))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    figure_at = [k for k, (name, _) in enumerate(styled) if name == "Figure"]
    assert len(figure_at) == 4
    assert [styled[k + 1] for k in figure_at] == [("Caption", "图1　宽图"), ("Caption", "图2　高图"),
                                                   ("Body", "第三段正文，缺失的图在后面。"), ("Caption", "图3　缺失的图")]
    placeholder = document.paragraphs[figure_at[-1]]
    assert placeholder.text == f"［图：未找到的地图］ {MISSING_SRC}"
    assert [h.address for h in placeholder.hyperlinks] == [MISSING_SRC]
    figure_style = document.styles["Figure"]
    assert figure_style.paragraph_format.alignment == 1  # centred
    spacing = figure_style.element.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert spacing.get(qn("w:lineRule")) == "auto"  # an exact line would crop the picture


# ------------------------------------------------------------------ EPUB --

@pytest.mark.parametrize("vertical", [False, True], ids=["horizontal", "vertical"])
def test_epub_passes_epubcheck_with_its_images(model, tmp_path, vertical):
    path = tmp_path / "figures.epub"
    epub_writer.write(model, path, Options(vertical=vertical))
    fatals, errors, warnings, out = epubcheck(path)
    assert (fatals, errors, warnings) == (0, 0, 0), out


def test_epub_holds_each_image_and_shows_the_placeholder(outputs, model):
    with zipfile.ZipFile(outputs["epub"]) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        items = {i.get("href"): i.get("media-type") for i in opf.iter("{*}item") if i.get("href").startswith("images/")}
        assert sorted(items.values()) == ["image/gif", "image/jpeg", "image/png"]
        assert sorted(archive.read("EPUB/" + href) for href in items) == sorted([WIDE_PNG, TALL_JPEG, SMALL_GIF])
        pages = [etree.fromstring(archive.read(n)) for n in archive.namelist() if n.endswith(".xhtml") and "nav" not in n]
    shown = [f for page in pages for f in page.iter(f"{XHTML}figure")]
    imgs = [f.find(f"{XHTML}img") for f in shown]
    assert [(i.get("src"), i.get("alt")) for i in imgs[:3]] == [
        (href, alt) for href, alt in zip(sorted(items, key=list(items).index), ("宽的示意图", "高的照片", "小图标"))]
    assert imgs[3] is None
    box = shown[3].find(f"{XHTML}div")
    assert box.get("class") == "figure-placeholder"
    assert fold("".join(box.itertext())) == fold(f"［图：未找到的地图］ {MISSING_SRC}")
    assert ["".join(f.find(f"{XHTML}figcaption").itertext()) for f in shown if f.find(f"{XHTML}figcaption") is not None] \
        == ["图1　宽图", "图2　高图", "图3　缺失的图"]
    text = "".join("".join(page.itertext()) for page in pages)
    assert missing_in_order(plain_text(model), text) is None


# ------------------------------------------------------------ plain text --

def test_text_has_a_line_where_each_figure_is(outputs):
    lines = outputs["txt"].read_text(encoding="utf-8").splitlines()
    assert "［图：宽的示意图］ images/wide.png" in lines
    at = lines.index(f"［图：未找到的地图］ {MISSING_SRC}")
    assert lines[at + 1] == "图3　缺失的图"
    assert lines.index("［图：小图标］ images/icon.gif") < at < lines.index("最后一段正文。")


def test_wrapped_text_breaks_the_source_where_an_address_breaks(model):
    lines = text_writer.render(model, 30).splitlines()
    at = lines.index("［图：未找到的地图］")
    source = lines[at + 1:lines.index("图3　缺失的图")]
    assert "".join(source) == MISSING_SRC and len(source) > 1
    assert all(len(line) <= 30 for line in source)
    assert all(line[-1] in "/?&=#-_." for line in source[:-1])  # broken where an address breaks


# ---------------------------------------------------------- determinism --

def test_same_model_same_bytes_in_another_process(model, outputs, tmp_path):
    """The model written as XML and converted by the command in a process of its own gives the
    bytes the writers gave here (image names, part names and XObjects do not depend on the run)."""
    source = tmp_path / "figures.xml"
    tree.write(model, source)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1600000000"}
    subprocess.run([sys.executable, "-m", "convert", str(source), "-o", str(tmp_path / "out"), "--to",
                    "pdf,docx,epub,txt", "-q"], check=True, env=env, cwd=ROOT, timeout=120)
    for fmt in ("pdf", "docx", "epub", "txt"):
        assert (tmp_path / "out" / f"figures.{fmt}").read_bytes() == Path(outputs[fmt]).read_bytes(), fmt


# ---------------------------------------------------------------- style --

@pytest.mark.parametrize("line, key", [("max_height_share = 1.5", "figure.max_height_share"),
                                       ('placeholder_color = "grey"', "figure.placeholder_color")])
def test_bad_figure_keys_are_refused(tmp_path, line, key):
    path = tmp_path / "bad.toml"
    path.write_text(f'extends = "official"\n\n[figure]\n{line}\n', encoding="utf-8")
    with pytest.raises(StyleError) as err:
        styles.load(str(path))
    assert err.value.key == key


def test_a_caption_element_with_marked_text_is_copied_whole():
    """A caption given as an element keeps its inline marks and the text after them."""
    caption = etree.fromstring("<caption>图1　<cite>《规划》</cite>的示意</caption>")
    figure = figures.figure_from_bytes(b"not an image", "plan.png", "规划图", caption=caption)
    assert "".join(figure.find("caption").itertext()) == "图1　《规划》的示意"
    assert figure.find("caption/cite").tail == "的示意"
