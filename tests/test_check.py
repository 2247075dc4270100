"""`report-convert check`: every rule fires on a document that breaks it, and on nothing else
there; our own outputs (PDF, OFD, LibreOffice's rendering of our DOCX) check with no finding of
strength 规定. The broken documents are drawn with ReportLab directly (check_documents.py), or
are our conversions with one thing changed (a style, a DOCX edited with python-docx)."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from check_documents import draw, variant
from conftest import ROOT, require_tool
from convert import cli
from convert.check import RULES, main as check_main
from convert.check.pages import read_pdf
from convert.check.rules import REQUIRED
from masthead_models import BODY, FORMS, model
from test_docx import fontconfig_file
from convert.options import Options
from convert.writers import docx as docx_writer, ofd, pdf

SHARED = ROOT.parent / "shared"   # beside the clone, as CI lays it out
SEED = SHARED / "seeds" / "000_1a10c3e49a22aaa9.txt"
CORPUS = SHARED / "corpus"
OURS = [SEED, CORPUS / "gov-cn" / "gov-cn-01.html", CORPUS / "gov-cn" / "gov-cn-04.html",
        CORPUS / "docx" / "gwr-2025-anhui.docx"]


def findings_of(path: Path, *args: str, capsys) -> list[dict]:
    code = check_main([str(path), "--json", *args])
    out = capsys.readouterr().out
    found = json.loads(out.splitlines()[-1])["findings"]
    assert code == (1 if any(f["strength"] == REQUIRED for f in found) else 0)
    return found


def fired(path: Path, capsys, *args: str) -> set[str]:
    return {f["rule"] for f in findings_of(path, *args, capsys=capsys)}


# ------------------------------------------------------------ negative controls --

# knob -> the one rule it breaks
BROKEN = {
    "paper=(216, 279)": {"page.size"},
    "left=32": {"margin.left"},
    "top=31": {"margin.top"},
    "width=145.6, chars_per_line=26": {"margin.width"},
    "lines_per_page=20": {"grid.lines"},
    "chars_per_line=30": {"grid.chars"},
    "body_pt=14": {"font.size"},
    "body_font='hei'": {"font.role"},
    "heading1_font='fang'": {"font.role"},
    "headings=('一、', '（二）', '二、', '三、')": {"headings.sequence"},
    "headings=('一、', '1.', '2.', '二、')": {"headings.sequence"},
    "headings=('一、', '（一）', '（一）', '二、')": {"headings.sequence"},
    "folio=''": {"folio.present"},
    "folio='- {n} -'": {"folio.form"},
    "folio_pt=10.5": {"folio.form"},
    "folio_below=15": {"folio.distance"},
    "folio_sides=('center', 'center')": {"folio.side"},
    "folio_sides=('left', 'right')": {"folio.side"},
    "mark_top=25": {"masthead.mark"},
    "rule_gap=10": {"masthead.rule"},
    "rule_length=120": {"masthead.rule"},
    "fields_inset=10": {"masthead.fields"},
    "title_lines_after_rule=0": {"title.after_rule"},
    "first_page_body=False": {"page1.body"},
    "docnumber='某政發[2024]第07號'": {"docnumber.form"},
    "date='二○二四年三月一日'": {"date.form"},
    "date='2024年03月01日'": {"date.form"},
    "date='2024年2月30日'": {"date.form"},
    "date_right_chars=3": {"closing.date"},
    "signature_offset_chars=3": {"closing.signature"},
    "note_indent_chars=0": {"closing.note"},
    "kinsoku_break=True": {"kinsoku.start"},
    "half_width=True": {"punct.half_width"},
    "note_embedded=False": {"font.embedded"},
    "imprint_page_even=False": {"imprint.even"},
    "listed=('安全生產檢查方案', '責任清單'), attached=('安全生產檢查方案', '責任分工清單')": {"attachments.match"},
    "listed=('安全生產檢查方案',), attached=('安全生產檢查方案', '責任清單')": {"attachments.match"},
    "attached=('安全生產檢查方案',)": {"attachments.match"},
    "imprint_rule_at_bottom=False": {"imprint.rules"},
    "imprint_weights=(0.25, 0.25, 0.25)": {"imprint.weights"},
    "imprint_weights=(0.35, 0.35, 0.35)": {"imprint.weights"},
    "imprint_rule_length=140": {"imprint.width"},
    "copy_inset=0": {"imprint.indent"},
    "copy_wrap=1": {"imprint.indent"},
    "copy_wrap=0, copy_right_inset=0": {"imprint.indent"},
    "printed_inset=(2, 1)": {"imprint.indent"},
    "printed_inset=(1, 0)": {"imprint.indent"},
    "printed_split=True": {"imprint.indent"},
    "letter=True, letter_top_weights=(0.25, 0.5)": {"letter.rules"},
    "letter=True, letter_bottom_weights=(0.5, 0.25)": {"letter.rules"},
    "letter=True, letter_mark_gap=10": {"letter.rules"},
    "letter=True, letter_bottom=30": {"letter.rules"},
    "letter=True, letter_length=156": {"letter.rules"},
    "letter=True, letter_folio_1=True": {"letter.folio"},
    "letter=True, imprint_rule_at_bottom=False": {"imprint.rules"},
    "order=True, order_number_lines=1": {"order.number"},
    "order=True, order_number_offset=10": {"order.number"},
    "order=True, order_stamp_right=2": {"order.signature"},
    "order=True, order_title_gap=0.5": {"order.signature"},
    "order=True, order_stamp_lines=1": {"order.signature"},
    "order=True, order_date_lines=0": {"order.signature"},
    "seals=1, seal_dx=8": {"seal.place"},
    "seals=1, signature_up=1": {"seal.place"},
    "seals=1, seal_top_gap=-1.5": {"seal.place"},
    "seals=2, seal_pitch=41": {"seal.place"},
    "seals=2, seal_pitch=100": {"seal.place"},
}


def test_a_document_laid_out_per_the_standard_has_no_findings(tmp_path, capsys):
    assert fired(draw(variant(), tmp_path / "good.pdf"), capsys) == set()
    assert fired(draw(variant(masthead=False), tmp_path / "plain.pdf"), capsys) == set()
    listed = ("安全生產檢查方案", "責任清單")
    assert fired(draw(variant(listed=listed, attached=listed), tmp_path / "two.pdf"), capsys) == set()
    assert fired(draw(variant(listed=listed[:1], attached=listed[:1]), tmp_path / "one.pdf"), capsys) == set()
    assert fired(draw(variant(listed=listed), tmp_path / "apart.pdf"), capsys) == set()  # bound separately
    # attached and unlisted, but no 落款 either: a report's appendix, not a 公文's attachment (7.3.4 lists
    # a 公文's attachments above its 落款)
    assert fired(draw(variant(attached=listed[:1], closing=False), tmp_path / "report.pdf"), capsys) == set()
    assert fired(draw(variant(copy_wrap=0), tmp_path / "wrapped.pdf"), capsys) == set()  # 抄送 aligned after its colon
    assert fired(draw(variant(letter=True), tmp_path / "letter.pdf"), capsys) == set()
    assert fired(draw(variant(order=True), tmp_path / "order.pdf"), capsys) == set()
    assert fired(draw(variant(seals=1), tmp_path / "sealed.pdf"), capsys) == set()
    assert fired(draw(variant(seals=2), tmp_path / "joint.pdf"), capsys) == set()


@pytest.mark.parametrize("knob", list(BROKEN))
def test_each_rule_fires_on_the_document_that_breaks_it_and_only_it(knob, tmp_path, capsys):
    path = draw(eval(f"variant({knob})"), tmp_path / "broken.pdf")  # noqa: S307 (our own table)
    assert fired(path, capsys) == BROKEN[knob]


def test_every_rule_has_a_negative_control():
    covered = set().union(*BROKEN.values(), {"font.substitute", "font.declared"})  # a DOCX's: below
    assert {r.id for r in RULES} - covered == set()


def test_a_finding_names_the_page_line_clause_and_strength(tmp_path, capsys):
    path = draw(variant(date_right_chars=3), tmp_path / "date.pdf")
    assert check_main([str(path)]) == 1
    assert capsys.readouterr().out.strip() == (
        "page 2, line 9: 成文日期 3.0 字 from the right edge; GB/T 9704-2012 7.3.5.1/7.3.5.2 asks 右空四字 [规定]")
    (found,) = findings_of(path, capsys=capsys)
    assert found == {"rule": "closing.date", "clause": "7.3.5.1/7.3.5.2", "strength": "规定", "subject": "layout",
                     "where": {"page": 2, "line": 9}, "expected": "右空四字", "actual": "成文日期 3.0 字 from the right edge",
                     "fix": "end the date 4 characters from the right edge"}


def test_the_unsealed_layout_of_7_3_5_2_passes(tmp_path, capsys):
    """署名 右空二字 is 7.3.5.2's layout when the date is longer: the date 右空二字 passes too."""
    assert fired(draw(variant(date_right_chars=2), tmp_path / "unsealed.pdf"), capsys) == set()


def test_a_units_style_checks_its_own_margins_and_names_the_departure(tmp_path, capsys):
    house = tmp_path / "house.toml"
    house.write_text('extends = "official"\n[page]\nmargin_left_mm = 32\n', encoding="utf-8")
    path = draw(variant(left=32), tmp_path / "house.pdf")
    assert check_main([str(path), "--style", str(house)]) == 0
    out = capsys.readouterr().out
    assert "departs from GB/T 9704-2012: page.margin_left_mm = 32 (GB/T 9704-2012 5.2.1: 28)" in out
    assert fired(draw(variant(), tmp_path / "standard.pdf"), capsys, "--style", str(house)) == {"margin.left"}


@pytest.mark.parametrize("kind", ["pdf", "ofd"])
def test_our_conversion_in_a_style_with_other_margins_is_found_and_checks_clean_against_that_style(kind, tmp_path, capsys):
    """Our writers with a unit's margins (33 mm left, 30 mm top): against GB/T 9704 the margins
    are found, once each, and nothing that depends on them; against the unit's style, nothing."""
    from convert.readers import xml as xml_reader
    from masthead_models import model_xml

    house = tmp_path / "house.toml"
    house.write_text('extends = "official"\n[page]\nmargin_left_mm = 33\nmargin_top_mm = 30\n', encoding="utf-8")
    long_body = "<p>" + "各地区各部门要认真贯彻落实，切实加强组织领导，确保各项任务落到实处。" * 6 + "</p>"
    report = xml_reader.parse(model_xml("general").replace("<body>", "<body>" + long_body, 1).encode("utf-8"))
    path = tmp_path / f"house.{kind}"
    (pdf if kind == "pdf" else ofd).write(report, path, Options(style=str(house)))
    assert fired(path, capsys) == {"margin.left", "margin.top"}
    assert fired(path, capsys, "--style", str(house)) == set()


# ------------------------------------------------------------ usage --

def test_bad_usage_is_one_line_and_exit_2(tmp_path, capsys):
    assert cli.main(["check"]) == 2
    assert cli.main(["check", str(tmp_path / "missing.pdf")]) == 2
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert cli.main(["check", str(tmp_path / "a.txt")]) == 2
    assert cli.main(["check", "--bogus", str(tmp_path / "a.txt")]) == 2
    assert cli.main(["check", str(tmp_path / "a.txt"), "--style", "nonesuch"]) == 2
    assert cli.main(["check", "--style"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 6 and all(line.startswith("report-convert check: ") for line in err)
    assert "Traceback" not in "".join(err)


def test_a_damaged_file_is_a_finding_and_the_others_are_still_checked(tmp_path, capsys):
    (tmp_path / "damaged.pdf").write_bytes(b"%PDF-1.4 not really")
    good = draw(variant(), tmp_path / "good.pdf")
    assert check_main([str(tmp_path / "damaged.pdf"), str(good)]) == 1
    out = capsys.readouterr().out
    assert "document: cannot read it" in out and f"{good}: no findings" in out


def test_a_folder_and_a_list_are_checked_file_by_file(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    draw(variant(), folder / "good.pdf")
    draw(variant(date_right_chars=3), folder / "bad.pdf")
    assert check_main([str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'good.pdf'}: no findings" in out and f"{folder / 'bad.pdf'}: 1 finding(s)" in out
    listed = tmp_path / "list.txt"
    listed.write_text(f"{folder / 'good.pdf'}\n", encoding="utf-8")
    assert check_main([f"@{listed}"]) == 0


def test_a_docx_without_libreoffice_is_not_a_pass(tmp_path, capsys, monkeypatch):
    path = tmp_path / "ours.docx"
    path.write_bytes(docx_writer.render(model("general")))
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    found = findings_of(path, capsys=capsys)
    assert [(f["rule"], f["actual"]) for f in found] == [("render", "not rendered: LibreOffice missing")]
    assert found[0]["strength"] == REQUIRED


def test_a_docx_with_other_margins_says_so_from_its_properties(tmp_path, capsys, monkeypatch):
    path = tmp_path / "margins.docx"
    document = docx.Document(io.BytesIO(docx_writer.render(model("general"))))
    document.sections[0].left_margin = int(31.8 * 36000)
    document.save(path)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert fired(path, capsys) == {"render", "margin.left"}


def test_an_ofd_that_only_names_its_fonts_is_found_and_ours_carries_them(ours, tmp_path, capsys):
    import zipfile

    ours_ofd = ours / "form-general.ofd"
    assert "font.embedded" not in fired(ours_ofd, capsys) | fired(ours / "form-general.pdf", capsys)
    bare = tmp_path / "bare.ofd"
    with zipfile.ZipFile(ours_ofd) as src, zipfile.ZipFile(bare, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("Res.xml"):
                data = re.sub(rb"<ofd:FontFile>[^<]*</ofd:FontFile>", b"", data)
            dst.writestr(item, data)
    found = [f for f in findings_of(bare, capsys=capsys) if f["rule"] == "font.embedded"]
    assert len(found) == 1 and found[0]["strength"] == "实务" and "not embedded" in found[0]["actual"]


def test_a_docx_naming_a_font_that_is_not_installed_reports_the_substitution(tmp_path, capsys):
    require_tool("soffice", "libreoffice", hint="make test installs libreoffice-writer-nogui")
    path = tmp_path / "font.docx"
    document = docx.Document(io.BytesIO(docx_writer.render(model("general"))))
    body = document.styles["Body"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    body.set(qn("w:eastAsia"), "某某不存在的仿宋")
    document.save(path)
    found = [f for f in findings_of(path, capsys=capsys) if f["rule"] == "font.substitute"]
    assert [f["actual"].split(" named")[0] for f in found if "某某" in f["actual"]] == ["某某不存在的仿宋"]
    assert found[0]["strength"] == "实务"


def test_a_docx_declaring_a_level_1_heading_in_fangsong_is_found_from_its_properties(ours, tmp_path, capsys, monkeypatch):
    path = tmp_path / "heading.docx"
    document = docx.Document(str(ours / "gov-cn-01.docx"))
    document.styles["Heading 1"].element.find(qn("w:rPr")).find(qn("w:rFonts")).set(qn("w:eastAsia"), "仿宋_GB2312")
    document.save(path)
    monkeypatch.setenv("PATH", str(tmp_path))  # the properties alone: no rendering
    found = findings_of(path, capsys=capsys)
    assert {f["rule"] for f in found} == {"font.declared", "render"}
    (declared,) = [f for f in found if f["rule"] == "font.declared"]
    assert declared["actual"].endswith("level-1 headings declared in 仿宋_GB2312") and declared["expected"] == "黑体"
    monkeypatch.undo()
    assert "font.declared" not in {f["rule"] for f in findings_of(ours / "gov-cn-01.docx", capsys=capsys)}


# ------------------------------------------------------------ our own output --

@pytest.fixture(scope="module")
def ours(tmp_path_factory):
    """Our PDF, OFD and DOCX of the seed, two gov.cn pages, a provincial DOCX and the five forms."""
    out = tmp_path_factory.mktemp("ours")
    assert cli.main([*map(str, OURS), "--to", "pdf,ofd,docx", "-o", str(out), "-q", "-j", "1"]) == 0
    for form in FORMS:
        report = model(form)
        pdf.write(report, out / f"form-{form}.pdf", Options())
        ofd.write(report, out / f"form-{form}.ofd", Options())
        (out / f"form-{form}.docx").write_bytes(docx_writer.render(report))
    for name, report in own_notices().items():
        pdf.write(report, out / f"{name}.pdf", Options())
        ofd.write(report, out / f"{name}.ofd", Options())
        (out / f"{name}.docx").write_bytes(docx_writer.render(report))
    return out


@pytest.fixture(scope="module")
def rendered(ours, tmp_path_factory):
    """LibreOffice's PDF of each of our DOCX files, in one soffice run."""
    return render_with_libreoffice(sorted(ours.glob("*.docx")), tmp_path_factory.mktemp("lo"))


def render_with_libreoffice(paths: list[Path], tmp: Path) -> Path:
    """LibreOffice's PDFs of `paths` (tmp/lo/STEM.pdf), in one soffice run, with the free
    stand-ins of the fonts our DOCX names."""
    soffice = require_tool("soffice", "libreoffice", hint="make test installs libreoffice-writer-nogui")
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(tmp, "zh-Hans")))
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'profile').resolve().as_uri()}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp / "lo"), *map(str, paths)],
                            env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-500:]
    return tmp / "lo"


def own_notices() -> dict:
    """Notices built as tests/test_masthead_layout.py builds them: with a 版记 whose 抄送 wraps (also
    a 信函's, without rules), sealed, and sealed by two issuers."""
    from test_masthead_layout import FIELDS, model as notice, seal_xml

    copy_to = "、".join(["省委办公厅", "省人大常委会办公厅", "省政协办公厅", "省纪委监委", "省法院", "省检察院"] * 2) + "。"
    imprint = (f'<imprint><copyto label="抄送：">{copy_to}</copyto><printed><office>某某省人民政府办公厅</office>'
               '<date>2024年3月1日印发</date></printed></imprint>')
    body = f"<p>{BODY}</p>" * 9   # two pages of body: the type area is measured where long lines sit
    # The 版记 under the text on page 2 (short), or on page 4 after a blank page (the text fills page 2)
    return {"notice-imprint": notice(f'<masthead form="general">{FIELDS}</masthead>', body=body, imprint=imprint),
            "notice-imprint-short": notice(f'<masthead form="general">{FIELDS}</masthead>', body=f"<p>{BODY}</p>" * 5,
                                           imprint=imprint),
            "notice-letter-imprint": notice('<masthead form="letter"/>', body=body, imprint=imprint),
            "notice-sealed": notice(f'<masthead form="general">{seal_xml()}</masthead>', body=body, imprint=imprint),
            "notice-joint-seals": notice(f'<masthead form="general">{seal_xml()}{seal_xml(50)}</masthead>', body=body,
                                         signatures=("某某省人民政府", "某某省财政厅"))}


@pytest.mark.parametrize("kind", ["pdf", "ofd"])
def test_our_pdf_and_ofd_have_no_findings_of_strength_required(ours, kind, capsys):
    for path in sorted(ours.glob(f"*.{kind}")):
        required = [f for f in findings_of(path, capsys=capsys) if f["strength"] == REQUIRED]
        assert required == [], path.name


def test_libreoffices_rendering_of_our_docx_has_no_findings_of_strength_required(ours, rendered, capsys):
    for path in sorted(ours.glob("*.docx")):
        required = [f for f in findings_of(rendered / f"{path.stem}.pdf", capsys=capsys)
                    if f["strength"] == REQUIRED]
        assert required == [], (path.name, required)


def test_our_docx_floats_the_imprint_to_the_foot_of_the_type_area(ours):
    """The 版记's table is anchored to the bottom of the margin box (w:tblpPr), and is the
    only floating table; a DOCX without a 版记 has none, and no page break before its end."""
    document = docx.Document(str(ours / "notice-imprint.docx"))
    floating = [t for t in document.tables if t._tbl.tblPr.find(qn("w:tblpPr")) is not None]
    assert [t.rows[-1].cells[0].text.endswith("2024年3月1日印发") for t in floating] == [True]
    anchor = floating[0]._tbl.tblPr.find(qn("w:tblpPr"))
    assert (anchor.get(qn("w:vertAnchor")), anchor.get(qn("w:tblpYSpec"))) == ("margin", "bottom")
    # the text ends on page 2 with no room left: a blank page 3 before it (a section break at the
    # text's end, then an empty paragraph with a page break)
    spacer = floating[0]._tbl.getprevious()
    blank, text = spacer.getprevious(), spacer.getprevious().getprevious()
    assert spacer.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None and not "".join(spacer.itertext())
    assert blank.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is None and not "".join(blank.itertext())
    assert text.find(f"{qn('w:pPr')}/{qn('w:sectPr')}/{qn('w:type')}").get(qn("w:val")) == "nextPage"
    assert Paragraph(text, None).text == "2024年3月1日"  # the date, which ends the text
    plain = docx.Document(str(ours / "notice-joint-seals.docx"))  # a notice as long, without a 版记
    assert not [t for t in plain.tables if t._tbl.tblPr.find(qn("w:tblpPr")) is not None]
    assert not plain.element.body.findall(f".//{qn('w:pageBreakBefore')}")
    assert not [p for p in plain.paragraphs if p.style.name == "Imprint"]


def test_libreoffice_sets_our_docx_imprint_on_the_type_areas_bottom_on_an_even_page(rendered):
    """The 版记's last rule within 1 mm of the type area's bottom (37 + 225 mm), on an even
    page: under the text on its last page, or after a blank page."""
    mm = 72 / 25.4
    pages_of = {}
    for name in ("notice-imprint", "notice-imprint-short", "notice-sealed"):
        with pdfplumber.open(rendered / f"{name}.pdf") as document:
            (page,) = [p for p in document.pages if "抄送" in (p.extract_text() or "")]
            assert page.page_number % 2 == 0, name
            rules = [r["top"] / mm for r in page.lines + page.rects
                     if r["width"] > 150 * mm and r["height"] < 1 * mm and r["top"] > 200 * mm]
            assert rules and abs(max(rules) - (37 + 225)) < 1, (name, rules)
            pages_of[name] = (page.page_number, len(document.pages))
    assert pages_of["notice-imprint-short"] == (2, 2)  # room under the text: no page more
    assert pages_of["notice-imprint"] == (4, 4)


def seals_and_signatures(path: Path) -> list[tuple[tuple[float, float, float, float], tuple[float, float, float]]]:
    """The seal images of a PDF (x0, x1, top, bottom in mm), left to right, each with the 署名 in
    it (its x0, x1 and top): the words of the line under the seal's centre that lie within it."""
    import pypdfium2 as pdfium

    mm = 72 / 25.4
    out = []
    document = pdfium.PdfDocument(path)
    with pdfplumber.open(path) as plumbed:
        for k, page in enumerate(document):
            height = page.get_height()
            boxes = []
            for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
                x0, y0, x1, y1 = obj.get_bounds()
                boxes.append((x0 / mm, x1 / mm, (height - y1) / mm, (height - y0) / mm))
            words = plumbed.pages[k].extract_words()
            for box in sorted(boxes):
                centre = (box[2] + box[3]) / 2
                inside = [w for w in words if box[0] < (w["x0"] + w["x1"]) / 2 / mm < box[1]
                          and centre - 2 < w["top"] / mm < box[3]]
                first = min(w["top"] for w in inside)
                line = [w for w in inside if abs(w["top"] - first) < 2 * mm]
                out.append((box, (min(w["x0"] for w in line) / mm, max(w["x1"] for w in line) / mm, first / mm)))
    return out


@pytest.mark.parametrize("name, count", [("notice-sealed", 1), ("notice-joint-seals", 2)])
def test_libreoffice_sets_our_docx_seals_where_our_pdf_does(ours, rendered, name, count):
    """Each seal as wide and as far in as in our PDF (within 1 mm), centred on its own 署名 (joint
    issuers' in a row), and as far above that 署名's top; the seal's top within one line (10.2 mm)
    under the body's last line is the check's (seal.place, above)."""
    ours_, libreoffice = seals_and_signatures(ours / f"{name}.pdf"), seals_and_signatures(rendered / f"{name}.pdf")
    assert len(ours_) == len(libreoffice) == count
    for (box, name_), (lo_box, lo_name) in zip(ours_, libreoffice):
        assert abs(box[0] - lo_box[0]) < 1 and abs((box[1] - box[0]) - (lo_box[1] - lo_box[0])) < 0.5, (box, lo_box)
        assert abs((lo_box[0] + lo_box[1]) / 2 - (lo_name[0] + lo_name[1]) / 2) < 2, (lo_box, lo_name)
        assert abs((box[2] + box[3]) / 2 - name_[2] - ((lo_box[2] + lo_box[3]) / 2 - lo_name[2])) < 1.5
    if count > 1:  # in a row: the 署名s on one line
        assert abs(libreoffice[0][1][2] - libreoffice[1][1][2]) < 0.5


def numbered_pages(path: Path) -> list[int]:
    """The pages that show a page number (— N —)."""
    with pdfplumber.open(path) as document:
        return [p.page_number for p in document.pages if re.search(r"—\s*\d+\s*—", p.extract_text() or "")]


@pytest.mark.parametrize("name, pages, numbered", [("notice-imprint", 4, [1, 2]), ("notice-imprint-short", 2, [1, 2])])
def test_libreoffice_numbers_our_docx_pages_as_our_pdf_does(ours, rendered, name, pages, numbered):
    """A 版记 after a blank page (page 4): neither page is numbered (7.5); a 版记 under the text
    (page 2): its page keeps its number, in our PDF as in LibreOffice's rendering of the DOCX."""
    with pdfplumber.open(rendered / f"{name}.pdf") as document:
        assert len(document.pages) == pages
    assert numbered_pages(rendered / f"{name}.pdf") == numbered == numbered_pages(ours / f"{name}.pdf")


def test_a_docx_is_checked_through_libreoffice(ours, capsys, tmp_path, monkeypatch):
    """With the fonts it names (here free stand-ins of their metrics): without them LibreOffice
    sets the date's digits wider, and the 署名 is rightly found off its centre."""
    require_tool("soffice", "libreoffice", hint="make test installs libreoffice-writer-nogui")
    monkeypatch.setenv("FONTCONFIG_FILE", str(fontconfig_file(tmp_path, "zh-Hans")))
    found = findings_of(ours / "form-general.docx", capsys=capsys)
    assert not [f for f in found if f["rule"] == "render"]
    assert not [f for f in found if f["strength"] == REQUIRED]


def test_a_provincial_docx_departs_from_the_standard(capsys):
    require_tool("soffice", "libreoffice", hint="make test installs libreoffice-writer-nogui")
    rules = fired(CORPUS / "docx" / "gwr-2025-anhui.docx", capsys)
    assert {"margin.left", "margin.top", "margin.width"} <= rules


def test_an_orders_title_and_name_apart_at_any_white_space_check_clean(tmp_path, capsys):
    """省长 吴政隆 with an ASCII space is 职务 and name, as 省长　吴政隆 is: the PDF sets them
    7.3.5.3's way, and the check measures them so."""
    for signature in ("省长 吴政隆", "省长　吴政隆"):
        report = model("order")
        report.find("closing/signature").text = signature
        path = tmp_path / "order.pdf"
        pdf.write(report, path, Options())
        assert "order.signature" not in fired(path, capsys)
        line = next(ln for ln in read_pdf(path).lines() if "吴政隆" in ln.text)
        assert (line.chars[2].x0 - line.chars[1].x1) / (156 / 28) == pytest.approx(2, abs=0.3)
