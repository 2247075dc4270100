"""The walk of the model every writer (and the typesetter, convert.typeset.blocks) shares:
one method per element kind, as docutils' NodeVisitor.

A writer subclasses ``Translator`` and defines ``visit_<kind>`` for each block kind of
``convert.model.tree.BLOCK_KINDS`` (``appendix-heading`` as ``visit_appendix_heading``).
A kind without a method is an error, never a silent drop. ``enter_section`` and
``leave_section`` mark the parts of the reading order (``tree.Section``: the title page,
the opening, each section, each appendix); ``self.sections`` holds the open ones.

Inline content is walked by ``inline_events`` (or ``inline_runs``, its flat form), the
one place that knows the inline elements.
"""
from __future__ import annotations

from typing import Iterator

from lxml import etree

from convert.model import tree
from convert.model.tree import Block, Section

TEXT, START, END = "text", "start", "end"
INLINE_ELEMENTS = tree.ELEMENTS["inline"]


class MissingVisitor(NotImplementedError):
    pass


class Translator:
    def __init__(self, report: etree._Element):
        self.report = report
        self.sections: list[Section] = []

    def walk(self) -> None:
        visitors: dict[str, object] = {}
        for event, item in tree.events(self.report):
            if event is tree.BLOCK:
                method = visitors.get(item.kind)
                if method is None:
                    name = "visit_" + item.kind.replace("-", "_")
                    method = visitors[item.kind] = getattr(self, name, None)
                    if method is None:
                        raise MissingVisitor(f"{type(self).__name__} has no {name}")
                method(item)
            elif event is tree.ENTER:
                self.sections.append(item)
                self.enter_section(item)
            else:
                self.leave_section(item)
                self.sections.pop()

    def enter_section(self, section: Section) -> None:
        """A part begins; its blocks follow. Nothing by default."""

    def leave_section(self, section: Section) -> None:
        """A part ends. Nothing by default."""


def inline_events(el: etree._Element) -> Iterator[tuple[str, object]]:
    """The inline content of a block in order: (TEXT, str), (START, element), (END, element).
    A run-in heading's label is text at the start of its runin element. Comments and
    processing instructions show nothing (their tails do). An element that is not
    inline content is an error, not a silent drop."""
    if el.text:
        yield TEXT, el.text
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            if tag not in INLINE_ELEMENTS:
                raise MissingVisitor(f"no writer renders the inline element <{tag}> (inside <{el.tag}>)")
            yield START, child
            if tag == "runin" and child.get("label"):
                yield TEXT, child.get("label")
            yield from inline_events(child)
            yield END, child
        if child.tail:
            yield TEXT, child.tail


def inline_runs(el: etree._Element) -> list[tuple[str, tuple[str, ...]]]:
    """Inline content as (text, marks) runs; marks are the enclosing inline tags
    (cite, q, lead, runin) from outermost to innermost."""
    runs: list[tuple[str, tuple[str, ...]]] = []
    marks: tuple[str, ...] = ()
    for event, item in inline_events(el):
        if event is TEXT:
            runs.append((item, marks))
        elif event is START:
            marks = marks + (item.tag,)
        else:
            marks = marks[:-1]
    return runs


__all__ = ["Block", "END", "MissingVisitor", "START", "Section", "TEXT", "Translator", "inline_events",
           "inline_runs"]
