"""Kinds of document beyond reports (issue 25, point 4): a 政府令's head (the mark, the 令号, the
announcing sentence, the 职务 and name, the 办法 it issues), a statistical bulletin's notes and
sources, a 决议's adoption note. Each rule is read by the shared structure rules, so the same
lines as text, as a page and as a Word file give the same model; each has a case where it must
not fire. Order is sacred: the model's text is the input's, line for line."""
from __future__ import annotations

from conftest import fold
from test_docx_reader import package, para

from convert.model import tree
from convert.readers import docx as docx_reader
from convert.readers import html as html_reader
from convert.readers import text as text_reader

ORDER_LINES = [
    "某某省人民政府令",
    "第123号",
    "《某某省行政执法监督办法》已经2024年3月1日省政府第25次常务会议通过，现予公布，自2024年5月1日起施行。",
    "省长　王某某",
    "2024年3月10日",
    "某某省行政执法监督办法",
    "第一章　总则",
    "第一条　为了加强行政执法监督，制定本办法。",
    "第二条　本办法适用于本省行政区域内的行政执法监督。",
    "第二章　监督",
    "第三条　县级以上人民政府负责监督本行政区域内的行政执法工作。",
]


def as_text(lines: list[str]):
    return text_reader.parse("\n\n".join(lines).encode("utf-8"), source="order.txt")


def as_page(lines: list[str]):
    paras = "".join(f"<p>{line}</p>" for line in lines)
    return html_reader.parse(f"<html><head><meta charset='utf-8'></head><body><article>{paras}</article></body></html>"
                             .encode("utf-8"), "order.html")


def as_docx(lines: list[str]):
    return docx_reader.parse(package("".join(para(line, center=k == 0) for k, line in enumerate(lines))), "order.docx")


READERS = {"text": as_text, "page": as_page, "docx": as_docx}


def check_order_head(report, name):
    mh = report.find("meta/masthead")
    assert mh is not None and mh.get("form") == "order", name
    assert [tree.text_of(o) for o in mh.iterfind("mark/organ")] == ["某某省人民政府"], name
    assert mh.find("mark").get("suffix") == "令" and mh.findtext("order") == "第123号", name
    body = report.find("body")
    assert [p.tag for p in body] == ["p"] and tree.text_of(body[0]).startswith("《某某省行政执法监督办法》已经"), name
    closing = report.find("closing")
    assert [tree.text_of(s) for s in closing.iterfind("signature")] == ["省长　王某某"], name  # 职务 and name: one
    assert closing.find("date").get("when") == "2024-03-10", name
    appendix = report.find("appendix")
    assert tree.text_of(appendix.find("heading")) == "某某省行政执法监督办法", name
    assert [a.get("label") for a in appendix.iter("article")] == ["第一条", "第二条", "第三条"], name
    assert [s.get("label") for s in appendix.iterfind("section")] == ["第一章", "第二章"], name
    # nothing moves, nothing is said twice: the mark is the 令's title, shown once
    assert fold(tree.plain_text(report)) == fold("".join(ORDER_LINES)), name
    assert [b.kind for b in tree.blocks(report)][:3] == ["masthead", "p", "closing"], name


def test_an_orders_head_is_its_mark_number_sentence_and_closing_from_every_reader():
    for name, read in READERS.items():
        check_order_head(read(ORDER_LINES), name)


def test_a_number_line_not_under_an_order_mark_is_no_order_number():
    lines = ["关于做好防汛工作的通知", "第123号", "各区人民政府：", "现将有关事项通知如下，请认真贯彻执行。"]
    report = as_text(lines)
    assert report.find("meta/masthead") is None
    assert "第123号" in tree.plain_text(report)


def test_a_title_that_ends_in_ling_after_guanyu_is_no_order_mark():
    lines = ["某某市人民政府关于发布禁渔令的通知", "各区人民政府：", "现将有关事项通知如下，请认真贯彻执行。"]
    report = as_text(lines)
    assert report.find("meta/masthead") is None
    assert tree.meta_text(report, "title") == lines[0]


def test_an_order_mark_below_the_title_is_text():
    lines = ["关于学习贯彻有关规定的通知", "某某省人民政府令", "各区人民政府：", "现将有关事项通知如下，请认真贯彻执行。"]
    report = as_text(lines)
    assert report.find("meta/masthead") is None
    assert "某某省人民政府令" in tree.plain_text(report)


def test_a_joint_signature_of_two_organs_stays_two_signatures():
    lines = ["关于做好防汛工作的通知", "各区人民政府：", "现将有关事项通知如下，请认真贯彻执行。",
             "某某市财政局　某某市税务局", "2024年3月10日"]
    closing = as_text(lines).find("closing")
    assert [tree.text_of(s) for s in closing.iterfind("signature")] == ["某某市财政局", "某某市税务局"]


# ---------------------------------------------------------------- statistical bulletins --

BULLETIN_LINES = [
    "某某市2022年国民经济和社会发展统计公报",
    "某某市统计局　国家统计局某某调查队（2023年4月12日）",
    "2022年，全市经济运行总体平稳，全年地区生产总值1000亿元，比上年增长5.0%。",
    "一、综合",
    "全年一般公共预算收入100亿元，比上年增长3.0%。",
    "注释",
    "[1]本公报中部分数据为初步统计数。",
    "资料来源",
    "本公报中的数据来自市统计局。",
]


def test_a_bulletins_issuers_and_date_under_its_title_are_its_dateline_from_every_reader():
    for name, read in READERS.items():
        report = read(BULLETIN_LINES)
        assert tree.text_of(report.find("front/dateline")) == BULLETIN_LINES[1], name
        assert report.findtext("meta/issuer") == "某某市统计局　国家统计局某某调查队", name
        assert report.find("meta/date").get("when") == "2023-04-12", name
        assert fold(tree.plain_text(report)) == fold("".join(BULLETIN_LINES)), name


def test_a_bulletins_notes_and_sources_are_text_in_place_never_headings_nor_dropped():
    for name, read in READERS.items():
        report = read(BULLETIN_LINES)
        headings = [tree.text_of(h) for h in report.iter("heading")]
        assert headings == ["综合"], name
        assert report.find("dropped") is None or not [x for x in report.iterfind("dropped/line") if "来源" in x.text], name
        shown = tree.plain_text(report).split("\n")
        assert shown[-4:] == BULLETIN_LINES[-4:], name


def test_a_short_line_alone_that_is_no_notes_lead_is_still_a_heading():
    report = as_text(["关于某某工作的报告", "各位代表：", "现将有关情况报告如下，请予审议。", "结束语", "让我们共同努力。"])
    assert [tree.text_of(h) for h in report.iter("heading")] == ["结束语"]


def test_a_sites_source_line_at_the_end_is_still_dropped():
    report = as_text(["关于某某工作的通知", "各区人民政府：", "现将有关事项通知如下，请认真贯彻执行。", "来源：某某日报"])
    assert [x.text for x in report.iterfind("dropped/line")] == ["来源：某某日报"]


def test_issuers_and_date_on_two_lines_keep_their_order():
    lines = ["某某县2022年国民经济和社会发展统计公报", "某某县统计局", "（2023年3月20日）",
             "2022年，全县经济运行总体平稳，全年地区生产总值100亿元，比上年增长5.0%。"]
    report = as_text(lines)
    assert [el.tag for el in report.find("front")] == ["speaker", "dateline"]
    assert tree.plain_text(report).split("\n")[:3] == lines[:3]  # nothing moves
    assert report.findtext("meta/issuer") == "某某县统计局"


def test_a_parenthesised_issuer_on_the_last_line_names_the_issuer():
    lines = ["某某县2022年统计公报", "全年地区生产总值100亿元，比上年增长5.0%。", "（某某县统计局）"]
    report = as_text(lines)
    assert report.findtext("meta/issuer") == "某某县统计局"
    assert tree.plain_text(report).split("\n")[-1] == "（某某县统计局）"
    closing = report.find("closing")  # the ending: a closing without a date, the line as printed
    assert [(c.tag, tree.text_of(c)) for c in closing] == [("signature", "（某某县统计局）")]


def test_a_parenthesised_last_line_that_is_no_organ_names_no_issuer():
    lines = ["某某县2022年统计公报", "全年地区生产总值100亿元，比上年增长5.0%。", "（本公报数据为初步统计数）"]
    assert as_text(lines).find("meta/issuer") is None
    assert as_text(lines).find("closing") is None


def test_a_speaker_under_a_title_is_no_issuer():
    lines = ["政府工作报告", "某某市市长　张三", "各位代表：", "现在，向大会报告政府工作，请予审议。"]
    report = as_text(lines)
    assert tree.text_of(report.find("front/speaker")) == "某某市市长　张三"
    assert report.find("meta/issuer") is None


# ---------------------------------------------------------------- adoption notes --

RESOLUTION_LINES = [
    "全国人民代表大会关于设立某某制度的决定",
    "（2019年3月15日第十三届全国人民代表大会第二次会议通过）",
    "为了推进某某工作，第十三届全国人民代表大会第二次会议决定设立某某制度。",
    "本决定自公布之日起施行。",
]


def test_an_adoption_note_under_the_title_is_the_heads_dateline_from_every_reader():
    for name, read in READERS.items():
        report = read(RESOLUTION_LINES)
        assert tree.text_of(report.find("front/dateline")) == RESOLUTION_LINES[1], name
        assert report.find("meta/date").get("when") == "2019-03-15", name
        assert [tree.text_of(p) for p in report.iter("p")] == RESOLUTION_LINES[2:], name
        assert not list(report.iter("heading")), name


def test_a_parenthesised_line_in_the_body_is_no_adoption_note():
    lines = RESOLUTION_LINES[:1] + RESOLUTION_LINES[2:3] + ["（2019年3月15日第十三届全国人民代表大会第二次会议通过）"]
    report = as_text(lines)
    assert report.find("front/dateline") is None
    assert tree.plain_text(report).split("\n")[-1] == lines[-1]


NOTE_OVER_TWO_LINES = ["某某省实施《中华人民共和国某某法》办法",
                       "（1992年10月24日某某省第七届人民代表大会",
                       "常务委员会第三十三次会议通过）第一章　总则",
                       "第一条　根据《中华人民共和国某某法》的规定，结合本省实际情况，制定本办法。",
                       "第二条　本办法适用于本省行政区域。"]


def test_an_adoption_note_over_two_lines_is_one_dateline_and_the_body_runs_on_after_it():
    report = text_reader.parse("\n".join(NOTE_OVER_TWO_LINES).encode("utf-8"), source="measures.txt")
    assert tree.text_of(report.find("front/dateline")) == "".join(NOTE_OVER_TWO_LINES[1:3])[:-len("第一章　总则")]
    section = report.find("body/section")
    assert section.get("label") == "第一章" and tree.text_of(section.find("heading")) == "总则"
    assert [a.get("label") for a in section.iter("article")] == ["第一条", "第二条"]
    assert fold(tree.plain_text(report)) == fold("".join(NOTE_OVER_TWO_LINES))


def test_a_closed_dateline_takes_no_bracket_from_the_next_line():
    lines = ["关于某某工作的报告", "——2021年3月5日在某某会议上", "某某（代）市长　张三", "各位代表：",
             "现在，向大会报告政府工作，请予审议。"]
    report = text_reader.parse("\n".join(lines).encode("utf-8"), source="speech.txt")
    assert tree.text_of(report.find("front/dateline")) == lines[1]
    assert fold(tree.plain_text(report)) == fold("".join(lines))


def test_a_pages_heading_over_an_order_that_it_issues_is_a_repeat_and_the_mark_the_title():
    """The 办法's title printed above the 令 (a page's heading, a copy's first line), printed again
    over the 办法 after the 令's head: a 命令 has no title but its mark (GB/T 9704 10.2), so the
    model is the 令's as without the heading, the heading a repeat set aside with its reason."""
    lines = ["某某省行政执法监督办法"] + ORDER_LINES
    for name, read in READERS.items():
        report = read(lines)
        check_order_head(report, name)
        assert tree.meta_text(report, "title") == "某某省人民政府令", name
        assert [(line.get("reason"), line.text) for line in report.iterfind("dropped/line")] == [
            ("title-repeat", "某某省行政执法监督办法")], name
        shown = tree.plain_text(report)
        assert shown.split("\n").count("某某省行政执法监督办法") == 1, name  # over the 办法 only
        assert report.find("front") is None, name  # the mark is no speaker


def test_a_pages_heading_over_an_order_not_printed_again_stays_the_title():
    # must not fire: the 令 issues no text under that title (the page shows the 令 alone)
    lines = ["某某省行政执法监督办法"] + ORDER_LINES[:5]
    for name, read in READERS.items():
        report = read(lines)
        assert tree.meta_text(report, "title") == "某某省行政执法监督办法", name
        mh = report.find("meta/masthead")
        assert mh.get("form") == "order" and mh.findtext("order") == "第123号", name
        shown = tree.plain_text(report)
        assert shown.count("某某省人民政府令") == 1 and shown.count("第123号") == 1, name
        assert report.find("dropped") is None, name


def test_an_order_mark_under_a_title_without_a_number_under_it_is_text():
    lines = ["某某省行政执法监督办法", "某某省人民政府令", ORDER_LINES[2], "省长　王某某", "2024年3月10日"]
    report = as_text(lines)
    assert report.find("meta/masthead") is None
    assert "某某省人民政府令" in tree.plain_text(report)


def test_a_presidents_order_with_its_number_in_brackets():
    lines = ["中华人民共和国主席令", "（第五号）", "《中华人民共和国某某法》已由中华人民共和国第十四届全国人民代表大会常务委员会"
             "第六次会议于2023年10月24日通过，现予公布，自2024年1月1日起施行。", "中华人民共和国主席　某某某", "2023年10月24日"]
    report = as_text(lines)
    mh = report.find("meta/masthead")
    assert [tree.text_of(o) for o in mh.iterfind("mark/organ")] == ["中华人民共和国主席"]
    assert mh.findtext("order") == "（第五号）"
    assert [tree.text_of(s) for s in report.iterfind("closing/signature")] == ["中华人民共和国主席　某某某"]
    assert fold(tree.plain_text(report)) == fold("".join(lines))


def test_a_decisions_enacting_line_is_no_addressee():
    lines = RESOLUTION_LINES[:2] + ["第十三届全国人民代表大会第二次会议决定：", "一、设立某某制度。", "二、本决定自公布之日起施行。"]
    for name, read in READERS.items():
        report = read(lines)
        assert report.find("front/addressee") is None, name
        assert fold(tree.plain_text(report)) == fold("".join(lines)), name


def test_an_addressee_is_still_one():
    lines = ["关于做好防汛工作的通知", "各区人民政府，市政府各部门：", "现将有关事项通知如下，请认真贯彻执行。"]
    assert tree.text_of(as_text(lines).find("front/addressee")) == lines[1]


def test_an_order_from_a_word_file_that_centres_its_mark_number_and_issued_title():
    centred = {0, 1, 5}  # as offices set a 令: the mark, the 令号, the 办法's title
    report = docx_reader.parse(package("".join(para(line, center=k in centred) for k, line in enumerate(ORDER_LINES))),
                               "order.docx")
    check_order_head(report, "docx, centred")


def page_titled(title: str, lines: list[str]):
    paras = "".join(f"<p>{line}</p>" for line in lines)
    return html_reader.parse(f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article>{paras}"
                             "</article></body></html>".encode("utf-8"), "titled.html")


def test_an_order_whose_page_title_is_its_mark():
    check_order_head(page_titled("某某省人民政府令", ORDER_LINES), "page titled by the mark")


def test_a_page_title_that_is_no_order_mark_makes_no_order_number():
    lines = ["关于做好防汛工作的通知", "第123号", "各区人民政府：", "现将有关事项通知如下，请认真贯彻执行。"]
    report = page_titled(lines[0], lines)
    assert report.find("meta/masthead") is None
    assert "第123号" in tree.plain_text(report)
