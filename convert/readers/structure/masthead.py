"""The 版头 (GB/T 9704-2012 7.2) as a source prints it above the title, and the default 版头
of a document whose metadata names its issuer and 发文字号. One set of rules for every reader:
the text reader asks `head_field` of each line before the title, and a page's or a DOCX's head
paragraphs (text boxes and WordArt included) are read as those lines.

- 000123 alone on a line: 份号 (7.2.1); 秘密★1年 / 机密 / 绝密★长期: 密级和保密期限 (7.2.2);
  特急 / 加急: 紧急程度 (7.2.3); 签发人：张三　李四: 签发人 (7.2.6), names split at spaces, 、 and ，
  (a 上行文 prints it on the 文号's line: 国办发〔2018〕1号　　签发人：张三);
- 某某市人民政府文件: the 发文机关标志 (7.2.4), one organ per name of a joint document
  (国家发展改革委　财政部文件); not a title that ends so (关于印发…文件的通知);
- 某某省人民政府令 then 第12号: a 命令's mark and 令号 (10.2); the mark line is the 令's title too
  (a 令 has no other), the 令号 counts only right under it.
Each is whole on its line: a six-digit number or 秘密 inside a sentence is text.
"""
from __future__ import annotations

import re

from lxml import etree

from convert.model import masthead as model_masthead
from convert.readers import boilerplate
from convert.readers.structure.marks import DOCNUMBER, INDENT, ORGAN_SUFFIX

COPY_LINE = re.compile(r"[0-9]{6}")
SIGNER_LINE = re.compile(r"(?P<docnumber>.*?)[ \u3000]*(?P<label>签发人|簽發人)[ \u3000]*[：:][ \u3000]*(?P<names>\S.*)")
ORGAN = re.compile(rf"(?!.*(?:关于|關於|的))[^\s，。：:、]{{2,30}}?{ORGAN_SUFFIX}")
BANNER = re.compile(r"(?P<organs>.+?)[ \u3000]*文[ \u3000]*件")
# 某某省人民政府令 / 中华人民共和国国务院令 / 国家发展和改革委员会令: an organ's name, then 令
ORDER_MARK = re.compile(rf"(?P<organ>(?!.*(?:关于|關於|的))[^\s，。：:、《》]{{2,30}}?(?:{ORGAN_SUFFIX}|主席))[ \u3000]*令")
# 第12号, maybe in brackets as some pages print it: （第12号）
_NUMBER = r"第[ \u3000]*[0-9０-９一二三四五六七八九十百千零〇]{1,8}[ \u3000]*[号號]"
ORDER_NUMBER = re.compile(rf"{_NUMBER}|[（(]{_NUMBER}[）)]")
MAX_SIGNERS = 40  # characters of names: longer is a sentence


def head_field(line: str) -> tuple[str, object] | None:
    """(field, value) of a head line that is a field of the 版头: copy, secrecy, urgency (str),
    signers (a (docnumber or "", names) pair), mark (the organs); None for any other line."""
    s = line.strip(INDENT)
    if COPY_LINE.fullmatch(s):
        return "copy", s
    if model_masthead.SECRECY.fullmatch(s):
        return "secrecy", s
    if s in model_masthead.URGENCIES:
        return "urgency", s
    m = SIGNER_LINE.fullmatch(s)
    if m and (not m.group("docnumber") or DOCNUMBER.search(m.group("docnumber"))) and len(m.group("names")) <= MAX_SIGNERS:
        names = model_masthead.split_names(m.group("names"))
        if names and not re.search(r"[。；！？，,]$", m.group("names")):
            return "signers", (m.group("docnumber"), names)
    organs = banner_organs(s)
    if organs:
        return "mark", organs
    m = ORDER_MARK.fullmatch(s)
    if m:
        return "order-mark", [m.group("organ")]
    return None


def order_number(line: str) -> str | None:
    """第12号 alone on its line: a 令号 (asked only of the line under a 命令's mark)."""
    s = line.strip(INDENT)
    return s if ORDER_NUMBER.fullmatch(s) else None


def banner_organs(s: str) -> list[str] | None:
    """The organs of a 版头 line (某某市人民政府文件; 国家发展改革委　财政部文件), or None."""
    m = BANNER.fullmatch(s)
    if not m or boilerplate.head_reason(re.sub(r"[ \u3000]+", "", s), None) != "banner":
        return None
    parts = [part for part in re.split(r"[ \u3000、]+", m.group("organs")) if part]
    if len(parts) > 1 and all(ORGAN.fullmatch(part) for part in parts):
        return parts  # a joint document's organs, the host first
    return ["".join(parts)]  # one name, maybe spaced out (国 务 院)


def fill(meta: etree._Element, fields: dict, title: str | None) -> None:
    """meta/masthead from the 版头's lines the reader found (`fields`: head_field's values by
    field); else, when the metadata names an issuer and a 发文字号, the default 版头 (通用, or
    纪要 for a title that ends so). Called when the rest of <meta> is final."""
    if meta.find("masthead") is not None:
        return
    has = {name: meta.find(name) is not None for name in ("issuer", "docnumber")}
    if not fields and not (has["issuer"] and has["docnumber"]):
        return  # nothing names a 版头: no 文号 (a government work report), or no issuer
    report = meta.getparent()
    form = "minutes" if (title or "").replace("\n", "").endswith("纪要") else "general"
    if "order-mark" in fields:
        form = "order"
    model_masthead.masthead_element(report, form)
    for name in ("copy", "secrecy", "urgency"):
        if name in fields:
            model_masthead.set_masthead_text(report, name, [fields[name]])
    if "mark" in fields:
        model_masthead.set_mark(report, fields["mark"], "文件")
    elif "order-mark" in fields:
        model_masthead.set_mark(report, fields["order-mark"], "令")
        if "order" in fields:
            model_masthead.set_masthead_text(report, "order", [fields["order"]])
        if meta.find("issuer") is None:
            model_masthead.set_meta_text(report, "issuer", fields["order-mark"])
    if "signers" in fields:
        model_masthead.set_masthead_text(report, "signer", fields["signers"])


# 纪要 (GB/T 9704 10.3): 出席：… 请假：… 列席：… after the body, each its line
ATTENDANCE = re.compile(r"(?P<label>(?P<kind>出[ \u3000]*席|请[ \u3000]*假|請[ \u3000]*假|列[ \u3000]*席)(?:人员|人員)?[ \u3000]*[：:])")
ATTENDANCE_KINDS = {"出席": "present", "请假": "leave", "請假": "leave", "列席": "observer"}


def is_minutes(report: etree._Element) -> bool:
    """A 纪要: its title ends in 纪要, or its 版头's form is minutes."""
    title = "".join(report.find("meta/title").itertext()).strip()
    form = report.find("meta/masthead")
    return title.endswith(("纪要", "紀要")) or form is not None and form.get("form") == "minutes"


def take_attendance(report: etree._Element) -> None:
    """A 纪要's 出席, 请假 and 列席 lines, the last paragraphs of its body, become its
    <attendance> (label as written); any other document's stay paragraphs."""
    if not is_minutes(report) or report.find("attendance") is not None:
        return
    container = report.find("body")
    while len(container) and container[-1].tag == "section":
        container = container[-1]  # the last paragraphs of the body are in its last section
    found = []
    for p in reversed(container):
        m = ATTENDANCE.match(p.text or "") if p.tag == "p" and p.find("runin") is None else None
        if m is None or len(p.text) == m.end():
            break
        found.insert(0, (p, m))
    if not found or len(found) == len(report.find("body")):
        return  # none, or the body would be empty
    at = next((k + 1 for k, el in enumerate(report) if el.tag in ("body", "attachments")), len(report))
    for p, m in found:
        element = etree.Element("attendance", kind=ATTENDANCE_KINDS[re.sub(r"[ \u3000]", "", m.group("kind"))],
                                label=m.group("label"))
        element.text = p.text[m.end():].lstrip(" \u3000")
        for child in p:
            element.append(child)  # cite, q with their tails
        container.remove(p)
        report.insert(at, element)
        at += 1
