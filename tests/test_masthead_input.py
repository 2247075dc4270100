"""Where the 版头's values come from (issue 27): the lines at the top of a text, a page or a
DOCX (份号, 密级, 紧急程度, 签发人, the mark), the default 版头 of a document whose metadata names
its issuer and 文号, a 纪要's 出席/请假/列席 lines, and the command line (--meta, --form, --seal).
Each reader rule has a case where it must not fire; the command line is run as a user runs it
and its model read back; the gov.cn pages' metadata tables are read here with lxml, not by the
reader."""
from __future__ import annotations

import base64
import io
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from conftest import CORPUS, DATA, ROOT, fold
from lxml import etree
from PIL import Image
from test_docx_offices import anchored_box, holder
from test_docx_reader import package, para

from convert.model import tree
from convert.model.masthead import masthead_of
from convert.readers import docx as docx_reader
from convert.readers import html as html_reader
from convert.readers import text as text_reader

CLI = [sys.executable, "-m", "convert"]
GOV_CN = sorted((DATA / "gov-cn").glob("gov-cn-*.html"))
BODY = "现将有关事项通知如下。请各地认真贯彻执行，确保各项任务落到实处，重大情况及时报告。"


def read_text(source: str):
    return text_reader.parse(source.encode("utf-8"), source="notice.txt")


def masthead(report) -> etree._Element | None:
    return report.find("meta/masthead")


def children(report) -> dict[str, list[str]]:
    """The masthead's fields as the model holds them: tag → texts (the mark: its organs; a seal: its image's type)."""
    found: dict[str, list[str]] = {}
    for child in masthead(report):
        texts = ([tree.text_of(o) for o in child] if child.tag == "mark" else [child.find("image").get("type")]
                 if child.tag == "seal" else [tree.text_of(child)])
        found.setdefault(child.tag, []).extend(texts)
    return found


# ------------------------------------------------------------- text head lines --

HEAD = "000123\n秘密★1年\n特急\n国家发展改革委　财政部文件\n\n发改投资〔2024〕12号\n\n关于做好2024年项目建设工作的通知\n\n"


def test_the_head_lines_of_a_text_fill_the_masthead_and_keep_every_character():
    source = HEAD + f"各省、自治区、直辖市人民政府：\n\n{BODY}\n\n国家发展改革委　财政部\n2024年3月1日\n"
    report = read_text(source)
    assert children(report) == {"copy": ["000123"], "secrecy": ["秘密★1年"], "urgency": ["特急"],
                                "mark": ["国家发展改革委", "财政部"]}
    assert masthead(report).find("mark").get("suffix") == "文件"
    assert report.findtext("meta/docnumber") == "发改投资〔2024〕12号"
    assert report.find("dropped") is None  # nothing dropped: the banner is the mark now
    assert fold(tree.plain_text(report)) == fold(source)  # every character, in the source's order
    assert [b.kind for b in tree.blocks(report)][:2] == ["masthead", "title"]


def test_secrecy_with_a_long_period_and_the_other_levels():
    for level in ("绝密★长期", "机密", "秘密"):
        report = read_text(f"{level}\n某某市人民政府文件\n\n某政发〔2024〕3号\n\n关于加强安全生产工作的通知\n\n{BODY}\n")
        assert children(report)["secrecy"] == [level]


def test_signers_split_at_spaces_and_commas():
    for line in ("签发人：张三　李四", "签发人：张三、李四", "签发人: 张三，李四"):
        report = read_text(f"某某市人民政府文件\n\n某政发〔2024〕3号\n{line}\n\n关于请求拨付防汛资金的请示\n\n{BODY}\n")
        assert children(report)["signer"] == ["张三", "李四"], line


def test_an_upward_document_s_docnumber_and_signer_on_one_line():
    source = f"某某市人民政府文件\n\n某政发〔2024〕7号　　　　签发人：张三\n\n关于请求拨付防汛资金的请示\n\n省人民政府：\n\n{BODY}\n"
    report = read_text(source)
    assert report.findtext("meta/docnumber") == "某政发〔2024〕7号"
    assert children(report)["signer"] == ["张三"]
    assert fold(tree.plain_text(report)) == fold(source)


def test_a_six_digit_number_in_a_sentence_or_a_table_is_no_copy_number():
    source = ("关于公布2024年项目编号的通知\n\n各区人民政府：\n\n本年度项目统一编号为100234，请各地据此申报。\n\n"
              "序号\t编号\t名称\n1\t000123\t供水管网改造\n2\t000124\t道路提档升级\n3\t000125\t智慧医院建设\n")
    report = read_text(source)
    assert masthead(report) is None
    assert "100234" in tree.plain_text(report) and "000123" in tree.plain_text(report)


def test_secrecy_and_urgency_words_in_the_body_stay_text():
    source = (f"关于加强保密工作的通知\n\n各区人民政府：\n\n{BODY}\n\n秘密\n\n各单位要严守工作秘密，不得泄露。\n\n特急\n\n"
              f"{BODY}\n\n某某市人民政府\n2024年3月1日\n")
    report = read_text(source)
    assert masthead(report) is None  # no issuer and 文号, and no field at the top
    shown = tree.plain_text(report)
    assert "\n秘密\n" in shown and "\n特急\n" in shown


def test_a_field_under_the_title_is_no_masthead_field():
    report = read_text(f"关于做好防汛工作的通知\n\n特急\n\n各区人民政府：\n\n{BODY}\n")
    assert masthead(report) is None
    assert "特急" in tree.plain_text(report)


def test_a_title_ending_in_wenjian_is_no_banner():
    title = "某某市人民政府关于印发加强政府采购管理文件的通知"
    report = read_text(f"{title}\n\n各区人民政府：\n\n{BODY}\n")
    assert tree.meta_text(report, "title") == title
    assert masthead(report) is None or masthead(report).find("mark") is None


# ------------------------------------------------------------------ the default --

def test_an_issuer_and_a_docnumber_give_the_default_masthead():
    report = read_text(f"国务院办公厅关于加强三级公立医院绩效考核工作的意见\n\n国办发〔2019〕4号\n\n各省、自治区、直辖市人民政府：\n\n{BODY}\n")
    assert etree.tostring(masthead(report)) == b'<masthead form="general"/>'
    drawn = masthead_of(report)
    assert (drawn.mark_text, drawn.docnumber) == ("国务院办公厅文件", "国办发〔2019〕4号")


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_a_government_work_report_has_no_masthead(path):
    report = text_reader.read(path)
    assert report.find("meta/docnumber") is None
    assert masthead(report) is None


def test_a_notice_without_a_docnumber_has_no_masthead():
    report = read_text(f"国务院办公厅关于做好春节期间有关工作的通知\n\n各省、自治区、直辖市人民政府：\n\n{BODY}\n")
    assert report.findtext("meta/issuer") == "国务院办公厅"
    assert masthead(report) is None


def metadata_table(path: Path) -> dict[str, str]:
    """The page's metadata table, read by its labels: 发文机关 → 国务院 …"""
    page = lxml.html.fromstring(path.read_bytes(), parser=lxml.html.HTMLParser(encoding="utf-8"))
    found = {}
    for cell in page.iter("td", "th"):
        label = "".join(cell.text_content().split()).rstrip("：:")
        following = cell.getnext()
        if label in ("发文机关", "发文字号") and following is not None:
            found[label] = following.text_content().strip()
    return found


@pytest.mark.parametrize("path", GOV_CN, ids=lambda p: p.stem)
def test_every_gov_cn_page_naming_issuer_and_docnumber_gets_a_masthead(path):
    listed = metadata_table(path)
    report = html_reader.parse(path.read_bytes(), path.name)
    if not (listed.get("发文机关") and listed.get("发文字号")):
        assert masthead(report) is None
        return
    drawn = masthead_of(report)
    assert drawn is not None and drawn.form == "general"
    assert (drawn.organs, drawn.docnumber) == ((listed["发文机关"],), listed["发文字号"])


def test_the_corpus_pages_all_name_issuer_and_docnumber():
    assert len(GOV_CN) == 40 and all(len(metadata_table(p)) == 2 for p in GOV_CN)


# ------------------------------------------------------------------------ DOCX --

def test_a_docx_red_header_in_a_text_box_and_fields_above_it():
    body = (para("000456") + para("机密★5年") + para("加急")
            + holder(anchored_box(para("某某市人民政府　某某市财政局文件", center=True)))
            + para("某府发〔2022〕5号", center=True) + para("关于加强城市管理工作的通知", center=True)
            + para("各区人民政府：") + para(BODY))
    report = docx_reader.parse(package(body), "office.docx")
    assert children(report) == {"copy": ["000456"], "secrecy": ["机密★5年"], "urgency": ["加急"],
                                "mark": ["某某市人民政府", "某某市财政局"]}
    assert tree.title_lines(report.find("meta/title")) == ["关于加强城市管理工作的通知"]
    assert report.findtext("meta/docnumber") == "某府发〔2022〕5号"
    assert [tree.text_of(p) for p in report.iterfind("body/p")] == [BODY]


def test_a_docx_text_box_in_the_body_with_six_digits_is_body_text():
    body = (para("关于加强城市管理工作的通知", center=True) + para(BODY)
            + holder(anchored_box(para("000789")), text="项目编号见下。") + para(BODY))
    report = docx_reader.parse(package(body), "office.docx")
    assert masthead(report) is None
    assert "000789" in tree.plain_text(report)


# --------------------------------------------------------------------- 纪要 --

MINUTES = (f"国务院常务会议纪要\n\n{BODY}\n\n会议决定，加快推进重点项目建设。\n\n"
           "出席：张三、李四、王五\n请假：赵六\n列席：钱七（国务院办公厅）\n")


def test_a_minutes_attendance_lines_become_attendance():
    report = read_text(MINUTES)
    found = [(a.get("kind"), a.get("label"), tree.text_of(a)) for a in report.iterfind("attendance")]
    assert found == [("present", "出席：", "张三、李四、王五"), ("leave", "请假：", "赵六"),
                     ("observer", "列席：", "钱七（国务院办公厅）")]
    assert [tree.text_of(p) for p in report.iterfind("body/p")] == [BODY, "会议决定，加快推进重点项目建设。"]
    assert fold(tree.plain_text(report)) == fold(MINUTES)


def test_a_notice_s_line_starting_with_chuxi_stays_a_paragraph():
    source = f"关于召开全市工作会议的通知\n\n各区人民政府：\n\n{BODY}\n\n出席：各区区长、市政府各部门主要负责同志。\n"
    report = read_text(source)
    assert report.find("attendance") is None
    assert "出席：各区区长、市政府各部门主要负责同志。" in [tree.text_of(p) for p in report.iter("p")]


# ---------------------------------------------------------------- command line --

def run(*args, cwd=ROOT):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd)


NOTICE = f"关于做好2024年防汛工作的通知\n\n各区人民政府：\n\n{BODY}\n\n某某市人民政府\n2024年3月1日\n"


@pytest.fixture
def notice(tmp_path) -> Path:
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    return path


def png(tmp_path: Path, name: str = "seal.png", mode: str = "RGBA", fmt: str = "PNG") -> Path:
    image = Image.new(mode, (40, 30), (200, 0, 0, 128) if mode == "RGBA" else (200, 0, 0))
    path = tmp_path / name
    image.save(path, fmt)
    return path


def model_of(out: Path, stem: str = "notice"):
    return etree.parse(str(out / f"{stem}.xml")).getroot()


def test_meta_form_and_seal_reach_the_model(tmp_path, notice):
    seal, second = png(tmp_path), png(tmp_path, "seal2.jpg", "RGB", "JPEG")
    result = run(notice, "-o", tmp_path / "out", "--to", "xml,txt", "--form", "upward",
                 "--meta", "issuer=某某市人民政府", "--meta", "docnumber=某政发〔2024〕9号", "--meta", "copy=000123",
                 "--meta", "secrecy=秘密★1年", "--meta", "urgency=特急", "--meta", "signers=张三,李四",
                 "--meta", "mark=某某市人民政府,某某市水务局", "--meta", "date=2024年3月1日",
                 "--meta", "keywords=防汛,水利", "--seal", seal, "--seal", second)
    assert result.returncode == 0, result.stderr
    report = model_of(tmp_path / "out")
    assert masthead(report).get("form") == "upward"
    assert children(report) == {"copy": ["000123"], "secrecy": ["秘密★1年"], "urgency": ["特急"],
                                "mark": ["某某市人民政府", "某某市水务局"], "signer": ["张三", "李四"],
                                "seal": ["image/png", "image/jpeg"]}
    images = [s.find("image") for s in masthead(report).iterfind("seal")]
    assert [(i.get("type"), i.get("width"), i.get("height")) for i in images] == [
        ("image/png", "40", "30"), ("image/jpeg", "40", "30")]
    kept = Image.open(io.BytesIO(base64.b64decode("".join(images[0].text.split()))))
    assert kept.mode == "RGBA" and kept.getpixel((0, 0))[3] == 128  # its transparency kept
    assert (report.findtext("meta/issuer"), report.findtext("meta/docnumber")) == ("某某市人民政府", "某政发〔2024〕9号")
    assert report.find("meta/date").get("when") == "2024-03-01"
    assert [k.text for k in report.iterfind("meta/keyword")] == ["防汛", "水利"]
    transform = report.find("meta/transforms/transform[@name='set-metadata']")
    assert transform is not None and "form upward" in transform.get("detail")
    text = (tmp_path / "out" / "notice.txt").read_text(encoding="utf-8")
    assert text.index("000123") < text.index("某政发〔2024〕9号") < text.index("关于做好2024年防汛工作的通知")


def test_meta_applies_to_a_model_xml_input(tmp_path, notice):
    assert run(notice, "-o", tmp_path / "a", "--to", "xml").returncode == 0
    result = run(tmp_path / "a" / "notice.xml", "-o", tmp_path / "b", "--to", "xml", "--meta", "issuer=某某市人民政府",
                 "--meta", "docnumber=某政发〔2024〕9号", "--form", "letter", "--meta", "order=第1号")
    assert result.returncode == 0, result.stderr
    report = model_of(tmp_path / "b")
    assert masthead(report).get("form") == "letter" and children(report) == {"order": ["第1号"]}
    assert report.findtext("meta/docnumber") == "某政发〔2024〕9号"


def test_form_minutes_makes_a_notice_s_attendance_lines_attendance(tmp_path):
    path = tmp_path / "meeting.txt"
    path.write_text(f"关于研究防汛工作的会议\n\n{BODY}\n\n出席：张三、李四\n列席：王五\n", encoding="utf-8")
    assert run(path, "-o", tmp_path / "plain", "--to", "xml").returncode == 0
    assert model_of(tmp_path / "plain", "meeting").find("attendance") is None  # not a 纪要 by its title
    result = run(path, "-o", tmp_path / "out", "--to", "xml", "--form", "minutes", "--meta", "issuer=某某市人民政府")
    assert result.returncode == 0, result.stderr
    found = [(a.get("kind"), tree.text_of(a)) for a in model_of(tmp_path / "out", "meeting").iterfind("attendance")]
    assert found == [("present", "张三、李四"), ("observer", "王五")]


def test_form_without_an_issuer_says_so_and_converts(tmp_path, notice):
    result = run(notice, "-o", tmp_path / "out", "--to", "xml", "--form", "letter")
    assert result.returncode == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no 版头" in lines[0] and "issuer" in lines[0]
    report = model_of(tmp_path / "out")
    assert masthead(report).get("form") == "letter" and masthead_of(report) is None


@pytest.mark.parametrize("args, said", [
    (["--meta", "colour=red"], "unknown field 'colour'"),
    (["--meta", "secrecy=内部"], "绝密, 机密 or 秘密"),
    (["--meta", "secrecy=秘密1年"], "绝密, 机密 or 秘密"),
    (["--meta", "copy=12345"], "six Arabic digits"),
    (["--meta", "copy=0001234"], "six Arabic digits"),
    (["--meta", "urgency=急件"], "特急 or 加急"),
    (["--meta", "issuer"], "KEY=VALUE"),
    (["--meta", "title="], "empty"),
    (["--form", "memo"], "--form: unknown form 'memo'"),
    (["--seal", "NOTICE"], "not an image"),
    (["--seal", "missing.png"], "cannot read"),
])
def test_bad_values_are_refused_in_one_line(tmp_path, notice, args, said):
    args = [notice if a == "NOTICE" else tmp_path / a if a == "missing.png" else a for a in args]
    result = run(notice, "-o", tmp_path / "out", "--to", "xml", *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_svg_seal_is_drawn_as_a_png_with_its_transparency(tmp_path, notice):
    svg = tmp_path / "seal.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
                   '<circle cx="20" cy="20" r="18" fill="none" stroke="red" stroke-width="2"/></svg>')
    result = run(notice, "-o", tmp_path / "out", "--to", "xml", "--meta", "issuer=某某市人民政府", "--seal", svg)
    assert result.returncode == 0, result.stderr
    image = model_of(tmp_path / "out").find("meta/masthead/seal/image")
    assert image.get("type") == "image/png"
    picture = Image.open(io.BytesIO(base64.b64decode(image.text))).convert("RGBA")
    assert picture.getpixel((0, 0))[3] == 0  # the corner outside the ring is transparent
    assert any(r > 200 and g < 60 and b < 60 and a > 200 for r, g, b, a in picture.get_flattened_data())  # the red ring


def test_the_flags_are_in_help():
    shown = run("--help").stdout
    for flag in ("--meta KEY=VALUE", "--form FORM", "--seal FILE", "secrecy", "urgency", "signers", "minutes"):
        assert flag in shown


@pytest.mark.parametrize("form, said", [("letter", "信函 shows no 签发人, 令号 or 印发 line"), ("order", "命令 shows no 签发人")])
def test_a_format_without_签发人_says_so_and_no_output_shows_them(tmp_path, notice, form, said):
    result = run(notice, "-o", tmp_path / "out", "--to", "xml,txt", "--form", form,
                 "--meta", "issuer=某某市人民政府", "--meta", "signers=张三,李四")
    assert result.returncode == 0, result.stderr
    assert said in result.stderr and "张三、李四" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    model = model_of(tmp_path / "out")
    assert [s.text for s in model.iterfind("meta/masthead/signer")] == ["张三", "李四"]  # kept in the model
    text = next((tmp_path / "out").glob("*.txt")).read_text(encoding="utf-8")
    assert "张三" not in text and "签发人" not in text


def test_an_upward_document_shows_its_签发人_and_says_nothing(tmp_path, notice):
    result = run(notice, "-o", tmp_path / "out", "--to", "txt", "--form", "upward",
                 "--meta", "issuer=某某市人民政府", "--meta", "signers=张三,李四")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert "签发人：张三　李四" in next((tmp_path / "out").glob("*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("given, imported", [((), False), (("--form", "minutes"), True)])
def test_a_model_converts_without_importing_the_reading_rules_unless_an_option_needs_them(tmp_path, given, imported):
    """The rules behind --meta/--form/--seal (convert.readers.structure) cost 0.1 s of imports:
    a model's conversion without them does not pay it; --form minutes (the 纪要 rule) does."""
    code = ("import sys; from convert.cli import main; "
            f"main([{str(ROOT / 'docs' / 'example.xml')!r}, '--to', 'txt', '-o', {str(tmp_path)!r}, '-q', *{list(given)!r}]); "
            "print('convert.readers.structure' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == str(imported)


def test_a_letter_s_版记_shows_no_印发_line_in_any_output_and_says_so(tmp_path):
    """GB/T 9704 10.1: a 信函's 版记 has no 印发机关 and 印发日期. The PDF and DOCX leave it out,
    and so do the text and the EPUB; the model keeps it; --form says so."""
    import zipfile

    import pdfplumber

    result = run(ROOT / "docs" / "example.xml", "-o", tmp_path / "out", "--to", "txt,epub,pdf", "--form", "letter")
    assert result.returncode == 0, result.stderr
    assert "印发 line" in result.stderr and "2021年3月27日印发" in result.stderr
    out = tmp_path / "out"
    text = (out / "example.txt").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "example.epub") as epub:
        xhtml = "".join(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml"))
    with pdfplumber.open(out / "example.pdf") as pdf:
        printed = "".join(page.extract_text() or "" for page in pdf.pages)
    for shown in (text, xhtml, printed):
        assert "省政协办公厅" in shown  # the 抄送 line stays
        assert "2021年3月27日印发" not in shown


def test_a_general_document_s_版记_keeps_its_印发_line(tmp_path):
    result = run(ROOT / "docs" / "example.xml", "-o", tmp_path / "out", "--to", "txt")
    assert result.returncode == 0 and "印发 line" not in result.stderr
    assert "2021年3月27日印发" in (tmp_path / "out" / "example.txt").read_text(encoding="utf-8")
