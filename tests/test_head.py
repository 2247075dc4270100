"""The head of a text document: title lines, datelines, speakers, the document's date, and
the site chrome around them (tests for readers/text.py's head, structure/meta.py, boilerplate.py).

The synthetic pages are modelled on real ones (provincial reports as the DOCX corpus has them,
gov.cn documents, scraped portal pages); the sites, places and people are invented, and each
rule is tried on more than one shape so that it is not fitted to one page.
"""
from __future__ import annotations

import re

import pytest
from conftest import as_printed, fold
from govcn import NAMES, metadata, paragraph_text
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from convert.model import tree
from convert.readers import text as text_reader
from convert.transforms import cleanup, script


def read(source: str, **options):
    from convert.options import Options

    return text_reader.parse(source.encode("utf-8"), options=Options(**options))


def front(report, name: str) -> str | None:
    el = report.find(f"front/{name}")
    return None if el is None else tree.text_of(el)


def dropped(report, reason: str | None = None) -> list[str]:
    return [x.text for x in report.iterfind("dropped/line") if reason is None or x.get("reason") == reason]


def body_text(report) -> str:
    """The text of everything after the title page (the body and what follows it)."""
    return "\n".join(b.text for b in tree.blocks(report) if b.kind not in
                     ("masthead", "title", "subtitle", "docnumber", "summary", "dateline", "speaker"))


def assert_nothing_lost(source: str, report) -> None:
    """The source without what <dropped> holds is the model's text, in order: nothing lost,
    nothing added, nothing moved."""
    model = tree.plain_text(as_printed(report))
    if report.find("meta/title").get("origin") != "text":
        model = model.split("\n", 1)[1]
    lines = source.split("\n")
    for line in report.iterfind("dropped/line"):
        n = int(line.get("n")) - 1
        assert line.text in lines[n], (line.text, lines[n])
        lines[n] = lines[n].replace(line.text, "", 1)
    assert fold(model) == fold("".join(lines))


BODY = "各位代表：\n\n现在，我代表市人民政府，向大会报告政府工作，请予审议。\n\n一、过去一年工作回顾\n\n过去一年，我们做了大量工作。\n"


# ------------------------------------------------------------- gov.cn titles --

def source_title_lines(name: str) -> list[str]:
    """The lines above the 发文字号 line on the page, as the issuer set them (spaces out)."""
    lines = []
    for line in paragraph_text(name).split("\n"):
        if re.search(r"〔\d{4}〕\d+号", line):
            return lines
        lines.append(re.sub(r"\s", "", line))
    return []


@pytest.fixture(scope="module")
def govcn_models():
    return {name: read(paragraph_text(name)) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_govcn_title_is_the_pages_title_with_the_issuers_line_breaks(govcn_models, name):
    lines = source_title_lines(name)
    assert len(lines) >= 2, "every page of the corpus opens with its title lines"
    title = govcn_models[name].find("meta/title")
    assert title.get("origin") == "text"
    assert tree.meta_text(govcn_models[name], "title") == metadata(name)["标题"]
    assert tree.title_lines(title) == lines
    assert govcn_models[name].findtext("meta/docnumber") == metadata(name)["发文字号"]


def test_a_letterspaced_title_line_is_closed_up():
    report = read("东川省人民政府办公厅关于印发\n东 川 省 防 汛 应 急 预 案 的 通 知\n东政办发〔2023〕12号\n\n"
                  "各市人民政府：\n\n现将预案印发给你们，请认真执行。\n")
    assert tree.title_lines(report.find("meta/title")) == ["东川省人民政府办公厅关于印发", "东川省防汛应急预案的通知"]


def test_a_title_broken_by_a_scrape_inside_a_word_has_no_break():
    """政府工作报 / 告 (gwr-2021): one character on a line, or a cut through a word, is no issuer's break."""
    for source, whole in [("政府工作报\n告\n\n" + BODY, "政府工作报告"),
                          ("东川省关于加强城市管\n理工作的通知\n\n" + BODY, "东川省关于加强城市管理工作的通知")]:
        title = read(source).find("meta/title")
        assert len(title) == 0 and tree.text_of(title) == whole
    title = read("南岭市政府工作\n报告\n\n" + BODY).find("meta/title")  # between two words: the issuer's
    assert tree.title_lines(title) == ["南岭市政府工作", "报告"]


# ------------------------------------------------ datelines and speakers --

@pytest.mark.parametrize("head, dateline, speaker, when", [
    # a dateline and a speaker in one paragraph, as the provinces' DOCX files have them
    ("2025年1月14日在西江省第十六届人民代表大会第三次会议上西江省省长 陈明远同志作政府工作报告。",
     "2025年1月14日在西江省第十六届人民代表大会第三次会议上", "西江省省长 陈明远同志作政府工作报告。", "2025-01-14"),
    ("——2024年2月2日在南屏市第九届人民代表大会第四次会议上市长　林海",
     "——2024年2月2日在南屏市第九届人民代表大会第四次会议上", "市长　林海", "2024-02-02"),
    ("2023年1月9日在北岸自治区第十三届人民代表大会第一次会议上自治区主席王秋实作政府工作报告",
     "2023年1月9日在北岸自治区第十三届人民代表大会第一次会议上", "自治区主席王秋实作政府工作报告", "2023-01-09"),
])
def test_a_dateline_and_a_speaker_on_one_line_are_split(head, dateline, speaker, when):
    source = f"2025年西江省政府工作报告\n来源：西江日报\n{head}\n" + BODY
    report = read(source)
    assert tree.meta_text(report, "title") == "2025年西江省政府工作报告"
    assert front(report, "dateline") == dateline and front(report, "speaker") == speaker
    assert dropped(report, "site-line") == ["来源：西江日报"]
    assert report.find("meta/date").get("when") == when
    assert_nothing_lost(source, report)


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_dateline_speaker_and_source_lines_stay_out_of_the_title(sep):
    """Each on its own line, with or without blank lines between: none is joined into the title."""
    source = sep.join(["2025年东川省政府工作报告", "来源：东川日报", "——2025年1月19日在东川省第十四届人民代表大会第三次会议上",
                       "东川省人民政府省长 赵远山", ""]) + "\n" + BODY
    report = read(source)
    assert tree.meta_text(report, "title") == "2025年东川省政府工作报告"
    assert front(report, "dateline") == "——2025年1月19日在东川省第十四届人民代表大会第三次会议上"
    assert front(report, "speaker") == "东川省人民政府省长 赵远山"
    assert dropped(report, "site-line") == ["来源：东川日报"]
    assert "来源" not in body_text(report)
    assert_nothing_lost(source, report)


def test_a_dateline_with_the_speaker_inside_it_stays_one_dateline():
    """——2025年1月16日省长 某某在…会议上的讲话: splitting it would reorder the text."""
    line = "——2025年1月16日省长 周立新在云岭省第十四届人民代表大会第三次会议上的讲话"
    report = read("2025年云岭省政府工作报告\n" + line + "\n" + BODY)
    assert front(report, "dateline") == line and front(report, "speaker") is None


# ------------------------------------------------ the document's own date --

@pytest.mark.parametrize("written, when", [
    ("（2019年2月19日）", "2019-02-19"),
    ("（二〇二一年十二月三日）", "2021-12-03"),
    ("(2018年11月30日)", "2018-11-30"),
])
@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_a_parenthesised_date_under_the_title_is_the_documents_date(written, when, sep):
    source = f"青禾市人民政府关于2018年度法治政府建设情况的报告{sep}{written}\n\n2018年，全市法治政府建设取得新进展。\n"
    report = read(source)
    assert tree.meta_text(report, "title") == "青禾市人民政府关于2018年度法治政府建设情况的报告"
    assert report.find("meta/date").get("when") == when
    assert fold(front(report, "dateline")) == fold(written)  # shown, so that no text is lost
    assert_nothing_lost(source, report)


# -------------------------------------------------- site chrome before the title --

CHROME = [
    ("2025年1月15日 星期三", "site-line"),
    ("星期五 2024-06-07", "site-line"),
    ("您所在的位置：首页 > 政务公开 > 政策文件", "breadcrumb"),
    ("当前位置：信息公开 » 规划计划", "breadcrumb"),
    ("您现在的位置：首页/新闻中心/权威发布", "breadcrumb"),
    ("文章来源：青禾日报 更新时间：2025-01-15", "site-line"),
    ("发布时间：2024年3月2日 浏览次数：2381", "site-line"),
    ("信息来源：市政府办公室　　字号：大 中 小", "site-line"),
    ("【打印】【关闭】", "site-line"),
    ("欢迎关注“青禾发布”微信公众号，获取更多权威信息", "site-line"),
    ("扫码下载东川新闻客户端", "site-line"),
    ("青禾日报 2024-03-01 09:30", "site-line"),
    ("东川省人民政府门户网站", "site-line"),
]


@pytest.mark.parametrize("chrome, reason", CHROME, ids=[c for c, _ in CHROME])
def test_site_chrome_before_the_title_is_dropped_with_its_reason(chrome, reason):
    source = f"{chrome}\n青禾市人民政府关于加强城市排水设施管理工作的通知\n青政发〔2024〕7号\n\n各区人民政府：\n\n现就有关事项通知如下。\n"
    report = read(source)
    assert tree.meta_text(report, "title") == "青禾市人民政府关于加强城市排水设施管理工作的通知"
    assert [(x.text, x.get("reason")) for x in report.iterfind("dropped/line")] == [(chrome, reason)]
    assert_nothing_lost(source, report)


def test_a_page_of_chrome_lines_around_a_title():
    lines = ["星期二 2024-03-05", "当前位置：首页 > 信息公开 > 规范性文件", "关注“东川发布”微信公众号，获取更多权威信息",
             "东川省人民政府办公厅关于印发东川省数字政府建设方案的通知", "发布时间：2024-03-01 09:30　来源：省政府办公厅　字号：大 中 小"]
    source = "\n".join(lines) + "\n东政办发〔2024〕3号\n\n各市人民政府，省政府各部门：\n\n现将方案印发给你们，请认真贯彻执行。\n"
    report = read(source)
    assert tree.meta_text(report, "title") == lines[3]
    assert set(dropped(report)) == {lines[0], lines[1], lines[2], lines[4]}
    assert report.findtext("meta/docnumber") == "东政办发〔2024〕3号"
    assert body_text(report).startswith("各市人民政府")


def test_a_promotional_word_in_a_title_keeps_the_title():
    report = read("国务院办公厅关于规范移动应用客户端管理的通知\n\n各省人民政府：\n\n现通知如下。\n")
    assert tree.meta_text(report, "title") == "国务院办公厅关于规范移动应用客户端管理的通知"


# ------------------------------------------------------------- watermarks --

@pytest.mark.parametrize("stamp", ["www.qinghe.gov.cn", " www.dongchuan-news.com.cn ", "来源：南屏网 www.nanping.cn"])
def test_a_watermark_anywhere_is_removed_and_the_text_joins_back(stamp):
    clean_title = "南屏市人民政府关于推进数字经济发展的意见"
    clean_para = "数字经济是重要的新引擎，我们要推进数字经济发展。"
    source = (f"南屏市人民政府关于推进数{stamp}字经济发展的意见\n\n各区人民政府：\n\n"
              f"数字经济是重要的新引擎，我们要推进数字{stamp}经济发展。\n\n一、总体要求\n\n加快建设数字强市，\n{stamp.strip()}\n"
              "推动各项工作落实。\n")
    report = read(source)
    assert tree.meta_text(report, "title") == clean_title
    texts = [b.text for b in tree.blocks(report)]
    assert clean_para in texts
    assert "加快建设数字强市，推动各项工作落实。" in texts  # a stamp on a line of its own: the paragraph joins
    assert [fold(x) for x in dropped(report, "watermark")] == [fold(stamp)] * 3
    assert "www" not in tree.plain_text(report)
    assert_nothing_lost(source, report)


def test_a_site_address_the_text_gives_is_kept():
    source = "东川省人民政府关于开展网上办事的通知\n\n各市人民政府：\n\n群众可登录www.dc.gov.cn办理，网址：www.dc.gov.cn。\n"
    report = read(source)
    assert "登录www.dc.gov.cn办理，网址：www.dc.gov.cn。" in tree.plain_text(report)
    assert dropped(report, "watermark") == []


# ----------------------------------------------------------- a title twice --

def test_a_title_printed_twice_is_one_title():
    title = "北岸市人民政府关于2023年度法治政府建设情况的报告"
    source = f"{title}\n发布时间：2024-03-01　浏览次数：1234\n{title}\n\n2023年，全市法治政府建设扎实推进。\n"
    report = read(source)
    assert tree.meta_text(report, "title") == title
    assert dropped(report, "title-repeat") == [title]
    assert title not in body_text(report)
    assert_nothing_lost(source, report)


def test_a_title_printed_on_one_line_then_broken_keeps_the_breaks():
    source = ("江岭省人民政府关于2023年度法治政府建设情况的报告\n江岭省人民政府 2024-03-01\n\n江岭省人民政府关于2023年度\n"
              "法治政府建设情况的报告\n\n2023年，全省坚持依法行政，推进法治政府建设。\n")
    report = read(source)
    title = report.find("meta/title")
    assert tree.title_lines(title) == ["江岭省人民政府关于2023年度", "法治政府建设情况的报告"]
    assert dropped(report, "title-repeat") == ["江岭省人民政府关于2023年度", "法治政府建设情况的报告"]
    assert_nothing_lost(source, report)


def test_a_shorter_title_over_the_article_is_a_repeat():
    """The page header says 2025年某省政府工作报告, the article 政府工作报告."""
    source = "2025年南岭省政府工作报告\n来源：南岭日报\n政府工作报告\n2025年1月14日在南岭省第十四届人民代表大会第三次会议上省长李青作政府工作报告。\n" + BODY
    report = read(source)
    assert tree.meta_text(report, "title") == "2025年南岭省政府工作报告"
    assert dropped(report, "title-repeat") == ["政府工作报告"]
    assert front(report, "speaker") == "省长李青作政府工作报告。"


# ------------------------------------------- a title split by a blank line --

@pytest.mark.parametrize("after", ["青政办发〔2024〕7号\n\n各区人民政府，市政府各部门：\n", "各县（市、区）人民政府：\n"])
def test_a_title_split_by_a_blank_line_is_one_title_with_a_break(after):
    source = f"青禾市人民政府办公室关于加强\n\n城市排水设施管理工作的实施意见\n\n{after}\n为加强城市排水设施管理，提出以下意见。\n"
    report = read(source)
    title = report.find("meta/title")
    assert tree.title_lines(title) == ["青禾市人民政府办公室关于加强", "城市排水设施管理工作的实施意见"]
    assert front(report, "speaker") is None
    assert front(report, "addressee").endswith("人民政府：") or front(report, "addressee").endswith("各部门：")
    assert_nothing_lost(source, report)


def test_a_title_split_by_a_blank_line_ending_in_its_document_kind():
    source = "东川省人民政府关于印发\n\n东川省营商环境优化行动方案的通知\n\n现将方案印发给你们，请认真贯彻执行。\n"
    title = read(source).find("meta/title")
    assert tree.title_lines(title) == ["东川省人民政府关于印发", "东川省营商环境优化行动方案的通知"]


@pytest.mark.parametrize("source, title", [
    # a complete title, then the speaker: not a second title line
    ("政府工作报告\n\n市长　王五\n\n" + BODY, "政府工作报告"),
    # an unfinished title, then the addressee: the addressee stays the addressee
    ("关于做好防汛工作\n\n各县（市、区）人民政府：\n\n现将有关事项通知如下。\n", "关于做好防汛工作"),
    # an unfinished title, then a short first line of the body that neither precedes a
    # document number nor an addressee nor names a document kind
    ("南屏市关于推进\n\n绿色发展\n\n绿色发展是高质量发展的底色，必须坚定不移推进。\n", "南屏市关于推进"),
])
def test_a_blank_line_after_the_title_does_not_swallow_what_follows(source, title):
    report = read(source)
    assert tree.meta_text(report, "title") == title
    assert_nothing_lost(source, report)


# ---------------------------------------------- transforms over a broken title --

BROKEN = "北岸市人民政府关于印发\n北岸市数据管理办法(试行)的通知\n北政发〔2022〕5号\n\n各区人民政府：\n\n现将办法印发给你们。\n"


def test_punctuation_reaches_every_title_line():
    title = read(BROKEN).find("meta/title")
    assert tree.title_lines(title) == ["北岸市人民政府关于印发", "北岸市数据管理办法（试行）的通知"]
    assert tree.title_lines(read(BROKEN, keep_punctuation=True).find("meta/title"))[1] == "北岸市数据管理办法(试行)的通知"


def test_a_script_edition_converts_every_title_line_and_keeps_the_breaks():
    report = script.convert(read(BROKEN), "hant")
    title = report.find("meta/title")
    assert tree.title_lines(title) == ["北岸市人民政府關於印發", "北岸市數據管理辦法（試行）的通知"]
    assert len(title.findall("br")) == 1


def test_a_title_from_the_command_line_replaces_every_line():
    report = read(BROKEN)
    cleanup.set_title(report, "另一个标题")
    tree.validate(report)
    assert etree.tostring(report.find("meta/title"), encoding=str).endswith(">另一个标题</title>")


def test_the_sites_name_over_the_page_is_dropped():
    for site in ("青禾市人民政府门户网站", "东川新闻网"):
        source = f"{site}\n青禾市人民政府关于加强城市排水设施管理工作的通知\n\n各区人民政府：\n\n现就有关事项通知如下。\n"
        report = read(source)
        assert tree.meta_text(report, "title") == "青禾市人民政府关于加强城市排水设施管理工作的通知"
        assert dropped(report, "site-line") == [site]


@pytest.mark.parametrize("suffix", ["_东川省人民政府门户网站", "_政策文件_东川发布", " | 青禾发布", " - 南屏政务网"])
def test_a_page_title_with_the_sites_name_then_the_article_title(suffix):
    title = "东川省人民政府关于印发东川省数字政府建设方案的通知"
    source = f"{title}{suffix}\n当前位置：首页 > 政策\n{title}\n\n各市人民政府：\n\n现将方案印发给你们。\n"
    report = read(source)
    assert tree.meta_text(report, "title") == title
    assert fold(suffix) in [fold(x) for x in dropped(report, "site-line")]
    assert dropped(report, "title-repeat") == [title]
    assert_nothing_lost(source, report)


def test_a_first_paragraph_that_opens_with_a_meeting_date_is_body_text():
    source = "南屏市人民政府关于2024年工作的报告\n\n2024年1月5日在全市经济工作会议上，市政府部署了全年工作。\n"
    report = read(source)
    assert front(report, "dateline") is None and front(report, "speaker") is None
    assert "2024年1月5日在全市经济工作会议上，市政府部署了全年工作。" in body_text(report)


def test_a_title_that_names_an_app_download_is_a_title():
    report = read("国务院办公厅关于规范下载类APP管理工作的通知\n\n各省人民政府：\n\n现通知如下。\n")
    assert tree.meta_text(report, "title") == "国务院办公厅关于规范下载类APP管理工作的通知"
    assert dropped(report) == []


# ------------------------------------------------------- the rules together --

HAN = "青禾东川南屏北岸省市县区人民政府办公厅关于加强推进做好建设管理工作实施发展改革"
STAMPS = ["www.qinghe.gov.cn", "www.dc-news.com.cn", "来源：北岸网 www.beian.cn"]


@given(
    title=st.builds(lambda words, kind: words + kind, st.text(st.sampled_from(HAN), min_size=4, max_size=24),
                    st.sampled_from(["的通知", "的意见", "的报告", "实施方案", "的决定"])),
    chrome=st.lists(st.sampled_from([c for c, _ in CHROME]), min_size=1, max_size=4, unique=True),
    stamp=st.sampled_from(STAMPS),
    at=st.integers(min_value=1, max_value=20),
)
def test_chrome_and_stamps_around_any_title(title, chrome, stamp, at):
    para = "为进一步加强和改进各项工作，推动高质量发展，现提出如下意见。"
    source = "\n".join(chrome) + f"\n{title}\n\n各区人民政府：\n\n{para[:at]}{stamp}{para[at:]}\n"
    report = read(source)
    assert tree.meta_text(report, "title") == title
    assert set(chrome) <= set(dropped(report))
    assert para in [b.text for b in tree.blocks(report)]
    assert_nothing_lost(source, report)


def test_a_long_title_printed_twice_without_a_blank_line_between():
    title = "南屏市人民政府办公室关于印发南屏市推进城市更新和老旧小区改造三年行动方案的通知"
    source = f"{title}\n{title}\n南府办发〔2023〕21号\n\n各区人民政府：\n\n现将方案印发给你们。\n"
    report = read(source)
    assert tree.meta_text(report, "title") == title and dropped(report, "title-repeat") == [title]
    assert report.findtext("meta/docnumber") == "南府办发〔2023〕21号"
    assert_nothing_lost(source, report)


def test_a_title_line_ending_in_a_site_word_is_not_the_sites_name():
    source = "东川省关于加强政府网站\n信息内容建设的意见\n东政发〔2022〕9号\n\n各市人民政府：\n\n现提出以下意见。\n"
    report = read(source)
    assert tree.title_lines(report.find("meta/title")) == ["东川省关于加强政府网站", "信息内容建设的意见"]
    assert dropped(report) == []


@pytest.mark.parametrize(("title", "issuer"), [
    ("中共青禾市委关于加强防汛工作的通知", "中共青禾市委"),  # …委: an issuing organ's ending (structure.marks.ORGAN_SUFFIX)
    ("青禾市人民政府关于加强防汛工作的通知", "青禾市人民政府"),
    ("关于加强市委督查工作的通知", None),  # must not fire: no organ's name before 关于
])
def test_the_issuer_before_guanyu_ends_as_an_organs_name_does(title, issuer):
    report = read(f"{title}\n\n各区：\n\n现将有关事项通知如下，请认真贯彻执行。\n")
    assert report.findtext("meta/issuer") == issuer
