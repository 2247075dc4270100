"""An HTML page → what a reader of it sees: the article, the page's metadata table, the chrome.

Every rule is general (no site's class names or ids):
- Decoding: the charset the page declares (<meta charset>, http-equiv, <?xml encoding?>)
  is checked against the bytes (`decode.decode_declared`).
- What is never shown goes first: scripts, styles, frames, objects, form controls, comments,
  elements hidden by `display: none`, `visibility: hidden` or `hidden`.
- The metadata table (label/value cells, `htmlmeta`) is read and taken out.
- The article is found as readability does it (Arc90's algorithm, also in readability-lxml
  and Firefox's reader view): every block with enough text of its own scores itself, its
  parent and, by half, its grandparent, by its commas and length; a score is scaled down by
  the share of link text; blocks whose class or id name page parts (comment, share, footer,
  sidebar, banner, breadcrumbs) do not count. The best block is the article, with those
  of its siblings that score near it. Measured against readability-lxml and trafilatura
  in bench/html_extraction.py; the reason to keep the rules here is that the reader needs
  the page's own tree (styles, <br>, spans of cells), which both libraries rewrite. A block
  scores its own text too, so a wrapper is passed over for its one child that scores nearly
  all it does (the article set as lines parted by <br>; the wrapper adds the date line, the
  editor's name, the comment box).
- A headline just before the article (an <h1>–<h3> near it, outside it) is its title line;
  without one, a short block there that the page's <title> holds as most of it.
- Everything else with text is chrome: it goes to the model's `dropped` part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from convert.errors import InputError
from convert.readers import boilerplate, htmlmeta
from convert.readers.decode import decode_declared
from convert.readers.structure import ending

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody "
    "thead tfoot tr td th caption ul".split())
# never shown as text (an <img> is kept: it becomes a figure)
INVISIBLE_TAGS = frozenset(
    "script style noscript template iframe frame frameset object embed applet canvas svg math audio video "
    "source track map area button input select option optgroup textarea datalist head title meta link base "
    "param dialog".split())
HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)
# page parts by the words of their class or id (Readability's list, with the parts of
# Chinese sites: share bars, QR codes, print and font-size tools)
UNLIKELY = re.compile(
    r"comment|reply|replies|disqus|community|remark|sidebar|side-bar|sponsor|advert|banner|breadcrumb|crumbs|"
    r"footer|foot|header|masthead|menu|navbar|pagination|pager|popup|share|social|related|recommend|rss|"
    r"skyscraper|shoutbox|tool|print|qrcode|erweima|copyright|friendlink|login|search", re.I)
UNLIKELY_WORDS = frozenset({"ad", "ads", "nav", "qr", "ewm", "top", "bottom", "gg"})
MAYBE = re.compile(r"article|body|column|content|main|text|detail|zoom|entry|post|story|shadow", re.I)
UNLIKELY_TAGS = frozenset({"nav", "aside", "footer"})
# readability's weights for the kind of block that holds the text
TAG_BONUS = {"div": 5, "article": 8, "main": 8, "section": 3, "td": 3, "pre": 3, "blockquote": 3, "center": 3,
             "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
             "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5}
MIN_PARAGRAPH = 10  # characters of a block's own text before it counts as a paragraph
MAX_LINK_SHARE = 0.5  # a block whose text is more links than this is a menu, not a paragraph
COMMAS = re.compile(r"[，。、；,;]")
MIN_ARTICLE = 10  # characters of text the article must have
MIN_TABLE_ROWS = 3  # rows of a table that is an article by itself
DESCRIBED = 16  # characters of the page's summary a paragraph must open with to be the article's first
DESCRIBED_SHARE = 0.25  # of the best block's score, the described block's at least
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SHORT_ARTICLE = 100  # characters: an article found this short loses to a table of rows outside it
TABLE_SHARE = 2  # … when the table holds this many times its text
CONTAINER_TAGS = frozenset({"div", "section", "article", "main"})
DOMINANT_SHARE = 0.85  # a child with this share of the best block's score holds the article (dominant_child)
SIBLING_SHARE = 0.2  # a sibling that scores this share of the best block is article too
HEADLINE_TAGS = ("h1", "h2", "h3")
MINOR_HEADLINE_TAGS = ("h4", "h5", "h6")
HEADLINE_LEVELS = 3  # ancestors of the article a headline may sit in
MAX_HEADLINE = 80
MAX_BADGE = 4  # characters of a badge before a headline (原创, 独家, 置顶)
MIN_TITLED = 8  # characters of a title line found by the page's title alone (titled_line)
DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
XML_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
NON_SPACE = re.compile(r"\S")
# an end tag of the page that libxml2 takes as the page's end, whatever follows it
PAGE_END = re.compile(r"</(?:html|body)\s*>", re.I)
NOTHING_MORE = re.compile(r"(?:\s|<!--.*?-->|</(?:html|body)\s*>)*\Z", re.I | re.S)


@dataclass
class Page:
    root: etree._Element
    content: list[etree._Element]  # the article's blocks, in document order
    known: dict  # what the metadata table says, as build_report's `known`
    chrome: list[tuple[int, str, str]] = field(default_factory=list)  # (source line, reason, text)
    headline: etree._Element | None = None  # the article's title line, outside it
    page_title: str | None = None  # the text of <title>
    titles: list[str] = field(default_factory=list)  # the page's <meta> titles, then <title>
    encoding: str = "utf-8"


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in its first bytes, as a browser's prescan reads it."""
    head = raw[:4096]
    m = XML_DECLARED.match(head) or DECLARED.search(head)
    return m.group(1).decode("ascii") if m else None


def parse_tree(raw: bytes, encoding: str | None = None) -> tuple[etree._Element, str]:
    """The page's element tree (lxml.html; no network, no comments) and how it was decoded."""
    text, how = decode_declared(raw, declared_charset(raw), encoding)
    text = XML_DECLARATION.sub("", text, count=1)  # lxml refuses a str that declares its own encoding
    if not text.strip():
        raise InputError("empty page")
    if _ends_early(text):
        # a browser (an HTML5 parser) reads on past a stray </html> or </body>; libxml2 stops
        from selectolax.lexbor import LexborHTMLParser  # here: importing it costs more than most pages' reading

        text = LexborHTMLParser(text).html or ""
    root, parser = _lxml_tree(text)
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:  # libxml2 stopped reading: the rest of the page would be lost
        what = "elements nested more than 256 deep" if "depth" in fatal[0].message else fatal[0].message
        raise InputError(f"the page cannot be read whole: {what} (line {fatal[0].line})")
    return root, how


def _lxml_tree(text: str) -> tuple[etree._Element, lxml.html.HTMLParser]:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser), parser
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"not an HTML page: {exc}") from None


def _ends_early(text: str) -> bool:
    """Does the page go on after an </html> or </body> (a CMS template's stray end tag)?
    libxml2 drops what follows; lexbor, as browsers do, keeps it. Only then is the page
    parsed twice: lxml keeps the source lines the model's dropped part is numbered by."""
    first = PAGE_END.search(text)  # what follows the first is all that matters: once, linear
    return first is not None and not NOTHING_MORE.match(text, first.end())


def read(raw: bytes, encoding: str | None = None) -> Page:
    """The page of `raw` (`encoding`: the user's, over the page's own); InputError when it
    cannot be decoded or shows no article text."""
    root, how = parse_tree(raw, encoding)
    page_title = _title_of(root)
    titles = htmlmeta.meta_titles(root) + ([page_title] if page_title else [])
    description = htmlmeta.meta_description(root)
    had_script = any(True for _ in root.iter("script"))
    remove_invisible(root)
    known, tables = htmlmeta.find(root)
    chrome = [(source_line(t), "metadata", htmlmeta.table_text(t)) for t in tables]
    for table in tables:
        table.drop_tree()
    content = main_content(root, description)
    if not content:
        if not NON_SPACE.search(root.text_content()) and had_script:
            raise InputError("no article text: the page is scripts only (its text would be made by JavaScript)")
        raise InputError("no article text in the page")
    content += closing_after_table(content[-1])
    page = Page(root, content, known, [c for c in chrome if c[2]], page_title=page_title, encoding=how)
    page.titles = titles
    page.headline = headline(root, content, titles)
    if page.headline is not None:
        page.chrome += strip_badge(page.headline, titles)
    page.chrome += chrome_outside(root, content, page.headline)
    return page


def _title_of(root: etree._Element) -> str | None:
    title = root.find(".//title")
    text = htmlmeta.one_line(title) if title is not None else ""
    return text or None


def source_line(el: etree._Element) -> int:
    return max(1, el.sourceline or 1)


def remove_invisible(root: etree._Element) -> None:
    """Take out what a browser does not show as text."""
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)  # a comment or processing instruction the parser kept
        elif el.tag in INVISIBLE_TAGS or is_hidden(el):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # lxml.html: the element and its content go, the text after it stays


def is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or (el.get("type") or "").lower() == "hidden":
        return True
    style = el.get("style")
    return bool(style and HIDDEN_STYLE.search(style))


def is_unlikely(el: etree._Element) -> bool:
    """A page part by its tag or by the words of its class and id (not an article-ish name)."""
    if el.tag in UNLIKELY_TAGS:
        return True
    if el.tag == "header" and not any(a.tag in ("article", "main") for a in el.iterancestors()):
        return True
    names = f"{el.get('class', '')} {el.get('id', '')}".strip()
    if not names or el.tag in ("html", "body"):
        return False
    if MAYBE.search(names):
        return False
    words = {w.lower() for w in re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])", names) if w}
    return bool(UNLIKELY.search(names) or words & UNLIKELY_WORDS)


def own_texts(root: etree._Element) -> dict[etree._Element, str]:
    """Every block's own text: its text and its inline elements', not its nested blocks'."""
    found: dict[etree._Element, list[str]] = {}
    stack: list[list[str]] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            if el.tag in BLOCK_TAGS or not stack:
                found[el] = []
                stack.append(found[el])
            else:
                stack.append(stack[-1])
            if el.text:
                stack[-1].append(el.text)
            elif el.tag == "br":
                stack[-1].append(" ")
        else:
            stack.pop()
            if el.tail and stack:
                stack[-1].append(el.tail)
    return {el: "".join(parts) for el, parts in found.items()}


def count(text: str) -> int:
    """Characters that are not white space."""
    return len("".join(text.split()))


def unlikely_subtrees(root: etree._Element) -> set[etree._Element]:
    """Elements inside a page part (is_unlikely), the part included."""
    inside: set[etree._Element] = set()
    for el in root.iter():
        if el in inside or not isinstance(el.tag, str):
            continue
        if is_unlikely(el):
            inside.update(el.iter())
    return inside


def link_density(el: etree._Element) -> float:
    total = count(el.text_content())
    if not total:
        return 0.0
    return sum(count(a.text_content()) for a in el.iter("a")) / total


def main_content(root: etree._Element, description: str | None = None) -> list[etree._Element]:
    """The article's blocks (see the module docstring), or [] when the page has no article text.
    `description`: the page's own summary, evidence of where its article is (described_best)."""
    texts = own_texts(root)
    skipped = unlikely_subtrees(root)
    scores: dict[etree._Element, float] = {}

    def add(el, score):
        if el is None or not isinstance(el.tag, str):
            return
        if el not in scores:
            scores[el] = TAG_BONUS.get(el.tag, 0)
        scores[el] += score

    for el, text in texts.items():
        n = count(text)
        if n < MIN_PARAGRAPH or el in skipped or link_density(el) > MAX_LINK_SHARE or is_disclaimer(text):
            continue  # too short, a page part, a row of links (a menu), the site's disclaimer
        score = 1 + len(COMMAS.findall(text)) + min(n / 100, 3)
        parent = el.getparent()
        add(el, score)
        add(parent, score)
        add(parent.getparent() if parent is not None else None, score / 2)
    if not scores:
        return table_article(root, skipped)
    depth = {el: sum(1 for _ in el.iterancestors()) for el in scores}
    final = {el: s * (1 - link_density(el)) for el, s in scores.items()}
    best = max(final, key=lambda el: (final[el], depth[el]))
    if final[best] <= 0:
        return []
    best = described_best(best, final, texts, description)
    best = dominant_child(best, final, texts)
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(10.0, final[best] * SIBLING_SHARE)
    content = []
    for sibling in parent:
        if sibling is best or (isinstance(sibling.tag, str) and sibling not in skipped
                               and sibling_belongs(sibling, final, texts, threshold)):
            content.append(sibling)
    found = sum(count(el.text_content()) - count_links(el) for el in content)
    if found < MIN_ARTICLE:
        return table_article(root, skipped)
    if found < SHORT_ARTICLE:
        # a 名单 page's closing (某某局 / 2024年5月9日) may be its only block that scores: a table of
        # rows outside it, with more text, is the article, the closing after it (closing_after_table)
        table = table_article(root, skipped)
        inside = {el for block in content for el in block.iter()}
        if table and table[0] not in inside and count(table[0].text_content()) > TABLE_SHARE * found:
            return table
    return content


def described_best(best: etree._Element, final: dict[etree._Element, float], texts: dict[etree._Element, str],
                   description: str | None) -> etree._Element:
    """The page's own summary (its <meta> description) opens its article: when the best block
    holds no paragraph that starts as the summary does and another scored block does, that
    block is the article (a comment box or a live feed of longer paragraphs can outscore a
    short article)."""
    key = htmlmeta.folded_title(description or "")[:DESCRIBED]
    if len(key) < DESCRIBED:
        return best
    opening = [el for el, text in texts.items()
               if el.tag not in HEADING_TAGS and htmlmeta.folded_title(text).startswith(key)]  # a summary, not the title
    related = set(best.iter()) | set(best.iterancestors())
    if not opening or any(el in related for el in opening):
        return best  # the summary's paragraph is in the best block, or holds it
    around = set(best.iterancestors())  # a block holding the best one too holds what outscored the article
    candidates = [a for el in opening for a in [el, *el.iterancestors()]
                  if a not in around and final.get(a, 0) >= DESCRIBED_SHARE * final[best]]
    return max(candidates, key=lambda el: final[el], default=best)


def dominant_child(best: etree._Element, final: dict[etree._Element, float],
                   texts: dict[etree._Element, str]) -> etree._Element:
    """The block that holds the article's text inside the best one: a block scores its own text
    as well as its parent's, so a wrapper whose one child has all the text (an article set as
    one block of lines parted by <br>) outscores it by the date line, the editor's name and the
    comment box around it. A container child that scores nearly as much as its parent is the
    article; never when a sibling set like it holds text too (the paragraphs of one article,
    one of them long), and never a paragraph itself (its sibling paragraphs would be lost)."""
    while True:
        child = max((c for c in best if c in final), key=lambda c: final[c], default=None)
        if child is None or child.tag not in CONTAINER_TAGS or final[child] < DOMINANT_SHARE * final[best]:
            return best
        if any(c is not child and c.tag == child.tag and c.get("class") == child.get("class")
               and count(texts.get(c, "")) >= MIN_PARAGRAPH for c in best):
            return best
        best = child


def is_disclaimer(text: str) -> bool:
    """【免责声明】本文仅代表作者…: the site's text under every article, however long, is no
    paragraph of the article (a short article would lose to it)."""
    return bool(boilerplate.DISCLAIMER.match(text.strip()))


def table_article(root: etree._Element, skipped: set[etree._Element]) -> list[etree._Element]:
    """A page whose article is a table (a 名单 or 公示: a title, a short sentence, the table)
    has no paragraph that scores: its largest table of rows, with the block that holds it
    (the sentence), is the article. Only where no paragraph scores: a page of text keeps
    readability's choice."""
    found = [t for t in root.iter("table") if t not in skipped and t.find(".//table") is None
             and sum(1 for _ in t.iter("tr")) >= MIN_TABLE_ROWS and link_density(t) <= MAX_LINK_SHARE
             and count(t.text_content()) >= MIN_ARTICLE]
    if not found:
        return []
    table = max(found, key=lambda t: count(t.text_content()))
    parent = table.getparent()
    while parent is not None and parent.tag in ("tbody", "thead", "tfoot"):
        parent = parent.getparent()
    return [parent] if parent is not None and parent.tag not in ("body", "html") else [table]


def closing_after_table(last: etree._Element) -> list[etree._Element]:
    """A 名单 or 公示 page sets its issuer and date after the table, outside the table's block
    (…</table></div><p>某某局</p><p>2024年5月9日</p>): the blocks right after an article that
    ends in a table, when they read as a closing (ending.closing_at: a date, an issuer's name
    over it), are the document's, not the page's. One level up when the block is the last
    of its parent."""
    if not _ends_in_table(last):
        return []
    for block in (last, last.getparent()):
        if block is None or block.tag in ("body", "html"):
            return []
        after = [el for el in block.itersiblings() if isinstance(el.tag, str) and count(el.text_content())]
        if not after:
            continue
        texts = [htmlmeta.one_line(el) for el in after[:ending.MAX_ISSUERS + 2]]
        found = ending.closing_at(texts, 0)
        return after[:found[1]] if found else []
    return []


def _ends_in_table(block: etree._Element) -> bool:
    """Is the last text of `block` in a table's cell?"""
    last = None
    for el in block.iter():
        if not isinstance(el.tag, str):
            continue
        if (el.text or "").strip():
            last = el
        if el is not block and (el.tail or "").strip():
            last = el.getparent()
    return last is not None and (last.tag in ("td", "th") or any(a.tag in ("td", "th") for a in last.iterancestors()))


def count_links(el: etree._Element) -> int:
    return sum(count(a.text_content()) for a in el.iter("a"))


def sibling_belongs(sibling, final, texts, threshold) -> bool:
    """Readability's rule for a sibling of the best block: it scores near it, or it is a
    paragraph of real text (long with few links, or a sentence without any)."""
    if final.get(sibling, 0) >= threshold:
        return True
    if sibling.tag != "p":
        return False
    text = texts.get(sibling, "")
    n, density = count(text), link_density(sibling)
    return (n > 80 and density < 0.25) or (0 < n <= 80 and density == 0 and bool(re.search(r"[。！？.!?]\s*$", text)))


def headline(root: etree._Element, content: list[etree._Element], titles: list[str] = ()) -> etree._Element | None:
    """An <h1>–<h3> just before the article, outside it, within a few ancestors of it: the
    title line a site sets apart from the text (the site's own name in a logo is far above);
    without one, a short block there that the page's title holds (titled_line)."""
    first = content[0]
    ancestor = first
    for _ in range(HEADLINE_LEVELS):
        if ancestor.getparent() is None:
            break
        ancestor = ancestor.getparent()
    found = _last_heading(ancestor, first, HEADLINE_TAGS, 1)
    if found is None:
        found = titled_line(ancestor, first, titles)
    if found is None:  # a minor heading set as the headline (<h5>…</h5> over the article), not a short label
        found = _last_heading(ancestor, first, MINOR_HEADLINE_TAGS, MIN_TITLED)
    if found is None and not _opens_with_title(first, titles):
        found = titled_line(root, first, titles, exact=True)
    return found


def _last_heading(ancestor: etree._Element, first: etree._Element, tags: tuple[str, ...],
                  shortest: int) -> etree._Element | None:
    """The last heading of `tags` before the article within `ancestor`, not a link, of
    `shortest` to MAX_HEADLINE characters."""
    found = None
    around = set(first.iterancestors())
    # one walk in document order, up to the article: a heading before it that does not hold it
    for el in ancestor.iter(*tags, first.tag):
        if el is first:
            break
        if el.tag in tags and el not in around:
            text = htmlmeta.one_line(el)
            if shortest <= len(text) <= MAX_HEADLINE and not any(a.tag == "a" for a in el.iter()) and \
                    not any(a.tag == "a" for a in el.iterancestors()):
                found = el
    return found


def strip_badge(line: etree._Element, titles: list[str]) -> list[tuple[int, str, str]]:
    """A badge a site sets before a headline in an element of its own (<span>原创</span>, 独家,
    置顶): taken out when the page's title agrees with the headline without it and not with it.
    An issuer's name set apart (<span>国务院</span>关于…) ends as an organ's and is no badge."""
    badge = next((c for c in line if isinstance(c.tag, str)), None)
    if badge is None or badge.tag in BLOCK_TAGS or (line.text or "").strip() or badge.find(".//*") is not None:
        return []
    text = htmlmeta.one_line(badge)
    whole = htmlmeta.one_line(line)
    if not 0 < count(text) <= MAX_BADGE or ending.ISSUER_END.search(text):
        return []
    rest = (badge.tail or "") + "".join(htmlmeta.SPACES.sub(" ", c.text_content()) + (c.tail or "")
                                        for c in badge.itersiblings() if isinstance(c.tag, str))
    if htmlmeta.agreeing_line([whole], titles) is not None or htmlmeta.agreeing_line([rest.strip()], titles) is None:
        return []
    badge.drop_tree()  # its tail, the headline, stays
    return [(source_line(line), "page-chrome", text)]


def _opens_with_title(first: etree._Element, titles: list[str]) -> bool:
    """Does the article's first text agree with the page's title (its own title line)?"""
    text = next((t for t in first.itertext() if t.strip()), "")
    return htmlmeta.agreeing_line([htmlmeta.SPACES.sub(" ", text).strip()], titles) is not None


def titled_line(ancestor: etree._Element, first: etree._Element, titles: list[str],
                exact: bool = False) -> etree._Element | None:
    """The last block before the article, within `ancestor`, that the page's title holds as the
    most of it (明日股市预测--<the line>, <the line>_某某网): a title line set as a <div>; `exact`:
    only a line the page's title agrees with (htmlmeta.agreeing_line), the search being the
    whole page above the article (a page header's title line). One walk in document order up
    to the article."""
    wanted = [htmlmeta.folded_title(t) for t in titles]
    cuts = {htmlmeta.folded_title(cut) for t in titles for cut in htmlmeta.title_cuts(t)}
    around = set(first.iterancestors())
    found = None
    for el in ancestor.iter():
        if el is first:
            break
        if el in around or not isinstance(el.tag, str) or el.tag not in BLOCK_TAGS or el.tag in ("table", "tr"):
            continue
        if any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el):
            continue  # a line is a block without blocks inside
        text = htmlmeta.one_line(el)
        folded = htmlmeta.folded_title(text)
        if MIN_TITLED > len(folded) or len(text) > MAX_HEADLINE or el.find(".//a") is not None:
            continue
        if folded in cuts if exact else any(folded in w and len(folded) * 2 >= len(w) for w in wanted):
            found = el
    return found


def chrome_outside(root: etree._Element, content: list[etree._Element],
                   headline_el: etree._Element | None) -> list[tuple[int, str, str]]:
    """The text of every block outside the article (and its headline): (line, "page-chrome", text)."""
    inside: set[etree._Element] = set()
    for el in content + ([headline_el] if headline_el is not None else []):
        inside.update(el.iter())
    by_line: dict[int, list[str]] = {}  # one dropped line per source line, its blocks in order
    for el, text in own_texts(root).items():
        if el in inside:
            continue
        text = htmlmeta.SPACES.sub(" ", text).strip()
        if text:
            by_line.setdefault(source_line(el), []).append(text)
    return [(n, "page-chrome", " ".join(texts)) for n, texts in by_line.items()]
