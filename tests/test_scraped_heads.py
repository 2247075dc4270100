"""Text copied off any site (issue 25, points 3 and 6): the head of the document read from among
the site's lines, and order kept — the input's text is the model's text in document order, with
what the reader dropped at its place. Hand-made fixtures for each rule, and the property over the
text fixtures and the scraped corpus (../shared/corpus/scraped)."""
from __future__ import annotations

import os
import unicodedata

import pytest
from conftest import CORPUS, ROOT, SAMPLE, as_printed

from convert.model import tree
from convert.options import Options
from convert.readers import text as text_reader
from convert.readers.decode import decode

SCRAPED = ROOT.parent / "shared" / "corpus" / "scraped"
# the model's head: blocks whose place the model does not record (meta and front are fixed slots)
HEAD_KINDS = ("masthead", "title", "subtitle", "docnumber", "summary", "dateline", "speaker")


def read(source: str):
    return text_reader.parse(source.encode("utf-8"), options=Options())


def letters(text: str) -> str:
    """Letters and digits only: the punctuation transform and the line joins change the rest."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch)[0] in "LN")


def kept_text(source: str, report) -> str:
    """The source without what <dropped> holds, each dropped text taken out of its own line."""
    lines = source.split("\n")
    for line in report.iterfind("dropped/line"):
        n = int(line.get("n")) - 1
        assert line.text in lines[n], (line.text, lines[n])
        lines[n] = lines[n].replace(line.text, "", 1)
    return "".join(lines)


def order_kept(source: str, report) -> str | None:
    """None if the model's text, in document order, is the source's: the body and everything after
    it exactly, and before it the head's pieces (each one run of the source: a title keeps its lines
    together and in order), in whatever order the source printed them. Else what went wrong."""
    found = list(tree.blocks(as_printed(report)))
    head = [letters(b.text) for b in found if b.kind in HEAD_KINDS]
    if report.find("meta/title").get("origin") != "text":
        head = head[1:]  # a title that the text does not print
    rest = letters("".join(b.text for b in found if b.kind not in HEAD_KINDS))
    kept = letters(kept_text(source, report))
    if not kept.endswith(rest):
        at = next(i for i, (a, b) in enumerate(zip(reversed(kept), reversed(rest))) if a != b)
        return f"the body differs from the source near …{kept[len(kept) - at - 20:len(kept) - at + 20]}…"
    before = kept[:len(kept) - len(rest)]

    def tiles(at: int, pieces: list[str]) -> bool:
        if not pieces:
            return at == len(before)
        return any(before.startswith(p, at) and tiles(at + len(p), pieces[:i] + pieces[i + 1:])
                   for i, p in enumerate(pieces))

    # a field the metadata list gave (a 文号 the document does not print) is in `dropped`, not in the text
    listed = letters("".join(x.text for x in report.iterfind("dropped/line[@reason='metadata']")))
    head = [p for p in head if p and (p in before or p not in listed)]
    if not tiles(0, head):
        return f"the head {head} is not the source's head {before!r} in pieces"
    return None


def source_of(path) -> str:
    from convert.transforms import cleanup

    text, _ = decode(path.read_bytes(), None)
    return cleanup.normalize_newlines(text)


def scraped_inputs():
    if not SCRAPED.is_dir():
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"{SCRAPED} is missing; CI has shared/ beside the clone", pytrace=False)
        pytest.skip(f"{SCRAPED} is missing")
    return sorted(SCRAPED.glob("*.txt"))


# ------------------------------------------------------------ order is sacred --

THREE_LINE_TITLE = (
    "国务院关于同意青禾、东川、西岭\n\n高新技术产业开发区建设\n\n国家自主创新示范区的批复\n\n国函〔2018〕120号\n\n"
    "某某省人民政府：\n\n你省关于建设国家自主创新示范区的请示收悉。现批复如下：\n\n一、同意建设。\n\n国务院\n\n2018年5月3日\n"
)


def test_a_title_split_by_blank_lines_into_three_is_one_title_in_order():
    report = read(THREE_LINE_TITLE)
    title = report.find("meta/title")
    assert tree.text_of(title).replace("\n", "") == "国务院关于同意青禾、东川、西岭高新技术产业开发区建设国家自主创新示范区的批复"
    assert report.find("front/speaker") is None
    assert report.findtext("meta/docnumber") == "国函〔2018〕120号"
    assert order_kept(THREE_LINE_TITLE, report) is None


def test_a_line_after_a_complete_title_and_a_blank_is_not_drawn_into_it():
    source = "国务院关于同意青禾高新区建设的批复\n\n国家自主创新示范区建设工作\n\n国函〔2018〕120号\n\n某某省人民政府：\n\n你省的请示收悉。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == "国务院关于同意青禾高新区建设的批复"
    assert order_kept(source, report) is None


def test_the_order_checker_sees_a_moved_line():
    """The property's own check fails when a line is out of place (so that it can fail)."""
    report = read("青禾市人民政府关于加强管理的通知\n\n各区人民政府：\n\n第一段。\n\n第二段。\n")
    assert order_kept("青禾市人民政府关于加强管理的通知\n\n各区人民政府：\n\n第二段。\n\n第一段。\n", report)


@pytest.mark.parametrize("path", [SAMPLE, *CORPUS], ids=lambda p: p.name)
def test_the_text_fixtures_keep_their_order(path):
    source = source_of(path)
    assert order_kept(source, text_reader.read(path)) is None


def test_the_scraped_corpus_keeps_its_order():
    failures = {}
    for path in scraped_inputs():
        problem = order_kept(source_of(path), text_reader.read(path))
        if problem:
            failures[path.name] = problem
    assert not failures


# ------------------------------------------------------- a metadata list as text --

BODY = "青禾县人民政府关于同意东川乡村庄规划的批复\n\n青政字〔2024〕32号\n\n东川乡人民政府：\n\n你乡的请示收悉。经研究，现批复如下：\n"


@pytest.mark.parametrize("listing", [
    "• 索引号: 000014349/2024-00012\n• 发文字号: 青政字〔2024〕32号\n• 发文日期: 2024年05月23日\n• 发文机关: 青禾县人民政府\n",
    "索 引 号：746899294/2024-34839 主题分类：城乡建设发布机构：青禾县人民政府，发文日期：2024年05月23日\n"
    "名    称：青禾县人民政府关于同意东川乡村庄规划的批复\n文    号：青政字〔2024〕32号 主 题 词：\n",
    "- 【發(fā)布單位】青禾縣人民政府- 【發(fā)文號】青政字〔2024〕32號- 【成文日期】2024-05-23\n",
    "索引号 | 0010/2024-42401 | ||组配分类 | 部门文件 | 发布机构 | 青禾县人民政府 |成文日期 | 2024-05-23 | 公开方式 | \n",
    "• 发文字号 青政字〔2024〕32号\n\n• 成文日期 2024-05-23• 发布日期 2024-05-24• 效力状态 有效\n",
])
def test_a_metadata_list_is_dropped_and_fills_the_metadata(listing):
    source = "青禾县人民政府门户网站\n\n" + listing + "\n" + BODY
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == "青禾县人民政府关于同意东川乡村庄规划的批复"
    assert report.findtext("meta/docnumber").replace("號", "号") == "青政字〔2024〕32号"
    assert report.find("meta/date").get("when") == "2024-05-23"
    assert report.findtext("front/addressee") == "东川乡人民政府："
    assert all(x.get("reason") in ("metadata", "site-line", "infobox") for x in report.iterfind("dropped/line"))
    assert "索引号" not in tree.plain_text(report) and "组配分类" not in tree.plain_text(report)
    assert order_kept(source, report) is None


def test_the_metadata_list_gives_the_docnumber_the_document_does_not_print():
    source = "索引号 | 0010/2024-42401 | ||发文字号 | 青政字〔2024〕32号 | 成文日期 | 2024-05-23 |\n\n" + BODY.replace(
        "青政字〔2024〕32号\n\n", "")
    report = read(source)
    assert report.findtext("meta/docnumber") == "青政字〔2024〕32号"


@pytest.mark.parametrize("line", [
    "名称和标题：统一使用规范名称。",  # a sentence of the body that opens with label-like words
    "发文日期：2024年5月23日",  # one field alone, not in a list: may be the document's own line
    "标题：关于加强管理的通知",
])
def test_a_line_that_only_looks_like_a_field_is_not_a_metadata_list(line):
    from convert.readers import boilerplate

    assert boilerplate.metadata_fields(line) is None


# ------------------------------------------- site lines of sharing and news sites --

@pytest.mark.parametrize("chrome", [
    "时间:2021-05-12 10:21 下载本文 作者:会员上传",
    "简介:本站小编为你整理了多篇相关的《青禾县人民政府关于同意东川乡村庄规划的批复》,但愿对你工作学习有帮助",
    "第一篇:",
    "【阅读全文】",
    "今天是：2021年5月12日 星期三 农历四月初一",
    "今天是,欢迎访问青禾县人民政府网",
    "发布时间：2024-05-24 浏览次数：312 字体【大】【中】【小】",
    "- 浏览次数：",
    "扫一扫在手机打开当前页",
    "官方微信二维码（掌上政务）",
    "网站无障碍",
    "06.05.2014  20:16",
    "转载自：青禾发布时间：2023-11-09 14:53",
])
def test_a_sharing_or_news_sites_line_is_dropped_with_its_reason(chrome):
    source = chrome + "\n\n" + BODY
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == "青禾县人民政府关于同意东川乡村庄规划的批复"
    assert dropped_reasons(report) == ["site-line"]
    assert report.findtext("front/addressee") == "东川乡人民政府："
    assert order_kept(source, report) is None


def dropped_reasons(report) -> list[str]:
    return [x.get("reason") for x in report.iterfind("dropped/line")]


@pytest.mark.parametrize("line", [
    "今天是全省安全生产月活动启动的日子",  # no date, no greeting: a sentence
    "第一篇章",
    "2024年5月23日",  # a date in 年月日 under a title is the document's
])
def test_a_line_like_a_sites_is_kept(line):
    from convert.readers import boilerplate

    assert boilerplate.head_reason(line, None) is None


def test_a_site_line_at_the_end_is_dropped():
    source = BODY + "\n青禾县人民政府\n\n2024年5月23日\n\n扫一扫在手机打开当前页\n"
    report = read(source)
    assert "扫一扫" not in tree.plain_text(report)
    assert report.find("closing") is not None
    assert order_kept(source, report) is None


# ---------------------------------- 版头 lines, glued headings, datelines, columns --

def test_a_banner_line_above_the_docnumber_and_a_two_line_title_is_not_the_title():
    source = ("青禾省人民政府办公厅文件\n\n青政办发〔2014〕20号\n\n青禾省人民政府办公厅关于加强\n\n"
              "城市排水设施管理工作的通知\n\n各市人民政府，省政府各部门：\n\n为加强城市排水设施管理，现通知如下。\n")
    report = read(source)
    assert tree.title_lines(report.find("meta/title")) == ["青禾省人民政府办公厅关于加强", "城市排水设施管理工作的通知"]
    assert report.findtext("meta/docnumber") == "青政办发〔2014〕20号"
    assert report.findtext("front/addressee") == "各市人民政府，省政府各部门："
    assert dropped_reasons(report) == []  # the banner is the 版头's mark
    assert [tree.text_of(o) for o in report.iterfind("meta/masthead/mark/organ")] == ["青禾省人民政府办公厅"]
    assert order_kept(source, report) is None


def test_a_site_heading_that_glues_the_docnumber_to_the_title_is_not_the_docnumber():
    title = "青禾省人民政府关于加快发展养老服务业的实施意见"
    source = f"青政发〔2014〕20号《{title}》\n\n{title}\n\n青政发〔2014〕20号\n\n各市、县人民政府，省政府各部门：\n\n现提出如下实施意见。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == title
    assert report.findtext("meta/docnumber") == "青政发〔2014〕20号"
    assert report.findtext("front/addressee") == "各市、县人民政府，省政府各部门："
    assert dropped_reasons(report) == ["site-heading"]
    assert order_kept(source, report) is None


@pytest.mark.parametrize("prefix, reason", [
    ("新华网北京3月16日电 ", "news-dateline"),
    ("新华社北京3月16日电（记者 张三）", "news-dateline"),
    ("政务服务丨", "site-line"),
    ("【区应急管理局】", "site-line"),
    ("北京：", "site-line"),
])
def test_a_prefix_on_the_titles_line_is_not_part_of_the_title(prefix, reason):
    title = "第十四届全国人民代表大会第二次会议关于政府工作报告的决议"
    source = f"{prefix}{title}\n\n第十四届全国人民代表大会第二次会议听取和审议了国务院总理所作的政府工作报告。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == title
    assert dropped(report) == [(reason, prefix)]
    assert order_kept(source, report) is None


def dropped(report) -> list[tuple[str, str]]:
    return [(x.get("reason"), x.text) for x in report.iterfind("dropped/line")]


@pytest.mark.parametrize("title", [
    "附件：关于做好防汛工作的通知",  # a label, not a column
    "关于印发《青禾市政府文件管理办法》的通知",
    "政府工作报告",
])
def test_a_title_without_a_sites_prefix_is_kept_whole(title):
    report = read(f"{title}\n\n为做好有关工作，现通知如下。\n")
    assert not [r for r, _ in dropped(report) if r in ("site-line", "news-dateline")]


@pytest.mark.parametrize("line", ["关于印发政府文件管理办法的通知", "青禾市档案局关于清理历史文件的通知", "政策文件"])
def test_a_line_ending_in_wenjian_that_is_no_banner(line):
    from convert.readers import boilerplate

    assert boilerplate.head_reason(line, None) != "banner"


def test_a_column_name_over_the_title_is_not_part_of_it():
    title = "青禾县人民政府关于东川乡村庄规划的批复"
    source = f"政策文件\n  • 发文字号 青政字〔2024〕32号\n  • 成文日期 2024-05-23\n{title}\n\n青政字〔2024〕32号\n\n东川乡人民政府：\n\n你乡的请示收悉。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == title
    assert ("site-line", "政策文件") in dropped(report)
    assert order_kept(source, report) is None


def test_a_title_begun_with_its_issuer_then_continued_over_a_blank_keeps_its_first_line():
    """国务院办公厅关于加强 / 三级…的意见: the first line has 关于, so it is no column name."""
    source = "国务院办公厅关于加强\n\n三级公立医院绩效考核工作的意见\n\n国办发〔2019〕4号\n\n各省人民政府：\n\n现提出以下意见。\n"
    report = read(source)
    assert tree.title_lines(report.find("meta/title")) == ["国务院办公厅关于加强", "三级公立医院绩效考核工作的意见"]


# ------------------------------------------- a 文号 on the title's line; long addressees --

@pytest.mark.parametrize("line, title, docnumber", [
    ("青禾市人民政府办公室关于印发《青禾市应急预案》的通知（青政办发〔2017〕2号）",
     "青禾市人民政府办公室关于印发《青禾市应急预案》的通知", "青政办发〔2017〕2号"),
    ("东川县人民政府办公室关于印发《东川县应急预案》的通知东政办字〔2020〕43号",
     "东川县人民政府办公室关于印发《东川县应急预案》的通知", "东政办字〔2020〕43号"),
    ("征收土地预公告（东政征启公告〔2024〕05号）", "征收土地预公告", "东政征启公告〔2024〕05号"),
])
def test_a_title_with_its_docnumber_on_its_line_is_the_title_and_the_docnumber(line, title, docnumber):
    source = f"{line}\n\n各乡（镇）人民政府，县直各部门：\n\n现印发给你们，请认真遵照执行。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == title
    assert report.findtext("meta/docnumber") == docnumber
    assert report.findtext("front/addressee") == "各乡（镇）人民政府，县直各部门："
    assert order_kept(source, report) is None


@pytest.mark.parametrize("line", [
    "根据《国务院关于印发降低实体经济企业成本工作方案的通知》（国发〔2016〕48号）",
    "现将《关于某某的通知》（国发〔2016〕48号）",
    "国办发〔2019〕4号",
])
def test_a_line_citing_a_document_is_no_title_with_a_docnumber(line):
    from convert.readers.structure import meta

    assert meta.split_title_docnumber(line) is None


def test_a_long_addressee_listing_offices_is_the_addressee():
    addressee = ("西岭市、东川地区、各自治州卫生局、宣传部、发展改革委员会、经济委员会、教育局、科技局、民族宗教委员会、公安局、"
                 "监察局、民政局、司法局、财政局，省委宣传部、省科技厅、西岭海关、武警西岭总队、西岭机场有限公司：")
    source = f"关于印发西岭省流感应急预案的通知\n\n{addressee}\n\n现将预案印发给你们，请认真贯彻执行。\n"
    report = read(source)
    assert report.findtext("front/addressee") == addressee


@pytest.mark.parametrize("first", [  # sentences longer than a short addressee, that end in a colon
    "会议听取了财政局、教育局、卫生局、民政局、公安局、司法局、审计局、统计局等部门关于今年以来工作情况的汇报，研究了以下事项：",
    "经市政府同意，现就进一步做好全市财政局、教育局、卫生局、民政局、公安局、司法局、审计局有关工作通知如下：",
])
def test_a_first_paragraph_ending_in_a_colon_is_no_addressee(first):
    report = read(f"关于做好防汛工作的通知\n\n{first}\n\n一、加强值守。\n")
    assert report.find("front/addressee") is None


def test_a_column_that_ends_like_a_kind_gives_way_to_a_title_with_guanyu():
    source = "青禾职业学院网站\n\n通知公告\n\n关于进一步规范校园网通知公告发布工作的通知\n\n各单位、部门：\n\n现就有关事项通知如下。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == "关于进一步规范校园网通知公告发布工作的通知"
    assert ("page-title", "通知公告") in dropped(report)
    assert order_kept(source, report) is None


def test_a_complete_title_keeps_its_place_over_an_issuer_line():
    source = "2023年青禾市国民经济和社会发展统计公报\n\n青禾市统计局　国家统计局青禾调查队\n\n2023年，全市经济稳中有进。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == "2023年青禾市国民经济和社会发展统计公报"


def test_bulleted_navigation_above_the_title_is_a_breadcrumb():
    title = "关于印发《关于全面落实司法责任制的若干意见》的通知"
    source = (f"• 法律图书馆\n\n  • 新法规速递\n\n  • {title}\n\n    1. 【颁布时间】2024-7-4\n    2. 【标题】{title}\n"
              f"    3. 【发文号】\n    4. 【法规全文】\n\n{title}\n\n{title}\n\n各省、自治区、直辖市人民检察院：\n\n现印发给你们。\n")
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == title
    assert [r for r, _ in dropped(report)][:3] == ["breadcrumb"] * 3
    assert report.find("meta/date").get("when") == "2024-07-04"
    assert report.findtext("front/addressee") == "各省、自治区、直辖市人民检察院："
    assert order_kept(source, report) is None


def test_a_bulleted_line_after_the_title_is_not_navigation():
    from convert.readers import boilerplate

    assert boilerplate.head_reason("• 加强组织领导", "关于做好防汛工作的通知") is None


def test_a_title_quoted_in_book_title_marks_twice_around_site_lines_is_the_title_once():
    title = "青禾市人民政府办公厅关于建立政府工作落实情况报告制度的通知"
    source = f"《{title}》\n\n浏览量: 时间:2018-11-13 15:36:26\n\n《{title}》\n\n各区县政府，市政府各部门：\n\n现将有关事项通知如下。\n\n扫描二维码 关注我们\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == title
    assert [r for r, _ in dropped(report)] == ["title-marks"] * 2 + ["site-line"] + ["title-marks"] * 2 + [
        "title-repeat", "site-links"]
    assert order_kept(source, report) is None


def test_a_title_that_quotes_a_document_keeps_its_marks():
    report = read("《青禾市条例》实施细则\n\n第一条　为了实施条例，制定本细则。\n")
    assert tree.text_of(report.find("meta/title")) == "《青禾市条例》实施细则"


@pytest.mark.parametrize("issuer", ["东昌府区人民政府", "青禾市公安局巡特警支队"])
def test_the_documents_own_title_under_a_portals_headline_is_the_title(issuer):
    """A headline, a counter line, the headline again, then the document: issuer / 关于… ."""
    source = (f"青禾高新区某村庄将发生大变化！\n\n转载自：青禾发布时间：2023-11-09 14:53\n\n《青禾村村庄规划（2021-2035）》批后公告\n\n"
              f"{issuer}\n\n关于《青禾高新区许营镇\n\n汪庄村村庄规划（2021-2035年）》的批复\n\n许营镇人民政府：\n\n你镇的请示收悉。\n")
    report = read(source)
    assert tree.text_of(report.find("meta/title")).replace("\n", "") == (
        f"{issuer}关于《青禾高新区许营镇汪庄村村庄规划（2021-2035年）》的批复")
    assert ("page-title", "《青禾村村庄规划（2021-2035）》批后公告") in dropped(report)
    assert report.findtext("front/addressee") == "许营镇人民政府："
    assert order_kept(source, report) is None


def test_a_title_with_guanyu_is_not_a_portals_headline():
    source = "青禾市人民政府关于加强管理的通知\n\n青禾市人民政府\n\n关于加强管理的通知\n\n各区人民政府：\n\n现通知如下。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == "青禾市人民政府关于加强管理的通知"
    assert not [r for r, _ in dropped(report) if r == "page-title"]


def test_the_documents_shorter_printing_above_its_docnumber_is_the_title():
    source = ("青禾省人民政府关于印发降低企业成本实施方案的通知\n\n省人民政府关于印发降低企业成本实施方案的通知\n\n青府发〔2017〕25号\n\n"
              "各市、自治州人民政府：\n\n现将方案印发给你们。\n")
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == "省人民政府关于印发降低企业成本实施方案的通知"
    assert dropped(report) == [("page-title", "青禾省人民政府关于印发降低企业成本实施方案的通知")]
    assert order_kept(source, report) is None


def test_a_metadata_list_as_a_pipe_table_over_lines_gives_the_docnumber():
    source = ("索引号 | 0010/2020-42401 | ||\n组配分类 | 部门文件 | 发布机构 | 青禾镇 |\n生成日期 | 2020-10-22 | 公开方式 | 主动公开 |\n"
              "文号 | 青山政〔2020〕72号 |\n各科室，各站所，各村：\n\n现将预案印发给你们，请认真执行。\n")
    report = read(source)
    assert report.findtext("meta/docnumber") == "青山政〔2020〕72号"
    assert report.findtext("meta/issuer") == "青禾镇"
    assert [r for r, _ in dropped(report)] == ["metadata"] * 4
    assert order_kept(source, report) is None


@pytest.mark.parametrize("tail", ["编辑:实习生 李四", "版权声明:内容来源于互联网和用户投稿 如有侵权请联系删除",
                                  "如果觉得这篇文章对您有帮助,请打赏支持一下!", "点赞 12 评论 3",
                                  "青禾县人民政府网站 版权所有", "网站地图 | 意见反馈 | 联系我们", "青禾县人民政府版权所有"])
def test_a_reposting_sites_line_at_the_end_is_dropped(tail):
    source = BODY + "\n青禾县人民政府\n\n2024年5月23日\n\n" + tail + "\n"
    report = read(source)
    assert dropped(report) == [("site-links", tail)]
    assert order_kept(source, report) is None


@pytest.mark.parametrize("tail", [
    "免责声明：本文内容来源于自媒体，版权归原作者所有，转载请联系原作者并获许可。文章观点仅代表作者本人，不代表本平台立场。"
    "若内容涉及投资建议，仅供参考勿作为投资依据。",  # longer than any other site line, still the site's
    "本文地址:http://qinghe.example.cn/94928.html",
    "【免责声明】本文仅代表作者本人观点，与本网无关。本网站对文中陈述、观点判断保持中立，不对所包含内容的准确性、可靠性或完整性"
    "提供任何明示或暗示的保证。",
    "网站地图 | 联系我们 | 主办：青禾县人民政府办公室 承办：青禾县大数据中心 地址：青禾县人民路1号 电话：0000-1234567 "
    "网站标识码：1234000001 青ICP备05026010号 青公网安备 12345678901234号 技术支持：青禾县信息中心",
    "- 附件【青禾县东川乡村庄规划图.jpg】已下载次",
])
def test_a_sites_disclaimer_address_footer_or_download_counter_at_the_end_is_dropped(tail):
    source = BODY + "\n青禾县人民政府\n\n2024年5月23日\n\n" + tail + "\n"
    report = read(source)
    assert dropped(report) == [("site-links", tail)]
    assert report.find("closing") is not None
    assert order_kept(source, report) is None


@pytest.mark.parametrize("tail", [
    "联系人：张三，电话：0000-1234567，网址：http://qinghe.example.cn",  # the office's address, not the page's
    # a long sentence naming a 免责声明 or an ICP备案: names one, is not one
    "本办法自印发之日起施行。各单位在门户网站发布信息时，应当在页面底部载明免责声明和版权声明，具体格式由县政府办公室另行制定。",
    "网站主办单位应当在首页底部标明ICP备案编号和公安机关备案号，并于每年3月底前将本单位网站的年度工作报表报送县政府办公室和县委网信办备案。",
    "附件：青禾县东川乡村庄规划图",
    # short sentences of the document naming a footer's words: no footer's shape
    "各单位网站应当在页面底部载明免责声明和版权声明。",
    "各单位网站须于6月底前完成ICP备案。",
    "附件：青禾县政府网站免责声明",
])
def test_a_documents_last_line_like_a_sites_is_kept(tail):
    source = BODY + "\n" + tail + "\n"
    report = read(source)
    assert letters(tail) in letters(tree.plain_text(report))
    assert report.find("dropped") is None or not len(report.find("dropped"))


REPOST_BLOCK = ["原文如下：", "来源：青禾县自然资源局", "122", "转载自：青禾发布", "小程序", "微信扫码，查看优惠", "APP", "下载青禾GO APP"]


def test_a_reposting_sites_block_under_the_closing_is_dropped():
    source = BODY + "\n青禾县人民政府\n\n2024年5月23日\n\n" + "\n\n".join(REPOST_BLOCK) + "\n"
    report = read(source)
    assert dropped(report) == [("site-links", line) for line in REPOST_BLOCK]
    assert report.findtext("closing/date") == "2024年5月23日" and report.find("appendix") is None
    assert order_kept(source, report) is None


def test_a_related_articles_teaser_after_the_editor_line_is_the_pages():
    teaser = ["责任编辑：", "青禾地铁3号线启动安全保护区界线测设工作",
              "青禾地铁集团表示，3号线安全保护区界线测设工作已于近日启动，预计年底前完成，沿线单位和居民…", "，青禾日报"]
    source = BODY + "\n青禾县人民政府\n\n2024年5月23日\n\n" + "\n\n".join(teaser) + "\n"
    report = read(source)
    assert [t for _, t in dropped(report)] == teaser
    assert report.findtext("closing/date") == "2024年5月23日"
    assert order_kept(source, report) is None


def test_an_editor_line_far_from_the_end_leaves_the_text_after_it():
    # must not fire: the editor line is not among the last lines (a byline above the article)
    paragraphs = [f"第{n}段，青禾县各乡镇要加强应急值守，确保信息畅通。" for n in range(1, 8)]
    source = "青禾县部署汛期应急值守工作\n\n责任编辑：张三\n\n" + "\n\n".join(paragraphs) + "\n"
    report = read(source)
    assert all(letters(p) in letters(tree.plain_text(report)) for p in paragraphs)


@pytest.mark.parametrize("ending", [
    # no date standing alone above the source line: the document's own lines (a table's note, its unit)
    "\n\n来源：青禾县统计局\n\n单位：万元\n",
    # after the date, a line that ends a sentence: the document goes on
    "\n青禾县人民政府\n\n2024年5月23日\n\n来源：青禾县自然资源局\n\n请各村于6月底前报送。\n",
    # a line longer than a button after the source line
    "\n青禾县人民政府\n\n2024年5月23日\n\n来源：青禾县自然资源局\n\n附件：青禾县东川乡村庄规划图及规划说明书\n",
])
def test_a_source_line_with_the_documents_lines_after_it_is_kept(ending):
    source = BODY + ending
    report = read(source)
    kept = letters(tree.plain_text(report))
    assert letters("青禾县自然资源局") in kept or letters("青禾县统计局") in kept
    assert all(reason != "site-links" for reason, _ in dropped(report))


def test_a_docnumber_a_copy_cut_after_its_figures_is_the_docnumber_as_printed():
    source = ("青禾县人民政府办公室关于印发应急预案的通知\n\n青政办发〔202446\n\n各乡镇人民政府，县级有关部门：\n\n"
              "现将预案印发给你们，请认真贯彻执行。\n")
    report = read(source)
    assert report.findtext("meta/docnumber") == "青政办发〔202446"
    assert report.find("front/speaker") is None and report.find("front/addressee") is not None
    assert order_kept(source, report) is None


@pytest.mark.parametrize("line", ["青政办发〔2024", "青禾县〔202446"])
def test_a_bracket_and_figures_without_a_docnumbers_shape_are_no_docnumber(line):
    # must not fire: a year alone (the number is lost: nothing to keep as a 文号), or no 发/字/函 before the bracket
    source = f"青禾县人民政府办公室关于印发应急预案的通知\n\n{line}\n\n各乡镇人民政府：\n\n现将预案印发给你们，请认真贯彻执行。\n"
    report = read(source)
    assert report.find("meta/docnumber") is None
    assert line in tree.plain_text(report)


RUN_ON_SENTENCE = "为提高政府保障公共安全和处置突发公共事件的能力，最大程度地预防和减少突发公共事件及其造成的损害，保障公众的生命财产安全。"


def test_decimal_headings_set_apart_by_spaces_in_a_run_on_line_are_lines_of_their_own():
    line = ("各科室，各站所，各村： " + RUN_ON_SENTENCE * 4 + " 附件：青禾镇突发公共事件总体应急预案 青禾镇突发公共事件总体应急预案 "
            "1.总则 1.1目的依据 " + RUN_ON_SENTENCE * 3 + " 1.2现状特点 " + RUN_ON_SENTENCE * 2)
    assert len(line) > 500
    source = "索引号 | 0010/2020-42401 | ||\n文号 | 青山政〔2020〕72号 |\n" + line + "\n"
    report = read(source)
    section = report.find(".//section")  # in the attached plan (附件：, its title, then the plan)
    assert section.get("label") == "1." and tree.text_of(section.find("heading")) == "总则"
    assert [tree.text_of(p) for p in section.iterfind("p")][::2] == ["1.1目的依据", "1.2现状特点"]
    assert [(line.get("n"), line.get("reason")) for line in report.iterfind("dropped/line")] == [
        ("1", "metadata"), ("2", "metadata")]  # the lines above keep their numbers
    assert letters(tree.plain_text(report)).endswith(letters(line))  # after the title the file name gives


@pytest.mark.parametrize("figures", [
    " 详见 3.附表说明 如下 ",  # one label set apart: no outline
    " 全年增长 3.5亿元 同比，参加 12.5万人 以上，",  # figures with units, not headings
])
def test_figures_set_apart_in_a_run_on_line_are_no_headings(figures):
    line = "各科室，各站所，各村： " + RUN_ON_SENTENCE * 4 + figures + RUN_ON_SENTENCE * 4
    assert len(line) > 500
    report = read(line + "\n")
    assert report.find("body/section") is None and len(report.findall("body/p")) == 1
    assert letters(tree.plain_text(report)).endswith(letters(line))  # after the title the file name gives


def test_two_lone_digits_ending_a_line_are_counters_not_one_spaced_number():
    from convert.transforms import cleanup

    assert cleanup.join_spaced_digits("发布一下 0 0\n2 0 2 4 年") == ("发布一下 0 0\n2024年", 4)
    assert cleanup.join_spaced_digits("增长1 1 ％，共 1 2 3") == ("增长11％，共 123", 4)
    source = "发布一下 0 0\n\n" + BODY
    report = read(source)
    assert dropped(report) == [("site-line", "发布一下 0 0")]
    assert order_kept(source, report) is None


@pytest.mark.parametrize("line", ["第一条 1 2", "表 1 2", "附件 1"])
def test_a_label_with_numbers_is_no_counter(line):
    from convert.readers import boilerplate

    assert boilerplate.head_reason(line, None) is None


@pytest.mark.parametrize("column_line", ["公告公示\n", ""])
def test_a_menu_one_item_a_line_and_the_breadcrumbs_column_are_not_the_title(column_line):
    title = "青禾市人民检察院检务公开信息发布实施办法（试行）"
    glued = "公告公示" if not column_line else ""
    source = (f"机构职能\n检察常识\n青检须知\n公告公示\n\n当前位置: 首页>>检务公开>>公告公示\n{column_line}{glued}{title}\n\n"
              "第一章　总则\n\n第一条　为规范检务公开信息发布，制定本办法。\n")
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == title
    assert [r for r, _ in dropped(report)][:4] == ["navigation"] * 4
    assert order_kept(source, report) is None


@pytest.mark.parametrize("source", [
    "政府工作报告\n\n市长　王五\n\n各位代表：\n\n现在，我代表市人民政府作报告。\n",  # two short lines: a title and a speaker
    "青禾市\n人民政府\n关于加强\n管理的通知\n\n各区人民政府：\n\n现通知如下。\n",  # title lines longer than a menu's items
])
def test_short_head_lines_that_are_no_menu(source):
    report = read(source)
    assert "navigation" not in [r for r, _ in dropped(report)]


def test_a_long_title_printed_several_times_is_the_title():
    title = ("青禾省人民检察院关于检察机关贯彻执行《领导干部干预司法活动、插手具体案件处理的记录、通报和责任追究规定》"
             "和《司法机关内部人员过问案件的记录和责任追究规定》的实施办法（试行）")
    assert len(title) > 80
    source = f"{title}\n{title}\n青禾省人民检察院\n{title}\n{title}\n为认真贯彻执行两个规定，制定本办法。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == title
    assert [r for r, _ in dropped(report)] == ["title-repeat"] * 4  # the issuer's line is the title's start
    assert order_kept(source, report) is None


def test_a_long_line_printed_once_is_body_text():
    line = ("青禾省人民检察院关于检察机关贯彻执行《领导干部干预司法活动、插手具体案件处理的记录、通报和责任追究规定》"
            "和《司法机关内部人员过问案件的记录和责任追究规定》的实施办法（试行）")
    report = read(f"{line}\n\n为认真贯彻执行两个规定，制定本办法。\n")
    assert report.find("meta/title").get("origin") != "text"


def test_an_addressee_run_on_with_the_body_is_the_addressee():
    source = "索引号 | 0010/2020-42401 | 文号 | 青山政〔2020〕72号 |\n各科室,各站所,各村: 为提高处置突发公共事件的能力，最大程度地预防和减少突发公共事件及其造成的损害，保障公众的生命财产安全，经研究，制定本预案，现印发给你们。 附件:青山镇应急预案\n"
    report = read(source)
    assert report.findtext("front/addressee") == "各科室，各站所，各村："
    assert tree.plain_text(report).count("为提高处置突发公共事件的能力") == 1
    assert order_kept(source, report) is None


def test_one_organisation_addressed_run_on_with_the_body_is_the_addressee():
    source = "关于征求应急预案修改意见的函\n\n市直有关部门：为切实做好防汛减灾工作，现将预案印发给你们，请提出修改意见。\n"
    report = read(source)
    assert report.findtext("front/addressee") == "市直有关部门："
    assert order_kept(source, report) is None


@pytest.mark.parametrize("first", ["各村：请于6月底前报送修改意见。", "据统计：全年共发生汛情三次。"])
def test_a_short_word_or_no_organisation_before_a_colon_is_no_addressee_run_on(first):
    # must not fire: one item shorter than an organisation's name, or no organisation's ending
    report = read(f"关于征求应急预案修改意见的函\n\n{first}\n")
    assert report.find("front/addressee") is None


PAGE_ABOVE = "宣传人大制度 交流人大经验；推进民主法制建设 构建和谐文明青禾。\n信息搜索：\n\n主任之窗\n\n青禾州人大常委会主任\n李四\n自身建设\n\n"
TWICE_TITLE = "青禾州人民代表大会常务委员会机关公文处理办法"


def test_a_pages_lines_above_a_title_it_prints_twice_are_the_pages():
    source = (PAGE_ABOVE + TWICE_TITLE + "\n\n来源：州人大\n\n青禾州人民代表大会\n\n常务委员会机关公文处理办法\n\n"
              "2017822日青禾州第十二届人民代表大会\n\n第一条　为规范公文处理工作，制定本办法。\n")
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == TWICE_TITLE
    assert [r for r, _ in dropped(report)] == ["navigation"] * 6 + ["site-line"] + ["title-repeat"] * 2
    # a note opening with figures is no speaker (nor the issuer): it stays text
    assert report.find("front/speaker") is None and report.find("meta/issuer") is None
    assert "2017822日青禾州第十二届人民代表大会" in tree.plain_text(report)
    assert order_kept(source, report) is None


@pytest.mark.parametrize("source", [
    # the title printed once under the sentence: the sentence is the document's
    PAGE_ABOVE + TWICE_TITLE + "\n\n第一条　为规范公文处理工作，制定本办法。\n",
    # a sentence, then a title-shaped line printed twice far apart (beyond a head's few lines)
    "为规范公文处理工作，现将有关事项通知如下。\n\n" + TWICE_TITLE + "\n\n" + "".join(f"第{n}条　本条规定有关事项。\n\n" for n in "一二三四五六七八九十") + TWICE_TITLE + "\n",
])
def test_a_sentence_above_a_title_not_printed_twice_nearby_is_kept(source):
    report = read(source)
    assert "navigation" not in [r for r, _ in dropped(report)]
    assert letters("为规范公文处理工作") in letters(tree.plain_text(report))


FORM = ["时限：", "截止：2019-06-18", "征集状态：", "已结束 查看征集结果"]


def test_a_pages_fields_between_its_heading_and_the_title_again_are_the_pages():
    title = "青禾市防汛办关于征求《青禾市防汛应急预案（征求意见稿）》修改意见的函"
    source = f"主题：\n\n{title}\n\n" + "\n\n".join(FORM) + f"\n\n{title}\n\n市直有关部门：为切实做好防汛减灾工作，请提出修改意见。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == title
    assert [(r, t) for r, t in dropped(report) if r == "site-line"] == [("site-line", x) for x in FORM]
    assert report.findtext("front/addressee") == "市直有关部门："
    assert order_kept(source, report) is None


def test_a_docnumber_between_a_title_and_its_repeat_is_the_documents():
    # must not fire on a head field: the 文号 between the two printings is the document's
    title = "青禾市人民政府关于加强防汛工作的通知"
    source = f"{title}\n\n青政发〔2024〕3号\n\n{title}\n\n各区人民政府：\n\n现将有关事项通知如下。\n"
    report = read(source)
    assert report.findtext("meta/docnumber") == "青政发〔2024〕3号"
    assert "site-line" not in [r for r, _ in dropped(report)]


@pytest.mark.parametrize("first", ["各地区要加强领导：具体要求如下。", "会议强调：要加强领导，狠抓落实。"])
def test_a_first_sentence_with_a_colon_keeps_its_words(first):
    report = read(f"关于加强领导的通知\n\n{first}\n\n一、加强值守。\n")
    assert report.find("front/addressee") is None


# a conversion's pinyin residue (區(qū)) counts for nothing in a heading's length
RESIDUE_HEAD = "一、審議《某某區(qū)生態(tài)環(huán)境保護(hù)工作責(zé)任清單(送審稿)》"


def test_a_heading_with_pinyin_residue_is_a_heading_of_its_own():
    source = "2024年9月13日下午，區(qū)政府召開常務會議，研究了以下事項。紀要如下：\n" + RESIDUE_HEAD + "\n會議聽取了情況匯報。\n"
    report = read(source)
    heading = report.find("body/section/heading")
    assert heading is not None and report.find("body/section").get("label") == "一、"
    assert letters(tree.text_of(heading)) == letters(RESIDUE_HEAD[2:])
    assert [tree.text_of(p) for p in report.find("body/section").iterfind("p")] == ["會議聽取了情況匯報。"]


def test_a_line_as_long_without_residue_is_no_heading():
    long_line = "一、審議《某某區生態環境保護工作責任清單和某某區大氣污染防治工作責任清單以及水污染防治工作責任清單(送審稿)》"
    source = "2024年9月13日下午，區政府召開常務會議，研究了以下事項。紀要如下：\n" + long_line + "\n會議聽取了情況匯報。\n"
    report = read(source)
    assert report.find("body/section") is None
