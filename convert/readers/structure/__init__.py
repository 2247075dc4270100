"""The structure every reader shares: from paragraphs (with what the source
format adds, in `Hints`) to headings, run-ins, points, appendices and sections.

    marks     label patterns and the helpers that read them
    classify  Para → Heading | RunIn | Point | Appendix | Paragraph
    nest      the section stack: classified paragraphs → <body> and <appendix>
    meta      head lines, and the title, issuer, date and place inferred
"""
from convert.readers.structure.classify import (
    Appendix, Classifier, Heading, Hints, Kind, Para, Paragraph, Point, RunIn, is_addressee, is_body_start,
)
from convert.readers.structure.nest import build

__all__ = [
    "Appendix", "Classifier", "Heading", "Hints", "Kind", "Para", "Paragraph", "Point", "RunIn",
    "build", "is_addressee", "is_body_start",
]
