"""Main-content extraction on the 40 gov.cn pages and on the synthetic pages of other sites:
trafilatura, readability-lxml and lxml.html with this project's rules
(convert/readers/htmlpage.py), side by side.

For a gov.cn page the article's text is tests/govcn.paragraph_text (what the page shows in
#UCAP-CONTENT, read by the test helper, not by any extractor); for the other pages, the
NAME.article.txt written by hand beside them. Measured per extractor:
- kept: the share of the article's characters found in the extracted text, in order
  (difflib's matching blocks over the texts without whitespace, NFKC-folded);
- leaked: characters of the extracted text that are not the article's (chrome: the metadata
  table, buttons, the QR-code line), summed over the pages;
- chrome: pages whose extraction holds one of the pages' chrome strings (索引号, 扫一扫, 版权所有…)
  that the article does not;
- ms/page: the median time of one extraction, the page given as decoded text.

Usage: python bench/html_extraction.py   (needs `pip install -e '.[bench]'` for the two libraries)
"""
from __future__ import annotations

import difflib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import govcn  # noqa: E402
from conftest import fold  # noqa: E402

from convert.model import tree  # noqa: E402
from convert.readers import html, htmlpage  # noqa: E402
from convert.readers.decode import decode_declared  # noqa: E402

CHROME = ("索引号", "主题分类", "发文机关：", "扫一扫在手机打开当前页", "打印本页", "关闭窗口", "版权所有", "当前位置", "分享到",
          "相关文章", "首页")
RUNS = 3
OTHER_SITES = ROOT / "tests" / "data" / "html"


def ours(text: str) -> str:
    page = htmlpage.read(text.encode("utf-8"))
    shown = ([page.headline] if page.headline is not None else []) + page.content
    return "\n".join(el.text_content() for el in shown)


def ours_model(text: str) -> str:
    return tree.plain_text(html.parse(text.encode("utf-8"), "page.html"))


def extractors() -> dict:
    found = {"lxml.html + our rules": ours, "  (the whole reader, model text)": ours_model}
    try:
        import readability

        found["readability-lxml " + _version("readability-lxml")] = \
            lambda text: _text_of_html(readability.Document(text).summary(html_partial=True))
    except ImportError:
        found["readability-lxml (not installed)"] = None
    try:
        import trafilatura

        found["trafilatura " + _version("trafilatura")] = \
            lambda text: trafilatura.extract(text, include_tables=True, include_comments=False) or ""
    except ImportError:
        found["trafilatura (not installed)"] = None
    return found


def _version(name: str) -> str:
    from importlib.metadata import version
    return version(name)


def _text_of_html(fragment: str) -> str:
    import lxml.html
    return lxml.html.fromstring(fragment).text_content() if fragment.strip() else ""


def score(article: str, extracted: str) -> tuple[float, int]:
    a, b = fold(article), fold(extracted)
    matched = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / len(a), len(b) - matched


def article_cues(text: str) -> tuple[int, int]:
    """(elements styled bold or centred, table cells that span) in the page's #UCAP-CONTENT."""
    import lxml.html
    content = lxml.html.fromstring(text).get_element_by_id("UCAP-CONTENT")
    return _cues(content)


def _cues(root) -> tuple[int, int]:
    styled = spans = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        style = (el.get("style") or "").replace(" ", "").lower()
        styled += "font-weight:bold" in style or "text-align:center" in style
        spans += el.tag in ("td", "th", "cell") and any(int(el.get(a, "1") or 1) > 1 for a in ("rowspan", "colspan"))
    return styled, spans


def kept_cues(pages: dict) -> None:
    """How much of the page's own markup each library's output keeps: the reader's hints
    (bold, centring) and the tables' spans."""
    import lxml.html
    styled = spans = 0
    for text in pages.values():
        a, b = article_cues(text)
        styled, spans = styled + a, spans + b
    model_spans = sum(1 for text in pages.values() for cell in html.parse(text.encode(), "p.html").iter("cell")
                      if cell.get("rowspan") or cell.get("colspan"))
    print(f"\nThe gov.cn articles hold {styled} elements styled bold or centred and {spans} table cells that span.")
    print(f"- lxml.html + our rules: reads the page's own tree; the model's tables keep {model_spans} spans.")
    try:
        import readability
        out = [_cues(lxml.html.fromstring(readability.Document(t).summary(html_partial=True))) for t in pages.values()]
        print(f"- readability-lxml: its output keeps {sum(o[0] for o in out)} of the styles, {sum(o[1] for o in out)} "
              f"of the spans (it removes style attributes).")
    except ImportError:
        pass
    try:
        import trafilatura
        from lxml import etree
        out = [etree.fromstring(trafilatura.extract(t, output_format="xml", include_tables=True,
                                                    include_formatting=True).encode()) for t in pages.values()]
        bold = sum(1 for doc in out for el in doc.iter("hi") if el.get("rend") == "#b")
        print(f"- trafilatura: its XML marks {bold} bold runs (metadata labels among them), no centring, "
              f"{sum(_cues(doc)[1] for doc in out)} spans.")
    except ImportError:
        pass


def table(title: str, pages: dict[str, tuple[str, str]]) -> None:
    """One row per extractor over `pages` (name → (page text, article text))."""
    print(f"\n{title}\n")
    print("| extractor | kept (mean) | kept (worst page) | pages 100% | leaked chars | pages with chrome | ms/page |")
    print("|---|---|---|---|---|---|---|")
    for label, extract in extractors().items():
        if extract is None:
            print(f"| {label} | | | | | | |")
            continue
        kept, leaked, chrome, times = [], 0, 0, []
        for text, article in pages.values():
            best = float("inf")
            for _ in range(RUNS):
                start = time.perf_counter()
                out = extract(text)
                best = min(best, time.perf_counter() - start)
            times.append(best)
            share, extra = score(article, out)
            kept.append(share)
            leaked += extra
            chrome += any(s in out and s not in article for s in CHROME)
        print(f"| {label} | {statistics.mean(kept):.2%} | {min(kept):.2%} | {sum(k > 0.99999 for k in kept)} | "
              f"{leaked} | {chrome} | {statistics.median(times) * 1000:.1f} |")


def main() -> None:
    gov = {name: ((govcn.CORPUS / f"{name}.html").read_bytes().decode("utf-8"), govcn.paragraph_text(name))
           for name in govcn.NAMES}
    table(f"Main content of the {len(gov)} gov.cn pages (tests/data/gov-cn), against tests/govcn.paragraph_text", gov)
    kept_cues({name: page for name, (page, _) in gov.items()})
    others = {}
    for article in sorted(OTHER_SITES.glob("*.article.txt")):
        raw = article.with_name(article.name.replace(".article.txt", ".html")).read_bytes()
        text, _ = decode_declared(raw, htmlpage.declared_charset(raw))
        others[article.name] = (text, article.read_text(encoding="utf-8"))
    table(f"The {len(others)} synthetic pages of other sites (tests/data/html), against their NAME.article.txt", others)


if __name__ == "__main__":
    main()
