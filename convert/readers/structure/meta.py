"""The report's head and metadata: which head line is the title, dateline,
subtitle, speaker or document number, and the title, issuer, date and place
inferred when the head does not give them."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from convert.readers import boilerplate
from convert.readers.structure.classify import Para
from convert.readers.structure.marks import DATELINE, DOCNUMBER, SENTENCE_PUNCT_END

ISSUER_SUFFIX = r"(?:人民政府|政府|国务院|國務院|委员会|委員會|办公厅|辦公廳|办公室|辦公室|厅|廳|局|部|院|署|会|會)"


def head_field(texts: list[str], title: str | None, head: dict[str, str]) -> tuple[str, str] | None:
    """(field, value) of a group of head lines, given the title and head fields found
    before it: docnumber, dateline, title, subtitle or speaker; None if the group is
    none of these (a paragraph: the body starts here)."""
    joined = "".join(texts)
    if DOCNUMBER.search(joined) and len(joined) <= 40:
        return "docnumber", joined
    if "dateline" not in head and DATELINE.match(joined) and title:
        return "dateline", joined
    if title is None and len(joined) <= 80 and not SENTENCE_PUNCT_END.search(joined):
        return "title", joined
    if title and "subtitle" not in head and joined.startswith(("——", "--")) and "dateline" not in head:
        return "subtitle", joined.lstrip("—-")
    if title and "speaker" not in head and len(joined) <= 30 and not boilerplate.SENTENCE_PUNCT.search(joined):
        # 国务院总理 / 　李克强: keep the space the source put between position and name
        return "speaker", "　".join(texts)
    return None


def fill_meta(meta: etree._Element, title: str | None, title_origin: str, head: dict[str, str],
              dropped_text: list[str], paras: list[Para], source: str) -> None:
    """Fill <meta>: what the head gave, else what the body and the dropped lines show."""
    if not title:
        title, title_origin = infer_title(paras), "inferred"
    if not title:
        title, title_origin = Path(source).stem, "file"
    etree.SubElement(meta, "title", origin=title_origin).text = title
    if "subtitle" in head:
        etree.SubElement(meta, "subtitle").text = head["subtitle"]
    issuer = find_issuer(title, dropped_text, paras)
    if issuer:
        etree.SubElement(meta, "issuer").text = issuer
    date = find_date(head.get("dateline", ""), dropped_text)
    if date:
        etree.SubElement(meta, "date", when=date[0]).text = date[1]
    place = find_place(issuer or "", head.get("dateline", ""))
    if place:
        etree.SubElement(meta, "place").text = place
    if "docnumber" in head:
        etree.SubElement(meta, "docnumber").text = head["docnumber"]
    urls = [t.strip() for t in dropped_text if t.strip().startswith(("http://", "https://"))]
    etree.SubElement(meta, "source").text = urls[0] if urls else source
    etree.SubElement(meta, "transforms")


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
    """(ISO date, as written) from the dateline, else from an infobox or an encyclopedia lead."""
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
