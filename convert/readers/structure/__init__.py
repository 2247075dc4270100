"""The structure every reader shares: from paragraphs (with what the source
format adds, in `Hints`) to headings, run-ins, points, articles, tables, sections,
the document's ending and its attached documents.

    marks     label patterns and the helpers that read them
    classify  Para → Heading | RunIn | Point | Appendix | Article | Paragraph
    tables    rows of cells that line up → <table>
    ending    attachment list, closing block (signature, date, note), imprint
    notes     the end notes after a body (a bulletin's 注释, 资料来源)
    nest      the section stack: classified paragraphs → sections, articles, tables
    document  the main document, its ending, attached documents, imprint → `Document`
    meta      head lines, and the title, issuer, date and place inferred
    layout    what a source's layout shows of the head: a label above a centred title, centred title lines
    captions  表N above a table, 图N under a figure → their <caption>, for every reader

Dates are read by convert.model.dates, which the writers share.
"""
from convert.readers.structure.classify import (
    Appendix, Article, Classifier, Heading, Hints, Kind, Para, Paragraph, Point, RunIn, is_addressee, is_body_start,
)
from convert.readers.structure.document import Document, build

__all__ = [
    "Appendix", "Article", "Classifier", "Document", "Heading", "Hints", "Kind", "Para", "Paragraph", "Point",
    "RunIn", "build", "is_addressee", "is_body_start",
]
