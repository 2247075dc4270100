"""The OFD writer (GB/T 33190-2016), read back by other software than the writer: lxml
validates every XML part against the standard's schemas (tests/data/ofd-schema), ofdkit reads
the text and each text run's position, fontTools opens the embedded fonts, pdfplumber reads
the PDF painted from the same layout, and easyofd renders pages (tests/test_ofd_render.py)."""
from __future__ import annotations

import copy
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import ofdkit
import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from lxml import etree

import govcn
from conftest import DATA, EXAMPLE_XML, SAMPLE, missing_in_order, read_report
from convert.model import plain_text
from convert.options import Options
from convert.readers import text as text_reader
from convert.readers import xml as xml_reader
from convert.typeset import pages
from convert.typeset.layout import DocumentInfo, GlyphRun, Image, Layout, Page
from convert.writers import ofd, pdf

EPOCH = "1700000000"  # 2023-11-14 UTC
MM = 25.4 / 72
NS = {"ofd": ofd.NS}
SCHEMAS = DATA / "ofd-schema"
TOL = 0.5  # pt
CLI = [sys.executable, "-m", "convert"]
ROOT = SAMPLE.parent.parent


def govcn_model(name: str):
    return text_reader.parse(govcn.paragraph_text(name).encode("utf-8"), source=f"{name}.txt")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """name -> (model, pdf path, ofd path): the sample, the example (every element of the
    schema: closing, table, 版记, attached documents) and a gov.cn notice with tables."""
    out = tmp_path_factory.mktemp("ofd")
    models = {"sample": read_report(SAMPLE), "example": xml_reader.read(EXAMPLE_XML), "gov-cn-10": govcn_model("gov-cn-10")}
    result = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for name, model in models.items():
            pdf.write(model, out / f"{name}.pdf", Options())
            ofd.write(model, out / f"{name}.ofd", Options())
            result[name] = (model, out / f"{name}.pdf", out / f"{name}.ofd")
    return result


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def schema(name: str, archive: bool = False) -> etree.XMLSchema:
    doc = etree.parse(str(SCHEMAS / name))
    if archive:
        # The published OFD.xsd fixes DocType to "OFD", while the standard's text (7.4, table 2)
        # also names "OFD-A" for archival files: only that enumeration is widened here.
        attr = doc.find(".//{http://www.w3.org/2001/XMLSchema}attribute[@name='DocType']")
        del attr.attrib["fixed"]
        restriction = attr.find(".//{http://www.w3.org/2001/XMLSchema}restriction")
        etree.SubElement(restriction, "{http://www.w3.org/2001/XMLSchema}enumeration", value="OFD-A")
    return etree.XMLSchema(doc)


def assert_valid(path: Path, archive: bool = False) -> int:
    """Every XML part against its schema; the number of parts checked."""
    package = parts(path)
    which = {"OFD.xml": "OFD.xsd", "Doc_0/Document.xml": "Document.xsd", "Doc_0/PublicRes.xml": "Res.xsd",
             "Doc_0/DocumentRes.xml": "Res.xsd"}
    which.update({name: "Page.xsd" for name in package if re.fullmatch(r"Doc_0/Pages/Page_\d+/Content\.xml", name)})
    assert set(which) == {name for name in package if name.endswith(".xml")}
    loaded = {}
    for name, xsd in which.items():
        checker = loaded.get(xsd) or loaded.setdefault(xsd, schema(xsd, archive and xsd == "OFD.xsd"))
        assert checker.validate(etree.fromstring(package[name])), f"{name}: {checker.error_log.last_error}"
    return len(which)


# ------------------------------------------------------------------ package --

@pytest.mark.parametrize("name", ["sample", "example", "gov-cn-10"])
def test_every_part_validates_against_the_standards_schema(built, name):
    _, _, path = built[name]
    with ofdkit.open(path) as doc:
        pages = len(doc.pages)
        assert doc.warnings == []
    assert assert_valid(path) == 4 + pages


def test_the_package_is_laid_out_as_the_standard_shows(built):
    _, _, path = built["sample"]
    package = parts(path)
    assert list(package)[0] == "OFD.xml"
    entry = etree.fromstring(package["OFD.xml"])
    assert entry.get("DocType") == "OFD" and entry.findtext("ofd:DocBody/ofd:DocRoot", namespaces=NS) == "Doc_0/Document.xml"
    document = etree.fromstring(package["Doc_0/Document.xml"])
    common = document.find("ofd:CommonData", NS)
    assert common.findtext("ofd:PageArea/ofd:PhysicalBox", namespaces=NS) == "0 0 210 297"  # A4, mm
    assert common.findtext("ofd:PublicRes", namespaces=NS) == "PublicRes.xml"
    assert common.findtext("ofd:DocumentRes", namespaces=NS) == "DocumentRes.xml"
    ids = [int(v) for xml in package.values() if xml[:5] == b"<?xml" for v in etree.fromstring(xml).xpath("//@ID")]
    assert len(ids) == len(set(ids)) and int(common.findtext("ofd:MaxUnitID", namespaces=NS)) == max(ids)
    for page in document.findall("ofd:Pages/ofd:Page", NS):
        assert f"Doc_0/{page.get('BaseLoc')}" in package
    # Nothing refers outside the package: every location resolves to one of its parts.
    res = etree.fromstring(package["Doc_0/PublicRes.xml"])
    for font in res.findall(".//ofd:FontFile", NS):
        assert f"Doc_0/{res.get('BaseLoc')}/{font.text}" in package


def test_document_info_carries_the_reports_metadata_and_the_epochs_date(built):
    model, _, path = built["sample"]
    with ofdkit.open(path) as doc:
        info = doc.info
    meta = model.find("meta")
    assert info.title == "".join(meta.find("title").itertext())
    assert info.author == meta.findtext("issuer") and info.author
    assert info.creation_date == info.mod_date == "2023-11-14"
    assert info.creator == "report-convert" and info.creator_version
    assert meta.findtext("issuer") in info.keywords
    assert re.fullmatch(r"[0-9a-f]{32}", info.doc_id)
    assert info.custom_data["Language"] == model.get("{http://www.w3.org/XML/1998/namespace}lang")


def test_same_input_and_epoch_give_identical_bytes(tmp_path):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    outputs = []
    for run in ("a", "b"):
        subprocess.run([*CLI, str(EXAMPLE_XML), "-o", str(tmp_path / run), "--to", "ofd"], check=True, env=env, cwd=ROOT)
        outputs.append((tmp_path / run / "example.ofd").read_bytes())
    assert outputs[0] == outputs[1]


# --------------------------------------------------------------- text back --

def run_text(path: Path) -> str:
    """The text of every run in the order the pages hold them (the reading order)."""
    with ofdkit.open(path) as doc:
        return "\n".join(run.text for page in doc.pages for run in page.runs)


@pytest.mark.parametrize("name", ["sample", "example", "gov-cn-10"])
def test_ofdkit_reads_back_all_of_the_models_text_in_order(built, name):
    model, _, path = built[name]
    assert missing_in_order(plain_text(model), run_text(path)) is None
    if model.find(".//table") is None:  # by position too: a table's cells of unequal heights interleave
        with ofdkit.open(path) as doc:
            assert missing_in_order(plain_text(model), doc.text()) is None


def test_every_govcn_document_reads_back_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for name in govcn.NAMES:
        model = govcn_model(name)
        path = tmp_path / f"{name}.ofd"
        ofd.write(model, path, Options())
        assert missing_in_order(plain_text(model), run_text(path)) is None, name


# ---------------------------------------------------------------- geometry --

@pytest.mark.parametrize("name", ["sample", "example", "gov-cn-10"])
def test_every_run_starts_where_the_pdf_places_its_first_character(built, name):
    """ofdkit's runs (mm from the top left) against pdfplumber's characters (pt from the
    bottom left), page by page, in the order both files draw them."""
    _, pdf_path, ofd_path = built[name]
    with ofdkit.open(ofd_path) as doc, pdfplumber.open(pdf_path) as pdf_doc:
        assert len(doc.pages) == len(pdf_doc.pages)
        for page, pdf_page in zip(doc.pages, pdf_doc.pages):
            chars = pdf_page.chars
            assert page.height / MM == pytest.approx(float(pdf_page.height), abs=0.01)
            k = 0
            for run in page.runs:
                first = chars[k]
                assert first["text"] == run.text[0], (pdf_page.page_number, run.text)
                x, baseline = first["matrix"][4], first["matrix"][5]
                assert run.x / MM == pytest.approx(x, abs=TOL), run.text
                assert pdf_page.height - run.y / MM == pytest.approx(baseline, abs=TOL), run.text
                assert run.size / MM == pytest.approx(first["size"], abs=0.01), run.text
                k += len(run.text)
            assert k == len(chars)


def test_deltas_place_every_glyph_of_a_run_as_the_layout_does(built):
    """DeltaX read back (with its `g` repeats) gives each glyph's x within a micrometre."""
    model, _, path = built["example"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        layout = pages.lay_out(model, Options())
    package = parts(path)
    for number, page in enumerate(layout.pages):
        content = etree.fromstring(package[f"Doc_0/Pages/Page_{number}/Content.xml"])
        objects = content.findall(".//ofd:TextObject", NS)
        runs = [item for item in page.items if isinstance(item, GlyphRun)]
        assert len(objects) == len(runs)
        for obj, run in zip(objects, runs):
            left = float(obj.get("Boundary").split()[0])
            code = obj.find("ofd:TextCode", NS)
            xs, x = [], left + float(code.get("X"))
            tokens = (code.get("DeltaX") or "").split()
            steps = []
            while tokens:
                if tokens[0] == "g":
                    steps += [float(tokens[2])] * int(tokens[1])
                    tokens = tokens[3:]
                else:
                    steps.append(float(tokens.pop(0)))
            for step in [0.0, *steps]:
                x += step
                xs.append(x)
            assert code.text == run.text
            assert xs == pytest.approx([v * MM for v in run.xs], abs=0.002)


def pdf_strokes(pdf_page) -> list[tuple[float, float, float, float, float]]:
    """Lines and rectangle edges as (x0, y0, x1, y1, width), y from the bottom, rounded."""
    height = float(pdf_page.height)
    out = []
    for line in pdf_page.lines:
        out.append((line["x0"], height - line["top"], line["x1"], height - line["bottom"], line["linewidth"]))
    for rect in pdf_page.rects:
        out.append((rect["x0"], height - rect["bottom"], rect["x1"], height - rect["top"], rect["linewidth"]))
    return out


def ofd_strokes(content: etree._Element, page_height: float) -> list[tuple[float, ...]]:
    out = []
    for path in content.findall(".//ofd:PathObject", NS):
        left, top = (float(v) for v in path.get("Boundary").split()[:2])
        numbers = [float(v) for v in re.findall(r"-?[\d.]+", path.findtext("ofd:AbbreviatedData", namespaces=NS))]
        xs = [(left + v) / MM for v in numbers[0::2]]
        ys = [page_height - (top + v) / MM for v in numbers[1::2]]
        out.append((min(xs), min(ys), max(xs), max(ys), float(path.get("LineWidth")) / MM))
    return out


def same_strokes(ours: list[tuple], theirs: list[tuple], tol: float = 0.05) -> bool:
    """The two lists hold the same strokes, each within `tol` pt, in any order."""
    left = list(ours)
    for stroke in theirs:
        match = next((s for s in left if all(abs(a - b) <= tol for a, b in zip(s, stroke))), None)
        if match is None:
            return False
        left.remove(match)
    return not left


@pytest.mark.parametrize("name", ["example", "gov-cn-10"])
def test_rules_and_table_borders_are_path_objects_where_the_pdf_draws_them(built, name):
    _, pdf_path, ofd_path = built[name]
    package = parts(ofd_path)
    drawn = 0
    with pdfplumber.open(pdf_path) as pdf_doc:
        for k, pdf_page in enumerate(pdf_doc.pages):
            content = etree.fromstring(package[f"Doc_0/Pages/Page_{k}/Content.xml"])
            strokes = pdf_strokes(pdf_page)
            assert same_strokes(ofd_strokes(content, float(pdf_page.height)), strokes), pdf_page.page_number
            drawn += len(strokes)
    assert drawn > 10  # the 版记's rules, the tables' cells


def test_page_numbers_are_where_the_pdf_has_them(built):
    """“— N —” below the type area on every numbered page, none on the pages a 版记 leaves
    unnumbered, at the PDF's positions (the run test above) and with the PDF's text."""
    _, pdf_path, ofd_path = built["example"]
    with ofdkit.open(ofd_path) as doc, pdfplumber.open(pdf_path) as pdf_doc:
        for page, pdf_page in zip(doc.pages, pdf_doc.pages):
            below = [run.text for run in page.runs if run.y > 297 - 30]
            pdf_below = "".join(c["text"] for c in pdf_page.chars if c["matrix"][5] < 30 / MM)
            assert "".join(below) == pdf_below
            assert re.fullmatch(r"(—\s*\d+\s*—)?", "".join(below)), below
        assert any(run.text for run in doc.pages[0].runs if run.y > 297 - 30)


def test_the_outline_is_the_pdfs(built):
    _, pdf_path, ofd_path = built["example"]
    document = etree.fromstring(parts(ofd_path)["Doc_0/Document.xml"])
    page_ids = [int(p.get("ID")) for p in document.findall("ofd:Pages/ofd:Page", NS)]
    ours = []

    def walk(parent, level):
        for elem in parent.findall("ofd:OutlineElem", NS):
            dest = elem.find("ofd:Actions/ofd:Action/ofd:Goto/ofd:Dest", NS)
            ours.append((level, elem.get("Title"), page_ids.index(int(dest.get("PageID"))),
                         round(297 - float(dest.get("Top")), 0)))
            walk(elem, level + 1)

    walk(document.find("ofd:Outlines", NS), 1)
    with pdfplumber.open(pdf_path) as pdf_doc:
        numbers = {page.page_obj.pageid: k for k, page in enumerate(pdf_doc.pages)}
        theirs = [(level, title, numbers[dest[0].objid], round(dest[3] * MM, 0))
                  for level, title, dest, _, _ in pdf_doc.doc.get_outlines()]
    assert ours == theirs and len(ours) >= 3
    assert document.findtext("ofd:VPreferences/ofd:PageMode", namespaces=NS) == "UseOutlines"


# ------------------------------------------------------------------- fonts --

def test_fonts_are_embedded_subsets_holding_every_glyph_they_draw(built):
    _, pdf_path, ofd_path = built["gov-cn-10"]
    package = parts(ofd_path)
    res = etree.fromstring(package["Doc_0/PublicRes.xml"])
    files = {int(f.get("ID")): TTFont(io.BytesIO(package[f"Doc_0/Res/{f.findtext('ofd:FontFile', namespaces=NS)}"]))
             for f in res.findall("ofd:Fonts/ofd:Font", NS)}
    used: dict[int, set[str]] = {}
    for name, data in package.items():
        if name.endswith("Content.xml"):
            for obj in etree.fromstring(data).iter(f"{{{ofd.NS}}}TextObject"):
                used.setdefault(int(obj.get("Font")), set()).update(obj.findtext("ofd:TextCode", namespaces=NS))
    assert set(used) <= set(files)
    with pdfplumber.open(pdf_path) as pdf_doc:
        families = {re.sub(r"^[A-Z]{6}\+|-[0-9a-f]{6}$", "", c["fontname"]) for p in pdf_doc.pages for c in p.chars}
    for font_id, chars in used.items():
        font = files[font_id]
        cmap = font.getBestCmap()
        assert all(ord(ch) in cmap for ch in chars), font_id
        glyf = font["glyf"]
        assert all(glyf[cmap[ord(ch)]].numberOfContours != 0 for ch in chars if not ch.isspace())
        assert font["maxp"].numGlyphs <= len(chars) + 2  # a subset: .notdef, the space, what is drawn
        assert font["name"].getDebugName(6) in families  # the PDF's fonts
    assert len(files) == len(families)


def test_a_character_beyond_the_bmp_names_its_glyph(tmp_path, example_model, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    model = copy.deepcopy(example_model)
    model.find("body/p").text = "石\U00020000山"  # 𠀀, CJK Extension B: only HanaMin B has it
    path = tmp_path / "wide.ofd"
    ofd.write(model, path, Options())
    assert_valid(path)
    package = parts(path)
    found = 0
    res = etree.fromstring(package["Doc_0/PublicRes.xml"])
    locations = {f.get("ID"): f.findtext("ofd:FontFile", namespaces=NS) for f in res.findall("ofd:Fonts/ofd:Font", NS)}
    for name, data in package.items():
        if not name.endswith("Content.xml"):
            continue
        for obj in etree.fromstring(data).iter(f"{{{ofd.NS}}}TextObject"):
            text = obj.findtext("ofd:TextCode", namespaces=NS)
            for transform in obj.findall("ofd:CGTransform", NS):
                position = int(transform.get("CodePosition"))
                assert text[position] == "\U00020000"
                font = TTFont(io.BytesIO(package[f"Doc_0/Res/{locations[obj.get('Font')]}"]))
                glyph = font.getGlyphOrder()[int(transform.findtext("ofd:Glyphs", namespaces=NS))]
                assert glyph == font.getBestCmap()[0x20000]
                found += 1
    assert found == 1
    assert "石\U00020000山" in run_text(path).replace("\n", "")


# ------------------------------------------------------------------ images --

def test_an_image_in_the_layout_is_painted_into_both_formats(tmp_path, monkeypatch, built):
    """The layout carries images: both painters place one where it says, the OFD as an
    ImageObject on a MultiMedia resource holding the same bytes."""
    from PIL import Image as PILImage

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    picture = io.BytesIO()
    PILImage.new("RGB", (40, 20), (200, 30, 30)).save(picture, format="PNG")
    text = pages.lay_out(built["example"][0], Options())  # a font of a real layout
    font = text.initial_font
    layout = Layout(595.0, 842.0, [Page([GlyphRun(font, 12.0, 700.0, "1", (100.0,)),
                                         Image(100.0, 500.0, 200.0, 100.0, picture.getvalue(), "image/png")])],
                    [], DocumentInfo(title="图", author="某"), {font: text.fonts[font]}, font, 12.0)
    package = ofd.Package(layout, "0" * 32)
    package.save(tmp_path / "image.ofd")
    assert_valid(tmp_path / "image.ofd")
    files = parts(tmp_path / "image.ofd")
    image = etree.fromstring(files["Doc_0/Pages/Page_0/Content.xml"]).find(".//ofd:ImageObject", NS)
    left, top, width, height = (float(v) for v in image.get("Boundary").split())
    assert (left / MM, top / MM, width / MM, height / MM) == pytest.approx((100, 842 - 600, 200, 100), abs=0.01)
    media = etree.fromstring(files["Doc_0/DocumentRes.xml"]).find(".//ofd:MultiMedia", NS)
    assert media.get("ID") == image.get("ResourceID") and media.get("Type") == "Image"
    assert files[f"Doc_0/Res/{media.findtext('ofd:MediaFile', namespaces=NS)}"] == picture.getvalue()

    pdf.paint(layout, str(tmp_path / "image.pdf"))
    with pdfplumber.open(tmp_path / "image.pdf") as pdf_doc:
        (placed,) = pdf_doc.pages[0].images
        assert (placed["x0"], placed["y0"], placed["width"], placed["height"]) == pytest.approx((100, 500, 200, 100))


def test_figures_are_image_objects_and_a_missing_image_a_box_where_the_pdf_has_them(tmp_path, monkeypatch):
    """The model's figures (PNG, JPEG, GIF, and one whose image is missing): each image is a
    MultiMedia resource with the model's bytes, drawn where the PDF draws it; the missing
    image's placeholder box is a PathObject in the style's colour."""
    from test_figures import report_with_figures

    from convert import figures

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    model = report_with_figures()
    ofd.write(model, tmp_path / "figures.ofd", Options())
    pdf.write(model, tmp_path / "figures.pdf", Options())
    assert_valid(tmp_path / "figures.ofd")
    files = parts(tmp_path / "figures.ofd")
    medias = {m.get("ID"): files[f"Doc_0/Res/{m.findtext('ofd:MediaFile', namespaces=NS)}"]
              for m in etree.fromstring(files["Doc_0/DocumentRes.xml"]).iter(f"{{{ofd.NS}}}MultiMedia")}
    assert sorted(medias.values()) == sorted(figures.picture(f).data for f in model.iter("figure") if f.find("image") is not None)
    boxes = 0
    with pdfplumber.open(tmp_path / "figures.pdf") as pdf_doc:
        for k, pdf_page in enumerate(pdf_doc.pages):
            content = etree.fromstring(files[f"Doc_0/Pages/Page_{k}/Content.xml"])
            placed = []
            for obj in content.iter(f"{{{ofd.NS}}}ImageObject"):
                left, top, width, height = (float(v) / MM for v in obj.get("Boundary").split())
                placed.append((left, float(pdf_page.height) - top - height, width, height))
            theirs = [(i["x0"], i["y0"], i["width"], i["height"]) for i in pdf_page.images]
            assert [v for box in sorted(placed) for v in box] == pytest.approx([v for box in sorted(theirs) for v in box], abs=0.05)
            assert same_strokes(ofd_strokes(content, float(pdf_page.height)), pdf_strokes(pdf_page))
            for path in content.iter(f"{{{ofd.NS}}}PathObject"):
                colour = path.find("ofd:StrokeColor", NS)
                assert colour is not None  # the placeholder's grey, not the default black
                boxes += 1
    assert boxes == 1
    assert missing_in_order(plain_text(model), run_text(tmp_path / "figures.ofd")) is None


# ----------------------------------------------------- archive, cli, errors --

def test_archive_writes_ofd_a_with_complete_metadata(tmp_path):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    done = subprocess.run([*CLI, str(EXAMPLE_XML), "-o", str(tmp_path), "--to", "ofd", "--archive"],
                          env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    path = tmp_path / "example.ofd"
    assert etree.fromstring(parts(path)["OFD.xml"]).get("DocType") == "OFD-A"
    assert_valid(path, archive=True)
    with pytest.raises(AssertionError):
        assert_valid(path)  # the published OFD.xsd alone rejects DocType="OFD-A"
    with ofdkit.open(path) as doc:
        info = doc.info
    assert all([info.doc_id, info.title, info.author, info.subject, info.creation_date, info.creator, info.keywords])


def test_archive_refuses_a_model_without_an_issuer_in_one_line(tmp_path, example_model):
    model = copy.deepcopy(example_model)
    issuer = model.find("meta/issuer")
    issuer.getparent().remove(issuer)
    source = tmp_path / "no-issuer.xml"
    source.write_bytes(etree.tostring(model, xml_declaration=True, encoding="UTF-8"))
    done = subprocess.run([*CLI, str(source), "-o", str(tmp_path / "out"), "--to", "ofd", "--archive"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "OFD-A" in done.stderr and "issuer" in done.stderr
    assert not (tmp_path / "out" / "no-issuer.ofd").exists()


def test_archive_without_ofd_is_said_and_ignored(tmp_path):
    done = subprocess.run([*CLI, str(EXAMPLE_XML), "-o", str(tmp_path), "--to", "txt", "--archive"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "--archive applies only to ofd" in done.stderr


def test_a_character_no_font_has_fails_as_for_the_pdf(tmp_path, example_model):
    model = copy.deepcopy(example_model)
    model.find("body/p").text += "\U0010FFFD"
    source = tmp_path / "pua.xml"
    source.write_bytes(etree.tostring(model, xml_declaration=True, encoding="UTF-8"))
    results = {}
    for fmt in ("pdf", "ofd"):
        done = subprocess.run([*CLI, str(source), "-o", str(tmp_path / fmt), "--to", fmt], cwd=ROOT,
                              capture_output=True, text=True)
        results[fmt] = (done.returncode, re.sub(r"\b(pdf|ofd)\b", "X", done.stderr))
        assert not (tmp_path / fmt).exists() or not list((tmp_path / fmt).iterdir())
    assert results["ofd"] == results["pdf"]
    assert results["ofd"][0] == 1 and "U+10FFFD" in results["ofd"][1] and results["ofd"][1].count("\n") == 1


def test_an_unwritable_folder_fails_as_for_the_pdf(tmp_path):
    (tmp_path / "afile").write_text("", encoding="utf-8")
    out = tmp_path / "afile" / "sub"  # a folder that cannot be made (root may write anywhere else)
    results = {}
    for fmt in ("pdf", "ofd"):
        done = subprocess.run([*CLI, str(EXAMPLE_XML), "-o", str(out), "--to", fmt], cwd=ROOT,
                              capture_output=True, text=True)
        results[fmt] = (done.returncode, re.sub(r"\b(pdf|ofd)\b", "X", done.stderr))
    assert results["ofd"] == results["pdf"]
    assert results["ofd"][0] != 0 and results["ofd"][1].count("\n") == 1 and str(out) in results["ofd"][1]
    assert ".part" not in results["ofd"][1] and "Traceback" not in results["ofd"][1]
