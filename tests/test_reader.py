"""The text reader recovers the structure of real reports: the sample and every corpus file."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS, DATA, SAMPLE, as_printed, fold, missing_in_order, read_report
from hypothesis import given
from hypothesis import strategies as st

from lxml import etree

from convert.model import blocks, lang_of, meta_text, plain_text, text_of, tree

# Expected values read off the documents by a person, not produced by the code.
EXPECTED = {
    SAMPLE.name: dict(
        title="江蘇省人民政府關於2020年度法治政府建設情況的報告",
        lang="zh-Hant",
        level1=[
            "一、全面履行政府職能，最佳化治理改革穩步推進",
            "二、提升立法制規質量，依法行政制度體系日臻完備",
            "三、推進科學民主依法決策，提高重大行政決策質量",
            "四、深化執法體制改革，推動嚴格規範公正文明執法",
            "五、強化運行過程監督制約，權力多元監督體系日趨健全",
            "六、依法有效化解矛盾糾紛，社會和諧穩定局面日益鞏固",
            "七、加強組織領導，法治政府建設推進機制不斷完善",
        ],
        issuer="江蘇省人民政府",
    ),
    "gwr-1956.txt": dict(
        title="关于１９５５年国家决算和１９５６年国家预算的报告",
        level1=["一、１９５５年国家决算", "二、１９５６年的国家预算", "三、为实现１９５６年的国家预算而努力"],
    ),
    "gwr-1978.txt": dict(
        title="政府工作报告",
        level1=[
            "一、三年来的斗争和新时期的总任务", "二、把揭批“四人帮”的斗争进行到底", "三、加快社会主义经济建设",
            "四、繁荣社会主义科学教育文化事业", "五、加强政权建设，加强各族人民的大团结", "六、国际形势和我国对外政策",
        ],
    ),
    "gwr-1985.txt": dict(title="政府工作报告", level1=["（一）关于经济形势", "（二）关于经济体制改革", "结束语"]),
    "gwr-1998.txt": dict(
        title="政府工作报告",
        level1=["一、关于过去五年的政府工作", "二、关于1998年政府工作的建议", "三、关于国际形势和外交工作", "结束语"],
    ),
    "gwr-2010.txt": dict(title="政府工作报告", level1=["一、2009年工作回顾", "二、2010年主要任务"], level2_count=12),
    "gwr-2015.txt": dict(
        title="政府工作报告",
        level1=[
            "一、2014年工作回顾", "二、2015年工作总体部署", "三、把改革开放扎实推向纵深",
            "四、协调推动经济稳定增长和结构优化", "五、持续推进民生改善和社会建设", "六、切实加强政府自身建设",
        ],
    ),
    "gwr-2021.txt": dict(
        title="政府工作报告",
        level1=["一、2020年工作回顾", "二、“十三五”时期发展成就和“十四五”时期主要目标任务", "三、2021年重点工作"],
        level2_count=8,
        dateline="——2021年3月5日在第十三届全国人民代表大会第四次会议上",
        speaker="国务院总理　李克强",
    ),
    "gwr-2025.txt": dict(
        title="政府工作报告",
        level1=["一、2024年工作回顾", "二、2025年经济社会发展总体要求和政策取向", "三、2025年政府工作任务"],
    ),
}
ALL = [SAMPLE, *CORPUS]
BOILERPLATE = ["相關詞條", "熱門詞條", "聯絡我們", "基本介紹", "中文名", "發布單位", "本作品是中华人民共和国", "Public domain",
               "公有领域", "维基文库", "政府辦公室(廳)檔案"]


def ids(paths):
    return [p.name for p in paths]


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_title_and_level1_headings(path):
    report = read_report(path)
    want = EXPECTED[path.name]
    assert meta_text(report, "title") == want["title"]
    level1 = [b.text for b in blocks(report) if b.kind == "heading" and b.level == 1]
    assert level1 == want["level1"]
    if "level2_count" in want:
        assert sum(1 for b in blocks(report) if b.kind == "heading" and b.level == 2) == want["level2_count"]
    for key in ("issuer", "dateline", "speaker"):
        if key in want:
            el = report.find(f"meta/{key}") if key == "issuer" else report.find(f"front/{key}")
            assert el is not None and text_of(el) == want[key]


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_language_tag(path):
    assert lang_of(read_report(path)) == EXPECTED[path.name].get("lang", "zh-Hans")


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_no_boilerplate_in_body(path):
    report = read_report(path)
    body = "\n".join(b.text for b in blocks(report) if b.kind != "title")
    for phrase in BOILERPLATE:
        assert phrase not in body
    assert report.find("dropped") is not None and len(report.find("dropped")) > 0


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_fidelity_source_body_equals_model_text(path):
    """Every character of the source body is in the model, in order, and nothing else:
    the source minus the recorded boilerplate lines equals the model's visible text."""
    report = read_report(path)
    source_lines = path.read_text(encoding="utf-8").split("\n")
    dropped = {int(line.get("n")) for line in report.find("dropped")}
    body = "".join(x for n, x in enumerate(source_lines, 1) if n not in dropped)
    model = plain_text(report)
    if report.find("meta/title").get("origin") != "text":
        model = model.split("\n", 1)[1]  # an inferred title is not in the source
    assert fold(model) == fold(body)


@pytest.mark.parametrize(
    "path, joined",
    [
        (DATA / "gwr-1985.txt", "在工资制度和价格改革上迈出重要的步子"),
        (DATA / "gwr-1998.txt", "我国第一部《国防法》开始实施"),
        (DATA / "gwr-2015.txt", "广义货币M2预期增长12%左右"),
        (DATA / "gwr-2021.txt", "今年预期目标设定为6%以上"),
        (DATA / "gwr-2021.txt", "编制了《国民经济和社会发展第十四个五年规划和2035年远景目标纲要（草案）》"),
    ],
)
def test_broken_lines_are_joined_into_one_paragraph(path, joined):
    report = read_report(path)
    assert any(joined in b.text for b in blocks(report) if b.kind in ("p", "point"))


def test_spaced_digits_are_joined():
    texts = [b.text for b in blocks(read_report(DATA / "gwr-1998.txt"))]
    assert any("1997年国内生产总值达到74772亿元" in t for t in texts)
    assert not any(re.search(r"[0-9] [0-9]", t) for t in texts)


def test_sample_points_have_lead_sentences():
    points = [b.element for b in blocks(read_report(SAMPLE)) if b.kind == "point"]
    assert len(points) >= 30
    first = points[0]
    assert first.get("kind") == "shi"
    assert text_of(first.find("lead")) == "一是持續開展“放管服”改革。"
    assert text_of(first).startswith("一是持續開展“放管服”改革。持續加大簡政放權力度")


def test_inline_marks_for_titles_and_quotations():
    report = read_report(SAMPLE)
    cites = [text_of(c) for c in report.iter("cite")]
    quotes = [text_of(q) for q in report.iter("q")]
    assert "《法治政府建設實施綱要（2015-2020年）》" in cites
    assert "“放管服”" in quotes


def test_punctuation_is_normalized_and_recorded():
    report = read_report(SAMPLE)
    text = plain_text(report)
    assert "職能，最佳化" in text and "（2015-2020年）" in text
    assert "（又稱“蘇政50條”）" in text  # a pair around a quotation, split over inline marks
    assert "," not in text.replace("12,345", "")
    names = [t.get("name") for t in report.iter("transform")]
    assert "fullwidth-punctuation" in names


def test_keep_punctuation_turns_the_transform_off():
    report = read_report(SAMPLE, keep_punctuation=True)
    assert "職能,最佳化" in plain_text(report)
    assert "fullwidth-punctuation" not in [t.get("name") for t in report.iter("transform")]


def test_dropped_lines_keep_their_reasons():
    reasons = {line.get("reason") for line in read_report(SAMPLE).find("dropped")}
    assert {"infobox", "encyclopedia-lead", "breadcrumb", "site-links"} <= reasons
    assert "licence" in {line.get("reason") for line in read_report(DATA / "gwr-2021.txt").find("dropped")}


def test_corpus_front_matter():
    report = read_report(DATA / "gwr-2025.txt")
    assert text_of(report.find("front/addressee")) == "各位代表："


def test_whole_document_on_one_line(tmp_path):
    one_line = "".join(SAMPLE.read_text(encoding="utf-8").split("\n"))
    path = tmp_path / "one-line.txt"
    path.write_text(one_line, encoding="utf-8")
    from convert.readers import text

    report = text.read(path)
    # Without line ends a heading that runs straight into its text cannot be told
    # apart; those followed by points (一是…) and every point can.
    level1 = [b.text for b in blocks(report) if b.kind == "heading" and b.level == 1]
    assert level1[:2] == EXPECTED[SAMPLE.name]["level1"][:2]
    assert sum(1 for b in blocks(report) if b.kind == "point") >= 30
    model = plain_text(report)
    if report.find("meta/title").get("origin") != "text":
        model = model.split("\n", 1)[1]
    dropped = report.find("dropped")
    kept = fold(model)
    assert fold(one_line) == kept or dropped is not None and len(fold(one_line)) == len(kept) + sum(
        len(fold(x.text)) for x in dropped)


def test_run_in_heading_and_in_body_list(tmp_path):
    doc = (
        "一、总体要求\n\n（一）指导思想。坚持以人民为中心的发展思想，推动高质量发展。\n\n"
        "（二）基本原则。坚持稳中求进。\n\n二、主要任务\n\n今年要做好以下工作：\n\n"
        "一、合理调整农村粮食购销价格，把其余农副产品的价格逐步放开，实行市场调节；\n\n"
        "二、适当提高铁路短途运价，以利于调整运输结构，充分发挥公路和水运的作用；\n"
    )
    path = tmp_path / "r.txt"
    path.write_text(doc, encoding="utf-8")
    from convert.readers import text

    report = text.read(path)
    assert [b.text for b in blocks(report) if b.kind == "heading"] == ["一、总体要求", "二、主要任务"]
    runins = report.findall(".//p/runin")
    assert [(r.get("label"), text_of(r)) for r in runins] == [("（一）", "指导思想。"), ("（二）", "基本原则。")]
    items = report.findall(".//point[@kind='item']")
    assert [i.get("marker") for i in items] == ["一、", "二、"]


NOTICE = """XX市人民政府关于印发2024年重点工作任务的通知
X政发〔2024〕3号

各区人民政府，市政府各部门：

现将《2024年重点工作任务》印发给你们，请认真贯彻执行。

第一章 总体要求

(一)指导思想。坚持以人民为中心，推动高质量发展。

(二)主要目标

全市地区生产总值增长6%左右。

1、稳定工业增长

加快推进重点项目建设。

2、扩大有效投资

——实施重大项目100个。
——新开工项目50个。

第二章 保障措施

加强组织领导。

附件1：重点项目清单

各部门按职责分工落实。
"""


def test_other_heading_styles_appendix_docnumber_and_addressee(tmp_path):
    """A notice unlike the corpus: 第一章, half-width (一), 1、, a document number right under
    the title, an addressee that is not 各位代表, and an appendix."""
    path = tmp_path / "notice.txt"
    path.write_bytes(b"\xef\xbb\xbf" + NOTICE.replace("\n", "\r\n").encode("utf-8"))  # with a BOM and CRLF
    from convert.readers import text

    report = text.read(path)
    assert meta_text(report, "title") == "XX市人民政府关于印发2024年重点工作任务的通知"
    assert meta_text(report, "docnumber") == "X政发〔2024〕3号"
    assert meta_text(report, "issuer") == "XX市人民政府"
    assert text_of(report.find("front/addressee")) == "各区人民政府，市政府各部门："
    headings = [(b.level, b.text) for b in blocks(report) if b.kind == "heading"]
    assert headings == [(1, "第一章　总体要求"), (2, "（二）主要目标"), (3, "1、稳定工业增长"), (3, "2、扩大有效投资"),
                        (1, "第二章　保障措施")]
    runin = report.find(".//p/runin")
    assert (runin.get("label"), text_of(runin)) == ("（一）", "指导思想。")
    assert [p.get("kind") for p in report.iter("point")] == ["dash", "dash"]
    appendix = report.find("appendix")
    assert appendix.get("label") == "附件1：" and text_of(appendix.find("heading")) == "重点项目清单"
    assert fold(plain_text(as_printed(report))) == fold(NOTICE)


def test_taiwan_style_capital_numerals_rank_above_cn(tmp_path):
    doc = ("行政院施政報告\n\n壹、施政重點\n\n一、經濟發展\n\n推動產業升級，擴大投資。\n\n二、社會安全\n\n"
           "強化社會安全網。\n\n貳、預算配置\n\n一、總體配置\n\n合理配置各項資源。\n")
    path = tmp_path / "tw.txt"
    path.write_text(doc, encoding="utf-8")
    from convert.readers import text

    report = text.read(path)
    assert [(b.level, b.text) for b in blocks(report) if b.kind == "heading"] == [
        (1, "壹、施政重點"), (2, "一、經濟發展"), (2, "二、社會安全"), (1, "貳、預算配置"), (2, "一、總體配置")]
    assert lang_of(report) == "zh-Hant"


# ------------------------------------------------------------ linear cost --
# Issue 12 §5. Not timings: counts of the work whose growth made the reader
# quadratic. bench/ measures the time.

class CountingElement(etree.ElementBase):
    """An element that adds up the children lxml walks when Python asks len() of it."""
    counted = 0

    def __len__(self):
        n = super().__len__()
        CountingElement.counted += n
        return n


def test_the_reader_does_not_count_the_children_of_the_section_it_fills():
    """Asking len() of the section for every block made a long section quadratic."""
    from convert.readers import text

    for n in (200, 1600):
        doc = "标题\n\n一、总体要求\n\n（一）主要目标\n\n" + "推进各项工作，取得明显成效。\n\n" * n
        CountingElement.counted = 0
        etree.set_element_class_lookup(etree.ElementDefaultClassLookup(element=CountingElement))
        try:
            report = text.parse(doc.encode("utf-8"))
        finally:
            etree.set_element_class_lookup()
        assert len(report.findall("body/section/section/p")) == n
        assert CountingElement.counted <= n  # a block's own few children at most, never a section's


class CountingList(list):
    """A list that adds up the items its slices copy."""
    copied = 0

    def __getitem__(self, index):
        item = super().__getitem__(index)
        if isinstance(index, slice):
            CountingList.copied += len(item)
        return item


def test_head_scanning_copies_the_lines_once():
    """Short lines are all scanned as head material; copying the lines before each
    one (to find the first) made that quadratic."""
    from convert.options import Options
    from convert.readers.text import Line, TextReportBuilder

    raw = ["标题", ""] + ["这是一行没有句末标点的文字"] * 4000
    lines = CountingList(Line(i + 1, x) for i, x in enumerate(raw))
    CountingList.copied = 0
    body = TextReportBuilder(raw, "x.txt", Options()).read_head(lines)
    assert len(body) == 4000
    assert CountingList.copied <= 2 * len(lines)


def test_a_paragraph_broken_over_thousands_of_lines_is_joined_whole():
    """Joined once, not line by line (which copied the paragraph at every line:
    quadratic; timed in bench/, not here). Latin words keep a space between lines."""
    from convert.readers import text

    lines = ["这是一行没有句末标点的文字"] * 3000 + ["English words", "split here", "完。"]
    report = text.parse(("标题\n\n" + "\n".join(lines) + "\n\n下一段。\n").encode("utf-8"))
    assert [text_of(p) for p in report.findall("body/p")] == [
        "这是一行没有句末标点的文字" * 3000 + "English words split here完。", "下一段。"]


# ------------------------------------------------ what a Chinese character is --

def test_han_is_unicode_s_han_ideographs():
    """convert.chars.is_han holds for every CJK (compatibility) ideograph the
    Unicode names know, and otherwise only for the ideographs of the punctuation
    block (〇 and the Hangzhou numerals), all of them Script=Han."""
    import unicodedata

    from fontTools.unicodedata import script

    from convert.chars import han_characters, is_han

    others = set()
    for code in range(0x40000):
        ch = chr(code)
        name = unicodedata.name(ch, "")
        if name.startswith(("CJK UNIFIED IDEOGRAPH-", "CJK COMPATIBILITY IDEOGRAPH-")):
            assert is_han(ch), name
        elif is_han(ch) and name:
            others.add(ch)
        if is_han(ch) and script(ch) != "Zzzz":  # Zzzz: a code point of the block not assigned yet
            assert script(ch) == "Hani", f"U+{code:04X}"
    assert others == set("〇〡〢〣〤〥〦〧〨〩〸〹〺")
    assert not any(map(is_han, "。，、《》“”—…々〆⺀⼀ぁアa1０"))  # punctuation, 々, radicals, kana, digits
    assert han_characters("二〇二〇年，𠮷野。") == "二〇二〇年𠮷野"


def test_no_module_keeps_its_own_range_of_chinese_characters():
    root = Path(__file__).resolve().parent.parent / "convert"
    pattern = re.compile(r"\\u4e00|\\u9fff|0x4e00|0x9fff|\\u3400", re.IGNORECASE)
    own = [str(p.relative_to(root)) for p in root.rglob("*.py") if p.name != "chars.py" and pattern.search(p.read_text("utf-8"))]
    assert own == []


def test_a_short_line_of_rarer_han_characters_is_a_heading_too():
    """𠮷 (Extension B) and 𫟼 (Extension C) are Chinese characters: the reader's
    old test stopped at Extension A, so this line was body text."""
    from convert.readers import text

    report = text.parse("标题\n\n一、总体要求\n\n推进工作。\n\n𠮷林𫟼概况\n\n继续推进。\n".encode("utf-8"))
    assert [(b.level, b.text) for b in blocks(report) if b.kind == "heading"] == [(1, "一、总体要求"), (1, "𠮷林𫟼概况")]


# ----------------------------------------------- the document's end (issue 13) --
# Text as pages give it: one paragraph a line, no blank line between the closing's lines.

def parse_text(doc: str):
    from convert.readers import text

    return text.parse(doc.encode("utf-8"))


def closing_of(el) -> list[tuple[str, str]]:
    return [(part.tag, text_of(part)) for part in el]


def test_the_closing_lines_are_not_joined_into_one_paragraph():
    report = parse_text("XX市人民政府关于做好春节工作的通知\n\n各区人民政府：\n现就有关事项通知如下。\n请认真贯彻执行\n"
                        "XX市人民政府\n2019年1月27日\n（此件公开发布）\n")
    assert closing_of(report.find("closing")) == [("signature", "XX市人民政府"), ("date", "2019年1月27日"),
                                                  ("note", "（此件公开发布）")]
    assert report.find("closing/date").get("when") == "2019-01-27"
    assert [text_of(p) for p in report.iter("p")] == ["现就有关事项通知如下。", "请认真贯彻执行"]


def test_a_closing_written_on_one_line():
    report = parse_text("XX市人民政府关于做好春节工作的通知\n\n现就有关事项通知如下。\n国务院2019年1月27日（此件公开发布）\n")
    assert closing_of(report.find("closing")) == [("signature", "国务院"), ("date", "2019年1月27日"),
                                                  ("note", "（此件公开发布）")]


def test_a_joint_closing_in_chinese_numerals():
    report = parse_text("关于做好春节工作的通知\n\n现就有关事项通知如下。\n国务院办公厅　中央军委办公厅\n二〇〇四年八月十二日\n")
    closing = report.find("closing")
    assert closing_of(closing) == [("signature", "国务院办公厅"), ("signature", "中央军委办公厅"),
                                   ("date", "二〇〇四年八月十二日")]
    assert closing.find("date").get("when") == "2004-08-12"


def test_a_joint_closing_one_issuer_a_line_without_blank_lines():
    report = parse_text("关于做好春节工作的通知\n\n现就有关事项通知如下。\n中共某某市委办公室\n某某市人民政府办公室\n"
                        "某某市财政局\n2017年1月10日\n")
    assert closing_of(report.find("closing")) == [("signature", "中共某某市委办公室"), ("signature", "某某市人民政府办公室"),
                                                  ("signature", "某某市财政局"), ("date", "2017年1月10日")]
    assert [text_of(p) for p in report.iter("p")] == ["现就有关事项通知如下。"]


def test_an_attached_document_keeps_its_title_lines():
    report = parse_text("关于印发工作方案的通知\n\n现将方案印发给你们。\n附件：重点任务分工方案\nXX市人民政府\n2024年1月5日\n\n"
                        "附件\n\n重点任务\n分工方案\n\n一、总体要求\n\n加快推进。\n")
    assert [text_of(i) for i in report.iter("item")] == ["重点任务分工方案"]
    appendix = report.find("appendix")
    assert appendix.get("label") == "附件"
    assert tree.title_lines(appendix.find("heading")) == ["重点任务", "分工方案"]
    assert [b.text for b in blocks(report) if b.kind == "appendix-heading"] == ["附件\u3000重点任务分工方案"]


def test_a_text_table_survives_punctuation_and_name_lists_stay_lines():
    report = parse_text("关于工作安排的通知\n\n现将有关安排通知如下。\n项目　　数量(个)　　备注\n道路　　12　　新建(含改建)\n"
                        "桥梁　　3　　改建\n组　长：韩　正　　国务院副总理\n副组长：丁薛祥　　国务院副秘书长\n王　毅　　外交部部长\n")
    table = report.find(".//table")
    header, body = tree.table_rows(table)
    assert [text_of(c) for c in header[0]] == ["项目", "数量（个）", "备注"]  # GB/T 15834 in each cell
    assert [text_of(c) for c in body[0]] == ["道路", "12", "新建（含改建）"]
    assert [text_of(p) for p in report.iter("p")][-3:] == ["组　长：韩　正　　国务院副总理", "副组长：丁薛祥　　国务院副秘书长",
                                                            "王　毅　　外交部部长"]


def test_an_imprint_at_the_end_of_a_text():
    report = parse_text("关于工作安排的通知\n\n现将有关安排通知如下。\nXX市人民政府\n2021年3月26日\n"
                        "抄送：市委各部门，市人大常委会办公厅\nXX市人民政府办公厅　　2021年3月27日印发\n")
    imprint = report.find("imprint")
    assert text_of(imprint.find("copyto")) == "市委各部门，市人大常委会办公厅"
    assert text_of(imprint.find("printed/office")) == "XX市人民政府办公厅"
    assert imprint.find("printed/date").get("when") == "2021-03-27"
    assert [b.kind for b in blocks(report)][-2:] == ["closing", "imprint"]


def test_a_regulation_s_articles_from_text():
    report = parse_text("XX市档案管理办法\n\n第一条　为了加强档案管理，制定本办法。\n第二条　本办法适用于：\n（一）机关；\n"
                        "（二）团体。\n第三条　本办法自印发之日起施行。\n")
    assert [a.get("label") for a in report.iter("article")] == ["第一条", "第二条", "第三条"]
    assert [b.kind for b in blocks(report) if b.kind != "title"] == ["article", "article", "point", "point", "article"]


# Any mix of the lines a document's end is made of: the model is valid and holds every character.
_HAN = "国务院办公厅关于加强管理工作的意见市人民政府部委员会"
_words = st.text(st.sampled_from(_HAN), min_size=1, max_size=12)
_ending_line = st.one_of(
    _words,
    st.builds(lambda w: w + "。", _words),
    st.sampled_from(["2019年1月27日", "一九九六年二月五日", "二〇〇四年八月十二日", "2019年13月40日", "（此件公开发布）", "（本文有删减）",
                     "附件", "附件1", "附件2：", "附件：", "抄送：各部门。", "国务院办公厅　　2019年1月28日印发"]),
    st.builds(lambda w, d: w + d, _words, st.sampled_from(["2019年1月27日", "二〇〇四年八月十二日（此件公开发布）"])),
    st.builds(lambda n, w: f"{n}.{w}", st.integers(1, 4), _words),
    st.builds(lambda n, w: f"第{n}条　{w}。", st.sampled_from("一二三四五"), _words),
    st.builds(lambda a, b, c: f"{a}\t{b}\t{c}", _words, _words, _words),
    st.builds(lambda a, b: f"{a}　　{b}", _words, _words),
)


@given(st.lists(_ending_line, min_size=1, max_size=16), st.sampled_from(["\n", "\n\n"]))
def test_any_mix_of_ending_lines_keeps_every_character(lines, sep):
    from convert.errors import InputError
    from convert.readers import text

    source = "关于工作的通知\n\n现将有关事项通知如下。\n" + sep.join(lines) + "\n"
    try:
        report = text.parse(source.encode("utf-8"))
    except InputError:
        return
    shown = plain_text(report)
    assert missing_in_order(source, shown) is None and missing_in_order(shown, source) is None
    assert len(fold(shown)) == len(fold(source))


def test_title_line_breaks_survive_the_punctuation_transform():
    """GB/T 15834 drops the space after a mark it makes full-width: the break moves with the text."""
    report = parse_text("关于印发方案的通知\n\n现将方案印发给你们。\nXX市人民政府\n2024年1月5日\n\n附件\n\n"
                        "城市更新 (试行) 三年\n行动方案\n\n一、总体要求\n\n加快推进。\n")
    assert tree.title_lines(report.find("appendix/heading")) == ["城市更新（试行）三年", "行动方案"]
