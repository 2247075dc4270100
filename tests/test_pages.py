"""The page reader on pages of sites it was not written for (issue 25): a stray </html>, the
page's titles as evidence for the article's own title line, a plain 批复 page read as its
text twin is read, and pages whose article is a table. Fixtures: tests/data/pages/ (hand-made)."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from convert.errors import InputError
from convert.readers import html, htmlmeta, htmlpage, text

PAGES = Path(__file__).parent / "data" / "pages"


def page(title: str, article: str, head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
            f"<div class='nav'><a href='/'>首页</a> <a href='/x/'>通知公告</a></div>"
            f"<div class='content'>{article}</div><div class='footer'>版权所有：某某网</div></body></html>").encode()


BODY = ("<p>各有关单位要高度重视，认真组织实施，确保各项工作按期完成，并及时报送工作进展情况。</p>"
        "<p>本通知自印发之日起施行，由某某局负责解释。</p>")


def title_of(model) -> tuple[str, str]:
    el = model.find("meta/title")
    return "".join(el.itertext()), el.get("origin")


def headings(model) -> list[str]:
    return ["".join(h.itertext()) for h in model.iter("heading")]


# ------------------------------------------------------- stray </html> --

def test_a_stray_end_tag_after_the_header_does_not_end_the_page():
    model = html.parse((PAGES / "stray-end.html").read_bytes(), "stray-end.html")
    assert title_of(model) == ("某某市人民代表大会常务委员会关于某某事项的决议", "text")
    body = "".join(model.find("body").itertext())
    assert "决定批准该报告" in body and "报告落实情况" in body
    assert "某某人大网" not in body  # the header and footer are still chrome


@pytest.mark.parametrize("tail, early", [
    ("</body></html>\n", False),
    ("</body></html>\n<!-- cached 2024-05-20 -->\n</html>\n", False),
    ("</body></html><div><p>正文</p></div>", True),
    ("</BODY>\n<p>正文</p>", True),
])
def test_only_content_after_the_end_tag_makes_the_page_parsed_again(tail, early):
    assert htmlpage._ends_early("<html><body><p>一</p>" + tail) is early


def test_a_page_without_a_stray_end_tag_keeps_lxml_source_lines():
    root, _ = htmlpage.parse_tree(b"<html><body>\n\n<p id='x'>\xe4\xb8\x80</p></body></html>")
    assert root.get_element_by_id("x").sourceline == 3


# ------------------------------------------------ the page's title --

def test_the_article_line_the_page_title_agrees_with_is_the_title_not_a_heading():
    model = html.parse(page("关于做好某某工作的通知_某某市人民政府", "<h1>关于做好某某工作的通知</h1>" + BODY))
    assert title_of(model) == ("关于做好某某工作的通知", "text")
    assert headings(model) == []
    assert "关于做好某某工作的通知" not in "".join(model.find("body").itertext())


@pytest.mark.parametrize("suffix", ["-新华网", "|游民星空", " - 某某在线", "_政务_某某新闻-The Paper", "--某某学会官网"])
def test_site_suffixes_after_a_separator_are_not_the_title(suffix):
    model = html.parse(page("某某地方举办科技成果展示活动" + suffix, BODY))
    assert title_of(model) == ("某某地方举办科技成果展示活动", "page")


def test_a_column_name_after_a_space_is_not_glued_onto_the_title():
    model = html.parse(page("关于做好某某工作的通知 某某街道办事处", BODY))
    assert title_of(model) == ("关于做好某某工作的通知", "page")
    with_line = html.parse(page("关于做好某某工作的通知 某某街道办事处", "<p>关于做好某某工作的通知</p>" + BODY))
    assert title_of(with_line) == ("关于做好某某工作的通知", "text")


def test_words_apart_by_a_space_that_are_no_name_stay_in_the_title():
    # must not fire: the tail after the space is part of the title, not a site's or column's name
    assert htmlmeta.page_title_text(["60万账号外泄? 铁路部门辟谣称消息不实"]) == "60万账号外泄? 铁路部门辟谣称消息不实"
    assert htmlmeta.page_title_text(["关于印发某某办法的通知"]) == "关于印发某某办法的通知"


def test_the_article_own_title_wins_over_a_page_title_that_agrees_with_no_line():
    model = html.parse(page("新闻动态_某某网", "<p style='text-align:center'>关于做好某某工作的通知</p>" + BODY))
    assert title_of(model) == ("关于做好某某工作的通知", "text")


def test_a_meta_article_title_is_evidence_too():
    head = "<meta name='ArticleTitle' content='关于做好某某工作的通知'>"
    model = html.parse(page("某某市人民政府门户网站", "<h2>关于做好某某工作的通知</h2>" + BODY, head))
    assert title_of(model) == ("关于做好某某工作的通知", "text")
    assert headings(model) == []


def test_a_subtitle_is_not_taken_as_the_title():
    article = "<h1>坚持改革创新 推动高质量发展</h1><h2>——在某某市工作会议上的讲话</h2>" + BODY
    model = html.parse(page("坚持改革创新 推动高质量发展_某某网", article))
    assert title_of(model) == ("坚持改革创新 推动高质量发展", "text")
    assert "在某某市工作会议上的讲话" in "".join(model.itertext())


# ------------------------------------------------ a plain 批复 page --

def comparable(model) -> bytes:
    """The model without what differs by the input's format: its file name, the transforms
    and what a page's chrome dropped."""
    model = etree.fromstring(etree.tostring(model))
    for path in ("meta/source", "meta/transforms", "dropped"):
        for el in model.findall(path):
            el.getparent().remove(el)
    return etree.tostring(model, encoding="utf-8")


def test_a_pifu_page_reads_as_the_same_lines_saved_as_text():
    page_model = html.parse((PAGES / "pifu.html").read_bytes(), "pifu.html")
    text_model = text.parse((PAGES / "pifu.txt").read_bytes(), "pifu.txt")
    assert title_of(page_model) == ("某某市人民政府关于同意设立某某经济开发区的批复", "text")
    assert page_model.findtext("meta/docnumber") == "某政复〔2024〕5号"
    assert page_model.findtext("front/addressee") == "某某县人民政府："
    assert page_model.findtext("closing/signature") == "某某市人民政府"
    assert headings(page_model) == []
    assert comparable(page_model) == comparable(text_model)


def test_a_pifu_as_an_office_saves_it_reads_as_the_same_model_as_its_text_and_page():
    """The same lines in a Word file, the title centred and bold as offices set it."""
    import io

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from convert.readers import docx as docx_reader

    lines = [ln for ln in (PAGES / "pifu.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    document = docx.Document()
    for k, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.add_run(line).bold = k == 0
        if k == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    docx_model = docx_reader.parse(buffer.getvalue(), "pifu.docx")
    text_model = text.parse((PAGES / "pifu.txt").read_bytes(), "pifu.txt")
    assert title_of(docx_model)[0] == "某某市人民政府关于同意设立某某经济开发区的批复"
    assert comparable(docx_model) == comparable(text_model)


# ------------------------------------------------ a table is an article --

def test_a_title_a_short_sentence_and_a_large_table_is_an_article():
    model = html.parse((PAGES / "mingdan-table.html").read_bytes(), "mingdan-table.html")
    assert title_of(model) == ("某某市优秀教师名单", "text")
    assert model.findtext("body/p") == "公示名单如下。"
    assert len(model.findall("body/table/row")) == 41
    assert "版权所有" not in "".join(model.find("body").itertext())


def test_a_gongshi_page_keeps_its_sentence_and_table():
    model = html.parse((PAGES / "gongshi-table.html").read_bytes(), "gongshi-table.html")
    assert title_of(model)[0] == "2024年某某市重点项目名单公示"
    assert len(model.findall("body/table/row")) == 30


MINGDAN = (PAGES / "mingdan-table.html").read_text(encoding="utf-8")


def dropped_texts(model) -> list[str]:
    return ["".join(line.itertext()) for line in model.iterfind("dropped/line")]


@pytest.mark.parametrize("after, signatures", [
    ("<p>2024年5月9日</p>", []),
    ("<p>某某市教育局</p><p>2024年5月9日</p>", ["某某市教育局"]),
    ("<div style='text-align:right'>某某市教育局<br>2024年5月9日</div>", ["某某市教育局"]),
])
def test_the_issuer_and_date_after_a_tables_block_are_the_closing(after, signatures):
    # the date and issuer sit after the table's block, outside it: the document's closing, not chrome
    model = html.parse(MINGDAN.replace("</table></div>", "</table></div>" + after).encode(), "mingdan.html")
    assert model.findtext("closing/date") == "2024年5月9日"
    assert model.find("closing/date").get("when") == "2024-05-09"
    assert [tree_text(s) for s in model.iterfind("closing/signature")] == signatures
    assert not any("2024年5月9日" in t for t in dropped_texts(model))
    assert len(model.findall("body/table/row")) == 41


@pytest.mark.parametrize("after", ["<p>发布时间：2024年5月9日</p>", "<p>5月9日</p>", "<p>返回列表</p>", "<p>点击：128</p>"])
def test_a_pages_line_after_a_tables_block_stays_chrome(after):
    # must not fire: a line after the table that is no closing's shape is the page's
    model = html.parse(MINGDAN.replace("</table></div>", "</table></div>" + after).encode(), "mingdan.html")
    assert model.find("closing") is None
    text = "".join(etree.fromstring(after).itertext())
    assert text in dropped_texts(model)


def test_a_date_after_an_article_of_text_stays_chrome():
    # must not fire: the article does not end in a table (a page's date under a text article is the page's)
    source = page("关于做好某某工作的通知_某某市人民政府", "<h1>关于做好某某工作的通知</h1><div>" + BODY + "</div>")
    footer = "</div><div class='footer'>".encode()
    model = html.parse(source.replace(footer, "</div><p>2024年5月9日</p><div class='footer'>".encode()))
    assert model.find("closing") is None
    assert "2024年5月9日" in " ".join(dropped_texts(model))


def test_a_short_article_keeps_its_place_over_a_table_of_no_more_text():
    # must not fire: the table outside the short article holds less than twice its text
    rows = "".join(f"<tr><td>{i}</td><td>某某路{i}号</td></tr>" for i in range(1, 4))
    article = "<p>某某区本周将对部分道路进行维修，请过往车辆注意绕行，给您带来的不便敬请谅解。</p>"
    model = html.parse(page("道路维修公告_某某网", article).replace(
        "<div class='footer'>".encode(), f"<div class='box'><table>{rows}</table></div><div class='footer'>".encode()))
    assert "道路进行维修" in tree_text(model.find("body"))
    assert model.find("body/table") is None


def tree_text(el) -> str:
    return "".join(el.itertext())


ARTICLE_PARAS = ["今日有网友爆料，有60万个账号在暗网低价出售，引发关注。", "今晚，有关部门发布消息称：网传信息不实，网站未发生信息泄漏。",
                  "有关部门提醒，请通过官方网站和客户端购票，避免非正常渠道带来的风险。"]
FEED = "".join(f"<p>第{n}条快讯：指数午前高开低走，板块红盘居多，表现强势的是边缘计算、数字孪生、国产操作系统、芯片、券商、保险等，"
               f"北向资金净流入，两市成交额较昨日小幅放大，后市关注量能变化、政策动向、外围市场走势。</p>" for n in range(1, 4))


def described_page(description: str) -> bytes:
    head = f"<meta name='description' content='{description}'>" if description else ""
    article = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS)
    return (f"<html><head><meta charset='utf-8'><title>网传60万账号外泄_某某网</title>{head}</head><body>"
            f"<h1>网传60万账号外泄</h1><div class='left'><div class='article'>{article}</div></div>"
            f"<div class='right'><div class='feed'>{FEED}</div></div></body></html>").encode()


def test_the_pages_summary_points_to_its_short_article_over_a_feed_that_outscores_it():
    assert ARTICLE_PARAS[0] not in "".join(html.parse(described_page("")).find("body").itertext())  # the feed wins alone
    model = html.parse(described_page(ARTICLE_PARAS[0][:30] + "…"))
    body = "".join(model.find("body").itertext())
    assert all(p in body for p in ARTICLE_PARAS) and "第1条快讯" not in body


@pytest.mark.parametrize("description", ["网传60万账号外泄，有关部门辟谣", "某某网是一家综合性门户网站，提供新闻、财经、科技等资讯。"])
def test_a_summary_that_is_the_headline_or_the_sites_own_changes_nothing(description):
    # must not fire: the summary opens the headline (no paragraph), or no paragraph at all
    body = "".join(html.parse(described_page(description)).find("body").itertext())
    assert "第1条快讯" in body


def test_a_table_of_links_is_no_article():
    # must not fire: a menu laid out as a table is not a 名单
    rows = "".join(f"<tr><td><a href='/{i}'>栏目{i}</a></td><td><a href='/m{i}'>更多{i}</a></td></tr>" for i in range(10))
    with pytest.raises(InputError, match="no article text"):
        html.parse(page("某某网", f"<table>{rows}</table>"))
