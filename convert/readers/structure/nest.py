"""Nest classified paragraphs into the model's sections, articles and tables.

The builder keeps its own record of each open element's last child, because
asking lxml (`len(el)`, `el[-1]`) walks the children: per block that made
building quadratic in the length of a section.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from convert.model import inline
from convert.readers.structure import tables
from convert.readers.structure.classify import (
    Appendix, Article, Classifier, Heading, Kind, Para, Paragraph, Point, RunIn,
)
from convert.readers.structure.marks import CLASS_RANK, first_sentence_end

MAX_LEVEL = 4  # the model's section levels


@dataclass(eq=False)
class Container:
    """An element blocks go into (body, appendix, section), and the section
    appended to it last while that section is still its last child."""
    element: etree._Element
    last_section: Section | None = None

    def append(self, block: etree._Element) -> None:
        self.element.append(block)
        self.last_section = None

    def add_section(self, level: int, heading: Heading) -> Section:
        element = etree.SubElement(self.element, "section", level=str(level))
        if heading.label:
            element.set("label", heading.label)
        inline.fill(etree.SubElement(element, "heading"), heading.text)
        section = Section(element, level=level, label_class=heading.label_class, outline_level=heading.outline_level)
        self.last_section = section
        return section

    def deepest_open(self) -> Container:
        """Text after a subsection belongs to that subsection (headings nest what follows)."""
        container = self
        while container.last_section is not None:
            container = container.last_section
        return container


@dataclass(eq=False)
class Section(Container):
    level: int = 1
    label_class: str | None = None
    outline_level: int | None = None


def fill(element: etree._Element, paras: list[Para], classifier: Classifier | None = None) -> None:
    """Append the blocks and sections of `paras` to `element` (a body or an appendix):
    headings open sections, articles take the paragraphs up to the next article or
    heading, rows of cells that line up become tables."""
    classifier = classifier or Classifier()
    root = Container(element)
    stack: list[Section] = []  # the open sections, outermost first
    article: etree._Element | None = None  # the open article, which takes the blocks that follow
    found = tables.find_tables([p.text for p in paras])
    i = 0
    while i < len(paras):
        target = (stack[-1] if stack else root).deepest_open()
        if i in found:
            end, table = found[i]
            (article if article is not None else target).append(table)
            i = end
            continue
        para = paras[i]
        i += 1
        if para.block is not None:
            (article if article is not None else target).append(para.block)
            continue
        kind = classifier.classify(para)
        if isinstance(kind, Heading):
            article = None
            stack = open_sections_for(stack, kind)
            level = min(stack[-1].level + 1 if stack else 1, MAX_LEVEL)
            if len(stack) == MAX_LEVEL:  # deeper than the model's levels: a sibling at the last level
                stack.pop()
            parent = stack[-1] if stack else root
            stack.append(parent.add_section(level, kind))
            continue
        if isinstance(kind, Article):
            article = etree.Element("article", label=kind.label)
            inline.fill(etree.SubElement(article, "p"), para.text, kind.end)
            target.append(article)
            continue
        if isinstance(kind, Appendix):
            kind = Paragraph()  # a document's parts are split before: text, never lost
        (article if article is not None else target).append(make_block(para, kind))


def open_sections_for(stack: list[Section], heading: Heading) -> list[Section]:
    """The open sections a new heading goes under. A labelled heading closes its own
    class's open section (a sibling) and every section of a class ranked at or below
    it. A heading without a label starts a top-level section, unless the reader gave
    its outline level: then it goes under the innermost section of a higher level."""
    cls = heading.label_class
    if cls is None:
        if heading.outline_level is None:
            return []
        keep = len(stack)
        while keep and (stack[keep - 1].outline_level is None or stack[keep - 1].outline_level >= heading.outline_level):
            keep -= 1
        return stack[:keep]
    classes = [s.label_class for s in stack]
    if cls in classes:
        return stack[: classes.index(cls)]
    keep = len(stack)
    while keep and (stack[keep - 1].label_class is None or CLASS_RANK[stack[keep - 1].label_class] >= CLASS_RANK[cls]):
        keep -= 1
        if stack[keep].label_class is None:  # an unlabeled top-level section holds what follows it
            keep += 1
            break
    return stack[:keep]


def make_block(para: Para, kind: Kind) -> etree._Element:
    s = para.text
    if isinstance(kind, RunIn):
        p = etree.Element("p")
        runin = etree.SubElement(p, "runin", label=kind.label)
        inline.fill(runin, s, len(kind.label) if s.startswith(kind.label) else 0, kind.end)
        inline.fill(p, s, kind.end)
        return p
    if isinstance(kind, Point):
        point = etree.Element("point", kind=kind.kind, marker=kind.marker)
        if kind.kind != "item":
            end = first_sentence_end(s, len(kind.marker))
            if end is None or end >= len(s):
                inline.fill(etree.SubElement(point, "lead"), s)
                return point
            inline.fill(etree.SubElement(point, "lead"), s, 0, end)
            inline.fill(point, s, end)
            return point
        inline.fill(point, s)
        return point
    return inline.fill(etree.Element("p"), s)
