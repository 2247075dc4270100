"""The 版头 and a 纪要's attendance in the EPUB (XHTML and CSS, EPUBCheck) and in plain text."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from convert.options import Options
from convert.writers import epub as epub_writer
from convert.writers import text as text_writer
from masthead_models import FORMS, model
from test_epub import epubcheck

X = "{http://www.w3.org/1999/xhtml}"


def book(report, tmp_path: Path, vertical: bool = False) -> dict[str, bytes]:
    path = tmp_path / ("v.epub" if vertical else "h.epub")
    epub_writer.write(report, path, Options(vertical=vertical) if vertical else Options())
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def page(files: dict[str, bytes], stem: str) -> etree._Element:
    return etree.fromstring(next(data for name, data in files.items() if name.endswith(f"/{stem}.xhtml")))


def css_rule(css: str, selector: str) -> str:
    m = re.search(r"(?:^|\n)" + re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert m, f"no rule for {selector}"
    return m.group(1)


@pytest.mark.parametrize("form", list(FORMS))
def test_the_epub_header_block_comes_before_the_title(form, tmp_path):
    files = book(model(form), tmp_path)
    title_page = page(files, "title")
    header = title_page.find(f".//{X}header")
    assert header is not None and form in header.get("class").split()
    siblings = list(header.getparent())
    # a 命令 has no title of its own (GB/T 9704 10.2): its title, the mark again, is shown once, as the mark
    after = siblings[siblings.index(header) + 1] if siblings.index(header) + 1 < len(siblings) else None
    assert (after is not None and after.get("class") == "title") == (form != "order")
    assert "".join(title_page.find(f"{X}body").itertext()).count("江苏省人民政府令") == (form == "order")
    shown = [(el.get("class"), "".join(el.itertext())) for el in header]
    expected = {
        "general": [("masthead-field", "000123"), ("masthead-field", "秘密★1年"), ("masthead-field", "特急"),
                    ("mark", "江苏省人民政府文件"), ("masthead-docnumber", "苏政发〔2021〕12号"), ("masthead-rule", "")],
        "upward": [("masthead-field", "加急"), ("mark", "江苏省人民政府文件"),
                   ("masthead-docnumber beside-signers", "苏政〔2021〕5号"), ("signers", "签发人：张三　李四"),
                   ("masthead-rule", "")],
        "letter": [("masthead-field", "000045"), ("mark", "江苏省人民政府办公厅"),
                   ("masthead-docnumber", "苏政办函〔2021〕7号"), ("masthead-rule", "")],
        "order": [("mark", "江苏省人民政府令"), ("order", "第148号")],
        "minutes": [("mark", "省政府常务会议纪要")],
    }[form]
    assert shown == expected
    assert title_page.find(f".//{X}p[@class='docnumber']") is None  # the 文号 is the header's


def test_the_epub_styles_the_header_in_red_without_positions(tmp_path):
    files = book(model("letter"), tmp_path)
    css = files["EPUB/style/ebook.css"].decode()
    assert "#FF0000" in css_rule(css, ".mark").upper()
    assert re.search(r"border-top:\s*2px solid #FF0000", css_rule(css, "hr.masthead-rule"))
    assert "double" in css_rule(css, ".letter hr.masthead-rule")
    assert "position" not in css, "the header flows with the text: no absolute positions"


def test_the_epub_stacks_joint_issuers(tmp_path):
    files = book(model("general", joint=("江苏省人民政府", "江苏省军区")), tmp_path)
    mark = page(files, "title").find(f".//{X}p[@class='mark']")
    organs, suffix = mark.find(f"{X}span[@class='organs']"), mark.find(f"{X}span[@class='suffix']")
    assert list(organs.itertext()) == ["江苏省人民政府", "江苏省军区"] and organs.find(f"{X}br") is not None
    assert suffix.text == "文件"


def test_an_epub_without_masthead_has_no_header_and_keeps_the_docnumber(tmp_path):
    files = book(model("general", masthead=False), tmp_path)
    title_page = page(files, "title")
    assert title_page.find(f".//{X}header") is None
    assert title_page.find(f".//{X}p[@class='docnumber']").text == "苏政发〔2021〕12号"


@pytest.mark.parametrize("vertical", [False, True], ids=["horizontal", "vertical"])
def test_the_epub_attendance_hangs_its_labels_and_passes_epubcheck(tmp_path, vertical):
    files = book(model("minutes"), tmp_path, vertical)
    chapter = next(etree.fromstring(data) for name, data in files.items()
                   if name.endswith(".xhtml") and b"attendance" in data and b"<nav" not in data)
    block = chapter.find(f".//{X}div[@class='attendance']")
    rows = [("".join(p.find(f"{X}span").itertext()), "".join(p.itertext())) for p in block]
    assert rows == [("出席：", "出席：吴政隆、费高云、樊金龙、马欣、陈星莺、胡广杰、赵世勇、王晖、刘旸、张乐夫"),
                    ("请假：", "请假：惠建林")]
    closing = chapter.find(f".//{X}div[@class='closing']")
    assert list(block.getparent()).index(block) < list(closing.getparent()).index(closing)
    fatals, errors, warnings, out = epubcheck(tmp_path / ("v.epub" if vertical else "h.epub"))
    assert (fatals, errors, warnings) == (0, 0, 0), out


def test_the_general_epub_passes_epubcheck(tmp_path):
    book(model("upward", seal=True), tmp_path)
    fatals, errors, warnings, out = epubcheck(tmp_path / "h.epub")
    assert (fatals, errors, warnings) == (0, 0, 0), out


# ------------------------------------------------------------------------ text --

def test_text_starts_with_the_header_lines_in_the_standards_order():
    out = text_writer.render(model("general"))
    head, title = out.split("\n\n")[:2]
    assert head.split("\n") == ["000123", "秘密★1年", "特急", "江苏省人民政府文件", "苏政发〔2021〕12号"]
    assert title == "关于做好春季农业生产工作的通知"
    assert out.count("苏政发〔2021〕12号") == 1


@pytest.mark.parametrize("form, lines", [
    ("upward", ["加急", "江苏省人民政府文件", "苏政〔2021〕5号", "签发人：张三　李四"]),
    ("order", ["江苏省人民政府令", "第148号"]),
    ("letter", ["000045", "江苏省人民政府办公厅", "苏政办函〔2021〕7号"]),
    ("minutes", ["省政府常务会议纪要"]),
])
def test_text_header_lines_of_each_form(form, lines):
    assert text_writer.render(model(form)).split("\n\n")[0].split("\n") == lines


def test_text_without_masthead_shows_the_docnumber_under_the_title():
    parts = text_writer.render(model("general", masthead=False)).split("\n\n")
    assert parts[:2] == ["关于做好春季农业生产工作的通知", "苏政发〔2021〕12号"]


def test_text_attendance_lines_align_after_the_colon():
    out = text_writer.render(model("minutes"), 30)
    block = next(part for part in out.split("\n\n") if part.startswith("出席："))
    lines = block.split("\n")
    assert lines[0].startswith("出席：吴政隆")
    continued = [line for line in lines[1:] if not line.startswith("请假：")]
    assert continued and all(line.startswith(" " * 6) and line[6] != " " for line in continued)
    assert lines[-1] == "请假：惠建林"
    assert "".join(line.strip() for line in lines[:-1]) == "出席：" + FORMS["minutes"]["attendance"][0][2]
    assert "出席" not in text_writer.render(model("general"))
