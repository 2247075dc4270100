"""The PDF writer's whole document (GB/T 9704-2012 §7), read back with pdfplumber in the
PDF's own coordinates: the closing (signature centred over a date 4 em in from the right,
the note), the attachment list, attached documents on new pages, articles, title lines on
their own pitch, the 版记 on an even page; and the title-breaking rules on real titles."""
from __future__ import annotations

import copy
import html
import math
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from reportlab.lib.units import mm

import govcn
from conftest import missing_in_order, require_tool
from convert import style as styles
from convert.model import plain_text, tree
from convert.options import Options
from convert.typeset import fonts
from convert.typeset.kinsoku import NOT_AT_LINE_END, NOT_AT_LINE_START
from convert.typeset.compose import em_width as width
from convert.typeset.title import break_lines, break_title
from convert.writers import pdf

EPOCH = "1700000000"
STYLE = styles.load("official")
GEO = STYLE.geometry
RIGHT = GEO.left + GEO.text_width
TOL = 0.5  # pt


# ---------------------------------------------------------------- reading --

class Line:
    """One line of a page: its characters (pdfplumber: text, font, size, baseline) and its
    words as poppler places them (x0, x1). Horizontal positions come from poppler: pdfminer
    misplaces the glyphs after a font-subset switch inside a run shown with character
    spacing, as tests/test_pdf.py's Layout notes."""

    def __init__(self, chars: list[dict], words: list[dict]):
        self.chars, self.words = chars, words
        self.text = "".join(c["text"] for c in chars)
        self.baseline = chars[0]["matrix"][5]
        self.size = max(c["size"] for c in chars)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


class Page:
    """A page's lines, top down, in the PDF's own coordinates (x from the left edge, a
    baseline from the bottom), and its rules (pdfplumber lines with their widths)."""

    WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')

    def __init__(self, page, poppler_page: str):
        self.number = page.page_number
        self.rules = [dict(x0=r["x0"], x1=r["x1"], y=r["y0"], width=r["linewidth"]) for r in page.lines]
        words = [dict(x0=float(m[1]), top=float(m[2]), x1=float(m[3]), text=html.unescape(m[5]))
                 for m in self.WORD.finditer(poppler_page)]
        rows = defaultdict(list)
        for ch in page.chars:
            if not ch["text"].isspace():
                rows[round(ch["matrix"][5], 1)].append(ch)
        self.lines = []
        for y in sorted(rows, reverse=True):
            chars = sorted(rows[y], key=lambda c: c["x0"])
            top = min(c["top"] for c in chars)
            mine = sorted((w for w in words if abs(w["top"] - top) < 1), key=lambda w: w["x0"])
            self.lines.append(Line(chars, mine))

    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    def find(self, wanted: str) -> int | None:
        return next((k for k, line in enumerate(self.lines) if line.text == wanted), None)


def read_pages(path: Path) -> list[Page]:
    xml = subprocess.run([require_tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    with pdfplumber.open(path) as doc:
        return [Page(p, part) for p, part in zip(doc.pages, xml.split("<page ")[1:])]


def locate(pages: list[Page], wanted: str) -> tuple[int, int]:
    """(page index, line index) of the first line reading `wanted`."""
    for p, page in enumerate(pages):
        k = page.find(wanted)
        if k is not None:
            return p, k
    raise AssertionError(f"no line {wanted!r}")


def line_at(pages, place):
    return pages[place[0]].lines[place[1]]


def em(role: str) -> float:
    return GEO.em(STYLE.roles[role].size_pt)


def render(model: etree._Element, path: Path) -> Path:
    tree.validate(model)
    pdf.write(model, path, Options())
    return path


def page_number_text(page: Page) -> str:
    below = [line for line in page.lines if line.baseline < GEO.bottom]
    return "".join(line.text for line in below)


@pytest.fixture(scope="module")
def example(tmp_path_factory, example_model):
    """docs/example.xml without its table (tests/test_pdf_table.py tests tables), rendered."""
    model = copy.deepcopy(example_model)
    for table in model.iter("table"):
        table.getparent().remove(table)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        path = render(model, tmp_path_factory.mktemp("doc") / "example.pdf")
    return model, path, read_pages(path)


def model_of(body: str, ending: str = "", title: str = "关于测试的通知", after: str = "") -> etree._Element:
    xml = (f'<report version="1" xml:lang="zh-Hans"><meta><title>{title}</title><source>t</source>'
           f'<transforms/></meta><body>{body}</body>{ending}{after}</report>')
    return etree.fromstring(xml)


def paragraphs(n: int, text: str = "正文段落。") -> str:
    return "".join(f"<p>{text}</p>" for _ in range(n))


CLOSING = ('<closing><signature>国务院办公厅</signature><signature>中央军委办公厅</signature>'
           '<date when="2019-01-27">2019年1月27日</date><note>（此件公开发布）</note></closing>')


# ---------------------------------------------------------------- closing --

@pytest.mark.parametrize("signatures,date", [(["江苏省人民政府"], "2021年3月26日"),
                                             (["江苏省司法厅", "江苏省财政厅"], "二〇二一年三月二十日")])
def test_date_is_four_em_in_and_each_signature_centred_over_it(example, signatures, date):
    _, _, pages = example
    at = locate(pages, date)
    date_line = line_at(pages, at)
    assert date_line.x1 == pytest.approx(RIGHT - 4 * em("closing_date"), abs=TOL)
    page = pages[at[0]]
    above = page.lines[at[1] - len(signatures):at[1]]
    assert [line.text for line in above] == signatures  # one issuer a line, over the date
    for k, line in enumerate(above):
        assert line.centre == pytest.approx(date_line.centre, abs=TOL), line.text
        assert line.baseline - date_line.baseline == pytest.approx((len(signatures) - k) * GEO.leading, abs=0.1)
    # One blank grid line between the text above (the attachment list, the body) and the signature;
    # two before the main closing, which carries the example's 42 mm seal (tests/test_masthead_layout.py)
    blanks = 2 if signatures == ["江苏省人民政府"] else 1
    before = page.lines[at[1] - len(signatures) - 1]
    assert before.baseline - above[0].baseline == pytest.approx((blanks + 1) * GEO.leading, abs=0.1)


def test_closing_geometry_read_by_pdfplumber_alone(example):
    """The same layout from pdfplumber's characters only, in the PDF's own coordinates (x
    from the page's left edge): the date's last glyph ends 4 em short of the type area's
    right edge, the signature's glyphs are centred over the date's. pdfplumber places a
    glyph up to about 0.7 pt off after a font-subset switch (see Line), hence 1 pt."""
    _, path, _ = example
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            rows = defaultdict(list)
            for ch in page.chars:
                rows[round(ch["matrix"][5], 1)].append(ch)
            texts = {y: "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"])) for y, chars in rows.items()}
            dates = [y for y, text in texts.items() if text == "2021年3月26日"]
            if dates:
                break
        else:
            raise AssertionError("no closing date in the PDF")
    date = rows[dates[0]]
    signature = rows[min((y for y, t in texts.items() if t == "江苏省人民政府" and y > dates[0]),
                         key=lambda y: y - dates[0])]
    date_right = max(c["x1"] for c in date)
    assert date_right == pytest.approx(RIGHT - 4 * em("closing_date"), abs=1.0)
    centre = lambda chars: (min(c["x0"] for c in chars) + max(c["x1"] for c in chars)) / 2
    assert centre(signature) == pytest.approx(centre(date), abs=1.0)
    assert signature[0]["matrix"][5] - date[0]["matrix"][5] == pytest.approx(GEO.leading, abs=0.1)


def test_note_is_two_em_in_on_the_line_after_the_date(example):
    _, _, pages = example
    at = locate(pages, "2021年3月26日")
    note = pages[at[0]].lines[at[1] + 1]
    assert note.text == "（此件公开发布）"
    assert note.x0 == pytest.approx(GEO.left + 2 * em("note"), abs=TOL)
    assert line_at(pages, at).baseline - note.baseline == pytest.approx(GEO.leading, abs=0.1)


def test_a_closing_is_never_split_nor_parted_from_the_last_body_line(tmp_path):
    """Bodies ending at every place near the foot of page 1: the closing stays whole, and
    one blank grid line below a body line, even when that line must go to page 2 with it."""
    moved = False
    for n in range(14, 21):
        pages = read_pages(render(model_of(paragraphs(n), CLOSING), tmp_path / f"c{n}.pdf"))
        p, k = locate(pages, "国务院办公厅")
        texts = pages[p].texts()
        assert texts[k:k + 4] == ["国务院办公厅", "中央军委办公厅", "2019年1月27日", "（此件公开发布）"], n
        assert k >= 1 and texts[k - 1] == "正文段落。", n
        body = [line for line in pages[0].lines if line.text == "正文段落。"]
        moved |= p == 1 and grid_steps(body[-1].baseline, body[-1].size) < GEO.lines_per_page - 1.5
    assert moved, "no body length made the closing take a body line with it"


# ------------------------------------------------------------ attachments --

def test_attachment_list_hangs_after_its_colon(example):
    _, _, pages = example
    at = locate(pages, "附件：1.重点工作任务分工")
    first, second = pages[at[0]].lines[at[1]], pages[at[0]].lines[at[1] + 1]
    assert second.text == "2.江苏省行政执法监督办法"
    assert first.x0 == pytest.approx(GEO.left + 2 * em("attachments"), abs=TOL)
    colon = len("附件：") * em("attachments")  # full-width: a cell each
    assert second.x0 == pytest.approx(first.x0 + colon, abs=TOL)  # 2. under 1., right after the colon
    assert first.baseline - second.baseline == pytest.approx(GEO.leading, abs=0.1)


def test_a_long_attachment_name_continues_under_its_first_character(tmp_path):
    long = "关于进一步加强和改进行政执法监督工作推进严格规范公正文明执法的实施意见和工作方案"
    ending = (f'<attachments label="附件："><item label="1.">{long}</item>'
              '<item label="2.">短名称</item></attachments>' + CLOSING)
    model = model_of("<p>正文。</p>", ending)
    pages = read_pages(render(model, tmp_path / "a.pdf"))
    lines = pages[0].lines
    k = next(i for i, line in enumerate(lines) if line.text.startswith("附件："))
    first, cont, item2 = lines[k], lines[k + 1], lines[k + 2]
    colon = len("附件：") * em("attachments")
    number = sum(c["x1"] - c["x0"] for c in first.chars[3:5])  # "1.", half-width: its glyphs' advances
    assert first.text.startswith("附件：1.") and (first.text + cont.text).endswith(long)
    assert cont.x0 == pytest.approx(first.x0 + colon + number, abs=TOL)  # under the name's first character
    assert item2.text == "2.短名称"
    assert item2.x0 == pytest.approx(first.x0 + colon, abs=TOL)
    # one blank grid line between the body and the list
    body = next(line for line in lines if line.text == "正文。")
    assert body.baseline - first.baseline == pytest.approx(2 * GEO.leading, abs=0.1)


# -------------------------------------------------------------- appendices --

def hei_name(chars: str) -> str:
    face = fonts.assign(chars, fonts.installed(styles.font_stack(STYLE, "appendix_label", "zh-Hans")))[0]
    return TTFont(face.file, fontNumber=face.index, lazy=True)["name"].getDebugName(6)


@pytest.mark.parametrize("label,title_lines", [("附件1", ["重点工作任务分工"]), ("附件2", ["江苏省行政执法", "监督办法"])])
def test_each_attached_document_starts_a_page_with_its_label_and_centred_title(example, label, title_lines):
    _, _, pages = example
    p, k = locate(pages, label)
    page = pages[p]
    assert k == 0, "the label opens its page"
    assert p > 0 and pages[p - 1].texts(), "on a new page"
    label_line = page.lines[0]
    assert label_line.x0 == pytest.approx(GEO.left, abs=TOL)
    expected_font = hei_name("附件")
    body_font = page.lines[-2].chars[0]["fontname"]
    for ch in label_line.chars[:2]:
        assert expected_font in ch["fontname"] and ch["fontname"] != body_font
        assert ch["size"] == pytest.approx(STYLE.roles.appendix_label.size_pt, abs=0.5)
    shown = page.texts()[1:1 + len(title_lines)]
    assert shown == title_lines  # the issuer's line breaks kept
    for line in page.lines[1:1 + len(title_lines)]:
        assert line.centre == pytest.approx(GEO.left + GEO.text_width / 2, abs=1)
        assert line.size == pytest.approx(STYLE.roles.appendix_title.size_pt, abs=0.5)


def test_outline_lists_each_attached_document_with_its_sections_under_it(example):
    _, path, _ = example
    with pdfplumber.open(path) as doc:
        outline = [(level, title) for level, title, *_ in doc.doc.get_outlines()]
    assert (1, "附件1 重点工作任务分工") in outline
    k = outline.index((1, "附件2 江苏省行政执法监督办法"))
    assert outline[k + 1] == (2, "第一章\u3000总则")


def test_an_article_sets_its_number_in_its_own_role_then_an_ideographic_space(example):
    _, _, pages = example
    line = next(line for page in pages for line in page.lines if line.text.startswith("第一条"))
    number, first = line.chars[:3], line.chars[3]
    assert line.x0 == pytest.approx(GEO.left + 2 * em("body"), abs=TOL)  # a body paragraph's indent
    assert all(hei_name("第一条") in c["fontname"] for c in number)
    assert hei_name("为") not in first["fontname"]
    # the U+3000 leaves a full cell between 条 and the text
    assert [w["text"][:1] for w in line.words[:2]] == ["第", "为"]
    assert line.words[1]["x0"] - line.words[0]["x1"] == pytest.approx(em("body"), abs=TOL)


# ------------------------------------------------------------------ titles --

def grid_steps(y: float, size: float) -> float:
    """Grid lines from the type area's top to the line whose baseline is y (whole on the grid)."""
    first = GEO.bottom + GEO.text_height - GEO.leading / 2 - (STYLE.compose.em_box_ascent - 0.5) * size
    return (first - y) / GEO.leading


def test_the_issuers_title_breaks_are_kept_on_the_titles_own_pitch(example):
    model, _, pages = example
    lines = tree.title_lines(model.find("meta/title"))
    first = pages[0]
    k = locate(pages, lines[0])[1]  # under the example's 版头 (tests/test_masthead_layout.py)
    assert first.texts()[k:k + 2] == lines == ["江苏省人民政府关于2020年度", "法治政府建设情况的报告"]
    pitch = STYLE.roles.title.size_pt * STYLE.title_block.line_spacing
    assert first.lines[k].baseline - first.lines[k + 1].baseline == pytest.approx(pitch, abs=0.1)
    assert pitch != pytest.approx(GEO.leading, abs=0.5)
    # what follows the title is back on the body grid
    for line in first.lines[k + 2:]:
        if line.baseline > GEO.bottom:
            steps = grid_steps(line.baseline, line.size)
            assert steps == pytest.approx(round(steps), abs=0.02), line.text


def test_an_unbroken_long_title_is_broken_by_the_rules(tmp_path):
    title = "国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知"
    pages = read_pages(render(model_of("<p>正文。</p>", title=title), tmp_path / "t.pdf"))
    max_chars = math.floor(GEO.text_width / em("title") + 1e-6)
    expected = break_title(title, max_chars)
    assert len(expected) == 2
    assert pages[0].texts()[:2] == expected
    for line in pages[0].lines[:2]:
        assert line.centre == pytest.approx(GEO.left + GEO.text_width / 2, abs=1)


TITLES = [govcn.metadata(name)["标题"] for name in govcn.NAMES]


def word_offsets(title: str) -> set[int]:
    import rjieba

    offsets, pos = set(), 0
    for word in rjieba.cut(title):
        pos += len(word)
        offsets.add(pos)
    return offsets


def is_symmetric(widths: list[float]) -> bool:
    top = widths.index(max(widths))
    rising = all(a <= b for a, b in zip(widths[:top + 1], widths[1:top + 1]))
    falling = all(a >= b for a, b in zip(widths[top:], widths[top + 1:]))
    return (rising and falling) or all(a >= b for a, b in zip(widths, widths[1:]))


@pytest.mark.parametrize("title", TITLES, ids=govcn.NAMES)
def test_title_lines_keep_words_whole_and_form_a_balanced_shape(title):
    lines = break_title(title, 20)
    assert "".join(lines) == title
    widths = [width(line) for line in lines]
    if width(title) <= 20:
        assert lines == [title]
        return
    assert len(lines) <= math.ceil(width(title) / 20) + 1
    assert max(widths) <= 20
    assert min(widths) >= max(widths) / 2, lines  # never a full line and a short tail
    assert is_symmetric(widths), lines            # a trapezoid or a diamond
    offsets = word_offsets(title)
    pos = 0
    for line in lines[:-1]:
        pos += len(line)
        assert pos in offsets, (lines, "a break inside a word")
    for line in lines:
        assert line[0] not in NOT_AT_LINE_START and line[-1] not in NOT_AT_LINE_END, lines


@pytest.mark.parametrize("title,wanted", [
    # the break after 印发, before what is issued, rather than inside its quotation marks
    ("国务院办公厅关于印发“无废城市”建设试点工作方案的通知", ["国务院办公厅关于印发", "“无废城市”建设试点工作方案的通知"]),
    ("国务院办公厅关于印发《政府网站集约化试点工作方案》的通知", ["国务院办公厅关于印发", "《政府网站集约化试点工作方案》的通知"]),
    ("国务院办公厅转发民政部关于清理整顿社会团体意见的通知", ["国务院办公厅转发民政部关于", "清理整顿社会团体意见的通知"]),
])
def test_title_breaks_prefer_the_places_the_standard_names(title, wanted):
    assert break_title(title, 20) == wanted


def test_the_issuers_lines_are_kept_and_only_an_overlong_one_is_broken():
    assert break_lines(["国务院关于在市场监管领域全面推行", "部门联合“双随机、一公开”监管的意见"], 20) == \
        ["国务院关于在市场监管领域全面推行", "部门联合“双随机、一公开”监管的意见"]
    long = "国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知"
    assert break_lines(["附件", long], 20) == ["附件", *break_title(long, 20)]
    assert break_title("关于测试的通知", 20) == ["关于测试的通知"]


def test_the_title_rules_need_no_reportlab():
    code = "import sys, convert.typeset.title as t; t.break_title('国务院办公厅关于印发国家组织药品集中采购和使用试点方案的通知', 20); " \
           "print('reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ----------------------------------------------------------------- imprint --

def imprint_rules(page: Page) -> list[dict]:
    return sorted((r for r in page.rules if r["x1"] - r["x0"] > GEO.text_width - 1), key=lambda r: -r["y"])


def test_imprint_sits_at_the_foot_of_an_even_last_page_between_rules(example):
    _, _, pages = example
    last = pages[-1]
    assert len(pages) % 2 == 0
    rules = imprint_rules(last)
    assert [round(r["width"] / mm, 2) for r in rules] == [0.35, 0.25, 0.35]
    for rule in rules:
        assert rule["x0"] == pytest.approx(GEO.left, abs=TOL) and rule["x1"] == pytest.approx(RIGHT, abs=TOL)
    assert rules[-1]["y"] == pytest.approx(GEO.bottom, abs=TOL)  # on the type area's bottom edge
    inset = STYLE.imprint.indent_chars * em("imprint")
    copyto = next(line for line in last.lines if line.text.startswith("抄送："))
    printed = next(line for line in last.lines if line.text.endswith("印发"))
    assert rules[1]["y"] < copyto.baseline < rules[0]["y"]
    assert rules[2]["y"] < printed.baseline < rules[1]["y"]
    assert copyto.x0 == pytest.approx(GEO.left + inset, abs=TOL)
    assert printed.x0 == pytest.approx(GEO.left + inset, abs=TOL)
    assert printed.text.startswith("江苏省人民政府办公厅")
    assert printed.x1 == pytest.approx(RIGHT - inset, abs=TOL)
    assert copyto.size == pytest.approx(STYLE.roles.imprint.size_pt, abs=0.5)


IMPRINT = ('<imprint><copyto label="抄送：">省委各部门，省人大常委会办公厅。</copyto>'
           '<printed><office>某某办公厅</office><date when="2021-03-27">2021年3月27日印发</date></printed></imprint>')


def test_an_imprint_after_an_odd_page_goes_to_the_next_even_page(tmp_path):
    pages = read_pages(render(model_of(paragraphs(3), CLOSING, after=IMPRINT), tmp_path / "i.pdf"))
    assert len(pages) == 2
    assert "2019年1月27日" in pages[0].texts()
    assert any(t.startswith("抄送：") for t in pages[1].texts())
    assert len(imprint_rules(pages[1])) == 3 and not imprint_rules(pages[0])


def test_an_imprint_that_cannot_follow_on_a_full_even_page_leaves_a_blank_page(tmp_path):
    """GB/T 9704 7.5.1: with a blank page before the imprint page, neither is numbered."""
    for n in range(39, 45):
        pages = read_pages(render(model_of(paragraphs(n), after=IMPRINT), tmp_path / f"b{n}.pdf"))
        body_lines = [l for l in pages[1].lines if l.baseline > GEO.bottom] if len(pages) > 1 else []
        if len(body_lines) == GEO.lines_per_page and not any(l.text.startswith("抄送：") for l in body_lines):
            break
    else:
        pytest.fail("no body length filled page 2")
    assert len(pages) == 4
    assert pages[2].texts() == []
    assert any(t.startswith("抄送：") for t in pages[3].texts())
    assert page_number_text(pages[0]) == "—1—" and page_number_text(pages[1]) == "—2—"
    assert page_number_text(pages[3]) == ""


# ---------------------------------------------------------------- fidelity --

def test_every_character_of_the_model_is_in_the_pdf_in_order(example):
    model, path, _ = example
    extracted = subprocess.run([require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True,
                               check=True).stdout
    extracted = re.sub(r"—\s*\d+\s*—", "", extracted)  # page numbers
    assert missing_in_order(plain_text(model), extracted) is None


def test_a_joint_closing_and_imprint_render_their_text_in_order(tmp_path):
    model = model_of(paragraphs(2), CLOSING, after=IMPRINT)
    path = render(model, tmp_path / "j.pdf")
    extracted = subprocess.run([require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True,
                               check=True).stdout
    assert missing_in_order(plain_text(model), re.sub(r"—\s*\d+\s*—", "", extracted)) is None


def poppler_lines(path: Path) -> list[dict]:
    """Every line of the type area as poppler reads it (fast, for many documents): text, x0, x1."""
    xml = subprocess.run([require_tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', xml)[1])
    lines = []
    for page in xml.split("<page ")[1:]:
        rows = defaultdict(list)
        for m in Page.WORD.finditer(page):
            if height - float(m[4]) > GEO.bottom:  # above the page number
                rows[round(float(m[4]))].append((float(m[1]), float(m[3]), html.unescape(m[5])))
        for y in sorted(rows):
            words = sorted(rows[y])
            lines.append(dict(text="".join(w[2] for w in words), x0=words[0][0], x1=words[-1][1]))
    return lines


@pytest.fixture(scope="module")
def govcn_pdfs(tmp_path_factory):
    """The 40 gov.cn documents, read as text and rendered (their tables left to
    tests/test_pdf_table.py): name -> (model, lines)."""
    from convert.readers import text as reader

    out = tmp_path_factory.mktemp("govcn")
    result = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for name in govcn.NAMES:
            source = out / f"{name}.txt"
            source.write_text(govcn.paragraph_text(name), encoding="utf-8")
            model = reader.read(source, Options())
            for table in list(model.iter("table")):
                table.getparent().remove(table)
            result[name] = (model, poppler_lines(render(model, out / f"{name}.pdf")))
    return result


def test_every_govcn_document_keeps_its_text_and_sets_each_closing_date_four_em_in(govcn_pdfs):
    dates = 0
    for name, (model, lines) in govcn_pdfs.items():
        assert missing_in_order(plain_text(model), "\n".join(line["text"] for line in lines)) is None, name
        for date in model.iter("date"):
            if date.getparent().tag != "closing":
                continue
            line = next(line for line in lines if line["text"] == tree.text_of(date))
            assert line["x1"] == pytest.approx(RIGHT - 4 * em("closing_date"), abs=TOL), name
            dates += 1
    assert dates >= 30  # the corpus's closings reach the PDF as closings
