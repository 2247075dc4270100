"""The 版头 and GB/T 9704's formats (7.2, 7.3.5, clause 10) as printed: models built here
(valid against the schema) are painted as PDF and OFD, and the pages are measured by other
software than the layout: pdfplumber (characters, their colour, lines, images), pdftoppm's
raster at 300 dpi (the mark's red ink), and the OFD's XML with ofdkit's text runs.

Distances are in millimetres from the paper's top edge unless said otherwise. The official
style: type area 28-184 mm across, 37-262 mm down; 22 lines of 225/22 mm.
"""
from __future__ import annotations

import base64
import io
import re
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

import ofdkit
import pdfplumber
import pytest
from lxml import etree
from PIL import Image, ImageDraw

from conftest import require_tool
from convert import style as styles
from convert.options import Options
from convert.readers import xml as xml_reader
from convert.writers import ofd, pdf

MM = 72 / 25.4           # points per millimetre
TOP, LEFT, WIDTH = 37.0, 28.0, 156.0
LINE = 225 / 22          # the grid's line, mm
PAGE_H = 297.0
RED = (1.0, 0.0, 0.0)
NS = {"ofd": ofd.NS}
ASCENT = styles.load("official").compose.em_box_ascent  # a line's em box top above its baseline, em

BODY = "".join(f"<p>{'第{0}段。各地区各部门要认真贯彻落实，切实加强组织领导，确保各项任务落到实处。'.format(k)}</p>"
               for k in range(1, 4))


def seal_png(colour=(230, 0, 0, 255), size=240) -> bytes:
    """A red ring with a star on a transparent ground: a stand-in for a user's seal image."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, size - 6, size - 6), outline=colour, width=10)
    draw.regular_polygon((size / 2, size / 2, size / 5), 5, fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seal_xml(width_mm: float | None = None) -> str:
    data = base64.b64encode(seal_png()).decode()
    width = f' width-mm="{width_mm}"' if width_mm else ""
    return f'<seal{width}><image type="image/png" width="240" height="240">{data}</image></seal>'


def model(masthead: str = "", *, title="关于加强安全生产工作的通知", issuer="某某省人民政府",
          docnumber="某政发〔2024〕7号", body=BODY, ending="", signatures=("某某省人民政府",),
          imprint=""):
    """A 公文 model: its meta (with `masthead`), body, `ending` (attachments, attendance) and closing."""
    meta = f"<title>{title}</title>"
    if issuer:
        meta += f"<issuer>{issuer}</issuer>"
    meta += '<date when="2024-03-01">2024年3月1日</date>'
    if docnumber:
        meta += f"<docnumber>{docnumber}</docnumber>"
    meta += masthead + "<source>tests</source><transforms/>"
    sigs = "".join(f"<signature>{s}</signature>" for s in signatures)
    xml = (f'<report version="1" xml:lang="zh-Hans"><meta>{meta}</meta><body>{body}</body>{ending}'
           f'<closing>{sigs}<date when="2024-03-01">2024年3月1日</date></closing>{imprint}</report>')
    return xml_reader.parse(xml.encode("utf-8"))  # validates against the schema


def render(report, tmp_path: Path, name: str, style: str | None = None) -> tuple[Path, Path]:
    options = Options(style=style) if style else Options()
    pdf_path, ofd_path = tmp_path / f"{name}.pdf", tmp_path / f"{name}.ofd"
    pdf.write(report, pdf_path, options)
    ofd.write(report, ofd_path, options)
    return pdf_path, ofd_path


def style_file(tmp_path: Path, masthead: str) -> str:
    path = tmp_path / "house.toml"
    path.write_text(f'extends = "official"\n[masthead]\n{masthead}\n', encoding="utf-8")
    return str(path)


# ------------------------------------------------------------ measuring --

def red_chars(page) -> list[dict]:
    return [c for c in page.chars if tuple(c["non_stroking_color"] or ()) == RED]


def line_of(page, text: str, last: bool = False) -> list[dict]:
    """The black characters of the first (or last) line whose text contains `text`."""
    by_line: dict[float, list[dict]] = {}
    for c in page.chars:
        if tuple(c["non_stroking_color"] or ()) == RED:
            continue
        by_line.setdefault(round(c["matrix"][5], 1), []).append(c)
    for y in sorted(by_line, reverse=not last):
        chars = sorted(by_line[y], key=lambda c: c["x0"])
        joined = "".join(c["text"] for c in chars)
        if text in joined:
            start = joined.index(text)
            return chars[start:start + len(text)]
    raise AssertionError(f"{text!r} not on the page")


def em_top_mm(chars) -> float:
    """The top of a line's em box (pdfplumber's char top is the font's ascent, not the em box):
    the baseline less the style's em_box_ascent."""
    c = chars[0]
    return PAGE_H - float(c["matrix"][5]) / MM - ASCENT * c["size"] / MM


def em_bottom_mm(chars) -> float:
    return em_top_mm(chars) + chars[0]["size"] / MM


def centre_x_mm(chars) -> float:
    return (chars[0]["x0"] + chars[-1]["x1"]) / 2 / MM


@lru_cache(maxsize=None)
def raster(path: str, page: int = 1):
    """The page at 300 dpi, as an RGB image."""
    require_tool("pdftoppm", hint="apt-get install poppler-utils")
    png = subprocess.run(["pdftoppm", "-r", "300", "-png", "-f", str(page), "-l", str(page), path],
                         capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def red_rows(path: Path, page: int = 1, x_range_mm: tuple[float, float] = (0, 210)) -> list[int]:
    """The pixel rows (300 dpi) holding red ink between the two x's."""
    image = raster(str(path), page)
    px = image.load()
    per_mm = 300 / 25.4
    x0, x1 = int(x_range_mm[0] * per_mm), int(x_range_mm[1] * per_mm)
    rows = []
    for y in range(image.height):
        if any(_red(px[x, y]) for x in range(x0, min(x1, image.width), 2)):
            rows.append(y)
    return rows


def _red(rgb) -> bool:
    r, g, b = rgb
    return r > 180 and g < 90 and b < 90


def ink_top_mm(path: Path, text_rows: tuple[float, float]) -> float:
    """The mark's red ink top (mm), looking only at rows between text_rows (mm), where no rule is."""
    per_mm = 300 / 25.4
    rows = [y for y in red_rows(path) if text_rows[0] * per_mm <= y <= text_rows[1] * per_mm]
    assert rows, "no red ink"
    return rows[0] / per_mm


def strokes(page) -> list[dict]:
    """Lines as {x0, x1, y (mm from the top), width (mm), colour}."""
    out = []
    for line in page.lines:
        out.append({"x0": line["x0"] / MM, "x1": line["x1"] / MM, "y": line["top"] / MM,
                    "width": line["linewidth"] / MM, "colour": tuple(line["stroking_color"] or ())})
    return out


def ofd_page(path: Path, k: int = 0):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(f"Doc_0/Pages/Page_{k}/Content.xml"))


def ofd_strokes(path: Path, k: int = 0) -> list[dict]:
    """The OFD's PathObjects as {x0, x1, y, width, colour}, mm from the top left."""
    out = []
    for obj in ofd_page(path, k).findall(".//ofd:PathObject", NS):
        left, top = (float(v) for v in obj.get("Boundary").split()[:2])
        numbers = [float(v) for v in re.findall(r"-?[\d.]+", obj.findtext("ofd:AbbreviatedData", namespaces=NS))]
        xs, ys = [left + v for v in numbers[0::2]], [top + v for v in numbers[1::2]]
        colour = obj.find("ofd:StrokeColor", NS)
        out.append({"x0": min(xs), "x1": max(xs), "y": sum(ys) / len(ys), "width": float(obj.get("LineWidth")),
                    "colour": colour.get("Value") if colour is not None else "0 0 0"})
    return out


def ofd_red_runs(path: Path, k: int = 0) -> list[str]:
    out = []
    for obj in ofd_page(path, k).findall(".//ofd:TextObject", NS):
        fill = obj.find("ofd:FillColor", NS)
        if fill is not None and fill.get("Value") == "255 0 0":
            out.append(obj.findtext("ofd:TextCode", namespaces=NS))
    return out


def ofd_run(path: Path, text: str, k: int = 0):
    with ofdkit.open(path) as doc:
        return next(r for r in doc.pages[k].runs if text in r.text)


def ofd_baseline_of(path: Path, text: str, expected_mm: float, k: int = 0) -> bool:
    """Some OFD run that begins `text` (a run holds one font) has its baseline at expected_mm."""
    with ofdkit.open(path) as doc:
        ys = [r.y for r in doc.pages[k].runs if r.text and text.startswith(r.text)]
    return any(abs(y - expected_mm) < 0.1 for y in ys)


def page_numbered(path: Path, k: int) -> bool:
    with pdfplumber.open(path) as doc:
        page = doc.pages[k]
        below = "".join(c["text"] for c in page.chars if c["top"] > (TOP + 225) * MM)
    return bool(re.search(r"—\s*\d+\s*—", below))


# ------------------------------------------------------------- the forms --

FIELDS = "<copy>000123</copy><secrecy>秘密★1年</secrecy><urgency>特急</urgency>"
EM16 = 156 / 28  # one character of the 16 pt grid, mm


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    """form -> (pdf, ofd) of a 通知 in each format."""
    out = tmp_path_factory.mktemp("forms")
    models = {
        "general": model(f'<masthead form="general">{FIELDS}</masthead>'),
        "upward": model('<masthead form="upward"><signer>张三</signer><signer>李四</signer><signer>王五</signer>'
                        '</masthead>', title="关于某某事项的请示"),
        "letter": model(f'<masthead form="letter">{FIELDS}</masthead>',
                        imprint='<imprint><copyto label="抄送：">省委办公厅。</copyto><printed>'
                                '<office>某某省人民政府办公厅</office><date>2024年3月1日印发</date></printed></imprint>'),
        "order": model('<masthead form="order"><order>第7号</order></masthead>', docnumber=None,
                       title="某某省人民政府令", signatures=("省长　王某某",)),
        "minutes": model('<masthead form="minutes"/>', title="省政府常务会议纪要", docnumber="第12期",
                         ending='<attendance kind="present" label="出席：">王某某、李某某、张某某、赵某某、钱某某、'
                                '孙某某、周某某、吴某某、郑某某、冯某某、陈某某、褚某某</attendance>'
                                '<attendance kind="leave" label="请假：">卫某某</attendance>'),
    }
    return {name: render(m, out, name) for name, m in models.items()}


MARK_TOP = {"general": TOP + 35, "upward": TOP + 35, "letter": 30.0, "order": TOP + 20, "minutes": TOP + 35}
MARK_TEXT = {"general": "某某省人民政府文件", "upward": "某某省人民政府文件", "letter": "某某省人民政府",
             "order": "某某省人民政府令", "minutes": "省政府常务会议纪要"}


@pytest.mark.parametrize("form", list(MARK_TOP))
def test_the_marks_red_ink_begins_at_its_distance_and_it_is_red_and_centred(forms, form):
    """GB/T 9704 7.2.4 (35 mm under the type area), 10.1 (30 mm under the paper's top), 10.2
    (20 mm), 10.3 (35 mm): the top of the red ink at 300 dpi, within 1 mm."""
    pdf_path, ofd_path = forms[form]
    with pdfplumber.open(pdf_path) as doc:
        page = doc.pages[0]
        red = red_chars(page)
        assert "".join(c["text"] for c in red) == MARK_TEXT[form]
        assert centre_x_mm(red) == pytest.approx(LEFT + WIDTH / 2, abs=0.5)
        baseline = PAGE_H - red[0]["matrix"][5] / MM
        mark_rows = (MARK_TOP[form] - 6, baseline + 3)  # the mark's band; no rule crosses it
    assert ink_top_mm(pdf_path, mark_rows) == pytest.approx(MARK_TOP[form], abs=1.0)
    # the OFD draws the same red run on the same baseline
    assert "".join(ofd_red_runs(ofd_path)) == MARK_TEXT[form]
    assert ofd_run(ofd_path, MARK_TEXT[form][:4]).y == pytest.approx(baseline, abs=0.1)


def test_the_fields_sit_on_grid_lines_1_to_3_at_the_top_left(forms):
    """7.2.1-7.2.3: 份号, 密级, 紧急程度, one a line, 顶格."""
    pdf_path, _ = forms["general"]
    with pdfplumber.open(pdf_path) as doc:
        page = doc.pages[0]
        for k, text in enumerate(("000123", "秘密★1年", "特急")):
            chars = line_of(page, text)
            assert chars[0]["x0"] / MM == pytest.approx(LEFT, abs=0.3), text
            middle = em_top_mm(chars) + chars[0]["size"] / MM / 2
            assert middle == pytest.approx(TOP + (k + 0.5) * LINE, abs=0.3), text


def test_a_missing_field_leaves_its_line_blank(tmp_path):
    pdf_path, _ = render(model('<masthead form="general"><urgency>特急</urgency></masthead>'), tmp_path, "one")
    with pdfplumber.open(pdf_path) as doc:
        chars = line_of(doc.pages[0], "特急")
        assert em_top_mm(chars) + chars[0]["size"] / MM / 2 == pytest.approx(TOP + 2.5 * LINE, abs=0.3)


@pytest.mark.parametrize("form", ["general", "minutes"])
def test_the_docnumber_is_two_lines_under_the_mark_and_the_red_rule_4_mm_under_it(forms, form):
    """7.2.5: 空二行 under the mark (the 文号's line begins two grid lines under the mark's em
    box), centred; 7.2.7: a red rule as wide as the type area 4 mm under the 文号; 7.3.1: the
    title 空二行 under the rule."""
    pdf_path, ofd_path = forms[form]
    number = "某政发〔2024〕7号" if form == "general" else "第12期"
    with pdfplumber.open(pdf_path) as doc:
        page = doc.pages[0]
        red = red_chars(page)
        mark_bottom = em_bottom_mm(red)
        chars = line_of(page, number)
        assert centre_x_mm(chars) == pytest.approx(LEFT + WIDTH / 2, abs=0.5)
        slot_top = em_top_mm(chars) - (LINE - chars[0]["size"] / MM) / 2
        assert slot_top - mark_bottom == pytest.approx(2 * LINE, abs=0.3)
        (rule,) = strokes(page)
        assert rule["colour"] == RED
        assert (rule["x0"], rule["x1"]) == pytest.approx((LEFT, LEFT + WIDTH), abs=0.5)
        assert rule["width"] == pytest.approx(0.5, abs=0.05)
        assert rule["y"] - em_bottom_mm(chars) == pytest.approx(4.0, abs=0.5)
        title = line_of(page, "关于加强" if form == "general" else "省政府常务")
        assert em_top_mm(title) - rule["y"] >= 2 * LINE - 0.3
        assert em_top_mm(title) - rule["y"] < 4 * LINE
        # the body after it is back on the grid: a first line's em box centred on its grid line
        body = line_of(page, "第1段")
        middle = em_top_mm(body) + body[0]["size"] / MM / 2 - TOP
        assert (middle / LINE - 0.5) == pytest.approx(round(middle / LINE - 0.5), abs=0.02)
    (ofd_rule,) = ofd_strokes(ofd_path)
    assert ofd_rule["colour"] == "255 0 0"
    assert (ofd_rule["x0"], ofd_rule["x1"], ofd_rule["y"]) == pytest.approx((LEFT, LEFT + WIDTH, rule["y"]), abs=0.5)
    assert ofd_rule["width"] == pytest.approx(0.5, abs=0.05)
    assert ofd_baseline_of(ofd_path, number, PAGE_H - chars[0]["matrix"][5] / MM)


@pytest.mark.parametrize("form", ["general", "upward", "order", "minutes"])
def test_page_1_is_numbered_except_a_letters(forms, form):
    assert page_numbered(forms[form][0], 0)


@pytest.mark.parametrize("form", list(MARK_TOP))
def test_page_1_holds_body_text(forms, form):
    """7.3.3: the first page shows body text under the 版头."""
    with pdfplumber.open(forms[form][0]) as doc:
        assert "第1段" in doc.pages[0].extract_text()


def test_a_letter_has_double_rules_fields_left_docnumber_right_and_no_page_number_on_page_1(forms):
    """10.1: 上粗下细 4 mm under the mark, 上细下粗 20 mm above the paper's bottom, both 170 mm
    and centred on the page; 份号/密级/紧急 at the left and the 文号 at the right under the first;
    the title two lines under them; no number on page 1; a 版记 without 印发 and rules."""
    pdf_path, ofd_path = forms["letter"]
    with pdfplumber.open(pdf_path) as doc:
        page = doc.pages[0]
        rules = sorted(strokes(page), key=lambda r: r["y"])
        assert len(rules) == 4
        for r in rules:
            assert r["colour"] == RED
            assert (r["x0"], r["x1"]) == pytest.approx((20.0, 190.0), abs=0.5)
        upper_thick, upper_thin, lower_thin, lower_thick = rules
        assert upper_thick["width"] > upper_thin["width"] and lower_thick["width"] > lower_thin["width"]
        mark_bottom = em_bottom_mm(red_chars(page))
        assert upper_thick["y"] - upper_thick["width"] / 2 - mark_bottom == pytest.approx(4.0, abs=0.5)
        assert PAGE_H - (lower_thick["y"] + lower_thick["width"] / 2) == pytest.approx(20.0, abs=0.5)
        first = line_of(page, "000123")
        number = line_of(page, "某政发〔2024〕7号")
        assert first[0]["x0"] / MM == pytest.approx(LEFT, abs=0.3)
        assert number[-1]["x1"] / MM == pytest.approx(LEFT + WIDTH, abs=0.5)
        assert first[0]["matrix"][5] == pytest.approx(number[0]["matrix"][5], abs=0.01)
        assert em_top_mm(first) - (upper_thin["y"] + upper_thin["width"] / 2) == pytest.approx(7 / 8 * 16 / MM, abs=0.5)
        third = line_of(page, "特急")
        title = line_of(page, "关于加强")
        assert em_top_mm(title) - em_bottom_mm(third) >= 2 * LINE - 0.3
        last = doc.pages[-1]
        assert "抄送" in last.extract_text() and "印发" not in last.extract_text()
        assert not last.lines and not last.rects
    assert not page_numbered(pdf_path, 0)
    assert page_numbered(pdf_path, 1) or len(pdfplumber.open(pdf_path).pages) == 1
    ofd_rules = sorted(ofd_strokes(ofd_path), key=lambda r: r["y"])
    assert [v for r in ofd_rules for v in (r["y"], r["width"])] == pytest.approx(
        [v for r in rules for v in (r["y"], r["width"])], abs=0.05)
    assert all(r["colour"] == "255 0 0" for r in ofd_rules)
    with ofdkit.open(ofd_path) as doc:
        assert not any(run.y > PAGE_H - 30 for run in doc.pages[0].runs)  # no page number


def test_a_general_documents_imprint_keeps_its_rules_and_printing_line(tmp_path):
    """The case where the 信函 rule must not fire."""
    imprint = ('<imprint><copyto label="抄送：">省委办公厅。</copyto><printed><office>某某省人民政府办公厅</office>'
               '<date>2024年3月1日印发</date></printed></imprint>')
    pdf_path, _ = render(model(f'<masthead form="general">{FIELDS}</masthead>', imprint=imprint), tmp_path, "g")
    with pdfplumber.open(pdf_path) as doc:
        last = doc.pages[-1]
        assert "印发" in last.extract_text() and len(last.lines) >= 2


def test_an_order_has_its_number_two_lines_under_the_mark_no_rule_and_a_signature_by_7_3_5_3(forms):
    """10.2: 令号 空二行 under the mark, centred; no red rule; the body 空二行 under the 令号;
    the 签名章 two lines under the body 右空四字, its 职务 two characters to its left, the date a
    blank line under it 右空四字."""
    pdf_path, ofd_path = forms["order"]
    with pdfplumber.open(pdf_path) as doc:
        page = doc.pages[0]
        assert not page.lines and not page.rects
        mark_bottom = em_bottom_mm(red_chars(page))
        number = line_of(page, "第7号")
        assert centre_x_mm(number) == pytest.approx(LEFT + WIDTH / 2, abs=0.5)
        assert em_top_mm(number) - (LINE - 16 / MM) / 2 - mark_bottom == pytest.approx(2 * LINE, abs=0.3)
        # a 命令 has no title of its own: its title, the mark again, is not printed a second time (10.2)
        assert page.extract_text().replace(" ", "").count("某某省人民政府令") == 1
        first_body = line_of(page, "第1段")
        assert em_top_mm(first_body) - em_bottom_mm(number) >= 2 * LINE - 0.3
        last_body = line_of(page, "确保各项任务落到实处。", last=True)  # the body's last line
        name, title, date = line_of(page, "王某某"), line_of(page, "省长"), line_of(page, "2024年3月1日")
        assert name[-1]["x1"] / MM == pytest.approx(LEFT + WIDTH - 4 * EM16, abs=0.3)
        assert date[-1]["x1"] / MM == pytest.approx(LEFT + WIDTH - 4 * EM16, abs=0.3)
        assert (name[0]["x0"] - title[-1]["x1"]) / MM == pytest.approx(2 * EM16, abs=0.3)
        assert em_top_mm(name) - em_top_mm(last_body) == pytest.approx(3 * LINE, abs=0.3)
        assert em_top_mm(date) - em_top_mm(name) == pytest.approx(2 * LINE, abs=0.3)
    assert ofd_strokes(ofd_path) == []


def test_a_minutes_attendance_has_a_hei_label_and_names_aligned_after_the_colon(forms):
    """10.3: 出席： 左空二字 in 黑体, one blank line under the body; the names in the body's 仿宋,
    a new line under the first name; 请假： on a line of its own."""
    pdf_path, _ = forms["minutes"]
    with pdfplumber.open(pdf_path) as doc:
        chars = [c for p in doc.pages for c in p.chars]
        text = "".join(c["text"] for c in chars)
        start = text.index("出席：")
        label, first = chars[start:start + 3], chars[start + 3]
        body = next(c for c in chars if c["text"] == "第")
        assert label[0]["x0"] / MM == pytest.approx(LEFT + 2 * EM16, abs=0.3)
        assert label[0]["fontname"] != first["fontname"]
        assert first["fontname"] == body["fontname"]
        names_end = text.index("请假：")
        wrapped = [c for c in chars[start + 3:names_end] if abs(c["matrix"][5] - first["matrix"][5]) > 1]
        assert wrapped, "the names fill more than a line"
        assert wrapped[0]["x0"] == pytest.approx(first["x0"], abs=0.5)
        leave = chars[names_end]
        assert leave["x0"] == pytest.approx(label[0]["x0"], abs=0.3)
        assert leave["fontname"] == label[0]["fontname"]


def test_joint_issuers_are_stacked_with_the_suffix_centred_on_them(tmp_path):
    """7.2.4: the host first, one organ a line, 文件 to their right, centred vertically on them."""
    mark = ("<mark suffix=\"文件\"><organ>某某省人民政府</organ><organ>某某省财政厅</organ>"
            "<organ>某某省发展和改革委员会</organ></mark>")
    pdf_path, _ = render(model(f'<masthead form="general">{mark}</masthead>'), tmp_path, "joint")
    with pdfplumber.open(pdf_path) as doc:
        red = red_chars(doc.pages[0])
    lines: dict[float, list] = {}
    for c in red:
        lines.setdefault(round(c["matrix"][5], 1), []).append(c)
    texts = ["".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"])) for _, cs in sorted(lines.items(), reverse=True)]
    assert texts[0] == "某某省人民政府" and texts[2] == "某某省发展和改革委员会"
    assert texts[1].startswith("某某省财政厅") and texts[1].endswith("文件")
    suffix = [c for c in red if c["text"] in "文件"][-2:]
    organs = [c for c in red if c not in suffix]
    assert suffix[0]["x0"] >= max(c["x1"] for c in organs) - 0.5
    tops = [PAGE_H - c["matrix"][5] / MM for c in organs]
    middle = (min(tops) + max(tops)) / 2
    assert PAGE_H - suffix[0]["matrix"][5] / MM == pytest.approx(middle, abs=0.5)
    assert all(LEFT - 0.1 <= c["x0"] / MM and c["x1"] / MM <= LEFT + WIDTH + 0.1 for c in red)


def test_a_long_mark_is_set_smaller_to_fit_the_type_width(tmp_path):
    mark = "<mark suffix=\"文件\"><organ>某某自治区某某自治州某某县人民政府办公室</organ></mark>"
    pdf_path, _ = render(model(f'<masthead form="general">{mark}</masthead>'), tmp_path, "long")
    with pdfplumber.open(pdf_path) as doc:
        red = red_chars(doc.pages[0])
    assert red[0]["size"] < 30
    assert red[0]["x0"] / MM >= LEFT - 0.1 and red[-1]["x1"] / MM <= LEFT + WIDTH + 0.1


def test_an_upward_documents_number_and_signers_share_the_last_signer_line(forms):
    """7.2.5/7.2.6: 文号 左空一字 on the last signer's line; 签发人： in 仿宋, names in 楷体, two a
    line, 右空一字; the second line under the first name."""
    pdf_path, _ = forms["upward"]
    with pdfplumber.open(pdf_path) as doc:
        page = doc.pages[0]
        number = line_of(page, "某政发〔2024〕7号")
        label, first, last = line_of(page, "签发人："), line_of(page, "张三"), line_of(page, "王五")
        assert number[0]["x0"] / MM == pytest.approx(LEFT + EM16, abs=0.3)
        assert last[0]["matrix"][5] == pytest.approx(number[0]["matrix"][5], abs=0.01)
        assert first[0]["matrix"][5] - last[0]["matrix"][5] == pytest.approx(LINE * MM, abs=0.3)
        assert last[0]["x0"] == pytest.approx(first[0]["x0"], abs=0.3)
        assert line_of(page, "李四")[-1]["x1"] / MM == pytest.approx(LEFT + WIDTH - EM16, abs=0.3)
        assert label[0]["fontname"] == number[0]["fontname"] != first[0]["fontname"]
        (rule,) = strokes(page)
        assert rule["y"] - em_bottom_mm(number) == pytest.approx(4.0, abs=0.5)


# --------------------------------------------------------------- the style --

def test_preprinted_paper_gets_no_red_but_the_fields_and_number_in_place(tmp_path, forms):
    report = model(f'<masthead form="general">{FIELDS}</masthead>')
    pdf_path, ofd_path = render(report, tmp_path, "pre", style_file(tmp_path, 'letterhead = "preprinted"'))
    with pdfplumber.open(pdf_path) as doc, pdfplumber.open(forms["general"][0]) as digital:
        page = doc.pages[0]
        assert red_chars(page) == [] and page.lines == [] and page.rects == []
        for text in ("000123", "某政发〔2024〕7号", "关于加强"):
            assert line_of(page, text)[0]["matrix"][5] == pytest.approx(line_of(digital.pages[0], text)[0]["matrix"][5],
                                                                     abs=0.01), text
    assert not red_rows(pdf_path)
    assert ofd_red_runs(ofd_path) == [] and ofd_strokes(ofd_path) == []


def test_draw_false_puts_the_docnumber_under_the_title_and_draws_no_masthead(tmp_path):
    report = model(f'<masthead form="general">{FIELDS}</masthead>')
    pdf_path, _ = render(report, tmp_path, "off", style_file(tmp_path, "draw = false"))
    with pdfplumber.open(pdf_path) as doc:
        page = doc.pages[0]
        assert red_chars(page) == [] and page.lines == []
        assert line_of(page, "某政发〔2024〕7号")[0]["matrix"][5] < line_of(page, "关于加强")[0]["matrix"][5]
        assert "000123" not in page.extract_text()


def test_the_styles_mark_replaces_the_models(tmp_path):
    pdf_path, _ = render(model('<masthead form="general"/>'), tmp_path, "mark",
                         style_file(tmp_path, 'mark = "某某市某某局文件"'))
    with pdfplumber.open(pdf_path) as doc:
        assert "".join(c["text"] for c in red_chars(doc.pages[0])) == "某某市某某局文件"


def test_a_model_without_masthead_is_unchanged(tmp_path):
    """No 版头: the title first, the 发文字号 under it, nothing red, no rule."""
    pdf_path, ofd_path = render(model(""), tmp_path, "plain")
    with pdfplumber.open(pdf_path) as doc:
        page = doc.pages[0]
        assert red_chars(page) == [] and page.lines == [] and not page.images
        title, number = line_of(page, "关于加强"), line_of(page, "某政发〔2024〕7号")
        assert em_top_mm(title) < TOP + LINE
        assert number[0]["matrix"][5] < title[0]["matrix"][5]
    assert ofd_red_runs(ofd_path) == []


# ----------------------------------------------------------------- seals --

def content_ops(pdf_path: Path, k: int) -> bytes:
    """Page k's content stream, decoded (pdfminer, through pdfplumber)."""
    with pdfplumber.open(pdf_path) as doc:
        streams = doc.pages[k].page_obj.contents
        return b"".join(s.get_data() for s in streams)


def closing_page(doc, text="2024年3月1日"):
    return next(p for p in doc.pages if any(ch["text"] == "日" for ch in p.chars) and text in p.extract_text())


def test_a_seal_presses_the_signature_and_date_below_its_centre(tmp_path):
    """7.3.5.1: centred on the signature; signature and date under its centre and within it;
    its top within one line of the body; drawn over the text."""
    report = model(f'<masthead form="general">{seal_xml()}</masthead>')
    pdf_path, ofd_path = render(report, tmp_path, "seal")
    with pdfplumber.open(pdf_path) as doc:
        page = closing_page(doc)
        (image,) = page.images
        x0, x1 = image["x0"] / MM, image["x1"] / MM
        top, bottom = image["top"] / MM, image["bottom"] / MM
        assert x1 - x0 == pytest.approx(42.0, abs=0.1) and bottom - top == pytest.approx(42.0, abs=0.1)
        centre_y = (top + bottom) / 2
        signature, date = line_of(page, "某某省人民政府", last=True), line_of(page, "2024年3月1日", last=True)
        assert (x0 + x1) / 2 == pytest.approx(centre_x_mm(signature), abs=0.5)
        for chars in (signature, date):
            assert em_top_mm(chars) > centre_y - 1.0  # below the centre (中套/下套)
            assert x0 <= chars[0]["x0"] / MM and chars[-1]["x1"] / MM <= x1
            assert em_bottom_mm(chars) <= bottom
        body = line_of(page, "确保各项任务落到实处。", last=True)
        assert 0 <= top - em_bottom_mm(body) <= LINE
    # drawn over the text: after the date's glyphs, in the PDF's content stream and the OFD's page
    ops = content_ops(pdf_path, page.page_number - 1)
    assert ops.rindex(b" Do") > ops.index(b"%.3f Tm" % date[0]["matrix"][5])
    objects = list(ofd_page(ofd_path, page.page_number - 1).iter("{*}TextObject", "{*}ImageObject"))
    kinds = [etree.QName(el).localname for el in objects]
    last_date = max(k for k, el in enumerate(objects) if "日" in (el.findtext("{*}TextCode") or ""))
    assert kinds.index("ImageObject") > last_date


def test_joint_seals_stand_in_a_row_within_the_type_area_without_overlap(tmp_path):
    report = model(f'<masthead form="general">{seal_xml()}{seal_xml(50)}</masthead>',
                   signatures=("某某省人民政府", "某某省财政厅"))
    pdf_path, _ = render(report, tmp_path, "seals")
    with pdfplumber.open(pdf_path) as doc:
        page = closing_page(doc)
        images = sorted(page.images, key=lambda im: im["x0"])
        assert len(images) == 2
        first, second = images
        assert first["x1"] <= second["x0"]
        assert first["x0"] / MM >= LEFT - 0.01 and second["x1"] / MM <= LEFT + WIDTH + 0.01
        for image, name in zip(images, ("某某省人民政府", "某某省财政厅")):
            chars = line_of(page, name, last=True)
            assert (image["x0"] + image["x1"]) / 2 / MM == pytest.approx(centre_x_mm(chars), abs=0.5)
        assert (second["x1"] - second["x0"]) / MM > (first["x1"] - first["x0"]) / MM  # its own width-mm


def test_no_seal_in_the_model_draws_none(forms):
    with pdfplumber.open(forms["general"][0]) as doc:
        assert not any(p.images for p in doc.pages)
