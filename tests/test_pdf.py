"""The PDF writer, read back: text fidelity, kinsoku, the grid, fonts, outline,
page numbers, metadata, errors and determinism, on the sample and corpus reports."""
from __future__ import annotations

import copy
import html
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.units import mm

from conftest import DATA, SAMPLE, missing_in_order, read_report, require_tool
from convert import style as styles
from convert.model import blocks, plain_text
from convert.options import Options
from convert.typeset import fonts
from convert.typeset.compose import COMPRESSIBLE_CLOSING, COMPRESSIBLE_OPENING, Atom, Line, is_full_width
from convert.typeset.atoms import glyph_positions
from convert.typeset.fontbook import Glyph, RunData
from convert.typeset.kinsoku import NOT_AT_LINE_END, NOT_AT_LINE_START, breakable
from convert.writers import pdf

EPOCH = "1700000000"
REPORTS = {"sample": SAMPLE, "gwr-2021": DATA / "gwr-2021.txt", "gwr-1985": DATA / "gwr-1985.txt"}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """name -> (model, pdf path) for the official style, built once."""
    out = tmp_path_factory.mktemp("pdf")
    with pytest.MonkeyPatch.context() as patch:  # session-scoped: no function-scoped monkeypatch
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = {}
        for name, path in REPORTS.items():
            model = read_report(path)
            target = out / f"{name}.pdf"
            pdf.write(model, target, Options())
            result[name] = (model, target)
        return result


class Layout:
    """Lines of each page, read with poppler (``pdftotext -bbox``), split into the
    type area and the margin below it. A line is a list of words: dicts with
    x0, x1, top, bottom and text, left to right. (pdfminer misplaces glyphs
    shown with character spacing, so positions come from poppler.)"""

    SAME_LINE = 6.0  # points: less than a third of the grid's pitch
    WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')

    def __init__(self, path: Path, style_name: str = "official"):
        style = styles.load(style_name)
        self.geo = style.geometry
        self.style = style
        self.pages: list[list[list[dict]]] = []
        self.below: list[list[dict]] = []
        xml = subprocess.run([require_tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
        size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', xml)
        self.page_size = (float(size.group(1)), float(size.group(2)))
        area_bottom = self.page_size[1] - self.geo.bottom  # in top-down coordinates
        for page in xml.split("<page ")[1:]:
            rows = defaultdict(list)
            for m in self.WORD.finditer(page):
                x0, top, x1, bottom = map(float, m.groups()[:4])
                word = dict(x0=x0, x1=x1, top=top, bottom=bottom, text=html.unescape(m.group(5)))
                # one line: words whose boxes end within a few points (faces differ in their
                # descent, and a line's marks may come from another face than its text)
                row = next((y for y in rows if abs(y - bottom) < self.SAME_LINE), round(bottom))
                rows[row].append(word)
            lines, below = [], []
            for y in sorted(rows):
                words = sorted(rows[y], key=lambda w: w["x0"])
                (lines if y < area_bottom else below).append(words)
            self.pages.append(lines)
            self.below.append([w for line in below for w in line])

    @property
    def right(self) -> float:
        return self.geo.left + self.geo.text_width

    def all_lines(self):
        for lines in self.pages:
            yield from lines


def text_of(words) -> str:
    return "".join(w["text"] for w in words)


def height_of(words) -> float:
    return max(w["bottom"] - w["top"] for w in words)


@pytest.mark.parametrize("name", REPORTS)
def test_pdf_holds_all_model_text_in_order(built, name):
    model, path = built[name]
    extracted = subprocess.run([require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout
    extracted = re.sub(r"—\s*\d+\s*—", "", extracted)  # page numbers
    assert missing_in_order(plain_text(model), extracted) is None


@pytest.mark.parametrize("name", REPORTS)
def test_no_line_breaks_a_kinsoku_rule(built, name):
    layout = Layout(built[name][1])
    bad = [text_of(line) for line in layout.all_lines()
           if text_of(line)[0] in NOT_AT_LINE_START or text_of(line)[-1] in NOT_AT_LINE_END]
    assert bad == []


@pytest.mark.parametrize("name", REPORTS)
def test_full_lines_are_justified_and_hold_28_cells(built, name):
    layout = Layout(built[name][1])
    geo, pitch = layout.geo, layout.geo.pitch
    full = exact = 0
    for lines in layout.pages:
        for line, following in zip(lines, lines[1:]):
            continuation = abs(following[0]["x0"] - geo.left) < pitch * 0.6
            indent = (line[0]["x0"] - geo.left) / pitch
            on_grid = min(abs(indent), abs(indent - 2)) < 0.6  # not a centred line
            if not continuation or not on_grid or height_of(line) > geo.body_size * 1.3:
                continue  # a paragraph's last line, a centred line, or the title
            text = text_of(line)
            # Justified: the line runs to the right edge of the type area (a closing
            # mark sits at the left of its cell, which may be halved).
            if text[-1] in COMPRESSIBLE_CLOSING:
                assert layout.right - pitch <= line[-1]["x1"] <= layout.right + pitch * 0.75, text
            else:
                assert line[-1]["x1"] == pytest.approx(layout.right, abs=pitch * 0.1), text
            if not all(is_full_width(ch) for ch in text):
                continue
            full += 1
            cells = 28 - round((line[0]["x0"] - geo.left) / pitch)  # first lines are indented
            if len(text) == cells:
                exact += 1
            elif len(text) > cells:  # squeezed in: compressed punctuation made room
                squeezable = sum(ch in COMPRESSIBLE_CLOSING or ch in COMPRESSIBLE_OPENING for ch in text)
                assert squeezable >= 2 * (len(text) - cells), text
            else:  # pushed out: the grid break was forbidden
                joined = text + text_of(following)
                assert not breakable(joined, cells) or len(text_of(following)) < 4, (text, text_of(following))
    assert full > 50
    assert exact / full > 0.8


@pytest.mark.parametrize("name", REPORTS)
def test_pages_hold_22_grid_lines(built, name):
    geo = styles.load("official").geometry
    pages = baselines(built[name][1])
    counts = [len([y for y, _ in page if y > geo.bottom]) for page in pages]
    assert max(counts) == 22
    keep = styles.load("official").compose.keep_with_next_lines
    # Only a heading kept with its next lines leaves a page short.
    assert all(count >= 22 - keep - 2 for count in counts[1:-1]), counts
    for page in pages[1:]:
        first = page[0][0]
        for y, size in page:
            if y > geo.bottom and size <= geo.body_size * 1.1:
                steps = (first - y) / geo.leading
                assert steps == pytest.approx(round(steps), abs=0.02)


@pytest.mark.parametrize("name", REPORTS)
def test_a_heading_never_ends_a_page(built, name):
    model, path = built[name]
    headings = [re.sub(r"\s", "", b.text) for b in blocks(model) if b.kind in ("heading", "appendix-heading")]
    layout = Layout(path)
    for number, lines in enumerate(layout.pages[:-1], 1):
        last = re.sub(r"\s", "", text_of(lines[-1]))
        assert not any(h.startswith(last) for h in headings), (number, last)


def baselines(path: Path) -> list[list[tuple[float, float]]]:
    """(baseline y, size) of each line, top down, per page (vertical positions only)."""
    result = []
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            rows = defaultdict(float)
            for ch in page.chars:
                key = round(ch["matrix"][5], 1)
                rows[key] = max(rows[key], ch["size"])
            result.append(sorted(rows.items(), reverse=True))
    return result


def test_page_geometry_follows_gb_t_9704(built):
    layout = Layout(built["sample"][1])
    geo = layout.geo
    assert layout.page_size == pytest.approx((210 * mm, 297 * mm), abs=0.5)
    lefts = [line[0]["x0"] for line in layout.all_lines()]
    assert min(lefts) == pytest.approx(28 * mm, abs=0.6)
    assert geo.text_width == pytest.approx(156 * mm) and geo.text_height == pytest.approx(225 * mm)
    assert geo.pitch == pytest.approx(442.2 / 28, abs=0.01)
    # The first line of a full page sits on the first grid line, 37 mm from the top:
    # its 16 pt em box is centred in the 225/22 mm line.
    page = baselines(built["sample"][1])[1]
    em_top = page[0][0] + 0.88 * 16
    assert layout.page_size[1] - em_top == pytest.approx(37 * mm + (geo.leading - 16) / 2, abs=0.5)


@pytest.mark.parametrize("name", REPORTS)
def test_every_font_is_embedded(built, name):
    listing = subprocess.run(["pdffonts", str(built[name][1])], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        fields = row.split()
        assert fields[-5] == "yes" and fields[-4] == "yes", row  # emb, sub
    assert "Helvetica" not in listing


def outline_of(path: Path) -> list[tuple[int, str]]:
    with pdfplumber.open(path) as doc:
        return [(level, title) for level, title, *_ in doc.doc.get_outlines()]


@pytest.mark.parametrize("name", REPORTS)
def test_outline_lists_level_1_and_2_sections_and_opens(built, name):
    model, path = built[name]
    expected = [(b.level, b.text) for b in blocks(model)
                if (b.kind == "heading" and b.level <= 2) or b.kind == "appendix-heading"]
    assert expected, "the report has sections"
    assert outline_of(path) == expected
    with pdfplumber.open(path) as doc:
        assert doc.doc.catalog["PageMode"].name == "UseOutlines"


@pytest.mark.parametrize("name", REPORTS)
def test_page_numbers_alternate_sides(built, name):
    layout = Layout(built[name][1])
    geo = layout.geo
    em = geo.em(layout.style.roles.page_number.size_pt)
    pages = baselines(built[name][1])
    for index, words in enumerate(layout.below):
        number = index + 1
        assert re.sub(r"\s", "", text_of(words)) == f"—{number}—"
        y, size = pages[index][-1]
        assert 14 <= size <= 14 / 0.92 + 0.1  # 4号 (a face with narrow ideographs is scaled to the em)
        assert geo.bottom - (y + 0.88 * 14) == pytest.approx(7 * mm, abs=0.5)  # em box top 7 mm below
        if number % 2:
            assert words[-1]["x1"] == pytest.approx(layout.right - em, abs=em / 4)
        else:
            assert words[0]["x0"] == pytest.approx(geo.left + em, abs=em / 4)


def test_document_info_and_language(built):
    model, path = built["sample"]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title:\s+江蘇省人民政府關於2020年度法治政府建設情況的報告$", info, re.M)
    assert re.search(r"^Author:\s+\S+", info, re.M)
    assert re.search(r"^Subject:\s+\S+", info, re.M)
    with pdfplumber.open(path) as doc:
        assert doc.doc.catalog["Lang"] == b"zh-Hant"
    with pdfplumber.open(built["gwr-2021"][1]) as doc:
        assert doc.doc.catalog["Lang"] == b"zh-Hans"


def test_pdf_info_and_docx_core_properties_agree(built, tmp_path, monkeypatch):
    """Both come from model.info(): the same title, author, subject, keywords (in the
    model's order, '; ' between) and build time. They differed in order and separator."""
    import docx

    from convert.writers import docx as docx_writer

    model, path = built["sample"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    docx_writer.write(model, tmp_path / "sample.docx", Options())
    core = docx.Document(str(tmp_path / "sample.docx")).core_properties
    with pdfplumber.open(path) as doc:
        meta = doc.metadata
    assert (meta["Title"], meta["Author"], meta["Subject"], meta["Keywords"]) == \
        (core.title, core.author, core.subject, core.keywords)
    assert core.keywords == "江蘇省人民政府; 2021年; 江蘇省"  # issuer, date, place
    assert meta["ModDate"].startswith("D:" + core.modified.strftime("%Y%m%d%H%M%S"))


def test_title_is_centred_and_larger(built):
    layout = Layout(built["sample"][1])
    title = layout.pages[0][0]
    assert baselines(built["sample"][1])[0][0][1] == pytest.approx(22, abs=0.5)
    middle = (title[0]["x0"] + title[-1]["x1"]) / 2
    last = layout.pages[0][1]
    assert middle == pytest.approx(layout.geo.left + layout.geo.text_width / 2, abs=2)
    assert (last[0]["x0"] + last[-1]["x1"]) / 2 == pytest.approx(middle, abs=layout.geo.pitch)


def test_roles_use_their_font_families(built):
    model, path = built["sample"]
    with pdfplumber.open(path) as doc:
        names = {c["fontname"].split("+")[-1] for c in doc.pages[0].chars}
    assert any("FangSong" in n for n in names), names    # body: cwTeX 仿宋
    assert any("Sans" in n for n in names), names        # level-1 heading and lead: 黑体


def test_a_character_no_font_has_stops_with_a_clear_error(tmp_path, example_model):
    model = copy.deepcopy(example_model)
    model.find("body/p").text += "\U0010FFFD"
    with pytest.raises(fonts.MissingGlyphError, match=r"U\+10FFFD") as err:
        pdf.write(model, tmp_path / "x.pdf", Options())
    assert "\n" not in str(err.value)
    assert not (tmp_path / "x.pdf").exists()


def test_example_model_covers_every_block_kind(tmp_path, example_model):
    target = tmp_path / "example.pdf"
    pdf.write(example_model, target, Options())
    # raw: in drawing order, as a table's cells are drawn row by row (by position, a row's
    # cells of unequal heights interleave); page numbers removed
    extracted = subprocess.run([require_tool("pdftotext"), "-raw", str(target), "-"], capture_output=True, text=True,
                               check=True).stdout
    extracted = re.sub(r"—\s*\d+\s*—", "", extracted)
    assert missing_in_order(plain_text(example_model), extracted) is None
    assert outline_of(target) == [(1, "一、全面履行政府职能，优化治理改革稳步推进"), (2, "（一）加强重点领域立法"),
                                  (1, "附件1 重点工作任务分工"), (1, "附件2 江苏省行政执法监督办法"),
                                  (2, "第一章\u3000总则")]  # an attached document's sections under it


def test_an_outline_that_skips_a_level_nests_as_the_ofds_does(tmp_path):
    """An attached document without a heading opens the outline at its level-1 sections, with
    no entry above them: ReportLab nests one level at a time, so the painter puts each entry
    under the last shallower one (here none: three entries at the top), as the OFD nests them.
    It was an internal error. The example's outline above is the case where nothing changes."""
    done = subprocess.run([sys.executable, "-m", "convert", str(DATA / "html" / "news-site.article.txt"), "--to", "pdf",
                           "-o", str(tmp_path), "-q"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert outline_of(tmp_path / "news-site.article.pdf") == [(1, "一、夯实数字基础设施"), (1, "二、培育数字产业"),
                                                              (1, "三、保障措施")]


def test_same_input_and_epoch_give_identical_bytes(tmp_path):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    outputs = []
    for run in ("a", "b"):
        subprocess.run([sys.executable, "-m", "convert", str(SAMPLE), "-o", str(tmp_path / run), "--to", "pdf"],
                       check=True, env=env)
        outputs.append((tmp_path / run / f"{SAMPLE.stem}.pdf").read_bytes())
    assert outputs[0] == outputs[1]


def test_reading_style_is_a5_with_its_own_grid(tmp_path):
    model = read_report(SAMPLE)
    target = tmp_path / "a5.pdf"
    pdf.write(model, target, Options(style="reading"))
    layout = Layout(target, "reading")
    grid = layout.style.grid
    assert layout.page_size == pytest.approx((148 * mm, 210 * mm), abs=0.5)
    assert max(len([y for y, _ in page if y > layout.geo.bottom]) for page in baselines(target)) == grid.lines_per_page
    widths = [len(text_of(line)) for line in layout.all_lines()
              if all(is_full_width(ch) for ch in text_of(line)) and abs(line[0]["x0"] - layout.geo.left) < 1
              and line[-1]["x1"] >= layout.right - 1]
    assert sum(w == grid.chars_per_line for w in widths) / len(widths) > 0.8


@pytest.mark.parametrize("char,ink_em", [("，", 0.25), ("《", 0.75)])
def test_a_compressed_mark_gives_up_its_blank_side_first(char, ink_em):
    em = 16.0
    glyph = Glyph(char, "any", em, em, ink_em * em)
    data = RunData.of(char, (glyph,), em)
    mark = Atom(char, em, em / 2, data)

    def drawn_at(width: float) -> float:
        return glyph_positions([mark], Line(0, 1, (0.0,), (width,), True), 0.0)[0][0]

    assert drawn_at(em) == 0.0
    for taken in (0.5, 2.0):  # a little: the glyph moves by no more than that, its ink stays in the cell
        x = drawn_at(em - taken)
        place = 0.0 if char in COMPRESSIBLE_CLOSING else -taken
        assert abs(x - place) <= taken / 2
        assert 0 < x + glyph.ink < em - taken
    x = drawn_at(em / 2)  # by half an em: the ink in the middle of what is left
    assert x + glyph.ink == pytest.approx(em / 4)


@pytest.mark.parametrize("name", REPORTS)
def test_character_spacing_is_never_written_as_minus_zero(built, name):
    """A spacing of float noise (±1e-17) is 0.0000 whichever way the noise fell (ReportLab's C
    and Python string widths differ in the last bits); a real negative spacing stays negative."""
    import zlib

    data = built[name][1].read_bytes()
    streams = [m.group(1) for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S)]
    spacings = [s for stream in streams for s in re.findall(rb"(-?\d+\.\d{4}) Tc", zlib.decompress(stream))]
    assert spacings and b"-0.0000" not in spacings
    assert any(s.startswith(b"-") for s in spacings)  # compressed punctuation: real negative spacings
