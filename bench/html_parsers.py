"""HTML parsers side by side on the pages of the corpora: libxml2's (lxml.html, what the page
reader parses with), lexbor's (selectolax) and html5lib's, the last two being WHATWG HTML5
parsers, the way browsers parse.

For each page of tests/data/gov-cn and ../shared/corpus/web, decoded as the reader decodes it:
- ms/page: the median time of one parse (for selectolax also to an lxml tree, by its
  serialisation, which is how the reader uses it);
- same text: pages whose <body> text (white space out) equals lxml's;
- more text: pages where the parser keeps more of the page than lxml (lxml stopped early,
  at a stray </html> or </body>, say).
And a hand-made page with a stray </html> after its header: does the article survive?

Usage: python bench/html_parsers.py   (html5lib: `pip install html5lib`; it is not a dependency)
"""
from __future__ import annotations

import statistics
import warnings
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
from lxml import etree  # noqa: E402

from convert.readers.decode import decode_declared  # noqa: E402
from convert.readers.htmlpage import XML_DECLARATION, declared_charset  # noqa: E402

PAGES = sorted((ROOT / "tests" / "data" / "gov-cn").glob("*.html")) + \
    sorted((ROOT.parent / "shared" / "corpus" / "web").glob("*.html"))
STRAY = ("<html><head><title>关于某事的决议</title></head><body><div class='top'>某某网</div></body></html>"
         "<div class='content'><h1>关于某事的决议</h1><p>会议决定，批准某事。这是决议的正文，有足够的文字。</p></div>")
REPEAT = 5


def with_lxml(text: str):
    return lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(remove_comments=True, no_network=True))


def with_lexbor(text: str):
    from selectolax.lexbor import LexborHTMLParser
    return lxml.html.document_fromstring(LexborHTMLParser(text).html,
                                         parser=lxml.html.HTMLParser(remove_comments=True, no_network=True))


def with_html5lib(text: str):
    import html5lib
    return html5lib.parse(text, treebuilder="lxml", namespaceHTMLElements=False)


def body_text(root) -> str:
    body = root.find(".//body")
    return "".join((etree.tostring(body, method="text", encoding=str) if body is not None else "").split())


def main() -> int:
    warnings.simplefilter("ignore")  # html5lib warns of every name XML would not allow
    texts = []
    for path in PAGES:
        raw = path.read_bytes()
        text, _ = decode_declared(raw, declared_charset(raw), None)
        texts.append(XML_DECLARATION.sub("", text, count=1))
    parsers = {"lxml (libxml2)": with_lxml, "selectolax (lexbor)": with_lexbor, "html5lib": with_html5lib}
    reference = [body_text(with_lxml(t)) for t in texts]
    print(f"{len(texts)} pages (40 gov.cn, {len(texts) - 40} web), {REPEAT} parses each\n")
    print("| parser | ms/page (median) | total s | same text as lxml | more text | stray </html> page whole |")
    print("|---|---|---|---|---|---|")
    for name, parse in parsers.items():
        try:
            parse("<p>x</p>")
        except ImportError:
            print(f"| {name} | not installed | | | | |")
            continue
        times, same, more = [], 0, 0
        for text, ref in zip(texts, reference):
            best = None
            for _ in range(REPEAT):
                start = time.perf_counter()
                root = parse(text)
                elapsed = time.perf_counter() - start
                best = elapsed if best is None else min(best, elapsed)
            times.append(best)
            got = body_text(root)
            same += got == ref
            more += len(got) > len(ref)
        whole = "会议决定" in body_text(parse(STRAY))
        print(f"| {name} | {statistics.median(times) * 1000:.1f} | {sum(times):.2f} | {same}/{len(texts)} | {more} | "
              f"{'yes' if whole else 'no'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
