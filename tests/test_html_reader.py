"""convert.readers.html: web pages → model.

The 40 gov.cn pages (tests/data/gov-cn) are checked against tests/govcn.py, which reads each
article's text and metadata table with its own code, and against test_govcn's expectations
read off the pages by a person (closings, attached documents). The synthetic pages of other
sites (tests/data/html, see make.py there) carry their article text, written by hand, in
NAME.article.txt.
"""
from __future__ import annotations

import base64
import io
import re
from functools import lru_cache
from pathlib import Path

import govcn
import lxml.html
import pytest
from conftest import as_printed, fold, missing_in_order
from PIL import Image
from test_govcn import APPENDICES, ATTACHMENT_LISTS, grid_widths, metadata_iso, model_closings, source_closings

from convert import feedback, figures
from convert.batch import Source
from convert.errors import InputError
from convert.model import text_of, tree
from convert.options import Options
from convert.readers import html, xml

PAGES = Path(__file__).parent / "data" / "html"
ARTICLES = sorted(p.name.removesuffix(".article.txt") for p in PAGES.glob("*.article.txt"))
CHROME = ("打印本页", "关闭窗口", "索引号", "主题分类", "扫一扫在手机打开当前页", "发布日期：")


@lru_cache(maxsize=None)
def gov(name: str):
    """The model of a gov.cn page (cached: read-only)."""
    return html.parse((govcn.CORPUS / f"{name}.html").read_bytes(), f"{name}.html")


@lru_cache(maxsize=None)
def page(name: str, **options):
    return html.parse((PAGES / name).read_bytes(), Source.from_path(PAGES / name), Options(**options))


def parse_string(markup: str, name: str = "inline.html"):
    return html.parse(markup.encode("utf-8"), name)


def body_text(report) -> str:
    return tree.plain_text(as_printed(report))


def dropped(report, reason: str | None = None) -> list[str]:
    return [line.text for line in report.iterfind("dropped/line") if reason is None or line.get("reason") == reason]


def one_line_error(call) -> str:
    with pytest.raises(InputError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message and message
    return message


# ------------------------------------------------------------- decoding --

NOTICE_TITLE = "关于2024年端午节放假安排的通知"


@pytest.mark.parametrize("name, decoded", [
    ("notice-utf8.html", "utf-8"),
    ("notice-gbk.html", "gb18030"),  # <meta charset="gbk">
    ("notice-gb18030-undeclared.html", "gb18030"),  # no declaration at all
    ("old-site-gb2312.html", "gb18030"),  # http-equiv content="…; charset=gb2312"
    ("notice-utf8-declared-gb2312.html", "utf-8 (declared gb2312)"),  # the declaration lies
    ("notice-gbk-declared-utf8.html", "gb18030 (declared utf-8)"),
])
def test_pages_decode_right_whatever_they_declare(name, decoded):
    report = page(name)
    assert report.find("meta/transforms/transform[@name='decode']").get("detail") == decoded
    text = body_text(report)
    assert "\ufffd" not in text
    expected = (PAGES / "notice-utf8.article.txt").read_text(encoding="utf-8") if name.startswith("notice") else \
        (PAGES / "old-site-gb2312.article.txt").read_text(encoding="utf-8")
    assert missing_in_order(expected, text) is None


@pytest.mark.parametrize("declared", [b"big5", b"iso-8859-1", b"shift_jis"])
def test_gbk_bytes_declared_as_another_encoding_still_decode(declared):
    raw = (PAGES / "notice-gbk.html").read_bytes().replace(b'charset="gbk"', b'charset="' + declared + b'"')
    report = html.parse(raw, "x.html")
    assert report.find("meta/transforms/transform[@name='decode']").get("detail") == \
        f"gb18030 (declared {declared.decode()})"
    assert tree.meta_text(report, "title") == NOTICE_TITLE


def test_the_user_s_encoding_wins_over_the_page_s_declaration():
    report = page("notice-gbk-declared-utf8.html", encoding="gbk")
    assert report.find("meta/transforms/transform[@name='decode']").get("detail") == "gbk"
    assert tree.meta_text(report, "title") == NOTICE_TITLE


def test_an_xhtml_page_that_declares_its_encoding_in_the_xml_declaration():
    markup = ('<?xml version="1.0" encoding="gb2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
              f'<div class="content"><p align="center">{NOTICE_TITLE}</p>'
              '<p>根据国务院办公厅通知精神，现将2024年端午节放假安排通知如下。</p></div></body></html>')
    report = html.parse(markup.encode("gbk"), "x.html")
    assert tree.meta_text(report, "title") == NOTICE_TITLE
    assert report.find("meta/transforms/transform[@name='decode']").get("detail") == "gb18030"


def test_an_unknown_charset_label_is_ignored():
    markup = '<meta charset="x-unknown-9"><div><p>根据国务院办公厅通知精神，现将有关事项通知如下，请遵照执行。</p></div>'
    assert "通知如下" in body_text(parse_string(markup))


def test_undecodable_bytes_are_one_clear_error():
    message = one_line_error(lambda: page("undecodable.html"))
    assert "not valid utf-8" in message and "--encoding" in message


def test_empty_input_is_an_error():
    one_line_error(lambda: html.parse(b"  \n", "empty.html"))


# ------------------------------------------------------------ bad input --

def test_a_page_nested_deeper_than_the_parser_reads_is_an_error_not_a_part():
    article = "<p>为进一步深化公立医院改革，推进现代医院管理制度建设，经国务院同意，现提出以下意见。</p>"
    assert "256 deep" in one_line_error(lambda: parse_string("<div>" * 300 + article * 3 + "</div>" * 300))
    assert "现提出以下意见" in body_text(parse_string("<div>" * 250 + article * 3 + "</div>" * 250))


def test_a_page_of_scripts_only_is_an_error_that_says_so():
    assert "scripts only" in one_line_error(lambda: page("scripts-only.html"))


def test_a_page_without_article_text_is_an_error():
    assert "no article text" in one_line_error(lambda: page("no-article.html"))


# --------------------------------------------------------- main content --

@pytest.mark.parametrize("name", ARTICLES)
def test_other_sites_give_their_article_and_nothing_else(name):
    """Every character of the article in order, and nothing that is not in it."""
    article = (PAGES / f"{name}.article.txt").read_text(encoding="utf-8")
    shown = body_text(page(f"{name}.html"))
    assert missing_in_order(article, shown) is None
    assert missing_in_order(shown, article) is None
    assert len(fold(shown)) == len(fold(article))


def test_the_chrome_of_another_site_goes_to_dropped():
    report = page("news-site.html")
    chrome = " ".join(dropped(report, "page-chrome"))
    for part in ("当前位置", "分享到", "相关文章", "这个政策很好", "热点专题", "扫一扫在手机打开当前页", "版权所有", "网站地图",
                 "发布时间：2024-03-05"):
        assert part in chrome
        assert part not in body_text(report)
    assert "统计代码" not in chrome + body_text(report)  # a script's text is no chrome: it was never shown


def test_a_site_s_headline_outside_the_article_is_its_title_with_its_break():
    report = page("news-site.html")
    assert tree.title_lines(report.find("meta/title")) == ["青禾市人民政府关于印发青禾市促进", "数字经济发展若干措施的通知"]
    assert tree.meta_text(report, "docnumber") == "青政发〔2024〕3号"


def test_the_page_title_names_the_document_when_nothing_else_does():
    markup = ("<html><head><title>关于做好防汛工作的通知_青禾市人民政府门户网站</title></head><body><div class='text'>"
              "<p>各乡镇人民政府：</p><p>　　入汛以来，我市降雨偏多，为切实做好防汛工作，现将有关事项通知如下。</p>"
              "</div></body></html>")
    report = parse_string(markup)
    assert tree.meta_text(report, "title") == "关于做好防汛工作的通知"
    assert "门户网站" not in body_text(report)


# ------------------------------------------------------------- metadata --

@pytest.mark.parametrize("name", govcn.NAMES)
def test_the_metadata_table_fills_the_model_s_metadata(name):
    report, table = gov(name), govcn.metadata(name)
    meta = report.find("meta")
    assert tree.meta_text(report, "title").replace("\n", "") == table["标题"]
    assert tree.meta_text(report, "issuer") == table["发文机关"]
    assert text_of(meta.find("date")) == table["成文日期"]
    assert meta.find("date").get("when") == metadata_iso(table["成文日期"])
    assert meta.find("published").get("when") == metadata_iso(table["发布日期"])
    assert tree.meta_text(report, "identifier") == table["索引号"]
    if table["发文字号"]:
        assert tree.meta_text(report, "docnumber") == table["发文字号"]
    keywords = [text_of(k) for k in meta.findall("keyword")]
    assert table["主题分类"] in keywords
    assert all(word in keywords for word in table["主题词"].split())


@pytest.mark.parametrize("name", govcn.NAMES)
def test_the_metadata_table_never_reaches_the_body(name):
    shown, article = body_text(gov(name)), govcn.paragraph_text(name)
    for label in ("索引号", "主题分类", "发文机关", "成文日期", "发文字号", "发布日期", "主题词"):
        assert shown.count(label) == article.count(label)
    assert any(line.startswith("索 引 号：") for line in dropped(gov(name), "metadata"))


def test_a_catalogue_record_with_other_labels_and_labels_inside_cells():
    report = page("catalogue.html")
    assert tree.meta_text(report, "title").replace("\n", "") == "青禾市人民政府办公室关于开展2024年安全生产月活动的通知"
    assert tree.meta_text(report, "docnumber") == "青政办字〔2024〕21号"
    assert tree.meta_text(report, "issuer") == "青禾市人民政府办公室"
    assert tree.meta_text(report, "date") == "2024-05-06"
    assert tree.meta_text(report, "identifier") == "11370000MB28/2024-00012"
    assert [text_of(k) for k in report.findall("meta/keyword")] == ["通知公告", "安全生产", "宣传教育"]
    assert "索引号" not in body_text(report)


def test_a_label_table_inside_the_article_is_metadata_not_a_table():
    markup = ("<div class='text'><table><tr><td>标　　题：</td><td>关于某事的通知</td></tr>"
              "<tr><td>发文字号：</td><td>某发〔2024〕1号</td></tr></table>"
              "<p>各单位：</p><p>　　现将有关事项通知如下，请认真贯彻落实，确保各项工作落到实处。</p></div>")
    report = parse_string(markup)
    assert report.find(".//table") is None
    assert tree.meta_text(report, "docnumber") == "某发〔2024〕1号"
    assert "发文字号" not in body_text(report)


# ------------------------------------------------------ structure cues --

def test_a_centred_title_broken_by_br_keeps_its_lines():
    assert tree.title_lines(page("old-site-gb2312.html").find("meta/title")) == \
        ["东川县农业农村局", "关于做好2024年春季农业生产工作的通知"]
    assert tree.title_lines(gov("gov-cn-04").find("meta/title")) == ["国务院办公厅关于加强", "三级公立医院绩效考核工作的意见"]


def test_br_separated_lines_become_paragraphs_and_a_source_line_end_is_no_space():
    report = page("old-site-gb2312.html")
    paragraphs = [text_of(p) for p in report.iter("p")]
    assert paragraphs[0] == ("当前正值春耕备耕关键时期，为切实做好今年春季农业生产工作，确保粮食生产开好局、起好步，"
                             "现将有关事项通知如下。")
    assert [s.get("label") for s in report.iter("section")] == ["一、", "二、"]
    assert model_closings(report) == [("东川县农业农村局", "2024年2月20日", None)]


def test_items_of_a_numbered_list_show_their_numbers():
    markup = ("<div class='text'><p align='center'>关于做好某某工作的通知</p><p>各单位：</p>"
              "<p>　　现将有关事项通知如下，请认真贯彻执行，确保各项工作落实到位。</p>"
              "<ol start='3'><li>加强组织领导，明确责任分工。</li><li>强化督促检查，确保工作实效。</li></ol>"
              "<ul><li>其他事项另行通知。</li></ul></div>")
    report = parse_string(markup)
    assert [s.get("label") for s in report.iter("section")] == ["3.", "4."]  # the marks the classifier reads
    assert body_text(report).splitlines()[-3:] == ["3.加强组织领导，明确责任分工。", "4.强化督促检查，确保工作实效。", "其他事项另行通知。"]


def test_headings_tags_rank_by_the_levels_the_article_uses():
    markup = ("<div class='main'><h1>青禾市2024年政府工作报告</h1>"
              "<h2>过去一年的工作</h2><h3>经济运行</h3><p>全市地区生产总值增长5.6%，经济运行持续回升向好，质量效益稳步提升。</p>"
              "<h3>民生保障</h3><p>城镇新增就业2.1万人，居民人均可支配收入增长6%，民生福祉持续增进。</p>"
              "<h2>今年的主要任务</h2><p>今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。</p></div>")
    report = parse_string(markup)
    assert tree.meta_text(report, "title") == "青禾市2024年政府工作报告"
    top = report.findall("body/section")
    assert [(s.get("level"), text_of(s.find("heading"))) for s in top] == [("1", "过去一年的工作"), ("1", "今年的主要任务")]
    assert [text_of(s.find("heading")) for s in top[0].findall("section")] == ["经济运行", "民生保障"]


BOLD_LINE = ("<div class='main'><p align='center'>青禾市人民政府工作报告</p>"
             "<p>　　过去一年，全市上下团结奋斗，经济社会发展取得新的成效，圆满完成全年目标任务。</p>"
             "<p>{open}结束语{close}</p><p>　　各位代表，新征程上，我们要团结一心、奋发有为，为建设现代化新青禾而努力奋斗。</p>"
             "<p>{open}坚持改革开放，激发发展活力{close}</p><p>　　深化重点领域改革，持续优化营商环境，激发各类经营主体活力。</p></div>")


def test_a_short_bold_line_is_a_heading_and_the_same_line_plain_is_text():
    bold = parse_string(BOLD_LINE.format(open="<strong>", close="</strong>"))
    plain = parse_string(BOLD_LINE.format(open="", close=""))
    assert [text_of(s.find("heading")) for s in bold.iter("section")] == ["结束语", "坚持改革开放，激发发展活力"]
    # without bold, 结束语 still heads a section by its shape (a few words alone); the other line does not
    assert [text_of(s.find("heading")) for s in plain.iter("section")] == ["结束语"]
    assert "坚持改革开放，激发发展活力" in [text_of(p) for p in plain.iter("p")]


def test_bold_over_most_paragraphs_says_nothing():
    markup = ("<div class='main'><b><p>青禾市人民政府关于加强安全生产工作的通知</p><p>各区人民政府：</p>"
              "<p>　　为切实加强安全生产工作，现将有关事项通知如下。</p><p>强化责任落实，压实各方责任</p>"
              "<p>严格执法检查，消除事故隐患</p>"
              "<p>　　各单位要认真落实。</p></b></div>")
    report = parse_string(markup)
    assert report.find(".//section") is None
    assert {"强化责任落实，压实各方责任", "严格执法检查，消除事故隐患"} <= {text_of(p) for p in report.iter("p")}


def test_a_centred_document_title_after_the_closing_starts_the_attached_document():
    appendix = page("news-site.html").find("appendix")
    assert text_of(appendix.find("heading")) == "青禾市促进数字经济发展若干措施"
    assert [s.get("label") for s in appendix.findall("section")] == ["一、", "二、", "三、"]


@pytest.mark.parametrize("name", govcn.NAMES)
def test_closings_attachment_lists_and_attached_documents_as_read_off_the_pages(name):
    report = gov(name)
    assert model_closings(report) == source_closings(name)
    found = [(a.get("label"), tree.title_lines(a.find("heading")) if a.find("heading") is not None else None)
             for a in report.iterfind("appendix")]
    assert found == APPENDICES.get(name, [])  # gov-cn-41's left-aligned 3.2　应急报告 starts no document
    lists = [[text_of(i) for i in x] for x in report.iter("attachments")]
    assert lists == ([ATTACHMENT_LISTS[name]] if name in ATTACHMENT_LISTS else [])


# --------------------------------------------------------------- tables --

def source_rows(name: str) -> list[list[str]]:
    """The rows of the article's <table>, as the test reads them (lxml.html, not the reader)."""
    root = lxml.html.fromstring((govcn.CORPUS / f"{name}.html").read_bytes().decode("utf-8"))
    table = root.get_element_by_id("UCAP-CONTENT").find(".//table")
    return [[re.sub(r"\s+", "", c.text_content()) for c in tr if c.tag == "td"] for tr in table.iter("tr")]


@pytest.mark.parametrize("name", ["gov-cn-04", "gov-cn-10"])
def test_the_gov_cn_tables_are_tables_with_their_rows(name):
    tables = list(gov(name).iter("table"))
    assert len(tables) == 1
    header, rows = tree.table_rows(tables[0])
    expected = source_rows(name)
    assert len(header) == 1 and len(header) + len(rows) == len(expected)
    assert [[fold(text_of(c)) for c in row] for row in header + rows] == [[fold(c) for c in row] for row in expected]
    assert set(grid_widths(tables[0])) == {5}


def test_spans_are_kept():
    _, rows = tree.table_rows(gov("gov-cn-04").find(".//table"))
    assert [(text_of(c), c.get("rowspan")) for c in rows[0][:2]] == [("一、医疗质量", "24"), ("（一）功能定位", "7")]
    assert rows[0][4].findall("p")  # a cell of two paragraphs keeps them
    _, rows = tree.table_rows(gov("gov-cn-10").find(".//table"))
    assert [text_of(r[0]) for r in rows if r[0].get("colspan") == "5"][:2] == \
        ["一、知识产权保护方面（共5项）", "二、科技成果转化激励方面（共4项）"]


def test_captions_headers_and_layout_tables_of_another_site():
    report = page("tables.html")
    first, second = report.findall("body/table")  # the layout tables around and inside the article are not
    assert text_of(first.find("caption")) == "表1　2023年主要经济指标"
    header, rows = tree.table_rows(first)
    assert [[(text_of(c), c.get("rowspan"), c.get("colspan")) for c in row] for row in header] == [
        [("指标", "2", None), ("绝对值", None, "2"), ("比上年增长（%）", "2", None)],
        [("数值", None, None), ("单位", None, None)]]
    assert [(text_of(r[0]), r[0].get("rowspan")) for r in rows][1] == ("其中", "2")
    assert text_of(second.find("caption")) == "表2　2023年粮食生产情况"  # the centred line right above
    assert [text_of(c) for c in tree.table_rows(second)[0][0]] == ["品种", "播种面积（万亩）", "产量（万吨）"]
    paragraphs = [text_of(p) for p in report.findall("body/p")]
    assert "表2　2023年粮食生产情况" not in paragraphs
    assert "注：本公报中部分数据为初步统计数。" in paragraphs  # a one-row table of two notes is layout


# --------------------------------------------------------------- images --

def test_local_images_are_embedded_and_missing_ones_kept_with_one_warning(capsys, monkeypatch):
    monkeypatch.setattr(feedback, "verbosity", feedback.NORMAL)  # main() in another test may have set -q
    # named apart from images.html, which other tests read: the warning is said once per name
    warned = Source("images-warned.html", PAGES / "images.html", "images-warned")
    report = html.parse((PAGES / "images.html").read_bytes(), warned)
    found = list(report.iter("figure"))
    assert [(f.get("src"), f.get("alt")) for f in found] == [
        ("img/plan.png", "城市更新规划图"), ("img/street.jpg", "改造后的街区"), ("img/missing.png", "进度表"),
        ("http://www.example.gov.cn/images/chart.png", "投资结构图")]
    plan, street = figures.picture(found[0]), figures.picture(found[1])
    assert plan.data == (PAGES / "img" / "plan.png").read_bytes() and (plan.type, plan.width, plan.height) == \
        ("image/png", 64, 40)
    assert street.data == (PAGES / "img" / "street.jpg").read_bytes() and street.type == "image/jpeg"
    assert [f.find("image") is None for f in found] == [False, False, True, True]
    assert [text_of(f.find("caption")) if f.find("caption") is not None else None for f in found] == \
        ["图1　青禾市城市更新规划图", "图2　改造后的和平街区", None, None]
    assert "图2　改造后的和平街区" not in [text_of(p) for p in report.iter("p")]
    assert "下一步，我们将继续加大工作力度，完成剩余项目。" in [text_of(p) for p in report.iter("p")]
    warnings = [line for line in capsys.readouterr().err.splitlines() if "images-warned.html" in line]
    assert len(warnings) == 1 and "2 image(s)" in warnings[0] and "img/missing.png" in warnings[0]
    html.parse((PAGES / "images.html").read_bytes(), warned)
    assert "images-warned.html" not in capsys.readouterr().err  # once per file


def test_without_the_page_s_folder_no_image_is_dropped():
    report = html.parse((PAGES / "images.html").read_bytes(), "images-no-base.html")  # a name: no folder
    found = list(report.iter("figure"))
    assert len(found) == 4 and all(f.find("image") is None for f in found)


def test_only_images_in_the_page_s_folder_are_read(tmp_path):
    """A saved page's NAME_files/ image is embedded; a file outside the page's folder is not
    (../, an absolute path, a file: URI, a symlink out): the page may be someone else's."""
    def png(path: Path, color) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (9, 5), color).save(path, format="PNG")

    site = tmp_path / "site"
    png(site / "page_files" / "map.png", (0, 128, 0))
    png(tmp_path / "secret.png", (255, 0, 0))
    (site / "page_files" / "link.png").symlink_to(tmp_path / "secret.png")
    srcs = ["page_files/map.png", (site / "page_files" / "map.png").as_uri(), "../secret.png",
            str(tmp_path / "secret.png"), (tmp_path / "secret.png").as_uri(), "page_files/link.png"]
    paragraphs = "".join(f"<p><img src='{src}' alt='图{k}'></p>" for k, src in enumerate(srcs))
    page = site / "page.html"
    page.write_text("<html><body><div class='text'><p>　　全市新建公园12个，城市绿化覆盖率达到45%，"
                    f"人居环境持续改善。</p>{paragraphs}</div></body></html>", encoding="utf-8")
    report = html.parse(page.read_bytes(), Source("page.html", page, "page"))
    found = [f.find("image") is not None for f in report.iter("figure")]
    assert found == [True, True, False, False, False, False]


def test_an_icon_font_s_glyph_is_page_chrome_not_text():
    """<i class="icon">&#xe608;</i> draws a 微信 icon; its Private Use Area code point is no text."""
    markup = ("<div class='text'><p>　　全市新建公园12个，城市绿化覆盖率达到45%，人居环境持续改善。</p>"
              "<p><i class='icon site_web'>\ue60e</i>4 <span class='iconfont'>\ue608</span>微信</p></div>")
    report = parse_string(markup)
    shown = tree.plain_text(report)
    assert "\ue60e" not in shown and "\ue608" not in shown and "微信" in shown
    assert {"\ue60e", "\ue608"} <= set(dropped(report, "page-chrome"))


def test_a_rare_character_in_a_private_use_code_point_stays_text():
    """A site that sets a rare character in a font of its own (a name's 生僻字 at U+E123) keeps it;
    so does an <i> holding text as well."""
    markup = ("<div class='text'><p>　　经研究，任命张<span style='font-family:FZSongS'>\ue123</span>明同志为"
              "市政府办公室主任，<i>\ue124注</i>试用期一年。</p></div>")
    shown = tree.plain_text(parse_string(markup))
    assert "张\ue123明" in shown and "\ue124注" in shown


def test_a_data_uri_image_is_embedded():
    buffer = io.BytesIO()
    Image.new("RGB", (12, 7), (0, 128, 0)).save(buffer, format="PNG")
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    markup = ("<div class='text'><p>　　全市新建公园12个，城市绿化覆盖率达到45%，人居环境持续改善。</p>"
              f"<p><img src='{uri}' alt='公园分布'></p></div>")
    figure = parse_string(markup).find(".//figure")
    assert figure.get("src") is None and figure.get("alt") == "公园分布"
    assert (figures.picture(figure).width, figures.picture(figure).height) == (12, 7)


# ------------------------------------------------------------- fidelity --

@pytest.mark.parametrize("name", govcn.NAMES)
def test_every_character_of_the_article_is_in_the_model_in_order(name):
    source, shown = govcn.paragraph_text(name), body_text(gov(name))
    assert missing_in_order(source, shown) is None
    assert missing_in_order(shown, source) is None  # and nothing the article does not have
    for chrome in CHROME:
        assert chrome not in shown
    assert "扫一扫在手机打开当前页" in dropped(gov(name), "page-chrome")


def test_the_model_is_the_same_every_time_and_reads_back():
    raw = (govcn.CORPUS / "gov-cn-10.html").read_bytes()
    first, second = html.parse(raw, "gov-cn-10.html"), html.parse(raw, "gov-cn-10.html")
    assert tree.to_bytes(first) == tree.to_bytes(second)
    assert tree.to_bytes(xml.parse(tree.to_bytes(first), "gov-cn-10.xml")) == tree.to_bytes(first)


def test_a_bold_date_under_the_title_is_the_head_s_dateline_not_a_closing_nor_a_heading():
    """A page that opens (after its picture) with a centred, bold date and then the speech: the
    date is a paragraph in place, and the speech is the body, not an attached document."""
    speech = "<p>　　很高兴又一次和大家见面。</p>" + "<p>　　受委托，今天由我来向大家通报有关情况，下面我愿意回答大家的提问。</p>" * 6
    markup = ('<html><head><title>第二场新闻发布会</title></head><body><div class="article">'
              "<h1>第二场新闻发布会</h1><p><img src='missing.jpg'></p>"
              '<p style="text-align:center"><strong>2012年6月24日</strong></p>'
              '<p style="text-align:center"><strong>新闻发言人 某某</strong></p>' + speech + "</div></body></html>")
    report = parse_string(markup)
    assert report.find("closing") is None and report.find("appendix") is None
    assert [text_of(p) for p in report.find("body").iter("p")][:1] == ["2012年6月24日"]
    assert text_of(report.find(".//section/heading")) == "新闻发言人 某某"   # a bold line that is no date


def test_a_date_after_the_body_is_still_the_closing():
    article = "<p>　　现将有关事项通知如下，请认真贯彻执行，确保各项任务落到实处。</p>" * 5 + "<p>某某市人民政府</p><p>2024年3月1日</p>"
    markup = ('<html><head><title>关于某某事项的通知</title></head><body><div class="article">'
              f"<h1>关于某某事项的通知</h1>{article}</div></body></html>")
    closing = parse_string(markup).find("closing")
    assert closing is not None and text_of(closing.find("date")) == "2024年3月1日"


# ------------------------------------------- related articles and disclaimers --

ARTICLE = ("<html><head><title>青禾县推进村庄规划_青禾新闻网</title></head><body><div class='main'>"
           "<h1>青禾县推进村庄规划</h1><div class='post_text'>"
           "<p>本报讯，青禾县近日召开村庄规划推进会，部署下一阶段工作，要求各乡镇在年底前完成规划编制。</p>"
           "<p>会议指出，村庄规划是乡村振兴的基础，各乡镇要加强组织领导，确保规划质量，按期完成任务。</p>{box}"
           "</div></div></body></html>")


@pytest.mark.parametrize("box", [
    "<div class='wrap'><div class='ttl'>延伸 · 推荐</div><div><p><a href='/a/1.html'>东川乡完成村庄规划编制</a></p>"
    "<p>近日，东川乡完成全部行政村的村庄规划编制工作，规划成果已报县政府审批。</p></div></div>",
    "<div class='related_article_wrap'><div>延伸阅读</div><ul><li><a href='/a/2.html'>青禾县召开乡村振兴工作会</a></li>"
    "<li><a href='/a/3.html'>青禾县公布村庄分类名单</a></li></ul></div>",
])
def test_a_box_of_related_articles_inside_the_article_is_page_chrome(box):
    report = parse_string(ARTICLE.format(box=box))
    text = body_text(report)
    assert "会议指出" in text and "青禾县" in text
    assert "东川乡" not in text and "村庄分类名单" not in text and "延伸" not in text
    assert any("延伸" in line for line in dropped(report, "page-chrome"))


@pytest.mark.parametrize(("box", "kept"), [
    # a 延伸阅读 part of the article itself: long text, a link in it
    ("<div><h3>延伸阅读</h3><p>什么是村庄规划？村庄规划是法定规划，是国土空间规划体系中乡村地区的详细规划，是开展国土空间开发保护"
    "活动、实施国土空间用途管制、核发乡村建设项目规划许可、进行各项建设等的法定依据。编制村庄规划要坚持先规划后建设，"
    "通盘考虑土地利用、产业发展、居民点布局、人居环境整治、生态保护和历史文化传承，注重保持乡村特色风貌，"
    "因地制宜编制多规合一的实用性村庄规划。详见<a href='/zc/1.html'>自然资源部办公厅关于加强村庄规划促进乡村振兴的通知</a>，"
    "其中对规划的编制内容、审批程序和成果要求都作了具体规定，各地要认真贯彻执行。各乡镇在编制过程中要充分听取村民意见，"
    "规划成果要经村民会议或者村民代表会议审议，并在村内公示三十日以上，报送审批时应当附具村民会议或者村民代表会议的意见。"
    "规划批准后，要在村内显著位置公布，接受村民监督，做到规划一张图、审批一支笔、建设一盘棋。</p></div>",
     "做到规划一张图、审批一支笔、建设一盘棋。"),
    # the label without a link: a heading of the article's own
    ("<div><h3>相关新闻</h3><p>县自然资源局表示，将在年内完成全部村庄的规划审查。</p></div>", "将在年内完成全部村庄的规划审查。"),
])
def test_a_part_of_the_article_under_a_related_label_is_kept(box, kept):
    text = body_text(parse_string(ARTICLE.format(box=box)))
    assert kept in text and "会议指出" in text


def test_a_disclaimer_under_the_article_is_dropped_whatever_its_length():
    disclaimer = ("免责声明：自媒体综合提供的内容均源自自媒体，版权归原作者所有，转载请联系原作者并获许可。文章观点仅代表作者本人，"
                  "不代表本站立场。若内容涉及投资建议，仅供参考勿作为投资依据。投资有风险，入市需谨慎。")
    report = parse_string(ARTICLE.format(box=f"<p>{disclaimer}</p>"))
    assert "免责声明" not in body_text(report) and "会议指出" in body_text(report)
    assert dropped(report, "site-links") == [disclaimer]


# ------------------------------- the block that holds the article, the title line as a <div> --

LINES = "<br>".join(f"第{n}段，青禾县今年新建村级服务站{n}个，覆盖人口{n}万人，群众办事不出村，满意度持续提升。" for n in range(1, 9))
WRAPPED = ("<html><head><title>青禾县村级服务站全覆盖_青禾新闻网</title></head><body><div class='wrap'>"
           "<h1>青禾县村级服务站全覆盖</h1><div class='about'><p>2024-05-23 14:07来源：青禾新闻网·政务</p></div>"
           "<div class='txt'>" + LINES + "</div>"
           "<div class='editor'>发送邮件至news@example.cn申请加入政务号</div>"
           "<div class='love'><a href='#'>0</a><a href='#'>收藏</a></div>"
           "<div class='commt'><h2>评论（0）</h2><div>我要跟帖</div><div>已输入0字</div></div></div></body></html>")


def test_a_wrapper_whose_one_block_holds_the_text_gives_that_block():
    report = parse_string(WRAPPED)
    text = body_text(report)
    assert tree.text_of(report.find("meta/title")) == "青禾县村级服务站全覆盖"
    assert "第1段" in text and "第8段" in text
    for chrome in ("来源：青禾新闻网", "申请加入政务号", "收藏", "评论", "我要跟帖", "已输入0字"):
        assert chrome not in text, chrome
        assert any(chrome in line for line in dropped(report)), chrome


@pytest.mark.parametrize("siblings", [
    # the article's other paragraphs, set like the long one: the wrapper is the article
    "<div class='txt'>青禾县副县长在会上说，服务站要建好更要用好。</div><div class='txt'>各乡镇要在六月底前完成验收。</div>",
    # paragraphs as <p> beside the block: kept with it
    "<p>青禾县副县长在会上说，服务站要建好更要用好。</p><p>各乡镇要在六月底前完成验收。</p>",
])
def test_the_articles_short_paragraphs_beside_a_long_block_are_kept(siblings):
    markup = WRAPPED.replace("<div class='editor'>", siblings + "<div class='editor'>")
    text = body_text(parse_string(markup))
    assert "第1段" in text and "服务站要建好更要用好。" in text and "各乡镇要在六月底前完成验收。" in text
    assert text.index("第8段") < text.index("服务站要建好更要用好。") < text.index("各乡镇要在六月底前完成验收。")


TITLED = ("<html><head><title>{title}</title></head><body><div id='main'><div class='art'>"
          "<div class='art_title'><div class='t'>{line}</div><div class='meta'>发布时间：2019-09-26 10:09</div></div>"
          "<div class='art_content'>联合国贸发会议发布了报告，认为今年全球经济增长率将从3%降至2.3%，一些大型新兴经济体已经陷入衰退，"
          "而一些发达经济体距离衰退仅一步之遥。报告建议各国加强政策协调，扩大公共投资，稳定全球需求。</div>"
          "</div></div></body></html>")


@pytest.mark.parametrize("title", ["明日股市预测--联合国贸发报告：全球经济增长率降至2.3%", "联合国贸发报告：全球经济增长率降至2.3%_某某财经网"])
def test_a_title_line_set_as_a_div_before_the_article_is_the_title(title):
    report = parse_string(TITLED.format(title=title, line="联合国贸发报告：全球经济增长率降至2.3%"))
    assert tree.text_of(report.find("meta/title")) == "联合国贸发报告：全球经济增长率降至2.3%"
    assert "发布时间" not in body_text(report) and "联合国贸发会议发布了报告" in body_text(report)


def test_a_short_line_before_the_article_that_the_pages_title_barely_holds_is_not_the_title():
    # the <title> holds the site's name, not the line's headline: the line is the site's, not the title
    report = parse_string(TITLED.format(title="全球经济增长率降至2.3%_某某财经网股市预测频道", line="某某财经网股市预测"))
    assert tree.text_of(report.find("meta/title")) != "某某财经网股市预测"
    assert "某某财经网股市预测" not in body_text(report)


HEADER_TITLE = ("<html><head><title>法国全国大罢工再次严重影响交通-某某网</title></head><body>"
                "<div class='header'><div class='h-news'><div class='h-title'>{header}</div>"
                "<div class='h-info'>2019-12-10 07:57:40 来源：某某网</div></div></div>"
                "<div class='main'><div class='part'><div class='wrap'><div class='right'><div id='detail'>"
                "{top}<p>当地时间12月9日，法国全国大罢工进入第五天，巴黎地区的公共交通再次受到严重影响，多条地铁线路停运。</p>"
                "<p>法国政府表示，将于本周公布养老金改革方案的细节，工会则呼吁继续罢工，要求政府撤回改革计划。</p>"
                "</div></div></div></div></div></body></html>")


def test_the_title_line_in_the_pages_header_far_above_the_article_is_the_title():
    report = parse_string(HEADER_TITLE.format(header="法国全国大罢工再次严重影响交通", top="<div><span>图集</span></div>"))
    assert tree.text_of(report.find("meta/title")) == "法国全国大罢工再次严重影响交通"
    assert "当地时间12月9日" in body_text(report)


@pytest.mark.parametrize(("header", "top"), [
    # the article prints its title itself: the header's copy is not put in front of it
    ("法国全国大罢工再次严重影响交通", "<div>法国全国大罢工再次严重影响交通</div>"),
    # a header line the page's title does not agree with whole is no title line
    ("法国全国大罢工再次严重影响交通 专题报道", "<div><span>图集</span></div>"),
])
def test_a_header_line_is_not_put_before_the_article_unless_it_is_the_missing_title(header, top):
    report = parse_string(HEADER_TITLE.format(header=header, top=top))
    text = body_text(report)
    assert text.count("法国全国大罢工再次严重影响交通") <= 1
    assert header not in text or top.find(header) >= 0
    assert any(header in line for line in dropped(report, "page-chrome"))  # the header's line is the site's; the article's own is kept


BADGED = ("<html><head><title>{title}</title></head><body><div class='box'><h2 class='title'>{headline}</h2>"
          "<div class='abstract'>当全世界绝大部分国家都在为能够吸引中国游客而绞尽脑汁的时候，只有这么一个国家一脸淡定，"
          "一副爱来不来的样子，这个国家的牧民人均拥有牲畜上百头。</div></div></body></html>")


def test_a_badge_before_the_headline_is_not_part_of_the_title():
    report = parse_string(BADGED.format(title="最不愁吃肉的国家：却要靠中国运输蔬菜水果",
                                        headline="<span>原创</span>最不愁吃肉的国家：却要靠中国运输蔬菜水果"))
    assert tree.text_of(report.find("meta/title")) == "最不愁吃肉的国家：却要靠中国运输蔬菜水果"
    assert "原创" in dropped(report, "page-chrome") and "原创" not in body_text(report)


@pytest.mark.parametrize(("title", "headline", "printed"), [
    # an issuer's name set apart before 关于…: the page's <title> left it out, the title keeps it
    ("关于做好春节期间安全工作的通知_某某网", "<span>国务院</span>关于做好春节期间安全工作的通知", "国务院关于做好春节期间安全工作的通知"),
    # the page's title agrees with the whole line: the first span is the title's
    ("2024年政府工作报告_某某网", "<span>2024年</span>政府工作报告", "2024年政府工作报告"),
    # a unit's name ends as any organ's may (structure.marks.ORGAN_SUFFIX_ANY: …所, …中心, …社): no badge either
    ("关于开展统计调查的通知_某某网", "<span>统计所</span>关于开展统计调查的通知", "统计所关于开展统计调查的通知"),
])
def test_a_headline_whose_first_span_is_the_titles_keeps_it(title, headline, printed):
    report = parse_string(BADGED.format(title=title, headline=headline))
    assert tree.text_of(report.find("meta/title")) == printed


DISCLAIMED = ("<html><head><title>交通运输部：打造京津冀综合立体交通网络-股票频道-某某网</title></head><body>"
              "<div class='art'><h1>交通运输部：打造京津冀综合立体交通网络</h1><div class='box'><p>{article}</p>"
              "<div>（责任编辑： HN666）</div></div></div><div class='statement'><p>{notice}本文仅代表作者本人观点，与本网无关。"
              "本网站对文中陈述、观点判断保持中立，不对所包含内容的准确性、可靠性或完整性提供任何明示或暗示的保证，"
              "请读者仅作参考，并请自行承担全部责任。邮箱：news@example.cn，电话：010-0000000，传真：010-0000001。</p></div>"
              "</body></html>")
SHORT_ARTICLE = "据报道，今日从交通运输部新闻发布会获悉，京津冀交通一体化建设取得积极成效，下一步将着力打造综合立体交通网络。"


def test_a_short_article_is_not_lost_to_the_sites_longer_disclaimer():
    report = parse_string(DISCLAIMED.format(article=SHORT_ARTICLE, notice="【免责声明】"))
    assert tree.text_of(report.find("meta/title")) == "交通运输部：打造京津冀综合立体交通网络"
    assert SHORT_ARTICLE in body_text(report) and "免责声明" not in body_text(report)


def test_a_paragraph_that_names_a_disclaimer_inside_it_is_text():
    # the same block without the label: a paragraph like any other, the longer one wins as before
    report = parse_string(DISCLAIMED.format(article=SHORT_ARTICLE, notice="编者按：以下是本网的免责声明。"))
    assert "本文仅代表作者本人观点" in body_text(report)


MINOR = ("<html><head><title>新闻动态--某某学会官网</title></head><body><div class='news'><div class='left'>"
         "<div class='fonts'><h5>{headline}</h5><div class='ly'><b>发布时间：2019-05-18</b> <i>来源：某某学会</i></div>"
         "<div class='detailCon'><p>5月10-12日，2019年人文地理学术年会在某某大学举行，来自120余所高校、科研院所的600余名专家学者参加会议。</p>"
         "<p>大会开幕式在某某大学报告厅举行，学会副理事长出席开幕式并致辞，会议围绕绿色发展的主题开展了学术报告。</p>"
         "</div></div></div></div></body></html>")


def test_a_heading_over_the_article_is_the_title_when_the_pages_title_is_its_columns():
    report = parse_string(MINOR.format(headline="2019年人文地理学术年会在某某大学成功举行！"))
    assert tree.text_of(report.find("meta/title")) == "2019年人文地理学术年会在某某大学成功举行！"
    assert report.find("meta/title").get("origin") == "text"
    assert "5月10-12日" in body_text(report)


def test_a_short_minor_heading_is_no_title():
    report = parse_string(MINOR.format(headline="正文"))
    assert tree.text_of(report.find("meta/title")) == "新闻动态"  # the page's title, as before: nothing better
    assert report.find("meta/title").get("origin") == "page"


def test_an_article_line_the_pages_title_agrees_with_wins_over_the_heading():
    markup = MINOR.replace("新闻动态--某某学会官网", "学术年会在某某大学举行--某某学会官网").replace(
        "<div class='detailCon'>", "<div class='detailCon'><p>学术年会在某某大学举行</p>")
    report = parse_string(markup.format(headline="2019年人文地理学术年会在某某大学成功举行！"))
    assert tree.text_of(report.find("meta/title")) == "学术年会在某某大学举行"
