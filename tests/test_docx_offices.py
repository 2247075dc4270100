"""Word files as offices send them (issue 25, point 5), each a hand-made DOCX: a label line
(附件2, 表1) above a centred title, a title set as consecutive centred paragraphs, a file that is
itself an attachment, the 版头 and 文号 in text boxes and WordArt, and the numbering Word 2010
and WPS write inside mc:AlternateContent. Each rule has a case where it must not fire."""
from __future__ import annotations

from conftest import fold
from test_docx_reader import BODY, W_NS, package, para
from convert.model import tree
from convert.readers import docx as reader

WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
VML = "urn:schemas-microsoft-com:vml"
ADDRESSEE = "各市、县人民政府，省政府各部门："
SECOND = "各地要加强组织领导，明确责任分工，确保各项任务落到实处，重大情况及时报告。"


def read(body: str, name: str = "office.docx", **kwargs):
    return reader.parse(package(body, **kwargs), name)


def title_lines(report) -> list[str]:
    return tree.title_lines(report.find("meta/title"))


def body_texts(report) -> list[str]:
    return [tree.text_of(p) for p in report.iterfind("body/p")]


def table(rows: list[list[str]]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


PROJECTS = table([["序号", "项目名称", "责任单位"], ["1", "城区供水管网改造", "市住建局"],
                  ["2", "农村公路提档升级", "市交通局"], ["3", "智慧医院建设", "市卫健委"]])


# ------------------------------------------------------------------ labels --

def test_a_label_at_the_top_left_above_a_centred_title_is_the_title_s_label():
    report = read(para("附件1") + para("某某县乡村振兴重点工作任务分工方案", center=True) + para(BODY) + para(SECOND))
    title = report.find("meta/title")
    assert title_lines(report) == ["某某县乡村振兴重点工作任务分工方案"]
    assert (title.get("label"), title.get("origin")) == ("附件1", "text")
    assert report.find("appendix") is None
    assert body_texts(report) == [BODY, SECOND]
    assert report.find("dropped") is None  # nothing read was left out


def test_a_table_label_above_a_centred_title():
    report = read(para("表1") + para("2024年主要经济指标完成情况", center=True) + PROJECTS)
    assert title_lines(report) == ["2024年主要经济指标完成情况"]
    assert report.find("meta/title").get("label") == "表1"
    assert report.find("body/table") is not None


def test_a_label_over_a_paragraph_that_is_not_centred_is_no_title_label():
    report = read(para("附件2") + para("某某县乡村振兴重点工作任务分工方案") + para(BODY))
    assert report.find("meta/title").get("label") is None
    assert "附件2" in tree.plain_text(report)  # read as the main text's 附件 label, as before


def test_a_label_and_a_centred_title_in_the_middle_of_a_file_are_left_to_the_body_rules():
    report = read(para("某某县人民政府关于加强安全生产工作的通知", center=True) + para(BODY) + para("附件")
                  + para("安全生产重点任务清单", center=True) + para(SECOND))
    assert report.find("meta/title").get("label") is None
    appendix = report.find("appendix")
    assert appendix.get("label") == "附件"
    assert tree.text_of(appendix.find("heading")) == "安全生产重点任务清单"


# ---------------------------------------------------------- centred titles --

def test_consecutive_centred_short_paragraphs_at_the_top_are_one_title():
    body = (para("某某省人民政府办公厅", center=True, bold=True) + para("2022年某某工作实施方案", center=True, bold=True)
            + para("某政办发〔2022〕3号", center=True) + para(ADDRESSEE) + para(BODY) + para(SECOND))
    report = read(body)
    assert title_lines(report) == ["某某省人民政府办公厅", "2022年某某工作实施方案"]
    assert report.findtext("meta/docnumber") == "某政办发〔2022〕3号"  # a centred 文号 under them is no title line
    assert report.findtext("meta/issuer") == "某某省人民政府办公厅"
    assert report.find("front/speaker") is None
    assert report.findtext("front/addressee") == ADDRESSEE
    assert body_texts(report) == [BODY, SECOND]


def test_a_centred_date_under_a_two_line_title_is_its_date():
    body = (para("某某市应急管理局", center=True) + para("关于开展安全生产大检查的", center=True)
            + para("通知", center=True) + para("（2023年4月12日）", center=True) + para(BODY))
    report = read(body)
    assert title_lines(report) == ["某某市应急管理局", "关于开展安全生产大检查的", "通知"]
    assert report.find("meta/date").get("when") == "2023-04-12"
    assert body_texts(report) == [BODY]


def test_a_complete_centred_title_does_not_take_the_centred_speaker_under_it():
    body = (para("2025年某省政府工作报告", center=True, bold=True) + para("省长　某某某", center=True)
            + para("各位代表：") + para(BODY))
    report = read(body)
    assert title_lines(report) == ["2025年某省政府工作报告"]
    assert report.findtext("front/speaker") == "省长　某某某"


def test_a_centred_sentence_is_no_title_line():
    body = (para("某某省人民政府办公厅", center=True) + para("现将有关事项通知如下。", center=True) + para(BODY))
    report = read(body)
    assert "现将有关事项通知如下。" not in "".join(title_lines(report))
    assert "现将有关事项通知如下。" in tree.plain_text(report)


# --------------------------------------------------- a file that is an attachment --

def test_a_file_that_is_itself_an_attachment():
    more = table([["地区", "2023年", "2024年"], ["甲县", "12", "15"], ["乙县", "9", "11"], ["丙县", "7", "8"]])
    report = read(para("附件2") + para("2022年某某重点项目清单", center=True, bold=True) + PROJECTS + more,
                  "attachment.docx")
    title = report.find("meta/title")
    assert (tree.text_of(title), title.get("label"), title.get("origin")) == ("2022年某某重点项目清单", "附件2", "text")
    assert len(report.findall("body/table")) == 2
    assert report.find("appendix") is None
    assert "城区供水管网改造" in tree.plain_text(report) and "丙县" in tree.plain_text(report)


def test_an_attachment_whose_title_is_two_centred_paragraphs():
    report = read(para("附件3：") + para("某某市2024年民生实事项目", center=True) + para("责任分工表", center=True)
                  + PROJECTS)
    assert title_lines(report) == ["某某市2024年民生实事项目", "责任分工表"]
    assert report.find("meta/title").get("label") == "附件3："  # as written
    assert report.find("body/table") is not None


# --------------------------------------------------------- text boxes --

def anchored_box(*paragraphs: str) -> str:
    """A DrawingML text box (wps:txbx) anchored in a run, with Word's VML fallback holding the same text."""
    inner = "".join(paragraphs)
    return (f'<w:r><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps"><w:drawing><wp:anchor '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1" relativeHeight="1" simplePos="0">'
            '<wp:simplePos x="0" y="0"/><wp:extent cx="5000000" cy="600000"/><wp:docPr id="9" name="Text Box 9"/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp xmlns:wps="{WPS}"><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>'
            '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>'
            f'<w:pict><v:shape xmlns:v="{VML}"><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>'
            '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def vml_box(*paragraphs: str) -> str:
    """A legacy VML text box (w:pict / v:textbox)."""
    return (f'<w:r><w:pict><v:shape xmlns:v="{VML}" style="position:absolute"><v:textbox><w:txbxContent>'
            f'{"".join(paragraphs)}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')


def wordart(text: str) -> str:
    """A legacy WordArt shape (v:textpath), as the red 版头 is often made."""
    return (f'<w:r><w:pict><v:shape xmlns:v="{VML}" type="#_x0000_t136" fillcolor="red">'
            f'<v:textpath style="font-family:方正小标宋简体" string="{text}"/></v:shape></w:pict></w:r>')


def holder(*runs: str, text: str = "", text_first: bool = False) -> str:
    """A paragraph holding shapes and maybe text of its own, after them or before them."""
    own = f'<w:r><w:t>{text}</w:t></w:r>' if text else ""
    return f"<w:p>{own}{''.join(runs)}</w:p>" if text_first else f"<w:p>{''.join(runs)}{own}</w:p>"


TITLE = "关于加强城市管理工作的通知"  # no issuer in it: the 版头 names the issuer


def test_the_red_header_and_the_docnumber_in_text_boxes_are_head_metadata():
    body = (holder(anchored_box(para("某某市人民政府文件", center=True)))
            + holder(vml_box(para("某府发〔2022〕5号", center=True)))
            + para(TITLE, center=True) + para(ADDRESSEE) + para(BODY))
    report = read(body)
    assert title_lines(report) == [TITLE]
    assert report.findtext("meta/docnumber") == "某府发〔2022〕5号"
    assert report.findtext("meta/issuer") == "某某市人民政府"
    assert report.find("dropped") is None  # the banner is the 版头's mark
    mark = report.find("meta/masthead/mark")
    assert (mark.get("suffix"), [tree.text_of(o) for o in mark]) == ("文件", ["某某市人民政府"])
    assert body_texts(report) == [BODY]
    assert fold(tree.plain_text(report)).count(fold("某府发〔2022〕5号")) == 1  # the fallback is not read again


def test_a_wordart_red_header_names_the_issuer():
    body = holder(wordart("某某县人民政府办公室文件")) + para("某县政办发〔2023〕12号", center=True) + para(
        "关于做好防汛工作的通知", center=True) + para(BODY)
    report = read(body)
    assert report.findtext("meta/issuer") == "某某县人民政府办公室"
    assert report.findtext("meta/docnumber") == "某县政办发〔2023〕12号"
    assert [tree.text_of(o) for o in report.iterfind("meta/masthead/mark/organ")] == ["某某县人民政府办公室"]


def test_a_box_anchored_before_a_paragraph_s_text_comes_before_it():
    body = holder(anchored_box(para("某府发〔2022〕5号", center=True)), text=TITLE) + para(BODY)
    report = read(body)
    assert report.findtext("meta/docnumber") == "某府发〔2022〕5号"
    assert title_lines(report) == [TITLE]


def test_a_text_box_in_the_body_is_body_text_in_its_place():
    boxed = "专栏一：重点项目建设进展顺利，全年完成投资一百二十亿元，同比增长百分之八。"
    body = (para(TITLE, center=True) + para(BODY) + holder(vml_box(para(boxed)), text=SECOND, text_first=True)
            + para("第三段。" + BODY))
    report = read(body)
    assert body_texts(report) == [BODY, SECOND, boxed, "第三段。" + BODY]


def test_a_box_inside_a_box_is_read_once():
    inner = vml_box(para("内层文本框里的文字，只读一次。"))
    body = para(TITLE, center=True) + para(BODY) + holder(vml_box(holder(inner, text="外层文本框的文字。")))
    report = read(body)
    text = tree.plain_text(report)
    assert text.count("内层文本框里的文字") == 1 and text.count("外层文本框的文字") == 1


# ------------------------------------------------------- WPS and Word 2010 --

CUSTOM_NUMBERING = (f'<w:numbering xmlns:w="{W_NS}" xmlns:mc="{MC}"><w:abstractNum w:abstractNumId="1">'
                    '<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14">'
                    '<w:numFmt w:val="custom" w:format="一, 二, 三, ..."/></mc:Choice><mc:Fallback>'
                    '<w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1、"/></w:lvl>'
                    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseLegalSimplified"/>'
                    '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
                    '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num></w:numbering>')


def numbered(text: str, level: int) -> str:
    return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="5"/></w:numPr></w:pPr>'
            f'<w:r><w:t>{text}</w:t></w:r></w:p>')


def test_a_custom_number_format_inside_alternate_content_and_legal_numerals():
    body = (para(TITLE, center=True) + para(BODY) + numbered("总体要求", 0) + numbered("指导思想", 1) + para(SECOND)
            + numbered("重点任务", 0) + para(BODY))
    report = read(body, rels={"rIdNum": ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                                         "numbering", "numbering.xml")}, parts={"word/numbering.xml": CUSTOM_NUMBERING})
    assert [s.get("label") for s in report.iterfind("body/section")] == ["一、", "二、"]
    assert "（壹）指导思想" in tree.plain_text(report)


def test_a_text_box_in_a_table_cell_is_the_cell_s_text():
    boxed_cell = f"<w:tc>{holder(vml_box(para('市住建局')))}</w:tc>"
    rows = ("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in ("序号", "项目名称", "责任单位")) + "</w:tr>"
            + "<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in ("1", "城区供水管网改造")) + boxed_cell + "</w:tr>"
            + "<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in ("2", "农村公路提档升级", "市交通局")) + "</w:tr>")
    report = read(para(TITLE, center=True) + para(BODY) + f"<w:tbl>{rows}</w:tbl>")
    cells = [[tree.text_of(c) for c in row] for row in report.find("body/table").iter("row")]
    assert ["1", "城区供水管网改造", "市住建局"] in cells
