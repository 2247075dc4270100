"""The walk every writer shares: one method per element kind, as docutils' NodeVisitor.

A writer subclasses ``Translator`` and defines ``visit_<kind>`` for each block
kind of ``convert.model.blocks`` (title, subtitle, docnumber, summary, dateline, speaker,
addressee, heading, appendix-heading as ``appendix_heading``, p, point).
A kind without a method is an error, never a silent drop.
"""
from __future__ import annotations

from lxml import etree

from convert.model import blocks


class MissingVisitor(NotImplementedError):
    pass


class Translator:
    def __init__(self, report: etree._Element):
        self.report = report

    def walk(self) -> None:
        for block in blocks(self.report):
            method = getattr(self, "visit_" + block.kind.replace("-", "_"), None)
            if method is None:
                raise MissingVisitor(f"{type(self).__name__} has no visit_{block.kind.replace('-', '_')}")
            method(block)


def inline_runs(el: etree._Element, marks: tuple[str, ...] = ()) -> list[tuple[str, tuple[str, ...]]]:
    """Flatten inline content into (text, marks) runs; marks are the enclosing
    inline tags (cite, q, lead, runin) from outermost to innermost. A run-in
    heading's label comes first, inside the runin mark."""
    runs: list[tuple[str, tuple[str, ...]]] = []
    if el.text:
        runs.append((el.text, marks))
    for child in el:
        if child.tag == "runin" and child.get("label"):
            runs.append((child.get("label"), marks + ("runin",)))
        runs.extend(inline_runs(child, marks + (child.tag,)))
        if child.tail:
            runs.append((child.tail, marks))
    return runs
