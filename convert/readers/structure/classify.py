"""Classify a paragraph: a heading, a run-in heading, an enumerated point, an
appendix or body text. Every reader feeds it `Para`s; a reader that knows more
about a paragraph than its text (an HTML <h2>, a DOCX outline level, bold runs)
says so in its `Hints`."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from convert.chars import is_han
from convert.doctypes import ENDS_WITH_REGULATION
from convert.readers.boilerplate import without_pinyin
from convert.readers.structure.marks import (
    ADDRESSEE, APPENDIX, CLASS_RANK, DATELINE, INDENT, MAX_HEADING, NUM, OBJECT, POINT_DASH, POINT_ORDINAL, POINT_SHI,
    SENTENCE_END, SENTENCE_PUNCT_END, TERMINAL, first_sentence_end, is_date_line, label_of, to_number,
)


@dataclass(frozen=True)
class Hints:
    """What a reader knows of a paragraph beyond its text."""
    outline_level: int | None = None  # HTML <hN>, a DOCX outline level or heading style; 1 is the top
    bold: bool = False  # the whole paragraph is bold
    # set centred (HTML text-align, a DOCX paragraph's alignment), as titles are; None: the source does not say
    centered: bool | None = None


NO_HINTS = Hints()


@dataclass
class Para:
    text: str
    standalone: bool = True  # blank lines (or document edges) on both sides
    lines: list[int] = field(default_factory=list)  # the input lines it was joined from
    hints: Hints = NO_HINTS
    # where in `text` a source line break was (a title broken by its issuer keeps it as <br/>)
    breaks: list[int] = field(default_factory=list)
    # a block the reader built itself (an HTML or DOCX <table>, a figure): placed as it is;
    # its `text` is then OBJECT, which no rule of the classifier or the ending matches
    block: object = None

    @classmethod
    def of_block(cls, block) -> "Para":
        return cls(OBJECT, block=block)


@dataclass(frozen=True)
class Heading:
    text: str  # after the label
    label: str = ""  # 一、 （二） 第三章; "" for a heading without one (结束语)
    label_class: str | None = None  # a name in marks.LABELS, None without a label
    outline_level: int | None = None  # from the reader's hints


@dataclass(frozen=True)
class RunIn:
    """（一）指导思想。坚持…: a heading that runs into its paragraph's text."""
    label: str
    end: int  # index in the paragraph's text just past the run-in heading


@dataclass(frozen=True)
class Point:
    kind: str  # item (a label in body text), shi (一是), ordinal (第一，), dash (——)
    marker: str


@dataclass(frozen=True)
class Appendix:
    label: str  # with its colon: 附件1：
    heading: str


@dataclass(frozen=True)
class Article:
    """第一条　…: an article of a regulation; its text starts at `end`."""
    label: str  # 第一条
    end: int


@dataclass(frozen=True)
class Paragraph:
    """Body text."""


Kind = Union[Heading, RunIn, Point, Appendix, Article, Paragraph]

# the lead of a document's notes at its end (a statistical bulletin's 注释, 资料来源), alone on its
# line, with or without its colon (convert.readers.structure.notes)
NOTES_LEAD_WORDS = "注释|註釋|资料来源|資料來源|数据来源|數據來源"  # a lead that may carry its first note
NOTES_LEAD = re.compile(rf"^[ \u3000]*(?P<label>(?:{NOTES_LEAD_WORDS}|注|註|附注|附註)[ \u3000]*[：:]?)[ \u3000]*$")
# 第一条 followed by an ideographic space (or a space): an article of a regulation
ARTICLE = re.compile(rf"^(第([{NUM}0-9０-９]+)[条條])[ \u3000]+(?=\S)")
# a title that names a regulation (条例, 办法, 规则, …), maybe with （试行）
REGULATION_TITLE = ENDS_WITH_REGULATION


def is_regulation(title: str | None) -> bool:
    return bool(title and REGULATION_TITLE.search(title.strip()))


# the words an adoption or revision note ends with (…第三十三次会议通过), however it was broken
ADOPTION_END = re.compile(r"(?:会议|會議)(?:通过|通過|修订|修訂|修正|批准)$")


class Classifier:
    """Classify paragraphs in document order: whether a label is a heading depends
    on the labels before it (a sequence goes 1, 2, 3 and restarts only under a new
    parent heading)."""

    def __init__(self, regulation: bool = False) -> None:
        # a regulation's 第X条 are articles whatever their numbers (an excerpt may skip some);
        # elsewhere only a sequence that starts at 第一条 and goes on by one
        self.regulation = regulation
        self.last_article = 0
        self.in_article = False  # labels inside an article are its items, not headings
        self.last_number: dict[str, int] = {}  # label class → number of its last heading
        # label class → position of its last heading or run-in among all of them, so that
        # "has a higher class come since?" costs O(classes), not O(headings so far)
        self.last_seen: dict[str, int] = {}
        self.headings_seen = 0

    def classify(self, para: Para) -> Kind:
        kind = self.kind_of(para)
        if isinstance(kind, (Heading, Appendix)):
            self.in_article = False  # a heading ends the article before it
        return kind

    def kind_of(self, para: Para) -> Kind:
        s = para.text
        if NOTES_LEAD.match(s):
            return Paragraph()  # 注释： / 资料来源: the lead of the document's notes, never a heading
        m = APPENDIX.match(s)
        if m and len(s) <= 60 and not SENTENCE_PUNCT_END.search(s):
            return Appendix(m.group(1).replace(" ", ""), m.group(2))  # the label keeps its colon: 附件1：
        hinted_level = para.hints.outline_level
        article = self.article(s)
        if article:
            return article
        label = label_of(s)
        if label:
            rest = s[len(label.mark):]
            in_article = self.in_article and label.label_class != "chapter"
            if hinted_level is not None or not in_article and self.is_heading(label.label_class, label.number, rest):
                self.seen(label.label_class, label.number)
                return Heading(rest.lstrip(INDENT), label.mark.strip(), label.label_class, hinted_level)
            end = first_sentence_end(s, len(label.mark))
            if label.label_class != "cn" and end is not None and end < len(s) and end - len(label.mark) <= MAX_HEADING:
                self.seen(label.label_class, label.number)  # a run-in heading continues its sequence
                return RunIn(label.mark.strip(), end)
            return Point("item", label.mark.strip())
        if hinted_level is not None:
            return Heading(s, outline_level=hinted_level)
        if POINT_SHI.match(s):
            return Point("shi", s[: s.index("是") + 1])
        m = POINT_ORDINAL.match(s)
        if m:
            return Point("ordinal", m.group(1))
        m = POINT_DASH.match(s)
        if m:
            return Point("dash", m.group(1))
        if ADOPTION_END.search(s):
            return Paragraph()  # …常务委员会第六次主任会议修订: an adoption note's last line, no heading
        if para.standalone and len(s) <= 15 and all(is_han(ch) for ch in s):
            return Heading(s)  # 结束语: a short line of words alone, between blank lines
        if para.hints.bold and len(s) <= MAX_HEADING and s[-1] not in TERMINAL and not is_date_line(s):
            return Heading(s)  # a short bold line that is not a sentence (nor a date: a dateline)
        return Paragraph()

    def article(self, s: str) -> Article | None:
        m = ARTICLE.match(s)
        if not m:
            return None
        number = to_number(m.group(2))
        if not (self.regulation or number == self.last_article + 1):
            return None
        self.last_article, self.in_article = number, True
        return Article(m.group(1), m.end())

    def seen(self, label_class: str, number: int) -> None:
        self.last_number[label_class] = number
        self.last_seen[label_class] = self.headings_seen
        self.headings_seen += 1

    def is_heading(self, label_class: str, number: int, rest: str) -> bool:
        body = rest.rstrip("。.")
        if not body or len(without_pinyin(body)) > MAX_HEADING or rest[-1] in "；，、：;,:":
            return False
        if re.search(r"[。！？!?]", body):  # more than one sentence: a run-in or a point
            return False
        last = self.last_number.get(label_class)
        if last is None:
            return number == 1 or not self.headings_seen
        if number == last + 1:
            return True
        # a restart at 1 is a new sub-sequence only under a new parent heading
        if number == 1:
            since = self.last_seen[label_class]
            rank = CLASS_RANK[label_class]
            return any(pos > since for c, pos in self.last_seen.items() if CLASS_RANK[c] < rank)
        return False


def is_body_start(s: str) -> bool:
    """Is this line report text rather than head material (title, dateline, speaker)?"""
    if ADDRESSEE.match(s) or APPENDIX.match(s) and len(s) < 12:
        return True
    if label_of(s) or POINT_SHI.match(s) or POINT_ORDINAL.match(s):
        return True
    if POINT_DASH.match(s) and not DATELINE.match(s):
        return True
    return len(s) > 80 or (len(s) > 20 and s[-1] in SENTENCE_END)


# the end of an organisation's name, as addressees list them
_ORGANISATION_END = re.compile(
    r"(?:政府|部门|部門|单位|單位|机构|機構|委员会|委員會|管委会|管委會|办公室|辦公室|办|辦|委|厅|廳|局|院|部|署|会|會|所|站|室|处|處|科|"
    r"公司|企业|企業|海关|海關|总队|總隊|学校|學校|院校|团体|團體|村|乡|鄉|镇|鎮|街道|社区|社區|区|區|县|縣|市|州)"
    r"(?:[（(][^（()）]{1,12}[）)])?$"
)
# a line that ends in a verb of deciding or telling before its colon leads into the text
ENACTING = re.compile(r"(?:决定|決定|如下|规定|規定|指出|要求|认为|認為|表示)[ \u3000]*[：:]$")
MAX_ADDRESSEE = 300  # a long list of offices; longer is a paragraph


def is_addressee(s: str) -> bool:
    """各位代表： / 各区人民政府，市政府各部门：: the first paragraph names whom it is for; a long
    one lists offices (…卫生局、宣传部、…、青藏铁路公司：), most of its items an organisation."""
    if ENACTING.search(s):
        return False  # …会议决定： / 现将有关事项通知如下：: the sentence that leads into the text, no one addressed
    if ADDRESSEE.match(s):
        return True
    if len(s) > MAX_ADDRESSEE or s[-1:] not in "：:" or re.search(r"[。！？；!?;：:]", s[:-1]):
        return False
    items = [x for x in re.split(r"[，,、]", s[:-1]) if x]
    if len(items) < 3 or not _ORGANISATION_END.search(items[-1]) or re.search(r"[的了]", s):
        return False  # a sentence that ends in a colon (…研究了以下事项：) is no list of offices
    return sum(bool(_ORGANISATION_END.search(x)) for x in items) * 3 >= len(items) * 2


MIN_ONE_ADDRESSEE = 4  # characters of an addressee that is one organisation, run on with the text
_LEADING_ADDRESSEE = re.compile(r"^([^。！？；：:!?;]{2,60}[：:])[ \u3000]*(?=\S)")


def split_addressee(s: str) -> int | None:
    """各科室，各站所，各村：为提高…: where the addressee that opens a run-on paragraph ends,
    if its items are offices (each ends as an organisation's name, or is 各 and a word: 各位代表)."""
    m = _LEADING_ADDRESSEE.match(s)
    if not m or not is_addressee(m.group(1)):
        return None
    items = [x.strip() for x in re.split(r"[，,、]", m.group(1)[:-1]) if x.strip()]
    if not all(_ORGANISATION_END.search(x) or x.startswith("各") and len(x) <= 4 for x in items):
        return None
    if len(items) < 2 and not (len(items[0]) >= MIN_ONE_ADDRESSEE and _ORGANISATION_END.search(items[0])):
        return None  # one item: an organisation's name of four characters or more (市直有关部门：)
    return m.end()
