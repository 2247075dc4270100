"""convert.readers.paragraphs: real paragraphs (HTML, DOCX) → model, with what the container knew."""
from convert.model import tree
from convert.readers.paragraphs import build_report
from convert.readers.structure import Para

NOTICE = ["国务院办公厅关于加强", "三级公立医院绩效考核工作的意见", "国办发〔2019〕4号",
          "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", "三级公立医院是我国医疗服务体系的主体。",
          "一、总体要求", "（一）指导思想。以新时代中国特色社会主义思想为指导。", "国务院办公厅", "2019年1月16日"]
KNOWN = {"title": "国务院办公厅关于加强三级公立医院绩效考核工作的意见", "docnumber": "国办发〔2019〕4号",
         "issuer": "国务院办公厅", "date": "2019年01月16日", "published": "2019年01月30日",
         "identifier": "000014349/2019-00004", "keyword": ["卫生、体育\\卫生", "医院"]}


def test_a_known_title_printed_over_two_paragraphs_keeps_its_break_and_leaves_the_body():
    report = build_report([Para(t) for t in NOTICE], "page.html", known=KNOWN)
    assert tree.title_lines(report.find("meta/title")) == ["国务院办公厅关于加强", "三级公立医院绩效考核工作的意见"]
    body = tree.plain_text(report)
    assert "关于加强" not in body.split("三级公立医院是")[1]
    assert [x.text for x in report.findall("dropped/line")] == NOTICE[:2]


def test_known_metadata_fills_the_schema_fields_in_order_with_iso_dates():
    meta = build_report([Para(t) for t in NOTICE], "page.html", known=KNOWN).find("meta")
    order = [el.tag for el in meta]
    assert order[:11] == ["title", "issuer", "date", "docnumber", "masthead", "published", "identifier", "keyword",
                          "keyword", "punctuation", "source"]  # issuer and 文号 known: the default 版头
    assert meta.find("published").get("when") == "2019-01-30"
    assert meta.find("date").get("when") == "2019-01-16"
    assert [k.text for k in meta.findall("keyword")] == KNOWN["keyword"]


def test_without_known_metadata_the_text_rules_read_the_head():
    paras = [Para(t) for t in ["2025年政府工作报告", "——2025年1月14日在省第十四届人民代表大会第三次会议上",
                               "省长　王某某", "各位代表：", "现在，我代表省人民政府，向大会报告政府工作，请予审议。",
                               "一、2024年工作回顾", "过去一年，我们做了很多工作。"]]
    report = build_report(paras, "report.docx")
    assert tree.meta_text(report, "title") == "2025年政府工作报告"
    assert report.findtext("front/speaker") == "省长　王某某"
    assert report.findtext("front/addressee") == "各位代表："
    assert report.find("body/section/heading").text == "2024年工作回顾"


def test_a_block_built_by_the_reader_is_placed_as_it_is():
    from lxml import etree
    table = etree.fromstring("<table><row><cell>甲</cell><cell>乙</cell></row></table>")
    paras = [Para("关于某事的通知"), Para("各部门："), Para("现将有关事项通知如下。"), Para.of_block(table),
             Para("特此通知。")]
    report = build_report(paras, "x.html")
    assert report.find("body/table/row/cell").text == "甲"
    assert "\ufffc" not in tree.plain_text(report)
