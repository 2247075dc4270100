"""The structure classifier every reader shares (convert.readers.structure):
paragraphs, with what the source format adds as hints, to headings, run-ins,
points, appendices and nested sections."""
from __future__ import annotations

from convert.model import text_of, tree
from convert.readers import structure
from convert.readers.structure import Appendix, Classifier, Heading, Hints, Para, Paragraph, Point, RunIn
from convert.readers.structure.marks import first_sentence_end, label_of, to_number


def classify_all(*paras: Para) -> list:
    classifier = Classifier()
    return [classifier.classify(p) for p in paras]


def sections_of(el) -> list[tuple[str, str, list]]:
    """(level, heading, subsections) of each section directly in `el`."""
    return [(s.get("level"), (s.get("label") or "") + text_of(s.find("heading")), sections_of(s))
            for s in el.findall("section")]


def test_each_kind_is_a_dataclass_with_named_fields():
    kinds = classify_all(
        Para("一、总体要求"),
        Para("（一）指导思想。坚持以人民为中心的发展思想。"),
        Para("一是持续开展改革。加大力度。"),
        Para("——实施重大项目100个。"),
        Para("附件1：重点项目清单"),
        Para("结束语"),
        Para("全市地区生产总值增长6%左右。"),
    )
    assert kinds == [
        Heading("总体要求", label="一、", label_class="cn"),
        RunIn("（一）", end=len("（一）指导思想。")),
        Point("shi", "一是"),
        Point("dash", "——"),
        Appendix("附件1：", "重点项目清单"),
        Heading("结束语"),
        Paragraph(),
    ]


def test_marks():
    assert label_of("第十二章 保障措施") == structure.marks.Label("chapter", "第十二章 ", 12)
    assert label_of("（３）加强领导").number == 3
    assert label_of("一、") is None  # a label alone is not a labelled paragraph
    assert to_number("一百二十三") == 123 and to_number("貳拾") == 20
    assert first_sentence_end("他说“好。”然后走了。") == len("他说“好。”然后走了。")  # not inside the quote
    assert first_sentence_end("好。”然后") == len("好。”")


def test_an_outline_level_makes_a_line_without_a_mark_a_heading():
    """A DOCX outline level or an HTML <h3> on a line the text alone would call a paragraph."""
    line = "2024年工作回顾"  # digits: not a line of Chinese words only
    assert classify_all(Para(line)) == [Paragraph()]
    assert classify_all(Para(line, hints=Hints(outline_level=3))) == [Heading(line, outline_level=3)]


def test_a_bold_short_line_is_a_heading_but_a_bold_sentence_is_not():
    assert classify_all(Para("2024年工作回顾", hints=Hints(bold=True))) == [Heading("2024年工作回顾")]
    assert classify_all(Para("全年经济运行总体平稳。", hints=Hints(bold=True))) == [Paragraph()]


def test_an_outline_level_overrides_the_sequence_rule():
    """三、 right after 一、 breaks the sequence: a point, unless the source says it is a heading."""
    plain = classify_all(Para("一、总体要求"), Para("三、主要任务"))
    hinted = classify_all(Para("一、总体要求"), Para("三、主要任务", hints=Hints(outline_level=2)))
    assert plain[1] == Point("item", "三、")
    assert hinted[1] == Heading("主要任务", label="三、", label_class="cn", outline_level=2)


def test_hinted_headings_without_labels_nest_by_their_outline_level():
    paras = [
        Para("一、总体要求", hints=Hints(outline_level=2)),
        Para("指导思想与基本原则", hints=Hints(outline_level=3)),
        Para("坚持稳中求进。"),
        Para("结束语", hints=Hints(outline_level=2)),
        Para("让我们团结奋斗。"),
    ]
    doc = structure.build(paras)
    body, appendices = doc.body, doc.appendices
    assert appendices == []
    assert sections_of(body) == [
        ("1", "一、总体要求", [("2", "指导思想与基本原则", [])]),
        ("1", "结束语", []),
    ]
    assert text_of(body.find("section/section/p")) == "坚持稳中求进。"


def test_text_after_a_subsection_stays_in_it_and_an_appendix_starts_a_new_outline():
    paras = [Para(t) for t in ("一、总体要求", "（一）主要目标", "增长6%左右。", "附件1：清单", "项目一。", "二、分工",
                               "各部门落实。")]
    doc = structure.build(paras)
    body, appendices = doc.body, doc.appendices
    assert sections_of(body) == [("1", "一、总体要求", [("2", "（一）主要目标", [])])]
    assert text_of(body.find("section/section/p")) == "增长6%左右。"
    assert [a.get("label") for a in appendices] == ["附件1："]
    assert text_of(appendices[0].find("p")) == "项目一。"
    assert sections_of(appendices[0]) == [("1", "二、分工", [])]  # an attached document's own outline
    assert text_of(appendices[0].find("section/p")) == "各部门落实。"


# ------------------------------------------------------ the document's end --
# Issue 13: closing blocks, attachment lists, attached documents, imprint, articles, tables,
# on paragraphs as any reader gives them (one a line here, as HTML and DOCX give them).

from convert.readers.structure import ending, tables  # noqa: E402


def document(*texts: str, title: str | None = None):
    return structure.build([Para(t) for t in texts], title=title)


def closing_parts(closing) -> list[tuple[str, str, str | None]]:
    return [(el.tag, text_of(el), el.get("when")) for el in closing]


def test_dates_in_arabic_and_chinese_numerals():
    assert ending.iso_date("2019年1月27日") == "2019-01-27"
    assert ending.iso_date("一九九六年二月五日") == "1996-02-05"
    assert ending.iso_date("二〇〇四年八月十二日") == "2004-08-12"
    assert ending.iso_date("二〇二一年十二月三十一日") == "2021-12-31"
    assert ending.iso_date("二○○六年五月二十三日") == "2006-05-23"  # ○ (a circle) for 〇, as some pages write it
    assert ending.iso_date("2019年13月1日") is None and ending.iso_date("二〇一九年二月三十二日") is None
    assert ending.is_date_line("2019年1月27日") and not ending.is_date_line("2019年1月27日印发")


def test_a_closing_after_the_body():
    doc = document("各地区要抓好落实。", "国务院", "2019年1月27日", "（此件公开发布）")
    assert [text_of(p) for p in doc.body] == ["各地区要抓好落实。"]
    assert [el.tag for el in doc.ending] == ["closing"]
    assert closing_parts(doc.ending[0]) == [("signature", "国务院", None), ("date", "2019年1月27日", "2019-01-27"),
                                            ("note", "（此件公开发布）", None)]


def test_a_joint_closing_gives_one_signature_per_issuer():
    doc = document("请认真贯彻执行。", "国务院办公厅　中央军委办公厅", "二〇一九年三月一日")
    assert closing_parts(doc.ending[0]) == [("signature", "国务院办公厅", None), ("signature", "中央军委办公厅", None),
                                            ("date", "二〇一九年三月一日", "2019-03-01")]
    # a name spaced out letter by letter is one issuer
    assert ending.signatures("国 务 院") == ("国 务 院",)


def test_a_joint_closing_with_one_issuer_a_line():
    doc = document("请结合实际认真贯彻执行。", "中共某某市委办公室", "某某市人民政府办公室", "2017年1月10日")
    assert [text_of(p) for p in doc.body] == ["请结合实际认真贯彻执行。"]
    assert closing_parts(doc.ending[0]) == [("signature", "中共某某市委办公室", None), ("signature", "某某市人民政府办公室", None),
                                            ("date", "2017年1月10日", "2017-01-10")]


def test_a_short_line_above_a_signature_is_no_issuer():
    # a line that does not end as an issuer's name stays in the body: only the line above the date signs
    doc = document("请结合实际认真贯彻执行。", "特此通知", "某某市人民政府办公室", "2017年1月10日")
    assert [text_of(p) for p in doc.body] == ["请结合实际认真贯彻执行。", "特此通知"]
    assert closing_parts(doc.ending[0])[0] == ("signature", "某某市人民政府办公室", None)


def test_a_closing_on_one_line_gives_three_elements():
    doc = document("请认真贯彻执行。", "国务院2019年1月27日（此件公开发布）")
    assert closing_parts(doc.ending[0]) == [("signature", "国务院", None), ("date", "2019年1月27日", "2019-01-27"),
                                            ("note", "（此件公开发布）", None)]
    # a sentence that ends in a date is no closing: its words are not an issuer's name
    assert ending.one_line_closing("会议于2019年1月27日") is None


def test_an_attachment_list_with_numbered_items_comes_before_the_closing():
    for lines in (["附件：1.重点任务分工", "2.项目清单"], ["附件：1.重点任务分工 2.项目清单"], ["附件：", "1.重点任务分工", "2.项目清单"]):
        doc = document("请认真贯彻执行。", *lines, "XX市人民政府", "2024年1月5日")
        listed, closing = doc.ending
        assert listed.tag == "attachments" and listed.get("label") == "附件："
        assert [(i.get("label"), text_of(i)) for i in listed] == [("1.", "重点任务分工"), ("2.", "项目清单")], lines
        assert closing.tag == "closing" and [text_of(p) for p in doc.body] == ["请认真贯彻执行。"]


def test_one_unnumbered_attachment_under_a_bare_lead_or_one_bound_separately_is_a_list():
    for lead in ("附件：", "附件（另附）：", "附件(另附):"):
        doc = document("特此公告。", lead, "某某市建设用地拟征收土地红线示意图", "某某市人民政府", "2020年10月9日")
        listed, closing = doc.ending
        assert listed.tag == "attachments" and listed.get("label").startswith("附件"), lead
        assert [(i.get("label"), text_of(i)) for i in listed] == [(None, "某某市建设用地拟征收土地红线示意图")]
        assert closing.tag == "closing" and doc.appendices == []
    # the same label and title with the document's text after them (no closing next): an attached document
    doc = document("请认真贯彻执行。", "某某市人民政府", "2024年1月5日", "附件：", "重点任务分工", "一、总体要求", "加快推进。")
    assert [text_of(a.find("heading")) for a in doc.appendices] == ["重点任务分工"]


def test_attached_documents_after_the_closing():
    doc = document("请认真贯彻执行。", "附件：1.重点任务分工", "2.项目清单", "XX市人民政府", "2024年1月5日",
                   "附件1", "重点任务分工", "一、总体要求", "加快推进。",
                   "附件2：项目清单", "各区人民政府：", "项目一。")
    first, second = doc.appendices
    assert (first.get("label"), text_of(first.find("heading"))) == ("附件1", "重点任务分工")
    assert [s.get("label") for s in first.findall("section")] == ["一、"]
    assert (second.get("label"), text_of(second.find("heading"))) == ("附件2：", "项目清单")
    assert text_of(second.find("addressee")) == "各区人民政府：" and text_of(second.find("p")) == "项目一。"


def test_an_attached_document_s_title_lines_and_its_own_closing():
    """A 转发 notice: the forwarded report follows the closing with no label; its title is given
    in two paragraphs (as HTML gives it), and it ends in its own closing."""
    doc = document("现转发给你们，请认真贯彻执行。", "国务院办公厅", "一九九六年二月五日",
                   "关于我国地震重点监视防御区的确定", "和加强防震减灾工作意见的报告", "国务院：", "现将有关情况报告如下。",
                   "国家地震局", "一九九六年一月二十五日")
    appendix, = doc.appendices
    assert appendix.get("label") is None
    assert tree.title_lines(appendix.find("heading")) == ["关于我国地震重点监视防御区的确定", "和加强防震减灾工作意见的报告"]
    assert len(appendix.findall("heading/br")) == 1
    assert closing_parts(appendix.find("closing"))[0] == ("signature", "国家地震局", None)


def test_attached_documents_one_after_another_without_labels():
    """A notice that 印发 two 规定 attaches them one after the other, each under its own title
    (gov-cn-18); a short heading alone (结束语) inside one is still its heading."""
    doc = document("现印发给你们，请认真贯彻执行。", "国务院办公厅", "2018年12月18日",
                   "甲事业单位转制为企业的规定", "一、关于资产处置", "转制后资产依法处置。", "结束语", "各地认真落实。",
                   "进一步支持文化企业发展的规定", "一、关于财政税收", "中央财政加大投入。")
    first, second = doc.appendices
    assert text_of(first.find("heading")) == "甲事业单位转制为企业的规定"
    assert [text_of(s.find("heading")) for s in first.iter("section")] == ["关于资产处置", "结束语"]
    assert text_of(second.find("heading")) == "进一步支持文化企业发展的规定"
    assert [s.get("label") for s in second.findall("section")] == ["一、"]
    # a title-shaped line that does not stand alone between blank lines starts nothing
    paras = [Para(t) for t in ("正文。", "国务院", "2019年1月1日", "某某工作方案", "一、总体要求", "加快推进。")]
    paras.append(Para("关于落实工作方案", standalone=False))
    paras.append(Para("各地落实。", standalone=False))
    assert len(structure.build(paras).appendices) == 1


def test_a_label_alone_keeps_its_text_even_without_a_title():
    doc = document("正文。", "国务院", "2019年1月1日", "附件", "为做好工作，制定本方案。")
    appendix, = doc.appendices
    assert appendix.get("label") == "附件" and appendix.find("heading") is not None  # the label is shown by its heading
    assert text_of(appendix.find("p")) == "为做好工作，制定本方案。"


def test_the_imprint_at_the_very_end():
    doc = document("正文。", "国务院办公厅", "2021年3月26日", "抄送：省委各部门，省人大常委会办公厅。",
                   "江苏省人民政府办公厅　　2021年3月27日印发")
    imprint = doc.imprint
    copyto, printed = imprint
    assert (copyto.tag, copyto.get("label"), text_of(copyto)) == ("copyto", "抄送：", "省委各部门，省人大常委会办公厅。")
    assert [(el.tag, text_of(el), el.get("when")) for el in printed] == [
        ("office", "江苏省人民政府办公厅", None), ("date", "2021年3月27日印发", "2021-03-27")]
    assert doc.appendices == [] and [el.tag for el in doc.ending] == ["closing"]
    assert document("正文。", "2021年3月27日印发").imprint.find("printed/office") is None


def test_articles_of_a_regulation_without_chapters():
    doc = document("第一条　为了加强档案管理，制定本办法。", "第二条　本办法适用于：", "（一）机关；", "（二）团体。",
                   "有关单位参照执行。", "第三条　本办法自印发之日起施行。", title="XX市档案管理办法")
    assert [(a.tag, a.get("label")) for a in doc.body] == [("article", "第一条"), ("article", "第二条"), ("article", "第三条")]
    second = doc.body[1]
    assert [(el.tag, text_of(el)) for el in second] == [("p", "本办法适用于："), ("point", "（一）机关；"), ("point", "（二）团体。"),
                                                        ("p", "有关单位参照执行。")]


def test_article_marks_outside_a_regulation_need_their_sequence():
    """A notice quoting 第三条 of a rule has no articles; a sequence from 第一条 is one."""
    quoted = document("第三条　修改为：“本办法自发布之日起施行。”", title="国务院关于修改部分行政法规的决定")
    assert quoted.body[0].tag == "p"
    numbered = document("第一条　为了规范管理。", "第二条　本规定自发布之日起施行。")
    assert [a.tag for a in numbered.body] == ["article", "article"]


def test_labels_inside_an_article_are_its_items_and_a_chapter_ends_it():
    doc = document("第一章　总　　则", "第一条　为了规范管理，制定本办法。", "（一）总体目标", "第二章　附　　则",
                   "第二条　本办法自印发之日起施行。", title="XX管理办法")
    chapters = doc.body.findall("section")
    assert [s.get("label") for s in chapters] == ["第一章", "第二章"]
    first = chapters[0].find("article")
    assert [(el.tag, text_of(el)) for el in first] == [("p", "为了规范管理，制定本办法。"), ("point", "（一）总体目标")]
    assert chapters[1].find("article").get("label") == "第二条"


def test_a_text_table_with_a_header_row():
    rows = ["项目　　数量　　备注", "道路　　12　　新建", "桥梁　　3　　改建", "隧道　　1　　续建"]
    found = tables.find_tables(rows)
    assert list(found) == [0]
    end, table = found[0]
    header, body = tree.table_rows(table)
    assert end == 4 and [text_of(c) for c in header[0]] == ["项目", "数量", "备注"]
    assert [[text_of(c) for c in r] for r in body] == [["道路", "12", "新建"], ["桥梁", "3", "改建"], ["隧道", "1", "续建"]]


def test_ragged_rows_stay_paragraphs():
    rows = ["项目　　数量　　备注", "道路　　12", "桥梁　　3　　改建　　另计", "隧道　　1　　续建"]
    assert tables.find_tables(rows) == {}
    doc = document(*rows)
    assert [el.tag for el in doc.body] == ["p"] * 4 and [text_of(p) for p in doc.body] == rows


def test_a_two_column_name_list_is_not_a_table_but_three_aligned_columns_are():
    names = ["组　长：韩　正　　国务院副总理", "副组长：丁薛祥　　国务院副秘书长", "成　员：王　毅　　外交部部长",
             "李　强　　发展改革委副主任"]
    assert tables.find_tables(names) == {}
    staff = ["姓名　　职务　　单位", "韩　正　　组长　　国务院", "丁薛祥　　副组长　　国务院办公厅", "王　毅　　成员　　外交部"]
    assert list(tables.find_tables(staff)) == [0]


def test_two_rows_are_not_yet_a_table():
    assert tables.find_tables(["项目\t数量", "道路\t12"]) == {}


def test_a_shorter_row_fills_the_rightmost_columns_and_the_cells_on_its_left_span_down():
    rows = ["类别\t项目\t数量", "综合\t规划\t1", "交通\t道路\t12", "桥梁\t3", "隧道\t1", "水利\t水库\t2"]
    _, table = tables.find_tables(rows)[0]
    _, body = tree.table_rows(table)
    assert [[(text_of(c), c.get("rowspan")) for c in r] for r in body] == [
        [("综合", None), ("规划", None), ("1", None)], [("交通", "3"), ("道路", None), ("12", None)],
        [("桥梁", None), ("3", None)], [("隧道", None), ("1", None)],
        [("水利", None), ("水库", None), ("2", None)]]


def test_a_line_between_rows_spans_the_table():
    rows = ["序号\t举措\t范围", "一、第一方面", "1\t甲\t全国", "2\t乙\t全国", "二、第二方面", "3\t丙\t试点"]
    end, table = tables.find_tables(rows)[0]
    _, body = tree.table_rows(table)
    assert end == 6 and [(text_of(r[0]), r[0].get("colspan")) for r in body if len(r) == 1] == [
        ("一、第一方面", "3"), ("二、第二方面", "3")]


def test_a_numbered_table_title_above_the_rows_is_the_caption():
    rows = ["表1　主要指标", "指标\t2019年\t2020年", "增长率\t6.1%\t2.3%", "就业\t1352\t1186"]
    start, (end, table) = next(iter(tables.find_tables(rows).items()))
    assert (start, end) == (0, 4) and text_of(table.find("caption")) == "表1　主要指标"
    assert tables.find_tables(["表格说明如下", *rows[1:]])[1][1].find("caption") is None  # words, not a numbered title


def test_an_adoption_notes_last_line_alone_is_no_heading():
    # a note broken over two lines (…第十二届人民代表大会 / 常务委员会第六次主任会议修订): its last line stands
    # alone as short as a heading, and ends as a note does
    assert classify_all(Para("常务委员会第六次主任会议修订"), Para("常務委員會第六次會議通過")) == [Paragraph(), Paragraph()]


def test_a_short_line_alone_ending_otherwise_is_still_a_heading():
    # must not fire: a heading that names a meeting, or ends in 通过 without 会议
    assert classify_all(Para("主任会议制度"), Para("审议通过")) == [Heading("主任会议制度"), Heading("审议通过")]
