"""The names our DOCX gives its parts, which the DOCX writer writes and the DOCX reader reads back.

A paragraph style per model block kind, the character styles of inline roles, and the
namespace of the custom XML part that stores the model. Data only (no python-docx), so that
convert.readers.docx_own knows our DOCX without importing the writer.
"""
from __future__ import annotations

from dataclasses import dataclass

# The custom XML part holding the model this DOCX was rendered from (convert.readers.docx_own reads it
# back for what a DOCX does not show); Word and LibreOffice keep custom XML parts when saving.
MODEL_NAMESPACE = "urn:report-convert:model"


@dataclass(frozen=True)
class ParagraphStyle:
    name: str
    role: str                 # a [roles.*] table of the style file
    outline: int | None = None
    keep_next: bool = False
    page_break_before: bool = False
    # Space above and below, as a key of the style file giving blank grid lines ("closing.blank_lines_before").
    lines_before: str | None = None
    lines_after: str | None = None
    # No space between consecutive paragraphs of the style (w:contextualSpacing): a list's items,
    # the issuers of a joint signature, keep the blank line above the first one only.
    contextual: bool = False
    cell: bool = False        # text in a table cell: its own line pitch, off the page's line grid
    align: str | None = None  # instead of the role's alignment
    picture: bool = False     # holds an inline picture: single spacing, which the line grid rounds up to whole lines


# Block kind -> paragraph style. Headings get outline levels for the navigation pane.
BODY = ParagraphStyle("Body", "body")
PARAGRAPH_STYLES = {
    "title": ParagraphStyle("Title", "title"),
    "subtitle": ParagraphStyle("Subtitle", "subtitle"),
    "docnumber": ParagraphStyle("Document Number", "docnumber"),
    "summary": ParagraphStyle("Summary", "summary"),
    "dateline": ParagraphStyle("Dateline", "front"),
    "speaker": ParagraphStyle("Speaker", "front"),
    "addressee": ParagraphStyle("Addressee", "addressee"),
    "heading1": ParagraphStyle("Heading 1", "heading1", 1, keep_next=True),
    "heading2": ParagraphStyle("Heading 2", "heading2", 2, keep_next=True),
    "heading3": ParagraphStyle("Heading 3", "heading3", 3, keep_next=True),
    "heading4": ParagraphStyle("Heading 4", "heading4", 4, keep_next=True),
    "p": BODY,
    "point": BODY,
    "article": BODY,
    # GB/T 9704 7.3.4: 附件说明, a blank line under the body, 2 characters in.
    "attachments": ParagraphStyle("Attachment List", "attachments", lines_before="attachments.blank_lines_before",
                                  contextual=True),
    # 7.3.5: the closing. The signature is centred over the date (its indent is set per closing,
    # from the date's length); a blank line above it; the date 4 characters in from the right.
    "signature": ParagraphStyle("Signature", "signature", keep_next=True, lines_before="closing.blank_lines_before",
                                contextual=True, align="center"),
    "closing-date": ParagraphStyle("Date", "closing_date"),
    "note": ParagraphStyle("Note", "note"),
    # 7.3.6 (7.5): an attached document starts a new page, with its label at the top left
    # (黑体 三号) and its title centred in the title's style.
    "appendix-label": ParagraphStyle("Appendix Label", "appendix_label", keep_next=True, page_break_before=True,
                                     lines_after="appendix.blank_lines_after_label"),
    "appendix-title": ParagraphStyle("Appendix Title", "appendix_title", 1, keep_next=True,
                                     lines_after="appendix.blank_lines_after_title"),
    "caption": ParagraphStyle("Caption", "caption", keep_next=True),
    # A figure: the inline picture, centred (or a missing image's placeholder), kept with its caption.
    "figure": ParagraphStyle("Figure", "figure", keep_next=True, align="center", picture=True),
    "table": ParagraphStyle("Table Text", "table", cell=True),
    "table-header": ParagraphStyle("Table Header", "table_header", cell=True),
    "table-number": ParagraphStyle("Table Number", "table", cell=True, align="right"),  # a numeric column
    # 7.4: the 版记, 四号, one character in from left and right.
    "imprint": ParagraphStyle("Imprint", "imprint"),
    # The 版头 (GB/T 9704 7.2, clause 10), written only for a document that draws one: 份号, 密级,
    # 紧急程度 at the top left; the issuer mark (red, its size fitted); the 令号; the 发文字号 line
    # (with 签发人 on it for an upward document; the red rule its bottom border); further 签发人 lines.
    "masthead-field": ParagraphStyle("Masthead Field", "masthead_field"),
    "mark": ParagraphStyle("Issuer Mark", "mark"),
    "masthead-order": ParagraphStyle("Order Number", "docnumber"),
    "masthead-docnumber": ParagraphStyle("Masthead Number", "docnumber"),
    "signer": ParagraphStyle("Signer", "docnumber", align="right"),  # 签发人： in 仿宋, the names in Signer Name
    # A 纪要's 出席 / 请假 / 列席 (10.3): a blank line under the body, 2 characters in, the names
    # aligned after the label's colon.
    "attendance": ParagraphStyle("Attendance", "body", lines_before="attachments.blank_lines_before",
                                 contextual=True, align="left"),
    # End notes after the body (注释, 资料来源): the lead on its own line, kept with its first note.
    "notes-label": ParagraphStyle("Notes Label", "notes_label", keep_next=True),
    "notes": ParagraphStyle("Notes", "notes"),
}
# The styles that exist only in a DOCX whose model has end notes.
NOTES_KINDS = frozenset({"notes-label", "notes"})
# The styles that exist only in a DOCX that draws a 版头 (a document without one has no red and no mark).
MASTHEAD_KINDS = frozenset({"masthead-field", "mark", "masthead-order", "masthead-docnumber", "signer"})
LEAD_STYLE = "Lead"                 # the lead sentence of an enumerated point
CITE_STYLE = "Document Title"       # 《…》
RUNIN_STYLE = "Run-in Heading"      # （一）指导思想。 opening a paragraph
ARTICLE_STYLE = "Article Label"     # 第一条 opening an article
SIGNER_NAME_STYLE = "Signer Name"   # the names after 签发人： (楷体)
ATTENDANCE_LABEL_STYLE = "Attendance Label"  # 出席： before a 纪要's list (黑体)
