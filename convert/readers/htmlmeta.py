"""A page's metadata table → the model's metadata (title, docnumber, issuer, dates, keywords).

Government sites publish a document with a catalogue record beside it, as label/value cells:
索引号 / 主题分类 / 发文机关 / 成文日期 / 标题 / 发文字号 / 发布日期 / 主题词 on gov.cn, and the
same fields under other names elsewhere (the 政府信息公开 catalogue: 名称, 文号, 发布机构,
生成日期). A table is such a record when at least two of its cells are labels this module
knows, or when every cell with text is a label or a label's value. A label is a cell ending
in a colon (its spaces do not count: 标　　题：), or a cell that opens with one (文号：国发〔2019〕1号).
The record is never article text: the reader takes the tables out of the page.
"""
from __future__ import annotations

import re
import unicodedata

from lxml import etree

# label (spaces removed, colon off) → the model's field; the names in use for each field
FIELDS = {
    "title": ("标题", "名称", "文件名称", "信息名称", "题名", "标題", "名稱"),
    "docnumber": ("发文字号", "文号", "文件编号", "发文编号", "發文字號", "文號"),
    "issuer": ("发文机关", "发布机构", "发文单位", "发布单位", "制发机关", "发文机构", "发布机关", "發文機關", "發布機構"),
    "date": ("成文日期", "生成日期", "印发日期", "发文日期", "签发日期", "成文時間"),
    "published": ("发布日期", "公开日期", "发布时间", "公開日期", "發布日期"),
    "identifier": ("索引号", "索引號"),
    "keyword": ("主题分类", "主题词", "信息分类", "关键词", "关键字", "主題分類", "主題詞", "關鍵詞"),
}
LABELS = {label: field for field, labels in FIELDS.items() for label in labels}
SPACES = re.compile(r"[\s\u3000\u00a0]+")
# a label cell: a few words and a colon, alone
LABEL_CELL = re.compile(r"^([^\s:：，。；]{2,10})[：:]$")
# a cell that holds its label and its value: 文号：国发〔2019〕1号
LABELLED_CELL = re.compile(r"^([^\s:：，。；]{2,10})[：:](.+)$")
MIN_KNOWN = 2  # known labels that make a table a metadata table by themselves
# 主题词: words set apart by spaces (several keywords in one cell)
KEYWORD_SEPARATORS = re.compile(r"[\s\u3000\u00a0;；,，]+")
SINGLE_VALUED = ("title", "docnumber", "issuer", "date", "published", "identifier")


def one_line(el: etree._Element) -> str:
    """An element's text on one line: its runs of white space one space each."""
    return SPACES.sub(" ", el.text_content()).strip()


def table_text(table: etree._Element) -> str:
    """The record as one line: its cells' text, set apart by spaces."""
    return " ".join(t for row in own_cells(table) for t in map(one_line, row) if t)


def own_cells(table: etree._Element) -> list[list[etree._Element]]:
    """The rows of `table` as lists of its own cells (not those of a table nested in it)."""
    rows = []
    for tr in table.iter("tr"):
        if _nearest_table(tr) is table:
            rows.append([c for c in tr if c.tag in ("td", "th")])
    return rows


def _nearest_table(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def pairs_of(table: etree._Element) -> tuple[list[tuple[str, str]], bool]:
    """The (label, value) pairs of a table's cells, and whether every cell with text is a
    label or a value."""
    pairs: list[tuple[str, str]] = []
    only_pairs = True
    for row in own_cells(table):
        texts = [one_line(c) for c in row]
        k = 0
        while k < len(texts):
            squeezed = SPACES.sub("", texts[k])
            m = LABEL_CELL.match(squeezed)
            if m:
                following = texts[k + 1] if k + 1 < len(texts) else None
                value = following if following and not LABEL_CELL.match(SPACES.sub("", following)) else ""
                pairs.append((m.group(1), value))
                k += 2 if value or following == "" else 1  # the value, or the empty cell where it would be
                continue
            m = LABELLED_CELL.match(texts[k])
            if m and SPACES.sub("", m.group(1)) in LABELS:
                pairs.append((SPACES.sub("", m.group(1)), m.group(2).strip()))
            elif texts[k]:
                only_pairs = False
            k += 1
    return pairs, only_pairs


def is_metadata(pairs: list[tuple[str, str]], only_pairs: bool) -> bool:
    known = sum(label in LABELS for label, _ in pairs)
    return known >= MIN_KNOWN or (known >= 1 and only_pairs)


def find(root: etree._Element) -> tuple[dict, list[etree._Element]]:
    """The metadata the page's label/value tables give (build_report's `known`), and the
    tables. The innermost tables are looked at: a layout table around one is not it."""
    known: dict = {}
    tables = []
    for table in root.iter("table"):
        if any(True for _ in table.iterdescendants("table")):
            continue
        pairs, only_pairs = pairs_of(table)
        if not is_metadata(pairs, only_pairs):
            continue
        tables.append(table)
        for label, value in pairs:
            field = LABELS.get(label)
            if field is None or not value:
                continue
            if field == "keyword":
                words = [value] if label in ("主题分类", "信息分类", "主題分類") else KEYWORD_SEPARATORS.split(value)
                known.setdefault("keyword", [])
                known["keyword"] += [w for w in words if w and w not in known["keyword"]]
            elif field in SINGLE_VALUED and field not in known:
                known[field] = value
    return known, tables


# ----------------------------------------------------- the page's title --
# What the page says its title is, outside the article: <meta name="ArticleTitle"> and the
# like, og:title, and <title>, which sites end with their name or a column's after a
# separator (…的批复_某某市人民政府, …-新华网, …|游民星空, … - 某某, …--某某官网, … 某某办事处).
# It is evidence for choosing among the article's own lines, never a line of its own.
TITLE_METAS = ("articletitle", "og:title", "title", "dc.title", "twitter:title")
TITLE_SEPARATOR = re.compile(r"\s*(?:_{1,2}|\||｜|-{1,2}|—{1,2}|–)\s*|\s+")
# a name a site or a column goes by: an organisation, a site, a channel (no sentence in it)
NAME_END = re.compile(r"(?:网|網|网站|網站|官网|门户|政府|办事处|辦事處|委员会|委員會|局|厅|廳|院|部|办|辦|处|處|"
                      r"中心|学会|協會|协会|大学|大學|学院|學院|频道|頻道|新闻|新聞|日报|日報|发布|發布|客户端|平台|"
                      r"[A-Za-z])$")
SENTENCE = re.compile(r"[，。；！？,;!?：:]")
QUOTES = re.compile(r"[\"'“”‘’「」『』]")
MIN_PAGE_TITLE = 4  # characters of a title cut out of <title>
MAX_NAME = 24  # characters of a site's or a column's name after the title


def meta_titles(root: etree._Element) -> list[str]:
    """The titles the page's <meta> elements give (ArticleTitle, og:title …), in that order."""
    found = {}
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        value = SPACES.sub(" ", el.get("content") or "").strip()
        if name in TITLE_METAS and value and name not in found:
            found[name] = value
    return [found[name] for name in TITLE_METAS if name in found]


DESCRIPTION_METAS = ("description", "og:description")


def meta_description(root: etree._Element) -> str | None:
    """The page's own summary (<meta name="description">, og:description), if it gives one."""
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        value = SPACES.sub(" ", el.get("content") or "").strip()
        if name in DESCRIPTION_METAS and value:
            return value
    return None


def folded_title(s: str) -> str:
    """A title as compared: compatibility forms folded, white space and quotes out."""
    return QUOTES.sub("", "".join(unicodedata.normalize("NFKC", s).split()))


def title_cuts(page_title: str) -> list[str]:
    """`page_title` and each of its beginnings that ends at a separator, longest first: the
    title a site's name or a column's may follow."""
    cuts = [page_title]
    for m in reversed(list(TITLE_SEPARATOR.finditer(page_title))):
        head = page_title[:m.start()].strip()
        if len(folded_title(head)) >= MIN_PAGE_TITLE:
            cuts.append(head)
    return cuts


def agreeing_line(texts: list[str], titles: list[str]) -> int | None:
    """The index of the first of `texts` that one of the page's `titles` agrees with: the
    same words, or the same words and then a site's or a column's name after a separator."""
    wanted = {folded_title(cut) for title in titles for cut in title_cuts(title)}
    for i, text in enumerate(texts):
        if len(folded_title(text)) >= MIN_PAGE_TITLE and folded_title(text) in wanted:
            return i
    return None


def page_title_text(titles: list[str]) -> str | None:
    """The document's title by the page's metadata alone (the article has no title line):
    the first of `titles` without the names after its separators."""
    title = titles[0]  # a <meta> title before <title>: it is the article's, the other the page's
    while True:
        cuts = list(TITLE_SEPARATOR.finditer(title))
        marked = [m for m in cuts if not m.group().isspace()]
        # the last separator that is a mark (_ | -); else a space, when a name ends the title
        last = marked[-1] if marked else cuts[-1] if cuts else None
        if last is None:
            return title
        head, tail = title[:last.start()].strip(), title[last.end():].strip()
        if len(folded_title(head)) < MIN_PAGE_TITLE or SENTENCE.search(tail) or len(tail) > MAX_NAME:
            return title
        if last.group().isspace() and not NAME_END.search(tail):
            return title  # words apart by a space: a name only when it ends as one
        title = head
