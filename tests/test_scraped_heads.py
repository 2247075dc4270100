"""Text copied off any site (issue 25, points 3 and 6): the head of the document read from among
the site's lines, and order kept — the input's text is the model's text in document order, with
what the reader dropped at its place. Hand-made fixtures for each rule, and the property over the
text fixtures and the scraped corpus (../shared/corpus/scraped)."""
from __future__ import annotations

import os
import unicodedata

import pytest
from conftest import CORPUS, ROOT

from convert.model import tree
from convert.options import Options
from convert.readers import text as text_reader
from convert.readers.decode import decode

SCRAPED = ROOT.parent / "shared" / "corpus" / "scraped"
# the model's head: blocks whose place the model does not record (meta and front are fixed slots)
HEAD_KINDS = ("title", "subtitle", "docnumber", "summary", "dateline", "speaker")


def read(source: str):
    return text_reader.parse(source.encode("utf-8"), options=Options())


def letters(text: str) -> str:
    """Letters and digits only: the punctuation transform and the line joins change the rest."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch)[0] in "LN")


def kept_text(source: str, report) -> str:
    """The source without what <dropped> holds, each dropped text taken out of its own line."""
    lines = source.split("\n")
    for line in report.iterfind("dropped/line"):
        n = int(line.get("n")) - 1
        assert line.text in lines[n], (line.text, lines[n])
        lines[n] = lines[n].replace(line.text, "", 1)
    return "".join(lines)


def order_kept(source: str, report) -> str | None:
    """None if the model's text, in document order, is the source's: the body and everything after
    it exactly, and before it the head's pieces (each one run of the source: a title keeps its lines
    together and in order), in whatever order the source printed them. Else what went wrong."""
    found = list(tree.blocks(report))
    head = [letters(b.text) for b in found if b.kind in HEAD_KINDS]
    if report.find("meta/title").get("origin") != "text":
        head = head[1:]  # a title that the text does not print
    rest = letters("".join(b.text for b in found if b.kind not in HEAD_KINDS))
    kept = letters(kept_text(source, report))
    if not kept.endswith(rest):
        at = next(i for i, (a, b) in enumerate(zip(reversed(kept), reversed(rest))) if a != b)
        return f"the body differs from the source near …{kept[len(kept) - at - 20:len(kept) - at + 20]}…"
    before = kept[:len(kept) - len(rest)]

    def tiles(at: int, pieces: list[str]) -> bool:
        if not pieces:
            return at == len(before)
        return any(before.startswith(p, at) and tiles(at + len(p), pieces[:i] + pieces[i + 1:])
                   for i, p in enumerate(pieces))

    if not tiles(0, [p for p in head if p]):
        return f"the head {head} is not the source's head {before!r} in pieces"
    return None


def source_of(path) -> str:
    from convert.transforms import cleanup

    text, _ = decode(path.read_bytes(), None)
    return cleanup.normalize_newlines(text)


def scraped_inputs():
    if not SCRAPED.is_dir():
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"{SCRAPED} is missing; CI has shared/ beside the clone", pytrace=False)
        pytest.skip(f"{SCRAPED} is missing")
    return sorted(SCRAPED.glob("*.txt"))


# ------------------------------------------------------------ order is sacred --

THREE_LINE_TITLE = (
    "国务院关于同意青禾、东川、西岭\n\n高新技术产业开发区建设\n\n国家自主创新示范区的批复\n\n国函〔2018〕120号\n\n"
    "某某省人民政府：\n\n你省关于建设国家自主创新示范区的请示收悉。现批复如下：\n\n一、同意建设。\n\n国务院\n\n2018年5月3日\n"
)


def test_a_title_split_by_blank_lines_into_three_is_one_title_in_order():
    report = read(THREE_LINE_TITLE)
    title = report.find("meta/title")
    assert tree.text_of(title).replace("\n", "") == "国务院关于同意青禾、东川、西岭高新技术产业开发区建设国家自主创新示范区的批复"
    assert report.find("front/speaker") is None
    assert report.findtext("meta/docnumber") == "国函〔2018〕120号"
    assert order_kept(THREE_LINE_TITLE, report) is None


def test_a_line_after_a_complete_title_and_a_blank_is_not_drawn_into_it():
    source = "国务院关于同意青禾高新区建设的批复\n\n国家自主创新示范区建设工作\n\n国函〔2018〕120号\n\n某某省人民政府：\n\n你省的请示收悉。\n"
    report = read(source)
    assert tree.text_of(report.find("meta/title")) == "国务院关于同意青禾高新区建设的批复"
    assert order_kept(source, report) is None


def test_the_order_checker_sees_a_moved_line():
    """The property's own check fails when a line is out of place (so that it can fail)."""
    report = read("青禾市人民政府关于加强管理的通知\n\n各区人民政府：\n\n第一段。\n\n第二段。\n")
    assert order_kept("青禾市人民政府关于加强管理的通知\n\n各区人民政府：\n\n第二段。\n\n第一段。\n", report)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_text_fixtures_keep_their_order(path):
    source = source_of(path)
    assert order_kept(source, text_reader.read(path)) is None


def test_the_scraped_corpus_keeps_its_order():
    failures = {}
    for path in scraped_inputs():
        problem = order_kept(source_of(path), text_reader.read(path))
        if problem:
            failures[path.name] = problem
    assert not failures
