"""The punctuation convention a document is set in, recorded in its model (meta/punctuation).

GB/T 15834 and mainland practice put an opening mark against the right of its cell, closing
and pause marks against the left, and ，。、 at the foot; Taiwan's practice centres them (clreq
3.1.6). The convention follows the document, not its script: a mainland document in
Traditional characters (the sample) takes the mainland's. A document is Taiwan's when its
place or issuer names a place or an organ of Taiwan; every other one is the mainland's.
"""
from __future__ import annotations

from lxml import etree

# Taiwan's counties and cities, and the organs only Taiwan's government has
TAIWAN_NAMES = ("臺灣", "台灣", "臺北", "台北", "新北", "桃園", "臺中", "台中", "臺南", "台南", "高雄", "基隆", "新竹",
                "嘉義", "苗栗", "彰化", "南投", "雲林", "屏東", "宜蘭", "花蓮", "臺東", "台東", "澎湖", "金門", "連江",
                "行政院", "立法院", "司法院", "考試院", "監察院", "總統府")
CONVENTIONS = ("gb", "tw")


def convention_from_metadata(report: etree._Element) -> str:
    """tw for a document whose place or issuer is Taiwan's, else gb."""
    named = "".join(report.findtext(f"meta/{name}") or "" for name in ("place", "issuer"))
    return "tw" if any(name in named for name in TAIWAN_NAMES) else "gb"


def convention_of(report: etree._Element) -> str:
    """The model's recorded convention, or, in a model without one, the metadata's."""
    recorded = report.find("meta/punctuation")
    return recorded.get("convention") if recorded is not None else convention_from_metadata(report)


def record_convention(report: etree._Element) -> etree._Element:
    """Record the metadata's convention in a model that has none (a user's choice is kept)."""
    meta = report.find("meta")
    if meta.find("punctuation") is None:
        element = etree.Element("punctuation", convention=convention_from_metadata(report))
        meta.find("source").addprevious(element)
    return report
