"""The report's head and metadata: which head line is the title, dateline,
subtitle, speaker or document number, and the title, issuer, date and place
inferred when the head does not give them."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from convert.chars import is_han
from convert.doctypes import ENDS_WITH_KIND
from convert.model import dates
from convert.model.dates import parse_date
from convert.readers import boilerplate
from convert.readers.structure.classify import Para
from convert.readers.structure.marks import DATELINE, DOCNUMBER, ORGAN_SUFFIX, ORGAN_SUFFIX_ANY


# The reader's title holds the issuer's line breaks as this character; `fill_meta` makes each a <br/>.
TITLE_BREAK = "\n"
MAX_TITLE = 80  # a title, however many lines: longer is a paragraph
MAX_TITLE_LINE = 40  # one line of a title broken over several
MAX_SPEAKER = 30  # 国务院总理　李克强, 北京市市长 殷勇同志作政府工作报告。
MIN_REPEAT = 4  # a shorter line inside the title is not taken for a repeat of it

# （2019年2月19日）under a title: the document's date (GB/T 9704 7.3.5.3 for some kinds).
PAREN_DATE = re.compile(rf"^[（(]\s*({dates.WRITTEN})\s*[）)]$")
# An organ's name, as the issuers of a statistical bulletin sign under its title
ORGAN_NAME = rf"[^\s，。、；：:（）()《》“”]{{2,30}}?{ORGAN_SUFFIX_ANY}"
ORGANS = re.compile(rf"{ORGAN_NAME}(?:[ \u3000]+{ORGAN_NAME})*")
# 某某市统计局　国家统计局某某调查队（2023年4月12日）: the issuers and the date, on the line under a title
PARENTHESISED_ISSUER = re.compile(rf"[（(](?P<organs>{ORGANS.pattern})[）)]")  # （某某县统计局）
ISSUED = re.compile(rf"^(?P<organs>{ORGANS.pattern})[ \u3000]*(?:[（(]\s*{dates.DAY}\s*[）)]|{dates.DAY})$")
# A speech's dateline, with the speaker after it on the same line or paragraph:
# 2025年1月14日在…会议上北京市市长 殷勇同志作政府工作报告。
SPEECH = re.compile(rf"^((?:——|--)?\s*{dates.WRITTEN}\s*在[^，。；！？]{{2,60}}?(?:会议|會議|大会|大會|会|會)上)(?!的)"
                    r"([^，。；！？,;!?：:]{0,40}。?)$")
# The kinds of document a title ends with (GB/T 9704 7.3.1): a title that ends so is complete.
DOC_TYPE_END = ENDS_WITH_KIND
# A title line that cannot stand alone: it ends inside a phrase, or the next one starts inside it.
OPEN_END = re.compile(r"(关于|關於|的|和|及|与|與|暨|、|“|《|对|對|在|为|為|转发|轉發|印发|印發)$")
OPEN_START = re.compile(r"^(的|和|及|与|與|暨|》|”)")
_TITLE_PUNCT = re.compile(r"[。！？；!?;，,：:]")
_SPEAKER_PUNCT = re.compile(r"[，。；！？,;!?：:]")


def unspace_title(s: str) -> str:
    """国 家 粮 食 应 急 预 案: a title line set with a space between its characters, closed up."""
    gaps = {i for i in range(1, len(s) - 1) if s[i] in " \u3000" and is_han(s[i - 1]) and is_han(s[i + 1])}
    if len(gaps) < 3 or len(gaps) * 2 < len(s) - len(gaps) - 1:  # spaced throughout, not a space or two
        return s
    return "".join(ch for i, ch in enumerate(s) if i not in gaps)


def is_title_line(s: str) -> bool:
    """The shape of a line of a title: short, with no sentence punctuation."""
    return len(s) <= MAX_TITLE and not _TITLE_PUNCT.search(s)


def is_title_line_any_length(s: str) -> bool:
    """A line with a title's punctuation (none of a sentence's), however long."""
    return not _TITLE_PUNCT.search(s)


def title_is_complete(title: str) -> bool:
    """Does the title so far end as a document's title does (…的通知, …报告)?"""
    return bool(DOC_TYPE_END.search(title)) and not OPEN_END.search(title)


def continues_title(title: str, s: str) -> bool:
    """Is `s`, on the line after `title`, more of the same title?"""
    return not title_is_complete(title) or bool(OPEN_START.match(s))


def is_speaker(s: str) -> bool:
    """国务院总理　李克强 / 北京市市长 殷勇同志: a short line with no sentence punctuation, not
    opening with figures (a post and a name never do; a date or a note does)."""
    return len(s) <= MAX_SPEAKER and not _SPEAKER_PUNCT.search(s) and not s[:1].isdigit()


def dateline_open(dateline: str) -> bool:
    """——2021年3月5日在第十三届全国人民代表大会 (the line ends here): 在 still waits for its 上."""
    return bool(re.search(r"在[^上]*$", dateline))


MAX_NOTE = 120  # an adoption note over two lines, all of it


def note_close(dateline: str, s: str) -> int | None:
    """Where in `s` the bracket that a dateline opened and left open closes (just past it), or
    None: an adoption note printed over two lines ((1992年10月24日…人民代表大会 / 常务委员会第三十三次
    会议通过)), the body maybe running on after it on the same line."""
    if not dateline.startswith(("（", "(")):
        return None
    depth = sum(ch in "（(" for ch in dateline) - sum(ch in "）)" for ch in dateline)
    if depth <= 0:
        return None
    for i, ch in enumerate(s[:MAX_NOTE - len(dateline)]):
        depth += ch in "（("
        depth -= ch in "）)"
        if depth == 0:
            return i + 1
    return None


def join_title(title: str, line: str) -> str:
    """The title with one more of its lines: after a line break where the issuer broke it,
    run on where a scrape did (政府工作报 / 告)."""
    last = title.rsplit(TITLE_BREAK, 1)[-1]
    return title + (TITLE_BREAK if is_issuer_break(last, line) else "") + line


def is_issuer_break(before: str, after: str) -> bool:
    """A break between two title lines is the issuer's unless a line is one character or the
    break cuts a word: issuers break titles between words (GB/T 9704 7.3.1), scrapes anywhere.
    Words are the segmenter's dictionary words only: its guesses at unknown words join
    across particles (工作|时所提问题 would be one)."""
    if len(before) < 2 or len(after) < 2:
        return False
    import rjieba  # imported on first use: loading its dictionary takes a moment

    end = 0
    for word in rjieba.cut(before + after, hmm=False):
        end += len(word)
        if end >= len(before):
            return end == len(before)
    return True


# …的通知（岳办发〔2017〕2号） / …的通知蔚政办字〔2020〕43号: a title with its 文号 on its line
_PAREN_DOCNUMBER = re.compile(r"^(?P<title>.+?)[（(](?P<docnumber>[^（()）《》]{1,16}?" + DOCNUMBER.pattern + r")[）)]$")
_END_DOCNUMBER = re.compile(r"(?P<docnumber>[^\s（()）《》“”，。、：:]{1,12}?" + DOCNUMBER.pattern + r")$")


def split_title_docnumber(s: str) -> tuple[str, str] | None:
    """(title, 文号) of a complete title that has its 文号 after it on the same line."""
    m = _PAREN_DOCNUMBER.match(s)
    if m:
        title, docnumber = m.group("title"), m.group("docnumber")
    else:
        m = _END_DOCNUMBER.search(s)
        if not m:
            return None
        # the shortest 文号 prefix that leaves a complete title before it
        bracket = m.start() + DOCNUMBER.search(m.group(0)).start()
        cut = next((i for i in range(bracket, m.start() - 1, -1) if title_is_complete(s[:i])), None)
        if cut is None or cut == bracket:
            return None
        title, docnumber = s[:cut], s[cut:]
    title = title.rstrip(" \u3000")
    if len(title) < 4 or not is_title_line(title) or not title_is_complete(title) or (
            title.count("（") + title.count("(") != title.count("）") + title.count(")")):  # cut inside a bracket
        return None
    return title, docnumber.strip()


# a 文号 under a title that a copy cut after its figures (牟政办发〔201746: 〕 and 号 lost): an
# organ's short name ending as a 文号's does (发, 字, 函), the bracket, the year and number run on
CUT_DOCNUMBER = re.compile(r"[^\s，。：:、《》（）()]{1,12}[发發字函][〔［\[][0-9０-９]{5,8}")


def line_field(s: str, title: str | None) -> tuple[str, str] | None:
    """A head line that is a field whatever its neighbours: a document number, a title with
    its document number after it, a speech's dateline (with the speaker after it), a
    parenthesised date, a dateline under a title."""
    if DOCNUMBER.search(s) and split_title_docnumber(s):
        return "titled", s
    if DOCNUMBER.search(s) and len(s) <= 40:
        return "docnumber", s
    if title and CUT_DOCNUMBER.fullmatch(s):
        return "docnumber", s  # kept as printed: the reader does not guess where the year ends
    if SPEECH.match(s):
        return "speech", s
    if title and PAREN_DATE.match(s):
        return "date", s
    if title and ISSUED.match(s):
        return "dateline", s
    if title and DATELINE.match(s):
        return "dateline", s
    return None


def split_speech(s: str) -> tuple[str, str]:
    """(dateline, speaker) of a speech's dateline line; the speaker may be empty."""
    m = SPEECH.match(s)
    return m.group(1), m.group(2).strip()


def fill_meta(meta: etree._Element, title: str | None, title_origin: str, head: dict[str, str],
              dropped_text: list[str], paras: list[Para], source: str) -> None:
    """Fill <meta>: what the head gave, else what the body and the dropped lines show."""
    if not title:
        title, title_origin = infer_title(paras), "inferred"
    if not title:
        title, title_origin = Path(source).stem, "file"
    if title_origin != "text":
        title = title.replace(TITLE_BREAK, " ")  # only a title read from the text has the issuer's breaks
    fill_title(etree.SubElement(meta, "title", origin=title_origin), title)
    if "subtitle" in head:
        etree.SubElement(meta, "subtitle").text = head["subtitle"]
    listed = listed_metadata(dropped_text)
    issuer = find_issuer(title, dropped_text, paras) or head_issuer(head) or listed.get("issuer") or last_issuer(paras)
    if issuer:
        etree.SubElement(meta, "issuer").text = issuer
    date = find_date(head.get("dateline", ""), dropped_text) or listed.get("date")
    if date:
        etree.SubElement(meta, "date", when=date[0]).text = date[1]
    place = find_place(issuer or "", head.get("dateline", ""))
    if place:
        etree.SubElement(meta, "place").text = place
    docnumber = head.get("docnumber") or listed.get("docnumber")
    if docnumber:
        etree.SubElement(meta, "docnumber").text = docnumber
    urls = [t.strip() for t in dropped_text if t.strip().startswith(("http://", "https://"))]
    etree.SubElement(meta, "source").text = urls[0] if urls else source
    etree.SubElement(meta, "transforms")


def listed_metadata(dropped: list[str]) -> dict:
    """The issuer, date and 发文字号 of a page's metadata list copied as text, which the
    reader dropped as site lines: where the document's own head does not print them."""
    found: dict = {}
    for line in dropped:
        fields = boilerplate.metadata_fields(line)
        if not fields:  # most dropped lines are not a list's: no label to try
            continue
        for label in boilerplate.DOCNUMBER_LABELS:
            if "docnumber" not in found and DOCNUMBER.search(fields.get(label, "")):
                found["docnumber"] = fields[label].strip()
        for label in boilerplate.ISSUER_LABELS:
            value = fields.get(label, "")
            if "issuer" not in found and any(is_han(ch) for ch in value):
                found["issuer"] = value
        for label in boilerplate.DATE_LABELS:
            value = fields.get(label, "")
            if "date" in found or not value:
                continue
            date = parse_date(value) or dates.parse_hyphenated(value)
            if date and date[0].count("-") == 2:
                found["date"] = date
    return found


def fill_title(el: etree._Element, title: str) -> None:
    """The title's text, with a <br/> at each of the issuer's line breaks."""
    lines = title.split(TITLE_BREAK)
    el.text = lines[0]
    for line in lines[1:]:
        etree.SubElement(el, "br").tail = line


def infer_title(paras: list[Para]) -> str | None:
    """A speech's opening names its genre: 向大会作政府工作报告 / 提出关于…的报告."""
    for para in paras[:4]:
        s = para.text
        m = re.search(r"(?:提出|作|做)(关于[^，。；！]{2,40}?的报告|關於[^，。；！]{2,40}?的報告|[^，。；！\s]{2,10}[报報]告)", s)
        if m:
            return m.group(1)
        if re.search(rf"代表[^，。]{{0,12}}{ORGAN_SUFFIX}.{{0,4}}向[^，。]{{0,10}}[报報]告[^，。]{{0,10}}工作", s) and re.search(
            r"(政府|国务院|國務院)", s
        ):
            return "政府工作報告" if "報" in s else "政府工作报告"
    return None


def find_issuer(title: str, dropped: list[str], paras: list[Para]) -> str | None:
    for line in dropped:
        value = boilerplate.infobox_value(line, ("發布單位", "发布单位", "發文單位", "发文单位", "發文機關", "发文机关"))
        if value:
            return value
    m = re.match(rf"^(\S{{2,20}}?{ORGAN_SUFFIX})(关于|關於)", title)
    if m:
        return m.group(1)
    for para in paras[:4]:
        m = re.search(rf"我代表([^，。,、\s]{{2,16}}?{ORGAN_SUFFIX})[，,]?向", para.text)
        if m:
            return m.group(1)
    return None


def head_issuer(head: dict[str, str]) -> str | None:
    """The issuers a bulletin prints under its title: on its dateline's line, before the date
    (某某市统计局　国家统计局某某调查队（2023年4月12日）), or on a line of their own (read as the speaker)."""
    m = ISSUED.match(head.get("dateline", ""))
    if m:
        return m.group("organs")
    speaker = head.get("speaker", "")
    return speaker if ORGANS.fullmatch(speaker) else None


def last_issuer(paras: list[Para]) -> str | None:
    """（某某县统计局）: the issuer a bulletin names in parentheses on its last line."""
    m = PARENTHESISED_ISSUER.fullmatch(paras[-1].text.strip(" \u3000")) if paras else None
    return m.group("organs") if m else None


def find_date(dateline: str, dropped: list[str]) -> tuple[str, str] | None:
    """(ISO date, as written) from the dateline (Arabic or Chinese numerals), else from an
    infobox or an encyclopedia lead."""
    found = parse_date(dateline)
    if found and found[0].count("-") == 2:  # a dateline's date is a day
        return found
    for line in dropped:
        value = boilerplate.infobox_value(line, ("發布時間", "发布时间", "發布日期", "发布日期", "頒布時間", "颁布时间"))
        if value and (found := parse_date(value)):
            return found
    for line in dropped:  # an encyclopedia lead: 《…》是2021年…發布的報告
        m = re.search(rf"》是((?:{dates.YEAR})年)", line)
        if m and (found := parse_date(m.group(1))):
            return found
    return None


def find_place(issuer: str, dateline: str) -> str | None:
    m = re.match(r"^(\S{2,8}?(?:省|自治区|自治區|特别行政区|特別行政區|市))", issuer)
    if m:
        return m.group(1)
    m = re.search(r"在(北京|上海|天津|重庆|重慶)", dateline)
    return m.group(1) if m else None
