"""The writers' registry: what derives from it, and one page layout for the formats that paint it.

Layouts are counted by patching convert.typeset.pages.lay_out to append a line (its process
id) to a file: a forked child inherits the patch, and its lines reach the same file."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from conftest import ROOT, SAMPLE

from convert.batch import convert_one
from convert.options import Options
from convert.typeset import pages
from convert.writers import WRITERS, needing_layout, ofd, pdf

EPOCH = "1700000000"


@pytest.fixture
def layouts(tmp_path, monkeypatch):
    """The process ids of the layouts made, one a layout, read after the fact."""
    log = tmp_path / "layouts"
    original = pages.lay_out

    def counted(report, options):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        return original(report, options)

    monkeypatch.setattr(pages, "lay_out", counted)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return lambda: [int(pid) for pid in log.read_text(encoding="utf-8").split()] if log.exists() else []


def ofd_pages(path: Path) -> int:
    with zipfile.ZipFile(path) as package:
        return sum(1 for name in package.namelist() if re.fullmatch(r"Doc_0/Pages/Page_\d+/Content\.xml", name))


def test_pdf_and_ofd_asked_for_together_are_painted_from_one_layout(tmp_path, layouts):
    written = convert_one(SAMPLE, ["pdf", "ofd"], tmp_path, Options())
    assert [p.suffix for p in written] == [".pdf", ".ofd"]
    assert layouts() == [os.getpid()]
    with pdfplumber.open(written[0]) as document:
        assert len(document.pages) == ofd_pages(written[1]) > 1


def test_the_forked_child_lays_out_once_for_both(tmp_path, layouts):
    """With `split`, the PDF and the OFD are written in one child, from one layout, while
    this process writes the text."""
    written = convert_one(SAMPLE, ["txt", "pdf", "ofd"], tmp_path, Options(), split=True)
    assert sorted(p.suffix for p in written) == [".ofd", ".pdf", ".txt"]
    (child,) = layouts()
    assert child != os.getpid()


def test_the_count_sees_a_layout_per_writer_that_makes_its_own(tmp_path, layouts, sample_model):
    """What the tests above rule out: each painter's write() lays the report out itself."""
    pdf.write(sample_model, tmp_path / "a.pdf", Options())
    ofd.write(sample_model, tmp_path / "a.ofd", Options())
    assert len(layouts()) == 2


def test_one_layout_paints_the_same_bytes_as_a_layout_each(tmp_path, monkeypatch, sample_model):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    layout = pages.lay_out(sample_model, Options())
    pdf.write_layout(layout, tmp_path / "shared.pdf")
    ofd.write_layout(layout, tmp_path / "shared.ofd")
    pdf.write(sample_model, tmp_path / "own.pdf")
    ofd.write(sample_model, tmp_path / "own.ofd")
    assert (tmp_path / "shared.pdf").read_bytes() == (tmp_path / "own.pdf").read_bytes()
    assert (tmp_path / "shared.ofd").read_bytes() == (tmp_path / "own.ofd").read_bytes()


def test_the_formats_that_need_a_layout_are_the_painters_of_one():
    assert needing_layout(WRITERS) == ["pdf", "ofd"]
    for name in needing_layout(WRITERS):
        from convert.writers import writer

        assert callable(writer(name).write_layout)


def test_the_makefile_makes_the_registered_formats():
    """The Makefile cannot import the registry: its FORMATS are pinned to it here."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (formats,) = re.findall(r"^FORMATS := (.*)$", makefile, re.MULTILINE)
    assert formats.split() == list(WRITERS)
    for name in WRITERS:  # a target per format
        assert re.search(rf"^{name}: ", makefile, re.MULTILINE), name


def test_the_help_lists_every_registered_format():
    done = subprocess.run([sys.executable, "-m", "convert", "--help"], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    listed = re.search(r"--to all -o out\s+(.*)", done.stdout).group(1)
    assert re.split(r", | and ", listed) == list(WRITERS)


def test_a_layout_stands_alone_and_paints_the_same_pdf_in_another_process(tmp_path, monkeypatch, sample_model):
    """Laying out registers nothing with ReportLab; a Layout carried to a fresh interpreter
    (pickled) paints there the bytes it paints here: the painter registers what it names."""
    import pickle

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    code = (
        "import pickle, sys\n"
        "from lxml import etree\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "from convert.options import Options\n"
        "from convert.typeset import pages\n"
        "from convert.writers import pdf\n"
        "pages.lay_out(etree.parse(sys.argv[1]).getroot(), Options())\n"
        "assert not [n for n in pdfmetrics.getRegisteredFontNames() if n.startswith('RC-')]\n"
        "pdf.paint(pickle.load(open(sys.argv[2], 'rb')), sys.argv[3])\n"
    )
    layout = pages.lay_out(sample_model, Options())
    (tmp_path / "layout.pickle").write_bytes(pickle.dumps(layout))
    (tmp_path / "model.xml").write_bytes(etree.tostring(sample_model))
    pdf.paint(layout, str(tmp_path / "here.pdf"))
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "model.xml"), str(tmp_path / "layout.pickle"),
                           str(tmp_path / "there.pdf")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "there.pdf").read_bytes() == (tmp_path / "here.pdf").read_bytes()


# ------------------------------------------------------------ colour --

RED, BLUE = (0.753, 0.0, 0.0), (0.0, 0.0, 1.0)  # #C00000 and #0000FF as pdfplumber reads them back


def test_a_roles_colour_is_drawn_in_the_pdf_and_the_ofd(tmp_path, monkeypatch):
    """A role's `color` reaches the Layout, so both painters draw it: the title red, level-1
    headings blue, and nothing else (the body and page numbers keep text.color, black)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    style = tmp_path / "coloured.toml"
    style.write_text('extends = "official"\n[roles.title]\ncolor = "#C00000"\n'
                     '[roles.heading1]\ncolor = "#0000FF"\n', encoding="utf-8")
    convert_one(SAMPLE, ["xml", "pdf", "ofd"], tmp_path, Options(style=str(style)))
    model = etree.parse(str(tmp_path / (SAMPLE.stem + ".xml")))
    title = "".join(model.find("meta/title").itertext())
    section = model.xpath("//section[@level='1']")[0]
    first_heading = section.get("label", "") + "".join(section.find("heading").itertext())
    with pdfplumber.open(tmp_path / (SAMPLE.stem + ".pdf")) as doc:
        chars = [c for page in doc.pages for c in page.chars]
    by_colour: dict[tuple, str] = {}
    for c in chars:
        colour = tuple(round(v, 3) for v in c["non_stroking_color"])
        by_colour[colour] = by_colour.get(colour, "") + c["text"]
    assert set(by_colour) == {RED, BLUE, (0.0, 0.0, 0.0)}
    assert by_colour[RED].replace(" ", "") == title.replace(" ", "").replace("\n", "")
    assert by_colour[BLUE].startswith(first_heading)
    with zipfile.ZipFile(tmp_path / (SAMPLE.stem + ".ofd")) as ofd_zip:
        first_page = ofd_zip.read("Doc_0/Pages/Page_0/Content.xml").decode("utf-8")
    assert set(re.findall(r'FillColor Value="([^"]+)"', first_page)) == {"192 0 0", "0 0 255"}


def test_the_official_style_draws_every_glyph_black(tmp_path, monkeypatch):
    """The rule's negative case: no colour set, none drawn (a run without a colour is black)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    convert_one(SAMPLE, ["pdf", "ofd"], tmp_path, Options())
    with pdfplumber.open(tmp_path / (SAMPLE.stem + ".pdf")) as doc:
        colours = {tuple(c["non_stroking_color"]) for page in doc.pages for c in page.chars}
    assert colours == {(0.0, 0.0, 0.0)}
    with zipfile.ZipFile(tmp_path / (SAMPLE.stem + ".ofd")) as ofd_zip:
        assert not any(b"FillColor" in ofd_zip.read(n) for n in ofd_zip.namelist() if n.endswith("Content.xml"))
