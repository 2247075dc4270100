"""The 版头 and the special formats of GB/T 9704-2012 (7.2, 10.1-10.3) in the DOCX: read back
with python-docx (styles, borders, frames, footers, seals), through our reader (the round
trip), and laid out by LibreOffice and measured with pdfplumber. The numbers are the
standard's, written out here: the type area is 156 × 225 mm at 28 mm from the left and 37 mm
from the top, 22 lines of 225/22 mm."""
from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from conftest import require_tool
from convert.model import tree
from convert.options import Options
from convert.readers import docx as reader
from convert.writers import docx as writer
from masthead_models import FORMS, model
from test_docx import fontconfig_file
from test_docx_roundtrip import strip_stored_model

MM = 72 / 25.4
LEFT, WIDTH, TOP = 28, 156, 37
LINE = 225 / 22                        # mm
CHAR = WIDTH / 28                      # mm, one 三号 character with the grid's spacing
MARK_TOP = {"general": TOP + 35, "upward": TOP + 35, "minutes": TOP + 35, "order": TOP + 20, "letter": 30}
RED = (1.0, 0.0, 0.0)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def document(report, style: str | None = None) -> docx.Document:
    return docx.Document(io.BytesIO(writer.render(report, Options(style=style) if style else None)))


def styled(doc, name: str):
    return [p for p in doc.paragraphs if p.style.name == name]


def package_xml(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist()
                       if n.endswith(".xml") and not n.startswith("customXml/"))


# ------------------------------------------------------------- the DOCX itself --

def test_the_general_header_is_paragraphs_in_their_own_styles():
    doc = document(model("general"))
    head = [(p.style.name, p.text) for p in doc.paragraphs[:6]]
    assert head == [("Masthead Field", "000123"), ("Masthead Field", "秘密★1年"), ("Masthead Field", "特急"),
                    ("Issuer Mark", "江苏省人民政府文件"), ("Masthead Number", "苏政发〔2021〕12号"),
                    ("Title", "关于做好春季农业生产工作的通知")]
    mark = doc.styles["Issuer Mark"].element
    assert mark.find(f"{W}rPr/{W}color").get(f"{W}val") == "FF0000"
    assert int(mark.find(f"{W}rPr/{W}sz").get(f"{W}val")) <= 60  # 30 pt at most
    rule = doc.paragraphs[4]._p.pPr.find(f"{W}pBdr/{W}bottom")
    assert (rule.get(f"{W}val"), rule.get(f"{W}color")) == ("single", "FF0000")
    assert "Document Number" not in [p.style.name for p in doc.paragraphs]  # the 文号 is the header's only


def test_a_long_mark_is_set_smaller_to_fit_the_type_area():
    long_name = "中华人民共和国国家发展和改革委员会办公厅"  # 20 characters and 文件: 22 em
    report = model("general")
    report.find("meta/issuer").text = long_name
    doc = document(report)
    size = int(doc.styles["Issuer Mark"].element.find(f"{W}rPr/{W}sz").get(f"{W}val")) / 2
    assert size * 22 <= WIDTH * MM and size > 18


def test_without_a_masthead_nothing_red_and_no_mark_style():
    report = model("general", masthead=False)
    data = writer.render(report)
    doc = docx.Document(io.BytesIO(data))
    names = {s.name for s in doc.styles}
    assert not names & {"Issuer Mark", "Masthead Field", "Masthead Number", "Signer", "Order Number"}
    assert "FF0000" not in package_xml(data).upper()
    assert [p.style.name for p in doc.paragraphs[:2]] == ["Title", "Document Number"]


def test_draw_false_puts_the_docnumber_under_the_title(tmp_path):
    style = tmp_path / "plain.toml"
    style.write_text('extends = "official"\n[masthead]\ndraw = false\n', encoding="utf-8")
    data = writer.render(model("general"), Options(style=str(style)))
    doc = docx.Document(io.BytesIO(data))
    assert [(p.style.name, p.text) for p in doc.paragraphs[:2]] == [
        ("Title", "关于做好春季农业生产工作的通知"), ("Document Number", "苏政发〔2021〕12号")]
    assert "FF0000" not in package_xml(data).upper()


def test_preprinted_paper_keeps_the_space_and_draws_nothing_red(tmp_path):
    style = tmp_path / "preprinted.toml"
    style.write_text('extends = "official"\n[masthead]\nletterhead = "preprinted"\n', encoding="utf-8")
    data = writer.render(model("general"), Options(style=str(style)))
    doc = docx.Document(io.BytesIO(data))
    assert "FF0000" not in package_xml(data).upper()
    mark = styled(doc, "Issuer Mark")
    assert len(mark) == 1 and mark[0].text == ""  # the printed mark's place
    assert [p.text for p in styled(doc, "Masthead Field")] == ["000123", "秘密★1年", "特急"]
    assert styled(doc, "Masthead Number")[0].text == "苏政发〔2021〕12号"


def test_an_upward_document_has_the_docnumber_and_signers_on_one_line():
    doc = document(model("upward"))
    line = styled(doc, "Masthead Number")[0]
    assert line.text == "\t苏政〔2021〕5号\t签发人：张三　李四"
    tabs = [(t.get(qn("w:val")), int(t.get(qn("w:pos")))) for t in line._p.pPr.find(qn("w:tabs"))]
    assert [t[0] for t in tabs] == ["left", "right"]
    assert abs(tabs[0][1] / 20 / MM - CHAR) < 0.3 and abs(tabs[1][1] / 20 / MM - (WIDTH - CHAR)) < 0.3
    names = [r for r in line.runs if r.text == "张三　李四"][0]
    assert names.style.name == "Signer Name"
    fonts = doc.styles["Signer Name"].element.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(qn("w:eastAsia")).startswith("楷体")


def test_joint_issuers_stack_beside_the_suffix():
    doc = document(model("general", joint=("江苏省人民政府", "江苏省军区")))
    table = doc.tables[0]
    left, right = table.rows[0].cells
    assert [p.text for p in left.paragraphs] == ["江苏省人民政府", "江苏省军区"]
    assert right.text == "文件"
    assert right._tc.tcPr.find(qn("w:vAlign")).get(qn("w:val")) == "center"
    assert {p.style.name for p in left.paragraphs + right.paragraphs} == {"Issuer Mark"}


def test_a_letter_has_a_framed_mark_and_an_unnumbered_first_page():
    data = writer.render(model("letter"))
    doc = docx.Document(io.BytesIO(data))
    mark = styled(doc, "Issuer Mark")[0]
    frame = mark._p.pPr.find(qn("w:framePr"))
    assert abs(int(frame.get(qn("w:w"))) / 20 / MM - 170) < 0.2
    assert mark._p.pPr.find(f"{W}pBdr/{W}bottom").get(qn("w:val")) == "thickThinSmallGap"
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    first = section.first_page_footer._element
    assert "PAGE" not in "".join(first.itertext())
    assert first.find(f".//{W}pBdr/{W}bottom").get(qn("w:val")) == "thinThickSmallGap"
    assert "PAGE" in "".join(section.footer._element.itertext())  # the later pages keep theirs
    assert styled(doc, "Masthead Number")[0].text == "000045\t苏政办函〔2021〕7号"


def letter_with_imprint():
    report = model("letter")
    report.append(etree.fromstring('<imprint><copyto label="抄送：">省财政厅。</copyto><printed>'
                                   '<office>省政府办公厅</office><date when="2021-03-27">2021年3月27日印发</date>'
                                   '</printed></imprint>'))
    return tree.validate(report)


def test_a_letters_imprint_has_no_rules_and_no_printing_line():
    report = letter_with_imprint()
    doc = document(report)
    table = doc.tables[-1]
    assert table.rows[-1].cells[0].text == "抄送：省财政厅。" and len(table.rows) == 1
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) == "nil" for b in borders)
    general = document(tree.validate(etree.fromstring(etree.tostring(report).replace(b'form="letter"', b'form="general"'))))
    assert len(general.tables[-1].rows) == 2  # the general form keeps its 印发 line


def test_minutes_attendance_hangs_after_the_label():
    doc = document(model("minutes"))
    lists = styled(doc, "Attendance")
    assert [p.text[:3] for p in lists] == ["出席：", "请假："]
    label = lists[0].runs[0]
    assert label.text == "出席：" and label.style.name == "Attendance Label"
    assert doc.styles["Attendance Label"].element.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) == "黑体"
    ind = lists[0]._p.pPr.find(qn("w:ind"))
    left, hanging = int(ind.get(qn("w:left"))) / 20 / MM, int(ind.get(qn("w:hanging"))) / 20 / MM
    assert abs(left - 5 * CHAR) < 0.3 and abs(hanging - 3 * CHAR) < 0.3
    assert not styled(document(model("general")), "Attendance")  # none where the model has none


def test_an_orders_closing_sets_the_title_and_name_on_tab_stops():
    doc = document(model("order"))
    signature = styled(doc, "Signature")[0]
    assert signature.text == "\t省长\t吴政隆"
    tabs = [(t.get(qn("w:val")), int(t.get(qn("w:pos")))) for t in signature._p.pPr.find(qn("w:tabs"))]
    # 签名章 右空四字, the 职务 二字 left of it (7.3.5.3): right stops at 28 − 4 and 28 − 4 − 3 − 2 characters
    assert [t[0] for t in tabs] == ["right", "right"]
    assert abs(tabs[1][1] / 20 / MM - (WIDTH - 4 * CHAR)) < 0.3 and abs(tabs[0][1] / 20 / MM - (WIDTH - 9 * CHAR)) < 0.3
    assert styled(doc, "Order Number")[0].text == "第148号"
    plain = styled(document(model("general")), "Signature")[0]
    assert "\t" not in plain.text


def test_seals_float_behind_the_text_at_the_main_closing():
    doc = document(model("general", seal=True))
    date = styled(doc, "Date")[0]
    anchors = date._p.findall(f".//{WP}anchor")
    assert len(anchors) == 1 and anchors[0].get("behindDoc") == "1"
    assert abs(int(anchors[0].find(f"{WP}extent").get("cx")) / 36000 - 40) < 0.1  # width-mm
    assert not document(model("general"))._element.findall(f".//{WP}anchor")


# ------------------------------------------------------------------ the round trip --

CASES = [(form, {}) for form in FORMS] + [("general", {"seal": True}),
                                          ("general", {"joint": ("江苏省人民政府", "江苏省军区")})]


@pytest.mark.parametrize("form, extra", CASES, ids=[f"{f}-{'-'.join(e) or 'plain'}" for f, e in CASES])
def test_our_docx_comes_back_as_the_same_model(form, extra):
    report = model(form, **extra)
    back = reader.parse(writer.render(report), "x.docx")
    assert tree.to_bytes(back) == tree.to_bytes(report)


@pytest.mark.parametrize("form", list(FORMS))
def test_without_the_stored_model_the_header_is_read_from_the_page(form):
    report = model(form)
    back = reader.parse(strip_stored_model(writer.render(report)), "x.docx")
    shown = back.find("meta/masthead")
    assert shown.get("form") == form
    ours = report.find("meta/masthead")
    for name in ("copy", "secrecy", "urgency", "order"):
        assert shown.findtext(name) == ours.findtext(name)
    assert [s.text for s in shown.iterfind("signer")] == [s.text for s in ours.iterfind("signer")]
    assert tree.meta_text(back, "docnumber") == tree.meta_text(report, "docnumber")
    assert [a.get("label") + tree.text_of(a) for a in back.iterfind("attendance")] == \
        [a.get("label") + tree.text_of(a) for a in report.iterfind("attendance")]


# --------------------------------------------------------- LibreOffice's rendering --

LAID_OUT = {form: model(form, seal=form in ("general", "order")) for form in FORMS}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The five forms' DOCX converted by LibreOffice in one call (5-10 s a file otherwise)."""
    soffice = require_tool("soffice", "libreoffice", hint="make test installs libreoffice-writer-nogui")
    tmp = tmp_path_factory.mktemp("masthead-lo")
    paths = []
    for form, report in LAID_OUT.items():
        path = tmp / f"{form}.docx"
        path.write_bytes(writer.render(report))
        paths.append(str(path))
    (tmp / "letter-imprint.docx").write_bytes(writer.render(letter_with_imprint()))
    paths.append(str(tmp / "letter-imprint.docx"))
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(tmp, "zh-Hans")))
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'profile').resolve().as_uri()}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp / "out"), *paths],
                            env=env, capture_output=True, text=True, timeout=600)
    out = {form: tmp / "out" / f"{form}.pdf" for form in [*LAID_OUT, "letter-imprint"]}
    assert result.returncode == 0 and all(p.exists() for p in out.values()), result.stderr[-500:]
    return out


def lines_of(page) -> list[tuple[float, float, float, float, str, tuple]]:
    """(top, bottom, x0, x1 in mm, text, colour) per line of characters, top to bottom."""
    rows: list[list[dict]] = []
    for ch in sorted(page.chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if rows and abs(ch["top"] - rows[-1][0]["top"]) < 1:
            rows[-1].append(ch)
        else:
            rows.append([ch])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        out.append((row[0]["top"] / MM, row[0]["bottom"] / MM, row[0]["x0"] / MM, row[-1]["x1"] / MM,
                    "".join(c["text"] for c in row), tuple(row[0]["non_stroking_color"] or ())))
    return out


def red_rules(page) -> list[dict]:
    """Horizontal red strokes, top to bottom, one per drawn line (pdfplumber lists a line as
    an edge once per object kind)."""
    seen, out = set(), []
    for e in sorted(page.edges, key=lambda e: e["top"]):
        if e["orientation"] != "h" or tuple(e.get("stroking_color") or ()) != RED:
            continue
        key = (round(e["top"], 1), round(e["x0"], 1), round(e["x1"], 1))
        if key not in seen:
            seen.add(key)
            out.append({"y": e["top"] / MM, "x0": e["x0"] / MM, "x1": e["x1"] / MM, "width": e["linewidth"] / MM})
    return out


def open_pages(path: Path):
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [(lines_of(p), red_rules(p), [(i["x0"] / MM, i["top"] / MM, i["x1"] / MM, i["bottom"] / MM)
                                              for i in p.images]) for p in pdf.pages]


def line_with(lines, text: str):
    return next(line for line in lines if text in line[4])


def test_libreoffice_sets_a_letters_imprint_on_the_last_line_of_an_even_page(pdfs):
    """A 信函's 版记 (10.1: no rules) floats too: its last line is the type area's last line."""
    pages = open_pages(pdfs["letter-imprint"])
    assert len(pages) % 2 == 0
    lines = pages[-1][0]
    last = line_with(lines, "抄送：")
    assert TOP + 225 - LINE < last[0] and last[1] < TOP + 225, last
    assert not [line for line in lines if line[0] > last[1] and line[1] < TOP + 225]  # nothing under it in the type area


@pytest.mark.parametrize("form", list(FORMS))
def test_libreoffice_puts_the_mark_at_its_distance_in_red(pdfs, form):
    lines, _, _ = open_pages(pdfs[form])[0]
    mark_text = "江苏省人民政府办公厅" if form == "letter" else "省政府常务会议纪要" if form == "minutes" else \
        "江苏省人民政府令" if form == "order" else "江苏省人民政府文件"
    top, bottom, x0, x1, text, colour = lines[0] if form == "letter" else line_with(lines, mark_text)
    assert text == mark_text and colour == RED
    assert abs(top - MARK_TOP[form]) < 2, f"{form}: the mark's top at {top:.2f} mm, not {MARK_TOP[form]}"
    assert abs((x0 + x1) / 2 - (LEFT + WIDTH / 2)) < 2  # centred
    others = [line for line in lines if line[4] != mark_text]
    assert all(line[5] != RED for line in others), "only the mark is red text"


@pytest.mark.parametrize("form", ["general", "upward"])
def test_libreoffice_draws_the_red_rule_under_the_docnumber(pdfs, form):
    lines, rules, _ = open_pages(pdfs[form])[0]
    assert len(rules) == 1
    rule = rules[0]
    assert abs(rule["x0"] - LEFT) < 1 and abs(rule["x1"] - (LEFT + WIDTH)) < 1
    number = line_with(lines, "〔2021〕")
    mark = line_with(lines, "文件")
    assert abs(rule["y"] - number[1] - 4) < 2, f"the rule {rule['y'] - number[1]:.2f} mm under the 文号"
    # 空二行: the 文号's line two blank lines under the mark's
    assert 2 * LINE < number[0] - mark[1] < 3 * LINE + 2
    title = line_with(lines, FORMS[form]["title"])
    assert 2 * LINE - 1 < title[0] - rule["y"] < 3 * LINE - 1, "the title two blank lines under the rule"
    if form == "upward":
        assert abs(number[2] - (LEFT + CHAR)) < 1.5 and abs(number[3] - (LEFT + WIDTH - CHAR)) < 1.5


def test_libreoffice_draws_a_letters_double_rules_and_leaves_page_one_unnumbered(pdfs):
    pages = open_pages(pdfs["letter"])
    assert len(pages) >= 2
    lines, rules, _ = pages[0]
    mark = lines[0]
    top_pair = [r for r in rules if r["y"] < 150]
    bottom_pair = [r for r in rules if r["y"] > 150]
    for pair in (top_pair, bottom_pair):
        assert len(pair) == 2 and abs(pair[1]["y"] - pair[0]["y"]) < 1.5
        for r in pair:
            assert abs(r["x1"] - r["x0"] - 170) < 1 and abs((r["x0"] + r["x1"]) / 2 - (LEFT + WIDTH / 2)) < 1
    assert top_pair[0]["width"] > top_pair[1]["width"], "上粗下细"
    assert bottom_pair[0]["width"] < bottom_pair[1]["width"], "上细下粗"
    assert abs(top_pair[0]["y"] - mark[1] - 4) < 2
    assert abs(bottom_pair[1]["y"] - (297 - 20)) < 2
    first = line_with(lines, "苏政办函")
    assert first[4] == "000045苏政办函〔2021〕7号"
    assert abs(first[0] - top_pair[1]["y"] - 4.94) < 2 and abs(first[3] - (LEFT + WIDTH)) < 1
    assert not any("—" in line[4] for line in lines), "page 1 of a letter is unnumbered"
    numbered = [line for line in pages[1][0] if line[4].replace(" ", "") == "—2—"]
    assert numbered and abs(numbered[0][0] - (TOP + 225 + 7)) < 2
    assert not [r for r in pages[1][1]], "the double rules are the first page's"


@pytest.mark.parametrize("form", ["order", "minutes"])
def test_libreoffice_draws_no_rule_for_orders_and_minutes(pdfs, form):
    assert not open_pages(pdfs[form])[0][1]


def test_libreoffice_sets_an_orders_number_and_closing(pdfs):
    lines, _, images = open_pages(pdfs["order"])[0]
    mark, number = line_with(lines, "江苏省人民政府令"), line_with(lines, "第148号")
    assert 2 * LINE < number[0] - mark[1] < 3 * LINE + 2
    signature, date = line_with(lines, "吴政隆"), line_with(lines, "2021年3月26日")
    # 职务 (2 characters) 空二字 left of the 签名章 (a 3-character name, 右空四字): 11 from the right
    assert abs(signature[2] - (LEFT + WIDTH - 11 * CHAR)) < 1.5
    assert abs(LEFT + WIDTH - signature[3] - 4 * CHAR) < 1.5  # 签名章 右空四字
    assert abs(date[0] - signature[0] - 2 * LINE) < 1.5       # the date one blank line under it


def test_libreoffice_aligns_the_attendance_after_the_colon(pdfs):
    lines, _, _ = open_pages(pdfs["minutes"])[0]
    present = line_with(lines, "出席：")
    following = lines[lines.index(present) + 1]
    assert abs(present[2] - (LEFT + 2 * CHAR)) < 1.5
    assert abs(following[2] - (LEFT + 5 * CHAR)) < 1.5, "a wrapped line starts under the first name"
    assert line_with(lines, "请假：")[2] == pytest.approx(present[2], abs=0.5)


def test_libreoffice_presses_the_seal_on_the_signature_and_date(pdfs):
    lines, _, images = open_pages(pdfs["general"])[0]
    assert len(images) == 1
    x0, top, x1, bottom = images[0]
    assert abs(x1 - x0 - 40) < 1
    signature, date = line_with(lines, "江苏省人民政府"), line_with(lines, "2021年3月26日")
    signature = [line for line in lines if line[4] == "江苏省人民政府"][-1]
    centre_x, centre_y = (x0 + x1) / 2, (top + bottom) / 2
    assert abs(centre_x - (signature[2] + signature[3]) / 2) < 2
    assert top < signature[0] and date[1] < bottom, "the seal covers the signature and the date"
    assert centre_y < signature[1] + 1, "the signature and date lie below the seal's centre"


def test_libreoffice_puts_an_orders_signature_seal_on_the_name(pdfs):
    lines, _, images = open_pages(pdfs["order"])[0]
    (x0, top, x1, bottom), = images
    name = line_with(lines, "吴政隆")
    name_x0 = name[3] - 3 * CHAR  # 吴政隆, the last three characters of the line
    assert abs((x0 + x1) / 2 - (name_x0 + name[3]) / 2) < 2
    assert abs((top + bottom) / 2 - (name[0] + name[1]) / 2) < 2
