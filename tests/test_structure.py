"""The structure classifier every reader shares (convert.readers.structure):
paragraphs, with what the source format adds as hints, to headings, run-ins,
points, appendices and nested sections."""
from __future__ import annotations

from convert.model import text_of
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
    body, appendices = structure.build(paras)
    assert appendices == []
    assert sections_of(body) == [
        ("1", "一、总体要求", [("2", "指导思想与基本原则", [])]),
        ("1", "结束语", []),
    ]
    assert text_of(body.find("section/section/p")) == "坚持稳中求进。"


def test_text_after_a_subsection_stays_in_it_and_an_appendix_starts_a_new_outline():
    paras = [Para(t) for t in ("一、总体要求", "（一）主要目标", "增长6%左右。", "附件1：清单", "项目一。", "二、分工",
                               "各部门落实。")]
    body, appendices = structure.build(paras)
    assert sections_of(body) == [("1", "一、总体要求", [("2", "（一）主要目标", [])])]
    assert text_of(body.find("section/section/p")) == "增长6%左右。"
    assert [a.get("label") for a in appendices] == ["附件1："]
    assert text_of(appendices[0].find("p")) == "项目一。"
    assert sections_of(appendices[0]) == [("1", "二、分工", [])]  # the sequence goes on, at the appendix's top
    assert text_of(appendices[0].find("section/p")) == "各部门落实。"
