"""The marks a report's structure is read from: heading labels (一、 （一） 1.),
point openers (一是 第一， ——), appendix and head-line patterns, and the
helpers that read them (`label_of`, `to_number`, `first_sentence_end`)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from convert.model import dates, inline

NUM = "一二三四五六七八九十百零〇"
CAPITAL_NUM = "壹貳贰參叁肆伍陸陆柒捌玖拾佰"
_CAPITAL_TO_NUM = str.maketrans("壹貳贰參叁肆伍陸陆柒捌玖拾佰", "一二二三三四五六六七八九十百")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
INDENT = " \t\u3000\u00a0"
OBJECT = "\ufffc"  # the text of a paragraph that is a ready-made block (a table, a figure)
TERMINAL = "。！？；：…!?;:"
SENTENCE_END = "。！？!?"
CLOSING_AFTER_TERMINAL = "”’」』）)》"
MAX_HEADING = 40  # characters after the label
# How an organ's name ends, one definition for every rule that asks: ORGAN_SUFFIX, an issuing
# organ's (…人民政府, …委员会, …办公厅, …局, …委), as titles, 版头 and the issuers' lines print it;
# ORGAN_SUFFIX_ANY, any unit's that signs or is named apart (…处, …司, …所, …中心, …组, …银行, …社,
# …团, …党, …队 as well). Used at a name's end, lazily after its first characters.
ORGAN_SUFFIX = r"(?:人民政府|政府|国务院|國務院|委员会|委員會|办公厅|辦公廳|办公室|辦公室|委|厅|廳|局|部|院|署|会|會)"
ORGAN_SUFFIX_ANY = rf"(?:{ORGAN_SUFFIX}|府|办|辦|室|处|處|司|所|中心|组|組|行|社|团|團|党|黨|队|隊)"
# a line that is an issuing organ's name and nothing else, no title's (关于, 的): a title's first
# line naming its issuer, a joint signature's lines one a line (请认真贯彻执行 ends in 行: no 行)
ORGAN_LINE = re.compile(rf"^(?!.*(?:关于|關於|的))\S{{2,30}}?{ORGAN_SUFFIX}$")

# Heading label classes in the official rank order of GB/T 9704 (一、 （一） 1. （1）),
# with 第一章/第一部分 above them. Each pattern captures (label, number).
LABELS = [
    ("chapter", re.compile(rf"^(第([{NUM}0-9]+)(?:章|部分|篇|编|編))[ \u3000、，,：:]?")),
    ("cn-capital", re.compile(rf"^(([{CAPITAL_NUM}]+)[、，,.．])")),  # 壹、貳、: Taiwan's top level
    ("cn", re.compile(rf"^(([{NUM}]+)[、，,.．])")),
    ("paren-cn", re.compile(rf"^([（(]([{NUM}]+)[）)])[、，]?")),
    ("arabic", re.compile(r"^(([0-9０-９]{1,3})(?:[.．、](?![0-9０-９])|\s))")),
    ("paren-arabic", re.compile(r"^([（(]([0-9０-９]{1,3})[）)])[、，]?")),
]
CLASS_RANK = {name: rank for rank, (name, _) in enumerate(LABELS)}
POINT_SHI = re.compile(rf"^[{NUM}]+是")
POINT_ORDINAL = re.compile(rf"^(第[{NUM}]+)[，、,]")
POINT_DASH = re.compile(r"^(——|--|—)(?!—)")
# 各位代表： / 各区人民政府，市政府各部门：(主送机关): a short line that ends in a colon.
ADDRESSEE = re.compile(r"^(各位[^，。,]{1,8}[：:！!]|[^。！？!?：:]{2,40}[：:])$")
APPENDIX = re.compile(rf"^(附件\s*[0-9０-９{NUM}]*\s*[：:]?)\s*(.*)$")
DATELINE = re.compile(rf"^(——|--|[（(]).{{0,40}}[0-9０-９{dates.CN_DIGITS}十]{{2,4}}\s*年.{{0,60}}$")
DOCNUMBER = re.compile(r"[〔［\[][0-9０-９]{4}[〕］\]]\s*[0-9０-９]+\s*[号號]")
SENTENCE_PUNCT_END = re.compile(r"[。！？；!?;]$")


@dataclass(frozen=True)
class Label:
    """A heading-style sequence mark at the start of a paragraph."""
    label_class: str  # a name in LABELS
    mark: str  # as written, with what follows it up to the text: "一、", "第一章 "
    number: int


def label_of(s: str) -> Label | None:
    """The heading-style sequence mark at the start of s (not the whole of s)."""
    for name, pattern in LABELS:
        m = pattern.match(s)
        if m and len(s) > len(m.group(0)):
            return Label(name, m.group(0), to_number(m.group(2)))
    return None


def to_number(numeral: str) -> int:
    """一百二十三 / 壹拾 / １２ → int."""
    numeral = numeral.translate(_FULLWIDTH_DIGITS).translate(_CAPITAL_TO_NUM)
    if numeral.isdigit():
        return int(numeral)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    total, current = 0, 0
    for ch in numeral:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = digits.get(ch, 0)
    return total + current


def first_sentence_end(text: str, start: int = 0) -> int | None:
    """Index just past the first sentence end (。！？) outside 《》 and quotes, with
    any closing quote that follows it."""
    marks = inline.spans(text)
    for i in range(start, len(text)):
        if text[i] in SENTENCE_END and inline.depth_zero(text, i, marks):
            j = i + 1
            while j < len(text) and text[j] in CLOSING_AFTER_TERMINAL:
                j += 1
            return j
    return None


def starts_structure(s: str) -> bool:
    """Does s open with a structural mark (a label, a point opener, an appendix)?"""
    return bool(label_of(s) or POINT_SHI.match(s) or POINT_ORDINAL.match(s) or POINT_DASH.match(s)
                or APPENDIX.match(s) and len(s) < 40)


DATE_LINE = re.compile(rf"^{dates.DAY}$")


def is_date_line(s: str) -> bool:
    """A line that is a real date and nothing else (2019年1月27日, 二〇一九年一月二十七日)."""
    return bool(DATE_LINE.match(s)) and dates.parse_day(s) is not None
