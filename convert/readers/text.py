"""Scraped report text → model.

The reader runs in small steps: decode, clean characters, split off web
boilerplate (head and tail), read the head (title, dateline, speaker), join
broken lines into paragraphs, classify each paragraph (heading, run-in,
enumerated point, appendix, body text), nest sections, then apply the
punctuation transform. Every rule is general: it looks at line shape, marks,
punctuation and sequence, never at one document's words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from convert.errors import InputError
from convert.model import inline, tree
from convert.options import Options
from convert.readers import boilerplate
from convert.readers.decode import decode
from convert.transforms import cleanup, punctuation

NUM = "一二三四五六七八九十百零〇"
CAPITAL_NUM = "壹貳贰參叁肆伍陸陆柒捌玖拾佰"
_CAPITAL_TO_NUM = str.maketrans("壹貳贰參叁肆伍陸陆柒捌玖拾佰", "一二二三三四五六六七八九十百")
INDENT = " \t\u3000\u00a0"
TERMINAL = "。！？；：…!?;:"
SENTENCE_END = "。！？!?"
CLOSING_AFTER_TERMINAL = "”’」』）)》"
MAX_HEADING = 40  # characters after the label

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
DATELINE = re.compile(r"^(——|--|[（(]).{0,40}[0-9０-９〇一二三四五六七八九十]{2,4}\s*年.{0,60}$")
DOCNUMBER = re.compile(r"[〔［\[][0-9０-９]{4}[〕］\]]\s*[0-9０-９]+\s*[号號]")


@dataclass
class Line:
    n: int  # 1-based line number in the decoded input
    text: str


@dataclass
class Para:
    text: str
    standalone: bool = True  # blank lines (or document edges) on both sides
    lines: list[int] = field(default_factory=list)  # the input lines it was joined from


# ------------------------------------------------------------------ entry --

def read(path: Path, options: Options | None = None) -> etree._Element:
    options = options or Options()
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory, not a report file") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}") from None
    return parse(raw, source=Path(path).name, options=options)


def parse(raw: bytes, source: str = "report.txt", options: Options | None = None) -> etree._Element:
    options = options or Options()
    text, encoding = decode(raw, options.encoding)
    transforms: list[tuple[str, str]] = [("decode", encoding)]
    text = cleanup.normalize_newlines(text)
    # A line of zero-width characters only is a scrape artefact inside a sentence:
    # it joins its neighbours rather than separating them like a blank line.
    joiners = {n for n, x in enumerate(text.split("\n"), 1) if cleanup.is_zero_width_only(x)}
    text, zw = cleanup.remove_zero_width(text)
    text, illegal = cleanup.remove_control_characters(text)
    text, spaced = cleanup.join_spaced_digits(text)
    if zw:
        transforms.append(("remove-zero-width", f"{zw} characters"))
    if illegal:
        transforms.append(("remove-control-characters", f"{illegal} characters"))
    if spaced:
        transforms.append(("join-spaced-digits", f"{spaced} spaces"))
    lines = split_run_on(text.split("\n"))

    builder = Builder(lines, source, options, joiners)
    report = builder.build()
    dropped_count = len(report.find("dropped")) if report.find("dropped") is not None else 0
    if dropped_count:
        transforms.append(("strip-boilerplate", f"{dropped_count} lines"))
    if builder.punctuation_changes:
        transforms.append(("fullwidth-punctuation", f"GB/T 15834: {builder.punctuation_changes} marks"))
    record_transforms(report, transforms)
    return tree.validate(report)


def split_run_on(lines: list[str]) -> list[str]:
    """A document that sits on one or a few very long lines: break it before
    structural marks that follow a sentence end, so the usual rules apply."""
    nonblank = [x for x in lines if x.strip()]
    if not nonblank or len(nonblank) > 5 or max(map(len, nonblank)) < 2000:
        return lines
    marker = rf"(?:[{NUM}]+、|[（(][{NUM}]+[）)]|[{NUM}]+是|第[{NUM}]+[，、]|附件[0-9０-９]*)"
    out: list[str] = []
    for line in lines:
        parts = re.split(rf"(?<=[{SENTENCE_END}；])\s*(?={marker})", line)
        for part in parts:
            # a heading label, a short heading, then directly the first point (一是…)
            m = re.match(rf"^((?:[{NUM}]+、|[（(][{NUM}]+[）)])[^。！？；]{{2,{MAX_HEADING}}}?)(?=一是)", part)
            if m:
                out += [m.group(1), "", part[m.end():]]
            else:
                out.append(part)
            out.append("")
    return out


# ---------------------------------------------------------------- builder --

class Builder:
    def __init__(self, lines: list[str], source: str, options: Options, joiners: set[int] = frozenset()):
        self.raw = lines
        self.joiners = joiners
        self.source = source
        self.options = options
        self.dropped: list[tuple[int, str, str]] = []
        self.title: str | None = None
        self.title_origin = "text"
        self.head: dict[str, str] = {}
        self.punctuation_changes = 0

    # -- steps ---------------------------------------------------------------
    def build(self) -> etree._Element:
        end, tail_reasons = boilerplate.tail_start(self.raw)
        for i, reason in sorted(tail_reasons.items()):
            self.dropped.append((i + 1, reason, self.raw[i]))
        lines = [Line(i + 1, x) for i, x in enumerate(self.raw[:end]) if i + 1 not in self.joiners]
        body_lines = self.read_head(lines)
        paras = join_broken_lines(body_lines)
        if not paras and not self.title:
            if self.dropped:
                raise InputError("no report text: every line is web boilerplate")
            raise InputError("no report text")
        if not paras:
            raise InputError("no report body after the title")
        if not self.options.keep_punctuation:
            self.normalize_punctuation(paras)
        return self.assemble(paras)

    def normalize_punctuation(self, paras: list[Para]) -> None:
        """GB/T 15834 on whole paragraphs, before inline marks split them, so that
        bracket pairs and neighbours are seen across 《》 and “”."""
        for para in paras:
            para.text, n = punctuation.to_fullwidth(para.text)
            self.punctuation_changes += n
        for key, value in self.head.items():
            self.head[key], n = punctuation.to_fullwidth(value)
            self.punctuation_changes += n
        if self.title and self.title_origin == "text":
            self.title, n = punctuation.to_fullwidth(self.title)
            self.punctuation_changes += n

    def read_head(self, lines: list[Line]) -> list[Line]:
        """Consume the head: boilerplate, title, dateline, speaker, document number.
        Return the lines from the first body line on."""
        if self.options.title:
            self.title, self.title_origin = self.options.title, "user"
        groups: list[tuple[int, list[Line]]] = []  # (index of first line, lines)
        i = 0
        while i < len(lines):
            line = lines[i]
            s = line.text.strip(INDENT)
            if not s:
                i += 1
                if groups and groups[-1][1]:
                    groups.append((i, []))
                continue
            reason = boilerplate.head_reason(s, self.title, self.title or self.peek_title(lines, i))
            if reason:
                self.dropped.append((line.n, reason, line.text))
                i += 1
                continue
            if is_body_start(s):
                break
            if not groups or not groups[-1][1]:
                groups[-1:] = [(i, [])]
            if DOCNUMBER.search(s) and len(s) <= 40 and groups[-1][1]:
                groups.append((i, []))  # a document number stands on its own line, even without blank lines
            groups[-1][1].append(line)
            i += 1
        for start, group in groups:
            if group and not self.read_head_group(group):
                # head material ends at the first paragraph; the rest is body, in order
                dropped = {n for n, _, _ in self.dropped}
                return [x for x in lines[start:i] if x.n not in dropped] + lines[i:]
        return lines[i:]

    def peek_title(self, lines: list[Line], i: int) -> str | None:
        """The first non-blank line, as the title breadcrumbs and repeats are compared to."""
        for line in lines[: i + 1]:
            if line.text.strip(INDENT):
                return line.text.strip(INDENT)
        return None

    def read_head_group(self, group: list[Line]) -> bool:
        """Take a group of head lines as title, dateline, speaker or document number;
        False if it is none of these (a paragraph: the body starts here)."""
        texts = [x.text.strip(INDENT) for x in group]
        joined = "".join(texts)
        if DOCNUMBER.search(joined) and len(joined) <= 40:
            self.head.setdefault("docnumber", joined)
        elif "dateline" not in self.head and DATELINE.match(joined) and self.title:
            self.head["dateline"] = joined
        elif self.title is None and len(joined) <= 80 and not SENTENCE_PUNCT_END.search(joined):
            self.title, self.title_origin = joined, "text"
        elif self.title and "subtitle" not in self.head and joined.startswith(("——", "--")) and "dateline" not in self.head:
            self.head["subtitle"] = joined.lstrip("—-")
        elif self.title and "speaker" not in self.head and len(joined) <= 30 and not boilerplate.SENTENCE_PUNCT.search(joined):
            # 国务院总理 / 　李克强: keep the space the source put between position and name
            self.head["speaker"] = "　".join(t for t in texts) if len(texts) > 1 else joined
        else:
            return False
        return True

    def assemble(self, paras: list[Para]) -> etree._Element:
        from convert.transforms.script import detect_script

        all_text = "".join(p.text for p in paras)
        report = tree.new_report(detect_script((self.title or "") + all_text))
        meta = etree.SubElement(report, "meta")
        front_items: dict[str, str] = {}
        for key in ("dateline", "speaker"):
            if key in self.head:
                front_items[key] = self.head[key]
        if paras and ADDRESSEE.match(paras[0].text):
            front_items["addressee"] = paras.pop(0).text
        sections = SectionBuilder(paras)
        body, appendices = sections.build()
        self.fill_meta(meta, paras)
        if front_items:
            front = etree.SubElement(report, "front")
            for key in ("summary", "dateline", "speaker", "addressee"):
                if key in front_items:
                    inline.fill(etree.SubElement(front, key), front_items[key])
        report.append(body)
        for appendix in appendices:
            report.append(appendix)
        if self.dropped:
            dropped = etree.SubElement(report, "dropped")
            for n, reason, text in sorted(self.dropped):
                etree.SubElement(dropped, "line", n=str(n), reason=reason).text = text
        return report

    def fill_meta(self, meta: etree._Element, paras: list[Para]) -> None:
        dropped_text = [t for _, _, t in self.dropped]
        title, origin = self.title, self.title_origin
        if not title:
            title, origin = infer_title(paras), "inferred"
        if not title:
            title, origin = Path(self.source).stem, "file"
        etree.SubElement(meta, "title", origin=origin).text = title
        if "subtitle" in self.head:
            etree.SubElement(meta, "subtitle").text = self.head["subtitle"]
        issuer = find_issuer(title, dropped_text, paras)
        if issuer:
            etree.SubElement(meta, "issuer").text = issuer
        date = find_date(self.head.get("dateline", ""), dropped_text)
        if date:
            etree.SubElement(meta, "date", when=date[0]).text = date[1]
        place = find_place(issuer or "", self.head.get("dateline", ""))
        if place:
            etree.SubElement(meta, "place").text = place
        if "docnumber" in self.head:
            etree.SubElement(meta, "docnumber").text = self.head["docnumber"]
        urls = [t.strip() for t in dropped_text if t.strip().startswith(("http://", "https://"))]
        etree.SubElement(meta, "source").text = urls[0] if urls else self.source
        etree.SubElement(meta, "transforms")


SENTENCE_PUNCT_END = re.compile(r"[。！？；!?;]$")


def is_body_start(s: str) -> bool:
    """Is this line report text rather than head material (title, dateline, speaker)?"""
    if ADDRESSEE.match(s) or APPENDIX.match(s) and len(s) < 12:
        return True
    if label_of(s) or POINT_SHI.match(s) or POINT_ORDINAL.match(s):
        return True
    if POINT_DASH.match(s) and not DATELINE.match(s):
        return True
    return len(s) > 80 or (len(s) > 20 and s[-1] in SENTENCE_END)


# ------------------------------------------------------------- paragraphs --

def join_broken_lines(lines: list[Line]) -> list[Para]:
    """Group lines into paragraphs. A line joins the one before it when no blank
    line separates them, the earlier line does not end a sentence, and neither is
    a heading or starts with a structural mark (scrapes break lines at links).
    A paragraph is standalone when blank lines (or the document's edges) surround it."""
    paras: list[Para] = []
    blank_before = True
    for line in lines:
        s = line.text.strip(INDENT)
        if not s:
            blank_before = True
            continue
        prev = paras[-1] if paras else None
        if prev is not None and not blank_before and continues(prev.text, s):
            latin_words = prev.text[-1].isascii() and prev.text[-1].isalpha() and s[0].isascii() and s[0].isalpha()
            prev.text += " " + s if latin_words else s
            prev.lines.append(line.n)
        else:
            if prev is not None and not blank_before:
                prev.standalone = False  # no blank line after it
            paras.append(Para(s, blank_before, [line.n]))
        blank_before = False
    return paras


def continues(prev: str, s: str) -> bool:
    if prev[-1] in TERMINAL or (prev[-1] in CLOSING_AFTER_TERMINAL and len(prev) > 1 and prev[-2] in SENTENCE_END):
        return False
    if starts_structure(s) or starts_structure(prev) and len(prev) <= MAX_HEADING + 6:
        return False
    if ADDRESSEE.match(prev):
        return False
    return True


def starts_structure(s: str) -> bool:
    return bool(label_of(s) or POINT_SHI.match(s) or POINT_ORDINAL.match(s) or POINT_DASH.match(s) or APPENDIX.match(s) and len(s) < 40)


def label_of(s: str) -> tuple[str, str, int] | None:
    """(class, label, number) of a heading-style sequence mark at the start of s."""
    for name, pattern in LABELS:
        m = pattern.match(s)
        if m and len(s) > len(m.group(0)):
            return name, m.group(0), to_number(m.group(2))
    return None


def to_number(numeral: str) -> int:
    numeral = numeral.translate(str.maketrans("０１２３４５６７８９", "0123456789")).translate(_CAPITAL_TO_NUM)
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


# --------------------------------------------------------------- sections --

class SectionBuilder:
    """Classify paragraphs and nest them into sections and appendices."""

    def __init__(self, paras: list[Para]):
        self.paras = paras
        self.last_number: dict[str, int] = {}
        self.heading_classes: list[str] = []

    def build(self) -> tuple[etree._Element, list[etree._Element]]:
        kinds = [self.classify(p) for p in self.paras]
        body = etree.Element("body")
        appendices: list[etree._Element] = []
        container = body
        stack: list[tuple[int, str | None, etree._Element]] = []  # open sections: level, label class, element
        for para, kind in zip(self.paras, kinds):
            if kind[0] == "appendix":
                appendix = etree.Element("appendix", label=kind[1])
                if kind[2]:
                    inline.fill(etree.SubElement(appendix, "heading"), kind[2])
                appendices.append(appendix)
                container, stack = appendix, []
                continue
            if kind[0] == "heading":
                _, cls, label, text = kind
                stack = open_sections_for(stack, cls)
                level = min(stack[-1][0] + 1 if stack else 1, 4)
                if len(stack) == 4:  # deeper than the model's four levels: a sibling at level 4
                    stack.pop()
                parent = stack[-1][2] if stack else container
                section = etree.SubElement(parent, "section", level=str(level))
                if label:
                    section.set("label", label)
                inline.fill(etree.SubElement(section, "heading"), text)
                stack.append((level, cls, section))
                continue
            target = stack[-1][2] if stack else container
            if target.tag in ("section", "appendix", "body") and len(target) and target[-1].tag == "section":
                # text after a subsection belongs to that subsection (headings nest what follows)
                target = deepest_open(target)
            target.append(make_block(para, kind))
        return body, appendices

    def classify(self, para: Para) -> tuple:
        s = para.text
        m = APPENDIX.match(s)
        if m and len(s) <= 60 and not SENTENCE_PUNCT_END.search(s):
            return ("appendix", m.group(1).replace(" ", ""), m.group(2))  # the label keeps its colon: 附件1：
        label = label_of(s)
        if label:
            cls, mark, number = label
            rest = s[len(mark):]
            if self.is_heading(cls, number, rest, para):
                self.last_number[cls] = number
                self.heading_classes.append(cls)
                return ("heading", cls, mark.strip(), rest.lstrip(INDENT))
            end = first_sentence_end(s, len(mark))
            if cls != "cn" and end is not None and end < len(s) and end - len(mark) <= MAX_HEADING:
                self.last_number[cls] = number  # a run-in heading continues its sequence
                self.heading_classes.append(cls)
                return ("runin", mark.strip(), end)
            return ("point", "item", mark.strip())
        if POINT_SHI.match(s):
            return ("point", "shi", s[: s.index("是") + 1])
        m = POINT_ORDINAL.match(s)
        if m:
            return ("point", "ordinal", m.group(1))
        m = POINT_DASH.match(s)
        if m:
            return ("point", "dash", m.group(1))
        if para.standalone and len(s) <= 15 and all(is_han(ch) for ch in s):
            return ("heading", None, "", s)  # 结束语: a short line of words alone, between blank lines
        return ("p",)

    def is_heading(self, cls: str, number: int, rest: str, para: Para) -> bool:
        body = rest.rstrip("。.")
        if not body or len(body) > MAX_HEADING or rest[-1] in "；，、：;,:":
            return False
        if re.search(r"[。！？!?]", body):  # more than one sentence: a run-in or a point
            return False
        last = self.last_number.get(cls)
        if last is None:
            return number == 1 or not self.heading_classes
        if number == last + 1:
            return True
        # a restart at 1 is a new sub-sequence only under a new parent heading
        if number == 1:
            since = self.heading_classes[len(self.heading_classes) - 1 - self.heading_classes[::-1].index(cls):]
            return any(CLASS_RANK[c] < CLASS_RANK[cls] for c in since)
        return False


def open_sections_for(stack: list, cls: str | None) -> list:
    """The open sections a new heading of label class `cls` goes under: a heading
    closes its own class's open section (a sibling) and every section of a class
    ranked at or below it; a heading without a label starts a top-level section."""
    if cls is None:
        return []
    classes = [c for _, c, _ in stack]
    if cls in classes:
        return stack[: classes.index(cls)]
    keep = len(stack)
    while keep and (stack[keep - 1][1] is None or CLASS_RANK[stack[keep - 1][1]] >= CLASS_RANK[cls]):
        keep -= 1
        if stack[keep][1] is None:  # an unlabeled top-level section holds what follows it
            keep += 1
            break
    return stack[:keep]


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def deepest_open(el: etree._Element) -> etree._Element:
    while len(el) and el[-1].tag == "section":
        el = el[-1]
    return el


def make_block(para: Para, kind: tuple) -> etree._Element:
    s = para.text
    if kind[0] == "runin":
        _, label, end = kind
        p = etree.Element("p")
        runin = etree.SubElement(p, "runin", label=label)
        inline.fill(runin, s, len(label) if s.startswith(label) else 0, end)
        inline.fill(p, s, end)
        return p
    if kind[0] == "point":
        _, point_kind, marker = kind
        point = etree.Element("point", kind=point_kind, marker=marker)
        end = first_sentence_end(s, len(marker))
        if point_kind != "item":
            if end is None or end >= len(s):
                inline.fill(etree.SubElement(point, "lead"), s)
                return point
            inline.fill(etree.SubElement(point, "lead"), s, 0, end)
            inline.fill(point, s, end)
            return point
        inline.fill(point, s)
        return point
    return inline.fill(etree.Element("p"), s)


# --------------------------------------------------------------- metadata --

ISSUER_SUFFIX = r"(?:人民政府|政府|国务院|國務院|委员会|委員會|办公厅|辦公廳|办公室|辦公室|厅|廳|局|部|院|署|会|會)"


def infer_title(paras: list[Para]) -> str | None:
    """A speech's opening names its genre: 向大会作政府工作报告 / 提出关于…的报告."""
    for para in paras[:4]:
        s = para.text
        m = re.search(r"(?:提出|作|做)(关于[^，。；！]{2,40}?的报告|關於[^，。；！]{2,40}?的報告|[^，。；！\s]{2,10}[报報]告)", s)
        if m:
            return m.group(1)
        if re.search(rf"代表[^，。]{{0,12}}{ISSUER_SUFFIX}.{{0,4}}向[^，。]{{0,10}}[报報]告[^，。]{{0,10}}工作", s) and re.search(
            r"(政府|国务院|國務院)", s
        ):
            return "政府工作報告" if "報" in s else "政府工作报告"
    return None


def find_issuer(title: str, dropped: list[str], paras: list[Para]) -> str | None:
    for line in dropped:
        value = boilerplate.infobox_value(line, ("發布單位", "发布单位", "發文單位", "发文单位", "發文機關", "发文机关"))
        if value:
            return value
    m = re.match(rf"^(\S{{2,20}}?{ISSUER_SUFFIX})(关于|關於)", title)
    if m:
        return m.group(1)
    for para in paras[:4]:
        m = re.search(rf"我代表([^，。,、\s]{{2,16}}?{ISSUER_SUFFIX})[，,]?向", para.text)
        if m:
            return m.group(1)
    return None


def find_date(dateline: str, dropped: list[str]) -> tuple[str, str] | None:
    m = re.search(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日", dateline)
    if m:
        y, mo, d = m.groups()
        return f"{y}-{int(mo):02d}-{int(d):02d}", m.group(0)
    for line in dropped:
        value = boilerplate.infobox_value(line, ("發布時間", "发布时间", "發布日期", "发布日期", "頒布時間", "颁布时间"))
        if value:
            m = re.search(r"([0-9]{4})\s*年(?:\s*([0-9]{1,2})\s*月)?(?:\s*([0-9]{1,2})\s*日)?", value)
            if m:
                return "-".join([m.group(1)] + [f"{int(x):02d}" for x in m.groups()[1:] if x]), m.group(0)
    for line in dropped:  # an encyclopedia lead: 《…》是2021年…發布的報告
        m = re.search(r"》是([0-9]{4})年", line)
        if m:
            return m.group(1), m.group(1) + "年"
    return None


def find_place(issuer: str, dateline: str) -> str | None:
    m = re.match(r"^(\S{2,8}?(?:省|自治区|自治區|特别行政区|特別行政區|市))", issuer)
    if m:
        return m.group(1)
    m = re.search(r"在(北京|上海|天津|重庆|重慶)", dateline)
    return m.group(1) if m else None


# ---------------------------------------------------------------- helpers --

def record_transforms(report: etree._Element, transforms: list[tuple[str, str]]) -> None:
    parent = report.find("meta/transforms")
    for name, detail in transforms:
        etree.SubElement(parent, "transform", name=name, detail=detail)
