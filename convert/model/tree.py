"""Build, validate, walk and serialize the report model (lxml).

The model knows nothing about output formats. Every document that enters or
leaves this module is checked against ``report.rng``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from lxml import etree

SCHEMA_PATH = Path(__file__).with_name("report.rng")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = ("zh-Hant", "zh-Hans")


class ModelError(ValueError):
    """The model is not valid against the schema."""


@lru_cache(maxsize=1)
def schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA_PATH)))


def validate(report: etree._Element) -> etree._Element:
    rng = schema()
    if not rng.validate(report):
        err = rng.error_log.last_error
        raise ModelError(f"line {err.line}: {err.message}" if err else "invalid model")
    return report


def new_report(lang: str) -> etree._Element:
    """An empty report skeleton; the caller fills meta and body, then validates."""
    report = etree.Element("report", version="1")
    report.set(XML_LANG, lang)
    return report


def lang_of(report: etree._Element) -> str:
    return report.get(XML_LANG)


def set_lang(report: etree._Element, lang: str) -> None:
    report.set(XML_LANG, lang)


# Elements whose children are elements only; whitespace inside them carries no text.
CONTAINERS = frozenset({"report", "meta", "front", "body", "section", "appendix", "dropped", "transforms"})


def normalize_space(report: etree._Element) -> etree._Element:
    """Drop whitespace-only text between block elements (as left by indentation)."""
    for el in report.iter(*CONTAINERS):
        if el.text is not None and not el.text.strip():
            el.text = None
        for child in el:
            if child.tail is not None and not child.tail.strip():
                child.tail = None
    return report


def _indent(el: etree._Element, depth: int = 0) -> None:
    """Indent block structure for human editing; mixed content is left untouched."""
    if el.tag not in CONTAINERS or len(el) == 0:
        return
    pad = "\n" + "  " * (depth + 1)
    el.text = pad
    for child in el:
        _indent(child, depth + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * depth


def to_bytes(report: etree._Element) -> bytes:
    validate(report)
    copy = normalize_space(etree.fromstring(etree.tostring(report)))
    _indent(copy)
    return etree.tostring(copy, xml_declaration=True, encoding="UTF-8") + b"\n"


def write(report: etree._Element, path: Path) -> None:
    from convert.outputs import atomic_output

    data = to_bytes(report)
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)


# ---------------------------------------------------------------- reading --

def text_of(el: etree._Element) -> str:
    """All text inside an element, marks included, in document order."""
    return "".join(el.itertext())


def meta_text(report: etree._Element, name: str) -> str | None:
    el = report.find(f"meta/{name}")
    return None if el is None else el.text


@dataclass(frozen=True)
class Block:
    """One rendered block in reading order: what every writer must show."""

    kind: str  # title subtitle docnumber summary dateline speaker addressee heading appendix-heading p point
    element: etree._Element
    level: int  # section level for headings; 0 otherwise
    label: str  # heading/run-in label, '' if none

    @property
    def label_text(self) -> str:
        """A heading's label as shown before its text, with the space it needs:
        none after 一、 or （一）, an ideographic space after 第一章, a space after 附件1."""
        label = self.label
        if not label or self.kind not in ("heading", "appendix-heading"):
            return ""
        if label[-1].isascii() and label[-1].isalnum():
            return label + " "
        return label + "\u3000" if label[-1].isalnum() else label

    @property
    def text(self) -> str:
        """The text a reader sees: label followed by the content."""
        if self.kind in ("heading", "appendix-heading"):
            return self.label_text + text_of(self.element)
        if self.kind == "p":
            runin = self.element.find("runin")
            prefix = runin.get("label", "") if runin is not None else ""
            return prefix + text_of(self.element)
        return text_of(self.element)


FRONT_KINDS = ("summary", "dateline", "speaker", "addressee")


def blocks(report: etree._Element) -> Iterator[Block]:
    """Walk the model in reading order. The `dropped` part is never visited."""
    yield Block("title", report.find("meta/title"), 0, "")
    for kind in ("subtitle", "docnumber"):
        el = report.find(f"meta/{kind}")
        if el is not None:
            yield Block(kind, el, 0, "")
    front = report.find("front")
    if front is not None:
        for kind in FRONT_KINDS:  # fixed order, whatever the order in the file
            el = front.find(kind)
            if el is not None:
                yield Block(kind, el, 0, "")
    yield from _container(report.find("body"))
    for appendix in report.iterfind("appendix"):
        heading = appendix.find("heading")
        if heading is not None:
            yield Block("appendix-heading", heading, 1, appendix.get("label", ""))
        yield from _container(appendix)


def _container(parent: etree._Element) -> Iterator[Block]:
    for child in parent:
        if child.tag == "p":
            runin = child.find("runin")
            yield Block("p", child, 0, runin.get("label", "") if runin is not None else "")
        elif child.tag == "point":
            yield Block("point", child, 0, "")
        elif child.tag == "section":
            yield Block("heading", child.find("heading"), int(child.get("level")), child.get("label", ""))
            yield from _container(child)


def plain_text(report: etree._Element) -> str:
    """The model's visible text, one block a line: the reference for fidelity checks."""
    return "\n".join(b.text for b in blocks(report))
