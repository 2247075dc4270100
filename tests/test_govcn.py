"""The whole official document, read from the text of the 40 gov.cn pages (tests/data/gov-cn,
one paragraph a line): closing blocks, attachment lists, attached documents with their titles,
articles, tables, and every character of the source in the model, in order.

Expectations come from the source text (read by the test's own patterns, not the reader's)
and from the page's metadata table (发文机关, 成文日期), or were read off the pages by a person.
"""
from __future__ import annotations

import re
from functools import lru_cache

import govcn
import pytest
from conftest import as_printed, fold, missing_in_order

from convert.model import text_of, tree
from convert.readers import text

NAMES = govcn.NAMES


@lru_cache(maxsize=None)
def model(name: str):
    """The model of a page's text (cached: read-only)."""
    return text.parse(govcn.paragraph_text(name).encode("utf-8"), source=f"{name}.txt")


def source_lines(name: str) -> list[str]:
    return [line.strip() for line in govcn.paragraph_text(name).split("\n")]


# ------------------------------------------------------------- closings --

SOURCE_DATE = re.compile(r"^(?:[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|[〇一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$")
SOURCE_NOTE = re.compile(r"^（[^（）]+）$")
# The page's metadata and its text disagree: the text is what the closing shows.
METADATA_DISAGREES = {"gov-cn-24": ("2004年04月17日", "二〇〇四年四月二十七日")}


def source_closings(name: str) -> list[tuple[str, str, str | None]]:
    """(signature, date, note) of every closing of the page text: a line that is a date alone,
    the line before it, and the parenthesised line after it if any."""
    lines = source_lines(name)
    found = []
    for i, line in enumerate(lines):
        if SOURCE_DATE.match(line):
            after = lines[i + 1] if i + 1 < len(lines) else ""
            found.append((lines[i - 1], line, after if SOURCE_NOTE.match(after) else None))
    return found


def model_closings(report) -> list[tuple[str, str, str | None]]:
    found = []
    for closing in report.iter("closing"):
        note = closing.find("note")
        found.append(("　".join(text_of(s) for s in closing.findall("signature")), text_of(closing.find("date")),
                      text_of(note) if note is not None else None))
    return found


def metadata_iso(value: str) -> str:
    y, m, d = re.match(r"([0-9]{4})年([0-9]{2})月([0-9]{2})日", value).groups()
    return f"{y}-{m}-{d}"


@pytest.mark.parametrize("name", NAMES)
def test_every_closing_is_its_own_signature_date_and_note(name):
    expected = source_closings(name)
    assert expected, "every page of the corpus has a closing"
    assert model_closings(model(name)) == expected
    for signature, date, note in expected:  # nothing of a closing is left glued in a paragraph
        assert not any(date in text_of(p) for p in model(name).iter("p"))


@pytest.mark.parametrize("name", NAMES)
def test_the_main_closing_is_the_page_s_issuer_and_date(name):
    report = model(name)
    closing = report.find("closing")  # the main document's, after its body
    assert closing is not None
    meta = govcn.metadata(name)
    assert text_of(closing.find("signature")) == meta["发文机关"]
    when = closing.find("date").get("when")
    if name in METADATA_DISAGREES:
        page, written = METADATA_DISAGREES[name]
        assert meta["成文日期"] == page and text_of(closing.find("date")) == written
        assert when == "2004-04-27"
    else:
        assert when == metadata_iso(meta["成文日期"])


# -------------------------------------------------- attached documents --

# (label as written, title lines) of each attached document, read off the pages
APPENDICES = {
    "gov-cn-04": [("附件", ["三级公立医院绩效考核指标"])],
    "gov-cn-07": [(None, ["“无废城市”建设试点工作方案"])],
    "gov-cn-08": [(None, ["国家组织药品集中采购和使用试点方案"])],
    "gov-cn-10": [("附件", ["第二批支持创新相关改革举措推广清单"])],
    # the notice 印发 两个规定: two attached documents, one after the other, without labels
    "gov-cn-18": [(None, ["文化体制改革中经营性文化事业单位", "转制为企业的规定"]), (None, ["进一步支持文化企业发展的规定"])],
    "gov-cn-20": [(None, ["关于我国地震重点监视防御区的确定", "和加强防震减灾工作意见的报告"])],
    "gov-cn-32": [(None, ["个人所得税专项附加扣除暂行办法"])],
    "gov-cn-41": [(None, ["国家粮食应急预案"])],
    "gov-cn-46": [("附件：", ["2008年北京奥运会首都国际机场", "协调委员会组建方案"])],  # letter-spaced in the source
    "gov-cn-50": [(None, ["关于清理整顿社会团体的意见"])],
    "gov-cn-51": [(None, ["关于1997年地震趋势和", "加强防震减灾工作意见的报告"])],
    "gov-cn-55": [("附件", ["国务院职业教育工作部际联席会议制度"])],
    "gov-cn-60": [(None, ["政府网站集约化试点工作方案"])],
}
# the attachment list (附件：…) of the main document, one unnumbered item each
ATTACHMENT_LISTS = {
    "gov-cn-04": ["三级公立医院绩效考核指标"],
    "gov-cn-10": ["第二批支持创新相关改革举措推广清单"],
    "gov-cn-46": ["2008年北京奥运会首都国际机场协调委员会组建方案"],
    "gov-cn-55": ["国务院职业教育工作部际联席会议制度"],
}


@pytest.mark.parametrize("name", NAMES)
def test_attached_documents_with_their_labels_and_titles(name):
    found = [(a.get("label"), tree.title_lines(a.find("heading")) if a.find("heading") is not None else None)
             for a in model(name).iterfind("appendix")]
    assert found == APPENDICES.get(name, [])


@pytest.mark.parametrize("name", NAMES)
def test_attachment_lists(name):
    lists = list(model(name).iter("attachments"))
    want = ATTACHMENT_LISTS.get(name)
    if want is None:
        assert lists == []
        return
    assert [x.getparent().tag for x in lists] == ["report"]
    assert lists[0].get("label") == "附件："
    assert [(i.get("label"), text_of(i)) for i in lists[0]] == [(None, t) for t in want]


@pytest.mark.parametrize("name, issuer, date", [("gov-cn-20", "国家地震局", "一九九六年一月二十五日"),
                                               ("gov-cn-51", "国家地震局", "一九九七年一月二十日")])
def test_a_forwarded_report_has_its_addressee_and_its_own_closing(name, issuer, date):
    """A 转发 notice: after its closing comes the report it forwards, with no 附件 label."""
    report = model(name)
    appendix = report.find("appendix")
    assert text_of(appendix.find("addressee")) == "国务院："
    closing = appendix.find("closing")
    assert (text_of(closing.find("signature")), text_of(closing.find("date"))) == (issuer, date)
    assert appendix[-1] is closing  # it ends the attached document
    assert appendix.find("section/heading") is not None  # the report's 一、二、 are its own sections
    assert report.find("body/section") is None  # and not the notice's


def test_an_attached_plan_is_not_sections_of_the_notice():
    report = model("gov-cn-60")
    assert report.find("body/section") is None
    assert [s.get("label") for s in report.findall("appendix/section")] == ["一、", "二、", "三、", "四、", "五、"]


# ------------------------------------------------------------- articles --

def chinese_numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def test_the_articles_of_a_regulation_under_its_chapters():
    appendix = model("gov-cn-32").find("appendix")
    articles = list(appendix.iter("article"))
    assert [a.get("label") for a in articles] == [f"第{chinese_numeral(n)}条" for n in range(1, 33)]
    assert {a.getparent().tag for a in articles} == {"section"}
    chapters = [s.get("label") for s in appendix.findall("section")]
    assert chapters == [f"第{chinese_numeral(n)}章" for n in range(1, 10)]
    assert [a.get("label") for a in appendix.findall("section")[1].iter("article")] == ["第五条", "第六条", "第七条"]
    fifth = articles[4]
    assert len(fifth.findall("p")) == 3  # its 款 stay with it
    assert text_of(fifth[0]).startswith("纳税人的子女接受全日制学历教育")  # the number kept apart from the text
    lines = source_lines("gov-cn-32")
    numbered = [x for x in lines if x.startswith("第") and "条　" in x]
    assert all(text_of(a[0]) in line for a, line in zip(articles, numbered))


# --------------------------------------------------------------- tables --

def grid_widths(table) -> list[int]:
    """How many columns each body row covers, counting the cells that span into it from above."""
    _, rows = tree.table_rows(table)
    pending: list[int] = []  # rows still to come for each spanning cell
    widths = []
    for row in rows:
        covered = len(pending)
        pending = [n - 1 for n in pending if n > 1]
        for cell in row:
            span = int(cell.get("rowspan", "1"))
            covered += int(cell.get("colspan", "1"))
            if span > 1:
                pending.append(span - 1)
        widths.append(covered)
    return widths


def test_a_table_with_cells_spanning_rows():
    """gov-cn-04's table copied from HTML lost the cells its rows span into: they come back as rowspans."""
    tables = list(model("gov-cn-04").iter("table"))
    assert len(tables) == 1
    header, rows = tree.table_rows(tables[0])
    assert [text_of(c) for c in header[0]] == ["一级指标", "二级指标", "三级指标", "指标性质", "指标说明"]
    source_rows = [line for line in source_lines("gov-cn-04") if "\t" in line]
    assert len(header) + len(rows) == len(source_rows)
    assert set(grid_widths(tables[0])) == {5}
    assert [(text_of(c), c.get("rowspan")) for c in rows[0][:2]] == [("一、医疗质量", "24"), ("（一）功能定位", "7")]


def test_a_group_row_spans_the_table():
    table = model("gov-cn-10").find(".//table")
    _, rows = tree.table_rows(table)
    spanning = [text_of(r[0]) for r in rows if r[0].get("colspan") == "5"]
    assert spanning == ["一、知识产权保护方面（共5项）", "二、科技成果转化激励方面（共4项）", "三、科技金融创新方面（共5项）",
                        "四、军民深度融合方面（共6项）", "五、管理体制创新方面（共3项）"]
    assert set(grid_widths(table)) == {5}


@pytest.mark.parametrize("name", ["gov-cn-46", "gov-cn-54", "gov-cn-55", "gov-cn-59"])
def test_name_lists_stay_paragraphs_one_a_line(name):
    """组　长：韩　正　　国务院副总理: two columns set apart by spaces are a list, not a table."""
    report = model(name)
    assert report.find(".//table") is None
    listed = [line for line in source_lines(name) if "　　" in line.strip("　") and len(line) < 40]
    assert len(listed) >= 3
    paragraphs = {text_of(p) for p in report.iter("p")}
    assert all(line in paragraphs for line in listed)


# ------------------------------------------------------------- fidelity --

@pytest.mark.parametrize("name", NAMES)
def test_every_character_of_the_source_is_in_the_model_in_order(name):
    source, shown = govcn.paragraph_text(name), tree.plain_text(as_printed(model(name)))
    assert missing_in_order(source, shown) is None
    assert missing_in_order(shown, source) is None  # and nothing that the source does not have
    assert len(fold(shown)) == len(fold(source))


# ------------------------------------------------------ script editions --

def test_a_traditional_edition_reaches_the_new_elements():
    import copy

    from convert.transforms import script

    report = script.convert(copy.deepcopy(model("gov-cn-04")), "hant")
    assert text_of(report.find("closing/signature")) == "國務院辦公廳"
    assert text_of(report.find("attachments/item")).startswith("三級公立醫院績效")
    assert text_of(report.find(".//table/header/row/cell")) == "一級指標"
    article = script.convert(copy.deepcopy(model("gov-cn-32")), "hant").find(".//article")
    assert article.get("label") == "第一條"
